//! Words around a place name: attached proclitics and the place words that
//! introduce a name (`محافظة الأنبار`, `قاعدة حرير`, `مدينة صور`).

use marsad_core::PlaceKind;

/// Proclitic sequences that may be attached to a name, in folded form,
/// longest first: conjunctions و ف, then prepositions ب ل ك.
pub(crate) const PROCLITICS: &[&str] = &["وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك"];

/// Proclitics after which a name's article loses its alef (`للعراق` = ل + العراق).
pub(crate) const LAM_PROCLITICS: &[&str] = &["ل", "ول", "فل"];

/// What a place word says about the name after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PlaceWord {
    /// Kinds the word introduces.
    pub kinds: &'static [PlaceKind],
    /// True when the word is part of the place's name and belongs in the
    /// mention's range (`قاعدة حرير`, `محافظة الأنبار`); false for generic
    /// descriptors (`مدينة`, `العاصمة`), which only vouch for the name.
    pub in_name: bool,
    /// False for `منطقة` and `حي` (area, quarter), which precede many
    /// non-names too: they do not unlock stoplisted names.
    pub specific: bool,
}

const ADMIN: &[PlaceKind] = &[PlaceKind::Admin1, PlaceKind::Admin2, PlaceKind::Region];
const SETTLEMENT: &[PlaceKind] = &[PlaceKind::City, PlaceKind::Admin2];
const FACILITY: &[PlaceKind] = &[PlaceKind::Facility];
const WATER: &[PlaceKind] = &[PlaceKind::Water];
const ANY: &[PlaceKind] = &[
    PlaceKind::City,
    PlaceKind::Admin1,
    PlaceKind::Admin2,
    PlaceKind::Region,
    PlaceKind::Facility,
    PlaceKind::Other,
];

/// The place word a folded word is, if any.
pub(crate) fn place_word(folded: &str) -> Option<PlaceWord> {
    let (kinds, in_name) = match folded {
        "محافظه" | "ولايه" | "اقليم" | "قضاء" | "ناحيه" | "اماره" | "مقاطعه" => {
            (ADMIN, true)
        }
        "مدينه" | "بلده" | "قريه" | "العاصمه" | "مخيم" => (SETTLEMENT, false),
        "قاعده" | "مطار" | "معبر" | "منفذ" | "معسكر" | "ميناء" => (FACILITY, true),
        "نهر" | "بحيره" | "مضيق" | "خليج" => (WATER, true),
        "منطقه" | "حي" => (ANY, false),
        _ => return None,
    };
    Some(PlaceWord { kinds, in_name, specific: kinds != ANY })
}

/// Splits the longest valid proclitic sequence off a folded word when what
/// remains is a place word: `بمحافظه` → (`ب`, `محافظه`).
pub(crate) fn strip_to_place_word(folded: &str) -> Option<(usize, PlaceWord)> {
    if let Some(w) = place_word(folded) {
        return Some((0, w));
    }
    for p in PROCLITICS {
        if let Some(rest) = folded.strip_prefix(p) {
            if let Some(w) = place_word(rest) {
                return Some((p.len(), w));
            }
            // لل + article: للمحافظه is rare for place words; not handled.
        }
    }
    None
}
