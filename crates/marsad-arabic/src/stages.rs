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

/// Reports passages that repeat an earlier passage, comparing tokens by
/// their normalised form.
pub struct RepeatStage(pub RepeatFinder);

impl Stage for RepeatStage {
    fn name(&self) -> &'static str {
        "repeats"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Duplicates]
    }
    fn run(&self, doc: &mut Doc) {
        doc.duplicates = self.0.find_in_tokens(&doc.tokens);
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

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_core::{DocMeta, Pipeline};

    fn run(text: &str) -> Doc {
        let pipeline = Pipeline::new(text_stages(crate::repeats::DEFAULT_MIN_WORDS)).unwrap();
        let mut doc = Doc::new(DocMeta::default(), text.to_string());
        pipeline.run(&mut doc);
        doc
    }

    #[test]
    fn repeats_over_tokens_agree_with_repeats_over_text() {
        let clause = "وإسناد الدور الأساسي في حفظ الأمن إلى قوى الشرطة المحلية بدلاً من الجيش";
        let text = format!(
            "قال الوزير إن الخطة تقضي ب{clause}. وأضاف أن الحكومة ستبدأ قريبا. وأكد أن الهدف {clause}."
        );
        let doc = run(&text);
        assert_eq!(doc.duplicates, RepeatFinder::default().find(&text));
        assert_eq!(doc.duplicates.len(), 1);
        let r = doc.duplicates[0];
        assert!(doc.slice(r.range).ends_with("من الجيش"));
        assert!(r.of.end <= r.range.start);
    }

    #[test]
    fn the_text_stages_fill_their_layers() {
        let doc = run("أعلنت الوزارة أن 3 آلاف جندي وصلوا.وقال مسؤول إن العدد ٥٠٠.");
        assert_eq!(doc.sentences.len(), 2);
        assert!(doc.tokens.len() > 10);
        let values: Vec<f64> = doc.numbers.iter().map(|n| n.value).collect();
        assert_eq!(values, vec![3000.0, 500.0]);
    }
}
