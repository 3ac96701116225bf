//! Throughput over real news (../shared/data/news), release mode:
//! `cargo test -p marsad-places --release --test news_bench -- --ignored --nocapture`.
//! Skips with a message when the shared data is absent. `PLACES_DUMP=N` also
//! prints the N most frequent resolutions, and `PLACES_SAMPLE=N` every N-th
//! mention in its context, for reviewing false positives.

use marsad_places::PlaceResolver;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::time::Instant;

const NEWS: &[(&str, &str)] = &[
    ("../../../shared/data/news/ant-middle-east-2018.jsonl", "text"),
    ("../../../shared/data/news/saudinewsnet-2015-aawsat-spa.jsonl", "content"),
];

#[test]
#[ignore = "benchmark over ../shared; run in release"]
fn resolver_throughput_on_news() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for (path, field) in NEWS {
        let path = root.join(path);
        let Ok(file) = std::fs::File::open(&path) else {
            println!("skipping: {} not found", path.display());
            return;
        };
        for line in std::io::BufReader::new(file).lines() {
            let line = line.unwrap();
            let value: serde_json::Value = serde_json::from_str(&line).unwrap();
            if let Some(t) = value[field].as_str() {
                texts.push(t.to_string());
            }
        }
    }
    let t = Instant::now();
    let resolver = PlaceResolver::embedded().unwrap();
    println!("load: {:?} ({} keys)", t.elapsed(), resolver.key_count());
    let bytes: usize = texts.iter().map(String::len).sum();
    let t = Instant::now();
    let mut counts: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut total = 0;
    let sample: usize = std::env::var("PLACES_SAMPLE").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    for text in &texts {
        for p in resolver.resolve(text) {
            total += 1;
            if sample > 0 && total % sample == 0 {
                let from = text.floor_char_boundary(p.range.start().saturating_sub(40));
                let to = text.ceil_char_boundary((p.range.end() + 40).min(text.len()));
                let context = text[from..to].replace('\n', " ");
                println!("SAMPLE\t{}\t{}\t{}\t{context}", &text[p.range.as_range()], p.gazetteer_id, p.name);
            }
            *counts.entry((text[p.range.as_range()].to_string(), p.gazetteer_id, p.name)).or_default() += 1;
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} articles, {:.1} MB, {:.2} s: {:.1} MB/s, {} place mentions",
        texts.len(),
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs,
        total
    );
    let n: usize = std::env::var("PLACES_DUMP").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut by_count: Vec<_> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((mention, id, name), c) in by_count.into_iter().take(n) {
        println!("{c}\t{mention}\t{id}\t{name}");
    }
}
