//! Temporal expressions in Arabic news, as TimeML TIMEX3 values.
//!
//! [`TimeTagger`] finds dates (absolute, relative, Hijri), clock times and
//! parts of day, durations and sets, resolves them against the article's
//! publication date (the anchor) and returns [`marsad_core::Timex`] facts
//! whose ranges are UTF-8 byte ranges of the verbatim source text.
//!
//! How it works: the text is normalised (`marsad_arabic::normalize`), split
//! into words with folded keys, and scanned once left to right; only words
//! that a lexicon knows (month, weekday, relative, unit, number words …),
//! digit runs and a few grammar words (منذ, قبل, عام …) start a rule, and the
//! longest match at a word wins. Lexicons live in `data/*.tsv`.
//!
//! Span rules: an expression excludes the proclitics و/ف/ب/ل of its first
//! word (والأسبوع المقبل → الأسبوع المقبل) and prepositions before it (في,
//! خلال, لمدة), but includes منذ/قبل/بعد when they turn a quantity into a date
//! (منذ ثلاثة أيام) and an era marker after a year (2016م, 1447 هـ).
//!
//! Ambiguity is never silent: a guess (D/M order, a bare weekday, a year
//! inferred for a month, no anchor) lowers the confidence and adds a
//! diagnostic pointing at the expression.

mod calendar;
mod grammar;
mod lexer;
mod lexicon;

pub use calendar::{tabular_from_gregorian, tabular_to_gregorian, HijriSource, UmmAlQura};

use chrono::NaiveDate;
use marsad_arabic::normalize::{NormLevel, NormalizedView};
use marsad_core::{Diagnostic, Doc, Layer, Level, Stage, TextRange, Timex};

/// Why a [`TimeTagger`] could not be built (a bad embedded data file).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BuildError {
    #[error("{file}:{line}: {reason}")]
    Lexicon { file: &'static str, line: u32, reason: String },
    #[error("umm-al-qura.tsv: {0}")]
    Calendar(String),
}

/// Finds and normalises temporal expressions. Build once, use on many texts.
pub struct TimeTagger {
    lexicon: lexicon::Lexicon,
}

impl TimeTagger {
    /// Loads the embedded lexicons and the Umm al-Qura table.
    pub fn new() -> Result<TimeTagger, BuildError> {
        Ok(TimeTagger { lexicon: lexicon::Lexicon::load()? })
    }

    /// The Hijri calendar table the tagger converts with.
    pub fn umm_al_qura(&self) -> &UmmAlQura {
        &self.lexicon.umm_al_qura
    }

    /// Temporal expressions of `text`, resolved against `anchor` (the
    /// publication date), in text order, and diagnostics for every guess.
    /// Never panics.
    pub fn tag(&self, text: &str, anchor: Option<NaiveDate>) -> (Vec<Timex>, Vec<Diagnostic>) {
        let view = NormalizedView::new(text, NormLevel::Search);
        let words = lexer::words(view.as_str());
        let mut rules = grammar::Rules {
            lex: &self.lexicon,
            view: view.as_str(),
            w: &words,
            anchor,
            paragraph_year: Default::default(),
        };
        let mut times = Vec::new();
        let mut diagnostics = Vec::new();
        if let Some(day) = rules.self_named_day() {
            diagnostics.push(Diagnostic::new(
                Level::Info,
                format!("time: the text names its own day: relative expressions resolved from {day}, not the given date"),
            ));
            rules.anchor = Some(day);
        }
        for found in rules.run() {
            let end = words.words[found.next - 1].end;
            let range = view.source_range(found.start, end);
            if range.start > range.end
                || range.end() > text.len()
                || !text.is_char_boundary(range.start())
                || !text.is_char_boundary(range.end())
            {
                diagnostics.push(Diagnostic::new(
                    Level::Error,
                    format!("time: normalised view mapped an expression to {range}, not a valid range of the text"),
                ));
                continue;
            }
            let range = trim_range(text, range);
            for note in &found.notes {
                diagnostics.push(Diagnostic::new(Level::Warning, format!("time: {note}")).at(range));
            }
            times.push(Timex {
                range,
                kind: found.kind,
                value: found.value,
                modifier: found.modifier.map(str::to_string),
                hijri: found.hijri,
                confidence: Some((found.confidence * 100.0).round().clamp(5.0, 100.0) / 100.0),
                origin: found.origin,
            });
        }
        (times, diagnostics)
    }
}

/// Drops white space a view map may leave at either end.
fn trim_range(text: &str, range: TextRange) -> TextRange {
    let slice = range.slice(text);
    let start = range.start() + (slice.len() - slice.trim_start().len());
    let end = range.end() - (slice.len() - slice.trim_end().len());
    TextRange::new(start, end.max(start))
}

impl Stage for TimeTagger {
    fn name(&self) -> &'static str {
        "time"
    }

    fn requires(&self) -> &'static [Layer] {
        &[]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Times]
    }

    fn run(&self, doc: &mut Doc) {
        let (times, diagnostics) = self.tag(doc.text(), doc.meta.date);
        doc.times = times;
        doc.diagnostics.extend(diagnostics);
    }
}

#[cfg(test)]
mod tests;
