use std::fmt;

/// Where in the input something is: the file (or `-` for standard input)
/// and, where known, the line, the feed item and the byte offset.
///
/// Displays like `news.jsonl:17`, `feed.xml item 3`, `a.txt byte 1042` or
/// `news.jsonl:17 byte 52311`. Lines and items count from 1; bytes are
/// offsets from the start of the file, counting from 0.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InputPos {
    /// The file path as given, or `-` for standard input.
    pub input: String,
    /// 1-based line number (JSONL).
    pub line: Option<u64>,
    /// 1-based item number within a feed.
    pub item: Option<u64>,
    /// Byte offset from the start of the file.
    pub byte: Option<u64>,
}

impl InputPos {
    /// A position naming only the input.
    pub fn file(input: impl Into<String>) -> InputPos {
        InputPos { input: input.into(), ..InputPos::default() }
    }

    /// The same input at a 1-based line.
    pub fn with_line(mut self, line: u64) -> InputPos {
        self.line = Some(line);
        self
    }

    /// The same input at a 1-based feed item.
    pub fn with_item(mut self, item: u64) -> InputPos {
        self.item = Some(item);
        self
    }

    /// The same input at a byte offset.
    pub fn with_byte(mut self, byte: u64) -> InputPos {
        self.byte = Some(byte);
        self
    }
}

impl fmt::Display for InputPos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.input)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(item) = self.item {
            write!(f, " item {item}")?;
        }
        if let Some(byte) = self.byte {
            write!(f, " byte {byte}")?;
        }
        Ok(())
    }
}

/// What went wrong with one input or one record of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorKind {
    /// The file or directory could not be read.
    Io,
    /// The bytes are not UTF-8 (the position names the first bad byte).
    InvalidUtf8,
    /// NUL bytes or mostly control characters: not a text format.
    Binary,
    /// The input, or the article body in it, is empty.
    Empty,
    /// An article (or a whole input) is larger than the configured limit.
    TooLarge,
    /// A JSONL line is not valid JSON (or is truncated).
    InvalidJson,
    /// A JSONL line is valid JSON but not an object.
    NotAnObject,
    /// A JSONL object has none of the configured text fields.
    MissingText,
    /// A JSONL object's text field is empty or not a string.
    EmptyText,
    /// An HTML page or a feed item has no text that could be extracted.
    NoArticleText,
    /// HTML nested deeper than any article page (see `MAX_NESTING`):
    /// refused because parsing it would take very long.
    TooDeeplyNested,
    /// A feed is not well-formed XML, or is neither RSS nor Atom.
    MalformedFeed,
}

impl ErrorKind {
    /// A short stable name, for reports and tests.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::InvalidUtf8 => "invalid-utf8",
            ErrorKind::Binary => "binary",
            ErrorKind::Empty => "empty",
            ErrorKind::TooLarge => "too-large",
            ErrorKind::InvalidJson => "invalid-json",
            ErrorKind::NotAnObject => "not-an-object",
            ErrorKind::MissingText => "missing-text",
            ErrorKind::EmptyText => "empty-text",
            ErrorKind::NoArticleText => "no-article-text",
            ErrorKind::TooDeeplyNested => "too-deeply-nested",
            ErrorKind::MalformedFeed => "malformed-feed",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One input, or one record of it, that could not be read as an article.
///
/// Displays as `<position>: <reason>`, e.g.
/// `news.jsonl:17: invalid JSON at column 12: EOF while parsing a string`.
/// Readers report it and go on with the next record.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {message}")]
pub struct IngestError {
    /// Where the problem is.
    pub at: InputPos,
    /// What kind of problem it is.
    pub kind: ErrorKind,
    /// The reason, for people.
    pub message: String,
}

impl IngestError {
    /// An error of `kind` at `at`.
    pub fn new(at: InputPos, kind: ErrorKind, message: impl Into<String>) -> IngestError {
        IngestError { at, kind, message: message.into() }
    }
}
