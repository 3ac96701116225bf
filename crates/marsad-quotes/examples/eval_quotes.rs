//! Scores the quote and claim stages on the annotated dev set.
//!
//! ```text
//! cargo run --release -p marsad-quotes --example eval_quotes -- --shared ../shared [--split dev|test] [--verbose] [--bench N]
//! ```
//!
//! Reads the article ids and gold annotations from `evals/quotes-claims/`
//! (`ids.txt` + `gold.tsv` for the dev split the rules were tuned on,
//! `test-ids.txt` + `test-gold.tsv` for the test split annotated afterwards),
//! the article texts from the news corpora in `--shared` (never copied into
//! the repository), runs the text stages and the quote and claim stages, and
//! prints recall, precision, speaker accuracy and claim P/R/F1. `--verbose`
//! prints every miss; `--bench N` also times the two stages alone on the
//! first N articles of each corpus.

use marsad_core::{Doc, DocMeta};
use marsad_quotes::eval::{parse_gold, predicted_from_doc, score_article, Scores};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Streams (id, body) of both corpora with the ids `select.py` uses.
fn for_each_article(shared: &Path, mut visit: impl FnMut(String, String) -> bool) -> std::io::Result<()> {
    let news = shared.join("data/news");
    let corpora = [("ant-middle-east-2018.jsonl", "text"), ("saudinewsnet-2015-aawsat-spa.jsonl", "content")];
    for (file, body_field) in corpora {
        let reader = std::io::BufReader::new(std::fs::File::open(news.join(file))?);
        for (n, line) in reader.lines().enumerate() {
            let line = line?;
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
            let id = match value.get("docno").and_then(|v| v.as_str()) {
                Some(docno) => docno.to_string(),
                None => format!("sns:{}", n + 1),
            };
            let body = value.get(body_field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            if !visit(id, body) {
                break;
            }
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut shared = PathBuf::from("../shared");
    let mut verbose = false;
    let mut bench = 0usize;
    let mut split = String::from("dev");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--shared" => shared = PathBuf::from(args.next().ok_or("--shared needs a path")?),
            "--verbose" => verbose = true,
            "--split" => split = args.next().ok_or("--split needs dev or test")?,
            "--bench" => bench = args.next().ok_or("--bench needs a number")?.parse()?,
            other => return Err(format!("unknown argument `{other}`").into()),
        }
    }
    if !shared.join("data/news").is_dir() {
        println!("skipping: no news corpora under {}", shared.display());
        return Ok(());
    }
    let evals = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../evals/quotes-claims");
    let (ids_file, gold_file) = match split.as_str() {
        "dev" => ("ids.txt", "gold.tsv"),
        "test" => ("test-ids.txt", "test-gold.tsv"),
        other => return Err(format!("unknown split `{other}`").into()),
    };
    let ids: Vec<String> =
        std::fs::read_to_string(evals.join(ids_file))?.lines().map(str::to_string).collect();
    let gold = parse_gold(&std::fs::read_to_string(evals.join(gold_file))?)?;

    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for_each_article(&shared, |id, body| {
        if ids.contains(&id) {
            texts.insert(id, body);
        }
        true
    })?;

    let text_stages = marsad_arabic::stages::text_stages(8);
    let our_stages = marsad_quotes::stages()?;
    let mut scores = Scores::default();
    let empty = Default::default();
    for id in &ids {
        let Some(text) = texts.get(id) else {
            println!("missing article {id}");
            continue;
        };
        let mut doc = Doc::new(DocMeta { id: id.clone(), ..DocMeta::default() }, text.clone());
        for stage in text_stages.iter().chain(&our_stages) {
            stage.run(&mut doc);
        }
        let predicted = predicted_from_doc(&doc);
        let misses = score_article(text, gold.get(id).unwrap_or(&empty), &predicted, &mut scores);
        if verbose {
            let cut = |r: &std::ops::Range<u32>| -> String {
                text.chars().skip(r.start as usize).take((r.end - r.start).min(80) as usize).collect()
            };
            for q in &misses.missed_quotes {
                println!("{id}\tmissed quote\t{}", cut(&q.range));
            }
            for q in &misses.spurious_quotes {
                println!("{id}\tspurious quote\t{}", cut(&q.range));
            }
            for (g, p) in &misses.wrong_speakers {
                let name = |s: &Option<std::ops::Range<u32>>| s.as_ref().map_or("-".to_string(), cut);
                println!(
                    "{id}\twrong speaker\t{} ≠ gold {}\t{}",
                    name(&p.speaker),
                    name(&g.speaker),
                    cut(&g.range)
                );
            }
            for c in &misses.missed_claims {
                println!("{id}\tmissed claim\t{}\t{}", c.quantity, cut(&c.range));
            }
            for c in &misses.spurious_claims {
                println!("{id}\tspurious claim\t{} {}\t{}", c.quantity, c.unit, cut(&c.range));
            }
        }
    }
    println!("{split} split: {} articles", ids.len());
    println!("{scores}");

    if bench > 0 {
        let mut docs = Vec::new();
        let mut per_corpus: BTreeMap<bool, usize> = BTreeMap::new();
        for_each_article(&shared, |id, body| {
            let count = per_corpus.entry(id.starts_with("sns:")).or_default();
            if *count < bench {
                *count += 1;
                let mut doc = Doc::new(DocMeta { id, ..DocMeta::default() }, body);
                for stage in &text_stages {
                    stage.run(&mut doc);
                }
                docs.push(doc);
            }
            true
        })?;
        let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
        let started = Instant::now();
        let (mut quotes, mut claims) = (0, 0);
        for doc in &mut docs {
            for stage in &our_stages {
                stage.run(doc);
            }
            quotes += doc.quotes.len();
            claims += doc.claims.len();
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "bench: {} articles ({:.1} MB) through quotes+claims in {:.3} s: {:.0} articles/s, {:.1} MB/s on one core; {} quotes, {} claims",
            docs.len(),
            bytes as f64 / 1e6,
            seconds,
            docs.len() as f64 / seconds,
            bytes as f64 / 1e6 / seconds,
            quotes,
            claims
        );
    }
    Ok(())
}
