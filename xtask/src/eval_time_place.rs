//! `cargo xtask eval-time-place`: scores time expressions and place mentions
//! against the hand-annotated set in `evals/time-place/gold.jsonl`.
//!
//! Usage: `cargo xtask eval-time-place [--gold FILE] [--pred FILE]
//! [--shared DIR] [--marsad BIN] [--verbose]`.
//!
//! Without `--pred` it writes the gold articles (id, date, text from
//! `../shared`) to `target/eval-time-place/input.jsonl`, runs
//! `target/release/marsad annotate --format json` on it, keeps the output in
//! `target/eval-time-place/pred.jsonl` and scores that. The gold set stores
//! only ids and offsets; the texts always come from `../shared`, and every
//! gold span is checked against them before scoring. Matching and counting
//! rules: `scoring` and `evals/time-place/README.md`.

mod records;
mod scoring;

use crate::corpus::{annotate_with_marsad, flag, news_texts, shared_dir, warn_altered_texts};
use anyhow::{bail, Context};
use records::{read_jsonl, GoldDoc, PredDoc};
use scoring::Evaluation;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Runs the evaluation and prints the report.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repo").to_path_buf();
    let gold_path =
        flag(args, "--gold").map(PathBuf::from).unwrap_or_else(|| root.join("evals/time-place/gold.jsonl"));
    let verbose = args.iter().any(|a| a == "--verbose" || a == "-v");
    let gold: Vec<GoldDoc> = read_jsonl(&gold_path)?;

    let (predictions, source) = match flag(args, "--pred") {
        Some(pred) => (read_jsonl::<PredDoc>(Path::new(pred))?, pred.to_string()),
        None => {
            let shared = shared_dir(args);
            let marsad = flag(args, "--marsad")
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join("target/release/marsad"));
            let work = root.join("target/eval-time-place");
            (run_marsad(&gold, &shared, &marsad, &work)?, marsad.display().to_string())
        }
    };

    let mut by_id: BTreeMap<&str, &PredDoc> = BTreeMap::new();
    for p in &predictions {
        by_id.entry(p.id.as_str()).or_insert(p);
    }
    let mut eval = Evaluation::default();
    for g in &gold {
        eval.add(g, by_id.get(g.id.as_str()).copied());
    }
    println!("eval-time-place: gold {} | predictions {source}", gold_path.display());
    print!("{}", eval.render(verbose));
    Ok(())
}

/// Builds the input file from `../shared`, checks the gold spans against the
/// texts, runs `marsad annotate` and parses its output.
fn run_marsad(gold: &[GoldDoc], shared: &Path, marsad: &Path, work: &Path) -> anyhow::Result<Vec<PredDoc>> {
    let texts = news_texts(shared)?;
    let mut input = String::new();
    for g in gold {
        let text = texts.get(&g.id).with_context(|| {
            format!("gold article {} ({}) is not in {}", g.id, g.corpus, shared.display())
        })?;
        check_spans(g, text)?;
        let line = serde_json::json!({ "id": g.id, "date": g.date, "text": text });
        input.push_str(&line.to_string());
        input.push('\n');
    }
    let pred_path = annotate_with_marsad(marsad, work, input, "or pass --pred FILE")?;
    let predictions: Vec<PredDoc> = read_jsonl(&pred_path)?;
    warn_altered_texts(&texts, predictions.iter().map(|p| (p.id.as_str(), p.text.as_deref())));
    Ok(predictions)
}

/// Every gold span must slice its text exactly (code points, half-open):
/// otherwise the gold file or the shared corpus changed and scores would lie.
fn check_spans(gold: &GoldDoc, text: &str) -> anyhow::Result<()> {
    let chars: Vec<char> = text.chars().collect();
    let spans = gold
        .times
        .iter()
        .map(|t| (t.start, t.end, &t.text))
        .chain(gold.places.iter().map(|p| (p.start, p.end, &p.text)));
    for (start, end, expected) in spans {
        let found: String = chars.get(start..end).map(|s| s.iter().collect()).unwrap_or_default();
        if &found != expected {
            bail!("gold {} span {start}..{end}: text has «{found}», gold says «{expected}»", gold.id);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use records::{PlaceMention, TimeMention};

    #[test]
    fn gold_spans_are_checked_in_code_points() {
        let text = "قصف بغداد أمس";
        let mut gold = GoldDoc {
            id: "a".into(),
            corpus: "ant".into(),
            date: "2018-03-01".into(),
            times: vec![TimeMention { start: 10, end: 13, text: "أمس".into(), ..Default::default() }],
            places: vec![PlaceMention { start: 4, end: 9, text: "بغداد".into(), ..Default::default() }],
        };
        check_spans(&gold, text).unwrap();
        gold.places[0].end = 8;
        let err = check_spans(&gold, text).unwrap_err().to_string();
        assert!(err.contains("span 4..8"), "{err}");
        gold.places[0].end = 99;
        assert!(check_spans(&gold, text).is_err(), "a span past the end is an error, not a panic");
    }
}
