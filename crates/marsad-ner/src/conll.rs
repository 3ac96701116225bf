//! CoNLL-style files: one token a line with white-space separated columns,
//! the token first and the tag last, a blank line between sentences.

use std::io::{self, Write};

/// A sentence of (token, tag) pairs.
pub type TaggedSentence = Vec<(String, String)>;

/// Why a CoNLL file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConllError {
    /// A non-blank line without a tag column.
    #[error("line {line}: expected `token TAG`, found one column: {text:?}")]
    MissingTag {
        /// 1-based line number.
        line: usize,
        /// The offending line.
        text: String,
    },
    /// A tag that is neither `O` nor `B-…`/`I-…`.
    #[error("line {line}: tag {tag:?} is not O, B-TYPE or I-TYPE")]
    BadTag {
        /// 1-based line number.
        line: usize,
        /// The offending tag.
        tag: String,
    },
}

/// True when `tag` is `O` or a BIO tag with a type.
pub fn is_bio_tag(tag: &str) -> bool {
    tag == "O" || ((tag.starts_with("B-") || tag.starts_with("I-")) && tag.len() > 2)
}

/// Reads sentences of (first column, last column) pairs. Lines starting
/// with `-DOCSTART-` are skipped.
pub fn read_conll(text: &str) -> Result<Vec<TaggedSentence>, ConllError> {
    let mut sentences = Vec::new();
    let mut current = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            continue;
        }
        let mut cols = line.split_whitespace();
        let token = cols.next().unwrap_or_default();
        let Some(tag) = cols.next_back() else {
            return Err(ConllError::MissingTag { line: i + 1, text: line.to_string() });
        };
        if !is_bio_tag(tag) {
            return Err(ConllError::BadTag { line: i + 1, tag: tag.to_string() });
        }
        current.push((token.to_string(), tag.to_string()));
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// Reads sentences as raw lines (columns untouched), for tagging a file
/// and appending a column.
pub fn read_conll_lines(text: &str) -> Vec<Vec<String>> {
    let mut sentences = Vec::new();
    let mut current = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.to_string());
        }
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    sentences
}

/// The token of a raw CoNLL line: its first column.
pub fn line_token(line: &str) -> &str {
    line.split_whitespace().next().unwrap_or("")
}

/// Writes one sentence: each line followed by a space and its predicted
/// tag, then a blank line.
pub fn write_tagged<W: Write>(mut out: W, lines: &[String], tags: &[String]) -> io::Result<()> {
    for (line, tag) in lines.iter().zip(tags) {
        writeln!(out, "{line} {tag}")?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_first_and_last_columns() {
        let text = "-DOCSTART- O\n\nقال O\nالرئيس x O\nبوش NNP B-PERS\n\n\nفي O\n";
        let s = read_conll(text).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0][2], ("بوش".to_string(), "B-PERS".to_string()));
        assert_eq!(s[1], vec![("في".to_string(), "O".to_string())]);
    }

    #[test]
    fn reports_bad_lines() {
        assert_eq!(read_conll("a O\nb\n"), Err(ConllError::MissingTag { line: 2, text: "b".into() }));
        assert_eq!(read_conll("a PERS\n"), Err(ConllError::BadTag { line: 1, tag: "PERS".into() }));
    }

    #[test]
    fn writes_appended_column() {
        let mut out = Vec::new();
        write_tagged(&mut out, &["a O".to_string(), "b".to_string()], &["O".into(), "B-LOC".into()]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a O O\nb B-LOC\n\n");
    }
}
