//! Reading from disk: discovery of inputs and the streaming file reader.

use expect_test::{expect, Expect};
use marsad_ingest::{discover, read_file, ErrorKind, ReadOptions};
use std::path::{Path, PathBuf};

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata").join(rel)
}

/// Paths relative to the crate, so the rendering does not depend on where
/// the repository is checked out.
fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).display().to_string()
}

/// Discovers `paths` and reads every file found: one line per article
/// (id, date, position) or error.
fn check_tree(paths: &[PathBuf], expected: Expect) {
    let (files, errors) = discover(paths);
    let mut out = String::new();
    for e in errors {
        out.push_str(&format!("discover error {}: {}\n", e.kind, relative(Path::new(&e.at.input))));
    }
    for file in files {
        out.push_str(&format!("{}\n", relative(&file)));
        for result in read_file(&file, &ReadOptions::default()) {
            match result {
                Ok(a) => {
                    let date = a.date.map_or("-".to_string(), |d| d.to_string());
                    let at = a.input.to_string();
                    out.push_str(&format!("  ok {} {date} {}\n", a.id, relative(Path::new(&at))));
                }
                Err(e) => {
                    let at = e.at.to_string();
                    out.push_str(&format!("  err {} {}\n", e.kind, relative(Path::new(&at))));
                }
            }
        }
    }
    expected.assert_eq(&out);
}

#[test]
fn discover_walks_sorted_skips_hidden_and_reads_every_format() {
    check_tree(
        &[testdata("corpus"), testdata("missing.txt")],
        expect![[r#"
        discover error io: testdata/missing.txt
        testdata/corpus/dated.txt
          ok dated 2026-01-04 testdata/corpus/dated.txt byte 17
        testdata/corpus/nested/feed.rss
          ok urn:test:1 2026-01-06 testdata/corpus/nested/feed.rss item 1 byte 108
        testdata/corpus/nested/undated.txt
          ok undated - testdata/corpus/nested/undated.txt byte 0
        testdata/corpus/news.jsonl
          ok T-1 2026-01-05 testdata/corpus/news.jsonl:1 byte 0
          err invalid-json testdata/corpus/news.jsonl:2
    "#]],
    );
}

#[test]
fn read_file_reports_unreadable_paths() {
    let results: Vec<_> = read_file(&testdata("no-such-file.jsonl"), &ReadOptions::default()).collect();
    assert_eq!(results.len(), 1);
    let err = results[0].as_ref().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Io);
    assert!(err.to_string().contains("no-such-file.jsonl"), "{err}");
}

#[test]
fn read_file_matches_read_bytes() {
    for name in ["page.html", "feed-rss.xml", "feed-atom.xml", "corpus/news.jsonl", "corpus/dated.txt"] {
        let path = testdata(name);
        let bytes = std::fs::read(&path).unwrap();
        let from_file: Vec<_> = read_file(&path, &ReadOptions::default()).collect();
        let from_bytes =
            marsad_ingest::read_bytes(&path.display().to_string(), &bytes, &ReadOptions::default());
        assert_eq!(from_file, from_bytes, "{name}");
    }
}

#[test]
fn oversize_files_are_not_read_whole() {
    let opts = ReadOptions { max_file_bytes: 100, ..ReadOptions::default() };
    let results: Vec<_> = read_file(&testdata("page.html"), &opts).collect();
    let err = results[0].as_ref().unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooLarge);
    assert!(err.message.contains("over the limit of 100 bytes"), "{err}");
}

/// The CLI reads files on worker threads.
#[test]
fn readers_can_move_between_threads() {
    fn is_send<T: Send>() {}
    is_send::<marsad_ingest::ArticleReader>();
    is_send::<marsad_ingest::Article>();
    is_send::<marsad_ingest::IngestError>();
}

/// A symlink loop is walked once, not until the path is too long.
#[cfg(unix)]
#[test]
fn discover_survives_symlink_loops() {
    let root = std::env::temp_dir().join(format!("marsad-ingest-loop-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("a")).unwrap();
    std::fs::write(root.join("a/x.txt"), "نص").unwrap();
    std::os::unix::fs::symlink(&root, root.join("a/up")).unwrap();
    let (files, errors) = discover(std::slice::from_ref(&root));
    std::fs::remove_dir_all(&root).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(files, vec![root.join("a/x.txt")]);
}

#[test]
fn discover_skips_files_that_are_not_articles_inside_directories() {
    let root = std::env::temp_dir().join(format!("marsad-ingest-ext-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    for name in ["README.md", "LICENSE", "a.TXT", "b.jsonl", "c.html", "notes.csv"] {
        std::fs::write(root.join(name), "date 2025-01-01 نص").unwrap();
    }
    let (files, errors) = discover(std::slice::from_ref(&root));
    // Named explicitly, any file is read.
    let (explicit, _) = discover(&[root.join("README.md")]);
    std::fs::remove_dir_all(&root).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(files, vec![root.join("a.TXT"), root.join("b.jsonl"), root.join("c.html")]);
    assert_eq!(explicit, vec![root.join("README.md")]);
}
