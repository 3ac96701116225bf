//! Entry points for the command line (`marsad train ner`, `marsad tag`,
//! `marsad eval ner`): they take readers and writers, the CLI crate wires
//! the flags.

use crate::conll::{line_token, read_conll, read_conll_lines, write_tagged, ConllError};
use crate::eval::{evaluate, Report};
use crate::model::{ModelError, NerModel};
use crate::postrules::repair_document;
use crate::train::{train_with_report, TrainError, TrainOptions, TrainReport};
use std::io::{self, Read, Write};

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    /// The CoNLL input is malformed.
    #[error("reading CoNLL input: {0}")]
    Conll(#[from] ConllError),
    /// Training could not start.
    #[error("{0}")]
    Train(#[from] TrainError),
    /// The model file could not be loaded.
    #[error("loading model: {0}")]
    Model(#[from] ModelError),
    /// Reading the input or writing the output failed.
    #[error("I/O: {0}")]
    Io(#[from] io::Error),
}

/// `marsad train ner --conll FILE [--dev FILE] --out MODEL`: trains on the
/// CoNLL text `train`, selects the epoch on `dev` when given, writes
/// progress to `log` and returns the model (save it with
/// [`NerModel::to_bytes`]).
pub fn train_main(
    train: &str,
    dev: Option<&str>,
    opts: &TrainOptions,
    log: &mut dyn Write,
) -> Result<(NerModel, TrainReport), NerError> {
    let train = read_conll(train)?;
    let dev = dev.map(read_conll).transpose()?;
    writeln!(
        log,
        "training on {} sentences ({} tokens){}",
        train.len(),
        train.iter().map(Vec::len).sum::<usize>(),
        dev.as_ref().map_or(String::new(), |d| format!(", dev {} sentences", d.len()))
    )?;
    Ok(train_with_report(&train, dev.as_deref(), opts, log)?)
}

/// `marsad tag --conll IN > OUT`: copies each line of `input` and appends
/// the predicted tag as a last column: the model's tags after the post-rules
/// ([`repair_document`]), as the stage applies them. Returns the number of
/// tokens tagged.
pub fn tag_main(model: &NerModel, mut input: impl Read, mut output: impl Write) -> Result<usize, NerError> {
    let mut text = String::new();
    input.read_to_string(&mut text)?;
    // The whole file at once, in order: the document pass reads the
    // neighbouring sentences.
    let sentences = read_conll_lines(&text);
    let words: Vec<Vec<&str>> =
        sentences.iter().map(|lines| lines.iter().map(|l| line_token(l)).collect()).collect();
    let mut tags = model.tag_sentences(&words);
    repair_document(&words, &mut tags);
    let mut tokens = 0;
    for (lines, tags) in sentences.iter().zip(&tags) {
        tokens += lines.len();
        write_tagged(&mut output, lines, tags)?;
    }
    Ok(tokens)
}

/// `marsad eval ner --conll GOLD`: tags the tokens of the gold file (model
/// and post-rules, as [`tag_main`]) and scores the result with conlleval's
/// rules; writes the report to `out`.
pub fn eval_main(model: &NerModel, gold: &str, out: &mut dyn Write) -> Result<Report, NerError> {
    let gold = read_conll(gold)?;
    let gold_tags: Vec<Vec<&str>> =
        gold.iter().map(|s| s.iter().map(|(_, t)| t.as_str()).collect()).collect();
    let words: Vec<Vec<&str>> = gold.iter().map(|s| s.iter().map(|(w, _)| w.as_str()).collect()).collect();
    let mut predicted = model.tag_sentences(&words);
    repair_document(&words, &mut predicted);
    let report = evaluate(&gold_tags, &predicted);
    write!(out, "{report}")?;
    Ok(report)
}
