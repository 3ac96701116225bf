//! A light word view of a document for the quote and claim rules.
//!
//! The rules need three things per word: its source range, its
//! Search-normalised form, and which paragraph it is in; punctuation marks
//! are kept as one-character items because they carry the structure (quote
//! marks, colons, commas). This view is built by one linear scan of the text,
//! so the stages do not depend on the finer token layer (clitics, stems) and
//! stay cheap.

use compact_str::CompactString;
use marsad_arabic::normalize::{push_normalized, NormLevel};
use marsad_core::TextRange;

/// What an item of the word view is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// Letters and digits (with Arabic marks and tatweel inside).
    Word,
    /// One punctuation or symbol character.
    Punct,
}

/// One word or punctuation character.
#[derive(Clone, Debug)]
pub struct Item {
    /// Source range.
    pub range: TextRange,
    /// Word or punctuation.
    pub kind: ItemKind,
    /// Search-normalised text (for punctuation: the character itself).
    /// Inline up to 24 bytes (a word of 12 Arabic letters): no allocation
    /// per word.
    pub norm: CompactString,
    /// Paragraph index (paragraphs are separated by line breaks).
    pub paragraph: u32,
}

impl Item {
    /// True when the item is a punctuation mark among `chars`.
    pub fn is_punct(&self, chars: &str) -> bool {
        self.kind == ItemKind::Punct && self.norm.chars().next().is_some_and(|c| chars.contains(c))
    }

    /// The normalised word without a leading و or ف (the conjunction), when
    /// it has one and something is left.
    pub fn without_conjunction(&self) -> Option<&str> {
        let rest = self.norm.strip_prefix('و').or_else(|| self.norm.strip_prefix('ف'))?;
        (rest.chars().count() >= 2).then_some(rest)
    }

    /// The normalised word without the article (ال, or لل → ل).
    pub fn without_article(&self) -> &str {
        let norm = self.norm.strip_prefix('و').unwrap_or(&self.norm);
        norm.strip_prefix("ال").filter(|r| r.chars().count() >= 2).unwrap_or(norm)
    }
}

/// Arabic combining marks and tatweel, which belong inside a word.
fn is_word_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}' | '\u{200C}' | '\u{200D}')
}

fn is_word_char(c: char) -> bool {
    // ASCII and the common Arabic letters without the general Unicode
    // lookup: this runs on every character of every article.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}') || c.is_alphanumeric() || is_word_mark(c)
}

/// Builds the word view of `text`.
pub fn scan(text: &str) -> Vec<Item> {
    let mut items = Vec::with_capacity(text.len() / 6);
    let mut paragraph = 0u32;
    let mut word_start: Option<usize> = None;
    // One buffer for normalising every word.
    let mut buffer = String::new();
    let mut push_word = |items: &mut Vec<Item>, start: usize, end: usize, paragraph: u32| {
        buffer.clear();
        push_normalized(&mut buffer, &text[start..end], NormLevel::Search);
        items.push(Item {
            range: TextRange::new(start, end),
            kind: ItemKind::Word,
            norm: CompactString::from(buffer.as_str()),
            paragraph,
        });
    };
    for (at, c) in text.char_indices() {
        if is_word_char(c) {
            word_start.get_or_insert(at);
            continue;
        }
        if let Some(start) = word_start.take() {
            push_word(&mut items, start, at, paragraph);
        }
        if c == '\n' || c == '\u{2029}' {
            paragraph += 1;
        } else if !c.is_whitespace() && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{FEFF}') {
            let end = at + c.len_utf8();
            items.push(Item {
                range: TextRange::new(at, end),
                kind: ItemKind::Punct,
                norm: CompactString::from(&*c.encode_utf8(&mut [0; 4])),
                paragraph,
            });
        }
    }
    if let Some(start) = word_start {
        push_word(&mut items, start, text.len(), paragraph);
    }
    items
}
