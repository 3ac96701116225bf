//! Matching keys: the shared Search-level normalisation plus the place
//! resolver's own folding on top of it.
//!
//! Names and article text go through the same two steps, so they agree:
//! first [`marsad_arabic::normalize`] at [`NormLevel::Search`] (the project's
//! shared normaliser), then [`fold_char`]. The second step repeats the folds
//! the Search level is documented to do (alef variants, ى, ة, ؤ/ئ, harakat,
//! tatweel) so that matching works whatever stage the shared normaliser is at;
//! once it does them, this step is a no-op for those characters. It also
//! collapses runs of white space so multi-word names match across line breaks.

use marsad_arabic::normalize::{normalize, NormLevel, NormalizedView};

/// What one source character becomes in a key: dropped, or one character.
fn fold_char(c: char) -> Option<char> {
    Some(match c {
        // Harakat, superscript alef, Quranic marks, tatweel, zero-width and bidi controls.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => return None,
        '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            return None
        }
        '\u{FEFF}' => return None,
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ئ' | 'ی' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ک' => 'ك',
        c if c.is_whitespace() => ' ',
        // Arabic letters have no case: skip the Unicode case tables for them.
        c if ('\u{0600}'..='\u{06FF}').contains(&c) => c,
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => c.to_lowercase().next().unwrap_or(c),
    })
}

/// True when [`fold_char`] keeps `c` as it is and `c` is not a space (which
/// may be dropped as part of a run): the common case, tested cheaply.
#[inline]
fn folds_to_itself(c: char) -> bool {
    match c {
        // The basic Arabic letters, but for the variants the fold changes and tatweel.
        '\u{0621}'..='\u{064A}' => !matches!(c, 'أ' | 'إ' | 'آ' | 'ى' | 'ئ' | 'ة' | 'ؤ' | '\u{0640}'),
        '!'..='@' | '['..='~' => true,
        ' ' | 'A'..='Z' => false,
        _ => fold_char(c) == Some(c) && !c.is_whitespace(),
    }
}

/// True for characters that belong to a word (letters, digits, marks).
pub(crate) fn is_word_char(c: char) -> bool {
    // Fast paths for the common cases: Arabic letters and ASCII.
    if ('\u{0621}'..='\u{064A}').contains(&c) {
        return true;
    }
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}' || c == '\u{0640}'
}

/// The matching key of a name: Search-level normalised, folded, trimmed,
/// with single spaces between words.
pub fn fold_key(name: &str) -> String {
    let normalized = normalize(name, NormLevel::Search);
    let mut out = String::with_capacity(normalized.len());
    for c in normalized.chars().filter_map(fold_char) {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A folded view of a source text with, for every byte of the view, the
/// source byte offset it came from.
pub(crate) struct FoldedView {
    pub text: String,
    /// `map[i]` is the source offset of view byte `i`; `map[text.len()]` is
    /// the source length.
    map: Vec<u32>,
}

impl FoldedView {
    pub fn new(source: &str) -> FoldedView {
        let normalized = NormalizedView::new(source, NormLevel::Search);
        let view = normalized.as_str();
        let view_map = normalized.source_map();
        let mut text = String::with_capacity(view.len());
        let mut map = Vec::with_capacity(view.len() + 1);
        // Most characters of the Search view fold to themselves: copy such
        // runs with their offsets in one go, and fold the others one by one.
        let mut run_start = 0;
        for (at, c) in view.char_indices() {
            if folds_to_itself(c) {
                continue;
            }
            text.push_str(&view[run_start..at]);
            map.extend_from_slice(&view_map[run_start..at]);
            run_start = at + c.len_utf8();
            let Some(folded) = fold_char(c) else { continue };
            if folded == ' ' && text.ends_with(' ') {
                continue;
            }
            text.push(folded);
            map.extend(std::iter::repeat_n(view_map[at], folded.len_utf8()));
        }
        text.push_str(&view[run_start..]);
        map.extend_from_slice(&view_map[run_start..view.len()]);
        map.push(source.len() as u32);
        FoldedView { text, map }
    }

    /// The source byte offset of view offset `at` (a char boundary of the view).
    pub fn source_offset(&self, at: usize) -> usize {
        self.map[at] as usize
    }

    /// The source offset where a view range ending at `end` (exclusive, a
    /// char boundary of the view, after at least one char) stops: past the
    /// source character of the last view character and any marks the view
    /// dropped after it (harakat, tatweel), so a name keeps its vowels.
    pub fn source_end(&self, end: usize, source: &str) -> usize {
        let last = self.text[..end].char_indices().next_back().map_or(0, |(i, _)| i);
        let from = self.map[last] as usize;
        let mut chars = source[from..].char_indices();
        let mut stop = match chars.next() {
            Some((_, c)) => from + c.len_utf8(),
            None => return source.len(),
        };
        for (i, c) in chars {
            if c.is_whitespace() || fold_char(c).is_some() {
                break;
            }
            stop = from + i + c.len_utf8();
        }
        stop
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_spelling_variants() {
        assert_eq!(fold_key("إسرائيل"), fold_key("اسراييل"));
        assert_eq!(fold_key("البصرة"), "البصره");
        assert_eq!(fold_key("  قاعدة\n عين   الأسد "), "قاعده عين الاسد");
        assert_eq!(fold_key("بَغْدَاد"), "بغداد");
        assert_eq!(fold_key("بغـــداد"), "بغداد");
    }

    #[test]
    fn folds_to_itself_agrees_with_fold_char() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(folds_to_itself(c), fold_char(c) == Some(c) && c != ' ', "{c:?}");
        }
    }

    #[test]
    fn view_maps_back_to_source() {
        let source = "في بَغْدَاد  والبصرة";
        let view = FoldedView::new(source);
        assert_eq!(view.text, "في بغداد والبصره");
        let at = view.text.find("بغداد").unwrap();
        let start = view.source_offset(at);
        let end = view.source_end(at + "بغداد".len(), source);
        assert_eq!(&source[start..end], "بَغْدَاد");
        let at = view.text.find("البصره").unwrap();
        let start = view.source_offset(at);
        let end = view.source_end(at + "البصره".len(), source);
        assert_eq!(&source[start..end], "البصرة");
    }
}
