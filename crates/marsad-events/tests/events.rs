//! Event coding on sentences written for these tests, run through the real
//! text stages. One case per line: input, then the expected events.

use expect_test::{expect, Expect};
use marsad_annotate::{AnnotateConfig, Annotator};
use marsad_core::{Doc, DocMeta, Pipeline, Stage};
use marsad_events::EventCoder;

/// The whole default pipeline: events read entities, places, times and
/// quotes, so they are tested on what the real stages give them.
fn annotate(date: &str, text: &str) -> Doc {
    static ANNOTATOR: std::sync::OnceLock<Annotator> = std::sync::OnceLock::new();
    let annotator = ANNOTATOR.get_or_init(|| Annotator::new(&AnnotateConfig::default()).unwrap());
    let meta = DocMeta { date: Some(date.parse().unwrap()), ..DocMeta::default() };
    annotator.annotate(meta, text.to_string())
}

#[test]
fn the_coder_declares_what_it_reads() {
    // Without the layers it reads, a pipeline refuses the event coder.
    let mut stages: Vec<Box<dyn Stage>> = marsad_arabic::stages::text_stages(8);
    stages.push(Box::new(EventCoder::new().unwrap()));
    assert!(Pipeline::new(stages).is_err());
}

fn check(text: &str, expect: Expect) {
    let doc = annotate("2025-12-31", text);
    let mut out = String::new();
    for e in &doc.events {
        out.push_str(&format!("{} {}", doc.slice(e.trigger), e.kind));
        for part in [&e.mode, &e.subtype].into_iter().flatten() {
            out.push_str(&format!("/{part}"));
        }
        for (flag, name) in [(e.planned, "planned"), (e.negated, "negated"), (e.hypothetical, "hypothetical")]
        {
            if flag {
                out.push_str(&format!(" [{name}]"));
            }
        }
        if let Some(a) = &e.actor {
            out.push_str(&format!(" actor={}", a.text));
        }
        if let Some(r) = &e.recipient {
            out.push_str(&format!(" recipient={}", r.text));
        }
        if e.mentions.len() > 1 {
            let m: Vec<&str> = e.mentions.iter().map(|m| doc.slice(m.trigger)).collect();
            out.push_str(&format!(" mentions={}", m.join("+")));
        }
        out.push('\n');
    }
    expect.assert_eq(&out);
}

#[test]
fn retreat_planned_negated_and_merged() {
    check(
        "أعلنت القيادة أن القوات الأمريكية ستنسحب من القاعدة.",
        expect![[r#"
        ستنسحب RETREAT/withdraw/withdrawal [planned] actor=القوات الأمريكية
    "#]],
    );
    check(
        "لم تنسحب القوات من المدينة حتى الآن.",
        expect![[r#"
        تنسحب RETREAT/withdraw/withdrawal [negated] actor=القوات
    "#]],
    );
    check(
        "ستنسحب القوات الأمريكية من القاعدة. وقال مسؤول إن الانسحاب سيكتمل خلال أيام.",
        expect![[r#"
        ستنسحب RETREAT/withdraw/withdrawal [planned] actor=القوات الأمريكية mentions=ستنسحب+الانسحاب
    "#]],
    );
    check(
        "من المقرر أن يتم تسليم القاعدة إلى الجيش العراقي.",
        expect![[r#"
        تسليم RETREAT/withdraw/handover [planned] recipient=القاعدة
    "#]],
    );
}

#[test]
fn actors_and_recipients() {
    check(
        "اعتقلت قوات الأمن ثلاثة مسلحين في الموصل.",
        expect![[r#"
        اعتقلت COERCE/arrest actor=قوات الأمن recipient=ثلاثة مسلحين
    "#]],
    );
    check(
        "فرضت واشنطن عقوبات على شركات إيرانية.",
        expect![[r#"
        عقوبات SANCTION actor=واشنطن recipient=شركات إيرانية
    "#]],
    );
    check(
        "وقعت الحكومة اتفاقا مع الشركة.",
        expect![[r#"
        اتفاقا AGREE actor=الحكومة recipient=الشركة
    "#]],
    );
    check(
        "ويأتي ذلك ضمن اتفاق سابق بين بغداد وواشنطن.",
        expect![[r#"
        اتفاق AGREE actor=بغداد recipient=واشنطن
    "#]],
    );
    check(
        "واتهم المتحدث الفصائل المسلحة بتنفيذ الهجوم.",
        expect![[r#"
        اتهم ACCUSE/allege actor=المتحدث recipient=الفصائل المسلحة
        الهجوم ASSAULT
    "#]],
    );
}

#[test]
fn lexicon_blockers_and_hypotheticals() {
    // An organisation's name is not an event.
    check("أعلنت هيئة الحشد الشعبي موقفها.", expect![""]);
    check(
        "إذا هاجمت الفصائل القاعدة سترد واشنطن.",
        expect![[r#"
        هاجمت ASSAULT [hypothetical] actor=الفصائل recipient=القاعدة
    "#]],
    );
    check(
        "تظاهر آلاف المواطنين في البصرة.",
        expect![[r#"
        تظاهر PROTEST/demo actor=آلاف المواطنين
    "#]],
    );
}

#[test]
fn context_changes_or_cancels_a_type() {
    // The agreement one withdraws from is no AGREE event of its own.
    check(
        "انسحبت واشنطن من الاتفاق النووي.",
        expect![[r#"
            انسحبت SANCTION/withdraw actor=واشنطن
        "#]],
    );
    check("أعلنت الدفاع المدني مقتل خمسة أشخاص في زلزال ضرب المنطقة.", expect![""]);
}

#[test]
fn every_event_points_into_the_text_and_has_provenance() {
    let doc = annotate(
        "2025-12-31",
        "قصفت الطائرات مواقع المسلحين، واعتقلت الشرطة عشرة أشخاص. وطالب المحتجون بالإفراج عنهم.",
    );
    assert_eq!(doc.events.len(), 4, "{:?}", doc.events.iter().map(|e| &e.kind).collect::<Vec<_>>());
    for e in &doc.events {
        assert!(!doc.slice(e.trigger).is_empty());
        assert!(e.mentions.iter().all(|m| doc.sentences[m.sentence].range.contains_range(m.trigger)));
        assert!(matches!(e.origin, marsad_core::Origin::Lexicon { line, .. } if line > 0));
        assert_eq!(e.date.as_deref(), Some("2025-12-31"), "no time in the sentence: the article date");
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn never_panics_and_ranges_are_char_boundaries(text in "[ ابتثجحخدذرزسشصضطظعغفقكلمنهوية،.؟«»0-9أإآ]{0,200}") {
            let doc = annotate("2025-12-31", &text);
            for e in &doc.events {
                prop_assert!(text.is_char_boundary(e.trigger.start()) && text.is_char_boundary(e.trigger.end()));
                for p in [&e.actor, &e.recipient].into_iter().flatten() {
                    let r = p.range.unwrap();
                    prop_assert!(text.is_char_boundary(r.start()) && text.is_char_boundary(r.end()));
                }
            }
        }
    }
}
