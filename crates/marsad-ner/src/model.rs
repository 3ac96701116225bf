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

    /// The best tag sequence under the transition scores and the BIO
    /// constraints in `allowed`.
    pub(crate) fn viterbi(&self, n: usize, allowed: &[bool], emissions: &[f32], len: usize) -> Vec<usize> {
        if len == 0 {
            return Vec::new();
        }
        let mut score = vec![f32::NEG_INFINITY; len * n];
        let mut back = vec![0usize; len * n];
        for cur in 0..n {
            if allowed[n * n + cur] {
                score[cur] = emissions[cur] + self.transitions[n * n + cur];
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
                    let s = score[(i - 1) * n + prev] + self.transitions[prev * n + cur];
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
    fn max_marginals(&self, n: usize, allowed: &[bool], emissions: &[f32], path: &[usize]) -> Vec<f32> {
        let len = path.len();
        let mut fwd = vec![f32::NEG_INFINITY; len * n];
        let mut bwd = vec![f32::NEG_INFINITY; len * n];
        for cur in 0..n {
            if allowed[n * n + cur] && len > 0 {
                fwd[cur] = emissions[cur] + self.transitions[n * n + cur];
            }
        }
        for i in 1..len {
            for cur in 0..n {
                let best = (0..n)
                    .filter(|&p| allowed[p * n + cur])
                    .map(|p| fwd[(i - 1) * n + p] + self.transitions[p * n + cur])
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
                        self.transitions[prev * n + c] + emissions[(i + 1) * n + c] + bwd[(i + 1) * n + c]
                    })
                    .fold(f32::NEG_INFINITY, f32::max);
            }
        }
        (0..len)
            .map(|i| {
                let totals: Vec<f32> = (0..n).map(|t| fwd[i * n + t] + bwd[i * n + t]).collect();
                let max = totals.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let sum: f32 = totals.iter().map(|s| ((s - max) / CONFIDENCE_TEMPERATURE).exp()).sum();
                ((totals[path[i]] - max) / CONFIDENCE_TEMPERATURE).exp() / sum
            })
            .collect()
    }

    fn write(&self, n: usize, out: &mut Vec<u8>) {
        for w in &self.transitions {
            out.extend_from_slice(&w.to_le_bytes());
        }
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let rows: Vec<(u64, &[f32])> = keys
            .iter()
            .map(|&(k, r)| (k, &self.weights[r as usize * n..(r as usize + 1) * n]))
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

    fn read(n: usize, r: &mut Reader<'_>) -> Result<Tagger, ModelError> {
        let mut transitions = Vec::with_capacity((n + 1) * n);
        for _ in 0..(n + 1) * n {
            transitions.push(r.f32()?);
        }
        let count = r.u32()? as usize;
        if count > r.bytes.len() / 10 {
            return Err(ModelError::Malformed("feature count larger than the file"));
        }
        let mut index = FeatureIndex::with_capacity_and_hasher(count, Default::default());
        let mut weights = vec![0f32; count * n];
        for row in 0..count {
            let key = r.u64()?;
            let mask = r.u16()?;
            if mask >> n != 0 {
                return Err(ModelError::Malformed("weight mask names a tag beyond the tag count"));
            }
            for t in 0..n {
                if mask & (1 << t) != 0 {
                    weights[row * n + t] = r.f32()?;
                }
            }
            if index.insert(key, row as u32).is_some() {
                return Err(ModelError::Malformed("duplicate feature key"));
            }
        }
        Ok(Tagger { transitions, index, weights })
    }
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
    /// The first pass: sentence features only.
    pub(crate) sentence: Tagger,
    /// The second pass: sentence and document features.
    pub(crate) document: Option<Tagger>,
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
        let allowed = allowed_transitions(&tags);
        NerModel { tags, lexicon_fingerprint, allowed, sentence, document }
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
        self.sentence.feature_count() + self.document.as_ref().map_or(0, Tagger::feature_count)
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
        let (feats, tagger) = self.final_features(sentences);
        let n = self.tags.len();
        feats
            .iter()
            .map(|f| {
                let emissions = tagger.emissions(n, f);
                let path = tagger.viterbi(n, &self.allowed, &emissions, f.len());
                let confidence = tagger.max_marginals(n, &self.allowed, &emissions, &path);
                path.into_iter().zip(confidence).map(|(t, c)| (self.tags[t].clone(), c)).collect()
            })
            .collect()
    }

    pub(crate) fn tag_ids<S: AsRef<str>>(&self, sentences: &[impl AsRef<[S]>]) -> Vec<Vec<usize>> {
        let (feats, tagger) = self.final_features(sentences);
        let n = self.tags.len();
        feats.iter().map(|f| tagger.viterbi(n, &self.allowed, &tagger.emissions(n, f), f.len())).collect()
    }

    /// The features the last pass scores, and that pass: the sentence
    /// features, or, with a document pass, those plus the document
    /// features computed from the sentence pass's tags.
    fn final_features<S: AsRef<str>>(
        &self,
        sentences: &[impl AsRef<[S]>],
    ) -> (Vec<SentenceFeatures>, &Tagger) {
        let mut extractor = FeatureExtractor::new(Lexicons::embedded());
        let feats: Vec<SentenceFeatures> = sentences
            .iter()
            .map(|s| {
                let mut f = SentenceFeatures::default();
                extractor.extract(s.as_ref(), &mut f);
                f
            })
            .collect();
        // A lone sentence has no neighbours: the document pass was trained
        // with them and does worse without (about 3 points of dev F1).
        match &self.document {
            Some(document) if feats.len() > 1 => (self.with_document_features(&feats), document),
            _ => (feats, &self.sentence),
        }
    }

    /// The sentence pass's tags for each sentence.
    pub(crate) fn first_pass(&self, feats: &[SentenceFeatures]) -> Vec<Vec<usize>> {
        let n = self.tags.len();
        feats
            .iter()
            .map(|f| self.sentence.viterbi(n, &self.allowed, &self.sentence.emissions(n, f), f.len()))
            .collect()
    }

    /// Sentence features plus document features from the sentence pass.
    pub(crate) fn with_document_features(&self, feats: &[SentenceFeatures]) -> Vec<SentenceFeatures> {
        let first = self.first_pass(feats);
        add_document_features(feats, &first, &self.tags)
    }

    /// Serialises the model: a small header, then each pass's transitions
    /// and its features sorted by key, each with a bit mask of its non-zero
    /// tags and only those weights.
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
        self.sentence.write(n, &mut out);
        out.push(self.document.is_some() as u8);
        if let Some(document) = &self.document {
            document.write(n, &mut out);
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
        let sentence = Tagger::read(n, &mut r)?;
        let document = match r.take(1)?[0] {
            0 => None,
            1 => Some(Tagger::read(n, &mut r)?),
            _ => return Err(ModelError::Malformed("document pass flag")),
        };
        if r.at != bytes.len() {
            return Err(ModelError::Malformed("trailing bytes"));
        }
        Ok(NerModel::new(tags, fingerprint, sentence, document))
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
