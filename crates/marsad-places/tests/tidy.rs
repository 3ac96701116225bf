//! The data files keep their headers, order and shape.

use marsad_places::{
    fold_key, Gazetteer, EMBEDDED_TSV, MINOR_TSV, NATIONALITY_TSV, NOT_NAMES_TSV, STOPLIST_TSV, TSV_COLUMNS,
};

const CURATED_TSV: &str = include_str!("../data/curated.tsv");

fn header(text: &str) -> String {
    text.lines().take_while(|l| l.starts_with('#')).collect::<Vec<_>>().join("\n")
}

fn data_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.starts_with('#') && !l.is_empty() && *l != TSV_COLUMNS).collect()
}

#[test]
fn every_data_file_says_where_it_came_from_and_its_licence() {
    for (name, text) in [
        ("gazetteer.tsv", EMBEDDED_TSV),
        ("curated.tsv", CURATED_TSV),
        ("stoplist.tsv", STOPLIST_TSV),
        ("nationality.tsv", NATIONALITY_TSV),
        ("not_names.tsv", NOT_NAMES_TSV),
        ("gazetteer-minor.tsv", MINOR_TSV),
    ] {
        let h = header(text);
        assert!(!h.is_empty(), "{name}: no header comment");
        assert!(
            h.contains("MIT") || h.contains("ODbL") || h.contains("CC BY"),
            "{name}: header names no licence"
        );
        assert!(
            h.contains("Written by us") || h.contains("GENERATED"),
            "{name}: header says not who wrote it"
        );
    }
    assert!(header(EMBEDDED_TSV).contains("CC BY 4.0"), "GeoNames attribution missing");
    assert!(header(MINOR_TSV).contains("CC BY 4.0"), "GeoNames attribution missing (minor table)");
}

#[test]
fn word_lists_are_sorted_unique_and_clean() {
    for (name, text) in [
        ("stoplist.tsv", STOPLIST_TSV),
        ("nationality.tsv", NATIONALITY_TSV),
        ("not_names.tsv", NOT_NAMES_TSV),
    ] {
        let lines = data_lines(text);
        let mut sorted = lines.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(lines, sorted, "{name}: not sorted or has duplicates");
        for l in lines {
            let word = l.split('\t').next().unwrap();
            assert_eq!(word.trim(), word, "{name}: stray white space in {l:?}");
            assert!(!fold_key(word).is_empty(), "{name}: empty entry");
        }
    }
}

#[test]
fn curated_rows_are_sorted_and_well_formed() {
    let rows = data_lines(CURATED_TSV);
    let ids: Vec<&str> = rows.iter().map(|r| r.split('\t').next().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "curated.tsv: ids not sorted or duplicated");
    for r in rows {
        assert_eq!(r.split('\t').count(), 9, "curated.tsv: {r:?}");
    }
}

#[test]
fn embedded_table_parses_with_clean_names() {
    let g = Gazetteer::from_tsv(EMBEDDED_TSV).expect("embedded table parses");
    assert_eq!(g.entries().len(), data_lines(EMBEDDED_TSV).len());
    for e in g.entries() {
        assert!(!e.names.is_empty(), "{}: no names", e.id);
        for n in &e.names {
            assert_eq!(n.split_whitespace().collect::<Vec<_>>().join(" "), *n, "{}: spacing in {n:?}", e.id);
            assert!(
                !n.contains(['\u{064B}', '\u{064E}', '\u{0650}', '\u{0640}']),
                "{}: marks in {n:?}",
                e.id
            );
        }
    }
    // The region's main cities all resolve by their usual Arabic names.
    for name in [
        "بغداد",
        "أربيل",
        "الموصل",
        "البصرة",
        "الرمادي",
        "الفلوجة",
        "دمشق",
        "حلب",
        "بيروت",
        "عمان",
        "الرياض",
        "جدة",
        "القاهرة",
        "صنعاء",
        "عدن",
        "طرابلس",
        "تونس",
        "الجزائر",
        "الرباط",
        "غزة",
        "القدس",
        "الدوحة",
        "دبي",
        "أبوظبي",
        "أبو ظبي",
        "الكويت",
        "المنامة",
        "مسقط",
        "طهران",
        "أنقرة",
        "واشنطن",
        "موسكو",
        "لندن",
        "باريس",
        "الخرطوم",
        "دير الزور",
        "البوكمال",
        "تل أبيب",
        "رام الله",
    ] {
        assert!(!g.lookup(name).is_empty(), "no entry for {name}");
    }
}

/// The committed table is what the committed script builds from ../shared
/// (skips when the shared data or python3 is absent).
#[test]
fn embedded_table_is_up_to_date() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared/data/gazetteer");
    if !shared.exists() {
        println!("skipping: {} not found", shared.display());
        return;
    }
    let out = std::env::temp_dir().join(format!("marsad-gazetteer-{}.tsv", std::process::id()));
    let status = std::process::Command::new("python3")
        .arg(root.join("scripts/build_gazetteer.py"))
        .arg("--out")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status();
    let Ok(status) = status else {
        println!("skipping: python3 not available");
        return;
    };
    assert!(status.success(), "build_gazetteer.py failed");
    let built = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).ok();
    let minor_out = out.with_file_name(format!("marsad-gazetteer-{}-minor.tsv", std::process::id()));
    let built_minor = std::fs::read_to_string(&minor_out).unwrap();
    std::fs::remove_file(&minor_out).ok();
    assert!(built == EMBEDDED_TSV, "data/gazetteer.tsv is stale: run python3 scripts/build_gazetteer.py");
    assert!(
        built_minor == MINOR_TSV,
        "data/gazetteer-minor.tsv is stale: run python3 scripts/build_gazetteer.py"
    );
}

#[test]
fn minor_table_parses_and_repeats_no_main_name() {
    let minor = Gazetteer::from_tsv(MINOR_TSV).expect("minor table parses");
    assert!(minor.entries().len() > 10_000, "minor table unexpectedly small");
    let main = Gazetteer::embedded();
    let main_keys: std::collections::BTreeSet<String> =
        main.entries().iter().flat_map(|e| e.names.iter().map(|n| fold_key(n))).collect();
    let repeated: Vec<&String> = minor
        .entries()
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| main_keys.contains(&fold_key(n)))
        .take(5)
        .collect();
    assert!(repeated.is_empty(), "minor names already in the main table: {repeated:?}");
}
