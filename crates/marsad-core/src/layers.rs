//! The annotation layers a [`Doc`](crate::Doc) carries.
//!
//! Every item holds a [`TextRange`] into the verbatim source text and, where
//! it is an extracted fact, an [`Origin`]. The shapes mirror the JSON output
//! contract (`docs/document.schema.json`); the edge crate converts byte
//! ranges to code points when it writes JSON.

use crate::TextRange;
pub use compact_str::CompactString;

/// A token's clitics: inline up to three.
pub type Clitics = smallvec::SmallVec<[Clitic; 3]>;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Where a fact came from: the rule, lexicon entry or model that produced it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Origin {
    /// A named rule in code.
    Rule { name: Cow<'static, str> },
    /// An entry of a lexicon data file.
    Lexicon { file: Cow<'static, str>, line: u32 },
    /// A trained model.
    Model { name: Cow<'static, str> },
}

impl Origin {
    pub const fn rule(name: &'static str) -> Origin {
        Origin::Rule { name: Cow::Borrowed(name) }
    }

    pub const fn lexicon(file: &'static str, line: u32) -> Origin {
        Origin::Lexicon { file: Cow::Borrowed(file), line }
    }

    pub const fn model(name: &'static str) -> Origin {
        Origin::Model { name: Cow::Borrowed(name) }
    }
}

/// A sentence: a range of the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub range: TextRange,
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// An Arabic-script word.
    Word,
    /// A word in Latin (or another non-Arabic alphabetic) script.
    Latin,
    /// A number written with digits (any digit set), with its separators.
    Number,
    Punct,
    Symbol,
    Url,
    Email,
    Hashtag,
    Mention,
}

/// The kind of an attached clitic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CliticKind {
    /// و "and"
    Conjunction,
    /// ف "so, then"
    Fa,
    /// ب "with, by, in"
    Preposition,
    /// ك "like"
    Ka,
    /// ل "for, to" (including the ل of لل)
    Lam,
    /// س future marker
    Future,
    /// the definite article ال (or the remaining ل of لل)
    Article,
    /// an attached pronoun (ه ها هم هما هن ك كم كن ي نا ني)
    Pronoun,
}

/// A clitic: a sub-range of its token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clitic {
    pub range: TextRange,
    pub kind: CliticKind,
}

/// A token. Tokens tile the source text: the tokens and the gaps between
/// them (white space only) give back the text exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub range: TextRange,
    pub kind: TokenKind,
    /// The search-level normalised form of the whole token.
    ///
    /// Token strings are `CompactString`s: most Arabic words fit inline (24
    /// bytes), so building a token allocates nothing but its clitic list.
    pub norm: CompactString,
    /// The light stem: `norm` without clitics and inflectional affixes.
    pub stem: CompactString,
    /// A normalised lemma key: the stem with broken-plural and feminine
    /// variation folded where the lexicon knows it.
    pub lemma: CompactString,
    /// Attached clitics, in text order; each lies inside `range`. Inline up
    /// to three (a word rarely has more), so a token allocates nothing.
    pub clitics: Clitics,
    /// The range of the token without proclitics and enclitic pronouns, the
    /// article kept (`والعراق` → `العراق`): where a name inside it starts.
    pub base: TextRange,
}

/// A number written in the text (digits, Arabic-Indic digits or words).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NumberMention {
    pub range: TextRange,
    pub value: f64,
    /// True when the mention is a percentage (٪, %, في المئة, بالمئة …).
    pub percent: bool,
    pub origin: Origin,
}

/// A passage that repeats an earlier passage of the same article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repeat {
    pub range: TextRange,
    pub of: TextRange,
}

/// Named-entity labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityLabel {
    PER,
    ORG,
    LOC,
    MISC,
}

/// A named-entity mention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub range: TextRange,
    pub label: EntityLabel,
    /// Shared by every mention of the same entity within the article.
    pub entity_id: Option<String>,
    pub canonical: Option<String>,
    pub latin: Option<String>,
    /// ISO 3166-1 alpha-2 country code of a nationality adjective.
    pub nationality: Option<String>,
    pub confidence: Option<f32>,
    pub origin: Origin,
}

impl Entity {
    /// A mention with nothing known beyond its span, label and origin: no
    /// entity id, canonical form, transliteration, nationality or
    /// confidence. Fill the rest with struct update syntax
    /// (`Entity { canonical: Some(..), ..Entity::new(range, label, origin) }`).
    pub fn new(range: TextRange, label: EntityLabel, origin: Origin) -> Entity {
        Entity {
            range,
            label,
            entity_id: None,
            canonical: None,
            latin: None,
            nationality: None,
            confidence: None,
            origin,
        }
    }
}

/// What kind of place a gazetteer entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Country,
    Admin1,
    Admin2,
    City,
    Facility,
    Region,
    Water,
    Other,
}

/// A place mention resolved to a gazetteer entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub range: TextRange,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub admin1: Option<String>,
    pub kind: PlaceKind,
    pub gazetteer_id: String,
    pub confidence: Option<f32>,
    pub origin: Origin,
}

/// TimeML TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TimexType {
    DATE,
    TIME,
    DURATION,
    SET,
}

/// A temporal expression with its TIMEX3 value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    pub range: TextRange,
    pub kind: TimexType,
    /// TIMEX3 value (`2025-12-31`, `2026-W02`, `P3W`, `PAST_REF` …).
    pub value: String,
    /// TIMEX3 mod (`START`, `END`, `MID`, `APPROX` …).
    pub modifier: Option<String>,
    /// The Hijri reading where the text gave a Hijri date (`1447-09-15`).
    pub hijri: Option<String>,
    pub confidence: Option<f32>,
    pub origin: Origin,
}

/// A person or body a quote, claim or event refers to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub range: Option<TextRange>,
    pub text: String,
    pub entity_id: Option<String>,
    pub canonical: Option<String>,
}

/// A quotation, direct or reported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub range: TextRange,
    pub direct: bool,
    /// The speech verb or punctuation that introduces the quote.
    pub cue: TextRange,
    pub speaker: Option<Participant>,
    pub origin: Origin,
}

/// A quantity stated as a fact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub range: TextRange,
    pub quantity: f64,
    /// The counted noun (`عنصر`, `دولار`, `%` …).
    pub unit: String,
    /// `about`, `more_than`, `less_than`, `between` …
    pub approx: Option<String>,
    /// Upper bound of a range claim (`ما بين 10 و 20`).
    pub upper: Option<f64>,
    pub claimant: Option<Participant>,
    pub origin: Origin,
}

/// One mention of an event: its trigger and the sentence it stands in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventMention {
    pub trigger: TextRange,
    pub sentence: usize,
}

/// A PLOVER-coded event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// PLOVER event type (`RETREAT`, `ASSAULT` …).
    pub kind: String,
    /// PLOVER mode where the text gives one (`withdraw`, `arrest`, `visit` …).
    pub mode: Option<String>,
    /// A finer Marsad sub-type where it helps (`handover`, `withdrawal`).
    pub subtype: Option<String>,
    /// The first mention's trigger word or phrase.
    pub trigger: TextRange,
    /// Every mention of this one event in the article, the first included,
    /// in text order.
    pub mentions: Vec<EventMention>,
    pub actor: Option<Participant>,
    pub recipient: Option<Participant>,
    /// Index into the document's `places`.
    pub place: Option<usize>,
    /// Index into the document's `times`.
    pub time: Option<usize>,
    /// The event's date as a TIMEX3 value: the linked time's value, else the
    /// article's date (with a lower confidence).
    pub date: Option<String>,
    /// Index into the document's `sentences`.
    pub sentence: usize,
    pub planned: bool,
    pub negated: bool,
    pub hypothetical: bool,
    pub reported: bool,
    pub confidence: Option<f32>,
    pub origin: Origin,
}
