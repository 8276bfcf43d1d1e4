//! Privacy: no address stored, real deletion, proxies believed only when trusted; and
//! bad input of every kind answered with a 4xx or stored inert.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use dateline_core::comments::CommentSettings;
use dateline_core::store::prelude::*;

use crate::support::newsroom::{OPEN, Post, dump, field, newsroom, newsroom_with, received_id, set_token};
use crate::support::{Backend, TestApp, TestResponse};

const ADDRESS: &str = "203.0.113.77";

async fn no_address_is_ever_stored(backend: Backend) {
    let app = newsroom(backend).await;
    for i in 0..5 {
        app.comment(OPEN, &Post { text: &format!("comment number {i}"), ..Post::default() }, None).await;
    }
    let api = "/api/v1/articles/english/han-river-floods/comments";
    app.post_json(api, r#"{"name":"Api","text":"from the API","accept_terms":true}"#, None).await;
    // A forwarded address from an untrusted peer is ignored, and not stored either.
    let request = Request::post(api)
        .header("content-type", "application/json")
        .header("x-forwarded-for", "198.51.100.23")
        .header("user-agent", "Mozilla/5.0 (Distinctive Agent 4242)")
        .body(Body::from(app.with_form_token(api, r#"{"name":"Fwd","text":"forwarded","accept_terms":true}"#).await))
        .unwrap();
    assert_eq!(app.send(request).await.status, 202);
    let values = dump(&app).await;
    assert!(values.iter().any(|(_, v)| v == "from the API"), "the dump sees the comments");
    for needle in [ADDRESS, "198.51.100.23", "Distinctive Agent"] {
        let found: Vec<_> = values.iter().filter(|(_, v)| v.contains(needle)).collect();
        assert!(found.is_empty(), "{needle} is stored: {found:?}");
    }
    if backend == Backend::Sqlite {
        for file in sqlite_files(&app) {
            let bytes = std::fs::read(&file).unwrap_or_default();
            assert!(!contains(&bytes, ADDRESS.as_bytes()), "{ADDRESS} is in {}", file.display());
        }
    }
}

fn sqlite_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    let db = app.db.dir.path().join("dateline.db");
    vec![db.clone(), db.with_extension("db-wal"), db.with_extension("db-shm")]
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// On SQLite, a deleted comment leaves no copy in the database file or its log.
async fn deleted_comments_leave_no_trace_in_the_files(backend: Backend) {
    let app = newsroom(backend).await;
    let marker = "unmistakable-marker-7f3a9c";
    let sent = app
        .comment(
            OPEN,
            &Post { text: &format!("Please forget {marker} entirely"), name: marker, ..Post::default() },
            None,
        )
        .await;
    let token = set_token(&sent).unwrap();
    let id = received_id(&sent);
    if backend == Backend::Sqlite {
        let before: Vec<u8> = sqlite_files(&app).iter().flat_map(|f| std::fs::read(f).unwrap_or_default()).collect();
        assert!(contains(&before, marker.as_bytes()), "the marker is written before deletion");
    }
    let request = Request::delete(format!("/api/v1/comments/{id}"))
        .header("x-commenter-token", &token)
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(request).await.status, 204);
    assert!(dump(&app).await.iter().all(|(_, v)| !v.contains(marker)));
    if backend == Backend::Sqlite {
        for file in sqlite_files(&app) {
            let bytes = std::fs::read(&file).unwrap_or_default();
            assert!(!contains(&bytes, marker.as_bytes()), "a copy remains in {}", file.display());
        }
    }
}

/// Behind a trusted proxy, the forwarded address counts; from anyone else it is ignored.
async fn forwarded_addresses_count_only_from_trusted_proxies(backend: Backend) {
    let settings = CommentSettings { per_address_per_hour: 1, ..CommentSettings::default() };
    let site = |trusted: Vec<ipnet::IpNet>| dateline_web::SiteSettings {
        comments: settings.clone(),
        trusted_proxies: trusted,
        ..Default::default()
    };
    let send = |proxy: &str, client: &str, n: usize, form_token: String| {
        let body = serde_json::json!({"name": "P", "text": format!("via proxy {n}"), "accept_terms": true, "form_token": form_token}).to_string();
        let mut request = Request::post("/api/v1/articles/english/han-river-floods/comments")
            .header("content-type", "application/json")
            .header("x-forwarded-for", client)
            .body(Body::from(body))
            .unwrap();
        request.extensions_mut().insert(ConnectInfo(format!("{proxy}:443").parse::<std::net::SocketAddr>().unwrap()));
        request
    };
    async fn post(
        app: &TestApp,
        send: &impl Fn(&str, &str, usize, String) -> Request<Body>,
        proxy: &str,
        client: &str,
        n: usize,
    ) -> axum::http::StatusCode {
        let token = app.api_form_token("/api/v1/articles/english/han-river-floods/comments").await;
        app.clock.advance(5);
        app.send(send(proxy, client, n, token)).await.status
    }
    // Trusted: two proxies relay the same reader, who is limited to one comment.
    let app = crate::support::newsroom::newsroom_with_site(backend, site(vec!["10.0.0.0/8".parse().unwrap()])).await;
    assert_eq!(post(&app, &send, "10.0.0.1", "198.51.100.7", 1).await, 202);
    assert_eq!(post(&app, &send, "10.0.0.2", "198.51.100.7", 2).await, 429);
    assert_eq!(post(&app, &send, "10.0.0.2", "198.51.100.8", 3).await, 202, "another reader");
    // Untrusted: the header is ignored and the peer is what counts.
    let app = crate::support::newsroom::newsroom_with_site(backend, site(Vec::new())).await;
    assert_eq!(post(&app, &send, "192.0.2.1", "198.51.100.7", 1).await, 202);
    assert_eq!(post(&app, &send, "192.0.2.2", "198.51.100.7", 2).await, 202, "a spoofed header does not limit others");
    assert_eq!(post(&app, &send, "192.0.2.1", "198.51.100.9", 3).await, 429, "nor lifts the limit");
}

fn is_4xx(response: &TestResponse) -> bool {
    (400..500).contains(&response.status.as_u16())
}

/// Every hostile input: a clear 4xx, or stored and shown inert.
async fn hostile_input_is_refused_or_inert(backend: Backend) {
    let settings =
        CommentSettings { per_address_per_hour: 1000, per_article_per_minute: 1000, ..CommentSettings::default() };
    let app = newsroom_with(backend, settings).await;
    let hostile = [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "javascript:alert(document.cookie)",
        "&lt;script&gt; &amp; &#x3C;svg onload=alert(1)&#x3E;",
        "'; DROP TABLE comments; --",
        "\" OR 1=1 --",
        "Robert'); DELETE FROM articles WHERE ('1'='1",
        "right-to-left \u{202E}evil.exe\u{202C} override",
        "zero\u{200B}width\u{2060}joiners\u{FEFF}",
        "nul\u{0}byte",
        "{{ 7*7 }} {% raw %} ${7*7}",
        "</textarea><script>alert(1)</script>",
    ];
    for (i, text) in hostile.iter().enumerate() {
        let name = format!("<b>name {i}</b>\u{202E}");
        let sent = app.comment(OPEN, &Post { text, name: &name, ..Post::default() }, None).await;
        assert!(sent.status == 303 || is_4xx(&sent), "{text}: {}", sent.status);
        let json = serde_json::json!({"name": name, "text": format!("api {text}"), "accept_terms": true}).to_string();
        let api = app.post_json("/api/v1/articles/english/han-river-floods/comments", &json, None).await;
        assert!(api.status == 202 || is_4xx(&api), "{text}: {}", api.status);
        if sent.status == 303 {
            app.approve(received_id(&sent)).await;
        }
    }
    let page = app.get(OPEN).await;
    assert_eq!(page.status, 200);
    let thread = page.body.split("id=\"comments\"").nth(1).unwrap();
    for bad in ["<script", "<img", "<svg", "<a href=\"javascript", "\u{202E}", "\u{200B}", "\u{0}"] {
        assert!(!thread.contains(bad), "{bad:?} reached the page");
    }
    assert!(thread.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(thread.contains("&#39;; DROP TABLE comments; --"));
    assert!(thread.contains("{{ 7*7 }}"), "template syntax is text");
    assert_eq!(app.store.article_count().await.unwrap(), 4, "SQL in text is only text");

    // Whitespace only, a missing name, nothing but invisible characters.
    for (name, text) in
        [("Reader", "   \n\t  "), ("", "text"), ("\u{200B}\u{FEFF}", "text"), ("Reader", "\u{202E}\u{200B}")]
    {
        let refused = app.comment(OPEN, &Post { name, text, ..Post::default() }, None).await;
        assert_eq!(refused.status, 422, "{name:?} {text:?}");
    }
    let api = "/api/v1/articles/english/han-river-floods/comments";
    let checks: [(&str, u16, &str); 6] = [
        (r#"{"name":"A","text":"   ","accept_terms":true}"#, 422, "\"field\":\"text\""),
        (r#"{"text":"no name","accept_terms":true}"#, 422, "\"field\":\"name\""),
        (r#"{"name":"A","text":"x","accept_terms":false}"#, 422, "\"field\":\"accept_terms\""),
        (r#"{"name":"A","text":"x","accept_terms":true,"parent_id":424242}"#, 422, "\"field\":\"parent_id\""),
        (r#"{"name":"A","text":"#, 400, "\"error\":"),
        (r#"[1,2,3]"#, 400, "\"code\":\"not-an-object\""),
    ];
    for (body, status, expected) in checks {
        let response = app.post_json(api, body, None).await;
        assert_eq!(response.status.as_u16(), status, "{body}: {}", response.body);
        assert!(response.body.contains(expected), "{body}: {}", response.body);
    }
    let invalid_utf8 = Request::post(api)
        .header("content-type", "application/json")
        .body(Body::from(b"{\"name\":\"\xff\xfe\",\"text\":\"x\",\"accept_terms\":true}".to_vec()))
        .unwrap();
    let response = app.send(invalid_utf8).await;
    assert!(is_4xx(&response), "{}", response.status);
    let too_long = serde_json::json!({"name": "A", "text": "x".repeat(5001), "accept_terms": true}).to_string();
    assert_eq!(app.post_json(api, &too_long, None).await.status, 422);
    let megabyte = serde_json::json!({"name": "A", "text": "x".repeat(1 << 20), "accept_terms": true}).to_string();
    assert_eq!(app.post_json(api, &megabyte, None).await.status, 413);
    let page = app.get(OPEN).await;
    let token = field(&page.body, "form_token").unwrap();
    let big_form =
        app.post_form(OPEN, &Post { text: &"y".repeat(1 << 20), ..Post::default() }, &token, None, &[]).await;
    assert_eq!(big_form.status, 413);
    assert!(big_form.body.contains("This request is too large"));
    let form_utf8 = Request::post(format!("{OPEN}/comments"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("name=%FF%FE&text=bad%C3%28bytes&accept_terms=yes&form_token={token}")))
        .unwrap();
    app.clock.advance(5);
    let response = app.send(form_utf8).await;
    assert!(response.status == 303 || is_4xx(&response), "{}", response.status);
    let forged = app.get_as(OPEN, "' OR '1'='1").await;
    assert_eq!(forged.status, 200);
}

on_both_backends!(
    no_address_is_ever_stored,
    deleted_comments_leave_no_trace_in_the_files,
    forwarded_addresses_count_only_from_trusted_proxies,
    hostile_input_is_refused_or_inert,
);
