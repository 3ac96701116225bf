//! Data-driven tests: one line per case, text → rendered quotes and claims.

use crate::{ClaimStage, QuoteStage};
use expect_test::{expect, Expect};
use marsad_core::{Doc, DocMeta, Stage};

/// Runs the text stages and ours on `text`.
fn annotate(text: &str) -> Doc {
    let mut doc = Doc::new(DocMeta::default(), text.to_string());
    for stage in marsad_arabic::stages::text_stages(8) {
        stage.run(&mut doc);
    }
    QuoteStage::new().unwrap().run(&mut doc);
    ClaimStage::new().unwrap().run(&mut doc);
    doc
}

/// Renders quotes as `direct|reported «content» cue=… speaker=…`, one a line.
fn check_quotes(text: &str, expect: Expect) {
    let doc = annotate(text);
    let mut out = String::new();
    for q in &doc.quotes {
        let kind = if q.direct { "direct" } else { "reported" };
        let speaker = q.speaker.as_ref().map_or("-", |s| s.text.as_str());
        out.push_str(&format!("{kind} «{}» cue={} speaker={}\n", doc.slice(q.range), doc.slice(q.cue), speaker));
    }
    for d in &doc.diagnostics {
        out.push_str(&format!("diagnostic: {}\n", d.message));
    }
    expect.assert_eq(out.trim_end());
}

/// Renders claims as `value unit [approx] [upper] «span» by …`, one a line.
fn check_claims(text: &str, expect: Expect) {
    let doc = annotate(text);
    let mut out = String::new();
    for c in &doc.claims {
        out.push_str(&format!("{} {}", c.quantity, c.unit));
        if let Some(a) = &c.approx {
            out.push_str(&format!(" {a}"));
        }
        if let Some(u) = c.upper {
            out.push_str(&format!(" upper={u}"));
        }
        let by = c.claimant.as_ref().map_or("outlet", |p| p.text.as_str());
        out.push_str(&format!(" «{}» by={by}\n", doc.slice(c.range)));
    }
    expect.assert_eq(out.trim_end());
}

#[test]
fn reported_speech() {
    check_quotes("قال الوزير إن القوات ستنسحب.", expect!["reported «القوات ستنسحب» cue=قال speaker=الوزير"]);
    check_quotes("وأوضح نائب قائد العمليات المشتركة، الفريق أول الركن قيس المحمداوي، في تصريح صحفي، أن القوات الأمريكية انسحبت من القاعدة.", expect!["reported «القوات الأمريكية انسحبت من القاعدة» cue=وأوضح speaker=نائب قائد العمليات المشتركة، الفريق أول الركن قيس المحمداوي"]);
    check_quotes("أكدت وزارة الخارجية في بيان لها اليوم بأن المفاوضات مستمرة.", expect!["reported «المفاوضات مستمرة» cue=أكدت speaker=وزارة الخارجية"]);
    check_quotes("ويقول مسؤولون أمريكيون إن الانسحاب سيكتمل قريبا.", expect!["reported «الانسحاب سيكتمل قريبا» cue=ويقول speaker=مسؤولون أمريكيون"]);
    check_quotes("السوداني قال إن الحكومة ماضية في الإصلاح.", expect!["reported «الحكومة ماضية في الإصلاح» cue=قال speaker=السوداني"]);
    check_quotes("وكان رئيس الحكومة محمد شياع السوداني قد أكد أن العراق لن يكون ساحة للصراع.", expect!["reported «العراق لن يكون ساحة للصراع» cue=أكد speaker=رئيس الحكومة محمد شياع السوداني"]);
    check_quotes("وذكر مصدر أمني في وزارة الداخلية أن الهجوم وقع ليلا.", expect!["reported «الهجوم وقع ليلا» cue=وذكر speaker=مصدر أمني"]);
    check_quotes("وأشار المتحدث باسم الحكومة إلى أن الاتفاق نهائي.", expect!["reported «الاتفاق نهائي» cue=وأشار speaker=المتحدث باسم الحكومة"]);
    check_quotes("وذكرت وكالة الأنباء العراقية (واع) أن الانفجار وقع في السوق.", expect!["reported «الانفجار وقع في السوق» cue=وذكرت speaker=وكالة الأنباء العراقية (واع)"]);
}

#[test]
fn continuation_and_pronoun_subjects() {
    check_quotes("قال الوزير إن القوات ستنسحب. وأضاف أن الجدول الزمني ثابت. وأشار إلى أن الحوار مستمر.", expect![[r#"
        reported «القوات ستنسحب» cue=قال speaker=الوزير
        reported «الجدول الزمني ثابت» cue=وأضاف speaker=الوزير
        reported «الحوار مستمر» cue=وأشار speaker=الوزير"#]]);
    check_quotes("أكد الرئيس أنه لن يتراجع، مضيفا أن القرار نهائي.", expect![[r#"
        reported «لن يتراجع» cue=أكد speaker=الرئيس
        reported «القرار نهائي» cue=مضيفا speaker=الرئيس"#]]);
    check_quotes("ودعا الوزير إلى التهدئة، قائلا: «لا حل إلا بالحوار بين الجميع».", expect![[r#"
        direct ««لا حل إلا بالحوار بين الجميع»» cue=قائلا speaker=الوزير
        direct «لا حل إلا بالحوار بين الجميع» cue=ودعا speaker=الوزير"#]]);
}

#[test]
fn direct_quotes() {
    check_quotes("وقال الوزير: «سنواصل العمل حتى النهاية».", expect!["direct «سنواصل العمل حتى النهاية» cue=وقال speaker=الوزير"]);
    check_quotes("وقالت الفيدرالية العربية إنها \"تدين بشدة هذه الأحكام القاسية\".", expect!["direct «تدين بشدة هذه الأحكام القاسية» cue=وقالت speaker=الفيدرالية العربية"]);
    check_quotes("«لن نسمح بعودة الإرهاب إلى المدن المحررة»، قال رئيس الوزراء.", expect!["direct «لن نسمح بعودة الإرهاب إلى المدن المحررة» cue=قال speaker=رئيس الوزراء"]);
    check_quotes("وقال المتحدث: القوات جاهزة لكل الاحتمالات.", expect!["direct «القوات جاهزة لكل الاحتمالات» cue=وقال speaker=المتحدث"]);
    check_quotes("وصف الناشط المشهد بأنه “كارثة إنسانية لم نشهد مثلها من قبل”.", expect!["direct «كارثة إنسانية لم نشهد مثلها من قبل» cue=وصف speaker=الناشط المشهد"]);
    check_quotes("قال الوزير: «المرحلة الأولى انتهت.\nوالمرحلة الثانية تبدأ الآن».", expect![[r#"
        direct «المرحلة الأولى انتهت.
        والمرحلة الثانية تبدأ الآن» cue=قال speaker=الوزير"#]]);
}

#[test]
fn not_quotes() {
    check_quotes("وسيطر تنظيم \"داعش\" على المدينة عام 2014.", expect![[""]]);
    check_quotes("وجاء ذلك بعد أن قال الجيش كلمته في الميدان.", expect![[""]]);
    check_quotes("بريطانيا: أربعة محاور لاستراتيجية جديدة.", expect![[""]]);
    check_quotes("عقد اجتماع بين الطرفين في بغداد.", expect![[""]]);
}

#[test]
fn odd_marks_are_diagnostics() {
    check_quotes("قال الوزير «إن القوات ستنسحب", expect![[r#"
        reported «القوات ستنسحب» cue=قال speaker=الوزير
        diagnostic: quotes: unclosed quotation mark `«`"#]]);
    check_quotes("انتهى الاجتماع» دون نتيجة", expect!["diagnostic: quotes: unopened quotation mark `»`"]);
}

#[test]
fn claims() {
    check_claims("قتل 12 شخصا وأصيب 30 آخرون في الهجوم.", expect!["12 شخص «12 شخصا» by=outlet"]);
    check_claims("وانسحب نحو 300 عنصر من القاعدة.", expect!["300 عنصر about «نحو 300 عنصر» by=outlet"]);
    check_claims("بلغت قيمة الصفقة 2.5 مليار دولار.", expect!["2500000000 دولار «2.5 مليار دولار» by=outlet"]);
    check_claims("ارتفعت البطالة إلى 15 في المئة.", expect!["15 % «15 في المئة» by=outlet"]);
    check_claims("وأصيب أكثر من خمسين مدنيا.", expect!["50 مدني more_than «أكثر من خمسين مدنيا» by=outlet"]);
    check_claims("ونزح ما بين 10 و20 ألف شخص.", expect!["10 شخص between upper=20000 «ما بين 10 و20 ألف شخص» by=outlet"]);
    check_claims("ارتفع عدد القتلى إلى 45.", expect!["45 قتيل «عدد القتلى إلى 45» by=outlet"]);
    check_claims("ما لا يقل عن ٢٠ جنديا قتلوا.", expect!["20 جندي at_least «ما لا يقل عن ٢٠ جنديا» by=outlet"]);
    check_claims("وقال الوزير إن 40 مقاتلا استسلموا.", expect!["40 مقاتل «40 مقاتلا» by=الوزير"]);
}

#[test]
fn not_claims() {
    check_claims("وفي عام 2014 نصت المادة 140 على ذلك وفق القرار 2254.", expect![[""]]);
    check_claims("توفي الرجل عن 70 عاما في الساعة 10 صباحا.", expect![[""]]);
    check_claims("اتصل على الرقم 07701234567 للمزيد.", expect![[""]]);
}
