//! Across-article linking: exact copies, near-duplicates, same-story
//! clusters, entities and events merged across documents, and the timeline
//! and map aggregations built on them.
//!
//! Everything here is **derived data**, recomputed as a whole by
//! [`Store::relink`](crate::Store::relink) from the `documents`, `copies`,
//! `mentions` and `events` tables and the stored layers. The recompute is
//! deterministic: the same stored content gives the same tables (and ids)
//! whatever order the documents were ingested in.
//!
//! The public types are the JSON contract of the HTTP API (field names are
//! the JSON names; dates are `YYYY-MM-DD`; offsets are code points of the
//! document text).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Filters shared by the event, story, timeline, map and document listings.
/// Every field is optional; `limit` 0 means the default (50), at most 1000.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventFilter {
    /// Gazetteer id (`gn:98182`, `cc:IQ`, `curated:…`) or a place name
    /// (matched on its normalised name key).
    pub place: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// PLOVER type, e.g. `RETREAT`.
    pub kind: Option<String>,
    /// Actor or recipient: a global entity id or a name.
    pub entity: Option<String>,
    /// First date included.
    pub since: Option<NaiveDate>,
    /// Last date included.
    pub until: Option<NaiveDate>,
    pub limit: usize,
    pub offset: usize,
}

/// A stored document (or a recorded exact copy) as a reference.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceRef {
    /// Store id of the document (for an exact copy: of the stored original).
    pub doc_id: i64,
    pub ext_id: String,
    pub source: String,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
}

/// A sentence quoted as evidence: code points of its document's text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvidenceSentence {
    pub doc_id: i64,
    pub source: String,
    pub date: Option<NaiveDate>,
    pub text: String,
    pub start: u32,
    pub end: u32,
}

/// One event reported by one or more documents, merged.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MergedEvent {
    /// Stable for a given store content (deterministic).
    pub id: i64,
    /// PLOVER type.
    pub kind: String,
    pub mode: Option<String>,
    pub subtype: Option<String>,
    /// Display names (global canonical where linked).
    pub actor: Option<String>,
    pub recipient: Option<String>,
    /// Global entity ids where linked.
    pub actor_entity: Option<String>,
    pub recipient_entity: Option<String>,
    pub place_id: Option<String>,
    pub place_name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub country: Option<String>,
    /// TIMEX3-ish value as in the events table (day, week, month…): the
    /// earliest of the mentions.
    pub date: Option<String>,
    pub planned: bool,
    pub negated: bool,
    /// Distinct stored documents.
    pub documents: u32,
    /// Distinct outlets, counting exact copies skipped at ingest.
    pub sources: u32,
    pub mentions: Vec<EventMentionRef>,
}

/// One document's mention of a merged event, with its sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventMentionRef {
    pub doc_id: i64,
    /// The event's position in its document's events layer.
    pub seq: i64,
    pub source: String,
    pub date: Option<NaiveDate>,
    pub trigger_text: String,
    pub sentence: EvidenceSentence,
}

/// A document that repeats another.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DuplicateLink {
    pub doc_id: i64,
    pub other: SourceRef,
    /// Estimated Jaccard similarity of word shingles (1 for exact copies).
    pub similarity: f32,
    /// A copy with identical text (skipped at ingest, recorded).
    pub exact: bool,
}

/// A same-story cluster, summarised.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StorySummary {
    pub id: i64,
    /// The earliest document's title (or first sentence).
    pub title: String,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    pub documents: u32,
    pub sources: u32,
    pub top_entities: Vec<String>,
    pub top_places: Vec<String>,
}

/// A story with its documents and events.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryDetail {
    pub summary: StorySummary,
    pub documents: Vec<SourceRef>,
    pub events: Vec<MergedEvent>,
}

/// An entity merged across documents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntitySummary {
    /// Global id, e.g. `PER:محمد شياع السوداني` (label + normalised name).
    pub id: String,
    pub canonical: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: String,
    pub latin: Option<String>,
    pub nationality: Option<String>,
    pub documents: u32,
    pub mentions: u32,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
}

/// A name with how often it was seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameCount {
    pub name: String,
    pub count: u32,
}

/// A count on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayCount {
    pub date: NaiveDate,
    pub count: u32,
}

/// A quote attributed to an entity: code points of its document's text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteRef {
    pub doc_id: i64,
    pub source: String,
    pub date: Option<NaiveDate>,
    pub text: String,
    pub start: u32,
    pub end: u32,
    pub direct: bool,
}

/// Everything known about one entity across the corpus.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityPage {
    pub summary: EntitySummary,
    /// Surface forms with counts, most frequent first.
    pub aliases: Vec<NameCount>,
    /// Titles articles attach to it, most frequent first.
    pub roles: Vec<NameCount>,
    /// Documents per day.
    pub timeline: Vec<DayCount>,
    /// Entities sharing documents with it, with the number shared.
    pub co_mentioned: Vec<(EntitySummary, u32)>,
    pub quotes: Vec<QuoteRef>,
    pub events: Vec<MergedEvent>,
    pub documents: Vec<SourceRef>,
}

/// Filters of the entity listing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntityFilter {
    /// Matches the canonical name or an alias (normalised, substring).
    pub name: Option<String>,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// Merged events and their documents on one day, of one type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimelineBucket {
    pub date: NaiveDate,
    pub kind: String,
    pub events: u32,
    pub documents: u32,
}

/// A place with how many documents and merged events mention it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapPlace {
    pub place_id: String,
    pub name: String,
    pub kind: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub country: Option<String>,
    pub documents: u32,
    pub events: u32,
}

/// What a [`Store::relink`](crate::Store::relink) found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RelinkReport {
    /// Exact copies recorded at ingest.
    pub copies: usize,
    /// Near-duplicate document pairs.
    pub duplicate_pairs: usize,
    pub stories: usize,
    pub entities: usize,
    pub event_groups: usize,
}

/// Default page size of the listings.
pub(crate) const DEFAULT_LIMIT: usize = 50;
/// Largest page size of the listings.
pub(crate) const MAX_LIMIT: usize = 1000;

/// The page size a filter asks for.
pub(crate) fn page_limit(limit: usize) -> usize {
    if limit == 0 {
        DEFAULT_LIMIT
    } else {
        limit.min(MAX_LIMIT)
    }
}
mod queries;
mod relink;
pub mod sketch;
