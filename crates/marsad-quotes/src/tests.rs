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
        out.push_str(&format!(
            "{kind} «{}» cue={} speaker={}\n",
            doc.slice(q.range),
            doc.slice(q.cue),
            speaker
        ));
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
    check_quotes(
        "أكدت وزارة الخارجية في بيان لها اليوم بأن المفاوضات مستمرة.",
        expect!["reported «المفاوضات مستمرة» cue=أكدت speaker=وزارة الخارجية"],
    );
    check_quotes(
        "ويقول مسؤولون أمريكيون إن الانسحاب سيكتمل قريبا.",
        expect!["reported «الانسحاب سيكتمل قريبا» cue=ويقول speaker=مسؤولون أمريكيون"],
    );
    check_quotes(
        "السوداني قال إن الحكومة ماضية في الإصلاح.",
        expect!["reported «الحكومة ماضية في الإصلاح» cue=قال speaker=السوداني"],
    );
    check_quotes(
        "وكان رئيس الحكومة محمد شياع السوداني قد أكد أن العراق لن يكون ساحة للصراع.",
        expect!["reported «العراق لن يكون ساحة للصراع» cue=أكد speaker=رئيس الحكومة محمد شياع السوداني"],
    );
    check_quotes(
        "وذكر مصدر أمني في وزارة الداخلية أن الهجوم وقع ليلا.",
        expect!["reported «الهجوم وقع ليلا» cue=وذكر speaker=مصدر أمني"],
    );
    check_quotes(
        "وأشار المتحدث باسم الحكومة إلى أن الاتفاق نهائي.",
        expect!["reported «الاتفاق نهائي» cue=وأشار speaker=المتحدث باسم الحكومة"],
    );
    check_quotes(
        "وذكرت وكالة الأنباء العراقية (واع) أن الانفجار وقع في السوق.",
        expect!["reported «الانفجار وقع في السوق» cue=وذكرت speaker=وكالة الأنباء العراقية (واع)"],
    );
}

#[test]
fn continuation_and_pronoun_subjects() {
    check_quotes(
        "قال الوزير إن القوات ستنسحب. وأضاف أن الجدول الزمني ثابت. وأشار إلى أن الحوار مستمر.",
        expect![[r#"
        reported «القوات ستنسحب» cue=قال speaker=الوزير
        reported «الجدول الزمني ثابت» cue=وأضاف speaker=الوزير
        reported «الحوار مستمر» cue=وأشار speaker=الوزير"#]],
    );
    check_quotes(
        "أكد الرئيس أنه لن يتراجع، مضيفا أن القرار نهائي.",
        expect![[r#"
        reported «لن يتراجع» cue=أكد speaker=الرئيس
        reported «القرار نهائي» cue=مضيفا speaker=الرئيس"#]],
    );
    check_quotes(
        "ودعا الوزير إلى التهدئة، قائلا: «لا حل إلا بالحوار بين الجميع».",
        expect!["direct «لا حل إلا بالحوار بين الجميع» cue=قائلا speaker=الوزير"],
    );
}

#[test]
fn direct_quotes() {
    check_quotes(
        "وقال الوزير: «سنواصل العمل حتى النهاية».",
        expect!["direct «سنواصل العمل حتى النهاية» cue=وقال speaker=الوزير"],
    );
    check_quotes(
        "وقالت الفيدرالية العربية إنها \"تدين بشدة هذه الأحكام القاسية\".",
        expect!["direct «تدين بشدة هذه الأحكام القاسية» cue=وقالت speaker=الفيدرالية العربية"],
    );
    check_quotes(
        "«لن نسمح بعودة الإرهاب إلى المدن المحررة»، قال رئيس الوزراء.",
        expect!["direct «لن نسمح بعودة الإرهاب إلى المدن المحررة» cue=قال speaker=رئيس الوزراء"],
    );
    check_quotes(
        "وقال المتحدث: القوات جاهزة لكل الاحتمالات.",
        expect!["direct «القوات جاهزة لكل الاحتمالات» cue=وقال speaker=المتحدث"],
    );
    check_quotes(
        "وصف الناشط المشهد بأنه “كارثة إنسانية لم نشهد مثلها من قبل”.",
        expect!["direct «كارثة إنسانية لم نشهد مثلها من قبل» cue=وصف speaker=الناشط المشهد"],
    );
    check_quotes(
        "قال الوزير: «المرحلة الأولى انتهت.\nوالمرحلة الثانية تبدأ الآن».",
        expect![[r#"
        direct «المرحلة الأولى انتهت.
        والمرحلة الثانية تبدأ الآن» cue=قال speaker=الوزير"#]],
    );
}

#[test]
fn colon_quotes_in_sequence() {
    check_quotes(
        "وقال: «لذلك علمت أنني سأحتاج للعصا». وأضاف: «أعارتها لي. وها هي. إنها المرة الثالثة».",
        expect![[r#"
        direct «لذلك علمت أنني سأحتاج للعصا» cue=وقال speaker=-
        direct «أعارتها لي. وها هي. إنها المرة الثالثة» cue=وأضاف speaker=-"#]],
    );
}

#[test]
fn verbal_nouns_and_sources() {
    check_quotes(
        "نقلت وسائل إعلام رسمية عن مصدر عسكري قوله اليوم، إن الطائرات قصفت موقعا.",
        expect!["reported «الطائرات قصفت موقعا» cue=قوله speaker=مصدر عسكري"],
    );
    check_quotes(
        "واختتم الوزير كلمته بالقول، إن الحل سياسي.",
        expect!["reported «الحل سياسي» cue=بالقول speaker=الوزير كلمته"],
    );
    check_quotes(
        "وحسب مصادر أمنية، فإن الطائرة سقطت، مشيرة إلى أنها كانت تقل مدنيين.",
        expect!["reported «كانت تقل مدنيين» cue=مشيرة speaker=مصادر أمنية"],
    );
    check_quotes(
        "ونقلا عن رويترز فإن مسؤولا كرديا أشار إلى أن الاتفاق هش.",
        expect!["reported «الاتفاق هش» cue=أشار speaker=مسؤولا كرديا"],
    );
    check_quotes(
        "لكن مصدرا بارزا في الجيش أكد لـ«الشرق الأوسط» أن القائد «كان من المقربين».",
        expect!["reported «القائد «كان من المقربين»» cue=أكد speaker=مصدرا بارزا في الجيش"],
    );
}

#[test]
fn quoted_names_and_outlet_voice() {
    check_quotes(
        "وقالت \"شينخوا\": إن الإعصار تسبب في نزوح الآلاف.",
        expect!["reported «الإعصار تسبب في نزوح الآلاف» cue=وقالت speaker=شينخوا"],
    );
    check_quotes("ونذكر منها: أن يكون الحذاء أنيقا.", expect![[""]]);
    check_quotes(
        "عبر عن إعجابه بـ\"أدق التفاصيل عن صناعة الإعلام\".\nوأوضح رعد قائلا إن ذلك مهم.",
        expect!["reported «ذلك مهم» cue=قائلا speaker=رعد"],
    );
}

#[test]
fn nested_and_multi_clause() {
    check_quotes(
        "قالت مصادر إن طائرة تحطمت، فيما ذكر موقع \"النهار\" أن الحادث خلف قتلى.",
        expect![[r#"
        reported «طائرة تحطمت» cue=قالت speaker=مصادر
        reported «الحادث خلف قتلى» cue=ذكر speaker=موقع "النهار"#]],
    );
    check_quotes(
        "وقال نتانياهو \"هذا النظام يعلن صراحة أنه يريد تدميرنا\".",
        expect!["direct «هذا النظام يعلن صراحة أنه يريد تدميرنا» cue=وقال speaker=نتانياهو"],
    );
    check_quotes(
        "قال الأسد إنه يعتبر الولايات المتحدة قوة محتلة.",
        expect!["reported «يعتبر الولايات المتحدة قوة محتلة» cue=قال speaker=الأسد"],
    );
    check_quotes("حذر رئيس الوزراء بنيامين نتانياهو الأربعاء إيران من اختبار عزيمة إسرائيل، بينما أكد أنه لن يسمح بوجود إيراني.", expect!["reported «لن يسمح بوجود إيراني» cue=أكد speaker=رئيس الوزراء بنيامين نتانياهو"]);
}

#[test]
fn multi_paragraph_quotes() {
    check_quotes("قال المتحدث: \"الوضع الأمني مستقر في كل المحافظات.\n\"ونحن مستعدون لكل الاحتمالات في المرحلة المقبلة\".", expect![[r#"
        direct «الوضع الأمني مستقر في كل المحافظات.
        "ونحن مستعدون لكل الاحتمالات في المرحلة المقبلة» cue=قال speaker=المتحدث"#]]);
    check_quotes("وقال الوزير إن الحكومة ماضية في خطتها.\n«لن نتراجع عن أي خطوة من خطوات الإصلاح التي أعلناها أمام البرلمان»", expect![[r#"
        reported «الحكومة ماضية في خطتها» cue=وقال speaker=الوزير
        direct «لن نتراجع عن أي خطوة من خطوات الإصلاح التي أعلناها أمام البرلمان» cue=« speaker=الوزير"#]]);
}

#[test]
fn not_quotes() {
    check_quotes("وسيطر تنظيم \"داعش\" على المدينة عام 2014.", expect![[""]]);
    check_quotes("وجاء ذلك بعد أن قال الجيش كلمته في الميدان.", expect![[""]]);
    check_quotes("بريطانيا: أربعة محاور لاستراتيجية جديدة.", expect![[""]]);
    check_quotes("عقد اجتماع بين الطرفين في بغداد.", expect![[""]]);
    check_quotes("يذكر أن الفريق فاز بالبطولة عام 2010.", expect![[""]]);
    check_quotes("غير أنه من قال إن أي جهة تستطيع ضمان الأمن؟", expect![[""]]);
    check_quotes("وأعلنت «لجنة المتابعة والإشراف العليا» التابعة للجبهة عزل القيادي.", expect![[""]]);
    check_quotes("اتهمت منظمة \"هيومن رايتس ووتش\"، المعنية بحقوق الإنسان، التحالف بالفشل.", expect![[""]]);
    check_quotes("تعاون مع المخرج في أفلام: «غروب وشروق»، و«شيء في صدري».", expect![[""]]);
}

#[test]
fn odd_marks_are_diagnostics() {
    check_quotes(
        "قال الوزير «إن القوات ستنسحب",
        expect![[r#"
        reported «القوات ستنسحب» cue=قال speaker=الوزير
        diagnostic: quotes: unclosed quotation mark `«`"#]],
    );
    check_quotes("انتهى الاجتماع» دون نتيجة", expect!["diagnostic: quotes: unopened quotation mark `»`"]);
}

#[test]
fn claims() {
    check_claims(
        "قتل 12 شخصا وأصيب 30 آخرون في الهجوم.",
        expect![[r#"
        12 شخص «12 شخصا» by=outlet
        30 شخص «30 آخرون» by=outlet"#]],
    );
    check_claims("وانسحب نحو 300 عنصر من القاعدة.", expect!["300 عنصر about «نحو 300 عنصر» by=outlet"]);
    check_claims("بلغت قيمة الصفقة 2.5 مليار دولار.", expect!["2500000000 دولار «2.5 مليار دولار» by=outlet"]);
    check_claims("ارتفعت البطالة إلى 15 في المئة.", expect!["15 % «15 في المئة» by=outlet"]);
    check_claims("وأصيب أكثر من خمسين مدنيا.", expect!["50 مدني more_than «أكثر من خمسين مدنيا» by=outlet"]);
    check_claims(
        "ونزح ما بين 10 و20 ألف شخص.",
        expect!["10000 شخص between upper=20000 «ما بين 10 و20 ألف شخص» by=outlet"],
    );
    check_claims("ارتفع عدد القتلى إلى 45.", expect!["45 قتيل «عدد القتلى إلى 45» by=outlet"]);
    check_claims("ما لا يقل عن ٢٠ جنديا قتلوا.", expect!["20 جندي at_least «ما لا يقل عن ٢٠ جنديا» by=outlet"]);
    check_claims("وقال الوزير إن 40 مقاتلا استسلموا.", expect!["40 مقاتل «40 مقاتلا» by=الوزير"]);
    check_claims("أعلن الجيش مقتل أربعة من مسلحي داعش.", expect!["4 مسلح «أربعة من مسلحي» by=outlet"]);
    check_claims(
        "قتل 8 جنود وأصيب 11 غيرهم، ثلاثة منهم بحالة خطرة.",
        expect![[r#"
        8 جندي «8 جنود» by=outlet
        11 جندي «11 غيرهم» by=outlet
        3 جندي «ثلاثة منهم» by=outlet"#]],
    );
    check_claims(
        "وصل من 300 إلى 400 لاجئ، أي نحو 336500 مكان.",
        expect![[r#"
        300 لاجئ between upper=400 «من 300 إلى 400 لاجئ» by=outlet
        336500 مكان about «نحو 336500 مكان» by=outlet"#]],
    );
    check_claims(
        "بلغت الخسائر أكثر من 27 مليون ريال.",
        expect!["27000000 ريال more_than «أكثر من 27 مليون ريال» by=outlet"],
    );
}

#[test]
fn open_counted_nouns() {
    // Nouns the unit lexicon does not list, in the tamyiz position.
    check_claims("وحصل التحالف على 54 مقعدا في البرلمان.", expect!["54 مقعد «54 مقعدا» by=outlet"]);
    check_claims("وتضم الحكومة 16 وزيرا بينهم امرأتان.", expect!["16 وزير «16 وزيرا» by=outlet"]);
    check_claims("وخاضت إسرائيل وحماس ثلاث حروب منذ 2008.", expect!["3 حروب «ثلاث حروب» by=outlet"]);
    check_claims("وأحيل (24) قاضياً إلى التقاعد.", expect!["24 قاضي «24) قاضياً» by=outlet"]);
    // A year, a month, a duration, a designation: no count.
    check_claims("وفي 15 تموز 2016 وقع الانقلاب بعد 3 أشهر.", expect![[""]]);
    check_claims("نصت المادة 78 من الدستور على ذلك.", expect![[""]]);
    check_claims("وظهر مرة واحدة أمام الكاميرا.", expect![[""]]);
    check_claims("وتحدثت فرانس24 مع الناشط.", expect![[""]]);
}

#[test]
fn implied_counted_nouns() {
    check_claims(
        "عاد 335 مدنيا، عبر 293 من لبنان و42 من الأردن.",
        expect![[r#"
            335 مدني «335 مدنيا» by=outlet
            293 لبنان «293 من لبنان» by=outlet
            42 اردن «42 من الأردن» by=outlet"#]],
    );
    check_claims("وأصيب ثلاثة من جنوده بجروح.", expect!["3 جندي «ثلاثة من جنوده» by=outlet"]);
    check_claims(
        "مقتل نصف مليون شخص وفرار قرابة 5.6 مليون إلى الخارج.",
        expect![[r#"
            500000 شخص «نصف مليون شخص» by=outlet
            5600000 شخص about «قرابة 5.6 مليون» by=outlet"#]],
    );
    check_claims(
        "وسمع السكان دوي الطائرات الثماني التي وصلت.",
        expect!["8 طائره «الطائرات الثماني» by=outlet"],
    );
    check_claims("وحكم عليه بالسجن عشر سنوات.", expect![[""]]);
    check_claims("وهي في الـ17 من العمر.", expect![[""]]);
}

#[test]
fn decimal_commas() {
    check_claims("ويبلغ الارتفاع 11,89 متر.", expect!["11.89 متر «11,89 متر» by=outlet"]);
    check_claims("وارتفعت النسبة إلى 18,5 في المائة.", expect!["18.5 % «18,5 في المائة» by=outlet"]);
    check_claims(
        "وقد تصل الكلفة إلى 1. 9 مليار جنيه سنويا.",
        expect!["1900000000 جنيه «1. 9 مليار جنيه» by=outlet"],
    );
    // A thousands separator stays one number.
    check_claims("ووصل 1,500 لاجئ.", expect!["1500 لاجئ «1,500 لاجئ» by=outlet"]);
}

#[test]
fn claimants() {
    // `outlet` is what the input named; `source` falls back to the input path.
    let claimant_of = |outlet: Option<&str>, text: &str| {
        let meta = DocMeta {
            source: outlet.unwrap_or("articles/input.txt").into(),
            outlet: outlet.map(str::to_string),
            ..DocMeta::default()
        };
        let mut doc = Doc::new(meta, text.to_string());
        for stage in marsad_arabic::stages::text_stages(8) {
            stage.run(&mut doc);
        }
        for stage in crate::stages().unwrap() {
            stage.run(&mut doc);
        }
        doc.claims
            .iter()
            .map(|c| {
                let who = c.claimant.as_ref().map_or("-".to_string(), |p| {
                    format!("{}{}", p.text, if p.range.is_some() { " (in text)" } else { "" })
                });
                format!("{} {}", c.quantity, who)
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Outside quotes: the outlet, a participant without a range.
    expect!["12 سبق"].assert_eq(&claimant_of(Some("سبق"), "قتل 12 شخصا في الهجوم."));
    // No outlet named: no claimant, never the input path.
    expect!["12 -"].assert_eq(&claimant_of(None, "قتل 12 شخصا في الهجوم."));
    // A source named by حسب / وفقا لـ in the sentence.
    expect!["12 المرصد السوري (in text)"]
        .assert_eq(&claimant_of(Some("سبق"), "قتل 12 شخصا، حسب المرصد السوري."));
    expect!["7 وزارة الصحة (in text)"]
        .assert_eq(&claimant_of(Some("سبق"), "وأصيب 7 أشخاص وفقا لوزارة الصحة."));
    // Inside a quote: its speaker.
    expect!["40 الوزير (in text)"].assert_eq(&claimant_of(Some("سبق"), "وقال الوزير إن 40 مقاتلا استسلموا."));
}

#[test]
fn measurement_claims() {
    check_claims(
        "يبلغ طول القناة 80 كيلومترا وتحمل ما يصل إلى 400 حاوية.",
        expect![[r#"
        80 كيلومتر «80 كيلومترا» by=outlet
        400 حاويه up_to «ما يصل إلى 400 حاوية» by=outlet"#]],
    );
}

#[test]
fn not_claims() {
    check_claims("وفي عام 2014 نصت المادة 140 على ذلك وفق القرار 2254.", expect![[""]]);
    check_claims("توفي الرجل عن 70 عاما في الساعة 10 صباحا.", expect![[""]]);
    check_claims("اتصل على الرقم 07701234567 للمزيد.", expect![[""]]);
    check_claims("انسحب عناصر الفرقة 30 والمقاتلين الموالين لها.", expect![[""]]);
    check_claims("فاز الفريق بثلاثة أهداف مقابل هدف بعد 5 سنوات.", expect![[""]]);
}

#[test]
fn speaker_takes_the_entity_inside() {
    use marsad_core::{Entity, EntityLabel, Origin};
    let text = "وقال رئيس الوزراء حيدر العبادي إن الحرب انتهت.";
    let mut doc = Doc::new(DocMeta::default(), text.to_string());
    for stage in marsad_arabic::stages::text_stages(8) {
        stage.run(&mut doc);
    }
    let start = text.find("حيدر").unwrap();
    let end = start + "حيدر العبادي".len();
    doc.entities.push(Entity {
        entity_id: Some("per:abadi".into()),
        canonical: Some("حيدر العبادي".into()),
        ..Entity::new((start..end).into(), EntityLabel::PER, Origin::rule("test"))
    });
    QuoteStage::new().unwrap().run(&mut doc);
    let speaker = doc.quotes[0].speaker.as_ref().unwrap();
    assert_eq!(speaker.text, "رئيس الوزراء حيدر العبادي");
    assert_eq!(speaker.entity_id.as_deref(), Some("per:abadi"));
    assert_eq!(speaker.canonical.as_deref(), Some("حيدر العبادي"));
}

#[test]
fn stages_order_in_a_pipeline() {
    let mut stages = marsad_arabic::stages::text_stages(8);
    stages.extend(crate::stages().unwrap());
    // Requirements are met by the text stages; claims come after quotes.
    assert!(marsad_core::Pipeline::new(stages).is_ok());
    let claims_first: Vec<Box<dyn Stage>> = vec![Box::new(ClaimStage::new().unwrap())];
    assert!(marsad_core::Pipeline::new(claims_first).is_err());
}

mod properties {
    use super::annotate;
    use proptest::prelude::*;

    /// Fragments that exercise the rules: speech verbs, complementisers,
    /// quote marks of every kind (often unbalanced), numbers, units, cues.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("قال".to_string()),
            Just("وأضاف".to_string()),
            Just("قائلا".to_string()),
            Just("بالقول".to_string()),
            Just("إن".to_string()),
            Just("أن".to_string()),
            Just("الوزير".to_string()),
            Just("مصدر في".to_string()),
            Just(":".to_string()),
            Just("«".to_string()),
            Just("»".to_string()),
            Just("\"".to_string()),
            Just("“".to_string()),
            Just("”".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("،".to_string()),
            Just(".".to_string()),
            Just("\n".to_string()),
            Just("نحو 300 عنصر".to_string()),
            Just("ما بين 10 و20".to_string()),
            Just("15 في المئة".to_string()),
            Just("آخرين".to_string()),
            "\\PC{0,6}",
        ]
    }

    proptest! {
        #[test]
        fn ranges_are_char_boundaries_inside_the_text(parts in proptest::collection::vec(fragment(), 0..24)) {
            let text = parts.join(" ");
            let doc = annotate(&text);
            let ok = |r: marsad_core::TextRange| {
                r.start <= r.end && r.end() <= text.len() && text.is_char_boundary(r.start()) && text.is_char_boundary(r.end())
            };
            for q in &doc.quotes {
                prop_assert!(ok(q.range) && ok(q.cue), "{:?}", q);
                if let Some(r) = q.speaker.as_ref().and_then(|s| s.range) {
                    prop_assert!(ok(r));
                }
            }
            for c in &doc.claims {
                prop_assert!(ok(c.range), "{:?}", c);
                prop_assert!(c.upper.is_none_or(|u| u >= c.quantity || c.approx.as_deref() == Some("between")));
            }
            for d in &doc.diagnostics {
                if let Some(r) = d.range {
                    prop_assert!(ok(r));
                }
            }
        }
    }
}
