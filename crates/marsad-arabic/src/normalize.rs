//! Normalised views of a source text, with an exact offset map back to it.
//!
//! Matching happens on a normalised *view*; facts store *source* ranges. The
//! view keeps, for every one of its bytes, the source byte offset of the
//! character that produced it, so any view range maps back to a source range
//! that starts and ends on source character boundaries and covers every
//! source character that contributed to it.
//!
//! Two levels:
//!
//! - [`NormLevel::Display`]: compatibility forms folded (NFKC of Arabic
//!   presentation forms, ligatures, full-width forms), tatweel, harakat,
//!   tanwin, shadda, sukun, superscript alef and Quranic marks removed,
//!   zero-width and bidi controls removed, Arabic-Indic and Persian digits to
//!   ASCII, `٫` (U+066B) to `.`, `٬` (U+066C) to `,`, `٪` to `%`, no-break and
//!   other wide spaces to a plain space. Letters are kept as written.
//! - [`NormLevel::Search`]: Display plus the spelling variation search must
//!   ignore: `أ إ آ ٱ` → `ا`, `ى` → `ي`, `ة` → `ه`, Persian `ی ک ھ ە` → `ي ك ه ه`,
//!   letters lowercased.
//!
//! `ؤ` and `ئ` are deliberately *not* folded: folding them to `و`/`ي` would
//! split the common variant pair `مسؤول`/`مسئول` further apart rather than
//! join it, and both letters are written consistently in edited news.
//!
//! The work is a single pass over the text; runs of characters that need no
//! change are copied as slices, and nothing is allocated per character.

use marsad_core::TextRange;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// How far normalisation goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NormLevel {
    /// For showing and for case-faithful matching: NFKC of presentation
    /// forms, tatweel, harakat, Quranic marks, zero-width and bidi controls
    /// removed, Arabic-Indic and Persian digits to ASCII.
    Display,
    /// For matching keys and search: Display plus alef variants to ا, ى to ي,
    /// ة to ه, Persian letter variants to Arabic, lowercase. `ؤ`/`ئ` are kept
    /// (see the module documentation).
    Search,
}

/// A normalised copy of a source text with a map from every byte of the view
/// back to the source.
#[derive(Clone, Debug)]
pub struct NormalizedView {
    text: String,
    /// `map[i]` is the source byte offset of the start of the source char that
    /// produced view byte `i`; `map[len]` is the source length. The map never
    /// decreases.
    map: Vec<u32>,
}

impl NormalizedView {
    /// Normalises `source` at `level`, keeping the offset map.
    pub fn new(source: &str, level: NormLevel) -> NormalizedView {
        let mut text = String::with_capacity(source.len());
        let mut sink = MapSink { map: Vec::with_capacity(source.len() + 1) };
        normalize_core(source, level, &mut text, &mut sink);
        sink.map.push(source.len() as u32);
        NormalizedView { text, map: sink.map }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length of the view in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True when the view is empty (the source had nothing but removed
    /// characters, or nothing at all).
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The whole offset map: entry `i` is the source byte offset of the
    /// source char that produced view byte `i`, and the last entry (at index
    /// `len()`) is the source length. For callers that copy runs of the view
    /// with their offsets (a further fold on top of this view).
    pub fn source_map(&self) -> &[u32] {
        &self.map
    }

    /// The source byte offset of view byte offset `at`: the start of the
    /// source char that produced that view byte (`at` past the end is clamped
    /// to the end of the source).
    pub fn source_offset(&self, at: usize) -> usize {
        self.map[at.min(self.text.len())] as usize
    }

    /// The source range a view range covers.
    ///
    /// The result starts and ends on source char boundaries and covers every
    /// source char that produced a byte of the view range, even when the view
    /// range cuts into the expansion of one source char (a ligature such as
    /// `ﻻ` gives two view letters). Characters the view dropped (harakat,
    /// tatweel, controls) that follow the last covered char are included, so a
    /// range never cuts a letter from its diacritics; dropped characters
    /// before the first covered char are not.
    pub fn source_range(&self, start: usize, end: usize) -> TextRange {
        let len = self.text.len();
        let start = start.min(len);
        let end = end.clamp(start, len);
        let source_start = self.map[start];
        let source_end = if end > start && end < len && self.map[end] == self.map[end - 1] {
            // `end` falls inside the output of one source char: extend to the
            // end of that char's output.
            let produced_by = self.map[end - 1];
            let mut j = end;
            while j < len && self.map[j] == produced_by {
                j += 1;
            }
            self.map[j]
        } else {
            self.map[end]
        };
        TextRange { start: source_start, end: source_end }
    }

    /// The view byte offset where the source byte offset `source_offset` (a
    /// source char boundary) begins: the first view byte produced at or after
    /// it.
    pub fn view_offset(&self, source_offset: usize) -> usize {
        self.map[..self.text.len()].partition_point(|&m| (m as usize) < source_offset)
    }

    /// The view range produced by the source chars of `range`.
    pub fn view_range(&self, range: TextRange) -> std::ops::Range<usize> {
        self.view_offset(range.start())..self.view_offset(range.end())
    }
}

/// The normalised form of a short string (a key for lexicons and indexes).
pub fn normalize(s: &str, level: NormLevel) -> String {
    let mut out = String::with_capacity(s.len());
    push_normalized(&mut out, s, level);
    out
}

/// Appends the normalised form of `s` to `out` (no offset map; for building
/// keys without allocating).
pub fn push_normalized(out: &mut String, s: &str, level: NormLevel) {
    normalize_core(s, level, out, &mut NoMap);
}

/// Where the offsets of produced bytes go (or don't).
trait OffsetSink {
    /// `bytes` copied unchanged from source offset `at`.
    fn copied(&mut self, source: &[u8], at: usize, len: usize);
    /// `n` bytes produced by the source char starting at `at`.
    fn produced(&mut self, at: usize, n: usize);
}

struct MapSink {
    map: Vec<u32>,
}

impl OffsetSink for MapSink {
    #[inline]
    fn copied(&mut self, source: &[u8], at: usize, len: usize) {
        let mut char_start = at as u32;
        // `extend` over a slice iterator reserves once: no capacity test per byte.
        self.map.extend(source[at..at + len].iter().enumerate().map(|(k, &b)| {
            // Continuation bytes map to the start of their char.
            if b & 0xC0 != 0x80 {
                char_start = (at + k) as u32;
            }
            char_start
        }));
    }

    #[inline]
    fn produced(&mut self, at: usize, n: usize) {
        self.map.extend(std::iter::repeat_n(at as u32, n));
    }
}

struct NoMap;

impl OffsetSink for NoMap {
    #[inline]
    fn copied(&mut self, _: &[u8], _: usize, _: usize) {}
    #[inline]
    fn produced(&mut self, _: usize, _: usize) {}
}

/// What normalisation does to one char.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fold {
    Keep,
    Drop,
    To(char),
    /// Needs NFKC (compatibility decomposition), or full lowercase mapping.
    Expand,
}

/// Marks and controls removed at every level.
#[inline]
pub(crate) fn is_removed(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}' // Quranic honorifics and small high marks
        | '\u{061C}'            // ARABIC LETTER MARK
        | '\u{0640}'            // tatweel
        | '\u{064B}'..='\u{065F}' // harakat, tanwin, shadda, sukun, hamza marks
        | '\u{0670}'            // superscript alef
        | '\u{06D6}'..='\u{06ED}' // Quranic annotation marks
        | '\u{08CA}'..='\u{08E1}' | '\u{08E3}'..='\u{08FF}' // extended Arabic marks
        | '\u{00AD}'            // soft hyphen
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}' // ZWSP ZWNJ ZWJ LRM RLM
        | '\u{202A}'..='\u{202E}' // LRE RLE PDF LRO RLO
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // LRI RLI FSI PDI
        | '\u{FEFF}'            // BOM / ZWNBSP
    )
}

#[inline]
fn fold_char(c: char, level: NormLevel) -> Fold {
    let search = level == NormLevel::Search;
    if c.is_ascii() {
        return if search && c.is_ascii_uppercase() { Fold::To(c.to_ascii_lowercase()) } else { Fold::Keep };
    }
    // The common case first: the basic Arabic letters.
    if matches!(c, '\u{0621}'..='\u{064A}') {
        return match c {
            '\u{0640}' => Fold::Drop,
            '\u{0622}' | '\u{0623}' | '\u{0625}' if search => Fold::To('\u{0627}'),
            '\u{0649}' if search => Fold::To('\u{064A}'),
            '\u{0629}' if search => Fold::To('\u{0647}'),
            _ => Fold::Keep,
        };
    }
    if is_removed(c) {
        return Fold::Drop;
    }
    match c {
        '\u{0660}'..='\u{0669}' => Fold::To(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => Fold::To(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '\u{066B}' => Fold::To('.'),
        '\u{066C}' => Fold::To(','),
        '\u{066A}' => Fold::To('%'),
        '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Fold::To(' ')
        }
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0672}' | '\u{0673}' | '\u{0675}'
            if search =>
        {
            Fold::To('\u{0627}')
        }
        '\u{0649}' | '\u{06CC}' if search => Fold::To('\u{064A}'),
        '\u{0629}' | '\u{06BE}' | '\u{06C1}' | '\u{06D5}' if search => Fold::To('\u{0647}'),
        '\u{06A9}' if search => Fold::To('\u{0643}'),
        // The rest of the Arabic block is letters and punctuation kept as is.
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' => Fold::Keep,
        _ => {
            // Compatibility forms, or a letter the Search level lowercases.
            if is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes || (search && c.is_uppercase()) {
                Fold::Expand
            } else {
                Fold::Keep
            }
        }
    }
}

/// Pushes the normalised form of one char produced by expansion (NFKC output
/// or a lowercase mapping), folding it once more but never expanding again.
#[inline]
fn push_folded<S: OffsetSink>(c: char, at: usize, level: NormLevel, out: &mut String, sink: &mut S) {
    let folded = match fold_char(c, level) {
        Fold::Drop => return,
        Fold::To(f) => f,
        Fold::Keep | Fold::Expand => c,
    };
    out.push(folded);
    sink.produced(at, folded.len_utf8());
}

/// Calls `f` with each char that `c` becomes at `level`: none when it is
/// removed, several for a ligature.
pub(crate) fn for_each_folded(c: char, level: NormLevel, mut f: impl FnMut(char)) {
    match fold_char(c, level) {
        Fold::Keep => f(c),
        Fold::Drop => {}
        Fold::To(t) => f(t),
        Fold::Expand => {
            let mut sink = NoMap;
            let mut buf = String::new();
            let mut tmp = [0u8; 4];
            normalize_core(c.encode_utf8(&mut tmp), level, &mut buf, &mut sink);
            buf.chars().for_each(f);
        }
    }
}

/// The Search-level form of one Display-level letter.
#[inline]
pub(crate) fn search_letter(c: char) -> char {
    match c {
        // Letters the Search level never changes: skip the general fold.
        '\u{0621}'
        | '\u{0624}'
        | '\u{0626}'..='\u{0628}'
        | '\u{062A}'..='\u{063A}'
        | '\u{0641}'..='\u{0648}'
        | '\u{064A}' => c,
        _ => match fold_char(c, NormLevel::Search) {
            Fold::To(t) => t,
            _ => c,
        },
    }
}

fn normalize_core<S: OffsetSink>(source: &str, level: NormLevel, out: &mut String, sink: &mut S) {
    let bytes = source.as_bytes();
    // Start of the pending run of unchanged chars.
    let mut run_start = 0usize;
    let flush = |out: &mut String, sink: &mut S, from: usize, to: usize| {
        if to > from {
            out.push_str(&source[from..to]);
            sink.copied(bytes, from, to - from);
        }
    };
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if level == NormLevel::Search && b.is_ascii_uppercase() {
                flush(out, sink, run_start, i);
                out.push(char::from(b.to_ascii_lowercase()));
                sink.produced(i, 1);
                run_start = i + 1;
            }
            i += 1;
            continue;
        }
        // `i` is a char boundary: every step advances by whole chars.
        let c = source[i..].chars().next().expect("char boundary inside the text");
        let width = c.len_utf8();
        match fold_char(c, level) {
            Fold::Keep => {}
            Fold::Drop => {
                flush(out, sink, run_start, i);
                run_start = i + width;
            }
            Fold::To(f) => {
                flush(out, sink, run_start, i);
                out.push(f);
                sink.produced(i, f.len_utf8());
                run_start = i + width;
            }
            Fold::Expand => {
                flush(out, sink, run_start, i);
                if is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes {
                    for e in std::iter::once(c).nfkc() {
                        if level == NormLevel::Search && e.is_uppercase() {
                            for l in e.to_lowercase() {
                                push_folded(l, i, level, out, sink);
                            }
                        } else {
                            push_folded(e, i, level, out, sink);
                        }
                    }
                } else {
                    for l in c.to_lowercase() {
                        push_folded(l, i, level, out, sink);
                    }
                }
                run_start = i + width;
            }
        }
        i += width;
    }
    flush(out, sink, run_start, bytes.len());
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};
    use proptest::prelude::*;

    /// Renders the view and, for each view char, the source text it maps to.
    fn check(level: NormLevel, source: &str, expected: Expect) {
        let view = NormalizedView::new(source, level);
        let mut rendered = format!("{}\n", view.as_str());
        for (i, c) in view.as_str().char_indices() {
            let r = view.source_range(i, i + c.len_utf8());
            rendered.push_str(&format!("{c:?} <- {:?}\n", r.slice(source)));
        }
        expected.assert_eq(&rendered);
        assert_eq!(normalize(source, level), view.as_str());
    }

    fn check_text(level: NormLevel, source: &str, expected: &str) {
        assert_eq!(normalize(source, level), expected, "normalising {source:?} at {level:?}");
    }

    #[test]
    fn display_level() {
        check_text(NormLevel::Display, "مُحَمَّد", "محمد");
        check_text(NormLevel::Display, "العـــراق", "العراق");
        check_text(NormLevel::Display, "٣١/١٢/٢٠٢٥", "31/12/2025");
        check_text(NormLevel::Display, "۱۴۰۴", "1404");
        check_text(NormLevel::Display, "٣٫٥٪", "3.5%");
        check_text(NormLevel::Display, "١٬٥٠٠", "1,500");
        check_text(NormLevel::Display, "أ\u{00A0}ب", "أ ب");
        check_text(NormLevel::Display, "\u{200F}قال\u{200E}", "قال");
        check_text(NormLevel::Display, "\u{FEFF}نص\u{2067}x\u{2069}", "نصx");
        check_text(NormLevel::Display, "ﻻ", "لا");
        check_text(NormLevel::Display, "ﺍﻟﻌﺮﺍﻕ", "العراق");
        check_text(NormLevel::Display, "ﷲ", "الله");
        check_text(NormLevel::Display, "Ｉｒａｑ ﬁle", "Iraq file");
        check_text(NormLevel::Display, "إلى آخر ة ى", "إلى آخر ة ى");
        check_text(NormLevel::Display, "بِسْمِ ٱللَّهِ", "بسم ٱلله");
        check_text(NormLevel::Display, "Iraq", "Iraq");
    }

    #[test]
    fn search_level() {
        check_text(NormLevel::Search, "إلى آخر أحمد ٱلله", "الي اخر احمد الله");
        check_text(NormLevel::Search, "فاطمة بنى", "فاطمه بني");
        check_text(NormLevel::Search, "مسؤول مسئول", "مسؤول مسئول");
        check_text(NormLevel::Search, "Iraq ÉTAT", "iraq état");
        check_text(NormLevel::Search, "ﺃﻣﺮﻳﻜﺎ", "امريكا");
        check_text(NormLevel::Search, "کردستانی", "كردستاني");
        check_text(NormLevel::Search, "Ｉｒａｑ", "iraq");
    }

    #[test]
    fn offsets_back_to_source() {
        check(
            NormLevel::Search,
            "أَحمـد ﻻ ٣",
            expect![[r#"
                احمد لا 3
                'ا' <- "أ\u{64e}"
                'ح' <- "ح"
                'م' <- "مـ"
                'د' <- "د"
                ' ' <- " "
                'ل' <- "ﻻ"
                'ا' <- "ﻻ"
                ' ' <- " "
                '3' <- "٣"
            "#]],
        );
    }

    #[test]
    fn view_offsets_from_source() {
        let source = "وَالعِراقُ بلد";
        let view = NormalizedView::new(source, NormLevel::Display);
        let word = TextRange::new(0, source.find(' ').unwrap());
        let r = view.view_range(word);
        assert_eq!(&view.as_str()[r.clone()], "والعراق");
        assert_eq!(view.source_range(r.start, r.end), word);
    }

    proptest! {
        #[test]
        fn view_ranges_map_to_char_boundaries(
            source in "[\\u{0600}-\\u{06FF}\\u{FB50}-\\u{FDFF}\\u{FE70}-\\u{FEFF}\\u{200B}-\\u{200F}a-zA-Z0-9 \\u{00A0}\\u{FB00}-\\u{FB06}]{0,40}",
            cut_a in 0usize..200,
            cut_b in 0usize..200,
            search in any::<bool>(),
        ) {
            let level = if search { NormLevel::Search } else { NormLevel::Display };
            let view = NormalizedView::new(&source, level);
            prop_assert_eq!(view.map.len(), view.len() + 1);
            prop_assert!(view.map.windows(2).all(|w| w[0] <= w[1]));
            let (a, b) = (cut_a % (view.len() + 1), cut_b % (view.len() + 1));
            let (a, b) = (a.min(b), a.max(b));
            let r = view.source_range(a, b);
            prop_assert!(r.start <= r.end);
            prop_assert!(source.is_char_boundary(r.start()));
            prop_assert!(source.is_char_boundary(r.end()));
            // Every view byte in [a, b) was produced by a char inside r.
            for i in a..b {
                let produced_by = view.source_offset(i);
                prop_assert!(r.start() <= produced_by && produced_by < r.end());
            }
            // Normalising the covered source again gives back the view slice
            // whenever the cut was on whole chars' output.
            if view.as_str().is_char_boundary(a) && view.as_str().is_char_boundary(b)
                && (a == 0 || view.source_offset(a) != view.source_offset(a - 1))
                && (b == 0 || b == view.len() || view.source_offset(b) != view.source_offset(b - 1))
            {
                prop_assert_eq!(normalize(r.slice(&source), level), &view.as_str()[a..b]);
            }
        }

        #[test]
        fn normalize_is_idempotent(source in "\\PC{0,30}", search in any::<bool>()) {
            let level = if search { NormLevel::Search } else { NormLevel::Display };
            let once = normalize(&source, level);
            prop_assert_eq!(normalize(&once, level), once.clone());
        }
    }
}
