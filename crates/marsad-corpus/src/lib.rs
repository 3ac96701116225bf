//! Marsad's embedded corpus: the store and Arabic search.
//!
//! - **SQLite** ([`rusqlite`], bundled) is the source of truth: each
//!   document's verbatim text and metadata, its annotation layers as the
//!   document contract JSON, and normalised `mentions` and `events` tables
//!   for filters and the situation board. The schema is versioned
//!   (`PRAGMA user_version`) and migrated on open ([`schema`]).
//! - **tantivy** holds a derived full-text index fed by Marsad's own Arabic
//!   analyzer ([`analyzer`]): a query word meets its clitic-carrying,
//!   inflected and differently spelt forms (`انسحاب` finds `والانسحاب` and
//!   `الانسحابات`). Each index commit records the last SQLite rowid it
//!   holds, so an index that lags after a crash is caught up on open.
//! - Ingest is idempotent by [`content_hash`] and incremental; search takes
//!   free text with `"phrases"` and filters by date range, source, entity,
//!   place, country and event type, and returns highlights in code points of
//!   the original text.
//!
//! This crate knows nothing of the CLI; the interfaces call [`Store`].

pub mod across;
pub mod analyzer;
mod error;
pub mod facts;
mod index;
mod query;
pub mod schema;
mod snippet;
mod store;

pub use across::{
    DayCount, DuplicateLink, EntityFilter, EntityPage, EntitySummary, EventFilter, EventMentionRef,
    EvidenceSentence, MapPlace, MergedEvent, NameCount, QuoteRef, RelinkReport, SourceRef, StoryDetail,
    StorySummary, TimelineBucket,
};
pub use error::StoreError;
pub use query::{ParsedText, Query};
pub use snippet::{highlight, Highlighted};
pub use store::{
    content_hash, Hit, IngestReport, SearchResults, Store, StoreConfig, StoreStats, StoredDoc, DATABASE_FILE,
    INDEX_DIR,
};
