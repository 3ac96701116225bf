//! The word lists the quote and claim stages are built from, parsed once.
//!
//! Every list is a data file under `data/` (embedded with `include_str!`),
//! with a header saying where it came from and its licence. Entries are
//! Search-normalised words, so lookups use the same folding the stages apply
//! to the text.

use std::collections::{BTreeMap, BTreeSet};

/// The speech-verb lexicon (`data/speech-verbs.tsv`).
pub const SPEECH_VERBS: &str = include_str!("../data/speech-verbs.tsv");
/// Nouns that head an unnamed or institutional source (`data/source-nouns.txt`).
pub const SOURCE_NOUNS: &str = include_str!("../data/source-nouns.txt");
/// Words that end a subject after its verb (`data/speaker-stops.txt`).
pub const SPEAKER_STOPS: &str = include_str!("../data/speaker-stops.txt");
/// Words trimmed from a subject before its verb (`data/subject-skips.txt`).
pub const SUBJECT_SKIPS: &str = include_str!("../data/subject-skips.txt");
/// Counted nouns and their unit keys (`data/unit-nouns.tsv`).
pub const UNIT_NOUNS: &str = include_str!("../data/unit-nouns.tsv");
/// Verbal nouns that introduce speech (`data/speech-nouns.txt`).
pub const SPEECH_NOUNS: &str = include_str!("../data/speech-nouns.txt");
/// Impersonal present forms (`data/impersonal-verbs.txt`).
pub const IMPERSONAL_VERBS: &str = include_str!("../data/impersonal-verbs.txt");
/// Complementisers and the words that block them (`data/complementisers.txt`).
pub const COMPLEMENTISERS: &str = include_str!("../data/complementisers.txt");
/// Approximation and bound cues (`data/approx-cues.tsv`).
pub const APPROX_CUES: &str = include_str!("../data/approx-cues.tsv");
/// Words after a number that are not what it counts (`data/not-counted.txt`).
pub const NOT_COUNTED: &str = include_str!("../data/not-counted.txt");
/// Nouns before a number that make it a designation (`data/designation-nouns.txt`).
pub const DESIGNATION_NOUNS: &str = include_str!("../data/designation-nouns.txt");
/// Words that name the source of a figure (`data/attribution-cues.txt`).
pub const ATTRIBUTION_CUES: &str = include_str!("../data/attribution-cues.txt");

/// Why a lexicon could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LexiconError {
    /// A line with the wrong number of fields.
    #[error("{file} line {line}: expected {expected}")]
    BadLine {
        /// The list file.
        file: &'static str,
        /// 1-based line.
        line: u32,
        /// What the line should look like.
        expected: &'static str,
    },
    /// A field value the list does not allow.
    #[error("{file} line {line}: unknown value `{value}`")]
    UnknownValue {
        /// The list file.
        file: &'static str,
        /// 1-based line.
        line: u32,
        /// The offending value.
        value: String,
    },
}

/// How a speech-verb form introduces speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerbForm {
    /// A finite verb (قال, تقول, أكدوا): has its own subject or a pronoun one.
    Finite,
    /// A circumstantial participle (قائلاً, مضيفاً): always continues the
    /// subject of its clause.
    Participle,
    /// A verbal noun (بالقول, قوله): like a participle, or the speaker is
    /// named after عن / إلى right before it.
    Noun,
}

/// One speech-verb surface form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerbEntry {
    /// Finite verb, participle or verbal noun.
    pub form: VerbForm,
    /// The lexicon file and line of the entry (provenance).
    pub file: &'static str,
    /// 1-based line in `file`.
    pub line: u32,
    /// The form is also a common noun or particle: it only counts when a
    /// complementiser follows within a few words.
    pub strict: bool,
}

/// Data lines of a list file: (line number, fields), comments and blanks skipped.
fn data_lines(text: &str) -> impl Iterator<Item = (u32, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end();
        (!line.is_empty() && !line.starts_with('#')).then(|| ((i + 1) as u32, line.split('\t').collect()))
    })
}

/// Every surface form of a past-tense 3rd person masculine singular stem.
fn past_forms(past: &str) -> Vec<String> {
    let mut forms = vec![past.to_string()];
    // A final weak letter (نفى → نفي, دعا) drops before the suffixes: نفت, دعوا.
    let stem = match past.chars().last() {
        Some('ي' | 'ا') => &past[..past.len() - 2],
        _ => past,
    };
    for suffix in ["ت", "وا", "تا"] {
        forms.push(format!("{stem}{suffix}"));
    }
    if stem == past {
        forms.push(format!("{past}ا"));
    }
    forms
}

/// Every surface form of a present-tense 3rd person masculine singular verb
/// (which starts with ي): the other persons, genders and numbers.
fn present_forms(present: &str) -> Vec<String> {
    let Some(rest) = present.strip_prefix('ي') else { return vec![present.to_string()] };
    // No first person (نقول, نذكر): that is the outlet's own voice.
    let mut forms = vec![present.to_string(), format!("ت{rest}")];
    let plural_stem = match rest.chars().last() {
        Some('و' | 'ي') => &rest[..rest.len() - 2],
        _ => rest,
    };
    for prefix in ["ي", "ت"] {
        forms.push(format!("{prefix}{plural_stem}ون"));
        forms.push(format!("{prefix}{plural_stem}ان"));
    }
    forms
}

/// Participle forms: masculine with and without the accusative alef, feminine.
fn participle_forms(masc_acc: &str) -> Vec<String> {
    let bare = masc_acc.strip_suffix('ا').unwrap_or(masc_acc);
    vec![masc_acc.to_string(), bare.to_string(), format!("{bare}ه")]
}

/// Reads the speech-verb lexicon into a map from surface form to entry.
pub fn parse_speech_verbs(text: &str) -> Result<BTreeMap<String, VerbEntry>, LexiconError> {
    const FILE: &str = "speech-verbs.tsv";
    let mut verbs = BTreeMap::new();
    for (line, fields) in data_lines(text) {
        let [past, present, participle, rest @ ..] = fields.as_slice() else {
            return Err(LexiconError::BadLine {
                file: FILE,
                line,
                expected: "past<TAB>present<TAB>participle[<TAB>strict]",
            });
        };
        let strict = match rest {
            [] => false,
            ["strict"] => true,
            [other, ..] => {
                return Err(LexiconError::UnknownValue { file: FILE, line, value: other.to_string() })
            }
        };
        let finite = VerbEntry { form: VerbForm::Finite, file: FILE, line, strict };
        for form in past_forms(past).into_iter().chain(present_forms(present)) {
            verbs.entry(form).or_insert(finite);
        }
        if *participle != "-" {
            for form in participle_forms(participle) {
                verbs.entry(form).or_insert(VerbEntry {
                    form: VerbForm::Participle,
                    file: FILE,
                    line,
                    strict,
                });
            }
        }
    }
    for (line, fields) in data_lines(SPEECH_NOUNS) {
        if let Some(noun) = fields.first() {
            verbs.entry(noun.to_string()).or_insert(VerbEntry {
                form: VerbForm::Noun,
                file: "speech-nouns.txt",
                line,
                strict: false,
            });
        }
    }
    Ok(verbs)
}

/// Reads a one-word-per-line list.
pub fn parse_word_set(text: &str) -> BTreeSet<String> {
    data_lines(text).filter_map(|(_, fields)| fields.first().map(|w| w.to_string())).collect()
}

/// Reads the complementiser list: (complementisers, blockers).
pub fn parse_complementisers(text: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    match text.split_once("\n-\n") {
        Some((words, blockers)) => (parse_word_set(words), parse_word_set(blockers)),
        None => (parse_word_set(text), BTreeSet::new()),
    }
}

/// A unit noun entry: its key and its line (provenance).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitEntry {
    /// The unit key (singular, Search-normalised).
    pub key: String,
    /// 1-based line in `unit-nouns.tsv` (provenance).
    pub line: u32,
}

/// Reads the unit-noun lexicon: form → unit key.
pub fn parse_units(text: &str) -> Result<BTreeMap<String, UnitEntry>, LexiconError> {
    let mut units = BTreeMap::new();
    for (line, fields) in data_lines(text) {
        let [form, key] = fields.as_slice() else {
            return Err(LexiconError::BadLine { file: "unit-nouns.tsv", line, expected: "form<TAB>key" });
        };
        units.insert(form.to_string(), UnitEntry { key: key.to_string(), line });
    }
    Ok(units)
}

/// The approximation values a cue may carry.
pub const APPROX_VALUES: &[&str] = &["about", "at_least", "at_most", "less_than", "more_than", "up_to"];

/// Reads the approximation cues: word sequences and their approx value.
pub fn parse_approx(text: &str) -> Result<Vec<(Vec<String>, &'static str)>, LexiconError> {
    const FILE: &str = "approx-cues.tsv";
    let mut cues = Vec::new();
    for (line, fields) in data_lines(text) {
        let [phrase, value] = fields.as_slice() else {
            return Err(LexiconError::BadLine { file: FILE, line, expected: "phrase<TAB>approx" });
        };
        let Some(value) = APPROX_VALUES.iter().find(|v| *v == value) else {
            return Err(LexiconError::UnknownValue { file: FILE, line, value: value.to_string() });
        };
        cues.push((phrase.split(' ').map(str::to_string).collect(), *value));
    }
    // Longest first, so the longest cue that fits wins.
    cues.sort_by(|a: &(Vec<String>, &str), b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    Ok(cues)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_forms_cover_persons_and_tenses() {
        let verbs = parse_speech_verbs(SPEECH_VERBS).unwrap();
        for form in [
            "قال",
            "قالت",
            "قالوا",
            "يقول",
            "تقول",
            "يقولون",
            "اكدت",
            "يؤكد",
            "نفت",
            "نفوا",
            "دعت",
            "يدعون",
            "ينفون",
        ] {
            assert_eq!(verbs.get(form).map(|v| v.form), Some(VerbForm::Finite), "{form}");
        }
        for form in ["قائلا", "قائله", "مضيفا", "مضيف", "مشيره"] {
            assert_eq!(verbs.get(form).map(|v| v.form), Some(VerbForm::Participle), "{form}");
        }
        assert!(!verbs.contains_key("قول"));
    }

    /// The tidy check: every list parses, is headed, and is sorted.
    #[test]
    fn lists_are_headed_sorted_and_parse() {
        let files = [
            ("speech-verbs.tsv", SPEECH_VERBS),
            ("source-nouns.txt", SOURCE_NOUNS),
            ("speaker-stops.txt", SPEAKER_STOPS),
            ("subject-skips.txt", SUBJECT_SKIPS),
            ("unit-nouns.tsv", UNIT_NOUNS),
            ("approx-cues.tsv", APPROX_CUES),
            ("speech-nouns.txt", SPEECH_NOUNS),
            ("impersonal-verbs.txt", IMPERSONAL_VERBS),
            ("not-counted.txt", NOT_COUNTED),
            ("designation-nouns.txt", DESIGNATION_NOUNS),
            ("attribution-cues.txt", ATTRIBUTION_CUES),
        ];
        for (name, text) in files {
            assert!(text.starts_with('#'), "{name} has no header");
            assert!(text.contains("Licence"), "{name} header names no licence");
            let keys: Vec<&str> = text
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(|l| l.split('\t').next().unwrap())
                .collect();
            let mut sorted = keys.clone();
            sorted.sort();
            assert_eq!(keys, sorted, "{name} is not sorted");
            for key in keys {
                let folded =
                    marsad_arabic::normalize::normalize(key, marsad_arabic::normalize::NormLevel::Search);
                assert_eq!(folded, key, "{name}: `{key}` is not Search-normalised");
            }
        }
        parse_units(UNIT_NOUNS).unwrap();
        let (words, blockers) = parse_complementisers(COMPLEMENTISERS);
        for set in [words, blockers] {
            assert!(!set.is_empty());
            for w in set {
                assert_eq!(
                    marsad_arabic::normalize::normalize(&w, marsad_arabic::normalize::NormLevel::Search),
                    w
                );
            }
        }
        parse_approx(APPROX_CUES).unwrap();
    }
}
