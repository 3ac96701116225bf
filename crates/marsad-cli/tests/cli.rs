//! End-to-end tests of the `marsad` binary on articles written for the
//! project (`examples/`) and on inputs built here. Never reads ../shared.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn marsad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad")).args(args).current_dir(repo()).output().expect("run marsad")
}

fn marsad_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run marsad");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Walks a JSON value and checks every object that has `start`, `end` and
/// `text` against the document text (code point offsets).
fn check_spans(doc_chars: &[char], v: &Value, path: &str, checked: &mut usize) {
    match v {
        Value::Object(map) => {
            if let (Some(s), Some(e), Some(Value::String(t))) = (
                map.get("start").and_then(Value::as_u64),
                map.get("end").and_then(Value::as_u64),
                map.get("text"),
            ) {
                let (s, e) = (s as usize, e as usize);
                assert!(s <= e && e <= doc_chars.len(), "{path}: offsets {s}..{e} out of bounds");
                let slice: String = doc_chars[s..e].iter().collect();
                assert_eq!(&slice, t, "{path}: text differs from the slice at {s}..{e}");
                *checked += 1;
            } else if let (Some(s), Some(e)) =
                (map.get("start").and_then(Value::as_u64), map.get("end").and_then(Value::as_u64))
            {
                assert!(s <= e && e as usize <= doc_chars.len(), "{path}: offsets {s}..{e} out of bounds");
            }
            for (k, child) in map {
                if k != "text" {
                    check_spans(doc_chars, child, &format!("{path}.{k}"), checked);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                check_spans(doc_chars, child, &format!("{path}[{i}]"), checked);
            }
        }
        _ => {}
    }
}

#[test]
fn examples_validate_against_the_schema_and_spans_slice_the_text() {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("docs/document.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let out = marsad(&[
        "annotate",
        "--format",
        "json",
        "--tokens",
        "examples/articles",
        "examples/jsonl",
        "examples/feeds",
        "examples/pages",
    ]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let docs = json_lines(&out);
    assert!(docs.len() >= 20, "expected every example article, got {}", docs.len());
    let mut checked = 0;
    for doc in &docs {
        if let Err(e) = validator.validate(doc) {
            panic!("{} does not validate: {e}", doc["id"]);
        }
        let chars: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
        check_spans(&chars, doc, doc["id"].as_str().unwrap(), &mut checked);
        // Sentences cover the text in order without overlap.
        let mut last = 0;
        for s in doc["sentences"].as_array().unwrap() {
            let (a, b) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            assert!(last <= a && a < b, "{}: sentence {a}..{b} after {last}", doc["id"]);
            last = b;
        }
        // Tokens tile the text: gaps between tokens are white space only.
        let mut last = 0usize;
        for t in doc["tokens"].as_array().unwrap() {
            let (a, b) = (t["start"].as_u64().unwrap() as usize, t["end"].as_u64().unwrap() as usize);
            assert!(
                chars[last..a].iter().all(|c| c.is_whitespace()),
                "{}: non-space gap before token {a}",
                doc["id"]
            );
            assert!(a < b);
            last = b;
        }
        assert!(chars[last..].iter().all(|c| c.is_whitespace()), "{}: text after the last token", doc["id"]);
    }
    assert!(checked > 1000, "only {checked} spans checked");
}

#[test]
fn output_is_deterministic_across_runs_and_thread_counts() {
    let a = marsad(&["annotate", "--format", "json", "-j", "1", "examples"]);
    let b = marsad(&["annotate", "--format", "json", "-j", "2", "examples"]);
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let out = marsad(&[
        "annotate",
        "--format",
        "json",
        "examples/bad",
        "examples/articles/01-taji-harir-handover-iraq.txt",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Exit 1: some inputs were bad, the rest was annotated.
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    for expected in [
        "examples/bad/invalid-utf8.txt byte ",
        "examples/bad/empty.txt: ",
        "examples/bad/binary-disguised.txt: ",
        "examples/bad/mixed.jsonl:2: ",
        "examples/bad/mixed.jsonl:4: ",
    ] {
        assert!(stderr.contains(expected), "stderr lacks `{expected}`:\n{stderr}");
    }
    let ids: Vec<String> = json_lines(&out).iter().map(|d| d["id"].as_str().unwrap().to_string()).collect();
    assert!(ids.iter().any(|id| id == "01-taji-harir-handover-iraq"), "{ids:?}");
    // The good records of the mixed JSONL file are annotated too.
    assert!(ids.len() >= 4, "{ids:?}");
}

#[test]
fn strict_stops_at_the_first_bad_input() {
    let out = marsad(&["annotate", "--strict", "--format", "json", "examples/bad/empty.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--strict"));
}

#[test]
fn stdin_plain_text_with_date_header_and_date_flag() {
    let text = "date 2025-12-31\nقال الوزير إن 3.5 مليون شخص نزحوا.وأضاف أن العدد ارتفع.";
    let out = marsad_stdin(&["annotate", "--format", "json", "-"], text.as_bytes());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["date"], "2025-12-31");
    assert!(docs[0]["text"].as_str().unwrap().starts_with("قال الوزير"));
    // The missing-space full stop ends a sentence; the decimal does not.
    assert_eq!(docs[0]["sentences"].as_array().unwrap().len(), 2);
    let values: Vec<f64> =
        docs[0]["numbers"].as_array().unwrap().iter().map(|n| n["value"].as_f64().unwrap()).collect();
    assert_eq!(values, vec![3_500_000.0]);

    let out = marsad_stdin(
        &["annotate", "--format", "json", "--date", "2024-05-01", "-"],
        "نص بلا تاريخ".as_bytes(),
    );
    assert_eq!(json_lines(&out)[0]["date"], "2024-05-01");
}

#[test]
fn text_format_is_readable_and_uncoloured_when_piped() {
    let out = marsad(&["annotate", "--format", "text", "examples/articles/01-taji-harir-handover-iraq.txt"]);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.starts_with("══ 01-taji-harir-handover-iraq"), "{s}");
    assert!(s.contains("sentences"));
    assert!(!s.contains('\x1b'), "no ANSI codes when not a terminal");
}

#[test]
fn help_explains_each_subcommand() {
    let out = marsad(&["annotate", "--help"]);
    let s = String::from_utf8(out.stdout).unwrap();
    for flag in
        ["--format", "--tokens", "--date", "--strict", "--field", "--max-article-bytes", "--input-format"]
    {
        assert!(s.contains(flag), "annotate --help lacks {flag}");
    }
}

#[test]
fn reader_warnings_become_document_diagnostics() {
    let out = marsad_stdin(&["annotate", "--format", "json", "-"], "date 2025-02-30\nنص الخبر.".as_bytes());
    let doc = &json_lines(&out)[0];
    assert_eq!(doc["date"], Value::Null);
    let messages: Vec<&str> =
        doc["diagnostics"].as_array().unwrap().iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert!(messages.iter().any(|m| m.contains("unreadable date")), "{messages:?}");
}

#[test]
fn places_lookup_ranks_candidates() {
    let out = marsad(&["places", "lookup", "طرابلس", "--limit", "2"]);
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = s.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{s}");
    assert!(rows.iter().any(|r| r.contains("\tLY\t")) && rows.iter().any(|r| r.contains("\tLB\t")), "{s}");
    let missing = marsad(&["places", "lookup", "لامكانستان"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn places_import_adds_a_geonames_dump_that_annotate_then_uses() {
    let home = std::env::temp_dir().join(format!("marsad-cli-home-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    // A GeoNames allCountries.txt row (19 tab-separated columns) for an
    // invented village with an Arabic alternate name.
    let row = [
        "99000001",
        "Qaryat Marsad",
        "Qaryat Marsad",
        "قرية مرصد,مرصدية",
        "33.1",
        "44.2",
        "P",
        "PPL",
        "IQ",
        "",
        "07",
        "",
        "",
        "",
        "1200",
        "",
        "40",
        "Asia/Baghdad",
        "2025-01-01",
    ]
    .join("\t");
    let dump = home.join("allCountries.txt");
    std::fs::write(&dump, format!("{row}\n")).unwrap();
    let run = |args: &[&str], input: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_marsad"));
        cmd.args(args).current_dir(repo()).env("MARSAD_HOME", &home);
        match input {
            None => cmd.output().unwrap(),
            Some(text) => {
                let mut child =
                    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
                child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
                child.wait_with_output().unwrap()
            }
        }
    };
    let imported = run(&["places", "import", dump.to_str().unwrap()], None);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    assert!(home.join("gazetteer.tsv").exists());
    let out =
        run(&["annotate", "--format", "json", "-"], Some("date 2025-01-01\nوصل الوفد إلى قرية مرصد أمس."));
    let doc = &json_lines(&out)[0];
    let names: Vec<&str> =
        doc["places"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap()).collect();
    std::fs::remove_dir_all(&home).unwrap();
    assert_eq!(names, vec!["قرية مرصد"], "{doc}");
}

#[test]
fn ingest_is_idempotent_and_search_finds_inflected_forms() {
    let store = std::env::temp_dir().join(format!("marsad-cli-store-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&store);
    let s = store.to_str().unwrap();
    let first = marsad(&["ingest", "-q", "--store", s, "examples/articles"]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let again = marsad(&["ingest", "--store", s, "examples/articles"]);
    let summary = String::from_utf8_lossy(&again.stderr).to_string();
    assert!(summary.contains("0 new, 17 already stored"), "{summary}");
    // `انسحاب` finds `بانسحاب` and `الانسحاب`; each hit's highlights slice
    // the stored text at code point offsets.
    let out = marsad(&["search", "--store", s, "--format", "json", "انسحاب", "--limit", "50"]);
    let hits = json_lines(&out);
    std::fs::remove_dir_all(&store).unwrap();
    assert!(hits.len() >= 2, "{hits:?}");
    let mut forms = std::collections::BTreeSet::new();
    for hit in &hits {
        let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
        let base = hit["snippet_start"].as_u64().unwrap();
        for h in hit["highlights"].as_array().unwrap() {
            let (a, b) = (h["start"].as_u64().unwrap() - base, h["end"].as_u64().unwrap() - base);
            forms.insert(snippet[a as usize..b as usize].iter().collect::<String>());
        }
    }
    assert!(forms.len() >= 2 && forms.iter().all(|f| f.contains("انسحاب")), "{forms:?}");
}

/// Golden articles: the readable summary of every example article is kept
/// in `tests/golden/`, so any change in what Marsad finds shows up in review.
/// Update with `UPDATE_EXPECT=1 cargo test -p marsad-cli golden`.
#[test]
fn golden_example_summaries() {
    let dir = repo().join("examples/articles");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 12);
    for name in names {
        let out = marsad(&["annotate", "--format", "text", "-q", &format!("examples/articles/{name}")]);
        assert!(out.status.success());
        let golden =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name.replace(".txt", ".summary"));
        expect_test::expect_file![golden].assert_eq(&String::from_utf8(out.stdout).unwrap());
    }
}

#[test]
fn field_mapping_from_flags_and_the_config_file() {
    let line = r#"{"guid":"x-1","body":"قال الوزير إن الوفد وصل.","published":"2025-03-02"}"#;
    let out = marsad_stdin(
        &[
            "annotate",
            "--format",
            "json",
            "--input-format",
            "jsonl",
            "--field",
            "text=body",
            "--field",
            "date=published",
            "--field",
            "id=guid",
            "-",
        ],
        line.as_bytes(),
    );
    let doc = &json_lines(&out)[0];
    assert_eq!((doc["id"].as_str(), doc["date"].as_str()), (Some("x-1"), Some("2025-03-02")));

    let config = std::env::temp_dir().join(format!("marsad-cli-config-{}.toml", std::process::id()));
    std::fs::write(&config, "[ingest.fields]\ntext = [\"body\"]\nid = [\"guid\"]\n").unwrap();
    let out = marsad_stdin(
        &[
            "annotate",
            "--config",
            config.to_str().unwrap(),
            "--format",
            "json",
            "--input-format",
            "jsonl",
            "-",
        ],
        line.as_bytes(),
    );
    assert_eq!(json_lines(&out)[0]["id"], "x-1");
    std::fs::write(&config, "[ingest.fields]\nheadline = [\"h\"]\n").unwrap();
    let bad = marsad_stdin(&["annotate", "--config", config.to_str().unwrap(), "-"], line.as_bytes());
    std::fs::remove_file(&config).unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown field `headline`"));
    let bad = marsad_stdin(&["annotate", "--field", "body=text", "-"], line.as_bytes());
    assert_eq!(bad.status.code(), Some(2));
}
