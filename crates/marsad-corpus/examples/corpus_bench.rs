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
    // `--relink-only STORE_DIR`: time relink on an existing store.
    if args.first().is_some_and(|a| a == "--relink-only") {
        let mut store = Store::open(&args[1]).expect("open store");
        let t = Instant::now();
        let relinked = store.relink().expect("relink");
        eprintln!("relink in {:.2?}: {relinked:?}", t.elapsed());
        if std::env::var_os("BENCH_SHOW_LINKS").is_some() {
            show_links(&store);
        }
        return;
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
                    .filter_map(|a| {
                        let meta = DocMeta {
                            id: a.id.clone(),
                            source: a.source.clone(),
                            outlet: a.outlet.clone(),
                            date: a.date,
                            title: a.title.clone(),
                            url: a.url.clone(),
                        };
                        // A panicking annotator (a bug upstream) costs one
                        // article, not the benchmark.
                        let annotated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            annotator.annotate(meta, a.text.clone())
                        }));
                        if annotated.is_err() {
                            eprintln!("annotator panicked on {}: skipped", a.id);
                        }
                        annotated.ok()
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
    let t = Instant::now();
    let relinked = store.relink().expect("relink");
    let relink_time = t.elapsed();
    eprintln!(
        "relink in {relink_time:.2?}: {} exact copies, {} near-duplicate pairs, {} stories, {} entities, {} event groups",
        relinked.copies, relinked.duplicate_pairs, relinked.stories, relinked.entities, relinked.event_groups
    );
    eprintln!("ingest + relink: {:.2?}", total + relink_time);
    let stats = store.stats().expect("stats");
    eprintln!("stats: {stats:?}");
    if std::env::var_os("BENCH_SHOW_LINKS").is_some() {
        show_links(&store);
    }

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

/// Prints samples of what relink found, for eyeballing thresholds.
fn show_links(store: &Store) {
    use marsad_corpus::{EntityFilter, EventFilter};
    let conn = store.sqlite();
    let mut select = conn
        .prepare(
            "SELECT n.similarity, a.id, a.source, a.title, b.id, b.source, b.title FROM near_duplicates n
             JOIN documents a ON a.id = n.doc_id JOIN documents b ON b.id = n.other_id
             WHERE n.doc_id < n.other_id ORDER BY n.similarity, a.id LIMIT 40",
        )
        .expect("prepare");
    let rows = select
        .query_map([], |r| {
            Ok(format!(
                "{:.2} [{} {}] {:?} | [{} {}] {:?}",
                r.get::<_, f64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?
            ))
        })
        .expect("query");
    eprintln!("-- weakest near-duplicate pairs");
    for row in rows {
        eprintln!("{}", row.expect("row"));
    }
    let stories = store.stories(&EventFilter { limit: 1000, ..Default::default() }).expect("stories");
    let mut big: Vec<_> = stories.iter().filter(|s| s.documents >= 3).collect();
    big.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.id.cmp(&b.id)));
    eprintln!("-- largest stories (of the newest 1000)");
    for s in big.iter().take(8) {
        let detail = store.story(s.id).expect("story").expect("exists");
        eprintln!(
            "story {} ({} docs, {} sources) {} {:?}",
            s.id, s.documents, s.sources, s.title, s.top_entities
        );
        for d in detail.documents.iter().take(6) {
            eprintln!("    {:?} {} {:?}", d.date, d.source, d.title);
        }
    }
    eprintln!("-- top entities");
    for e in store.entities(&EntityFilter { limit: 15, ..Default::default() }).expect("entities") {
        eprintln!("  {} {} docs {} mentions", e.id, e.documents, e.mentions);
    }
    eprintln!("-- most reported events");
    let mut events = store.merged_events(&EventFilter { limit: 1000, ..Default::default() }).expect("events");
    events.sort_by(|a, b| b.sources.cmp(&a.sources).then(a.id.cmp(&b.id)));
    for e in events.iter().take(8) {
        eprintln!(
            "  {} {} actor {:?} place {:?} date {:?}: {} docs {} sources",
            e.id, e.kind, e.actor, e.place_name, e.date, e.documents, e.sources
        );
        for m in e.mentions.iter().take(3) {
            eprintln!(
                "      {} {:?}: {}",
                m.source,
                m.date,
                m.sentence.text.chars().take(120).collect::<String>()
            );
        }
    }
}
