//! `POST /api/ingest`: annotate and store articles sent in the body.
//!
//! The token is checked before the body is read, and the body is read up
//! to [`MAX_BODY_BYTES`] only. Articles go through the same JSONL reader
//! as `marsad ingest` (same field names, same date parsing, same size
//! limit), so the API and the CLI cannot disagree on what an article is.
//! One bad article is reported (`errors`) and the others are stored.

use crate::api::{to_json, JsonBody};
use crate::error::ApiError;
use crate::security::{check_bearer, MAX_BODY_BYTES};
use crate::state::{lock, AppState};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use http_body_util::BodyExt;
use marsad_core::Doc;
use marsad_corpus::Store;
use marsad_ingest::{Format, JsonlReader, ReadOptions};
use serde::{Deserialize, Serialize};

/// The input name the reader reports (and derives ids from).
const INPUT_NAME: &str = "api";

/// The JSON form of the body.
#[derive(Deserialize)]
struct IngestRequest {
    articles: Vec<serde_json::Value>,
}

/// What `POST /api/ingest` answers.
#[derive(Serialize, Debug, Default, PartialEq)]
pub(crate) struct IngestResponse {
    pub added: usize,
    pub skipped_duplicates: usize,
    pub errors: Vec<ArticleError>,
}

/// A rejected article: its 0-based position (in `articles`, or the line of
/// an NDJSON body) and why.
#[derive(Serialize, Debug, PartialEq)]
pub(crate) struct ArticleError {
    pub index: u64,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum BodyKind {
    Json,
    Ndjson,
}

fn body_kind(headers: &HeaderMap) -> Result<BodyKind, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    match content_type.as_deref() {
        None | Some("application/json") => Ok(BodyKind::Json),
        Some(
            "application/x-ndjson"
            | "application/jsonl"
            | "application/jsonlines"
            | "application/x-jsonlines",
        ) => Ok(BodyKind::Ndjson),
        Some(other) => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("content type {other:?}: send application/json or application/x-ndjson"),
        )),
    }
}

fn too_large() -> ApiError {
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, format!("the body is over {MAX_BODY_BYTES} bytes"))
}

/// Reads the body, refusing it as soon as it passes the limit.
async fn read_body(headers: &HeaderMap, body: Body) -> Result<Vec<u8>, ApiError> {
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    match http_body_util::Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes().to_vec()),
        Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => Err(too_large()),
        Err(e) => Err(ApiError::bad_request(format!("reading the body: {e}"))),
    }
}

pub(crate) async fn ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<JsonBody, ApiError> {
    check_bearer(&state.inner.token, &headers)?;
    let kind = body_kind(&headers)?;
    let bytes = read_body(&headers, body).await?;
    let worker = state.clone();
    tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ingest_blocking(&worker, kind, bytes)))
            .unwrap_or_else(|_| Err(ApiError::internal("ingest failed unexpectedly")))
    })
    .await
    .map_err(|_| ApiError::internal("ingest failed unexpectedly"))?
}

/// The body as JSONL: an NDJSON body as it is, a JSON body one article per
/// line (serde_json writes no raw newlines, so line N is article N).
fn as_jsonl(kind: BodyKind, bytes: Vec<u8>) -> Result<Vec<u8>, ApiError> {
    match kind {
        BodyKind::Ndjson => Ok(bytes),
        BodyKind::Json => {
            let request: IngestRequest = serde_json::from_slice(&bytes).map_err(|e| {
                ApiError::bad_request(format!("the body is not {{\"articles\": [...]}}: {e}"))
            })?;
            let mut lines = Vec::with_capacity(bytes.len());
            for article in &request.articles {
                serde_json::to_writer(&mut lines, article)
                    .map_err(|e| ApiError::internal(format!("re-encoding an article: {e}")))?;
                lines.push(b'\n');
            }
            Ok(lines)
        }
    }
}

/// Reads, annotates and stores; per-article problems become `errors`.
fn ingest_blocking(state: &AppState, kind: BodyKind, bytes: Vec<u8>) -> Result<JsonBody, ApiError> {
    let jsonl = as_jsonl(kind, bytes)?;
    let mut response = IngestResponse::default();
    if jsonl.iter().all(u8::is_ascii_whitespace) {
        return to_json(&response);
    }
    let options = ReadOptions { format: Format::Jsonl, ..ReadOptions::default() };
    let reader = JsonlReader::new(INPUT_NAME, Box::new(&jsonl[..]), options);
    let mut articles = Vec::new();
    for item in reader {
        match item {
            Ok(article) => articles.push(article),
            Err(e) => match e.at.line {
                Some(line) => response.errors.push(ArticleError { index: line - 1, message: e.message }),
                // No line: the body as a whole is unreadable (binary data).
                None => return Err(ApiError::bad_request(e.message)),
            },
        }
    }
    if articles.is_empty() {
        return to_json(&response);
    }
    let annotator = state.annotator()?;
    let docs: Vec<Doc> = articles
        .into_iter()
        .map(|article| {
            let line = article.input.line.unwrap_or(0);
            // The reader names an id-less article after its line, which would
            // collide across requests: name it after its content instead.
            let mut meta = article.meta();
            if article.id == format!("{INPUT_NAME}:{line}") {
                meta.id = format!("api:{}", &marsad_corpus::content_hash(&article.text)[..16]);
            }
            annotator.annotate(meta, article.text)
        })
        .collect();
    let _writing = lock(&state.inner.writer);
    let mut store = Store::open(&state.inner.store_dir).map_err(store_busy)?;
    let report = store.ingest(docs).map_err(store_busy)?;
    store.relink().map_err(store_busy)?;
    store.close().map_err(store_busy)?;
    state.inner.pool.bump();
    response.added = report.added;
    response.skipped_duplicates = report.skipped_duplicates;
    response.errors.sort_by_key(|e| e.index);
    to_json(&response)
}

/// A write that fails is most often another process writing the same
/// store (`marsad ingest`): say so with 503, which invites a retry.
fn store_busy(e: marsad_corpus::StoreError) -> ApiError {
    let message = e.to_string();
    if message.contains("lock") || message.contains("LockBusy") || message.contains("database is locked") {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the store is busy (another writer?): {message}"),
        )
    } else {
        ApiError::internal(format!("storing: {message}"))
    }
}
