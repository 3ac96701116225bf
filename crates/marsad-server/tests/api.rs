//! The HTTP API against its OpenAPI document and its security promises, on
//! a store of synthetic articles, through the router in process.

mod common;

use axum::http::{Method, StatusCode};
use common::{app, encode, fixture_store, get, send, Reply, HOSTILE_TEXT, TOKEN};
use serde_json::{json, Value};

fn spec() -> Value {
    serde_json::from_str(marsad_server::OPENAPI_JSON).expect("openapi.json parses")
}

/// Follows a local `$ref` (`#/components/...`).
fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(pointer) => spec.pointer(pointer.trim_start_matches('#')).expect("$ref resolves"),
        None => node,
    }
}

/// The JSON schema the spec gives for `status` of `method path`.
fn response_schema(spec: &Value, method: &str, path: &str, status: u16) -> Value {
    let operation = &spec["paths"][path][method];
    assert!(operation.is_object(), "{method} {path} is not in openapi.json");
    let response = resolve(spec, &operation["responses"][status.to_string()]);
    assert!(response.is_object(), "{method} {path} documents no {status} response");
    response["content"]["application/json"]["schema"].clone()
}

/// Validates `instance` against `schema` with the spec's components in reach.
fn check_schema(spec: &Value, schema: &Value, instance: &Value, what: &str) {
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": spec["components"],
        "allOf": [schema],
    });
    let validator = jsonschema::validator_for(&root).expect("schema compiles");
    let errors: Vec<String> =
        validator.iter_errors(instance).take(5).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{what}: response does not match its schema:\n{}", errors.join("\n"));
}

/// GETs `uri`, checks its status, and validates the body against the
/// schema documented for `path` and that status. Returns the body.
async fn check_get(app: &axum::Router, path: &str, uri: &str, status: u16) -> Value {
    let reply = get(app, uri).await;
    assert_eq!(reply.status.as_u16(), status, "{uri}: {}", String::from_utf8_lossy(&reply.body));
    assert_eq!(reply.header("content-type"), "application/json", "{uri}");
    let body = reply.json();
    check_schema(&spec(), &response_schema(&spec(), "get", path, status), &body, uri);
    body
}

#[test]
fn every_route_is_documented_and_every_documented_path_routed() {
    let spec = spec();
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            documented.push((method.clone(), path.clone()));
        }
    }
    documented.sort();
    let mut routed: Vec<(String, String)> =
        marsad_server::ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    routed.sort();
    assert_eq!(routed, documented);
}

#[test]
fn every_operation_documents_its_parameters_and_responses() {
    let spec = spec();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(op["operationId"].is_string(), "{method} {path}: operationId");
            assert!(op["responses"]["200"].is_object(), "{method} {path}: 200");
            // Path templates and path parameters agree.
            let in_path: Vec<&str> = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .collect();
            let declared: Vec<&str> = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .map(|p| resolve(&spec, p))
                        .filter(|p| p["in"] == "path")
                        .map(|p| p["name"].as_str().unwrap())
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(in_path, declared, "{method} {path}: path parameters");
        }
    }
}

#[tokio::test]
async fn responses_match_their_schemas() {
    let app = app(fixture_store());
    let stats = check_get(&app, "/api/stats", "/api/stats", 200).await;
    assert_eq!(stats["documents"], common::fixture_documents(), "the examples, a near-copy, a hostile one");

    let results =
        check_get(&app, "/api/search", "/api/search?q=%D8%A7%D9%84%D8%AA%D8%A7%D8%AC%D9%8A", 200).await;
    assert!(results["total"].as_u64().unwrap() >= 2, "التاجي is in the first article and its near-copy");
    check_get(&app, "/api/search", "/api/search?q=&from=2026-01-01&to=2026-12-31&limit=3&offset=1", 200)
        .await;

    let documents = check_get(&app, "/api/documents", "/api/documents?limit=5", 200).await;
    assert_eq!(documents.as_array().unwrap().len(), 5);
    let first_id = results["hits"][0]["doc_id"].as_i64().unwrap();
    let document = check_get(&app, "/api/documents/{id}", &format!("/api/documents/{first_id}"), 200).await;
    assert!(document["layers"]["sentences"].is_array());

    let entities = check_get(&app, "/api/entities", "/api/entities?limit=20", 200).await;
    let entity_id = entities[0]["id"].as_str().expect("at least one entity").to_string();
    let page =
        check_get(&app, "/api/entities/{id}", &format!("/api/entities/{}", encode(&entity_id)), 200).await;
    assert_eq!(page["summary"]["id"], entity_id.as_str());
    check_get(&app, "/api/entities", "/api/entities?label=PER&name=%D8%A7", 200).await;

    let events = check_get(&app, "/api/events", "/api/events?limit=50", 200).await;
    assert!(!events.as_array().unwrap().is_empty(), "the examples report events");
    check_get(&app, "/api/events", "/api/events?kind=RETREAT&country=IQ&since=2020-01-01", 200).await;

    let stories = check_get(&app, "/api/stories", "/api/stories", 200).await;
    let story_id = stories[0]["id"].as_i64().expect("at least one story");
    check_get(&app, "/api/stories/{id}", &format!("/api/stories/{story_id}"), 200).await;

    check_get(&app, "/api/timeline", "/api/timeline", 200).await;
    check_get(&app, "/api/map", "/api/map?country=IQ", 200).await;

    let board = check_get(&app, "/api/board", "/api/board", 200).await;
    if let Some(place) = board["places"][0]["place_id"].as_str() {
        check_get(&app, "/api/board/{place_id}", &format!("/api/board/{}", encode(place)), 200).await;
    }
    check_get(&app, "/api/board/{place_id}", "/api/board/no-such-place", 404).await;

    // Errors are documented too.
    check_get(&app, "/api/documents/{id}", "/api/documents/999999", 404).await;
    check_get(&app, "/api/documents/{id}", "/api/documents/abc", 400).await;
    check_get(&app, "/api/entities/{id}", "/api/entities/PER%3Anobody", 404).await;
    check_get(&app, "/api/stories/{id}", "/api/stories/999999", 404).await;
    check_get(&app, "/api/search", "/api/search?limit=1001", 400).await;
    check_get(&app, "/api/events", "/api/events?since=yesterday", 400).await;

    let openapi = get(&app, "/api/openapi.json").await;
    assert_eq!(openapi.status, StatusCode::OK);
    assert_eq!(openapi.json()["openapi"], "3.1.0");
}

#[tokio::test]
async fn near_copy_is_linked_to_its_original() {
    let app = app(fixture_store());
    let results = get(&app, "/api/search?q=%D8%A7%D9%84%D8%AA%D8%A7%D8%AC%D9%8A&limit=10").await.json();
    let ids: Vec<i64> =
        results["hits"].as_array().unwrap().iter().map(|h| h["doc_id"].as_i64().unwrap()).collect();
    let mut linked = false;
    for id in &ids {
        let doc = get(&app, &format!("/api/documents/{id}")).await.json();
        linked |= doc["duplicates"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| ids.contains(&d["other"]["doc_id"].as_i64().unwrap()));
    }
    assert!(linked, "the near-copy and its original point at each other: {ids:?}");
}

/// The security headers every response carries, whatever its status.
fn assert_security_headers(reply: &Reply, what: &str) {
    assert_eq!(
        reply.header("content-security-policy"),
        marsad_server::security::CONTENT_SECURITY_POLICY,
        "{what}"
    );
    assert_eq!(
        reply.header("content-security-policy"),
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'",
        "{what}"
    );
    assert_eq!(reply.header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(reply.header("referrer-policy"), "no-referrer", "{what}");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = app(fixture_store());
    let cases: &[(Method, &str, u16, &str)] = &[
        (Method::GET, "/", 200, "text/html; charset=utf-8"),
        (Method::GET, "/assets/app.js", 200, "text/javascript; charset=utf-8"),
        (Method::GET, "/assets/app.css", 200, "text/css; charset=utf-8"),
        (Method::GET, "/assets/world.json", 200, "application/json"),
        (Method::GET, "/api/stats", 200, "application/json"),
        (Method::GET, "/api/openapi.json", 200, "application/json"),
        (Method::GET, "/api/nothing", 404, "application/json"),
        (Method::GET, "/assets/nothing.js", 404, "application/json"),
        (Method::DELETE, "/api/stats", 405, "application/json"),
        (Method::POST, "/api/ingest", 401, "application/json"),
        (Method::GET, "/api/ingest", 405, "application/json"),
    ];
    for (method, uri, status, content_type) in cases {
        let reply = send(&app, method.clone(), uri, &[], Vec::new()).await;
        let what = format!("{method} {uri}");
        assert_eq!(reply.status.as_u16(), *status, "{what}");
        assert_eq!(reply.header("content-type"), *content_type, "{what}");
        assert_security_headers(&reply, &what);
        if *content_type == "application/json" && *status >= 400 {
            assert!(reply.json()["error"].is_string(), "{what}: errors are {{\"error\": ...}}");
        }
    }
}

#[tokio::test]
async fn asset_paths_cannot_leave_the_embedded_table() {
    let app = app(fixture_store());
    for uri in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e%2fCargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/.%2E/src/lib.rs",
        "/assets/app.js%00.html",
        "/assets/APP.JS",
        "/assets/",
        "/assets/ui/app.js",
        "/assets//etc/passwd",
        "/../../etc/passwd",
    ] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!String::from_utf8_lossy(&reply.body).contains("[package]"), "{uri}");
    }
    let index = get(&app, "/").await;
    assert_eq!(index.body, marsad_server::UI_FILES.iter().find(|f| f.0 == "index.html").unwrap().2);
}

#[tokio::test]
async fn limits_and_bad_parameters_are_json_errors() {
    let app = app(fixture_store());
    let long = format!("/api/search?q={}", "a".repeat(5000));
    let cases: Vec<(String, u16)> = vec![
        (long, 414),
        ("/api/search?limit=1001".into(), 400),
        ("/api/search?limit=-1".into(), 400),
        ("/api/search?limit=ten".into(), 400),
        ("/api/search?offset=100001".into(), 400),
        ("/api/events?limit=99999999999999999999999".into(), 400),
        ("/api/search?from=2026-13-01".into(), 400),
        ("/api/search?q=a&q=b".into(), 400),
        ("/api/documents/1%20OR%201=1".into(), 400),
        ("/api/documents/99999999999999999999".into(), 400),
        ("/api/stories/x".into(), 400),
        ("/api/search?limit=1000&offset=100000".into(), 200),
        ("/api/search?from=&to=&limit=".into(), 200),
    ];
    for (uri, status) in cases {
        let reply = get(&app, &uri).await;
        assert_eq!(reply.status.as_u16(), status, "{uri}: {}", String::from_utf8_lossy(&reply.body));
        assert_security_headers(&reply, &uri);
        if status >= 400 {
            assert!(reply.json()["error"].as_str().is_some_and(|m| !m.is_empty()), "{uri}");
        }
    }
}

#[tokio::test]
async fn sql_like_input_is_only_data() {
    let app = app(fixture_store());
    let before = get(&app, "/api/stats").await.json();
    for value in
        ["' OR 1=1 --", "\"; DROP TABLE documents; --", "1) UNION SELECT * FROM documents --", "%' OR '%'='"]
    {
        let v = encode(value);
        for uri in [
            format!("/api/search?q={v}"),
            format!("/api/search?source={v}&entity={v}&place={v}&country={v}&event={v}"),
            format!("/api/events?place={v}&country={v}&kind={v}&entity={v}"),
            format!("/api/stories?entity={v}"),
            format!("/api/documents?place={v}"),
            format!("/api/entities?name={v}&label={v}"),
            format!("/api/timeline?kind={v}"),
            format!("/api/map?country={v}"),
        ] {
            let reply = get(&app, &uri).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", String::from_utf8_lossy(&reply.body));
            let body = reply.json();
            // Nothing matches a filter that is not a real value.
            if !uri.starts_with("/api/search?q=") {
                let empty = body.as_array().map(|a| a.is_empty()).unwrap_or_else(|| body["total"] == 0);
                assert!(empty, "{uri} matched something: {body}");
            }
        }
        for uri in [format!("/api/entities/{v}"), format!("/api/board/{v}")] {
            assert_eq!(get(&app, &uri).await.status, StatusCode::NOT_FOUND, "{uri}");
        }
    }
    assert_eq!(get(&app, "/api/stats").await.json(), before, "nothing changed");
}

#[tokio::test]
async fn hostile_text_comes_back_only_as_json_strings() {
    let app = app(fixture_store());
    let hits = get(
        &app,
        "/api/search?q=%D8%A7%D9%84%D9%85%D8%AA%D8%AD%D8%AF%D8%AB%20%D8%A7%D9%86%D8%B3%D8%AD%D8%A8%D8%AA",
    )
    .await;
    let hit = hits.json()["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["ext_id"] == "hostile")
        .cloned()
        .expect("the hostile article is found");
    for reply in [hits, get(&app, &format!("/api/documents/{}", hit["doc_id"])).await] {
        assert_eq!(reply.header("content-type"), "application/json");
        let raw = String::from_utf8(reply.body.clone()).unwrap();
        for markup in ["<", ">", "&", "onerror=alert(1)>"] {
            assert!(!raw.contains(markup), "raw JSON holds {markup:?}");
        }
    }
    let doc = get(&app, &format!("/api/documents/{}", hit["doc_id"])).await.json();
    assert_eq!(doc["text"], HOSTILE_TEXT, "the text round-trips exactly");
    assert_eq!(doc["title"], "<script>alert(1)</script>");
    assert_eq!(doc["source"], "<b>outlet</b>");
}

#[tokio::test]
async fn foreign_host_names_are_refused_on_loopback() {
    let app = app(fixture_store());
    for (host, status) in [
        ("localhost:8080", 200),
        ("127.0.0.1", 200),
        ("[::1]:1", 200),
        ("evil.example", 421),
        ("127.0.0.1.nip.io", 421),
    ] {
        let request = axum::http::Request::builder()
            .uri("/api/stats")
            .header("host", host)
            .body(axum::body::Body::empty())
            .unwrap();
        let response = tower::ServiceExt::oneshot(app.clone(), request).await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{host}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }
}

#[tokio::test]
async fn ingest_needs_the_token_and_bounds_the_body() {
    let dir = common::fresh_dir("ingest-auth");
    let app = app(&dir);
    let body = serde_json::to_vec(&json!({"articles": [{"text": "نص قصير"}]})).unwrap();
    let json_type = ("content-type", "application/json");
    let wrong = format!("Bearer {TOKEN}x");
    let short = format!("Bearer {}", &TOKEN[..TOKEN.len() - 1]);
    for auth in [
        None,
        Some("Bearer"),
        Some("Bearer "),
        Some(wrong.as_str()),
        Some(short.as_str()),
        Some(TOKEN),
        Some("Basic dGVzdA=="),
    ] {
        let mut headers = vec![json_type];
        if let Some(a) = auth {
            headers.push(("authorization", a));
        }
        let reply = send(&app, Method::POST, "/api/ingest", &headers, body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{auth:?}");
        assert!(reply.json()["error"].is_string());
    }
    let bearer = format!("Bearer {TOKEN}");
    let auth = ("authorization", bearer.as_str());
    // Over 10 MB: refused, whether or not the length is declared up front.
    let big = vec![b' '; marsad_server::security::MAX_BODY_BYTES + 1];
    let reply = send(&app, Method::POST, "/api/ingest", &[json_type, auth], big.clone()).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.json()["error"].is_string());
    let stream =
        axum::body::Body::from_stream(Chunks(big.chunks(64 * 1024).rev().map(<[u8]>::to_vec).collect()));
    let request = axum::http::Request::post("/api/ingest")
        .header("authorization", bearer.as_str())
        .body(stream)
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.clone(), request).await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE, "streamed, no content-length");
    let reply =
        send(&app, Method::POST, "/api/ingest", &[("content-type", "text/html"), auth], body.clone()).await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let reply =
        send(&app, Method::POST, "/api/ingest", &[json_type, auth], b"{\"articles\": 5}".to_vec()).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], 0, "nothing was stored");
}

/// A body in chunks with no declared length.
struct Chunks(Vec<Vec<u8>>);

impl futures_core::Stream for Chunks {
    type Item = Result<Vec<u8>, std::io::Error>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.get_mut().0.pop().map(Ok))
    }
}

#[tokio::test]
async fn ingest_stores_good_articles_and_lists_bad_ones() {
    let dir = common::fresh_dir("ingest");
    let app = app(&dir);
    let bearer = format!("Bearer {TOKEN}");
    let auth = ("authorization", bearer.as_str());
    let article = |id: &str, text: &str| json!({"id": id, "source": "وكالة الاختبار", "date": "2026-01-20", "title": "عنوان", "url": "https://example.invalid/a", "text": text});
    let body = json!({"articles": [
        article("a1", "أعلنت وزارة الدفاع العراقية انسحاب القوات الأمريكية من قاعدة عين الأسد في محافظة الأنبار."),
        {"id": "no-text"},
        article("hostile", HOSTILE_TEXT),
        "not an object",
        article("a1-again", "أعلنت وزارة الدفاع العراقية انسحاب القوات الأمريكية من قاعدة عين الأسد في محافظة الأنبار."),
    ]});
    let reply = send(
        &app,
        Method::POST,
        "/api/ingest",
        &[("content-type", "application/json"), auth],
        serde_json::to_vec(&body).unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
    let result = reply.json();
    check_schema(&spec(), &response_schema(&spec(), "post", "/api/ingest", 200), &result, "ingest");
    assert_eq!(result["added"], 2);
    assert_eq!(result["skipped_duplicates"], 1);
    let error_indexes: Vec<u64> =
        result["errors"].as_array().unwrap().iter().map(|e| e["index"].as_u64().unwrap()).collect();
    assert_eq!(error_indexes, [1, 3]);

    // Visible to readers at once: the pool reloads after a write.
    let hits = get(&app, "/api/search?q=%D8%B9%D9%8A%D9%86%20%D8%A7%D9%84%D8%A3%D8%B3%D8%AF").await.json();
    assert_eq!(hits["total"], 2, "{hits}");
    let stats = get(&app, "/api/stats").await.json();
    assert_eq!(stats["documents"], 2);

    // NDJSON: errors are numbered by line (0-based), blank lines included.
    let ndjson = format!(
        "{}\n\n{{broken\n{}\n",
        json!({"id": "n1", "text": "وصل وفد حكومي إلى مدينة الموصل لبحث إعادة الإعمار."}),
        json!({"docno": "n2", "src": "مصدر", "content": "افتتحت الحكومة الأردنية معبر الكرامة الحدودي أمام الشاحنات."}),
    );
    let reply = send(
        &app,
        Method::POST,
        "/api/ingest",
        &[("content-type", "application/x-ndjson"), auth],
        ndjson.into_bytes(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let result = reply.json();
    assert_eq!(result["added"], 2, "{result}");
    assert_eq!(result["errors"][0]["index"], 2);
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], 4);

    // An empty list is fine.
    let reply = send(&app, Method::POST, "/api/ingest", &[auth], br#"{"articles": []}"#.to_vec()).await;
    assert_eq!(reply.json(), json!({"added": 0, "skipped_duplicates": 0, "errors": []}));
}

#[test]
fn binds_loopback_by_default_and_serves_over_tcp() {
    use std::io::{Read, Write};
    assert!(marsad_server::DEFAULT_ADDR.ip().is_loopback());
    assert!(marsad_server::ServeOptions::new("x").addr.ip().is_loopback());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut options = marsad_server::ServeOptions::new(fixture_store());
    options.token = None;
    let server = marsad_server::start(options, listener).expect("server starts");
    assert!(server.token_generated());
    assert_eq!(server.token().len(), 64, "a generated token is 32 random bytes in hex");
    let addr = server.addr();
    assert!(server.url().starts_with("http://127.0.0.1:"));
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(stream, "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", addr.port())
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let documents = format!("\"documents\":{}", common::fixture_documents());
    assert!(response.contains(&documents), "{response}");
    server.shutdown().expect("clean shutdown");
    assert!(std::net::TcpStream::connect(addr).is_err(), "the port is closed after shutdown");
}

#[test]
fn an_empty_token_is_refused() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut options = marsad_server::ServeOptions::new(fixture_store());
    options.token = Some("  ".into());
    assert!(matches!(marsad_server::start(options, listener), Err(marsad_server::ServeError::EmptyToken)));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]
    /// Whatever the query string, the answer is JSON with the security
    /// headers and never a server error.
    #[test]
    fn any_query_string_gets_a_json_answer(
        route in proptest::sample::select(vec!["/api/search", "/api/events", "/api/stories", "/api/entities", "/api/documents", "/api/timeline", "/api/map"]),
        name in proptest::sample::select(vec!["q", "from", "to", "since", "until", "limit", "offset", "place", "country", "kind", "entity", "label", "name", "event", "source"]),
        value in "\\PC{0,40}",
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let app = app(fixture_store());
        let uri = format!("{route}?{name}={}", encode(&value));
        let reply = runtime.block_on(get(&app, &uri));
        proptest::prop_assert!(reply.status.as_u16() == 200 || reply.status.as_u16() == 400, "{} {}", uri, reply.status);
        proptest::prop_assert_eq!(reply.header("content-type"), "application/json");
        proptest::prop_assert_eq!(reply.header("x-content-type-options"), "nosniff");
        let _ = reply.json();
    }
}
