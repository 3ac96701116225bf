//! Export of a store's tables as JSONL, CSV or Parquet.
//!
//! Five tables ([`TableKind`]):
//! - `documents`, `entities`, `events`: one row per stored document, per
//!   entity mention, per event as the annotator found it in one document
//!   (read from the stored layers; offsets in code points).
//! - `plover`: one row per event merged across articles, PLOVER-like
//!   columns, with how many outlets and documents report it.
//! - `acled`: the merged events ACLED would code, with ACLED-like columns:
//!   the PLOVER → ACLED mapping is the data file `data/acled-mapping.tsv`,
//!   and fatalities are the most conservative count of people killed that
//!   the event's sentences claim (`data/fatality-cues.tsv`).
//!
//! Every format is written from the same typed [`Table`], so the columns
//! and their order are the same in all three. The bytes depend only on the
//! store's content: no clock, no random ids, rows in store order.

mod documents;
mod merged;
mod table;
mod write;

pub use documents::{documents_table, entities_table, events_table};
pub use merged::{acled_table, plover_table, timex_day, ACLED_MAPPING_TSV, FATALITY_CUES_TSV};
pub use table::{Cell, Column, ColumnType, Table};
pub use write::{csv_text, parquet_schema, write_csv, write_jsonl, write_parquet};

use marsad_corpus::{Store, StoreError};
use std::io::Write;

/// An export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("reading the store: {0}")]
    Store(#[from] StoreError),
    #[error("reading the store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("document {doc_id}: stored layers are not valid JSON: {message}")]
    Layers { doc_id: i64, message: String },
    #[error("{file}:{line}: {message}")]
    Data { file: &'static str, line: usize, message: String },
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
}

impl ExportError {
    /// The reader of the output went away (`marsad export … | head`): not
    /// worth an error message.
    pub fn is_broken_pipe(&self) -> bool {
        let io = match self {
            ExportError::Io(e) => Some(e),
            ExportError::Csv(e) => match e.kind() {
                csv::ErrorKind::Io(e) => Some(e),
                _ => None,
            },
            _ => None,
        };
        io.is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Which table to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TableKind {
    Documents,
    Entities,
    Events,
    Plover,
    Acled,
}

impl TableKind {
    /// Every table, in documentation order.
    pub const ALL: [TableKind; 5] =
        [TableKind::Documents, TableKind::Entities, TableKind::Events, TableKind::Plover, TableKind::Acled];

    /// The table's name on the command line and in Parquet's schema.
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Documents => "documents",
            TableKind::Entities => "entities",
            TableKind::Events => "events",
            TableKind::Plover => "plover",
            TableKind::Acled => "acled",
        }
    }
}

/// The output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Parquet,
}

/// Reads a table from the store.
pub fn build_table(store: &Store, kind: TableKind) -> Result<Table, ExportError> {
    match kind {
        TableKind::Documents => documents_table(store),
        TableKind::Entities => entities_table(store),
        TableKind::Events => events_table(store),
        TableKind::Plover => plover_table(store),
        TableKind::Acled => acled_table(store),
    }
}

/// Writes a table in a format.
pub fn write_table<W: Write + Send>(table: &Table, format: Format, mut out: W) -> Result<(), ExportError> {
    match format {
        Format::Jsonl => write_jsonl(table, &mut out)?,
        Format::Csv => write_csv(table, &mut out)?,
        Format::Parquet => write_parquet(table, &mut out)?,
    }
    out.flush()?;
    Ok(())
}

/// Reads a table from the store and writes it; returns the rows written.
pub fn export<W: Write + Send>(
    store: &Store,
    kind: TableKind,
    format: Format,
    out: W,
) -> Result<usize, ExportError> {
    let table = build_table(store, kind)?;
    write_table(&table, format, out)?;
    Ok(table.rows.len())
}
