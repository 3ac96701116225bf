//! The server's defences, each small enough to read at a glance.
//!
//! - Every response carries [`CONTENT_SECURITY_POLICY`], `nosniff` and
//!   `Referrer-Policy: no-referrer`: even if article text reached the page
//!   as markup, no inline script or style could run.
//! - When bound to loopback, requests whose `Host` is not a loopback name
//!   are refused ([`allowed_hosts`]): a web page that rebinds its DNS name to
//!   127.0.0.1 cannot read the API.
//! - Query strings are capped ([`MAX_QUERY_BYTES`]), bodies too
//!   ([`MAX_BODY_BYTES`], `POST /api/ingest` only), page sizes at
//!   [`MAX_LIMIT`], offsets at [`MAX_OFFSET`].
//! - The write token is compared in constant time ([`constant_time_eq`]).

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// The Content-Security-Policy of every response: the UI's own files only,
/// no inline script or style, no plugins, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

/// Largest request body (`POST /api/ingest`): 10 MB.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// Longest query string accepted (bytes, percent-encoded).
pub const MAX_QUERY_BYTES: usize = 4096;

/// Largest `limit` of a listing or search page.
pub const MAX_LIMIT: usize = 1000;

/// Largest `offset`: the index collects `offset + limit` hits before it
/// skips, so an unbounded offset would be an unbounded allocation.
pub const MAX_OFFSET: usize = 100_000;

/// Equal-length inputs take the same time whatever their content, so a
/// client cannot find the token byte by byte from response times.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// 32 random bytes as 64 hex digits.
pub fn generate_token() -> Result<String, crate::ServeError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| crate::ServeError::Random(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The `Host` names accepted when the server is bound to `bound`: loopback
/// names when bound to a loopback address, anything otherwise (whoever
/// binds a public address has chosen to be reached by any name).
pub fn allowed_hosts(bound: SocketAddr) -> Vec<String> {
    if bound.ip().is_loopback() {
        vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into()]
    } else {
        Vec::new()
    }
}

/// The host part of a `Host` header value (without the port), lower-cased.
fn host_name(value: &str) -> String {
    let value = value.trim().to_ascii_lowercase();
    if value.starts_with('[') {
        // [::1]:8080
        match value.find(']') {
            Some(end) => value[..=end].to_string(),
            None => value,
        }
    } else {
        value.split(':').next().unwrap_or("").to_string()
    }
}

/// Whether a request with these headers passes the `Host` check.
pub(crate) fn host_allowed(allowed: &[String], headers: &HeaderMap) -> bool {
    if allowed.is_empty() {
        return true;
    }
    match headers.get(header::HOST).map(|h| h.to_str()) {
        // HTTP/1.0 clients may send none; a browser always does.
        None => true,
        Some(Ok(value)) => {
            let name = host_name(value);
            allowed.contains(&name)
        }
        Some(Err(_)) => false,
    }
}

/// Checks `Authorization: Bearer <token>`.
pub(crate) fn check_bearer(expected: &str, headers: &HeaderMap) -> Result<(), ApiError> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        })
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "a bearer token is required"))?;
    if constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::UNAUTHORIZED, "wrong token"))
    }
}

/// Middleware around every route: refuses oversized query strings and
/// foreign `Host`s, then stamps the security headers on the response
/// (errors included).
pub(crate) async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let query_len = request.uri().query().map_or(0, str::len);
    let mut response = if query_len > MAX_QUERY_BYTES {
        ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("query string of {query_len} bytes (at most {MAX_QUERY_BYTES})"),
        )
        .into_response()
    } else if !host_allowed(&state.inner.allowed_hosts, request.headers()) {
        ApiError::new(StatusCode::MISDIRECTED_REQUEST, "this server answers to localhost only")
            .into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("same-origin"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_is_equality() {
        let cases: [(&[u8], &[u8], bool); 5] = [
            (b"", b"", true),
            (b"abc", b"abc", true),
            (b"abc", b"abd", false),
            (b"abc", b"ab", false),
            (b"ab", b"abc", false),
        ];
        for (a, b, want) in cases {
            assert_eq!(constant_time_eq(a, b), want, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn host_names() {
        let loopback = allowed_hosts("127.0.0.1:8080".parse().unwrap());
        let check = |host: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::HOST, HeaderValue::from_str(host).unwrap());
            host_allowed(&loopback, &headers)
        };
        for (host, want) in [
            ("localhost:8080", true),
            ("LOCALHOST", true),
            ("127.0.0.1:9", true),
            ("[::1]:8080", true),
            ("evil.example:8080", false),
            ("127.0.0.1.evil.example", false),
            ("localhost.evil.example:8080", false),
        ] {
            assert_eq!(check(host), want, "{host}");
        }
        let public = allowed_hosts("0.0.0.0:8080".parse().unwrap());
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("anything.example"));
        assert!(host_allowed(&public, &headers));
    }

    #[test]
    fn bearer() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
            check_bearer("s3cret", &headers).map_err(|e| e.status.as_u16())
        };
        assert_eq!(with("Bearer s3cret"), Ok(()));
        assert_eq!(with("bearer  s3cret "), Ok(()));
        assert_eq!(with("Bearer s3cre"), Err(401));
        assert_eq!(with("Basic s3cret"), Err(401));
        assert_eq!(with("s3cret"), Err(401));
        assert_eq!(check_bearer("s3cret", &HeaderMap::new()).map_err(|e| e.status.as_u16()), Err(401));
    }

    #[test]
    fn generated_tokens_differ() {
        let a = generate_token().unwrap();
        let b = generate_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
