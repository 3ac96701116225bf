//! End-to-end test of the web UI in headless Chromium.
//!
//! Builds a temporary store from the project's example articles plus hostile
//! articles written here (script tags, attribute breakouts, `javascript:`
//! URLs, bidi overrides), starts the server in-process on an ephemeral
//! loopback port, and runs `tests/ui/ui.test.mjs` with node (playwright-core
//! driving Debian's `/usr/bin/chromium`; no browser download).
//!
//! Skips, saying why, when node, Chromium or `tests/ui/node_modules` is
//! missing, unless `MARSAD_REQUIRE_UI_TESTS=1` (CI sets it), which turns a
//! skip into a failure. Never reads ../shared.
//!
//! Knobs for working on the UI:
//! - `MARSAD_UI_SCREENSHOTS=DIR` keeps the screenshots there (else a
//!   temporary folder, removed afterwards);
//! - `MARSAD_UI_HOLD_SECS=N` keeps the server up N seconds after the
//!   browser run (its URL is printed) to look at it by hand;
//! - `MARSAD_CHROMIUM=PATH` another Chromium binary;
//! - `MARSAD_UI_EXTRA_JSONL=FILE` adds the articles of a JSONL file to the
//!   store (e.g. a few hundred real ones, to look at the UI on real news).

use marsad_annotate::{AnnotateConfig, Annotator};
use marsad_corpus::Store;
use marsad_ingest::{read_bytes, read_file, Article, ReadOptions};
use marsad_server::{start, ServeOptions};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

fn ui_test_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui")
}

/// Hostile articles: every field an attacker controls carries markup or
/// script, around real Arabic news text so the annotators find entities,
/// places and events in them (the hostile strings then reach every view:
/// titles, snippets, entity aliases, evidence sentences).
const HOSTILE_JSONL: &str = concat!(
    r#"{"id":"hostile-script","source":"<script>alert('src')</script>","date":"2026-01-21","title":"<script>alert(1)</script> انسحاب من قاعدة عين الأسد","url":"javascript:alert(1)","text":"أعلنت وزارة الدفاع العراقية، اليوم الأربعاء، أن القوات الأمريكية انسحبت من قاعدة عين الأسد الجوية في محافظة الأنبار <script>alert(1)</script> وسلمتها إلى الجيش العراقي.\nوقال المتحدث باسم الوزارة إن \"><img src=x onerror=alert(1)> الانسحاب تم بالكامل."}"#,
    "\n",
    r#"{"id":"hostile-img","source":"\"><img src=x onerror=alert(2)>","date":"2026-01-22","title":"\"><img src=x onerror=alert(2)> قصف قرب مطار بغداد","url":"data:text/html,<script>alert(3)</script>","text":"استهدف قصف بطائرة مسيرة محيط مطار بغداد الدولي فجر الخميس <img src=x onerror=alert(2)> دون وقوع إصابات، بحسب خلية الإعلام الأمني.\n<a href=\"javascript:alert(4)\">اضغط هنا</a> <iframe src=\"javascript:alert(5)\"></iframe> <svg onload=alert(6)>"}"#,
    "\n",
    "{\"id\":\"hostile-bidi\",\"source\":\"\u{202E}txet.exe\",\"date\":\"2026-01-23\",\"title\":\"\u{202E}gpj.exe \u{2067}عنوان مقلوب\u{2069} ومؤتمر في الرياض\",\"url\":\"https://example.invalid/?q=\\\"><script>alert(7)</script>\",\"text\":\"عقد وزير الخارجية السعودي مؤتمرا صحفيا في الرياض \u{202E}اليوم الجمعة\u{202C} وأكد أن المملكة تدعم الحل السياسي \u{200F}في اليمن.\\n\u{202D}<style>body{display:none}</style>\"}\n",
);

/// The example articles (plain dated text) and the hostile ones.
fn articles() -> Vec<Article> {
    let options = ReadOptions::default();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo().join("examples/articles"))
        .expect("examples/articles")
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in &paths {
        for item in read_file(path, &options) {
            out.push(item.unwrap_or_else(|e| panic!("{}: {e}", path.display())));
        }
    }
    for item in read_bytes("hostile.jsonl", HOSTILE_JSONL.as_bytes(), &options) {
        out.push(item.unwrap_or_else(|e| panic!("hostile.jsonl: {e}")));
    }
    assert!(out.len() >= 20, "expected the examples and 3 hostile articles, got {}", out.len());
    if let Some(extra) = std::env::var_os("MARSAD_UI_EXTRA_JSONL") {
        // Unreadable lines are skipped: this is a knob for looking, not a test input.
        out.extend(read_file(Path::new(&extra), &options).flatten());
    }
    out
}

fn build_store(dir: &Path) {
    let annotator = Annotator::new(&AnnotateConfig::default()).expect("annotator");
    let docs = articles().into_iter().map(|a| annotator.annotate(a.meta(), a.text));
    let mut store = Store::open(dir).expect("open store");
    let report = store.ingest(docs.collect::<Vec<_>>()).expect("ingest");
    assert!(report.added >= 20, "added {}", report.added);
    println!("stored {} documents ({} duplicates skipped)", report.added, report.skipped_duplicates);
    store.relink().expect("relink");
    store.close().expect("close store");
}

/// Why the browser test cannot run here, if it cannot.
fn missing_tool() -> Option<String> {
    let node_ok = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !node_ok {
        return Some("node is not installed".into());
    }
    let chromium = chromium_path();
    if !Path::new(&chromium).exists() {
        return Some(format!("Chromium is missing at {chromium} (apt-get install chromium)"));
    }
    if !ui_test_dir().join("node_modules/playwright-core").exists() {
        return Some(format!("playwright-core is not installed (npm ci in {})", ui_test_dir().display()));
    }
    None
}

fn chromium_path() -> String {
    std::env::var("MARSAD_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

#[test]
fn web_ui_in_headless_chromium() {
    if let Some(reason) = missing_tool() {
        if std::env::var("MARSAD_REQUIRE_UI_TESTS").is_ok_and(|v| v == "1") {
            panic!("MARSAD_REQUIRE_UI_TESTS=1 but the UI test cannot run: {reason}");
        }
        println!("skipping the web UI browser test: {reason}");
        return;
    }

    let store_dir = tempfile::tempdir().expect("temp store");
    let started = Instant::now();
    build_store(store_dir.path());
    println!("store built in {:.1?}", started.elapsed());

    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let mut options = ServeOptions::new(store_dir.path());
    options.token = Some("ui-test-token".into());
    let server = start(options, listener).expect("start server");
    let base = server.url();
    println!("serving {base}");

    let kept_screenshots = std::env::var_os("MARSAD_UI_SCREENSHOTS").map(PathBuf::from);
    let temp_screenshots = tempfile::tempdir().expect("temp screenshots");
    let screenshots = kept_screenshots.clone().unwrap_or_else(|| temp_screenshots.path().to_path_buf());
    std::fs::create_dir_all(&screenshots).expect("screenshot folder");

    let status = Command::new("node")
        .arg(ui_test_dir().join("ui.test.mjs"))
        .arg("--base")
        .arg(&base)
        .arg("--screenshots")
        .arg(&screenshots)
        .env("MARSAD_CHROMIUM", chromium_path())
        .current_dir(ui_test_dir())
        .status()
        .expect("run node");

    if let Some(secs) = std::env::var("MARSAD_UI_HOLD_SECS").ok().and_then(|s| s.parse::<u64>().ok()) {
        println!("holding {base} for {secs} s");
        std::thread::sleep(Duration::from_secs(secs));
    }
    if let Some(dir) = kept_screenshots {
        println!("screenshots kept in {}", dir.display());
    }
    server.shutdown().expect("server shutdown");
    assert!(status.success(), "the browser tests failed ({status}); see their output above");
}
