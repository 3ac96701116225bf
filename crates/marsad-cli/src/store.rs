//! `marsad ingest`, `marsad search`, `marsad stats`: the embedded store
//! (SQLite plus a tantivy index with Marsad's Arabic analyzer).

use crate::annotate::{annotate_batch, for_each_batch, BatchError, InputArgs};
use crate::config::Config;
use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use marsad_annotate::Annotator;
use marsad_corpus::{Query, Store};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct StoreArg {
    /// The store folder (default: `[store] dir` of the config, else
    /// $MARSAD_HOME/store).
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
}

impl StoreArg {
    pub(crate) fn open(&self, config: &Config) -> anyhow::Result<Store> {
        let dir = match &self.store {
            Some(d) => d.clone(),
            None => config.store_dir().context("no store folder: pass --store DIR or set MARSAD_HOME")?,
        };
        Store::open(&dir).with_context(|| format!("opening the store {}", dir.display()))
    }
}

#[derive(Args)]
pub struct IngestArgs {
    #[command(flatten)]
    store: StoreArg,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Args)]
pub struct SearchArgs {
    #[command(flatten)]
    store: StoreArg,
    /// The query: words (each must match, in any inflection: `انسحاب` finds
    /// `والانسحاب` and `الانسحابات`) and "quoted phrases". May be empty when
    /// filters are given.
    #[arg(default_value = "")]
    query: String,
    /// First publication date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Last publication date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// Only this outlet.
    #[arg(long)]
    source: Option<String>,
    /// Articles that mention this entity (canonical name or surface form).
    #[arg(long)]
    entity: Option<String>,
    /// Articles that mention this place (gazetteer id or name).
    #[arg(long)]
    place: Option<String>,
    /// Articles with a place or nationality in this country (ISO 3166-1 alpha-2).
    #[arg(long)]
    country: Option<String>,
    /// Articles with an event of this PLOVER type.
    #[arg(long = "event")]
    event_type: Option<String>,
    /// Results per page.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Results skipped (for paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Output format; default: json when stdout is not a terminal, else text.
    #[arg(long, value_enum)]
    format: Option<SearchFormat>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum SearchFormat {
    Json,
    Text,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("`{s}` is not a YYYY-MM-DD date: {e}"))
}

pub fn ingest(args: IngestArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let annotator = Annotator::new(&config.annotate).context("building the annotation pipeline")?;
    let mut store = args.store.open(config)?;
    let (mut added, mut skipped) = (0, 0);
    let outcome = for_each_batch(&args.input, config, |batch| {
        let docs = annotate_batch(&annotator, batch);
        let report =
            store.ingest(docs).map_err(|e| BatchError::Other(anyhow::Error::new(e).context("storing")))?;
        added += report.added;
        skipped += report.skipped_duplicates;
        Ok(())
    });
    let stats = match outcome {
        Ok(stats) => stats,
        Err(BatchError::BrokenPipe) => return Ok(ExitCode::SUCCESS),
        Err(BatchError::Other(e)) => return Err(e),
    };
    stats.summary(&args.input, "ingested", &format!("; {added} new, {skipped} already stored"));
    Ok(stats.exit_code())
}

pub fn search(args: SearchArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let store = args.store.open(config)?;
    let query = Query {
        text: args.query.clone(),
        from: args.from,
        to: args.to,
        source: args.source,
        entity: args.entity,
        place: args.place,
        country: args.country,
        event_type: args.event_type,
        limit: args.limit,
        offset: args.offset,
    };
    let results = store.search(&query).context("searching")?;
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let format = args.format.unwrap_or(if terminal { SearchFormat::Text } else { SearchFormat::Json });
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        SearchFormat::Json => {
            for (rank, hit) in results.hits.iter().enumerate() {
                let line = serde_json::json!({
                    "rank": args.offset + rank + 1,
                    "total": results.total,
                    "id": hit.ext_id,
                    "title": hit.title,
                    "date": hit.date.map(|d| d.to_string()),
                    "source": hit.source,
                    "score": hit.score,
                    "snippet": hit.snippet,
                    "snippet_start": hit.snippet_range.0,
                    "snippet_end": hit.snippet_range.1,
                    "highlights": hit.highlights.iter().map(|(s, e)| serde_json::json!({"start": s, "end": e})).collect::<Vec<_>>(),
                    "offsets": "codepoint",
                });
                writeln!(out, "{line}")?;
            }
        }
        SearchFormat::Text => {
            writeln!(out, "{} results", results.total)?;
            for (rank, hit) in results.hits.iter().enumerate() {
                let date = hit.date.map_or_else(|| "----------".to_string(), |d| d.to_string());
                writeln!(
                    out,
                    "{:>3}. {date}  {}  {}  ({:.2})",
                    args.offset + rank + 1,
                    hit.source,
                    hit.title.as_deref().unwrap_or(&hit.ext_id),
                    hit.score
                )?;
                writeln!(out, "     {}", mark_highlights(hit, terminal))?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The snippet with highlighted passages in bold on a terminal, or between
/// ⟦ ⟧ when piped.
fn mark_highlights(hit: &marsad_corpus::Hit, ansi: bool) -> String {
    let (open, close) = if ansi { ("\x1b[1;33m", "\x1b[0m") } else { ("⟦", "⟧") };
    let base = hit.snippet_range.0;
    let chars: Vec<char> = hit.snippet.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        let at = base + i as u32;
        if hit.highlights.iter().any(|&(s, _)| s == at) {
            out.push_str(open);
        }
        out.push(*c);
        if hit.highlights.iter().any(|&(_, e)| e == at + 1) {
            out.push_str(close);
        }
    }
    out
}

pub fn stats(args: StoreArg, config: &Config) -> anyhow::Result<ExitCode> {
    let store = args.open(config)?;
    let s = store.stats().context("reading the store")?;
    println!("schema version    {}", s.schema_version);
    println!("documents         {}", s.documents);
    println!("indexed           {}", s.indexed_documents);
    println!("mentions          {}", s.mentions);
    println!("events            {}", s.events);
    for (source, n) in &s.sources {
        println!("  {n:>8}  {source}");
    }
    Ok(ExitCode::SUCCESS)
}
