//! `marsad annotate`: read inputs, annotate in parallel, print in order.

use crate::config::Config;
use crate::text_output::{Palette, TextRenderer};
use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use marsad_annotate::json::{to_json_line, JsonOptions};
use marsad_annotate::Annotator;
use marsad_core::{Diagnostic, DocMeta, Level};
use marsad_ingest::{Article, Format, IngestError, ReadOptions};
use rayon::prelude::*;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct AnnotateArgs {
    /// Files, directories (recursive) or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format; default: json when stdout is not a terminal, else text.
    #[arg(long, value_enum)]
    format: Option<OutputFormat>,
    /// Include the tokens layer in JSON output.
    #[arg(long)]
    tokens: bool,
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
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// No progress bar and no final summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
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
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build_global().ok();
    }
    let opts = read_options(&args, config)?;
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

    let progress = progress_bar(args.quiet);
    let started = Instant::now();
    let mut stats = Stats::default();

    let (files, discover_errors) = marsad_ingest::discover(&args.paths);
    for err in discover_errors {
        report(&progress, &err, &mut stats);
        if args.strict {
            bail!("stopped at the first bad input (--strict)");
        }
    }

    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
    for file in &files {
        for item in marsad_ingest::read_file(file, &opts) {
            match item {
                Ok(article) => {
                    batch.push(article);
                    if batch.len() == BATCH {
                        let done = flush(&annotator, &mut batch, format, json_opts, &renderer, &mut out);
                        if !handle_write(done, &progress, &mut stats)? {
                            return Ok(ExitCode::SUCCESS);
                        }
                    }
                }
                Err(err) => {
                    report(&progress, &err, &mut stats);
                    if args.strict {
                        let _ = flush(&annotator, &mut batch, format, json_opts, &renderer, &mut out);
                        bail!("stopped at the first bad input (--strict)");
                    }
                }
            }
        }
    }
    let done = flush(&annotator, &mut batch, format, json_opts, &renderer, &mut out);
    if !handle_write(done, &progress, &mut stats)? {
        return Ok(ExitCode::SUCCESS);
    }
    match out.flush() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        other => other.context("writing output")?,
    }
    progress.finish_and_clear();

    if !args.quiet {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let mb = stats.bytes as f64 / 1e6;
        eprintln!(
            "marsad: annotated {} articles ({:.1} MB) from {} inputs in {:.2} s: {:.0} articles/s, {:.1} MB/s; {} bad inputs",
            stats.articles,
            mb,
            files.len(),
            secs,
            stats.articles as f64 / secs,
            mb / secs,
            stats.errors
        );
    }
    Ok(if stats.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn read_options(args: &AnnotateArgs, config: &Config) -> anyhow::Result<ReadOptions> {
    let mut opts = ReadOptions {
        format: match args.input_format {
            InputFormat::Auto => Format::Auto,
            InputFormat::Text => Format::Text,
            InputFormat::Jsonl => Format::Jsonl,
            InputFormat::Html => Format::Html,
            InputFormat::Feed => Format::Feed,
        },
        max_article_bytes: args.max_article_bytes.unwrap_or(config.ingest.max_article_bytes),
        default_date: args.date,
        ..ReadOptions::default()
    };
    let f = &config.ingest.fields;
    for (key, names) in [
        ("text", &f.text),
        ("title", &f.title),
        ("date", &f.date),
        ("url", &f.url),
        ("source", &f.source),
        ("id", &f.id),
    ] {
        if !names.is_empty() {
            set_field(&mut opts, key, names.clone())?;
        }
    }
    for spec in &args.fields {
        let (key, names) =
            spec.split_once('=').with_context(|| format!("--field `{spec}`: expected KEY=NAME[,NAME…]"))?;
        let names: Vec<String> =
            names.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect();
        set_field(&mut opts, key.trim(), names)?;
    }
    Ok(opts)
}

fn set_field(opts: &mut ReadOptions, key: &str, names: Vec<String>) -> anyhow::Result<()> {
    let slot = match key {
        "text" => &mut opts.fields.text,
        "title" => &mut opts.fields.title,
        "date" => &mut opts.fields.date,
        "url" => &mut opts.fields.url,
        "source" => &mut opts.fields.source,
        "id" => &mut opts.fields.id,
        other => bail!("unknown field key `{other}` (expected text, title, date, url, source or id)"),
    };
    *slot = names;
    Ok(())
}

#[derive(Default)]
struct Stats {
    articles: u64,
    bytes: u64,
    errors: u64,
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

fn report(progress: &ProgressBar, err: &IngestError, stats: &mut Stats) {
    stats.errors += 1;
    progress.suspend(|| eprintln!("marsad: {err}"));
}

/// Result of writing one batch: the articles and bytes written, or an I/O error.
type Written = io::Result<(u64, u64)>;

/// Returns false when the reader of our output went away (broken pipe).
fn handle_write(done: Written, progress: &ProgressBar, stats: &mut Stats) -> anyhow::Result<bool> {
    match done {
        Ok((n, bytes)) => {
            stats.articles += n;
            stats.bytes += bytes;
            progress.inc(n);
            Ok(true)
        }
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e).context("writing output"),
    }
}

fn flush(
    annotator: &Annotator,
    batch: &mut Vec<Article>,
    format: OutputFormat,
    json_opts: JsonOptions,
    renderer: &TextRenderer,
    out: &mut impl Write,
) -> Written {
    let bytes: u64 = batch.iter().map(|a| a.text.len() as u64).sum();
    let rendered: Vec<String> = batch
        .par_drain(..)
        .map(|a| {
            let meta = DocMeta { id: a.id, source: a.source, date: a.date, title: a.title, url: a.url };
            let mut doc = annotator.annotate(meta, a.text);
            // What the reader noticed (an unreadable date, say) travels with
            // the document.
            doc.diagnostics.extend(
                a.warnings.into_iter().map(|w| Diagnostic::new(Level::Warning, format!("{}: {w}", a.input))),
            );
            match format {
                OutputFormat::Json => to_json_line(&doc, json_opts),
                OutputFormat::Text => renderer.render(&doc),
            }
        })
        .collect();
    for line in &rendered {
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok((rendered.len() as u64, bytes))
}
