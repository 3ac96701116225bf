//! Prints the events the default pipeline codes in plain-text files, one line
//! per event with its mentions, roles, place, time and flags: a quick look
//! while working on the coder.
//!
//! ```text
//! cargo run --release -p marsad-events --example show_events -- [--date YYYY-MM-DD] [--tokens] FILE…
//! cargo run --release -p marsad-events --example show_events -- --survey JSONL [--limit N]
//! ```
//!
//! `--survey` reads the `text` (or `content`) field of each line of a JSONL
//! news file, counts the trigger words coded per event type (to find frequent
//! false triggers) and prints the share of pipeline time the event stage
//! takes.

use anyhow::{anyhow, Context, Result};
use marsad_annotate::{AnnotateConfig, Annotator};
use marsad_core::{Doc, DocMeta};
use std::collections::BTreeMap;
use std::time::Instant;

/// Runs every stage on `limit` articles of a JSONL file, timing each, and
/// prints the most frequent trigger words per type and the event stage's
/// share of the time.
fn survey(annotator: &Annotator, path: &str, limit: usize) -> Result<()> {
    let raw = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    let stages = annotator.stages();
    let mut spent = vec![0.0; stages.len()];
    let mut articles = 0;
    for line in raw.lines().take(limit) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let text = v.get("text").or_else(|| v.get("content")).and_then(|t| t.as_str()).unwrap_or_default();
        let mut doc = Doc::new(DocMeta::default(), text.to_string());
        for (i, stage) in stages.iter().enumerate() {
            let t = Instant::now();
            stage.run(&mut doc);
            spent[i] += t.elapsed().as_secs_f64();
        }
        for e in &doc.events {
            for m in &e.mentions {
                *counts.entry((e.kind.clone(), doc.slice(m.trigger).to_string())).or_default() += 1;
            }
        }
        articles += 1;
    }
    let mut list: Vec<_> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("{articles} articles; most frequent trigger words:");
    for ((kind, word), n) in list.iter().take(80) {
        println!("  {n:>5}  {kind:<10} {word}");
    }
    let total: f64 = spent.iter().sum();
    for (stage, secs) in stages.iter().zip(&spent) {
        println!("  stage {:<10} {:>5.1}% of the time", stage.name(), 100.0 * secs / total);
    }
    Ok(())
}

fn main() -> Result<()> {
    let mut date = None;
    let mut files = Vec::new();
    let mut survey_file = None;
    let mut limit = 300;
    let mut show_tokens = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--date" => date = Some(args.next().context("--date needs a value")?.parse()?),
            "--survey" => survey_file = Some(args.next().context("--survey needs a file")?),
            "--limit" => limit = args.next().context("--limit needs a number")?.parse()?,
            "--tokens" => show_tokens = true,
            _ => files.push(a),
        }
    }
    let annotator =
        Annotator::new(&AnnotateConfig::default()).map_err(|e| anyhow!("building the annotator: {e}"))?;
    if let Some(path) = survey_file {
        return survey(&annotator, &path, limit);
    }
    for file in files {
        let text = std::fs::read_to_string(&file).with_context(|| format!("reading {file}"))?;
        let meta = DocMeta { id: file.clone(), date, ..DocMeta::default() };
        let doc = annotator.annotate(meta, text);
        println!("== {file}");
        if show_tokens {
            // Each token with its clitics: what the role rules see.
            for (i, t) in doc.tokens.iter().enumerate() {
                let clitics: Vec<String> =
                    t.clitics.iter().map(|c| format!("{:?}:{}", c.kind, doc.slice(c.range))).collect();
                println!(
                    "  {i:>4} {:?} {} base={} {}",
                    t.kind,
                    doc.slice(t.range),
                    doc.slice(t.base),
                    clitics.join(" ")
                );
            }
        }
        for e in &doc.events {
            let mut line = format!("{} {}", doc.slice(e.trigger), e.kind);
            for part in [&e.mode, &e.subtype].into_iter().flatten() {
                line.push_str(&format!("/{part}"));
            }
            for (flag, name) in [
                (e.planned, "planned"),
                (e.negated, "negated"),
                (e.hypothetical, "hypothetical"),
                (e.reported, "reported"),
            ] {
                if flag {
                    line.push_str(&format!(" [{name}]"));
                }
            }
            if let Some(a) = &e.actor {
                line.push_str(&format!(" actor={}", a.text));
            }
            if let Some(r) = &e.recipient {
                line.push_str(&format!(" recipient={}", r.text));
            }
            if let Some(p) = e.place {
                line.push_str(&format!(" place={}", doc.slice(doc.places[p].range)));
            }
            if let Some(d) = &e.date {
                line.push_str(&format!(" date={d}"));
            }
            let mentions: Vec<String> =
                e.mentions.iter().map(|m| format!("{}@s{}", doc.slice(m.trigger), m.sentence)).collect();
            line.push_str(&format!(" mentions={}", mentions.join("+")));
            println!("{line}");
        }
    }
    Ok(())
}
