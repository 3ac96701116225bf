//! Marsad's text model.
//!
//! Everything Marsad extracts points back at the exact characters it came
//! from. This crate holds the pieces that make that true and that every other
//! layer shares:
//!
//! - [`TextRange`]: a half-open UTF-8 byte range into a document's verbatim
//!   source text (the one offset unit used inside the library crates);
//! - [`Doc`]: the source text plus its annotation layers;
//! - [`Origin`]: the provenance every fact carries;
//! - [`Stage`] and [`Pipeline`]: a stage is built once (may fail) and then run
//!   on many documents (never fails); a pipeline checks at build time that
//!   every stage's inputs are produced by an earlier stage.
//!
//! This crate does no I/O and knows nothing of JSON, the Arabic language or
//! any particular annotator.

mod doc;
mod layers;
mod offsets;
mod pipeline;
mod range;

pub use doc::{Diagnostic, Doc, DocMeta, Level};
pub use layers::*;
pub use offsets::CharOffsets;
pub use pipeline::{Layer, Pipeline, PipelineError, Stage};
pub use range::TextRange;
