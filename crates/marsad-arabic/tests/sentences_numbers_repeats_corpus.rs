//! Speed of sentences, numbers and repeats on the real news corpus in
//! `../shared/data/news` (skipped with a message when it is absent).
//!
//! `cargo test -p marsad-arabic --release --test sentences_numbers_repeats_corpus -- --ignored --nocapture`
//! `MARSAD_SHARED` overrides where `shared/` is. Set `MARSAD_SAMPLE=N` to also print every N-th article's sentences,
//! numbers and repeats for eyeballing.

use marsad_arabic::{numbers::find_numbers, repeats::find_repeats, sentences::split_sentences};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Article bodies of every `*.jsonl` file in the news folder.
fn corpus() -> Option<Vec<String>> {
    // `../shared` from the repository root, or wherever MARSAD_SHARED says.
    let shared = std::env::var_os("MARSAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("data/news");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: no corpus at {}", dir.display());
        return None;
    };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let mut bodies = Vec::new();
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "jsonl")) {
        let Ok(content) = std::fs::read_to_string(file) else { continue };
        for line in content.lines() {
            let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            let body = record.get("text").or_else(|| record.get("content")).and_then(|v| v.as_str());
            if let Some(body) = body {
                bodies.push(body.to_string());
            }
        }
    }
    Some(bodies)
}

fn throughput(name: &str, bytes: usize, elapsed: Duration, count: usize) {
    let mb = bytes as f64 / 1e6;
    println!(
        "{name:>10}: {:8.1} MB/s  ({count} items, {:.2} s)",
        mb / elapsed.as_secs_f64(),
        elapsed.as_secs_f64()
    );
}

#[test]
#[ignore = "reads ../shared/data/news; run with --ignored --release"]
fn corpus_speed() {
    let Some(bodies) = corpus() else { return };
    let bytes: usize = bodies.iter().map(String::len).sum();
    println!("{} articles, {:.1} MB", bodies.len(), bytes as f64 / 1e6);

    let started = Instant::now();
    let sentences: usize = bodies.iter().map(|b| split_sentences(b).len()).sum();
    throughput("sentences", bytes, started.elapsed(), sentences);

    let started = Instant::now();
    let numbers: usize = bodies.iter().map(|b| find_numbers(b).len()).sum();
    throughput("numbers", bytes, started.elapsed(), numbers);

    let started = Instant::now();
    let repeats: Vec<usize> = bodies.iter().map(|b| find_repeats(b).len()).collect();
    throughput("repeats", bytes, started.elapsed(), repeats.iter().sum());
    println!("articles with a repeat: {}", repeats.iter().filter(|&&n| n > 0).count());

    let sample = std::env::var("MARSAD_SAMPLE").ok().and_then(|s| s.parse::<usize>().ok());
    if let Some(every) = sample.filter(|&n| n > 0) {
        for body in bodies.iter().step_by(every) {
            println!("==== article");
            for s in split_sentences(body) {
                println!("S| {}", s.range.slice(body));
            }
            for n in find_numbers(body) {
                println!("N| {} = {}{}", n.range.slice(body), n.value, if n.percent { " %" } else { "" });
            }
            for r in find_repeats(body) {
                println!("R| {}  <=  {}", r.range.slice(body), r.of.slice(body));
            }
        }
    }
}
