//! Shared by the API tests: a store of synthetic Arabic articles (the
//! repository's `examples/articles`, written by us, plus a near-duplicate
//! and a hostile one), and a request helper over the router in process.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use marsad_annotate::{AnnotateConfig, Annotator};
use marsad_core::DocMeta;
use marsad_corpus::Store;
use marsad_server::{AppState, ServeOptions};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tower::ServiceExt;

/// The write token of test servers.
pub const TOKEN: &str = "test-token-0123456789";

/// Text no page may ever render as markup.
pub const HOSTILE_TEXT: &str = "قال المتحدث <script>alert('x')</script> إن \"><img src=x onerror=alert(1)> القوات </textarea> انسحبت من \u{202E}قاعدة عين الأسد\u{202C} أمس & اليوم.";

pub fn annotator() -> &'static Annotator {
    static ANNOTATOR: OnceLock<Annotator> = OnceLock::new();
    ANNOTATOR.get_or_init(|| Annotator::new(&AnnotateConfig::default()).expect("annotator builds"))
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh folder under the target directory (kept after the run for
/// inspection; removed at the next run).
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("marsad-server-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Documents in the fixture store: the example articles, a near-copy and
/// the hostile one.
pub fn fixture_documents() -> u64 {
    let examples =
        std::fs::read_dir(repo_root().join("examples/articles")).expect("examples/articles").count();
    examples as u64 + 2
}

/// The shared read-only fixture store, built once per test binary.
pub fn fixture_store() -> &'static Path {
    static STORE: OnceLock<PathBuf> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = fresh_dir("fixture");
        let mut store = Store::open(&dir).expect("store opens");
        let mut docs = Vec::new();
        let mut paths: Vec<PathBuf> = std::fs::read_dir(repo_root().join("examples/articles"))
            .expect("examples/articles")
            .map(|e| e.expect("entry").path())
            .collect();
        paths.sort();
        let mut first_text = None;
        for path in &paths {
            for article in marsad_ingest::read_file(path, &marsad_ingest::ReadOptions::default()) {
                let article = article.expect("example article reads");
                first_text.get_or_insert_with(|| (article.text.clone(), article.date));
                let meta = DocMeta {
                    id: article.id,
                    source: "وكالة المثال".into(),
                    outlet: Some("وكالة المثال".into()),
                    date: article.date,
                    title: article.title,
                    url: article.url,
                };
                docs.push(annotator().annotate(meta, article.text));
            }
        }
        // The first article again, lightly edited, from another outlet: a
        // near-duplicate in the same story.
        let (text, date) = first_text.expect("an example article");
        let edited = text.replacen("اليوم الثلاثاء", "الثلاثاء", 1) + "\n\nوتابع المراسل التطورات من بغداد.";
        let meta = DocMeta {
            id: "near-copy".into(),
            source: "صحيفة أخرى".into(),
            outlet: Some("صحيفة أخرى".into()),
            date,
            title: None,
            url: None,
        };
        docs.push(annotator().annotate(meta, edited));
        let meta = DocMeta {
            id: "hostile".into(),
            source: "<b>outlet</b>".into(),
            outlet: Some("<b>outlet</b>".into()),
            date,
            title: Some("<script>alert(1)</script>".into()),
            url: Some("javascript:alert(1)".into()),
        };
        docs.push(annotator().annotate(meta, HOSTILE_TEXT.to_string()));
        store.ingest(docs).expect("ingest");
        store.relink().expect("relink");
        store.close().expect("close");
        dir
    })
}

/// A router over `store` (no network: requests go through `oneshot`).
pub fn app(store: &Path) -> Router {
    let mut options = ServeOptions::new(store);
    options.token = Some(TOKEN.into());
    options.readers = 2;
    let state = AppState::open(&options, TOKEN.into(), "127.0.0.1:0".parse().unwrap()).expect("state opens");
    marsad_server::router(state)
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body[..self.body.len().min(300)]))
        })
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

/// Sends one request to `app` with `Host: localhost` and the given headers.
pub async fn send(app: &Router, method: Method, uri: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Reply {
    let mut request = Request::builder().method(method).uri(uri).header("host", "localhost:8080");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response =
        app.clone().oneshot(request.body(Body::from(body)).expect("request")).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.expect("body").to_bytes().to_vec();
    Reply { status, headers, body }
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Method::GET, uri, &[], Vec::new()).await
}

/// Percent-encodes a query or path value.
pub fn encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
