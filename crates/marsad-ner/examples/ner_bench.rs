//! Speed of the NER stage and of the tagger alone on the shared news
//! corpora, and a fingerprint of their output for checking that a speed-up
//! changed nothing.
//!
//! ```text
//! cargo build --release -p marsad-ner --example ner_bench
//! $CARGO_TARGET_DIR/release/examples/ner_bench [--limit N] [--rounds R] [--shared DIR] [--dump FILE] [--only model|stage]
//! ```
//!
//! The articles are split and tokenised first (not timed); then each round
//! times the tagger on every article's sentences
//! (`NerModel::tag_sentences_with_confidence`, what the stage calls) and
//! the whole `NerStage`. Times are CPU seconds of this thread (the machine
//! is shared), best of the rounds. `--dump FILE` writes each article's tags
//! with their confidences' bits and the stage's entities, one line per
//! article, for `cmp` against the same dump of another build.

use marsad_core::{Doc, DocMeta, Pipeline, Stage};
use marsad_ner::{NerModel, NerStage};
use std::io::Write;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let limit: usize = flag("--limit").map_or(Ok(2000), |s| s.parse())?;
    let rounds: usize = flag("--rounds").map_or(Ok(3), |s| s.parse())?;
    let only = flag("--only");
    let shared = flag("--shared").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("../shared"));
    let texts = load_news(&shared, limit)?;
    let text_stages = Pipeline::new(marsad_arabic::stages::text_stages(8))?;
    let docs: Vec<Doc> = texts
        .into_iter()
        .map(|text| {
            let mut doc = Doc::new(DocMeta::default(), text);
            text_stages.run(&mut doc);
            doc
        })
        .collect();
    // The tagger's input as the stage builds it: one token list per sentence.
    let sentences: Vec<Vec<Vec<&str>>> = docs
        .iter()
        .map(|doc| {
            doc.sentences
                .iter()
                .map(|s| doc.tokens_in(s.range))
                .filter(|r| !r.is_empty())
                .map(|r| doc.tokens[r].iter().map(|t| doc.slice(t.range)).collect())
                .collect()
        })
        .collect();
    let tokens: usize = sentences.iter().flatten().map(Vec::len).sum();
    let model = NerModel::embedded();
    let stage = NerStage::new();
    println!("{} articles, {tokens} tokens", docs.len());

    if let Some(path) = flag("--dump") {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        for (doc, sentences) in docs.iter().zip(&sentences) {
            for tagged in model.tag_sentences_with_confidence(sentences) {
                for (tag, confidence) in tagged {
                    write!(out, "{tag}:{:08x} ", confidence.to_bits())?;
                }
                write!(out, "| ")?;
            }
            let mut doc = doc.clone();
            stage.run(&mut doc);
            writeln!(out, "{:?}", doc.entities)?;
        }
    }

    let (mut model_best, mut stage_best) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..rounds {
        if only.as_deref() != Some("stage") {
            let started = cpu_seconds();
            let tagged: usize = sentences.iter().map(|s| model.tag_sentences_with_confidence(s).len()).sum();
            model_best = model_best.min(cpu_seconds() - started);
            std::hint::black_box(tagged);
        }
        if only.as_deref() != Some("model") {
            let mut docs = docs.clone();
            let started = cpu_seconds();
            for doc in &mut docs {
                stage.run(doc);
            }
            stage_best = stage_best.min(cpu_seconds() - started);
        }
    }
    let n = docs.len() as f64;
    if model_best.is_finite() {
        println!(
            "tagger alone: {:>7.0} articles/s {:>9.0} tokens/s ({model_best:.3} s CPU)",
            n / model_best,
            tokens as f64 / model_best
        );
    }
    if stage_best.is_finite() {
        println!(
            "NER stage   : {:>7.0} articles/s {:>9.0} tokens/s ({stage_best:.3} s CPU)",
            n / stage_best,
            tokens as f64 / stage_best
        );
    }
    Ok(())
}

/// The first `limit` article bodies of both news corpora, in file order.
fn load_news(shared: &std::path::Path, limit: usize) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    for (file, text_key) in
        [("ant-middle-east-2018.jsonl", "text"), ("saudinewsnet-2015-aawsat-spa.jsonl", "content")]
    {
        let path = shared.join("data/news").join(file);
        let data = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line)?;
            let text = v[text_key].as_str().unwrap_or_default();
            if !text.is_empty() {
                out.push(text.to_string());
            }
            if out.len() == limit {
                return Ok(out);
            }
        }
    }
    Ok(out)
}

/// CPU time of this thread so far, in seconds (Linux; elsewhere 0, and
/// the speed lines are meaningless).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|ns| ns.parse::<f64>().ok()))
        .map_or(0.0, |ns| ns / 1e9)
}
