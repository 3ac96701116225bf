//! The word lists the tagger matches, loaded from the embedded data files.

use crate::calendar::{UmmAlQura, Unit};
use crate::lexer::fold_phrase;
use crate::BuildError;
use chrono::Weekday;
use marsad_arabic::stem::FxHashMap;

/// A data file: its name (for provenance) and text.
pub(crate) struct DataFile {
    pub name: &'static str,
    pub text: &'static str,
}

macro_rules! data_file {
    ($name:literal) => {
        DataFile { name: $name, text: include_str!(concat!("../data/", $name)) }
    };
}

/// Every lexicon file, for loading and for the tidy test.
pub(crate) const LEXICON_FILES: &[DataFile] = &[
    data_file!("cues.tsv"),
    data_file!("dayparts.tsv"),
    data_file!("decades.tsv"),
    data_file!("directions.tsv"),
    data_file!("hijri-months.tsv"),
    data_file!("holidays.tsv"),
    data_file!("modifiers.tsv"),
    data_file!("months.tsv"),
    data_file!("numbers.tsv"),
    data_file!("phrases.tsv"),
    data_file!("seasons.tsv"),
    data_file!("units.tsv"),
    data_file!("weekdays.tsv"),
];

pub(crate) const UMM_AL_QURA: DataFile = data_file!("umm-al-qura.tsv");

/// Grammatical number of a unit word or a direction adjective.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GramNumber {
    Singular,
    Dual,
    Plural,
}

/// Tense a cue word signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Future,
    /// A word that looks like a future verb (س + prefix) but is not one.
    Neither,
}

/// What a fixed phrase means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Meaning {
    /// The anchor day shifted by this many days.
    Day(i32),
    /// The night of the anchor day shifted by this many days.
    Night(i32),
    /// A TIMEX3 reference value (`PAST_REF` …).
    Reference(&'static str),
    /// A TIMEX3 SET with this period.
    Set(&'static str),
}

/// Number-word kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumberKind {
    Cardinal,
    Ordinal,
    /// An unspecified small number (بضعة, عدة).
    Few,
}

/// One lexicon entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lex {
    Month { month: u32, weak: bool },
    HijriMonth { month: u32, weak: bool },
    Weekday { weekday: Weekday, weak: bool },
    Phrase { meaning: Meaning },
    Unit { unit: Unit, number: GramNumber },
    Direction { offset: i32, number: GramNumber },
    Modifier { modifier: &'static str },
    Daypart { part: &'static str },
    Number { value: u32, kind: NumberKind },
    Decade { digit: u32 },
    Cue { tense: Tense },
    Holiday { hijri: bool, month: u32, day: u32 },
    Season { code: &'static str },
}

/// An entry with where it came from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    pub lex: Lex,
    pub file: &'static str,
    pub line: u32,
}

/// All lexicons, keyed by folded phrase.
pub(crate) struct Lexicon {
    entries: FxHashMap<String, Vec<Entry>>,
    /// First word of each multi-word key → the most words any such key has.
    multi_word_heads: FxHashMap<String, usize>,
    pub umm_al_qura: UmmAlQura,
}

fn parse_entry(file: &'static str, cols: &[&'static str]) -> Result<Lex, String> {
    let col = |i: usize| cols.get(i).copied().ok_or_else(|| format!("missing column {}", i + 1));
    let int = |i: usize| -> Result<i64, String> {
        col(i)?.parse::<i64>().map_err(|e| format!("column {}: {e}", i + 1))
    };
    let strength = |i: usize| -> Result<bool, String> {
        match col(i)? {
            "weak" => Ok(true),
            "strong" => Ok(false),
            other => Err(format!("strength must be weak or strong, not {other:?}")),
        }
    };
    Ok(match file {
        "months.tsv" => Lex::Month { month: month_number(int(1)?)?, weak: strength(3)? },
        "hijri-months.tsv" => Lex::HijriMonth { month: month_number(int(1)?)?, weak: strength(2)? },
        "weekdays.tsv" => {
            let n = int(1)?;
            let weekday = match n {
                1 => Weekday::Mon,
                2 => Weekday::Tue,
                3 => Weekday::Wed,
                4 => Weekday::Thu,
                5 => Weekday::Fri,
                6 => Weekday::Sat,
                7 => Weekday::Sun,
                _ => return Err(format!("ISO weekday must be 1..=7, not {n}")),
            };
            Lex::Weekday { weekday, weak: strength(2)? }
        }
        "phrases.tsv" => {
            let spec = col(1)?;
            let (kind, arg) = spec.split_once(':').ok_or("meaning must be kind:argument")?;
            let meaning = match kind {
                "day" => Meaning::Day(arg.parse().map_err(|_| "bad day offset")?),
                "night" => Meaning::Night(arg.parse().map_err(|_| "bad night offset")?),
                "ref" if matches!(arg, "PAST_REF" | "PRESENT_REF" | "FUTURE_REF") => Meaning::Reference(arg),
                "set" if arg.starts_with('P') => Meaning::Set(arg),
                _ => return Err(format!("unknown meaning {spec:?}")),
            };
            Lex::Phrase { meaning }
        }
        "units.tsv" => {
            let unit = match col(1)? {
                "Y" => Unit::Year,
                "M" => Unit::Month,
                "W" => Unit::Week,
                "D" => Unit::Day,
                "H" => Unit::Hour,
                "MIN" => Unit::Minute,
                "S" => Unit::Second,
                "DE" => Unit::Decade,
                "CE" => Unit::Century,
                "P" => Unit::Period,
                other => return Err(format!("unknown unit {other:?}")),
            };
            Lex::Unit { unit, number: gram_number(col(2)?)? }
        }
        "directions.tsv" => {
            let offset = int(1)?;
            if !(-1..=1).contains(&offset) {
                return Err("offset must be -1, 0 or 1".into());
            }
            let number = match col(2)? {
                "s" => GramNumber::Singular,
                other => gram_number(other)?,
            };
            Lex::Direction { offset: offset as i32, number }
        }
        "modifiers.tsv" => match col(1)? {
            m @ ("START" | "END" | "MID") => Lex::Modifier { modifier: m },
            other => return Err(format!("unknown mod {other:?}")),
        },
        "dayparts.tsv" => match col(1)? {
            p @ ("MO" | "MI" | "AF" | "EV" | "NI") => Lex::Daypart { part: p },
            other => return Err(format!("unknown part of day {other:?}")),
        },
        "numbers.tsv" => {
            let kind = match col(2)? {
                "card" => NumberKind::Cardinal,
                "ord" => NumberKind::Ordinal,
                "few" => NumberKind::Few,
                other => return Err(format!("unknown number kind {other:?}")),
            };
            Lex::Number { value: u32::try_from(int(1)?).map_err(|_| "negative number")?, kind }
        }
        "decades.tsv" => {
            let digit = int(1)?;
            if !(1..=9).contains(&digit) {
                return Err("decade digit must be 1..=9".into());
            }
            Lex::Decade { digit: digit as u32 }
        }
        "cues.tsv" => Lex::Cue {
            tense: match col(1)? {
                "past" => Tense::Past,
                "future" => Tense::Future,
                "none" => Tense::Neither,
                other => return Err(format!("unknown tense {other:?}")),
            },
        },
        "holidays.tsv" => {
            let hijri = match col(1)? {
                "hijri" => true,
                "gregorian" => false,
                other => return Err(format!("calendar must be hijri or gregorian, not {other:?}")),
            };
            let day = int(3)?;
            if !(1..=31).contains(&day) {
                return Err("day must be 1..=31".into());
            }
            Lex::Holiday { hijri, month: month_number(int(2)?)?, day: day as u32 }
        }
        "seasons.tsv" => match col(1)? {
            c @ ("SP" | "SU" | "FA" | "WI") => Lex::Season { code: c },
            other => return Err(format!("unknown season {other:?}")),
        },
        other => return Err(format!("no parser for data file {other}")),
    })
}

fn month_number(n: i64) -> Result<u32, String> {
    if (1..=12).contains(&n) {
        Ok(n as u32)
    } else {
        Err(format!("month must be 1..=12, not {n}"))
    }
}

fn gram_number(s: &str) -> Result<GramNumber, String> {
    match s {
        "1" => Ok(GramNumber::Singular),
        "2" => Ok(GramNumber::Dual),
        "n" => Ok(GramNumber::Plural),
        other => Err(format!("number must be 1, 2 or n, not {other:?}")),
    }
}

impl Lexicon {
    pub fn load() -> Result<Lexicon, BuildError> {
        // Fx-hashed: looked up for every word of every article, never iterated.
        let mut entries: FxHashMap<String, Vec<Entry>> = FxHashMap::default();
        let mut multi_word_heads: FxHashMap<String, usize> = FxHashMap::default();
        for file in LEXICON_FILES {
            for (n, line) in file.text.lines().enumerate() {
                let line_no = n as u32 + 1;
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let cols: Vec<&'static str> = line.split('\t').collect();
                let lex = parse_entry(file.name, &cols).map_err(|reason| BuildError::Lexicon {
                    file: file.name,
                    line: line_no,
                    reason,
                })?;
                let key = fold_phrase(cols[0]);
                if key.is_empty() {
                    return Err(BuildError::Lexicon {
                        file: file.name,
                        line: line_no,
                        reason: "empty key".into(),
                    });
                }
                let words = key.split(' ').count();
                if words > 1 {
                    let head = key.split(' ').next().unwrap_or_default().to_string();
                    let max = multi_word_heads.entry(head).or_insert(0);
                    *max = (*max).max(words);
                }
                let list = entries.entry(key).or_default();
                if !list.iter().any(|e| e.lex == lex) {
                    list.push(Entry { lex, file: file.name, line: line_no });
                }
            }
        }
        let umm_al_qura =
            UmmAlQura::parse(UMM_AL_QURA.text).map_err(|e| BuildError::Calendar(e.to_string()))?;
        Ok(Lexicon { entries, multi_word_heads, umm_al_qura })
    }

    /// Entries of one folded key.
    #[inline]
    pub fn get(&self, key: &str) -> &[Entry] {
        self.entries.get(key).map_or(&[], Vec::as_slice)
    }

    /// The most words a key starting with `head` has (1 if none is longer).
    #[inline]
    pub fn max_words(&self, head: &str) -> usize {
        self.multi_word_heads.get(head).copied().unwrap_or(1)
    }
}
