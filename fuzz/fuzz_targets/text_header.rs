//! Fuzzes the dated plain-text reader (the `date YYYY-MM-DD` header): any
//! bytes must give an article or an error, never a panic, and the article's
//! text must be the verbatim slice of the input that its position names.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_ingest::{read_bytes, Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions { format: Format::Text, max_article_bytes: 1 << 16, ..ReadOptions::default() };
    for result in read_bytes("fuzz-input", data, &opts) {
        if let Ok(article) = result {
            assert!(!article.text.trim().is_empty());
            assert!(article.text.len() <= opts.max_article_bytes);
            let start = article.input.byte.expect("text articles carry their byte offset") as usize;
            assert_eq!(&data[start..start + article.text.len()], article.text.as_bytes());
        }
    }
});
