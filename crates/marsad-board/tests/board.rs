//! The situation board end to end: articles written for these tests (several
//! outlets and dates) are annotated, ingested into a temporary store, and
//! the board derived from it is rendered compactly and compared.

use chrono::NaiveDate;
use expect_test::{expect, Expect};
use marsad_annotate::{AnnotateConfig, Annotator};
use marsad_board::{Board, PlaceState, StateChange};
use marsad_core::DocMeta;
use marsad_corpus::Store;
use std::sync::OnceLock;

fn annotator() -> &'static Annotator {
    static ANNOTATOR: OnceLock<Annotator> = OnceLock::new();
    ANNOTATOR.get_or_init(|| Annotator::new(&AnnotateConfig::default()).expect("annotator"))
}

/// Articles as (outlet, date, text); the board of a store holding them.
fn board_of(articles: &[(&str, &str, &str)]) -> Board {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("open store");
    let docs = articles.iter().enumerate().map(|(i, (source, date, text))| {
        let meta = DocMeta {
            id: format!("t{i}"),
            source: source.to_string(),
            outlet: Some(source.to_string()),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            title: None,
            url: None,
        };
        annotator().annotate(meta, text.to_string())
    });
    store.ingest(docs.collect::<Vec<_>>()).expect("ingest");
    // The across-article links (exact copies) are optional for the board.
    let _ = store.relink();
    marsad_board::derive(&store).expect("board")
}

fn change_line(c: &StateChange) -> String {
    let quantity = c.quantity.map(|q| format!(" x{q}")).unwrap_or_default();
    let announced = c.announced.as_deref().map(|a| format!(" announced {a}")).unwrap_or_default();
    format!(
        "{} {} -> {} @{}{quantity} sources={} docs={}{announced}",
        c.attribute,
        c.from.as_deref().unwrap_or("?"),
        c.to.as_deref().unwrap_or("?"),
        c.date.as_deref().unwrap_or("-"),
        c.sources,
        c.documents,
    )
}

/// A compact rendering of one place: current facts, history, planned and
/// conflicts, one line each.
fn render_place(p: &PlaceState) -> String {
    let mut out = format!("{} [{}]\n", p.name, p.kind.as_deref().unwrap_or("-"));
    for f in &p.current {
        let quantity = f.quantity.map(|q| format!(" x{q}")).unwrap_or_default();
        out.push_str(&format!(
            "  now {} = {}{quantity} since {} sources={}\n",
            f.attribute,
            f.value,
            f.since.as_deref().unwrap_or("-"),
            f.sources
        ));
    }
    for c in &p.history {
        out.push_str(&format!("  done {}\n", change_line(c)));
    }
    for c in &p.planned {
        out.push_str(&format!("  planned {}\n", change_line(c)));
    }
    for conflict in &p.conflicts {
        let sides: Vec<String> = conflict.claims.iter().map(change_line).collect();
        out.push_str(&format!("  conflict {}: {}\n", conflict.attribute, sides.join(" | ")));
    }
    out
}

fn render(board: &Board) -> String {
    board.places.iter().map(render_place).collect()
}

/// One helper per feature: the board of these articles renders as expected.
fn check(articles: &[(&str, &str, &str)], expected: Expect) {
    expected.assert_eq(&render(&board_of(articles)));
}

#[test]
fn a_planned_handover_then_the_reported_handover() {
    check(
        &[
            ("wire-a", "2025-12-31", "أعلنت قيادة العمليات المشتركة أن القوات الأمريكية ستسلم قاعدة عين الأسد في محافظة الأنبار إلى القوات العراقية الأسبوع المقبل."),
            ("wire-b", "2026-01-10", "تسلم الجيش العراقي اليوم السبت قاعدة عين الأسد في محافظة الأنبار من القوات الأمريكية بشكل كامل."),
        ],
        expect![[r#"
            قاعدة عين الأسد [base]
              now holder = القوات العراقية since 2026-01-10 sources=1
              done holder القوات الأمريكية -> القوات العراقية @2026-01-10 sources=1 docs=1 announced 2025-12-31
        "#]],
    );
}

#[test]
fn an_announcement_alone_stays_planned() {
    check(
        &[("wire-a", "2025-12-31", "أعلنت قيادة العمليات المشتركة أن القوات الأمريكية ستسلم قاعدة عين الأسد في محافظة الأنبار إلى القوات العراقية الأسبوع المقبل.")],
        expect![[r#"
            قاعدة عين الأسد [base]
              planned holder القوات الأمريكية -> القوات العراقية @2026-W02 sources=1 docs=1
        "#]],
    );
}

#[test]
fn a_withdrawal_leaves_the_holder_unknown() {
    check(
        &[("wire-a", "2026-01-10", "انسحبت القوات الأمريكية من قاعدة حرير في أربيل أمس، بحسب مصادر أمنية.")],
        expect![[r#"
            قاعدة حرير [base]
              now holder = unknown since 2026-01-09 sources=1
              done holder القوات الأمريكية -> ? @2026-01-09 sources=1 docs=1
        "#]],
    );
}

#[test]
fn province_security_handed_to_the_interior_ministry() {
    check(
        &[
            (
                "wire-a",
                "2026-01-10",
                "تسلمت وزارة الداخلية الملف الأمني في محافظة ديالى من الجيش العراقي اليوم السبت.",
            ),
            ("wire-b", "2026-01-12", "أعلنت الحكومة نقل الملف الأمني في محافظة كربلاء إلى وزارة الداخلية."),
        ],
        expect![[r#"
            كربلاء [province]
              now security = وزارة الداخلية since 2026-01-12 sources=1
              done security ? -> وزارة الداخلية @2026-01-12 sources=1 docs=1
            ديالى [province]
              now security = وزارة الداخلية since 2026-01-10 sources=1
              done security القوات العراقية -> وزارة الداخلية @2026-01-10 sources=1 docs=1
        "#]],
    );
}

#[test]
fn troop_numbers_that_disagree_stand_side_by_side() {
    check(
        &[
            ("wire-a", "2026-01-10", "وينتشر نحو 2500 جندي أمريكي في سوريا بحسب البنتاغون."),
            ("wire-b", "2026-01-11", "قال مسؤولون إنه ينتشر نحو 900 جندي أمريكي في سوريا حاليا."),
        ],
        expect![[r#"
            سوريا [country]
              now presence = القوات الأمريكية x900 since 2026-01-10 sources=2
              done presence ? -> القوات الأمريكية @2026-01-10 x900 sources=2 docs=2
              conflict presence: presence ? -> القوات الأمريكية @2026-01-11 x900 sources=1 docs=1 | presence ? -> القوات الأمريكية @2026-01-10 x2500 sources=1 docs=1
        "#]],
    );
}

#[test]
fn a_denied_handover_changes_nothing() {
    check(
        &[(
            "wire-a",
            "2026-01-10",
            "نفت وزارة الدفاع الأمريكية تسليم قاعدة عين الأسد إلى القوات العراقية، وقالت إن القوات باقية.",
        )],
        expect![[r#""#]],
    );
}

#[test]
fn one_change_from_three_outlets_counts_three_sources() {
    check(
        &[
            (
                "wire-a",
                "2026-01-10",
                "تسلم الجيش العراقي اليوم السبت قاعدة عين الأسد في محافظة الأنبار من القوات الأمريكية.",
            ),
            (
                "wire-b",
                "2026-01-10",
                "وتسلمت القوات العراقية قاعدة عين الأسد في الأنبار من الجانب الأمريكي السبت.",
            ),
            (
                "wire-c",
                "2026-01-11",
                "أفادت مصادر بأن الجيش العراقي تسلم قاعدة عين الأسد من القوات الأمريكية أمس.",
            ),
        ],
        expect![[r#"
            قاعدة عين الأسد [base]
              now holder = القوات العراقية since 2026-01-10 sources=3
              done holder القوات الأمريكية -> القوات العراقية @2026-01-10 sources=3 docs=3
        "#]],
    );
}
