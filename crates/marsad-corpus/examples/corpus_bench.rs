//! Ingest and search throughput on real articles.
//!
//! `cargo run --release -p marsad-corpus --example corpus_bench -- [--phased] STORE_DIR FILE.jsonl...`
//!
//! Reads the files, annotates on every core, ingests into a fresh store at
//! STORE_DIR, then times a fixed list of queries. Prints wall times, the time
//! spent in `Store::ingest`, and search latency percentiles.

use marsad_annotate::{AnnotateConfig, Annotator};
use marsad_core::{Doc, DocMeta};
use marsad_corpus::{Query, Store};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const QUERIES: &[&str] = &[
    "انسحاب",
    "القوات الأمريكية",
    "\"مجلس الأمن\"",
    "الحكومة العراقية",
    "وزير الخارجية",
    "النفط",
    "الانتخابات",
    "غارة جوية",
    "\"الأمم المتحدة\"",
    "اللاجئين",
    "ترامب",
    "سوريا",
    "المملكة العربية السعودية",
    "صواريخ",
    "المفاوضات",
    "اليمن الحوثيين",
    "الاقتصاد",
    "القدس",
    "٢٠١٨",
    "مقتل",
];

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--phased`: annotate everything first, then ingest, to time the store alone.
    let phased = args.first().is_some_and(|a| a == "--phased");
    if phased {
        args.remove(0);
    }
    let Some((store_dir, files)) = args.split_first() else {
        eprintln!("usage: corpus_bench STORE_DIR FILE...");
        std::process::exit(2);
    };
    let started = Instant::now();
    let mut articles = Vec::new();
    for file in files {
        for article in marsad_ingest::read_file(&PathBuf::from(file), &Default::default()).flatten() {
            articles.push(article);
        }
    }
    eprintln!("read {} articles in {:.2?}", articles.len(), started.elapsed());

    let annotator = Annotator::new(&AnnotateConfig::default()).expect("annotator");
    let _ = std::fs::remove_dir_all(store_dir);
    let mut store = Store::open(store_dir).expect("open store");
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let ingest_batch: usize = std::env::var("INGEST_BATCH").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let started = Instant::now();
    let mut in_store = Duration::ZERO;
    let mut added = 0;
    let chunks: Vec<_> = articles.chunks(250).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (send, receive) = mpsc::sync_channel::<Vec<Doc>>(4);
        for _ in 0..threads {
            let send = send.clone();
            let (chunks, next, annotator) = (&chunks, &next, &annotator);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(chunk) = chunks.get(i) else { break };
                let docs = chunk
                    .iter()
                    .map(|a| {
                        let meta = DocMeta {
                            id: a.id.clone(),
                            source: a.source.clone(),
                            date: a.date,
                            title: a.title.clone(),
                            url: a.url.clone(),
                        };
                        annotator.annotate(meta, a.text.clone())
                    })
                    .collect();
                if send.send(docs).is_err() {
                    break;
                }
            });
        }
        drop(send);
        let receive: Box<dyn Iterator<Item = Vec<Doc>>> = if phased {
            let all: Vec<Vec<Doc>> = receive.iter().collect();
            eprintln!("annotated in {:.2?}", started.elapsed());
            Box::new(all.into_iter())
        } else {
            Box::new(receive.into_iter())
        };
        // Each `ingest` call commits: hand the store large batches.
        let mut pending: Vec<Doc> = Vec::new();
        for docs in receive.map(Some).chain([None]) {
            let done = docs.is_none();
            pending.extend(docs.into_iter().flatten());
            if pending.len() >= ingest_batch || (done && !pending.is_empty()) {
                let t = Instant::now();
                added += store.ingest(std::mem::take(&mut pending)).expect("ingest").added;
                in_store += t.elapsed();
            }
        }
    });
    let total = started.elapsed();
    eprintln!(
        "ingested {added} of {} in {total:.2?} ({:.0} articles/s); Store::ingest {in_store:.2?}",
        articles.len(),
        added as f64 / total.as_secs_f64()
    );
    let stats = store.stats().expect("stats");
    eprintln!("stats: {stats:?}");

    let mut latencies = Vec::new();
    for round in 0..5 {
        for q in QUERIES {
            let t = Instant::now();
            let results = store.search(&Query { limit: 10, ..Query::text(*q) }).expect("search");
            latencies.push(t.elapsed());
            if round == 0 {
                eprintln!("{q}: {} hits", results.total);
                if let Some(hit) = results.hits.first() {
                    let text = store.document(hit.doc_id).expect("read").map(|d| d.text).unwrap_or_default();
                    let chars: Vec<char> = text.chars().collect();
                    let marked: Vec<String> = hit
                        .highlights
                        .iter()
                        .take(4)
                        .map(|&(s, e)| chars[s as usize..e as usize].iter().collect())
                        .collect();
                    eprintln!("  top: {:?} highlights {marked:?}\n  snippet: {}", hit.title, hit.snippet);
                }
            }
        }
    }
    latencies.sort_unstable();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    eprintln!(
        "search over {} queries: p50 {:.2?} p95 {:.2?} max {:.2?}",
        latencies.len(),
        pct(0.5),
        pct(0.95),
        pct(1.0)
    );
}
