//! The per-document tables: `documents`, `entities` and `events`, read from
//! the stored layers (the document contract JSON, code point offsets).

use crate::table::{col, ColumnType::*, Table};
use crate::ExportError;
use chrono::NaiveDate;
use marsad_corpus::Store;
use serde_json::Value;

/// One stored document with its parsed layers.
pub(crate) struct StoredRow {
    pub id: i64,
    pub ext_id: String,
    pub content_hash: String,
    pub source: String,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub text: String,
    pub layers: Value,
}

/// Calls `f` with every stored document, in store id order.
pub(crate) fn for_each_document(
    store: &Store,
    mut f: impl FnMut(StoredRow) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let mut select = store.sqlite().prepare(
        "SELECT id, ext_id, content_hash, source, date, title, url, text, layers FROM documents ORDER BY id",
    )?;
    let mut rows = select.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let layers: String = r.get(8)?;
        let layers: Value = serde_json::from_str(&layers)
            .map_err(|e| ExportError::Layers { doc_id: id, message: e.to_string() })?;
        f(StoredRow {
            id,
            ext_id: r.get(1)?,
            content_hash: r.get(2)?,
            source: r.get(3)?,
            date: r.get::<_, Option<String>>(4)?.and_then(|d| parse_day(&d)),
            title: r.get(5)?,
            url: r.get(6)?,
            text: r.get(7)?,
            layers,
        })?;
    }
    Ok(())
}

/// `YYYY-MM-DD` as a day.
pub(crate) fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A text addressed by code points (the unit of the layers JSON).
pub(crate) struct CodePoints<'a> {
    text: &'a str,
    /// Byte offset of each code point, and the text length at the end.
    starts: Vec<usize>,
}

impl<'a> CodePoints<'a> {
    pub fn new(text: &'a str) -> CodePoints<'a> {
        let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        starts.push(text.len());
        CodePoints { text, starts }
    }

    /// The code point slice `start..end`, clamped to the text (stored
    /// offsets are trusted but never allowed to panic an export).
    pub fn slice(&self, start: u64, end: u64) -> &'a str {
        let last = self.starts.len() - 1;
        let s = (start as usize).min(last);
        let e = (end as usize).clamp(s, last);
        &self.text[self.starts[s]..self.starts[e]]
    }
}

pub(crate) fn str_of<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

pub(crate) fn u64_of(v: &Value, key: &str) -> Option<u64> {
    v.get(key).and_then(Value::as_u64)
}

fn len_of(layers: &Value, key: &str) -> i64 {
    layers.get(key).and_then(Value::as_array).map_or(0, |a| a.len() as i64)
}

fn items<'v>(layers: &'v Value, key: &str) -> &'v [Value] {
    layers.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// One row per stored document: metadata, layer counts, story, text.
pub fn documents_table(store: &Store) -> Result<Table, ExportError> {
    let mut table = Table::new(
        "documents",
        vec![
            col("doc_id", Int, false),
            col("ext_id", Text, false),
            col("source", Text, false),
            col("published", Date, true),
            col("title", Text, true),
            col("url", Text, true),
            col("content_hash", Text, false),
            col("characters", Int, false),
            col("sentences", Int, false),
            col("entities", Int, false),
            col("places", Int, false),
            col("times", Int, false),
            col("quotes", Int, false),
            col("claims", Int, false),
            col("events", Int, false),
            col("story_id", Int, true),
            col("text", Text, false),
        ],
    );
    for_each_document(store, |d| {
        let story = store.story_of(d.id)?;
        let l = &d.layers;
        table.push(vec![
            d.id.into(),
            d.ext_id.into(),
            d.source.into(),
            d.date.into(),
            d.title.into(),
            d.url.into(),
            d.content_hash.into(),
            (d.text.chars().count() as i64).into(),
            len_of(l, "sentences").into(),
            len_of(l, "entities").into(),
            len_of(l, "places").into(),
            len_of(l, "times").into(),
            len_of(l, "quotes").into(),
            len_of(l, "claims").into(),
            len_of(l, "events").into(),
            story.into(),
            d.text.into(),
        ]);
        Ok(())
    })?;
    Ok(table)
}

/// One row per entity mention per document.
pub fn entities_table(store: &Store) -> Result<Table, ExportError> {
    let mut table = Table::new(
        "entities",
        vec![
            col("doc_id", Int, false),
            col("ext_id", Text, false),
            col("source", Text, false),
            col("published", Date, true),
            col("seq", Int, false),
            col("text", Text, false),
            col("start", Int, false),
            col("end", Int, false),
            col("label", Text, false),
            col("canonical", Text, true),
            col("entity_id", Text, true),
            col("latin", Text, true),
            col("nationality", Text, true),
            col("confidence", Float, true),
            col("origin", Text, true),
        ],
    );
    for_each_document(store, |d| {
        for (seq, e) in items(&d.layers, "entities").iter().enumerate() {
            table.push(vec![
                d.id.into(),
                d.ext_id.as_str().into(),
                d.source.as_str().into(),
                d.date.into(),
                (seq as i64).into(),
                str_of(e, "text").unwrap_or_default().into(),
                (u64_of(e, "start").unwrap_or(0) as i64).into(),
                (u64_of(e, "end").unwrap_or(0) as i64).into(),
                str_of(e, "label").unwrap_or("MISC").into(),
                str_of(e, "canonical").into(),
                str_of(e, "entity_id").into(),
                str_of(e, "latin").into(),
                str_of(e, "nationality").into(),
                e.get("confidence").and_then(Value::as_f64).into(),
                str_of(e, "origin").into(),
            ]);
        }
        Ok(())
    })?;
    Ok(table)
}

/// The place of an event (its `place.ref` into the places layer), if any.
pub(crate) fn event_place<'v>(layers: &'v Value, event: &Value) -> Option<&'v Value> {
    let r = event.get("place").and_then(|p| u64_of(p, "ref"))?;
    items(layers, "places").get(r as usize)
}

/// The nationality of an event participant (`actor` or `recipient`): of the
/// document entity it is linked to.
pub(crate) fn participant_country<'v>(layers: &'v Value, event: &Value, role: &str) -> Option<&'v str> {
    let id = event.get(role).and_then(|p| str_of(p, "entity_id"))?;
    items(layers, "entities")
        .iter()
        .filter(|e| str_of(e, "entity_id") == Some(id))
        .find_map(|e| str_of(e, "nationality"))
}

/// The code point range of sentence `index`.
pub(crate) fn sentence_bounds(layers: &Value, index: Option<u64>) -> Option<(u64, u64)> {
    let s = items(layers, "sentences").get(index? as usize)?;
    Some((u64_of(s, "start")?, u64_of(s, "end")?))
}

/// One row per event per document, as the annotator found it.
pub fn events_table(store: &Store) -> Result<Table, ExportError> {
    let mut table = Table::new(
        "events",
        vec![
            col("doc_id", Int, false),
            col("ext_id", Text, false),
            col("source", Text, false),
            col("published", Date, true),
            col("seq", Int, false),
            col("event_type", Text, false),
            col("event_mode", Text, true),
            col("event_subtype", Text, true),
            col("trigger_text", Text, false),
            col("trigger_start", Int, false),
            col("trigger_end", Int, false),
            col("actor", Text, true),
            col("actor_canonical", Text, true),
            col("actor_country", Text, true),
            col("recipient", Text, true),
            col("recipient_canonical", Text, true),
            col("recipient_country", Text, true),
            col("place_name", Text, true),
            col("place_id", Text, true),
            col("latitude", Float, true),
            col("longitude", Float, true),
            col("country", Text, true),
            col("admin1", Text, true),
            col("event_date", Text, true),
            col("planned", Bool, false),
            col("negated", Bool, false),
            col("hypothetical", Bool, false),
            col("reported", Bool, false),
            col("confidence", Float, true),
            col("origin", Text, true),
            col("sentence", Text, true),
            col("sentence_start", Int, true),
            col("sentence_end", Int, true),
        ],
    );
    for_each_document(store, |d| {
        let cp = CodePoints::new(&d.text);
        for (seq, e) in items(&d.layers, "events").iter().enumerate() {
            let trigger = e.get("trigger").unwrap_or(&Value::Null);
            let place = event_place(&d.layers, e);
            let sentence = sentence_bounds(&d.layers, u64_of(e, "sentence"));
            let flag = |k: &str| e.get(k).and_then(Value::as_bool).unwrap_or(false);
            let participant = |role: &str, key: &str| e.get(role).and_then(|p| str_of(p, key));
            table.push(vec![
                d.id.into(),
                d.ext_id.as_str().into(),
                d.source.as_str().into(),
                d.date.into(),
                (seq as i64).into(),
                str_of(e, "type").unwrap_or_default().into(),
                str_of(e, "mode").into(),
                str_of(e, "subtype").into(),
                str_of(trigger, "text").unwrap_or_default().into(),
                (u64_of(trigger, "start").unwrap_or(0) as i64).into(),
                (u64_of(trigger, "end").unwrap_or(0) as i64).into(),
                participant("actor", "text").into(),
                participant("actor", "canonical").into(),
                participant_country(&d.layers, e, "actor").into(),
                participant("recipient", "text").into(),
                participant("recipient", "canonical").into(),
                participant_country(&d.layers, e, "recipient").into(),
                place.and_then(|p| str_of(p, "name")).into(),
                place.and_then(|p| str_of(p, "gazetteer_id")).into(),
                place.and_then(|p| p.get("lat")).and_then(Value::as_f64).into(),
                place.and_then(|p| p.get("lon")).and_then(Value::as_f64).into(),
                place.and_then(|p| str_of(p, "country")).into(),
                place.and_then(|p| str_of(p, "admin1")).into(),
                str_of(e, "date").into(),
                flag("planned").into(),
                flag("negated").into(),
                flag("hypothetical").into(),
                flag("reported").into(),
                e.get("confidence").and_then(Value::as_f64).into(),
                str_of(e, "origin").into(),
                sentence.map(|(s, x)| cp.slice(s, x)).into(),
                sentence.map(|(s, _)| s as i64).into(),
                sentence.map(|(_, x)| x as i64).into(),
            ]);
        }
        Ok(())
    })?;
    Ok(table)
}
