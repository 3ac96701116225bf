//! Tidy checks for the tokenizer's and stemmer's lexicon files: headed with
//! their origin and licence, one normalised entry per line, sorted, unique.

use marsad_arabic::normalize::{normalize, NormLevel};
use std::path::Path;

const WORD_LISTS: [&str; 5] = [
    "token-clitic-exceptions.txt",
    "token-suffix-exceptions.txt",
    "token-pronoun-hosts.txt",
    "token-function-words.txt",
    "stem-protected.txt",
];

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The header must say where the list came from and under which licence.
fn assert_headed(name: &str, text: &str) {
    let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
    assert!(!header.is_empty(), "{name}: no header comment");
    let header = header.join("\n");
    assert!(header.contains(name), "{name}: the header should name the file");
    assert!(header.contains("Licence"), "{name}: the header should state the licence");
    assert!(
        header.contains("Written by") || header.contains("written by"),
        "{name}: the header should say who wrote it"
    );
}

fn entries(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).collect()
}

#[test]
fn word_lists_are_tidy() {
    for name in WORD_LISTS {
        let text = read(name);
        assert_headed(name, &text);
        let words = entries(&text);
        assert!(!words.is_empty(), "{name}: empty");
        for w in &words {
            assert_eq!(*w, w.trim(), "{name}: stray white space in {w:?}");
            assert_eq!(normalize(w, NormLevel::Search), *w, "{name}: {w:?} is not Search-normalised");
        }
        for pair in words.windows(2) {
            assert!(pair[0] < pair[1], "{name}: {:?} and {:?} are not sorted or repeat", pair[0], pair[1]);
        }
    }
}

#[test]
fn lemma_table_is_tidy() {
    let name = "stem-lemmas.tsv";
    let text = read(name);
    assert_headed(name, &text);
    let keys: Vec<String> = entries(&text)
        .iter()
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 2, "{name}: {line:?} should be form<TAB>lemma");
            assert!(cols.iter().all(|c| !c.is_empty() && *c == c.trim()), "{name}: {line:?}");
            normalize(cols[0], NormLevel::Search)
        })
        .collect();
    for pair in keys.windows(2) {
        assert!(
            pair[0] < pair[1],
            "{name}: {:?} and {:?} are not sorted by normalised form or repeat",
            pair[0],
            pair[1]
        );
    }
}
