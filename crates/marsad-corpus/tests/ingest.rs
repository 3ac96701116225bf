//! Ingest: idempotent by content hash, incremental, schema migrations, index
//! catch-up and rebuild.

use chrono::NaiveDate;
use marsad_core::{Doc, DocMeta};
use marsad_corpus::schema::{migrate_to, schema_version, SCHEMA_VERSION};
use marsad_corpus::{content_hash, Query, Store, StoreConfig, StoreError, DATABASE_FILE, INDEX_DIR};

fn doc(id: &str, text: &str) -> Doc {
    let meta = DocMeta {
        id: id.to_string(),
        source: "test".to_string(),
        outlet: None,
        date: NaiveDate::from_ymd_opt(2025, 12, 31),
        title: None,
        url: None,
    };
    Doc::new(meta, text.to_string())
}

fn hits(store: &Store, q: &str) -> usize {
    store.search(&Query::text(q)).expect("search").total
}

#[test]
fn content_hash_ignores_white_space_layout_only() {
    assert_eq!(content_hash("قال  الوزير\nإن"), content_hash(" قال الوزير إن "));
    assert_ne!(content_hash("قال الوزير"), content_hash("قال الوزيرة"));
    assert_eq!(content_hash("").len(), 64);
}

#[test]
fn reingesting_the_same_articles_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("open");
    let docs = || {
        vec![
            doc("1", "بدأ انسحاب القوات"),
            doc("2", "وصل الوفد إلى بغداد"),
            doc("1-again", "بدأ انسحاب القوات"),
        ]
    };
    let first = store.ingest(docs()).expect("ingest");
    assert_eq!((first.added, first.skipped_duplicates), (2, 1));
    let before = store.stats().expect("stats");
    let second = store.ingest(docs()).expect("ingest");
    assert_eq!((second.added, second.skipped_duplicates), (0, 3));
    assert_eq!(store.stats().expect("stats"), before);
    assert_eq!(hits(&store, "انسحاب"), 1);
    // And across a reopen.
    drop(store);
    let mut store = Store::open(dir.path()).expect("reopen");
    let third = store.ingest(docs()).expect("ingest");
    assert_eq!((third.added, third.skipped_duplicates), (0, 3));
    assert_eq!(store.stats().expect("stats"), before);
}

#[test]
fn ingest_is_incremental_across_batches_and_reopens() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = StoreConfig { batch_size: 3 };
    let mut store = Store::open_with(dir.path(), config.clone()).expect("open");
    let text = |n: usize| format!("تقرير رقم {n} عن انسحاب القوات");
    let report = store.ingest((0..7).map(|n| doc(&n.to_string(), &text(n)))).expect("ingest");
    assert_eq!(report.added, 7);
    drop(store);
    let mut store = Store::open_with(dir.path(), config).expect("reopen");
    let report = store.ingest((0..10).map(|n| doc(&n.to_string(), &text(n)))).expect("ingest");
    assert_eq!((report.added, report.skipped_duplicates), (3, 7));
    assert_eq!(hits(&store, "انسحاب"), 10);
    assert_eq!(hits(&store, "9"), 1);
    let stats = store.stats().expect("stats");
    assert_eq!((stats.documents, stats.indexed_documents, stats.indexed_up_to), (10, 10, 10));
    assert!(store.check().expect("check").is_empty());
    store.close().expect("close");
}

#[test]
fn a_lost_or_broken_index_is_rebuilt_from_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("open");
    store.ingest(vec![doc("1", "بدأ انسحاب القوات"), doc("2", "الانسحابات مستمرة")]).expect("ingest");
    store.close().expect("close");

    std::fs::remove_dir_all(dir.path().join(INDEX_DIR)).expect("remove index");
    let store = Store::open(dir.path()).expect("reopen without index");
    assert_eq!(hits(&store, "انسحاب"), 2);
    store.close().expect("close");

    std::fs::write(dir.path().join(INDEX_DIR).join("meta.json"), "not json").expect("break index");
    let mut store = Store::open(dir.path()).expect("reopen with a broken index");
    assert_eq!(hits(&store, "انسحاب"), 2);
    assert_eq!(store.rebuild_index().expect("rebuild"), 2);
    assert_eq!(hits(&store, "انسحاب"), 2);
    assert!(store.check().expect("check").is_empty());
}

#[test]
fn an_index_from_another_database_is_replaced() {
    let big = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(big.path()).expect("open");
    store.ingest((0..5).map(|n| doc(&n.to_string(), &format!("خبر {n} عن الانسحاب")))).expect("ingest");
    store.close().expect("close");
    // A store whose database has fewer rows than its index claims.
    let small = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(small.path()).expect("open");
    store.ingest(vec![doc("x", "خبر وحيد عن الانسحاب")]).expect("ingest");
    store.close().expect("close");
    std::fs::remove_dir_all(small.path().join(INDEX_DIR)).expect("remove");
    copy_dir(&big.path().join(INDEX_DIR), &small.path().join(INDEX_DIR));
    let store = Store::open(small.path()).expect("reopen");
    assert_eq!(hits(&store, "انسحاب"), 1);
    assert!(store.check().expect("check").is_empty());
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

/// A version-1 database (documents only) is migrated on open: the mentions
/// and events tables are filled from the stored layers, and the index is
/// built from SQLite.
#[test]
fn an_older_schema_is_migrated_on_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let mut conn = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).expect("sqlite");
        migrate_to(&mut conn, 1).expect("build v1");
        assert_eq!(schema_version(&conn).expect("version"), 1);
        let text = "انسحبت القوات من عين الأسد";
        let layers = serde_json::json!({
            "id": "old-1", "source": "archive", "date": "2024-05-01", "text": text, "offsets": "codepoint",
            "entities": [{"start": 0, "end": 6, "text": "انسحبت", "label": "ORG", "origin": "rule:x"}],
            "places": [{"start": 16, "end": 25, "text": "عين الأسد", "name": "عين الأسد", "lat": 33.8, "lon": 42.4,
                        "country": "IQ", "kind": "facility", "gazetteer_id": "ourairports:ORAA", "origin": "rule:x"}],
            "times": [],
            "events": [{"type": "RETREAT", "trigger": {"start": 0, "end": 6, "text": "انسحبت"}, "mentions": [],
                        "place": {"ref": 0, "start": 16, "end": 25, "text": "عين الأسد", "resolved": "عين الأسد"},
                        "sentence": 0, "planned": false, "negated": false, "hypothetical": false, "reported": false,
                        "origin": "rule:x"}]
        });
        conn.execute(
            "INSERT INTO documents (ext_id, content_hash, source, date, title, url, text, layers)
             VALUES ('old-1', ?1, 'archive', '2024-05-01', NULL, NULL, ?2, ?3)",
            rusqlite::params![content_hash(text), text, layers.to_string()],
        )
        .expect("insert v1 row");
    }
    let store = Store::open(dir.path()).expect("open migrates");
    let stats = store.stats().expect("stats");
    assert_eq!(stats.schema_version, SCHEMA_VERSION);
    assert_eq!((stats.documents, stats.mentions, stats.events, stats.indexed_documents), (1, 2, 1, 1));
    let (place, country): (String, String) = store
        .sqlite()
        .query_row("SELECT place_id, country FROM events", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("event row");
    assert_eq!((place.as_str(), country.as_str()), ("ourairports:ORAA", "IQ"));
    let q = Query {
        event_type: Some("RETREAT".into()), country: Some("IQ".into()), ..Query::text("القوات")
    };
    assert_eq!(store.search(&q).expect("search").total, 1);
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let conn = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).expect("sqlite");
        conn.execute_batch("PRAGMA user_version = 99").expect("pragma");
    }
    match Store::open(dir.path()) {
        Err(StoreError::SchemaTooNew { found: 99, .. }) => {}
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("opened a database from the future"),
    }
}

/// A row committed to SQLite whose index commit never happened (the crash
/// window between the two) is indexed when the store is opened again.
#[test]
fn an_index_that_lags_behind_sqlite_catches_up_on_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("open");
    store.ingest(vec![doc("1", "بدأ انسحاب القوات")]).expect("ingest");
    let text = "تواصلت الانسحابات شمالا";
    let layers = serde_json::json!({"text": text, "entities": [], "places": [], "times": [], "events": []});
    store
        .sqlite()
        .execute(
            "INSERT INTO documents (ext_id, content_hash, source, text, layers) VALUES ('2', ?1, 'test', ?2, ?3)",
            rusqlite::params![content_hash(text), text, layers.to_string()],
        )
        .expect("row without index entry");
    assert_eq!(hits(&store, "انسحاب"), 1);
    store.close().expect("close");
    let store = Store::open(dir.path()).expect("reopen");
    assert_eq!(hits(&store, "انسحاب"), 2);
    let stats = store.stats().expect("stats");
    assert_eq!((stats.indexed_documents, stats.indexed_up_to), (2, 2));
}

/// A version-2 database is migrated to version 3: rows derived again with
/// the new columns (event sentences, quotes), sketches computed from the
/// stored text, and relink works on the result.
#[test]
fn a_version_2_database_is_migrated_to_version_3() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "انسحبت القوات من عين الأسد صباح اليوم بعد أسابيع من التحضيرات. وقال الوزير إن الانسحاب اكتمل وإن القاعدة سلمت إلى الجيش.";
    let edited = format!("{text} وأضاف أن المرحلة التالية تبدأ الشهر المقبل.");
    {
        let mut conn = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).expect("sqlite");
        migrate_to(&mut conn, 2).expect("build v2");
        for (n, body) in [text.to_string(), edited.clone()].iter().enumerate() {
            let layers = serde_json::json!({
                "sentences": [{"start": 0, "end": 63}],
                "entities": [{"start": 54, "end": 60, "text": "الوزير", "label": "PER", "canonical": "الوزير", "origin": "rule:x"}],
                "places": [], "times": [],
                "quotes": [{"start": 70, "end": 90, "text": "x", "direct": false, "cue": {"start": 0, "end": 1, "text": "x"},
                            "speaker": {"start": 54, "end": 60, "text": "الوزير", "canonical": "الوزير"}, "origin": "rule:x"}],
                "events": [{"type": "RETREAT", "trigger": {"start": 0, "end": 6, "text": "انسحبت"}, "mentions": [],
                            "sentence": 0, "planned": false, "negated": false, "hypothetical": false, "reported": false,
                            "origin": "rule:x"}]
            });
            conn.execute(
                "INSERT INTO documents (ext_id, content_hash, source, date, title, url, text, layers)
                 VALUES (?1, ?2, ?3, '2025-12-31', NULL, NULL, ?4, ?5)",
                rusqlite::params![
                    format!("v2-{n}"),
                    content_hash(body),
                    format!("outlet-{n}"),
                    body,
                    layers.to_string()
                ],
            )
            .expect("insert v2 row");
        }
    }
    let mut store = Store::open(dir.path()).expect("open migrates");
    let stats = store.stats().expect("stats");
    assert_eq!((stats.schema_version, stats.documents, stats.events), (3, 2, 2));
    assert!(stats.relink_stale);
    let count = |sql: &str| -> i64 { store.sqlite().query_row(sql, [], |r| r.get(0)).expect("count") };
    assert_eq!(count("SELECT COUNT(*) FROM sketches"), 2);
    assert_eq!(count("SELECT COUNT(*) FROM quotes WHERE speaker_key = 'الوزير'"), 2);
    assert_eq!(count("SELECT COUNT(*) FROM events WHERE sentence_end = 63"), 2);
    let report = store.relink().expect("relink");
    assert_eq!((report.duplicate_pairs, report.event_groups), (1, 1), "{report:?}");
    let events = store.merged_events(&Default::default()).expect("events");
    assert_eq!((events[0].documents, events[0].sources), (2, 2));
    assert!(!store.stats().expect("stats").relink_stale);
}
