//! Reads JSON lines `{"text": "...", "anchor": "YYYY-MM-DD"}` on stdin and
//! writes one JSON line per input: the value of the longest expression the
//! tagger finds in `text` (or null). Used by `scripts/dateparser_compare.py`
//! to score Marsad and dateparser on the same gold expressions.

use chrono::NaiveDate;
use marsad_time::TimeTagger;
use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tagger = TimeTagger::new()?;
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        let input: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        let text = input["text"].as_str().unwrap_or_default();
        let anchor = input["anchor"].as_str().and_then(|a| NaiveDate::parse_from_str(a, "%Y-%m-%d").ok());
        let (times, _) = tagger.tag(text, anchor);
        let best = times.iter().max_by_key(|t| t.range.len());
        let result = match best {
            Some(t) => {
                serde_json::json!({"value": t.value, "type": format!("{:?}", t.kind), "mod": t.modifier})
            }
            None => serde_json::Value::Null,
        };
        writeln!(out, "{result}")?;
    }
    Ok(())
}
