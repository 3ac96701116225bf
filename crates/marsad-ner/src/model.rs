//! The trained tagger: feature weights per tag, tag-bigram transitions, and
//! Viterbi decoding under BIO constraints; a sentence pass, then a document
//! pass that sees the sentence pass's tags of the same words nearby.

use crate::features::{add_document_features, FeatureExtractor, Lexicons, SentenceFeatures, FEATURE_VERSION};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The model file shipped in the binary (CC BY-SA 4.0: trained on ANERcorp).
static EMBEDDED_MODEL: &[u8] = include_bytes!("../model/ner.bin");

const MAGIC: &[u8; 4] = b"MNER";
const FORMAT_VERSION: u32 = 2;

/// Why a model file could not be loaded.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    /// The file does not start with the model magic bytes.
    #[error("not a Marsad NER model (bad magic bytes)")]
    BadMagic,
    #[error("model format {found}, this build reads format {FORMAT_VERSION}")]
    /// The file was written in another format version.
    FormatVersion {
        /// The file's format version.
        found: u32,
    },
    #[error("model was trained with feature version {found}, this build extracts version {FEATURE_VERSION}: retrain it")]
    /// The model expects other features than this build extracts.
    FeatureVersion {
        /// The model's feature version.
        found: u32,
    },
    #[error("model file truncated at byte {at}")]
    /// The file ends early.
    Truncated {
        /// Where reading stopped.
        at: usize,
    },
    #[error("model file is malformed: {0}")]
    /// The file is inconsistent; the text says how.
    Malformed(&'static str),
}

/// Feature keys are already well-mixed hashes: use them as they are.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _bytes: &[u8]) {
        unreachable!("only u64 keys are hashed")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type FeatureIndex = HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>;

/// One linear-chain scorer: a weight per feature and tag, and tag-bigram
/// transition scores.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tagger {
    /// `transitions[prev * n + cur]`; `prev == n` is the sentence start.
    pub(crate) transitions: Vec<f32>,
    /// Feature key to its row in `weights`.
    pub(crate) index: FeatureIndex,
    /// Rows of `n` weights (one per tag).
    pub(crate) weights: Vec<f32>,
}

impl Tagger {
    /// An empty scorer for `n` tags.
    pub(crate) fn new(n: usize) -> Tagger {
        Tagger { transitions: vec![0.0; (n + 1) * n], index: FeatureIndex::default(), weights: Vec::new() }
    }

    /// Number of features with a weight.
    pub(crate) fn feature_count(&self) -> usize {
        self.index.len()
    }

    /// Emission scores, `len * n`.
    pub(crate) fn emissions(&self, n: usize, feats: &SentenceFeatures) -> Vec<f32> {
        let mut scores = vec![0f32; feats.len() * n];
        for i in 0..feats.len() {
            let row = &mut scores[i * n..(i + 1) * n];
            for key in feats.token(i) {
                if let Some(&r) = self.index.get(key) {
                    let w = &self.weights[r as usize * n..(r as usize + 1) * n];
                    for (s, w) in row.iter_mut().zip(w) {
                        *s += w;
                    }
                }
            }
        }
        scores
    }

    /// The transition scores with the ones `allowed` forbids at minus
    /// infinity, `(n + 1) * n` of them: a forbidden step then never wins a
    /// maximum, exactly as if it were skipped (scores are finite), and the
    /// loops below need no test per step.
    fn allowed_scores(&self, n: usize, allowed: &[bool]) -> [f32; (MAX_TAGS + 1) * MAX_TAGS] {
        let mut scores = [f32::NEG_INFINITY; (MAX_TAGS + 1) * MAX_TAGS];
        for ((score, &t), &ok) in scores.iter_mut().zip(&self.transitions[..(n + 1) * n]).zip(allowed) {
            if ok {
                *score = t;
            }
        }
        scores
    }

    /// The best tag sequence under the transition scores and the BIO
    /// constraints in `allowed`.
    pub(crate) fn viterbi(&self, n: usize, allowed: &[bool], emissions: &[f32], len: usize) -> Vec<usize> {
        if len == 0 {
            return Vec::new();
        }
        let transitions = self.allowed_scores(n, allowed);
        let mut score = vec![f32::NEG_INFINITY; len * n];
        let mut back = vec![0u8; len * n];
        for cur in 0..n {
            if allowed[n * n + cur] {
                score[cur] = emissions[cur] + transitions[n * n + cur];
            }
        }
        for i in 1..len {
            let (done, rest) = score.split_at_mut(i * n);
            let previous = &done[(i - 1) * n..];
            let (current, back) = (&mut rest[..n], &mut back[i * n..(i + 1) * n]);
            for cur in 0..n {
                let mut best = f32::NEG_INFINITY;
                let mut arg = 0;
                for (prev, &p) in previous.iter().enumerate() {
                    let s = p + transitions[prev * n + cur];
                    if s > best {
                        best = s;
                        arg = prev;
                    }
                }
                current[cur] = best + emissions[i * n + cur];
                back[cur] = arg as u8;
            }
        }
        let last = &score[(len - 1) * n..];
        let mut tag = (0..n).fold(0, |b, t| if last[t] > last[b] { t } else { b });
        let mut path = vec![0; len];
        for i in (0..len).rev() {
            path[i] = tag;
            tag = back[i * n + tag] as usize;
        }
        path
    }

    /// For each position, softmax over tags of the best complete path score
    /// through that tag, evaluated at the chosen tag.
    fn max_marginals(&self, n: usize, allowed: &[bool], emissions: &[f32], path: &[usize]) -> Vec<f32> {
        let len = path.len();
        let transitions = self.allowed_scores(n, allowed);
        let mut fwd = vec![f32::NEG_INFINITY; len * n];
        let mut bwd = vec![f32::NEG_INFINITY; len * n];
        for cur in 0..n {
            if allowed[n * n + cur] && len > 0 {
                fwd[cur] = emissions[cur] + transitions[n * n + cur];
            }
        }
        for i in 1..len {
            let (done, rest) = fwd.split_at_mut(i * n);
            let previous = &done[(i - 1) * n..];
            for (cur, out) in rest[..n].iter_mut().enumerate() {
                let mut best = f32::NEG_INFINITY;
                for (prev, &p) in previous.iter().enumerate() {
                    best = best.max(p + transitions[prev * n + cur]);
                }
                *out = best + emissions[i * n + cur];
            }
        }
        if len > 0 {
            bwd[(len - 1) * n..].fill(0.0);
        }
        for i in (0..len.saturating_sub(1)).rev() {
            let (now, after) = bwd.split_at_mut((i + 1) * n);
            let next_emissions = &emissions[(i + 1) * n..(i + 2) * n];
            for (prev, out) in now[i * n..].iter_mut().enumerate() {
                let mut best = f32::NEG_INFINITY;
                for c in 0..n {
                    best = best.max(transitions[prev * n + c] + next_emissions[c] + after[c]);
                }
                *out = best;
            }
        }
        (0..len)
            .map(|i| {
                let mut totals = [0f32; 16];
                let totals = &mut totals[..n];
                for (t, total) in totals.iter_mut().enumerate() {
                    *total = fwd[i * n + t] + bwd[i * n + t];
                }
                let max = totals.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let sum: f32 = totals.iter().map(|s| ((s - max) / CONFIDENCE_TEMPERATURE).exp()).sum();
                ((totals[path[i]] - max) / CONFIDENCE_TEMPERATURE).exp() / sum
            })
            .collect()
    }

    /// This pass's features with a non-zero weight, sorted by key.
    fn sparse_rows(&self, n: usize) -> SparseRows {
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let mut rows = SparseRows::default();
        for (key, row) in keys {
            let w = &self.weights[row as usize * n..(row as usize + 1) * n];
            let mask = w.iter().enumerate().filter(|(_, &x)| x != 0.0).fold(0u16, |m, (t, _)| m | 1 << t);
            if mask != 0 {
                rows.keys.push(key);
                rows.masks.push(mask);
                rows.weights.extend(w.iter().filter(|&&x| x != 0.0));
            }
        }
        rows
    }
}

/// One pass's weights as the model file stores them: features sorted by
/// key, each with a bit mask of its tags with a non-zero weight, and only
/// those weights, packed in key order.
#[derive(Debug, Default)]
struct SparseRows {
    keys: Vec<u64>,
    masks: Vec<u16>,
    weights: Vec<f32>,
}

impl SparseRows {
    /// Reads `count` rows for `n` tags, checking that keys increase.
    fn read(n: usize, r: &mut Reader<'_>) -> Result<SparseRows, ModelError> {
        let count = r.u32()? as usize;
        if count > r.bytes.len() / 10 {
            return Err(ModelError::Malformed("feature count larger than the file"));
        }
        let mut rows = SparseRows {
            keys: Vec::with_capacity(count),
            masks: Vec::with_capacity(count),
            weights: Vec::with_capacity(count * 3),
        };
        let mut previous = None;
        for _ in 0..count {
            let key = r.u64()?;
            let mask = r.u16()?;
            if mask >> n != 0 {
                return Err(ModelError::Malformed("weight mask names a tag beyond the tag count"));
            }
            for _ in 0..mask.count_ones() {
                rows.weights.push(r.f32()?);
            }
            match previous {
                Some(last) if last == key => return Err(ModelError::Malformed("duplicate feature key")),
                Some(last) if last > key => return Err(ModelError::Malformed("feature keys out of order")),
                _ => previous = Some(key),
            }
            // A row without weights scores nothing: drop it.
            if mask != 0 {
                rows.keys.push(key);
                rows.masks.push(mask);
            }
        }
        Ok(rows)
    }
}

/// Both passes' weights compiled for tagging, one entry per feature key
/// that either pass weighs.
///
/// Why this layout: tagging time is mostly cache misses on weight lookups
/// (a news article's tokens bring thousands of distinct keys). A `HashMap`
/// per pass with dense rows beside it cost, per present key and pass, a
/// probe and a row fetch. Here one probe of a small table finds a record
/// holding the key and both passes' non-zero weights together, lookups
/// are batched ([`WeightTable::find_batch`]) so their misses overlap, and
/// the next token's groups are prefetched ([`WeightTable::prefetch`]) while
/// a token is summed. (Tried in session 4 and dropped: copies of the
/// records inside cache-line buckets, one miss per present key instead of
/// two: the 16 MB of buckets made tagging 15–25% slower; prefetching the
/// next token's records as well: no gain.)
///
/// Sums are bit-identical to adding dense rows key by key: the weights left
/// out are zeros, and each tag's additions keep the key order.
#[derive(Clone, Debug, Default)]
pub(crate) struct WeightTable {
    /// Open addressing over cache-line groups of slots: a key lives in the
    /// first free slot of its home group or, when that is full, of the
    /// groups after it. A power of two long and at most about 60% full. A
    /// slot is the high half of its key (a fingerprint) above the index of
    /// the key's record in `records`; 0 is a free slot.
    groups: Vec<SlotGroup>,
    /// Records in increasing key order, from index 1 (0 marks free slots):
    /// the key (low, high half), the tag masks (sentence pass in the low 16
    /// bits, document pass in the high 16), then the non-zero weights (f32
    /// bits) of the sentence pass and of the document pass, in tag order.
    records: Vec<u32>,
    /// Records held.
    len: usize,
}

/// Most tags a model may have (the file format's limit).
const MAX_TAGS: usize = 16;

/// Words of a record before its weights.
const RECORD_HEADER: usize = 3;

impl WeightTable {
    /// Compiles the sentence pass's rows and, if any, the document pass's.
    fn new(sentence: &SparseRows, document: Option<&SparseRows>) -> WeightTable {
        let empty = SparseRows::default();
        let document = document.unwrap_or(&empty);
        let weights = sentence.weights.len() + document.weights.len();
        let mut records =
            Vec::with_capacity(1 + RECORD_HEADER * (sentence.keys.len() + document.keys.len()) + weights);
        records.push(0);
        let mut record_starts = Vec::with_capacity(sentence.keys.len().max(document.keys.len()));
        // Merge the two key-sorted passes.
        let (mut s, mut d) = (0, 0);
        let (mut s_at, mut d_at) = (0, 0);
        loop {
            let s_key = sentence.keys.get(s).copied();
            let d_key = document.keys.get(d).copied();
            let key = match (s_key, d_key) {
                (None, None) => break,
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) => a,
                (None, Some(b)) => b,
            };
            let s_mask = if s_key == Some(key) { sentence.masks[s] } else { 0 };
            let d_mask = if d_key == Some(key) { document.masks[d] } else { 0 };
            record_starts.push((key, records.len() as u32));
            records.extend([key as u32, (key >> 32) as u32, s_mask as u32 | (d_mask as u32) << 16]);
            let (s_len, d_len) = (s_mask.count_ones() as usize, d_mask.count_ones() as usize);
            records.extend(sentence.weights[s_at..s_at + s_len].iter().map(|w| w.to_bits()));
            records.extend(document.weights[d_at..d_at + d_len].iter().map(|w| w.to_bits()));
            s_at += s_len;
            d_at += d_len;
            s += (s_key == Some(key)) as usize;
            d += (d_key == Some(key)) as usize;
        }
        let len = record_starts.len();
        let capacity = (len + len * 2 / 3).div_ceil(GROUP).next_power_of_two();
        let mut groups = vec![SlotGroup::default(); capacity];
        let mask = capacity - 1;
        for (key, at) in record_starts {
            let mut g = key as usize & mask;
            loop {
                if let Some(free) = groups[g].0.iter_mut().find(|slot| **slot == 0) {
                    *free = (key & !0xFFFF_FFFF) | at as u64;
                    break;
                }
                g = (g + 1) & mask;
            }
        }
        WeightTable { groups, records, len }
    }

    /// Features with a non-zero weight in the sentence pass and in the
    /// document pass.
    fn feature_counts(&self) -> (usize, usize) {
        let mut counts = (0, 0);
        for record in self.iter() {
            counts.0 += (record.sentence_mask() != 0) as usize;
            counts.1 += (record.document_mask() != 0) as usize;
        }
        counts
    }

    /// Every record, in increasing key order.
    fn iter(&self) -> impl Iterator<Item = Record<'_>> {
        let mut at = 1;
        std::iter::from_fn(move || {
            let record = self.records.get(at..).filter(|r| !r.is_empty()).map(Record)?;
            at += record.len();
            Some(record)
        })
        .take(self.len)
    }

    /// Writes one pass's features in the file format: count, then each
    /// key with a non-zero weight, its mask and those weights.
    fn write_pass(&self, document_pass: bool, out: &mut Vec<u8>) {
        let mask_of = |r: &Record<'_>| if document_pass { r.document_mask() } else { r.sentence_mask() };
        let count = self.iter().filter(|r| mask_of(r) != 0).count();
        out.extend_from_slice(&(count as u32).to_le_bytes());
        for record in self.iter() {
            let mask = mask_of(&record);
            if mask == 0 {
                continue;
            }
            out.extend_from_slice(&record.key().to_le_bytes());
            out.extend_from_slice(&mask.to_le_bytes());
            let weights = if document_pass { record.document_weights() } else { record.sentence_weights() };
            for w in weights {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
    }

    /// Asks the processor to load the home groups of `keys` into the cache
    /// ahead of their lookup (a hint: nothing waits for it).
    #[inline]
    fn prefetch(&self, keys: &[u64]) {
        #[cfg(target_arch = "x86_64")]
        {
            let mask = self.groups.len() - 1;
            for &key in keys {
                let group: *const SlotGroup = &self.groups[key as usize & mask];
                // SAFETY: a prefetch never faults and changes no memory;
                // SSE, which has it, is part of every x86_64 processor.
                unsafe {
                    std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(group.cast())
                };
            }
        }
    }

    /// The record of `key`, if either pass weighs it.
    fn find(&self, key: u64) -> Option<Record<'_>> {
        let mask = self.groups.len() - 1;
        let mut g = key as usize & mask;
        loop {
            for &slot in &self.groups[g].0 {
                if slot == 0 {
                    return None;
                }
                if slot >> 32 == key >> 32 {
                    let record = Record(&self.records[slot as u32 as usize..]);
                    if record.key() == key {
                        return Some(record);
                    }
                }
            }
            g = (g + 1) & mask;
        }
    }

    /// Records of those of `keys` (at most [`PROBE_BATCH`]) in the table,
    /// in order, as record indices written to the front of `found`.
    ///
    /// Why in a batch: every key's home group is loaded before any is
    /// searched, and every candidate record before any is summed, so the
    /// cache misses overlap instead of each waiting behind the branch
    /// mispredictions of the previous key's lookup and sum.
    #[inline]
    fn find_batch<'f>(&self, keys: &[u64], found: &'f mut [u32; PROBE_BATCH]) -> &'f [u32] {
        let mask = self.groups.len() - 1;
        let mut touched = 0;
        for &key in keys {
            touched ^= self.groups[key as usize & mask].0[0];
        }
        std::hint::black_box(touched);
        // Candidates: a slot of the home group with the key's fingerprint;
        // a full group without one sends the key to the slow path.
        let mut candidates = [(0u64, 0u32); PROBE_BATCH];
        let mut count = 0;
        for &key in keys {
            let group = &self.groups[key as usize & mask].0;
            let mut at = None;
            for &slot in group {
                if slot == 0 || slot >> 32 == key >> 32 {
                    at = Some(slot as u32);
                    break;
                }
            }
            let at = match at {
                Some(0) => continue,
                Some(at) => at,
                None => match self.find(key) {
                    Some(record) => self.record_index(record),
                    None => continue,
                },
            };
            candidates[count] = (key, at);
            count += 1;
        }
        // Check the full keys: this also brings each record into the cache.
        let mut verified = [false; PROBE_BATCH];
        for ((key, at), ok) in candidates[..count].iter().zip(&mut verified) {
            *ok = Record(&self.records[*at as usize..]).key() == *key;
        }
        let mut kept = 0;
        for (&(key, at), &ok) in candidates[..count].iter().zip(&verified) {
            let at = if ok {
                at
            } else {
                // Same fingerprint, other key (about one lookup in 2^32).
                match self.find(key) {
                    Some(record) => self.record_index(record),
                    None => continue,
                }
            };
            found[kept] = at;
            kept += 1;
        }
        &found[..kept]
    }

    /// The index in `records` where `record` starts.
    fn record_index(&self, record: Record<'_>) -> u32 {
        (self.records.len() - record.0.len()) as u32
    }

    /// Adds the sentence-pass weights of a token's feature `keys` to
    /// `sentence_row` and, when given, their document-pass weights to
    /// `document_row`.
    #[inline]
    fn add_token(&self, keys: &[u64], sentence_row: &mut [f32], mut document_row: Option<&mut [f32]>) {
        let mut found = [0u32; PROBE_BATCH];
        for batch in keys.chunks(PROBE_BATCH) {
            for &at in self.find_batch(batch, &mut found) {
                let record = Record(&self.records[at as usize..]);
                let masks = record.masks();
                let weights = &record.0[RECORD_HEADER..];
                let used = add_masked(sentence_row, masks as u16, weights);
                if let Some(row) = document_row.as_deref_mut() {
                    add_masked(row, (masks >> 16) as u16, &weights[used..]);
                }
            }
        }
    }

    /// Adds the document-pass weights of `keys` to `document_row`.
    #[inline]
    fn add_document_only(&self, keys: &[u64], document_row: &mut [f32]) {
        let mut found = [0u32; PROBE_BATCH];
        for batch in keys.chunks(PROBE_BATCH) {
            for &at in self.find_batch(batch, &mut found) {
                let record = Record(&self.records[at as usize..]);
                let masks = record.masks();
                let skip = RECORD_HEADER + (masks as u16).count_ones() as usize;
                add_masked(document_row, (masks >> 16) as u16, &record.0[skip..]);
            }
        }
    }
}

/// Slots per [`SlotGroup`].
const GROUP: usize = 8;

/// Slots of a [`WeightTable`] that share a cache line.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(64))]
struct SlotGroup([u64; GROUP]);

/// Feature keys looked up together; see [`WeightTable::find_batch`]. A
/// token has about 50 sentence features: one batch each (64 measured 6%
/// faster than 16 on news: more misses in flight at once).
const PROBE_BATCH: usize = 64;

/// A record of a [`WeightTable`]: the table's records from this one's
/// start on.
#[derive(Clone, Copy)]
struct Record<'t>(&'t [u32]);

impl<'t> Record<'t> {
    fn key(&self) -> u64 {
        self.0[0] as u64 | (self.0[1] as u64) << 32
    }
    fn masks(&self) -> u32 {
        self.0[2]
    }
    fn sentence_mask(&self) -> u16 {
        self.masks() as u16
    }
    fn document_mask(&self) -> u16 {
        (self.masks() >> 16) as u16
    }
    /// Words in this record.
    fn len(&self) -> usize {
        RECORD_HEADER + self.masks().count_ones() as usize
    }
    /// The sentence pass's non-zero weights (f32 bits).
    fn sentence_weights(&self) -> &'t [u32] {
        &self.0[RECORD_HEADER..RECORD_HEADER + self.sentence_mask().count_ones() as usize]
    }
    /// The document pass's non-zero weights (f32 bits).
    fn document_weights(&self) -> &'t [u32] {
        let start = RECORD_HEADER + self.sentence_mask().count_ones() as usize;
        &self.0[start..start + self.document_mask().count_ones() as usize]
    }
}

/// Adds the `k`-th of `weights` (f32 bits) to `row[t]` for the `k`-th set
/// bit `t` of `mask`; returns how many weights it used.
#[inline]
fn add_masked(row: &mut [f32], mask: u16, weights: &[u32]) -> usize {
    let mut bits = mask;
    let mut k = 0;
    while bits != 0 {
        row[bits.trailing_zeros() as usize] += f32::from_bits(weights[k]);
        k += 1;
        bits &= bits - 1;
    }
    k
}

/// A trained sequence tagger: a sentence pass and, optionally, a document
/// pass that also sees what the sentence pass found for the same words in
/// the neighbouring sentences ([`crate::features::DOCUMENT_WINDOW`]).
#[derive(Clone, Debug)]
pub struct NerModel {
    /// Tag names, `O` first.
    pub(crate) tags: Vec<String>,
    /// Lexicon fingerprint at training time.
    pub(crate) lexicon_fingerprint: u64,
    /// `allowed[prev * n + cur]`, `prev == n` the start: BIO constraints.
    pub(crate) allowed: Vec<bool>,
    /// The first pass: sentence features only. Its transitions always;
    /// its feature weights only in a model made by [`NerModel::new`] (for
    /// training), not in one loaded from bytes: tagging reads `table`.
    pub(crate) sentence: Tagger,
    /// The second pass: sentence and document features (weights as for
    /// `sentence`).
    pub(crate) document: Option<Tagger>,
    /// Both passes' feature weights, compiled for tagging.
    table: WeightTable,
}

/// Which transitions BIO allows: `I-X` only after `B-X` or `I-X`.
pub(crate) fn allowed_transitions(tags: &[String]) -> Vec<bool> {
    let n = tags.len();
    let mut allowed = vec![true; (n + 1) * n];
    for (cur, tag) in tags.iter().enumerate() {
        if let Some(ty) = tag.strip_prefix("I-") {
            for prev in 0..=n {
                let ok = prev < n && tags[prev].len() > 2 && &tags[prev][2..] == ty;
                allowed[prev * n + cur] = ok;
            }
        }
    }
    allowed
}

impl NerModel {
    pub(crate) fn new(
        tags: Vec<String>,
        lexicon_fingerprint: u64,
        sentence: Tagger,
        document: Option<Tagger>,
    ) -> NerModel {
        let n = tags.len();
        let document_rows = document.as_ref().map(|d| d.sparse_rows(n));
        let table = WeightTable::new(&sentence.sparse_rows(n), document_rows.as_ref());
        let allowed = allowed_transitions(&tags);
        NerModel { tags, lexicon_fingerprint, allowed, sentence, document, table }
    }

    /// The model compiled into the binary, loaded once.
    pub fn embedded() -> &'static NerModel {
        static MODEL: std::sync::OnceLock<NerModel> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            NerModel::from_bytes(EMBEDDED_MODEL).expect("the embedded NER model is checked by tests")
        })
    }

    /// The tag names this model predicts (`O` first).
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// Number of features with a non-zero weight (both passes).
    pub fn feature_count(&self) -> usize {
        let (sentence, document) = self.table.feature_counts();
        sentence + document
    }

    /// True when the model has a document pass.
    pub fn uses_document_context(&self) -> bool {
        self.document.is_some()
    }

    /// True when the model was trained with the lexicons compiled into this
    /// build; false means the lexicons changed since and it should be
    /// retrained (it still works, less well).
    pub fn matches_lexicons(&self) -> bool {
        self.lexicon_fingerprint == Lexicons::embedded().fingerprint
    }

    /// Tags one sentence on its own with BIO tags (the sentence pass only:
    /// prefer [`NerModel::tag_sentences`] for the sentences of a text).
    pub fn tag<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<String> {
        let ids = self.tag_ids(std::slice::from_ref(&tokens)).pop().unwrap_or_default();
        ids.into_iter().map(|t| self.tags[t].clone()).collect()
    }

    /// Tags consecutive sentences of one text (an article, or a CoNLL file
    /// in document order), one tag sequence per sentence. The document pass
    /// uses the neighbouring sentences, so this is better than tagging the
    /// sentences one by one. The sentences must be consecutive: unrelated
    /// sentences give the document pass misleading neighbours.
    pub fn tag_sentences<S: AsRef<str>, T: AsRef<[S]>>(&self, sentences: &[T]) -> Vec<Vec<String>> {
        self.tag_ids(sentences)
            .into_iter()
            .map(|ids| ids.into_iter().map(|t| self.tags[t].clone()).collect())
            .collect()
    }

    /// Tags one sentence on its own and gives each token the max-marginal
    /// probability of its tag (a softmax over the best path score through
    /// each tag).
    pub fn tag_with_confidence<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<(String, f32)> {
        self.tag_sentences_with_confidence(std::slice::from_ref(&tokens)).pop().unwrap_or_default()
    }

    /// [`NerModel::tag_sentences`] with a confidence per token, as in
    /// [`NerModel::tag_with_confidence`].
    pub fn tag_sentences_with_confidence<S: AsRef<str>, T: AsRef<[S]>>(
        &self,
        sentences: &[T],
    ) -> Vec<Vec<(String, f32)>> {
        let (scores, tagger) = self.final_emissions(sentences);
        let n = self.tags.len();
        scores
            .iter()
            .map(|emissions| {
                let len = emissions.len() / n;
                let path = tagger.viterbi(n, &self.allowed, emissions, len);
                let confidence = tagger.max_marginals(n, &self.allowed, emissions, &path);
                path.into_iter().zip(confidence).map(|(t, c)| (self.tags[t].clone(), c)).collect()
            })
            .collect()
    }

    pub(crate) fn tag_ids<S: AsRef<str>>(&self, sentences: &[impl AsRef<[S]>]) -> Vec<Vec<usize>> {
        let (scores, tagger) = self.final_emissions(sentences);
        let n = self.tags.len();
        scores
            .iter()
            .map(|emissions| tagger.viterbi(n, &self.allowed, emissions, emissions.len() / n))
            .collect()
    }

    /// The emission scores of the last pass for each sentence, and that
    /// pass: the sentence pass, or, with a document pass, the sentence
    /// and document features scored by the document pass, the document
    /// features computed from the sentence pass's tags.
    fn final_emissions<S: AsRef<str>>(&self, sentences: &[impl AsRef<[S]>]) -> (Vec<Vec<f32>>, &Tagger) {
        let mut extractor = FeatureExtractor::new(Lexicons::embedded());
        let feats: Vec<SentenceFeatures> = sentences
            .iter()
            .map(|s| {
                let mut f = SentenceFeatures::default();
                extractor.extract(s.as_ref(), &mut f);
                f
            })
            .collect();
        self.score(&feats)
    }

    /// [`NerModel::final_emissions`] of extracted sentence features.
    fn score(&self, feats: &[SentenceFeatures]) -> (Vec<Vec<f32>>, &Tagger) {
        let n = self.tags.len();
        // A lone sentence has no neighbours: the document pass was trained
        // with them and does worse without (about 3 points of dev F1).
        let document = match &self.document {
            Some(document) if feats.len() > 1 => document,
            _ => return (feats.iter().map(|f| self.sentence_emissions(f)).collect(), &self.sentence),
        };
        // One probe per key gives both passes' weights: the document pass
        // scores the sentence features first, then the document features,
        // so its sums over the sentence features can start now.
        let mut first = Vec::with_capacity(feats.len());
        let mut scores = Vec::with_capacity(feats.len());
        for f in feats {
            let mut sentence_scores = vec![0f32; f.len() * n];
            let mut document_scores = vec![0f32; f.len() * n];
            for i in 0..f.len() {
                // The next token's groups load while this one is summed.
                if i + 1 < f.len() {
                    self.table.prefetch(f.token(i + 1));
                }
                let rows = i * n..(i + 1) * n;
                self.table.add_token(
                    f.token(i),
                    &mut sentence_scores[rows.clone()],
                    Some(&mut document_scores[rows]),
                );
            }
            first.push(self.sentence.viterbi(n, &self.allowed, &sentence_scores, f.len()));
            scores.push(document_scores);
        }
        let combined = add_document_features(feats, &first, &self.tags);
        for ((f, c), document_scores) in feats.iter().zip(&combined).zip(&mut scores) {
            for i in 0..f.len() {
                let row = &mut document_scores[i * n..(i + 1) * n];
                let (own, all) = (f.token(i), c.token(i));
                match all.strip_prefix(own) {
                    Some(extra) => self.table.add_document_only(extra, row),
                    // Document features no longer follow the sentence
                    // features unchanged: score the token from scratch.
                    None => {
                        row.fill(0.0);
                        self.table.add_document_only(all, row);
                    }
                }
            }
        }
        (scores, document)
    }

    /// Sentence-pass emission scores of one sentence, `len * n`.
    fn sentence_emissions(&self, feats: &SentenceFeatures) -> Vec<f32> {
        let n = self.tags.len();
        let mut scores = vec![0f32; feats.len() * n];
        for i in 0..feats.len() {
            // The next token's groups load while this one is summed.
            if i + 1 < feats.len() {
                self.table.prefetch(feats.token(i + 1));
            }
            self.table.add_token(feats.token(i), &mut scores[i * n..(i + 1) * n], None);
        }
        scores
    }

    /// The sentence pass's tags for each sentence.
    pub(crate) fn first_pass(&self, feats: &[SentenceFeatures]) -> Vec<Vec<usize>> {
        let n = self.tags.len();
        feats
            .iter()
            .map(|f| self.sentence.viterbi(n, &self.allowed, &self.sentence_emissions(f), f.len()))
            .collect()
    }

    /// Sentence features plus document features from the sentence pass.
    pub(crate) fn with_document_features(&self, feats: &[SentenceFeatures]) -> Vec<SentenceFeatures> {
        let first = self.first_pass(feats);
        add_document_features(feats, &first, &self.tags)
    }

    /// Serialises the model: a small header, then each pass's transitions
    /// and its features sorted by key, each with a bit mask of its non-zero
    /// tags and only those weights. Features whose weights are all zero
    /// are left out.
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.tags.len();
        let mut out = Vec::with_capacity(16 + self.feature_count() * 20);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&self.lexicon_fingerprint.to_le_bytes());
        out.extend_from_slice(&(n as u32).to_le_bytes());
        for tag in &self.tags {
            out.extend_from_slice(&(tag.len() as u16).to_le_bytes());
            out.extend_from_slice(tag.as_bytes());
        }
        for w in &self.sentence.transitions {
            out.extend_from_slice(&w.to_le_bytes());
        }
        self.table.write_pass(false, &mut out);
        out.push(self.document.is_some() as u8);
        if let Some(document) = &self.document {
            for w in &document.transitions {
                out.extend_from_slice(&w.to_le_bytes());
            }
            self.table.write_pass(true, &mut out);
        }
        out
    }

    /// Loads a model written by [`NerModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4)? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let format = r.u32()?;
        if format != FORMAT_VERSION {
            return Err(ModelError::FormatVersion { found: format });
        }
        let feature_version = r.u32()?;
        if feature_version != FEATURE_VERSION {
            return Err(ModelError::FeatureVersion { found: feature_version });
        }
        let fingerprint = r.u64()?;
        let n = r.u32()? as usize;
        if n == 0 || n > 16 {
            return Err(ModelError::Malformed("tag count must be 1 to 16"));
        }
        let mut tags = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.u16()? as usize;
            let name = std::str::from_utf8(r.take(len)?).map_err(|_| ModelError::Malformed("tag name"))?;
            tags.push(name.to_string());
        }
        let read_transitions = |r: &mut Reader<'_>| -> Result<Tagger, ModelError> {
            let transitions = (0..(n + 1) * n).map(|_| r.f32()).collect::<Result<_, _>>()?;
            Ok(Tagger { transitions, ..Tagger::default() })
        };
        let sentence = read_transitions(&mut r)?;
        let sentence_rows = SparseRows::read(n, &mut r)?;
        let (document, document_rows) = match r.take(1)?[0] {
            0 => (None, None),
            1 => (Some(read_transitions(&mut r)?), Some(SparseRows::read(n, &mut r)?)),
            _ => return Err(ModelError::Malformed("document pass flag")),
        };
        if r.at != bytes.len() {
            return Err(ModelError::Malformed("trailing bytes"));
        }
        let table = WeightTable::new(&sentence_rows, document_rows.as_ref());
        let allowed = allowed_transitions(&tags);
        Ok(NerModel { tags, lexicon_fingerprint: fingerprint, allowed, sentence, document, table })
    }
}

/// Scales scores before the softmax that turns them into confidences:
/// perceptron scores are unnormalised. Chosen on the dev split so that
/// confidence buckets roughly match precision (≥ 0.95: 92% correct;
/// 0.5–0.8: 57%).
const CONFIDENCE_TEMPERATURE: f32 = 10.0;

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(len).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(ModelError::Truncated { at: self.at })?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().expect("two bytes")))
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("four bytes")))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("eight bytes")))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().expect("four bytes")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TAGS: [&str; 5] = ["O", "B-LOC", "B-PER", "I-LOC", "I-PER"];

    /// A tagger for `n` tags with `rows` (key, dense weights) and small
    /// transition scores.
    fn tagger(n: usize, rows: &[(u64, Vec<f32>)]) -> Tagger {
        let mut t = Tagger::new(n);
        for (i, w) in t.transitions.iter_mut().enumerate() {
            *w = ((i * 7) % 5) as f32 * 0.25 - 0.5;
        }
        for (key, weights) in rows {
            let next = t.index.len() as u32;
            let row = *t.index.entry(*key).or_insert(next) as usize;
            if row == next as usize {
                t.weights.resize(t.weights.len() + n, 0.0);
            }
            t.weights[row * n..(row + 1) * n].copy_from_slice(&weights[..n]);
        }
        t
    }

    fn model(sentence: &[(u64, Vec<f32>)], document: Option<&[(u64, Vec<f32>)]>) -> NerModel {
        let tags: Vec<String> = TAGS.map(String::from).to_vec();
        let n = tags.len();
        NerModel::new(tags, 0, tagger(n, sentence), document.map(|d| tagger(n, d)))
    }

    /// Sentence features from token key lists; word keys from the first
    /// feature of each token.
    fn features(tokens: &[Vec<u64>]) -> SentenceFeatures {
        let mut f = SentenceFeatures::default();
        f.offsets.push(0);
        for keys in tokens {
            f.features.extend(keys);
            f.offsets.push(f.features.len());
            f.keys.push(keys.first().map_or(0, |k| k | 1));
        }
        f
    }

    /// The emissions the model scored before the weight table: dense rows
    /// looked up key by key in each pass's own index.
    fn reference_emissions(model: &NerModel, feats: &[SentenceFeatures]) -> Vec<Vec<f32>> {
        let n = model.tags.len();
        match &model.document {
            Some(document) if feats.len() > 1 => {
                let first: Vec<Vec<usize>> = feats
                    .iter()
                    .map(|f| {
                        model.sentence.viterbi(n, &model.allowed, &model.sentence.emissions(n, f), f.len())
                    })
                    .collect();
                let combined = add_document_features(feats, &first, &model.tags);
                combined.iter().map(|f| document.emissions(n, f)).collect()
            }
            _ => feats.iter().map(|f| model.sentence.emissions(n, f)).collect(),
        }
    }

    fn bits(scores: &[Vec<f32>]) -> Vec<Vec<u32>> {
        scores.iter().map(|s| s.iter().map(|x| x.to_bits()).collect()).collect()
    }

    /// Keys that stress the table: the same home group, the same
    /// fingerprint (high half), key 0, and ordinary hashes.
    fn awkward_key() -> impl Strategy<Value = u64> {
        prop_oneof![
            (0u64..40).prop_map(|i| i << 32 | 5),
            (0u64..40).prop_map(|i| 7 << 32 | i << 20),
            Just(0u64),
            any::<u64>(),
        ]
    }

    fn weights() -> impl Strategy<Value = Vec<f32>> {
        proptest::collection::vec(prop_oneof![Just(0.0f32), -3.0f32..3.0], TAGS.len())
    }

    fn rows() -> impl Strategy<Value = Vec<(u64, Vec<f32>)>> {
        proptest::collection::vec((awkward_key(), weights()), 0..60)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The table gives bit-identical scores to dense per-pass lookups,
        /// for one sentence (sentence pass) and several (both passes), and
        /// a model loaded from its bytes scores like the one it came from.
        #[test]
        fn table_scores_equal_dense_lookups(
            sentence in rows(),
            document in proptest::option::of(rows()),
            sentences in proptest::collection::vec(
                proptest::collection::vec(proptest::collection::vec(awkward_key(), 0..12), 0..6),
                1..4,
            ),
        ) {
            let model = model(&sentence, document.as_deref());
            let feats: Vec<SentenceFeatures> = sentences.iter().map(|s| features(s)).collect();
            let want = bits(&reference_emissions(&model, &feats));
            prop_assert_eq!(&bits(&model.score(&feats).0), &want);
            let bytes = model.to_bytes();
            let loaded = NerModel::from_bytes(&bytes).unwrap();
            prop_assert_eq!(bits(&loaded.score(&feats).0), want);
            prop_assert_eq!(loaded.to_bytes(), bytes);
            prop_assert_eq!(loaded.feature_count(), model.feature_count());
        }
    }

    /// Viterbi and max-marginals as they were before they used
    /// [`Tagger::allowed_scores`] (session 4).
    mod reference {
        use super::super::*;

        /// The best tag sequence under the transition scores and the BIO
        /// constraints in `allowed`.
        pub(super) fn viterbi(
            t: &Tagger,
            n: usize,
            allowed: &[bool],
            emissions: &[f32],
            len: usize,
        ) -> Vec<usize> {
            if len == 0 {
                return Vec::new();
            }
            let mut score = vec![f32::NEG_INFINITY; len * n];
            let mut back = vec![0usize; len * n];
            for cur in 0..n {
                if allowed[n * n + cur] {
                    score[cur] = emissions[cur] + t.transitions[n * n + cur];
                }
            }
            for i in 1..len {
                for cur in 0..n {
                    let mut best = f32::NEG_INFINITY;
                    let mut arg = 0;
                    for prev in 0..n {
                        if !allowed[prev * n + cur] {
                            continue;
                        }
                        let s = score[(i - 1) * n + prev] + t.transitions[prev * n + cur];
                        if s > best {
                            best = s;
                            arg = prev;
                        }
                    }
                    score[i * n + cur] = best + emissions[i * n + cur];
                    back[i * n + cur] = arg;
                }
            }
            let last = &score[(len - 1) * n..];
            let mut tag = (0..n).fold(0, |b, t| if last[t] > last[b] { t } else { b });
            let mut path = vec![0; len];
            for i in (0..len).rev() {
                path[i] = tag;
                tag = back[i * n + tag];
            }
            path
        }

        /// For each position, softmax over tags of the best complete path score
        /// through that tag, evaluated at the chosen tag.
        pub(super) fn max_marginals(
            t: &Tagger,
            n: usize,
            allowed: &[bool],
            emissions: &[f32],
            path: &[usize],
        ) -> Vec<f32> {
            let len = path.len();
            let mut fwd = vec![f32::NEG_INFINITY; len * n];
            let mut bwd = vec![f32::NEG_INFINITY; len * n];
            for cur in 0..n {
                if allowed[n * n + cur] && len > 0 {
                    fwd[cur] = emissions[cur] + t.transitions[n * n + cur];
                }
            }
            for i in 1..len {
                for cur in 0..n {
                    let best = (0..n)
                        .filter(|&p| allowed[p * n + cur])
                        .map(|p| fwd[(i - 1) * n + p] + t.transitions[p * n + cur])
                        .fold(f32::NEG_INFINITY, f32::max);
                    fwd[i * n + cur] = best + emissions[i * n + cur];
                }
            }
            if len > 0 {
                bwd[(len - 1) * n..].fill(0.0);
            }
            for i in (0..len.saturating_sub(1)).rev() {
                for prev in 0..n {
                    bwd[i * n + prev] = (0..n)
                        .filter(|&c| allowed[prev * n + c])
                        .map(|c| {
                            t.transitions[prev * n + c] + emissions[(i + 1) * n + c] + bwd[(i + 1) * n + c]
                        })
                        .fold(f32::NEG_INFINITY, f32::max);
                }
            }
            (0..len)
                .map(|i| {
                    let mut totals = [0f32; 16];
                    let totals = &mut totals[..n];
                    for (t, total) in totals.iter_mut().enumerate() {
                        *total = fwd[i * n + t] + bwd[i * n + t];
                    }
                    let max = totals.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                    let sum: f32 = totals.iter().map(|s| ((s - max) / CONFIDENCE_TEMPERATURE).exp()).sum();
                    ((totals[path[i]] - max) / CONFIDENCE_TEMPERATURE).exp() / sum
                })
                .collect()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Decoding and confidences are bit-identical to the reference
        /// implementation under the BIO constraints, ties included (scores
        /// drawn from a few values).
        #[test]
        fn decoding_matches_the_reference(
            transitions in proptest::collection::vec(prop_oneof![Just(0.0f32), Just(1.0), -3.0f32..3.0], 30),
            emissions in proptest::collection::vec(prop_oneof![Just(0.0f32), Just(0.5), -5.0f32..5.0], 0..60),
        ) {
            let tags: Vec<String> = TAGS.map(String::from).to_vec();
            let n = tags.len();
            let allowed = allowed_transitions(&tags);
            let tagger = Tagger { transitions, ..Tagger::default() };
            let len = emissions.len() / n;
            let emissions = &emissions[..len * n];
            let path = tagger.viterbi(n, &allowed, emissions, len);
            prop_assert_eq!(&path, &reference::viterbi(&tagger, n, &allowed, emissions, len));
            let bits = |v: Vec<f32>| v.into_iter().map(f32::to_bits).collect::<Vec<_>>();
            prop_assert_eq!(
                bits(tagger.max_marginals(n, &allowed, emissions, &path)),
                bits(reference::max_marginals(&tagger, n, &allowed, emissions, &path))
            );
        }
    }

    /// Serialises like the format before the weight table: every key with
    /// a non-zero weight, sorted, its mask and those weights.
    fn old_format_pass(t: &Tagger, n: usize, out: &mut Vec<u8>) {
        for w in &t.transitions {
            out.extend_from_slice(&w.to_le_bytes());
        }
        let mut keys: Vec<(u64, u32)> = t.index.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let rows: Vec<(u64, &[f32])> = keys
            .iter()
            .map(|&(k, r)| (k, &t.weights[r as usize * n..(r as usize + 1) * n]))
            .filter(|(_, w)| w.iter().any(|&x| x != 0.0))
            .collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (key, w) in rows {
            out.extend_from_slice(&key.to_le_bytes());
            let mask = w.iter().enumerate().filter(|(_, &x)| x != 0.0).fold(0u16, |m, (t, _)| m | 1 << t);
            out.extend_from_slice(&mask.to_le_bytes());
            for &x in w.iter().filter(|&&x| x != 0.0) {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }

    #[test]
    fn file_format_is_unchanged() {
        let sentence =
            vec![(9, vec![0.5, 0.0, 0.0, -1.0, 0.0]), (3, vec![0.0; 5]), (0, vec![0.0, 2.0, 0.0, 0.0, 0.25])];
        let document = vec![(9, vec![0.0, 0.0, 1.5, 0.0, 0.0]), (u64::MAX, vec![0.125, 0.0, 0.0, 0.0, 0.0])];
        let m = model(&sentence, Some(&document));
        let n = TAGS.len();
        let bytes = m.to_bytes();
        let header = bytes.len() - {
            let mut rest = Vec::new();
            old_format_pass(&m.sentence, n, &mut rest);
            rest.push(1);
            old_format_pass(m.document.as_ref().unwrap(), n, &mut rest);
            assert!(bytes.ends_with(&rest), "passes are written as before");
            rest.len()
        };
        assert_eq!(&bytes[..4], MAGIC);
        assert_eq!(m.feature_count(), 4, "the all-zero row is not a feature");
        assert!(header > 20);
    }

    /// A model file with the given rows for its one pass (2 tags).
    fn one_pass_file(rows: &[(u64, u16, &[f32])]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&0u64.to_le_bytes());
        out.extend_from_slice(&2u32.to_le_bytes());
        for tag in ["O", "B-X"] {
            out.extend_from_slice(&(tag.len() as u16).to_le_bytes());
            out.extend_from_slice(tag.as_bytes());
        }
        out.extend_from_slice(&[0; 6 * 4]);
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (key, mask, weights) in rows {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&mask.to_le_bytes());
            for w in *weights {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out.push(0);
        out
    }

    #[test]
    fn feature_rows_must_be_sorted_and_unique() {
        let load = |rows: &[(u64, u16, &[f32])]| NerModel::from_bytes(&one_pass_file(rows)).err();
        assert_eq!(load(&[(1, 1, &[1.0]), (2, 3, &[1.0, 2.0])]), None);
        assert_eq!(
            load(&[(2, 1, &[1.0]), (2, 1, &[1.0])]),
            Some(ModelError::Malformed("duplicate feature key"))
        );
        assert_eq!(
            load(&[(2, 1, &[1.0]), (1, 1, &[1.0])]),
            Some(ModelError::Malformed("feature keys out of order"))
        );
        assert_eq!(
            load(&[(1, 4, &[1.0])]),
            Some(ModelError::Malformed("weight mask names a tag beyond the tag count"))
        );
    }
}
