//! Exports of a temporary store built from synthetic Arabic articles
//! written for these tests: several outlets repeating one withdrawal, two
//! reports of one deadly shelling, and an article full of hostile text.
//! Every table in every format, read back with an independent reader.

use chrono::NaiveDate;
use marsad_annotate::{AnnotateConfig, Annotator};
use marsad_core::DocMeta;
use marsad_corpus::Store;
use marsad_export::{build_table, export, write_table, Cell, Format, TableKind};

/// (id, outlet, date, title, text)
const ARTICLES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "w1",
        "wire-a",
        "2025-12-31",
        "انسحاب من عين الأسد",
        "أعلنت وزارة الدفاع العراقية يوم الأربعاء أن القوات الأمريكية انسحبت من قاعدة عين الأسد في محافظة الأنبار. وقال المتحدث باسم الوزارة إن الجيش العراقي تسلم القاعدة بالكامل.",
    ),
    (
        "w2",
        "wire-b",
        "2025-12-31",
        "القوات الأمريكية تغادر عين الأسد",
        "انسحبت القوات الأمريكية من قاعدة عين الأسد غرب العراق، بحسب ما أعلن مسؤولون عراقيون. وأكد مسؤول في الأنبار أن الانسحاب تم دون حوادث.",
    ),
    (
        "w3",
        "wire-c",
        "2025-12-31",
        "عين الأسد بيد الجيش العراقي",
        "قال مصدر أمني عراقي إن القوات الأمريكية انسحبت من قاعدة عين الأسد الجوية صباح الأربعاء. وأضاف المصدر أن وحدات من الجيش العراقي انتشرت في القاعدة.",
    ),
    (
        "s1",
        "wire-a",
        "2025-12-30",
        "قصف قرب الموصل",
        "أسفر قصف مدفعي استهدف موقعا عسكريا قرب مدينة الموصل عن مقتل 5 جنود وإصابة 10 آخرين، وفق بيان لقيادة العمليات المشتركة.",
    ),
    (
        "s2",
        "wire-b",
        "2025-12-30",
        "مقتل جنود في الموصل",
        "أسفر قصف مدفعي استهدف موقعا عسكريا قرب مدينة الموصل يوم الثلاثاء عن مقتل 4 جنود عراقيين وإصابة 12 آخرين، بحسب مصادر طبية.",
    ),
    (
        "h1",
        "=cmd|' /C calc'!A0",
        "2025-12-29",
        "=HYPERLINK(\"http://example.invalid\",\"انقر هنا\")",
        "قال \"المتحدث\"، إن الوضع, في بغداد \"هادئ\"\nوأضاف: <script>alert(1)</script> @SUM(A1) +1 -1.\r\nوتظاهر مئات في بغداد احتجاجا على انقطاع الكهرباء.",
    ),
];

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("open store");
    let annotator = Annotator::new(&AnnotateConfig::default()).expect("annotator");
    let docs = ARTICLES.iter().map(|&(id, source, date, title, text)| {
        let meta = DocMeta {
            id: id.to_string(),
            source: source.to_string(),
            outlet: Some(source.to_string()),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            title: Some(title.to_string()),
            url: None,
        };
        annotator.annotate(meta, text.to_string())
    });
    let report = store.ingest(docs.collect::<Vec<_>>()).expect("ingest");
    assert_eq!(report.added, ARTICLES.len());
    store.relink().expect("relink");
    (dir, store)
}

fn bytes(store: &Store, kind: TableKind, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    export(store, kind, format, &mut out).expect("export");
    out
}

#[test]
fn jsonl_has_one_typed_object_per_row_for_every_table() {
    let (_dir, store) = store();
    for kind in TableKind::ALL {
        let table = build_table(&store, kind).unwrap();
        let text = String::from_utf8(bytes(&store, kind, Format::Jsonl)).unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), table.rows.len(), "{}", kind.name());
        for line in &lines {
            let keys: Vec<&str> = line.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys.len(), table.columns.len(), "{}: every key on every line", kind.name());
        }
    }
    let docs = String::from_utf8(bytes(&store, TableKind::Documents, Format::Jsonl)).unwrap();
    let first: serde_json::Value = serde_json::from_str(docs.lines().next().unwrap()).unwrap();
    assert_eq!(first["ext_id"], "w1");
    assert_eq!(first["published"], "2025-12-31");
    assert!(first["characters"].as_i64().unwrap() > 50);
    assert!(first["events"].as_i64().unwrap() >= 1, "{first}");
}

#[test]
fn csv_parses_back_with_a_header_and_hostile_text_intact() {
    let (_dir, store) = store();
    for kind in TableKind::ALL {
        let table = build_table(&store, kind).unwrap();
        let data = bytes(&store, kind, Format::Csv);
        let mut reader = csv::Reader::from_reader(data.as_slice());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let names: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        assert_eq!(header, names, "{}", kind.name());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), table.rows.len(), "{}", kind.name());
    }
    let data = bytes(&store, TableKind::Documents, Format::Csv);
    let mut reader = csv::Reader::from_reader(data.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let hostile = rows.iter().find(|r| &r[1] == "h1").expect("the hostile article");
    // Formula-looking cells are neutralised; quotes, commas and line breaks survive.
    assert_eq!(&hostile[2], "'=cmd|' /C calc'!A0");
    assert!(hostile[4].starts_with("'=HYPERLINK(\"http"), "{}", &hostile[4]);
    assert_eq!(&hostile[16], ARTICLES[5].4);
}

#[test]
fn parquet_reads_back_typed_with_the_parquet_reader() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let (_dir, store) = store();
    let out = tempfile::tempdir().unwrap();
    for kind in TableKind::ALL {
        let table = build_table(&store, kind).unwrap();
        let path = out.path().join(format!("{}.parquet", kind.name()));
        write_table(&table, Format::Parquet, std::fs::File::create(&path).unwrap()).unwrap();
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).expect("a Parquet file");
        let meta = reader.metadata().file_metadata();
        assert_eq!(meta.num_rows() as usize, table.rows.len(), "{}", kind.name());
        let names: Vec<&str> = meta.schema_descr().columns().iter().map(|c| c.name()).collect();
        let expected: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        assert_eq!(names, expected);
        for (row, expected_row) in reader.get_row_iter(None).unwrap().zip(&table.rows) {
            let row = row.unwrap();
            for ((name, field), cell) in row.get_column_iter().zip(expected_row) {
                let same = match (field, cell) {
                    (Field::Null, Cell::Null) => true,
                    (Field::Str(a), Cell::Text(b)) => a == b,
                    (Field::Long(a), Cell::Int(b)) => a == b,
                    (Field::Double(a), Cell::Float(b)) => a == b,
                    (Field::Bool(a), Cell::Bool(b)) => a == b,
                    (Field::Date(days), Cell::Date(d)) => {
                        NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(*days as u64) == *d
                    }
                    _ => false,
                };
                assert!(same, "{}.{name}: {field:?} read back for {cell:?}", kind.name());
            }
        }
    }
}

#[test]
fn exports_are_byte_for_byte_deterministic() {
    let (_dir, store) = store();
    for format in [Format::Jsonl, Format::Csv, Format::Parquet] {
        for kind in TableKind::ALL {
            assert_eq!(
                bytes(&store, kind, format),
                bytes(&store, kind, format),
                "{} {format:?}",
                kind.name()
            );
        }
    }
}

#[test]
fn per_document_events_point_at_their_trigger_in_code_points() {
    let (_dir, store) = store();
    let table = build_table(&store, TableKind::Events).unwrap();
    let at = |name: &str| table.column(name).unwrap();
    assert!(!table.rows.is_empty());
    for row in &table.rows {
        let Cell::Int(doc) = row[at("doc_id")] else { panic!("doc_id") };
        let stored = store.document(doc).unwrap().unwrap();
        let chars: Vec<char> = stored.text.chars().collect();
        let (Cell::Int(s), Cell::Int(e), Cell::Text(t)) =
            (&row[at("trigger_start")], &row[at("trigger_end")], &row[at("trigger_text")])
        else {
            panic!("trigger columns")
        };
        assert_eq!(&chars[*s as usize..*e as usize].iter().collect::<String>(), t);
        if let (Cell::Int(s), Cell::Int(e), Cell::Text(t)) =
            (&row[at("sentence_start")], &row[at("sentence_end")], &row[at("sentence")])
        {
            assert_eq!(&chars[*s as usize..*e as usize].iter().collect::<String>(), t);
        }
    }
}

#[test]
fn the_plover_table_counts_the_outlets_reporting_one_event() {
    let (_dir, store) = store();
    let table = build_table(&store, TableKind::Plover).unwrap();
    let at = |name: &str| table.column(name).unwrap();
    let retreat = table
        .rows
        .iter()
        .filter(|r| r[at("event_type")] == Cell::Text("RETREAT".into()))
        .max_by_key(|r| match r[at("num_sources")] {
            Cell::Int(n) => n,
            _ => 0,
        })
        .unwrap_or_else(|| panic!("a RETREAT event among {:?}", table.rows));
    assert_eq!(retreat[at("num_sources")], Cell::Int(3), "{retreat:?}");
    assert_eq!(retreat[at("sources")], Cell::Text("wire-a;wire-b;wire-c".into()));
    let Cell::Text(provenance) = &retreat[at("provenance")] else { panic!() };
    assert_eq!(provenance.matches("marsad:").count(), 3, "{provenance}");
}

#[test]
fn the_acled_table_keeps_the_most_conservative_fatality_count() {
    let (_dir, store) = store();
    let table = build_table(&store, TableKind::Acled).unwrap();
    let at = |name: &str| table.column(name).unwrap();
    let shelling = table
        .rows
        .iter()
        .find(|r| r[at("event_type")] == Cell::Text("Explosions/Remote violence".into()))
        .unwrap_or_else(|| panic!("a shelling among {:?}", table.rows));
    // One outlet says 5 killed, the other 4: merged, the event keeps 4.
    let expected = if shelling[at("num_sources")] == Cell::Int(1) {
        // Not merged (the across-article linker's call): each report keeps its own count.
        if shelling[at("source")] == Cell::Text("wire-a".into()) {
            5
        } else {
            4
        }
    } else {
        4
    };
    assert_eq!(shelling[at("fatalities")], Cell::Int(expected), "{shelling:?}");
    assert_eq!(shelling[at("fatalities_reported")], Cell::Bool(true));
    assert_eq!(shelling[at("time_precision")], Cell::Int(1));
    // Verbal events (statements, meetings) are not ACLED events.
    for row in &table.rows {
        assert_ne!(row[at("disorder_type")], Cell::Text("-".into()));
    }
}
