//! Keeps the lexicon files tidy: headed with their source and licence,
//! data lines sorted (by the first column's bytes), unique and trimmed.

use std::path::Path;

#[test]
fn lexicon_files_are_headed_sorted_and_unique() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 7, "expected the lexicon files in {}", dir.display());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
        assert!(!header.is_empty(), "{name}: no header comment");
        assert!(header.iter().any(|l| l.contains("Licence")), "{name}: header names no licence");
        assert!(
            header.iter().any(|l| l.contains("Written by") || l.contains("Derived")),
            "{name}: header does not say where the data came from"
        );
        let keys: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .inspect(|l| assert_eq!(l.trim(), *l, "{name}: untrimmed or blank line {l:?}"))
            .map(|l| l.split('\t').next().unwrap())
            .collect();
        for pair in keys.windows(2) {
            assert!(pair[0].as_bytes() < pair[1].as_bytes(), "{name}: {:?} before {:?}", pair[0], pair[1]);
        }
    }
}
