use super::*;
use expect_test::{expect, Expect};
use std::sync::OnceLock;

fn tagger() -> &'static TimeTagger {
    static TAGGER: OnceLock<TimeTagger> = OnceLock::new();
    TAGGER.get_or_init(|| TimeTagger::new().expect("embedded data loads"))
}

/// Renders each expression as `text TYPE value [mod=…] [hijri=…]`, joined
/// by ` | `.
fn render(text: &str, anchor: Option<NaiveDate>) -> String {
    let (times, _) = tagger().tag(text, anchor);
    times
        .iter()
        .map(|t| {
            let mut s = format!("{} {:?} {}", t.range.slice(text), t.kind, t.value);
            if let Some(m) = &t.modifier {
                s += &format!(" mod={m}");
            }
            if let Some(h) = &t.hijri {
                s += &format!(" hijri={h}");
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Tags `text` anchored at `anchor` (`-` for none).
fn check(anchor: &str, text: &str, expect: Expect) {
    let anchor = NaiveDate::parse_from_str(anchor, "%Y-%m-%d").ok();
    expect.assert_eq(&render(text, anchor));
}

/// Like [`check`] but renders confidences and diagnostics too.
fn check_doubt(anchor: &str, text: &str, expect: Expect) {
    let anchor = NaiveDate::parse_from_str(anchor, "%Y-%m-%d").ok();
    let (times, diags) = tagger().tag(text, anchor);
    let mut out: Vec<String> = times
        .iter()
        .map(|t| format!("{} {} conf={}", t.range.slice(text), t.value, t.confidence.unwrap_or(0.0)))
        .collect();
    out.extend(diags.iter().map(|d| format!("{:?}: {}", d.level, d.message)));
    expect.assert_eq(&out.join("\n"));
}

#[test]
fn absolute_dates() {
    check("2025-12-31", "في 31/12/2025 وقع الهجوم", expect!["31/12/2025 DATE 2025-12-31"]);
    check("2025-12-31", "بتاريخ 2025-12-31", expect!["2025-12-31 DATE 2025-12-31"]);
    check("2025-12-31", "في ٣١ ديسمبر ٢٠٢٥", expect!["٣١ ديسمبر ٢٠٢٥ DATE 2025-12-31"]);
    check("2025-12-31", "يوم 31 كانون الأول 2025", expect!["يوم 31 كانون الأول 2025 DATE 2025-12-31"]);
    check(
        "2025-12-31",
        "في 5 جانفي 2024 وفي 12 جويلية 2023",
        expect!["5 جانفي 2024 DATE 2024-01-05 | 12 جويلية 2023 DATE 2023-07-12"],
    );
    check("2025-12-31", "منذ أوت 2019", expect!["أوت 2019 DATE 2019-08"]);
    check("2025-12-31", "الانقلاب الفاشل في يوليو/ تموز 2016", expect!["يوليو/ تموز 2016 DATE 2016-07"]);
    check("2025-12-31", "في تموز (يوليو) 2016", expect!["تموز (يوليو) 2016 DATE 2016-07"]);
    check("2025-12-31", "في 14 تشرين الثاني 2025", expect!["14 تشرين الثاني 2025 DATE 2025-11-14"]);
    check("2025-12-31", "الثالث من يناير 2024", expect!["الثالث من يناير 2024 DATE 2024-01-03"]);
    check(
        "2025-12-31",
        "في الحادي والعشرين من مارس 2020",
        expect!["الحادي والعشرين من مارس 2020 DATE 2020-03-21"],
    );
    check("2025-12-31", "في 31 ديسمبر، 2025", expect!["31 ديسمبر، 2025 DATE 2025-12-31"]);
    check("2025-12-31", "في 30 فبراير 2025", expect!["فبراير 2025 DATE 2025-02"]);
    check("2025-12-31", "الأحد 28 ديسمبر 2025", expect!["الأحد 28 ديسمبر 2025 DATE 2025-12-28"]);
    check(
        "2025-12-31",
        "يوم الأحد الموافق 28/12/2025",
        expect!["يوم الأحد الموافق 28/12/2025 DATE 2025-12-28"],
    );
    check("2025-12-31", "ولد في 2016م", expect!["2016م DATE 2016"]);
}

#[test]
fn years_decades_centuries() {
    check("2025-12-31", "غزو العراق عام 2003", expect!["عام 2003 DATE 2003"]);
    check("2025-12-31", "في العام 2014 سيطر التنظيم", expect!["العام 2014 DATE 2014"]);
    check("2025-12-31", "منذ 2011 والبلاد في أزمة", expect!["2011 DATE 2011"]);
    check("2025-12-31", "بين عامي 2014 و2017", expect!["عامي 2014 DATE 2014 | 2017 DATE 2017"]);
    check("2025-12-31", "وصل 2003 شخصا", expect![[""]]);
    check("2025-12-31", "في التسعينيات", expect!["التسعينيات DATE 199"]);
    check("2025-12-31", "ثمانينيات القرن الماضي", expect!["ثمانينيات القرن الماضي DATE 198"]);
    check("2025-12-31", "في العشرينيات", expect!["العشرينيات DATE 202"]);
    check("2025-12-31", "القرن العشرين", expect!["القرن العشرين DATE 19"]);
    check("2025-12-31", "القرن الـ21", expect!["القرن الـ21 DATE 20"]);
    check("2025-12-31", "القرن الحادي والعشرين", expect!["القرن الحادي والعشرين DATE 20"]);
    check("2025-12-31", "القرن التاسع عشر", expect!["القرن التاسع عشر DATE 18"]);
    check("2025-12-31", "القرن الماضي", expect!["القرن الماضي DATE 19"]);
}

#[test]
fn hijri_dates() {
    check("2025-12-31", "في 15 رمضان 1447 هـ", expect!["15 رمضان 1447 هـ DATE 2026-03-04 hijri=1447-09-15"]);
    check("2025-12-31", "1 محرم 1447هـ", expect!["1 محرم 1447هـ DATE 2025-06-26 hijri=1447-01-01"]);
    check("2025-12-31", "غرة شوال", expect!["غرة شوال DATE 2026-03-20 hijri=1447-10-01"]);
    check("2025-12-31", "شهر محرم الحرام", expect!["شهر محرم الحرام DATE 2026-06 hijri=1448-01"]);
    check(
        "2025-12-31",
        "في العاشر من ذي الحجة 1445 هـ",
        expect!["العاشر من ذي الحجة 1445 هـ DATE 2024-06-16 hijri=1445-12-10"],
    );
    check("2025-12-31", "قال رجب طيب أردوغان", expect![[""]]);
    check("2025-12-31", "عام 1447 هـ", expect!["عام 1447 هـ DATE 2025 hijri=1447"]);
    check("2025-12-31", "في 1 رمضان 1300 هـ", expect!["1 رمضان 1300 هـ DATE 1883-07-06 hijri=1300-09-01"]);
}

#[test]
fn weekdays() {
    check("2025-12-31", "أكد السبت الماضي", expect!["السبت الماضي DATE 2025-12-27"]);
    check("2025-12-31", "يوم الأحد المقبل", expect!["يوم الأحد المقبل DATE 2026-01-04"]);
    check("2025-12-31", "وقال الوزير الاثنين إن", expect!["الاثنين DATE 2025-12-29"]);
    check("2025-12-31", "سيزور الوزير بغداد الخميس", expect!["الخميس DATE 2026-01-01"]);
    check("2025-12-31", "من المقرر أن يعقد الاجتماع الجمعة", expect!["الجمعة DATE 2026-01-02"]);
    check("2025-12-31", "الأربعاء", expect!["الأربعاء DATE 2025-12-31"]);
    check("2025-12-31", "أحد عشر لاعبا والأحد عشر", expect![[""]]);
    check("2025-12-31", "اليوم الأربعاء", expect!["اليوم الأربعاء DATE 2025-12-31"]);
    check("2025-12-31", "أمس الثلاثاء", expect!["أمس الثلاثاء DATE 2025-12-30"]);
    check("2025-12-31", "وأعلن يوم الجمعة الماضي", expect!["يوم الجمعة الماضي DATE 2025-12-26"]);
    check("2025-12-31", "كل جمعة", expect!["كل جمعة SET XXXX-WXX-5"]);
}

#[test]
fn relative_days_and_periods() {
    check("2025-12-31", "ستنسحب القوات الأسبوع المقبل", expect!["الأسبوع المقبل DATE 2026-W02"]);
    check(
        "2025-12-31",
        "وأمس وأول أمس وغدا وبعد غد",
        expect![
            "أمس DATE 2025-12-30 | أول أمس DATE 2025-12-29 | غدا DATE 2026-01-01 | بعد غد DATE 2026-01-02"
        ],
    );
    check("2025-12-31", "أمس الأول", expect!["أمس الأول DATE 2025-12-29"]);
    check("2025-12-31", "اليوم", expect!["اليوم DATE 2025-12-31"]);
    check("2025-12-31", "في اليوم الأول وهذا اليوم", expect!["هذا اليوم DATE 2025-12-31"]);
    check("2025-12-31", "الليلة", expect!["الليلة TIME 2025-12-31TNI"]);
    check("2025-12-31", "والأسبوع الماضي", expect!["الأسبوع الماضي DATE 2025-W52"]);
    check(
        "2025-12-31",
        "الشهر الماضي والشهر المقبل",
        expect!["الشهر الماضي DATE 2025-11 | الشهر المقبل DATE 2026-01"],
    );
    check(
        "2025-12-31",
        "العام المقبل والسنة الماضية والعام الحالي",
        expect!["العام المقبل DATE 2026 | السنة الماضية DATE 2024 | العام الحالي DATE 2025"],
    );
    check("2025-12-31", "هذا العام", expect!["هذا العام DATE 2025"]);
    check("2025-12-31", "للعام المقبل", expect!["لعام المقبل DATE 2026"]);
    check("2025-12-31", "منذ ثلاثة أيام", expect!["ثلاثة أيام DURATION P3D"]);
    check("2025-12-31", "قبل 6 ساعات", expect!["قبل 6 ساعات DATE 2025-12-31"]);
    check("2025-12-31", "بعد أسبوعين", expect!["أسبوعين DURATION P2W"]);
    check("2025-12-31", "منذ عام", expect!["عام DURATION P1Y"]);
    check("2025-12-31", "منذ عام 2003", expect!["عام 2003 DATE 2003"]);
    check("2025-12-31", "قبل نحو عشرة أيام", expect!["قبل نحو عشرة أيام DATE 2025-12-21 mod=APPROX"]);
    check("2025-12-31", "منذ أكثر من عشر سنوات", expect!["أكثر من عشر سنوات DURATION P10Y mod=MORE_THAN"]);
    check("2025-12-31", "قبل أيام", expect!["أيام DURATION PXD"]);
    check("2025-12-31", "خلال الأيام المقبلة", expect!["الأيام المقبلة DATE FUTURE_REF"]);
    check("2025-12-31", "السنوات الماضية", expect!["السنوات الماضية DURATION PXY"]);
    check("2025-12-31", "الفترة المقبلة", expect!["الفترة المقبلة DATE FUTURE_REF"]);
    check("2025-12-31", "خلال الأشهر الثلاثة الماضية", expect!["الأشهر الثلاثة الماضية DURATION P3M"]);
    check("2025-12-31", "اليومين الماضيين", expect!["اليومين الماضيين DURATION P2D"]);
    check("2025-12-31", "في وقت سابق", expect!["وقت سابق DATE PAST_REF"]);
    check("2025-12-31", "حاليا والآن", expect!["حاليا DATE PRESENT_REF | الآن DATE PRESENT_REF"]);
    check("2025-12-31", "العقد الماضي", expect!["العقد الماضي DATE 201"]);
    check("2025-12-31", "بعد ثلاثة أيام من الهجوم", expect!["ثلاثة أيام DURATION P3D"]);
}

#[test]
fn modified_periods() {
    check("2025-12-31", "بداية عام 2026", expect!["بداية عام 2026 DATE 2026 mod=START"]);
    check("2025-12-31", "نهاية الشهر", expect!["نهاية الشهر DATE 2025-12 mod=END"]);
    check("2025-12-31", "منتصف العام المقبل", expect!["منتصف العام المقبل DATE 2026 mod=MID"]);
    check("2025-12-31", "مطلع الشهر المقبل", expect!["مطلع الشهر المقبل DATE 2026-01 mod=START"]);
    check("2025-12-31", "أواخر التسعينيات", expect!["أواخر التسعينيات DATE 199 mod=END"]);
    check("2025-12-31", "أوائل يناير", expect!["أوائل يناير DATE 2026-01 mod=START"]);
    check("2025-12-31", "وبداية 2026", expect!["بداية 2026 DATE 2026 mod=START"]);
    check("2025-12-31", "بداية الحرب", expect![[""]]);
}

#[test]
fn durations_times_sets() {
    check("2025-12-31", "لمدة ثلاثة أسابيع", expect!["ثلاثة أسابيع DURATION P3W"]);
    check("2025-12-31", "استمر 10 سنوات", expect!["10 سنوات DURATION P10Y"]);
    check("2025-12-31", "خمسة وعشرين عاما", expect!["خمسة وعشرين عاما DURATION P25Y"]);
    check("2025-12-31", "أحد عشر يوما", expect!["أحد عشر يوما DURATION P11D"]);
    check("2025-12-31", "عشرة أيام", expect!["عشرة أيام DURATION P10D"]);
    check("2025-12-31", "بضعة أشهر", expect!["بضعة أشهر DURATION PXM"]);
    check("2025-12-31", "يومين", expect!["يومين DURATION P2D"]);
    check("2025-12-31", "الساعة العاشرة صباحا", expect!["الساعة العاشرة صباحا TIME 2025-12-31T10:00"]);
    check(
        "2025-12-31",
        "الساعة الثامنة والنصف مساء",
        expect!["الساعة الثامنة والنصف مساء TIME 2025-12-31T20:30"],
    );
    check(
        "2025-12-31",
        "في تمام الساعة 10:30 من صباح اليوم",
        expect!["الساعة 10:30 من صباح اليوم TIME 2025-12-31T10:30"],
    );
    check(
        "2025-12-31",
        "الساعة التاسعة مساء يوم الخميس الماضي",
        expect!["الساعة التاسعة مساء يوم الخميس الماضي TIME 2025-12-25T21:00"],
    );
    check("2025-12-31", "وصل مساء", expect!["مساء TIME XXXX-XX-XXTEV"]);
    check("2025-12-31", "صباح الخميس", expect!["صباح الخميس TIME 2025-12-25TMO"]);
    check("2025-12-31", "مساء أمس", expect!["مساء أمس TIME 2025-12-30TEV"]);
    check(
        "2025-12-31",
        "أسبوعيا ويوميا وكل يوم وسنويا وشهريا",
        expect!["أسبوعيا SET P1W | يوميا SET P1D | كل يوم SET P1D | سنويا SET P1Y | شهريا SET P1M"],
    );
    check("2025-12-31", "كل ثلاثة أشهر", expect!["كل ثلاثة أشهر SET P3M"]);
    check(
        "2025-12-31",
        "في العاشرة صباحا وفي الثانية من مساء أمس",
        expect!["العاشرة صباحا TIME 2025-12-31T10:00 | الثانية من مساء أمس TIME 2025-12-30T14:00"],
    );
    check("2025-12-31", "حل في المرتبة الثانية", expect![[""]]);
    check(
        "2025-12-31",
        "العاشر من الشهر الجاري و28 من الشهر الماضي",
        expect!["العاشر من الشهر الجاري DATE 2025-12-10 | 28 من الشهر الماضي DATE 2025-11-28"],
    );
    check("2025-12-31", "الساعات الـ24 الماضية", expect!["الساعات الـ24 الماضية DURATION PT24H"]);
}

#[test]
fn clitics_and_digits() {
    check("2025-12-31", "وأمس", expect!["أمس DATE 2025-12-30"]);
    check("2025-12-31", "فالأسبوع المقبل", expect!["الأسبوع المقبل DATE 2026-W02"]);
    check("2025-12-31", "بالأمس", expect!["الأمس DATE 2025-12-30"]);
    check("2025-12-31", "في ۲۰۲۴", expect!["۲۰۲۴ DATE 2024"]);
    check("2025-12-31", "عامَ ٢٠٠٣", expect!["عامَ ٢٠٠٣ DATE 2003"]);
    check("2025-12-31", "الأسبوعَ المقبلَ", expect!["الأسبوعَ المقبلَ DATE 2026-W02"]);
}

#[test]
fn ambiguity_is_reported() {
    check_doubt(
        "2025-12-31",
        "في 05/06/2025",
        expect![[r#"
        05/06/2025 2025-06-05 conf=0.7
        Warning: time: day/month order ambiguous: read as D/M/Y (Arab press order)"#]],
    );
    check_doubt(
        "-",
        "الأسبوع المقبل",
        expect![[r#"
        الأسبوع المقبل XXXX-WXX conf=0.5
        Warning: time: no anchor date: relative period left unresolved"#]],
    );
    check_doubt(
        "-",
        "السبت الماضي",
        expect![[r#"
        السبت الماضي XXXX-WXX-6 conf=0.5
        Warning: time: no anchor date: weekday left unresolved"#]],
    );
    check_doubt(
        "2025-12-31",
        "الخميس",
        expect![[r#"
        الخميس 2025-12-25 conf=0.55
        Warning: time: bare weekday without a tense cue: read as the most recent one"#]],
    );
    check_doubt(
        "2025-12-31",
        "في مارس",
        expect![[r#"
        مارس 2026-03 conf=0.7
        Warning: time: month without a year: year taken from the anchor date and the tense"#]],
    );
}

#[test]
fn reference_article() {
    let text = "أعلنت قيادة العمليات المشتركة في العراق أن قوات التحالف الدولي ستنسحب من قاعدة عين الأسد الأسبوع المقبل. \
وأوضح أن التحالف الدولي سيغادر القاعدة خلال الأيام المقبلة. وأكد المحمداوي أن بداية عام 2026 ستشهد استكمال نقل الملف. \
وكان السوداني أكد السبت الماضي، أنه لم يعد هناك أي مبرر.";
    check("2025-12-31", text, expect!["الأسبوع المقبل DATE 2026-W02 | الأيام المقبلة DATE FUTURE_REF | بداية عام 2026 DATE 2026 mod=START | السبت الماضي DATE 2025-12-27"]);
}

#[test]
fn bare_years_and_counts() {
    check("2018-06-28", "الذي أبرم في 2015 كان يتناول", expect!["2015 DATE 2015"]);
    check("2018-06-28", "وتم نشرها في أفغانستان منذ 2007. وكانت", expect!["2007 DATE 2007"]);
    check("2018-06-28", "المواجهات استؤنفت في 1986 و1987.", expect!["1986 DATE 1986 | 1987 DATE 1987"]);
    check("2018-06-28", "قتل 1990 شخصا", expect![[""]]);
    check("2018-06-28", "بلغ 2.2015 مليون", expect![[""]]);
    check("2018-06-28", "بالحبس لمدة عام مع إيقاف", expect!["عام DURATION P1Y"]);
    check("2018-06-28", "في غضون عام", expect!["عام DURATION P1Y"]);
    check("2018-06-28", "يوم واحد وأسبوع واحد", expect!["يوم واحد DURATION P1D | أسبوع واحد DURATION P1W"]);
    check("2018-06-28", "راكم أعواما طويلة في السلطة", expect!["أعواما طويلة DURATION PXY"]);
    check(
        "2018-06-28",
        "قبل ساعات وقبل أسابيع قليلة",
        expect!["ساعات DURATION PTXH | أسابيع قليلة DURATION PXW"],
    );
    check("2018-06-28", "سنوات الحرب", expect![[""]]);
    check("2018-06-28", "إبرام عقود مع إيران ومنذ عقود", expect!["عقود DURATION PXDE"]);
    check("2018-06-28", "في يناير/كانون ثاني 1985", expect!["يناير/كانون ثاني 1985 DATE 1985-01"]);
    check("2018-06-28", "الأيام 16 و17", expect![[""]]);
}

#[test]
fn months_with_directions_and_relative_years() {
    check("2018-04-02", "يونيو/حزيران المقبل", expect!["يونيو/حزيران المقبل DATE 2018-06"]);
    check(
        "2018-06-18",
        "مايو الماضي و5 مايو الماضي",
        expect!["مايو الماضي DATE 2018-05 | 5 مايو الماضي DATE 2018-05-05"],
    );
    check("2015-08-06", "السادس من شهر أغسطس الماضي", expect!["السادس من شهر أغسطس الماضي DATE 2014-08-06"]);
    check("2018-06-04", "24 يونيو/حزيران الجاري", expect!["24 يونيو/حزيران الجاري DATE 2018-06-24"]);
    check(
        "2018-08-03",
        "ديسمبر/ كانون الأول من العام الماضي",
        expect!["ديسمبر/ كانون الأول من العام الماضي DATE 2017-12"],
    );
    check("2018-06-04", "سبتمبر/أيلول من عام 2017", expect!["سبتمبر/أيلول من عام 2017 DATE 2017-09"]);
    check("2018-08-18", "شهر مارس أذار الماضي", expect!["شهر مارس أذار الماضي DATE 2018-03"]);
    check(
        "2018-03-05",
        "مطلع فبراير/شباط الماضيين",
        expect!["مطلع فبراير/شباط الماضيين DATE 2018-02 mod=START"],
    );
    check(
        "2018-05-03",
        "في تشرين الأول/أكتوبر 2015 ثم في تشرين الثاني/نوفمبر",
        expect!["تشرين الأول/أكتوبر 2015 DATE 2015-10 | تشرين الثاني/نوفمبر DATE 2015-11"],
    );
    check(
        "2018-05-03",
        "في أكتوبر 2015.\nوفي نوفمبر",
        expect!["أكتوبر 2015 DATE 2015-10 | نوفمبر DATE 2018-11"],
    );
    check("2018-07-08", "وقع في 24 حزيران/يونيو", expect!["24 حزيران/يونيو DATE 2018-06-24"]);
    check(
        "2018-04-02",
        "أيام 16 و17 و18 مارس/آذار",
        expect!["16 DATE 2018-03-16 | 17 DATE 2018-03-17 | 18 مارس/آذار DATE 2018-03-18"],
    );
}

#[test]
fn periods_seasons_holidays() {
    check("2015-08-02", "النصف الأول من العام الحالي", expect!["النصف الأول من العام الحالي DATE 2015-H1"]);
    check("2015-08-02", "للنصف الأول من عام 2015", expect!["لنصف الأول من عام 2015 DATE 2015-H1"]);
    check("2015-08-02", "الربع الثالث من العام الماضي", expect!["الربع الثالث من العام الماضي DATE 2014-Q3"]);
    check("2018-06-18", "نهاية الأسبوع", expect!["نهاية الأسبوع DATE 2018-W24-WE"]);
    check("2018-06-21", "نهاية الأسبوع المقبل", expect!["نهاية الأسبوع المقبل DATE 2018-W26-WE"]);
    check(
        "2018-03-26",
        "الساعات الأولى من يوم الاثنين",
        expect!["الساعات الأولى من يوم الاثنين DATE 2018-03-26 mod=START"],
    );
    check(
        "2018-04-02",
        "الأسبوع الأول من يونيو/حزيران المقبل",
        expect!["الأسبوع الأول من يونيو/حزيران المقبل DATE 2018-06 mod=START"],
    );
    check(
        "2015-08-07",
        "الصيف وصيف 2016 والشتاء المقبل",
        expect!["الصيف DATE 2015-SU | صيف 2016 DATE 2016-SU | الشتاء المقبل DATE 2016-WI"],
    );
    check("2015-08-07", "ثورات الربيع العربي", expect![[""]]);
    check("2015-07-21", "عيد الفطر", expect!["عيد الفطر DATE 2015-07-17 hijri=1436-10-01"]);
    check("2025-12-31", "عيد الأضحى 1446 هـ", expect!["عيد الأضحى 1446 هـ DATE 2025-06-06 hijri=1446-12-10"]);
    check("2018-06-11", "أيام الجمعة", expect!["أيام الجمعة SET XXXX-WXX-5"]);
    check("2025-12-31", "شهر رمضان", expect![[""]]);
}

#[test]
fn datelines_and_self_named_days() {
    check("2015-08-10", "الرياض 14:18", expect!["14:18 TIME 2015-08-10T14:18"]);
    check("2015-08-10", "النتيجة 2:1", expect![[""]]);
    check("2015-08-11", "يوم 12 / 8 / 2015هـ", expect!["يوم 12 / 8 / 2015هـ DATE 2015-08-12"]);
    check("2015-08-10", "العام 1430هـ", expect!["العام 1430هـ DATE 2009 hijri=1430"]);
    check(
        "2015-08-10",
        "25 شوال 1436 هـ الموافق 10 اغسطس 2015 م",
        expect!["25 شوال 1436 هـ DATE 2015-08-10 hijri=1436-10-25 | 10 اغسطس 2015 م DATE 2015-08-10"],
    );
    check("2015-08-02", "يوم (الخميس)", expect!["يوم (الخميس) DATE 2015-07-30"]);
    // The text names its own day (Monday) a day before the crawl date:
    // relative words follow the text.
    check(
        "2015-07-21",
        "قال اليوم (الاثنين) إن الاجتماع غدا الثلاثاء",
        expect!["اليوم (الاثنين) DATE 2015-07-20 | غدا الثلاثاء DATE 2015-07-21"],
    );
    check_doubt(
        "2015-07-21",
        "قال اليوم (الاثنين)",
        expect![[r#"
        اليوم (الاثنين) 2015-07-20 conf=0.9
        Info: time: the text names its own day: relative expressions resolved from 2015-07-20, not the given date"#]],
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text built from pieces that trigger rules, mixed with odd characters.
    fn arabic_news_like() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "الأسبوع",
            "المقبل",
            "الماضي",
            "السبت",
            "يوم",
            "أمس",
            "غدا",
            "عام",
            "2025",
            "٣١",
            "/",
            "-",
            ":",
            "12",
            "ديسمبر",
            "كانون",
            "الأول",
            "رمضان",
            "هـ",
            "1447",
            "منذ",
            "قبل",
            "ثلاثة",
            "أيام",
            "الساعة",
            "العاشرة",
            "صباحا",
            "نهاية",
            "القرن",
            "الـ",
            "21",
            "و",
            "ل",
            "ب",
            "(",
            ")",
            "\u{0640}",
            "\u{064E}",
            "\n",
            " ",
            "،",
            ".",
            "كل",
            "النصف",
            "من",
            "😀",
            "é",
            "\u{200D}",
            "اليوم",
            "الاثنين",
            "0",
            "99999999999999999999",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn ranges_are_char_boundaries_inside_the_text(text in arabic_news_like(), with_anchor in any::<bool>()) {
            let anchor = with_anchor.then(|| NaiveDate::from_ymd_opt(2025, 12, 31).unwrap());
            let (times, diags) = tagger().tag(&text, anchor);
            let mut last_end = 0;
            for t in &times {
                prop_assert!(t.range.start <= t.range.end);
                prop_assert!(t.range.end() <= text.len());
                prop_assert!(text.is_char_boundary(t.range.start()) && text.is_char_boundary(t.range.end()));
                prop_assert!(!t.range.is_empty());
                prop_assert!(t.range.start() >= last_end, "expressions overlap");
                last_end = t.range.end();
                prop_assert!(!t.value.is_empty());
            }
            for d in &diags {
                if let Some(r) = d.range {
                    prop_assert!(r.end() <= text.len());
                }
            }
        }

        #[test]
        fn any_text_never_panics(text in "\\PC{0,80}") {
            let _ = tagger().tag(&text, NaiveDate::from_ymd_opt(2025, 12, 31));
            let _ = tagger().tag(&text, None);
        }

        #[test]
        fn extreme_anchors_never_panic(text in arabic_news_like(), days in -400_000i32..3_000_000) {
            let anchor = NaiveDate::from_num_days_from_ce_opt(days);
            let _ = tagger().tag(&text, anchor);
        }
    }
}

/// Lexicon files: a header saying where they come from and their licence,
/// keys normalised (no diacritics or tatweel), body lines sorted.
#[test]
fn lexicon_files_are_tidy() {
    let files = crate::lexicon::LEXICON_FILES.iter().chain(std::iter::once(&crate::lexicon::UMM_AL_QURA));
    for file in files {
        let header: Vec<&str> = file.text.lines().take_while(|l| l.starts_with('#')).collect();
        assert!(header.iter().any(|l| l.contains("Source:")), "{}: header names no source", file.name);
        assert!(header.iter().any(|l| l.contains("Licence")), "{}: header names no licence", file.name);
        let body: Vec<&str> =
            file.text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).collect();
        assert!(!body.is_empty(), "{}: empty", file.name);
        let mut sorted = body.clone();
        sorted.sort();
        assert_eq!(body, sorted, "{}: lines are not sorted", file.name);
        for line in &body {
            assert!(!line.chars().any(crate::lexer::is_ignorable), "{}: diacritics in {line:?}", file.name);
            assert_eq!(line.trim(), *line, "{}: stray white space in {line:?}", file.name);
        }
    }
}

#[test]
fn stage_fills_times_and_diagnostics() {
    use marsad_core::{DocMeta, Pipeline};
    let meta = DocMeta { date: NaiveDate::from_ymd_opt(2025, 12, 31), ..DocMeta::default() };
    let mut doc = Doc::new(meta, "ستنسحب القوات الأسبوع المقبل. الهجوم الخميس".to_string());
    let pipeline = Pipeline::new(vec![Box::new(TimeTagger::new().unwrap())]).expect("no inputs needed");
    pipeline.run(&mut doc);
    let shown: Vec<String> =
        doc.times.iter().map(|t| format!("{} {}", doc.slice(t.range), t.value)).collect();
    assert_eq!(shown, ["الأسبوع المقبل 2026-W02", "الخميس 2025-12-25"]);
    assert_eq!(doc.diagnostics.len(), 1, "the bare weekday is reported: {:?}", doc.diagnostics);
}
