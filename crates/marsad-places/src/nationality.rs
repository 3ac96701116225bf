//! Nationality (nisba) adjectives: `العراقية`, `الأمريكيين` name a country
//! but are not place mentions. The NER stage uses [`nationality`] to fill
//! `Entity::nationality`; the resolver uses it to skip such words.

use crate::fold::fold_key;
use crate::prefix::PROCLITICS;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The nationality lexicon: masculine singular forms and ISO codes.
pub const NATIONALITY_TSV: &str = include_str!("../data/nationality.tsv");

/// Inflectional endings of a nisba after its stem (the stem is the masculine
/// form without its final ي), folded: ي, ية, يان, يتان, يين, يون, يات …
const ENDINGS: &[&str] = &["ي", "يه", "يان", "يين", "يون", "يتان", "يتين", "يات"];

fn table() -> &'static HashMap<String, &'static str> {
    static TABLE: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for line in NATIONALITY_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((adjective, code)) = line.split_once('\t') else { continue };
            let key = fold_key(adjective);
            let Some(stem) = key.strip_suffix('ي') else { continue };
            for ending in ENDINGS {
                let form = format!("{stem}{ending}");
                map.insert(format!("ال{form}"), code.trim());
                map.insert(form, code.trim());
            }
        }
        map
    })
}

/// The country (ISO 3166-1 alpha-2) a nationality adjective names, for any
/// of its forms, with or without the article and attached proclitics:
/// `العراقية` → `IQ`, `والأمريكيين` → `US`, `للسوريين` → `SY`.
pub fn nationality(word: &str) -> Option<&'static str> {
    nationality_of_folded(&fold_key(word))
}

/// [`nationality`] of a word already folded as [`fold_key`] folds it (the
/// resolver's view of the text): no allocation for most words.
pub(crate) fn nationality_of_folded(key: &str) -> Option<&'static str> {
    // Cheap test first: the resolver asks about every word of an article.
    if key.len() < 6 || !ENDINGS.iter().any(|e| key.ends_with(e)) {
        return None;
    }
    let table = table();
    if let Some(&code) = table.get(key) {
        return Some(code);
    }
    for p in PROCLITICS {
        if let Some(rest) = key.strip_prefix(p) {
            if let Some(&code) = table.get(rest) {
                return Some(code);
            }
            // ل + ال loses the alef: للعراقيين.
            if p.ends_with('ل') {
                if let Some(&code) = rest.strip_prefix('ل').and_then(|r| table.get(&format!("ال{r}"))) {
                    return Some(code);
                }
            }
        }
    }
    None
}
