//! The tantivy side of the store: schema, opening, adding documents.
//!
//! The index is derived data. SQLite is the source of truth; each index
//! commit carries, as its payload, the highest SQLite rowid it holds, so an
//! index that lags (a crash between the SQLite commit and the index commit)
//! is caught up from SQLite on open, and one that cannot be opened is
//! rebuilt.

use crate::analyzer::{ArabicAnalyzer, ANALYZER_NAME};
use crate::facts::FilterKeys;
use crate::StoreError;
use chrono::NaiveDate;
use std::path::Path;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

/// Heap of the index writer: large enough that one ingest batch is one
/// segment, small enough for a laptop.
const WRITER_HEAP_BYTES: usize = 96 * 1024 * 1024;

/// Handles of the index's fields.
#[derive(Clone, Copy, Debug)]
pub(crate) struct IndexFields {
    pub rowid: Field,
    pub body: Field,
    pub title: Field,
    pub date: Field,
    pub source: Field,
    pub entity: Field,
    pub place: Field,
    pub country: Field,
    pub event_type: Field,
}

fn schema() -> (Schema, IndexFields) {
    let mut builder = Schema::builder();
    let analysed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = IndexFields {
        rowid: builder
            .add_u64_field("rowid", NumericOptions::default().set_indexed().set_stored().set_fast()),
        body: builder.add_text_field("body", analysed.clone()),
        title: builder.add_text_field("title", analysed),
        date: builder.add_i64_field("date", NumericOptions::default().set_indexed().set_fast()),
        source: builder.add_text_field("source", STRING),
        entity: builder.add_text_field("entity", STRING),
        place: builder.add_text_field("place", STRING),
        country: builder.add_text_field("country", STRING),
        event_type: builder.add_text_field("event_type", STRING | STORED),
    };
    (builder.build(), fields)
}

/// What the index needs of one document.
pub(crate) struct IndexRecord<'a> {
    pub rowid: i64,
    pub title: Option<&'a str>,
    pub text: &'a str,
    pub source: &'a str,
    pub date: Option<NaiveDate>,
    pub keys: &'a FilterKeys,
}

/// The open index with its reader and (lazily) its writer.
pub(crate) struct SearchIndex {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: IndexFields,
    writer: Option<IndexWriter>,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it when absent. An index that
    /// exists but cannot be opened is removed and created empty (the caller
    /// rebuilds it from SQLite: the payload then says 0).
    pub fn open(dir: &Path) -> Result<SearchIndex, StoreError> {
        let io = |e| StoreError::Io { path: dir.to_path_buf(), source: e };
        std::fs::create_dir_all(dir).map_err(io)?;
        let (schema, fields) = schema();
        let has_meta = dir.join("meta.json").exists();
        let index = match has_meta.then(|| Index::open_in_dir(dir)) {
            Some(Ok(index)) if index.schema() == schema => index,
            None => Index::create_in_dir(dir, schema)?,
            Some(_) => {
                std::fs::remove_dir_all(dir).map_err(io)?;
                std::fs::create_dir_all(dir).map_err(io)?;
                Index::create_in_dir(dir, schema)?
            }
        };
        index.tokenizers().register(ANALYZER_NAME, ArabicAnalyzer);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, reader, fields, writer: None })
    }

    /// Opens an existing index for searching only: no writer lock is taken,
    /// and the reader follows the commits of a writer in another process.
    pub fn open_read_only(dir: &Path) -> Result<SearchIndex, StoreError> {
        let (schema, fields) = schema();
        let index = Index::open_in_dir(dir)?;
        if index.schema() != schema {
            return Err(StoreError::Index(tantivy::TantivyError::SchemaError(
                "the index was built with another schema; open the store for writing once to rebuild it"
                    .into(),
            )));
        }
        index.tokenizers().register(ANALYZER_NAME, ArabicAnalyzer);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into()?;
        Ok(SearchIndex { index, reader, fields, writer: None })
    }

    /// The highest SQLite rowid the last commit holds (0 when empty).
    pub fn indexed_up_to(&self) -> Result<i64, StoreError> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.and_then(|p| p.trim().parse().ok()).unwrap_or(0))
    }

    fn writer(&mut self) -> Result<&mut IndexWriter, StoreError> {
        if self.writer.is_none() {
            self.writer = Some(self.index.writer_with_num_threads(1, WRITER_HEAP_BYTES)?);
        }
        Ok(self.writer.as_mut().expect("writer set above"))
    }

    /// Adds one document (not visible until [`SearchIndex::commit`]). A
    /// document of the same rowid is replaced, so re-indexing after a crash
    /// cannot duplicate.
    pub fn add(&mut self, record: &IndexRecord<'_>) -> Result<(), StoreError> {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.rowid, record.rowid as u64);
        doc.add_text(f.body, record.text);
        if let Some(title) = record.title {
            doc.add_text(f.title, title);
        }
        if let Some(date) = record.date {
            doc.add_i64(f.date, crate::query::day_number(date));
        }
        doc.add_text(f.source, record.source);
        for key in &record.keys.entities {
            doc.add_text(f.entity, key);
        }
        for key in &record.keys.places {
            doc.add_text(f.place, key);
        }
        for key in &record.keys.countries {
            doc.add_text(f.country, key);
        }
        for key in &record.keys.event_types {
            doc.add_text(f.event_type, key);
        }
        let writer = self.writer()?;
        writer.delete_term(tantivy::Term::from_field_u64(f.rowid, record.rowid as u64));
        writer.add_document(doc)?;
        Ok(())
    }

    /// Commits what was added, recording `up_to` (the highest SQLite rowid
    /// now indexed), and makes it visible to searches.
    pub fn commit(&mut self, up_to: i64) -> Result<(), StoreError> {
        let writer = self.writer()?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&up_to.to_string());
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Empties the index (for a rebuild).
    pub fn clear(&mut self) -> Result<(), StoreError> {
        let writer = self.writer()?;
        writer.delete_all_documents()?;
        self.commit(0)
    }

    /// Waits for background merges and releases the writer lock.
    pub fn close_writer(&mut self) -> Result<(), StoreError> {
        if let Some(writer) = self.writer.take() {
            writer.wait_merging_threads()?;
        }
        Ok(())
    }
}
