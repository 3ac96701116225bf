//! Places the gazetteer does not list, one case per line. In the input,
//! `[…]` marks what the named-entity stage tagged as a location and `{…}` a
//! person (the brackets are removed before resolving); the output lists every
//! place: `mention → name kind country lat,lon id origin`.
//! Update expectations with `UPDATE_EXPECT=1 cargo test -p marsad-places`.

use expect_test::{expect, Expect};
use marsad_core::{Entity, EntityLabel, Origin, TextRange};

use proptest::prelude::*;

mod common;
use common::{render_places, resolver};

fn entity(start: usize, end: usize, label: EntityLabel) -> Entity {
    Entity::new(TextRange::new(start, end), label, Origin::rule("test"))
}

/// The text without its markup, and the entities the markup marks.
fn parse_markup(marked: &str) -> (String, Vec<Entity>) {
    let (mut text, mut entities, mut open) = (String::new(), Vec::new(), None);
    for c in marked.chars() {
        match c {
            '[' | '{' => open = Some((text.len(), c)),
            ']' | '}' => {
                let (start, kind) = open.take().expect("balanced markup");
                let label = if kind == '[' { EntityLabel::LOC } else { EntityLabel::PER };
                entities.push(entity(start, text.len(), label));
            }
            c => text.push(c),
        }
    }
    (text, entities)
}

fn check(marked: &str, expected: Expect) {
    let (text, entities) = parse_markup(marked);
    let rendered = render_places(&text, &resolver().resolve_with_entities(&text, &entities), true);
    expected.assert_eq(&rendered);
}

#[test]
fn names_after_place_words_are_located_by_their_sentence() {
    // `حي` rarely precedes anything but a name: no tag needed.
    check(
        "قصفت الطائرات حي الكلاسة في حلب أمس",
        expect![[r#"
            الكلاسة → الكلاسة other SY 36.20,37.16 near:170063 places-unlisted-name
            حلب → حلب city SY 36.20,37.16 170063 gazetteer.tsv
        "#]],
    );
    // `منطقة` precedes many words: a location tag vouches for the name.
    check(
        "سيطرت القوات على منطقة [كهبوب] غرب تعز",
        expect![[r#"
            كهبوب → كهبوب other YE 13.58,44.02 near:70225 places-unlisted-name
            تعز → تعز city YE 13.58,44.02 70225 gazetteer.tsv
        "#]],
    );
    check(
        "سيطرت القوات على منطقة كهبوب غرب تعز",
        expect![[r#"
        تعز → تعز city YE 13.58,44.02 70225 gazetteer.tsv
    "#]],
    );
    // A dual place word names two places.
    check(
        "وخرجت مظاهرة في منطقتي الزريجي والدير، شمال غرب البصرة",
        expect![[r#"
            الزريجي → الزريجي other IQ 30.51,47.78 near:99532 places-unlisted-name
            الدير → الدير other IQ 30.51,47.78 near:99532 places-unlisted-name
            البصرة → البصرة city IQ 30.51,47.78 99532 gazetteer.tsv
        "#]],
    );
    // Without a place after it, the last one before it in the sentence.
    check(
        "تقدمت القوات في محافظة أبين على مدينة [شقرة] الساحلية",
        expect![[r#"
            محافظة أبين → أبين admin1 YE 13.79,46.14 iso:YE-AB gazetteer.tsv
            شقرة → شقرة city YE 13.79,46.14 near:iso:YE-AB places-unlisted-name
        "#]],
    );
    // A nationality adjective right after the name gives its country.
    check(
        "أقام الفريق معسكره بمدينة [هورست] الهولندية",
        expect![[r#"
            هورست → هورست city NL 52.50,5.75 near:cc:NL places-unlisted-name
        "#]],
    );
}

#[test]
fn a_facility_name_stops_before_its_adjective() {
    // The tagger's span runs on over `الجوية`; the place is the name alone.
    check(
        "هبطت الطائرات في قاعدة [أيستر الجوية] جنوب فرنسا",
        expect![[r#"
            أيستر → ايستر facility FR 43.51,4.99 3012647 gazetteer-minor.tsv
            فرنسا → فرنسا country FR 46.00,2.00 cc:FR gazetteer.tsv
        "#]],
    );
}

#[test]
fn words_that_are_not_names_stay_out() {
    // Adjectives, common nouns and verbs after place words.
    check(
        "انتقلت العائلة إلى حي سكني في حلب",
        expect![[r#"
        حلب → حلب city SY 36.20,37.16 170063 gazetteer.tsv
    "#]],
    );
    check(
        "تحطمت الطائرة في منطقة [جبلية] قرب حلب",
        expect![[r#"
        حلب → حلب city SY 36.20,37.16 170063 gazetteer.tsv
    "#]],
    );
    check(
        "من ناحية أخرى قال الوزير في بغداد",
        expect![[r#"
        بغداد → بغداد city IQ 33.34,44.40 98182 gazetteer.tsv
    "#]],
    );
    check(
        "أنشأت الوزارة قاعدة بيانات في بغداد",
        expect![[r#"
        بغداد → بغداد city IQ 33.34,44.40 98182 gazetteer.tsv
    "#]],
    );
    check(
        "وكانت قرية {بوتمكينية} في سوريا",
        expect![[r#"
        سوريا → سوريا country SY 35.00,38.00 cc:SY gazetteer.tsv
    "#]],
    );
    // A quoted title is a group's name, not a place.
    check(
        "تبنى تنظيم «ولاية [سيناء]» الهجوم في مصر",
        expect![[r#"
        مصر → مصر country EG 27.00,30.00 cc:EG gazetteer.tsv
    "#]],
    );
    // A person the tagger calls a person.
    check(
        "زار قرية {أوباما} في كينيا",
        expect![[r#"
        كينيا → كينيا country KE 1.00,38.00 cc:KE gazetteer.tsv
    "#]],
    );
}

#[test]
fn small_places_abroad_come_from_the_minor_table() {
    // After a place word, or a location tag after a locative preposition.
    check(
        "شهدت مدينة [فيرغسون] بولاية ميسوري الأمريكية احتجاجات",
        expect![[r#"
            فيرغسون → فيرجسون city US 38.74,-90.31 4386387 gazetteer-minor.tsv
            ولاية ميسوري → ميسوري admin1 US 38.40,-92.50 marsad:us-state-missouri gazetteer.tsv
        "#]],
    );
    check(
        "ولد حبري في [فايا لارجو] شمال تشاد",
        expect![[r#"
            فايا لارجو → فايا لارجو city TD 17.93,19.10 2432678 gazetteer-minor.tsv
            تشاد → تشاد country TD 15.00,19.00 cc:TD gazetteer.tsv
        "#]],
    );
    // A tag on a person named like a small town: no locative, no place.
    check(
        "قال الرئيس [هولاند] في مؤتمر بالولايات المتحدة",
        expect![[r#"
        الولايات المتحدة → الولايات المتحدة country US 38.00,-97.00 cc:US gazetteer.tsv
    "#]],
    );
}

#[test]
fn repeated_names_after_a_locative_are_the_same_place() {
    check(
        "شهدت مدينة [فيرغسون] بولاية ميسوري احتجاجات. وتجمع المئات في فيرغسون أمس، وقال فيرغسون إنه",
        expect![[r#"
            فيرغسون → فيرجسون city US 38.74,-90.31 4386387 gazetteer-minor.tsv
            ولاية ميسوري → ميسوري admin1 US 38.40,-92.50 marsad:us-state-missouri gazetteer.tsv
            فيرغسون → فيرجسون city US 38.74,-90.31 4386387 gazetteer-minor.tsv
        "#]],
    );
}

#[test]
fn one_name_is_one_place_in_an_article() {
    // The minor table placed the first; the second's sentence names Egypt.
    check(
        "أقيم الحفل في قاعدة [أيستر] الجوية جنوب فرنسا. وتدرب الطيارون في [أيستر] قبل العودة إلى مصر",
        expect![[r#"
            أيستر → ايستر facility FR 43.51,4.99 3012647 gazetteer-minor.tsv
            فرنسا → فرنسا country FR 46.00,2.00 cc:FR gazetteer.tsv
            أيستر → ايستر city FR 43.51,4.99 3012647 gazetteer-minor.tsv
            مصر → مصر country EG 27.00,30.00 cc:EG gazetteer.tsv
        "#]],
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any text with entities anywhere (off character boundaries, past the
    /// end, overlapping): no panic, sound and ordered ranges.
    #[test]
    fn entities_anywhere_are_safe(
        text in "[ حيقريةمنطقةبلدةفيحلبالكسو،.«»\\n]{0,60}",
        spans in proptest::collection::vec((0usize..140, 0usize..20, 0u8..3), 0..6),
    ) {
        let entities: Vec<Entity> = spans
            .iter()
            .map(|&(start, len, label)| {
                let label = [EntityLabel::LOC, EntityLabel::PER, EntityLabel::ORG][label as usize];
                entity(start, start + len, label)
            })
            .collect();
        let places = resolver().resolve_with_entities(&text, &entities);
        let mut last_end = 0;
        for p in &places {
            prop_assert!(p.range.end() <= text.len());
            prop_assert!(text.is_char_boundary(p.range.start()) && text.is_char_boundary(p.range.end()));
            prop_assert!(p.range.start() >= last_end && p.range.start() < p.range.end());
            last_end = p.range.end();
            prop_assert!(p.confidence.is_some_and(|c| c > 0.0 && c <= 1.0));
        }
    }
}
