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
    check("2025-12-31", "يوم 31 كانون الأول 2025", expect!["31 كانون الأول 2025 DATE 2025-12-31"]);
    check("2025-12-31", "في 5 جانفي 2024 وفي 12 جويلية 2023", expect!["5 جانفي 2024 DATE 2024-01-05 | 12 جويلية 2023 DATE 2023-07-12"]);
    check("2025-12-31", "منذ أوت 2019", expect!["أوت 2019 DATE 2019-08"]);
    check("2025-12-31", "الانقلاب الفاشل في يوليو/ تموز 2016", expect!["يوليو/ تموز 2016 DATE 2016-07"]);
    check("2025-12-31", "في تموز (يوليو) 2016", expect!["تموز (يوليو) 2016 DATE 2016-07"]);
    check("2025-12-31", "في 14 تشرين الثاني 2025", expect!["14 تشرين الثاني 2025 DATE 2025-11-14"]);
    check("2025-12-31", "الثالث من يناير 2024", expect!["الثالث من يناير 2024 DATE 2024-01-03"]);
    check("2025-12-31", "في الحادي والعشرين من مارس 2020", expect!["الحادي والعشرين من مارس 2020 DATE 2020-03-21"]);
    check("2025-12-31", "في 31 ديسمبر، 2025", expect!["31 ديسمبر، 2025 DATE 2025-12-31"]);
    check("2025-12-31", "في 30 فبراير 2025", expect!["فبراير 2025 DATE 2025-02"]);
    check("2025-12-31", "الأحد 28 ديسمبر 2025", expect!["الأحد 28 ديسمبر 2025 DATE 2025-12-28"]);
    check("2025-12-31", "يوم الأحد الموافق 28/12/2025", expect!["يوم الأحد الموافق 28/12/2025 DATE 2025-12-28"]);
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
    check("2025-12-31", "ثمانينيات القرن الماضي", expect!["القرن الماضي DATE 19"]);
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
    check("2025-12-31", "في العاشر من ذي الحجة 1445 هـ", expect!["العاشر من ذي الحجة 1445 هـ DATE 2024-06-16 hijri=1445-12-10"]);
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
    check("2025-12-31", "وأمس وأول أمس وغدا وبعد غد", expect!["أمس DATE 2025-12-30 | أمس DATE 2025-12-30 | غدا DATE 2026-01-01 | بعد غد DATE 2026-01-02"]);
    check("2025-12-31", "أمس الأول", expect!["أمس الأول DATE 2025-12-29"]);
    check("2025-12-31", "اليوم", expect!["اليوم DATE 2025-12-31"]);
    check("2025-12-31", "في اليوم الأول وهذا اليوم", expect!["اليوم DATE 2025-12-31"]);
    check("2025-12-31", "الليلة", expect!["الليلة TIME 2025-12-31TNI"]);
    check("2025-12-31", "والأسبوع الماضي", expect!["الأسبوع الماضي DATE 2025-W52"]);
    check("2025-12-31", "الشهر الماضي والشهر المقبل", expect!["الشهر الماضي DATE 2025-11 | الشهر المقبل DATE 2026-01"]);
    check("2025-12-31", "العام المقبل والسنة الماضية والعام الحالي", expect!["العام المقبل DATE 2026 | السنة الماضية DATE 2024 | العام الحالي DATE 2025"]);
    check("2025-12-31", "هذا العام", expect!["هذا العام DATE 2025"]);
    check("2025-12-31", "للعام المقبل", expect!["لعام المقبل DATE 2026"]);
    check("2025-12-31", "منذ ثلاثة أيام", expect!["منذ ثلاثة أيام DATE 2025-12-28"]);
    check("2025-12-31", "قبل 6 ساعات", expect!["قبل 6 ساعات DATE 2025-12-31"]);
    check("2025-12-31", "بعد أسبوعين", expect!["بعد أسبوعين DATE 2026-W03"]);
    check("2025-12-31", "منذ عام", expect!["منذ عام DATE 2024"]);
    check("2025-12-31", "منذ عام 2003", expect!["عام 2003 DATE 2003"]);
    check("2025-12-31", "قبل نحو عشرة أيام", expect!["قبل نحو عشرة أيام DATE 2025-12-21 mod=APPROX"]);
    check("2025-12-31", "منذ أكثر من عشر سنوات", expect!["منذ أكثر من عشر سنوات DATE 2015 mod=MORE_THAN"]);
    check("2025-12-31", "قبل أيام", expect!["قبل أيام DATE PAST_REF"]);
    check("2025-12-31", "خلال الأيام المقبلة", expect!["الأيام المقبلة DATE FUTURE_REF"]);
    check("2025-12-31", "السنوات الماضية", expect!["السنوات الماضية DATE PAST_REF"]);
    check("2025-12-31", "الفترة المقبلة", expect!["الفترة المقبلة DATE FUTURE_REF"]);
    check("2025-12-31", "خلال الأشهر الثلاثة الماضية", expect!["الأشهر الثلاثة الماضية DURATION P3M"]);
    check("2025-12-31", "اليومين الماضيين", expect!["اليومين الماضيين DURATION P2D"]);
    check("2025-12-31", "في وقت سابق", expect![[""]]);
    check("2025-12-31", "حاليا والآن", expect!["حاليا DATE PRESENT_REF | الآن DATE PRESENT_REF"]);
    check("2025-12-31", "العقد الماضي", expect!["العقد الماضي DATE 201"]);
    check("2025-12-31", "بعد ثلاثة أيام من الهجوم", expect!["بعد ثلاثة أيام DATE 2026-01-03"]);
}

#[test]
fn modified_periods() {
    check("2025-12-31", "بداية عام 2026", expect!["بداية عام 2026 DATE 2026 mod=START"]);
    check("2025-12-31", "نهاية الشهر", expect!["نهاية الشهر DATE 2025-12 mod=END"]);
    check("2025-12-31", "منتصف العام المقبل", expect!["منتصف العام المقبل DATE 2026 mod=MID"]);
    check("2025-12-31", "مطلع الشهر المقبل", expect!["مطلع الشهر المقبل DATE 2026-01 mod=START"]);
    check("2025-12-31", "أواخر التسعينيات", expect!["أواخر التسعينيات DATE 199 mod=END"]);
    check("2025-12-31", "أوائل يناير", expect!["أوائل يناير DATE 2025-01 mod=START"]);
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
    check("2025-12-31", "الساعة الثامنة والنصف مساء", expect!["الساعة الثامنة والنصف مساء TIME 2025-12-31T20:30"]);
    check("2025-12-31", "في تمام الساعة 10:30 من صباح اليوم", expect!["الساعة 10:30 من صباح اليوم TIME 2025-12-31T10:30"]);
    check("2025-12-31", "الساعة التاسعة مساء يوم الخميس الماضي", expect!["الساعة التاسعة مساء يوم الخميس الماضي TIME 2025-12-25T21:00"]);
    check("2025-12-31", "وصل مساء", expect!["مساء TIME XXXX-XX-XXTEV"]);
    check("2025-12-31", "صباح الخميس", expect!["صباح الخميس TIME 2025-12-25TMO"]);
    check("2025-12-31", "مساء أمس", expect!["مساء أمس TIME 2025-12-30TEV"]);
    check("2025-12-31", "أسبوعيا ويوميا وكل يوم وسنويا وشهريا", expect!["أسبوعيا SET P1W | يوميا SET P1D | كل يوم SET P1D | سنويا SET P1Y | شهريا SET P1M"]);
    check("2025-12-31", "كل ثلاثة أشهر", expect!["كل ثلاثة أشهر SET P3M"]);
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
    check_doubt("2025-12-31", "في 05/06/2025", expect![[r#"
        05/06/2025 2025-06-05 conf=0.7
        Warning: time: day/month order ambiguous: read as D/M/Y (Arab press order)"#]]);
    check_doubt("-", "الأسبوع المقبل", expect![[r#"
        الأسبوع المقبل XXXX-WXX conf=0.5
        Warning: time: no anchor date: relative period left unresolved"#]]);
    check_doubt("-", "السبت الماضي", expect![[r#"
        السبت الماضي XXXX-WXX-6 conf=0.5
        Warning: time: no anchor date: weekday left unresolved"#]]);
    check_doubt("2025-12-31", "الخميس", expect![[r#"
        الخميس 2025-12-25 conf=0.55
        Warning: time: bare weekday without a tense cue: read as the most recent one"#]]);
    check_doubt("2025-12-31", "في مارس", expect!["مارس 2025-03 conf=0.7"]);
}

#[test]
fn reference_article() {
    let text = "أعلنت قيادة العمليات المشتركة في العراق أن قوات التحالف الدولي ستنسحب من قاعدة عين الأسد الأسبوع المقبل. \
وأوضح أن التحالف الدولي سيغادر القاعدة خلال الأيام المقبلة. وأكد المحمداوي أن بداية عام 2026 ستشهد استكمال نقل الملف. \
وكان السوداني أكد السبت الماضي، أنه لم يعد هناك أي مبرر.";
    check("2025-12-31", text, expect!["الأسبوع المقبل DATE 2026-W02 | الأيام المقبلة DATE FUTURE_REF | بداية عام 2026 DATE 2026 mod=START | السبت الماضي DATE 2025-12-27"]);
}

#[test]
fn debug_cases() {
    check("2018-06-28", "الذي أبرم في 2015 كان يتناول", expect!["2015 DATE 2015"]);
    check("2018-06-28", "تعليقا على انسحاب الولايات المتحدة من الاتفاق النووي مع إيران أن \"الاتفاق الذي أبرم في 2015 كان يتناول", expect!["2015 DATE 2015"]);
    check("2018-06-28", "وتم نشرها في أفغانستان منذ 2007. وكانت", expect![[""]]);
    check("2018-06-28", "بالحبس لمدة عام مع إيقاف", expect!["عام DURATION P1Y"]);
}
