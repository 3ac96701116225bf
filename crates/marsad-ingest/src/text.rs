//! Dated plain text: `date YYYY-MM-DD`, whitespace, then the body.

use crate::date::arabic_digit;
use crate::{file_stem, parse_date_as_written, Article, ErrorKind, IngestError, InputPos, ReadOptions};

/// What the header of a plain-text article said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TextHeader<'a> {
    /// The date word as written, if there was a header.
    pub date_word: Option<&'a str>,
    /// Byte offset of the body in `content`.
    pub body_start: usize,
}

/// Splits off the optional `date YYYY-MM-DD` header.
///
/// The header is: optional whitespace, the word `date` (any case, optionally
/// followed by `:`), whitespace or `:`, then a word starting with a digit
/// (ASCII or Arabic-Indic).
/// The body starts after the whitespace that follows. Anything else means
/// there is no header, and the body starts after the leading whitespace.
pub(crate) fn split_header(content: &str) -> TextHeader<'_> {
    let lead = content.len() - content.trim_start().len();
    let rest = &content[lead..];
    let no_header = TextHeader { date_word: None, body_start: lead };
    let Some(keyword) = rest.get(..4) else {
        return no_header;
    };
    if !keyword.eq_ignore_ascii_case("date") {
        return no_header;
    }
    let after_keyword = &rest[4..];
    let value = after_keyword.trim_start_matches([':', ' ', '\t']);
    let starts_with_digit =
        value.chars().next().is_some_and(|c| c.is_ascii_digit() || arabic_digit(c).is_some());
    if value.len() == after_keyword.len() || !starts_with_digit {
        return no_header;
    }
    let word_len = value.find(char::is_whitespace).unwrap_or(value.len());
    let word = &value[..word_len];
    let after_word = &value[word_len..];
    let body = after_word.trim_start();
    TextHeader { date_word: Some(word), body_start: content.len() - body.len() }
}

/// Reads one dated plain-text article. `content` is the file without its BOM,
/// which was `bom_len` bytes long.
pub(crate) fn parse_text(
    name: &str,
    content: &str,
    bom_len: usize,
    opts: &ReadOptions,
) -> Result<Article, IngestError> {
    let header = split_header(content);
    let body = content[header.body_start..].trim_end();
    let at = InputPos::file(name).with_byte((bom_len + header.body_start) as u64);
    if body.is_empty() {
        let reason = if header.date_word.is_some() {
            "no article body after the date header"
        } else {
            "input is empty"
        };
        return Err(IngestError::new(InputPos::file(name), ErrorKind::Empty, reason));
    }
    if body.len() > opts.max_article_bytes {
        return Err(IngestError::new(
            at,
            ErrorKind::TooLarge,
            format!(
                "article text is {} bytes, over the limit of {} bytes",
                body.len(),
                opts.max_article_bytes
            ),
        ));
    }
    let mut warnings = Vec::new();
    let date = match header.date_word {
        Some(word) => parse_date_as_written(word).or_else(|| {
            warnings.push(format!("unreadable date {word:?} in the date header"));
            opts.default_date
        }),
        None => opts.default_date,
    };
    Ok(Article {
        id: file_stem(name),
        source: name.to_string(),
        outlet: None,
        date,
        title: None,
        url: None,
        text: body.to_string(),
        input: at,
        warnings,
    })
}
