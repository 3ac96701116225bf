//! Errors: [`ServeError`] for starting the server, [`ApiError`] for a request.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// Why the server could not start (or stopped abnormally).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("store: {0}")]
    Store(#[from] marsad_corpus::StoreError),
    #[error("the write token is empty")]
    EmptyToken,
    #[error("no randomness for the write token: {0}")]
    Random(String),
    #[error("server runtime: {0}")]
    Runtime(std::io::Error),
    #[error("the server thread panicked")]
    Crashed,
}

/// A failed request: its status and a message, sent as `{"error": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<marsad_corpus::StoreError> for ApiError {
    fn from(e: marsad_corpus::StoreError) -> ApiError {
        ApiError::internal(format!("store: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = crate::api::to_json(&serde_json::json!({ "error": self.message }))
            .map(|b| b.0)
            .unwrap_or_else(|_| br#"{"error":"unprintable error"}"#.to_vec());
        (self.status, crate::api::JsonBody(body)).into_response()
    }
}
