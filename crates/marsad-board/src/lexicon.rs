//! The board's word lists (`data/readings.tsv`, `data/nationalities.tsv`)
//! and the word keys they are matched on.

use marsad_arabic::normalize::{normalize, NormLevel};
use std::collections::BTreeMap;

/// The embedded readings file.
pub const READINGS_TSV: &str = include_str!("../data/readings.tsv");
/// The embedded nationalities file.
pub const NATIONALITIES_TSV: &str = include_str!("../data/nationalities.tsv");

/// A line of a data file that could not be read (the text engine's error
/// type for its own data files: file, 1-based line, message).
pub use marsad_arabic::stem::LexiconError;

/// What a cue says about a sentence (the categories of `readings.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CueKind {
    Anaphor,
    Control,
    Deny,
    ForcesHead,
    FromMarker,
    Hypothetical,
    Negation,
    NpStop,
    PartyHead,
    Planned,
    Possessive,
    Prefilter,
    Presence,
    Receive,
    Recipient,
    Security,
    Transfer,
    TroopUnit,
}

impl CueKind {
    fn parse(name: &str) -> Option<CueKind> {
        Some(match name {
            "anaphor" => CueKind::Anaphor,
            "control" => CueKind::Control,
            "deny" => CueKind::Deny,
            "forces_head" => CueKind::ForcesHead,
            "from_marker" => CueKind::FromMarker,
            "hypothetical" => CueKind::Hypothetical,
            "negation" => CueKind::Negation,
            "np_stop" => CueKind::NpStop,
            "party_head" => CueKind::PartyHead,
            "planned" => CueKind::Planned,
            "possessive" => CueKind::Possessive,
            "prefilter" => CueKind::Prefilter,
            "presence" => CueKind::Presence,
            "receive" => CueKind::Receive,
            "recipient" => CueKind::Recipient,
            "security" => CueKind::Security,
            "transfer" => CueKind::Transfer,
            "troop_unit" => CueKind::TroopUnit,
            _ => return None,
        })
    }
}

/// One cue: a phrase of word keys, or a stem found inside a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CuePattern {
    /// Consecutive words, each matched by key (see [`word_keys`]).
    Words(Vec<String>),
    /// A Search-normalised stem found inside one word.
    Stem(String),
    /// A substring of the raw text (prefilter only).
    Raw(String),
}

/// A cue and the data line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    pub kind: CueKind,
    pub pattern: CuePattern,
    pub line: u32,
}

/// A country's forces as the board names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nationality {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The party's name on the board, e.g. `القوات العراقية`.
    pub forces: String,
}

/// Every word list the board reads sentences with.
#[derive(Clone, Debug)]
pub struct BoardLexicon {
    pub cues: Vec<Cue>,
    /// Adjective key (Search-normalised, no article) → nationality.
    pub adjectives: BTreeMap<String, Nationality>,
    /// Country code → the party naming its forces.
    pub forces_by_country: BTreeMap<String, String>,
}

/// The matching key of a cue word: Search-normalised, without the article
/// when at least two letters remain.
pub fn cue_key(word: &str) -> String {
    let n = normalize(word, NormLevel::Search);
    match n.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest.to_string(),
        _ => n,
    }
}

/// Clitic prefixes tried on a text word, longest first.
const PREFIXES: &[&str] = &[
    "وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال", "وب", "ول", "فب", "فل",
    "و", "ف", "ب", "ل", "ك",
];

/// The keys a text word may match a cue by: the Search-normalised word and
/// the word without each clitic prefix it starts with (at least two letters
/// left). Over-generation is harmless: cues are whole words.
pub fn word_keys(word: &str) -> Vec<String> {
    let n = normalize(word, NormLevel::Search);
    let mut keys = vec![n.clone()];
    for prefix in PREFIXES {
        if let Some(rest) = n.strip_prefix(prefix) {
            if rest.chars().count() >= 2 && !keys.iter().any(|k| k == rest) {
                keys.push(rest.to_string());
            }
        }
    }
    keys
}

fn data_lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i as u32 + 1, l.trim_end()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

impl BoardLexicon {
    /// The lexicon embedded in the binary.
    pub fn embedded() -> Result<BoardLexicon, LexiconError> {
        BoardLexicon::from_texts(READINGS_TSV, NATIONALITIES_TSV)
    }

    /// Reads the two data files' contents.
    pub fn from_texts(readings: &str, nationalities: &str) -> Result<BoardLexicon, LexiconError> {
        let mut cues = Vec::new();
        for (line, text) in data_lines(readings) {
            let error = |message: String| LexiconError { file: "readings.tsv", line, message };
            let cols: Vec<&str> = text.split('\t').collect();
            let [kind, matching, phrase] = cols[..] else {
                return Err(error(format!("expected 3 columns, found {}", cols.len())));
            };
            let kind = CueKind::parse(kind).ok_or_else(|| error(format!("unknown category `{kind}`")))?;
            let pattern = match matching {
                "word" => CuePattern::Words(phrase.split_whitespace().map(cue_key).collect()),
                "stem" => CuePattern::Stem(normalize(phrase.trim(), NormLevel::Search)),
                "raw" => CuePattern::Raw(phrase.to_string()),
                other => {
                    return Err(error(format!("MATCH must be `word`, `stem` or `raw`, found `{other}`")))
                }
            };
            let empty = match &pattern {
                CuePattern::Words(w) => w.is_empty(),
                CuePattern::Stem(s) | CuePattern::Raw(s) => s.is_empty(),
            };
            if empty {
                return Err(error("empty phrase".to_string()));
            }
            cues.push(Cue { kind, pattern, line });
        }
        let mut adjectives = BTreeMap::new();
        let mut forces_by_country = BTreeMap::new();
        for (line, text) in data_lines(nationalities) {
            let error = |message: String| LexiconError { file: "nationalities.tsv", line, message };
            let cols: Vec<&str> = text.split('\t').collect();
            let [country, forces, forms] = cols[..] else {
                return Err(error(format!("expected 3 columns, found {}", cols.len())));
            };
            let nationality = Nationality { country: country.to_string(), forces: forces.to_string() };
            for form in forms.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                adjectives.insert(cue_key(form), nationality.clone());
            }
            forces_by_country.insert(country.to_string(), forces.to_string());
        }
        Ok(BoardLexicon { cues, adjectives, forces_by_country })
    }

    /// The cues of one kind.
    pub fn of(&self, kind: CueKind) -> impl Iterator<Item = &Cue> {
        self.cues.iter().filter(move |c| c.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each data file has a header naming its source and licence, and its
    /// data lines are sorted (byte order) without repeats.
    #[test]
    fn data_files_are_headed_sorted_and_parse() {
        for (name, text) in [("readings.tsv", READINGS_TSV), ("nationalities.tsv", NATIONALITIES_TSV)] {
            let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
            assert!(header.iter().any(|l| l.contains("Source:")), "{name}: header names its source");
            assert!(header.iter().any(|l| l.contains("Licence:")), "{name}: header names its licence");
            let lines: Vec<&str> = data_lines(text).map(|(_, l)| l).collect();
            let mut sorted = lines.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(lines, sorted, "{name}: data lines sorted and unique");
        }
        let lexicon = BoardLexicon::embedded().expect("embedded lexicon");
        assert_eq!(lexicon.forces_by_country.get("IQ").map(String::as_str), Some("القوات العراقية"));
        assert!(lexicon.adjectives.contains_key("اميركيه"));
    }

    #[test]
    fn bad_lines_are_reported_with_their_line() {
        let err = BoardLexicon::from_texts("# h\ncontrol\tword\n", "").unwrap_err();
        assert_eq!(err.to_string(), "readings.tsv:2: expected 3 columns, found 2");
        let err = BoardLexicon::from_texts("bogus\tword\tx\n", "").unwrap_err();
        assert_eq!(err.to_string(), "readings.tsv:1: unknown category `bogus`");
    }

    #[test]
    fn word_keys_strip_clitics_and_the_article() {
        assert_eq!(word_keys("وللجيش"), vec!["وللجيش", "جيش", "لجيش", "للجيش"]);
        assert!(word_keys("إلى").contains(&"الي".to_string()));
        assert_eq!(cue_key("الملف"), "ملف");
    }
}
