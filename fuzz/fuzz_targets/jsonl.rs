//! Fuzzes the jsonl reader: any bytes must give articles or errors,
//! never a panic, and every article must respect the reader's guarantees.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_ingest::{read_bytes, Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions { format: Format::Jsonl, max_article_bytes: 1 << 16, ..ReadOptions::default() };
    for result in read_bytes("fuzz-input", data, &opts) {
        if let Ok(article) = result {
            assert!(!article.text.trim().is_empty());
            assert!(article.text.len() <= opts.max_article_bytes);
        }
    }
});
