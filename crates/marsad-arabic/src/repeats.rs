//! Passages an article repeats: a run of words that already appeared earlier
//! in the same text (news articles often paste a clause twice).
//!
//! Words are compared after normalisation (the search-level view of
//! [`crate::normalize`], then marks and tatweel dropped, alef variants, ى, ة
//! and digits folded, Latin lower-cased), so punctuation, diacritics and
//! spelling variants between the copies do not matter. A repeat is reported
//! once, at its maximal length, with the source ranges of the later copy and
//! of the earlier copy it repeats, both from the start of their first word to
//! the end of their last word; the earlier copy always ends before the later
//! one starts.
//!
//! Time is linear in the number of words: word n-grams are hashed with a
//! rolling hash, each n-gram looks up at most two earlier occurrences (the
//! first and the latest), and a found repeat is skipped over as a whole. A
//! text of one word repeated 100 000 times gives a handful of repeats of
//! doubling length, not a quadratic number of pairs.

use crate::normalize::{NormLevel, NormalizedView};
use crate::numbers::fold_char;
use crate::sentences::{is_digit, is_word_char};
use crate::stem::FxHashMap;
use marsad_core::{Repeat, TextRange, Token, TokenKind};

/// The shortest passage, in words, reported as a repeat by default: long
/// enough that stock phrases (`في إطار ... في العراق`) do not count.
pub const DEFAULT_MIN_WORDS: usize = 8;

/// Finds repeated passages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RepeatFinder {
    /// The shortest repeat reported, in words (at least 1).
    pub min_words: usize,
}

impl Default for RepeatFinder {
    fn default() -> RepeatFinder {
        RepeatFinder { min_words: DEFAULT_MIN_WORDS }
    }
}

/// Finds repeated passages of at least [`DEFAULT_MIN_WORDS`] words.
pub fn find_repeats(text: &str) -> Vec<Repeat> {
    RepeatFinder::default().find(text)
}

/// Multiplier of the polynomial rolling hash (odd, so invertible mod 2^64).
const HASH_BASE: u64 = 0x9E37_79B9_7F4A_7C15;

impl RepeatFinder {
    /// The repeats of `text`, ordered by where the later copy starts; later
    /// copies never overlap each other.
    pub fn find(&self, text: &str) -> Vec<Repeat> {
        let (ranges, ids) = words(text);
        self.find_in_words(&ranges, &ids)
    }

    /// The same as [`RepeatFinder::find`] over tokens already cut from the
    /// text: words, numbers and Latin words compared by their normalised
    /// form. The pipeline uses this: it costs a hash per token.
    pub fn find_in_tokens(&self, tokens: &[Token]) -> Vec<Repeat> {
        // Sized up front: growing the table rehashes every word again.
        let mut interned: FxHashMap<&str, u32> =
            FxHashMap::with_capacity_and_hasher(tokens.len() / 2, Default::default());
        let mut ranges = Vec::with_capacity(tokens.len());
        let mut ids = Vec::with_capacity(tokens.len());
        for t in tokens {
            if !matches!(t.kind, TokenKind::Word | TokenKind::Number | TokenKind::Latin) || t.norm.is_empty()
            {
                continue;
            }
            let next = interned.len() as u32;
            ids.push(*interned.entry(t.norm.as_str()).or_insert(next));
            ranges.push(t.range);
        }
        self.find_in_words(&ranges, &ids)
    }

    /// Repeats over a word sequence: source ranges and an id per distinct word.
    fn find_in_words(&self, ranges: &[TextRange], ids: &[u32]) -> Vec<Repeat> {
        let n_gram = self.min_words.max(1);
        let n = ids.len();
        if n < 2 * n_gram {
            return Vec::new();
        }
        let hashes = window_hashes(ids, n_gram);

        // Earlier windows that end before the current one starts: hash →
        // (first start, latest start).
        let mut earlier: FxHashMap<u64, (usize, usize)> =
            FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut inserted = 0;
        let mut repeats = Vec::new();
        let mut i = 0;
        while i + n_gram <= n {
            while inserted + n_gram <= i {
                earlier
                    .entry(hashes[inserted])
                    .and_modify(|e| e.1 = inserted)
                    .or_insert((inserted, inserted));
                inserted += 1;
            }
            let best = earlier.get(&hashes[i]).and_then(|&(first, latest)| {
                [first, latest]
                    .into_iter()
                    .filter(|&p| ids[p..p + n_gram] == ids[i..i + n_gram])
                    .map(|p| {
                        // Extend while the words agree and the earlier copy
                        // still ends before the later one starts.
                        let mut len = n_gram;
                        while i + len < n && p + len < i && ids[p + len] == ids[i + len] {
                            len += 1;
                        }
                        (len, p)
                    })
                    // Longest, then earliest.
                    .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            });
            match best {
                Some((len, p)) => {
                    repeats.push(Repeat {
                        range: TextRange::new(ranges[i].start(), ranges[i + len - 1].end()),
                        of: TextRange::new(ranges[p].start(), ranges[p + len - 1].end()),
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        repeats
    }
}

/// The words of `text` (source ranges) and an id per distinct folded word.
fn words(text: &str) -> (Vec<TextRange>, Vec<u32>) {
    let view = NormalizedView::new(text, NormLevel::Search);
    let folded = view.as_str();
    let mut interned: FxHashMap<String, u32> = FxHashMap::default();
    let mut ranges = Vec::new();
    let mut ids = Vec::new();
    let mut key = String::new();
    let mut chars = folded.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word_part(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, c)) = chars.peek() {
            if !is_word_part(c) {
                break;
            }
            end = at + c.len_utf8();
            chars.next();
        }
        key.clear();
        key.extend(folded[start..end].chars().filter_map(fold_char));
        if key.is_empty() {
            continue;
        }
        let id = match interned.get(key.as_str()) {
            Some(&id) => id,
            None => {
                let id = interned.len() as u32;
                interned.insert(key.clone(), id);
                id
            }
        };
        let source = view.source_range(start, end);
        ranges.push(trim_to_word(text, source));
        ids.push(id);
    }
    (ranges, ids)
}

fn is_word_part(c: char) -> bool {
    is_word_char(c) || is_digit(c)
}

/// `range` without trailing characters that are not part of a word (a
/// removed control character the view mapped into the range).
fn trim_to_word(text: &str, range: TextRange) -> TextRange {
    let piece = range.slice(text);
    let start = piece.find(is_word_part).unwrap_or(0);
    let end = piece
        .rfind(is_word_part)
        .map_or(piece.len(), |at| at + piece[at..].chars().next().map_or(0, char::len_utf8));
    if start >= end {
        return range;
    }
    TextRange::new(range.start() + start, range.start() + end)
}

/// The rolling hash of every window of `len` ids.
fn window_hashes(ids: &[u32], len: usize) -> Vec<u64> {
    let mix = |id: u32| (u64::from(id) + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93);
    let top = (1..len).fold(1u64, |acc, _| acc.wrapping_mul(HASH_BASE));
    let mut hash = ids[..len].iter().fold(0u64, |h, &id| h.wrapping_mul(HASH_BASE).wrapping_add(mix(id)));
    let mut hashes = Vec::with_capacity(ids.len() - len + 1);
    hashes.push(hash);
    for i in len..ids.len() {
        hash = hash
            .wrapping_sub(mix(ids[i - len]).wrapping_mul(top))
            .wrapping_mul(HASH_BASE)
            .wrapping_add(mix(ids[i]));
        hashes.push(hash);
    }
    hashes
}
