//! Marsad's gazetteer and place resolver.
//!
//! - [`Gazetteer`]: places with Arabic names (countries, provinces, cities,
//!   bases and crossings, regions, waters) from the embedded table built by
//!   `scripts/build_gazetteer.py`, optionally extended by a GeoNames import
//!   persisted as a user table;
//! - [`PlaceResolver`]: a pipeline [`Stage`](marsad_core::Stage) that finds
//!   place mentions (whole words, after proclitics و ف ب ك ل, with place words
//!   such as `محافظة` or `قاعدة`) on a normalised view of the text and resolves
//!   each to one entry using the article's own context (the countries and
//!   provinces it mentions, its focus country), kind and population;
//! - places the gazetteer does not list (`قرية رينيه`, `حي الكلاسة`): a
//!   name after a place word, vouched for by the named-entity stage or by a
//!   place word that rarely precedes anything else, located by the nearest
//!   listed place of its sentence, or found in a minor table of small places
//!   abroad ([`PlaceResolver::resolve_with_entities`]);
//! - [`nationality`]: nisba adjectives (`العراقية`, `الأمريكيين`) to the
//!   country they name; they are not place mentions.
//!
//! Ranges are UTF-8 byte ranges into the source text; a mention's range
//! excludes attached proclitics (`وبغداد` → `بغداد`) and includes a place word
//! that is part of the name (`قاعدة حرير`, `محافظة الأنبار`).

#![warn(missing_docs)]

mod fold;
mod gazetteer;
mod nationality;
mod prefix;
mod resolver;
mod unlisted;

pub use fold::fold_key;
pub use gazetteer::{
    kind_name, Candidate, Entry, Gazetteer, GazetteerError, ImportError, ImportOptions, EMBEDDED_FILE,
    EMBEDDED_TSV, STOPLIST_TSV, TSV_COLUMNS,
};
pub use nationality::{nationality, NATIONALITY_TSV};
pub use resolver::{BuildError, PlaceResolver, ResolverConfig};
pub use unlisted::{MINOR_FILE, MINOR_TSV, NOT_NAMES_TSV, UNLISTED_RULE};
