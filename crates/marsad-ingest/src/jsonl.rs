//! JSONL: one article per line, read as a stream.

use crate::input::{binary_data, invalid_utf8};
use crate::{
    file_stem, parse_date_as_written, Article, ErrorKind, FieldMap, IngestError, InputPos, ReadOptions,
};
use serde_json::{Map, Value};
use std::io::BufRead;

/// Reads JSONL one line at a time: each non-blank line is an article or an
/// error naming its line, and a bad line never stops the reader.
///
/// Lines longer than eight times [`ReadOptions::max_article_bytes`] (JSON
/// escapes can triple the size of Arabic text) are skipped unread and
/// reported, so one runaway line cannot exhaust memory.
pub struct JsonlReader<'a> {
    name: String,
    stem: String,
    reader: Box<dyn BufRead + Send + 'a>,
    opts: ReadOptions,
    line_no: u64,
    /// File offset of the next line.
    offset: u64,
    line: Vec<u8>,
    /// Non-blank lines seen: none at the end means the input was empty.
    records: u64,
    done: bool,
}

impl<'a> JsonlReader<'a> {
    /// A reader of the input called `name` (a path or `-`).
    pub fn new(name: &str, reader: Box<dyn BufRead + Send + 'a>, opts: ReadOptions) -> JsonlReader<'a> {
        JsonlReader {
            name: name.to_string(),
            stem: file_stem(name),
            reader,
            opts,
            line_no: 0,
            offset: 0,
            line: Vec::new(),
            records: 0,
            done: false,
        }
    }

    fn max_line_bytes(&self) -> usize {
        self.opts.max_article_bytes.saturating_mul(8).saturating_add(1 << 16)
    }

    /// Reads the next line into `self.line` (without its `\n`). Returns the
    /// line's full length in the file, or `None` at the end of input; a line
    /// over the cap is consumed but only its first `cap + 1` bytes are kept.
    fn read_line(&mut self) -> std::io::Result<Option<usize>> {
        self.line.clear();
        let cap = self.max_line_bytes();
        let mut total = 0usize;
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok((total > 0).then_some(total));
            }
            let (chunk, used, ends) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], i + 1, true),
                None => (buf, buf.len(), false),
            };
            if self.line.len() <= cap {
                let room = cap + 1 - self.line.len();
                self.line.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            total += used;
            self.reader.consume(used);
            if ends {
                return Ok(Some(total));
            }
        }
    }

    fn pos(&self) -> InputPos {
        InputPos::file(&self.name).with_line(self.line_no)
    }
}

impl Iterator for JsonlReader<'_> {
    type Item = Result<Article, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let start = self.offset;
            let len = match self.read_line() {
                Ok(Some(len)) => len,
                Ok(None) => {
                    self.done = true;
                    if self.records == 0 {
                        return Some(Err(IngestError::new(
                            InputPos::file(&self.name),
                            ErrorKind::Empty,
                            "input is empty",
                        )));
                    }
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    let pos = InputPos::file(&self.name).with_line(self.line_no + 1);
                    return Some(Err(IngestError::new(pos, ErrorKind::Io, e.to_string())));
                }
            };
            self.line_no += 1;
            self.offset += len as u64;
            let mut bytes: &[u8] = &self.line;
            let mut line_start = start;
            if self.line_no == 1 {
                // A binary file would otherwise give one error per "line".
                if let Some(problem) = binary_data(bytes) {
                    self.done = true;
                    return Some(Err(IngestError::new(
                        InputPos::file(&self.name),
                        ErrorKind::Binary,
                        problem,
                    )));
                }
                if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                    bytes = rest;
                    line_start += 3;
                }
            }
            if bytes.len() > self.max_line_bytes() {
                self.records += 1;
                return Some(Err(IngestError::new(
                    self.pos(),
                    ErrorKind::TooLarge,
                    format!(
                        "line is {len} bytes, over the limit of {} bytes for a line (8 x max article size)",
                        self.max_line_bytes()
                    ),
                )));
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.records += 1;
            let pos = self.pos().with_byte(line_start);
            return Some(parse_line(bytes, pos, &self.stem, &self.name, &self.opts));
        }
        None
    }
}

/// Parses one non-blank JSONL line whose first byte is at `pos`.
fn parse_line(
    bytes: &[u8],
    pos: InputPos,
    stem: &str,
    name: &str,
    opts: &ReadOptions,
) -> Result<Article, IngestError> {
    let line_start = pos.byte.unwrap_or(0);
    let line_no = pos.line.unwrap_or(0);
    let at_line = InputPos { byte: None, ..pos.clone() };
    let line = match std::str::from_utf8(bytes) {
        Ok(line) => line,
        Err(e) => {
            let at = line_start as usize + e.valid_up_to();
            return Err(invalid_utf8(at_line, at, &bytes[e.valid_up_to()..]));
        }
    };
    let value: Value = serde_json::from_str(line).map_err(|e| {
        let full = e.to_string();
        let reason = full.split(" at line ").next().unwrap_or(&full);
        let what = if e.is_eof() { "truncated JSON" } else { "invalid JSON" };
        IngestError::new(
            at_line.clone(),
            ErrorKind::InvalidJson,
            format!("{what} at column {}: {reason}", e.column()),
        )
    })?;
    let Value::Object(object) = value else {
        return Err(IngestError::new(
            at_line,
            ErrorKind::NotAnObject,
            format!("expected a JSON object, found {}", kind_of(&value)),
        ));
    };
    let fields = &opts.fields;
    let text = article_text(&object, fields, &at_line)?;
    if text.len() > opts.max_article_bytes {
        return Err(IngestError::new(
            at_line,
            ErrorKind::TooLarge,
            format!(
                "article text is {} bytes, over the limit of {} bytes",
                text.len(),
                opts.max_article_bytes
            ),
        ));
    }
    let mut warnings = Vec::new();
    let date = match first_string(&object, &fields.date) {
        Some((key, raw)) => match parse_date_as_written(&raw) {
            Some(date) => Some(date),
            None => {
                warnings.push(format!("unreadable date {raw:?} in field {key:?}"));
                opts.default_date
            }
        },
        None => opts.default_date,
    };
    Ok(Article {
        id: first_string(&object, &fields.id).map_or_else(|| format!("{stem}:{line_no}"), |(_, v)| v),
        outlet: first_string(&object, &fields.source).map(|(_, v)| v),
        source: first_string(&object, &fields.source).map_or_else(|| name.to_string(), |(_, v)| v),
        date,
        title: first_string(&object, &fields.title).map(|(_, v)| collapse_whitespace(&v)),
        url: first_string(&object, &fields.url).map(|(_, v)| v.trim().to_string()),
        text: text.to_string(),
        input: pos,
        warnings,
    })
}

/// The first text field that holds a non-blank string, verbatim.
fn article_text<'v>(
    object: &'v Map<String, Value>,
    fields: &FieldMap,
    at: &InputPos,
) -> Result<&'v str, IngestError> {
    let mut present = None;
    for key in &fields.text {
        if let Some(value) = lookup(object, key) {
            match value {
                Value::String(s) if !s.trim().is_empty() => return Ok(s),
                _ => present = present.or(Some((key, value))),
            }
        }
    }
    match present {
        Some((key, Value::String(_))) => {
            Err(IngestError::new(at.clone(), ErrorKind::EmptyText, format!("text field {key:?} is empty")))
        }
        Some((key, value)) => Err(IngestError::new(
            at.clone(),
            ErrorKind::EmptyText,
            format!("text field {key:?} is {}, not a string", kind_of(value)),
        )),
        None => Err(IngestError::new(
            at.clone(),
            ErrorKind::MissingText,
            format!("no text field (looked for {})", fields.text.join(", ")),
        )),
    }
}

/// The first of `keys` present with a non-blank string (or number) value.
fn first_string(object: &Map<String, Value>, keys: &[String]) -> Option<(String, String)> {
    keys.iter().find_map(|key| {
        let value = match lookup(object, key)? {
            Value::String(s) if !s.trim().is_empty() => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        Some((key.clone(), value))
    })
}

/// `key` itself, else `key` as a dotted path into nested objects.
fn lookup<'v>(object: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    if let Some(v) = object.get(key) {
        return Some(v);
    }
    if !key.contains('.') {
        return None;
    }
    let mut parts = key.split('.');
    let mut current = object.get(parts.next()?)?;
    for part in parts {
        current = current.as_object()?.get(part)?;
    }
    Some(current)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whitespace runs as one space, trimmed: for titles, never for text.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
