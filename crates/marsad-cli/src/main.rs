//! `marsad`: the command-line interface. A thin layer over the library
//! crates: argument parsing, file I/O, parallelism, progress and output.

mod annotate;
mod board;
mod config;
mod events;
mod export;
mod follow;
mod ner;
mod places;
mod serve;
mod store;
mod text_output;
mod watch;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Marsad (مرصد): Arabic news in, facts with exact character spans out.
#[derive(Parser)]
#[command(name = "marsad", version, about, long_about = None, propagate_version = true)]
struct Cli {
    /// Configuration file (TOML). Flags override its values.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Annotate articles and print one JSON document per article (or a
    /// readable summary on a terminal).
    ///
    /// PATH may be a file (dated plain text, JSONL, HTML, RSS/Atom), a
    /// directory (read recursively) or `-` for standard input. Bad inputs are
    /// reported on stderr with the file, line or byte and the reason, and the
    /// batch goes on (unless --strict).
    Annotate(annotate::AnnotateArgs),
    /// Train a model. `marsad train ner --conll FILE [--dev FILE] --out MODEL`
    /// trains the named-entity tagger on CoNLL data (token first, BIO tag
    /// last: ANERcorp's PERS LOC ORG MISC).
    #[command(subcommand)]
    Train(ner::TrainCommand),
    /// Tag pre-tokenised CoNLL text: every line comes back with the
    /// predicted BIO tag appended as the last column.
    Tag(ner::TagArgs),
    /// Evaluate a component on gold data. `marsad eval ner --conll GOLD`
    /// prints per-type and overall entity F1 with the conlleval rules.
    #[command(subcommand)]
    Eval(ner::EvalCommand),
    /// Annotate articles and add them to the store (SQLite and a full-text
    /// index). Idempotent: an article whose text is already stored is
    /// skipped, so re-ingesting a folder adds only what is new.
    Ingest(store::IngestArgs),
    /// Search the store: Arabic words in any inflection, "phrases", and
    /// filters by date, source, entity, place, country and event type.
    Search(store::SearchArgs),
    /// Counts of what the store holds.
    Stats(store::StoreArg),
    /// The gazetteer: look names up, or add a GeoNames dump.
    #[command(subcommand)]
    Places(places::PlacesCommand),
    /// Events merged across articles (one event reported by many outlets
    /// counts once), filtered by place, time, type and actor.
    Events(events::EventsArgs),
    /// The situation board: for each place, who holds it, who runs its
    /// security and which troops are there, over time, each change backed
    /// by its sentences and sources.
    Board(board::BoardArgs),
    /// Write the store's documents, entities and events as JSONL, CSV or
    /// Parquet (PLOVER-like and ACLED-like event tables).
    Export(export::ExportArgs),
    /// Serve the HTTP JSON API and the web UI (127.0.0.1 by default),
    /// after ingesting the given paths, if any.
    Serve(serve::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = config::Config::load(cli.config.as_deref()).and_then(|config| match cli.command {
        Command::Annotate(args) => annotate::run(args, &config),
        Command::Train(cmd) => ner::train(cmd),
        Command::Tag(args) => ner::tag(args),
        Command::Eval(cmd) => ner::eval(cmd),
        Command::Places(cmd) => places::run(cmd, &config),
        Command::Ingest(args) => store::ingest(args, &config),
        Command::Search(args) => store::search(args, &config),
        Command::Stats(args) => store::stats(args, &config),
        Command::Events(args) => events::run(args, &config),
        Command::Board(args) => board::run(args, &config),
        Command::Export(args) => export::run(args, &config),
        Command::Serve(args) => serve::run(args, &config),
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("marsad: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
