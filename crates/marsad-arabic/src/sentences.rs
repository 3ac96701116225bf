//! Sentence segmentation for Arabic news text.
//!
//! Works on the verbatim text (`&str` in, byte ranges out) and never changes
//! it. Sentences never overlap, exclude leading and trailing blanks, and
//! together hold every non-blank character of the text exactly once.
//!
//! Where a sentence ends:
//! - at every line break (news bodies use a single newline as a paragraph
//!   break, so one is enough);
//! - after `؟ ? ! ؛ ۔` (runs such as `?!` count as one): the Arabic semicolon
//!   `؛` is a boundary because Arabic news uses it between complete
//!   statements; the Latin `;` is not;
//! - after a full stop `.`, unless it is inside a number (`3.5`, `٣.٥`,
//!   `31.12.2025`, `10.30`), ends a listed title abbreviation or a single
//!   letter (`د.`, `أ.د.`, initials `ج. بوش`, letter names `بي. بي. سي.`), sits
//!   inside an acronym (`سي.إن.إن`, `وأ.ف.ب`), numbers a list item at the start
//!   of a line (`1. `), or sits inside a URL. Era abbreviations (`م.`, `هـ.`)
//!   end a sentence only right after a number (`عام 2025 م.`); an unlisted
//!   acronym's last full stop is an ordinary one;
//! - closing quotes and brackets (`» ” " ’ ) ]`) right after the terminator
//!   stay with the sentence they close.
//!
//! A terminator ends a sentence only when what follows starts something new:
//! a blank, the end of the text, an Arabic letter (a missing space, as in
//! `العراق.وأشار`) or an opening quote. When it is followed by a comma
//! (`العراق.، فيما`) it is not a boundary: the writer went on with the same
//! sentence, and the full stop is a typo. An ellipsis (`…`, three dots or
//! more) is a pause, not an end, in Arabic news usage; a line break after it
//! still ends the sentence.

use marsad_core::{Sentence, TextRange};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The embedded abbreviation list (`data/abbrev-ar.txt`).
pub const ABBREVIATIONS: &str = include_str!("../data/abbrev-ar.txt");

/// How the full stop after an abbreviation behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AbbreviationKind {
    /// Precedes a name or number: its full stop never ends a sentence.
    Title,
    /// A calendar era or unit written after a number (`2025 م.`): its full
    /// stop ends a sentence right after a number, and is a title elsewhere
    /// (`م. أحمد`, engineer Ahmad).
    Era,
    /// Written after what it qualifies and often last (`ق.م`): an ordinary
    /// full stop, listed so that it is not taken for an initial.
    Suffix,
    /// The Arabic-script name of a Latin letter (`بي`, `سي`, `إن`): a title
    /// (`بي. بي. سي. البريطانية`, `جورج دبليو. بوش`), except after another
    /// letter name written without a full stop (`بي بي سي. وقد`): an acronym
    /// spelled without dots ends at an ordinary full stop.
    Letter,
}

/// Why an abbreviation list could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AbbreviationListError {
    #[error("abbreviation list line {line}: expected `abbreviation<TAB>title|era|suffix|letter`")]
    BadLine { line: usize },
    #[error("abbreviation list line {line}: unknown kind `{kind}`")]
    UnknownKind { line: usize, kind: String },
}

/// A sentence splitter, built once from an abbreviation list.
#[derive(Clone, Debug)]
pub struct SentenceSplitter {
    /// Keyed by the abbreviation with Arabic marks and tatweel removed.
    abbreviations: BTreeMap<String, AbbreviationKind>,
}

impl Default for SentenceSplitter {
    /// The splitter with the embedded abbreviation list.
    fn default() -> SentenceSplitter {
        // The embedded list is checked by a unit test, so this cannot fail.
        SentenceSplitter::with_abbreviations(ABBREVIATIONS).expect("embedded abbreviation list is valid")
    }
}

/// Splits `text` into sentences with the embedded abbreviation list.
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    static SPLITTER: OnceLock<SentenceSplitter> = OnceLock::new();
    SPLITTER.get_or_init(SentenceSplitter::default).split(text)
}

impl SentenceSplitter {
    /// Builds a splitter from a list in the format of `data/abbrev-ar.txt`:
    /// `#` comments, then `abbreviation<TAB>title|era|suffix|letter` lines.
    pub fn with_abbreviations(list: &str) -> Result<SentenceSplitter, AbbreviationListError> {
        let mut abbreviations = BTreeMap::new();
        for (index, line) in list.lines().enumerate() {
            let line_no = index + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (abbreviation, kind) =
                line.split_once('\t').ok_or(AbbreviationListError::BadLine { line: line_no })?;
            let kind = match kind.trim() {
                "title" => AbbreviationKind::Title,
                "era" => AbbreviationKind::Era,
                "suffix" => AbbreviationKind::Suffix,
                "letter" => AbbreviationKind::Letter,
                other => {
                    return Err(AbbreviationListError::UnknownKind { line: line_no, kind: other.to_string() })
                }
            };
            let key = abbreviation_key(abbreviation.trim());
            if key.is_empty() {
                return Err(AbbreviationListError::BadLine { line: line_no });
            }
            abbreviations.insert(key, kind);
        }
        Ok(SentenceSplitter { abbreviations })
    }

    /// The kind of a listed abbreviation (`"د"`, `"ق.م"`, `"Dr"`), if listed.
    pub fn abbreviation(&self, abbreviation: &str) -> Option<AbbreviationKind> {
        self.abbreviations.get(&abbreviation_key(abbreviation)).copied()
    }

    /// Splits `text` into sentences: ranges in text order, trimmed of blanks,
    /// covering every non-blank character exactly once.
    pub fn split(&self, text: &str) -> Vec<Sentence> {
        // Byte offsets where one sentence stops and the next may begin.
        let mut cuts: Vec<usize> = Vec::new();
        // The chars of one line at a time, with their byte offsets: every
        // look around a terminator stops at a line break, so a line (with
        // its break) holds all it needs, and one small reused buffer stays
        // in cache where a list of the whole text's chars did not.
        let mut chars: Vec<(usize, char)> = Vec::new();
        let mut line_from = 0;
        while line_from < text.len() {
            chars.clear();
            for (off, c) in text[line_from..].char_indices() {
                chars.push((line_from + off, c));
                if is_line_break(c) {
                    break;
                }
            }
            let Some(&(last_at, last)) = chars.last() else { break };
            self.cut_line(text, &chars, &mut cuts);
            line_from = last_at + last.len_utf8();
        }
        cuts.push(text.len());

        let mut sentences = Vec::new();
        let mut start = 0;
        for cut in cuts {
            if let Some(range) = trim_blanks(text, start, cut) {
                sentences.push(Sentence { range });
            }
            start = cut;
        }
        sentences
    }

    /// Adds the cuts of one line, `chars` (ending with its line break, if
    /// it has one), to `cuts`.
    fn cut_line(&self, text: &str, chars: &[(usize, char)], cuts: &mut Vec<usize>) {
        let byte_at = |index: usize| chars.get(index).map_or(text.len(), |&(at, _)| at);
        let mut line_start = 0;
        let mut i = 0;
        while i < chars.len() {
            let (at, c) = chars[i];
            if matches!(c, ' ' | '\u{0621}'..='\u{064A}') {
                // A space or an Arabic letter: no break, terminator or URL.
                i += 1;
                continue;
            }
            if is_line_break(c) {
                cuts.push(at);
                i += 1;
                line_start = i;
                continue;
            }
            if let Some(end) = url_end(chars, i) {
                i = end;
                continue;
            }
            if !is_terminator(c) {
                i += 1;
                continue;
            }
            let run_end = i + chars[i..].iter().take_while(|&&(_, c)| is_terminator(c)).count();
            let close_end = closers_end(chars, run_end);
            if self.ends_sentence(chars, i, run_end, close_end, line_start) {
                cuts.push(byte_at(close_end));
                i = close_end;
            } else {
                i = run_end;
            }
        }
    }

    /// Whether the terminator run `chars[run..run_end]`, followed by closing
    /// punctuation up to `close_end`, ends a sentence.
    fn ends_sentence(
        &self,
        chars: &[(usize, char)],
        run: usize,
        run_end: usize,
        close_end: usize,
        line_start: usize,
    ) -> bool {
        let terminators = &chars[run..run_end];
        let next = chars.get(close_end).map(|&(_, c)| c);
        if next.is_some_and(is_continuation) {
            return false;
        }
        let starts_new = |c: char| is_arabic_letter(c) || is_opening(c);
        let arabic_mark = terminators.iter().any(|&(_, c)| matches!(c, '؟' | '؛' | '۔'));
        if terminators.iter().any(|&(_, c)| c != '.' && c != '…') {
            return match next {
                None => true,
                Some(n) if is_blank(n) => true,
                Some(n) => starts_new(n) || is_digit(n) || (arabic_mark && n.is_alphabetic()),
            };
        }
        let dots: usize = terminators.iter().map(|&(_, c)| if c == '…' { 3 } else { 1 }).sum();
        if dots >= 3 {
            return false;
        }
        if dots == 1 {
            let before = run.checked_sub(1).map(|p| chars[p].1);
            let after = chars.get(run_end).map(|&(_, c)| c);
            if before.is_some_and(is_digit) && after.is_some_and(is_digit) {
                return false;
            }
            // Only the few chars before the full stop matter: a longer line
            // is no list number, and scanning it all would be quadratic.
            if run - line_start <= 16 && is_list_number(&chars[line_start..run]) {
                return false;
            }
            if let Some(kind) = self.abbreviation_before(chars, run) {
                let ends = match kind {
                    AbbreviationKind::Title => false,
                    AbbreviationKind::Era => number_before_word(chars, run),
                    AbbreviationKind::Suffix => true,
                    AbbreviationKind::Letter => self.follows_bare_letter(chars, run),
                };
                if !ends {
                    return false;
                }
            }
        }
        match next {
            None => true,
            Some(n) => is_blank(n) || starts_new(n),
        }
    }

    /// The kind of the abbreviation (or single letter) that ends right before
    /// the full stop at `chars[dot]`.
    fn abbreviation_before(&self, chars: &[(usize, char)], dot: usize) -> Option<AbbreviationKind> {
        let start = word_start(chars, dot);
        if start == dot {
            return None;
        }
        let word: String = chars[start..dot].iter().map(|&(_, c)| c).collect();
        if let Some(kind) = self.abbreviation(&word) {
            return Some(kind);
        }
        let last = word.rsplit('.').next().unwrap_or(&word);
        let inner = chars.get(dot + 1).is_some_and(|&(_, c)| is_word_char(c));
        if inner {
            // Inside an acronym (`وأ.ف.ب`, `سي.إن.إن`): a short piece follows
            // and another full stop comes right after it.
            let piece = chars[dot + 1..].iter().take_while(|&&(_, c)| is_word_char(c)).count();
            if piece <= 3 && chars.get(dot + 1 + piece).is_some_and(|&(_, c)| c == '.') {
                return Some(AbbreviationKind::Title);
            }
        }
        if last.len() < word.len() && !inner {
            // An unlisted acronym written with inner full stops
            // (`سي.إن.إن.`) is complete: its last full stop is an ordinary
            // one, often the end of the sentence.
            return Some(AbbreviationKind::Suffix);
        }
        if let Some(kind) = self.abbreviation(last) {
            return Some(kind);
        }
        // A lone letter before a full stop is an initial: Arabic has no
        // one-letter words that end sentences (و ب ل ك ف are clitics).
        (abbreviation_key(last).chars().count() == 1).then_some(AbbreviationKind::Title)
    }
}

impl SentenceSplitter {
    /// Whether the word before the full stop at `chars[dot]` follows, across
    /// blanks on the same line, a letter name or single letter without a full
    /// stop of its own (`بي بي سي.`).
    fn follows_bare_letter(&self, chars: &[(usize, char)], dot: usize) -> bool {
        let start = word_start(chars, dot);
        let mut end = start;
        while end > 0 && is_blank(chars[end - 1].1) && !is_line_break(chars[end - 1].1) {
            end -= 1;
        }
        let previous_start = word_start(chars, end);
        if end == start || previous_start == end {
            return false;
        }
        let previous: String = chars[previous_start..end].iter().map(|&(_, c)| c).collect();
        self.abbreviation(&previous) == Some(AbbreviationKind::Letter)
            || abbreviation_key(&previous).chars().count() == 1
    }
}

/// The start (char index) of the word ending at `chars[end]`: letters and
/// marks, with full stops between letters kept (`ق.م`, `U.S`).
fn word_start(chars: &[(usize, char)], end: usize) -> usize {
    // Abbreviations are short; a bound keeps runs like `أ.أ.أ.…` linear.
    const LONGEST: usize = 32;
    let mut start = end;
    while start > 0 && end - start < LONGEST {
        let c = chars[start - 1].1;
        let inner_dot = c == '.'
            && start >= 2
            && start < end
            && is_word_char(chars[start - 2].1)
            && is_word_char(chars[start].1);
        if is_word_char(c) || inner_dot {
            start -= 1;
        } else {
            break;
        }
    }
    start
}

/// Whether the word ending before `chars[end]` directly follows a number
/// (`2025 م`, `2025م`), on the same line.
fn number_before_word(chars: &[(usize, char)], end: usize) -> bool {
    let mut p = word_start(chars, end);
    while p > 0 && is_blank(chars[p - 1].1) && !is_line_break(chars[p - 1].1) {
        p -= 1;
    }
    p > 0 && is_digit(chars[p - 1].1)
}

/// Whether a line so far is only an item number (`1`, ` ١٢`): one to three
/// digits, blanks (and bidi controls) aside.
fn is_list_number(line: &[(usize, char)]) -> bool {
    let digits: Vec<char> = line.iter().map(|&(_, c)| c).filter(|&c| !is_blank(c)).collect();
    (1..=3).contains(&digits.len()) && digits.iter().all(|&c| is_digit(c))
}

/// Where the closing quotes and brackets starting at `chars[from]` end.
fn closers_end(chars: &[(usize, char)], from: usize) -> usize {
    let mut end = from;
    while let Some(&(_, c)) = chars.get(end) {
        let closes = match c {
            '»' | '”' | '’' | ')' | ']' | '}' | '›' => true,
            // A straight quote right after a terminator closes a quotation
            // unless a word follows it directly (then it opens the next one).
            '"' | '\'' => !chars.get(end + 1).is_some_and(|&(_, n)| is_word_char(n) || is_digit(n)),
            _ => false,
        };
        if !closes {
            break;
        }
        end += 1;
    }
    end
}

/// If a URL starts at `chars[i]`, the char index just past it.
fn url_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
    if !matches!(chars[i].1, 'h' | 'H' | 'w' | 'W') || (i > 0 && is_word_char(chars[i - 1].1)) {
        return None;
    }
    let head: String = chars[i..].iter().take(8).map(|&(_, c)| c.to_ascii_lowercase()).collect();
    if !(head.starts_with("http://") || head.starts_with("https://") || head.starts_with("www.")) {
        return None;
    }
    let mut end = i;
    while let Some(&(_, c)) = chars.get(end) {
        if is_blank(c) || matches!(c, '«' | '»' | '“' | '”' | '"' | '<' | '>') {
            break;
        }
        end += 1;
    }
    // Punctuation at the very end belongs to the sentence, not the URL.
    while end > i
        && matches!(chars[end - 1].1, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'' | '،' | '؛' | '؟')
    {
        end -= 1;
    }
    Some(end)
}

/// The range `start..end` of `text` without leading and trailing blanks, or
/// `None` if nothing else is left.
fn trim_blanks(text: &str, start: usize, end: usize) -> Option<TextRange> {
    let piece = &text[start..end];
    let first = piece.char_indices().find(|&(_, c)| !is_blank(c))?.0;
    let (last, c) = piece.char_indices().rev().find(|&(_, c)| !is_blank(c))?;
    Some(TextRange::new(start + first, start + last + c.len_utf8()))
}

/// The lookup key of an abbreviation: without Arabic marks and tatweel.
fn abbreviation_key(s: &str) -> String {
    s.chars().filter(|&c| !is_arabic_mark(c) && c != '\u{0640}').collect()
}

#[inline]
fn is_terminator(c: char) -> bool {
    // Every terminator but `. ? !` lies at U+061B or above: most chars are
    // rejected by one comparison.
    if (c as u32) < 0x061B {
        return matches!(c, '.' | '?' | '!');
    }
    matches!(c, '.' | '…' | '؟' | '?' | '!' | '؛' | '۔' | '‼' | '⁇' | '⁈' | '⁉')
}

/// Punctuation after which a sentence goes on even right after a terminator.
fn is_continuation(c: char) -> bool {
    matches!(c, '،' | ',' | ':' | ';' | '٬')
}

fn is_opening(c: char) -> bool {
    matches!(c, '«' | '“' | '‘' | '(' | '[' | '{' | '‹' | '"')
}

/// Blank: white space, and the invisible format controls (bidi marks,
/// zero-width characters, BOM, soft hyphen) that editors scatter around
/// Arabic text. Sentence ranges never start or end with one.
#[inline]
pub fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{00AD}' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// A line or paragraph break: always ends a sentence.
#[inline]
pub(crate) fn is_line_break(c: char) -> bool {
    // `\n \r \u{0B} \u{0C} \u{85} \u{2028} \u{2029}`, tested by ranges: this
    // runs on every char of the text.
    let code = c as u32;
    if code < 0x2028 {
        (0x0A..=0x0D).contains(&code) || code == 0x85
    } else {
        code <= 0x2029
    }
}

/// The value of a decimal digit in any of the digit sets Arabic text uses:
/// ASCII, Arabic-Indic (٠-٩) and Extended Arabic-Indic / Persian (۰-۹).
#[inline]
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

#[inline]
pub(crate) fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// Arabic harakat, Quranic annotation marks and the superscript alef.
#[inline]
pub(crate) fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}')
}

/// A letter, mark or tatweel: part of a word.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\u{7F}' => false,
        // The Arabic letters, tatweel and harakat, without the general
        // Unicode lookup (the hot path on Arabic text).
        '\u{0621}'..='\u{065F}' | '\u{0670}'..='\u{06D3}' => true,
        _ => (c.is_alphabetic() || is_arabic_mark(c)) && !is_digit(c),
    }
}

/// A letter of the Arabic script (base blocks and presentation forms).
pub(crate) fn is_arabic_letter(c: char) -> bool {
    // The common letters first, without the general Unicode lookup (this
    // runs on every character of every article).
    if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}') {
        return true;
    }
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && c.is_alphabetic()
        && !is_arabic_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_list_loads_and_is_sorted() {
        let splitter = SentenceSplitter::with_abbreviations(ABBREVIATIONS).unwrap();
        assert_eq!(splitter.abbreviation("د"), Some(AbbreviationKind::Title));
        assert_eq!(splitter.abbreviation("هـ"), Some(AbbreviationKind::Era));
        assert_eq!(splitter.abbreviation("العراق"), None);
        let entries: Vec<&str> =
            ABBREVIATIONS.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect();
        let mut sorted = entries.clone();
        sorted.sort_unstable();
        assert_eq!(entries, sorted, "data/abbrev-ar.txt must stay sorted");
        assert!(ABBREVIATIONS.starts_with("# "), "data/abbrev-ar.txt needs its header");
        assert!(ABBREVIATIONS.contains("Licence:"));
    }

    #[test]
    fn fast_char_tests_agree_with_their_lists() {
        // `is_line_break` and `is_terminator` test ranges for speed; they must
        // keep meaning exactly these chars.
        for c in (0..0x3000).filter_map(char::from_u32) {
            let line_break =
                matches!(c, '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}');
            assert_eq!(is_line_break(c), line_break, "{c:?}");
            let terminator = matches!(c, '.' | '…' | '؟' | '?' | '!' | '؛' | '۔' | '‼' | '⁇' | '⁈' | '⁉');
            assert_eq!(is_terminator(c), terminator, "{c:?}");
        }
    }

    #[test]
    fn lines_are_cut_alike_whatever_the_line_breaks() {
        let splitter = SentenceSplitter::default();
        let texts = [
            "قال د. أحمد إن\r\nالوضع هادئ. وأضاف",
            "أ.\nب. ج",
            "www.example.com\u{2028}نص. آخر",
            "١. بند\n2. بند",
        ];
        for text in texts {
            let sentences: Vec<&str> = splitter.split(text).iter().map(|s| s.range.slice(text)).collect();
            let joined: String = sentences.concat();
            let non_blank: String = text.chars().filter(|&c| !is_blank(c)).collect();
            assert_eq!(joined.chars().filter(|&c| !is_blank(c)).collect::<String>(), non_blank, "{text:?}");
            assert!(sentences.iter().all(|s| !s.contains('\n') && !s.contains('\r')), "{sentences:?}");
        }
    }

    #[test]
    fn bad_lists_are_errors() {
        assert_eq!(
            SentenceSplitter::with_abbreviations("# x\nDr title").err(),
            Some(AbbreviationListError::BadLine { line: 2 })
        );
        assert_eq!(
            SentenceSplitter::with_abbreviations("Dr\tname").err(),
            Some(AbbreviationListError::UnknownKind { line: 1, kind: "name".into() })
        );
    }
}
