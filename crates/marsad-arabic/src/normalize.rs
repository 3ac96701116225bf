//! Normalised views with offset maps. (Placeholder API: being implemented.)
use marsad_core::TextRange;

/// How far normalisation goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NormLevel {
    /// For showing and for case-faithful matching: NFKC of presentation
    /// forms, tatweel, harakat, Quranic marks, zero-width and bidi controls
    /// removed, Arabic-Indic and Persian digits to ASCII.
    Display,
    /// For matching keys and search: Display plus alef variants to ا, ى to ي,
    /// ة to ه, ؤ/ئ folding as documented.
    Search,
}

/// A normalised copy of a source text with a map from every byte of the view
/// back to the source.
#[derive(Clone, Debug)]
pub struct NormalizedView {
    text: String,
    /// `map[i]` is the source byte offset of view byte `i`; `map[len]` is the
    /// source length.
    map: Vec<u32>,
}

impl NormalizedView {
    pub fn new(source: &str, _level: NormLevel) -> NormalizedView {
        let mut map: Vec<u32> = (0..source.len() as u32).collect();
        map.push(source.len() as u32);
        NormalizedView { text: source.to_string(), map }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The source byte offset of view byte offset `at`.
    pub fn source_offset(&self, at: usize) -> usize {
        self.map[at] as usize
    }

    /// The source range a view range covers.
    pub fn source_range(&self, start: usize, end: usize) -> TextRange {
        TextRange::new(self.source_offset(start), self.source_offset(end))
    }
}

/// The normalised form of a short string (a key for lexicons and indexes).
pub fn normalize(s: &str, level: NormLevel) -> String {
    NormalizedView::new(s, level).text
}
