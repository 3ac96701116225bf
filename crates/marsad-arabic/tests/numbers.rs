//! Numbers: one case per line, each mention rendered as `[text]=value`, with
//! `%` for percentages. Update with `UPDATE_EXPECT=1 cargo test -p marsad-arabic`.

use expect_test::{expect, Expect};
use marsad_arabic::numbers::{find_numbers, parse_number_words};
use proptest::prelude::*;

fn check(text: &str, expected: Expect) {
    let rendered: Vec<String> = find_numbers(text)
        .iter()
        .map(|m| format!("[{}]={}{}", m.range.slice(text), m.value, if m.percent { "%" } else { "" }))
        .collect();
    expected.assert_eq(&rendered.join(" "));
}

#[test]
fn digits() {
    check("أقل من 500 عنصر منذ عام 2003", expect![["[500]=500 [2003]=2003"]]);
    check("٣٫٥ و٣.٥ و۳.۵ و١٢٣", expect![["[٣٫٥]=3.5 [٣.٥]=3.5 [۳.۵]=3.5 [١٢٣]=123"]]);
    check("1,500 و12,345,678 و1٬500", expect![["[1,500]=1500 [12,345,678]=12345678 [1٬500]=1500"]]);
    check("الأرقام 2, 3 و2,3 و1234,567", expect![["[2]=2 [3]=3 [2]=2 [3]=3 [1234]=1234 [567]=567"]]);
    check("1.500.000 دولار و1,500.75", expect![["[1.500.000]=1500000 [1,500.75]=1500.75"]]);
    check("بين 2014-2017 بنتيجة 3-1", expect![["[2014]=2014 [2017]=2017 [3]=3 [1]=1"]]);
    check("ب500 جندي و2025م", expect![["[500]=500 [2025]=2025"]]);
    check("بلغ 500. ثم", expect![["[500]=500"]]);
}

#[test]
fn dates_times_and_model_names_are_not_quantities() {
    check("في 31/12/2025 و2025-12-31 و31.12.2025", expect![[""]]);
    check("الساعة 10:30 و10.30", expect![["[10.30]=10.3"]]);
    check("طائرات F16 وF-16 وS-400 وG20 و5G", expect![[""]]);
}

#[test]
fn digits_with_scale_words() {
    check(
        "3 ملايين و2.5 مليار و500 ألف",
        expect![["[3 ملايين]=3000000 [2.5 مليار]=2500000000 [500 ألف]=500000"]],
    );
    check("20 ألفا و10 آلاف و1.5 مليون", expect![["[20 ألفا]=20000 [10 آلاف]=10000 [1.5 مليون]=1500000"]]);
    check("3 أشخاص و2 مليونين", expect![["[3]=3 [2]=2 [مليونين]=2000000"]]);
}

#[test]
fn percentages() {
    check("بنسبة 50% و٣٠٪ و%20", expect![["[50%]=50% [٣٠٪]=30% [%20]=20%"]]);
    check(
        "نما 3.5 في المئة و4 في المائة و5 بالمئة و6 بالمائة",
        expect![["[3.5 في المئة]=3.5% [4 في المائة]=4% [5 بالمئة]=5% [6 بالمائة]=6%"]],
    );
    check("ارتفع 7 فى المائه", expect![["[7 فى المائه]=7%"]]);
    check("«وصلت إلى الصفر في المئة»", expect![["[الصفر في المئة]=0%"]]);
    check("خمسة وعشرون في المئة", expect![["[خمسة وعشرون في المئة]=25%"]]);
    check("مئة في المئة", expect![["[مئة في المئة]=100%"]]);
    check("النسبة في المئة", expect![[""]]);
}

#[test]
fn units_tens_hundreds() {
    check("ثلاثة جنود وثلاث نساء وخمسة", expect![["[ثلاثة]=3 [ثلاث]=3 [خمسة]=5"]]);
    check("اثنان واثنين واثنتان", expect![["[اثنان]=2 [اثنين]=2 [اثنتان]=2"]]);
    check("عشرة وعشر", expect![["[عشرة]=10 [عشر]=10"]]);
    check("عشرون وثلاثين وتسعين", expect![["[عشرون]=20 [ثلاثين]=30 [تسعين]=90"]]);
    check(
        "خمسة وعشرون وواحد وعشرين وإحدى وعشرين",
        expect![["[خمسة وعشرون]=25 [واحد وعشرين]=21 [إحدى وعشرين]=21"]],
    );
    check(
        "أحد عشر وإحدى عشرة واثنا عشر واثنتي عشرة وتسعة عشر",
        expect![["[أحد عشر]=11 [إحدى عشرة]=11 [اثنا عشر]=12 [اثنتي عشرة]=12 [تسعة عشر]=19"]],
    );
    check("مئة ومائة ومئتان ومائتين", expect![["[مئة]=100 [مائة]=100 [مئتان]=200 [مائتين]=200"]]);
    check(
        "ثلاثمائة وخمسمئة وتسعمائة، ثلاث مئة",
        expect![["[ثلاثمائة]=300 [خمسمئة]=500 [تسعمائة]=900 [ثلاث مئة]=300"]],
    );
    check("تسعمائة وثلاث", expect![["[تسعمائة وثلاث]=903"]]);
    check("مئة وخمسون وثلاثمائة وخمسة وعشرون", expect![["[مئة وخمسون]=150 [ثلاثمائة وخمسة وعشرون]=325"]]);
}

#[test]
fn scales() {
    check("ألف وألفان وألفين وثلاثة آلاف", expect![["[ألف]=1000 [ألفان]=2000 [ألفين]=2000 [ثلاثة آلاف]=3000"]]);
    check(
        "عشرة آلاف ومئة ألف وثلاثة عشر ألفا",
        expect![["[عشرة آلاف]=10000 [مئة ألف]=100000 [ثلاثة عشر ألفا]=13000"]],
    );
    check("مليون ومليونان وثلاثة ملايين ومليار وعشرة مليارات وبليون", expect![["[مليون]=1000000 [مليونان]=2000000 [ثلاثة ملايين]=3000000 [مليار]=1000000000 [عشرة مليارات]=10000000000 [بليون]=1000000000"]]);
    check("ألف وخمسمئة", expect![["[ألف وخمسمئة]=1500"]]);
    check("مليونان وثلاثمائة ألف وخمسون", expect![["[مليونان وثلاثمائة ألف وخمسون]=2300050"]]);
    check("مليون ونصف ومليونين ونصف", expect![["[مليون ونصف]=1500000 [مليونين ونصف]=2500000"]]);
    check("ألفا دولار", expect![["[ألفا]=2000"]]);
}

#[test]
fn fractions_and_zero() {
    check("نصف السكان وربع الجنود وثلث المقاعد", expect![["[نصف]=0.5 [ربع]=0.25 [ثلث]=0.3333333333333333"]]);
    check("نصف مليون، ثلاثة ونصف", expect![["[نصف مليون]=500000 [ثلاثة ونصف]=3.5"]]);
    check("نصف مليون وثلاثة", expect![["[نصف مليون وثلاثة]=500003"]]);
    check("ساعة ونصف", expect![[""]]);
    check("صفر والصفر", expect![["[صفر]=0 [الصفر]=0"]]);
    check("وصلت إلى الصفر", expect![["[الصفر]=0"]]);
    check("شهر صفر و10 صفر 1447", expect![["[10]=10 [1447]=1447"]]);
}

#[test]
fn clitics_and_article() {
    check("بخمسة ولخمسة وكخمسة", expect![["[خمسة]=5 [خمسة]=5 [خمسة]=5"]]);
    check("الخمسة والخمسة بالخمسة للخمسة", expect![["[الخمسة]=5 [الخمسة]=5 [الخمسة]=5 [خمسة]=5"]]);
    check("الخمسة والعشرين", expect![["[الخمسة والعشرين]=25"]]);
    check("خَمْسَةٌ وَعِشْرُونَ", expect![["[خَمْسَةٌ وَعِشْرُونَ]=25"]]);
}

#[test]
fn ambiguous_words() {
    check("أحد مراكز وجودها وأحد الجنود", expect![[""]]);
    check("في آن واحد وفي وقت واحد", expect![[""]]);
    check("جندي واحد وطائرة واحدة", expect![["[واحد]=1 [واحدة]=1"]]);
    check("واحد من أبرز القادة واليوم الواحد", expect![[""]]);
    check("يوم الاثنين والإثنين ولست أدري", expect![[""]]);
    check("آلاف الجنود وملايين الدولارات", expect![[""]]);
    check("القرن التاسع عشر والحادي عشر والحادي والعشرين", expect![[""]]);
    check("الثانية عشرة ظهرا", expect![[""]]);
    check("في انتظار ساعة الصفر وبدأ من الصفر ومن مسافة صفر", expect![[""]]);
    check("لم تسع الإمارات ولن تسع", expect![[""]]);
    check("انخفض إلى صفر", expect![["[صفر]=0"]]);
}

#[test]
fn numbers_do_not_cross_lines_or_punctuation() {
    check("ثلاثة\nآلاف", expect![["[ثلاثة]=3"]]);
    check("خمسة، وعشرون", expect![["[خمسة]=5 [عشرون]=20"]]);
    check("3\nملايين", expect![["[3]=3"]]);
}

#[test]
fn parse_whole_strings() {
    let cases = [
        ("خمسة وعشرون", Some(25.0)),
        ("وخمسة", Some(5.0)),
        (" 2.5 مليار ", Some(2.5e9)),
        ("10%", Some(10.0)),
        ("مليون ونصف", Some(1.5e6)),
        ("خمسة جنود", None),
        ("أحد", None),
        ("", None),
    ];
    for (text, value) in cases {
        assert_eq!(parse_number_words(text), value, "{text:?}");
    }
}

#[test]
fn pathological_inputs_stay_fast() {
    let inputs = [
        "1".repeat(100_000),
        "1,000".repeat(20_000),
        "1.".repeat(50_000),
        "خمسة وعشرون ".repeat(10_000),
        "ألف و".repeat(20_000),
        "% ".repeat(50_000),
        "في المئة ".repeat(10_000),
    ];
    for text in inputs {
        let started = std::time::Instant::now();
        let _ = find_numbers(&text);
        // Generous for a loaded debug build: quadratic work would take minutes.
        assert!(started.elapsed().as_secs_f64() < 10.0, "{:?} took {:?}", &text[..8], started.elapsed());
    }
}

/// Text made of number words, digits and separators, so that random cases
/// exercise the grammar.
fn numbery_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "خمسة",
        "وعشرون",
        "ألف",
        "آلاف",
        "مليون",
        "ونصف",
        "أحد",
        "عشر",
        "مئة",
        "واحد",
        "الصفر",
        "في",
        "المئة",
        "بالمئة",
        "1",
        "٣",
        "۵",
        "0",
        ".",
        ",",
        "٫",
        "٬",
        "/",
        ":",
        "-",
        "%",
        "٪",
        " ",
        " ",
        "\n",
        "F",
        "ـ",
        "َ",
        "و",
        "ال",
    ]);
    prop::collection::vec(pieces, 0..30).prop_map(|p| p.concat())
}

fn assert_well_formed(text: &str) -> Result<(), TestCaseError> {
    let mentions = find_numbers(text);
    let mut last_end = 0;
    for m in &mentions {
        let r = m.range;
        prop_assert!(r.start() >= last_end && r.start() < r.end() && r.end() <= text.len(), "{:?}", r);
        prop_assert!(text.is_char_boundary(r.start()) && text.is_char_boundary(r.end()));
        prop_assert!(m.value.is_finite() && m.value >= 0.0);
        last_end = r.end();
    }
    Ok(())
}

proptest! {
    #[test]
    fn mentions_are_ordered_disjoint_and_on_char_boundaries(text in "\\PC{0,60}") {
        assert_well_formed(&text)?;
    }

    #[test]
    fn numbery_text_is_handled(text in numbery_text()) {
        assert_well_formed(&text)?;
    }

    #[test]
    fn plain_integers_read_back(n in 0u64..10_000_000_000) {
        let text = format!("بلغ {n} جندي");
        let mentions = find_numbers(&text);
        prop_assert_eq!(mentions.len(), 1);
        prop_assert_eq!(mentions[0].value, n as f64);
    }
}
