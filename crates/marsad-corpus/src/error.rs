use std::path::PathBuf;

/// Why a store operation failed.
///
/// Odd documents never fail an ingest (they are stored as they are); these
/// errors are about the store itself: its files, its schema, its index.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The SQLite database failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The tantivy index failed.
    #[error("index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// A query could not be parsed into an index query.
    #[error("query: {0}")]
    Query(String),
    /// A file or directory of the store could not be created or read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The database was written by a newer Marsad than this one.
    #[error("database schema version {found} is newer than this build supports ({supported})")]
    SchemaTooNew { found: i64, supported: i64 },
    /// The database predates this build and a read-only open cannot
    /// migrate it (open it once for writing first).
    #[error("database schema version {found} is older than this build's ({supported}); open the store for writing once to migrate it")]
    SchemaTooOld { found: i64, supported: i64 },
    /// A write was asked of a store opened read-only.
    #[error("the store was opened read-only")]
    ReadOnly,
    /// A stored document's layers could not be read back.
    #[error("document {doc_id}: stored layers are not valid JSON: {message}")]
    CorruptLayers { doc_id: i64, message: String },
}
