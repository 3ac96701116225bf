//! `marsad annotate`: read inputs, annotate in parallel, print in order.

use crate::config::Config;
use crate::text_output::{Palette, TextRenderer};
use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use marsad_annotate::json::{to_json_line, JsonOptions};
use marsad_annotate::Annotator;
use marsad_core::{Diagnostic, Doc, Level};
use marsad_ingest::{Article, Format, IngestError, ReadOptions};
use rayon::prelude::*;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct AnnotateArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format; default: json when stdout is not a terminal, else text.
    #[arg(long, value_enum)]
    format: Option<OutputFormat>,
    /// Include the tokens layer in JSON output.
    #[arg(long)]
    tokens: bool,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// The inputs and how to read them: shared by `annotate` and `ingest`.
#[derive(Args, Clone)]
pub struct InputArgs {
    /// Files, directories (recursive) or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    read: ReadFlags,
}

/// How to read inputs, apart from which: `serve` takes the same flags over
/// optional paths.
#[derive(Args, Clone)]
pub struct ReadFlags {
    /// Publication date for articles whose input gives none (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Input format; default: by file extension, else by content.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// JSONL field mapping, e.g. `--field text=body,content --field date=published`.
    #[arg(long = "field", value_name = "KEY=NAMES")]
    fields: Vec<String>,
    /// Largest article accepted, in bytes (default 5 MB, or the config file's).
    #[arg(long)]
    max_article_bytes: Option<usize>,
    /// Stop at the first bad input instead of reporting it and going on.
    #[arg(long)]
    strict: bool,
    /// Worker threads (default: every core).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// No progress bar and no final summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

impl InputArgs {
    /// `read`'s flags over `paths` (`marsad serve PATH…`).
    pub(crate) fn new(paths: Vec<PathBuf>, read: ReadFlags) -> InputArgs {
        InputArgs { paths, read }
    }

    /// The same flags over other paths, quiet (the caller reports): how
    /// `--watch` reads files as they arrive.
    pub(crate) fn with_paths(&self, paths: &[PathBuf]) -> InputArgs {
        InputArgs { paths: paths.to_vec(), read: ReadFlags { quiet: true, ..self.read.clone() } }
    }

    /// The paths as given.
    pub(crate) fn paths(&self) -> &[PathBuf] {
        &self.paths
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutputFormat {
    Json,
    Text,
}

#[derive(Clone, Copy, ValueEnum)]
enum InputFormat {
    Auto,
    Text,
    Jsonl,
    Html,
    Feed,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("`{s}` is not a YYYY-MM-DD date: {e}"))
}

/// Articles annotated in parallel at a time; output order is input order.
const BATCH: usize = 256;

pub fn run(args: AnnotateArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let annotator = Annotator::new(&config.annotate).context("building the annotation pipeline")?;
    let stdout = io::stdout();
    let format =
        args.format.unwrap_or(if stdout.is_terminal() { OutputFormat::Text } else { OutputFormat::Json });
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let renderer = TextRenderer::new(if color { Palette::ansi() } else { Palette::plain() });
    let json_opts = JsonOptions { tokens: args.tokens };
    let mut out = io::BufWriter::new(stdout.lock());
    let outcome = for_each_batch(&args.input, config, |batch| {
        let rendered: Vec<String> = annotate_batch(&annotator, batch)
            .into_par_iter()
            .map(|doc| match format {
                OutputFormat::Json => to_json_line(&doc, json_opts),
                OutputFormat::Text => renderer.render(&doc),
            })
            .collect();
        for line in &rendered {
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
        Ok(())
    });
    let flushed = out.flush();
    match outcome {
        Ok(stats) => {
            match flushed {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
                other => other.context("writing output")?,
            }
            stats.summary(&args.input, "annotated", "");
            Ok(stats.exit_code())
        }
        Err(BatchError::BrokenPipe) => Ok(ExitCode::SUCCESS),
        Err(BatchError::Other(e)) => Err(e),
    }
}

/// Annotates a batch in parallel, in input order, with what the reader
/// noticed (an unreadable date, say) added to each document's diagnostics.
pub fn annotate_batch(annotator: &Annotator, batch: Vec<Article>) -> Vec<Doc> {
    batch
        .into_par_iter()
        .map(|a| {
            let mut doc = annotator.annotate(a.meta(), a.text);
            doc.diagnostics.extend(
                a.warnings.into_iter().map(|w| Diagnostic::new(Level::Warning, format!("{}: {w}", a.input))),
            );
            doc
        })
        .collect()
}

/// Why a batch run stopped early.
pub enum BatchError {
    /// The reader of our output went away: stop quietly.
    BrokenPipe,
    Other(anyhow::Error),
}

impl From<io::Error> for BatchError {
    fn from(e: io::Error) -> BatchError {
        if e.kind() == io::ErrorKind::BrokenPipe {
            BatchError::BrokenPipe
        } else {
            BatchError::Other(anyhow::Error::new(e).context("writing output"))
        }
    }
}

impl From<anyhow::Error> for BatchError {
    fn from(e: anyhow::Error) -> BatchError {
        BatchError::Other(e)
    }
}

/// What a batch run read.
#[derive(Default)]
pub struct Stats {
    pub articles: u64,
    pub bytes: u64,
    pub errors: u64,
    pub inputs: usize,
    started: Option<Instant>,
}

impl Stats {
    /// The final rate on stderr, unless `--quiet`.
    pub fn summary(&self, input: &InputArgs, verb: &str, extra: &str) {
        if input.read.quiet {
            return;
        }
        let secs = self.started.map_or(0.0, |t| t.elapsed().as_secs_f64()).max(1e-9);
        let mb = self.bytes as f64 / 1e6;
        eprintln!(
            "marsad: {verb} {} articles ({:.1} MB) from {} inputs in {:.2} s: {:.0} articles/s, {:.1} MB/s; {} bad inputs{extra}",
            self.articles,
            mb,
            self.inputs,
            secs,
            self.articles as f64 / secs,
            mb / secs,
            self.errors
        );
    }

    /// 0 when every input was good, 1 when some were reported and skipped.
    pub fn exit_code(&self) -> ExitCode {
        if self.errors > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Reads every input in batches of [`BATCH`] articles and hands each batch,
/// in input order, to `consume`. Bad inputs are reported on stderr (with the
/// file, line or byte and the reason) and skipped, or stop the run with
/// `--strict`. A progress bar runs on a terminal.
pub fn for_each_batch(
    input: &InputArgs,
    config: &Config,
    mut consume: impl FnMut(Vec<Article>) -> Result<(), BatchError>,
) -> Result<Stats, BatchError> {
    if let Some(jobs) = input.read.jobs {
        rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build_global().ok();
    }
    let opts = read_options(input, config)?;
    let progress = progress_bar(input.read.quiet);
    let mut stats = Stats { started: Some(Instant::now()), ..Stats::default() };
    let (files, discover_errors) = marsad_ingest::discover(&input.paths);
    stats.inputs = files.len();
    let report = |err: &IngestError, stats: &mut Stats| -> Result<(), BatchError> {
        stats.errors += 1;
        progress.suspend(|| eprintln!("marsad: {err}"));
        if input.read.strict {
            return Err(BatchError::Other(anyhow::anyhow!("stopped at the first bad input (--strict)")));
        }
        Ok(())
    };
    for err in discover_errors {
        report(&err, &mut stats)?;
    }
    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
    let mut send = |batch: &mut Vec<Article>, stats: &mut Stats| -> Result<(), BatchError> {
        let n = batch.len() as u64;
        stats.bytes += batch.iter().map(|a| a.text.len() as u64).sum::<u64>();
        consume(std::mem::take(batch))?;
        stats.articles += n;
        progress.inc(n);
        Ok(())
    };
    for file in &files {
        for item in marsad_ingest::read_file(file, &opts) {
            match item {
                Ok(article) => {
                    batch.push(article);
                    if batch.len() == BATCH {
                        send(&mut batch, &mut stats)?;
                    }
                }
                Err(err) => {
                    if let Err(stop) = report(&err, &mut stats) {
                        // What was read before the bad input is still handled.
                        send(&mut batch, &mut stats)?;
                        return Err(stop);
                    }
                }
            }
        }
    }
    send(&mut batch, &mut stats)?;
    progress.finish_and_clear();
    Ok(stats)
}

fn read_options(args: &InputArgs, config: &Config) -> anyhow::Result<ReadOptions> {
    let mut opts = ReadOptions {
        format: match args.read.input_format {
            InputFormat::Auto => Format::Auto,
            InputFormat::Text => Format::Text,
            InputFormat::Jsonl => Format::Jsonl,
            InputFormat::Html => Format::Html,
            InputFormat::Feed => Format::Feed,
        },
        max_article_bytes: args.read.max_article_bytes.unwrap_or(config.ingest.max_article_bytes),
        default_date: args.read.date,
        ..ReadOptions::default()
    };
    for (field, names) in &config.ingest.fields {
        opts.fields.set(field, names.clone()).map_err(|e| anyhow::anyhow!("config [ingest.fields]: {e}"))?;
    }
    for spec in &args.read.fields {
        let (field, names) =
            spec.split_once('=').with_context(|| format!("--field `{spec}`: expected KEY=NAME[,NAME…]"))?;
        let names: Vec<String> =
            names.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect();
        opts.fields.set(field.trim(), names).map_err(|e| anyhow::anyhow!("--field `{spec}`: {e}"))?;
    }
    Ok(opts)
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} articles, {per_sec}, {elapsed_precise} {msg}")
            .expect("static progress template"),
    );
    bar
}
