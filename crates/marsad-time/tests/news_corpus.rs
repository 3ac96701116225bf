//! Runs the tagger over the real news in `../shared/data/news` (skipped when
//! absent): throughput, and a sample of expressions for eyeballing.
//!
//! cargo test -p marsad-time --release --test news_corpus -- --ignored --nocapture

use chrono::NaiveDate;
use marsad_time::TimeTagger;
use std::path::PathBuf;
use std::time::Instant;

fn news_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: {} not found", dir.display());
        None
    }
}

/// (text, anchor) of every article of one JSONL file.
fn articles(path: &std::path::Path) -> Vec<(String, Option<NaiveDate>)> {
    let text = std::fs::read_to_string(path).expect("readable news file");
    text.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .map(|v| {
            let body = v["text"].as_str().or_else(|| v["content"].as_str()).unwrap_or_default().to_string();
            let anchor = v["time"]
                .as_str()
                .and_then(|t| chrono::DateTime::parse_from_rfc2822(t).ok())
                .map(|t| t.date_naive())
                .or_else(|| {
                    v["date_extracted"]
                        .as_str()
                        .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
                });
            (body, anchor)
        })
        .collect()
}

fn all_articles() -> Option<Vec<(String, Option<NaiveDate>)>> {
    let dir = news_dir()?;
    let mut out = Vec::new();
    for name in ["ant-middle-east-2018.jsonl", "saudinewsnet-2015-aawsat-spa.jsonl"] {
        out.extend(articles(&dir.join(name)));
    }
    Some(out)
}

#[test]
#[ignore = "benchmark: run in release with --ignored --nocapture"]
fn throughput_on_news() {
    let Some(docs) = all_articles() else { return };
    let tagger = TimeTagger::new().expect("tagger builds");
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    // Warm up once, then time three passes and keep the best.
    let mut found = 0;
    for (t, a) in docs.iter().take(200) {
        found += tagger.tag(t, *a).0.len();
    }
    let mut best = f64::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        found = 0;
        for (t, a) in &docs {
            found += tagger.tag(t, *a).0.len();
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "time tagger: {} articles, {mb:.1} MB, {found} expressions, {best:.2} s, {:.1} MB/s on one core",
        docs.len(),
        mb / best
    );
}

#[test]
#[ignore = "prints a sample of expressions for review"]
fn sample_of_expressions() {
    let Some(docs) = all_articles() else { return };
    let tagger = TimeTagger::new().expect("tagger builds");
    let step = std::env::var("SAMPLE_STEP").ok().and_then(|s| s.parse().ok()).unwrap_or(97);
    for (text, anchor) in docs.iter().step_by(step) {
        let (times, _) = tagger.tag(text, *anchor);
        for t in times {
            let (s, e) = (t.range.start(), t.range.end());
            let before: String =
                text[..s].chars().rev().take(25).collect::<Vec<_>>().into_iter().rev().collect();
            let after: String = text[e..].chars().take(25).collect();
            println!(
                "{}\t{:?}\t{}\t{:?}\t{}\t«{}»\t{}",
                anchor.map(|a| a.to_string()).unwrap_or_default(),
                t.kind,
                t.value,
                t.modifier,
                t.confidence.unwrap_or(0.0),
                &text[s..e],
                format!("{before}[…]{after}").replace('\n', " ")
            );
        }
    }
}

/// Scores the tagger on the hand-annotated set in `evals/time-place`
/// (articles read from ../shared): overlap recall/precision and value
/// accuracy, printing every miss. `cargo xtask eval-time-place` is the
/// official scorer; this is the quick loop for working on the rules.
#[test]
#[ignore = "evaluation: needs ../shared; run with --ignored --nocapture"]
fn gold_time_expressions() {
    let Some(dir) = news_dir() else { return };
    let gold_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../evals/time-place/gold.jsonl");
    let Ok(gold) = std::fs::read_to_string(&gold_path) else {
        println!("skipped: {} not found", gold_path.display());
        return;
    };
    let mut texts = std::collections::HashMap::new();
    for name in ["ant-middle-east-2018.jsonl", "saudinewsnet-2015-aawsat-spa.jsonl"] {
        let raw = std::fs::read_to_string(dir.join(name)).expect("readable");
        for line in raw.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            let id = v["docno"].as_str().or_else(|| v["url"].as_str()).unwrap_or_default().to_string();
            let body = v["text"].as_str().or_else(|| v["content"].as_str()).unwrap_or_default().to_string();
            texts.insert(id, body);
        }
    }
    let tagger = TimeTagger::new().expect("tagger builds");
    let (mut gold_n, mut pred_n, mut matched, mut value_ok, mut exact) = (0, 0, 0, 0, 0);
    let verbose = std::env::var("VERBOSE").is_ok();
    for line in gold.lines() {
        let art: serde_json::Value = serde_json::from_str(line).expect("gold json");
        let id = art["id"].as_str().unwrap_or_default();
        let Some(text) = texts.get(id) else { continue };
        let anchor = art["date"].as_str().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let (times, _) = tagger.tag(text, anchor);
        let offsets = marsad_core::CharOffsets::new(text);
        let preds: Vec<(u32, u32, &marsad_core::Timex)> = times
            .iter()
            .map(|t| (offsets.char_index(t.range.start), offsets.char_index(t.range.end), t))
            .collect();
        let golds: Vec<(u32, u32, String, String)> = art["times"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["start"].as_u64().unwrap() as u32,
                    g["end"].as_u64().unwrap() as u32,
                    g["text"].as_str().unwrap().to_string(),
                    g["value"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        if std::env::var("DUMP").is_ok_and(|d| id.contains(&d)) {
            for (s, e, t) in &preds {
                println!("PRED {s}..{e} «{}» {}", t.range.slice(text), t.value);
            }
            for (s, e, gt, gv) in &golds {
                println!("GOLD {s}..{e} «{gt}» {gv}");
            }
        }
        gold_n += golds.len();
        pred_n += preds.len();
        let mut used = vec![false; preds.len()];
        for (gs, ge, gt, gv) in &golds {
            let hit = preds
                .iter()
                .enumerate()
                .filter(|(k, (ps, pe, _))| !used[*k] && ps < ge && gs < pe)
                .max_by_key(|(_, (ps, pe, _))| (*pe).min(*ge) - (*ps).max(*gs));
            match hit {
                Some((k, (ps, pe, t))) => {
                    used[k] = true;
                    matched += 1;
                    if ps == gs && pe == ge {
                        exact += 1;
                    }
                    if t.value == *gv {
                        value_ok += 1;
                    } else if verbose {
                        println!(
                            "VALUE [{}] «{}» gold {gv}, got {} «{}»",
                            anchor.unwrap(),
                            gt,
                            t.value,
                            t.range.slice(text)
                        );
                    }
                }
                None if verbose => println!("MISS  [{}] «{gt}» {gv}", anchor.unwrap()),
                None => {}
            }
        }
        if verbose {
            for (k, (_, _, t)) in preds.iter().enumerate() {
                if !used[k] {
                    println!("EXTRA [{}] «{}» {}", anchor.unwrap(), t.range.slice(text), t.value);
                }
            }
        }
    }
    let (r, p) = (matched as f64 / gold_n as f64, matched as f64 / pred_n.max(1) as f64);
    println!(
        "gold {gold_n}, predicted {pred_n}, matched {matched}: recall {:.3}, precision {:.3}, F1 {:.3}; exact spans {exact}; value accuracy {:.3} of matched",
        r,
        p,
        2.0 * r * p / (r + p),
        value_ok as f64 / matched.max(1) as f64
    );
}
