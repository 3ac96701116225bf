//! An attack's PLOVER mode from the weapon the text names near it.
//!
//! The trigger lexicon gives a mode where the word itself carries one
//! (`غارة` is an air raid, `قصف` shelling); most attack and casualty words
//! carry none (`هجوم`, `مقتل`), and the sentence names the weapon nearby:
//! `هجوم صاروخي`, `قصف جوي`, `مقتل شرطي في هجوم مسلح`, `بانفجار عبوة
//! ناسفة`. `data/weapons.tsv` lists those words; the one nearest the
//! trigger, in the same sentence, sets or sharpens the mode.

use crate::lexicon::{key, LexiconError};
use crate::{EventCoder, Found};
use marsad_core::{Doc, Event};

pub(crate) const WEAPONS_FILE: &str = "weapons.tsv";
const WEAPONS: &str = include_str!("../data/weapons.tsv");

/// How many words before an attack trigger a weapon word may stand
/// (`بنيران … مقتل` is rarer than `مقتل … بنيران`).
const REACH_BEFORE: usize = 3;

/// One line of `weapons.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WeaponCue {
    /// Consecutive word keys.
    pub words: Vec<String>,
    pub mode: String,
    /// How many words after the trigger the cue may start.
    pub reach: usize,
    /// Lexicon modes this cue may replace (`جوي` turns shelling into an air
    /// strike); an empty list fills only an empty mode.
    pub replaces: Vec<String>,
}

/// The loaded weapon words.
#[derive(Clone, Debug, Default)]
pub(crate) struct WeaponCues {
    cues: Vec<WeaponCue>,
}

impl WeaponCues {
    pub(crate) fn embedded() -> Result<WeaponCues, LexiconError> {
        WeaponCues::parse(WEAPONS)
    }

    pub(crate) fn parse(text: &str) -> Result<WeaponCues, LexiconError> {
        let mut cues = Vec::new();
        let lines = text.lines().enumerate().map(|(i, l)| (i as u32 + 1, l.trim_end()));
        for (line, text) in lines.filter(|(_, l)| !l.is_empty() && !l.starts_with('#')) {
            let err = |message: String| LexiconError { file: WEAPONS_FILE, line, message };
            let cols: Vec<&str> = text.split('\t').collect();
            let [words, mode, reach, replaces] = cols[..] else {
                return Err(err(format!("expected 4 tab-separated columns, found {}", cols.len())));
            };
            let reach = reach.parse().map_err(|_| err(format!("reach `{reach}` is no number")))?;
            let replaces = match replaces {
                "-" => Vec::new(),
                list => list.split(',').map(str::to_string).collect(),
            };
            cues.push(WeaponCue {
                words: words.split(' ').map(key).collect(),
                mode: mode.to_string(),
                reach,
                replaces,
            });
        }
        Ok(WeaponCues { cues })
    }

    /// The mode named by the weapon word nearest token range `first..last`
    /// within `lo..hi` (a sentence), as (distance, mode, replaces).
    fn nearest(
        &self,
        keys: &[String],
        first: usize,
        last: usize,
        lo: usize,
        hi: usize,
    ) -> Option<&WeaponCue> {
        let mut best: Option<(usize, &WeaponCue)> = None;
        for cue in &self.cues {
            let n = cue.words.len();
            let matches_at = |j: usize| j + n <= keys.len() && keys[j..j + n] == cue.words[..];
            let after =
                (last..hi.min(last + cue.reach)).find(|&j| j + n <= hi && matches_at(j)).map(|j| j - last);
            let before = (first.saturating_sub(REACH_BEFORE).max(lo)..first)
                .rev()
                .find(|&j| j + n <= first && matches_at(j))
                .map(|j| first - j);
            let distance = match (after, before) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => match a.or(b) {
                    Some(d) => d,
                    None => continue,
                },
            };
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, cue));
            }
        }
        best.map(|(_, cue)| cue)
    }
}

impl EventCoder {
    /// Sets or sharpens an attack's mode from the nearest weapon word of its
    /// sentence (see the module doc).
    pub(crate) fn refine_mode(&self, doc: &Doc, keys: &[String], f: &Found, event: &mut Event) {
        if event.kind != "ASSAULT" {
            return;
        }
        let sentence = doc.sentences.get(f.sentence).map_or(0..keys.len(), |s| doc.tokens_in(s.range));
        let Some(cue) = self.weapons.nearest(keys, f.first, f.last, sentence.start, sentence.end) else {
            return;
        };
        let replaceable = match event.mode.as_deref() {
            None => true,
            Some(m) => m != cue.mode && cue.replaces.iter().any(|r| r == m),
        };
        if replaceable {
            event.mode = Some(cue.mode.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weapon_lines_are_read_and_bad_ones_rejected() {
        let cues = WeaponCues::embedded().unwrap();
        assert!(cues.cues.iter().any(|c| c.mode == "aerial" && c.replaces == ["heavy-weapons"]));
        let err = WeaponCues::parse("جوي\taerial\tfar\t-\n").unwrap_err();
        assert_eq!(err.to_string(), "weapons.tsv:1: reach `far` is no number");
        let err = WeaponCues::parse("جوي\taerial\n").unwrap_err();
        assert_eq!(err.to_string(), "weapons.tsv:1: expected 4 tab-separated columns, found 2");
    }

    #[test]
    fn the_nearest_weapon_word_wins() {
        let cues = WeaponCues::parse("جوي\taerial\t4\theavy-weapons\nنار\tfirearms\t8\t-\n").unwrap();
        let keys: Vec<String> = "قصف جوي ثم اطلاق نار".split(' ').map(key).collect();
        assert_eq!(cues.nearest(&keys, 0, 1, 0, keys.len()).map(|c| c.mode.as_str()), Some("aerial"));
        assert_eq!(cues.nearest(&keys, 3, 4, 0, keys.len()).map(|c| c.mode.as_str()), Some("firearms"));
        // Outside the sentence, nothing.
        assert_eq!(cues.nearest(&keys, 0, 1, 0, 1).map(|c| c.mode.as_str()), None);
    }
}
