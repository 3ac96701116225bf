//! Tokens, clitics, stems and lemma keys: data-driven cases, invariants, and
//! Lucene's Arabic normaliser / light-stemmer vectors.

use expect_test::{expect, Expect};
use marsad_arabic::normalize::{normalize, NormLevel, NormalizedView};
use marsad_arabic::stem::Stemmer;
use marsad_arabic::tokenize::{tokenize, Tokenizer};
use marsad_core::{CliticKind, Token, TokenKind};
use proptest::prelude::*;
use std::path::Path;

/// One line per token: text, kind, clitics, base (when it differs), norm,
/// stem, lemma (when they differ from the previous field).
fn render(text: &str, tokens: &[Token]) -> String {
    let mut out = String::new();
    for t in tokens {
        let slice = t.range.slice(text);
        out.push_str(&format!("{slice} {:?}", t.kind));
        if !t.clitics.is_empty() {
            let parts: Vec<String> = t
                .clitics
                .iter()
                .map(|c| {
                    let kind = match c.kind {
                        CliticKind::Conjunction => "conj",
                        CliticKind::Fa => "fa",
                        CliticKind::Preposition => "prep",
                        CliticKind::Ka => "ka",
                        CliticKind::Lam => "lam",
                        CliticKind::Future => "fut",
                        CliticKind::Article => "art",
                        CliticKind::Pronoun => "pron",
                    };
                    format!("{}:{kind}", c.range.slice(text))
                })
                .collect();
            out.push_str(&format!(" [{}]", parts.join(" ")));
        }
        if t.base != t.range {
            out.push_str(&format!(" base={}", t.base.slice(text)));
        }
        if t.norm != slice {
            out.push_str(&format!(" norm={}", t.norm));
        }
        if t.stem != t.norm {
            out.push_str(&format!(" stem={}", t.stem));
        }
        if t.lemma != t.stem {
            out.push_str(&format!(" lemma={}", t.lemma));
        }
        out.push('\n');
    }
    out
}

fn check(text: &str, expected: Expect) {
    expected.assert_eq(&render(text, &tokenize(text)));
}

#[test]
fn clitics_on_names_and_nouns() {
    check(
        "والعراق للجيش وبالتالي ستنسحب قواتنا وزير بغداد ولاية وبغداد ووزير",
        expect![[r#"
            والعراق Word [و:conj ال:art] base=العراق stem=عراق
            للجيش Word [ل:lam ل:art] base=لجيش stem=جيش
            وبالتالي Word [و:conj ب:prep ال:art] base=التالي stem=تال
            ستنسحب Word [س:fut] base=تنسحب stem=تنسحب
            قواتنا Word [نا:pron] base=قوات stem=قوات lemma=قوه
            وزير Word
            بغداد Word
            ولاية Word norm=ولايه stem=ولا
            وبغداد Word [و:conj] base=بغداد stem=بغداد
            ووزير Word [و:conj] base=وزير stem=وزير
        "#]],
    );
}

#[test]
fn root_initial_letters_stay() {
    check(
        "واشنطن وكالة وطني وقت بيروت بريطانيا بين بعد بلد لبنان ليبيا لندن لقاء فرنسا فلسطين كردستان كبير سيارة سنوات",
        expect![[r#"
            واشنطن Word
            وكالة Word norm=وكاله stem=وكال
            وطني Word stem=وطن
            وقت Word
            بيروت Word
            بريطانيا Word lemma=بريطان
            بين Word
            بعد Word
            بلد Word
            لبنان Word
            ليبيا Word lemma=ليب
            لندن Word
            لقاء Word
            فرنسا Word
            فلسطين Word
            كردستان Word
            كبير Word
            سيارة Word norm=سياره stem=سيار
            سنوات Word stem=سنو lemma=سنه
        "#]],
    );
}

#[test]
fn pronouns_and_particles() {
    check(
        "له بها لهم منها عليه إليهم فيه فيها حكومتها وجوده اتجاه مياه قانونا الله عبدالله مني إنني عليكم",
        expect![[r#"
            له Word [ل:lam ه:pron]
            بها Word [ب:prep ها:pron]
            لهم Word [ل:lam هم:pron]
            منها Word [ها:pron] base=من stem=من
            عليه Word [ه:pron] base=علي stem=علي
            إليهم Word [هم:pron] base=إلي norm=اليهم stem=الي
            فيه Word [ه:pron] base=في stem=في
            فيها Word [ها:pron] base=في stem=في
            حكومتها Word [ها:pron] base=حكومت stem=حكوم
            وجوده Word [ه:pron] base=وجود stem=وجود
            اتجاه Word
            مياه Word
            قانونا Word
            الله Word
            عبدالله Word
            مني Word [ي:pron] base=من stem=من
            إنني Word [ني:pron] base=إن norm=انني stem=ان
            عليكم Word [كم:pron] base=علي stem=علي
        "#]],
    );
}

#[test]
fn fa_and_ka_need_evidence() {
    check(
        "فريق فيصل فيديو فقد فإن فالعراق كدولة كابل كأحد كالعادة كبرى بضعة",
        expect![[r#"
        فريق Word
        فيصل Word
        فيديو Word
        فقد Word [ف:fa] base=قد stem=قد
        فإن Word [ف:fa] base=إن norm=فان stem=ان
        فالعراق Word [ف:fa ال:art] base=العراق stem=عراق
        كدولة Word [ك:ka] base=دولة norm=كدوله stem=دول
        كابل Word
        كأحد Word [ك:ka] base=أحد norm=كاحد stem=احد
        كالعادة Word [ك:ka ال:art] base=العادة norm=كالعاده stem=عاد
        كبرى Word norm=كبري stem=كبر
        بضعة Word norm=بضعه stem=بضع
    "#]],
    );
}

#[test]
fn future_and_conjunctions() {
    check(
        "سيغادر وستستلم سيتم ولا وهو فقد فإن بما",
        expect![[r#"
        سيغادر Word [س:fut] base=يغادر stem=يغادر
        وستستلم Word [و:conj س:fut] base=تستلم stem=تستلم
        سيتم Word [س:fut] base=يتم stem=يتم
        ولا Word [و:conj] base=لا stem=لا
        وهو Word [و:conj] base=هو stem=هو
        فقد Word [ف:fa] base=قد stem=قد
        فإن Word [ف:fa] base=إن norm=فان stem=ان
        بما Word [ب:prep] base=ما stem=ما
    "#]],
    );
}

#[test]
fn other_token_kinds() {
    check(
        "#العراق @marsad_news https://x.y/z، a@b.com ٣٫٥٪ 31/12/2025 31.12.2025 F-35 5G (Reuters) «قال» 1,500$",
        expect![[r#"
            #العراق Hashtag base=العراق stem=العراق
            @marsad_news Mention base=marsad_news stem=marsad_news
            https://x.y/z Url
            ، Punct
            a@b.com Email
            ٣٫٥ Number norm=3.5
            ٪ Symbol norm=%
            31/12/2025 Number
            31.12.2025 Number
            F Latin norm=f
            - Punct
            35 Number
            5G Latin norm=5g
            ( Punct
            Reuters Latin norm=reuters
            ) Punct
            « Punct
            قال Word
            » Punct
            1,500 Number
            $ Symbol
        "#]],
    );
}

#[test]
fn marks_tatweel_and_controls() {
    check(
        "مُحَمَّد العـــراق \u{200F}قال\u{200E} ﻻ",
        expect![[r#"
        مُحَمَّد Word norm=محمد
        العـــراق Word [ال:art] norm=العراق stem=عراق
        قال Word
        ﻻ Word norm=لا
    "#]],
    );
}

/// Concatenating tokens and gaps gives the text back; gaps hold only white
/// space and invisible controls; clitics and base lie inside their token.
fn assert_tiles(text: &str, tokens: &[Token]) -> Result<(), TestCaseError> {
    let mut at = 0usize;
    let mut rebuilt = String::new();
    for t in tokens {
        prop_assert!(t.range.start() >= at, "tokens overlap or are out of order");
        prop_assert!(t.range.end() > t.range.start(), "empty token");
        prop_assert!(text.is_char_boundary(t.range.start()) && text.is_char_boundary(t.range.end()));
        let gap = &text[at..t.range.start()];
        prop_assert!(
            gap.chars()
                .all(|c| c.is_whitespace() || normalize(&c.to_string(), NormLevel::Display).is_empty()),
            "gap {gap:?} is not white space"
        );
        rebuilt.push_str(gap);
        rebuilt.push_str(t.range.slice(text));
        prop_assert!(t.range.contains_range(t.base));
        prop_assert!(text.is_char_boundary(t.base.start()) && text.is_char_boundary(t.base.end()));
        let mut clitic_end = t.range.start;
        for c in &t.clitics {
            prop_assert!(t.range.contains_range(c.range));
            prop_assert!(c.range.start >= clitic_end && !c.range.is_empty());
            prop_assert!(text.is_char_boundary(c.range.start()) && text.is_char_boundary(c.range.end()));
            clitic_end = c.range.end;
        }
        at = t.range.end();
    }
    let tail = &text[at..];
    prop_assert!(tail
        .chars()
        .all(|c| c.is_whitespace() || normalize(&c.to_string(), NormLevel::Display).is_empty()));
    rebuilt.push_str(tail);
    prop_assert_eq!(rebuilt, text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tokens_tile_arabic_like_text(
        text in "[\\u{0621}-\\u{064A}\\u{064B}-\\u{0652}\\u{0640}\\u{0660}-\\u{0669}\\u{200C}-\\u{200F}\\u{FEFB}\\u{FDF2} a-zA-Z0-9.,/:#@%«»،؟\\-\\n]{0,60}"
    ) {
        assert_tiles(&text, &tokenize(&text))?;
    }

    #[test]
    fn tokens_tile_any_text(text in "\\PC{0,40}") {
        assert_tiles(&text, &tokenize(&text))?;
    }

    #[test]
    fn words_built_from_clitics(
        proclitic in prop::sample::select(vec!["", "و", "ف", "ب", "ل", "وب", "ول", "فل", "ك"]),
        article in any::<bool>(),
        stem in "[\\u{0628}-\\u{063A}\\u{0641}-\\u{064A}]{2,6}",
        pronoun in prop::sample::select(vec!["", "ه", "ها", "هم", "نا"]),
    ) {
        let word = format!("{proclitic}{}{stem}{pronoun}", if article { "ال" } else { "" });
        let tokens = tokenize(&word);
        prop_assert_eq!(tokens.len(), 1);
        assert_tiles(&word, &tokens)?;
    }

    #[test]
    fn normalise_then_map_back(text in "[\\u{0600}-\\u{06FF}\\u{FE70}-\\u{FEFF}\\u{FB50}-\\u{FDFF} a-zA-Z]{0,40}") {
        let view = NormalizedView::new(&text, NormLevel::Search);
        // Every token's view range maps back onto exactly the token's source range
        // when the token is made of whole source chars.
        for t in tokenize(&text) {
            let r = view.view_range(t.range);
            let back = view.source_range(r.start, r.end);
            prop_assert!(text.is_char_boundary(back.start()) && text.is_char_boundary(back.end()));
            if !r.is_empty() {
                prop_assert!(back.start >= t.range.start);
                prop_assert!(back.end <= t.range.end || text[t.range.end()..back.end()].chars().all(|c| normalize(&c.to_string(), NormLevel::Display).is_empty()));
            }
        }
    }
}

/// The stemming vectors live in the shared data folder, which tests must not
/// require.
fn lucene_vectors(name: &str) -> Option<Vec<(String, String, String)>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/text/stemming-vectors/lucene_arabic_tests");
    let path = dir.join(name);
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipping: {} is not available", path.display());
        return None;
    };
    Some(
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                Some((cols.next()?.to_string(), cols.next()?.to_string(), cols.next()?.to_string()))
            })
            .collect(),
    )
}

#[test]
fn lucene_normalisation_vectors() {
    let Some(cases) = lucene_vectors("ArabicNormalizationFilter_vectors.tsv") else { return };
    let failed: Vec<_> = cases
        .iter()
        .filter(|(_, input, expected)| normalize(input, NormLevel::Search) != *expected)
        .collect();
    println!(
        "Lucene normalisation vectors: {}/{} pass; failing: {failed:?}",
        cases.len() - failed.len(),
        cases.len()
    );
    assert!(failed.is_empty());
}

#[test]
fn lucene_stemming_vectors() {
    let Some(cases) = lucene_vectors("ArabicStemFilter_vectors.tsv") else { return };
    let stemmer = Stemmer::new().unwrap();
    let failed: Vec<_> = cases
        .iter()
        .filter(|(_, input, expected)| {
            stemmer.light_stem(&normalize(input, NormLevel::Search)) != normalize(expected, NormLevel::Search)
        })
        .collect();
    println!(
        "Lucene light-stemming vectors: {}/{} pass; failing: {failed:?}",
        cases.len() - failed.len(),
        cases.len()
    );
    // Latin is lowercased by our Search level (Lucene keeps case): all the Arabic cases must pass.
    assert!(failed.len() <= 1 && failed.iter().all(|(name, _, _)| name == "NonArabic"), "{failed:?}");
}

#[test]
fn tokenizer_builds_from_embedded_lexicons() {
    let tokenizer = Tokenizer::new().unwrap();
    let tokens = tokenizer.tokenize("والانسحاب الانسحابات انسحاب");
    assert!(tokens.iter().all(|t| t.stem == "انسحاب" && t.lemma == "انسحاب"), "{tokens:?}");
    assert!(tokens.iter().all(|t| t.kind == TokenKind::Word));
}
