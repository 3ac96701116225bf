//! The store: SQLite (source of truth) plus the tantivy index (derived).

use crate::across::sketch::sketch;
use crate::facts::Facts;
use crate::index::{IndexRecord, SearchIndex};
use crate::query::{build_query, ParsedText, Query};
use crate::schema::{insert_facts, insert_sketch, migrate, schema_version, SCHEMA_VERSION};
use crate::snippet::highlight;
use crate::StoreError;
use chrono::NaiveDate;
use marsad_annotate::json::{to_json_value, JsonOptions};
use marsad_core::{Doc, DocMeta};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value as _;
use tantivy::TantivyDocument;

/// File name of the database inside the store directory.
pub const DATABASE_FILE: &str = "marsad.sqlite";
/// Directory name of the index inside the store directory.
pub const INDEX_DIR: &str = "index";
/// Hits per page when a query says 0.
const DEFAULT_LIMIT: usize = 10;
/// Most hits per page: each hit reads and re-analyses its document.
const MAX_LIMIT: usize = 1000;

/// Settings of a store.
#[derive(Clone, Debug)]
pub struct StoreConfig {
    /// Documents per ingest batch: one SQLite transaction and one index
    /// commit each. A crash loses at most the batch in flight.
    pub batch_size: usize,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig { batch_size: 500 }
    }
}

/// What an ingest did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestReport {
    /// Documents stored and indexed.
    pub added: usize,
    /// Documents whose content hash was already stored (or repeated earlier
    /// in the same input).
    pub skipped_duplicates: usize,
}

/// A document as stored.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StoredDoc {
    /// The store's id (SQLite rowid).
    pub id: i64,
    pub meta: DocMeta,
    /// See [`content_hash`].
    pub content_hash: String,
    /// The verbatim text.
    pub text: String,
    /// The document contract JSON (code point offsets, no tokens layer).
    /// Stored without its `text` field (the text has its own column); it is
    /// put back here.
    pub layers: serde_json::Value,
}

/// One search hit.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Hit {
    /// The store's id (for [`Store::document`]).
    pub doc_id: i64,
    /// The document's own id (`DocMeta::id`).
    pub ext_id: String,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub source: String,
    /// BM25 score; 0 for a query of filters alone (ranked newest first).
    pub score: f32,
    /// The best sentence (cut when long).
    pub snippet: String,
    /// The snippet's code point range in the document text.
    pub snippet_range: (u32, u32),
    /// Highlighted passages: code point ranges into the document text.
    pub highlights: Vec<(u32, u32)>,
}

/// A page of search results.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct SearchResults {
    /// Matching documents in all.
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// Counts describing a store.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct StoreStats {
    pub schema_version: i64,
    pub documents: u64,
    pub mentions: u64,
    pub events: u64,
    /// Documents visible in the index.
    pub indexed_documents: u64,
    /// The highest document id the index holds.
    pub indexed_up_to: i64,
    /// Documents per source, by source name.
    pub sources: Vec<(String, u64)>,
    /// Exact copies recorded at ingest (their text is stored once).
    pub copies: u64,
    /// What the last [`Store::relink`] found.
    pub near_duplicate_pairs: u64,
    pub stories: u64,
    pub entities: u64,
    pub event_groups: u64,
    /// Documents or copies were added since the last relink (or there was
    /// none): the across-article listings lag behind the documents.
    pub relink_stale: bool,
}

/// The content hash ingest deduplicates on: SHA-256 (hex) of the text with
/// white space runs collapsed to one space and the ends trimmed.
///
/// Only the text counts, not the source or metadata: the same article
/// re-ingested, re-wrapped or syndicated under another outlet is stored once.
pub fn content_hash(text: &str) -> String {
    let mut hasher = Sha256::new();
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            hasher.update(b" ");
        }
        hasher.update(word.as_bytes());
    }
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// An embedded corpus: documents and their layers in SQLite, a full-text
/// index beside it. One process writes a store at a time.
pub struct Store {
    pub(crate) dir: PathBuf,
    pub(crate) conn: Connection,
    pub(crate) index: SearchIndex,
    pub(crate) config: StoreConfig,
    /// Opened with [`Store::open_read_only`]: writes are refused.
    pub(crate) read_only: bool,
}

/// The owned pieces of a document the index needs.
struct PendingIndex {
    rowid: i64,
    title: Option<String>,
    text: String,
    source: String,
    date: Option<NaiveDate>,
    facts: Facts,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io { path: path.to_path_buf(), source }
}

/// Records that an article whose text is already stored (hash `hash`) came
/// in again, unless it is the stored article itself coming back (same
/// source and id): an exact copy counts as one more outlet.
fn record_copy(conn: &Connection, hash: &str, meta: &DocMeta, date: Option<&str>) -> Result<(), StoreError> {
    let original = conn
        .prepare_cached("SELECT id, source, ext_id FROM documents WHERE content_hash = ?1")?
        .query_row([hash], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
        .optional()?;
    let Some((doc_id, source, ext_id)) = original else { return Ok(()) };
    if source == meta.source && ext_id == meta.id {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT OR IGNORE INTO copies (doc_id, source, ext_id, date, title, url) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![doc_id, meta.source, meta.id, date, meta.title, meta.url])?;
    Ok(())
}

pub(crate) fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

impl Store {
    /// Opens (or creates) the store in `dir`: `dir/marsad.sqlite` and
    /// `dir/index/`. Migrates an older database and catches the index up
    /// with SQLite (rebuilding it if it cannot be opened).
    pub fn open(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_with(dir, StoreConfig::default())
    }

    /// [`Store::open`] with settings.
    pub fn open_with(dir: impl AsRef<Path>, config: StoreConfig) -> Result<Store, StoreError> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        let mut conn = Connection::open(dir.join(DATABASE_FILE))?;
        // WAL: readers never block the writer and a killed process loses
        // only its uncommitted transaction. NORMAL sync is durable against
        // process crashes (not power loss), which is the trade we want for
        // a rebuildable news corpus.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000; PRAGMA cache_size = -32768;",
        )?;
        migrate(&mut conn)?;
        let index = SearchIndex::open(&dir.join(INDEX_DIR))?;
        let mut store = Store { dir, conn, index, config, read_only: false };
        store.catch_up_index()?;
        Ok(store)
    }

    /// Opens an existing store for reading only, beside a writer that may be
    /// ingesting in another process (SQLite WAL; the index reader follows
    /// the writer's commits). Takes no index writer lock, runs no migration
    /// and no index catch-up; fails with [`StoreError::SchemaTooOld`] when
    /// the database needs a migration, and when the store does not exist.
    pub fn open_read_only(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        use rusqlite::OpenFlags;
        let dir = dir.as_ref().to_path_buf();
        let database = dir.join(DATABASE_FILE);
        if !database.exists() {
            return Err(StoreError::Io {
                path: database,
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no store here"),
            });
        }
        let conn = Connection::open_with_flags(
            &database,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.execute_batch("PRAGMA busy_timeout = 5000; PRAGMA cache_size = -32768;")?;
        let found = schema_version(&conn)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew { found, supported: SCHEMA_VERSION });
        }
        if found < SCHEMA_VERSION {
            return Err(StoreError::SchemaTooOld { found, supported: SCHEMA_VERSION });
        }
        let index = SearchIndex::open_read_only(&dir.join(INDEX_DIR))?;
        Ok(Store { dir, conn, index, config: StoreConfig::default(), read_only: true })
    }

    /// Whether the store was opened with [`Store::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Makes the latest index commit of a writer visible now (a read-only
    /// store also picks it up by itself shortly after the commit).
    pub fn reload(&self) -> Result<(), StoreError> {
        self.index.reader.reload()?;
        Ok(())
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The SQLite connection, for read-only queries over the `documents`,
    /// `mentions` and `events` tables (the situation board, exports).
    pub fn sqlite(&self) -> &Connection {
        &self.conn
    }

    /// Indexes every stored document the index does not hold yet.
    fn catch_up_index(&mut self) -> Result<usize, StoreError> {
        let max_rowid: i64 =
            self.conn.query_row("SELECT COALESCE(MAX(id), 0) FROM documents", [], |r| r.get(0))?;
        let mut up_to = self.index.indexed_up_to()?;
        if up_to > max_rowid {
            // The index holds documents SQLite does not: it belongs to
            // another database. Start again from SQLite.
            self.index.clear()?;
            up_to = 0;
        }
        let mut caught_up = 0;
        while up_to < max_rowid {
            let batch = self.load_for_index(up_to, self.config.batch_size.max(1))?;
            let Some(last) = batch.last().map(|p| p.rowid) else { break };
            self.index_batch(&batch, last)?;
            caught_up += batch.len();
            up_to = last;
        }
        Ok(caught_up)
    }

    /// Drops the index and builds it again from SQLite.
    pub fn rebuild_index(&mut self) -> Result<usize, StoreError> {
        self.check_writable()?;
        self.index.clear()?;
        self.catch_up_index()
    }

    fn load_for_index(&self, after: i64, limit: usize) -> Result<Vec<PendingIndex>, StoreError> {
        let mut select = self.conn.prepare_cached(
            "SELECT id, title, text, source, date, layers FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = select.query_map(params![after, limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut batch = Vec::new();
        for row in rows {
            let (rowid, title, text, source, date, layers) = row?;
            let layers: serde_json::Value = serde_json::from_str(&layers)
                .map_err(|e| StoreError::CorruptLayers { doc_id: rowid, message: e.to_string() })?;
            let facts = Facts::from_layers(&layers);
            batch.push(PendingIndex { rowid, title, text, source, date: parse_date(date), facts });
        }
        Ok(batch)
    }

    fn index_batch(&mut self, batch: &[PendingIndex], up_to: i64) -> Result<(), StoreError> {
        for p in batch {
            let keys = p.facts.filter_keys();
            self.index.add(&IndexRecord {
                rowid: p.rowid,
                title: p.title.as_deref(),
                text: &p.text,
                source: &p.source,
                date: p.date,
                keys: &keys,
            })?;
        }
        self.index.commit(up_to)
    }

    /// Stores and indexes `docs`, skipping any whose [`content_hash`] is
    /// already stored. Each batch of [`StoreConfig::batch_size`] documents
    /// is committed to SQLite and then to the index; a crash loses at most
    /// the batch in flight, and an index commit lost after its SQLite commit
    /// is redone on the next open.
    pub fn ingest(&mut self, docs: impl IntoIterator<Item = Doc>) -> Result<IngestReport, StoreError> {
        self.check_writable()?;
        let mut report = IngestReport::default();
        let mut batch = Vec::with_capacity(self.config.batch_size);
        for doc in docs {
            batch.push(doc);
            if batch.len() >= self.config.batch_size.max(1) {
                self.ingest_batch(std::mem::take(&mut batch), &mut report)?;
            }
        }
        if !batch.is_empty() {
            self.ingest_batch(batch, &mut report)?;
        }
        Ok(report)
    }

    fn ingest_batch(&mut self, docs: Vec<Doc>, report: &mut IngestReport) -> Result<(), StoreError> {
        let mut pending = Vec::with_capacity(docs.len());
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO documents (ext_id, content_hash, source, date, title, url, text, layers)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for doc in docs {
                let hash = content_hash(doc.text());
                let mut layers = to_json_value(&doc, JsonOptions::default());
                // The text has its own column: do not store it twice.
                let text_in_layers = layers.as_object_mut().and_then(|m| m.remove("text"));
                debug_assert!(text_in_layers.is_some(), "the contract JSON holds the text");
                let date = doc.meta.date.map(|d| d.format("%Y-%m-%d").to_string());
                let inserted = insert.execute(params![
                    doc.meta.id,
                    hash,
                    doc.meta.source,
                    date,
                    doc.meta.title,
                    doc.meta.url,
                    doc.text(),
                    layers.to_string()
                ])?;
                if inserted == 0 {
                    report.skipped_duplicates += 1;
                    record_copy(&tx, &hash, &doc.meta, date.as_deref())?;
                    continue;
                }
                let rowid = tx.last_insert_rowid();
                let facts = Facts::from_layers(&layers);
                insert_facts(&tx, rowid, &facts)?;
                insert_sketch(&tx, rowid, &sketch(doc.text(), &doc.tokens))?;
                let meta = doc.meta.clone();
                pending.push(PendingIndex {
                    rowid,
                    title: meta.title,
                    text: doc.text().to_string(),
                    source: meta.source,
                    date: meta.date,
                    facts,
                });
            }
        }
        tx.commit()?;
        report.added += pending.len();
        if let Some(last) = pending.last().map(|p| p.rowid) {
            self.index_batch(&pending, last)?;
        }
        Ok(())
    }

    pub(crate) fn check_writable(&self) -> Result<(), StoreError> {
        if self.read_only {
            Err(StoreError::ReadOnly)
        } else {
            Ok(())
        }
    }

    /// Runs a search.
    pub fn search(&self, query: &Query) -> Result<SearchResults, StoreError> {
        let parsed = ParsedText::parse(&query.text);
        let tantivy_query = build_query(&self.index.fields, query, &parsed);
        let searcher = self.index.reader.searcher();
        let limit = if query.limit == 0 { DEFAULT_LIMIT } else { query.limit.min(MAX_LIMIT) };
        let top_docs = TopDocs::with_limit(limit).and_offset(query.offset);
        let (total, top) = if parsed.is_empty() {
            // Filters alone rank nothing: newest first (undated last).
            let by_date = top_docs.order_by_fast_field::<i64>("date", tantivy::Order::Desc);
            let (total, top) = searcher.search(&*tantivy_query, &(Count, by_date))?;
            (total, top.into_iter().map(|(_, address)| (0.0, address)).collect::<Vec<_>>())
        } else {
            searcher.search(&*tantivy_query, &(Count, top_docs.order_by_score()))?
        };
        let mut hits = Vec::with_capacity(top.len());
        let mut select = self
            .conn
            .prepare_cached("SELECT ext_id, title, date, source, text FROM documents WHERE id = ?1")?;
        for (score, address) in top {
            let stored: TantivyDocument = searcher.doc(address)?;
            let Some(rowid) = stored.get_first(self.index.fields.rowid).and_then(|v| v.as_u64()) else {
                continue;
            };
            let row = select
                .query_row([rowid as i64], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                })
                .optional()?;
            // An index entry without its row cannot happen (SQLite commits
            // first); skip rather than fail a search if it ever does.
            let Some((ext_id, title, date, source, text)) = row else { continue };
            let marked = highlight(&text, &parsed);
            hits.push(Hit {
                doc_id: rowid as i64,
                ext_id,
                title,
                date: parse_date(date),
                source,
                score,
                snippet: marked.snippet_text,
                snippet_range: marked.snippet,
                highlights: marked.highlights,
            });
        }
        Ok(SearchResults { total, hits })
    }

    /// The stored document with store id `id`.
    pub fn document(&self, id: i64) -> Result<Option<StoredDoc>, StoreError> {
        let mut select = self.conn.prepare_cached(
            "SELECT ext_id, source, date, title, url, content_hash, text, layers FROM documents WHERE id = ?1",
        )?;
        let row = select
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })
            .optional()?;
        let Some((ext_id, source, date, title, url, content_hash, text, layers)) = row else {
            return Ok(None);
        };
        let mut layers: serde_json::Value = serde_json::from_str(&layers)
            .map_err(|e| StoreError::CorruptLayers { doc_id: id, message: e.to_string() })?;
        // Put back the text ingest left out of the stored layers.
        if let Some(map) = layers.as_object_mut() {
            map.insert("text".to_string(), serde_json::Value::String(text.clone()));
        }
        Ok(Some(StoredDoc {
            id,
            meta: DocMeta { id: ext_id, source, outlet: None, date: parse_date(date), title, url },
            content_hash,
            text,
            layers,
        }))
    }

    /// The store ids of the documents whose own id is `ext_id`.
    pub fn ids_by_ext_id(&self, ext_id: &str) -> Result<Vec<i64>, StoreError> {
        let mut select =
            self.conn.prepare_cached("SELECT id FROM documents WHERE ext_id = ?1 ORDER BY id")?;
        let ids = select.query_map([ext_id], |r| r.get(0))?.collect::<Result<Vec<i64>, _>>()?;
        Ok(ids)
    }

    /// Counts describing the store.
    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        let count = |sql: &str| -> Result<u64, StoreError> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        let mut select = self
            .conn
            .prepare_cached("SELECT source, COUNT(*) FROM documents GROUP BY source ORDER BY source")?;
        let sources = select
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(StoreStats {
            schema_version: schema_version(&self.conn)?,
            documents: count("SELECT COUNT(*) FROM documents")?,
            mentions: count("SELECT COUNT(*) FROM mentions")?,
            events: count("SELECT COUNT(*) FROM events")?,
            indexed_documents: self.index.reader.searcher().num_docs(),
            indexed_up_to: self.index.indexed_up_to()?,
            sources,
            copies: count("SELECT COUNT(*) FROM copies")?,
            near_duplicate_pairs: count("SELECT COUNT(*) / 2 FROM near_duplicates")?,
            stories: count("SELECT COUNT(*) FROM stories")?,
            entities: count("SELECT COUNT(*) FROM entities")?,
            event_groups: count("SELECT COUNT(*) FROM event_groups")?,
            relink_stale: self.relink_stale()?,
        })
    }

    /// Whether documents or copies were added since the last relink.
    fn relink_stale(&self) -> Result<bool, StoreError> {
        let state: Option<(i64, i64, i64)> = self
            .conn
            .query_row("SELECT documents, copies, max_doc_id FROM relink_state WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let now: (i64, i64, i64) = self.conn.query_row(
            "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM copies),
                    (SELECT COALESCE(MAX(id), 0) FROM documents)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(match state {
            Some(state) => state != now,
            None => now.0 > 0,
        })
    }

    /// Checks the database (`PRAGMA integrity_check`) and that the index
    /// holds exactly the stored documents. Returns the problems found.
    pub fn check(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let integrity: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if integrity != "ok" {
            problems.push(format!("sqlite integrity_check: {integrity}"));
        }
        let stats = self.stats()?;
        if stats.indexed_documents != stats.documents {
            problems.push(format!(
                "index holds {} documents, SQLite {}",
                stats.indexed_documents, stats.documents
            ));
        }
        Ok(problems)
    }

    /// Waits for the index's background merges and releases its writer.
    /// Dropping a store without closing is safe (nothing committed is lost).
    pub fn close(mut self) -> Result<(), StoreError> {
        self.index.close_writer()
    }
}
