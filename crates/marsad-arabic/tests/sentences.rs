//! Sentence segmentation: one case per line, each sentence rendered in `[…]`.
//! Update the expectations with `UPDATE_EXPECT=1 cargo test -p marsad-arabic`.

use expect_test::{expect, Expect};
use marsad_arabic::sentences::{is_blank, split_sentences};
use proptest::prelude::*;

fn check(text: &str, expected: Expect) {
    let rendered: Vec<String> =
        split_sentences(text).iter().map(|s| format!("[{}]", s.range.slice(text))).collect();
    expected.assert_eq(&rendered.join(" "));
}

#[test]
fn terminators() {
    check("قال الوزير. وأضاف المتحدث.", expect![["[قال الوزير.] [وأضاف المتحدث.]"]]);
    check("هل انتهى؟ نعم! انتهى", expect![["[هل انتهى؟] [نعم!] [انتهى]"]]);
    check("ماذا حدث?! لا أحد يعرف", expect![["[ماذا حدث?!] [لا أحد يعرف]"]]);
    check("أولاً الأمن؛ ثانياً الاقتصاد", expect![["[أولاً الأمن؛] [ثانياً الاقتصاد]"]]);
    check("a; bc. C", expect![["[a; bc.] [C]"]]);
    check("   ", expect![[""]]);
    check("", expect![[""]]);
    check("بلا علامة", expect![["[بلا علامة]"]]);
}

#[test]
fn line_breaks() {
    check("عنوان الخبر\nنص الخبر", expect![["[عنوان الخبر] [نص الخبر]"]]);
    check("فقرة أولى\n\n  فقرة ثانية  \r\n", expect![["[فقرة أولى] [فقرة ثانية]"]]);
    check("جملة تنتهي\u{2029}وأخرى", expect![["[جملة تنتهي] [وأخرى]"]]);
    check("نص طويل ...\nسطر جديد", expect![["[نص طويل ...] [سطر جديد]"]]);
}

#[test]
fn missing_space_and_stray_comma() {
    check("في العراق.وأشار إلى أن", expect![["[في العراق.] [وأشار إلى أن]"]]);
    check("هذه العملية.وقاعدة عين الأسد", expect![["[هذه العملية.] [وقاعدة عين الأسد]"]]);
    check("في العراق.، فيما يشهد", expect![["[في العراق.، فيما يشهد]"]]);
    check("لماذا؟، قال", expect![["[لماذا؟، قال]"]]);
    check("انتهى؟وبدأ", expect![["[انتهى؟] [وبدأ]"]]);
    check("انتهى.«بداية»", expect![["[انتهى.] [«بداية»]"]]);
    check("site.com is up", expect![["[site.com is up]"]]);
}

#[test]
fn closing_quotes_and_brackets() {
    check("قال: «لن ننسحب.» وأضاف", expect![["[قال: «لن ننسحب.»] [وأضاف]"]]);
    check("(من القوات الأمريكية.) ثم", expect![["[(من القوات الأمريكية.)] [ثم]"]]);
    check("قال \"انتهى.\" ثم", expect![["[قال \"انتهى.\"] [ثم]"]]);
    check("قال.\"الحكومة\" ترفض", expect![["[قال.] [\"الحكومة\" ترفض]"]]);
    check("«هل ننسحب؟». ثم", expect![["[«هل ننسحب؟».] [ثم]"]]);
    check("قال «حرير». وأكد", expect![["[قال «حرير».] [وأكد]"]]);
}

#[test]
fn numbers_are_not_boundaries() {
    check("نما بنسبة 3.5 في المئة", expect![["[نما بنسبة 3.5 في المئة]"]]);
    check("نما بنسبة ٣٫٥ و٣.٥ و۳.۵", expect![["[نما بنسبة ٣٫٥ و٣.٥ و۳.۵]"]]);
    check("في 31.12.2025 الساعة 10.30 صباحاً", expect![["[في 31.12.2025 الساعة 10.30 صباحاً]"]]);
    check("منذ عام 2003. وبعد", expect![["[منذ عام 2003.] [وبعد]"]]);
    check("عام 2003.وبعد", expect![["[عام 2003.] [وبعد]"]]);
}

#[test]
fn abbreviations_and_initials() {
    check("قال د. أحمد إن", expect![["[قال د. أحمد إن]"]]);
    check("صرح أ.د. محمد علي", expect![["[صرح أ.د. محمد علي]"]]);
    check("التقى م. خالد بالوزير", expect![["[التقى م. خالد بالوزير]"]]);
    check("ولد عام 1950 م. وتوفي", expect![["[ولد عام 1950 م.] [وتوفي]"]]);
    check("في عام 1447 هـ. ثم", expect![["[في عام 1447 هـ.] [ثم]"]]);
    check("عام 2025م. ثم", expect![["[عام 2025م.] [ثم]"]]);
    check("في القرن الخامس ق.م. ثم", expect![["[في القرن الخامس ق.م.] [ثم]"]]);
    check("عام 300 ق.م. ثم", expect![["[عام 300 ق.م.] [ثم]"]]);
    check("الرئيس ج. و. بوش قال", expect![["[الرئيس ج. و. بوش قال]"]]);
    check("ص.ب. 1234 الرياض", expect![["[ص.ب. 1234 الرياض]"]]);
    check("Dr. Smith and Mr. Jones met. Then", expect![["[Dr. Smith and Mr. Jones met.] [Then]"]]);
    check("the U.S. Army, e.g. here", expect![["[the U.S. Army, e.g. here]"]]);
    check("قال دَ. أحمد", expect![["[قال دَ. أحمد]"]]);
    check("قالت شبكة بي. بي. سي. البريطانية", expect![["[قالت شبكة بي. بي. سي. البريطانية]"]]);
    check("قال لشبكة سي.إن.إن. وأضاف", expect![["[قال لشبكة سي.إن.إن.] [وأضاف]"]]);
    check("وفقا لبيانات بي بي سي. وقد حددت", expect![["[وفقا لبيانات بي بي سي.] [وقد حددت]"]]);
    check("حملة جورج دبليو. بوش عام 2004", expect![["[حملة جورج دبليو. بوش عام 2004]"]]);
    check("وكالة (د.ب.أ) وأ.ف.ب: قال", expect![["[وكالة (د.ب.أ) وأ.ف.ب: قال]"]]);
}

#[test]
fn lists_urls_emails_ellipses() {
    check("1. الأمن\n2. الاقتصاد", expect![["[1. الأمن] [2. الاقتصاد]"]]);
    check("١. الأمن\n  12. الاقتصاد", expect![["[١. الأمن] [12. الاقتصاد]"]]);
    check("2- الأمن", expect![["[2- الأمن]"]]);
    check("3\u{202A}. التجارة", expect![["[3\u{202A}. التجارة]"]]);
    check(
        "انظر https://ar.wikipedia.org/wiki/بغداد.المدينة للمزيد. ثم",
        expect![["[انظر https://ar.wikipedia.org/wiki/بغداد.المدينة للمزيد.] [ثم]"]],
    );
    check("الرابط https://example.com/a?id=3؟ نعم", expect![["[الرابط https://example.com/a?id=3؟] [نعم]"]]);
    check("زوروا www.aljazeera.net. وتابعوا", expect![["[زوروا www.aljazeera.net.] [وتابعوا]"]]);
    check("راسلوا info@gov.iq للمزيد. ثم", expect![["[راسلوا info@gov.iq للمزيد.] [ثم]"]]);
    check("وقال ... إن الوضع… صعب", expect![["[وقال ... إن الوضع… صعب]"]]);
    check("انتهى الأمر...؟ ربما", expect![["[انتهى الأمر...؟] [ربما]"]]);
    check("انتهى.. ثم", expect![["[انتهى..] [ثم]"]]);
}

#[test]
fn invisible_controls_are_trimmed() {
    check("\u{200F}جملة.\u{200F} \u{FEFF}أخرى", expect![["[جملة.] [أخرى]"]]);
}

#[test]
fn reference_article_shapes() {
    // Synthetic text in the shape of the reference article: a typo'd `.،`,
    // a missing space after a full stop, quotes closed inside a sentence.
    let text = "أعلنت القيادة أن القوات ستنسحب، في خطوة على طريق إنهاء وجودها في البلاد.، فيما يستكمل نقل الملف.\n\nوأوضح النائب أن التحالف سيغادر القاعدة في البلاد.وأشار إلى أن النسبة «وصلت إلى الصفر في المئة»، في إشارة إلى الحدود.";
    check(
        text,
        expect![[
            "[أعلنت القيادة أن القوات ستنسحب، في خطوة على طريق إنهاء وجودها في البلاد.، فيما يستكمل نقل الملف.] [وأوضح النائب أن التحالف سيغادر القاعدة في البلاد.] [وأشار إلى أن النسبة «وصلت إلى الصفر في المئة»، في إشارة إلى الحدود.]"
        ]],
    );
}

#[test]
fn pathological_inputs_stay_fast() {
    for text in [
        "أ.".repeat(50_000),
        ".".repeat(100_000),
        "1.".repeat(50_000),
        "سي.إن.".repeat(20_000),
        "«".repeat(100_000),
    ] {
        let started = std::time::Instant::now();
        let sentences = split_sentences(&text);
        assert!(!sentences.is_empty());
        // Generous for a loaded debug build: quadratic work would take minutes.
        assert!(started.elapsed().as_secs_f64() < 10.0, "{:?} took {:?}", &text[..12], started.elapsed());
    }
}

/// Text made of the characters the splitter reacts to, so that random cases
/// hit its rules.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "العراق",
        "د",
        "م",
        "ق",
        "U",
        "S",
        "e",
        "g",
        "2025",
        "٣",
        "۵",
        "1",
        ".",
        ".",
        ".",
        "،",
        ",",
        "؟",
        "?",
        "!",
        "؛",
        "…",
        "«",
        "»",
        "\"",
        "'",
        "(",
        ")",
        " ",
        " ",
        "\n",
        "\r\n",
        "\u{200F}",
        "\u{FEFF}",
        "www.",
        "https://",
        "@",
        "/",
        "-",
        "ـ",
        "َ",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

fn assert_partition(text: &str) -> Result<(), TestCaseError> {
    let sentences = split_sentences(text);
    let mut covered = vec![false; text.len()];
    let mut last_end = 0;
    for s in &sentences {
        let r = s.range;
        prop_assert!(r.start() >= last_end && r.start() < r.end() && r.end() <= text.len());
        prop_assert!(text.is_char_boundary(r.start()) && text.is_char_boundary(r.end()));
        let piece = r.slice(text);
        prop_assert!(!piece.starts_with(is_blank) && !piece.ends_with(is_blank), "untrimmed {:?}", piece);
        covered[r.as_range()].iter_mut().for_each(|b| *b = true);
        last_end = r.end();
    }
    for (at, c) in text.char_indices() {
        prop_assert!(is_blank(c) || covered[at], "char {:?} at {} in no sentence", c, at);
    }
    Ok(())
}

proptest! {
    #[test]
    fn sentences_partition_arbitrary_text(text in "\\PC{0,60}") {
        assert_partition(&text)?;
    }

    #[test]
    fn sentences_partition_tricky_text(text in tricky_text()) {
        assert_partition(&text)?;
    }
}
