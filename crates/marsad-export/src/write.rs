//! The three output formats, each a writer over [`Table`].

use crate::table::{Cell, ColumnType, Table};
use crate::ExportError;
use chrono::NaiveDate;
use std::io::Write;

/// Writes one JSON object per row and a newline after each, keys in column
/// order, nulls included (every line has every key).
pub fn write_jsonl(table: &Table, out: &mut dyn Write) -> Result<(), ExportError> {
    let keys: Vec<String> = table.columns.iter().map(|c| json_string(c.name)).collect();
    let mut line = String::new();
    for row in &table.rows {
        line.clear();
        line.push('{');
        for (i, (key, cell)) in keys.iter().zip(row).enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push_str(key);
            line.push(':');
            match cell {
                Cell::Null => line.push_str("null"),
                Cell::Text(s) => line.push_str(&json_string(s)),
                Cell::Int(v) => line.push_str(&v.to_string()),
                Cell::Float(v) => {
                    line.push_str(&serde_json::Number::from_f64(*v).map_or("null".into(), |n| n.to_string()))
                }
                Cell::Bool(v) => line.push_str(if *v { "true" } else { "false" }),
                Cell::Date(d) => line.push_str(&json_string(&d.format("%Y-%m-%d").to_string())),
            }
        }
        line.push_str("}\n");
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// The characters that make a spreadsheet read a cell as a formula (OWASP's
/// "CSV injection" list): a text cell starting with one gets a leading `'`.
const FORMULA_PREFIXES: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A text cell as written to CSV: guarded against formula injection.
///
/// Spreadsheets (Excel, LibreOffice, Google Sheets) evaluate a cell that
/// starts with `=`, `+`, `-` or `@`, so hostile article text such as
/// `=HYPERLINK(…)` in a title would run on the analyst's machine. The `'`
/// prefix is the documented neutraliser; numbers are written from typed
/// cells and never get it. The JSONL and Parquet exports carry the exact text.
pub fn csv_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(FORMULA_PREFIXES) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Writes a header row and one record per row: RFC 4180 quoting (fields
/// with commas, quotes or line breaks are quoted, quotes doubled), UTF-8,
/// `\n` line ends; nulls are empty fields.
pub fn write_csv(table: &Table, out: &mut dyn Write) -> Result<(), ExportError> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
    writer.write_record(table.columns.iter().map(|c| c.name))?;
    let mut record: Vec<String> = Vec::with_capacity(table.columns.len());
    for row in &table.rows {
        record.clear();
        record.extend(row.iter().map(|cell| match cell {
            Cell::Null => String::new(),
            Cell::Text(s) => csv_text(s).into_owned(),
            Cell::Int(v) => v.to_string(),
            Cell::Float(v) => v.to_string(),
            Cell::Bool(v) => v.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }));
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

/// Rows per Parquet row group.
const ROW_GROUP: usize = 65_536;

/// Writes a Parquet file: text as `BYTE_ARRAY (UTF8)`, integers as `INT64`,
/// floats as `DOUBLE`, booleans as `BOOLEAN`, days as `INT32 (DATE)`;
/// nullable columns `OPTIONAL`, the others `REQUIRED`. Uncompressed; the
/// bytes depend only on the table (no clock, no random ids).
pub fn write_parquet<W: Write + Send>(table: &Table, out: W) -> Result<(), ExportError> {
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;
    use std::sync::Arc;

    let schema = Arc::new(parse_message_type(&parquet_schema(table))?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::UNCOMPRESSED)
            .set_created_by(format!("marsad {}", env!("CARGO_PKG_VERSION")))
            .build(),
    );
    let mut writer = SerializedFileWriter::new(out, schema, props)?;
    for rows in table.rows.chunks(ROW_GROUP) {
        let mut group = writer.next_row_group()?;
        let mut index = 0;
        while let Some(mut column) = group.next_column()? {
            let spec = &table.columns[index];
            let cells = rows.iter().map(|r| &r[index]);
            write_parquet_column(&mut column, spec.kind, spec.nullable, cells)?;
            column.close()?;
            index += 1;
        }
        group.close()?;
    }
    writer.close()?;
    Ok(())
}

/// The Parquet message type of a table.
pub fn parquet_schema(table: &Table) -> String {
    let mut schema = format!("message {} {{\n", table.name);
    for c in &table.columns {
        let repetition = if c.nullable { "optional" } else { "required" };
        let physical = match c.kind {
            ColumnType::Text => "binary",
            ColumnType::Int => "int64",
            ColumnType::Float => "double",
            ColumnType::Bool => "boolean",
            ColumnType::Date => "int32",
        };
        let logical = match c.kind {
            ColumnType::Text => " (UTF8)",
            ColumnType::Date => " (DATE)",
            _ => "",
        };
        schema.push_str(&format!("  {repetition} {physical} {}{logical};\n", c.name));
    }
    schema.push('}');
    schema
}

fn write_parquet_column<'a>(
    column: &mut parquet::file::writer::SerializedColumnWriter<'_>,
    kind: ColumnType,
    nullable: bool,
    cells: impl Iterator<Item = &'a Cell>,
) -> Result<(), ExportError> {
    use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    let mut levels: Vec<i16> = Vec::new();
    macro_rules! collect {
        ($pattern:pat => $value:expr) => {{
            let mut values = Vec::new();
            for cell in cells {
                match cell {
                    $pattern => {
                        values.push($value);
                        levels.push(1);
                    }
                    _ => levels.push(0),
                }
            }
            values
        }};
    }
    let levels_arg = |levels: &Vec<i16>| if nullable { Some(levels.clone()) } else { None };
    match kind {
        ColumnType::Text => {
            let values: Vec<ByteArray> = collect!(Cell::Text(s) => ByteArray::from(s.as_str()));
            column.typed::<ByteArrayType>().write_batch(&values, levels_arg(&levels).as_deref(), None)?;
        }
        ColumnType::Int => {
            let values: Vec<i64> = collect!(Cell::Int(v) => *v);
            column.typed::<Int64Type>().write_batch(&values, levels_arg(&levels).as_deref(), None)?;
        }
        ColumnType::Float => {
            let values: Vec<f64> = collect!(Cell::Float(v) => *v);
            column.typed::<DoubleType>().write_batch(&values, levels_arg(&levels).as_deref(), None)?;
        }
        ColumnType::Bool => {
            let values: Vec<bool> = collect!(Cell::Bool(v) => *v);
            column.typed::<BoolType>().write_batch(&values, levels_arg(&levels).as_deref(), None)?;
        }
        ColumnType::Date => {
            let values: Vec<i32> = collect!(Cell::Date(d) => (*d - epoch).num_days() as i32);
            column.typed::<Int32Type>().write_batch(&values, levels_arg(&levels).as_deref(), None)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::col;
    use proptest::prelude::*;

    fn text_table(cells: &[String]) -> Table {
        let mut t = Table::new("t", vec![col("a", ColumnType::Text, false), col("n", ColumnType::Int, true)]);
        for (i, c) in cells.iter().enumerate() {
            t.push(vec![Cell::Text(c.clone()), if i % 2 == 0 { Cell::Null } else { Cell::Int(-(i as i64)) }]);
        }
        t
    }

    #[test]
    fn csv_cells_that_start_like_formulas_get_an_apostrophe() {
        for (cell, expected) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("قال = لا", "قال = لا"),
            ("", ""),
        ] {
            assert_eq!(csv_text(cell), expected);
        }
    }

    proptest! {
        /// Whatever the text (quotes, commas, line breaks, Arabic, controls),
        /// CSV parses back to the same cells, but for the formula guard.
        #[test]
        fn csv_round_trips(cells in proptest::collection::vec("[\\PC\"',\n\r\t=+@-]{0,12}", 0..8)) {
            let table = text_table(&cells);
            let mut bytes = Vec::new();
            write_csv(&table, &mut bytes).unwrap();
            let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
            let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
            prop_assert_eq!(headers, vec!["a".to_string(), "n".to_string()]);
            let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            prop_assert_eq!(rows.len(), cells.len());
            for (i, (row, cell)) in rows.iter().zip(&cells).enumerate() {
                let expected = csv_text(cell);
                prop_assert_eq!(&row[0], expected.as_ref());
                let n = if i % 2 == 0 { String::new() } else { (-(i as i64)).to_string() };
                prop_assert_eq!(&row[1], n.as_str());
            }
        }

        /// JSONL lines parse back to the exact cells, typed.
        #[test]
        fn jsonl_round_trips(cells in proptest::collection::vec("\\PC{0,12}", 0..8)) {
            let table = text_table(&cells);
            let mut bytes = Vec::new();
            write_jsonl(&table, &mut bytes).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            prop_assert_eq!(lines.len(), cells.len());
            for (i, (line, cell)) in lines.iter().zip(&cells).enumerate() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                prop_assert_eq!(v["a"].as_str(), Some(cell.as_str()));
                if i % 2 == 0 {
                    prop_assert!(v["n"].is_null());
                } else {
                    prop_assert_eq!(v["n"].as_i64(), Some(-(i as i64)));
                }
            }
        }
    }
}
