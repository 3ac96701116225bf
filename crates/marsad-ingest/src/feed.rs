//! RSS (2.0, 1.0) and Atom feeds: one article per item.
//!
//! A small pull parser over quick-xml rather than a feed library, so that
//! dates are read as written (feed libraries convert them to UTC, which moves
//! a late-evening Baghdad article to the previous day's date) and a malformed
//! feed is reported with the byte where it breaks.

use crate::html::html_to_text;
use crate::jsonl::collapse_whitespace;
use crate::{file_stem, parse_date_as_written, Article, ErrorKind, IngestError, InputPos, ReadOptions};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Which item field an element holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    Id,
    /// A date, with its rank: lower ranks are preferred (pubDate, published,
    /// dc:date, updated, ...).
    Date(u8),
    Summary,
    Content,
    /// The feed's own title (the outlet), outside any item.
    FeedTitle,
}

/// Maps an element name (as written, prefix included) to a field.
fn field_of(qname: &str) -> Option<Field> {
    let lower = qname.to_ascii_lowercase();
    // Atom documents sometimes spell the Atom namespace with a prefix.
    let name = lower.strip_prefix("atom:").unwrap_or(&lower);
    Some(match name {
        "title" => Field::Title,
        "link" => Field::Link,
        "guid" | "id" => Field::Id,
        "pubdate" => Field::Date(0),
        "published" => Field::Date(1),
        "dc:date" => Field::Date(2),
        "updated" => Field::Date(3),
        "issued" => Field::Date(4),
        "modified" => Field::Date(5),
        "description" | "summary" => Field::Summary,
        "content:encoded" | "content" => Field::Content,
        _ => return None,
    })
}

/// What has been read of one item so far.
#[derive(Default)]
struct Item {
    number: u64,
    byte: u64,
    title: Option<String>,
    link: Option<String>,
    id: Option<String>,
    dates: Vec<(u8, String)>,
    summary: Option<String>,
    content: Option<String>,
}

/// The element whose text is being collected.
struct OpenField {
    field: Field,
    depth: usize,
    value: String,
}

/// Reads every item of a feed; a malformed feed gives the items before the
/// fault, then an error naming the byte where the parser stopped.
pub(crate) fn parse_feed(name: &str, content: &str, opts: &ReadOptions) -> Vec<Result<Article, IngestError>> {
    let mut out = Vec::new();
    let mut reader = Reader::from_str(content);
    // Bare `&` is common in real feeds and harmless.
    reader.config_mut().allow_dangling_amp = true;

    let mut root_seen = false;
    let mut depth = 0usize;
    let mut stack: Vec<String> = Vec::new();
    let mut feed_title: Option<String> = None;
    let mut item: Option<(Item, usize)> = None;
    let mut open: Option<OpenField> = None;
    let mut items = 0u64;
    let stem = file_stem(name);
    let malformed = |byte: u64, message: String| {
        Err(IngestError::new(InputPos::file(name).with_byte(byte), ErrorKind::MalformedFeed, message))
    };

    loop {
        let before = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                out.push(malformed(reader.error_position(), format!("malformed XML: {e}")));
                return out;
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) if !root_seen => {
                root_seen = true;
                let root = local(e);
                if !matches!(root.as_str(), "rss" | "rdf" | "feed") {
                    out.push(malformed(
                        before,
                        format!("not an RSS or Atom feed (the root element is <{root}>)"),
                    ));
                    return out;
                }
                // An empty root (`<rss/>`) has no items: reported at the end.
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                    stack.push(root);
                }
            }
            Event::Start(e) => {
                depth += 1;
                let local_name = local(&e);
                if let Some(f) = open.as_mut() {
                    f.value.push('<');
                    f.value.push_str(&e);
                    f.value.push('>');
                } else if item.is_none() && matches!(local_name.as_str(), "item" | "entry") {
                    items += 1;
                    item = Some((Item { number: items, byte: before, ..Item::default() }, depth));
                } else if let Some((it, item_depth)) = item.as_mut() {
                    if depth == *item_depth + 1 {
                        let field = field_of(qname(&e));
                        if field == Some(Field::Link) {
                            take_atom_link(&e, it);
                        }
                        if let Some(field) = field {
                            open = Some(OpenField { field, depth, value: String::new() });
                        }
                    }
                } else if local_name == "title"
                    && feed_title.is_none()
                    && matches!(stack.last().map(String::as_str), Some("channel" | "feed"))
                {
                    open = Some(OpenField { field: Field::FeedTitle, depth, value: String::new() });
                }
                stack.push(local_name);
            }
            Event::Empty(e) => {
                if let Some(f) = open.as_mut() {
                    f.value.push('<');
                    f.value.push_str(&e);
                    f.value.push_str("/>");
                } else if let Some((it, item_depth)) = item.as_mut() {
                    if depth == *item_depth && field_of(qname(&e)) == Some(Field::Link) {
                        take_atom_link(&e, it);
                    }
                }
            }
            Event::End(e) => {
                if let Some(f) = open.take_if(|f| f.depth == depth) {
                    if f.field == Field::FeedTitle {
                        feed_title =
                            Some(collapse_whitespace(&html_to_text(&f.value))).filter(|t| !t.is_empty());
                    } else if let Some((it, _)) = item.as_mut() {
                        store_field(it, f);
                    }
                } else if let Some(f) = open.as_mut() {
                    f.value.push_str("</");
                    f.value.push_str(&e);
                    f.value.push('>');
                } else if let Some((it, _)) = item.take_if(|(_, d)| *d == depth) {
                    out.push(finish_item(it, name, &stem, feed_title.as_deref(), opts));
                }
                depth = depth.saturating_sub(1);
                stack.pop();
            }
            Event::Text(t) => {
                if let Some(f) = open.as_mut() {
                    f.value.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(f) = open.as_mut() {
                    f.value.push_str(&c);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(f) = open.as_mut() {
                    push_reference(&mut f.value, &r);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !root_seen {
        out.push(malformed(0, "no XML element found".to_string()));
    } else if let Some((it, _)) = item {
        out.push(malformed(content.len() as u64, format!("the feed ends inside item {}", it.number)));
    } else if items == 0 {
        out.push(Err(IngestError::new(InputPos::file(name), ErrorKind::Empty, "the feed has no items")));
    }
    out
}

fn qname<'a>(e: &'a BytesStart<'_>) -> &'a str {
    let raw: &str = e;
    raw.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or(raw)
}

fn local(e: &BytesStart<'_>) -> String {
    let name = qname(e);
    name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase()
}

/// Atom links carry the URL in `href`; the article's own link is the one
/// with no `rel` or `rel="alternate"`.
fn take_atom_link(e: &BytesStart<'_>, it: &mut Item) {
    let mut href = None;
    let mut rel = None;
    for attr in e.attributes().flatten() {
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| attr.value.to_string());
        match attr.key.local_name().as_ref() {
            "href" => href = Some(value),
            "rel" => rel = Some(value),
            _ => {}
        }
    }
    if let Some(href) = href {
        let href = href.trim();
        if it.link.is_none() && !href.is_empty() && matches!(rel.as_deref(), None | Some("alternate")) {
            it.link = Some(href.to_string());
        }
    }
}

/// Appends an entity or character reference as the character it stands for;
/// unknown (HTML) entities are kept as written for the HTML stage to decode.
fn push_reference(value: &mut String, r: &quick_xml::events::BytesRef<'_>) {
    if r.is_char_ref() {
        if let Ok(Some(c)) = r.resolve_char_ref() {
            value.push(c);
        }
        return;
    }
    let name: &str = r;
    match name {
        "amp" => value.push('&'),
        "lt" => value.push('<'),
        "gt" => value.push('>'),
        "quot" => value.push('"'),
        "apos" => value.push('\''),
        other => {
            value.push('&');
            value.push_str(other);
            value.push(';');
        }
    }
}

fn store_field(it: &mut Item, f: OpenField) {
    let raw = f.value.trim();
    if raw.is_empty() {
        return;
    }
    let slot = match f.field {
        Field::Title => &mut it.title,
        Field::Link => &mut it.link,
        Field::Id => &mut it.id,
        Field::Summary => &mut it.summary,
        Field::Content => &mut it.content,
        Field::Date(rank) => {
            it.dates.push((rank, raw.to_string()));
            return;
        }
        Field::FeedTitle => return,
    };
    if slot.is_some() {
        return;
    }
    let value = match f.field {
        Field::Title => collapse_whitespace(&html_to_text(raw)),
        Field::Summary | Field::Content => html_to_text(raw),
        _ => raw.to_string(),
    };
    if !value.is_empty() {
        *slot = Some(value);
    }
}

fn finish_item(
    it: Item,
    name: &str,
    stem: &str,
    feed_title: Option<&str>,
    opts: &ReadOptions,
) -> Result<Article, IngestError> {
    let at = InputPos::file(name).with_item(it.number).with_byte(it.byte);
    // Full content where the feed has it, else the headline and the summary
    // (a summary alone is often a fragment that only makes sense after it).
    let text = match (&it.content, &it.title, &it.summary) {
        (Some(content), _, _) => content.clone(),
        (None, Some(title), Some(summary)) if !summary.starts_with(title.as_str()) => {
            format!("{title}\n\n{summary}")
        }
        (None, _, Some(summary)) => summary.clone(),
        (None, Some(title), None) => title.clone(),
        (None, None, None) => String::new(),
    };
    if text.trim().is_empty() {
        return Err(IngestError::new(
            at,
            ErrorKind::NoArticleText,
            "item has no title, description or content",
        ));
    }
    if text.len() > opts.max_article_bytes {
        return Err(IngestError::new(
            at,
            ErrorKind::TooLarge,
            format!(
                "article text is {} bytes, over the limit of {} bytes",
                text.len(),
                opts.max_article_bytes
            ),
        ));
    }
    let mut dates = it.dates;
    dates.sort_by_key(|(rank, _)| *rank);
    let mut warnings = Vec::new();
    let mut date = None;
    for (_, raw) in &dates {
        match parse_date_as_written(raw) {
            Some(d) => {
                date = Some(d);
                break;
            }
            None => warnings.push(format!("unreadable date {raw:?}")),
        }
    }
    if date.is_some() {
        warnings.clear();
    }
    let url = it
        .link
        .or_else(|| it.id.clone().filter(|id| id.starts_with("http://") || id.starts_with("https://")));
    Ok(Article {
        id: it.id.unwrap_or_else(|| format!("{stem}:item{}", it.number)),
        source: feed_title.map_or_else(|| name.to_string(), str::to_string),
        outlet: feed_title.map(str::to_string),
        date: date.or(opts.default_date),
        title: it.title,
        url,
        text,
        input: at,
        warnings,
    })
}
