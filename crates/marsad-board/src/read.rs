//! Reading one stored document, sentence by sentence, into board readings:
//! "in this sentence, this place's holder / security / presence changes
//! from A to B (on date D, N troops, planned or not)".
//!
//! Everything here works on the document contract JSON (code point
//! offsets) and never fails: a field that is missing or odd just yields no
//! reading.

use crate::lexicon::{BoardLexicon, CueKind, CuePattern};
use crate::timex::day_span;
use chrono::NaiveDate;
use marsad_arabic::normalize::{normalize, NormLevel};
use marsad_corpus::{EvidenceSentence, Store};
use serde_json::Value;

/// The attribute of a place a reading changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Attribute {
    /// Who holds a base, airport, city or district.
    Holder,
    /// Who runs a province's or city's security.
    Security,
    /// Which forces are present (any place, countries included).
    Presence,
}

impl Attribute {
    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Attribute::Holder => "holder",
            Attribute::Security => "security",
            Attribute::Presence => "presence",
        }
    }
}

/// A place as the board shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceInfo {
    pub id: String,
    pub name: String,
    /// Board kind: `base`, `airport`, `facility`, `city`, `province`,
    /// `district`, `country`, `region`.
    pub kind: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub country: Option<String>,
}

/// One sentence's statement about one place.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    pub place: PlaceInfo,
    pub attribute: Attribute,
    pub from: Option<String>,
    pub to: Option<String>,
    /// TIMEX3 value the sentence gives the change, if any.
    pub date: Option<String>,
    pub planned: bool,
    pub quantity: Option<f64>,
    /// The report's date.
    pub doc_date: Option<NaiveDate>,
    pub evidence: EvidenceSentence,
    /// What made the reading (for debugging and the design note).
    pub rule: &'static str,
}

/// Reads every document of the store that may hold a board reading.
pub fn read_store(store: &Store, lexicon: &BoardLexicon) -> Result<Vec<Reading>, crate::BoardError> {
    let ids = candidate_documents(store, lexicon)?;
    let mut readings = Vec::new();
    for id in ids {
        let Some(doc) = store.document(id)? else { continue };
        let input = DocInput {
            doc_id: doc.id,
            source: &doc.meta.source,
            date: doc.meta.date,
            text: &doc.text,
            layers: &doc.layers,
        };
        readings.extend(read_document(&input, lexicon));
    }
    Ok(readings)
}

/// Documents with a RETREAT, MOBILIZE or COERCE event, or a prefilter word
/// of the lexicon in their text, in id order.
fn candidate_documents(store: &Store, lexicon: &BoardLexicon) -> Result<Vec<i64>, crate::BoardError> {
    let conn = store.sqlite();
    let mut ids = std::collections::BTreeSet::new();
    let mut by_event = conn.prepare(
        "SELECT DISTINCT doc_id FROM events WHERE type IN ('RETREAT', 'MOBILIZE', 'COERCE') ORDER BY doc_id",
    )?;
    for id in by_event.query_map([], |r| r.get::<_, i64>(0))? {
        ids.insert(id?);
    }
    let words: Vec<&str> = lexicon
        .of(CueKind::Prefilter)
        .filter_map(|c| match &c.pattern {
            CuePattern::Raw(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    if !words.is_empty() {
        // One parameter per word: the words are ours, but SQL stays
        // parameterised everywhere.
        let condition = vec!["instr(text, ?) > 0"; words.len()].join(" OR ");
        let mut by_text = conn.prepare(&format!("SELECT id FROM documents WHERE {condition} ORDER BY id"))?;
        for id in by_text.query_map(rusqlite::params_from_iter(words.iter()), |r| r.get::<_, i64>(0))? {
            ids.insert(id?);
        }
    }
    Ok(ids.into_iter().collect())
}

/// One document, as [`read_document`] takes it.
pub struct DocInput<'a> {
    pub doc_id: i64,
    pub source: &'a str,
    pub date: Option<NaiveDate>,
    pub text: &'a str,
    /// The document contract JSON (code point offsets).
    pub layers: &'a Value,
}

#[derive(Clone, Debug)]
struct Word {
    start: u32,
    end: u32,
    text: String,
    norm: String,
    keys: Vec<String>,
    /// A punctuation mark stands between this word and the one before.
    after_punct: bool,
}

#[derive(Clone, Debug)]
struct EntitySpan {
    start: u32,
    end: u32,
    name: String,
    label: String,
}

#[derive(Clone, Debug)]
struct PlaceSpan {
    start: u32,
    end: u32,
    info: PlaceInfo,
    gazetteer_kind: String,
}

#[derive(Clone, Debug)]
struct TimeSpan {
    start: u32,
    value: String,
}

#[derive(Clone, Debug)]
struct ClaimSpan {
    start: u32,
    end: u32,
    quantity: f64,
    unit: String,
}

/// What kind of change a trigger announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TriggerKind {
    /// The actor hands the place to a recipient (تسليم، سلّم).
    Handover,
    /// The subject receives the place (تسلّم، استلم، تولّى).
    Receive,
    /// The actor leaves the place.
    Withdrawal,
    /// The subject takes control (سيطر، استولى، بسط سيطرته).
    Control,
    /// Troops are sent or deployed to the place.
    Deploy,
}

#[derive(Clone, Debug)]
struct Trigger {
    kind: TriggerKind,
    /// Index of the trigger's word in the document's words.
    word: usize,
    /// The event the trigger is a mention of, and whether it is the
    /// event's own (first) mention, whose flags, place and date hold here.
    event: Option<(usize, bool)>,
    rule: &'static str,
}

#[derive(Clone, Debug)]
struct EventInfo {
    kind: String,
    mode: Option<String>,
    subtype: Option<String>,
    trigger_start: u32,
    mentions: Vec<u32>,
    actor: Option<(u32, u32, String)>,
    place: Option<usize>,
    date: Option<String>,
    planned: bool,
    negated: bool,
    hypothetical: bool,
}

fn str_of(v: &Value, name: &str) -> Option<String> {
    v.get(name).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string)
}

fn u32_of(v: &Value, name: &str) -> Option<u32> {
    v.get(name).and_then(Value::as_u64).map(|n| n.min(u32::MAX as u64) as u32)
}

fn array<'a>(v: &'a Value, name: &str) -> &'a [Value] {
    v.get(name).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// The board's kind of a gazetteer place.
fn board_kind(gazetteer_kind: &str, name: &str, id: &str) -> String {
    let name = normalize(name, NormLevel::Search);
    match gazetteer_kind {
        "facility" if name.contains("قاعد") => "base",
        "facility" if name.contains("مطار") => "airport",
        "facility" if id.starts_with("oa:") => "airport",
        "facility" => "facility",
        "admin1" => "province",
        "admin2" => "district",
        "city" => "city",
        "country" => "country",
        "region" => "region",
        _ => "other",
    }
    .to_string()
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        '،' | '.'
            | ','
            | ':'
            | '؛'
            | ';'
            | '«'
            | '»'
            | '('
            | ')'
            | '"'
            | '!'
            | '؟'
            | '?'
            | '['
            | ']'
            | '–'
            | '—'
            | '/'
            | '“'
            | '”'
            | '\''
            | '-'
            | '…'
    )
}

/// Words with code point offsets.
fn words_of(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current: Option<(u32, String)> = None;
    let mut punct_since_word = false;
    let flush = |current: &mut Option<(u32, String)>, end: u32, punct: &mut bool, words: &mut Vec<Word>| {
        if let Some((start, text)) = current.take() {
            let norm = normalize(&text, NormLevel::Search);
            let keys = crate::lexicon::word_keys(&text);
            words.push(Word { start, end, text, norm, keys, after_punct: *punct });
            *punct = false;
        }
    };
    let mut position = 0u32;
    for c in text.chars() {
        if c.is_whitespace() || is_punct(c) {
            flush(&mut current, position, &mut punct_since_word, &mut words);
            if is_punct(c) {
                punct_since_word = true;
            }
        } else {
            match &mut current {
                Some((_, w)) => w.push(c),
                None => current = Some((position, c.to_string())),
            }
        }
        position += 1;
    }
    flush(&mut current, position, &mut punct_since_word, &mut words);
    words
}

/// Whether the cue of `kind` matches at word `i`; returns the number of
/// words it covers.
fn cue_at(lexicon: &BoardLexicon, kind: CueKind, words: &[Word], i: usize, end: usize) -> Option<usize> {
    lexicon.of(kind).find_map(|cue| match &cue.pattern {
        CuePattern::Words(phrase) => {
            let fits = i + phrase.len() <= end
                && phrase.iter().enumerate().all(|(k, key)| words[i + k].keys.iter().any(|w| w == key));
            fits.then_some(phrase.len())
        }
        CuePattern::Stem(stem) => stem_in(&words[i].norm, stem).then_some(1),
        CuePattern::Raw(_) => None,
    })
}

/// What may stand before a stem inside a word (after a leading و or ف):
/// nothing, an imperfect or future prefix, or the article. So `تسلم`
/// matches تسلمت، يتسلم، ستتسلم، التسلم but not ستسلم (سـ + تُسلّم, "will
/// hand over").
const STEM_PREFIXES: &[&str] = &["", "ا", "ت", "ي", "ن", "ست", "سي", "سن", "ال", "بال", "لل"];

fn stem_in(word: &str, stem: &str) -> bool {
    let word = word
        .strip_prefix('و')
        .or_else(|| word.strip_prefix('ف'))
        .filter(|w| w.contains(stem))
        .unwrap_or(word);
    word.match_indices(stem).any(|(at, _)| STEM_PREFIXES.contains(&&word[..at]))
}

fn has_cue(lexicon: &BoardLexicon, kind: CueKind, word: &Word) -> bool {
    cue_at(lexicon, kind, std::slice::from_ref(word), 0, 1).is_some()
}

/// The document as the reader sees it.
struct DocView<'a> {
    input: &'a DocInput<'a>,
    lexicon: &'a BoardLexicon,
    chars: Vec<char>,
    words: Vec<Word>,
    sentences: Vec<(u32, u32)>,
    entities: Vec<EntitySpan>,
    places: Vec<PlaceSpan>,
    /// Places indexed as in the layers JSON (events refer to them by index).
    places_by_ref: Vec<Option<usize>>,
    times: Vec<TimeSpan>,
    claims: Vec<ClaimSpan>,
    events: Vec<EventInfo>,
}

/// A party read from the sentence: its name on the board.
#[derive(Clone, Debug, PartialEq)]
struct Party {
    name: String,
    /// First and one-past-last word index.
    words: (usize, usize),
}

/// Reads one document. Never fails; returns readings in sentence order.
pub fn read_document(input: &DocInput<'_>, lexicon: &BoardLexicon) -> Vec<Reading> {
    let view = DocView::new(input, lexicon);
    let mut readings = Vec::new();
    for s in 0..view.sentences.len() {
        view.read_sentence(s, &mut readings);
    }
    readings
}

impl<'a> DocView<'a> {
    fn new(input: &'a DocInput<'a>, lexicon: &'a BoardLexicon) -> DocView<'a> {
        let layers = input.layers;
        let chars: Vec<char> = input.text.chars().collect();
        let words = words_of(input.text);
        let mut sentences: Vec<(u32, u32)> = array(layers, "sentences")
            .iter()
            .filter_map(|s| Some((u32_of(s, "start")?, u32_of(s, "end")?)))
            .filter(|(a, b)| a < b && (*b as usize) <= chars.len())
            .collect();
        if sentences.is_empty() && !chars.is_empty() {
            sentences.push((0, chars.len() as u32));
        }
        let entities = array(layers, "entities")
            .iter()
            .filter_map(|e| {
                Some(EntitySpan {
                    start: u32_of(e, "start")?,
                    end: u32_of(e, "end")?,
                    name: str_of(e, "canonical").or_else(|| str_of(e, "text"))?,
                    label: str_of(e, "label").unwrap_or_default(),
                })
            })
            .collect();
        let mut places = Vec::new();
        let mut places_by_ref = Vec::new();
        for p in array(layers, "places") {
            let span = (|| {
                let id = str_of(p, "gazetteer_id")?;
                let name = str_of(p, "name").or_else(|| str_of(p, "text"))?;
                let gazetteer_kind = str_of(p, "kind").unwrap_or_default();
                Some(PlaceSpan {
                    start: u32_of(p, "start")?,
                    end: u32_of(p, "end")?,
                    info: PlaceInfo {
                        kind: board_kind(&gazetteer_kind, &name, &id),
                        id,
                        name,
                        lat: p.get("lat").and_then(Value::as_f64),
                        lon: p.get("lon").and_then(Value::as_f64),
                        country: str_of(p, "country").map(|c| c.to_ascii_uppercase()),
                    },
                    gazetteer_kind,
                })
            })();
            places_by_ref.push(span.as_ref().map(|_| places.len()));
            places.extend(span);
        }
        let times = array(layers, "times")
            .iter()
            .filter(|t| str_of(t, "type").as_deref() == Some("DATE"))
            .filter_map(|t| Some(TimeSpan { start: u32_of(t, "start")?, value: str_of(t, "value")? }))
            .collect();
        let claims = array(layers, "claims")
            .iter()
            .filter_map(|c| {
                Some(ClaimSpan {
                    start: u32_of(c, "start")?,
                    end: u32_of(c, "end")?,
                    quantity: c.get("quantity").and_then(Value::as_f64)?,
                    unit: str_of(c, "unit")?,
                })
            })
            .collect();
        let events = array(layers, "events")
            .iter()
            .filter_map(|e| {
                let trigger = e.get("trigger")?;
                let trigger_start = u32_of(trigger, "start")?;
                let mut mentions: Vec<u32> =
                    array(e, "mentions").iter().filter_map(|m| u32_of(m, "start")).collect();
                if !mentions.contains(&trigger_start) {
                    mentions.push(trigger_start);
                }
                let actor = e.get("actor").and_then(|a| {
                    Some((
                        u32_of(a, "start")?,
                        u32_of(a, "end")?,
                        str_of(a, "canonical").or_else(|| str_of(a, "text"))?,
                    ))
                });
                Some(EventInfo {
                    kind: str_of(e, "type")?,
                    mode: str_of(e, "mode"),
                    subtype: str_of(e, "subtype"),
                    trigger_start,
                    mentions,
                    actor,
                    place: e
                        .get("place")
                        .and_then(|p| p.get("ref"))
                        .and_then(Value::as_u64)
                        .map(|r| r as usize),
                    date: str_of(e, "date"),
                    planned: e.get("planned").and_then(Value::as_bool).unwrap_or(false),
                    negated: e.get("negated").and_then(Value::as_bool).unwrap_or(false),
                    hypothetical: e.get("hypothetical").and_then(Value::as_bool).unwrap_or(false),
                })
            })
            .collect();
        DocView {
            input,
            lexicon,
            chars,
            words,
            sentences,
            entities,
            places,
            places_by_ref,
            times,
            claims,
            events,
        }
    }

    /// The word indices of sentence `s`.
    fn sentence_words(&self, s: usize) -> (usize, usize) {
        let (start, end) = self.sentences[s];
        let first = self.words.partition_point(|w| w.start < start);
        let last = self.words.partition_point(|w| w.start < end);
        (first, last)
    }

    fn word_at(&self, offset: u32) -> Option<usize> {
        let i = self.words.partition_point(|w| w.end <= offset);
        (i < self.words.len() && self.words[i].start <= offset).then_some(i)
    }

    fn evidence(&self, s: usize) -> EvidenceSentence {
        let (start, end) = self.sentences[s];
        let text: String = self.chars[start as usize..end as usize].iter().collect();
        EvidenceSentence {
            doc_id: self.input.doc_id,
            source: self.input.source.to_string(),
            date: self.input.date,
            text: text.trim().to_string(),
            start,
            end,
        }
    }

    fn read_sentence(&self, s: usize, out: &mut Vec<Reading>) {
        let (first, last) = self.sentence_words(s);
        if first >= last {
            return;
        }
        let (start, end) = self.sentences[s];
        let triggers = self.triggers(s, first, last);
        let mut sentence_readings: Vec<Reading> = Vec::new();
        let mut handover_parties: Vec<(String, Option<String>)> = Vec::new();
        // Handovers and receipts first, so a withdrawal in the same sentence
        // can name who took over.
        let mut ordered = triggers.clone();
        ordered.sort_by_key(|t| (t.kind == TriggerKind::Withdrawal, t.word));
        let security_sentence = self.sentence_has_security(first, last);
        for trigger in &ordered {
            // A handover in a sentence about the security file is a change
            // of security (read below), not of who holds the place.
            if security_sentence && matches!(trigger.kind, TriggerKind::Handover | TriggerKind::Receive) {
                continue;
            }
            if !self.asserted(trigger, first, last) {
                continue;
            }
            let planned = self.planned(trigger, first, last);
            let date = self.date_of(trigger, start, end);
            let quantity = self.quantity(s);
            let event = trigger.event.map(|(e, _)| &self.events[e]);
            let place = match self.held_place(trigger, event, s, first, last) {
                Some(p) => p,
                None => continue,
            };
            let (attribute, from, to) = match trigger.kind {
                TriggerKind::Handover | TriggerKind::Receive | TriggerKind::Control => {
                    if place.gazetteer_kind == "country" || place.gazetteer_kind == "region" {
                        continue;
                    }
                    let (from, to) = self.transfer_parties(trigger, event, first, last, &place);
                    if to.is_none() {
                        continue;
                    }
                    handover_parties.push((place.info.id.clone(), to.clone()));
                    (Attribute::Holder, from, to)
                }
                TriggerKind::Withdrawal => {
                    let leaving = self.subject(trigger, event, first, last, &place);
                    let Some(leaving) = leaving else { continue };
                    let took_over = handover_parties
                        .iter()
                        .find(|(id, _)| *id == place.info.id)
                        .and_then(|(_, to)| to.clone());
                    match place.gazetteer_kind.as_str() {
                        "facility" | "city" | "admin2" => (Attribute::Holder, Some(leaving), took_over),
                        _ => (Attribute::Presence, Some(leaving), None),
                    }
                }
                TriggerKind::Deploy => {
                    let Some(present) = self.subject(trigger, event, first, last, &place) else { continue };
                    (Attribute::Presence, None, Some(present))
                }
            };
            sentence_readings.push(Reading {
                place: place.info.clone(),
                attribute,
                from,
                to,
                date,
                planned,
                quantity: if attribute == Attribute::Presence || trigger.kind == TriggerKind::Withdrawal {
                    quantity
                } else {
                    None
                },
                doc_date: self.input.date,
                evidence: self.evidence(s),
                rule: trigger.rule,
            });
        }
        self.read_security(s, first, last, &mut sentence_readings);
        if !sentence_readings.iter().any(|r| r.attribute == Attribute::Presence) {
            self.read_troop_presence(s, first, last, &mut sentence_readings);
        }
        // A place is not a party to its own change ("مغادرة العراق" read
        // with العراق as the one leaving).
        let own_name = |r: &Reading, party: &Option<String>| {
            party.as_deref().is_some_and(|p| {
                marsad_corpus::facts::name_key(p) == marsad_corpus::facts::name_key(&r.place.name)
            })
        };
        sentence_readings.retain(|r| !own_name(r, &r.from) && !own_name(r, &r.to));
        out.extend(sentence_readings);
    }

    /// The triggers of a sentence: event mentions of the kinds the board
    /// reads, and the lexicon's control verbs.
    fn triggers(&self, s: usize, first: usize, last: usize) -> Vec<Trigger> {
        let (start, end) = self.sentences[s];
        let mut triggers = Vec::new();
        for (e, event) in self.events.iter().enumerate() {
            let kind = match (event.kind.as_str(), event.mode.as_deref(), event.subtype.as_deref()) {
                ("RETREAT", Some("withdraw"), Some("handover")) => TriggerKind::Handover,
                ("RETREAT", Some("withdraw"), Some("withdrawal")) => TriggerKind::Withdrawal,
                ("MOBILIZE", Some("troops"), _) => TriggerKind::Deploy,
                _ => continue,
            };
            for &m in &event.mentions {
                if m < start || m >= end {
                    continue;
                }
                let Some(word) = self.word_at(m) else { continue };
                let kind = if kind == TriggerKind::Handover
                    && has_cue(self.lexicon, CueKind::Receive, &self.words[word])
                {
                    TriggerKind::Receive
                } else {
                    kind
                };
                let rule = match kind {
                    TriggerKind::Handover => "event:handover",
                    TriggerKind::Receive => "event:handover-receive",
                    TriggerKind::Withdrawal => "event:withdrawal",
                    TriggerKind::Deploy => "event:troops",
                    TriggerKind::Control => "event:control",
                };
                triggers.push(Trigger { kind, word, event: Some((e, m == event.trigger_start)), rule });
            }
        }
        for i in first..last {
            if triggers.iter().any(|t| t.word == i) {
                continue;
            }
            // A control word inside a name (هيئة تحرير الشام) is no verb.
            let in_name =
                self.entities.iter().any(|e| e.start <= self.words[i].start && self.words[i].start < e.end);
            if cue_at(self.lexicon, CueKind::Control, &self.words, i, last).is_some()
                && !in_name
                && !(i + 1 < last && has_cue(self.lexicon, CueKind::Anaphor, &self.words[i + 1]))
            {
                triggers.push(Trigger {
                    kind: TriggerKind::Control,
                    word: i,
                    event: None,
                    rule: "lexicon:control",
                });
            } else if has_cue(self.lexicon, CueKind::Receive, &self.words[i])
                && !self.sentence_has_security(first, last)
            {
                triggers.push(Trigger {
                    kind: TriggerKind::Receive,
                    word: i,
                    event: None,
                    rule: "lexicon:receive",
                });
            }
        }
        triggers.sort_by_key(|t| t.word);
        triggers.dedup_by_key(|t| t.word);
        triggers
    }

    fn sentence_has_security(&self, first: usize, last: usize) -> bool {
        (first..last).any(|i| cue_at(self.lexicon, CueKind::Security, &self.words, i, last).is_some())
    }

    /// False when the sentence denies, negates or supposes the trigger.
    fn asserted(&self, trigger: &Trigger, first: usize, _last: usize) -> bool {
        if let Some((e, own)) = trigger.event {
            let event = &self.events[e];
            if own && (event.negated || event.hypothetical) {
                return false;
            }
        }
        let i = trigger.word;
        let near = i.saturating_sub(3).max(first);
        let before = i.saturating_sub(6).max(first);
        let denied = (first..i).any(|k| cue_at(self.lexicon, CueKind::Deny, &self.words, k, i).is_some());
        let negated = (near..i).any(|k| cue_at(self.lexicon, CueKind::Negation, &self.words, k, i).is_some());
        let supposed =
            (before..i).any(|k| cue_at(self.lexicon, CueKind::Hypothetical, &self.words, k, i).is_some());
        !(denied || negated || supposed)
    }

    /// Whether the trigger announces a future change.
    fn planned(&self, trigger: &Trigger, first: usize, last: usize) -> bool {
        if let Some((e, true)) = trigger.event {
            if self.events[e].planned {
                return true;
            }
        }
        let i = trigger.word;
        if future_verb(self.lexicon, &self.words[i]) {
            return true;
        }
        let before = i.saturating_sub(8).max(first);
        if (before..i).any(|k| cue_at(self.lexicon, CueKind::Planned, &self.words, k, i).is_some()) {
            return true;
        }
        // A date after the report's date, or a vague future, in the
        // trigger's clause.
        let (start, end) = (self.words[first].start, self.words[last - 1].end);
        self.times.iter().filter(|t| t.start >= start && t.start < end).any(|t| {
            t.value == "FUTURE_REF"
                || match (day_span(&t.value), self.input.date) {
                    (Some((from, _)), Some(reported)) => from > reported,
                    _ => false,
                }
        })
    }

    /// The sentence's date for the change: the event's own date when this
    /// is the event's own mention, else the first date in the sentence.
    fn date_of(&self, trigger: &Trigger, start: u32, end: u32) -> Option<String> {
        if let Some((e, true)) = trigger.event {
            if let Some(d) = &self.events[e].date {
                if day_span(d).is_some() {
                    return Some(d.clone());
                }
            }
        }
        self.times
            .iter()
            .filter(|t| t.start >= start && t.start < end)
            .find(|t| day_span(&t.value).is_some())
            .map(|t| t.value.clone())
    }

    /// Troops claimed in sentence `s`, else in the next one.
    fn quantity(&self, s: usize) -> Option<f64> {
        for k in [s, s + 1] {
            let Some(&(start, end)) = self.sentences.get(k) else { continue };
            let found = self.claims.iter().find(|c| {
                c.start >= start && c.start < end && self.is_troop_unit(&c.unit) && c.quantity > 0.0
            });
            if let Some(c) = found {
                return Some(c.quantity);
            }
        }
        None
    }

    fn is_troop_unit(&self, unit: &str) -> bool {
        let keys = crate::lexicon::word_keys(unit);
        self.lexicon.of(CueKind::TroopUnit).any(|cue| match &cue.pattern {
            CuePattern::Words(w) => w.len() == 1 && keys.contains(&w[0]),
            _ => false,
        })
    }

    /// The place a trigger is about: the event's place when it is in this
    /// sentence, else the nearest suitable place after the trigger, else
    /// before it; a bare "the base" falls back to the last base named
    /// earlier in the document.
    fn held_place(
        &self,
        trigger: &Trigger,
        event: Option<&EventInfo>,
        s: usize,
        _first: usize,
        _last: usize,
    ) -> Option<PlaceSpan> {
        let (start, end) = self.sentences[s];
        let in_sentence: Vec<&PlaceSpan> =
            self.places.iter().filter(|p| p.start >= start && p.start < end).collect();
        let at = self.words[trigger.word].start;
        let allowed = |p: &PlaceSpan| match trigger.kind {
            TriggerKind::Deploy | TriggerKind::Withdrawal => true,
            // Control takes its place after the verb (سيطر على X): a place
            // before it is the frame (مناطق في حلب تسيطر عليها …).
            TriggerKind::Control => {
                p.start > at && p.gazetteer_kind != "country" && p.gazetteer_kind != "region"
            }
            _ => p.gazetteer_kind != "country" && p.gazetteer_kind != "region",
        };
        if let Some(e) = event {
            if let Some(p) = e.place.and_then(|r| self.places_by_ref.get(r).copied().flatten()) {
                let p = &self.places[p];
                if p.start >= start && p.start < end && allowed(p) {
                    return Some(p.clone());
                }
            }
        }
        let rank = |p: &PlaceSpan| -> u8 {
            match p.gazetteer_kind.as_str() {
                "facility" => 0,
                "city" | "admin2" => 1,
                "admin1" => 2,
                _ => 3,
            }
        };
        // Best kind first; among equals, the nearest after the trigger, then
        // the nearest before it.
        let best = in_sentence
            .iter()
            .filter(|p| allowed(p))
            .min_by_key(|p| (rank(p), p.start < at, p.start.abs_diff(at), p.start))
            .copied();
        if let Some(p) = best.filter(|p| p.gazetteer_kind == "facility") {
            return Some(p.clone());
        }
        // "القاعدة" / "المطار" with no name: the last base or airport named
        // before this sentence.
        let (first, last) = self.sentence_words(s);
        let bare_facility = (first..last).any(|i| {
            let w = &self.words[i].norm;
            (w.ends_with("القاعده") || w.ends_with("المطار"))
                && !self.places.iter().any(|p| p.start <= self.words[i].start && self.words[i].start < p.end)
        });
        if bare_facility && trigger.kind != TriggerKind::Deploy {
            if let Some(p) =
                self.places.iter().rev().find(|p| p.start < start && p.gazetteer_kind == "facility")
            {
                return Some(p.clone());
            }
        }
        best.cloned()
    }

    /// For a handover, a receipt or a taking of control: who gives the
    /// place up and who gets it.
    fn transfer_parties(
        &self,
        trigger: &Trigger,
        event: Option<&EventInfo>,
        first: usize,
        last: usize,
        place: &PlaceSpan,
    ) -> (Option<String>, Option<String>) {
        let i = trigger.word;
        match trigger.kind {
            TriggerKind::Handover => {
                let to = self.party_after_marker(CueKind::Recipient, i + 1, last, place);
                let from = self
                    .party_after_marker(CueKind::FromMarker, i + 1, last, place)
                    .or_else(|| self.subject(trigger, event, first, last, place))
                    .filter(|f| Some(f) != to.as_ref());
                (from, to)
            }
            TriggerKind::Receive | TriggerKind::Control => {
                let to = self.subject(trigger, event, first, last, place);
                let from = self
                    .party_after_marker(CueKind::FromMarker, i + 1, last, place)
                    .filter(|f| Some(f) != to.as_ref());
                (from, to)
            }
            _ => (None, None),
        }
    }

    /// The trigger's subject: the event's actor when it lies in this
    /// sentence, else the party right after the trigger (verb first), else
    /// the nearest party before it.
    fn subject(
        &self,
        trigger: &Trigger,
        event: Option<&EventInfo>,
        first: usize,
        last: usize,
        place: &PlaceSpan,
    ) -> Option<String> {
        let i = trigger.word;
        if trigger.kind != TriggerKind::Receive {
            if let Some((start, end, name)) = event.and_then(|e| e.actor.as_ref()) {
                let (s_start, s_end) = (self.words[first].start, self.words[last - 1].end);
                if *start >= s_start && *end <= s_end && !self.is_place_span(*start, *end) {
                    if let Some(a) = self.word_at(*start) {
                        // The phrase stops before the trigger when it precedes it.
                        let limit = if a < i { i } else { last };
                        if let Some(p) = self.party_at(a, limit, None, place) {
                            return Some(p.name);
                        }
                    }
                    // An actor that is no force, authority or organisation
                    // (a person leaving a city, "the consulate") holds nothing.
                    let _ = name;
                }
            }
        }
        if i + 1 < last && !self.words[i + 1].after_punct {
            if let Some(p) = self.party_at(i + 1, last, None, place) {
                return Some(p.name);
            }
        }
        // Nearest party before the trigger, within eight words and the
        // same clause (no punctuation crossed).
        let from = i.saturating_sub(8).max(first);
        for k in (from..i).rev() {
            if self.words[k + 1].after_punct {
                break;
            }
            if let Some(p) = self.party_at(k, i, None, place) {
                // Take the noun phrase from its head: step back over a
                // party head just before (قوات | التحالف الدولي).
                if k > from && has_cue(self.lexicon, CueKind::PartyHead, &self.words[k - 1]) {
                    if let Some(wider) = self.party_at(k - 1, i, None, place) {
                        return Some(wider.name);
                    }
                }
                return Some(p.name);
            }
        }
        None
    }

    fn is_place_span(&self, start: u32, end: u32) -> bool {
        self.places.iter().any(|p| p.start <= start && end <= p.end && p.gazetteer_kind != "country")
    }

    /// The party after the first `marker` word (إلى، لصالح، من; or a
    /// ل-prefixed party for recipients) from word `from` on.
    fn party_after_marker(
        &self,
        marker: CueKind,
        from: usize,
        last: usize,
        place: &PlaceSpan,
    ) -> Option<String> {
        for k in from..last {
            if cue_at(self.lexicon, marker, &self.words, k, last).is_some() {
                if k + 1 < last {
                    if let Some(p) = self.party_at(k + 1, last, None, place) {
                        return Some(p.name);
                    }
                }
                continue;
            }
            if marker == CueKind::Recipient {
                // لـ / لل joined to the party: للجيش، لسلطات، لقوات.
                let w = &self.words[k].norm;
                for prefix in ["لل", "ل"] {
                    if w.starts_with(prefix) && w.chars().count() > prefix.chars().count() + 1 {
                        if let Some(p) = self.party_at(k, last, Some(prefix), place) {
                            return Some(p.name);
                        }
                    }
                }
            }
        }
        None
    }

    /// A party's noun phrase starting at word `i` (before `last`): an
    /// organisation or person entity starting in the word, or a phrase
    /// headed by a party word (قوات، الجيش، وزارة…). `prefix` is a clitic
    /// to drop from the first word.
    fn party_at(&self, i: usize, last: usize, prefix: Option<&str>, place: &PlaceSpan) -> Option<Party> {
        let word = &self.words[i];
        let head_keys: Vec<String> = match prefix {
            Some(p) => {
                let rest: String = word.norm.strip_prefix(p)?.to_string();
                let rest = if p == "لل" { format!("ال{rest}") } else { rest };
                crate::lexicon::word_keys(&rest)
            }
            None => word.keys.clone(),
        };
        let head = Word { keys: head_keys, ..word.clone() };
        let entity_in = |w: &Word| {
            self.entities.iter().find(|e| {
                e.start >= w.start
                    && e.start < w.end
                    && (e.label == "ORG"
                        || (e.label == "LOC"
                            && self.places.iter().any(|p| {
                                p.start <= e.start && e.start < p.end && p.gazetteer_kind == "country"
                            })))
            })
        };
        let is_head = has_cue(self.lexicon, CueKind::PartyHead, &head)
            || has_cue(self.lexicon, CueKind::ForcesHead, &head)
            || has_cue(self.lexicon, CueKind::Possessive, &head);
        if !is_head {
            let e = entity_in(word)?;
            let end = self.words.partition_point(|w| w.start < e.end).max(i + 1);
            return Some(Party { name: self.canonical_party(&e.name, place), words: (i, end) });
        }
        // A named organisation starting here names the party
        // (التحالف الدولي), whatever follows it.
        if let Some(e) = entity_in(word).filter(|e| e.label == "ORG") {
            let end = self.words.partition_point(|w| w.start < e.end).max(i + 1);
            let forces = self.forces_name(i, end.min(last).max(i + 1), place);
            return Some(Party {
                name: forces.unwrap_or_else(|| self.canonical_party(&e.name, place)),
                words: (i, end),
            });
        }
        // A headed phrase: up to three words, ending at a stop word,
        // punctuation, a place (other than a country) or a number.
        let mut end = i + 1;
        while end < last && end < i + 3 {
            let w = &self.words[end];
            if w.after_punct
                || has_cue(self.lexicon, CueKind::NpStop, w)
                || cue_at(self.lexicon, CueKind::Security, &self.words, end, last).is_some()
                || w.norm.chars().any(|c| c.is_ascii_digit())
                || self
                    .places
                    .iter()
                    .any(|p| p.start >= w.start && p.start < w.end && p.gazetteer_kind != "country")
            {
                break;
            }
            end += 1;
        }
        // An organisation entity inside the phrase names it best
        // (سلطات وزارة الداخلية → وزارة الداخلية; قوات التحالف الدولي).
        if let Some(e) = (i + 1..end).find_map(|k| entity_in(&self.words[k]).filter(|e| e.label == "ORG")) {
            let forces = self.forces_name(i, end, place);
            return Some(Party {
                name: forces.unwrap_or_else(|| self.canonical_party(&e.name, place)),
                words: (i, end),
            });
        }
        if let Some(forces) = self.forces_name(i, end, place) {
            return Some(Party { name: forces, words: (i, end) });
        }
        let mut text: Vec<String> =
            self.words[i..end].iter().map(|w| normalize(&w.text, NormLevel::Display)).collect();
        if let Some(p) = prefix {
            let first = &text[0];
            let stripped: String = first.chars().skip(p.chars().count()).collect();
            text[0] = if p == "لل" { format!("ال{stripped}") } else { stripped };
        }
        Some(Party { name: text.join(" "), words: (i, end) })
    }

    /// `القوات العراقية` for a forces phrase with a nationality adjective
    /// (الجيش العراقي، القوات المسلحة العراقية), or a first-person one
    /// (قواتنا) about a place in that country.
    fn forces_name(&self, i: usize, end: usize, place: &PlaceSpan) -> Option<String> {
        let words = &self.words[i..end];
        let head = &words[0];
        if has_cue(self.lexicon, CueKind::Possessive, head) {
            let country = place.info.country.as_deref()?;
            return self.lexicon.forces_by_country.get(country).cloned();
        }
        if !has_cue(self.lexicon, CueKind::ForcesHead, head) {
            return None;
        }
        words
            .iter()
            .skip(1)
            .find_map(|w| w.keys.iter().find_map(|k| self.lexicon.adjectives.get(k)))
            .map(|n| n.forces.clone())
    }

    /// A party name as the board shows it: Display-normalised, forces
    /// named by their country.
    fn canonical_party(&self, name: &str, place: &PlaceSpan) -> String {
        let words = words_of(name);
        if !words.is_empty() {
            let head = &words[0];
            if has_cue(self.lexicon, CueKind::ForcesHead, head) {
                if let Some(n) = words
                    .iter()
                    .skip(1)
                    .find_map(|w| w.keys.iter().find_map(|k| self.lexicon.adjectives.get(k)))
                {
                    return n.forces.clone();
                }
            }
            if has_cue(self.lexicon, CueKind::Possessive, head) {
                if let Some(f) =
                    place.info.country.as_deref().and_then(|c| self.lexicon.forces_by_country.get(c))
                {
                    return f.clone();
                }
            }
        }
        normalize(name.trim(), NormLevel::Display)
    }

    /// The security file of a province or city handed to a ministry or
    /// force: `نقل الملف الأمني في محافظة ديالى إلى وزارة الداخلية`,
    /// `تسلمت الشرطة المسؤولية الأمنية في كربلاء`.
    fn read_security(&self, s: usize, first: usize, last: usize, out: &mut Vec<Reading>) {
        let Some(phrase) =
            (first..last).find(|&i| cue_at(self.lexicon, CueKind::Security, &self.words, i, last).is_some())
        else {
            return;
        };
        let (start, end) = self.sentences[s];
        // The file's place follows the phrase closely (الملف الأمني في
        // محافظة ديالى); a place elsewhere in the sentence is another matter.
        let phrase_len = cue_at(self.lexicon, CueKind::Security, &self.words, phrase, last).unwrap_or(1);
        let window_end = self.words[(phrase + phrase_len + 3).min(last) - 1].end;
        let window_start = self.words[phrase].start;
        let places: Vec<&PlaceSpan> = self
            .places
            .iter()
            .filter(|p| p.start >= start && p.start < end)
            .filter(|p| p.start >= window_start && p.start < window_end)
            .filter(|p| matches!(p.gazetteer_kind.as_str(), "admin1" | "admin2" | "city"))
            .collect();
        if places.is_empty() {
            return;
        }
        // The verb: a receipt (subject receives) or a transfer (to the party
        // after إلى/لـ), searched in the whole sentence.
        let receive = (first..last).find(|&i| has_cue(self.lexicon, CueKind::Receive, &self.words[i]));
        let transfer =
            (first..last).find(|&i| cue_at(self.lexicon, CueKind::Transfer, &self.words, i, last).is_some());
        let handover_event = self.events.iter().enumerate().find_map(|(e, ev)| {
            (ev.subtype.as_deref() == Some("handover"))
                .then(|| {
                    ev.mentions
                        .iter()
                        .find(|&&m| m >= start && m < end)
                        .and_then(|&m| self.word_at(m))
                        .map(|w| (e, w))
                })
                .flatten()
        });
        let (trigger, kind) = match (receive, transfer, handover_event) {
            (Some(r), _, _) => (
                Trigger { kind: TriggerKind::Receive, word: r, event: None, rule: "lexicon:security" },
                TriggerKind::Receive,
            ),
            (None, Some(t), _) => (
                Trigger { kind: TriggerKind::Handover, word: t, event: None, rule: "lexicon:security" },
                TriggerKind::Handover,
            ),
            (None, None, Some((e, w))) => (
                Trigger {
                    kind: TriggerKind::Handover,
                    word: w,
                    event: Some((e, false)),
                    rule: "lexicon:security",
                },
                TriggerKind::Handover,
            ),
            _ => return,
        };
        if !self.asserted(&trigger, first, last) {
            return;
        }
        let planned = self.planned(&trigger, first, last);
        let date = self.date_of(&trigger, start, end);
        for place in places {
            let to = match kind {
                TriggerKind::Receive => self.subject(&trigger, None, first, last, place),
                _ => self.party_after_marker(CueKind::Recipient, phrase.min(trigger.word) + 1, last, place),
            };
            let Some(to) = to else { continue };
            let from = self
                .party_after_marker(CueKind::FromMarker, phrase.min(trigger.word) + 1, last, place)
                .filter(|f| *f != to);
            out.push(Reading {
                place: place.info.clone(),
                attribute: Attribute::Security,
                from,
                to: Some(to),
                date: date.clone(),
                planned,
                quantity: None,
                doc_date: self.input.date,
                evidence: self.evidence(s),
                rule: "lexicon:security",
            });
        }
    }

    /// A troop number with a presence word and a place:
    /// `ينتشر نحو 2500 جندي أمريكي في العراق`.
    fn read_troop_presence(&self, s: usize, first: usize, last: usize, out: &mut Vec<Reading>) {
        let (start, end) = self.sentences[s];
        let Some(claim) = self
            .claims
            .iter()
            .find(|c| c.start >= start && c.start < end && c.quantity > 0.0 && self.is_troop_unit(&c.unit))
        else {
            return;
        };
        let Some(cue) =
            (first..last).find(|&i| cue_at(self.lexicon, CueKind::Presence, &self.words, i, last).is_some())
        else {
            return;
        };
        // The place: the nearest one after the number, else any.
        let places: Vec<&PlaceSpan> =
            self.places.iter().filter(|p| p.start >= start && p.start < end).collect();
        let Some(place) = places
            .iter()
            .filter(|p| p.start >= claim.end)
            .min_by_key(|p| p.start)
            .or_else(|| places.iter().min_by_key(|p| (p.gazetteer_kind == "country", p.start)))
        else {
            return;
        };
        let trigger = Trigger { kind: TriggerKind::Deploy, word: cue, event: None, rule: "lexicon:presence" };
        if !self.asserted(&trigger, first, last) {
            return;
        }
        // Who: a nationality right after the number (جندي أمريكي), else the
        // nearest party in the sentence.
        let after_claim = self.words.partition_point(|w| w.start < claim.end);
        let by_adjective = self.words[after_claim..last.min(after_claim + 2)]
            .iter()
            .find_map(|w| w.keys.iter().find_map(|k| self.lexicon.adjectives.get(k)))
            .map(|n| n.forces.clone());
        let who = by_adjective
            .or_else(|| (first..cue).rev().find_map(|k| self.party_at(k, cue, None, place)).map(|p| p.name))
            .or_else(|| (cue..last).find_map(|k| self.party_at(k, last, None, place)).map(|p| p.name));
        let Some(who) = who else { return };
        out.push(Reading {
            place: place.info.clone(),
            attribute: Attribute::Presence,
            from: None,
            to: Some(who),
            date: self.date_of(&trigger, start, end),
            planned: self.planned(&trigger, first, last),
            quantity: Some(claim.quantity),
            doc_date: self.input.date,
            evidence: self.evidence(s),
            rule: "lexicon:presence",
        });
    }
}

/// A future verb: `س` + an imperfect prefix (ستنسحب، سيغادر، ستستلم), unless
/// the word is a lexicon stem that itself begins with `س` (سيطرت).
fn future_verb(lexicon: &BoardLexicon, word: &Word) -> bool {
    let w = word.norm.strip_prefix('و').or_else(|| word.norm.strip_prefix('ف')).unwrap_or(&word.norm);
    let Some(rest) = w.strip_prefix('س') else { return false };
    if rest.chars().count() < 4 || !rest.starts_with(['ت', 'ي', 'ن', 'ا']) {
        return false;
    }
    let stem_at_start = lexicon.cues.iter().any(|c| match &c.pattern {
        CuePattern::Stem(stem) => w.starts_with(stem.as_str()),
        CuePattern::Words(ws) => ws.len() == 1 && w.starts_with(ws[0].as_str()),
        CuePattern::Raw(_) => false,
    });
    !stem_at_start
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_carry_code_point_ranges_and_punctuation() {
        let text = "قال: «القوات» انسحبت، أمس";
        let words = words_of(text);
        let chars: Vec<char> = text.chars().collect();
        let rendered: Vec<String> = words
            .iter()
            .map(|w| {
                let slice: String = chars[w.start as usize..w.end as usize].iter().collect();
                format!("{slice}{}", if w.after_punct { "*" } else { "" })
            })
            .collect();
        assert_eq!(rendered.join(" "), "قال القوات* انسحبت* أمس*");
    }

    #[test]
    fn stems_match_after_imperfect_and_future_prefixes_only() {
        for (word, stem, expected) in [
            ("تسلمت", "تسلم", true),
            ("ستتسلم", "تسلم", true),
            ("وتسلمت", "تسلم", true),
            ("ستسلم", "تسلم", false),
            ("يسيطر", "سيطر", true),
            ("السيطره", "سيطر", true),
            ("استولت", "ستول", true),
            ("مستولد", "ستول", false),
        ] {
            assert_eq!(stem_in(word, stem), expected, "{word} / {stem}");
        }
    }

    proptest! {
        /// Odd text and odd layers (offsets out of range, reversed, missing
        /// fields) never panic, and evidence always slices the text.
        #[test]
        fn odd_input_never_panics(
            text in "[ \\.،ا-ي0-9a-z]{0,80}",
            cuts in proptest::collection::vec((0u32..120, 0u32..120), 0..6),
        ) {
            let lexicon = BoardLexicon::embedded().expect("lexicon");
            let spans: Vec<Value> = cuts.iter().map(|(a, b)| serde_json::json!({"start": a, "end": b})).collect();
            let places: Vec<Value> = cuts.iter().map(|(a, b)| serde_json::json!({
                "start": a, "end": b, "name": "قاعدة", "kind": "facility", "gazetteer_id": "x", "country": "IQ"
            })).collect();
            let events: Vec<Value> = cuts.iter().map(|(a, _)| serde_json::json!({
                "type": "RETREAT", "mode": "withdraw", "subtype": "handover",
                "trigger": {"start": a, "end": a + 1}, "mentions": [{"start": a}], "place": {"ref": 0}
            })).collect();
            let layers = serde_json::json!({
                "sentences": spans, "entities": spans, "places": places, "times": spans,
                "claims": [{"start": 0, "end": 1, "quantity": 5.0, "unit": "جندي"}], "events": events,
            });
            let input = DocInput { doc_id: 1, source: "s", date: None, text: &text, layers: &layers };
            let n = text.chars().count() as u32;
            for r in read_document(&input, &lexicon) {
                prop_assert!(r.evidence.start <= r.evidence.end && r.evidence.end <= n);
            }
        }
    }
}
