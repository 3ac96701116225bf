//! `marsad events`: events merged across articles, filtered by place, time, type and actor.

use crate::config::Config;
use crate::store::StoreArg;
use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use marsad_corpus::{EventFilter, MergedEvent};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

#[derive(Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Only events at this place: a gazetteer id (`gn:98182`, `cc:IQ`) or a
    /// place name.
    #[arg(long, value_name = "NAME|ID")]
    place: Option<String>,
    /// Only events in this country (ISO 3166-1 alpha-2, e.g. IQ).
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// Only events of this PLOVER type (ASSAULT, RETREAT, PROTEST …).
    #[arg(long, value_name = "TYPE")]
    kind: Option<String>,
    /// Only events with this actor or recipient (entity id or name).
    #[arg(long, value_name = "NAME")]
    entity: Option<String>,
    /// First event date included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    since: Option<NaiveDate>,
    /// Last event date included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    until: Option<NaiveDate>,
    /// Events shown (at most 1000).
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Events skipped (for paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Output: readable text (default on a terminal), one JSON array, or
    /// one JSON object per line (default when piped). JSON offsets are code
    /// points of each document's text.
    #[arg(long, value_enum)]
    format: Option<EventsFormat>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum EventsFormat {
    Text,
    Json,
    Jsonl,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("`{s}` is not a YYYY-MM-DD date: {e}"))
}

pub fn run(args: EventsArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let store = args.store.open_for_reading(config)?;
    let filter = EventFilter {
        place: args.place,
        country: args.country,
        kind: args.kind.map(|k| k.to_ascii_uppercase()),
        entity: args.entity,
        since: args.since,
        until: args.until,
        limit: args.limit.max(1),
        offset: args.offset,
    };
    let events = store.merged_events(&filter).context("reading merged events")?;
    let stdout = std::io::stdout();
    let format =
        args.format.unwrap_or(if stdout.is_terminal() { EventsFormat::Text } else { EventsFormat::Jsonl });
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match format {
        EventsFormat::Json => writeln!(out, "{}", serde_json::to_string(&events)?),
        EventsFormat::Jsonl => {
            events.iter().try_for_each(|e| writeln!(out, "{}", serde_json::to_string(e).unwrap_or_default()))
        }
        EventsFormat::Text => out.write_all(render_text(&events).as_bytes()),
    };
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        other => {
            other.context("writing output")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Longest evidence sentence shown whole in text output, in characters.
const SENTENCE_CHARS: usize = 200;

/// The readable listing: per event, a line with type, date, actor →
/// recipient, place and counts, then one evidence sentence with its outlet.
fn render_text(events: &[MergedEvent]) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    if events.is_empty() {
        s.push_str("no events (is the store relinked? `marsad ingest` relinks after each run)\n");
        return s;
    }
    for e in events {
        let kind = match (&e.mode, &e.subtype) {
            (Some(m), Some(st)) => format!("{}/{m}/{st}", e.kind),
            (Some(m), None) => format!("{}/{m}", e.kind),
            (None, Some(st)) => format!("{}/{st}", e.kind),
            (None, None) => e.kind.clone(),
        };
        let mut flags = String::new();
        if e.planned {
            flags.push_str(" [planned]");
        }
        if e.negated {
            flags.push_str(" [negated]");
        }
        let place = match (&e.place_name, &e.country) {
            (Some(p), Some(c)) => format!("  @ {} ({})", clean(p), clean(c)),
            (Some(p), None) => format!("  @ {}", clean(p)),
            (None, Some(c)) => format!("  @ ({})", clean(c)),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            s,
            "{}  {kind}{flags}  {} → {}{place}  [{} sources, {} documents]  #{}",
            e.date.as_deref().unwrap_or("----------"),
            clean(e.actor.as_deref().unwrap_or("?")),
            clean(e.recipient.as_deref().unwrap_or("?")),
            e.sources,
            e.documents,
            e.id,
        );
        let first = e.mentions.iter().min_by_key(|m| (m.date.is_none(), m.date, m.doc_id, m.seq));
        if let Some(m) = first {
            let text: String = clean(&m.sentence.text).split_whitespace().collect::<Vec<_>>().join(" ");
            let cut: String = text.chars().take(SENTENCE_CHARS).collect();
            let ellipsis = if cut.chars().count() < text.chars().count() { "…" } else { "" };
            let date = m.date.map(|d| d.to_string()).unwrap_or_default();
            let _ = writeln!(s, "    «{cut}{ellipsis}» — {} {date}", clean(&m.source));
        }
    }
    s
}

/// Article text with control characters (escape sequences that would drive
/// the terminal) replaced by spaces.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}
