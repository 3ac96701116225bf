//! The web UI: four files embedded in the binary at build time, so the
//! server needs nothing on disk but the store. No file system path is ever
//! built from a request: a name is looked up in a fixed table.

use crate::error::ApiError;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The embedded UI files: name (as under `/assets/`), content type, bytes.
pub const UI_FILES: [(&str, &str, &[u8]); 4] = [
    ("app.css", "text/css; charset=utf-8", include_bytes!("../ui/app.css")),
    ("app.js", "text/javascript; charset=utf-8", include_bytes!("../ui/app.js")),
    ("index.html", "text/html; charset=utf-8", include_bytes!("../ui/index.html")),
    ("world.json", "application/json", include_bytes!("../ui/world.json")),
];

fn file_response(name: &str) -> Option<Response> {
    let (_, content_type, bytes) = UI_FILES.iter().find(|(n, _, _)| *n == name)?;
    // no-cache: revalidate each time, so a rebuilt binary's UI is picked up.
    Some(
        ([(header::CONTENT_TYPE, *content_type), (header::CACHE_CONTROL, "no-cache")], *bytes)
            .into_response(),
    )
}

/// `GET /`: the UI's page.
pub(crate) async fn index() -> Response {
    file_response("index.html").unwrap_or_else(|| ApiError::not_found("no UI").into_response())
}

/// `GET /assets/{file}`.
pub(crate) async fn asset(Path(file): Path<String>) -> Response {
    file_response(&file).unwrap_or_else(|| ApiError::not_found(format!("no asset {file:?}")).into_response())
}
