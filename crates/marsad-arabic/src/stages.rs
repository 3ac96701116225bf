//! The text engine as pipeline stages.

use crate::numbers::NumberFinder;
use crate::repeats::RepeatFinder;
use crate::sentences::SentenceSplitter;
use crate::tokenize::Tokenizer;
use marsad_core::{Doc, Layer, Stage};

/// Splits the text into sentences.
pub struct SentenceStage(pub SentenceSplitter);

impl Stage for SentenceStage {
    fn name(&self) -> &'static str {
        "sentences"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn run(&self, doc: &mut Doc) {
        doc.sentences = self.0.split(doc.text());
    }
}

/// Cuts the text into tokens with clitics, stems and lemma keys.
pub struct TokenStage(pub &'static Tokenizer);

impl Stage for TokenStage {
    fn name(&self) -> &'static str {
        "tokens"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn run(&self, doc: &mut Doc) {
        doc.tokens = self.0.tokenize(doc.text());
    }
}

/// Finds numbers in digits and words.
pub struct NumberStage(pub NumberFinder);

impl Stage for NumberStage {
    fn name(&self) -> &'static str {
        "numbers"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Numbers]
    }
    fn run(&self, doc: &mut Doc) {
        doc.numbers = self.0.find(doc.text());
    }
}

/// Reports passages that repeat an earlier passage.
pub struct RepeatStage(pub RepeatFinder);

impl Stage for RepeatStage {
    fn name(&self) -> &'static str {
        "repeats"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Duplicates]
    }
    fn run(&self, doc: &mut Doc) {
        doc.duplicates = self.0.find(doc.text());
    }
}

/// The text engine's stages, in order, with the embedded lexicons.
pub fn text_stages(repeat_min_words: usize) -> Vec<Box<dyn Stage>> {
    vec![
        Box::new(SentenceStage(SentenceSplitter::default())),
        Box::new(TokenStage(Tokenizer::shared())),
        Box::new(NumberStage(NumberFinder::default())),
        Box::new(RepeatStage(RepeatFinder { min_words: repeat_min_words })),
    ]
}
