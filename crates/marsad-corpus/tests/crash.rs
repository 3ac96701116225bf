//! Killing a real ingest: a child process ingests generated articles in
//! small batches and is sent SIGKILL mid-way; the reopened store must pass
//! its integrity check, hold every batch the child reported committed, each
//! article complete (text, layers, mention rows) and searchable.

use chrono::NaiveDate;
use marsad_core::{Doc, DocMeta, Entity, EntityLabel, Origin, TextRange};
use marsad_corpus::{Query, Store, StoreConfig};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Set in the child's environment: the store directory to ingest into.
const CHILD_ENV: &str = "MARSAD_CORPUS_CRASH_CHILD_DIR";
const BATCH: usize = 10;
const BATCHES: usize = 400;
/// Batches the parent waits to see committed before it kills the child.
const KILL_AFTER_BATCHES: usize = 8;

/// Article `n`: a unique number to search for and one entity mention.
fn generated(n: usize) -> Doc {
    let text = format!(
        "تقرير رقم {n}: أعلن وزير الدفاع أن انسحاب القوات من القاعدة {n} سيكتمل خلال أسابيع. \
         وأضاف الوزير أن المفاوضات مستمرة مع الحكومة العراقية بشأن الجدول الزمني."
    );
    let start = text.find("وزير الدفاع").expect("entity in text");
    let mut doc = Doc::new(
        DocMeta {
            id: format!("gen-{n}"),
            source: "generator".into(),
            outlet: None,
            date: NaiveDate::from_ymd_opt(2025, 1, 1)
                .and_then(|d| d.checked_add_days(chrono::Days::new(n as u64 % 365))),
            title: Some(format!("تقرير {n}")),
            url: None,
        },
        text,
    );
    doc.entities.push(Entity::new(
        TextRange::new(start, start + "وزير الدفاع".len()),
        EntityLabel::PER,
        Origin::rule("generated"),
    ));
    doc
}

/// The child: does nothing unless spawned by the test below.
#[test]
fn crash_child_ingest() {
    let Ok(dir) = std::env::var(CHILD_ENV) else { return };
    let mut store = Store::open_with(&dir, StoreConfig { batch_size: BATCH }).expect("child opens store");
    for batch in 0..BATCHES {
        let docs = (batch * BATCH..(batch + 1) * BATCH).map(generated);
        store.ingest(docs).expect("child ingests");
        // Printed after `ingest` returned: these articles are committed.
        println!("committed {}", (batch + 1) * BATCH);
    }
}

#[test]
fn killing_an_ingest_loses_no_committed_article() {
    // Different delays land the kill in different phases of a batch
    // (annotation JSON, SQLite transaction, index commit).
    for delay_ms in [0, 3, 9, 20] {
        kill_and_check(Duration::from_millis(delay_ms));
    }
}

fn kill_and_check(delay: Duration) {
    let dir = tempfile::tempdir().expect("temp dir");
    let exe = std::env::current_exe().expect("test binary");
    let mut child = Command::new(exe)
        .args(["--exact", "crash_child_ingest", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("child stdout");
    let mut committed = 0;
    let deadline = Instant::now() + Duration::from_secs(120);
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("read child");
        if let Some(n) = line.strip_prefix("committed ") {
            committed = n.trim().parse().expect("count");
            if committed >= KILL_AFTER_BATCHES * BATCH || Instant::now() > deadline {
                break;
            }
        }
    }
    // Kill in the middle of the next batch (Child::kill is SIGKILL on Unix).
    std::thread::sleep(delay);
    child.kill().expect("kill child");
    child.wait().expect("reap child");
    assert!(committed >= KILL_AFTER_BATCHES * BATCH, "child committed only {committed}");
    assert!(committed < BATCH * BATCHES, "the child finished before it was killed");

    let store = Store::open(dir.path()).expect("reopen after kill");
    assert_eq!(store.check().expect("check"), Vec::<String>::new());
    let stats = store.stats().expect("stats");
    eprintln!("killed {delay:?} after {committed} committed; store holds {} after the kill", stats.documents);
    assert!(stats.documents as usize >= committed, "{} stored < {committed} committed", stats.documents);
    assert_eq!(stats.documents % BATCH as u64, 0, "a batch was half stored");
    assert_eq!(stats.indexed_documents, stats.documents);
    for n in 0..stats.documents as usize {
        let ids = store.ids_by_ext_id(&format!("gen-{n}")).expect("lookup");
        assert_eq!(ids.len(), 1, "article {n}");
        let doc = store.document(ids[0]).expect("read").expect("stored");
        assert_eq!(doc.text, generated(n).text(), "article {n} text");
        assert_eq!(doc.layers["entities"][0]["text"], "وزير الدفاع", "article {n} layers");
        let mentions: i64 = store
            .sqlite()
            .query_row("SELECT COUNT(*) FROM mentions WHERE doc_id = ?1", [ids[0]], |r| r.get(0))
            .expect("mentions");
        assert_eq!(mentions, 1, "article {n} mentions");
        let q = Query { limit: 5, ..Query::text(format!("\"تقرير رقم {n}\"")) };
        let found = store.search(&q).expect("search");
        assert!(found.hits.iter().any(|h| h.doc_id == ids[0]), "article {n} not searchable");
    }
    // The store takes the rest of the ingest where the child left off.
    let mut store = store;
    let report = store.ingest((0..stats.documents as usize + BATCH).map(generated)).expect("resume");
    assert_eq!((report.added, report.skipped_duplicates), (BATCH, stats.documents as usize));
}
