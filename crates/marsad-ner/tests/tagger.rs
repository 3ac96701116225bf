//! The tagger: training, determinism, the model file, and the shipped model.

use marsad_ner::cli::{eval_main, tag_main};
use marsad_ner::{read_conll, train, ModelError, NerModel, TaggedSentence, TrainOptions};
use proptest::prelude::*;

/// A tiny synthetic corpus: people after قال, places after في, an
/// organisation after أعلنت. Each template a few times with different names.
fn synthetic_corpus() -> String {
    let people = ["زيد بن علي", "عمرو خالد", "سالم الراشد", "نادر يوسف"];
    let places = ["دمشق", "القاهرة", "عمان", "بيروت"];
    let orgs = ["شركة النور", "جمعية الأمل"];
    let mut out = String::new();
    for (i, person) in people.iter().enumerate() {
        let place = places[i % places.len()];
        let org = orgs[i % orgs.len()];
        out.push_str("قال O\n");
        for (k, w) in person.split(' ').enumerate() {
            out.push_str(&format!("{w} {}-PERS\n", if k == 0 { "B" } else { "I" }));
        }
        out.push_str(&format!("في O\n{place} B-LOC\nإن O\n"));
        for (k, w) in org.split(' ').enumerate() {
            out.push_str(&format!("{w} {}-ORG\n", if k == 0 { "B" } else { "I" }));
        }
        out.push_str("تعمل O\n. O\n\n");
    }
    out
}

fn synthetic() -> Vec<TaggedSentence> {
    read_conll(&synthetic_corpus()).unwrap()
}

#[test]
fn training_converges_on_a_tiny_corpus() {
    let data = synthetic();
    let model = train(&data, None, &TrainOptions { epochs: 10, ..TrainOptions::default() }).unwrap();
    for sentence in &data {
        let tokens: Vec<&str> = sentence.iter().map(|(w, _)| w.as_str()).collect();
        let gold: Vec<&str> = sentence.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(model.tag(&tokens), gold);
    }
    assert_eq!(model.tags()[0], "O");
}

#[test]
fn training_is_deterministic_and_round_trips() {
    let data = synthetic();
    let opts = TrainOptions { epochs: 5, ..TrainOptions::default() };
    let a = train(&data, Some(&data[..2]), &opts).unwrap().to_bytes();
    let b = train(&data, Some(&data[..2]), &opts).unwrap().to_bytes();
    assert_eq!(a, b, "same data and seed give the same model bytes");
    let loaded = NerModel::from_bytes(&a).unwrap();
    assert_eq!(loaded.to_bytes(), a, "save/load/save is byte-identical");
    let other_seed = train(&data, None, &TrainOptions { seed: 99, ..opts }).unwrap();
    assert!(!other_seed.to_bytes().is_empty());
}

#[test]
fn training_rejects_empty_input() {
    assert!(train(&[], None, &TrainOptions::default()).is_err());
}

#[test]
fn malformed_models_are_errors() {
    assert_eq!(NerModel::from_bytes(b"").err(), Some(ModelError::Truncated { at: 0 }));
    assert_eq!(NerModel::from_bytes(b"XXXXXXXXXXXX").err(), Some(ModelError::BadMagic));
    let good = NerModel::embedded().to_bytes();
    assert!(matches!(NerModel::from_bytes(&good[..good.len() - 3]), Err(ModelError::Truncated { .. })));
    let mut longer = good.clone();
    longer.push(0);
    assert_eq!(NerModel::from_bytes(&longer).err(), Some(ModelError::Malformed("trailing bytes")));
}

#[test]
fn embedded_model_is_current_and_round_trips() {
    let model = NerModel::embedded();
    assert!(
        model.matches_lexicons(),
        "the lexicons changed since the model was trained: retrain (see docs/design/ner.md)"
    );
    assert!(model.uses_document_context(), "the shipped model has a document pass");
    let bytes = model.to_bytes();
    assert_eq!(bytes, include_bytes!("../model/ner.bin"));
    assert!(bytes.len() < 50 << 20);
    assert_eq!(
        model.tags(),
        ["O", "B-LOC", "B-MISC", "B-ORG", "B-PERS", "I-LOC", "I-MISC", "I-ORG", "I-PERS"]
    );
}

/// One case: space-separated tokens and the expected tags of the clear ones
/// (`_` where we do not assert).
fn check_tags(sentence: &str, expected: &str) {
    let tokens: Vec<&str> = sentence.split(' ').collect();
    let tags = NerModel::embedded().tag(&tokens);
    let expected: Vec<&str> = expected.split(' ').collect();
    assert_eq!(tokens.len(), expected.len(), "test case length: {sentence}");
    for ((token, got), want) in tokens.iter().zip(&tags).zip(&expected) {
        if *want != "_" {
            assert_eq!(got, want, "{token} in «{sentence}»: got {tags:?}");
        }
    }
}

#[test]
fn embedded_model_tags_clear_cases() {
    check_tags("وصل الرئيس الأمريكي جورج بوش إلى بغداد أمس .", "O O _ B-PERS I-PERS O B-LOC O O");
    check_tags("قال وزير الخارجية الفرنسي إن فرنسا تدعم الاتفاق", "O O O _ O B-LOC O O");
    check_tags("وأعلنت الأمم المتحدة في نيويورك أن الوضع خطير", "O B-ORG I-ORG O B-LOC O O O");
}

#[test]
fn document_pass_uses_the_neighbouring_sentences() {
    let model = NerModel::embedded();
    let article: Vec<Vec<&str>> =
        ["وقال وزير الخارجية البريطاني جاك سترو إن بلاده تدعم الاتفاق .", "وأضاف سترو أن المحادثات ستستمر ."]
            .iter()
            .map(|s| s.split(' ').collect())
            .collect();
    let tagged = model.tag_sentences(&article);
    assert_eq!(tagged.len(), 2);
    assert_eq!(tagged[0][4..6], ["B-PERS", "I-PERS"], "{tagged:?}");
    assert_eq!(tagged[1][1], "B-PERS", "the surname alone, after the full name: {tagged:?}");
    // One sentence through either entry point gives the same tags.
    assert_eq!(model.tag_sentences(&article[1..])[0], model.tag(&article[1]));
    let with_confidence = model.tag_sentences_with_confidence(&article);
    let tags_only: Vec<Vec<String>> =
        with_confidence.iter().map(|s| s.iter().map(|(t, _)| t.clone()).collect()).collect();
    assert_eq!(tags_only, tagged);
}

#[test]
fn cli_functions_tag_and_score_conll() {
    let model = train(&synthetic(), None, &TrainOptions { epochs: 10, ..TrainOptions::default() }).unwrap();
    let gold = synthetic_corpus();
    let mut out = Vec::new();
    let n = tag_main(&model, gold.as_bytes(), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(n, gold.lines().filter(|l| !l.is_empty()).count());
    assert!(out.starts_with("قال O O\nزيد B-PERS B-PERS\n"), "{out}");
    let mut report_text = Vec::new();
    let report = eval_main(&model, &gold, &mut report_text).unwrap();
    assert_eq!(report.overall.f1(), 100.0);
    assert_eq!(report.overall.gold, 12);
    assert!(String::from_utf8(report_text).unwrap().contains("FB1: 100.00"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn tagging_any_tokens_gives_one_valid_tag_each(tokens in proptest::collection::vec("\\PC{0,12}", 0..20)) {
        let tags = NerModel::embedded().tag(&tokens);
        prop_assert_eq!(tags.len(), tokens.len());
        // BIO constraint: I-X only after B-X or I-X.
        for (i, t) in tags.iter().enumerate() {
            if let Some(ty) = t.strip_prefix("I-") {
                prop_assert!(i > 0 && tags[i - 1].ends_with(ty), "{:?}", tags);
            }
        }
    }

    #[test]
    fn tagging_any_document_gives_one_valid_tag_per_token(
        sentences in proptest::collection::vec(proptest::collection::vec("\\PC{0,8}", 0..12), 0..6)
    ) {
        let tagged = NerModel::embedded().tag_sentences(&sentences);
        prop_assert_eq!(tagged.len(), sentences.len());
        for (tags, tokens) in tagged.iter().zip(&sentences) {
            prop_assert_eq!(tags.len(), tokens.len());
            for (i, t) in tags.iter().enumerate() {
                if let Some(ty) = t.strip_prefix("I-") {
                    prop_assert!(i > 0 && tags[i - 1].ends_with(ty), "{:?}", tags);
                }
            }
        }
    }

    #[test]
    fn loading_garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut with_magic = b"MNER".to_vec();
        with_magic.extend_from_slice(&bytes);
        let _ = NerModel::from_bytes(&bytes);
        let _ = NerModel::from_bytes(&with_magic);
    }
}
