//! The document JSON contract (`docs/document.schema.json`).
//!
//! Inside the library crates every range is a UTF-8 byte range; here, at the
//! edge, ranges become Unicode code point offsets (`"offsets": "codepoint"`),
//! which is what Python string slicing and most JSON consumers expect.
//! Every `text` field is the slice of the document text at its offsets.

use marsad_core::{
    CharOffsets, Clitic, Diagnostic, Doc, Entity, Event, Level, NumberMention, Origin, Participant, Place,
    Quote, Repeat, Sentence, TextRange, Timex, Token,
};
use serde::Serialize;

/// What to include in the rendering.
#[derive(Clone, Copy, Debug, Default)]
pub struct JsonOptions {
    /// Include the `tokens` layer (large: off by default).
    pub tokens: bool,
}

/// Renders `doc` as one line of JSON (no trailing newline).
pub fn to_json_line(doc: &Doc, opts: JsonOptions) -> String {
    let view = DocJson::new(doc, opts);
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string(&view).expect("document JSON serialisation")
}

/// Renders `doc` as a `serde_json::Value` (for the HTTP API and tests).
pub fn to_json_value(doc: &Doc, opts: JsonOptions) -> serde_json::Value {
    serde_json::to_value(DocJson::new(doc, opts)).expect("document JSON serialisation")
}

/// The compact string form of a provenance: `rule:NAME`,
/// `lexicon:FILE:LINE`, `model:NAME`.
pub fn origin_string(origin: &Origin) -> String {
    OriginJson(origin).to_string()
}

/// A provenance rendered as [`origin_string`] renders it, written straight
/// into the output (no `String` per fact).
struct OriginJson<'a>(&'a Origin);

impl Serialize for OriginJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl std::fmt::Display for OriginJson<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Origin::Rule { name } => write!(f, "rule:{name}"),
            Origin::Lexicon { file, line } => write!(f, "lexicon:{file}:{line}"),
            Origin::Model { name } => write!(f, "model:{name}"),
        }
    }
}

struct Conv<'a> {
    text: &'a str,
    offsets: CharOffsets,
}

impl<'a> Conv<'a> {
    fn span(&self, r: TextRange) -> SpanJson<'a> {
        SpanJson {
            start: self.offsets.char_index(r.start),
            end: self.offsets.char_index(r.end),
            text: r.slice(self.text),
        }
    }

    fn bounds(&self, r: TextRange) -> BoundsJson {
        BoundsJson { start: self.offsets.char_index(r.start), end: self.offsets.char_index(r.end) }
    }
}

#[derive(Serialize)]
struct BoundsJson {
    start: u32,
    end: u32,
}

#[derive(Serialize)]
struct SpanJson<'a> {
    start: u32,
    end: u32,
    text: &'a str,
}

#[derive(Serialize)]
struct DocJson<'a> {
    id: &'a str,
    source: &'a str,
    date: Option<String>,
    title: Option<&'a str>,
    url: Option<&'a str>,
    text: &'a str,
    offsets: &'static str,
    sentences: Vec<BoundsJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<Vec<TokenJson<'a>>>,
    numbers: Vec<NumberJson<'a>>,
    duplicates: Vec<RepeatJson>,
    entities: Vec<EntityJson<'a>>,
    places: Vec<PlaceJson<'a>>,
    times: Vec<TimeJson<'a>>,
    quotes: Vec<QuoteJson<'a>>,
    claims: Vec<ClaimJson<'a>>,
    events: Vec<EventJson<'a>>,
    diagnostics: Vec<DiagnosticJson<'a>>,
}

impl<'a> DocJson<'a> {
    fn new(doc: &'a Doc, opts: JsonOptions) -> DocJson<'a> {
        let c = Conv { text: doc.text(), offsets: CharOffsets::new(doc.text()) };
        let c = &c;
        DocJson {
            id: &doc.meta.id,
            source: &doc.meta.source,
            date: doc.meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
            title: doc.meta.title.as_deref(),
            url: doc.meta.url.as_deref(),
            text: doc.text(),
            offsets: "codepoint",
            sentences: doc.sentences.iter().map(|s: &Sentence| c.bounds(s.range)).collect(),
            tokens: opts.tokens.then(|| doc.tokens.iter().map(|t| TokenJson::new(c, t)).collect()),
            numbers: doc.numbers.iter().map(|n| NumberJson::new(c, n)).collect(),
            duplicates: doc
                .duplicates
                .iter()
                .map(|r: &Repeat| RepeatJson {
                    start: c.offsets.char_index(r.range.start),
                    end: c.offsets.char_index(r.range.end),
                    of: c.bounds(r.of),
                })
                .collect(),
            entities: doc.entities.iter().map(|e| EntityJson::new(c, e)).collect(),
            places: doc.places.iter().map(|p| PlaceJson::new(c, p)).collect(),
            times: doc.times.iter().map(|t| TimeJson::new(c, t)).collect(),
            quotes: doc.quotes.iter().map(|q| QuoteJson::new(c, q)).collect(),
            claims: doc.claims.iter().map(|q| ClaimJson::new(c, q)).collect(),
            events: doc.events.iter().map(|e| EventJson::new(c, doc, e)).collect(),
            diagnostics: doc.diagnostics.iter().map(|d| DiagnosticJson::new(c, d)).collect(),
        }
    }
}

#[derive(Serialize)]
struct TokenJson<'a> {
    start: u32,
    end: u32,
    kind: marsad_core::TokenKind,
    norm: &'a str,
    stem: &'a str,
    lemma: &'a str,
    clitics: Vec<CliticJson>,
}

impl<'a> TokenJson<'a> {
    fn new(c: &Conv<'a>, t: &'a Token) -> TokenJson<'a> {
        let b = c.bounds(t.range);
        TokenJson {
            start: b.start,
            end: b.end,
            kind: t.kind,
            norm: &t.norm,
            stem: &t.stem,
            lemma: &t.lemma,
            clitics: t
                .clitics
                .iter()
                .map(|cl: &Clitic| {
                    let b = c.bounds(cl.range);
                    CliticJson { start: b.start, end: b.end, kind: cl.kind }
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct CliticJson {
    start: u32,
    end: u32,
    kind: marsad_core::CliticKind,
}

#[derive(Serialize)]
struct NumberJson<'a> {
    #[serde(flatten)]
    span: SpanJson<'a>,
    value: f64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    percent: bool,
    origin: OriginJson<'a>,
}

impl<'a> NumberJson<'a> {
    fn new(c: &Conv<'a>, n: &'a NumberMention) -> NumberJson<'a> {
        NumberJson {
            span: c.span(n.range),
            value: n.value,
            percent: n.percent,
            origin: OriginJson(&n.origin),
        }
    }
}

#[derive(Serialize)]
struct RepeatJson {
    start: u32,
    end: u32,
    of: BoundsJson,
}

#[derive(Serialize)]
struct EntityJson<'a> {
    #[serde(flatten)]
    span: SpanJson<'a>,
    label: marsad_core::EntityLabel,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    canonical: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latin: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nationality: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f32>,
    origin: OriginJson<'a>,
}

impl<'a> EntityJson<'a> {
    fn new(c: &Conv<'a>, e: &'a Entity) -> EntityJson<'a> {
        EntityJson {
            span: c.span(e.range),
            label: e.label,
            entity_id: e.entity_id.as_deref(),
            canonical: e.canonical.as_deref(),
            latin: e.latin.as_deref(),
            nationality: e.nationality.as_deref(),
            confidence: e.confidence,
            origin: OriginJson(&e.origin),
        }
    }
}

#[derive(Serialize)]
struct PlaceJson<'a> {
    #[serde(flatten)]
    span: SpanJson<'a>,
    name: &'a str,
    lat: f64,
    lon: f64,
    /// ISO 3166-1 alpha-2; null for seas and regions that span countries.
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    admin1: Option<&'a str>,
    kind: marsad_core::PlaceKind,
    gazetteer_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f32>,
    origin: OriginJson<'a>,
}

impl<'a> PlaceJson<'a> {
    fn new(c: &Conv<'a>, p: &'a Place) -> PlaceJson<'a> {
        PlaceJson {
            span: c.span(p.range),
            name: &p.name,
            lat: p.lat,
            lon: p.lon,
            country: (!p.country.is_empty()).then_some(p.country.as_str()),
            admin1: p.admin1.as_deref(),
            kind: p.kind,
            gazetteer_id: &p.gazetteer_id,
            confidence: p.confidence,
            origin: OriginJson(&p.origin),
        }
    }
}

#[derive(Serialize)]
struct TimeJson<'a> {
    #[serde(flatten)]
    span: SpanJson<'a>,
    #[serde(rename = "type")]
    kind: marsad_core::TimexType,
    value: &'a str,
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    modifier: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hijri: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f32>,
    origin: OriginJson<'a>,
}

impl<'a> TimeJson<'a> {
    fn new(c: &Conv<'a>, t: &'a Timex) -> TimeJson<'a> {
        TimeJson {
            span: c.span(t.range),
            kind: t.kind,
            value: &t.value,
            modifier: t.modifier.as_deref(),
            hijri: t.hijri.as_deref(),
            confidence: t.confidence,
            origin: OriginJson(&t.origin),
        }
    }
}

#[derive(Serialize)]
struct ParticipantJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<u32>,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    canonical: Option<&'a str>,
}

impl<'a> ParticipantJson<'a> {
    fn new(c: &Conv<'a>, p: &'a Participant) -> ParticipantJson<'a> {
        // A participant with a range is a mention in the text: its `text` is
        // that slice, so the contract's slice rule holds for it too.
        let text = p.range.map_or(p.text.as_str(), |r| r.slice(c.text));
        ParticipantJson {
            start: p.range.map(|r| c.offsets.char_index(r.start)),
            end: p.range.map(|r| c.offsets.char_index(r.end)),
            text,
            entity_id: p.entity_id.as_deref(),
            canonical: p.canonical.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct QuoteJson<'a> {
    #[serde(flatten)]
    span: SpanJson<'a>,
    direct: bool,
    cue: SpanJson<'a>,
    speaker: Option<ParticipantJson<'a>>,
    origin: OriginJson<'a>,
}

impl<'a> QuoteJson<'a> {
    fn new(c: &Conv<'a>, q: &'a Quote) -> QuoteJson<'a> {
        QuoteJson {
            span: c.span(q.range),
            direct: q.direct,
            cue: c.span(q.cue),
            speaker: q.speaker.as_ref().map(|p| ParticipantJson::new(c, p)),
            origin: OriginJson(&q.origin),
        }
    }
}

#[derive(Serialize)]
struct ClaimJson<'a> {
    #[serde(flatten)]
    span: SpanJson<'a>,
    quantity: f64,
    unit: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    approx: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    upper: Option<f64>,
    claimant: Option<ParticipantJson<'a>>,
    origin: OriginJson<'a>,
}

impl<'a> ClaimJson<'a> {
    fn new(c: &Conv<'a>, q: &'a marsad_core::Claim) -> ClaimJson<'a> {
        ClaimJson {
            span: c.span(q.range),
            quantity: q.quantity,
            unit: &q.unit,
            approx: q.approx.as_deref(),
            upper: q.upper,
            claimant: q.claimant.as_ref().map(|p| ParticipantJson::new(c, p)),
            origin: OriginJson(&q.origin),
        }
    }
}

#[derive(Serialize)]
struct RefJson<'a> {
    #[serde(rename = "ref")]
    index: usize,
    #[serde(flatten)]
    span: SpanJson<'a>,
    /// The resolved value: a place's name or a time's TIMEX3 value.
    resolved: &'a str,
}

#[derive(Serialize)]
struct MentionJson<'a> {
    #[serde(flatten)]
    span: SpanJson<'a>,
    sentence: usize,
}

#[derive(Serialize)]
struct EventJson<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtype: Option<&'a str>,
    trigger: SpanJson<'a>,
    mentions: Vec<MentionJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<ParticipantJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recipient: Option<ParticipantJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<RefJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<RefJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    sentence: usize,
    planned: bool,
    negated: bool,
    hypothetical: bool,
    reported: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f32>,
    origin: OriginJson<'a>,
}

impl<'a> EventJson<'a> {
    fn new(c: &Conv<'a>, doc: &'a Doc, e: &'a Event) -> EventJson<'a> {
        EventJson {
            kind: &e.kind,
            mode: e.mode.as_deref(),
            subtype: e.subtype.as_deref(),
            trigger: c.span(e.trigger),
            mentions: e
                .mentions
                .iter()
                .map(|m| MentionJson { span: c.span(m.trigger), sentence: m.sentence })
                .collect(),
            actor: e.actor.as_ref().map(|p| ParticipantJson::new(c, p)),
            recipient: e.recipient.as_ref().map(|p| ParticipantJson::new(c, p)),
            place: e.place.and_then(|i| doc.places.get(i).map(|p| (i, p))).map(|(i, p)| RefJson {
                index: i,
                span: c.span(p.range),
                resolved: &p.name,
            }),
            time: e.time.and_then(|i| doc.times.get(i).map(|t| (i, t))).map(|(i, t)| RefJson {
                index: i,
                span: c.span(t.range),
                resolved: &t.value,
            }),
            date: e.date.as_deref(),
            sentence: e.sentence,
            planned: e.planned,
            negated: e.negated,
            hypothetical: e.hypothetical,
            reported: e.reported,
            confidence: e.confidence,
            origin: OriginJson(&e.origin),
        }
    }
}

#[derive(Serialize)]
struct DiagnosticJson<'a> {
    level: Level,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<u32>,
}

impl<'a> DiagnosticJson<'a> {
    fn new(c: &Conv<'a>, d: &'a Diagnostic) -> DiagnosticJson<'a> {
        DiagnosticJson {
            level: d.level,
            message: &d.message,
            start: d.range.map(|r| c.offsets.char_index(r.start)),
            end: d.range.map(|r| c.offsets.char_index(r.end)),
        }
    }
}
