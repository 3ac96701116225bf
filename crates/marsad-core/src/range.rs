use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// Half-open UTF-8 byte range into a document's source text.
///
/// Both ends always lie on `char` boundaries of the text the range was made
/// for; constructors that take arbitrary offsets are the caller's promise.
/// `u32` keeps spans small: an article is capped far below 4 GiB by ingest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    /// A range from `start` to `end` (byte offsets, `start <= end`).
    #[inline]
    pub fn new(start: usize, end: usize) -> TextRange {
        debug_assert!(start <= end, "range start {start} after end {end}");
        TextRange { start: start as u32, end: end as u32 }
    }

    /// The empty range at `at`.
    #[inline]
    pub fn empty(at: usize) -> TextRange {
        TextRange::new(at, at)
    }

    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    #[inline]
    pub fn start(self) -> usize {
        self.start as usize
    }

    #[inline]
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// True when `other` lies entirely inside `self`.
    #[inline]
    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two ranges share at least one byte.
    #[inline]
    pub fn overlaps(self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest range covering both.
    #[inline]
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The slice of `text` this range covers.
    ///
    /// Panics if the range is out of bounds or not on char boundaries, which
    /// is a bug in whoever built the range, never a property of the input.
    #[inline]
    pub fn slice(self, text: &str) -> &str {
        &text[self.start()..self.end()]
    }

    /// `Range<usize>` for indexing.
    #[inline]
    pub fn as_range(self) -> Range<usize> {
        self.start()..self.end()
    }
}

impl From<Range<usize>> for TextRange {
    fn from(r: Range<usize>) -> TextRange {
        TextRange::new(r.start, r.end)
    }
}

impl fmt::Display for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_basics() {
        let a = TextRange::new(2, 5);
        let b = TextRange::new(4, 9);
        assert!(a.overlaps(b));
        assert!(!a.overlaps(TextRange::new(5, 6)));
        assert_eq!(a.cover(b), TextRange::new(2, 9));
        assert!(a.cover(b).contains_range(a));
        assert_eq!(TextRange::new(0, 4).slice("والعراق"), "وا");
        assert_eq!(a.to_string(), "2..5");
    }
}
