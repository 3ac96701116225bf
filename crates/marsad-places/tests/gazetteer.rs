//! Gazetteer API: lookup with scores, nationality adjectives, GeoNames import
//! and the user table round trip, and invariants of the resolver.

use expect_test::{expect, Expect};
use marsad_places::{kind_name, nationality, Gazetteer, PlaceResolver, ResolverConfig};
use proptest::prelude::*;

fn check_lookup(g: &Gazetteer, name: &str, expected: Expect) {
    let rendered: String = g
        .lookup(name)
        .iter()
        .take(4)
        .map(|c| format!("{} {} {} {:.2}\n", c.entry.id, kind_name(c.entry.kind), c.entry.country, c.score))
        .collect();
    expected.assert_eq(&rendered);
}

#[test]
fn lookup_lists_candidates_best_first() {
    let g = Gazetteer::embedded();
    check_lookup(
        &g,
        "طرابلس",
        expect![[r#"
        2210247 city LY 0.76
        266826 city LB 0.69
        iso:LY-TB admin1 LY 0.65
    "#]],
    );
    check_lookup(
        &g,
        "بمحافظة الأنبار",
        expect![[r#"
        iso:IQ-AN admin1 IQ 0.65
    "#]],
    );
    check_lookup(
        &g,
        "الكويت",
        expect![[r#"
        cc:KW country KW 1.00
        285787 city KW 0.63
    "#]],
    );
    check_lookup(&g, "لا يوجد مكان بهذا الاسم", expect![[""]]);
}

fn check_nationality(words: &str, expected: Expect) {
    let rendered: Vec<String> =
        words.split(' ').map(|w| format!("{w}={}", nationality(w).unwrap_or("-"))).collect();
    expected.assert_eq(&rendered.join(" "));
}

#[test]
fn nationality_adjectives() {
    check_nationality(
        "العراقية عراقي الأمريكيين والأميركية للسوريين لبناني اللبنانيون السعودية بغداد العراق",
        expect!["العراقية=IQ عراقي=IQ الأمريكيين=US والأميركية=US للسوريين=SY لبناني=LB اللبنانيون=LB السعودية=SA بغداد=- العراق=-"],
    );
}

const ALL_COUNTRIES: &str = "\
99999001\tTestville\tTestville\tTestville,Тест\t33.1\t44.2\tP\tPPL\tIQ\t\t07\t\t\t\t25000\t\t34\tAsia/Baghdad\t2024-01-01
99999002\tTiny\tTiny\t\t33.2\t44.3\tP\tPPL\tIQ\t\t07\t\t\t\t12\t\t34\tAsia/Baghdad\t2024-01-01
99999003\tNo Arabic\tNo Arabic\tNoArabic\t33.3\t44.4\tP\tPPL\tIQ\t\t07\t\t\t\t90000\t\t34\tAsia/Baghdad\t2024-01-01
99999004\tLake Test\tLake Test\tبحيرة الاختبار\t33.4\t44.5\tH\tLK\tIQ\t\t07\t\t\t\t0\t\t34\tAsia/Baghdad\t2024-01-01
";
const ALTERNATE_NAMES: &str = "\
1\t99999001\tar\tتستفيل\t1\t\t\t\t\t
2\t99999001\tfa\tتستویل\t\t\t\t\t\t
3\t99999002\tar\tتيني\t\t\t\t\t\t
4\t99999001\tar\tتستفيل القديمة\t\t\t\t1\t\t
";

#[test]
fn import_geonames_fixture_and_round_trip() {
    let mut g = Gazetteer::empty();
    let added = g.import_geonames(ALL_COUNTRIES.as_bytes(), Some(ALTERNATE_NAMES.as_bytes())).unwrap();
    // Testville (Arabic from alternateNames), the lake (Arabic from the main file);
    // Tiny is below the population floor, No Arabic has no Arabic name.
    assert_eq!(added, 2);
    let town = g.get("99999001").unwrap();
    assert_eq!(town.names, ["تستفيل"], "Persian and historic names are dropped");
    assert_eq!((town.lat, town.lon, town.population), (33.1, 44.2, 25000));
    assert_eq!(kind_name(g.get("99999004").unwrap().kind), "water");

    // Persist and load back on top of the embedded table.
    let dir = std::env::temp_dir().join(format!("marsad-places-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("user-gazetteer.tsv");
    let written = g.write_user_tsv(std::fs::File::create(&path).unwrap()).unwrap();
    assert_eq!(written, 2);
    let loaded = Gazetteer::load_with_user(&path).unwrap();
    assert_eq!(loaded.entries().len(), Gazetteer::embedded().entries().len() + 2);
    let resolver = PlaceResolver::new(loaded, ResolverConfig::default()).unwrap();
    let places = resolver.resolve("وصل الوفد إلى تستفيل في العراق");
    assert_eq!(places[0].gazetteer_id, "99999001");
    assert!(
        matches!(&places[0].origin, marsad_core::Origin::Lexicon { file, line: 4 } if file.ends_with("user-gazetteer.tsv"))
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn import_reports_bad_rows() {
    let mut g = Gazetteer::empty();
    let err = g.import_geonames("12\tonly\tthree\n".as_bytes(), None::<&[u8]>).unwrap_err();
    assert_eq!(err.to_string(), "allCountries.txt line 1: expected 19 tab-separated columns, found 3");
    let err = Gazetteer::from_tsv("x\tcity\tIQ\t\tnorth\t44\t0\tX\tاكس\n").unwrap_err();
    assert_eq!(err.to_string(), "user.tsv:1: bad latitude \"north\"");
}

mod common;
use common::resolver;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any text: no panic, ranges on char boundaries, in order, not overlapping,
    /// and a range never starts with a proclitic before a name.
    #[test]
    fn ranges_are_sound(text in "[ ًٌٍَُِّْـ\u{200c}والبفكمحافظةقاعدبغدرصيأإآسونعتطهجز،.\\n0-9٠-٩a-z]{0,80}") {
        let places = resolver().resolve(&text);
        let mut last_end = 0;
        for p in &places {
            prop_assert!(text.is_char_boundary(p.range.start()) && text.is_char_boundary(p.range.end()));
            prop_assert!(p.range.start() >= last_end && p.range.start() < p.range.end());
            last_end = p.range.end();
            let c = p.confidence.unwrap();
            prop_assert!(c > 0.0 && c <= 1.0);
        }
    }

    /// Any Unicode at all (presentation forms, combining marks, controls): no panic, sound ranges.
    #[test]
    fn any_text_is_safe(text in "\\PC{0,60}") {
        for p in resolver().resolve(&text) {
            prop_assert!(text.is_char_boundary(p.range.start()) && text.is_char_boundary(p.range.end()));
            prop_assert!(p.range.start() < p.range.end() && p.range.end() <= text.len());
        }
    }

    /// Known names embedded in arbitrary Arabic filler are found with their exact text.
    #[test]
    fn names_found_in_filler(before in "[ابتثجحخد ]{0,12}", after in "[ابتثجحخد ]{0,12}") {
        let text = format!("{before} وبغداد {after}");
        let places = resolver().resolve(&text);
        prop_assert!(places.iter().any(|p| &text[p.range.as_range()] == "بغداد"));
    }
}
