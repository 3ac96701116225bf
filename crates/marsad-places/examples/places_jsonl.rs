//! Runs only the place resolver over JSON lines and prints the places in the
//! shape of `marsad annotate --format json` (code-point offsets), so the
//! place evaluation and before/after reviews on the news corpus do not need
//! the whole pipeline:
//!
//! ```sh
//! cargo build --release -p marsad-places --example places_jsonl
//! target/release/examples/places_jsonl [--field text] [--limit N] < input.jsonl > pred.jsonl
//! cargo xtask eval-time-place --pred pred.jsonl --verbose
//! ```
//!
//! Each input line needs an `id` (ANT `docno` or SaudiNewsNet `url` are used
//! when `id` is absent) and the text in `--field` (default: `text`, falling
//! back to `content`). Lines of `marsad annotate --format json` output also
//! carry `entities` (code-point offsets): they are passed to the resolver as
//! the named-entity evidence it uses in the full pipeline.

use marsad_core::{Entity, EntityLabel, Origin, TextRange};
use marsad_places::{kind_name, PlaceResolver};
use std::io::{BufRead, Write};

/// The `entities` of an annotate output line, as byte ranges into `text`.
fn entities_of(value: &serde_json::Value, text: &str) -> Vec<Entity> {
    let Some(list) = value["entities"].as_array() else { return Vec::new() };
    // Code point offset -> byte offset.
    let bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    let byte = |v: &serde_json::Value| v.as_u64().and_then(|cp| bytes.get(cp as usize).copied());
    list.iter()
        .filter_map(|e| {
            let label = match e["label"].as_str()? {
                "PER" => EntityLabel::PER,
                "ORG" => EntityLabel::ORG,
                "LOC" => EntityLabel::LOC,
                _ => EntityLabel::MISC,
            };
            Some(Entity::new(
                TextRange::new(byte(&e["start"])?, byte(&e["end"])?),
                label,
                Origin::rule("input"),
            ))
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut field = "text".to_string();
    let mut limit = usize::MAX;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--field" => field = args.next().ok_or("--field needs a value")?,
            "--limit" => limit = args.next().ok_or("--limit needs a value")?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let resolver = PlaceResolver::embedded()?;
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines().take(limit) {
        let line = line?;
        let value: serde_json::Value = serde_json::from_str(&line)?;
        let id = ["id", "docno", "url"].iter().find_map(|k| value[k].as_str()).unwrap_or_default();
        let Some(text) = value[field.as_str()].as_str().or_else(|| value["content"].as_str()) else {
            continue;
        };
        let places: Vec<serde_json::Value> = resolver
            .resolve_with_entities(text, &entities_of(&value, text))
            .iter()
            .map(|p| {
                let (start, end) = (p.range.start(), p.range.end());
                serde_json::json!({
                    "start": text[..start].chars().count(),
                    "end": text[..end].chars().count(),
                    "text": &text[start..end],
                    "name": p.name,
                    "lat": p.lat,
                    "lon": p.lon,
                    "country": (!p.country.is_empty()).then_some(p.country.as_str()),
                    "kind": kind_name(p.kind),
                    "gazetteer_id": p.gazetteer_id,
                    "confidence": p.confidence,
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::json!({ "id": id, "times": [], "places": places }))?;
    }
    Ok(())
}
