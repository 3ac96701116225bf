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
pub const FEATURE_VERSION: u32 = 2;

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
    /// A word before the name of a work, event, product or operation
    /// (مسلسل, كأس): a MISC cue.
    MiscHead,
}

impl TriggerClass {
    fn parse(s: &str) -> Option<TriggerClass> {
        match s {
            "PER_TITLE" => Some(TriggerClass::PersonTitle),
            "ORG_HEAD" => Some(TriggerClass::OrgHead),
            "LOC_HEAD" => Some(TriggerClass::LocHead),
            "FAC_HEAD" => Some(TriggerClass::FacilityHead),
            "MISC_HEAD" => Some(TriggerClass::MiscHead),
            _ => None,
        }
    }

    fn code(self) -> u8 {
        match self {
            TriggerClass::PersonTitle => 1,
            TriggerClass::OrgHead => 2,
            TriggerClass::LocHead => 3,
            TriggerClass::FacilityHead => 4,
            TriggerClass::MiscHead => 5,
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
    /// A MISC name: a currency, religion, war, prize, tournament, work
    /// (feature only; `data/misc-names.tsv`).
    Misc,
    /// A family name that usually ends a person's name (feature only;
    /// `data/family-names.tsv`).
    FamilyName,
}

impl GazetteerLabel {
    fn code(self) -> u8 {
        match self {
            GazetteerLabel::Person => 1,
            GazetteerLabel::Org => 2,
            GazetteerLabel::Loc => 3,
            GazetteerLabel::Misc => 4,
            GazetteerLabel::FamilyName => 5,
        }
    }
}

pub(crate) const TRIGGERS_TSV: &str = include_str!("../data/triggers.tsv");
pub(crate) const ORGANIZATIONS_TSV: &str = include_str!("../data/organizations.tsv");
pub(crate) const PLACES_TSV: &str = include_str!("../data/places.tsv");
pub(crate) const LOCATIONS_TSV: &str = include_str!("../data/locations.tsv");
pub(crate) const GIVEN_NAMES_TSV: &str = include_str!("../data/given-names.tsv");
pub(crate) const PERSON_NAMES_TSV: &str = include_str!("../data/person-names.tsv");
pub(crate) const CLUSTERS_TSV: &str = include_str!("../data/clusters.tsv");
pub(crate) const ORG_NAMES_TSV: &str = include_str!("../data/org-names.tsv");
pub(crate) const MISC_NAMES_TSV: &str = include_str!("../data/misc-names.tsv");
pub(crate) const FAMILY_NAMES_TSV: &str = include_str!("../data/family-names.tsv");

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
    /// Curated names that are also adjectives (السعودية, العربية, marked
    /// `ADJ` in `data/places.tsv` and `data/organizations.tsv`): names only
    /// where no definite word comes right before them (`وهي السعودية`, not
    /// `القوات السعودية`).
    pub adjective_names: rustc_hash::FxHashSet<String>,
    /// Given names (normalised) to their conventional Latin spelling.
    pub given_names: FxHashMap<String, String>,
    /// Normalised, article-less word to a distributional cluster id.
    pub clusters: FxHashMap<String, u16>,
    /// A hash of all the lexicon text: stored in models to detect drift.
    pub fingerprint: u64,
    /// Every key of `names` and every word prefix of one (its first words,
    /// joined by spaces): what the gazetteer marking looks up, so that it
    /// stops extending a match as soon as no name starts with its words.
    pub(crate) name_steps: FxHashMap<String, NameStep>,
}

/// What [`Lexicons::name_steps`] knows about a run of words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct NameStep {
    /// The label of the name that is exactly these words, if listed.
    pub label: Option<GazetteerLabel>,
    /// Some listed name is these words followed by more.
    pub continues: bool,
}

/// [`Lexicons::name_steps`] of a name table.
fn name_steps(names: &FxHashMap<String, GazetteerLabel>) -> FxHashMap<String, NameStep> {
    let mut steps: FxHashMap<String, NameStep> = FxHashMap::default();
    for (key, &label) in names {
        steps.entry(key.clone()).or_default().label = Some(label);
        for (at, _) in key.match_indices(' ') {
            steps.entry(key[..at].to_string()).or_default().continues = true;
        }
    }
    steps
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
                let mut columns = line.split('\t');
                let key = name_key(columns.next().unwrap_or(""));
                if !key.is_empty() {
                    if columns.next().map(str::trim) == Some("ADJ") {
                        lex.adjective_names.insert(key.clone());
                    }
                    lex.curated.entry(key).or_insert((label, file, line_no));
                }
            }
        }
        add_names(ORGANIZATIONS_TSV, GazetteerLabel::Org);
        add_names(PLACES_TSV, GazetteerLabel::Loc);
        add_names(LOCATIONS_TSV, GazetteerLabel::Loc);
        add_names(GIVEN_NAMES_TSV, GazetteerLabel::Person);
        add_names(PERSON_NAMES_TSV, GazetteerLabel::Person);
        add_names(ORG_NAMES_TSV, GazetteerLabel::Org);
        add_names(MISC_NAMES_TSV, GazetteerLabel::Misc);
        add_names(FAMILY_NAMES_TSV, GazetteerLabel::FamilyName);
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
        for text in [
            TRIGGERS_TSV,
            ORGANIZATIONS_TSV,
            PLACES_TSV,
            LOCATIONS_TSV,
            GIVEN_NAMES_TSV,
            PERSON_NAMES_TSV,
            CLUSTERS_TSV,
            ORG_NAMES_TSV,
            MISC_NAMES_TSV,
            FAMILY_NAMES_TSV,
        ] {
            h.write(text.as_bytes());
            h.write(&[0]);
        }
        lex.fingerprint = h.finish();
        lex.name_steps = name_steps(&lex.names);
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
    feature_norm_into(word, &mut out);
    out
}

/// [`feature_norm`] appended to `out`.
fn feature_norm_into(word: &str, out: &mut String) {
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

/// The stem for features: [`Stripped::core`], and, when no article was
/// found, a single ب ك or ل also stripped when three letters remain
/// (بفرنسا → فرنسا, لروما → روما). Names starting with those letters
/// (بغداد → غداد) are cut too, but always the same way, and the tagger
/// also sees the whole word.
pub fn stem_of<'a>(stripped: &Stripped<'a>) -> &'a str {
    if stripped.prep || stripped.article {
        return stripped.core;
    }
    let core = stripped.core;
    for p in ['ب', 'ك', 'ل'] {
        if let Some(rest) = core.strip_prefix(p) {
            if rest.chars().count() >= 3 {
                return rest;
            }
        }
    }
    core
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
    pub const STEM: u8 = 23;
    pub const STEM_PREFIX: u8 = 24;
    pub const STEM_SUFFIX: u8 = 25;
    pub const CONTEXT_STEM: u8 = 26;
    pub const STEM_TRIGRAM: u8 = 27;
    pub const TITLE_WINDOW: u8 = 28;
    pub const QUOTES: u8 = 29;
    pub const STEM_BIGRAM: u8 = 30;
    pub const DOC_KEY: u8 = 31;
    pub const DOC_NONE: u8 = 32;
    pub const DOC_TYPE: u8 = 33;
    pub const DOC_MAJORITY: u8 = 34;
    pub const DOC_LAST: u8 = 35;
    pub const DOC_SELF: u8 = 36;
    pub const DOC_NEIGHBOUR: u8 = 37;
}

/// Per-token facts computed once per sentence, then combined into features.
/// The token's strings live in [`FeatureExtractor`]'s `text`; these are byte
/// offsets into it (one buffer for the sentence, so no allocation per token).
#[derive(Clone, Copy, Debug, Default)]
struct TokenInfo {
    /// The [`feature_norm`] form is `text[norm_start..norm_end]`.
    norm_start: usize,
    norm_end: usize,
    /// Start of the core ([`Stripped::core`]); it ends with the norm.
    core_start: usize,
    /// Start of the stem ([`stem_of`]); it ends with the norm.
    stem_start: usize,
    /// The norm without و ف ب ك ل, the article kept (لل restored to ال):
    /// `text[base_start..base_end]`, inside the norm unless ال had to be
    /// restored.
    base_start: usize,
    base_end: usize,
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
    fn norm<'t>(&self, text: &'t str) -> &'t str {
        &text[self.norm_start..self.norm_end]
    }

    fn core<'t>(&self, text: &'t str) -> &'t str {
        &text[self.core_start..self.norm_end]
    }

    fn stem<'t>(&self, text: &'t str) -> &'t str {
        &text[self.stem_start..self.norm_end]
    }

    fn base<'t>(&self, text: &'t str) -> &'t str {
        &text[self.base_start..self.base_end]
    }
}

/// Quotation marks that set off titles and names (« » " ' “ ”).
fn is_quote_mark(norm: &str) -> bool {
    matches!(norm, "«" | "»" | "\"" | "'" | "''" | "“" | "”" | "„" | "‹" | "›")
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
    /// The sentence's normalised forms (and restored bases), see [`TokenInfo`].
    text: String,
    /// Char boundaries of the stem being featurised.
    bounds: Vec<usize>,
    /// A token's core while ال is put before it (rare: only after لل).
    scratch: String,
}

/// Hashed features of a sentence: `features[offsets[i]..offsets[i + 1]]`
/// belong to token `i`.
#[derive(Debug, Default, Clone)]
pub(crate) struct SentenceFeatures {
    pub features: Vec<u64>,
    pub offsets: Vec<usize>,
    /// Each token's word key for the document pass (a hash of its stem),
    /// 0 for tokens that are not words.
    pub keys: Vec<u64>,
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

/// Bytes of the article ال in UTF-8.
const ARTICLE: &str = "ال";

impl<'l> FeatureExtractor<'l> {
    pub fn new(lexicons: &'l Lexicons) -> FeatureExtractor<'l> {
        FeatureExtractor {
            lexicons,
            infos: Vec::new(),
            text: String::new(),
            bounds: Vec::new(),
            scratch: String::new(),
        }
    }

    /// The facts of one token, its strings appended to `text`.
    fn token_info(&mut self, word: &str) -> TokenInfo {
        let lex = self.lexicons;
        let norm_start = self.text.len();
        feature_norm_into(word, &mut self.text);
        let norm_end = self.text.len();
        let norm = &self.text[norm_start..];
        let stripped = strip_proclitics(norm);
        let core_start = norm_end - stripped.core.len();
        let stem_start = norm_end - stem_of(&stripped).len();
        let (conj, prep, article) = (stripped.conj, stripped.prep, stripped.article);
        let shape = shape_of(norm);
        let cluster = lex
            .clusters
            .get(stripped.core)
            .or_else(|| lex.clusters.get(stem_of(&stripped)))
            .copied()
            .unwrap_or(0);
        // The base form ([`base_form`]): the core, or ال + core, which is
        // inside the norm unless the article came as لل.
        let (base_start, base_end) = if !article {
            (core_start, norm_end)
        } else if self.text[norm_start..core_start].ends_with(ARTICLE) {
            (core_start - ARTICLE.len(), norm_end)
        } else {
            self.scratch.clear();
            self.scratch.push_str(&self.text[core_start..norm_end]);
            let start = self.text.len();
            self.text.push_str(ARTICLE);
            self.text.push_str(&self.scratch);
            (start, self.text.len())
        };
        let text = &self.text;
        let trigger = [&text[norm_start..norm_end], &text[base_start..base_end], &text[core_start..norm_end]]
            .iter()
            .find_map(|form| lex.triggers.get(*form))
            .map_or(0, |c| c.code());
        TokenInfo {
            norm_start,
            norm_end,
            core_start,
            stem_start,
            base_start,
            base_end,
            conj,
            prep,
            article,
            shape,
            trigger,
            cluster,
            gazetteer: 0,
        }
    }

    pub fn extract<S: AsRef<str>>(&mut self, tokens: &[S], out: &mut SentenceFeatures) {
        self.infos.clear();
        self.text.clear();
        for t in tokens {
            let info = self.token_info(t.as_ref());
            self.infos.push(info);
        }
        self.mark_gazetteer();

        out.features.clear();
        out.keys.clear();
        out.offsets.clear();
        out.offsets.push(0);
        let FeatureExtractor { infos, text, bounds, .. } = self;
        let (infos, text) = (&infos[..], text.as_str());
        let n = infos.len();
        for (i, (info, token)) in infos.iter().zip(tokens).enumerate() {
            let f = &mut out.features;
            let word = token.as_ref();
            let norm = info.norm(text);
            let core = info.core(text);
            let stem = info.stem(text);
            f.push(hash_str(template::WORD, word));
            f.push(hash_str(template::NORM, norm));
            f.push(hash_str(template::CORE, core));
            f.push(hash_str(template::STEM, stem));
            let prev = if i > 0 { infos[i - 1].norm(text) } else { "<S>" };
            let next = if i + 1 < n { infos[i + 1].norm(text) } else { "</S>" };
            let mut h = FeatureHasher::new(template::BIGRAM);
            h.write(prev.as_bytes());
            h.write(&[0, 0]);
            h.write(norm.as_bytes());
            f.push(h.finish());
            let mut h = FeatureHasher::new(template::BIGRAM);
            h.write(norm.as_bytes());
            h.write(&[0, 1]);
            h.write(next.as_bytes());
            f.push(h.finish());
            let prev_stem = if i > 0 { infos[i - 1].stem(text) } else { "<S>" };
            let mut h = FeatureHasher::new(template::STEM_BIGRAM);
            h.write(prev_stem.as_bytes());
            h.write(&[0]);
            h.write(stem.as_bytes());
            f.push(h.finish());
            let is_word = info.shape & 0b11 != 0 && stem.chars().nth(1).is_some();
            out.keys.push(if is_word { hash_str(template::DOC_KEY, stem) | 1 } else { 0 });
            f.push(hash_bytes(template::BIAS, &[]));
            // The core's first 1–3 letters (not the whole core).
            for (k, (end, _)) in core.char_indices().skip(1).take(3).enumerate() {
                f.push(hash_offset_str(template::PREFIX, k as i8 + 1, &core[..end]));
            }
            // The norm's last 1–3 letters (not the whole norm): the starts
            // of its last four letters, last first.
            let mut last_starts = [0usize; 4];
            let mut letters_seen = 0;
            for (start, _) in norm.char_indices().rev().take(4) {
                last_starts[letters_seen] = start;
                letters_seen += 1;
            }
            for k in 1..=3 {
                if letters_seen > k {
                    f.push(hash_offset_str(template::SUFFIX, k as i8, &norm[last_starts[k - 1]..]));
                }
            }
            let core_letters = core.chars().count();
            if core_letters > 2 {
                let start = core.char_indices().rev().nth(1).map_or(0, |(b, _)| b);
                f.push(hash_str(template::CORE_SUFFIX, &core[start..]));
            }
            f.push(hash_bytes(template::SHAPE, &[info.shape]));
            f.push(hash_bytes(template::LENGTH, &[core_letters.min(10) as u8]));
            f.push(hash_bytes(
                template::CLITICS,
                &[(info.conj as u8) | (info.prep as u8) << 1 | (info.article as u8) << 2],
            ));
            f.push(hash_bytes(template::POSITION, &[i.min(2) as u8, (n - 1 - i).min(1) as u8]));
            for off in [-2i8, -1, 1, 2] {
                let j = i as isize + off as isize;
                let (other_norm, other_core) = if j < 0 {
                    ("<S>", "<S>")
                } else if j as usize >= n {
                    ("</S>", "</S>")
                } else {
                    let o = &infos[j as usize];
                    (o.norm(text), o.core(text))
                };
                f.push(hash_offset_str(template::CONTEXT_NORM, off, other_norm));
                if off.abs() == 1 {
                    f.push(hash_offset_str(template::CONTEXT_CORE, off, other_core));
                }
                if (0..n as isize).contains(&j) {
                    let o = &infos[j as usize];
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
            f.push(hash_bytes(template::GAZETTEER, &[info.gazetteer]));
            f.push(hash_bytes(template::TRIGGER, &[info.trigger]));
            f.push(hash_bytes(template::CLUSTER, &[(info.cluster >> 8) as u8, info.cluster as u8]));
            let cluster_bytes = |c: u16| [(c >> 8) as u8, c as u8];
            let prev_info = (i > 0).then(|| &infos[i - 1]);
            let next_info = infos.get(i + 1);
            let [c0, c1] = cluster_bytes(info.cluster);
            let [p0, p1] = cluster_bytes(prev_info.map_or(u16::MAX, |p| p.cluster));
            let [n0, n1] = cluster_bytes(next_info.map_or(u16::MAX, |p| p.cluster));
            f.push(hash_bytes(template::CLUSTER_BIGRAM, &[0, p0, p1, c0, c1]));
            f.push(hash_bytes(template::CLUSTER_BIGRAM, &[1, c0, c1, n0, n1]));
            let prev_trigger = prev_info.map_or(9, |p| p.trigger);
            f.push(hash_bytes(template::TRIGGER_CLUSTER, &[prev_trigger, c0, c1]));
            push_stem_features(infos, text, i, bounds, f);
            out.offsets.push(f.len());
        }
    }

    /// Marks tokens covered by gazetteer names, longest match first, left to
    /// right. The first token of a match may carry proclitics (والعراق).
    fn mark_gazetteer(&mut self) {
        let n = self.infos.len();
        let steps = &self.lexicons.name_steps;
        let text = self.text.as_str();
        let mut i = 0;
        let mut key = String::new();
        while i < n {
            let mut best: Option<(usize, GazetteerLabel)> = None;
            for first_form in 0..3 {
                key.clear();
                let info = &self.infos[i];
                key.push_str(match first_form {
                    0 => info.norm(text),
                    1 => info.base(text),
                    _ => info.stem(text),
                });
                for len in 1..=MAX_GAZETTEER_TOKENS.min(n - i) {
                    if len > 1 {
                        key.push(' ');
                        key.push_str(self.infos[i + len - 1].norm(text));
                    }
                    // Stop as soon as no listed name starts with these words.
                    let Some(step) = steps.get(key.as_str()) else { break };
                    if let Some(label) = step.label {
                        if best.is_none_or(|(l, _)| len > l) {
                            best = Some((len, label));
                        }
                    }
                    if !step.continues {
                        break;
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

/// Features of the aggressive stem ([`stem_of`]) of token `i`: the stem,
/// its affixes and letter trigrams (foreign names share spelling patterns),
/// the ±2 neighbours' stems, a title or head word anywhere in the three
/// words before, and whether the token stands between quotation marks.
/// `bounds` is a reused buffer.
fn push_stem_features(infos: &[TokenInfo], text: &str, i: usize, bounds: &mut Vec<usize>, f: &mut Vec<u64>) {
    let info = &infos[i];
    let n = infos.len();
    let stem = info.stem(text);
    bounds.clear();
    bounds.extend(stem.char_indices().map(|(b, _)| b));
    bounds.push(stem.len());
    let letters = bounds.len() - 1;
    for k in 1..=4 {
        if letters > k {
            f.push(hash_offset_str(template::STEM_PREFIX, k as i8, &stem[..bounds[k]]));
            f.push(hash_offset_str(template::STEM_SUFFIX, k as i8, &stem[bounds[letters - k]..]));
        }
    }
    if letters >= 3 && info.shape == 1 {
        for k in 0..=letters - 3 {
            f.push(hash_str(template::STEM_TRIGRAM, &stem[bounds[k]..bounds[k + 3]]));
        }
    }
    for off in [-2i8, -1, 1, 2] {
        let j = i as isize + off as isize;
        let s = if j < 0 {
            "<S>"
        } else if j as usize >= n {
            "</S>"
        } else {
            infos[j as usize].stem(text)
        };
        f.push(hash_offset_str(template::CONTEXT_STEM, off, s));
    }
    for t in 1..=5u8 {
        if infos[i.saturating_sub(3)..i].iter().any(|o| o.trigger == t) {
            f.push(hash_bytes(template::TITLE_WINDOW, &[t]));
        }
    }
    let is_quote = |j: usize| infos.get(j).is_some_and(|o| is_quote_mark(o.norm(text)));
    let quote_before = i > 0 && is_quote(i - 1);
    let quote_after = is_quote(i + 1);
    if quote_before || quote_after {
        f.push(hash_bytes(template::QUOTES, &[quote_before as u8, quote_after as u8]));
    }
}

/// Repairs a systematic tagger error: two names joined by و into one
/// (`بوش وبلير`, `صالح والحوثيين`, `سوريا ولبنان`). A token inside a
/// person's name (`I-PERS` or `I-PER`) that starts with و, where the rest is
/// a listed given or family name or a definite word, starts a new name
/// instead (`B-`); so does one inside a place (`I-LOC`) whose rest is a
/// listed place. ANERcorp writes و inside names only in a few foreign ones
/// (`ولد`, `وقاص`, `والهرسك`), which are not in those lists. `tags` are the
/// tagger's tag names for `tokens`; other tags are left alone.
pub fn split_coordinated_names<S: AsRef<str>>(tokens: &[S], tags: &mut [String]) {
    let lex = Lexicons::embedded();
    for (token, tag) in tokens.iter().zip(tags.iter_mut()) {
        let Some(ty) = tag.strip_prefix("I-") else { continue };
        let person = ty == "PERS" || ty == "PER";
        if !person && ty != "LOC" {
            continue;
        }
        let Some(rest) = token.as_ref().strip_prefix('و') else { continue };
        let rest = feature_norm(rest);
        let starts_new = match lex.names.get(&rest) {
            Some(GazetteerLabel::Person | GazetteerLabel::FamilyName) => person,
            Some(GazetteerLabel::Loc) => !person,
            _ => person && rest.strip_prefix("ال").is_some_and(|r| r.chars().count() >= 3),
        };
        if starts_new {
            *tag = format!("B-{ty}");
        }
    }
}

/// Sentences on either side whose first-pass tags the document pass sees.
pub const DOCUMENT_WINDOW: usize = 10;

/// Per word key: first-pass tags of its occurrences by entity type (index 0
/// is `O`), then how many ended a multi-token chunk, by type.
type TypeCounts = [u16; 2 * MAX_TYPES];
const MAX_TYPES: usize = 9;

/// Sentence features plus document features: for each word, what the
/// first pass tagged its *other* occurrences in the [`DOCUMENT_WINDOW`]
/// sentences around it (a surname alone after the full name, a club or
/// agency name first seen with its head noun). `first_pass[s][i]` is the
/// tag id of token `i` of sentence `s`; `tags` the model's tag names.
pub(crate) fn add_document_features(
    feats: &[SentenceFeatures],
    first_pass: &[Vec<usize>],
    tags: &[String],
) -> Vec<SentenceFeatures> {
    // Entity type index of each tag (0: O), and whether it is an I- tag.
    let mut type_names: Vec<&str> =
        tags.iter().filter_map(|t| t.get(2..)).filter(|t| !t.is_empty()).collect();
    type_names.sort_unstable();
    type_names.dedup();
    type_names.truncate(MAX_TYPES - 1);
    let type_of: Vec<usize> = tags
        .iter()
        .map(|t| t.get(2..).and_then(|ty| type_names.iter().position(|x| *x == ty)).map_or(0, |p| p + 1))
        .collect();
    let inside: Vec<bool> = tags.iter().map(|t| t.starts_with("I-")).collect();
    // Each token's contribution: its type, and whether it ends a chunk of
    // two or more tokens.
    let contribution = |s: usize, i: usize| -> (usize, bool) {
        let path = &first_pass[s];
        let t = path[i];
        let ends_multi = inside[t] && path.get(i + 1).is_none_or(|&next| !inside[next]);
        (type_of[t], ends_multi)
    };
    let mut counts: FxHashMap<u64, TypeCounts> = FxHashMap::default();
    let update = |counts: &mut FxHashMap<u64, TypeCounts>, s: usize, add: bool| {
        for (i, &key) in feats[s].keys.iter().enumerate() {
            if key == 0 {
                continue;
            }
            let (ty, ends_multi) = contribution(s, i);
            let c = counts.entry(key).or_default();
            let apply = |x: &mut u16| *x = if add { *x + 1 } else { x.saturating_sub(1) };
            apply(&mut c[ty]);
            if ends_multi {
                apply(&mut c[MAX_TYPES + ty]);
            }
        }
    };
    let mut out = Vec::with_capacity(feats.len());
    let (mut lo, mut hi) = (0usize, 0usize);
    for s in 0..feats.len() {
        // Window [s - W, s + W].
        let want_hi = (s + DOCUMENT_WINDOW + 1).min(feats.len());
        while hi < want_hi {
            update(&mut counts, hi, true);
            hi += 1;
        }
        while lo + DOCUMENT_WINDOW < s {
            update(&mut counts, lo, false);
            lo += 1;
        }
        let f = &feats[s];
        // Other occurrences of each token's word, and their majority type.
        let others: Vec<Option<TypeCounts>> = (0..f.len())
            .map(|i| {
                let key = f.keys[i];
                if key == 0 {
                    return None;
                }
                let mut c = counts.get(&key).copied().unwrap_or_default();
                let (ty, ends_multi) = contribution(s, i);
                c[ty] = c[ty].saturating_sub(1);
                if ends_multi {
                    c[MAX_TYPES + ty] = c[MAX_TYPES + ty].saturating_sub(1);
                }
                Some(c)
            })
            .collect();
        let majority = |c: &TypeCounts| -> Option<u8> {
            let total: u32 = c[..MAX_TYPES].iter().map(|&x| x as u32).sum();
            (total > 0).then(|| (0..MAX_TYPES).fold(0, |b, t| if c[t] > c[b] { t } else { b }) as u8)
        };
        let mut combined = SentenceFeatures::default();
        combined.offsets.push(0);
        for i in 0..f.len() {
            combined.features.extend_from_slice(f.token(i));
            let doc = &mut combined.features;
            match &others[i] {
                Some(c) => match majority(c) {
                    None => doc.push(hash_bytes(template::DOC_NONE, &[1])),
                    Some(maj) => {
                        let total: u32 = c[..MAX_TYPES].iter().map(|&x| x as u32).sum();
                        for (t, &n) in c[..MAX_TYPES].iter().enumerate() {
                            if n > 0 {
                                let share = if n as u32 == total {
                                    3
                                } else if 2 * n as u32 >= total {
                                    2
                                } else {
                                    1
                                };
                                doc.push(hash_bytes(template::DOC_TYPE, &[t as u8, share]));
                            }
                        }
                        doc.push(hash_bytes(template::DOC_MAJORITY, &[maj, (total.min(3)) as u8]));
                        let own = type_of[first_pass[s][i]] as u8;
                        doc.push(hash_bytes(template::DOC_SELF, &[own, maj]));
                        for (t, &n) in c[MAX_TYPES..].iter().enumerate() {
                            if n > 0 {
                                doc.push(hash_bytes(template::DOC_LAST, &[t as u8]));
                            }
                        }
                    }
                },
                None => doc.push(hash_bytes(template::DOC_NONE, &[0])),
            }
            for off in [-1i8, 1] {
                let j = i as isize + off as isize;
                if let Some(Some(c)) = usize::try_from(j).ok().and_then(|j| others.get(j)) {
                    if let Some(maj) = majority(c) {
                        doc.push(hash_bytes(template::DOC_NEIGHBOUR, &[off as u8, maj]));
                    }
                }
            }
            combined.offsets.push(combined.features.len());
        }
        combined.keys = f.keys.clone();
        out.push(combined);
    }
    out
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

    fn check_stem(word: &str, expect: &str) {
        let n = feature_norm(word);
        assert_eq!(stem_of(&strip_proclitics(&n)), expect, "stem of {word}");
    }

    #[test]
    fn stems_drop_a_lone_preposition() {
        check_stem("بفرنسا", "فرنسا");
        check_stem("لروما", "روما");
        check_stem("وبكابل", "كابل");
        check_stem("بالعراق", "عراق");
        check_stem("بغداد", "غداد");
        check_stem("بها", "بها");
        check_stem("كما", "كما");
        check_stem("وشيفا", "شيفا");
    }

    /// Document features of token `i` of sentence `s` as template names.
    fn document_feature_names(feats: &[SentenceFeatures], s: usize, i: usize) -> Vec<String> {
        let mut names = Vec::new();
        let own = feats[s].token(i);
        for (template, name) in [
            (template::DOC_NONE, "none"),
            (template::DOC_TYPE, "type"),
            (template::DOC_MAJORITY, "majority"),
            (template::DOC_LAST, "last"),
            (template::DOC_SELF, "self"),
            (template::DOC_NEIGHBOUR, "neighbour"),
        ] {
            let small = [0u8, 1, 2, 3, 4, 255];
            let candidates = small
                .iter()
                .map(|&a| vec![a])
                .chain(small.iter().flat_map(|&a| small.iter().map(move |&b| vec![a, b])));
            for bytes in candidates {
                if own.contains(&hash_bytes(template, &bytes)) {
                    names.push(format!("{name}{bytes:?}"));
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn document_features_count_other_occurrences_only() {
        let lex = Lexicons::embedded();
        let mut ex = FeatureExtractor::new(lex);
        let sentences =
            [vec!["قال", "حسن", "البدري", "اليوم"], vec!["وأضاف", "البدري", "أن", "الوضع", "صعب"]];
        let feats: Vec<SentenceFeatures> = sentences
            .iter()
            .map(|s| {
                let mut f = SentenceFeatures::default();
                ex.extract(s, &mut f);
                f
            })
            .collect();
        let tags: Vec<String> = ["O", "B-LOC", "B-PERS", "I-LOC", "I-PERS"].map(String::from).to_vec();
        // First pass: the full name is a person, the surname alone is O.
        let first_pass = vec![vec![0, 2, 4, 0], vec![0, 0, 0, 0, 0]];
        let with_doc = add_document_features(&feats, &first_pass, &tags);
        assert_eq!(with_doc.len(), 2);
        assert_eq!(with_doc[1].len(), 5);
        // Types are numbered in name order: LOC 1, PERS 2. The surname alone
        // sees its other occurrence, a person's last name; the sentence
        // features come first, unchanged.
        let names = document_feature_names(&with_doc, 1, 1);
        assert!(names.contains(&"type[2, 3]".to_string()), "{names:?}");
        assert!(names.contains(&"last[2]".to_string()), "{names:?}");
        assert!(names.contains(&"self[0, 2]".to_string()), "{names:?}");
        assert_eq!(&with_doc[1].token(1)[..feats[1].token(1).len()], feats[1].token(1));
        // A word seen once has no other occurrence.
        assert_eq!(document_feature_names(&with_doc, 1, 4), ["none[1]"]);
    }

    fn check_split(tokens: &str, tags: &str, expect: &str) {
        let tokens: Vec<&str> = tokens.split(' ').collect();
        let mut tags: Vec<String> = tags.split(' ').map(String::from).collect();
        split_coordinated_names(&tokens, &mut tags);
        assert_eq!(tags.join(" "), expect, "{tokens:?}");
    }

    #[test]
    fn coordinated_names_are_split() {
        check_split("قال بوش وبلير", "O B-PERS I-PERS", "O B-PERS B-PERS");
        check_split("صالح والحوثيين", "B-PERS I-PERS", "B-PERS B-PERS");
        check_split("حسن وسميرة", "B-PER I-PER", "B-PER B-PER");
        // و belongs to the name, or the word is not a listed name.
        check_split("محمد ولد عبد العزيز", "B-PERS I-PERS I-PERS I-PERS", "B-PERS I-PERS I-PERS I-PERS");
        check_split("سعد بن أبي وقاص", "B-PERS I-PERS I-PERS I-PERS", "B-PERS I-PERS I-PERS I-PERS");
        // Only inside people's names.
        check_split("الأمم المتحدة والعلوم", "B-ORG I-ORG I-ORG", "B-ORG I-ORG I-ORG");
        check_split("وبلير", "B-PERS", "B-PERS");
        // Places: a listed place after و starts a new one.
        check_split("سوريا ولبنان", "B-LOC I-LOC", "B-LOC B-LOC");
        check_split("البوسنة والهرسك", "B-LOC I-LOC", "B-LOC I-LOC");
    }

    #[test]
    fn normalisation() {
        assert_eq!(feature_norm("إلى"), "الي");
        assert_eq!(feature_norm("مُحَمَّد"), "محمد");
        assert_eq!(feature_norm("قاعـــدة"), "قاعده");
        assert_eq!(feature_norm("٢٠٢٦"), "2026");
        assert_eq!(feature_norm("ISIS"), "isis");
    }

    /// The extractor as it was before it kept a sentence's strings in one
    /// buffer and stopped gazetteer lookups early (session 4's speed work):
    /// the features must not change, or trained models go wrong.
    mod reference {
        use super::super::*;

        /// Per-token facts computed once per sentence, then combined into features.
        struct TokenInfo {
            norm: String,
            /// `norm` without و ف ب ك ل, the article kept (لل restored to ال).
            base: String,
            core_start: usize,
            /// Start of the stem ([`stem_of`]) in `norm`.
            stem_start: usize,
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

            fn stem(&self) -> &str {
                &self.norm[self.stem_start..]
            }
        }

        pub(super) struct ReferenceExtractor<'l> {
            lexicons: &'l Lexicons,
            infos: Vec<TokenInfo>,
        }

        impl<'l> ReferenceExtractor<'l> {
            pub(super) fn new(lexicons: &'l Lexicons) -> ReferenceExtractor<'l> {
                ReferenceExtractor { lexicons, infos: Vec::new() }
            }

            pub(super) fn gazetteer_marks(&self) -> Vec<u8> {
                self.infos.iter().map(|i| i.gazetteer).collect()
            }

            pub(super) fn extract<S: AsRef<str>>(&mut self, tokens: &[S], out: &mut SentenceFeatures) {
                self.infos.clear();
                for t in tokens {
                    let word = t.as_ref();
                    let norm = feature_norm(word);
                    let stripped = strip_proclitics(&norm);
                    let core_start = norm.len() - stripped.core.len();
                    let stem_start = norm.len() - stem_of(&stripped).len();
                    let (conj, prep, article) = (stripped.conj, stripped.prep, stripped.article);
                    let lex = self.lexicons;
                    let base = base_form(&stripped);
                    let trigger = [norm.as_str(), base.as_str(), stripped.core]
                        .iter()
                        .find_map(|form| lex.triggers.get(*form))
                        .map_or(0, |c| c.code());
                    let cluster = lex
                        .clusters
                        .get(stripped.core)
                        .or_else(|| lex.clusters.get(stem_of(&stripped)))
                        .copied()
                        .unwrap_or(0);
                    self.infos.push(TokenInfo {
                        shape: shape_of(&norm),
                        norm,
                        base,
                        core_start,
                        stem_start,
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
                out.keys.clear();
                out.offsets.clear();
                out.offsets.push(0);
                let n = self.infos.len();
                for (i, (info, token)) in self.infos.iter().zip(tokens).enumerate() {
                    let f = &mut out.features;
                    let word = token.as_ref();
                    f.push(hash_str(template::WORD, word));
                    f.push(hash_str(template::NORM, &info.norm));
                    let core = info.core();
                    f.push(hash_str(template::CORE, core));
                    f.push(hash_str(template::STEM, info.stem()));
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
                    let prev_stem = if i > 0 { self.infos[i - 1].stem() } else { "<S>" };
                    let mut h = FeatureHasher::new(template::STEM_BIGRAM);
                    h.write(prev_stem.as_bytes());
                    h.write(&[0]);
                    h.write(info.stem().as_bytes());
                    f.push(h.finish());
                    let is_word = info.shape & 0b11 != 0 && info.stem().chars().nth(1).is_some();
                    out.keys.push(if is_word { hash_str(template::DOC_KEY, info.stem()) | 1 } else { 0 });
                    f.push(hash_bytes(template::BIAS, &[]));
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
                    self.push_stem_features(i, f);
                    out.offsets.push(f.len());
                }
            }

            /// Features of the aggressive stem ([`stem_of`]): the stem, its affixes
            /// and letter trigrams (foreign names share spelling patterns), the ±2
            /// neighbours' stems, a title or head word anywhere in the three words
            /// before, and whether the token stands between quotation marks.
            fn push_stem_features(&self, i: usize, f: &mut Vec<u64>) {
                let info = &self.infos[i];
                let n = self.infos.len();
                let stem = info.stem();
                let bounds: Vec<usize> = stem.char_indices().map(|(b, _)| b).chain([stem.len()]).collect();
                let letters = bounds.len() - 1;
                for k in 1..=4 {
                    if letters > k {
                        f.push(hash_offset_str(template::STEM_PREFIX, k as i8, &stem[..bounds[k]]));
                        f.push(hash_offset_str(template::STEM_SUFFIX, k as i8, &stem[bounds[letters - k]..]));
                    }
                }
                if letters >= 3 && info.shape == 1 {
                    for k in 0..=letters - 3 {
                        f.push(hash_str(template::STEM_TRIGRAM, &stem[bounds[k]..bounds[k + 3]]));
                    }
                }
                for off in [-2i8, -1, 1, 2] {
                    let j = i as isize + off as isize;
                    let s = if j < 0 {
                        "<S>"
                    } else if j as usize >= n {
                        "</S>"
                    } else {
                        self.infos[j as usize].stem()
                    };
                    f.push(hash_offset_str(template::CONTEXT_STEM, off, s));
                }
                for t in 1..=5u8 {
                    if self.infos[i.saturating_sub(3)..i].iter().any(|o| o.trigger == t) {
                        f.push(hash_bytes(template::TITLE_WINDOW, &[t]));
                    }
                }
                let is_quote = |j: usize| self.infos.get(j).is_some_and(|o| is_quote_mark(&o.norm));
                let quote_before = i > 0 && is_quote(i - 1);
                let quote_after = is_quote(i + 1);
                if quote_before || quote_after {
                    f.push(hash_bytes(template::QUOTES, &[quote_before as u8, quote_after as u8]));
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
                    for first_form in 0..3 {
                        key.clear();
                        let info = &self.infos[i];
                        key.push_str(match first_form {
                            0 => &info.norm,
                            1 => &info.base,
                            _ => info.stem(),
                        });
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
    }

    use proptest::prelude::*;

    /// Words that exercise the lexicons: words of listed names and trigger
    /// words, in a fixed order.
    fn lexicon_words() -> Vec<String> {
        let lex = Lexicons::embedded();
        let mut words: Vec<String> = lex.names.keys().flat_map(|k| k.split(' ')).map(String::from).collect();
        words.extend(lex.triggers.keys().cloned());
        words.extend(lex.clusters.keys().take(300).cloned());
        words.sort();
        words.dedup();
        words
    }

    /// Listed names, each as its words, in a fixed order.
    fn listed_names() -> Vec<Vec<String>> {
        let mut names: Vec<Vec<String>> =
            Lexicons::embedded().names.keys().map(|k| k.split(' ').map(String::from).collect()).collect();
        names.sort();
        names
    }

    /// A token: a lexicon word with clitics and endings, or odd text
    /// (diacritics, hamza forms, digits, Latin, quotes, spaces).
    fn token() -> impl Strategy<Value = String> {
        let clitic = proptest::sample::select(vec![
            "", "", "و", "ب", "ل", "لل", "ال", "وال", "بال", "ف", "ك", "وب", "فل",
        ]);
        let ending = proptest::sample::select(vec!["", "", "", "ة", "ى", "ها", "ين", "ات", "\u{064E}"]);
        prop_oneof![
            3 => (clitic, proptest::sample::select(lexicon_words()), ending)
                .prop_map(|(c, w, e)| format!("{c}{w}{e}")),
            1 => "[ابتثجحخدذرسشصضطظعغفقكلمنهويةىأإآٱءـ\u{064B}-\u{0652}0-9٠-٩۰-۹a-zA-Z «»\"'“”،.]{0,9}",
        ]
    }

    /// A sentence: tokens, and listed names written out (the first word
    /// perhaps with clitics), so that gazetteer matches of every length occur.
    fn sentence() -> impl Strategy<Value = Vec<String>> {
        let clitic = proptest::sample::select(vec!["", "", "و", "ب", "لل", "وال", "بال"]);
        let chunk = prop_oneof![
            2 => token().prop_map(|t| vec![t]),
            1 => (clitic, proptest::sample::select(listed_names())).prop_map(|(c, mut name)| {
                name[0] = format!("{c}{}", name[0]);
                name
            }),
        ];
        proptest::collection::vec(chunk, 0..8).prop_map(|chunks| chunks.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The extractor gives exactly the keys, offsets, word keys and
        /// gazetteer marks of the reference, sentence after sentence with
        /// the same reused extractor.
        #[test]
        fn extraction_matches_the_reference(sentences in proptest::collection::vec(sentence(), 1..4)) {
            let lex = Lexicons::embedded();
            let mut fast = FeatureExtractor::new(lex);
            let mut slow = reference::ReferenceExtractor::new(lex);
            for tokens in &sentences {
                let (mut got, mut want) = (SentenceFeatures::default(), SentenceFeatures::default());
                fast.extract(tokens, &mut got);
                slow.extract(tokens, &mut want);
                prop_assert_eq!(&got.features, &want.features, "{:?}", tokens);
                prop_assert_eq!(&got.offsets, &want.offsets);
                prop_assert_eq!(&got.keys, &want.keys);
                let marks: Vec<u8> = fast.infos.iter().map(|i| i.gazetteer).collect();
                prop_assert_eq!(marks, slow.gazetteer_marks());
            }
        }
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
