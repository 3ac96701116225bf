//! Readers that turn raw inputs into articles.
//!
//! Marsad reads five kinds of input, each into [`Article`]s:
//!
//! - **dated plain text**: optional leading whitespace, `date YYYY-MM-DD`,
//!   whitespace, then the body (the reference article's format); a file
//!   without the header is one article with no date;
//! - **JSONL**: one JSON object per line, fields found through a [`FieldMap`]
//!   whose defaults read both news corpora Marsad is evaluated on; read line
//!   by line, so a large file is never held in memory whole;
//! - **HTML pages**: the main text with the boilerplate removed, title, date
//!   and canonical URL from the page's metadata;
//! - **RSS 2.0 and Atom feeds**: one article per item.
//!
//! This is an edge crate: it does file I/O. It never panics on odd input:
//! every problem becomes an [`IngestError`] naming the input, the line, item
//! or byte, and the reason, and reading goes on with the next record.
//!
//! Article text is kept as the input has it: `\r\n` stays `\r\n`, nothing is
//! normalised, because every later span is a byte range into it. For plain
//! text files the body is a verbatim slice of the file (see
//! [`Article::input`] for where it starts).

mod date;
mod error;
mod feed;
mod html;
mod input;
mod jsonl;
mod text;

use chrono::NaiveDate;
use std::path::Path;

pub use date::parse_date_as_written;
pub use error::{ErrorKind, IngestError, InputPos};
pub use input::{detect_format, discover, ARTICLE_EXTENSIONS};
pub use jsonl::JsonlReader;

/// One article read from an input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    /// The input's own id (JSONL id field, feed guid) or one derived from the
    /// file: its stem, `<stem>:<line>` for JSONL, `<stem>:item<N>` for feeds.
    pub id: String,
    /// The outlet when the input names one (JSONL source field, the page's
    /// `og:site_name`, the feed's title), else the input path.
    pub source: String,
    /// The outlet, only when the input names one: `source` without the
    /// input-path fallback. A claim stated as fact is the outlet's claim;
    /// an input path is nobody's.
    pub outlet: Option<String>,
    /// The publication date as written (no time-zone conversion), else
    /// [`ReadOptions::default_date`].
    pub date: Option<NaiveDate>,
    /// The headline, whitespace collapsed.
    pub title: Option<String>,
    /// The article's URL (JSONL url field, canonical link, feed item link).
    pub url: Option<String>,
    /// The article body. Verbatim for plain text and JSONL; for HTML and
    /// feeds, the extracted text with paragraphs separated by blank lines.
    pub text: String,
    /// Where the article was read from. For plain text, `byte` is the offset
    /// of `text` in the file, so `file[byte..byte + text.len()] == text`.
    pub input: InputPos,
    /// Things that were odd but not fatal, such as a date that could not be
    /// read; the article is still usable.
    pub warnings: Vec<String>,
}

impl Article {
    /// What the annotator is told about the article besides its text.
    pub fn meta(&self) -> marsad_core::DocMeta {
        marsad_core::DocMeta {
            id: self.id.clone(),
            source: self.source.clone(),
            outlet: self.outlet.clone(),
            date: self.date,
            title: self.title.clone(),
            url: self.url.clone(),
        }
    }
}

/// The kind of an input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// By file extension, else by sniffing the first bytes.
    #[default]
    Auto,
    /// `date YYYY-MM-DD` header (optional) and the body.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// An HTML page.
    Html,
    /// An RSS 2.0 (or 1.0) or Atom feed.
    Feed,
}

impl Format {
    /// Lower-case name, as the CLI spells it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Text => "text",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Feed => "feed",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Format::Auto),
            "text" | "txt" => Ok(Format::Text),
            "jsonl" | "ndjson" | "json" => Ok(Format::Jsonl),
            "html" | "htm" => Ok(Format::Html),
            "feed" | "rss" | "atom" | "xml" => Ok(Format::Feed),
            other => {
                Err(format!("unknown input format {other:?} (expected auto, text, jsonl, html or feed)"))
            }
        }
    }
}

/// Which JSON keys hold which article field, each an ordered list of
/// candidates: the first present, non-empty one wins. A key may be a dotted
/// path into nested objects (`meta.published`).
///
/// The defaults read the ANT corpus (`docno`, `src`, `title`, `time`, `text`)
/// and SaudiNewsNet (`source`, `date_extracted`, `title`, `content`) as well
/// as common scraper outputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMap {
    /// The article body.
    pub text: Vec<String>,
    /// The headline.
    pub title: Vec<String>,
    /// The publication date (any format [`parse_date_as_written`] reads).
    pub date: Vec<String>,
    /// The article's URL.
    pub url: Vec<String>,
    /// The outlet.
    pub source: Vec<String>,
    /// A stable id.
    pub id: Vec<String>,
}

/// The field names [`FieldMap::set`] accepts.
pub const FIELD_KEYS: [&str; 6] = ["text", "title", "date", "url", "source", "id"];

impl FieldMap {
    /// Replaces the candidate keys of one field, named as in [`FIELD_KEYS`];
    /// an empty list keeps the default. Fails on an unknown field name.
    pub fn set(&mut self, field: &str, names: Vec<String>) -> Result<(), String> {
        let slot = match field {
            "text" => &mut self.text,
            "title" => &mut self.title,
            "date" => &mut self.date,
            "url" => &mut self.url,
            "source" => &mut self.source,
            "id" => &mut self.id,
            other => {
                return Err(format!("unknown field `{other}` (expected one of {})", FIELD_KEYS.join(", ")))
            }
        };
        if !names.is_empty() {
            *slot = names;
        }
        Ok(())
    }
}

fn keys(list: &[&str]) -> Vec<String> {
    list.iter().map(|k| k.to_string()).collect()
}

impl Default for FieldMap {
    fn default() -> FieldMap {
        FieldMap {
            text: keys(&["text", "content", "body", "article", "maintext"]),
            title: keys(&["title", "headline"]),
            date: keys(&[
                "date_published",
                "published",
                "pubDate",
                "date",
                "time",
                "datetime",
                "date_extracted",
            ]),
            url: keys(&["url", "link"]),
            source: keys(&["source", "src", "outlet", "site"]),
            id: keys(&["id", "docno", "doc_id", "guid"]),
        }
    }
}

/// How to read inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// The input format; [`Format::Auto`] decides per file.
    pub format: Format,
    /// Largest article text accepted, in bytes (default 5 MB). A larger one
    /// is reported, with its size and the limit, and skipped.
    pub max_article_bytes: usize,
    /// Largest whole file read for the formats that are parsed in one piece
    /// (text, HTML, feeds), in bytes (default 64 MiB). JSONL is streamed and
    /// limited per line instead.
    pub max_file_bytes: u64,
    /// The date given to articles whose input has none (or an unreadable one).
    pub default_date: Option<NaiveDate>,
    /// Where JSONL fields are.
    pub fields: FieldMap,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            format: Format::Auto,
            max_article_bytes: 5_000_000,
            max_file_bytes: 64 << 20,
            default_date: None,
            fields: FieldMap::default(),
        }
    }
}

/// Reads one file (or standard input when the path is `-`).
///
/// JSONL is read line by line as the iterator is advanced; the other formats
/// are read whole and parsed when this is called. Errors (including I/O ones)
/// come out of the iterator, each naming the input and position; the
/// iterator goes on after them.
pub fn read_file(path: &Path, opts: &ReadOptions) -> ArticleReader {
    input::read_path(path, opts)
}

/// Reads an input already in memory. `name` is used for positions in errors,
/// the derived ids (its file stem) and format detection by extension.
pub fn read_bytes(name: &str, bytes: &[u8], opts: &ReadOptions) -> Vec<Result<Article, IngestError>> {
    let format = match opts.format {
        Format::Auto => detect_format(name, bytes),
        f => f,
    };
    match format {
        Format::Jsonl => JsonlReader::new(name, Box::new(bytes), opts.clone()).collect(),
        other => input::parse_whole(name, bytes, other, opts),
    }
}

/// The articles (and errors) of one input, in input order.
pub struct ArticleReader {
    inner: ReaderKind,
}

enum ReaderKind {
    Jsonl(Box<JsonlReader<'static>>),
    Parsed(std::vec::IntoIter<Result<Article, IngestError>>),
}

impl ArticleReader {
    fn parsed(results: Vec<Result<Article, IngestError>>) -> ArticleReader {
        ArticleReader { inner: ReaderKind::Parsed(results.into_iter()) }
    }

    fn jsonl(reader: JsonlReader<'static>) -> ArticleReader {
        ArticleReader { inner: ReaderKind::Jsonl(Box::new(reader)) }
    }
}

impl Iterator for ArticleReader {
    type Item = Result<Article, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            ReaderKind::Jsonl(r) => r.next(),
            ReaderKind::Parsed(it) => it.next(),
        }
    }
}

/// The stem used to derive ids: the file name without its extension.
fn file_stem(name: &str) -> String {
    if name == "-" {
        return "stdin".to_string();
    }
    Path::new(name).file_stem().map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned())
}
