use crate::layers::*;
use crate::TextRange;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What is known about an article besides its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMeta {
    /// A stable identifier: the input's own id where it has one, else one
    /// derived from the input's name and position.
    pub id: String,
    /// Where the article came from: the outlet, or the input file.
    pub source: String,
    /// The outlet, only when the input names one (`source` may be a file
    /// path). Read by the claim stage for the claimant of claims stated as
    /// fact. Not serialised: `source` is the document's one source field.
    #[serde(skip)]
    pub outlet: Option<String>,
    /// Publication date: the anchor for relative dates.
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub url: Option<String>,
}

/// Severity of a diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// Something odd about a document: never fatal, always reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub level: Level,
    pub message: String,
    pub range: Option<TextRange>,
}

impl Diagnostic {
    pub fn new(level: Level, message: impl Into<String>) -> Diagnostic {
        Diagnostic { level, message: message.into(), range: None }
    }

    pub fn at(mut self, range: TextRange) -> Diagnostic {
        self.range = Some(range);
        self
    }
}

/// One article: its verbatim text and the layers stages add to it.
///
/// The text is never modified after construction; every layer holds ranges
/// into it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc {
    pub meta: DocMeta,
    text: String,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    pub numbers: Vec<NumberMention>,
    pub duplicates: Vec<Repeat>,
    pub entities: Vec<Entity>,
    pub places: Vec<Place>,
    pub times: Vec<Timex>,
    pub quotes: Vec<Quote>,
    pub claims: Vec<Claim>,
    pub events: Vec<Event>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Doc {
    pub fn new(meta: DocMeta, text: String) -> Doc {
        Doc { meta, text, ..Doc::default() }
    }

    /// The verbatim source text every range points into.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text a range covers.
    pub fn slice(&self, range: TextRange) -> &str {
        range.slice(&self.text)
    }

    /// Indices of the tokens that overlap `range`.
    pub fn tokens_in(&self, range: TextRange) -> std::ops::Range<usize> {
        let lo = self.tokens.partition_point(|t| t.range.end <= range.start);
        let hi = self.tokens.partition_point(|t| t.range.start < range.end);
        lo..hi.max(lo)
    }

    /// Index of the sentence containing byte offset `at`, if any.
    pub fn sentence_at(&self, at: u32) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.range.end <= at);
        (i < self.sentences.len() && self.sentences[i].range.start <= at).then_some(i)
    }
}
