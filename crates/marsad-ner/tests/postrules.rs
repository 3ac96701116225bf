//! Invariants of the post-rules on arbitrary tag sequences: they never
//! panic, keep the length, keep BIO valid (an `I-X` only continues an `X`)
//! and never invent a type the input did not have, except MISC for ships
//! and a place or organisation right after its head noun (`حي`, `نادي`).

use marsad_ner::postrules::{repair_document, repair_sentence};
use proptest::prelude::*;

/// Words the rules look at (particles, titles, nisbas, ships, و-words) and
/// some plain ones, so random sentences exercise every rule.
const WORDS: &[&str] = &[
    "محمد",
    "بن",
    "أبو",
    "آل",
    "عبد",
    "الخامس",
    "عشر",
    "الملك",
    "ناقلة",
    "\"",
    "الخطابي",
    "السويسري",
    "للسيد",
    "وبلير",
    "على",
    "علي",
    "،",
    ".",
    "قال",
    "بغداد",
    "الرئيس",
    "المتوفى",
    "و",
    "جوتشولك",
    "حي",
    "بمحافظة",
    "نادي",
    "سكني",
];
const TAGS: &[&str] = &["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"];

/// A valid BIO sequence from arbitrary tag choices: an `I-X` that does not
/// continue an `X` becomes `B-X` (the tagger's decoder never emits it).
fn valid_bio(choices: &[usize]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for &c in choices {
        let tag = TAGS[c % TAGS.len()];
        let fixed = match tag.strip_prefix("I-") {
            Some(ty) if tags.last().and_then(|t| t.get(2..)) != Some(ty) => format!("B-{ty}"),
            _ => tag.to_string(),
        };
        tags.push(fixed);
    }
    tags
}

fn assert_valid(tags: &[String], before: &[String], words: &[&str]) {
    for (i, tag) in tags.iter().enumerate() {
        if let Some(ty) = tag.strip_prefix("I-") {
            let prev = i.checked_sub(1).and_then(|p| tags[p].get(2..));
            assert_eq!(prev, Some(ty), "I-{ty} at {i} does not continue a chunk: {tags:?}");
        }
        if let Some(ty) = tag.get(2..) {
            let head = match ty {
                "LOC" => ["حي", "بمحافظة"].as_slice(),
                "ORG" => ["نادي"].as_slice(),
                _ => [].as_slice(),
            };
            assert!(
                ty == "MISC"
                    || before.iter().any(|t| t.get(2..) == Some(ty))
                    || words.iter().any(|w| head.contains(w)),
                "type {ty} invented: {before:?} -> {tags:?}"
            );
        }
    }
}

proptest! {
    #[test]
    fn sentence_rules_keep_bio_valid(
        sentence in prop::collection::vec((0..WORDS.len(), 0..TAGS.len()), 0..14)
    ) {
        let words: Vec<&str> = sentence.iter().map(|&(w, _)| WORDS[w]).collect();
        let before = valid_bio(&sentence.iter().map(|&(_, t)| t).collect::<Vec<_>>());
        let mut tags = before.clone();
        repair_sentence(&words, &mut tags);
        prop_assert_eq!(tags.len(), words.len());
        assert_valid(&tags, &before, &words);
    }

    #[test]
    fn document_rules_keep_bio_valid(
        sentences in prop::collection::vec(
            prop::collection::vec((0..WORDS.len(), 0..TAGS.len()), 0..10), 0..6)
    ) {
        let words: Vec<Vec<&str>> =
            sentences.iter().map(|s| s.iter().map(|&(w, _)| WORDS[w]).collect()).collect();
        let before: Vec<Vec<String>> = sentences
            .iter()
            .map(|s| valid_bio(&s.iter().map(|&(_, t)| t).collect::<Vec<_>>()))
            .collect();
        let mut tags = before.clone();
        repair_document(&words, &mut tags);
        let all_before: Vec<String> = before.concat();
        let all_words: Vec<&str> = words.concat();
        for (w, t) in words.iter().zip(&tags) {
            prop_assert_eq!(w.len(), t.len());
            assert_valid(t, &all_before, &all_words);
        }
    }
}

#[test]
fn mismatched_lengths_are_left_alone() {
    let mut tags = vec!["B-PERS".to_string()];
    repair_sentence(&["محمد", "بن"], &mut tags);
    assert_eq!(tags, ["B-PERS"]);
}
