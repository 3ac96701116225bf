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
        تسليم RETREAT/withdraw/handover [planned] recipient=الجيش العراقي
    "#]],
    );
}

#[test]
fn handover_withdrawal_seizure_and_mobilisation_roles() {
    // Handing over: the receiving party is the recipient, the base is not.
    check(
        "وسلمت القوات الأمريكية قاعدة عين الأسد إلى الجيش العراقي.",
        expect![[r#"
            سلمت RETREAT/withdraw/handover actor=القوات الأمريكية recipient=الجيش العراقي
        "#]],
    );
    // Receiving: the subject receives; the party after من hands over.
    check(
        "تسلم الجيش العراقي القاعدة من القوات الأمريكية.",
        expect![[r#"
            تسلم RETREAT/withdraw/handover actor=القوات الأمريكية recipient=الجيش العراقي
        "#]],
    );
    // The security file is handed over like a base.
    check(
        "ستنقل القوات الدولية الملف الأمني إلى الحكومة العراقية.",
        expect![[r#"
            ستنقل RETREAT/withdraw/handover [planned] actor=القوات الدولية recipient=الحكومة العراقية
        "#]],
    );
    // Withdrawing from a place: the place is no recipient.
    check(
        "انسحبت القوات الأمريكية من قاعدة عين الأسد.",
        expect![[r#"
            انسحبت RETREAT/withdraw/withdrawal actor=القوات الأمريكية
        "#]],
    );
    // Taking control of territory: COERCE / seize; of a fire: nothing.
    check(
        "وسيطرت قوات الجيش على بلدة النشابية.",
        expect![[r#"
            سيطرت COERCE/seize/seize-territory actor=قوات الجيش
        "#]],
    );
    check("وتمكن رجال الإطفاء من السيطرة على الحريق.", expect![""]);
    check("وتقع المدينة تحت سيطرة المسلحين.", expect![""]);
    // A phrase at the very end of the text (no full stop) is read, not overrun.
    check(
        "هاجمت الفصائل",
        expect![[r#"
        هاجمت ASSAULT actor=الفصائل
    "#]],
    );
    check(
        "هاجمت الفصائل القاعدة",
        expect![[r#"
            هاجمت ASSAULT actor=الفصائل recipient=القاعدة
        "#]],
    );
    // Deploying troops.
    check(
        "ونشرت الحكومة قوات إضافية في المدينة.",
        expect![[r#"
            نشرت MOBILIZE/troops actor=الحكومة
        "#]],
    );
}

#[test]
fn victims_passives_and_relative_clauses() {
    // A count after a killing verb is its victims, not its agent.
    check(
        "قتل 20 مدنيا في الغارات.",
        expect![[r#"
            قتل ASSAULT recipient=20 مدنيا
            الغارات ASSAULT/heavy-weapons
        "#]],
    );
    check(
        "أعلنت الشرطة مقتل 14 مسلحا.",
        expect![[r#"
            مقتل ASSAULT recipient=14 مسلحا
        "#]],
    );
    // A vowelled passive has no actor.
    check(
        "قُتِل الصحفي في بغداد.",
        expect![[r#"
            قُتِل ASSAULT recipient=الصحفي
        "#]],
    );
    // A verb right after an event noun is a relative clause on it.
    check(
        "شنت الطائرات غارات جوية استهدفت مواقع المسلحين.",
        expect![[r#"
            غارات ASSAULT/heavy-weapons actor=الطائرات
            استهدفت ASSAULT recipient=مواقع المسلحين
        "#]],
    );
    // `من قبل` names the agent.
    check(
        "تم اعتقال الناشط من قبل قوات الأمن.",
        expect![[r#"
            اعتقال COERCE/arrest actor=قوات الأمن recipient=الناشط
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

    /// Words and phrases that exercise the role rules, often cut off at the
    /// end of the text (a phrase read past the last token once panicked).
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("هاجمت".to_string()),
            Just("الفصائل".to_string()),
            Just("قوات الأمن".to_string()),
            Just("سلمت".to_string()),
            Just("تسلم".to_string()),
            Just("إلى".to_string()),
            Just("للجيش".to_string()),
            Just("من قبل".to_string()),
            Just("على".to_string()),
            Just("سيطرت".to_string()),
            Just("بلدة".to_string()),
            Just("غارات جوية".to_string()),
            Just("استهدفت".to_string()),
            Just("مقتل".to_string()),
            Just("20 مدنيا".to_string()),
            Just("هجماتها".to_string()),
            Just("أنها".to_string()),
            Just("عقد".to_string()),
            Just("اجتماعا".to_string()),
            Just("نقل الملف الأمني".to_string()),
            Just("لصالح".to_string()),
            Just("زلزال".to_string()),
            Just("،".to_string()),
            Just(".".to_string()),
            "\\PC{0,5}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn role_rules_never_read_past_the_text(parts in proptest::collection::vec(fragment(), 0..12)) {
            let text = parts.join(" ");
            let doc = annotate("2025-12-31", &text);
            for e in &doc.events {
                for p in [&e.actor, &e.recipient].into_iter().flatten() {
                    let r = p.range.unwrap();
                    prop_assert!(r.start < r.end && r.end() <= text.len());
                    prop_assert!(text.is_char_boundary(r.start()) && text.is_char_boundary(r.end()));
                }
            }
        }

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
