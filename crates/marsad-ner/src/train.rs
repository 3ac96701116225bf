//! Training: an averaged structured perceptron (Collins 2002) with Viterbi
//! decoding under BIO constraints, deterministic for a given seed.

use crate::conll::TaggedSentence;
use crate::eval::{evaluate, Report};
use crate::features::{FeatureExtractor, Lexicons, SentenceFeatures};
use crate::model::{FeatureIndex, NerModel};
use std::io::Write;

/// Training settings.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// Passes over the training data. With a dev set, the best epoch's
    /// model is returned.
    pub epochs: usize,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
    /// Averaged weights smaller than this in magnitude are dropped, which
    /// shrinks the model file.
    pub prune_below: f32,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions { epochs: 15, seed: 20_251_231, prune_below: 0.01 }
    }
}

/// Why training could not start.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TrainError {
    /// No non-empty training sentence.
    #[error("no training sentences")]
    Empty,
    /// More tags than the model format holds.
    #[error("{0} distinct tags; a model holds at most 16")]
    TooManyTags(usize),
}

/// What happened in one epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct EpochReport {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Training sentences decoded wrongly during the epoch.
    pub sentence_errors: usize,
    /// Dev scores of the averaged model after the epoch.
    pub dev: Option<Report>,
}

/// All epochs, and which one the returned model comes from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrainReport {
    /// One report per epoch, in order.
    pub epochs: Vec<EpochReport>,
    /// The epoch (1-based) whose averaged model was returned.
    pub best_epoch: usize,
}

/// Splits off a fixed dev set: every `every`-th sentence (the 10th, 20th …
/// for `every == 10`) goes to dev, the rest to train.
pub fn split_dev(sentences: &[TaggedSentence], every: usize) -> (Vec<TaggedSentence>, Vec<TaggedSentence>) {
    let mut train = Vec::new();
    let mut dev = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        if every > 0 && i % every == every - 1 {
            dev.push(s.clone());
        } else {
            train.push(s.clone());
        }
    }
    (train, dev)
}

/// Trains a model; see [`train_with_report`].
pub fn train(
    sentences: &[TaggedSentence],
    dev: Option<&[TaggedSentence]>,
    opts: &TrainOptions,
) -> Result<NerModel, TrainError> {
    train_with_report(sentences, dev, opts, &mut std::io::sink()).map(|(m, _)| m)
}

/// A small deterministic PRNG for the shuffle (xorshift64*).
struct Shuffler(u64);

impl Shuffler {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Trains on `sentences`; with `dev`, scores every epoch's averaged model
/// on it and returns the best. Progress lines go to `log`.
pub fn train_with_report(
    sentences: &[TaggedSentence],
    dev: Option<&[TaggedSentence]>,
    opts: &TrainOptions,
    log: &mut dyn Write,
) -> Result<(NerModel, TrainReport), TrainError> {
    if sentences.iter().all(|s| s.is_empty()) {
        return Err(TrainError::Empty);
    }
    let mut tag_names: Vec<String> = sentences.iter().flatten().map(|(_, t)| t.clone()).collect();
    tag_names.sort();
    tag_names.dedup();
    tag_names.retain(|t| t != "O");
    tag_names.insert(0, "O".to_string());
    let n = tag_names.len();
    if n > 16 {
        return Err(TrainError::TooManyTags(n));
    }
    let tag_id = |t: &str| tag_names.iter().position(|x| x == t).unwrap_or(0);

    let lexicons = Lexicons::embedded();
    let mut extractor = FeatureExtractor::new(lexicons);
    let featurise = |extractor: &mut FeatureExtractor, s: &TaggedSentence| {
        let tokens: Vec<&str> = s.iter().map(|(w, _)| w.as_str()).collect();
        let mut f = SentenceFeatures::default();
        extractor.extract(&tokens, &mut f);
        f
    };
    let examples: Vec<(SentenceFeatures, Vec<usize>)> = sentences
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| (featurise(&mut extractor, s), s.iter().map(|(_, t)| tag_id(t)).collect()))
        .collect();
    let dev_examples: Vec<(SentenceFeatures, Vec<String>)> = dev
        .unwrap_or_default()
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| (featurise(&mut extractor, s), s.iter().map(|(_, t)| t.clone()).collect()))
        .collect();

    let mut model = NerModel::new(
        tag_names.clone(),
        vec![0.0; (n + 1) * n],
        FeatureIndex::default(),
        Vec::new(),
        lexicons.fingerprint,
    );
    // Running sums of (step × update) for lazy averaging: the averaged
    // weight is w - acc / step.
    let mut acc: Vec<f64> = Vec::new();
    let mut acc_transitions = vec![0f64; (n + 1) * n];
    let mut step: f64 = 1.0;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Shuffler(opts.seed.max(1));
    let mut report = TrainReport::default();
    let mut best: Option<(f64, NerModel)> = None;

    for epoch in 1..=opts.epochs.max(1) {
        rng.shuffle(&mut order);
        let mut errors = 0;
        for &e in &order {
            let (feats, gold) = &examples[e];
            let emissions = model.emissions(feats);
            let pred = model.viterbi(&emissions, feats.len());
            if pred != *gold {
                errors += 1;
                for i in 0..gold.len() {
                    let (g, p) = (gold[i], pred[i]);
                    let (gp, pp) = if i == 0 { (n, n) } else { (gold[i - 1], pred[i - 1]) };
                    if g != p || gp != pp {
                        model.transitions[gp * n + g] += 1.0;
                        acc_transitions[gp * n + g] += step;
                        model.transitions[pp * n + p] -= 1.0;
                        acc_transitions[pp * n + p] -= step;
                    }
                    if g == p {
                        continue;
                    }
                    for &key in feats.token(i) {
                        let next_row = model.index.len() as u32;
                        let row = *model.index.entry(key).or_insert(next_row) as usize;
                        if row == next_row as usize {
                            model.weights.resize(model.weights.len() + n, 0.0);
                            acc.resize(acc.len() + n, 0.0);
                        }
                        model.weights[row * n + g] += 1.0;
                        acc[row * n + g] += step;
                        model.weights[row * n + p] -= 1.0;
                        acc[row * n + p] -= step;
                    }
                }
            }
            step += 1.0;
        }
        let averaged = average(&model, &acc, &acc_transitions, step, opts.prune_below);
        let dev_report = (!dev_examples.is_empty()).then(|| {
            let gold: Vec<&Vec<String>> = dev_examples.iter().map(|(_, g)| g).collect();
            let pred: Vec<Vec<&str>> = dev_examples
                .iter()
                .map(|(f, _)| {
                    let em = averaged.emissions(f);
                    averaged.viterbi(&em, f.len()).into_iter().map(|t| averaged.tags[t].as_str()).collect()
                })
                .collect();
            let gold: Vec<Vec<&str>> = gold.iter().map(|g| g.iter().map(|s| s.as_str()).collect()).collect();
            evaluate(&gold, &pred)
        });
        let _ = write!(
            log,
            "epoch {epoch}: {errors}/{} sentences wrong, {} features",
            examples.len(),
            averaged.feature_count()
        );
        if let Some(r) = &dev_report {
            let _ = write!(log, ", dev F1 {:.2}", r.overall.f1());
        }
        let _ = writeln!(log);
        let score = dev_report.as_ref().map_or(epoch as f64, |r| r.overall.f1());
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, averaged));
            report.best_epoch = epoch;
        }
        report.epochs.push(EpochReport { epoch, sentence_errors: errors, dev: dev_report });
    }
    let (_, model) = best.expect("at least one epoch ran");
    Ok((model, report))
}

/// The averaged model, weights below `prune_below` dropped and the index
/// compacted to the features that keep a weight.
fn average(model: &NerModel, acc: &[f64], acc_transitions: &[f64], step: f64, prune_below: f32) -> NerModel {
    let n = model.tags.len();
    let avg = |w: f32, a: f64| (w as f64 - a / step) as f32;
    let transitions = model.transitions.iter().zip(acc_transitions).map(|(&w, &a)| avg(w, a)).collect();
    let mut keys: Vec<(u64, u32)> = model.index.iter().map(|(&k, &r)| (k, r)).collect();
    keys.sort_unstable();
    let mut index = FeatureIndex::default();
    let mut weights = Vec::new();
    for (key, row) in keys {
        let r = row as usize * n;
        let averaged: Vec<f32> = (0..n)
            .map(|t| avg(model.weights[r + t], acc[r + t]))
            .map(|w| if w.abs() < prune_below { 0.0 } else { w })
            .collect();
        if averaged.iter().any(|&w| w != 0.0) {
            index.insert(key, (weights.len() / n) as u32);
            weights.extend(averaged);
        }
    }
    NerModel::new(model.tags.clone(), transitions, index, weights, model.lexicon_fingerprint)
}
