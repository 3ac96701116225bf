//! The read side of the across-article tables: the `Store` methods the
//! interfaces call.
//!
//! SQL here is assembled only from fixed fragments written in this file;
//! every value a caller gives travels as a bound parameter.

use super::*;
use crate::facts::{country_key, event_type_key, name_key};
use crate::store::parse_date;
use crate::{Store, StoreError};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

/// Mentions listed per merged event (the counts cover all of them).
const MAX_MENTIONS_PER_EVENT: usize = 100;
/// Items of each list on an entity page.
const ENTITY_PAGE_ITEMS: i64 = 100;
/// Co-mentioned entities on an entity page.
const CO_MENTIONED: i64 = 20;

/// A WHERE clause under construction: fixed SQL fragments, bound values.
#[derive(Default)]
struct Conditions {
    sql: Vec<&'static str>,
    values: Vec<SqlValue>,
}

impl Conditions {
    /// Adds `fragment`, whose `?` placeholders take `values` in order.
    fn push(&mut self, fragment: &'static str, values: impl IntoIterator<Item = SqlValue>) {
        self.sql.push(fragment);
        self.values.extend(values);
    }

    fn clause(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.sql.join(" AND "))
        }
    }
}

fn text(s: impl Into<String>) -> SqlValue {
    SqlValue::Text(s.into())
}

fn day(d: chrono::NaiveDate) -> SqlValue {
    SqlValue::Text(d.format("%Y-%m-%d").to_string())
}

/// A place filter's value: a gazetteer id (has a colon) or a name.
fn place_values(place: &str) -> [SqlValue; 2] {
    [text(place.trim()), text(name_key(place))]
}

/// An entity filter's value: a global id or a name.
fn entity_values(entity: &str) -> [SqlValue; 3] {
    let key = name_key(entity);
    [text(entity.trim()), text(key.clone()), text(key)]
}

fn source_ref(r: &Row<'_>) -> rusqlite::Result<SourceRef> {
    Ok(SourceRef {
        doc_id: r.get(0)?,
        ext_id: r.get(1)?,
        source: r.get(2)?,
        date: parse_date(r.get(3)?),
        title: r.get(4)?,
    })
}

/// The code point slice `start..end` of `text`.
fn char_slice(text: &str, start: u32, end: u32) -> String {
    text.chars().skip(start as usize).take(end.saturating_sub(start) as usize).collect()
}

fn json_list(s: String) -> Vec<String> {
    serde_json::from_str(&s).unwrap_or_default()
}

fn paging(limit: usize, offset: usize) -> [SqlValue; 2] {
    [SqlValue::Integer(page_limit(limit) as i64), SqlValue::Integer(offset.min(i64::MAX as usize) as i64)]
}

impl Store {
    /// The documents that repeat document `doc_id`: near-duplicates (with
    /// their estimated similarity), then exact copies recorded at ingest
    /// (`exact`, similarity 1; `other.doc_id` is the stored document).
    pub fn duplicates_of(&self, doc_id: i64) -> Result<Vec<DuplicateLink>, StoreError> {
        let mut links = Vec::new();
        let mut near = self.conn.prepare_cached(
            "SELECT d.id, d.ext_id, d.source, d.date, d.title, n.similarity FROM near_duplicates n
             JOIN documents d ON d.id = n.other_id WHERE n.doc_id = ?1
             ORDER BY n.similarity DESC, d.date, d.id",
        )?;
        for row in near.query_map([doc_id], |r| Ok((source_ref(r)?, r.get::<_, f64>(5)?)))? {
            let (other, similarity) = row?;
            links.push(DuplicateLink { doc_id, other, similarity: similarity as f32, exact: false });
        }
        let mut copies = self.conn.prepare_cached(
            "SELECT doc_id, ext_id, source, date, title FROM copies WHERE doc_id = ?1 ORDER BY date, source, ext_id",
        )?;
        for row in copies.query_map([doc_id], source_ref)? {
            links.push(DuplicateLink { doc_id, other: row?, similarity: 1.0, exact: true });
        }
        Ok(links)
    }

    /// The story document `doc_id` belongs to (`None` before a relink).
    pub fn story_of(&self, doc_id: i64) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT story_id FROM story_documents WHERE doc_id = ?1")?
            .query_row([doc_id], |r| r.get(0))
            .optional()?)
    }

    /// Stories, newest first (by their latest document). Uses `since`,
    /// `until`, `place`, `country`, `entity`, `kind`, `limit` and `offset`.
    pub fn stories(&self, filter: &EventFilter) -> Result<Vec<StorySummary>, StoreError> {
        let mut c = Conditions::default();
        if let Some(since) = filter.since {
            c.push("s.last_date >= ?", [day(since)]);
        }
        if let Some(until) = filter.until {
            c.push("s.first_date <= ?", [day(until)]);
        }
        if let Some(place) = &filter.place {
            c.push(
                "s.id IN (SELECT sd.story_id FROM story_documents sd JOIN mentions m ON m.doc_id = sd.doc_id
                  WHERE m.kind = 'place' AND m.key IN (SELECT place_id FROM places WHERE place_id = ? OR name_key = ?))",
                place_values(place),
            );
        }
        if let Some(country) = &filter.country {
            c.push(
                "s.id IN (SELECT sd.story_id FROM story_documents sd JOIN mentions m ON m.doc_id = sd.doc_id
                  WHERE m.kind = 'place' AND m.country = ?)",
                [text(country_key(country))],
            );
        }
        if let Some(entity) = &filter.entity {
            c.push(
                "s.id IN (SELECT sd.story_id FROM story_documents sd JOIN entity_links l ON l.doc_id = sd.doc_id
                  WHERE l.entity_id IN (SELECT id FROM entities WHERE id = ? OR name_key = ?
                      UNION SELECT entity_id FROM entity_aliases WHERE name_key = ?))",
                entity_values(entity),
            );
        }
        if let Some(kind) = &filter.kind {
            c.push(
                "s.id IN (SELECT sd.story_id FROM story_documents sd JOIN events e ON e.doc_id = sd.doc_id
                  WHERE e.type = ?)",
                [text(event_type_key(kind))],
            );
        }
        let sql = format!(
            "SELECT s.id, s.title, s.first_date, s.last_date, s.documents, s.sources, s.top_entities, s.top_places
             FROM stories s {} ORDER BY s.last_date IS NULL, s.last_date DESC, s.documents DESC, s.id
             LIMIT ? OFFSET ?",
            c.clause()
        );
        let mut values = c.values;
        values.extend(paging(filter.limit, filter.offset));
        let mut select = self.conn.prepare(&sql)?;
        let rows = select.query_map(params_from_iter(values), story_summary)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One story with its documents (oldest first) and merged events.
    pub fn story(&self, id: i64) -> Result<Option<StoryDetail>, StoreError> {
        let summary = self
            .conn
            .prepare_cached(
                "SELECT id, title, first_date, last_date, documents, sources, top_entities, top_places
                 FROM stories WHERE id = ?1",
            )?
            .query_row([id], story_summary)
            .optional()?;
        let Some(summary) = summary else { return Ok(None) };
        let mut select = self.conn.prepare_cached(
            "SELECT d.id, d.ext_id, d.source, d.date, d.title FROM story_documents s
             JOIN documents d ON d.id = s.doc_id WHERE s.story_id = ?1
             ORDER BY d.date IS NULL, d.date, d.content_hash",
        )?;
        let documents = select.query_map([id], source_ref)?.collect::<Result<Vec<_>, _>>()?;
        let mut groups = self.conn.prepare_cached(
            "SELECT DISTINCT e.group_id FROM story_documents s JOIN events e ON e.doc_id = s.doc_id
             WHERE s.story_id = ?1 AND e.group_id IS NOT NULL ORDER BY e.group_id",
        )?;
        let ids = groups.query_map([id], |r| r.get::<_, i64>(0))?.collect::<Result<Vec<_>, _>>()?;
        let mut events = Vec::with_capacity(ids.len());
        for group in ids {
            if let Some(event) = self.merged_event(group)? {
                events.push(event);
            }
        }
        sort_newest_first(&mut events);
        Ok(Some(StoryDetail { summary, documents, events }))
    }

    /// Entities merged across documents, most documents first. `name`
    /// matches (normalised) part of the canonical name or of an alias.
    pub fn entities(&self, filter: &EntityFilter) -> Result<Vec<EntitySummary>, StoreError> {
        let mut c = Conditions::default();
        if let Some(label) = &filter.label {
            c.push("label = ?", [text(label.trim().to_ascii_uppercase())]);
        }
        if let Some(name) = filter.name.as_deref().map(name_key).filter(|k| !k.is_empty()) {
            // LIKE with the user's text escaped: it is a substring, not a pattern.
            let pattern = format!("%{}%", name.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
            c.push(
                "(name_key LIKE ? ESCAPE '\\' OR id IN
                    (SELECT entity_id FROM entity_aliases WHERE name_key LIKE ? ESCAPE '\\'))",
                [text(pattern.clone()), text(pattern)],
            );
        }
        let sql = format!(
            "SELECT id, canonical, label, latin, nationality, documents, mentions, first_date, last_date
             FROM entities {} ORDER BY documents DESC, mentions DESC, id LIMIT ? OFFSET ?",
            c.clause()
        );
        let mut values = c.values;
        values.extend(paging(filter.limit, filter.offset));
        let mut select = self.conn.prepare(&sql)?;
        let rows = select.query_map(params_from_iter(values), entity_summary)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn entity_summary(&self, id: &str) -> Result<Option<EntitySummary>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, canonical, label, latin, nationality, documents, mentions, first_date, last_date
                 FROM entities WHERE id = ?1",
            )?
            .query_row([id], entity_summary)
            .optional()?)
    }

    /// The page of one entity (by global id).
    pub fn entity(&self, id: &str) -> Result<Option<EntityPage>, StoreError> {
        let Some(summary) = self.entity_summary(id)? else { return Ok(None) };
        let names = |sql: &str| -> Result<Vec<NameCount>, StoreError> {
            let mut select = self.conn.prepare_cached(sql)?;
            let rows = select.query_map([id], |r| Ok(NameCount { name: r.get(0)?, count: r.get(1)? }))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        let aliases =
            names("SELECT name, count FROM entity_aliases WHERE entity_id = ?1 ORDER BY count DESC, name")?;
        let roles =
            names("SELECT name, count FROM entity_roles WHERE entity_id = ?1 ORDER BY count DESC, name")?;
        let mut select = self.conn.prepare_cached(
            "SELECT d.date, COUNT(*) FROM entity_links l JOIN documents d ON d.id = l.doc_id
             WHERE l.entity_id = ?1 AND d.date IS NOT NULL GROUP BY d.date ORDER BY d.date",
        )?;
        let timeline = select
            .query_map([id], |r| Ok((parse_date(r.get(0)?), r.get::<_, u32>(1)?)))?
            .filter_map(|row| match row {
                Ok((Some(date), count)) => Some(Ok(DayCount { date, count })),
                Ok((None, _)) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut select = self.conn.prepare_cached(
            "SELECT other.entity_id, COUNT(DISTINCT other.doc_id) AS shared FROM entity_links mine
             JOIN entity_links other ON other.doc_id = mine.doc_id AND other.entity_id != mine.entity_id
             WHERE mine.entity_id = ?1 GROUP BY other.entity_id ORDER BY shared DESC, other.entity_id LIMIT ?2",
        )?;
        let shared = select
            .query_map(params![id, CO_MENTIONED], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut co_mentioned = Vec::with_capacity(shared.len());
        for (other, count) in shared {
            if let Some(s) = self.entity_summary(&other)? {
                co_mentioned.push((s, count));
            }
        }
        let mut select = self.conn.prepare_cached(
            "SELECT DISTINCT q.doc_id, d.source, d.date, q.text, q.start, q.end, q.direct, q.seq
             FROM entity_links l JOIN quotes q ON q.doc_id = l.doc_id AND q.speaker_key = l.key
             JOIN documents d ON d.id = q.doc_id
             WHERE l.entity_id = ?1 ORDER BY d.date DESC, d.content_hash, q.seq LIMIT ?2",
        )?;
        let quotes = select
            .query_map(params![id, ENTITY_PAGE_ITEMS], |r| {
                Ok(QuoteRef {
                    doc_id: r.get(0)?,
                    source: r.get(1)?,
                    date: parse_date(r.get(2)?),
                    text: r.get(3)?,
                    start: r.get(4)?,
                    end: r.get(5)?,
                    direct: r.get(6)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let events = self.merged_events(&EventFilter {
            entity: Some(id.to_string()),
            limit: ENTITY_PAGE_ITEMS as usize,
            ..EventFilter::default()
        })?;
        let mut select = self.conn.prepare_cached(
            "SELECT DISTINCT d.id, d.ext_id, d.source, d.date, d.title FROM entity_links l
             JOIN documents d ON d.id = l.doc_id WHERE l.entity_id = ?1
             ORDER BY d.date IS NULL, d.date DESC, d.content_hash LIMIT ?2",
        )?;
        let documents =
            select.query_map(params![id, ENTITY_PAGE_ITEMS], source_ref)?.collect::<Result<Vec<_>, _>>()?;
        Ok(Some(EntityPage { summary, aliases, roles, timeline, co_mentioned, quotes, events, documents }))
    }

    /// Conditions on `event_groups g` from an event filter.
    fn event_conditions(filter: &EventFilter) -> Conditions {
        let mut c = Conditions::default();
        if let Some(since) = filter.since {
            c.push("g.day >= ?", [day(since)]);
        }
        if let Some(until) = filter.until {
            c.push("g.day <= ?", [day(until)]);
        }
        if let Some(kind) = &filter.kind {
            c.push("g.type = ?", [text(event_type_key(kind))]);
        }
        if let Some(country) = &filter.country {
            c.push("g.country = ?", [text(country_key(country))]);
        }
        if let Some(place) = &filter.place {
            c.push(
                "g.place_id IN (SELECT place_id FROM places WHERE place_id = ? OR name_key = ?)",
                place_values(place),
            );
        }
        if let Some(entity) = &filter.entity {
            let [a, b, k] = entity_values(entity);
            c.push(
                "(g.actor_entity IN (SELECT id FROM entities WHERE id = ? OR name_key = ?
                      UNION SELECT entity_id FROM entity_aliases WHERE name_key = ?)
                  OR g.recipient_entity IN (SELECT id FROM entities WHERE id = ? OR name_key = ?
                      UNION SELECT entity_id FROM entity_aliases WHERE name_key = ?))",
                [a.clone(), b.clone(), k.clone(), a, b, k],
            );
        }
        c
    }

    /// Events merged across documents, newest first.
    pub fn merged_events(&self, filter: &EventFilter) -> Result<Vec<MergedEvent>, StoreError> {
        let c = Store::event_conditions(filter);
        let sql = format!(
            "SELECT g.id FROM event_groups g {} ORDER BY g.day IS NULL, g.day DESC, g.sources DESC, g.id
             LIMIT ? OFFSET ?",
            c.clause()
        );
        let mut values = c.values;
        values.extend(paging(filter.limit, filter.offset));
        let mut select = self.conn.prepare(&sql)?;
        let ids = select
            .query_map(params_from_iter(values), |r| r.get::<_, i64>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut events = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(event) = self.merged_event(id)? {
                events.push(event);
            }
        }
        Ok(events)
    }

    /// One merged event with its mentions and their sentences.
    fn merged_event(&self, id: i64) -> Result<Option<MergedEvent>, StoreError> {
        let event = self
            .conn
            .prepare_cached(
                "SELECT id, type, mode, subtype, actor, recipient, actor_entity, recipient_entity, place_id,
                     place_name, lat, lon, country, date, planned, negated, documents, sources
                 FROM event_groups WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(MergedEvent {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    mode: r.get(2)?,
                    subtype: r.get(3)?,
                    actor: r.get(4)?,
                    recipient: r.get(5)?,
                    actor_entity: r.get(6)?,
                    recipient_entity: r.get(7)?,
                    place_id: r.get(8)?,
                    place_name: r.get(9)?,
                    lat: r.get(10)?,
                    lon: r.get(11)?,
                    country: r.get(12)?,
                    date: r.get(13)?,
                    planned: r.get(14)?,
                    negated: r.get(15)?,
                    documents: r.get(16)?,
                    sources: r.get(17)?,
                    mentions: Vec::new(),
                })
            })
            .optional()?;
        let Some(mut event) = event else { return Ok(None) };
        let mut select = self.conn.prepare_cached(
            "SELECT e.doc_id, e.seq, d.source, d.date, e.trigger_text, e.trigger_start, e.trigger_end,
                 e.sentence_start, e.sentence_end, d.text
             FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.group_id = ?1
             ORDER BY d.date IS NULL, d.date, d.content_hash, e.seq LIMIT ?2",
        )?;
        let rows = select.query_map(params![id, MAX_MENTIONS_PER_EVENT as i64], |r| {
            let doc_id: i64 = r.get(0)?;
            let source: String = r.get(2)?;
            let date = parse_date(r.get(3)?);
            let (trigger_start, trigger_end): (u32, u32) = (r.get(5)?, r.get(6)?);
            let (mut start, mut end): (u32, u32) = (r.get(7)?, r.get(8)?);
            if end <= start {
                // No sentence in the layers: the trigger stands as evidence.
                (start, end) = (trigger_start, trigger_end);
            }
            let text: String = r.get(9)?;
            Ok(EventMentionRef {
                doc_id,
                seq: r.get(1)?,
                source: source.clone(),
                date,
                trigger_text: r.get(4)?,
                sentence: EvidenceSentence {
                    doc_id,
                    source,
                    date,
                    text: char_slice(&text, start, end),
                    start,
                    end,
                },
            })
        })?;
        event.mentions = rows.collect::<Result<_, _>>()?;
        Ok(Some(event))
    }

    /// Merged events and the documents reporting them, per day (the day of
    /// each event's earliest mention) and event type, oldest first.
    pub fn timeline(&self, filter: &EventFilter) -> Result<Vec<TimelineBucket>, StoreError> {
        let mut c = Store::event_conditions(filter);
        c.push("g.day IS NOT NULL", []);
        let sql = format!(
            "SELECT g.day, g.type, COUNT(DISTINCT g.id), COUNT(DISTINCT e.doc_id)
             FROM event_groups g JOIN events e ON e.group_id = g.id {}
             GROUP BY g.day, g.type ORDER BY g.day, g.type",
            c.clause()
        );
        let mut select = self.conn.prepare(&sql)?;
        let rows = select.query_map(params_from_iter(c.values), |r| {
            Ok((parse_date(r.get(0)?), r.get::<_, String>(1)?, r.get::<_, u32>(2)?, r.get::<_, u32>(3)?))
        })?;
        let mut buckets = Vec::new();
        for row in rows {
            let (date, kind, events, documents) = row?;
            if let Some(date) = date {
                buckets.push(TimelineBucket { date, kind, events, documents });
            }
        }
        Ok(buckets)
    }

    /// Places with the documents naming them and the merged events placed
    /// there, most documents first. Document filters: `since`/`until`
    /// (publication date), `country`, `place`, `entity`, `kind` (documents
    /// reporting an event of that type); the event counts take the same
    /// filters on the events.
    pub fn map_places(&self, filter: &EventFilter) -> Result<Vec<MapPlace>, StoreError> {
        let mut docs = Conditions::default();
        docs.push("m.kind = 'place'", []);
        if let Some(since) = filter.since {
            docs.push("d.date >= ?", [day(since)]);
        }
        if let Some(until) = filter.until {
            docs.push("d.date <= ?", [day(until)]);
        }
        if let Some(country) = &filter.country {
            docs.push("m.country = ?", [text(country_key(country))]);
        }
        if let Some(place) = &filter.place {
            docs.push(
                "m.key IN (SELECT place_id FROM places WHERE place_id = ? OR name_key = ?)",
                place_values(place),
            );
        }
        if let Some(kind) = &filter.kind {
            docs.push("m.doc_id IN (SELECT doc_id FROM events WHERE type = ?)", [text(event_type_key(kind))]);
        }
        if let Some(entity) = &filter.entity {
            docs.push(
                "m.doc_id IN (SELECT doc_id FROM entity_links WHERE entity_id IN
                    (SELECT id FROM entities WHERE id = ? OR name_key = ?
                     UNION SELECT entity_id FROM entity_aliases WHERE name_key = ?))",
                entity_values(entity),
            );
        }
        let events = Store::event_conditions(&EventFilter { limit: 0, offset: 0, ..filter.clone() });
        let sql = format!(
            "WITH doc_counts AS (
                 SELECT m.key AS place_id, COUNT(DISTINCT m.doc_id) AS documents
                 FROM mentions m JOIN documents d ON d.id = m.doc_id {} GROUP BY m.key),
             event_counts AS (
                 SELECT g.place_id AS place_id, COUNT(*) AS events FROM event_groups g {} GROUP BY g.place_id)
             SELECT p.place_id, p.name, p.kind, p.lat, p.lon, p.country, c.documents, COALESCE(e.events, 0)
             FROM doc_counts c JOIN places p ON p.place_id = c.place_id
             LEFT JOIN event_counts e ON e.place_id = p.place_id
             ORDER BY c.documents DESC, p.place_id LIMIT ? OFFSET ?",
            docs.clause(),
            events.clause()
        );
        let mut values = docs.values;
        values.extend(events.values);
        values.extend(paging(filter.limit, filter.offset));
        let mut select = self.conn.prepare(&sql)?;
        let rows = select.query_map(params_from_iter(values), |r| {
            Ok(MapPlace {
                place_id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                lat: r.get(3)?,
                lon: r.get(4)?,
                country: r.get(5)?,
                documents: r.get(6)?,
                events: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Documents passing the filter, newest first (the UI's home page).
    /// Works before any relink too, except the entity filter by global id.
    pub fn documents_page(&self, filter: &EventFilter) -> Result<Vec<SourceRef>, StoreError> {
        let mut c = Conditions::default();
        if let Some(since) = filter.since {
            c.push("d.date >= ?", [day(since)]);
        }
        if let Some(until) = filter.until {
            c.push("d.date <= ?", [day(until)]);
        }
        if let Some(place) = &filter.place {
            c.push(
                "d.id IN (SELECT doc_id FROM mentions WHERE kind = 'place' AND (key = ? OR key IN
                    (SELECT place_id FROM places WHERE name_key = ?)))",
                place_values(place),
            );
        }
        if let Some(country) = &filter.country {
            c.push(
                "d.id IN (SELECT doc_id FROM mentions WHERE kind = 'place' AND country = ?)",
                [text(country_key(country))],
            );
        }
        if let Some(kind) = &filter.kind {
            c.push("d.id IN (SELECT doc_id FROM events WHERE type = ?)", [text(event_type_key(kind))]);
        }
        if let Some(entity) = &filter.entity {
            let [a, b, k] = entity_values(entity);
            c.push(
                "(d.id IN (SELECT doc_id FROM entity_links WHERE entity_id IN
                     (SELECT id FROM entities WHERE id = ? OR name_key = ?
                      UNION SELECT entity_id FROM entity_aliases WHERE name_key = ?))
                  OR d.id IN (SELECT doc_id FROM mentions WHERE kind = 'entity' AND key = ?))",
                [a, b, k.clone(), k],
            );
        }
        let sql = format!(
            "SELECT d.id, d.ext_id, d.source, d.date, d.title FROM documents d {}
             ORDER BY d.date IS NULL, d.date DESC, d.id DESC LIMIT ? OFFSET ?",
            c.clause()
        );
        let mut values = c.values;
        values.extend(paging(filter.limit, filter.offset));
        let mut select = self.conn.prepare(&sql)?;
        let rows = select.query_map(params_from_iter(values), source_ref)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn story_summary(r: &Row<'_>) -> rusqlite::Result<StorySummary> {
    Ok(StorySummary {
        id: r.get(0)?,
        title: r.get(1)?,
        first_date: parse_date(r.get(2)?),
        last_date: parse_date(r.get(3)?),
        documents: r.get(4)?,
        sources: r.get(5)?,
        top_entities: json_list(r.get(6)?),
        top_places: json_list(r.get(7)?),
    })
}

fn entity_summary(r: &Row<'_>) -> rusqlite::Result<EntitySummary> {
    Ok(EntitySummary {
        id: r.get(0)?,
        canonical: r.get(1)?,
        label: r.get(2)?,
        latin: r.get(3)?,
        nationality: r.get(4)?,
        documents: r.get(5)?,
        mentions: r.get(6)?,
        first_date: parse_date(r.get(7)?),
        last_date: parse_date(r.get(8)?),
    })
}

fn sort_newest_first(events: &mut [MergedEvent]) {
    events.sort_by(|a, b| {
        let day = |e: &MergedEvent| e.date.clone();
        (day(b).is_some(), day(b)).cmp(&(day(a).is_some(), day(a))).then(a.id.cmp(&b.id))
    });
}
