//! The situation board: per place, a state over time derived from stored
//! events, claims and the sentences they come from.
//!
//! For a base, airport or city: who holds it (`holder`); for a province or
//! city: who runs its security (`security`); for any place, countries
//! included: which forces are present and how many (`presence`). Every
//! change is backed by the sentences that report it and counts the outlets
//! that did; announced changes wait in `planned` until a later report says
//! they happened; disagreeing reports of the same period stand side by side
//! in `conflicts`.
//!
//! How it reads ([`read`]): for each stored document that may hold such a
//! change (an event of type RETREAT, MOBILIZE or COERCE, or a prefilter word
//! of `data/readings.tsv` in its text), each sentence is read on its own:
//! event mentions (handover, withdrawal, troop deployment) and the board's
//! own cues (verbs of taking control, the security file, troop numbers with
//! a presence word) are triggers; the held place, the receiving and the
//! leaving party are read from the sentence's places, entities and noun
//! phrases; denial, negation and supposition drop a reading; future forms,
//! announcement words (up to eight words before) and future dates make it planned. Then ([`assemble`])
//! readings of the same change (same place, attribute and party, close in
//! time) from several documents become one change.
//!
//! This crate reads the store; it knows nothing of HTTP or the terminal.

pub mod assemble;
pub mod lexicon;
pub mod read;
pub mod timex;

use marsad_corpus::{EvidenceSentence, Store, StoreError};
use serde::Serialize;

pub use lexicon::{BoardLexicon, LexiconError};

/// Why the board could not be derived. Odd documents never fail it (they
/// are skipped); these are failures of the store or of the embedded lists.
#[derive(Debug, thiserror::Error)]
pub enum BoardError {
    /// A store query failed.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// A direct SQLite query over the store failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// An embedded word list is malformed (a build defect).
    #[error("lexicon: {0}")]
    Lexicon(#[from] LexiconError),
}

/// The state of every place the store reports changes for.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Board {
    /// Most recently changed first.
    pub places: Vec<PlaceState>,
}

impl Board {
    /// The place with gazetteer id `id`, or else the first whose name
    /// matches `id` (Search-normalised).
    pub fn place(&self, id: &str) -> Option<&PlaceState> {
        self.places.iter().find(|p| p.place_id == id).or_else(|| {
            let key = marsad_corpus::facts::name_key(id);
            let bare = key.strip_prefix("ال").unwrap_or(&key).to_string();
            self.places.iter().find(|p| {
                let name = marsad_corpus::facts::name_key(&p.name);
                name == key || name.ends_with(&format!(" {bare}")) || name.strip_prefix("ال") == Some(&bare)
            })
        })
    }
}

/// One place and its state over time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceState {
    /// Gazetteer id (`oa:ORAA`, `iso:IQ-AN`, `cc:IQ`…).
    pub place_id: String,
    pub name: String,
    /// `base`, `airport`, `facility`, `city`, `province`, `district`,
    /// `country` or `region`.
    pub kind: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// One per attribute: the latest non-planned state.
    pub current: Vec<StateFact>,
    /// Reported changes, oldest first.
    pub history: Vec<StateChange>,
    /// Announced changes no later report says happened, soonest first.
    pub planned: Vec<StateChange>,
    /// Disagreeing reports, side by side.
    pub conflicts: Vec<Conflict>,
}

/// The state of one attribute of a place.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StateFact {
    /// `holder`, `security` or `presence`.
    pub attribute: String,
    /// The party; [`UNKNOWN`] when the last change says who left but not
    /// who took over.
    pub value: String,
    /// The date of the change (TIMEX3 value: a day, ISO week, month, year).
    pub since: Option<String>,
    /// Troops claimed, for `presence`.
    pub quantity: Option<f64>,
    /// Outlets reporting the change.
    pub sources: u32,
}

/// A fact's value when the change names no new party.
pub const UNKNOWN: &str = "unknown";

/// One change of one attribute of a place, merged over the documents that
/// report it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StateChange {
    /// `holder`, `security` or `presence`.
    pub attribute: String,
    /// The party giving the place up or leaving, where the sentence names it.
    pub from: Option<String>,
    /// The party taking over or present; `None`: not named.
    pub to: Option<String>,
    /// When it happened or is to happen (TIMEX3 value); for a report with no
    /// date of its own, the report's date.
    pub date: Option<String>,
    pub planned: bool,
    /// Troops claimed (the most reported number).
    pub quantity: Option<f64>,
    /// Distinct outlets, counting exact copies the store skipped at ingest.
    pub sources: u32,
    /// Distinct stored documents.
    pub documents: u32,
    /// The earliest date a document reported it.
    pub first_reported: Option<String>,
    /// For a change announced before it was reported done: the date of the
    /// earliest announcement.
    pub announced: Option<String>,
    /// The sentences, oldest report first.
    pub evidence: Vec<EvidenceSentence>,
}

/// Reports that disagree about one attribute in one period (or about the
/// number of troops), side by side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    pub attribute: String,
    pub claims: Vec<StateChange>,
}

/// Derives the board from everything in the store.
pub fn derive(store: &Store) -> Result<Board, BoardError> {
    let lexicon = BoardLexicon::embedded()?;
    derive_with(store, &lexicon)
}

/// [`derive`] with a given lexicon.
pub fn derive_with(store: &Store, lexicon: &BoardLexicon) -> Result<Board, BoardError> {
    let readings = read::read_store(store, lexicon)?;
    assemble::assemble(store, readings)
}
