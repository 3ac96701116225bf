//! Place resolution, one case per line: text in, `mention → name kind country lat,lon id` out.
//! Update expectations with `UPDATE_EXPECT=1 cargo test -p marsad-places`.

use expect_test::{expect, Expect};
use marsad_core::{Doc, DocMeta, Layer, Pipeline, Stage};
use marsad_places::PlaceResolver;

mod common;
use common::{render_places, resolver};

fn render(text: &str) -> String {
    render_places(text, &resolver().resolve(text), false)
}

fn check(text: &str, expected: Expect) {
    expected.assert_eq(&render(text));
}

#[test]
fn reference_sentences() {
    check(
        "أعلنت قيادة العمليات المشتركة في العراق أن قوات التحالف الدولي ستنسحب من قاعدة عين الأسد في محافظة الأنبار",
        expect![[r#"
            العراق → العراق country IQ 33.00,44.00 cc:IQ
            قاعدة عين الأسد → قاعدة عين الأسد facility IQ 33.79,42.44 oa:ORAA
            محافظة الأنبار → الأنبار admin1 IQ 32.79,41.61 iso:IQ-AN
        "#]],
    );
    check(
        "والمرحلة الثانية تتعلق بقاعدة حرير، وشدد على أن بغداد لا تخضع لأي آراء، في اتفاق بين بغداد وواشنطن",
        expect![[r#"
            قاعدة حرير → قاعدة حرير facility IQ 36.55,44.35 marsad:harir-air-base
            بغداد → بغداد city IQ 33.34,44.40 98182
            بغداد → بغداد city IQ 33.34,44.40 98182
            واشنطن → واشنطن city US 38.90,-77.04 marsad:city-washington
        "#]],
    );
}

#[test]
fn attached_proclitics_are_outside_the_range() {
    check(
        "وبغداد",
        expect![[r#"
        بغداد → بغداد city IQ 33.34,44.40 98182
    "#]],
    );
    check(
        "بالأنبار",
        expect![[r#"
        الأنبار → الأنبار admin1 IQ 32.79,41.61 iso:IQ-AN
    "#]],
    );
    check(
        "لسوريا",
        expect![[r#"
        سوريا → سوريا country SY 35.00,38.00 cc:SY
    "#]],
    );
    check(
        "فالعراق",
        expect![[r#"
        العراق → العراق country IQ 33.00,44.00 cc:IQ
    "#]],
    );
    check(
        "كالأردن",
        expect![[r#"
        الأردن → الأردن country JO 31.00,36.00 cc:JO
    "#]],
    );
    check(
        "وبالبصرة",
        expect![[r#"
        البصرة → البصرة city IQ 30.51,47.78 99532
    "#]],
    );
    // ل + ال: the article's lam stays in the range, its alef is not written.
    check(
        "للعراق",
        expect![[r#"
        لعراق → العراق country IQ 33.00,44.00 cc:IQ
    "#]],
    );
    // A clitic must be one of و ف ب ل ك: no match inside other words.
    check("تبغداد مبغداد", expect![[""]]);
}

#[test]
fn place_words_before_names() {
    check(
        "في محافظة البصرة",
        expect![[r#"
        محافظة البصرة → البصرة admin1 IQ 30.50,47.81 iso:IQ-BA
    "#]],
    );
    check(
        "في مدينة البصرة",
        expect![[r#"
        البصرة → البصرة city IQ 30.51,47.78 99532
    "#]],
    );
    check(
        "قضاء الفلوجة",
        expect![[r#"
        قضاء الفلوجة → الفلوجة city IQ 33.35,43.79 99454
    "#]],
    );
    check(
        "ناحية حرير",
        expect![[r#"
        ناحية حرير → حرير city IQ 36.55,44.35 96046
    "#]],
    );
    check(
        "مطار بغداد الدولي",
        expect![[r#"
        مطار بغداد الدولي → مطار بغداد الدولي facility IQ 33.26,44.23 oa:ORBI
    "#]],
    );
    check(
        "عبر معبر طريبيل",
        expect![[r#"
        معبر طريبيل → معبر طريبيل facility IQ 32.60,39.10 marsad:crossing-trebil
    "#]],
    );
    check(
        "ولاية الخرطوم",
        expect![[r#"
        ولاية الخرطوم → الخرطوم admin1 SD 15.50,32.57 iso:SD-KH
    "#]],
    );
    check(
        "حكومة إقليم كردستان",
        expect![[r#"
        إقليم كردستان → إقليم كردستان region IQ 36.18,44.00 iso:IQ-KR
    "#]],
    );
    check(
        "في منطقة القائم",
        expect![[r#"
        القائم → القائم city IQ 34.39,40.99 92138
    "#]],
    );
    check(
        "بلدة هيت",
        expect![[r#"
        هيت → هيت city IQ 33.64,42.83 95788
    "#]],
    );
    check(
        "في قرية النبي صالح",
        expect![[r#"
        النبي صالح → النبي صالح city PS 32.02,35.12 284951
    "#]],
    );
    check(
        "وبمحافظة نينوى",
        expect![[r#"
        محافظة نينوى → نينوى admin1 IQ 36.04,42.32 iso:IQ-NI
    "#]],
    );
}

#[test]
fn common_words_need_a_place_word() {
    // صور "pictures", حرير "silk", المدينة "the city": not places alone.
    check("نشرت صور من الموقع وثوب من حرير في المدينة", expect![[""]]);
    check(
        "في مدينة صور جنوب لبنان",
        expect![[r#"
            صور → صور city LB 33.27,35.19 267008
            لبنان → لبنان country LB 33.83,35.83 cc:LB
        "#]],
    );
    // ف + رانس (Reims) is the word فرانس.
    check("وكالة فرانس برس", expect![[""]]);
}

#[test]
fn nationality_adjectives_are_not_places() {
    check("القوات الأمريكية والعراقية والجيش السوري والمسؤولين الإيرانيين", expect![[""]]);
}

#[test]
fn country_names_used_as_adjectives() {
    // السعودية names the country and is its adjective: after a definite noun it is the adjective.
    check(
        "زار القنصلية السعودية في إسطنبول",
        expect![[r#"
        إسطنبول → إسطنبول city TR 41.01,28.95 745044
    "#]],
    );
    check(
        "وصل إلى السعودية والإمارات",
        expect![[r#"
        السعودية → السعودية country SA 25.00,45.00 cc:SA
        الإمارات → الإمارات country AE 24.00,54.00 cc:AE
    "#]],
    );
}

#[test]
fn context_decides_between_namesakes() {
    // طرابلس: the capital of Libya, or the city in north Lebanon.
    check(
        "اشتباكات في طرابلس بين الفصائل الليبية، وحكومة الوفاق في ليبيا تدعو للتهدئة",
        expect![[r#"
        طرابلس → طرابلس city LY 32.89,13.19 2210247
        ليبيا → ليبيا country LY 25.00,17.00 cc:LY
    "#]],
    );
    check(
        "اشتباكات في طرابلس شمال لبنان، والجيش اللبناني ينتشر في المدينة قرب بيروت",
        expect![[r#"
        طرابلس → طرابلس city LB 34.43,35.84 266826
        لبنان → لبنان country LB 33.83,35.83 cc:LB
        بيروت → بيروت city LB 33.89,35.50 276781
    "#]],
    );
    // Without context the bigger city wins.
    check(
        "وصل إلى طرابلس",
        expect![[r#"
        طرابلس → طرابلس city LY 32.89,13.19 2210247
    "#]],
    );
}

#[test]
fn regions_and_waters() {
    check(
        "التوتر في الشرق الأوسط ومضيق هرمز والبحر الأحمر وقطاع غزة والضفة الغربية ونهر دجلة",
        expect![[r#"
            الشرق الأوسط → الشرق الأوسط region  29.00,42.00 marsad:region-middle-east
            مضيق هرمز → مضيق هرمز water  26.57,56.25 marsad:water-hormuz
            البحر الأحمر → البحر الأحمر water  20.00,38.50 marsad:water-red-sea
            قطاع غزة → قطاع غزة region PS 31.42,34.38 marsad:region-gaza-strip
            الضفة الغربية → الضفة الغربية region PS 31.95,35.25 marsad:region-west-bank
            نهر دجلة → نهر دجلة water  33.30,44.40 marsad:water-tigris
        "#]],
    );
}

#[test]
fn spelling_variants_and_marks() {
    // Hamza, ta marbuta, harakat and tatweel variants find the same place.
    check(
        "اسرائيل وإسرائيل وبَغْدَاد وبغـــداد والبصره",
        expect![[r#"
        اسرائيل → إسرائيل country IL 31.47,35.13 cc:IL
        إسرائيل → إسرائيل country IL 31.47,35.13 cc:IL
        بَغْدَاد → بغداد city IQ 33.34,44.40 98182
        بغـــداد → بغداد city IQ 33.34,44.40 98182
        البصره → البصرة city IQ 30.51,47.78 99532
    "#]],
    );
    // A multi-word name across a line break.
    check(
        "الشرق\nالأوسط",
        expect![[r#"
        الشرق
        الأوسط → الشرق الأوسط region  29.00,42.00 marsad:region-middle-east
    "#]],
    );
}

#[test]
fn runs_as_a_pipeline_stage() {
    let resolver = PlaceResolver::embedded().unwrap();
    assert_eq!(resolver.requires(), &[Layer::Entities]);
    assert_eq!(resolver.assigns(), &[Layer::Places]);
    // The entities layer (evidence for unlisted names) must come first.
    assert!(Pipeline::new(vec![Box::new(PlaceResolver::embedded().unwrap())]).is_err());
    let mut doc = Doc::new(DocMeta::default(), "زار الوزير أربيل والسليمانية".to_string());
    resolver.run(&mut doc);
    let names: Vec<&str> = doc.places.iter().map(|p| doc.slice(p.range)).collect();
    assert_eq!(names, ["أربيل", "السليمانية"]);
    assert!(doc.places.iter().all(|p| p.confidence.is_some_and(|c| c > 0.0 && c <= 1.0)));
    assert!(
        matches!(&doc.places[0].origin, marsad_core::Origin::Lexicon { file, line } if file == "gazetteer.tsv" && *line > 0)
    );
}

#[test]
fn load_time() {
    let t = std::time::Instant::now();
    let resolver = PlaceResolver::embedded().unwrap();
    let elapsed = t.elapsed();
    println!(
        "load: {:?} for {} entries, {} keys (debug builds are slower; see README for release)",
        elapsed,
        resolver.gazetteer().entries().len(),
        resolver.key_count()
    );
    assert!(resolver.gazetteer().entries().len() > 5000);
}

#[test]
fn generic_area_names_need_their_country() {
    // المنطقة الجنوبية is a district of Israel and of other countries: a
    // province only where the article is about one of them.
    check(
        "هطلت أمطار غزيرة على المنطقة الجنوبية في تايلاند",
        expect![[r#"
        تايلاند → تايلند country TH 15.00,100.00 cc:TH
    "#]],
    );
    check(
        "صواريخ على المنطقة الجنوبية في إسرائيل",
        expect![[r#"
        المنطقة الجنوبية → المنطقة الجنوبية admin1 IL 30.68,34.88 iso:IL-D
        إسرائيل → إسرائيل country IL 31.47,35.13 cc:IL
    "#]],
    );
    check(
        "الدفاع المدني في المنطقة الشرقية بالسعودية",
        expect![[r#"
        المنطقة الشرقية → المنطقة الشرقية admin1 SA 23.30,50.13 iso:SA-04
        السعودية → السعودية country SA 25.00,45.00 cc:SA
    "#]],
    );
}

#[test]
fn a_word_that_is_a_name_or_a_proclitic_and_a_name() {
    // وجدة is Oujda, or و + جدة (Jeddah): the context decides, and the whole word
    // wins unless the proclitic reading is clearly better.
    check(
        "افتتحت معارض في الرياض وجدة والدمام في السعودية",
        expect![[r#"
        الرياض → الرياض city SA 24.69,46.72 108410
        جدة → جدة city SA 21.49,39.19 105343
        الدمام → الدمام city SA 26.43,50.10 110336
        السعودية → السعودية country SA 25.00,45.00 cc:SA
    "#]],
    );
    check(
        "وصل الوفد إلى وجدة قادما من فاس في المغرب",
        expect![[r#"
        وجدة → وجدة-أنجاد city MA 34.68,-1.91 2540483
        فاس → فاس city MA 34.03,-5.00 2548885
        المغرب → المغرب country MA 32.00,-5.00 cc:MA
    "#]],
    );
    check(
        "وصل إلى وجدة",
        expect![[r#"
        وجدة → وجدة-أنجاد city MA 34.68,-1.91 2540483
    "#]],
    );
}

#[test]
fn datelines_name_cities() {
    // The first word of a wire story, before the date or the agency, is the city.
    check(
        "تونس 25 شوال 1436 هـ أعلنت الحكومة",
        expect![[r#"
        تونس → تونس city TN 36.82,10.17 2464470
    "#]],
    );
    check(
        "الكويت (رويترز) - قال مسؤول",
        expect![[r#"
        الكويت → مدينة الكويت city KW 29.37,47.97 285787
    "#]],
    );
    check(
        "عمان، الأردن (CNN)-- كشفت السلطات",
        expect![[r#"
        عمان → عمان city JO 31.96,35.95 250441
        الأردن → الأردن country JO 31.00,36.00 cc:JO
    "#]],
    );
    // Elsewhere a country's name is the country.
    check(
        "أعلنت الحكومة في تونس",
        expect![[r#"
        تونس → تونس country TN 34.00,9.00 cc:TN
    "#]],
    );
}

#[test]
fn adjectives_after_definite_nouns() {
    // A country's name after a definite noun, its proclitics aside, is the adjective.
    check("السماح للمرأة السعودية بالقيادة في العاصمة السعودية", expect![[""]]);
    check(
        "بدعم من التحالف وبالذات السعودية والإمارات",
        expect![[r#"
        السعودية → السعودية country SA 25.00,45.00 cc:SA
        الإمارات → الإمارات country AE 24.00,54.00 cc:AE
    "#]],
    );
    // A nisba-shaped name after a definite noun is an adjective (التساقطات
    // المطرية, not El Matareya), but not after a word for a place (apposition).
    check("أغرقت التساقطات المطرية الشوارع", expect![[""]]);
    check(
        "وصل إلى المدينة الساحلية اللاذقية",
        expect![[r#"
        اللاذقية → اللاذقية city SY 35.53,35.79 173576
    "#]],
    );
}

#[test]
fn titles_in_guillemets_are_not_places() {
    check("أعلن تنظيم «ولاية سيناء» مسؤوليته", expect![[""]]);
    // A place quoted for emphasis stays a place.
    check(
        "تستعد المقاومة لتحرير «قاعدة العند»",
        expect![[r#"
        قاعدة العند → قاعدة العند facility YE 13.17,44.77 oa:OY74
    "#]],
    );
    check(
        "قال مصدر لـ«الشرق الأوسط» إن المفاوضات في الشرق الأوسط متعثرة",
        expect![[r#"
        الشرق الأوسط → الشرق الأوسط region  29.00,42.00 marsad:region-middle-east
    "#]],
    );
}

#[test]
fn names_listed_with_countries_are_countries() {
    // عمان is Oman among countries, Amman next to Jordan's adjective or Damascus.
    check(
        "شاركت السعودية والأردن والبحرين وعمان والكويت",
        expect![[r#"
        السعودية → السعودية country SA 25.00,45.00 cc:SA
        الأردن → الأردن country JO 31.00,36.00 cc:JO
        البحرين → البحرين country BH 26.00,50.55 cc:BH
        عمان → عمان country OM 21.00,57.00 cc:OM
        الكويت → الكويت country KW 29.50,45.75 cc:KW
    "#]],
    );
    check(
        "وصل إلى العاصمة الأردنية عمان",
        expect![[r#"
        عمان → عمان city JO 31.96,35.95 250441
    "#]],
    );
}

#[test]
fn a_bare_province_name_is_its_capital() {
    // إدلب alone is the city; محافظة إدلب the province.
    check(
        "قصف على إدلب ومحافظة إدلب",
        expect![[r#"
        إدلب → إدلب city SY 35.93,36.63 169389
        محافظة إدلب → إدلب admin1 SY 35.86,36.57 iso:SY-ID
    "#]],
    );
}

#[test]
fn curated_regions() {
    check(
        "قصف على الغوطة الشرقية وفي دارفور وشبه الجزيرة العربية وأفريقيا جنوب الصحراء",
        expect![[r#"
        الغوطة الشرقية → الغوطة الشرقية region SY 33.55,36.40 marsad:region-eastern-ghouta
        دارفور → دارفور region SD 13.50,24.50 marsad:region-darfur
        شبه الجزيرة العربية → شبه الجزيرة العربية region  23.50,46.00 marsad:region-arabian-peninsula
        أفريقيا جنوب الصحراء → أفريقيا جنوب الصحراء region  2.00,20.00 marsad:region-sub-saharan-africa
    "#]],
    );
    // NATO's name is not the ocean; the Prince of Wales is not Wales.
    check("دول حلف شمال الأطلسي وأمير ويلز", expect![[""]]);
}

#[test]
fn places_near_named_places() {
    // عمان near East Jerusalem is Amman, not Oman.
    check(
        "زيارة لتقصي الحقائق في القدس الشرقية وفي عمان",
        expect![[r#"
        القدس الشرقية → القدس الشرقية city PS 31.78,35.23 7303419
        عمان → عمان city JO 31.96,35.95 250441
    "#]],
    );
}
