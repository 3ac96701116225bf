//! Both real news corpora in `../shared` read with no errors and a date for
//! every article. Skipped (with a message) where the data is absent.

use marsad_ingest::{read_file, ReadOptions};
use std::path::Path;

#[test]
fn both_news_corpora_read_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news");
    let corpora = [("ant-middle-east-2018.jsonl", 7098), ("saudinewsnet-2015-aawsat-spa.jsonl", 3316)];
    for (name, expected) in corpora {
        let path = dir.join(name);
        if !path.exists() {
            println!("skipped: {} is absent", path.display());
            continue;
        }
        let mut articles = 0;
        let mut errors = Vec::new();
        let mut undated = Vec::new();
        for result in read_file(&path, &ReadOptions::default()) {
            match result {
                Ok(a) => {
                    articles += 1;
                    if a.date.is_none() {
                        undated.push(a.input.to_string());
                    }
                    assert!(a.title.is_some(), "{}: no title", a.input);
                    assert!(a.url.is_some(), "{}: no url", a.input);
                }
                Err(e) => errors.push(e.to_string()),
            }
        }
        assert!(errors.is_empty(), "{name}: {} errors, first: {:?}", errors.len(), errors.first());
        assert!(undated.is_empty(), "{name}: {} undated, first: {:?}", undated.len(), undated.first());
        assert_eq!(articles, expected, "{name}");
        println!("{name}: {articles} articles, all dated");
    }
}
