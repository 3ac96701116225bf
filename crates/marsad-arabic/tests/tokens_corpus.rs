//! Throughput and review runs over the real news in the shared data folder.
//! Ignored by default (they need ../shared and a release build):
//!
//! ```text
//! cargo test -p marsad-arabic --release --test tokens_corpus -- --ignored --nocapture
//! ```

use marsad_arabic::normalize::{NormLevel, NormalizedView};
use marsad_arabic::tokenize::Tokenizer;
use marsad_core::{CliticKind, TokenKind};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// CPU time of this thread in seconds (the machine is shared: wall time
/// overstates the cost when other builds run). Falls back to wall time.
fn cpu_seconds(wall: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(|| wall.elapsed().as_secs_f64(), |ns| ns / 1e9)
}

/// Article bodies from the news JSONL files, or `None` (with a message) when
/// the shared folder is absent.
fn news_texts() -> Option<Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news");
    let mut texts = Vec::new();
    for (file, field) in
        [("ant-middle-east-2018.jsonl", "text"), ("saudinewsnet-2015-aawsat-spa.jsonl", "content")]
    {
        let path = dir.join(file);
        let Ok(data) = std::fs::read_to_string(&path) else {
            println!("skipping: {} is not available", path.display());
            return None;
        };
        for line in data.lines() {
            let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            if let Some(text) = value.get(field).and_then(|v| v.as_str()) {
                texts.push(text.to_string());
            }
        }
    }
    Some(texts)
}

#[test]
#[ignore = "needs ../shared and --release"]
fn throughput_on_news() {
    let Some(texts) = news_texts() else { return };
    let bytes: usize = texts.iter().map(String::len).sum();
    let tokenizer = Tokenizer::new().unwrap();
    let mb = bytes as f64 / 1e6;

    let wall = Instant::now();
    let started = cpu_seconds(wall);
    let mut view_bytes = 0;
    for t in &texts {
        view_bytes += NormalizedView::new(t, NormLevel::Search).len();
    }
    let normalise = cpu_seconds(wall) - started;

    let started = cpu_seconds(wall);
    let mut tokens = 0;
    for t in &texts {
        tokens += tokenizer.tokenize(t).len();
    }
    let tokenise = cpu_seconds(wall) - started;

    println!(
        "{} articles, {mb:.1} MB, per CPU second: normalise (Search view with offset map) {:.0} MB/s; \
         tokenize {:.0} MB/s, {:.2} M tokens/s ({tokens} tokens); normalise+tokenize {:.0} MB/s [view {view_bytes} B]",
        texts.len(),
        mb / normalise,
        mb / tokenise,
        tokens as f64 / tokenise / 1e6,
        mb / (normalise + tokenise),
    );
}

/// Prints the most frequent analyses per clitic pattern, for reviewing the
/// exception lists by eye.
#[test]
#[ignore = "needs ../shared; prints a review list"]
fn clitic_review() {
    let Some(texts) = news_texts() else { return };
    let tokenizer = Tokenizer::new().unwrap();
    let pattern = std::env::var("REVIEW").unwrap_or_default();
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut words = 0usize;
    let mut with_clitics = 0usize;
    for text in &texts {
        for t in tokenizer.tokenize(text) {
            if t.kind != TokenKind::Word {
                continue;
            }
            words += 1;
            if !t.clitics.is_empty() {
                with_clitics += 1;
            }
            let shape: Vec<&str> = t
                .clitics
                .iter()
                .map(|c| match c.kind {
                    CliticKind::Conjunction => "conj",
                    CliticKind::Fa => "fa",
                    CliticKind::Preposition => "prep",
                    CliticKind::Ka => "ka",
                    CliticKind::Lam => "lam",
                    CliticKind::Future => "fut",
                    CliticKind::Article => "art",
                    CliticKind::Pronoun => "pron",
                })
                .collect();
            let shape = shape.join("+");
            if shape == pattern {
                *counts.entry((t.norm.to_string(), t.base.slice(text).to_string())).or_default() += 1;
            }
        }
    }
    println!("{words} words, {with_clitics} with clitics");
    let mut list: Vec<_> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let top: Vec<String> = list.iter().take(400).map(|((w, b), n)| format!("{w}>{b}:{n}")).collect();
    println!("{pattern}: {}", top.join(" "));
}

/// Prints the analysed words of the reference article, for reading by eye.
#[test]
#[ignore = "needs ../shared; prints the reference article's tokens"]
fn reference_article_tokens() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/ain-al-asad-2025-12-31.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipping: {} is not available", path.display());
        return;
    };
    let tokenizer = Tokenizer::new().unwrap();
    let mut line = Vec::new();
    for t in tokenizer.tokenize(&text) {
        if t.kind == TokenKind::Word && !t.clitics.is_empty() {
            line.push(format!("{}>{}|{}", t.range.slice(&text), t.base.slice(&text), t.lemma));
        }
    }
    println!("{}", line.join(" "));
}

/// On the first tokens of ANERcorp's names (B-PERS, B-LOC, B-ORG), counts
/// how often a proclitic other than the article is split off, and prints
/// those splits for review: a name rarely starts with a real ب، ف، ك، ل
/// (ANERcorp keeps و and ل attached to names), so this lists likely false
/// splits and real ones side by side.
#[test]
#[ignore = "needs ../shared; prints a review list"]
fn proclitics_on_anercorp_names() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ner/anercorp-train.conll");
    let Ok(data) = std::fs::read_to_string(&path) else {
        println!("skipping: {} is not available", path.display());
        return;
    };
    let tokenizer = Tokenizer::new().unwrap();
    let mut names = 0usize;
    let mut split: BTreeMap<String, usize> = BTreeMap::new();
    for line in data.lines() {
        let Some((word, tag)) = line.split_once(' ') else { continue };
        if !tag.starts_with("B-") || tag == "B-MISC" {
            continue;
        }
        names += 1;
        for t in tokenizer.tokenize(word) {
            let proclitic = t.clitics.iter().find(|c| {
                !matches!(c.kind, CliticKind::Article | CliticKind::Pronoun) && c.range.start == t.range.start
            });
            if let Some(c) = proclitic {
                *split.entry(format!("{word}>{}:{:?}", t.base.slice(word), c.kind)).or_default() += 1;
            }
        }
    }
    let total: usize = split.values().sum();
    let mut list: Vec<_> = split.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("{names} name-initial tokens, {total} with a proclitic split off");
    let shown: Vec<String> = list.iter().take(300).map(|(w, n)| format!("{w}:{n}")).collect();
    println!("{}", shown.join(" "));
}
