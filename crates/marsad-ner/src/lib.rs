//! Arabic named-entity recognition for Marsad.
//!
//! - [`NerModel`]: an averaged structured perceptron over hashed features
//!   (word forms, clitic-stripped forms and stems, affixes, letter trigrams,
//!   shape, ±2 context, gazetteers, trigger words, word clusters) with
//!   Viterbi decoding under BIO constraints, in two passes: a sentence pass,
//!   then a document pass that also sees how the sentence pass tagged the
//!   same words in the neighbouring sentences ([`NerModel::tag_sentences`]);
//!   [`train`] makes one, deterministically for a seed.
//!   The shipped model (trained on ANERcorp train, CC BY-SA 4.0) is compiled
//!   in: [`NerModel::embedded`].
//! - [`conll`]: reading and writing CoNLL files; [`eval`]: conlleval-style
//!   entity scoring.
//! - [`NerStage`]: the pipeline stage. It tags the article's sentences
//!   together, maps chunks to source ranges that skip attached و ف ب ك ل
//!   but keep ال (`والعراق` → `العراق`), lets curated gazetteer names and
//!   facility heads make the longest name win (`قاعدة عين الأسد`), and links
//!   mentions inside an article (`المحمداوي` → `قيس المحمداوي`, `رئيس
//!   الحكومة` → the person the article gave that title), with a Latin
//!   transliteration ([`Transliterator`]).
//! - [`cli`]: the functions behind `marsad train ner`, `marsad tag` and
//!   `marsad eval ner`.

#![warn(missing_docs)]

pub mod cli;
pub mod clusters;
pub mod conll;
pub mod eval;
pub mod features;
mod model;
pub mod postrules;
mod stage;
mod train;
pub mod translit;

pub use conll::{read_conll, write_tagged, ConllError, TaggedSentence};
pub use eval::{evaluate, Report, Score};
pub use model::{ModelError, NerModel};
pub use stage::{NerStage, MODEL_NAME};
pub use train::{split_dev, train, train_with_report, EpochReport, TrainError, TrainOptions, TrainReport};
pub use translit::Transliterator;
