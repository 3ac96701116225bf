//! Across-article linking on articles written for these tests: exact
//! copies, near-duplicates, stories, entities merged across documents,
//! events counted once across outlets, determinism, read-only opening.

use chrono::NaiveDate;
use marsad_annotate::{AnnotateConfig, Annotator};
use marsad_core::{Doc, DocMeta, Entity, EntityLabel, Origin, TextRange};
use marsad_corpus::across::sketch::{estimated_jaccard, minhash};
use marsad_corpus::{EntityFilter, EventFilter, Query, Store, StoreError};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn annotator() -> &'static Annotator {
    static ANNOTATOR: OnceLock<Annotator> = OnceLock::new();
    ANNOTATOR.get_or_init(|| Annotator::new(&AnnotateConfig::default()).expect("annotator"))
}

fn meta(id: &str, source: &str, date: &str, title: &str) -> DocMeta {
    DocMeta {
        id: id.to_string(),
        source: source.to_string(),
        outlet: None,
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        title: Some(title.to_string()),
        url: None,
    }
}

fn annotated(id: &str, source: &str, date: &str, title: &str, text: &str) -> Doc {
    annotator().annotate(meta(id, source, date, title), text.to_string())
}

/// The wire story: an agency report on the withdrawal from Ain al-Asad.
const WIRE: &str = "أعلنت قيادة العمليات المشتركة في العراق أن قوات التحالف الدولي ستنسحب من قاعدة عين الأسد في محافظة الأنبار الأسبوع المقبل، في خطوة جديدة على طريق إنهاء وجودها العسكري في البلاد.
وأوضح نائب قائد العمليات المشتركة الفريق أول الركن قيس المحمداوي أن التحالف الدولي سيغادر القاعدة خلال الأيام المقبلة، في إطار مراحل متتابعة لإعادة تنظيم الوجود الأجنبي في العراق.
وأشار المحمداوي إلى أن نسبة التسلل عبر الحدود العراقية وصلت إلى الصفر، في إشارة إلى تشديد الإجراءات الأمنية والتحصينات على الحدود مع سوريا.
وكان رئيس الحكومة العراقية محمد شياع السوداني قد أكد أنه لم يعد هناك أي مبرر لبقاء قوات أجنبية في العراق، وأن الدستور ينص على عدم وجود سلاح خارج القوات الأمنية.
ويأتي الانسحاب تنفيذا للاتفاق الموقع بين بغداد وواشنطن العام الماضي، والذي ينص على إنهاء مهمة التحالف الدولي في العراق على مرحلتين تنتهي الثانية في أيلول من العام المقبل.";

/// The wire story as another outlet ran it: a new first line, the last
/// paragraph cut.
fn syndicated() -> String {
    let mut paragraphs: Vec<&str> = WIRE.lines().collect();
    paragraphs.pop();
    let body = paragraphs[1..].join("\n");
    format!(
        "قالت قيادة العمليات المشتركة في العراق إن قوات التحالف الدولي ستنسحب من قاعدة عين الأسد في محافظة الأنبار الأسبوع المقبل، في خطوة جديدة على طريق إنهاء وجودها العسكري في البلاد.\n{body}"
    )
}

/// The same story written independently.
const OWN_REPORT: &str = "قوات التحالف الدولي تبدأ الأسبوع المقبل الانسحاب من قاعدة عين الأسد الجوية في الأنبار، وفق ما أعلنته قيادة العمليات المشتركة العراقية.
وبحسب الفريق أول الركن قيس المحمداوي فإن مغادرة التحالف الدولي للقاعدة تجري على مراحل، وإن الحدود مع سوريا باتت مؤمنة بالكامل.
وكان رئيس الوزراء محمد شياع السوداني قد شدد على انتهاء مبررات بقاء القوات الأجنبية في العراق بعد الاتفاق بين بغداد وواشنطن على إنهاء مهمة التحالف الدولي";

/// The same subject, months before.
const ARCHIVE: &str = "تستعد القوات الأجنبية في قاعدة عين الأسد الجوية غرب العراق لتدريبات مشتركة مع الجيش العراقي، بحسب مصادر عسكرية عراقية في الأنبار.
وقال ضابط في الجيش العراقي إن آليات التحالف الدولي نقلت معدات إلى القاعدة، وإن رئيس الوزراء محمد شياع السوداني سيزور الموقع.";

/// An unrelated story on the same day.
const OIL: &str = "ارتفعت أسعار النفط في الأسواق العالمية اليوم بعد قرار منظمة أوبك خفض الإنتاج خلال الربع الأول من العام المقبل.
وقال محللون في الرياض إن خام برنت تجاوز ثمانين دولارا للبرميل للمرة الأولى منذ أشهر، وسط توقعات بزيادة الطلب في آسيا.
وأعلنت وزارة الطاقة السعودية أن المملكة ستواصل التنسيق مع المنتجين من خارج المنظمة لضمان استقرار السوق.";

fn story_corpus() -> Vec<Doc> {
    vec![
        annotated("wire-1", "agency", "2025-12-31", "التحالف ينسحب من عين الأسد", WIRE),
        annotated(
            "paper-1",
            "paper",
            "2025-12-31",
            "انسحاب التحالف من قاعدة عين الأسد الأسبوع المقبل",
            &syndicated(),
        ),
        annotated("site-1", "site", "2025-12-31", "عين الأسد: التحالف يغادر", WIRE),
        annotated("tv-1", "tv", "2026-01-01", "القوات الأجنبية تستعد لمغادرة عين الأسد", OWN_REPORT),
        annotated("oil-1", "agency", "2025-12-31", "النفط يرتفع", OIL),
        // The same subject half a year earlier: outside the story window.
        annotated("tv-old", "tv", "2025-06-01", "القوات الأجنبية في عين الأسد", ARCHIVE),
    ]
}

fn id_of(store: &Store, ext_id: &str) -> i64 {
    store.ids_by_ext_id(ext_id).expect("lookup")[0]
}

fn relinked(docs: Vec<Doc>) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("open");
    store.ingest(docs).expect("ingest");
    store.relink().expect("relink");
    (dir, store)
}

#[test]
fn copies_duplicates_and_stories() {
    let (_dir, mut store) = relinked(story_corpus());
    let stats = store.stats().expect("stats");
    assert_eq!((stats.documents, stats.copies), (5, 1), "the exact copy is recorded, not stored");
    assert!(!stats.relink_stale);

    let wire = id_of(&store, "wire-1");
    let links = store.duplicates_of(wire).expect("duplicates");
    let described: BTreeSet<(String, bool)> =
        links.iter().map(|l| (l.other.ext_id.clone(), l.exact)).collect();
    assert!(described.contains(&("site-1".to_string(), true)), "{links:?}");
    assert!(described.contains(&("paper-1".to_string(), false)), "{links:?}");
    assert!(!described.iter().any(|(id, _)| id == "tv-1" || id == "oil-1"), "{links:?}");
    let paper = links.iter().find(|l| l.other.ext_id == "paper-1").expect("paper link");
    assert!((0.5..1.0).contains(&paper.similarity), "{}", paper.similarity);

    // One story for the three write-ups, the oil news apart, the old copy
    // apart (outside the window, although a near-duplicate).
    let story = store.story_of(wire).expect("story").expect("has a story");
    assert_eq!(store.story_of(id_of(&store, "paper-1")).expect("story"), Some(story));
    assert_eq!(store.story_of(id_of(&store, "tv-1")).expect("story"), Some(story));
    assert_ne!(store.story_of(id_of(&store, "oil-1")).expect("story"), Some(story));
    let detail = store.story(story).expect("story").expect("exists");
    // The earliest document's title (two share the first day: content order decides).
    assert!(
        ["التحالف ينسحب من عين الأسد", "انسحاب التحالف من قاعدة عين الأسد الأسبوع المقبل"]
            .contains(&detail.summary.title.as_str()),
        "{}",
        detail.summary.title
    );
    assert_eq!((detail.summary.documents, detail.summary.sources), (3, 4));
    assert_eq!(detail.summary.first_date, NaiveDate::from_ymd_opt(2025, 12, 31));
    assert_eq!(detail.summary.last_date, NaiveDate::from_ymd_opt(2026, 1, 1));

    // Re-ingesting the same inputs adds no copy and no document.
    let again = store.ingest(story_corpus()).expect("ingest again");
    assert_eq!(again.added, 0);
    assert_eq!(store.stats().expect("stats").copies, 1);
}

#[test]
fn stories_respect_the_time_window() {
    let (_dir, store) = relinked(story_corpus());
    let old = store.story_of(id_of(&store, "tv-old")).expect("story");
    assert!(old.is_some());
    assert_ne!(old, store.story_of(id_of(&store, "wire-1")).expect("story"));
    assert_ne!(old, store.story_of(id_of(&store, "tv-1")).expect("story"));
    let since = EventFilter { since: NaiveDate::from_ymd_opt(2025, 12, 1), ..Default::default() };
    let recent = store.stories(&since).expect("stories");
    assert!(recent.iter().all(|s| s.last_date >= NaiveDate::from_ymd_opt(2025, 12, 1)), "{recent:?}");
    assert!(!recent.iter().any(|s| Some(s.id) == old));
}

/// Three outlets report one withdrawal in their own words.
fn withdrawal_reports() -> Vec<Doc> {
    vec![
        annotated(
            "w-a",
            "outlet-a",
            "2026-01-15",
            "انسحاب",
            "انسحبت القوات الأمريكية من قاعدة عين الأسد في محافظة الأنبار اليوم. وقال مسؤول عراقي إن الجيش العراقي تسلم القاعدة.",
        ),
        annotated(
            "w-b",
            "outlet-b",
            "2026-01-15",
            "القوات الأمريكية تغادر",
            "أكملت القوات الأمريكية انسحابها من قاعدة عين الأسد غرب العراق صباح اليوم، بحسب بيان عسكري.",
        ),
        annotated(
            "w-c",
            "outlet-c",
            "2026-01-16",
            "عين الأسد",
            "ذكرت مصادر أمنية أن القوات الأمريكية انسحبت من قاعدة عين الأسد أمس وسلمتها إلى القوات العراقية.",
        ),
    ]
}

#[test]
fn an_event_reported_by_three_outlets_counts_once() {
    let (_dir, store) = relinked(withdrawal_reports());
    let events = store
        .merged_events(&EventFilter { kind: Some("RETREAT".into()), ..Default::default() })
        .expect("events");
    let merged =
        events.iter().find(|e| e.documents == 3).unwrap_or_else(|| panic!("no merged event in {events:#?}"));
    assert_eq!(merged.sources, 3);
    assert_eq!(merged.mentions.len(), 3);
    for m in &merged.mentions {
        let doc = store.document(m.doc_id).expect("read").expect("stored");
        let chars: Vec<char> = doc.text.chars().collect();
        let slice: String = chars[m.sentence.start as usize..m.sentence.end as usize].iter().collect();
        assert_eq!(slice, m.sentence.text, "evidence is the sentence at its offsets");
        assert!(m.sentence.text.contains(&m.trigger_text), "{m:?}");
    }
    // Filters reach it by place and by country.
    let by_place = EventFilter { place: merged.place_id.clone(), ..Default::default() };
    assert!(store.merged_events(&by_place).expect("events").iter().any(|e| e.id == merged.id));
    let timeline = store.timeline(&EventFilter::default()).expect("timeline");
    assert!(timeline.iter().any(|b| b.kind == "RETREAT" && b.documents >= 3), "{timeline:?}");
    let map = store.map_places(&EventFilter::default()).expect("map");
    let base = map.iter().find(|p| Some(&p.place_id) == merged.place_id.as_ref()).expect("base on map");
    assert_eq!(base.documents, 3);
    assert!(base.events >= 1);
}

/// A document with hand-made person mentions (so the test does not depend
/// on the tagger's recall): (surface, canonical) pairs.
fn people_doc(id: &str, date: &str, topic: &str, people: &[(&str, &str)]) -> Doc {
    let mut text = format!("{topic}.");
    let mut spans = Vec::new();
    for (surface, canonical) in people {
        text.push_str(" وقال ");
        let start = text.len();
        text.push_str(surface);
        spans.push((start, text.len(), canonical.to_string()));
        text.push_str(&format!(" إن الأوضاع في {topic} تتحسن."));
    }
    let mut doc = Doc::new(meta(id, &format!("src-{id}"), date, topic), text);
    for (start, end, canonical) in spans {
        doc.entities.push(Entity {
            canonical: Some(canonical),
            ..Entity::new(TextRange::new(start, end), EntityLabel::PER, Origin::rule("test"))
        });
    }
    doc
}

#[test]
fn a_short_name_joins_the_one_full_name_it_ends() {
    let sudani = "محمد شياع السوداني";
    let docs = vec![
        people_doc("p1", "2025-03-01", "الموازنة العامة للدولة", &[(sudani, sudani)]),
        people_doc("p2", "2025-04-11", "مشاريع الكهرباء في الجنوب", &[(sudani, sudani)]),
        people_doc("p3", "2025-05-20", "المنافذ الحدودية مع إيران", &[("السوداني", "السوداني")]),
    ];
    let (_dir, store) = relinked(docs);
    let id = format!("PER:{}", sudani);
    let page = store.entity(&id).expect("entity").expect("exists");
    assert_eq!(page.summary.documents, 3, "{page:#?}");
    assert!(page.aliases.iter().any(|a| a.name == "السوداني"));
    assert!(store.entity("PER:السوداني").expect("entity").is_none());
    let found =
        store.entities(&EntityFilter { name: Some("السوداني".into()), ..Default::default() }).expect("list");
    assert_eq!(found.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), vec![id.as_str()]);
}

#[test]
fn an_ambiguous_short_name_stays_apart() {
    let (a, b) = ("محمد شياع السوداني", "أحمد علي السوداني");
    let docs = vec![
        people_doc("q1", "2025-03-01", "الموازنة العامة للدولة", &[(a, a)]),
        people_doc("q2", "2025-04-11", "مشاريع الكهرباء في الجنوب", &[(a, a)]),
        people_doc("q3", "2025-05-01", "بطولة الدوري الممتاز", &[(b, b)]),
        people_doc("q4", "2025-06-01", "نتائج الموسم الكروي", &[(b, b)]),
        people_doc("q5", "2025-08-20", "المنافذ الحدودية مع إيران", &[("السوداني", "السوداني")]),
    ];
    let (_dir, store) = relinked(docs);
    let short = store.entity("PER:السوداني").expect("entity").expect("kept apart");
    assert_eq!(short.summary.documents, 1);
    assert_eq!(store.entity(&format!("PER:{a}")).expect("entity").expect("a").summary.documents, 2);
}

/// A canonical rendering of everything relink wrote, by ext ids.
fn dump(store: &Store) -> String {
    let conn = store.sqlite();
    // Which of two exact copies is stored depends on the order; name a
    // document by the least of its own and its copies' ids.
    let ext = |id: i64| {
        let own = store.document(id).expect("read").expect("doc").meta.id;
        let copies = store.duplicates_of(id).expect("dups");
        copies.into_iter().filter(|l| l.exact).map(|l| l.other.ext_id).chain([own]).min().expect("an id")
    };
    let mut out = Vec::new();
    let mut select = conn.prepare("SELECT doc_id, other_id, similarity FROM near_duplicates").expect("sql");
    let mut pairs: Vec<String> = select
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, f64>(2)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .map(|(a, b, s)| format!("dup {} {} {s:.3}", ext(a), ext(b)))
        .collect();
    pairs.sort();
    out.extend(pairs);
    let mut select = conn.prepare("SELECT doc_id, story_id FROM story_documents").expect("sql");
    let mut stories: Vec<String> = select
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .map(|(d, s)| format!("story {s} {}", ext(d)))
        .collect();
    stories.sort();
    out.extend(stories);
    for s in store.stories(&EventFilter { limit: 1000, ..Default::default() }).expect("stories") {
        out.push(format!("{s:?}"));
    }
    for e in store.entities(&EntityFilter { limit: 1000, ..Default::default() }).expect("entities") {
        out.push(format!("{e:?}"));
    }
    let mut select = conn.prepare("SELECT doc_id, seq, group_id FROM events").expect("sql");
    let mut events: Vec<String> = select
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, Option<i64>>(2)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .map(|(d, seq, g)| format!("event {} {seq} group {g:?}", ext(d)))
        .collect();
    events.sort();
    out.extend(events);
    for e in store.merged_events(&EventFilter { limit: 1000, ..Default::default() }).expect("events") {
        out.push(format!(
            "{} {} {:?} {:?} {:?} {} {}",
            e.id, e.kind, e.actor, e.place_id, e.date, e.documents, e.sources
        ));
    }
    out.join("\n")
}

#[test]
fn relink_is_the_same_whatever_the_ingest_order() {
    let mut docs = story_corpus();
    docs.extend(withdrawal_reports());
    let mut reversed = docs.clone();
    reversed.reverse();
    let mut shuffled = docs.clone();
    shuffled.rotate_left(4);
    let (_a, first) = relinked(docs);
    let (_b, second) = relinked(reversed);
    let (_c, third) = relinked(shuffled);
    let expected = dump(&first);
    assert!(expected.contains("dup "), "{expected}");
    assert_eq!(dump(&second), expected);
    assert_eq!(dump(&third), expected);
}

#[test]
fn relink_twice_gives_the_same_tables() {
    let (_dir, mut store) = relinked(story_corpus());
    let before = dump(&store);
    store.relink().expect("relink again");
    assert_eq!(dump(&store), before);
}

#[test]
fn a_read_only_store_reads_beside_a_writer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut writer = Store::open(dir.path()).expect("open");
    writer.ingest(vec![annotated("r1", "a", "2025-12-31", "t", WIRE)]).expect("ingest");
    let mut reader = Store::open_read_only(dir.path()).expect("read-only open");
    assert!(reader.is_read_only());
    assert_eq!(reader.search(&Query::text("عين الأسد")).expect("search").total, 1);
    assert!(reader.stats().expect("stats").relink_stale);
    writer.ingest(vec![annotated("r2", "b", "2025-12-31", "t", OIL)]).expect("ingest beside a reader");
    writer.relink().expect("relink beside a reader");
    reader.reload().expect("reload");
    assert_eq!(reader.search(&Query::text("النفط")).expect("search").total, 1);
    assert_eq!(reader.stats().expect("stats").documents, 2);
    assert!(!reader.stats().expect("stats").relink_stale);
    assert!(matches!(reader.ingest(Vec::new()), Err(StoreError::ReadOnly)));
    assert!(matches!(reader.relink(), Err(StoreError::ReadOnly)));
    assert!(Store::open_read_only(dir.path().join("missing")).is_err());
}

#[test]
fn documents_page_lists_newest_first_with_filters() {
    let (_dir, store) = relinked(story_corpus());
    let all = store.documents_page(&EventFilter::default()).expect("page");
    assert_eq!(all.first().map(|d| d.ext_id.as_str()), Some("tv-1"));
    assert_eq!(all.len(), 5);
    let since = EventFilter { since: NaiveDate::from_ymd_opt(2025, 12, 1), ..Default::default() };
    assert_eq!(store.documents_page(&since).expect("page").len(), 4);
    let paged = EventFilter { limit: 2, offset: 1, ..Default::default() };
    let page = store.documents_page(&paged).expect("page");
    assert_eq!(page, all[1..3].to_vec());
}

proptest! {
    /// The MinHash estimate stays near the true Jaccard similarity.
    #[test]
    fn minhash_estimates_jaccard(shared in 0usize..300, only_a in 0usize..300, only_b in 0usize..300, salt in any::<u64>()) {
        prop_assume!(shared + only_a + only_b > 0);
        let key = |i: usize, side: u64| (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ salt ^ (side << 60);
        let mut a: Vec<u64> = (0..shared).map(|i| key(i, 0)).chain((0..only_a).map(|i| key(i, 1))).collect();
        let mut b: Vec<u64> = (0..shared).map(|i| key(i, 0)).chain((0..only_b).map(|i| key(i, 2))).collect();
        a.sort_unstable();
        b.sort_unstable();
        let truth = shared as f32 / (shared + only_a + only_b) as f32;
        let estimate = estimated_jaccard(&minhash(&a), &minhash(&b));
        if a.is_empty() || b.is_empty() {
            prop_assert_eq!(estimate, 0.0);
        } else {
            prop_assert!((estimate - truth).abs() <= 0.2, "estimate {} truth {}", estimate, truth);
        }
    }
}
