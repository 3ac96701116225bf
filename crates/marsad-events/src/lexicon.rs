//! The trigger lexicon: verbs and verbal nouns of `data/triggers.tsv`,
//! expanded to the inflected forms news text uses, keyed at the Search
//! normalisation level without clitics and article.

use marsad_arabic::normalize::{normalize, NormLevel};
use std::collections::HashMap;

pub(crate) const TRIGGERS_FILE: &str = "triggers.tsv";
pub(crate) const TRIGGERS: &str = include_str!("../data/triggers.tsv");
pub(crate) const BLOCKERS_FILE: &str = "blockers.tsv";
pub(crate) const BLOCKERS: &str = include_str!("../data/blockers.tsv");
pub(crate) const CUES_FILE: &str = "cues.tsv";
pub(crate) const CUES: &str = include_str!("../data/cues.tsv");
pub(crate) const RETYPE_FILE: &str = "retype.tsv";
pub(crate) const RETYPE: &str = include_str!("../data/retype.tsv");
pub(crate) const COMPANIONS_FILE: &str = "companions.tsv";
pub(crate) const COMPANIONS: &str = include_str!("../data/companions.tsv");
pub(crate) const LIGHT_VERBS_FILE: &str = "light-verbs.txt";
pub(crate) const LIGHT_VERBS: &str = include_str!("../data/light-verbs.txt");

/// A lexicon file that cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{file}:{line}: {message}")]
pub struct LexiconError {
    pub file: &'static str,
    pub line: u32,
    pub message: String,
}

/// PLOVER's sixteen event types.
pub const PLOVER_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// Part of speech of a trigger form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerPos {
    Verb,
    Noun,
}

/// One line of the trigger lexicon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TriggerEntry {
    pub kind: &'static str,
    pub mode: Option<String>,
    pub subtype: Option<String>,
    /// Line in `triggers.tsv`, for provenance.
    pub line: u32,
    /// Whether the noun phrase right after the verbal noun is its actor
    /// (`انسحاب القوات`) or its object (`اعتقال الصحفي`).
    pub genitive_is_actor: bool,
    /// The subject (verb) or genitive (noun) is the party that receives
    /// (`تسلم الجيش القاعدة من القوات`): it is the recipient, and the
    /// actor is the party after `من`.
    pub subject_receives: bool,
    /// The genitive is what the event is about, neither actor nor
    /// recipient (`بحث أمن الحدود`): it fills no role.
    pub genitive_is_topic: bool,
    /// The genitive is the victim of a killing, arrest or abduction
    /// (`مقتل شرطي`, `اعتقال ناشطين`): an object that may be indefinite, and
    /// the verb's subject is the victim when no object follows it (`قتل
    /// السفير في هجوم`: the unvowelled passive).
    pub genitive_is_victim: bool,
}

/// A multi-word trigger: each word a set of accepted keys.
#[derive(Clone, Debug)]
pub struct Phrase {
    pub words: Vec<Vec<String>>,
    pub entry: usize,
    pub pos: TriggerPos,
}

/// Flags set by words before a trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    Negated,
    Planned,
    Hypothetical,
}

/// The loaded lexicons.
#[derive(Clone, Debug)]
pub struct EventLexicon {
    pub entries: Vec<TriggerEntry>,
    /// Single-word key → (entry, part of speech); the first line wins.
    pub words: HashMap<String, (usize, TriggerPos)>,
    /// Multi-word triggers, longest first.
    pub phrases: Vec<Phrase>,
    /// First-word key → indices into `phrases` (longest first): a token
    /// looks up only the phrases that can start with it.
    pub phrase_starts: HashMap<String, Vec<usize>>,
    /// (trigger key, next-word key) pairs that cancel a trigger.
    pub blockers: Vec<(String, String)>,
    /// (previous-word key, trigger entry) pairs that cancel a trigger: any
    /// form of the entry after that word (`تحت سيطرتهم`, `سيارة ترحيلات`).
    pub blockers_before: Vec<(String, usize)>,
    /// Keys of verb forms whose stem starts with `ال` (`التقى`): the
    /// tokenizer reads that as the article, which verbs otherwise never take.
    pub article_like_verbs: std::collections::HashSet<String>,
    /// Cue phrases (word keys) and what they flag.
    pub cues: Vec<(Vec<String>, Cue)>,
    /// Entries that are events only with one of these word sequences within
    /// four words after the trigger (`نقل` … `الملف الأمني`).
    pub companions: HashMap<usize, Vec<Vec<String>>>,
    /// Conjugated forms of support verbs (`فرضت` … `عقوبات`).
    pub light_verbs: std::collections::HashSet<String>,
    /// Context rules: a word after a trigger of a type changes the type and
    /// mode, or drops the event (`None`).
    pub retypes: Vec<Retype>,
}

/// One line of `retype.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retype {
    pub kind: &'static str,
    /// Consecutive word keys to find after the trigger.
    pub words: Vec<String>,
    /// The new type and mode, or `None` to drop the event.
    pub to: Option<(&'static str, Option<String>)>,
    pub line: u32,
}

/// The matching key of a word: Search level, leading article removed.
pub fn key(word: &str) -> String {
    let n = normalize(word, NormLevel::Search);
    match n.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest.to_string(),
        _ => n,
    }
}

fn data_lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i as u32 + 1, l.trim_end()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// Past-tense forms of a verb whose 3rd person masculine singular past stem
/// (Search level) is `past`.
fn past_forms(past: &str) -> Vec<String> {
    let mut out = Vec::new();
    for suffix in ["", "ت", "وا", "ا", "تا", "ن", "نا", "تم", "تن"] {
        out.push(format!("{past}{suffix}"));
    }
    // Defective verbs: نفى/نفت/نفوا, دعا/دعت/دعوا.
    if let Some(stem) = past.strip_suffix('ي').or_else(|| past.strip_suffix('ا')) {
        for suffix in ["ت", "وا", "تا"] {
            out.push(format!("{stem}{suffix}"));
        }
    }
    out
}

/// Imperfect forms from the imperfect stem (without person prefix).
fn imperfect_forms(stem: &str) -> Vec<String> {
    let mut out = Vec::new();
    let weak = stem.strip_suffix('ي').or_else(|| stem.strip_suffix('و'));
    for prefix in ["ي", "ت", "ن", "ا"] {
        for suffix in ["", "ون", "ان", "ين", "وا", "ن"] {
            out.push(format!("{prefix}{stem}{suffix}"));
        }
        if let Some(w) = weak {
            for suffix in ["ون", "ين", "وا"] {
                out.push(format!("{prefix}{w}{suffix}"));
            }
        }
    }
    out
}

/// Forms of a verbal noun: singular, feminine construct (ـت before a
/// pronoun), sound plurals and duals.
fn noun_forms(noun: &str) -> Vec<String> {
    let mut out = vec![noun.to_string()];
    if let Some(stem) = noun.strip_suffix('ه') {
        for suffix in ["ات", "ت", "تان", "تين"] {
            out.push(format!("{stem}{suffix}"));
        }
    } else {
        // `ا` is the accusative tanween written on the alef (`اتفاقا`).
        for suffix in ["ات", "ان", "ين", "ا"] {
            out.push(format!("{noun}{suffix}"));
        }
    }
    out
}

/// The keys a phrase word accepts: `PAST|IMPERFECT` is conjugated, a plain
/// word matches itself and its noun forms.
fn word_keys(word: &str) -> Vec<String> {
    match word.split_once('|') {
        Some((past, imperfect)) => {
            // An empty past (`|سلم`) keeps only the imperfect: the bare past
            // is a common noun too (`سلم`, peace). An empty imperfect
            // (`سيطر|`) keeps only the past: the present is a state
            // (`يسيطر على` "controls"), not an event.
            // A past written `سلم+` keeps only its inflected forms (`سلمت`,
            // `سلموا`): the bare stem is a common noun.
            let mut v = match past.strip_suffix('+') {
                _ if past.is_empty() => Vec::new(),
                Some(stem) => {
                    let stem = key(stem);
                    past_forms(&stem).into_iter().filter(|f| *f != stem).collect()
                }
                None => past_forms(&key(past)),
            };
            if !imperfect.is_empty() {
                v.extend(imperfect_forms(&key(imperfect)));
            }
            v
        }
        None => noun_forms(&key(word)),
    }
}

impl EventLexicon {
    /// The embedded lexicons.
    pub fn embedded() -> Result<EventLexicon, LexiconError> {
        let mut lex = EventLexicon::from_files(TRIGGERS, BLOCKERS, CUES)?;
        for (line, text) in data_lines(COMPANIONS) {
            let Some((trigger, words)) = text.split_once('\t') else {
                return Err(LexiconError {
                    file: COMPANIONS_FILE,
                    line,
                    message: "expected TRIGGER<TAB>WORDS".into(),
                });
            };
            let Some(&(entry, _)) = lex.words.get(&key(trigger)) else {
                return Err(LexiconError {
                    file: COMPANIONS_FILE,
                    line,
                    message: format!("`{trigger}` is no trigger"),
                });
            };
            lex.companions.entry(entry).or_default().push(words.split(' ').map(key).collect());
        }
        for (line, text) in data_lines(LIGHT_VERBS) {
            if !text.contains('|') {
                return Err(LexiconError {
                    file: LIGHT_VERBS_FILE,
                    line,
                    message: format!("`{text}` must be PAST|IMPERFECT"),
                });
            }
            lex.light_verbs.extend(word_keys(text));
        }
        let plover = |t: &str, line: u32| {
            PLOVER_TYPES.iter().copied().find(|p| *p == t).ok_or_else(|| LexiconError {
                file: RETYPE_FILE,
                line,
                message: format!("`{t}` is not a PLOVER type"),
            })
        };
        for (line, text) in data_lines(RETYPE) {
            let cols: Vec<&str> = text.split('\t').collect();
            let [kind, word, to, mode] = cols[..] else {
                return Err(LexiconError { file: RETYPE_FILE, line, message: "expected 4 columns".into() });
            };
            let to = match to {
                "-" => None,
                t => Some((plover(t, line)?, (mode != "-").then(|| mode.to_string()))),
            };
            lex.retypes.push(Retype {
                kind: plover(kind, line)?,
                words: word.split(' ').map(key).collect(),
                to,
                line,
            });
        }
        Ok(lex)
    }

    pub fn from_files(triggers: &str, blockers: &str, cues: &str) -> Result<EventLexicon, LexiconError> {
        let err = |file, line, message: String| LexiconError { file, line, message };
        let mut lex = EventLexicon {
            entries: Vec::new(),
            words: HashMap::new(),
            phrases: Vec::new(),
            phrase_starts: HashMap::new(),
            blockers: Vec::new(),
            blockers_before: Vec::new(),
            article_like_verbs: Default::default(),
            companions: HashMap::new(),
            cues: Vec::new(),
            light_verbs: Default::default(),
            retypes: Vec::new(),
        };
        for (line, text) in data_lines(triggers) {
            let cols: Vec<&str> = text.split('\t').collect();
            let [kind, mode, subtype, verb, nouns, genitive] = cols[..] else {
                return Err(err(
                    TRIGGERS_FILE,
                    line,
                    format!("expected 6 tab-separated columns, found {}", cols.len()),
                ));
            };
            let (genitive_is_actor, subject_receives, genitive_is_topic) = match genitive {
                "actor" => (true, false, false),
                "object" | "victim" => (false, false, false),
                "receiver" => (true, true, false),
                "topic" => (false, false, true),
                other => {
                    return Err(err(
                        TRIGGERS_FILE,
                        line,
                        format!("genitive `{other}`: expected actor, object, victim, receiver or topic"),
                    ))
                }
            };
            let genitive_is_victim = genitive == "victim";
            let kind = *PLOVER_TYPES
                .iter()
                .find(|t| **t == kind)
                .ok_or_else(|| err(TRIGGERS_FILE, line, format!("`{kind}` is not a PLOVER type")))?;
            let opt = |s: &str| (s != "-").then(|| s.to_string());
            let entry = lex.entries.len();
            lex.entries.push(TriggerEntry {
                kind,
                mode: opt(mode),
                subtype: opt(subtype),
                line,
                genitive_is_actor,
                subject_receives,
                genitive_is_topic,
                genitive_is_victim,
            });
            let mut forms: Vec<(Vec<Vec<String>>, TriggerPos)> = Vec::new();
            if verb != "-" {
                if !verb.contains('|') || verb.contains(' ') {
                    return Err(err(TRIGGERS_FILE, line, format!("verb `{verb}` must be PAST|IMPERFECT")));
                }
                forms.push((vec![word_keys(verb)], TriggerPos::Verb));
                if normalize(verb, NormLevel::Search).starts_with("ال") {
                    lex.article_like_verbs.extend(word_keys(verb));
                }
            }
            if nouns != "-" {
                for noun in nouns.split(',') {
                    let words: Vec<Vec<String>> = noun.split(' ').map(word_keys).collect();
                    // A phrase headed by a conjugated verb (`فتح|فتح النار`)
                    // reads its actor like a verb.
                    let pos = if noun.split(' ').next().is_some_and(|w| w.contains('|')) {
                        TriggerPos::Verb
                    } else {
                        TriggerPos::Noun
                    };
                    forms.push((words, pos));
                }
            }
            if forms.is_empty() {
                return Err(err(TRIGGERS_FILE, line, "neither a verb nor a noun".into()));
            }
            for (words, pos) in forms {
                if words.len() == 1 {
                    for k in &words[0] {
                        lex.words.entry(k.clone()).or_insert((entry, pos));
                    }
                } else {
                    lex.phrases.push(Phrase { words, entry, pos });
                }
            }
        }
        lex.phrases.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        for (n, phrase) in lex.phrases.iter().enumerate() {
            for first in &phrase.words[0] {
                let starts = lex.phrase_starts.entry(first.clone()).or_default();
                if starts.last() != Some(&n) {
                    starts.push(n);
                }
            }
        }
        for (line, text) in data_lines(blockers) {
            let cols: Vec<&str> = text.split('\t').collect();
            match cols[..] {
                ["next", trigger, next] => lex.blockers.push((key(trigger), key(next))),
                ["before", previous, trigger] => {
                    let k = key(trigger);
                    let entry =
                        lex.words.get(&k).map(|&(e, _)| e).or_else(|| {
                            lex.phrases.iter().find(|p| p.words[0].contains(&k)).map(|p| p.entry)
                        });
                    let Some(entry) = entry else {
                        return Err(err(BLOCKERS_FILE, line, format!("`{trigger}` is no trigger")));
                    };
                    lex.blockers_before.push((key(previous), entry));
                }
                _ => {
                    return Err(err(
                        BLOCKERS_FILE,
                        line,
                        "expected next<TAB>TRIGGER<TAB>NEXT or before<TAB>PREVIOUS<TAB>TRIGGER".into(),
                    ))
                }
            }
        }
        for (line, text) in data_lines(cues) {
            let Some((flag, phrase)) = text.split_once('\t') else {
                return Err(err(CUES_FILE, line, "expected FLAG<TAB>WORDS".into()));
            };
            let cue = match flag {
                "negated" => Cue::Negated,
                "planned" => Cue::Planned,
                "hypothetical" => Cue::Hypothetical,
                other => return Err(err(CUES_FILE, line, format!("unknown flag `{other}`"))),
            };
            lex.cues.push((phrase.split(' ').map(key).collect(), cue));
        }
        Ok(lex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicons_load_and_cover_every_plover_type() {
        let lex = EventLexicon::embedded().unwrap();
        for t in PLOVER_TYPES {
            assert!(lex.entries.iter().any(|e| e.kind == t), "no trigger for {t}");
        }
    }

    #[test]
    fn conjugation_reaches_the_forms_news_uses() {
        let lex = EventLexicon::embedded().unwrap();
        for (word, kind) in [
            ("انسحبت", "RETREAT"),
            ("تنسحب", "RETREAT"),
            ("ينسحبون", "RETREAT"),
            ("انسحاب", "RETREAT"),
            ("الانسحابات", "RETREAT"),
            ("مغادرة", "RETREAT"),
            ("نفت", "REJECT"),
            ("ينفي", "REJECT"),
            ("دعت", "REQUEST"),
            ("يدعون", "REQUEST"),
            ("التقى", "CONSULT"),
            ("زيارته", "CONSULT"),
            ("اعتقلت", "COERCE"),
            ("المظاهرات", "PROTEST"),
            ("غارات", "ASSAULT"),
        ] {
            // Pronoun suffixes are cut by the tokenizer; here we test keys.
            let k = key(word.trim_end_matches("ه"));
            let k = if word == "زيارته" { key("زيارت") } else { k };
            let found = lex.words.get(&k).map(|(e, _)| lex.entries[*e].kind);
            assert_eq!(found, Some(kind), "{word} (key {k})");
        }
    }

    #[test]
    fn bad_lines_are_rejected_with_their_position() {
        let e = EventLexicon::from_files("# h\nFOO\t-\t-\tا|ب\t-\tactor\n", "", "").unwrap_err();
        assert_eq!((e.file, e.line), (TRIGGERS_FILE, 2));
        let e = EventLexicon::from_files("ASSAULT\t-\t-\tقصف\t-\tobject\n", "", "").unwrap_err();
        assert!(e.message.contains("PAST|IMPERFECT"), "{e}");
        let e = EventLexicon::from_files("", "", "maybe\tلا\n").unwrap_err();
        assert_eq!((e.file, e.line), (CUES_FILE, 1));
    }
}
