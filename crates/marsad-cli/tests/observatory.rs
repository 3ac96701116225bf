//! End-to-end tests of `marsad ingest --watch`, `marsad events` and
//! `marsad export` on articles written for the project (`examples/`) and
//! files written here. Never reads ../shared.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn marsad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad")).args(args).current_dir(repo()).output().expect("run marsad")
}

/// A fresh folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("marsad-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn str(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The store's document count, as `marsad stats` reports it.
fn stored_documents(store: &str) -> u64 {
    let out = marsad(&["stats", "--store", store]);
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().find_map(|l| l.strip_prefix("documents")).and_then(|n| n.trim().parse().ok()).unwrap_or(0)
}

/// Polls `condition` until it holds or `timeout` passes.
fn wait_until(timeout: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    condition()
}

/// The lines a child writes on stderr, collected as they come.
struct StderrLines {
    lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    reader: std::thread::JoinHandle<()>,
}

impl StderrLines {
    fn follow(child: &mut Child) -> StderrLines {
        use std::io::BufRead;
        let stderr = child.stderr.take().expect("piped stderr");
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = lines.clone();
        let reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        StderrLines { lines, reader }
    }

    fn contains(&self, needle: &str) -> bool {
        self.lines.lock().unwrap().iter().any(|l| l.contains(needle))
    }

    /// Everything written, once the child has exited.
    fn finish(self) -> String {
        self.reader.join().unwrap();
        self.lines.lock().unwrap().join("\n")
    }
}

/// Sends SIGTERM and waits (bounded) for the child to exit.
fn terminate(mut child: Child) -> std::process::ExitStatus {
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the watcher did not stop within 60 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

const ARTICLE_A: &str = "date 2025-12-31\nأعلنت وزارة الدفاع العراقية أن القوات الأمريكية انسحبت من قاعدة عين الأسد في محافظة الأنبار.";
const ARTICLE_B: &str =
    "date 2026-01-02\nتظاهر مئات في البصرة احتجاجا على انقطاع الكهرباء، وطالبوا الحكومة بحلول عاجلة.";

#[test]
fn watch_ingests_new_files_waits_for_half_written_ones_and_stops_on_sigterm() {
    let inbox = TempDir::new("watch-inbox");
    let store = TempDir::new("watch-store");
    std::fs::write(inbox.path().join("a.txt"), ARTICLE_A).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["ingest", "--watch", "--quiet-ms", "200", "--store", store.str(), inbox.str()])
        .current_dir(repo())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the watcher");
    let stderr = StderrLines::follow(&mut child);
    let patience = Duration::from_secs(120);
    // The store is read only once the watcher made it (and the first pass ran).
    assert!(wait_until(patience, || stderr.contains("marsad: watching")), "the watch starts");
    assert_eq!(stored_documents(store.str()), 1, "the first pass stored a.txt");

    // A new file is picked up.
    std::fs::write(inbox.path().join("b.txt"), ARTICLE_B).unwrap();
    assert!(wait_until(patience, || stored_documents(store.str()) == 2), "b.txt is ingested");

    // A JSONL file written in two parts, the first ending mid-line: the
    // half line is waited for, not reported as an error.
    let line1 = r#"{"id":"j1","source":"wire-j","date":"2026-01-03","text":"أفرج الجيش عن عشرين معتقلا في الموصل بعد وساطة عشائرية."}"#;
    let line2 = r#"{"id":"j2","source":"wire-j","date":"2026-01-03","text":"استقبل رئيس الوزراء وفدا من الأمم المتحدة في بغداد لبحث ملف النازحين."}"#;
    let jsonl = inbox.path().join("feed.jsonl");
    // Cut mid-character: a writer flushes bytes, not characters.
    let (head, tail) = line2.as_bytes().split_at(line2.len() / 2);
    let mut file = std::fs::File::create(&jsonl).unwrap();
    writeln!(file, "{line1}").unwrap();
    file.write_all(head).unwrap();
    file.flush().unwrap();
    // Longer than the quiet period: the follower sees a stable file without
    // its final newline.
    std::thread::sleep(Duration::from_millis(800));
    file.write_all(tail).unwrap();
    file.write_all(b"\n").unwrap();
    file.flush().unwrap();
    drop(file);
    assert!(wait_until(patience, || stored_documents(store.str()) == 4), "both JSONL lines are ingested");

    // A bad file is reported (once) and the watch goes on.
    std::fs::write(inbox.path().join("empty.txt"), "").unwrap();
    std::fs::write(
        inbox.path().join("c.txt"),
        "date 2026-01-04\nزار وزير الخارجية الأردني بغداد لبحث التعاون التجاري.",
    )
    .unwrap();
    assert!(
        wait_until(patience, || stored_documents(store.str()) == 5),
        "c.txt is ingested after a bad file"
    );

    let status = terminate(child);
    let stderr = stderr.finish();
    assert!(stderr.contains("marsad: watching"), "{stderr}");
    assert!(stderr.contains("stopped"), "a clean stop: {stderr}");
    assert!(!stderr.contains("feed.jsonl:2"), "the half-written line is not an error: {stderr}");
    assert_eq!(stderr.matches("empty.txt").count(), 1, "the bad file is reported once: {stderr}");
    // Exit 1: a bad input was seen (like a plain ingest).
    assert_eq!(status.code(), Some(1), "{stderr}");
}

#[test]
fn watch_refuses_standard_input() {
    let store = TempDir::new("watch-stdin");
    let out = marsad(&["ingest", "--watch", "--store", store.str(), "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input"));
}

/// A store holding the example articles (ingested and relinked).
fn example_store(name: &str) -> TempDir {
    let store = TempDir::new(name);
    let out = marsad(&["ingest", "-q", "--store", store.str(), "examples/articles", "examples/jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    store
}

#[test]
fn events_lists_merged_events_in_every_format() {
    let store = example_store("events");
    let out = marsad(&["events", "--store", store.str(), "--format", "json", "--limit", "1000"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let events: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("a JSON array");
    assert!(!events.is_empty(), "the examples hold events");
    for e in &events {
        assert!(e["kind"].is_string() && e["sources"].as_u64().unwrap() >= 1, "{e}");
    }
    // Newest first.
    let dates: Vec<&str> = events.iter().filter_map(|e| e["date"].as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates.first(), sorted.first());

    let jsonl = marsad(&["events", "--store", store.str(), "--format", "jsonl", "--limit", "3"]);
    let lines = String::from_utf8(jsonl.stdout).unwrap();
    assert_eq!(lines.lines().count(), events.len().min(3));

    let kind = events[0]["kind"].as_str().unwrap();
    let filtered = marsad(&["events", "--store", store.str(), "--format", "json", "--kind", kind]);
    let filtered: Vec<serde_json::Value> = serde_json::from_slice(&filtered.stdout).unwrap();
    assert!(!filtered.is_empty() && filtered.iter().all(|e| e["kind"] == kind));

    let text = marsad(&["events", "--store", store.str(), "--format", "text", "--limit", "5"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains(" → ") && text.contains("sources") && text.contains('«'), "{text}");
}

#[test]
fn export_writes_csv_jsonl_and_parquet() {
    let store = example_store("export");
    let csv = marsad(&["export", "--store", store.str(), "--format", "csv", "--table", "documents"]);
    assert!(csv.status.success(), "{}", String::from_utf8_lossy(&csv.stderr));
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("doc_id,ext_id,source,published,"), "{}", &csv[..80.min(csv.len())]);

    let jsonl = marsad(&["export", "--store", store.str(), "--format", "jsonl", "--table", "plover"]);
    assert!(jsonl.status.success());
    for line in String::from_utf8(jsonl.stdout).unwrap().lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(row["num_sources"].as_i64().unwrap() >= 1);
    }

    let refused = marsad(&["export", "--store", store.str(), "--format", "parquet", "--table", "acled"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--out"));

    let out = TempDir::new("export-out");
    let file = out.path().join("events.parquet");
    let written = marsad(&[
        "export",
        "--store",
        store.str(),
        "--format",
        "parquet",
        "--table",
        "events",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    // Same store, same bytes.
    let again = out.path().join("again.parquet");
    marsad(&[
        "export",
        "--store",
        store.str(),
        "--format",
        "parquet",
        "--table",
        "events",
        "--out",
        again.to_str().unwrap(),
    ]);
    assert_eq!(bytes, std::fs::read(&again).unwrap());
}

#[test]
fn help_explains_the_observatory_commands() {
    for (command, flags) in [
        ("ingest", &["--watch", "--quiet-ms", "--poll-ms"][..]),
        (
            "events",
            &["--place", "--country", "--kind", "--entity", "--since", "--until", "--limit", "--format"][..],
        ),
        ("export", &["--format", "--table", "--out", "plover", "acled", "parquet"][..]),
    ] {
        let out = marsad(&[command, "--help"]);
        let help = String::from_utf8(out.stdout).unwrap();
        for flag in flags {
            assert!(help.contains(flag), "{command} --help lacks {flag}:\n{help}");
        }
    }
}

#[test]
fn serve_reads_its_paths_with_the_ingest_flags() {
    let dir = TempDir::new("serve-input");
    let store = TempDir::new("serve-store");
    // An undated article: only `--date` can date it.
    let undated = ARTICLE_A.split_once('\n').unwrap().1;
    std::fs::write(dir.path().join("undated.txt"), undated).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["serve", dir.str(), "--date", "2024-03-05", "--addr", "127.0.0.1:0", "--no-open", "-q"])
        .args(["--store", store.str()])
        .current_dir(repo())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start marsad serve");
    let ingested = wait_until(Duration::from_secs(120), || stored_documents(store.str()) == 1);
    terminate(child);
    assert!(ingested, "serve did not ingest its path");
    let csv = marsad(&["export", "--store", store.str(), "--format", "csv", "--table", "documents"]);
    assert!(csv.status.success(), "{}", String::from_utf8_lossy(&csv.stderr));
    let csv = String::from_utf8(csv.stdout).unwrap();
    let row = csv.lines().nth(1).expect("one document row");
    assert!(row.contains(",2024-03-05,"), "the --date flag did not reach serve's ingest: {row}");

    // A bad flag value is refused before anything is served.
    let refused = marsad(&["serve", dir.str(), "--date", "31/12", "--store", store.str(), "--no-open"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("YYYY-MM-DD"));
}
