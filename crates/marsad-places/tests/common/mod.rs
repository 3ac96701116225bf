//! Helpers shared by the place tests: one resolver for the whole test
//! binary, and one line per resolved place.

use marsad_core::{Origin, Place};
use marsad_places::{kind_name, PlaceResolver};
use std::sync::OnceLock;

/// The embedded gazetteer's resolver, built once per test binary.
pub fn resolver() -> &'static PlaceResolver {
    static R: OnceLock<PlaceResolver> = OnceLock::new();
    R.get_or_init(|| PlaceResolver::embedded().expect("embedded gazetteer builds"))
}

/// `mention → name kind country lat,lon id`, plus the origin (the rule or
/// the gazetteer file) when `with_origin`, one line per place.
#[allow(dead_code)] // not every test binary renders
pub fn render_places(text: &str, places: &[Place], with_origin: bool) -> String {
    places
        .iter()
        .map(|p| {
            let origin = match (&p.origin, with_origin) {
                (_, false) => String::new(),
                (Origin::Rule { name } | Origin::Model { name }, true) => format!(" {name}"),
                (Origin::Lexicon { file, .. }, true) => format!(" {file}"),
            };
            format!(
                "{} → {} {} {} {:.2},{:.2} {}{origin}\n",
                &text[p.range.as_range()],
                p.name,
                kind_name(p.kind),
                p.country,
                p.lat,
                p.lon,
                p.gazetteer_id
            )
        })
        .collect()
}
