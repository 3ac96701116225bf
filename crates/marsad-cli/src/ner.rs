//! `marsad train ner`, `marsad tag`, `marsad eval ner`: the named-entity
//! tagger on CoNLL files, for training and for measuring accuracy on gold.

use anyhow::Context;
use clap::{Args, Subcommand};
use marsad_ner::{cli, NerModel, TrainOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum TrainCommand {
    /// Train the named-entity tagger (averaged perceptron; deterministic).
    Ner(TrainNerArgs),
}

#[derive(Args)]
pub struct TrainNerArgs {
    /// Training data in CoNLL format (token first, BIO tag last).
    #[arg(long, value_name = "FILE")]
    conll: PathBuf,
    /// Development data for reporting F1 after each epoch.
    #[arg(long, value_name = "FILE")]
    dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, value_name = "MODEL")]
    out: PathBuf,
    /// Training epochs.
    #[arg(long)]
    epochs: Option<usize>,
    /// Seed of the sentence shuffle.
    #[arg(long)]
    seed: Option<u64>,
}

#[derive(Args)]
pub struct TagArgs {
    /// Pre-tokenised CoNLL input (`-` for standard input).
    #[arg(long, value_name = "IN")]
    conll: PathBuf,
    /// A model file from `marsad train ner` (default: the embedded model).
    #[arg(long, value_name = "MODEL")]
    model: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Entity F1 (conlleval rules) of the tagger on gold CoNLL data.
    Ner(EvalNerArgs),
}

#[derive(Args)]
pub struct EvalNerArgs {
    /// Gold CoNLL data (token first, gold BIO tag last).
    #[arg(long, value_name = "GOLD")]
    conll: PathBuf,
    /// A model file from `marsad train ner` (default: the embedded model).
    #[arg(long, value_name = "MODEL")]
    model: Option<PathBuf>,
}

fn read(path: &Path) -> anyhow::Result<String> {
    if path == Path::new("-") {
        return io::read_to_string(io::stdin()).context("reading standard input");
    }
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// A model read from `path`, or none for the embedded one.
fn load_model(path: Option<&Path>) -> anyhow::Result<Option<NerModel>> {
    path.map(|p| {
        let bytes = std::fs::read(p).with_context(|| format!("reading model {}", p.display()))?;
        NerModel::from_bytes(&bytes).with_context(|| format!("model {}", p.display()))
    })
    .transpose()
}

pub fn train(cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    let TrainCommand::Ner(args) = cmd;
    let train = read(&args.conll)?;
    let dev = args.dev.as_deref().map(read).transpose()?;
    let mut opts = TrainOptions::default();
    if let Some(e) = args.epochs {
        opts.epochs = e;
    }
    if let Some(s) = args.seed {
        opts.seed = s;
    }
    let (model, _report) = cli::train_main(&train, dev.as_deref(), &opts, &mut io::stderr())
        .with_context(|| format!("training on {}", args.conll.display()))?;
    std::fs::write(&args.out, model.to_bytes()).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!("marsad: wrote {} ({} features)", args.out.display(), model.feature_count());
    Ok(ExitCode::SUCCESS)
}

pub fn tag(args: TagArgs) -> anyhow::Result<ExitCode> {
    let loaded = load_model(args.model.as_deref())?;
    let model = loaded.as_ref().unwrap_or_else(|| NerModel::embedded());
    let input = read(&args.conll)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    cli::tag_main(model, input.as_bytes(), &mut out)
        .with_context(|| format!("tagging {}", args.conll.display()))?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn eval(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    let EvalCommand::Ner(args) = cmd;
    let loaded = load_model(args.model.as_deref())?;
    let model = loaded.as_ref().unwrap_or_else(|| NerModel::embedded());
    let gold = read(&args.conll)?;
    cli::eval_main(model, &gold, &mut io::stdout())
        .with_context(|| format!("evaluating on {}", args.conll.display()))?;
    Ok(ExitCode::SUCCESS)
}
