//! Token features for the tagger: word forms, affixes, shape, context,
//! gazetteers, trigger words and word clusters, each hashed to a `u64`.
//!
//! The normalisation and clitic stripping here are the tagger's own and are
//! frozen with the model: a trained model is only valid with exactly the
//! features it was trained with, so this module must not follow changes made
//! to the shared normaliser for search. [`FEATURE_VERSION`] and the lexicon
//! fingerprint stored in a model guard against drift.

use rustc_hash::FxHashMap;

/// Bumped whenever feature extraction changes in a way that invalidates
/// trained models.
pub const FEATURE_VERSION: u32 = 1;

/// Longest gazetteer entry, in tokens.
const MAX_GAZETTEER_TOKENS: usize = 6;

/// A word's class in the trigger lexicon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TriggerClass {
    /// A title or rank that precedes a person's name (الرئيس, العميد).
    PersonTitle,
    /// The head noun of an organisation's name (وزارة, حزب).
    OrgHead,
    /// The head noun of a place's name (محافظة, مدينة).
    LocHead,
    /// The head noun of a facility's name, itself part of the name
    /// (قاعدة عين الأسد, مطار بغداد).
    FacilityHead,
}

impl TriggerClass {
    fn parse(s: &str) -> Option<TriggerClass> {
        match s {
            "PER_TITLE" => Some(TriggerClass::PersonTitle),
            "ORG_HEAD" => Some(TriggerClass::OrgHead),
            "LOC_HEAD" => Some(TriggerClass::LocHead),
            "FAC_HEAD" => Some(TriggerClass::FacilityHead),
            _ => None,
        }
    }

    fn code(self) -> u8 {
        match self {
            TriggerClass::PersonTitle => 1,
            TriggerClass::OrgHead => 2,
            TriggerClass::LocHead => 3,
            TriggerClass::FacilityHead => 4,
        }
    }
}

/// A gazetteer's label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GazetteerLabel {
    /// A person's (given) name.
    Person,
    /// An organisation.
    Org,
    /// A place.
    Loc,
}

impl GazetteerLabel {
    fn code(self) -> u8 {
        match self {
            GazetteerLabel::Person => 1,
            GazetteerLabel::Org => 2,
            GazetteerLabel::Loc => 3,
        }
    }
}

pub(crate) const TRIGGERS_TSV: &str = include_str!("../data/triggers.tsv");
pub(crate) const ORGANIZATIONS_TSV: &str = include_str!("../data/organizations.tsv");
pub(crate) const PLACES_TSV: &str = include_str!("../data/places.tsv");
pub(crate) const LOCATIONS_TSV: &str = include_str!("../data/locations.tsv");
pub(crate) const GIVEN_NAMES_TSV: &str = include_str!("../data/given-names.tsv");
pub(crate) const CLUSTERS_TSV: &str = include_str!("../data/clusters.tsv");

/// The lexicons feature extraction reads, keyed by [`feature_norm`] forms.
#[derive(Debug, Clone, Default)]
pub struct Lexicons {
    /// Single words to trigger classes.
    pub triggers: FxHashMap<String, TriggerClass>,
    /// Space-joined normalised names to labels (one or more tokens).
    pub names: FxHashMap<String, GazetteerLabel>,
    /// Hand-written organisation and place names (the curated lists, not the
    /// derived place table) with their file and line, for post-rules.
    pub curated: FxHashMap<String, (GazetteerLabel, &'static str, u32)>,
    /// Given names (normalised) to their conventional Latin spelling.
    pub given_names: FxHashMap<String, String>,
    /// Normalised, article-less word to a distributional cluster id.
    pub clusters: FxHashMap<String, u16>,
    /// A hash of all the lexicon text: stored in models to detect drift.
    pub fingerprint: u64,
}

/// Lines of a lexicon file that are data: not blank, not `#` comments.
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i as u32 + 1, l.trim_end()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicons {
    /// The lexicons compiled into the crate.
    pub fn embedded() -> &'static Lexicons {
        static LEXICONS: std::sync::OnceLock<Lexicons> = std::sync::OnceLock::new();
        LEXICONS.get_or_init(Lexicons::build_embedded)
    }

    fn build_embedded() -> Lexicons {
        let mut lex = Lexicons::default();
        for (_, line) in data_lines(TRIGGERS_TSV) {
            if let Some((word, class)) = line.split_once('\t') {
                if let Some(class) = TriggerClass::parse(class.trim()) {
                    lex.triggers.insert(feature_norm(word), class);
                }
            }
        }
        let mut add_names = |text: &str, label: GazetteerLabel| {
            for (_, line) in data_lines(text) {
                let name = line.split('\t').next().unwrap_or("");
                let key = name_key(name);
                if !key.is_empty() {
                    // Organisations and places listed by hand win over
                    // the derived place list and the given-name list.
                    lex.names.entry(key).or_insert(label);
                }
            }
        };
        for (text, file, label) in [
            (ORGANIZATIONS_TSV, "marsad-ner/data/organizations.tsv", GazetteerLabel::Org),
            (PLACES_TSV, "marsad-ner/data/places.tsv", GazetteerLabel::Loc),
        ] {
            for (line_no, line) in data_lines(text) {
                let key = name_key(line.split('\t').next().unwrap_or(""));
                if !key.is_empty() {
                    lex.curated.entry(key).or_insert((label, file, line_no));
                }
            }
        }
        add_names(ORGANIZATIONS_TSV, GazetteerLabel::Org);
        add_names(PLACES_TSV, GazetteerLabel::Loc);
        add_names(LOCATIONS_TSV, GazetteerLabel::Loc);
        add_names(GIVEN_NAMES_TSV, GazetteerLabel::Person);
        for (_, line) in data_lines(GIVEN_NAMES_TSV) {
            if let Some((ar, latin)) = line.split_once('\t') {
                lex.given_names.insert(name_key(ar), latin.trim().to_string());
            }
        }
        for (_, line) in data_lines(CLUSTERS_TSV) {
            if let Some((word, id)) = line.split_once('\t') {
                if let Ok(id) = id.trim().parse::<u16>() {
                    lex.clusters.insert(word.to_string(), id);
                }
            }
        }
        let mut h = FeatureHasher::new(0xF1);
        for text in
            [TRIGGERS_TSV, ORGANIZATIONS_TSV, PLACES_TSV, LOCATIONS_TSV, GIVEN_NAMES_TSV, CLUSTERS_TSV]
        {
            h.write(text.as_bytes());
            h.write(&[0]);
        }
        lex.fingerprint = h.finish();
        lex
    }
}

impl Lexicons {
    /// The trigger class of a token: looked up as written, without
    /// و ف ب ك ل, and without the article too.
    pub fn trigger_of(&self, word: &str) -> Option<TriggerClass> {
        let norm = feature_norm(word);
        let stripped = strip_proclitics(&norm);
        let base = base_form(&stripped);
        [norm.as_str(), base.as_str(), stripped.core].iter().find_map(|f| self.triggers.get(*f)).copied()
    }
}

/// The normalised word without و ف ب ك ل but with its article, the form
/// names are looked up under (والعراق → العراق).
pub fn base_key(word: &str) -> String {
    let norm = feature_norm(word);
    base_form(&strip_proclitics(&norm))
}

/// The normalised key of a (possibly multi-word) name: each word
/// [`feature_norm`]ed, joined by single spaces.
pub fn name_key(name: &str) -> String {
    let mut out = String::new();
    for w in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&feature_norm(w));
    }
    out
}

/// The tagger's normalisation of one token: diacritics and tatweel removed,
/// alef variants to ا, ى to ي, ة to ه, Arabic-Indic digits to ASCII, Latin
/// lower-cased.
pub fn feature_norm(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}' | '\u{200C}'..='\u{200F}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' => out.push('ي'),
            'ة' => out.push('ه'),
            '\u{0660}'..='\u{0669}' => out.push((b'0' + (c as u32 - 0x0660) as u8) as char),
            '\u{06F0}'..='\u{06F9}' => out.push((b'0' + (c as u32 - 0x06F0) as u8) as char),
            c if c.is_ascii_uppercase() => out.push(c.to_ascii_lowercase()),
            c => out.push(c),
        }
    }
    out
}

/// Proclitics stripped off a normalised word for features.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stripped<'a> {
    /// The word without conjunction, preposition and article.
    pub core: &'a str,
    /// و or ف was stripped.
    pub conj: bool,
    /// ب ك or ل was stripped.
    pub prep: bool,
    /// The article ال (or the ل of لل) was stripped.
    pub article: bool,
}

/// Light proclitic stripping of a [`feature_norm`]ed word: (و|ف)? (ب|ك|ل)?
/// (ال)?, each only when at least two letters remain. A name that starts with
/// one of these letters (بغداد) is stripped wrongly; the tagger also sees the
/// unstripped form, so it learns which reading holds.
pub fn strip_proclitics(word: &str) -> Stripped<'_> {
    let mut s = Stripped { core: word, ..Stripped::default() };
    let long_enough = |rest: &str| rest.chars().count() >= 2;
    if let Some(rest) = s.core.strip_prefix('و').or_else(|| s.core.strip_prefix('ف')) {
        if long_enough(rest) {
            s.core = rest;
            s.conj = true;
        }
    }
    if let Some(rest) = s.core.strip_prefix("لل") {
        if long_enough(rest) {
            s.core = rest;
            s.prep = true;
            s.article = true;
            return s;
        }
    }
    if let Some(rest) =
        s.core.strip_prefix('ب').or_else(|| s.core.strip_prefix('ك')).or_else(|| s.core.strip_prefix('ل'))
    {
        if rest.starts_with("ال") && long_enough(&rest["ال".len()..]) {
            s.core = rest;
            s.prep = true;
        }
    }
    if let Some(rest) = s.core.strip_prefix("ال") {
        if long_enough(rest) {
            s.core = rest;
            s.article = true;
        }
    }
    s
}

/// The word without و ف ب ك ل but with its article: والعراق → العراق,
/// للعراق → العراق.
fn base_form(stripped: &Stripped<'_>) -> String {
    if stripped.article {
        let mut base = String::with_capacity(stripped.core.len() + "ال".len());
        base.push_str("ال");
        base.push_str(stripped.core);
        base
    } else {
        stripped.core.to_string()
    }
}

/// A small, fast, deterministic 64-bit hasher for feature keys (FNV-1a
/// with a final avalanche), independent of the platform and Rust version.
#[derive(Clone, Copy)]
pub(crate) struct FeatureHasher(u64);

impl FeatureHasher {
    #[inline]
    pub(crate) fn new(template: u8) -> FeatureHasher {
        FeatureHasher((0xcbf2_9ce4_8422_2325u64 ^ template as u64).wrapping_mul(0x0100_0000_01b3))
    }

    #[inline]
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }

    #[inline]
    pub(crate) fn finish(self) -> u64 {
        // splitmix64 finaliser: spreads FNV's weak high bits.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Feature templates: one id per kind of feature, hashed with its value.
mod template {
    pub const BIAS: u8 = 1;
    pub const WORD: u8 = 2;
    pub const NORM: u8 = 3;
    pub const CORE: u8 = 4;
    pub const PREFIX: u8 = 5;
    pub const SUFFIX: u8 = 6;
    pub const SHAPE: u8 = 7;
    pub const CLITICS: u8 = 8;
    pub const CONTEXT_NORM: u8 = 9;
    pub const CONTEXT_CORE: u8 = 10;
    pub const BIGRAM: u8 = 11;
    pub const GAZETTEER: u8 = 12;
    pub const TRIGGER: u8 = 13;
    pub const CONTEXT_TRIGGER: u8 = 14;
    pub const CLUSTER: u8 = 15;
    pub const CONTEXT_CLUSTER: u8 = 16;
    pub const POSITION: u8 = 17;
    pub const LENGTH: u8 = 18;
    pub const CORE_SUFFIX: u8 = 19;
    pub const GAZ_CONTEXT: u8 = 20;
    pub const CLUSTER_BIGRAM: u8 = 21;
    pub const TRIGGER_CLUSTER: u8 = 22;
}

/// Per-token facts computed once per sentence, then combined into features.
struct TokenInfo {
    norm: String,
    /// `norm` without و ف ب ك ل, the article kept (لل restored to ال).
    base: String,
    core_start: usize,
    conj: bool,
    prep: bool,
    article: bool,
    shape: u8,
    trigger: u8,
    cluster: u16,
    /// Gazetteer match: 0 none, else label code, plus 8 when inside (I).
    gazetteer: u8,
}

impl TokenInfo {
    fn core(&self) -> &str {
        &self.norm[self.core_start..]
    }
}

/// The shape class of a token.
fn shape_of(word: &str) -> u8 {
    let mut arabic = false;
    let mut latin = false;
    let mut digit = false;
    let mut other = false;
    for c in word.chars() {
        if c.is_ascii_digit() {
            digit = true;
        } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
            arabic = true;
        } else if c.is_alphabetic() {
            latin = true;
        } else {
            other = true;
        }
    }
    (arabic as u8) | (latin as u8) << 1 | (digit as u8) << 2 | (other as u8) << 3
}

/// Extracts hashed features for every token of a sentence.
///
/// Reuses its buffers: one extractor per thread, many sentences.
pub(crate) struct FeatureExtractor<'l> {
    lexicons: &'l Lexicons,
    infos: Vec<TokenInfo>,
}

/// Hashed features of a sentence: `features[offsets[i]..offsets[i + 1]]`
/// belong to token `i`.
#[derive(Debug, Default, Clone)]
pub(crate) struct SentenceFeatures {
    pub features: Vec<u64>,
    pub offsets: Vec<usize>,
}

impl SentenceFeatures {
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn token(&self, i: usize) -> &[u64] {
        &self.features[self.offsets[i]..self.offsets[i + 1]]
    }
}

#[inline]
fn hash_str(template: u8, s: &str) -> u64 {
    let mut h = FeatureHasher::new(template);
    h.write(s.as_bytes());
    h.finish()
}

#[inline]
fn hash_offset_str(template: u8, offset: i8, s: &str) -> u64 {
    let mut h = FeatureHasher::new(template);
    h.write(&[offset as u8]);
    h.write(s.as_bytes());
    h.finish()
}

#[inline]
fn hash_bytes(template: u8, bytes: &[u8]) -> u64 {
    let mut h = FeatureHasher::new(template);
    h.write(bytes);
    h.finish()
}

impl<'l> FeatureExtractor<'l> {
    pub fn new(lexicons: &'l Lexicons) -> FeatureExtractor<'l> {
        FeatureExtractor { lexicons, infos: Vec::new() }
    }

    pub fn extract<S: AsRef<str>>(&mut self, tokens: &[S], out: &mut SentenceFeatures) {
        self.infos.clear();
        for t in tokens {
            let word = t.as_ref();
            let norm = feature_norm(word);
            let stripped = strip_proclitics(&norm);
            let core_start = norm.len() - stripped.core.len();
            let (conj, prep, article) = (stripped.conj, stripped.prep, stripped.article);
            let lex = self.lexicons;
            let base = base_form(&stripped);
            let trigger = [norm.as_str(), base.as_str(), stripped.core]
                .iter()
                .find_map(|form| lex.triggers.get(*form))
                .map_or(0, |c| c.code());
            let cluster = lex.clusters.get(stripped.core).copied().unwrap_or(0);
            self.infos.push(TokenInfo {
                shape: shape_of(&norm),
                norm,
                base,
                core_start,
                conj,
                prep,
                article,
                trigger,
                cluster,
                gazetteer: 0,
            });
        }
        self.mark_gazetteer();

        out.features.clear();
        out.offsets.clear();
        out.offsets.push(0);
        let n = self.infos.len();
        for (i, (info, token)) in self.infos.iter().zip(tokens).enumerate() {
            let f = &mut out.features;
            let word = token.as_ref();
            f.push(hash_bytes(template::BIAS, &[]));
            f.push(hash_str(template::WORD, word));
            f.push(hash_str(template::NORM, &info.norm));
            let core = info.core();
            f.push(hash_str(template::CORE, core));
            let chars: Vec<(usize, char)> = core.char_indices().collect();
            for k in 1..=3 {
                if chars.len() > k {
                    f.push(hash_offset_str(template::PREFIX, k as i8, &core[..chars[k].0]));
                }
            }
            let norm_chars: Vec<usize> = info.norm.char_indices().map(|(b, _)| b).collect();
            for k in 1..=3 {
                if norm_chars.len() > k {
                    let start = norm_chars[norm_chars.len() - k];
                    f.push(hash_offset_str(template::SUFFIX, k as i8, &info.norm[start..]));
                }
            }
            if chars.len() > 2 {
                let start = chars[chars.len() - 2].0;
                f.push(hash_str(template::CORE_SUFFIX, &core[start..]));
            }
            f.push(hash_bytes(template::SHAPE, &[info.shape]));
            f.push(hash_bytes(template::LENGTH, &[chars.len().min(10) as u8]));
            f.push(hash_bytes(
                template::CLITICS,
                &[(info.conj as u8) | (info.prep as u8) << 1 | (info.article as u8) << 2],
            ));
            f.push(hash_bytes(template::POSITION, &[i.min(2) as u8, (n - 1 - i).min(1) as u8]));
            for off in [-2i8, -1, 1, 2] {
                let j = i as isize + off as isize;
                let (norm, core) = if j < 0 {
                    ("<S>", "<S>")
                } else if j as usize >= n {
                    ("</S>", "</S>")
                } else {
                    let o = &self.infos[j as usize];
                    (o.norm.as_str(), o.core())
                };
                f.push(hash_offset_str(template::CONTEXT_NORM, off, norm));
                if off.abs() == 1 {
                    f.push(hash_offset_str(template::CONTEXT_CORE, off, core));
                }
                if (0..n as isize).contains(&j) {
                    let o = &self.infos[j as usize];
                    f.push(hash_bytes(template::CONTEXT_TRIGGER, &[off as u8, o.trigger]));
                    f.push(hash_bytes(
                        template::CONTEXT_CLUSTER,
                        &[off as u8, (o.cluster >> 8) as u8, o.cluster as u8],
                    ));
                    if off.abs() == 1 {
                        f.push(hash_bytes(template::GAZ_CONTEXT, &[off as u8, o.gazetteer]));
                    }
                }
            }
            let prev = if i > 0 { self.infos[i - 1].norm.as_str() } else { "<S>" };
            let next = if i + 1 < n { self.infos[i + 1].norm.as_str() } else { "</S>" };
            let mut h = FeatureHasher::new(template::BIGRAM);
            h.write(prev.as_bytes());
            h.write(&[0, 0]);
            h.write(info.norm.as_bytes());
            f.push(h.finish());
            let mut h = FeatureHasher::new(template::BIGRAM);
            h.write(info.norm.as_bytes());
            h.write(&[0, 1]);
            h.write(next.as_bytes());
            f.push(h.finish());
            f.push(hash_bytes(template::GAZETTEER, &[info.gazetteer]));
            f.push(hash_bytes(template::TRIGGER, &[info.trigger]));
            f.push(hash_bytes(template::CLUSTER, &[(info.cluster >> 8) as u8, info.cluster as u8]));
            let cluster_bytes = |c: u16| [(c >> 8) as u8, c as u8];
            let prev_info = (i > 0).then(|| &self.infos[i - 1]);
            let next_info = self.infos.get(i + 1);
            let [c0, c1] = cluster_bytes(info.cluster);
            let [p0, p1] = cluster_bytes(prev_info.map_or(u16::MAX, |p| p.cluster));
            let [n0, n1] = cluster_bytes(next_info.map_or(u16::MAX, |p| p.cluster));
            f.push(hash_bytes(template::CLUSTER_BIGRAM, &[0, p0, p1, c0, c1]));
            f.push(hash_bytes(template::CLUSTER_BIGRAM, &[1, c0, c1, n0, n1]));
            let prev_trigger = prev_info.map_or(9, |p| p.trigger);
            f.push(hash_bytes(template::TRIGGER_CLUSTER, &[prev_trigger, c0, c1]));
            out.offsets.push(f.len());
        }
    }

    /// Marks tokens covered by gazetteer names, longest match first, left to
    /// right. The first token of a match may carry proclitics (والعراق).
    fn mark_gazetteer(&mut self) {
        let n = self.infos.len();
        let mut i = 0;
        let mut key = String::new();
        while i < n {
            let mut best: Option<(usize, GazetteerLabel)> = None;
            for first_form in 0..2 {
                key.clear();
                let info = &self.infos[i];
                key.push_str(if first_form == 0 { &info.norm } else { &info.base });
                for len in 1..=MAX_GAZETTEER_TOKENS.min(n - i) {
                    if len > 1 {
                        key.push(' ');
                        key.push_str(&self.infos[i + len - 1].norm);
                    }
                    if let Some(&label) = self.lexicons.names.get(key.as_str()) {
                        if best.is_none_or(|(l, _)| len > l) {
                            best = Some((len, label));
                        }
                    }
                }
            }
            if let Some((len, label)) = best {
                self.infos[i].gazetteer = label.code();
                for k in 1..len {
                    self.infos[i + k].gazetteer = label.code() | 8;
                }
                i += len;
            } else {
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_strip(word: &str, expect: &str) {
        let n = feature_norm(word);
        let s = strip_proclitics(&n);
        let got = format!(
            "{}{}{}{}",
            s.core,
            if s.conj { " +conj" } else { "" },
            if s.prep { " +prep" } else { "" },
            if s.article { " +art" } else { "" }
        );
        assert_eq!(got, expect, "stripping {word}");
    }

    #[test]
    fn proclitic_stripping() {
        check_strip("والعراق", "عراق +conj +art");
        check_strip("للعراق", "عراق +prep +art");
        check_strip("بالعراق", "عراق +prep +art");
        check_strip("العراق", "عراق +art");
        check_strip("وقال", "قال +conj");
        check_strip("بغداد", "بغداد");
        check_strip("وزارة", "زاره +conj");
        check_strip("و", "و");
        check_strip("", "");
    }

    #[test]
    fn normalisation() {
        assert_eq!(feature_norm("إلى"), "الي");
        assert_eq!(feature_norm("مُحَمَّد"), "محمد");
        assert_eq!(feature_norm("قاعـــدة"), "قاعده");
        assert_eq!(feature_norm("٢٠٢٦"), "2026");
        assert_eq!(feature_norm("ISIS"), "isis");
    }

    #[test]
    fn gazetteer_marks_longest_match_with_clitics() {
        let lex = Lexicons::embedded();
        let mut ex = FeatureExtractor::new(lex);
        let mut out = SentenceFeatures::default();
        let tokens = ["وأعلنت", "قيادة", "العمليات", "المشتركة", "في", "والعراق"];
        ex.extract(&tokens, &mut out);
        let marks: Vec<u8> = ex.infos.iter().map(|i| i.gazetteer).collect();
        assert_eq!(marks, vec![0, 2, 10, 10, 0, 3]);
        assert_eq!(out.len(), tokens.len());
    }
}
