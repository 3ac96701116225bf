//! `marsad ingest`, `marsad search`, `marsad stats`: the embedded store
//! (SQLite plus a tantivy index with Marsad's Arabic analyzer).

use crate::annotate::{annotate_batch, for_each_batch, BatchError, InputArgs, Stats};
use crate::config::Config;
use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use marsad_annotate::Annotator;
use marsad_corpus::{Query, RelinkReport, Store};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::watch;

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

    /// Opens the store for reading only (no index writer lock, no
    /// migration), so `stats`, `events` and `export` can run beside an
    /// `ingest --watch` or a server. A missing store is an error (reading
    /// must not create one under a concurrent ingest); an older one is
    /// opened for writing once, to migrate it.
    pub(crate) fn open_for_reading(&self, config: &Config) -> anyhow::Result<Store> {
        let dir = match &self.store {
            Some(d) => d.clone(),
            None => config.store_dir().context("no store folder: pass --store DIR or set MARSAD_HOME")?,
        };
        if !dir.join(marsad_corpus::DATABASE_FILE).exists() {
            anyhow::bail!("no store in {} (`marsad ingest --store DIR PATH…` makes one)", dir.display());
        }
        match Store::open_read_only(&dir) {
            Ok(store) => Ok(store),
            // Written by an older marsad: migrate it (as `marsad ingest`
            // would on open).
            Err(marsad_corpus::StoreError::SchemaTooOld { .. }) => self.open(config),
            Err(e) => Err(anyhow::Error::new(e).context(format!("opening the store {}", dir.display()))),
        }
    }
}

#[derive(Args)]
pub struct IngestArgs {
    #[command(flatten)]
    store: StoreArg,
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    watch: watch::WatchArgs,
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
    let mut store = args.store.open(config)?;
    if args.watch.watch {
        return watch::run(&mut store, &args.input, &args.watch, config);
    }
    ingest_paths(&mut store, &args.input, config)
}

/// The body of `marsad ingest` (also run by `marsad serve PATH…`): reads
/// the inputs in batches, annotates and stores them, relinks the store once
/// after the last batch, and prints the rate and counts on stderr (unless
/// `--quiet`). Bad inputs are reported and skipped (exit code 1), or stop
/// the run with `--strict`.
pub(crate) fn ingest_paths(
    store: &mut Store,
    input: &InputArgs,
    config: &Config,
) -> anyhow::Result<ExitCode> {
    let annotator = Annotator::new(&config.annotate).context("building the annotation pipeline")?;
    ingest_paths_with(&annotator, store, input, config, &|| false)
}

/// [`ingest_paths`] with an annotator already built, stopping quietly after
/// the batch in flight once `stop()` says so.
pub(crate) fn ingest_paths_with(
    annotator: &Annotator,
    store: &mut Store,
    input: &InputArgs,
    config: &Config,
    stop: &dyn Fn() -> bool,
) -> anyhow::Result<ExitCode> {
    let Some(outcome) = ingest_batches(annotator, store, input, config, stop)? else {
        return Ok(ExitCode::SUCCESS);
    };
    let relinked = store.relink().context("linking documents across articles")?;
    outcome.stats.summary(
        input,
        "ingested",
        &format!(
            "; {} new, {} already stored; {}",
            outcome.added,
            outcome.skipped,
            relink_summary(&relinked)
        ),
    );
    Ok(outcome.stats.exit_code())
}

/// What one pass over the inputs stored.
pub(crate) struct IngestOutcome {
    pub stats: Stats,
    pub added: usize,
    pub skipped: usize,
}

/// Reads, annotates and stores every input of `input`, without relinking.
/// `None` when stopped early by `stop()` (checked before each batch).
pub(crate) fn ingest_batches(
    annotator: &Annotator,
    store: &mut Store,
    input: &InputArgs,
    config: &Config,
    stop: &dyn Fn() -> bool,
) -> anyhow::Result<Option<IngestOutcome>> {
    let (mut added, mut skipped) = (0, 0);
    let outcome = for_each_batch(input, config, |batch| {
        if stop() {
            // Ends the run quietly, like a closed pipe.
            return Err(BatchError::BrokenPipe);
        }
        let docs = annotate_batch(annotator, batch);
        let report =
            store.ingest(docs).map_err(|e| BatchError::Other(anyhow::Error::new(e).context("storing")))?;
        added += report.added;
        skipped += report.skipped_duplicates;
        Ok(())
    });
    match outcome {
        Ok(stats) => Ok(Some(IngestOutcome { stats, added, skipped })),
        Err(BatchError::BrokenPipe) => Ok(None),
        Err(BatchError::Other(e)) => Err(e),
    }
}

/// The relink report in a few words, for summary lines.
pub(crate) fn relink_summary(r: &RelinkReport) -> String {
    format!(
        "linked {} exact copies, {} near-duplicate pairs, {} stories, {} entities, {} merged events",
        r.copies, r.duplicate_pairs, r.stories, r.entities, r.event_groups
    )
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
    let store = args.open_for_reading(config)?;
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
