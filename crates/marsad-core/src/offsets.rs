/// Converts UTF-8 byte offsets of one text into Unicode scalar (code point)
/// offsets, the unit of Marsad's JSON output.
///
/// Built once per document in O(n); each lookup is a binary search over the
/// positions of multi-byte characters, so ASCII-heavy text stays cheap.
#[derive(Debug, Clone)]
pub struct CharOffsets {
    /// For every byte offset that starts a char (plus the end), its char index
    /// is `byte - extra_bytes_before(byte)`; we keep the byte offsets of chars
    /// wider than one byte and the running total of their extra bytes.
    wide_starts: Vec<u32>,
    extra_after: Vec<u32>,
}

impl CharOffsets {
    pub fn new(text: &str) -> CharOffsets {
        let mut wide_starts = Vec::new();
        let mut extra_after = Vec::new();
        let mut extra = 0u32;
        for (i, c) in text.char_indices() {
            let w = c.len_utf8() as u32;
            if w > 1 {
                extra += w - 1;
                wide_starts.push(i as u32);
                extra_after.push(extra);
            }
        }
        CharOffsets { wide_starts, extra_after }
    }

    /// The code point index of byte offset `byte` (which must be a char
    /// boundary of the text this table was built from).
    pub fn char_index(&self, byte: u32) -> u32 {
        // Extra bytes of all wide chars that start strictly before `byte`.
        let n = self.wide_starts.partition_point(|&s| s < byte);
        let extra = if n == 0 { 0 } else { self.extra_after[n - 1] };
        byte - extra
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn matches_char_indices(s in "\\PC{0,40}") {
            let table = CharOffsets::new(&s);
            for (ci, (bi, _)) in s.char_indices().enumerate() {
                prop_assert_eq!(table.char_index(bi as u32) as usize, ci);
            }
            prop_assert_eq!(table.char_index(s.len() as u32) as usize, s.chars().count());
        }
    }
}
