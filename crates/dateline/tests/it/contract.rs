//! The API's contract, exact: every error is the documented JSON in the reader's language,
//! the comment form says what is wrong with a malformed submission, and outside tools
//! (Schemathesis, a Redocly lint) find nothing wrong with the live OpenAPI document.

use axum::body::Body;
use axum::http::Request;

use crate::support::newsroom::{OPEN, Post, field, newsroom};
use crate::support::{Backend, ServerProcess, TempDir, TestApp, TestDb, TestResponse, dateline};

const COMMENTS: &str = "/api/v1/articles/english/han-river-floods/comments";

fn json(response: &TestResponse) -> serde_json::Value {
    assert_eq!(response.header("content-type"), "application/json", "{} {}", response.status, response.body);
    serde_json::from_str(&response.body).unwrap_or_else(|e| panic!("{e}: {}", response.body))
}

async fn send(app: &TestApp, method: &str, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> TestResponse {
    let mut request = Request::builder().method(method).uri(path).header("host", "localhost");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app.send(request.body(Body::from(body)).unwrap()).await
}

/// Whatever answers (a handler, the router, the body limit), an API error is
/// `{error, field?, code?}` with a status the document names, in plain words.
async fn every_api_error_is_the_documented_json(backend: Backend) {
    let app = newsroom(backend).await;
    let token = "ab".repeat(32);

    let wrong_method = send(&app, "PATCH", "/api/v1/comment-counts", &[], Vec::new()).await;
    assert_eq!(wrong_method.status, 405);
    assert_eq!(wrong_method.header("allow"), "GET,HEAD");
    let body = json(&wrong_method);
    assert_eq!(body["code"], "method-not-allowed");
    assert!(body["error"].as_str().unwrap().contains("PATCH"), "{body}");

    let huge = vec![b'a'; 3 * 1024 * 1024];
    let too_large = send(&app, "POST", COMMENTS, &[("content-type", "application/json")], huge).await;
    assert_eq!(too_large.status, 413);
    assert_eq!(json(&too_large)["code"], "too-large");

    let plain = send(&app, "POST", COMMENTS, &[("content-type", "text/plain")], b"hello".to_vec()).await;
    assert_eq!(plain.status, 415);
    assert_eq!(json(&plain)["code"], "unsupported-media-type");

    let array = app.post_json(COMMENTS, r#"[{"name": "A", "text": "B"}]"#, None).await;
    assert_eq!(array.status, 400);
    let body = json(&array);
    assert_eq!(body["code"], "not-an-object");
    assert_eq!(body["error"], "The body must be a JSON object, not an array.");

    let typed = app.post_json(COMMENTS, r#"{"name": 5, "text": "Hello", "accept_terms": true}"#, None).await;
    assert_eq!(typed.status, 400);
    let body = json(&typed);
    assert_eq!((body["code"].as_str(), body["field"].as_str()), (Some("invalid-type"), Some("name")));
    assert_eq!(body["error"], "name must be a string.");
    let broken = app.post_json(COMMENTS, r#"{"name": "A""#, None).await;
    assert_eq!(json(&broken)["error"], "The body is not valid JSON (line 1, column 12).");

    let whole = r#"{"name": "Reader", "text": "Whole numbers count", "accept_terms": true, "parent_id": 9.0}"#;
    assert_eq!(json(&app.post_json(COMMENTS, whole, None).await)["code"], "parent", "9.0 is read as comment 9");

    let id = send(&app, "DELETE", "/api/v1/comments/twelve", &[("x-commenter-token", &token)], Vec::new()).await;
    assert_eq!(id.status, 400);
    assert_eq!((json(&id)["code"].as_str(), json(&id)["field"].as_str()), (Some("invalid-id"), Some("id")));
    let page = app.get(&format!("{COMMENTS}?page=0")).await;
    assert_eq!((page.status.as_u16(), json(&page)["field"].as_str()), (400, Some("page")));
    for bad in ["", "english", "english/a,,english/b", "english/a,%20english/b", "a/b/c"] {
        let counts = app.get(&format!("/api/v1/comment-counts?articles={bad}")).await;
        assert_eq!(
            (counts.status.as_u16(), json(&counts)["code"].as_str()),
            (400, Some("invalid-articles")),
            "{bad:?}"
        );
    }
    let nul = app.get("/api/v1/comment-counts?articles=english/a%00b").await;
    assert_eq!((nul.status.as_u16(), json(&nul)["code"].as_str()), (400, Some("bad-request")));
    let nowhere = app.get("/api/v1/nothing-here").await;
    assert_eq!((nowhere.status.as_u16(), json(&nowhere)["code"].as_str()), (404, Some("no-route")));
}

/// An API error speaks the language the request asks for, else the article's.
async fn api_errors_speak_the_readers_language(backend: Backend) {
    let app = newsroom(backend).await;
    let korean = app.get("/api/v1/articles/korean/no-such-story/comments").await;
    assert_eq!(korean.status, 404);
    assert_eq!(json(&korean)["error"], "해당 기사가 없습니다.");
    assert_eq!(korean.header("content-language"), "ko");
    let asked = send(
        &app,
        "GET",
        "/api/v1/articles/korean/no-such-story/comments",
        &[("accept-language", "fr;q=0.9, vi;q=0.8, en;q=0.5")],
        Vec::new(),
    )
    .await;
    assert_eq!(json(&asked)["error"], "Không có bài viết này.");
    let refused = app.post_json(COMMENTS, r#"{"name": "", "text": "Hello", "accept_terms": true}"#, None).await;
    assert_eq!(refused.status, 422);
    assert_eq!(json(&refused)["error"], "Please enter a name.");
    let english = app.get("/api/v1/articles/english/no-such-story/comments").await;
    assert_eq!(json(&english)["error"], "No such article.");
}

/// The comment form says what is wrong with a submission it cannot read as meant, and
/// keeps the reader's text.
async fn the_comment_form_names_a_malformed_submission(backend: Backend) {
    let app = newsroom(backend).await;
    let page = app.get(OPEN).await;
    let token = field(&page.body, "form_token").unwrap();
    app.clock.advance(5);
    let origin = [("origin", "http://localhost")];

    let text = "A reply to nothing in particular";
    let mut fields = vec![("name", "Reader"), ("text", text), ("accept_terms", "yes"), ("form_token", &token)];
    fields.push(("parent_id", "twelve"));
    let malformed = post_fields(&app, &fields, &origin).await;
    assert_eq!(malformed.status, 422);
    assert!(malformed.body.contains("You can only reply to a published comment on this story."));
    assert!(malformed.body.contains(text), "the text is kept");

    fields.pop();
    fields.push(("text", "A second text"));
    let repeated = post_fields(&app, &fields, &origin).await;
    assert_eq!(repeated.status, 400);
    assert!(repeated.body.contains("The form sent “text” more than once, so nothing was saved."), "{}", repeated.body);
    assert!(repeated.body.contains(text), "the first text is kept");

    let multipart = send(
        &app,
        "POST",
        &format!("{OPEN}/comments"),
        &[("content-type", "multipart/form-data; boundary=x"), ("origin", "http://localhost")],
        b"--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nHello\r\n--x--\r\n".to_vec(),
    )
    .await;
    assert_eq!(multipart.status, 415);
    assert!(multipart.body.contains("(multipart)"), "{}", multipart.body);

    let counted = app.get("/api/v1/comment-counts?articles=english/han-river-floods").await;
    assert!(counted.body.contains(":0"), "nothing was saved: {}", counted.body);
    let fine = app.comment(OPEN, &Post::default(), None).await;
    assert_eq!(fine.status, 303, "a well-formed form still goes through");
}

async fn post_fields(app: &TestApp, fields: &[(&str, &str)], headers: &[(&str, &str)]) -> TestResponse {
    let mut all = vec![("content-type", "application/x-www-form-urlencoded")];
    all.extend_from_slice(headers);
    let body = serde_urlencoded::to_string(fields).unwrap().into_bytes();
    send(app, "POST", &format!("{OPEN}/comments"), &all, body).await
}

/// The tools in `.ci/`: Schemathesis from `REACH_PYTHON`'s environment, Redocly from npm.
fn outside_tools() -> Option<(String, String)> {
    let redocly = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.ci/node_modules/.bin/redocly");
    match (std::env::var("REACH_PYTHON"), std::path::Path::new(redocly).exists()) {
        (Ok(python), true) => Some((python, redocly.to_owned())),
        _ => {
            assert!(std::env::var("CI").is_err(), "CI must install Schemathesis (REACH_PYTHON) and Redocly (.ci)");
            eprintln!("skipping: run .ci/run's tool steps for Schemathesis and Redocly");
            None
        }
    }
}

fn run(command: &mut std::process::Command) -> (bool, String) {
    let output = command.output().expect("the tool runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// Schemathesis, with every check and phase, against the live document of a demo site
/// (its limits and services filled in), and the strict Redocly lint of that document: any
/// finding fails.
async fn outside_tools_find_nothing_wrong_with_the_api(backend: Backend) {
    let Some((python, redocly)) = outside_tools() else { return };
    let db = TestDb::new(backend).await;
    let server = ServerProcess::start(&db, &[]);
    let cwd = TempDir::new();
    let made =
        dateline(&db, &["token", "add", "--service", "english", "--role", "editor", "--name", "fuzz"], cwd.path());
    let printed = String::from_utf8_lossy(&made.stdout).to_string();
    let api_token = printed.split("token: ").nth(1).and_then(|t| t.split_whitespace().next()).expect(&printed);
    let document = server.request("GET", "/api/openapi.json", "").unwrap();
    let document = document.split("\r\n\r\n").nth(1).unwrap().to_owned();
    let file = cwd.path().join("openapi.json");
    std::fs::write(&file, &document).unwrap();

    let ci = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.ci");
    let (linted, lint) =
        run(std::process::Command::new(&redocly).args(["lint", "--config", &format!("{ci}/redocly.yaml")]).arg(&file));
    assert!(linted && lint.contains("Your API description is valid"), "Redocly:\n{lint}");

    let base = format!("http://{}", server.address);
    let (fuzzed, report) = run(std::process::Command::new(&python).args([
        "-m",
        "schemathesis.cli",
        "--config-file",
        &format!("{ci}/schemathesis.toml"),
        "run",
        &format!("{base}/api/openapi.json"),
        "--url",
        &base,
        "--checks",
        "all",
        "--max-examples",
        "40",
        "--seed",
        "20261202",
        "-H",
        &format!("Authorization: Bearer {api_token}"),
        "-H",
        &format!("X-Commenter-Token: {}", "ab".repeat(32)),
    ]));
    assert!(fuzzed, "Schemathesis:\n{report}");
}

/// `/metrics` is served only on `metrics_bind`, in the Prometheus text format (read by
/// prometheus-client's own parser): requests by route template and status with latency
/// histograms, the page cache, submission batches, the queues, the database pools.
async fn metrics_are_served_only_on_their_own_address(backend: Backend) {
    let db = TestDb::new(backend).await;
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let metrics_address = free.local_addr().unwrap().to_string();
    drop(free);
    let server = ServerProcess::start(
        &db,
        &[("DATELINE_METRICS_BIND", metrics_address.as_str()), ("DATELINE_COMMENTS_API_FORM_TOKEN", "false")],
    );
    for path in ["/", "/", "/english/2026/10/yeonpo-river-flood-relief", "/no-such-page"] {
        server.request("GET", path, "").unwrap();
    }
    let body = r#"{"name":"Metric reader","text":"Counted in a batch","accept_terms":true}"#;
    let posted = server.request("POST", "/api/v1/articles/english/yeonpo-river-flood-relief/comments", body).unwrap();
    assert!(posted.starts_with("HTTP/1.1 202"), "{posted}");
    let on_site = server.request("GET", "/metrics", "").unwrap();
    assert!(on_site.starts_with("HTTP/1.1 404"), "never on the site's address");

    let scraped = ServerProcess::address_only(&metrics_address).request("GET", "/metrics", "").unwrap();
    assert!(scraped.starts_with("HTTP/1.1 200"), "{scraped}");
    let text = scraped.split("\r\n\r\n").nth(1).unwrap().to_owned();
    for expected in [
        r#"dateline_http_requests_total{route="/",method="GET",status="200"} 2"#,
        r#"dateline_http_requests_total{route="/{service}/{year}/{month}/{slug}",method="GET",status="200"} 1"#,
        "dateline_http_request_duration_seconds_bucket{route=\"/\",le=\"+Inf\"} 2",
        "dateline_page_cache_hits_total 1",
        "dateline_comment_batches_total",
        "dateline_comment_batch_size_bucket",
        r#"dateline_comments_waiting{service="english",state="pending"}"#,
        r#"dateline_db_pool_connections{pool="read",state="open"}"#,
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    let Ok(python) = std::env::var("REACH_PYTHON") else {
        assert!(std::env::var("CI").is_err(), "CI must set REACH_PYTHON (prometheus-client)");
        return;
    };
    let folder = TempDir::new();
    let file = folder.path().join("metrics.txt");
    std::fs::write(&file, &text).unwrap();
    let parse = "import sys\nfrom prometheus_client.parser import text_string_to_metric_families as parse\n\
                 families = list(parse(open(sys.argv[1]).read()))\n\
                 names = {f.name for f in families}\n\
                 assert {'dateline_http_requests', 'dateline_http_request_duration_seconds'} <= names, names\n\
                 print(len(families), 'families')";
    let (parsed, report) = run(std::process::Command::new(python).args(["-c", parse]).arg(&file));
    assert!(parsed, "prometheus-client could not read /metrics:\n{report}");
}

on_both_backends!(
    metrics_are_served_only_on_their_own_address,
    every_api_error_is_the_documented_json,
    api_errors_speak_the_readers_language,
    the_comment_form_names_a_malformed_submission,
    outside_tools_find_nothing_wrong_with_the_api,
);
