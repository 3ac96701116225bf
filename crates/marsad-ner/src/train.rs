//! Training: an averaged structured perceptron (Collins 2002) with Viterbi
//! decoding under BIO constraints, deterministic for a given seed.

use crate::conll::TaggedSentence;
use crate::eval::{evaluate, Report};
use crate::features::add_document_features;
use crate::features::{FeatureExtractor, Lexicons, SentenceFeatures};
use crate::model::{allowed_transitions, NerModel, Tagger};
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
    /// Train a document pass on top of the sentence pass.
    pub document_pass: bool,
    /// Folds of the training data for the document pass: each fold is
    /// tagged by a sentence pass trained on the others, so the document pass
    /// learns from first-pass tags as error-prone as on new text.
    pub jackknife_folds: usize,
    /// Taggers trained per pass, each with its own shuffle seed, whose
    /// weights are averaged into one (tagging cost does not grow).
    pub ensemble: usize,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 15,
            seed: 20_251_231,
            prune_below: 0.01,
            document_pass: true,
            jackknife_folds: 5,
            ensemble: 3,
        }
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

/// All epochs of the last pass trained, and which one the returned model
/// comes from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrainReport {
    /// One report per epoch, in order.
    pub epochs: Vec<EpochReport>,
    /// The epoch (1-based) whose averaged model was returned.
    pub best_epoch: usize,
    /// The sentence pass's report when a document pass was trained on top.
    pub sentence_pass: Option<Box<TrainReport>>,
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

/// Trains on `sentences` (in document order: the document pass looks at
/// neighbouring sentences); with `dev`, scores every epoch's averaged model
/// on it and keeps the best. Progress lines go to `log`.
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
    let mut featurise = |s: &TaggedSentence| {
        let tokens: Vec<&str> = s.iter().map(|(w, _)| w.as_str()).collect();
        let mut f = SentenceFeatures::default();
        extractor.extract(&tokens, &mut f);
        f
    };
    let kept: Vec<&TaggedSentence> = sentences.iter().filter(|s| !s.is_empty()).collect();
    let train_feats: Vec<SentenceFeatures> = kept.iter().map(|s| featurise(s)).collect();
    let train_gold: Vec<Vec<usize>> =
        kept.iter().map(|s| s.iter().map(|(_, t)| tag_id(t)).collect()).collect();
    let dev_kept: Vec<&TaggedSentence> = dev.unwrap_or_default().iter().filter(|s| !s.is_empty()).collect();
    let dev_feats: Vec<SentenceFeatures> = dev_kept.iter().map(|s| featurise(s)).collect();
    let dev_gold: Vec<Vec<String>> =
        dev_kept.iter().map(|s| s.iter().map(|(_, t)| t.clone()).collect()).collect();

    let pass = Pass { tags: &tag_names, allowed: allowed_transitions(&tag_names), opts };
    let dev_set = |feats| (!dev_gold.is_empty()).then_some((feats, dev_gold.as_slice()));
    let _ = writeln!(log, "sentence pass");
    let (sentence, sentence_report) = pass.train(&train_feats, &train_gold, dev_set(&dev_feats[..]), log);
    let sentence_model = NerModel::new(tag_names.clone(), lexicons.fingerprint, sentence, None);
    if !opts.document_pass {
        return Ok((sentence_model, sentence_report));
    }

    // First-pass tags of the training data from sentence passes that did
    // not see them (contiguous folds, so a fold is mostly other articles).
    let folds = opts.jackknife_folds.clamp(2, train_feats.len().max(2));
    let fold_opts = TrainOptions { epochs: sentence_report.best_epoch.max(1), ..opts.clone() };
    let fold_pass = Pass { opts: &fold_opts, ..pass.clone() };
    let mut first_pass: Vec<Vec<usize>> = Vec::with_capacity(train_feats.len());
    for fold in 0..folds {
        let (lo, hi) = (fold * train_feats.len() / folds, (fold + 1) * train_feats.len() / folds);
        let others: Vec<SentenceFeatures> =
            train_feats[..lo].iter().chain(&train_feats[hi..]).cloned().collect();
        let others_gold: Vec<Vec<usize>> =
            train_gold[..lo].iter().chain(&train_gold[hi..]).cloned().collect();
        let (tagger, _) = fold_pass.train(&others, &others_gold, None, &mut std::io::sink());
        let fold_model = NerModel::new(tag_names.clone(), lexicons.fingerprint, tagger, None);
        first_pass.extend(fold_model.first_pass(&train_feats[lo..hi]));
        let _ = writeln!(log, "jackknife fold {}/{folds} tagged", fold + 1);
    }
    let train_doc = add_document_features(&train_feats, &first_pass, &tag_names);
    let dev_doc = sentence_model.with_document_features(&dev_feats);
    let _ = writeln!(log, "document pass");
    let (document, mut report) = pass.train(&train_doc, &train_gold, dev_set(&dev_doc[..]), log);
    report.sentence_pass = Some(Box::new(sentence_report));
    let NerModel { sentence, .. } = sentence_model;
    Ok((NerModel::new(tag_names, lexicons.fingerprint, sentence, Some(document)), report))
}

/// What one pass's training needs besides its examples.
#[derive(Clone)]
struct Pass<'a> {
    tags: &'a [String],
    allowed: Vec<bool>,
    opts: &'a TrainOptions,
}

impl Pass<'_> {
    /// Trains [`TrainOptions::ensemble`] taggers with different shuffles
    /// and averages them; the report is the first one's.
    fn train(
        &self,
        examples: &[SentenceFeatures],
        gold: &[Vec<usize>],
        dev: Option<(&[SentenceFeatures], &[Vec<String>])>,
        log: &mut dyn Write,
    ) -> (Tagger, TrainReport) {
        let (first, report) = self.train_one(self.opts.seed, examples, gold, dev, log);
        let members = self.opts.ensemble.max(1);
        if members == 1 {
            return (first, report);
        }
        let n = self.tags.len();
        let mut sum = first;
        for k in 1..members {
            let seed = self.opts.seed.wrapping_add(k as u64 * 0x9E37_79B9);
            let _ = writeln!(log, "ensemble member {}/{members}", k + 1);
            let (next, _) = self.train_one(seed, examples, gold, dev, log);
            add_tagger(n, &mut sum, &next);
        }
        let scale = 1.0 / members as f32;
        sum.transitions.iter_mut().for_each(|w| *w *= scale);
        sum.weights.iter_mut().for_each(|w| *w *= scale);
        (sum, report)
    }

    /// Trains one tagger (averaged structured perceptron) with the shuffle
    /// seeded by `seed`; with `dev`, returns the epoch that scores best on it.
    fn train_one(
        &self,
        seed: u64,
        examples: &[SentenceFeatures],
        gold: &[Vec<usize>],
        dev: Option<(&[SentenceFeatures], &[Vec<String>])>,
        log: &mut dyn Write,
    ) -> (Tagger, TrainReport) {
        let n = self.tags.len();
        let mut model = Tagger::new(n);
        // Running sums of (step × update) for lazy averaging: the averaged
        // weight is w - acc / step.
        let mut acc: Vec<f64> = Vec::new();
        let mut acc_transitions = vec![0f64; (n + 1) * n];
        let mut step: f64 = 1.0;
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = Shuffler(seed.max(1));
        let mut report = TrainReport::default();
        let mut best: Option<(f64, Tagger)> = None;

        for epoch in 1..=self.opts.epochs.max(1) {
            rng.shuffle(&mut order);
            let mut errors = 0;
            for &e in &order {
                let (feats, gold) = (&examples[e], &gold[e]);
                let emissions = model.emissions(n, feats);
                let pred = model.viterbi(n, &self.allowed, &emissions, feats.len());
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
            let averaged = average(n, &model, &acc, &acc_transitions, step, self.opts.prune_below);
            let dev_report = dev.map(|(feats, gold)| {
                let pred: Vec<Vec<&str>> = feats
                    .iter()
                    .map(|f| {
                        let em = averaged.emissions(n, f);
                        let path = averaged.viterbi(n, &self.allowed, &em, f.len());
                        path.into_iter().map(|t| self.tags[t].as_str()).collect()
                    })
                    .collect();
                evaluate(gold, &pred)
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
        let (_, tagger) = best.expect("at least one epoch ran");
        (tagger, report)
    }
}

/// Adds `other`'s weights and transitions to `sum` (features missing from
/// `sum` get new rows, appended in key order so the result is
/// deterministic).
fn add_tagger(n: usize, sum: &mut Tagger, other: &Tagger) {
    for (s, o) in sum.transitions.iter_mut().zip(&other.transitions) {
        *s += o;
    }
    let mut keys: Vec<(u64, u32)> = other.index.iter().map(|(&k, &r)| (k, r)).collect();
    keys.sort_unstable();
    for (key, row) in keys {
        let next_row = (sum.weights.len() / n) as u32;
        let target = *sum.index.entry(key).or_insert(next_row) as usize;
        if target == next_row as usize {
            sum.weights.resize(sum.weights.len() + n, 0.0);
        }
        for t in 0..n {
            sum.weights[target * n + t] += other.weights[row as usize * n + t];
        }
    }
}

/// The averaged tagger, weights below `prune_below` dropped and the index
/// compacted to the features that keep a weight.
fn average(
    n: usize,
    model: &Tagger,
    acc: &[f64],
    acc_transitions: &[f64],
    step: f64,
    prune_below: f32,
) -> Tagger {
    let avg = |w: f32, a: f64| (w as f64 - a / step) as f32;
    let transitions = model.transitions.iter().zip(acc_transitions).map(|(&w, &a)| avg(w, a)).collect();
    let mut keys: Vec<(u64, u32)> = model.index.iter().map(|(&k, &r)| (k, r)).collect();
    keys.sort_unstable();
    let mut averaged = Tagger { transitions, ..Tagger::default() };
    for (key, row) in keys {
        let r = row as usize * n;
        let weights: Vec<f32> = (0..n)
            .map(|t| avg(model.weights[r + t], acc[r + t]))
            .map(|w| if w.abs() < prune_below { 0.0 } else { w })
            .collect();
        if weights.iter().any(|&w| w != 0.0) {
            averaged.index.insert(key, (averaged.weights.len() / n) as u32);
            averaged.weights.extend(weights);
        }
    }
    averaged
}
