//! Search over a small corpus of articles written for these tests: recall
//! across Arabic spelling variation, phrases, filters, highlights.

use chrono::NaiveDate;
use marsad_core::{Doc, DocMeta, Entity, EntityLabel, Event, Origin, Place, PlaceKind, TextRange};
use marsad_corpus::{Query, Store};

/// (id, source, date, title, text)
const ARTICLES: &[(&str, &str, &str, &str, &str)] = &[
    ("a1", "wire-a", "2025-12-31", "انسحاب من عين الأسد", "أعلنت القوات الأمريكية بدء الانسحاب من قاعدة عين الأسد في محافظة الأنبار. وقال المتحدث إن العملية ستستمر أسابيع."),
    ("a2", "wire-b", "2025-12-20", "تقرير ميداني", "تواصلت الانسحابات من المواقع العسكرية شمال سوريا، والانسحاب يشمل المعدات الثقيلة."),
    ("a3", "wire-a", "2025-11-02", "زيارة رسمية", "زار وزراء الخارجية العرب بغداد يوم ١٢ مارس لبحث الأزمة."),
    ("a4", "wire-c", "2025-10-15", "مفاوضات", "قالَ المُتَحَدِّثُ باسمِ الحُكومةِ إنّ المفاوضات مستمرة مع الوفد الإيراني."),
    ("a5", "wire-b", "2025-09-01", "اقتصاد", "ارتفعت اسعار النفط واعلنت الحكومه اللبنانيه خطة جديدة للطاقة."),
    ("a6", "wire-c", "2025-12-30", "أخبار متفرقة", "عقد مجلس الأمن جلسة طارئة. ولم يتطرق البيان إلى القوات الأمريكية أو أي انسحاب قريب من العراق."),
];

fn article(id: &str, source: &str, date: &str, title: &str, text: &str) -> Doc {
    let meta = DocMeta {
        id: id.to_string(),
        source: source.to_string(),
        outlet: None,
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        title: Some(title.to_string()),
        url: None,
    };
    let mut doc = Doc::new(meta, text.to_string());
    // Hand-made layers, so the filter tests do not depend on the annotators.
    let range_of = |needle: &str| {
        let start = text.find(needle).expect("needle in text");
        TextRange::new(start, start + needle.len())
    };
    let origin = Origin::rule("test");
    if text.contains("عين الأسد") {
        doc.places.push(Place {
            range: range_of("عين الأسد"),
            name: "عين الأسد".into(),
            lat: 33.8,
            lon: 42.44,
            country: "IQ".into(),
            admin1: None,
            kind: PlaceKind::Facility,
            gazetteer_id: "ourairports:ORAA".into(),
            confidence: None,
            origin: origin.clone(),
        });
        doc.events.push(Event {
            kind: "RETREAT".into(),
            mode: Some("withdraw".into()),
            subtype: None,
            trigger: range_of("الانسحاب"),
            mentions: Vec::new(),
            actor: None,
            recipient: None,
            place: Some(0),
            time: None,
            date: Some(date.to_string()),
            sentence: 0,
            planned: false,
            negated: false,
            hypothetical: false,
            reported: false,
            confidence: None,
            origin: origin.clone(),
        });
    }
    if text.contains("سوريا") {
        doc.places.push(Place {
            range: range_of("سوريا"),
            name: "سوريا".into(),
            lat: 35.0,
            lon: 38.0,
            country: "SY".into(),
            admin1: None,
            kind: PlaceKind::Country,
            gazetteer_id: "geonames:163843".into(),
            confidence: None,
            origin: origin.clone(),
        });
    }
    if text.contains("مجلس الأمن") {
        doc.entities.push(Entity {
            canonical: Some("مجلس الأمن الدولي".into()),
            ..Entity::new(range_of("مجلس الأمن"), EntityLabel::ORG, origin.clone())
        });
    }
    if text.contains("الإيراني") {
        doc.entities.push(Entity {
            nationality: Some("ir".into()),
            ..Entity::new(range_of("الإيراني"), EntityLabel::MISC, origin)
        });
    }
    doc
}

fn corpus() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("open store");
    let docs = ARTICLES.iter().map(|&(id, source, date, title, text)| article(id, source, date, title, text));
    let report = store.ingest(docs).expect("ingest");
    assert_eq!(report.added, ARTICLES.len());
    (dir, store)
}

/// The ids of the documents `query` finds, in ranking order... sorted, as
/// recall is what these tests check.
fn found(store: &Store, query: &Query) -> String {
    let results = store.search(&Query { limit: 50, ..query.clone() }).expect("search");
    assert_eq!(results.total, results.hits.len());
    let mut ids: Vec<&str> = results.hits.iter().map(|h| h.ext_id.as_str()).collect();
    ids.sort_unstable();
    ids.join(" ")
}

fn text(q: &str) -> Query {
    Query::text(q)
}

#[test]
fn words_meet_their_clitic_inflected_and_variant_forms() {
    let (_dir, store) = corpus();
    // query, documents found (one case per line)
    let cases: &[(&str, &str)] = &[
        ("انسحاب", "a1 a2 a6"),
        ("والانسحاب", "a1 a2 a6"),
        ("الانسحابات", "a1 a2 a6"),
        ("وزير", "a3"),
        ("الحكومة", "a4 a5"),
        ("حكومه", "a4 a5"),
        ("أسعار", "a5"),
        ("أعلنت", "a1 a5"),
        ("المتحدث", "a1 a4"),
        ("مُتحدّث", "a1 a4"),
        ("12", "a3"),
        ("١٢", "a3"),
        ("اللبنانية", "a5"),
        ("القوات الأمريكية", "a1 a6"),
        ("مفاوضات", "a4"),
        ("زيارة", "a3"),
        ("طائرة", ""),
    ];
    let mut failures = Vec::new();
    for &(query, expected) in cases {
        let got = found(&store, &text(query));
        if got != expected {
            failures.push(format!("{query}: expected [{expected}], got [{got}]"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn quoted_phrases_need_consecutive_words() {
    let (_dir, store) = corpus();
    assert_eq!(found(&store, &text("\"القوات الأمريكية\"")), "a1 a6");
    assert_eq!(found(&store, &text("\"الأمريكية القوات\"")), "");
    assert_eq!(found(&store, &text("\"قاعدة عين الأسد\"")), "a1");
    assert_eq!(found(&store, &text("«عين الأسد» انسحاب")), "a1");
    assert_eq!(found(&store, &text("\"المواقع العسكرية\" سوريا")), "a2");
}

#[test]
fn filters_narrow_the_results() {
    let (_dir, store) = corpus();
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let all = |f: fn(&mut Query)| {
        let mut q = text("انسحاب");
        f(&mut q);
        q
    };
    assert_eq!(found(&store, &all(|q| q.source = Some("wire-a".into()))), "a1");
    assert_eq!(found(&store, &all(|q| q.country = Some("sy".into()))), "a2");
    assert_eq!(found(&store, &all(|q| q.event_type = Some("retreat".into()))), "a1");
    assert_eq!(found(&store, &all(|q| q.place = Some("ourairports:ORAA".into()))), "a1");
    assert_eq!(found(&store, &all(|q| q.place = Some("عين الاسد".into()))), "a1");
    assert_eq!(found(&store, &all(|q| q.entity = Some("مجلس الامن الدولي".into()))), "a6");
    assert_eq!(found(&store, &all(|q| q.entity = Some("مجلس الأمن".into()))), "a6");
    let mut q = text("انسحاب");
    q.from = date("2025-12-25");
    assert_eq!(found(&store, &q), "a1 a6");
    q.to = date("2025-12-30");
    assert_eq!(found(&store, &q), "a6");
    // Filters alone, no text.
    let q = Query { from: date("2025-10-01"), to: date("2025-11-30"), ..Query::default() };
    assert_eq!(found(&store, &q), "a3 a4");
    let q = Query { country: Some("IR".into()), ..Query::default() };
    assert_eq!(found(&store, &q), "a4");
    let q = Query { source: Some("wire-b".into()), ..Query::default() };
    assert_eq!(found(&store, &q), "a2 a5");
    // Without text, newest first.
    let newest = store.search(&Query { source: Some("wire-c".into()), ..Query::default() }).expect("search");
    let order: Vec<&str> = newest.hits.iter().map(|h| h.ext_id.as_str()).collect();
    assert_eq!(order, ["a6", "a4"]);
}

#[test]
fn highlights_slice_the_matching_words_in_code_points() {
    let (_dir, store) = corpus();
    let cases: &[(&str, &str)] = &[
        ("انسحاب", "a2: الانسحابات | والانسحاب"),
        ("الحكومة", "a4: الحُكومةِ"),
        ("\"قاعدة عين الأسد\"", "a1: قاعدة عين الأسد"),
        ("١٢", "a3: ١٢"),
    ];
    for &(query, expected) in cases {
        let results = store.search(&text(query)).expect("search");
        let id = expected.split(':').next().expect("id");
        let hit = results.hits.iter().find(|h| h.ext_id == id).expect("hit");
        let doc = store.document(hit.doc_id).expect("read").expect("stored");
        let chars: Vec<char> = doc.text.chars().collect();
        let slices: Vec<String> =
            hit.highlights.iter().map(|&(s, e)| chars[s as usize..e as usize].iter().collect()).collect();
        assert_eq!(format!("{id}: {}", slices.join(" | ")), expected, "query {query}");
        // The snippet is the text at its range and holds a highlight.
        let (s, e) = hit.snippet_range;
        let snippet: String = chars[s as usize..e as usize].iter().collect();
        assert_eq!(snippet, hit.snippet);
        assert!(hit.highlights.iter().any(|&(hs, he)| hs >= s && he <= e), "snippet without highlight");
    }
}

#[test]
fn paging_and_totals() {
    let (_dir, store) = corpus();
    let first = store.search(&Query { limit: 2, ..text("انسحاب") }).expect("search");
    let second = store.search(&Query { limit: 2, offset: 2, ..text("انسحاب") }).expect("search");
    assert_eq!((first.total, first.hits.len(), second.total, second.hits.len()), (3, 2, 3, 1));
    let mut ids: Vec<i64> = first.hits.iter().chain(&second.hits).map(|h| h.doc_id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 3);
}

#[test]
fn stored_documents_keep_text_meta_and_layers() {
    let (_dir, store) = corpus();
    let id = store.ids_by_ext_id("a1").expect("lookup")[0];
    let doc = store.document(id).expect("read").expect("stored");
    assert_eq!(doc.text, ARTICLES[0].4);
    assert_eq!(doc.meta.source, "wire-a");
    assert_eq!(doc.layers["places"][0]["text"], "عين الأسد");
    assert_eq!(doc.layers["events"][0]["type"], "RETREAT");
    let stats = store.stats().expect("stats");
    assert_eq!((stats.documents, stats.indexed_documents, stats.events), (6, 6, 1));
    assert_eq!(stats.mentions, 4);
    assert!(store.check().expect("check").is_empty());
    assert!(store.document(9999).expect("read").is_none());
}
