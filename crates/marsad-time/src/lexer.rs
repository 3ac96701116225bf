//! Words of the normalised view, each with a folded matching key.
//!
//! The view from `marsad_arabic::normalize` already folds letters and digits
//! at the search level; folding again here keeps the tagger correct whatever
//! the view does (it is a separate crate's contract), and lets the lexicon
//! keys be written in ordinary spelling.

/// What a word is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WordKind {
    /// Arabic letters (with any diacritics and tatweel inside).
    Arabic,
    /// A run of digits of any digit set.
    Digits,
    /// Other alphabetic or numeric text (Latin words …).
    Other,
    /// One punctuation or symbol character.
    Punct,
}

/// A word of the view: a byte range of the view and its folded key.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    pub kind: WordKind,
    key_start: u32,
    key_end: u32,
    /// Value of a digit run (saturating) and its digit count.
    pub number: u64,
    pub digits: u8,
    /// True when white space (or nothing) separates this word from the
    /// previous one by a line break, so cue search stops there.
    pub after_newline: bool,
}

/// The words of one text and their keys.
#[derive(Debug, Default)]
pub(crate) struct Words {
    pub words: Vec<Word>,
    keys: String,
}

impl Words {
    /// The folded key of word `i`.
    #[inline]
    pub fn key(&self, i: usize) -> &str {
        let w = &self.words[i];
        &self.keys[w.key_start as usize..w.key_end as usize]
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }
}

/// Characters that never split a word and never reach a key: harakat,
/// Quranic marks, tatweel, zero-width joiners.
#[inline]
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}' | '\u{200C}' | '\u{200D}')
}

#[inline]
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

/// The value of a digit of any common digit set: the text engine's.
pub(crate) use marsad_arabic::sentences::digit_value;

/// Folds one Arabic letter to its matching form.
#[inline]
pub(crate) fn fold_letter(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' | 'ئ' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ک' => 'ك',
        _ => c,
    }
}

/// The folded key of a short string (a lexicon entry): words joined by one
/// space.
pub(crate) fn fold_phrase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if is_ignorable(c) {
                continue;
            }
            if let Some(d) = digit_value(c) {
                out.push(char::from(b'0' + d as u8));
            } else {
                out.push(fold_letter(c));
            }
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Arabic,
    Digit,
    Other,
    Punct,
    Ignorable,
}

#[inline]
fn class(c: char) -> Class {
    if c.is_whitespace() {
        Class::Space
    } else if is_ignorable(c) {
        Class::Ignorable
    } else if is_arabic_letter(c) {
        Class::Arabic
    } else if digit_value(c).is_some() {
        Class::Digit
    } else if c.is_alphanumeric() {
        Class::Other
    } else {
        Class::Punct
    }
}

/// Splits `text` into words: Arabic letter runs, digit runs, other
/// alphanumeric runs and single punctuation characters.
pub(crate) fn words(text: &str) -> Words {
    let mut out =
        Words { words: Vec::with_capacity(text.len() / 6), keys: String::with_capacity(text.len()) };
    let mut current: Option<Word> = None;
    let mut newline_pending = false;
    for (at, c) in text.char_indices() {
        let class = class(c);
        let end = at + c.len_utf8();
        if class == Class::Ignorable {
            // Diacritics and tatweel belong to the word they sit in.
            if let Some(w) = current.as_mut() {
                if w.kind == WordKind::Arabic {
                    w.end = end;
                }
            }
            continue;
        }
        let kind = match class {
            Class::Space => {
                if c == '\n' || c == '\r' || c == '\u{2029}' {
                    newline_pending = true;
                }
                if let Some(w) = current.take() {
                    out.finish(w);
                }
                continue;
            }
            Class::Arabic => WordKind::Arabic,
            Class::Digit => WordKind::Digits,
            Class::Other => WordKind::Other,
            Class::Punct => WordKind::Punct,
            Class::Ignorable => unreachable!("handled above"),
        };
        let continues = matches!(current, Some(w) if w.kind == kind && kind != WordKind::Punct);
        if !continues {
            if let Some(w) = current.take() {
                out.finish(w);
            }
            let key_start = out.keys.len() as u32;
            current = Some(Word {
                start: at,
                end: at,
                kind,
                key_start,
                key_end: key_start,
                number: 0,
                digits: 0,
                after_newline: std::mem::take(&mut newline_pending),
            });
        }
        let w = current.as_mut().expect("a word is open");
        w.end = end;
        match kind {
            WordKind::Digits => {
                let d = digit_value(c).unwrap_or(0);
                w.number = w.number.saturating_mul(10).saturating_add(u64::from(d));
                w.digits = w.digits.saturating_add(1);
                out.keys.push(char::from(b'0' + d as u8));
            }
            WordKind::Arabic => out.keys.push(fold_letter(c)),
            _ => out.keys.push(c),
        }
        w.key_end = out.keys.len() as u32;
    }
    if let Some(w) = current.take() {
        out.finish(w);
    }
    out
}

impl Words {
    fn finish(&mut self, w: Word) {
        self.words.push(w);
    }
}

/// The view offset after skipping `letters` letters of the Arabic word that
/// starts at `start` (with the diacritics that follow each letter).
pub(crate) fn offset_after_letters(view: &str, start: usize, letters: usize) -> usize {
    let mut seen = 0;
    let mut at = start;
    for (i, c) in view[start..].char_indices() {
        if is_ignorable(c) {
            at = start + i + c.len_utf8();
            continue;
        }
        if seen == letters {
            return start + i;
        }
        seen += 1;
        at = start + i + c.len_utf8();
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_folds() {
        let w = words("والأسبوعَ ٣١/12 الـ21، هـ");
        let shown: Vec<String> =
            (0..w.len()).map(|i| format!("{:?}:{}", w.words[i].kind, w.key(i))).collect();
        assert_eq!(
            shown,
            [
                "Arabic:والاسبوع",
                "Digits:31",
                "Punct:/",
                "Digits:12",
                "Arabic:ال",
                "Digits:21",
                "Punct:،",
                "Arabic:ه"
            ]
        );
        assert_eq!(w.words[1].number, 31);
        assert_eq!(offset_after_letters("وَالأسبوع", 0, 1), "وَ".len());
    }
}
