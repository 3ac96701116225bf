//! Per-document sketches computed at ingest and stored with the document:
//! a MinHash signature over word shingles (near-duplicates) and the
//! document's most frequent content lemmas (story clustering).
//!
//! Both are computed from the document's tokens (`marsad_arabic`'s
//! tokenizer: Search-level normalised forms and lemma keys), so a document
//! gives the same sketch whether it comes from the annotator (tokens
//! already there) or from a migration (text tokenised again). Hashes are
//! our own fixed functions (FNV-1a, a fixed family of multiply-add
//! permutations): the same text gives the same bytes on every machine and
//! every run.

use marsad_arabic::tokenize::Tokenizer;
use marsad_core::{Token, TokenKind};
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

/// Hash functions in a MinHash signature.
pub const MINHASH_PERMUTATIONS: usize = 128;
/// Words per shingle.
pub const SHINGLE_WORDS: usize = 3;
/// LSH bands (of [`MINHASH_PERMUTATIONS`] / `LSH_BANDS` rows each): 32 bands
/// of 4 rows make a pair with Jaccard 0.5 a candidate with probability
/// 0.87, one with 0.6 with 0.99, one with 0.2 with 0.05.
pub const LSH_BANDS: usize = 32;
/// Content lemmas kept per document, the most frequent first.
pub const MAX_TERMS: usize = 160;

/// A document's sketch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sketch {
    /// MinHash signature; empty when the text has no words.
    pub minhash: Vec<u32>,
    /// Number of distinct shingles the signature summarises.
    pub shingles: u32,
    /// (lemma hash, count), sorted by hash.
    pub terms: Vec<(u64, u32)>,
}

/// FNV-1a, 64 bits: fixed, fast, good enough to key words.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The splitmix64 finaliser: spreads the bits of a combined key.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The fixed (multiplier, addend) of each permutation.
fn permutations() -> &'static [(u64, u64); MINHASH_PERMUTATIONS] {
    static PERMUTATIONS: OnceLock<[(u64, u64); MINHASH_PERMUTATIONS]> = OnceLock::new();
    PERMUTATIONS.get_or_init(|| {
        let mut out = [(0u64, 0u64); MINHASH_PERMUTATIONS];
        for (i, slot) in out.iter_mut().enumerate() {
            let a = mix(0x9e37_79b9_7f4a_7c15 ^ (i as u64 * 2 + 1)) | 1;
            let b = mix(0x3c6e_f372_fe94_f82b ^ (i as u64 * 2 + 2));
            *slot = (a, b);
        }
        out
    })
}

/// Function words left out of the term vectors (normalised lemmas).
fn stopwords() -> &'static HashSet<String> {
    static STOPWORDS: OnceLock<HashSet<String>> = OnceLock::new();
    STOPWORDS.get_or_init(|| {
        let mut set = HashSet::new();
        for line in include_str!("../../data/stopwords.tsv").lines() {
            let word = line.trim();
            if word.is_empty() || word.starts_with('#') {
                continue;
            }
            for token in Tokenizer::shared().tokenize(word) {
                set.insert(token.lemma.to_string());
                set.insert(token.norm.to_string());
            }
        }
        set
    })
}

/// The hashes of the shingles of a word sequence (a text shorter than a
/// shingle is one shingle).
pub fn shingle_hashes(words: &[u64]) -> Vec<u64> {
    let mut out: Vec<u64> = if words.len() < SHINGLE_WORDS {
        if words.is_empty() {
            Vec::new()
        } else {
            vec![mix(words.iter().fold(0u64, |acc, w| acc.rotate_left(21) ^ w))]
        }
    } else {
        words
            .windows(SHINGLE_WORDS)
            .map(|w| mix(w.iter().fold(0u64, |acc, w| acc.rotate_left(21) ^ w)))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// The MinHash signature of a set of shingle hashes.
pub fn minhash(shingles: &[u64]) -> Vec<u32> {
    if shingles.is_empty() {
        return Vec::new();
    }
    let mut signature = vec![u32::MAX; MINHASH_PERMUTATIONS];
    for (slot, (a, b)) in signature.iter_mut().zip(permutations().iter()) {
        let mut min = u32::MAX;
        for s in shingles {
            let h = (s.wrapping_mul(*a).wrapping_add(*b) >> 32) as u32;
            min = min.min(h);
        }
        *slot = min;
    }
    signature
}

/// Estimated Jaccard similarity: the share of equal signature slots.
pub fn estimated_jaccard(a: &[u32], b: &[u32]) -> f32 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f32 / a.len() as f32
}

/// The sketch of a text, from its tokens (tokenised here when `tokens` is
/// empty and the text is not).
pub fn sketch(text: &str, tokens: &[Token]) -> Sketch {
    let owned;
    let tokens = if tokens.is_empty() && !text.trim().is_empty() {
        owned = Tokenizer::shared().tokenize(text);
        &owned[..]
    } else {
        tokens
    };
    let stop = stopwords();
    let mut words = Vec::with_capacity(tokens.len());
    let mut counts: BTreeMap<u64, u32> = BTreeMap::new();
    for token in tokens {
        match token.kind {
            TokenKind::Word | TokenKind::Latin | TokenKind::Number | TokenKind::Hashtag => {}
            _ => continue,
        }
        let norm = token.norm.as_str();
        if norm.is_empty() {
            continue;
        }
        words.push(fnv1a(norm.as_bytes()));
        if token.kind == TokenKind::Number {
            continue;
        }
        let lemma = if token.lemma.is_empty() { norm } else { token.lemma.as_str() };
        if lemma.chars().count() < 2 || stop.contains(lemma) || stop.contains(norm) {
            continue;
        }
        let key = if token.kind == TokenKind::Latin {
            fnv1a(lemma.to_lowercase().as_bytes())
        } else {
            fnv1a(lemma.as_bytes())
        };
        *counts.entry(key).or_default() += 1;
    }
    let shingles = shingle_hashes(&words);
    let mut terms: Vec<(u64, u32)> = counts.into_iter().collect();
    if terms.len() > MAX_TERMS {
        // Most frequent first, ties by hash: a fixed choice.
        terms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        terms.truncate(MAX_TERMS);
        terms.sort_unstable();
    }
    Sketch { minhash: minhash(&shingles), shingles: shingles.len() as u32, terms }
}

/// The stored form of a signature: little-endian u32s.
pub fn encode_minhash(signature: &[u32]) -> Vec<u8> {
    signature.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Reads a stored signature (a damaged blob reads as no signature).
pub fn decode_minhash(bytes: &[u8]) -> Vec<u32> {
    if bytes.len() != MINHASH_PERMUTATIONS * 4 {
        return Vec::new();
    }
    bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

/// The stored form of the terms: (u64, u32) little-endian pairs.
pub fn encode_terms(terms: &[(u64, u32)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(terms.len() * 12);
    for (hash, count) in terms {
        out.extend_from_slice(&hash.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
    }
    out
}

/// Reads stored terms (a damaged tail is ignored).
pub fn decode_terms(bytes: &[u8]) -> Vec<(u64, u32)> {
    bytes
        .chunks_exact(12)
        .map(|c| {
            let mut h = [0u8; 8];
            h.copy_from_slice(&c[..8]);
            let mut n = [0u8; 4];
            n.copy_from_slice(&c[8..]);
            (u64::from_le_bytes(h), u32::from_le_bytes(n))
        })
        .collect()
}
