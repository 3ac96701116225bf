//! Light stemming and lemma keys for Search-normalised Arabic words.
//!
//! The stemmer follows the Larkey / Lucene "light10" tradition: strip one
//! prefix (`ال وال بال كال فال لل و`), then each of the suffixes
//! `ها ان ات ون ين يه ية ه ة ي` once, in that order. Two changes make it
//! safe on news text, where names matter more than recall:
//!
//! - a stem keeps at least three letters (Lucene allows two), so `علي`,
//!   `بيان`, `مكان` stay whole;
//! - words in `data/stem-protected.txt` stop the stripping as soon as they are
//!   reached (`ايران`, `لبنان`, `فلسطين`; `بيانات` → `بيان`), and a leading `و`
//!   listed in `data/token-clitic-exceptions.txt` is part of the word
//!   (`وزير`, `واشنطن`).
//!
//! A *lemma key* is the stem, except where `data/stem-lemmas.tsv` joins forms
//! light stemming cannot: broken plurals (`وزراء` → `وزير`) and country names
//! to their nisba (`سوريا` → `سوري`, so `سوريا` and `السورية` share a key).
//!
//! Inputs are expected at [`NormLevel::Search`](crate::normalize::NormLevel).

use crate::normalize::{normalize, NormLevel};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A lexicon data file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct LexiconError {
    /// The data file's name.
    pub file: &'static str,
    /// 1-based line number.
    pub line: u32,
    /// What is wrong with the line.
    pub message: String,
}

/// The non-comment, non-blank lines of a lexicon file, with 1-based numbers.
pub(crate) fn lexicon_lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i as u32 + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

/// `word.ends_with(suffix)` compared byte by byte: the suffixes are a few
/// bytes long, and `str::ends_with` calls `memcmp` for them.
#[inline]
pub(crate) fn ends_with_bytes(word: &str, suffix: &str) -> bool {
    let (word, suffix) = (word.as_bytes(), suffix.as_bytes());
    word.len() >= suffix.len() && word[word.len() - suffix.len()..].iter().zip(suffix).all(|(a, b)| a == b)
}

/// A hash map keyed by FxHash, for lookups of short words (also used by the
/// annotator crates for their own word lists).
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A hash set keyed by FxHash.
pub type FxHashSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// FxHash (as in rustc): a fast hash for short keys from our own lexicons.
/// The sets are only looked up with untrusted text, never filled from it.
/// Hash values are not stable across versions: never iterate a hashed
/// collection into output.
#[derive(Default, Clone, Copy, Debug)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8-byte chunk")));
        }
        // The last 1 to 7 bytes as one word, read without a variable-length
        // copy (which costs a `memcpy` call per lookup). Only the hash
        // values change with this choice; nothing iterates a hashed
        // collection into output.
        let rest = chunks.remainder();
        let word = match rest.len() {
            0 => return,
            4..=7 => {
                let low = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes"));
                let high = u32::from_le_bytes(rest[rest.len() - 4..].try_into().expect("4 bytes"));
                u64::from(low) | (u64::from(high) << 32)
            }
            _ => rest.iter().rev().fold(0u64, |word, &b| (word << 8) | u64::from(b)),
        };
        self.add(word ^ ((rest.len() as u64) << 59));
    }

    #[inline]
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Bits of the Bloom filter in front of each word set and map.
const BLOOM_BITS: usize = 1 << 15;

/// A small Bloom filter (one hash): most words looked up are in no lexicon,
/// and a bit test is much cheaper than a hash-table probe.
#[derive(Debug, Clone)]
pub(crate) struct Bloom {
    bits: Vec<u64>,
}

impl Default for Bloom {
    fn default() -> Bloom {
        Bloom { bits: vec![0; BLOOM_BITS / 64] }
    }
}

impl Bloom {
    #[inline]
    fn bit(word: &str) -> usize {
        let mut hasher = FxHasher::default();
        hasher.write(word.as_bytes());
        // The high bits of a multiplicative hash are the well-mixed ones.
        (hasher.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - 15)) as usize
    }

    pub(crate) fn insert(&mut self, word: &str) {
        let bit = Bloom::bit(word);
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    #[inline]
    pub(crate) fn may_contain(&self, word: &str) -> bool {
        let bit = Bloom::bit(word);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// A set of Search-normalised words.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordSet {
    words: HashSet<String, BuildHasherDefault<FxHasher>>,
    bloom: Bloom,
}

impl WordSet {
    pub(crate) fn insert(&mut self, word: String) {
        self.bloom.insert(&word);
        self.words.insert(word);
    }

    #[inline]
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.bloom.may_contain(word) && self.words.contains(word)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &String> {
        self.words.iter()
    }
}

/// A map from Search-normalised words.
#[derive(Debug, Clone, Default)]
struct WordMap {
    entries: HashMap<String, String, BuildHasherDefault<FxHasher>>,
    bloom: Bloom,
}

impl WordMap {
    fn insert(&mut self, key: String, value: String) {
        self.bloom.insert(&key);
        self.entries.insert(key, value);
    }

    fn insert_if_absent(&mut self, key: String, value: String) {
        if !self.entries.contains_key(&key) {
            self.insert(key, value);
        }
    }

    #[inline]
    fn get(&self, key: &str) -> Option<&String> {
        if self.bloom.may_contain(key) {
            self.entries.get(key)
        } else {
            None
        }
    }
}

/// A word list: one Search-normalised word per line.
pub(crate) fn load_word_set(file: &'static str, text: &str) -> Result<WordSet, LexiconError> {
    let mut set = WordSet::default();
    for (line, entry) in lexicon_lines(text) {
        let word = entry.trim();
        if word.contains(char::is_whitespace) {
            return Err(LexiconError { file, line, message: format!("expected one word, found {word:?}") });
        }
        set.insert(normalize(word, NormLevel::Search));
    }
    Ok(set)
}

const PROTECTED_FILE: &str = "stem-protected.txt";
const PROTECTED: &str = include_str!("../data/stem-protected.txt");
const LEMMAS_FILE: &str = "stem-lemmas.tsv";
const LEMMAS: &str = include_str!("../data/stem-lemmas.tsv");
const CLITIC_EXCEPTIONS_FILE: &str = "token-clitic-exceptions.txt";
const CLITIC_EXCEPTIONS: &str = include_str!("../data/token-clitic-exceptions.txt");

/// Prefixes in the order light10 tries them (the first that fits is taken).
const PREFIXES: [&str; 7] = ["ال", "وال", "بال", "كال", "فال", "لل", "و"];
/// Suffixes in the order light10 strips them (each at most once).
const SUFFIXES: [&str; 10] = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"];
/// The fewest letters a stem keeps.
const MIN_STEM_CHARS: usize = 3;

/// A light stemmer with its protection lists and lemma table. Built once.
#[derive(Debug, Clone)]
pub struct Stemmer {
    protected: WordSet,
    waw_words: WordSet,
    /// Normalised form (and its stem) → lemma key.
    lemmas: WordMap,
}

impl Stemmer {
    /// Builds the stemmer from the lexicons embedded in the crate.
    pub fn new() -> Result<Stemmer, LexiconError> {
        Stemmer::from_lexicons(PROTECTED, LEMMAS, CLITIC_EXCEPTIONS)
    }

    /// Builds the stemmer from lexicon texts in the formats of
    /// `data/stem-protected.txt`, `data/stem-lemmas.tsv` and
    /// `data/token-clitic-exceptions.txt`.
    pub fn from_lexicons(
        protected: &str,
        lemmas: &str,
        clitic_exceptions: &str,
    ) -> Result<Stemmer, LexiconError> {
        let protected = load_word_set(PROTECTED_FILE, protected)?;
        let mut waw_words = WordSet::default();
        for word in load_word_set(CLITIC_EXCEPTIONS_FILE, clitic_exceptions)?.iter() {
            if word.starts_with('و') {
                waw_words.insert(word.clone());
            }
        }
        let mut stemmer = Stemmer { protected, waw_words, lemmas: WordMap::default() };
        let mut table = WordMap::default();
        for (line, entry) in lexicon_lines(lemmas) {
            let (form, lemma) = entry.split_once('\t').ok_or_else(|| LexiconError {
                file: LEMMAS_FILE,
                line,
                message: format!("expected form<TAB>lemma, found {entry:?}"),
            })?;
            let form = normalize(form.trim(), NormLevel::Search);
            let lemma = stemmer.stem_suffixes(&normalize(lemma.trim(), NormLevel::Search));
            if form.is_empty() || lemma.is_empty() {
                return Err(LexiconError { file: LEMMAS_FILE, line, message: "empty form or lemma".into() });
            }
            let form_stem = stemmer.stem_suffixes(&form);
            // The exact form wins over another form's stem.
            if form_stem != lemma {
                table.insert_if_absent(form_stem, lemma.clone());
            }
            if form != lemma {
                table.insert(form, lemma);
            }
        }
        stemmer.lemmas = table;
        Ok(stemmer)
    }

    /// The light stem of a whole Search-normalised word: one prefix, then the
    /// suffixes (see the module documentation).
    pub fn light_stem(&self, word: &str) -> String {
        let mut rest = word;
        let chars = word.chars().count();
        for prefix in PREFIXES {
            if !rest.starts_with(prefix) {
                continue;
            }
            let prefix_chars = prefix.chars().count();
            let long_enough = if prefix_chars == 1 { chars >= 4 } else { chars >= prefix_chars + 2 };
            if long_enough
                && !(prefix == "و" && (self.waw_words.contains(word) || self.protected.contains(word)))
            {
                rest = &rest[prefix.len()..];
            }
            break;
        }
        self.stem_suffixes(rest)
    }

    /// Strips inflectional suffixes only: for a word whose clitics and article
    /// the tokenizer has already removed.
    pub fn stem_suffixes(&self, core: &str) -> String {
        self.stem_suffixes_of(core).to_string()
    }

    /// [`Stemmer::stem_suffixes`] without allocating: the stem is a prefix of
    /// `core`.
    pub fn stem_suffixes_of<'a>(&self, core: &'a str) -> &'a str {
        let mut stem = core;
        // Names ending in الله (عبدالله) keep their ه.
        if ends_with_bytes(stem, "الله") || self.protected.contains(stem) {
            return stem;
        }
        let mut chars = stem.chars().count();
        for suffix in SUFFIXES {
            // All suffixes are Arabic letters: two bytes each.
            let suffix_chars = suffix.len() / 2;
            if chars >= suffix_chars + MIN_STEM_CHARS
                && stem.as_bytes().last() == suffix.as_bytes().last()
                && ends_with_bytes(stem, suffix)
            {
                stem = &stem[..stem.len() - suffix.len()];
                chars -= suffix_chars;
                if self.protected.contains(stem) {
                    break;
                }
            }
        }
        stem
    }

    /// The lemma key of a core word (clitics and article removed) whose stem
    /// is `stem`.
    pub fn lemma(&self, core: &str, stem: &str) -> String {
        self.lemma_of(core, stem).to_string()
    }

    /// [`Stemmer::lemma`] without allocating.
    pub fn lemma_of<'a>(&'a self, core: &str, stem: &'a str) -> &'a str {
        let found = self.lemmas.get(core).or_else(|| {
            if std::ptr::eq(stem, core) || stem == core {
                None
            } else {
                self.lemmas.get(stem)
            }
        });
        found.map_or(stem, String::as_str)
    }

    /// The lemma key of a whole Search-normalised word.
    pub fn lemma_of_word(&self, word: &str) -> String {
        let stem = self.light_stem(word);
        let core = ["وال", "بال", "كال", "فال", "ال", "لل"]
            .iter()
            .find_map(|p| word.strip_prefix(p).filter(|rest| rest.chars().count() >= 2))
            .unwrap_or(word);
        self.lemma(core, &stem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmer() -> Stemmer {
        Stemmer::new().expect("embedded lexicons load")
    }

    /// `input → light stem`, one case per line.
    fn check_stems(cases: &str) {
        let stemmer = stemmer();
        for line in cases.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (input, expected) = line.split_once(" → ").expect("case format: input → stem");
            let got = stemmer.light_stem(&normalize(input, NormLevel::Search));
            assert_eq!(got, normalize(expected, NormLevel::Search), "stem of {input}");
        }
    }

    #[test]
    fn light_stems() {
        check_stems(
            "
            انسحاب → انسحاب
            والانسحاب → انسحاب
            الانسحابات → انسحاب
            وزير → وزير
            واشنطن → واشنطن
            فلسطيني → فلسطين
            الفلسطينيين → فلسطين
            إيران → إيران
            الإيرانية → إيران
            لبنان → لبنان
            بيانات → بيان
            علي → علي
            الحكومة → حكوم
            للجيش → جيش
            ساهدون → ساهد
            الو → الو
            English → english
            ",
        );
    }

    #[test]
    fn lemma_keys_join_variants() {
        let stemmer = stemmer();
        let key = |w: &str| stemmer.lemma_of_word(&normalize(w, NormLevel::Search));
        let groups: &[&[&str]] = &[
            &["وزير", "وزراء", "الوزراء", "الوزير"],
            &["قوة", "قوات", "القوات"],
            &["دولة", "دول", "الدول"],
            &["سوريا", "السورية", "سوري", "السوريين"],
            &["انسحاب", "والانسحاب", "الانسحابات"],
            &["أمريكي", "الأميركية", "أمريكا"],
        ];
        for group in groups {
            let first = key(group[0]);
            for w in &group[1..] {
                assert_eq!(key(w), first, "{w} should share the lemma key of {}", group[0]);
            }
        }
        assert_ne!(key("وزير"), key("قوة"));
        assert_ne!(key("لبنان"), key("لبن"));
    }

    #[test]
    fn byte_suffix_test_agrees_with_str() {
        for (word, suffix) in
            [("الله", "الله"), ("عبدالله", "الله"), ("حكومة", "ة"), ("ه", "ها"), ("", ""), ("abc", "c")]
        {
            assert_eq!(ends_with_bytes(word, suffix), word.ends_with(suffix), "{word:?} {suffix:?}");
        }
    }

    #[test]
    fn fx_hash_reads_every_byte_of_the_tail() {
        let hash = |s: &str| {
            let mut hasher = FxHasher::default();
            hasher.write(s.as_bytes());
            hasher.finish()
        };
        // Words that differ in one byte of a 1- to 7-byte tail hash apart.
        let words = ["ab", "ac", "abcde", "abcdf", "abcdefgh1", "abcdefgh2", "وزير", "وزيز", "قال"];
        let mut hashes: Vec<u64> = words.iter().map(|w| hash(w)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), words.len());
    }

    #[test]
    fn bad_lexicon_lines_are_reported() {
        let err = Stemmer::from_lexicons("", "# header\nوزراء وزير\n", "").unwrap_err();
        assert_eq!((err.file, err.line), ("stem-lemmas.tsv", 2));
        let err = Stemmer::from_lexicons("two words\n", "", "").unwrap_err();
        assert_eq!((err.file, err.line), ("stem-protected.txt", 1));
    }
}
