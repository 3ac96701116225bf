//! The routes and the read-only handlers. Every handler parses its
//! parameters into typed values here (so a bad one is a 400 naming it),
//! runs the store query on the blocking pool and serialises the corpus
//! types as they are.

use crate::error::ApiError;
use crate::security::{MAX_BODY_BYTES, MAX_LIMIT, MAX_OFFSET};
use crate::state::AppState;
use crate::{assets, ingest, security, OPENAPI_JSON};
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use marsad_corpus::{EntityFilter, EventFilter, Query};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Every route: the router `marsad serve` runs (and tests call directly).
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/{file}", get(assets::asset))
        .route("/api/openapi.json", get(openapi))
        .route("/api/stats", get(stats))
        .route("/api/search", get(search))
        .route("/api/documents", get(documents))
        .route("/api/documents/{id}", get(document))
        .route("/api/entities", get(entities))
        .route("/api/entities/{id}", get(entity))
        .route("/api/events", get(events))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/timeline", get(timeline))
        .route("/api/map", get(map))
        .route("/api/board", get(board))
        .route("/api/board/{place_id}", get(board_place))
        .route("/api/ingest", post(ingest::ingest))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // The body limit is enforced by the ingest handler itself (after the
        // token check); this only stops axum's own default (2 MB) biting first.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::guard))
        .with_state(state)
}

/// The route paths of [`router`] in OpenAPI notation, with their methods
/// (for the test that every route is documented and every documented path
/// routed).
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/"),
    ("get", "/assets/{file}"),
    ("get", "/api/openapi.json"),
    ("get", "/api/stats"),
    ("get", "/api/search"),
    ("get", "/api/documents"),
    ("get", "/api/documents/{id}"),
    ("get", "/api/entities"),
    ("get", "/api/entities/{id}"),
    ("get", "/api/events"),
    ("get", "/api/stories"),
    ("get", "/api/stories/{id}"),
    ("get", "/api/timeline"),
    ("get", "/api/map"),
    ("get", "/api/board"),
    ("get", "/api/board/{place_id}"),
    ("post", "/api/ingest"),
];

/// A JSON body serialised on the blocking pool.
pub(crate) struct JsonBody(pub Vec<u8>);

impl IntoResponse for JsonBody {
    fn into_response(self) -> Response {
        ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], self.0)
            .into_response()
    }
}

/// Serialises `value` as JSON in which `<`, `>`, `&`, U+2028 and U+2029 are
/// `\u` escapes: the same JSON to a parser, but article text can never
/// appear as markup in the raw bytes, even to a client that sniffs.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<JsonBody, ApiError> {
    let mut out = Vec::with_capacity(4096);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, HtmlSafeFormatter);
    value
        .serialize(&mut serializer)
        .map_err(|e| ApiError::internal(format!("serialising the response: {e}")))?;
    Ok(JsonBody(out))
}

/// serde_json's compact formatter with the escapes of [`to_json`].
struct HtmlSafeFormatter;

impl serde_json::ser::Formatter for HtmlSafeFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let escape = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..i])?;
            writer.write_all(escape.as_bytes())?;
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// Query-string parameters, with a JSON 400 (not axum's plain text) when
/// they do not parse.
pub(crate) struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|q| Params(q.0))
            .map_err(|e| ApiError::bad_request(e.body_text()))
    }
}

/// A path parameter, with a JSON 400 when it does not parse.
pub(crate) struct PathParam<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for PathParam<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| PathParam(p.0))
            .map_err(|e| ApiError::bad_request(e.body_text()))
    }
}

/// An empty parameter (`?since=`, as HTML forms send) counts as absent.
fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn date_param(name: &str, value: Option<String>) -> Result<Option<NaiveDate>, ApiError> {
    non_empty(value)
        .map(|v| {
            NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                .map_err(|_| ApiError::bad_request(format!("{name}: {v:?} is not a YYYY-MM-DD date")))
        })
        .transpose()
}

fn count_param(name: &str, value: Option<String>, max: usize) -> Result<usize, ApiError> {
    let Some(v) = non_empty(value) else { return Ok(0) };
    let n: usize = v
        .parse()
        .map_err(|_| ApiError::bad_request(format!("{name}: {v:?} is not a non-negative integer")))?;
    if n > max {
        return Err(ApiError::bad_request(format!("{name}: {n} is over the maximum, {max}")));
    }
    Ok(n)
}

/// `limit` and `offset`, checked against their caps.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Page {
    limit: Option<String>,
    offset: Option<String>,
}

impl Page {
    fn parse(self) -> Result<(usize, usize), ApiError> {
        Ok((count_param("limit", self.limit, MAX_LIMIT)?, count_param("offset", self.offset, MAX_OFFSET)?))
    }
}

/// The parameters of `/api/search`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchParams {
    q: Option<String>,
    from: Option<String>,
    to: Option<String>,
    source: Option<String>,
    entity: Option<String>,
    place: Option<String>,
    country: Option<String>,
    event: Option<String>,
    #[serde(flatten)]
    page: Page,
}

/// The event filters shared by events, stories, documents, timeline and map.
#[derive(Deserialize, Default)]
#[serde(default)]
struct FilterParams {
    place: Option<String>,
    country: Option<String>,
    kind: Option<String>,
    entity: Option<String>,
    since: Option<String>,
    until: Option<String>,
    #[serde(flatten)]
    page: Page,
}

impl FilterParams {
    fn parse(self) -> Result<EventFilter, ApiError> {
        let (limit, offset) = self.page.parse()?;
        Ok(EventFilter {
            place: non_empty(self.place),
            country: non_empty(self.country),
            kind: non_empty(self.kind),
            entity: non_empty(self.entity),
            since: date_param("since", self.since)?,
            until: date_param("until", self.until)?,
            limit,
            offset,
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EntityParams {
    name: Option<String>,
    label: Option<String>,
    #[serde(flatten)]
    page: Page,
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON).into_response()
}

async fn stats(State(state): State<AppState>) -> Result<JsonBody, ApiError> {
    state.read(|store| to_json(&store.stats()?)).await
}

async fn search(
    State(state): State<AppState>,
    Params(p): Params<SearchParams>,
) -> Result<JsonBody, ApiError> {
    let (limit, offset) = p.page.parse()?;
    let query = Query {
        text: p.q.unwrap_or_default(),
        from: date_param("from", p.from)?,
        to: date_param("to", p.to)?,
        source: non_empty(p.source),
        entity: non_empty(p.entity),
        place: non_empty(p.place),
        country: non_empty(p.country),
        event_type: non_empty(p.event),
        limit,
        offset,
    };
    state.read(move |store| to_json(&store.search(&query)?)).await
}

async fn documents(
    State(state): State<AppState>,
    Params(p): Params<FilterParams>,
) -> Result<JsonBody, ApiError> {
    let filter = p.parse()?;
    state.read(move |store| to_json(&store.documents_page(&filter)?)).await
}

/// `GET /api/documents/{id}`: the document with its layers, duplicates and story.
#[derive(Serialize)]
struct DocumentView {
    id: i64,
    ext_id: String,
    source: String,
    date: Option<NaiveDate>,
    title: Option<String>,
    url: Option<String>,
    text: String,
    layers: serde_json::Value,
    duplicates: Vec<marsad_corpus::DuplicateLink>,
    story: Option<i64>,
}

async fn document(
    State(state): State<AppState>,
    PathParam(id): PathParam<i64>,
) -> Result<JsonBody, ApiError> {
    state
        .read(move |store| {
            let doc = store.document(id)?.ok_or_else(|| ApiError::not_found(format!("no document {id}")))?;
            let view = DocumentView {
                id: doc.id,
                duplicates: store.duplicates_of(id)?,
                story: store.story_of(id)?,
                ext_id: doc.meta.id,
                source: doc.meta.source,
                date: doc.meta.date,
                title: doc.meta.title,
                url: doc.meta.url,
                text: doc.text,
                layers: doc.layers,
            };
            to_json(&view)
        })
        .await
}

async fn entities(
    State(state): State<AppState>,
    Params(p): Params<EntityParams>,
) -> Result<JsonBody, ApiError> {
    let (limit, offset) = p.page.parse()?;
    let filter = EntityFilter { name: non_empty(p.name), label: non_empty(p.label), limit, offset };
    state.read(move |store| to_json(&store.entities(&filter)?)).await
}

async fn entity(
    State(state): State<AppState>,
    PathParam(id): PathParam<String>,
) -> Result<JsonBody, ApiError> {
    state
        .read(move |store| match store.entity(&id)? {
            Some(page) => to_json(&page),
            None => Err(ApiError::not_found(format!("no entity {id:?}"))),
        })
        .await
}

async fn events(
    State(state): State<AppState>,
    Params(p): Params<FilterParams>,
) -> Result<JsonBody, ApiError> {
    let filter = p.parse()?;
    state.read(move |store| to_json(&store.merged_events(&filter)?)).await
}

async fn stories(
    State(state): State<AppState>,
    Params(p): Params<FilterParams>,
) -> Result<JsonBody, ApiError> {
    let filter = p.parse()?;
    state.read(move |store| to_json(&store.stories(&filter)?)).await
}

async fn story(State(state): State<AppState>, PathParam(id): PathParam<i64>) -> Result<JsonBody, ApiError> {
    state
        .read(move |store| match store.story(id)? {
            Some(story) => to_json(&story),
            None => Err(ApiError::not_found(format!("no story {id}"))),
        })
        .await
}

async fn timeline(
    State(state): State<AppState>,
    Params(p): Params<FilterParams>,
) -> Result<JsonBody, ApiError> {
    let filter = p.parse()?;
    state.read(move |store| to_json(&store.timeline(&filter)?)).await
}

async fn map(State(state): State<AppState>, Params(p): Params<FilterParams>) -> Result<JsonBody, ApiError> {
    let filter = p.parse()?;
    state.read(move |store| to_json(&store.map_places(&filter)?)).await
}

async fn board(State(state): State<AppState>) -> Result<JsonBody, ApiError> {
    let board = state.board().await?;
    tokio::task::spawn_blocking(move || to_json(&*board))
        .await
        .map_err(|_| ApiError::internal("serialising the board failed"))?
}

async fn board_place(
    State(state): State<AppState>,
    PathParam(place_id): PathParam<String>,
) -> Result<JsonBody, ApiError> {
    let board = state.board().await?;
    match board.place(&place_id) {
        Some(place) => to_json(place),
        None => Err(ApiError::not_found(format!("no place {place_id:?} on the board"))),
    }
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such route")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed on this route")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The escaping formatter writes the same JSON value, never markup.
        #[test]
        fn html_safe_json_round_trips(text in "\\PC*", key in "[<>&\u{2028}a-z\u{0600}-\u{06FF}]{0,8}") {
            let value = serde_json::json!({ key.clone(): [text.clone(), { "t": text.clone() }] });
            let JsonBody(bytes) = to_json(&value).unwrap();
            let back: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            prop_assert_eq!(back, value);
            for forbidden in [b'<', b'>', b'&'] {
                prop_assert!(!bytes.contains(&forbidden));
            }
            let raw = String::from_utf8(bytes).unwrap();
            let separators = ['\u{2028}', '\u{2029}'];
            prop_assert!(!raw.contains(separators));
        }
    }
}
