//! Finding inputs, telling their format, and the checks every input gets
//! before a parser sees it (BOM, binary data, UTF-8, size).

use crate::{
    feed, html, text, Article, ArticleReader, ErrorKind, Format, IngestError, InputPos, JsonlReader,
    ReadOptions,
};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many leading bytes sniffing and the binary check look at.
const SNIFF_BYTES: usize = 8192;

/// Expands the paths given on a command line into the files to read.
///
/// Directories are walked recursively; files and directories whose name
/// starts with `.` found inside them are skipped, and so are files whose
/// extension is not an article format ([`ARTICLE_EXTENSIONS`]: a corpus
/// folder's `README.md` or `LICENSE` is no article). A path given explicitly
/// is always kept, whatever its name. Files found in a directory come out sorted by path so that
/// runs are deterministic; explicit paths keep their order. `-` (standard
/// input) is passed through. A path that cannot be read becomes an error and
/// the rest are still discovered.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            files.push(path.clone());
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                let mut visited = std::collections::BTreeSet::new();
                walk(path, &mut found, &mut visited, &mut errors);
                found.sort();
                files.extend(found);
            }
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(io_error(path, &e)),
        }
    }
    (files, errors)
}

fn walk(
    dir: &Path,
    found: &mut Vec<PathBuf>,
    visited: &mut std::collections::BTreeSet<PathBuf>,
    errors: &mut Vec<IngestError>,
) {
    // A symlink back up the tree must not be walked again (and forever).
    if let Ok(real) = std::fs::canonicalize(dir) {
        if !visited.insert(real) {
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(io_error(dir, &e));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(io_error(dir, &e));
                continue;
            }
        };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Follow symlinks: a linked corpus directory is an ordinary input.
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, found, visited, errors),
            Ok(_) if has_article_extension(&path) => found.push(path),
            Ok(_) => {}
            Err(e) => errors.push(io_error(&path, &e)),
        }
    }
}

/// File extensions read when walking a directory (lower case).
pub const ARTICLE_EXTENSIONS: &[&str] =
    &["txt", "text", "jsonl", "ndjson", "json", "jsonlines", "html", "htm", "xhtml", "xml", "rss", "atom"];

fn has_article_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|known| e.eq_ignore_ascii_case(known)))
}

fn io_error(path: &Path, e: &std::io::Error) -> IngestError {
    IngestError::new(InputPos::file(path.display().to_string()), ErrorKind::Io, e.to_string())
}

/// Tells an input's format: by extension first (`.txt`, `.jsonl`, `.ndjson`,
/// `.json`, `.jsonlines`, `.html`, `.htm`, `.xhtml`, `.xml`, `.rss`,
/// `.atom`), else by its first bytes: `{` is JSONL, `<rss`, `<feed` or
/// `<rdf:RDF` a feed, other markup HTML, anything else plain text.
/// Never returns [`Format::Auto`].
pub fn detect_format(name: &str, head: &[u8]) -> Format {
    let ext = Path::new(name).extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("txt" | "text") => return Format::Text,
        Some("jsonl" | "ndjson" | "json" | "jsonlines") => return Format::Jsonl,
        Some("html" | "htm" | "xhtml") => return Format::Html,
        Some("xml" | "rss" | "atom") => return Format::Feed,
        _ => {}
    }
    sniff(head)
}

fn sniff(head: &[u8]) -> Format {
    let head = &head[..head.len().min(SNIFF_BYTES)];
    let head = head.strip_prefix(UTF8_BOM).unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..];
    match head.first() {
        Some(b'{') => Format::Jsonl,
        Some(b'<') => {
            let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
            let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
            if has(b"<html") || has(b"<!doctype html") || has(b"<body") || has(b"<head") {
                Format::Html
            } else if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") || lower.starts_with(b"<?xml") {
                Format::Feed
            } else {
                Format::Html
            }
        }
        _ => Format::Text,
    }
}

/// Opens `path` (or standard input for `-`) and reads it in `opts.format`.
pub(crate) fn read_path(path: &Path, opts: &ReadOptions) -> ArticleReader {
    let name = path.display().to_string();
    let mut reader: Box<dyn BufRead + Send> = if name == "-" {
        Box::new(BufReader::with_capacity(1 << 16, std::io::stdin()))
    } else {
        match File::open(path) {
            Ok(file) => {
                if let Ok(meta) = file.metadata() {
                    if meta.is_dir() {
                        return ArticleReader::parsed(vec![Err(IngestError::new(
                            InputPos::file(name),
                            ErrorKind::Io,
                            "is a directory (use discover to expand it)",
                        ))]);
                    }
                }
                Box::new(BufReader::with_capacity(1 << 16, file))
            }
            Err(e) => return ArticleReader::parsed(vec![Err(io_error(path, &e))]),
        }
    };
    let format = match opts.format {
        Format::Auto => match reader.fill_buf() {
            Ok(head) => detect_format(&name, head),
            Err(e) => return ArticleReader::parsed(vec![Err(io_error(path, &e))]),
        },
        f => f,
    };
    if format == Format::Jsonl {
        return ArticleReader::jsonl(JsonlReader::new(&name, reader, opts.clone()));
    }
    // Read at most one byte over the limit, so an oversize file is reported
    // without being loaded whole.
    let mut bytes = Vec::new();
    if let Err(e) = reader.by_ref().take(opts.max_file_bytes.saturating_add(1)).read_to_end(&mut bytes) {
        return ArticleReader::parsed(vec![Err(io_error(path, &e))]);
    }
    if bytes.len() as u64 > opts.max_file_bytes {
        let size = std::fs::metadata(path).map(|m| m.len()).ok().filter(|_| name != "-");
        let size = size.map_or_else(|| "more than".to_string(), |s| format!("{s} bytes,"));
        return ArticleReader::parsed(vec![Err(IngestError::new(
            InputPos::file(name),
            ErrorKind::TooLarge,
            format!("input is {size} over the limit of {} bytes", opts.max_file_bytes),
        ))]);
    }
    ArticleReader::parsed(parse_whole(&name, &bytes, format, opts))
}

/// Parses an input read whole, in a format other than JSONL.
pub(crate) fn parse_whole(
    name: &str,
    bytes: &[u8],
    format: Format,
    opts: &ReadOptions,
) -> Vec<Result<Article, IngestError>> {
    let (content, bom_len) = match checked_utf8(name, bytes) {
        Ok((content, bom_len)) => (std::borrow::Cow::Borrowed(content), bom_len),
        // Markup declares its encoding; older Arabic sites still serve
        // windows-1256. Their text is extracted, not sliced, so decoding it
        // loses nothing. Plain text and JSONL have no declaration: UTF-8 only.
        Err(e) if e.kind == ErrorKind::InvalidUtf8 && matches!(format, Format::Html | Format::Feed) => {
            match decode_declared(bytes) {
                Some(decoded) => (std::borrow::Cow::Owned(decoded), 0),
                None => return vec![Err(e)],
            }
        }
        Err(e) => return vec![Err(e)],
    };
    match format {
        Format::Text | Format::Auto => vec![text::parse_text(name, &content, bom_len, opts)],
        Format::Jsonl => JsonlReader::new(name, Box::new(bytes), opts.clone()).collect(),
        Format::Html => vec![html::parse_html(name, &content, opts)],
        Format::Feed => feed::parse_feed(name, &content, opts),
    }
}

/// Decodes markup whose first KiB declares a non-UTF-8 encoding
/// (`<meta charset=...>`, `content="text/html; charset=..."`,
/// `<?xml ... encoding="..."?>`). `None` if there is no such declaration, or
/// the bytes are not valid in the declared encoding either.
fn decode_declared(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let label = ["charset=", "encoding="].iter().find_map(|key| {
        let at = lower.windows(key.len()).position(|w| w == key.as_bytes())? + key.len();
        let value = &lower[at..];
        let value = value.strip_prefix(b"\"").or_else(|| value.strip_prefix(b"'")).unwrap_or(value);
        let end =
            value.iter().position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')));
        Some(&value[..end.unwrap_or(value.len())])
    })?;
    let encoding = encoding_rs::Encoding::for_label(label)?;
    if encoding == encoding_rs::UTF_8 {
        return None;
    }
    encoding.decode_without_bom_handling_and_without_replacement(bytes).map(|s| s.into_owned())
}

/// The checks every whole input gets: a UTF-8 BOM is stripped (its length is
/// returned so offsets stay file offsets), and empty, binary and non-UTF-8
/// inputs are reported.
pub(crate) fn checked_utf8<'a>(name: &str, bytes: &'a [u8]) -> Result<(&'a str, usize), IngestError> {
    let bom_len = if bytes.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
    let body = &bytes[bom_len..];
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::new(InputPos::file(name), ErrorKind::Empty, "input is empty"));
    }
    if let Some(problem) = binary_data(body) {
        return Err(IngestError::new(InputPos::file(name), ErrorKind::Binary, problem));
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok((s, bom_len)),
        Err(e) => {
            Err(invalid_utf8(InputPos::file(name), bom_len + e.valid_up_to(), &body[e.valid_up_to()..]))
        }
    }
}

/// The error for invalid UTF-8 starting at file offset `at`, showing the bad
/// bytes.
pub(crate) fn invalid_utf8(pos: InputPos, at: usize, rest: &[u8]) -> IngestError {
    let shown: Vec<String> = rest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    IngestError::new(
        pos.with_byte(at as u64),
        ErrorKind::InvalidUtf8,
        format!("invalid UTF-8 (bytes {}); convert the input to UTF-8", shown.join(" ")),
    )
}

/// Why `bytes` look binary rather than text, if they do: a NUL byte anywhere,
/// or more than a tenth control characters in the first bytes.
pub(crate) fn binary_data(bytes: &[u8]) -> Option<String> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Some(format!("binary data: NUL byte at byte {at}"));
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let controls = head.iter().filter(|&&b| is_binary_control(b)).count();
    if !head.is_empty() && controls * 10 > head.len() {
        return Some(format!("binary data: {controls} control bytes in the first {} bytes", head.len()));
    }
    None
}

fn is_binary_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_parse() {
        for (name, want) in
            [("auto", Format::Auto), ("TXT", Format::Text), ("ndjson", Format::Jsonl), ("rss", Format::Feed)]
        {
            assert_eq!(name.parse::<Format>(), Ok(want));
        }
        for format in [Format::Auto, Format::Text, Format::Jsonl, Format::Html, Format::Feed] {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert!("pdf".parse::<Format>().unwrap_err().contains("unknown input format"));
    }

    #[test]
    fn declared_encodings_are_decoded() {
        // "خبر" in windows-1256 is ce c8 d1.
        let page =
            b"<html><head><meta charset=\"windows-1256\"></head><body><p>\xce\xc8\xd1</p></body></html>";
        assert!(decode_declared(page).unwrap().contains("<p>\u{62e}\u{628}\u{631}</p>"));
        let feed = b"<?xml version='1.0' encoding='windows-1256'?><rss>\xce</rss>";
        assert!(decode_declared(feed).unwrap().contains("<rss>\u{62e}</rss>"));
        assert_eq!(decode_declared(b"<meta charset=utf-8><p>\xff</p>"), None);
        assert_eq!(decode_declared(b"<p>\xff</p>"), None);
        assert_eq!(decode_declared(b"<meta charset=no-such-encoding><p>\xff</p>"), None);
    }

    #[test]
    fn formats_by_extension_then_content() {
        let cases: &[(&str, &str, Format)] = &[
            ("a.txt", "{}", Format::Text),
            ("a.JSONL", "", Format::Jsonl),
            ("a.ndjson", "", Format::Jsonl),
            ("a.json", "", Format::Jsonl),
            ("a.htm", "", Format::Html),
            ("a.atom", "", Format::Feed),
            ("a.rss", "", Format::Feed),
            ("-", "\u{feff} {\"text\":1}", Format::Jsonl),
            ("a", "<?xml version=\"1.0\"?><rss>", Format::Feed),
            ("a", "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">", Format::Feed),
            ("a", "<!DOCTYPE html><html>", Format::Html),
            ("a", "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">", Format::Html),
            ("a", "<div>نص</div>", Format::Html),
            ("a.dat", " date 2025-12-31 نص", Format::Text),
            ("a", "", Format::Text),
        ];
        for (name, head, want) in cases {
            assert_eq!(detect_format(name, head.as_bytes()), *want, "{name} {head:?}");
        }
    }
}
