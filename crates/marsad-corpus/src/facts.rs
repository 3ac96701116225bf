//! The normalised rows (mentions, events) and index filter keys of one
//! document, read from its layers JSON.
//!
//! The stored layers JSON (the document contract) is the one source these
//! are derived from, both at ingest and when a migration or an index rebuild
//! derives them again from SQLite, so the two paths cannot drift apart.
//! Offsets here are code points, like the JSON.

use marsad_arabic::normalize::{normalize, NormLevel};
use serde_json::Value;
use std::collections::BTreeSet;

/// One row of the `mentions` table.
#[derive(Clone, Debug, PartialEq)]
pub struct MentionRow {
    /// `entity`, `place` or `time`.
    pub kind: &'static str,
    pub start: i64,
    pub end: i64,
    pub text: String,
    /// The filter key: an entity's normalised canonical name, a place's
    /// gazetteer id, a time's TIMEX3 value.
    pub key: String,
    /// Entity label, place kind or TIMEX3 type.
    pub label: Option<String>,
    /// Place name or TIMEX3 value.
    pub value: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// ISO 3166-1 alpha-2: a place's country or an entity's nationality.
    pub country: Option<String>,
    /// The rule, lexicon entry or model that found it (`rule:…`).
    pub origin: Option<String>,
    /// An entity's Latin transliteration.
    pub latin: Option<String>,
}

/// One row of the `events` table.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    pub seq: i64,
    pub kind: String,
    pub mode: Option<String>,
    pub subtype: Option<String>,
    pub trigger_start: i64,
    pub trigger_end: i64,
    pub trigger_text: String,
    pub actor: Option<String>,
    pub recipient: Option<String>,
    pub place_id: Option<String>,
    pub place_name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub country: Option<String>,
    pub date: Option<String>,
    pub planned: bool,
    pub negated: bool,
    pub hypothetical: bool,
    pub reported: bool,
    pub confidence: Option<f64>,
    /// Code point range of the sentence the event stands in (0..0 when the
    /// layers give none).
    pub sentence_start: i64,
    pub sentence_end: i64,
}

/// One row of the `quotes` table.
#[derive(Clone, Debug, PartialEq)]
pub struct QuoteRow {
    pub seq: i64,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub direct: bool,
    /// The speaker as written (with any title or apposition).
    pub speaker_text: Option<String>,
    /// [`name_key`] of the speaker's canonical name (or text): links the
    /// quote to the entity the document names.
    pub speaker_key: Option<String>,
}

/// Everything derived from one document's layers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    pub mentions: Vec<MentionRow>,
    pub events: Vec<EventRow>,
    pub quotes: Vec<QuoteRow>,
}

/// The filter keys of one document, sorted and deduplicated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterKeys {
    pub entities: BTreeSet<String>,
    pub places: BTreeSet<String>,
    pub countries: BTreeSet<String>,
    pub event_types: BTreeSet<String>,
}

/// The key an entity or place name is filtered by: Search-level normalised,
/// white space collapsed, a leading article kept (users type `العراق`).
pub fn name_key(name: &str) -> String {
    let norm = normalize(name, NormLevel::Search);
    norm.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key a country code is filtered by.
pub fn country_key(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

/// The key an event type is filtered by.
pub fn event_type_key(kind: &str) -> String {
    kind.trim().to_ascii_uppercase()
}

fn str_field(v: &Value, name: &str) -> Option<String> {
    v.get(name).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string)
}

fn int_field(v: &Value, name: &str) -> i64 {
    v.get(name).and_then(Value::as_i64).unwrap_or(0)
}

fn bool_field(v: &Value, name: &str) -> bool {
    v.get(name).and_then(Value::as_bool).unwrap_or(false)
}

fn array<'a>(v: &'a Value, name: &str) -> &'a [Value] {
    v.get(name).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn participant(v: &Value, name: &str) -> Option<String> {
    let p = v.get(name)?;
    str_field(p, "canonical").or_else(|| str_field(p, "text"))
}

impl Facts {
    /// Reads the facts out of a document's layers JSON. Missing or odd
    /// fields are skipped, never fatal: the JSON is ours, but old rows may
    /// predate a field.
    pub fn from_layers(layers: &Value) -> Facts {
        let mut mentions = Vec::new();
        for e in array(layers, "entities") {
            let text = str_field(e, "text").unwrap_or_default();
            let name = str_field(e, "canonical").unwrap_or_else(|| text.clone());
            mentions.push(MentionRow {
                kind: "entity",
                start: int_field(e, "start"),
                end: int_field(e, "end"),
                key: name_key(&name),
                text,
                label: str_field(e, "label"),
                value: str_field(e, "canonical"),
                lat: None,
                lon: None,
                country: str_field(e, "nationality").map(|c| country_key(&c)),
                origin: str_field(e, "origin"),
                latin: str_field(e, "latin"),
            });
        }
        let places = array(layers, "places");
        for p in places {
            mentions.push(MentionRow {
                kind: "place",
                start: int_field(p, "start"),
                end: int_field(p, "end"),
                text: str_field(p, "text").unwrap_or_default(),
                key: str_field(p, "gazetteer_id").unwrap_or_default(),
                label: str_field(p, "kind"),
                value: str_field(p, "name"),
                lat: p.get("lat").and_then(Value::as_f64),
                lon: p.get("lon").and_then(Value::as_f64),
                country: str_field(p, "country").map(|c| country_key(&c)),
                origin: str_field(p, "origin"),
                latin: None,
            });
        }
        for t in array(layers, "times") {
            let value = str_field(t, "value").unwrap_or_default();
            mentions.push(MentionRow {
                kind: "time",
                start: int_field(t, "start"),
                end: int_field(t, "end"),
                text: str_field(t, "text").unwrap_or_default(),
                key: value.clone(),
                label: str_field(t, "type"),
                value: Some(value).filter(|v| !v.is_empty()),
                lat: None,
                lon: None,
                country: None,
                origin: str_field(t, "origin"),
                latin: None,
            });
        }
        let sentences = array(layers, "sentences");
        let mut events = Vec::new();
        for (seq, e) in array(layers, "events").iter().enumerate() {
            let trigger = e.get("trigger").cloned().unwrap_or(Value::Null);
            let place = e.get("place").and_then(|r| r.get("ref")).and_then(Value::as_u64);
            let place = place.and_then(|i| places.get(i as usize));
            let sentence = e.get("sentence").and_then(Value::as_u64).and_then(|i| sentences.get(i as usize));
            events.push(EventRow {
                seq: seq as i64,
                kind: str_field(e, "type").unwrap_or_default(),
                mode: str_field(e, "mode"),
                subtype: str_field(e, "subtype"),
                trigger_start: int_field(&trigger, "start"),
                trigger_end: int_field(&trigger, "end"),
                trigger_text: str_field(&trigger, "text").unwrap_or_default(),
                actor: participant(e, "actor"),
                recipient: participant(e, "recipient"),
                place_id: place.and_then(|p| str_field(p, "gazetteer_id")),
                place_name: place.and_then(|p| str_field(p, "name")),
                lat: place.and_then(|p| p.get("lat")).and_then(Value::as_f64),
                lon: place.and_then(|p| p.get("lon")).and_then(Value::as_f64),
                country: place.and_then(|p| str_field(p, "country")).map(|c| country_key(&c)),
                date: str_field(e, "date"),
                planned: bool_field(e, "planned"),
                negated: bool_field(e, "negated"),
                hypothetical: bool_field(e, "hypothetical"),
                reported: bool_field(e, "reported"),
                confidence: e.get("confidence").and_then(Value::as_f64),
                sentence_start: sentence.map_or(0, |s| int_field(s, "start")),
                sentence_end: sentence.map_or(0, |s| int_field(s, "end")),
            });
        }
        let mut quotes = Vec::new();
        for (seq, q) in array(layers, "quotes").iter().enumerate() {
            let speaker = q.get("speaker").filter(|s| s.is_object());
            let speaker_name =
                speaker.and_then(|s| str_field(s, "canonical").or_else(|| str_field(s, "text")));
            quotes.push(QuoteRow {
                seq: seq as i64,
                start: int_field(q, "start"),
                end: int_field(q, "end"),
                text: str_field(q, "text").unwrap_or_default(),
                direct: bool_field(q, "direct"),
                speaker_text: speaker.and_then(|s| str_field(s, "text")),
                speaker_key: speaker_name.map(|n| name_key(&n)).filter(|k| !k.is_empty()),
            });
        }
        Facts { mentions, events, quotes }
    }

    /// The keys the search filters match this document on.
    pub fn filter_keys(&self) -> FilterKeys {
        let mut keys = FilterKeys::default();
        for m in &self.mentions {
            match m.kind {
                "entity" => {
                    if !m.key.is_empty() {
                        keys.entities.insert(m.key.clone());
                    }
                    let surface = name_key(&m.text);
                    if !surface.is_empty() {
                        keys.entities.insert(surface);
                    }
                }
                "place" => {
                    if !m.key.is_empty() {
                        keys.places.insert(m.key.clone());
                    }
                    for name in m.value.iter().chain(std::iter::once(&m.text)) {
                        let key = name_key(name);
                        if !key.is_empty() {
                            keys.places.insert(key);
                        }
                    }
                }
                _ => {}
            }
            if let Some(c) = m.country.as_ref().filter(|c| !c.is_empty()) {
                keys.countries.insert(c.clone());
            }
        }
        for e in &self.events {
            if !e.kind.is_empty() {
                keys.event_types.insert(event_type_key(&e.kind));
            }
        }
        keys
    }
}
