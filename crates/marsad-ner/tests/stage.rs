//! The NER stage on Marsad documents: clitic-aware boundaries, gazetteer and
//! head rules, in-article linking and transliteration.

mod common;

use expect_test::{expect, Expect};
use marsad_core::{Origin, Stage};
use marsad_ner::NerStage;

/// Runs the stage and renders one entity a line:
/// `text LABEL id canonical | latin | origin`.
fn check_with(text: &str, clitic_aware: bool, expected: Expect) {
    let mut doc = common::doc(text, clitic_aware);
    NerStage::new().run(&mut doc);
    let mut out = String::new();
    for e in &doc.entities {
        let origin = match &e.origin {
            Origin::Model { .. } => "model".to_string(),
            Origin::Rule { name } => format!("rule:{name}"),
            Origin::Lexicon { file, line } => {
                format!("lexicon:{}:{line}", file.rsplit('/').next().unwrap_or(""))
            }
        };
        out.push_str(&format!(
            "{} {:?} {} {} | {} | {}\n",
            doc.slice(e.range),
            e.label,
            e.entity_id.as_deref().unwrap_or("-"),
            e.canonical.as_deref().unwrap_or("-"),
            e.latin.as_deref().unwrap_or("-"),
            origin
        ));
        let c = e.confidence.expect("every entity has a confidence");
        assert!((0.0..=1.0).contains(&c), "confidence {c} out of range");
    }
    expected.assert_eq(&out);
}

fn check(text: &str, expected: Expect) {
    check_with(text, false, expected)
}

#[test]
fn clitics_stay_outside_entities() {
    check(
        "وصل الوفد إلى بغداد والعراق يستعد للانتخابات.",
        expect![[r#"
            بغداد LOC ent-1 بغداد | Baghdad | model
            العراق LOC ent-2 العراق | Iraq | model
        "#]],
    );
    // The same with a tokenizer that marks the base of والعراق itself.
    check_with(
        "وصل الوفد إلى بغداد والعراق يستعد للانتخابات.",
        true,
        expect![[r#"
            بغداد LOC ent-1 بغداد | Baghdad | model
            العراق LOC ent-2 العراق | Iraq | model
        "#]],
    );
}

#[test]
fn longest_name_wins() {
    check(
        "أعلنت قيادة العمليات المشتركة أن القوات ستنسحب من قاعدة عين الأسد في محافظة الأنبار.",
        expect![[r#"
            قيادة العمليات المشتركة ORG ent-1 قيادة العمليات المشتركة | Qiyadat al-Amaliyat al-Mushtaraka | lexicon:organizations.tsv:80
            قاعدة عين الأسد LOC ent-2 قاعدة عين الأسد | Qaidat Ain al-Asad | lexicon:places.tsv:174
            الأنبار LOC ent-3 الأنبار | al-Anbar | model
        "#]],
    );
}

#[test]
fn short_forms_and_titles_link_to_the_full_name() {
    check(
        "وقال رئيس الحكومة العراقية محمد شياع السوداني إن القوات مستعدة.\nوأكد السوداني أن الانسحاب سيتم.\nوشدد رئيس الحكومة على ذلك.\nوأوضح الفريق قيس المحمداوي أن الحدود آمنة.\nوأكد المحمداوي ذلك.",
        expect![[r#"
            محمد شياع السوداني PER ent-1 محمد شياع السوداني | Mohammed Shia al-Sudani | model
            السوداني PER ent-1 محمد شياع السوداني | Mohammed Shia al-Sudani | rule:ner-name-propagation
            رئيس الحكومة PER ent-1 محمد شياع السوداني | Mohammed Shia al-Sudani | rule:ner-title-reference
            قيس المحمداوي PER ent-2 قيس المحمداوي | Qais al-Muhammadawi | model
            المحمداوي PER ent-2 قيس المحمداوي | Qais al-Muhammadawi | model
        "#]],
    );
}

#[test]
fn empty_and_odd_documents_do_not_panic() {
    check("", expect![[""]]);
    check("...،،،", expect![[""]]);
    let mut doc = common::doc("بغداد", false);
    doc.sentences.clear();
    NerStage::new().run(&mut doc);
    assert_eq!(doc.entities.len(), 1, "tokens without sentences are tagged as one run");
    let mut doc = common::doc("بغداد", false);
    doc.tokens[0].range.end = 1000;
    NerStage::new().run(&mut doc);
    assert!(doc.entities.is_empty());
    assert_eq!(doc.diagnostics.len(), 1);
}

#[test]
fn prefixed_mentions_share_the_entity() {
    check(
        "وصل وفد التحالف الدولي إلى بغداد أمس.\nوقال متحدث باسم التحالف الدولي إن الوفد سيعود.\nوتعهدت الحكومة للتحالف الدولي بالدعم.",
        expect![[r#"
            التحالف الدولي ORG ent-1 التحالف الدولي | al-Tahaluf al-Duwali | model
            بغداد LOC ent-2 بغداد | Baghdad | model
            التحالف الدولي ORG ent-1 التحالف الدولي | al-Tahaluf al-Duwali | lexicon:organizations.tsv:23
            لتحالف الدولي ORG ent-1 التحالف الدولي | al-Tahaluf al-Duwali | model
        "#]],
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Whatever the words, entities are non-empty, sorted, disjoint and
    /// slice the text on character boundaries.
    #[test]
    fn entities_are_sound_spans(words in proptest::collection::vec(proptest::sample::select(vec![
        "والعراق", "بغداد", "للتحالف", "الدولي", "قاعدة", "عين", "الأسد", "وزارة", "الداخلية", "قال",
        "الرئيس", "محمد", "شياع", "السوداني", "المحمداوي", "رئيس", "الحكومة", "في", "،", ".", "\n", "2026",
        "ISIS", "بالموصل", "ومحافظة", "الأنبار", "x",
    ]), 0..40)) {
        let text = words.join(" ");
        for clitic_aware in [false, true] {
            let mut doc = common::doc(&text, clitic_aware);
            NerStage::new().run(&mut doc);
            let mut last_end = 0;
            for e in &doc.entities {
                proptest::prop_assert!(e.range.start < e.range.end);
                proptest::prop_assert!(e.range.start >= last_end, "overlap at {}", e.range);
                proptest::prop_assert!(text.is_char_boundary(e.range.start()) && text.is_char_boundary(e.range.end()));
                proptest::prop_assert!(!doc.slice(e.range).starts_with(' '));
                last_end = e.range.end;
            }
        }
    }
}

#[test]
fn a_city_is_not_linked_to_its_airport() {
    let mut doc =
        common::doc("هبطت الطائرة في مطار بغداد الدولي ثم توجه الوفد إلى بغداد للقاء المسؤولين.", true);
    NerStage::new().run(&mut doc);
    let id_of = |name: &str| {
        doc.entities.iter().find(|e| doc.slice(e.range) == name).and_then(|e| e.entity_id.clone())
    };
    let city = id_of("بغداد").expect("the city is tagged");
    let airport = doc
        .entities
        .iter()
        .find(|e| doc.slice(e.range).starts_with("مطار"))
        .and_then(|e| e.entity_id.clone())
        .expect("the airport is tagged");
    assert_ne!(city, airport);
}

#[test]
fn a_city_is_not_linked_to_its_countryside() {
    let mut doc = common::doc("قصفت الطائرات مواقع في ريف حماة، ثم عاد الهدوء إلى حماة المدينة.", true);
    NerStage::new().run(&mut doc);
    let id_of = |name: &str| {
        doc.entities.iter().find(|e| doc.slice(e.range) == name).and_then(|e| e.entity_id.clone())
    };
    let countryside = id_of("ريف حماة").expect("the countryside is one place");
    let city = id_of("حماة").expect("the city is tagged");
    assert_ne!(city, countryside);
}

#[test]
fn abbreviations_in_parentheses_link_to_the_full_name() {
    // An Arabic acronym the article introduces, then uses alone; and a
    // Latin one the tagger does not know (neither is in data/aliases.tsv).
    check(
        "وذكرت وكالة أنباء البحرين (بنا) أن الوفد وصل. وأضافت بنا أن المحادثات بدأت.\nوقالت المنظمة العربية للتنمية الزراعية (AOAD) إن الموسم جيد.",
        expect![[r#"
            وكالة أنباء البحرين ORG ent-1 وكالة أنباء البحرين | Wakalat Anba' Bahrain | model
            بنا ORG ent-1 وكالة أنباء البحرين | Wakalat Anba' Bahrain | rule:ner-abbreviation
            بنا ORG ent-1 وكالة أنباء البحرين | Wakalat Anba' Bahrain | rule:ner-name-propagation
            المنظمة العربية للتنمية ORG ent-2 المنظمة العربية للتنمية | al-Manzama al-Arabiya Laltanamiya | model
        "#]],
    );
    // An acronym of the whole phrase, not of the body it belongs to.
    check(
        "وقالت منظمة الطفولة التابعة للأمم المتحدة (يونسيف) إن الوضع صعب.",
        expect![[r#"
            لأمم المتحدة ORG ent-1 الأمم المتحدة | United Nations | model
        "#]],
    );
    // A word in parentheses that is no acronym stays out.
    check(
        "وقالت منظمة الصحة العالمية (الأممية) إن الوباء انحسر.",
        expect![[r#"
            منظمة الصحة العالمية ORG ent-1 منظمة الصحة العالمية | World Health Organization | model
        "#]],
    );
}

#[test]
fn listed_aliases_share_one_entity_and_the_full_name() {
    // Only the short forms: the canonical name is the listed full name.
    check(
        "وقال مسؤول في حماس إن الحركة مستعدة. وأضاف أن وفدا من حركة المقاومة الإسلامية سيزور القاهرة.\nوأكد حلف شمال الأطلسي أن الناتو لن يتدخل. وقالت مجموعة إم بي سي إن البث مستمر.",
        expect![[r#"
            حماس ORG ent-1 حركة المقاومة الإسلامية | Hamas | lexicon:organizations.tsv:67
            القاهرة LOC ent-2 القاهرة | Cairo | model
            حلف شمال الأطلسي ORG ent-3 حلف شمال الأطلسي | NATO | model
            الناتو ORG ent-3 حلف شمال الأطلسي | NATO | model
            مجموعة إم بي سي ORG ent-4 مجموعة إم بي سي | Majmu'at Im Bi Si | rule:ner-org-head
        "#]],
    );
}

#[test]
fn organisations_keep_their_adjective_and_the_place_they_are_named_after() {
    check(
        "وقالت وزارة الدفاع الروسية إن الجيش الإسرائيلي قصف الموقع.\nوقضت محكمة جنايات القاهرة بسجنه. وزار جامعة بغداد.\nوقالت وزارة الخارجية في بغداد إن الوفد وصل.",
        expect![[r#"
            وزارة الدفاع الروسية ORG ent-1 وزارة الدفاع الروسية | Wazarat al-Dafa' al-Rusiya | rule:ner-org-adjective
            الجيش الإسرائيلي ORG ent-2 الجيش الإسرائيلي | al-Jish al-Israeli | lexicon:organizations.tsv:27
            محكمة جنايات القاهرة ORG ent-3 محكمة جنايات القاهرة | Mahkamat Janayat Cairo | rule:ner-org-head
            جامعة بغداد ORG ent-4 جامعة بغداد | Jam'at Baghdad | model
            وزارة الخارجية ORG ent-5 وزارة الخارجية | Wazarat al-Kharajiya | lexicon:organizations.tsv:113
            بغداد LOC ent-6 بغداد | Baghdad | model
        "#]],
    );
}

#[test]
fn a_facility_head_alone_refers_to_the_facility_the_article_named() {
    // `القاعدة` is the base here, not al-Qaeda; with two bases it is left
    // alone, and after `تنظيم` it is the organisation.
    check(
        "تعرضت قاعدة التنف لهجوم بطائرات مسيرة. وقال المتحدث إن أي اعتداء على القاعدة لن يمر.",
        expect![[r#"
            قاعدة التنف LOC ent-1 قاعدة التنف | Qaidat al-Tanaf | rule:ner-facility-head
            القاعدة LOC ent-1 قاعدة التنف | Qaidat al-Tanaf | rule:ner-facility-reference
        "#]],
    );
    check_with(
        "تعرضت قاعدة التنف وقاعدة حرير لهجمات. وقال المتحدث إن تنظيم القاعدة لم يتبن الهجوم على القاعدة.",
        true,
        expect![[r#"
            قاعدة التنف LOC ent-1 قاعدة التنف | Qaidat al-Tanaf | rule:ner-facility-head
            وقاعدة حرير LOC ent-2 وقاعدة حرير | Waqa'dat Harir | rule:ner-facility-head
            تنظيم القاعدة ORG ent-3 تنظيم القاعدة | Tanzim al-Qaidat | model
            القاعدة ORG ent-3 تنظيم القاعدة | Tanzim al-Qaidat | model
        "#]],
    );
}

#[test]
fn a_listed_name_run_on_over_an_adjective_keeps_the_listed_canonical_name() {
    // Specific listed names are one entity with or without the adjective;
    // a generic two-word body keeps the adjective that says whose it is.
    check_with(
        "أعلنت قيادة العمليات المشتركة العراقية انسحاب القوات من قاعدة عين الأسد الجوية. وقالت وزارة الدفاع الروسية إن الوضع هادئ.",
        true,
        expect![[r#"
            قيادة العمليات المشتركة العراقية ORG ent-1 قيادة العمليات المشتركة | Qiyadat al-Amaliyat al-Mushtaraka | rule:ner-org-adjective
            قاعدة عين الأسد الجوية LOC ent-2 قاعدة عين الأسد | Qaidat Ain al-Asad | rule:ner-facility-head
            وزارة الدفاع الروسية ORG ent-3 وزارة الدفاع الروسية | Wazarat al-Dafa' al-Rusiya | rule:ner-org-adjective
        "#]],
    );
}
