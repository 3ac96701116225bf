//! Marsad's Arabic analyzer for tantivy.
//!
//! The index and the query parser both run [`analyze`], which wraps
//! `marsad_arabic`'s tokenizer, so that a query word and the words of an
//! article meet on the same keys:
//!
//! - the **lemma** term (`انسحاب` for `والانسحاب`, `الانسحابات`, `انسحابٌ`):
//!   clitics stripped, hamza/alef/ta-marbuta/diacritics folded, inflection
//!   removed, broken plurals folded where the stemmer's lexicon knows them;
//! - the **exact** term, [`EXACT_PREFIX`] + the normalised word without its
//!   clitics and article (`=انسحابات`): a second key at the same position
//!   that lets exact forms and names (which light stemming may over-strip)
//!   score higher.
//!
//! Offsets are the token's original byte range in the source text, so
//! highlights map back to exact characters; filters never change them.

use marsad_arabic::normalize::{normalize, NormLevel};
use marsad_arabic::tokenize::Tokenizer as MarsadTokenizer;
use marsad_core::{Token as MarsadToken, TokenKind};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name the analyzer is registered under in the index.
pub const ANALYZER_NAME: &str = "marsad_arabic";

/// Prefix of the exact-form terms, which share a position with the lemma.
pub const EXACT_PREFIX: char = '=';

/// The search keys of one word of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyzedWord {
    /// Byte range of the whole token in the analysed text.
    pub start: usize,
    pub end: usize,
    /// The lemma key (always present and non-empty).
    pub lemma: String,
    /// The exact-form key, without [`EXACT_PREFIX`]; `None` where it would
    /// equal the lemma.
    pub exact: Option<String>,
}

/// Analyses `text` into its searchable words, in text order.
///
/// Punctuation, symbols, URLs and e-mail addresses are not searchable.
pub fn analyze(text: &str) -> Vec<AnalyzedWord> {
    analyze_tokens(text, &MarsadTokenizer::shared().tokenize(text))
}

/// Analyses the already tokenised `text` (`tokens` must be `text`'s tokens).
pub fn analyze_tokens(text: &str, tokens: &[MarsadToken]) -> Vec<AnalyzedWord> {
    let mut words = Vec::with_capacity(tokens.len());
    for token in tokens {
        let (lemma, exact) = match token.kind {
            TokenKind::Word => {
                let lemma =
                    if token.lemma.is_empty() { token.norm.to_string() } else { token.lemma.to_string() };
                let base = normalize(token.base.slice(text), NormLevel::Search).to_string();
                let core = match base.strip_prefix("ال") {
                    Some(rest) if rest.chars().count() >= 2 => rest.to_string(),
                    _ => base,
                };
                (lemma, Some(core))
            }
            TokenKind::Latin | TokenKind::Hashtag | TokenKind::Mention => {
                (token.norm.as_str().to_lowercase(), None)
            }
            TokenKind::Number => (token.norm.to_string(), None),
            TokenKind::Punct | TokenKind::Symbol | TokenKind::Url | TokenKind::Email => continue,
        };
        if lemma.is_empty() {
            continue;
        }
        let exact = exact.filter(|e| !e.is_empty() && *e != lemma);
        words.push(AnalyzedWord { start: token.range.start(), end: token.range.end(), lemma, exact });
    }
    words
}

/// The exact-form term as stored in the index.
pub fn exact_term(exact: &str) -> String {
    let mut s = String::with_capacity(exact.len() + 1);
    s.push(EXACT_PREFIX);
    s.push_str(exact);
    s
}

/// The tantivy tokenizer over [`analyze`]: for each word, the lemma term and
/// (at the same position) the exact-form term.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArabicAnalyzer;

impl Tokenizer for ArabicAnalyzer {
    type TokenStream<'a> = AnalyzedTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AnalyzedTokenStream {
        AnalyzedTokenStream::new(analyze(text))
    }
}

/// The token stream of [`ArabicAnalyzer`] (built eagerly: articles are
/// small and the Marsad tokenizer works on whole texts).
#[derive(Debug)]
pub struct AnalyzedTokenStream {
    tokens: Vec<Token>,
    /// Index of the next token to yield.
    next: usize,
}

impl AnalyzedTokenStream {
    fn new(words: Vec<AnalyzedWord>) -> AnalyzedTokenStream {
        let mut tokens = Vec::with_capacity(words.len() * 2);
        for (position, word) in words.into_iter().enumerate() {
            let exact = word.exact.as_deref().map(exact_term);
            tokens.push(Token {
                offset_from: word.start,
                offset_to: word.end,
                position,
                text: word.lemma,
                position_length: 1,
            });
            if let Some(text) = exact {
                tokens.push(Token {
                    offset_from: word.start,
                    offset_to: word.end,
                    position,
                    text,
                    position_length: 1,
                });
            }
        }
        AnalyzedTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for AnalyzedTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}
