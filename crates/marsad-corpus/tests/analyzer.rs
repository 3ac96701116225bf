//! The analyzer: which keys a word gets (one case per line).

use expect_test::{expect, Expect};
use marsad_corpus::analyzer::analyze;
use proptest::prelude::*;

/// Renders each word as `surface lemma [=exact]`.
fn check(text: &str, expected: Expect) {
    let rendered: Vec<String> = analyze(text)
        .iter()
        .map(|w| match &w.exact {
            Some(exact) => format!("{} {} ={}", &text[w.start..w.end], w.lemma, exact),
            None => format!("{} {}", &text[w.start..w.end], w.lemma),
        })
        .collect();
    expected.assert_eq(&rendered.join("\n"));
}

#[test]
fn clitics_and_plurals_share_a_lemma() {
    check(
        "انسحاب والانسحاب الانسحابات بالانسحاب",
        expect![[r#"
        انسحاب انسحاب
        والانسحاب انسحاب
        الانسحابات انسحاب =انسحابات
        بالانسحاب انسحاب"#]],
    );
    check(
        "وزير وزراء الوزير والوزراء",
        expect![[r#"
        وزير وزير
        وزراء وزير =وزراء
        الوزير وزير
        والوزراء وزير =وزراء"#]],
    );
}

#[test]
fn spelling_variants_share_a_lemma() {
    check(
        "الحكومة الحكومه حكومتها",
        expect![[r#"
        الحكومة حكوم =حكومه
        الحكومه حكوم =حكومه
        حكومتها حكوم =حكومت"#]],
    );
    check(
        "أحمد احمد إعلان اعلان",
        expect![[r#"
        أحمد احمد
        احمد احمد
        إعلان اعل =اعلان
        اعلان اعل =اعلان"#]],
    );
    check(
        "المُتَحَدِّث المتحدث",
        expect![[r#"
        المُتَحَدِّث متحدث
        المتحدث متحدث"#]],
    );
}

#[test]
fn numbers_latin_and_punctuation() {
    check(
        "١٢ مارس 12 ، NATO.",
        expect![[r#"
        ١٢ 12
        مارس مارس
        12 12
        NATO nato"#]],
    );
}

proptest! {
    /// Word ranges lie on char boundaries, in order, without overlap.
    #[test]
    fn word_ranges_slice_the_text(text in "[ \\u{0600}-\\u{06FF}a-z0-9.،]{0,60}") {
        let mut last_end = 0;
        for w in analyze(&text) {
            prop_assert!(w.start >= last_end && w.start < w.end && w.end <= text.len());
            prop_assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.end));
            prop_assert!(!w.lemma.is_empty());
            last_end = w.end;
        }
    }
}

/// Renders a parsed query: free words' lemmas, then each phrase in brackets.
fn check_query(text: &str, expected: Expect) {
    let parsed = marsad_corpus::ParsedText::parse(text);
    let mut parts: Vec<String> = parsed.words.iter().map(|w| w.lemma.clone()).collect();
    for phrase in &parsed.phrases {
        parts.push(format!("[{}]", phrase.iter().map(|w| w.lemma.as_str()).collect::<Vec<_>>().join(" ")));
    }
    expected.assert_eq(&parts.join(" "));
}

#[test]
fn queries_split_into_words_and_phrases() {
    check_query("والانسحاب", expect!["انسحاب"]);
    check_query("\"القوات الأمريكية\" انسحاب", expect!["انسحاب [قوه امريك]"]);
    check_query("«مجلس الأمن» “الأمم المتحدة”", expect!["[مجلس امن] [امه متحد]"]);
    check_query("\"انسحاب\" غير مغلق \"عين الأسد", expect!["انسحاب غير مغلق [عين اسد]"]);
    check_query("، . !", expect![[""]]);
}
