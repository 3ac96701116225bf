//! Tokens that tile the source text, with clitics as sub-ranges.
//!
//! # Tiling
//!
//! Tokens never overlap and are in text order; what lies between two tokens
//! (a *gap*) is white space or an invisible formatting character (bidi marks
//! LRM/RLM/ALM and embeddings/isolates, ZWSP, BOM, a stray ZWJ/ZWNJ or soft
//! hyphen). Concatenating tokens and gaps gives the text back exactly.
//! Harakat, tatweel, ZWJ/ZWNJ and combining marks *inside* a word stay in
//! its token.
//!
//! # Kinds
//!
//! - [`TokenKind::Word`]: a run of Arabic letters and marks.
//! - [`TokenKind::Latin`]: letters of any other alphabet (and digits after
//!   them: `F35`, `5G`), with internal apostrophes (`O'Brien`).
//! - [`TokenKind::Number`]: digits of any digit set with internal `. , ٫ ٬ / :`
//!   followed by a digit, so `31/12/2025`, `31.12.2025`, `10:30`, `1,500` and
//!   `٣٫٥` are each **one** token (the number and date annotators split them).
//!   A `-` always splits (`2015-2018` is three tokens).
//! - [`TokenKind::Punct`] and [`TokenKind::Symbol`]: one char each (plus any
//!   combining marks after it); symbols are `% ٪ $ € + = < >`, currency,
//!   arrows, math and emoji; everything else is punctuation.
//! - [`TokenKind::Url`] (`http://`, `https://`, `www.`; trailing punctuation
//!   left out), [`TokenKind::Email`], [`TokenKind::Hashtag`] (`#العراق`),
//!   [`TokenKind::Mention`] (`@user`).
//!
//! # Clitics and base
//!
//! Arabic words are analysed on their Display-level letters (hamza forms and
//! `ة` kept) into proclitics `و ف` (conjunction), `ب ك ل` (preposition),
//! `س` (future, only before an imperfect prefix `ي ت ن أ`), the article `ال`,
//! and an enclitic pronoun. The analysis is precise rather than greedy:
//!
//! - a proclitic is split only when at least two letters remain, two-letter
//!   remainders only when they are function words (`وهو`, `ولا`, `بما`,
//!   `data/token-function-words.txt`), and never when the word is listed in
//!   `data/token-clitic-exceptions.txt` (`وزير`, `بغداد`, `لبنان`, `فرنسا`,
//!   `كبير`, `سيارة`, `والد`), also after stripping a suffix (`وزيرها`);
//! - `ف` and `ك`, which begin many nouns and names (`فريق`, `فيصل`, `كابل`),
//!   need positive evidence besides: the article after them, a listed
//!   function word or frequent verb (`فقد`, `فيقول`), a hamza-initial word
//!   (`فأكثر`, `كأحد`), for `ك` a word ending in `ة` that is not a nisba
//!   (`كدولة`, not `كروية`);
//! - the article is a bare `ال` (not `أل`/`إل`), with two letters after it,
//!   unless the whole word is listed (`الذي`, `الله`, `الى` for `إلى`);
//! - enclitic pronouns `ه ها هم هما هن نا` are split only on words without
//!   the article (a definite noun cannot take a possessive), leaving a stem of
//!   three letters, and not on words listed in
//!   `data/token-suffix-exceptions.txt` (`اتجاه`, `مياه`, `تفاهم`, `قانونا`);
//!   `ي ني ك كم كما كن` (rare in news, and colliding with nisba `ي` and
//!   root-final `ك`) only after the prepositions and particles of
//!   `data/token-pronoun-hosts.txt` (`مني`, `عليكم`, `إنني`).
//!
//! `base` is the token without proclitics and pronoun but with the article:
//! `والعراق` → `العراق`. For `لل` (the preposition `ل` on the article, whose
//! alef is not written) the first `ل` is [`CliticKind::Lam`], the second is
//! [`CliticKind::Article`], and `base` starts at the second `ل`: `للجيش` →
//! base `لجيش`, so a name found in the base still starts right after the
//! preposition. When nothing but clitics remains (`له`, `بها`) `base` is the
//! whole token.
//!
//! `norm` is the Search-level form of the whole token; `stem` and `lemma` are
//! computed by [`Stemmer`] from the core (base without article, Search level;
//! a `ت` left by a removed pronoun is read as `ة`: `حكومتها` → `حكومه`).

use crate::normalize::{for_each_folded, is_removed, push_normalized, search_letter, NormLevel};
use crate::stem::{ends_with_bytes, load_word_set, LexiconError, Stemmer, WordSet};
use marsad_core::{Clitic, CliticKind, CompactString, TextRange, Token, TokenKind};
use std::sync::OnceLock;

const CLITIC_EXCEPTIONS_FILE: &str = "token-clitic-exceptions.txt";
const CLITIC_EXCEPTIONS: &str = include_str!("../data/token-clitic-exceptions.txt");
const SUFFIX_EXCEPTIONS_FILE: &str = "token-suffix-exceptions.txt";
const SUFFIX_EXCEPTIONS: &str = include_str!("../data/token-suffix-exceptions.txt");
const PRONOUN_HOSTS_FILE: &str = "token-pronoun-hosts.txt";
const PRONOUN_HOSTS: &str = include_str!("../data/token-pronoun-hosts.txt");
const FUNCTION_WORDS_FILE: &str = "token-function-words.txt";
const FUNCTION_WORDS: &str = include_str!("../data/token-function-words.txt");

/// Tokenizes with the shared tokenizer built from the embedded lexicons.
pub fn tokenize(text: &str) -> Vec<Token> {
    Tokenizer::shared().tokenize(text)
}

/// A tokenizer with its exception lexicons and stemmer. Built once, then used
/// on any number of texts (tokenizing never fails).
#[derive(Debug, Clone)]
pub struct Tokenizer {
    stemmer: Stemmer,
    clitic_exceptions: WordSet,
    suffix_exceptions: WordSet,
    pronoun_hosts: WordSet,
    /// Letters in the longest pronoun host.
    longest_host: usize,
    function_words: WordSet,
    /// Third letters of the listed words that start with a bare ال (الذي,
    /// الله, الى): only words starting so need an article lookup.
    article_lookalike_starts: Vec<char>,
}

/// Pronoun suffixes, longest first: the suffix, its last letter (compared
/// before the whole suffix: most words end in none of them), and `true` where
/// the suffix is split on any host, `false` where only after a listed
/// preposition or particle.
const PRONOUNS: [(&str, char, bool); 12] = [
    ("هما", 'ا', true),
    ("كما", 'ا', false),
    ("هم", 'م', true),
    ("هن", 'ن', true),
    ("ها", 'ا', true),
    ("كم", 'م', false),
    ("كن", 'ن', false),
    ("نا", 'ا', true),
    ("ني", 'ي', false),
    ("ه", 'ه', true),
    ("ك", 'ك', false),
    ("ي", 'ي', false),
];

/// Pronouns that may make up the whole rest of a word after ب or ل (`له`,
/// `بها`, `لنا`, `لي`), Search level.
const BARE_PRONOUNS: [&str; 11] = ["ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "كن", "نا", "ي"];

/// Suffixes tried when looking a word up in an exception list, so that the
/// lists need not hold every inflected form (Search level; longest first).
const LOOKUP_SUFFIXES: [&str; 15] =
    ["هما", "ات", "ون", "ين", "ان", "هم", "هن", "ها", "كم", "نا", "يه", "ه", "ك", "ي", "ا"];

/// Whether `rest` (Search level) is one of [`BARE_PRONOUNS`].
#[inline]
fn is_bare_pronoun(rest: &str) -> bool {
    // The longest is three letters: skip the comparisons for longer rests.
    rest.len() <= 6 && BARE_PRONOUNS.contains(&rest)
}

/// One letter of a word: its Display-level form and the source offset of the
/// char it came from (marks after it belong to it).
#[derive(Clone, Copy, Debug)]
struct Letter {
    ch: char,
    start: u32,
}

/// The most clitics one word can carry: a conjunction, a preposition (or
/// future marker) and the article or a pronoun, or لل after a conjunction.
const MAX_CLITICS: usize = 4;

/// `(from, to, kind)` letter ranges of a word's clitics, in text order, held
/// inline: most words have one, and a heap list per word cost a malloc.
#[derive(Debug, Clone, Copy)]
struct CliticSpans {
    spans: [(usize, usize, CliticKind); MAX_CLITICS],
    len: usize,
}

impl Default for CliticSpans {
    fn default() -> CliticSpans {
        CliticSpans { spans: [(0, 0, CliticKind::Conjunction); MAX_CLITICS], len: 0 }
    }
}

impl CliticSpans {
    #[inline]
    fn push(&mut self, span: (usize, usize, CliticKind)) {
        // `analyze` pushes at most three; the bound only guards the array.
        if let Some(slot) = self.spans.get_mut(self.len) {
            *slot = span;
            self.len += 1;
        }
    }

    #[inline]
    fn as_slice(&self) -> &[(usize, usize, CliticKind)] {
        &self.spans[..self.len]
    }
}

/// The result of analysing one Arabic word, in letter indices.
#[derive(Debug, Default)]
struct WordAnalysis {
    /// Clitic letter ranges, in text order.
    clitics: CliticSpans,
    base_start: usize,
    core_start: usize,
    core_end: usize,
}

impl Tokenizer {
    /// Builds the tokenizer from the lexicons embedded in the crate.
    pub fn new() -> Result<Tokenizer, LexiconError> {
        let clitic_exceptions = load_word_set(CLITIC_EXCEPTIONS_FILE, CLITIC_EXCEPTIONS)?;
        let pronoun_hosts = load_word_set(PRONOUN_HOSTS_FILE, PRONOUN_HOSTS)?;
        let mut article_lookalike_starts: Vec<char> =
            clitic_exceptions.iter().filter_map(|w| w.strip_prefix("ال")?.chars().next()).collect();
        // Letters are compared at Display level: add the forms Search folds.
        for (display, search) in [('أ', 'ا'), ('إ', 'ا'), ('آ', 'ا'), ('ى', 'ي'), ('ة', 'ه')] {
            if article_lookalike_starts.contains(&search) {
                article_lookalike_starts.push(display);
            }
        }
        article_lookalike_starts.sort_unstable();
        article_lookalike_starts.dedup();
        Ok(Tokenizer {
            stemmer: Stemmer::new()?,
            article_lookalike_starts,
            clitic_exceptions,
            suffix_exceptions: load_word_set(SUFFIX_EXCEPTIONS_FILE, SUFFIX_EXCEPTIONS)?,
            longest_host: pronoun_hosts.iter().map(|h| h.chars().count()).max().unwrap_or(0),
            pronoun_hosts,
            function_words: load_word_set(FUNCTION_WORDS_FILE, FUNCTION_WORDS)?,
        })
    }

    /// The tokenizer built from the embedded lexicons, shared by the process.
    ///
    /// The embedded lexicons are checked by this crate's tests, so building
    /// them cannot fail in a released binary.
    pub fn shared() -> &'static Tokenizer {
        static SHARED: OnceLock<Tokenizer> = OnceLock::new();
        SHARED.get_or_init(|| Tokenizer::new().expect("the embedded lexicons are valid (checked by tests)"))
    }

    /// The stemmer used for `stem` and `lemma`.
    pub fn stemmer(&self) -> &Stemmer {
        &self.stemmer
    }

    /// Splits `text` into tokens that tile it (see the module documentation).
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::with_capacity(text.len() / 8 + 1);
        let mut scratch = Scratch::default();
        let mut i = 0;
        while i < text.len() {
            if text.as_bytes()[i] == b' ' {
                i += 1;
                continue;
            }
            let c = next_char(text, i);
            if is_gap(c) {
                i += c.len_utf8();
                continue;
            }
            let (end, kind) = scan_token(text, i, c);
            debug_assert!(end > i && text.is_char_boundary(end));
            tokens.push(self.make_token(text, TextRange::new(i, end), kind, &mut scratch));
            i = end;
        }
        tokens
    }

    fn make_token(&self, text: &str, range: TextRange, kind: TokenKind, scratch: &mut Scratch) -> Token {
        let slice = range.slice(text);
        if kind == TokenKind::Word {
            return self.make_word(slice, range, scratch);
        }
        // Normalised into a reused buffer: most of these tokens are one
        // punctuation char, and a fresh `String` each cost an allocation.
        let norm = &mut scratch.search;
        norm.clear();
        push_normalized(norm, slice, NormLevel::Search);
        match kind {
            TokenKind::Hashtag | TokenKind::Mention => {
                // The sigil is one ASCII byte.
                let body = CompactString::from(norm.get(1..).unwrap_or_default());
                Token {
                    range,
                    kind,
                    stem: body.clone(),
                    lemma: body,
                    norm: CompactString::from(norm.as_str()),
                    clitics: Default::default(),
                    base: TextRange::new(range.start() + 1, range.end()),
                }
            }
            _ => {
                let norm = CompactString::from(norm.as_str());
                Token {
                    range,
                    kind,
                    stem: norm.clone(),
                    lemma: norm.clone(),
                    norm,
                    clitics: Default::default(),
                    base: range,
                }
            }
        }
    }

    fn make_word(&self, slice: &str, range: TextRange, scratch: &mut Scratch) -> Token {
        let Scratch { letters, search, search_at, variant, core } = scratch;
        letters.clear();
        search.clear();
        search_at.clear();
        // One pass builds the Display letters and their Search spelling.
        let bytes = slice.as_bytes();
        let mut off = 0;
        while off < bytes.len() {
            let start = range.start + off as u32;
            // The common case: a basic Arabic letter (two bytes), kept at
            // Display level; decoded here without the general UTF-8 path.
            if off + 1 < bytes.len() && matches!(bytes[off], 0xD8 | 0xD9) {
                let code = (u32::from(bytes[off] & 0x1F) << 6) | u32::from(bytes[off + 1] & 0x3F);
                if let Some(c) = char::from_u32(code).filter(|c| is_basic_letter(*c)) {
                    push_letter(letters, search, search_at, c, start);
                    off += 2;
                    continue;
                }
            }
            let c = next_char(slice, off);
            if is_basic_letter(c) {
                push_letter(letters, search, search_at, c, start);
            } else {
                for_each_folded(c, NormLevel::Display, |ch| {
                    push_letter(letters, search, search_at, ch, start)
                });
            }
            off += c.len_utf8();
        }
        search_at.push(search.len() as u32);
        let word = Word { letters, search, search_at };
        let analysis = self.analyze(&word, variant);
        let n = word.len();
        let offset_of = |k: usize| if k >= n { range.end } else { letters[k].start };
        let clitics = analysis
            .clitics
            .as_slice()
            .iter()
            .map(|&(from, to, kind)| Clitic {
                range: TextRange { start: offset_of(from), end: offset_of(to) },
                kind,
            })
            .collect();
        let mut base = TextRange { start: offset_of(analysis.base_start), end: offset_of(analysis.core_end) };
        if base.is_empty() {
            base = range;
        }
        // The Search form of the letters is the Search normalisation of the
        // token: a word holds only Arabic letters, marks and joiners.
        let norm = CompactString::from(search.as_str());
        let (stem, lemma) = if analysis.core_start < analysis.core_end {
            core.clear();
            core.push_str(word.search(analysis.core_start, analysis.core_end));
            if analysis.core_end < n && core.ends_with('ت') && !core.ends_with("ات") {
                // A pronoun was attached to a feminine noun: حكومت|ها.
                core.pop();
                core.push('ه');
            }
            let stem = self.stemmer.stem_suffixes_of(core);
            let lemma = self.stemmer.lemma_of(core, stem);
            // Most words are their own stem and their stem its own lemma:
            // copying a built string is cheaper than building one again.
            let stem_string = if stem.len() == norm.len() && stem == norm {
                norm.clone()
            } else {
                CompactString::from(stem)
            };
            let lemma_string =
                if std::ptr::eq(lemma, stem) { stem_string.clone() } else { CompactString::from(lemma) };
            (stem_string, lemma_string)
        } else {
            (norm.clone(), norm.clone())
        };
        Token { range, kind: TokenKind::Word, norm, stem, lemma, clitics, base }
    }

    /// Splits a word into proclitics, article, core and pronoun.
    fn analyze(&self, w: &Word<'_>, variant: &mut String) -> WordAnalysis {
        let n = w.len();
        let mut a = WordAnalysis { core_end: n, ..WordAnalysis::default() };
        let mut pos = 0;
        let exception = |from: usize, variant: &mut String| {
            self.listed(&self.clitic_exceptions, w.search_from(from), variant)
        };

        // Conjunction و / ف.
        if n >= 3 && matches!(w.ch(0), 'و' | 'ف') && self.accepts_proclitic(w, 0, variant) {
            let kind = if w.ch(0) == 'و' { CliticKind::Conjunction } else { CliticKind::Fa };
            a.clitics.push((0, 1, kind));
            pos = 1;
        }

        // Preposition ب ك ل (with لل), or the future marker س.
        let mut article = false;
        if n - pos >= 2 && w.can_split(pos + 1) {
            match w.ch(pos) {
                'ل' if n - pos >= 4
                    && w.ch(pos + 1) == 'ل'
                    && w.can_split(pos + 2)
                    && !exception(pos, variant)
                    && !exception(pos + 1, variant) =>
                {
                    a.clitics.push((pos, pos + 1, CliticKind::Lam));
                    a.clitics.push((pos + 1, pos + 2, CliticKind::Article));
                    a.base_start = pos + 1;
                    a.core_start = pos + 2;
                    article = true;
                    pos += 2;
                }
                'ب' | 'ل' | 'ك' => {
                    let kind = match w.ch(pos) {
                        'ب' => CliticKind::Preposition,
                        'ك' => CliticKind::Ka,
                        _ => CliticKind::Lam,
                    };
                    if w.ch(pos) != 'ك' && is_bare_pronoun(w.search_from(pos + 1)) && !exception(pos, variant)
                    {
                        // Nothing but clitics: له، بها، لنا.
                        a.clitics.push((pos, pos + 1, kind));
                        a.clitics.push((pos + 1, n, CliticKind::Pronoun));
                        a.base_start = pos + 1;
                        a.core_start = n;
                        a.core_end = pos + 1;
                        return a;
                    }
                    if self.accepts_proclitic(w, pos, variant) {
                        a.clitics.push((pos, pos + 1, kind));
                        pos += 1;
                    }
                }
                'س' if n - pos >= 4
                    && matches!(w.ch(pos + 1), 'ي' | 'ت' | 'ن' | 'أ')
                    && !exception(pos, variant) =>
                {
                    a.clitics.push((pos, pos + 1, CliticKind::Future));
                    pos += 1;
                }
                _ => {}
            }
        }

        // The article ال (bare alef or wasla), with at least two letters after.
        if !article {
            a.base_start = pos;
            a.core_start = pos;
            if n - pos >= 4
                && matches!(w.ch(pos), 'ا' | 'ٱ')
                && w.ch(pos + 1) == 'ل'
                && w.can_split(pos + 2)
                && !(self.article_lookalike_starts.contains(&w.ch(pos + 2))
                    && self.clitic_exceptions.contains(w.search_from(pos)))
            {
                a.clitics.push((pos, pos + 2, CliticKind::Article));
                a.core_start = pos + 2;
                article = true;
            }
        }

        // An enclitic pronoun, never on a definite word.
        if !article {
            if let Some(k) = self.pronoun_start(w, a.core_start) {
                a.clitics.push((k, n, CliticKind::Pronoun));
                a.core_end = k;
            }
        }
        a
    }

    /// Whether the letter at `pos` (و ف ب ك ل) is a proclitic here.
    ///
    /// و, ب and ل before three letters or more are proclitics unless the word
    /// is listed; ف and ك begin many nouns and names (فريق, فيصل, كابل,
    /// كمين), so they need positive evidence: the article after them, a
    /// listed function word, a hamza-initial word (فأكثر, كأحد), for ك a
    /// feminine noun (كدولة).
    fn accepts_proclitic(&self, w: &Word<'_>, pos: usize, variant: &mut String) -> bool {
        let n = w.len();
        let rest = pos + 1;
        if !w.can_split(rest) || self.listed(&self.clitic_exceptions, w.search_from(pos), variant) {
            return false;
        }
        if self.function_words.contains(w.search_from(rest)) {
            return true;
        }
        let remaining = n - rest;
        if remaining < 3 {
            return false;
        }
        let article_at = |k: usize| n - k >= 4 && matches!(w.ch(k), 'ا' | 'ٱ') && w.ch(k + 1) == 'ل';
        let article_follows = article_at(rest)
            || (remaining >= 5 && matches!(w.ch(rest), 'ب' | 'ك' | 'ل') && article_at(rest + 1))
            || (remaining >= 4 && w.ch(rest) == 'ل' && w.ch(rest + 1) == 'ل');
        match w.ch(pos) {
            'ف' => article_follows || matches!(w.ch(rest), 'أ' | 'إ'),
            // A bare alef after ب or ل begins a derived noun (باستخدام,
            // بانتظار, باتجاه, باعتبار, and the form IV masdars often written
            // without hamza: باطلاق, باقامة) more often than a foreign name
            // (باكو, بابل, لاغونتواز): ask for one of those shapes.
            'ب' | 'ل' if w.ch(rest) == 'ا' && !article_follows => {
                let at = |k: usize| if rest + k < n { w.ch(rest + k) } else { '\0' };
                at(1) == 'ن'
                    || at(1) == 'ت'
                    || (at(1) == 'س' && at(2) == 'ت')
                    || (remaining >= 4 && (at(2) == 'ت' || at(2) == 'ا'))
                    || (remaining >= 5 && at(3) == 'ا')
            }
            'ك' => {
                article_follows
                    || matches!(w.ch(rest), 'أ' | 'إ')
                    // A feminine noun (كدولة), but not a nisba (كروية) nor a
                    // word that begins with كا or كي (كابينة, كينية).
                    || (w.ch(n - 1) == 'ة' && !matches!(w.ch(rest), 'ا' | 'ي') && w.ch(n - 2) != 'ي')
            }
            _ => true,
        }
    }

    /// Where an enclitic pronoun starts, if the word (without the article)
    /// has one.
    fn pronoun_start(&self, w: &Word<'_>, core_start: usize) -> Option<usize> {
        let n = w.len();
        let last = w.letters.last()?.ch;
        if !matches!(last, 'ا' | 'م' | 'ن' | 'ي' | 'ه' | 'ك') {
            return None;
        }
        for (suffix, suffix_last, on_any_host) in PRONOUNS {
            if suffix_last != last || !w.display_ends_with(suffix) {
                continue;
            }
            let suffix_chars = if suffix.len() > 2 { suffix.len() / 2 } else { 1 };
            if n < core_start + suffix_chars + 1 {
                continue;
            }
            let k = n - suffix_chars;
            if !w.can_split(k) {
                continue;
            }
            // Hosts are short particles: skip the lookup for longer stems.
            if k - core_start <= self.longest_host && self.pronoun_hosts.contains(w.search(core_start, k)) {
                return Some(k);
            }
            if !on_any_host || k - core_start < 3 {
                continue;
            }
            let word = w.search_from(core_start);
            if self.suffix_exceptions.contains(word) || ends_with_bytes(word, "الله") {
                return None;
            }
            // Accusative -نا after a long vowel is a noun ending (قانونا, أحيانا).
            if suffix == "نا" && matches!(w.ch(k - 1), 'ا' | 'و' | 'ي' | 'ى') {
                continue;
            }
            return Some(k);
        }
        None
    }

    /// Whether `word` (Search level) or the word without one of the usual
    /// suffixes is in `set`.
    fn listed(&self, set: &WordSet, word: &str, variant: &mut String) -> bool {
        if set.contains(word) {
            return true;
        }
        let Some(&last) = word.as_bytes().last() else { return false };
        for suffix in LOOKUP_SUFFIXES {
            // Cheap reject before comparing whole suffixes.
            if suffix.as_bytes().last() != Some(&last) {
                continue;
            }
            if !ends_with_bytes(word, suffix) {
                continue;
            }
            let stripped = &word[..word.len() - suffix.len()];
            if stripped.len() < 4 {
                continue;
            }
            if set.contains(stripped) {
                return true;
            }
            // A feminine noun before a suffix: ولايته → ولايت → ولايه;
            // ولايات → ولاي → ولايه.
            variant.clear();
            variant.push_str(stripped.strip_suffix('ت').unwrap_or(stripped));
            variant.push('ه');
            if set.contains(variant.as_str()) {
                return true;
            }
        }
        false
    }
}

/// Buffers reused across the tokens of one text.
#[derive(Default)]
struct Scratch {
    letters: Vec<Letter>,
    search: String,
    search_at: Vec<u32>,
    variant: String,
    core: String,
}

/// An Arabic word's Display letters with their Search spelling.
struct Word<'a> {
    letters: &'a [Letter],
    search: &'a str,
    /// Byte offset of each letter in `search` (plus the end).
    search_at: &'a [u32],
}

impl Word<'_> {
    #[inline]
    fn len(&self) -> usize {
        self.letters.len()
    }

    #[inline]
    fn ch(&self, k: usize) -> char {
        self.letters[k].ch
    }

    /// Whether letters `k - 1` and `k` come from different source chars (a
    /// ligature cannot be split).
    #[inline]
    fn can_split(&self, k: usize) -> bool {
        k > 0 && k < self.letters.len() && self.letters[k].start > self.letters[k - 1].start
    }

    /// The Search spelling of letters `from..to`.
    #[inline]
    fn search(&self, from: usize, to: usize) -> &str {
        &self.search[self.search_at[from] as usize..self.search_at[to] as usize]
    }

    #[inline]
    fn search_from(&self, from: usize) -> &str {
        &self.search[self.search_at[from] as usize..]
    }

    /// Whether the Display letters end with `suffix`.
    #[inline]
    fn display_ends_with(&self, suffix: &str) -> bool {
        let mut letters = self.letters.iter().rev();
        suffix.chars().rev().all(|c| letters.next().is_some_and(|l| l.ch == c))
    }
}

/// Appends one Display letter and its Search spelling to a word's buffers.
#[inline(always)]
fn push_letter(
    letters: &mut Vec<Letter>,
    search: &mut String,
    search_at: &mut Vec<u32>,
    ch: char,
    start: u32,
) {
    letters.push(Letter { ch, start });
    search_at.push(search.len() as u32);
    search.push(search_letter(ch));
}

/// A basic Arabic letter (U+0621..U+063A, U+0641..U+064A): kept as is at
/// Display level.
#[inline]
fn is_basic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

#[inline]
fn next_char(text: &str, i: usize) -> char {
    text[i..].chars().next().expect("scanning stays on char boundaries")
}

/// White space and invisible formatting characters between tokens.
#[inline]
fn is_gap(c: char) -> bool {
    c.is_whitespace() || (is_removed(c) && !is_arabic_mark(c))
}

/// An Arabic letter (any Arabic block, presentation forms included).
#[inline]
pub(crate) fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}'
        | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}'
        | '\u{FB50}'..='\u{FD3D}' | '\u{FD50}'..='\u{FDFB}' | '\u{FE70}'..='\u{FEFC}')
}

/// Harakat, Quranic marks and tatweel: they stay in their word.
#[inline]
fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}' | '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E4}' | '\u{06E7}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}'
        | '\u{08CA}'..='\u{08E1}' | '\u{08E3}'..='\u{08FF}')
}

/// Combining marks of other scripts, variation selectors and joiners: they
/// stay with the char before them.
#[inline]
fn is_combining(c: char) -> bool {
    is_arabic_mark(c)
        || matches!(c,
            '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}' | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}'
            | '\u{200C}' | '\u{200D}' | '\u{00AD}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0100}'..='\u{E01EF}')
}

#[inline]
fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
        || (!c.is_ascii() && c.is_numeric())
}

#[inline]
fn is_other_letter(c: char) -> bool {
    c.is_alphabetic() && !is_arabic_letter(c) && !is_arabic_mark(c)
}

fn is_symbol(c: char) -> bool {
    matches!(c,
        '$' | '%' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~' | '٪' | '؋' | '‰' | '‱' | '°' | '©' | '®'
        | '¢' | '£' | '¤' | '¥' | '§' | '¶' | '¬' | '±' | '×' | '÷' | 'µ' | '﷼' | '№'
        | '\u{20A0}'..='\u{20CF}' | '\u{2100}'..='\u{214F}' | '\u{2190}'..='\u{23FF}'
        | '\u{25A0}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// Length of the run of combining marks at `i`.
fn marks_after(text: &str, i: usize) -> usize {
    text[i..].char_indices().find(|&(_, c)| !is_combining(c)).map_or(text.len() - i, |(off, _)| off)
}

/// Scans the token that starts at `i` with char `c`: its end and kind.
fn scan_token(text: &str, i: usize, c: char) -> (usize, TokenKind) {
    let width = c.len_utf8();
    if matches!(c, 'h' | 'H' | 'w' | 'W') {
        if let Some(end) = scan_url(text, i) {
            return (end, TokenKind::Url);
        }
    }
    if c.is_ascii_alphanumeric() {
        if let Some(end) = scan_email(text, i) {
            return (end, TokenKind::Email);
        }
    }
    if c == '#' || c == '@' {
        let body_end = scan_while(text, i + 1, |c| c.is_alphanumeric() || c == '_' || is_combining(c));
        let body_starts_right = text[i + 1..].chars().next().is_some_and(|b| b.is_alphanumeric() || b == '_');
        if body_end > i + 1 && body_starts_right {
            return (body_end, if c == '#' { TokenKind::Hashtag } else { TokenKind::Mention });
        }
    }
    if is_arabic_letter(c) || is_arabic_mark(c) {
        return (scan_arabic_word(text, i), TokenKind::Word);
    }
    if is_digit(c) {
        let end = scan_number(text, i);
        if text[end..].chars().next().is_some_and(is_other_letter) {
            return (scan_latin(text, end), TokenKind::Latin);
        }
        return (end, TokenKind::Number);
    }
    if is_other_letter(c) {
        return (scan_latin(text, i), TokenKind::Latin);
    }
    let end = i + width + marks_after(text, i + width);
    (end, if is_symbol(c) { TokenKind::Symbol } else { TokenKind::Punct })
}

fn scan_while(text: &str, from: usize, keep: impl Fn(char) -> bool) -> usize {
    text[from..].char_indices().find(|&(_, c)| !keep(c)).map_or(text.len(), |(off, _)| from + off)
}

fn scan_arabic_word(text: &str, i: usize) -> usize {
    // Fast path over the two-byte chars U+0620..U+065F (letters, tatweel,
    // harakat), which all continue a word; the general loop takes over at
    // the first other char.
    let bytes = text.as_bytes();
    let mut i = i;
    while i + 1 < bytes.len() && matches!(bytes[i], 0xD8 | 0xD9) {
        let code = (u32::from(bytes[i] & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
        if !(0x0620..=0x065F).contains(&code) {
            break;
        }
        i += 2;
    }
    let mut end = i;
    let mut chars = text[i..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        let joiner = matches!(c, '\u{200C}' | '\u{200D}' | '\u{00AD}');
        let continues = if joiner {
            chars.peek().is_some_and(|&(_, next)| is_arabic_letter(next) || is_arabic_mark(next))
        } else {
            is_arabic_letter(c) || is_combining(c)
        };
        if !continues {
            break;
        }
        end = i + off + c.len_utf8();
    }
    end
}

fn scan_latin(text: &str, i: usize) -> usize {
    let mut end = i;
    let mut chars = text[i..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        let continues = if matches!(c, '\'' | '’') {
            chars.peek().is_some_and(|&(_, next)| is_other_letter(next)) && end > i
        } else {
            is_other_letter(c) || c.is_ascii_digit() || (is_combining(c) && !is_arabic_mark(c))
        };
        if !continues {
            break;
        }
        end = i + off + c.len_utf8();
    }
    end
}

fn scan_number(text: &str, i: usize) -> usize {
    let mut end = i;
    let mut chars = text[i..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        let continues = if matches!(c, '.' | ',' | '٫' | '٬' | '/' | ':') {
            chars.peek().is_some_and(|&(_, next)| is_digit(next))
        } else {
            is_digit(c)
        };
        if !continues {
            break;
        }
        end = i + off + c.len_utf8();
    }
    end
}

/// A URL starting at `i`: `http://`, `https://` or `www.` and what follows up
/// to white space or a quote, without trailing punctuation.
fn scan_url(text: &str, i: usize) -> Option<usize> {
    let rest = &text.as_bytes()[i..];
    let prefix_len = ["https://", "http://", "www."]
        .iter()
        .find(|p| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p.as_bytes()))?
        .len();
    let end = scan_while(text, i + prefix_len, |c| {
        !(c.is_whitespace() || is_gap(c) || matches!(c, '"' | '<' | '>' | '«' | '»' | '“' | '”' | '،' | '؛'))
    });
    let mut url = &text[i..end];
    while let Some(last) = url.chars().last() {
        let trailing = matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '؟' | '…' | ']' | '}')
            || (last == ')' && url.matches('(').count() < url.matches(')').count());
        if !trailing {
            break;
        }
        url = &url[..url.len() - last.len_utf8()];
    }
    (url.len() > prefix_len).then_some(i + url.len())
}

/// An e-mail address starting at `i` (ASCII local part and domain).
fn scan_email(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let local_ok = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    let mut at = i;
    while at < bytes.len() && at - i < 64 && local_ok(bytes[at]) {
        at += 1;
    }
    if at == i || at >= bytes.len() || bytes[at] != b'@' {
        return None;
    }
    let domain_ok = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'.';
    let mut end = at + 1;
    while end < bytes.len() && end - at < 256 && domain_ok(bytes[end]) {
        end += 1;
    }
    let domain = text[at + 1..end].trim_end_matches(['.', '-']);
    let tld = domain.rsplit('.').next()?;
    let valid = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.contains("..")
        && tld.len() >= 2
        && tld.bytes().all(|b| b.is_ascii_alphabetic());
    valid.then_some(at + 1 + domain.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicons_load() {
        let tokenizer = Tokenizer::new().expect("embedded lexicons load");
        assert!(tokenizer.clitic_exceptions.contains("وزير"));
        assert!(tokenizer.suffix_exceptions.contains("اتجاه"));
    }

    #[test]
    fn gaps_are_white_space_or_invisible() {
        for text in ["a b", "قال\u{200F} إن", "x\u{FEFF}y"] {
            let tokens = tokenize(text);
            let mut at = 0;
            for t in &tokens {
                assert!(text[at..t.range.start()].chars().all(is_gap), "{text:?}");
                at = t.range.end();
            }
        }
    }
}
