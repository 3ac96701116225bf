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
    // A verb right after an event noun is a relative clause on it: see
    // `شنت الطائرات غارات جوية استهدفت مواقع المسلحين` in the merge cases.
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
            قتل ASSAULT recipient=شخصان mentions=قتل+هجوم
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
            هجوم ASSAULT/heavy-weapons recipient=القاعدة
        "#]],
    );
    check(
        "قتل شرطي في هجوم مسلح على دورية.",
        expect![[r#"
            قتل ASSAULT recipient=شرطي
            هجوم ASSAULT/firearms recipient=دورية
        "#]],
    );
    check(
        "وقتل خمسة أشخاص بانفجار عبوة ناسفة في السوق.",
        expect![[r#"
            قتل ASSAULT/explosives recipient=خمسة أشخاص mentions=قتل+انفجار عبوة ناسفة
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
            هجماته ASSAULT actor=الجيش السوري recipient=المنطقة
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

/// Codes each sentence (one case a line) and lists its events, one
/// indented line each, under the sentence.
fn check_lines(cases: &[&str], expect: Expect) {
    let mut out = String::new();
    for text in cases {
        let doc = annotate("2025-12-31", text);
        out.push_str(text);
        out.push('\n');
        for e in &doc.events {
            out.push_str(&format!("  {} {}", doc.slice(e.trigger), e.kind));
            if let Some(a) = &e.actor {
                out.push_str(&format!(" actor={}", a.text));
            }
            if let Some(r) = &e.recipient {
                out.push_str(&format!(" recipient={}", r.text));
            }
            out.push('\n');
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn victims_of_killings_and_arrests() {
    check_lines(
        &[
            // An indefinite victim after a casualty or arrest noun.
            "أعلنت الوزارة مقتل شرطي في المدينة.",
            "وطالبت المنظمة بوقف اعتقال ناشطين.",
            // A listed adjective is no victim.
            "وتحدث التقرير عن اعتقال تعسفي.",
            // A killing verb with no object after its subject is a passive.
            "وقتل السفير في هجوم على القنصلية.",
            // With an object it is active; armed forces are agents even
            // when the object stands after an adverb.
            "وقتلت الشرطة ثلاثة مسلحين.",
            "اعتقلت القوات الإسرائيلية، فجر اليوم، 23 فلسطينيا.",
            // `لقي … مصرعه`: the subject of `لقي` is the victim.
            "لقي ثلاثة أشخاص مصرعهم في بغداد.",
            // A count after a definite phrase is the next phrase.
            "اعتقلت السلطات الإيرانية 67 شخصا.",
            // An indefinite noun after a nisba adjective is the next phrase.
            "اعتقلت قوة أمنية عصابة من أربعة أشخاص.",
            // A quantity reads on past `من`.
            "أقدمت عناصر تخريبية على تفجير عدد من السيارات.",
            // The verbal noun's subject, then its object.
            "وأعلنت الوزارة اعتقال الشرطة الإسرائيلية مستوطنين اثنين.",
        ],
        expect![[r#"
            أعلنت الوزارة مقتل شرطي في المدينة.
              مقتل ASSAULT recipient=شرطي
            وطالبت المنظمة بوقف اعتقال ناشطين.
              طالبت REQUEST actor=المنظمة recipient=وقف
              اعتقال COERCE recipient=ناشطين
            وتحدث التقرير عن اعتقال تعسفي.
              اعتقال COERCE
            وقتل السفير في هجوم على القنصلية.
              قتل ASSAULT recipient=السفير
            وقتلت الشرطة ثلاثة مسلحين.
              قتلت ASSAULT actor=الشرطة recipient=ثلاثة مسلحين
            اعتقلت القوات الإسرائيلية، فجر اليوم، 23 فلسطينيا.
              اعتقلت COERCE actor=القوات الإسرائيلية
            لقي ثلاثة أشخاص مصرعهم في بغداد.
              مصرعهم ASSAULT recipient=ثلاثة أشخاص
            اعتقلت السلطات الإيرانية 67 شخصا.
              اعتقلت COERCE actor=السلطات الإيرانية recipient=67 شخصا
            اعتقلت قوة أمنية عصابة من أربعة أشخاص.
              اعتقلت COERCE actor=قوة أمنية recipient=عصابة
            أقدمت عناصر تخريبية على تفجير عدد من السيارات.
              تفجير ASSAULT recipient=عدد من السيارات
            وأعلنت الوزارة اعتقال الشرطة الإسرائيلية مستوطنين اثنين.
              اعتقال COERCE actor=الشرطة الإسرائيلية recipient=مستوطنين
        "#]],
    );
}

#[test]
fn subjects_before_particles_in_relative_clauses_and_carried() {
    check_lines(
        &[
            // `كان … قد`, negation: the subject stands before the particle.
            "وكانت القوات الأمريكية قد انسحبت من القاعدة.",
            "وقال إن كلا الجانبين لم يسحب المدفعية الثقيلة.",
            // A plural verb's phrase after it is its object.
            "وفي بداية الشهر، هددوا حماس بشلالات من الدماء.",
            // A singular verb before its subject.
            "وهاجم المسلحون القاعدة.",
            // An object pronoun in a relative clause points at the antecedent.
            "وتقدمت القوات التي تدعمها الإمارات نحو المدينة.",
            // A verb right after an indefinite noun is a relative clause on it.
            "وأصيب طفل إثر سقوط قذيفة استهدفت منزل مدير المصرف.",
            // Not after a complementiser: there the noun is the subject.
            "وقالت مصادر إن مسلحين هاجموا القاعدة.",
            // A conjoined verb with no subject shares the previous verb's.
            "ورفض المقاتلون تسليم أسلحتهم وفتحوا النار على قوات الأمن.",
            "وصلت القوات الأمريكية إلى المدينة وانتشرت في أحيائها.",
        ],
        expect![[r#"
            وكانت القوات الأمريكية قد انسحبت من القاعدة.
              انسحبت RETREAT actor=القوات الأمريكية
            وقال إن كلا الجانبين لم يسحب المدفعية الثقيلة.
              يسحب RETREAT actor=كلا الجانبين
            وفي بداية الشهر، هددوا حماس بشلالات من الدماء.
              هددوا THREATEN recipient=حماس
            وهاجم المسلحون القاعدة.
              هاجم ASSAULT actor=المسلحون recipient=القاعدة
            وتقدمت القوات التي تدعمها الإمارات نحو المدينة.
              تدعمها SUPPORT actor=الإمارات recipient=القوات
            وأصيب طفل إثر سقوط قذيفة استهدفت منزل مدير المصرف.
              استهدفت ASSAULT recipient=منزل مدير المصرف
            وقالت مصادر إن مسلحين هاجموا القاعدة.
              هاجموا ASSAULT actor=مسلحين recipient=القاعدة
            ورفض المقاتلون تسليم أسلحتهم وفتحوا النار على قوات الأمن.
              رفض REJECT actor=المقاتلون
              تسليم RETREAT
              فتحوا النار ASSAULT actor=المقاتلون recipient=قوات الأمن
            وصلت القوات الأمريكية إلى المدينة وانتشرت في أحيائها.
              انتشرت MOBILIZE actor=القوات الأمريكية
        "#]],
    );
}

#[test]
fn claimants_relative_subjects_and_counterparts() {
    check_lines(
        &[
            // Who claims an attack made it; who denies it did not.
            "وأعلن تنظيم الدولة مسؤوليته عن الهجوم.",
            "ونفى الجيش مسؤوليته عن الهجوم.",
            // The subject of a relative clause whose pronoun is the event.
            "في إشارة إلى العمليات العسكرية التي أطلقتها تركيا.",
            "وكانت الزيارة التي يقوم بها ولي العهد ناجحة.",
            // A targeting verb in the relative clause has no pronoun: no actor.
            "وأدانت الحكومة العمليات التي استهدفت المدينة.",
            // The target or counterpart after adjectives and its marker.
            "شنت الطائرات غارات جوية مكثفة على البلدة.",
            "وشنت تركيا عملية عسكرية واسعة النطاق ضد الوحدات الكردية.",
            "عقد الوزير اجتماعا ثنائيا مع نظيره الفرنسي.",
            // A territory noun is a genitive, not an adjective.
            "واتهمت الحكومة المتمردين بقصف مناطق سكنية.",
            // The second side conjoined to the subject of a support verb.
            "عقد الأمير ووزير الدفاع الأمريكي اجتماعا موسعا.",
            // `في حين` is no antecedent of a relative clause.
            "في حين نفى المكتب وجود قيود.",
            // An agreement on something: the topic is no counterpart.
            "ووقع الجانبان اتفاقا على وقف إطلاق النار.",
            // Support verbs and agents.
            "تبادلت أوكرانيا وروسيا الاتهامات.",
            "وواجهت الحكومة انتقادات من جانب منظمة العفو الدولية.",
            "وصادق المرشد على طلب من رئيس القضاء.",
        ],
        expect![[r#"
            وأعلن تنظيم الدولة مسؤوليته عن الهجوم.
              الهجوم ASSAULT actor=تنظيم الدولة
            ونفى الجيش مسؤوليته عن الهجوم.
              نفى REJECT actor=الجيش recipient=مسؤوليته
              الهجوم ASSAULT
            في إشارة إلى العمليات العسكرية التي أطلقتها تركيا.
              العمليات العسكرية ASSAULT actor=تركيا
            وكانت الزيارة التي يقوم بها ولي العهد ناجحة.
              الزيارة CONSULT actor=ولي العهد
            وأدانت الحكومة العمليات التي استهدفت المدينة.
              أدانت ACCUSE actor=الحكومة
              العمليات ASSAULT recipient=المدينة
            شنت الطائرات غارات جوية مكثفة على البلدة.
              غارات ASSAULT actor=الطائرات recipient=البلدة
            وشنت تركيا عملية عسكرية واسعة النطاق ضد الوحدات الكردية.
              عملية عسكرية ASSAULT actor=تركيا recipient=الوحدات الكردية
            عقد الوزير اجتماعا ثنائيا مع نظيره الفرنسي.
              اجتماعا CONSULT actor=الوزير recipient=نظيره الفرنسي
            واتهمت الحكومة المتمردين بقصف مناطق سكنية.
              اتهمت ACCUSE actor=الحكومة المتمردين
              قصف ASSAULT recipient=مناطق سكنية
            عقد الأمير ووزير الدفاع الأمريكي اجتماعا موسعا.
              اجتماعا CONSULT actor=الأمير recipient=وزير الدفاع الأمريكي
            في حين نفى المكتب وجود قيود.
              نفى REJECT actor=المكتب recipient=وجود قيود
            ووقع الجانبان اتفاقا على وقف إطلاق النار.
              اتفاقا AGREE actor=الجانبان
              وقف إطلاق النار RETREAT
            تبادلت أوكرانيا وروسيا الاتهامات.
              الاتهامات ACCUSE actor=أوكرانيا
            وواجهت الحكومة انتقادات من جانب منظمة العفو الدولية.
              انتقادات ACCUSE actor=منظمة العفو الدولية
            وصادق المرشد على طلب من رئيس القضاء.
              صادق AGREE actor=المرشد
              طلب REQUEST actor=رئيس القضاء
        "#]],
    );
}
