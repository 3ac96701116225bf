//! Repeated passages: one case per line, each repeat rendered as
//! `[later] <- [earlier]`. Update with `UPDATE_EXPECT=1 cargo test -p marsad-arabic`.

use expect_test::{expect, Expect};
use marsad_arabic::repeats::{find_repeats, RepeatFinder};
use proptest::prelude::*;
use std::time::Instant;

fn check_with(min_words: usize, text: &str, expected: Expect) {
    let rendered: Vec<String> = RepeatFinder { min_words }
        .find(text)
        .iter()
        .map(|r| format!("[{}] <- [{}]", r.range.slice(text), r.of.slice(text)))
        .collect();
    expected.assert_eq(&rendered.join("\n"));
}

fn check(text: &str, expected: Expect) {
    check_with(3, text, expected);
}

#[test]
fn repeats() {
    check("أ ب ج د. هـ و ز أ ب ج د", expect![["[أ ب ج د] <- [أ ب ج د]"]]);
    check("أ ب ج د هـ و ز أ ب", expect![[""]]);
    check("أ ب ج د هـ و أ ب ج س ص أ ب ج د هـ", expect![["[أ ب ج] <- [أ ب ج]\n[أ ب ج د هـ] <- [أ ب ج د هـ]"]]);
    check("قالَ «الجيش» إنّ ... ثم قال الجيش: إن", expect!["[قال الجيش: إن] <- [قالَ «الجيش» إنّ]"]);
    check("بلغ ٣٠ ألف جندي ثم بلغ 30 ألف جندي", expect![["[بلغ 30 ألف جندي] <- [بلغ ٣٠ ألف جندي]"]]);
    check("a b c a b c", expect![["[a b c] <- [a b c]"]]);
    check("a b c A B C", expect![["[A B C] <- [a b c]"]]);
}

#[test]
fn overlapping_self_repeats_never_overlap_their_source() {
    check("x x x x x x x x x x", expect![["[x x x] <- [x x x]\n[x x x x] <- [x x x x]"]]);
}

#[test]
fn default_minimum_is_eight_words() {
    let seven = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة";
    let eight = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية";
    assert!(find_repeats(&format!("{seven}. شيء آخر. {seven}")).is_empty());
    assert_eq!(find_repeats(&format!("{eight}. شيء آخر. {eight}")).len(), 1);
}

#[test]
fn reference_article_shape() {
    // Synthetic: a clause pasted into a later paragraph, with different
    // punctuation around it.
    let clause = "استكمال نقل الملف الأمني في بقية المحافظات إلى وزارة الداخلية، ضمن خطة لإنهاء «عسكرة المدن» وإسناد الدور الأساسي إلى الشرطة المحلية";
    let text = format!(
        "أعلنت القيادة أمس، فيما يشهد {clause}.\n\nوأكد القائد أن العام المقبل سيشهد {clause} بدلاً من الجيش."
    );
    check_with(
        8,
        &text,
        expect!["[استكمال نقل الملف الأمني في بقية المحافظات إلى وزارة الداخلية، ضمن خطة لإنهاء «عسكرة المدن» وإسناد الدور الأساسي إلى الشرطة المحلية] <- [استكمال نقل الملف الأمني في بقية المحافظات إلى وزارة الداخلية، ضمن خطة لإنهاء «عسكرة المدن» وإسناد الدور الأساسي إلى الشرطة المحلية]"],
    );
}

#[test]
fn one_word_a_hundred_thousand_times_is_fast() {
    let text = "كلمة ".repeat(100_000);
    let started = Instant::now();
    let repeats = find_repeats(&text);
    let elapsed = started.elapsed();
    // Doubling repeats: 8, 16, 32 … words, so about log2(100000/8) of them.
    assert!(repeats.len() < 20, "{} repeats", repeats.len());
    println!("{} repeats in {elapsed:?}", repeats.len());
    let covered: usize = repeats.iter().map(|r| r.range.len()).sum();
    assert!(covered > text.len() * 9 / 10);
    // Generous for a loaded debug build: quadratic work would take minutes.
    assert!(elapsed.as_secs_f64() < 10.0, "took {elapsed:?}");
}

#[test]
fn two_words_alternating_are_fast() {
    let text = "أ ب ".repeat(50_000) + &"ج ".repeat(50_000);
    let started = Instant::now();
    let repeats = find_repeats(&text);
    assert!(repeats.len() < 60, "{} repeats", repeats.len());
    // Generous for a loaded debug build: quadratic work would take minutes.
    assert!(started.elapsed().as_secs_f64() < 10.0);
}

fn words_text() -> impl Strategy<Value = String> {
    let pieces =
        prop::sample::select(vec!["أ", "ب", "ج", "إ", "َ", "،", ".", " ", " ", "\n", "1", "١", "x", "X", "ـ"]);
    prop::collection::vec(pieces, 0..80).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn repeats_are_well_formed(text in words_text(), min_words in 1usize..5) {
        let repeats = RepeatFinder { min_words }.find(&text);
        let mut last_end = 0;
        for r in &repeats {
            for range in [r.range, r.of] {
                prop_assert!(range.start() < range.end() && range.end() <= text.len());
                prop_assert!(text.is_char_boundary(range.start()) && text.is_char_boundary(range.end()));
            }
            prop_assert!(r.of.end() <= r.range.start(), "{:?}", r);
            prop_assert!(r.range.start() >= last_end);
            last_end = r.range.end();
        }
    }

    #[test]
    fn no_panics_on_arbitrary_text(text in "\\PC{0,80}") {
        let _ = find_repeats(&text);
        let _ = RepeatFinder { min_words: 1 }.find(&text);
    }
}
