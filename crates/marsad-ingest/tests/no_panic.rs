//! No reader panics, whatever the bytes: proptest on arbitrary and
//! format-shaped inputs, and every committed fuzz crash input replayed.

use marsad_ingest::{read_bytes, Format, ReadOptions};
use proptest::prelude::*;
use std::path::Path;

const FORMATS: [Format; 5] = [Format::Auto, Format::Text, Format::Jsonl, Format::Html, Format::Feed];

/// Runs every reader on `bytes` and checks what must hold of any output.
fn read_all_ways(bytes: &[u8]) {
    for format in FORMATS {
        let opts = ReadOptions { format, max_article_bytes: 4096, ..ReadOptions::default() };
        for result in read_bytes("input", bytes, &opts) {
            match result {
                Ok(article) => {
                    assert!(!article.text.trim().is_empty(), "{format:?}: an article with no text");
                    assert!(article.text.len() <= 4096, "{format:?}: the size limit was not applied");
                }
                Err(e) => assert!(!e.message.is_empty()),
            }
        }
    }
}

/// Fragments real inputs are made of, so generated inputs reach deep into
/// the parsers rather than failing at the first byte.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("date 2025-12-31 ".to_string()),
        Just("{\"text\": \"".to_string()),
        Just("\", \"time\": \"Tue, 13 Feb 2018 10:00:00 GMT\"}\n".to_string()),
        Just("<rss><channel>".to_string()),
        Just("<item><title>".to_string()),
        Just("</title></item>".to_string()),
        Just("<feed><entry><content type=\"xhtml\"><div>".to_string()),
        Just("<![CDATA[<p>".to_string()),
        Just("]]>".to_string()),
        Just("&amp;&#1575;&nbsp;&#x;".to_string()),
        Just("<html><body><article><p>".to_string()),
        Just("<meta property=\"article:published_time\" content=\"2018-02-13\">".to_string()),
        Just("<script type=\"application/ld+json\">{\"datePublished\":".to_string()),
        Just("</p></div></body>".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        "[\\u{0600}-\\u{06ff} a-z<>&;/\"]{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        read_all_ways(&bytes);
    }

    /// A plain-text article's text is the slice of the file its position
    /// names, whatever the header, whitespace, BOM or line endings.
    #[test]
    fn text_is_a_verbatim_slice(
        bom in any::<bool>(),
        lead in "[ \t\r\n]{0,3}",
        header in prop_oneof![Just(String::new()), "(date|DATE|Date:) [0-9-]{0,12}[ \t\r\n]{0,3}"],
        body in "[\u{0600}-\u{06ff} \r\na-z0-9.]{0,40}",
    ) {
        let file = format!("{}{lead}{header}{body}", if bom { "\u{feff}" } else { "" });
        let opts = ReadOptions { format: Format::Text, ..ReadOptions::default() };
        for article in read_bytes("a.txt", file.as_bytes(), &opts).into_iter().flatten() {
            let start = article.input.byte.unwrap() as usize;
            prop_assert_eq!(&file[start..start + article.text.len()], article.text.as_str());
        }
    }

    #[test]
    fn format_shaped_inputs_never_panic(parts in proptest::collection::vec(fragment(), 0..24)) {
        read_all_ways(parts.concat().as_bytes());
    }
}

/// Deep nesting neither overflows the stack nor takes long: HTML parsing is
/// quadratic in depth, so too-deep pages are refused before parsing.
#[test]
fn deep_nesting_is_refused_quickly() {
    let started = std::time::Instant::now();
    for open in ["<div>", "<b>", "<item>", "<p><span>", "<entry><content><div>"] {
        let page = format!("<html><body>{}نص", open.repeat(20_000));
        read_all_ways(page.as_bytes());
        let as_html = ReadOptions { format: Format::Html, ..ReadOptions::default() };
        let results = read_bytes("deep.html", page.as_bytes(), &as_html);
        let kind = results[0].as_ref().map(|_| ()).unwrap_err().kind;
        assert_eq!(kind, marsad_ingest::ErrorKind::TooDeeplyNested, "{open}");
    }
    let json = format!("{{\"text\": \"x\", \"a\": {}1{}}}", "[".repeat(10_000), "]".repeat(10_000));
    read_all_ways(json.as_bytes());
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs() < 20, "deep inputs took {elapsed:?}");
}

/// Every file under `fuzz/regressions/` (crash inputs found by cargo-fuzz and
/// fixed) still reads without a panic.
#[test]
fn fuzz_regressions_replay() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        read_all_ways(&bytes);
    }
    println!("replayed {} fuzz regression inputs from {}", files.len(), root.display());
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
