//! Marsad's Arabic text engine: no I/O, no JSON.
//!
//! - [`normalize`]: normalised views of the source text with an exact offset
//!   map back to it, at a display level and a search (matching-key) level;
//! - [`tokenize`]: tokens that tile the text, with clitics as sub-ranges, a
//!   light stem and a lemma key;
//! - [`sentences`]: sentence segmentation for Arabic punctuation;
//! - [`numbers`]: numbers in digits (any digit set) and in words, to values;
//! - [`repeats`]: passages an article repeats.
//!
//! [`stages`] wraps them as pipeline stages.

pub mod normalize;
pub mod numbers;
pub mod repeats;
pub mod sentences;
pub mod stages;
pub mod stem;
pub mod tokenize;
