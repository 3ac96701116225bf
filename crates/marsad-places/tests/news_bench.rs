//! Throughput over real news (../shared/data/news), release mode:
//! `cargo test -p marsad-places --release --test news_bench -- --ignored --nocapture`.
//! Skips with a message when the shared data is absent. `PLACES_DUMP=N` also
//! prints the N most frequent resolutions, and `PLACES_SAMPLE=N` every N-th
//! mention in its context, for reviewing false positives; `PLACES_MISSES=N`
//! the N most frequent words after a place word (مدينة, محافظة …) that no
//! mention covers, for finding gaps.

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
    let misses: usize = std::env::var("PLACES_MISSES").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut missed: BTreeMap<String, usize> = BTreeMap::new();
    let sample: usize = std::env::var("PLACES_SAMPLE").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    for text in &texts {
        let places = resolver.resolve(text);
        if misses > 0 {
            for cue in ["مدينة ", "محافظة ", "بلدة ", "قرية ", "ولاية ", "مطار ", "قاعدة ", "معبر "]
            {
                for (at, _) in text.match_indices(cue) {
                    let from = at + cue.len();
                    let word: String = text[from..].chars().take_while(|c| c.is_alphabetic()).collect();
                    let covered = places.iter().any(|p| p.range.start() <= from && from < p.range.end());
                    if !covered && !word.is_empty() {
                        *missed.entry(format!("{cue}{word}")).or_default() += 1;
                    }
                }
            }
        }
        for p in places {
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
    let mut missed: Vec<_> = missed.into_iter().collect();
    missed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (word, c) in missed.into_iter().take(misses) {
        println!("MISS\t{c}\t{word}");
    }
    let n: usize = std::env::var("PLACES_DUMP").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut by_count: Vec<_> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((mention, id, name), c) in by_count.into_iter().take(n) {
        println!("{c}\t{mention}\t{id}\t{name}");
    }
}
