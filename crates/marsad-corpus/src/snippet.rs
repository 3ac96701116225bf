//! Highlights and snippets, computed on the stored verbatim text.
//!
//! The text is analysed again with the same analyzer as the index, so a
//! highlight is a whole token whose lemma or exact form the query asked for
//! (`والانسحاب` for the query `انسحاب`), in code points of the original.

use crate::analyzer::{analyze, AnalyzedWord};
use crate::query::ParsedText;
use marsad_core::CharOffsets;
use std::collections::BTreeSet;

/// Longest snippet, in code points; longer sentences are cut around their
/// first highlight.
const MAX_SNIPPET_CHARS: usize = 320;
/// Context kept before the first highlight when a sentence is cut.
const LEAD_CHARS: usize = 80;

/// A document's highlights and its best snippet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlighted {
    /// Byte ranges of the highlighted passages, sorted, not overlapping.
    pub byte_ranges: Vec<(usize, usize)>,
    /// Code point ranges of the same passages.
    pub highlights: Vec<(u32, u32)>,
    /// The snippet's code point range in the text.
    pub snippet: (u32, u32),
    pub snippet_text: String,
}

fn matches_word(doc: &AnalyzedWord, query: &AnalyzedWord) -> bool {
    doc.lemma == query.lemma || (query.exact.is_some() && doc.exact == query.exact)
}

/// Byte ranges in `words` (a text's analysis) that the query matches.
fn match_ranges(words: &[AnalyzedWord], parsed: &ParsedText) -> Vec<(usize, usize)> {
    let lemmas: BTreeSet<&str> = parsed.words.iter().map(|w| w.lemma.as_str()).collect();
    let mut ranges = Vec::new();
    for w in words {
        if lemmas.contains(w.lemma.as_str()) || parsed.words.iter().any(|q| matches_word(w, q)) {
            ranges.push((w.start, w.end));
        }
    }
    for phrase in &parsed.phrases {
        if phrase.is_empty() || phrase.len() > words.len() {
            continue;
        }
        for window in words.windows(phrase.len()) {
            if window.iter().zip(phrase).all(|(d, q)| d.lemma == q.lemma) {
                ranges.push((window[0].start, window[window.len() - 1].end));
            }
        }
    }
    ranges.sort_unstable();
    // Merge overlaps (a phrase word also asked for on its own).
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Highlights `text` for the query and picks the sentence with the most
/// highlights (the first sentence when nothing matches).
pub fn highlight(text: &str, parsed: &ParsedText) -> Highlighted {
    let words = if parsed.is_empty() { Vec::new() } else { analyze(text) };
    let byte_ranges = match_ranges(&words, parsed);
    let offsets = CharOffsets::new(text);
    let cp = |b: usize| offsets.char_index(b as u32);
    let highlights = byte_ranges.iter().map(|&(s, e)| (cp(s), cp(e))).collect();

    let sentences = marsad_arabic::sentences::split_sentences(text);
    let mut best: Option<(usize, usize, usize)> = None; // (count, start, end)
    for s in &sentences {
        let (start, end) = (s.range.start(), s.range.end());
        let count = byte_ranges.iter().filter(|&&(hs, he)| hs >= start && he <= end).count();
        if best.is_none_or(|(c, _, _)| count > c) {
            best = Some((count, start, end));
        }
    }
    let (_, mut start, mut end) = best.unwrap_or((0, 0, text.len()));
    // Cut long sentences around the first highlight they hold.
    let char_len = text[start..end].chars().count();
    if char_len > MAX_SNIPPET_CHARS {
        let first = byte_ranges.iter().find(|&&(hs, _)| hs >= start && hs < end).map_or(start, |r| r.0);
        let lead: Vec<usize> = text[start..first].char_indices().map(|(i, _)| start + i).collect();
        let cut_start = if lead.len() > LEAD_CHARS { lead[lead.len() - LEAD_CHARS] } else { start };
        // Start the cut at a word boundary.
        let cut_start =
            text[cut_start..first].find(char::is_whitespace).map_or(cut_start, |i| cut_start + i + 1);
        let cut_end =
            text[cut_start..end].char_indices().nth(MAX_SNIPPET_CHARS).map_or(end, |(i, _)| cut_start + i);
        let cut_end = match text[cut_start..cut_end].rfind(char::is_whitespace) {
            Some(i) if cut_start + i > first => cut_start + i,
            _ => cut_end,
        };
        start = cut_start.min(first);
        end = cut_end.max(start);
    }
    let snippet_text = text[start..end].trim().to_string();
    // Report the trimmed range.
    let lead_ws = text[start..end].len() - text[start..end].trim_start().len();
    let snippet = (cp(start + lead_ws), cp(start + lead_ws + snippet_text.len()));
    Highlighted { byte_ranges, highlights, snippet, snippet_text }
}
