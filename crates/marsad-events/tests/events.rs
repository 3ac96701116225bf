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
            قتل ASSAULT/aerial recipient=20 مدنيا mentions=قتل+الغارات
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
            غارات ASSAULT/aerial actor=الطائرات recipient=مواقع المسلحين mentions=غارات+استهدفت
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

#[test]
fn one_event_told_twice_is_merged_two_similar_events_are_not() {
    // Restated: a definite noun refers back to the withdrawal; a shared
    // actor ties two verbs.
    check(
        "ستنسحب القوات الأمريكية من قاعدة عين الأسد. وأكد مسؤول أن القوات الأمريكية ستغادر القاعدة قريبا.",
        expect![[r#"
            ستنسحب RETREAT/withdraw/withdrawal [planned] actor=القوات الأمريكية mentions=ستنسحب+ستغادر
        "#]],
    );
    // A base handed over and provinces handed over are two handovers.
    check(
        "وسلمت القوات الأمريكية قاعدة عين الأسد إلى الجيش العراقي. وتم تسليم عدد من المحافظات إلى وزارة الداخلية.",
        expect![[r#"
            سلمت RETREAT/withdraw/handover actor=القوات الأمريكية recipient=الجيش العراقي
            تسليم RETREAT/withdraw/handover recipient=وزارة الداخلية
        "#]],
    );
    // Another attack, said to be another: two events.
    check(
        "قتل ثلاثة أشخاص في هجوم على سوق. وقتل شخصان في هجوم آخر على حاجز للشرطة.",
        expect![[r#"
            قتل ASSAULT recipient=ثلاثة أشخاص mentions=قتل+هجوم
            قتل ASSAULT actor=شخصان mentions=قتل+هجوم
        "#]],
    );
    // The same actor in two towns: two events.
    check(
        "قصفت الطائرات مواقع في حلب. وقصفت الطائرات مواقع في درعا.",
        expect![[r#"
            قصفت ASSAULT/aerial actor=الطائرات recipient=مواقع
            قصفت ASSAULT/aerial actor=الطائرات recipient=مواقع
        "#]],
    );
    // A targeting verb on an attack noun is the same attack.
    check(
        "شنت الطائرات غارات جوية استهدفت مواقع المسلحين.",
        expect![[r#"
            غارات ASSAULT/aerial actor=الطائرات recipient=مواقع المسلحين mentions=غارات+استهدفت
        "#]],
    );
}

#[test]
fn the_weapon_named_near_an_attack_sets_its_mode() {
    check(
        "أعلن الجيش عن هجوم صاروخي على القاعدة.",
        expect![[r#"
        هجوم ASSAULT/heavy-weapons
    "#]],
    );
    check(
        "قتل شرطي في هجوم مسلح على دورية.",
        expect![[r#"
        قتل ASSAULT actor=شرطي
        هجوم ASSAULT/firearms
    "#]],
    );
    check(
        "وقتل خمسة أشخاص بانفجار عبوة ناسفة في السوق.",
        expect![[r#"
        قتل ASSAULT/explosives recipient=انفجار عبوة ناسفة mentions=قتل+انفجار عبوة ناسفة
    "#]],
    );
    check(
        "وقصفت الطائرات الحربية الأحياء السكنية.",
        expect![[r#"
        قصفت ASSAULT/aerial actor=الطائرات الحربية recipient=الأحياء السكنية
    "#]],
    );
    check(
        "تبنى التنظيم تفجيرا انتحاريا في المدينة.",
        expect![[r#"
        تفجيرا ASSAULT/suicide-attack
    "#]],
    );
}

#[test]
fn actors_stated_by_syntax_around_the_trigger() {
    // The genitive of an attack noun is its agent when it names an armed party.
    check(
        "وساهمت ضربات طيران التحالف على مواقع المتمردين في التقدم.",
        expect![[r#"
        ضربات ASSAULT/aerial actor=طيران التحالف recipient=مواقع المتمردين
    "#]],
    );
    // A possessive pronoun on the event noun points to the verb's subject.
    check(
        "وكثف الجيش السوري هجماته على المنطقة.",
        expect![[r#"
        هجماته ASSAULT actor=الجيش السوري
    "#]],
    );
    // Agents after a passive or a casualty noun.
    check(
        "قتل الصحفي على يد مسلحين مجهولين.",
        expect![[r#"
        قتل ASSAULT actor=مسلحين مجهولين recipient=الصحفي
    "#]],
    );
    check(
        "أعلنت الوزارة مقتل 60 فلسطينيا بنيران الجيش الإسرائيلي.",
        expect![[r#"
        مقتل ASSAULT/firearms actor=الجيش الإسرائيلي recipient=60 فلسطينيا
    "#]],
    );
    // What is handed over is no actor, even with the subject dropped.
    check(
        "ويشهد العام المقبل استكمال نقل الملف الأمني إلى وزارة الداخلية.",
        expect![[r#"
        نقل RETREAT/withdraw/handover [planned] recipient=وزارة الداخلية
    "#]],
    );
    // A relative clause's verb on an attack noun: the target, no actor.
    check(
        "وقالت الشرطة إن الغارات التي استهدفت حيا سكنيا قتلت عشرة أشخاص.",
        expect![[r#"
        الغارات ASSAULT/aerial recipient=حيا سكنيا mentions=الغارات+استهدفت
        قتلت ASSAULT recipient=عشرة أشخاص
    "#]],
    );
}

#[test]
fn strengthening_is_a_mobilisation_only_of_forces() {
    check(
        "وقال إن الاتفاق يعزز أمن الطاقة في المنطقة.",
        expect![[r#"
        الاتفاق AGREE
    "#]],
    );
    check(
        "ودعا إلى تعزيز التعاون بين البلدين.",
        expect![[r#"
        دعا REQUEST recipient=تعزيز
    "#]],
    );
    check(
        "وعززت القوات الأمريكية مواقعها في المدينة.",
        expect![[r#"
        عززت MOBILIZE/troops actor=القوات الأمريكية
    "#]],
    );
}

#[test]
fn sides_givers_and_antecedents() {
    // One plural phrase after `بين` names both sides of a fight or a talk;
    // a mediation is between its recipients.
    check(
        "قتل عشرة أشخاص في اشتباكات بين المليشيات المتصارعة.",
        expect![[r#"
        قتل ASSAULT recipient=عشرة أشخاص
        اشتباكات ASSAULT/firearms actor=المليشيات المتصارعة
    "#]],
    );
    check(
        "ونجح ماكرون في الوساطة بين الفرقاء الليبيين.",
        expect![[r#"
        الوساطة CONSULT/third-party recipient=الفرقاء
    "#]],
    );
    // The giver of support follows `من`.
    check(
        "وتمكن الجيش بدعم من قوات التحالف من تحرير المدينة.",
        expect![[r#"
        دعم SUPPORT actor=قوات التحالف
        تحرير ASSAULT recipient=المدينة
    "#]],
    );
    // A complementiser's pronoun points to the sentence's subject, also
    // when the phrase after the verb is a count of victims.
    check(
        "وأعلنت أجهزة الأمن الروسية أنها قتلت ثمانية متطرفين.",
        expect![[r#"
            قتلت ASSAULT actor=أجهزة الأمن الروسية recipient=ثمانية متطرفين
        "#]],
    );
    check(
        "وذكرت قوات الشرعية أنها نفذت عمليات عسكرية في المنطقة.",
        expect![[r#"
            عمليات عسكرية ASSAULT actor=قوات الشرعية
        "#]],
    );
}

#[test]
fn leaving_is_a_withdrawal_only_of_forces_or_from_ground() {
    check("وقالت إن الصحفي غادر القنصلية بعد ساعة.", expect![[r#""#]]);
    check("وقال الرئيس قبل مغادرته إلى نيويورك إن بلاده مستعدة.", expect![[r#""#]]);
    check(
        "وأكد أن التحالف الدولي سيغادر القاعدة خلال أيام.",
        expect![[r#"
        سيغادر RETREAT/withdraw/withdrawal [planned] actor=التحالف الدولي
    "#]],
    );
    // A site's footer is no handover.
    check("يمكنكم استلام إشعارات بأهم الموضوعات.", expect![[r#""#]]);
}
