//! The rendered-page cache: served from memory, compressed, revalidated, invalidated
//! exactly, never personal; and two nodes that behave as one site.

use std::io::Read;

use axum::body::Body;
use axum::http::Request;

use crate::support::newsroom::{OPEN, Post, newsroom, received_id};
use crate::support::{Backend, ServerProcess, TestApp, TestDb, TestResponse, dateline};

const OTHER: &str = "/english/2026/07/other-story";

impl TestApp {
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::get(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn get_bytes(&self, path: &str, encoding: &str) -> (TestResponse, Vec<u8>) {
        self.send_raw(Request::get(path).header("accept-encoding", encoding).body(Body::empty()).unwrap()).await
    }
}

async fn pages_are_served_from_memory_compressed_and_revalidated(backend: Backend) {
    let app = newsroom(backend).await;
    let first = app.get(OPEN).await;
    assert_eq!(first.status, 200);
    let etag = first.header("etag").to_owned();
    assert!(etag.starts_with('"'), "an ETag: {etag:?}");
    assert_eq!(first.header("cache-control"), "public, max-age=0, s-maxage=30, stale-while-revalidate=60");
    assert!(!first.header("last-modified").is_empty());
    let before = app.web_app().cache.stats();
    let second = app.get(OPEN).await;
    assert_eq!(second.body, first.body);
    assert_eq!(app.web_app().cache.stats().hits, before.hits + 1, "the second request is a hit");

    let not_modified = app.get_with(OPEN, &[("if-none-match", &etag)]).await;
    assert_eq!(not_modified.status, 304);
    assert!(not_modified.body.is_empty());

    let (gzip, bytes) = app.get_bytes(OPEN, "gzip, deflate").await;
    assert_eq!(gzip.header("content-encoding"), "gzip");
    assert_eq!(gzip.header("vary"), "Accept-Encoding");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text).unwrap();
    assert_eq!(text, first.body);
    let (br, bytes) = app.get_bytes(OPEN, "gzip, br").await;
    assert_eq!(br.header("content-encoding"), "br");
    let mut text = String::new();
    brotli::Decompressor::new(&bytes[..], 4096).read_to_string(&mut text).unwrap();
    assert_eq!(text, first.body);
    assert!(bytes.len() * 2 < first.body.len(), "brotli makes the page much smaller");
}

/// Readers who ask at once for a page that is not cached wait for one render of it.
async fn a_burst_of_readers_costs_one_render(backend: Backend) {
    let app = std::sync::Arc::new(newsroom(backend).await);
    let before = app.web_app().cache.stats();
    let mut readers = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let app = app.clone();
        readers.spawn(async move { app.get(OTHER).await });
    }
    let mut bodies = std::collections::HashSet::new();
    while let Some(page) = readers.join_next().await {
        let page = page.unwrap();
        assert_eq!(page.status, 200);
        bodies.insert(page.body);
    }
    assert_eq!(bodies.len(), 1, "every reader got the same page");
    let after = app.web_app().cache.stats();
    assert_eq!((after.misses - before.misses, after.hits - before.hits), (1, 19), "one render, shared");

    // A page that is not stored (here a 404) is not shared: each request renders its own.
    let mut missing = tokio::task::JoinSet::new();
    for _ in 0..5 {
        let app = app.clone();
        missing.spawn(async move { app.get("/english/2026/07/no-such-story").await.status });
    }
    while let Some(status) = missing.join_next().await {
        assert_eq!(status.unwrap(), 404);
    }
    assert_eq!(app.web_app().cache.stats().misses - after.misses, 5);
}

async fn a_change_invalidates_exactly_the_pages_it_affects(backend: Backend) {
    let app = newsroom(backend).await;
    let id = received_id(&app.comment(OPEN, &Post { text: "Cached or not?", ..Post::default() }, None).await);
    for path in [OPEN, OTHER, "/english/", "/"] {
        app.get(path).await;
    }
    let pending = app.get(OPEN).await;
    assert!(!pending.body.contains("Cached or not?"), "the pending comment is not public, cached or not");
    let hits = app.web_app().cache.stats().hits;

    app.approve(id).await;
    let approved = app.get(OPEN).await;
    assert!(approved.body.contains("Cached or not?"), "approval shows at once");
    assert!(app.get("/english/").await.body.contains("1 comment"), "the count on the service home too");
    assert!(app.get("/").await.body.contains("1 comment"), "and on the front page");
    let other = app.get(OTHER).await;
    assert_eq!(other.status, 200);
    assert_eq!(app.web_app().cache.stats().hits, hits + 1, "the other article's page stayed cached");

    // Deleting, editing and unpublishing also show at once (the console tests cover the
    // console; here the author deletes through the API).
    let token = crate::support::newsroom::set_token(
        &app.comment(OPEN, &Post { text: "Mine, then gone", ..Post::default() }, None).await,
    )
    .unwrap();
    let mine = dateline_core::store::CommentStore::comments_of(
        app.store.as_ref(),
        &dateline_core::comments::sha256_hex(&token),
    )
    .await
    .unwrap();
    let mine_id = mine[0].comment.id.0;
    app.approve(mine_id).await;
    assert!(app.get(OPEN).await.body.contains("Mine, then gone"));
    let delete = Request::delete(format!("/api/v1/comments/{mine_id}"))
        .header("x-commenter-token", &token)
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(delete).await.status, 204);
    assert!(!app.get(OPEN).await.body.contains("Mine, then gone"));
}

async fn personal_pages_are_never_cached_or_shared(backend: Backend) {
    let app = newsroom(backend).await;
    let sent = app.comment(OPEN, &Post { text: "Only mine for now", ..Post::default() }, None).await;
    let token = crate::support::newsroom::set_token(&sent).unwrap();
    let own = app.get_as(OPEN, &token).await;
    assert!(own.body.contains("Only mine for now"));
    assert_eq!(own.header("cache-control"), "private, no-store");
    assert!(own.header("etag").is_empty(), "not from the cache");
    for _ in 0..2 {
        let anonymous = app.get(OPEN).await;
        assert!(!anonymous.body.contains("Only mine for now"));
    }
    let console = app.get("/admin/login").await;
    assert_eq!(console.header("cache-control"), "no-store");
}

/// Two `dateline serve` processes on one database behave as one site: a comment approved
/// through one shows on the other within a second.
async fn two_nodes_behave_as_one_site(backend: Backend) {
    let db = TestDb::new(backend).await;
    let quick = [("DATELINE_COMMENTS_MIN_SECONDS_TO_SUBMIT", "0")];
    let a = ServerProcess::start(&db, &quick);
    let b = ServerProcess::start(&db, &quick);
    let article = "/english/2026/10/yeonpo-river-flood-relief";
    // A form token from node B works on node A: the signing key is in the shared database.
    let form = b.request("GET", "/api/v1/articles/english/yeonpo-river-flood-relief/comment-form", "").unwrap();
    let token = form.split("\"form_token\":\"").nth(1).unwrap().split('"').next().unwrap();
    let body = serde_json::json!({"name": "Node reader", "text": "Posted through node A", "accept_terms": true, "form_token": token})
        .to_string();
    let posted = a.request("POST", "/api/v1/articles/english/yeonpo-river-flood-relief/comments", &body).unwrap();
    assert!(posted.starts_with("HTTP/1.1 202"), "{posted}");
    let id = posted.split("\"id\":").nth(1).unwrap().split(',').next().unwrap().to_owned();
    // Node B renders and caches the page without the comment.
    assert!(!b.request("GET", article, "").unwrap().contains("Posted through node A"));
    assert!(!b.request("GET", article, "").unwrap().contains("Posted through node A"));

    // Approved from the command line (a third process), with a moderator of node A's console
    // equally possible: node B learns of it through the change log.
    let approved = dateline(&db, &["comment", "approve", &id], db.dir.path());
    assert!(approved.status.success(), "{}", String::from_utf8_lossy(&approved.stderr));
    let started = std::time::Instant::now();
    loop {
        let page = b.request("GET", article, "").unwrap();
        if page.contains("Posted through node A") {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "node B still shows the old page after a second"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    eprintln!("node B showed the approval after {:?}", started.elapsed());

    // Sessions are shared: signed in on A, the same cookie works on B.
    let mut add = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"));
    add.args(["user", "add", "node-admin", "--role", "admin", "--password-stdin"])
        .args(db.cli_args())
        .env_remove("DATABASE_URL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null());
    let mut child = add.spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"node admin password\n").unwrap();
    assert!(child.wait().unwrap().success());
    let login_page = a.request("GET", "/admin/login", "").unwrap();
    let token = login_page.split("name=\"login_token\" value=\"").nth(1).unwrap().split('"').next().unwrap();
    let form = format!("name=node-admin&password=node+admin+password&login_token={token}");
    let signed_in = a
        .request_with(
            "POST",
            "/admin/login",
            &form,
            &[("Content-Type", "application/x-www-form-urlencoded"), ("Origin", &format!("http://{}", a.address))],
        )
        .unwrap();
    let cookie = signed_in.split("dateline_session=").nth(1).expect(&signed_in).split(';').next().unwrap().to_owned();
    let on_b =
        b.request_with("GET", "/admin/comments", "", &[("Cookie", &format!("dateline_session={cookie}"))]).unwrap();
    assert!(on_b.starts_with("HTTP/1.1 200"), "{on_b}");
}

on_both_backends!(
    pages_are_served_from_memory_compressed_and_revalidated,
    a_burst_of_readers_costs_one_render,
    a_change_invalidates_exactly_the_pages_it_affects,
    personal_pages_are_never_cached_or_shared,
    two_nodes_behave_as_one_site,
);
