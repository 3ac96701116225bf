//! Who said what: quotes with their speakers, and numeric claims.
//!
//! Two pipeline stages, each built once from the word lists in `data/`:
//!
//! - [`QuoteStage`] (needs sentences; fills `doc.quotes`): direct quotes in
//!   « », “ ”, " " or after a colon, and reported speech after a speech verb
//!   and أن / إن / بأن, with the speaker phrase (verb-subject, subject-verb,
//!   continuation verbs and pronoun subjects carrying the previous speaker,
//!   unnamed sources) and its entity when `doc.entities` has one there;
//! - [`ClaimStage`] (needs numbers and quotes; fills `doc.claims`): numbers
//!   that count something (casualties, forces, money, percentages …) with
//!   their unit key, approximation, upper bound and claimant.
//!
//! [`eval`] scores predictions against the annotated dev set in
//! `evals/quotes-claims/` (code point offsets).
//!
//! The stages read a light word view of the text ([`words`]) rather than the
//! token layer: they need only normalised words, marks and paragraphs, and a
//! single scan keeps them far below the pipeline's time budget.

pub mod claims;
pub mod eval;
pub mod lexicon;
pub mod quotes;
pub mod words;

pub use claims::{ClaimFinder, ClaimStage};
pub use lexicon::LexiconError;
pub use quotes::{QuoteFinder, QuoteStage};

use marsad_core::Stage;

/// The quote and claim stages, in pipeline order.
pub fn stages() -> Result<Vec<Box<dyn Stage>>, LexiconError> {
    Ok(vec![Box::new(QuoteStage::new()?), Box::new(ClaimStage::new()?)])
}

#[cfg(test)]
mod tests;
