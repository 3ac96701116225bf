//! HTML pages: the main article text and the page's metadata.
//!
//! Metadata comes from the page's own declarations (Open Graph, `<meta>`,
//! JSON-LD, `<time>`), in a fixed order of trust. The text comes from a
//! readability.js port (dom_smoothie) run after the obvious boilerplate
//! (navigation, header, footer, asides, forms, scripts, share widgets) has
//! been removed; when it finds nothing, the text of the most article-like
//! element (`[itemprop=articleBody]`, `<article>`, `<main>`, `<body>`) is
//! used instead.

use crate::jsonl::collapse_whitespace;
use crate::{file_stem, parse_date_as_written, Article, ErrorKind, IngestError, InputPos, ReadOptions};
use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use serde_json::Value;

/// Selectors of elements that are never article text, one per line (`#`
/// starts a comment line).
const BOILERPLATE_FILE: &str = include_str!("../data/boilerplate-selectors.txt");

/// The boilerplate selectors as one selector list.
fn boilerplate() -> &'static str {
    static JOINED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JOINED.get_or_init(|| {
        let lines = BOILERPLATE_FILE.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
        lines.collect::<Vec<_>>().join(", ")
    })
}

/// Where the article text is most likely to be, best first.
const ARTICLE_ROOTS: [&str; 5] = ["[itemprop=\"articleBody\"]", "article", "main", "[role=\"main\"]", "body"];

/// Deepest element nesting accepted. Browsers' own parsers stop nesting at
/// 512 levels; html5ever and readability slow down quadratically with depth
/// (5,000 nested `<div>`s took 17 s), so deeper pages are refused up front.
pub(crate) const MAX_NESTING: usize = 512;

/// Cap on elements handed to readability: a larger page is not an article
/// page, and scoring it would take long.
const MAX_ELEMENTS: usize = 200_000;

/// Reads one HTML page as one article.
pub(crate) fn parse_html(name: &str, content: &str, opts: &ReadOptions) -> Result<Article, IngestError> {
    // The parsers are third-party code; a panic in them must not take the
    // batch down (fuzzing runs with panics as aborts, so they still surface).
    let depth = nesting_depth(content, MAX_NESTING);
    if depth > MAX_NESTING {
        return Err(IngestError::new(
            InputPos::file(name),
            ErrorKind::TooDeeplyNested,
            format!("HTML elements nested more than {MAX_NESTING} levels deep: not an article page"),
        ));
    }
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract(content)));
    let Ok(page) = outcome else {
        return Err(IngestError::new(
            InputPos::file(name),
            ErrorKind::NoArticleText,
            "the HTML parser failed on this page",
        ));
    };
    if page.text.is_empty() {
        return Err(IngestError::new(
            InputPos::file(name),
            ErrorKind::NoArticleText,
            "no article text in the page",
        ));
    }
    if page.text.len() > opts.max_article_bytes {
        return Err(IngestError::new(
            InputPos::file(name),
            ErrorKind::TooLarge,
            format!(
                "article text is {} bytes, over the limit of {} bytes",
                page.text.len(),
                opts.max_article_bytes
            ),
        ));
    }
    let mut warnings = Vec::new();
    let date = match (&page.date, page.date_seen.first()) {
        (Some(date), _) => Some(*date),
        (None, Some(raw)) => {
            warnings.push(format!("unreadable publication date {raw:?}"));
            opts.default_date
        }
        (None, None) => opts.default_date,
    };
    Ok(Article {
        id: file_stem(name),
        outlet: page.site_name.clone(),
        source: page.site_name.unwrap_or_else(|| name.to_string()),
        date,
        title: page.title,
        url: page.url,
        text: page.text,
        input: InputPos::file(name),
        warnings,
    })
}

/// What one page yielded.
struct Page {
    title: Option<String>,
    date: Option<chrono::NaiveDate>,
    /// Date strings found but not understood.
    date_seen: Vec<String>,
    url: Option<String>,
    site_name: Option<String>,
    text: String,
}

fn extract(content: &str) -> Page {
    let doc = Document::from(content);
    let title = first_of(&[
        meta(&doc, "property", "og:title"),
        meta(&doc, "name", "twitter:title"),
        element_text(&doc, "title"),
        element_text(&doc, "h1"),
    ]);
    let (date, date_seen) = publication_date(&doc);
    let url = first_of(&[attr(&doc, "link[rel=\"canonical\" i]", "href"), meta(&doc, "property", "og:url")]);
    let site_name = meta(&doc, "property", "og:site_name").map(|s| collapse_whitespace(&s));

    let readable = readable_text(doc);
    let text = if readable.is_empty() { fallback_text(content) } else { readable };
    Page { title: title.map(|t| collapse_whitespace(&t)), date, date_seen, url, site_name, text }
}

/// The readability text of the page after boilerplate removal (takes the
/// DOM: call it after the metadata has been read).
fn readable_text(doc: Document) -> String {
    doc.select(boilerplate()).remove();
    let cfg =
        Config { text_mode: TextMode::Formatted, max_elements_to_parse: MAX_ELEMENTS, ..Config::default() };
    let Ok(mut readability) = Readability::with_document(doc, None, Some(cfg)) else {
        return String::new();
    };
    match readability.parse() {
        Ok(article) => tidy_paragraphs(&article.text_content),
        Err(_) => String::new(),
    }
}

/// The text of the most article-like element, boilerplate removed.
fn fallback_text(content: &str) -> String {
    let doc = Document::from(content);
    doc.select(boilerplate()).remove();
    for selector in ARTICLE_ROOTS {
        let root = doc.select_single(selector);
        if root.exists() {
            let text = tidy_paragraphs(&root.formatted_text());
            if !text.is_empty() {
                return text;
            }
        }
    }
    tidy_paragraphs(&doc.formatted_text())
}

/// Text of an HTML fragment (a feed item's description), paragraphs
/// separated by blank lines, entities decoded.
///
/// A fragment nested deeper than [`MAX_NESTING`] gives no text.
pub(crate) fn html_to_text(fragment: &str) -> String {
    if nesting_depth(fragment, MAX_NESTING) > MAX_NESTING {
        return String::new();
    }
    let outcome = std::panic::catch_unwind(|| {
        let doc = Document::fragment(fragment);
        doc.select("script, style, noscript, template").remove();
        tidy_paragraphs(&doc.formatted_text())
    });
    outcome.unwrap_or_default()
}

/// Trims every line, drops blank ones, and separates the paragraphs that
/// were separated by blank lines with exactly one blank line.
fn tidy_paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = false;
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}');
        if line.is_empty() {
            blank_run = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank_run = false;
    }
    out
}

/// The publication date, and every date string seen that could not be read.
fn publication_date(doc: &Document) -> (Option<chrono::NaiveDate>, Vec<String>) {
    let candidates = [
        meta(doc, "property", "article:published_time"),
        meta(doc, "property", "og:published_time"),
        meta(doc, "name", "article:published_time"),
        meta(doc, "name", "date"),
        meta(doc, "name", "pubdate"),
        meta(doc, "name", "publishdate"),
        meta(doc, "itemprop", "datePublished"),
        json_ld_date(doc),
        attr(doc, "[itemprop=\"datePublished\"][datetime]", "datetime"),
        attr(doc, "time[pubdate][datetime]", "datetime"),
        attr(doc, "article time[datetime]", "datetime"),
        attr(doc, "time[datetime]", "datetime"),
    ];
    let mut unreadable = Vec::new();
    for raw in candidates.into_iter().flatten() {
        match parse_date_as_written(&raw) {
            Some(date) => return (Some(date), unreadable),
            None => unreadable.push(raw),
        }
    }
    (None, unreadable)
}

/// `datePublished` from the first JSON-LD block that has one (searched
/// breadth-first, so `@graph` arrays are covered).
fn json_ld_date(doc: &Document) -> Option<String> {
    for script in doc.select("script[type=\"application/ld+json\" i]").iter() {
        let text = script.text();
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        let mut queue = std::collections::VecDeque::from([&value]);
        while let Some(v) = queue.pop_front() {
            match v {
                Value::Object(map) => {
                    if let Some(Value::String(s)) = map.get("datePublished") {
                        return Some(s.clone());
                    }
                    queue.extend(map.values());
                }
                Value::Array(items) => queue.extend(items),
                _ => {}
            }
        }
    }
    None
}

fn first_of(candidates: &[Option<String>]) -> Option<String> {
    candidates.iter().flatten().next().cloned()
}

/// The non-blank `content` of the first `<meta {key}="{value}">`.
fn meta(doc: &Document, key: &str, value: &str) -> Option<String> {
    attr(doc, &format!("meta[{key}=\"{value}\" i][content]"), "content")
}

/// The first non-blank value of `name` on an element matching `selector`.
fn attr(doc: &Document, selector: &str, name: &str) -> Option<String> {
    doc.select(selector).iter().find_map(|el| {
        let value = el.attr(name)?;
        let value = value.trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// The first non-blank text of an element matching `selector`.
fn element_text(doc: &Document, selector: &str) -> Option<String> {
    doc.select(selector).iter().find_map(|el| {
        let text = collapse_whitespace(&el.text());
        (!text.is_empty()).then_some(text)
    })
}

/// Elements that never have content or an end tag.
const VOID_ELEMENTS: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr",
];

/// Elements whose start tag closes an open element of the same name.
const SELF_CLOSING_SIBLINGS: [&str; 9] = ["dd", "dt", "li", "option", "p", "td", "th", "tr", "a"];

/// An estimate of the deepest element nesting in `html`, from a scan of its
/// tags (no DOM is built), stopping once it passes `limit`. Void elements,
/// `<x/>`, comments and the contents of `<script>`/`<style>` do not nest;
/// an end tag closes up to the matching open element; a `<p>` or `<li>`
/// start tag closes an open one on top, as HTML parsers do.
pub(crate) fn nesting_depth(html: &str, limit: usize) -> usize {
    let mut stack: Vec<String> = Vec::new();
    let mut deepest = 0;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len() - name_start);
        if name_len == 0 {
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let self_closed = rest[..tag_end].ends_with('/');
        rest = rest.get(tag_end + 1..).unwrap_or("");
        if closing {
            if let Some(at) = stack.iter().rposition(|open| *open == name) {
                stack.truncate(at);
            }
            continue;
        }
        if self_closed || VOID_ELEMENTS.contains(&name.as_str()) {
            continue;
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            rest = find_ignore_ascii_case(rest, &close).map_or("", |at| &rest[at..]);
            continue;
        }
        if SELF_CLOSING_SIBLINGS.contains(&name.as_str()) && stack.last() == Some(&name) {
            stack.pop();
        }
        stack.push(name);
        deepest = deepest.max(stack.len());
        if deepest > limit {
            break;
        }
    }
    deepest
}

fn find_ignore_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_selectors_are_headed_sorted_and_valid() {
        assert!(BOILERPLATE_FILE.starts_with("# "), "the file must start with its source and licence");
        assert!(BOILERPLATE_FILE.contains("Licence:"));
        let lines: Vec<&str> = BOILERPLATE_FILE.lines().filter(|l| !l.starts_with('#')).collect();
        let mut sorted = lines.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(lines, sorted, "keep the selectors sorted and unique");
        for selector in lines {
            assert!(dom_query::Matcher::new(selector).is_ok(), "invalid selector {selector:?}");
        }
    }

    #[test]
    fn nesting_depth_estimates() {
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("نص بلا وسوم", 0),
            ("<html><body><p>a</p><p>b</p></body></html>", 3),
            ("<div><br><img src=x><hr/></div>", 1),
            ("<ul><li>a<li>b<li>c</ul>", 2),
            ("<p>a<p>b<p>c", 1),
            ("<div><!-- <div><div> --></div>", 1),
            ("<script>if (a<b) { '<div><div>' }</script><div>", 1),
            ("<div><span></div></span>", 2),
            ("<a <b <c", 1),
        ];
        for (html, want) in cases {
            assert_eq!(nesting_depth(html, 100), *want, "{html}");
        }
        assert_eq!(nesting_depth(&"<div>".repeat(10_000), 512), 513);
    }
}
