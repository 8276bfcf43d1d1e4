//! Regression tests for the December 2026 security review
//! (`../shared/reviews/security-2026-12.md`): one scenario per finding, named after it,
//! each run on SQLite and PostgreSQL.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use dateline_core::accounts::{self, Role};
use dateline_core::audit::{AuditAction, AuditFilter, AuditObject, NewAuditEntry};
use dateline_core::comments::{CommentId, CommentSettings};
use dateline_core::store::prelude::*;

use crate::support::console::{KOREAN_PATH, PASSWORD, console_newsroom};
use crate::support::newsroom::{
    OPEN, Post, field, newsroom, newsroom_with, newsroom_with_site, received_id, set_token,
};
use crate::support::{Backend, TestApp, TestDb, TestResponse, dateline, tiny_png};

const API: &str = "/api/v1/articles/english/han-river-floods/comments";
const OTHER_API: &str = "/api/v1/articles/english/other-story/comments";

fn peer(address: &str) -> SocketAddr {
    address.parse().unwrap()
}

impl TestApp {
    /// Signs in from a given address; the session cookie, or the refusal.
    pub async fn sign_in_from(&self, name: &str, password: &str, from: &str) -> Result<String, TestResponse> {
        let page = self.get("/admin/login").await;
        let token = field(&page.body, "login_token").unwrap();
        let body =
            serde_urlencoded::to_string([("name", name), ("password", password), ("login_token", &token)]).unwrap();
        let mut request = Request::post("/admin/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .body(Body::from(body))
            .unwrap();
        request.extensions_mut().insert(ConnectInfo(peer(from)));
        let response = self.send(request).await;
        let cookie = response.header("set-cookie").to_owned();
        match cookie.strip_prefix("dateline_session=") {
            Some(rest) if response.status == 303 => Ok(rest.split(';').next().unwrap().to_owned()),
            _ => Err(response),
        }
    }

    /// Sends a second-factor code in a session: the status and where it leads.
    pub async fn second_factor(&self, session: &str, code: &str) -> (u16, String) {
        let form = self.console_get("/admin/login/second-factor", Some(session)).await;
        let Some(csrf) = field(&form.body, "csrf") else {
            return (form.status.as_u16(), form.header("location").into());
        };
        let response =
            self.console_post("/admin/login/second-factor", Some(session), &[("csrf", &csrf), ("code", code)]).await;
        (response.status.as_u16(), response.header("location").to_owned())
    }

    /// Turns on a user's second factor with a known secret.
    pub async fn enable_second_factor(&self, name: &str) -> String {
        let secret = accounts::generate_totp_secret();
        let user = self.store.user_by_name(name).await.unwrap().unwrap();
        let audit = NewAuditEntry::new("test", AuditAction::UserSecondFactorOn, AuditObject::User(name.into()));
        self.store.set_second_factor(user.id, Some(&secret), &[], self.clock.now_for_tests(), &audit).await.unwrap();
        secret
    }

    /// A fresh API form token for an article (`api` is its comments path).
    pub async fn api_form_token(&self, api: &str) -> String {
        let form = self.get(&api.replace("/comments", "/comment-form")).await;
        let json: serde_json::Value = serde_json::from_str(&form.body).unwrap_or_default();
        json["form_token"].as_str().unwrap_or_default().to_owned()
    }

    /// An API submission from `from`, with the form token given (if any).
    pub async fn api_post_from(
        &self,
        api: &str,
        json: serde_json::Value,
        from: &str,
        token: Option<&str>,
    ) -> TestResponse {
        let mut request = Request::post(api).header("content-type", "application/json");
        if let Some(token) = token {
            request = request.header("x-commenter-token", token);
        }
        let mut request = request.body(Body::from(json.to_string())).unwrap();
        request.extensions_mut().insert(ConnectInfo(peer(from)));
        self.send(request).await
    }

    /// An API comment from `from`, as a well-behaved client sends it: a form token first,
    /// then the comment a few seconds later.
    pub async fn api_comment_from(&self, api: &str, text: &str, from: &str, token: Option<&str>) -> TestResponse {
        let form_token = self.api_form_token(api).await;
        self.clock.advance(5);
        let json = serde_json::json!({"name": "Reader", "text": text, "accept_terms": true, "form_token": form_token});
        self.api_post_from(api, json, from, token).await
    }

    /// Deletes one's own comment through the API.
    pub async fn api_delete(&self, id: i64, token: &str) -> TestResponse {
        let request = Request::delete(format!("/api/v1/comments/{id}"))
            .header("x-commenter-token", token)
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }

    /// A report of a comment from `from`.
    pub async fn report_from(&self, article: &str, id: i64, reason: &str, from: &str) -> TestResponse {
        let page = self.get(&format!("{article}/comments/{id}/report")).await;
        let token = field(&page.body, "report_token").unwrap();
        let body = serde_urlencoded::to_string([("report_token", token.as_str()), ("reason", reason)]).unwrap();
        let mut request = Request::post(format!("{article}/comments/{id}/report"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .body(Body::from(body))
            .unwrap();
        request.extensions_mut().insert(ConnectInfo(peer(from)));
        self.send(request).await
    }
}

fn json_of(response: &TestResponse) -> serde_json::Value {
    serde_json::from_str(&response.body).unwrap_or_default()
}

fn api_id(response: &TestResponse) -> i64 {
    json_of(response)["id"].as_i64().unwrap_or_else(|| panic!("{}: {}", response.status, response.body))
}

fn api_token(response: &TestResponse) -> String {
    json_of(response)["commenter_token"].as_str().unwrap().to_owned()
}

async fn audit_of(app: &TestApp, action: &str) -> Vec<dateline_core::audit::AuditEntry> {
    app.store
        .audit_log(&AuditFilter { action: Some(action.parse().unwrap()), limit: 500, ..Default::default() })
        .await
        .unwrap()
}

/// F1, F19: second-factor failures count on their own, survive a correct password, are
/// audited; a TOTP code works once.
async fn f1_the_second_factor_cannot_be_brute_forced(backend: Backend) {
    let (app, _, _) = console_newsroom(backend).await;
    let secret = app.enable_second_factor("admin").await;
    let mut evaluated = 0;
    for round in 0..4 {
        // The attacker has the password: a fresh sign-in each round, from a fresh address.
        let session = app.sign_in_from("admin", PASSWORD, &format!("198.51.100.{}:1000", round + 1)).await.unwrap();
        for guess in 0..3 {
            let (status, location) = app.second_factor(&session, &format!("{:06}", 100_000 + round * 3 + guess)).await;
            assert_ne!(location, "/admin", "a wrong code never signs in");
            if status == 401 {
                evaluated += 1;
            }
        }
    }
    assert_eq!(evaluated, 5, "five wrong codes are weighed, then no more");
    let failures = audit_of(&app, "user.second-factor-failed").await;
    assert_eq!(failures.len(), 5, "each weighed wrong code is audited");
    assert!(failures.iter().all(|e| e.object == "user:admin"));

    // Locked: even the right code is refused now, however the password came.
    let session = app.sign_in_from("admin", PASSWORD, "192.0.2.200:1000").await.unwrap();
    let code = accounts::totp_code(&secret, app.clock.now_for_tests()).unwrap();
    let (status, location) = app.second_factor(&session, &code).await;
    assert_eq!(status, 429, "locked: {location}");

    // After the lock, the right code works once; the same code again does not (F19).
    app.clock.advance(16 * 60);
    let code = accounts::totp_code(&secret, app.clock.now_for_tests()).unwrap();
    let session = app.sign_in_from("admin", PASSWORD, "192.0.2.200:1000").await.unwrap();
    assert_eq!(app.second_factor(&session, &code).await, (303, "/admin".to_owned()));
    let again = app.sign_in_from("admin", PASSWORD, "192.0.2.200:1000").await.unwrap();
    assert_eq!(app.second_factor(&again, &code).await.0, 401, "a TOTP code is accepted once");
}

/// F3: a burst of concurrent logins gets no more guesses than the limit.
async fn f3_a_burst_of_logins_is_held_to_the_limit(backend: Backend) {
    let (app, _, _) = console_newsroom(backend).await;
    let app = Arc::new(app);
    let mut burst = tokio::task::JoinSet::new();
    for attempt in 0..40 {
        let app = app.clone();
        burst.spawn(async move {
            let password = if attempt == 39 { PASSWORD.to_owned() } else { format!("guess number {attempt:02}") };
            match app.sign_in_from("admin", &password, "203.0.113.9:5000").await {
                Ok(_) => 303,
                Err(response) => response.status.as_u16(),
            }
        });
    }
    let mut statuses = Vec::new();
    while let Some(status) = burst.join_next().await {
        statuses.push(status.unwrap());
    }
    let weighed = statuses.iter().filter(|s| matches!(s, 401 | 303)).count();
    assert!(weighed <= 5, "{weighed} of 40 passwords were checked: {statuses:?}");
    assert!(statuses.iter().filter(|s| **s == 429).count() >= 35, "{statuses:?}");
}

/// F12: failures from one address do not lock the account for everyone.
async fn f12_the_lockout_is_no_weapon(backend: Backend) {
    let (app, _, _) = console_newsroom(backend).await;
    for i in 0..5 {
        let failed = app.sign_in_from("admin", &format!("wrong {i}"), "203.0.113.50:1000").await.unwrap_err();
        assert_eq!(failed.status, 401);
    }
    assert_eq!(app.sign_in_from("admin", PASSWORD, "203.0.113.50:1000").await.unwrap_err().status, 429);
    assert!(app.sign_in_from("admin", PASSWORD, "192.0.2.77:1000").await.is_ok(), "the real user, elsewhere, gets in");

    // Many addresses against one account with a second factor: a clean address still gets
    // in with the password and a valid code; the attackers' addresses do not.
    let secret = app.enable_second_factor("mod-ko").await;
    for i in 0..25 {
        let _ = app.sign_in_from("mod-ko", "wrong password", &format!("198.51.{i}.1:1000")).await;
    }
    assert_eq!(app.sign_in_from("mod-ko", PASSWORD, "198.51.3.1:1000").await.unwrap_err().status, 429);
    let session = app.sign_in_from("mod-ko", PASSWORD, "192.0.2.99:1000").await.unwrap();
    let code = accounts::totp_code(&secret, app.clock.now_for_tests()).unwrap();
    assert_eq!(app.second_factor(&session, &code).await, (303, "/admin".to_owned()));
}

/// F4, F27: bans belong to the desk whose comment they came from; other desks' comments
/// are answered as if they did not exist.
async fn f4_moderators_see_and_lift_only_their_desks_bans(backend: Backend) {
    let (app, english, korean) = console_newsroom(backend).await;
    app.add_user("mod-en", Role::Moderator, &["english"]).await;
    let ko = app.sign_in("mod-ko", PASSWORD, None).await.unwrap();
    let ko_csrf = app.csrf(&ko).await;
    let en = app.sign_in("mod-en", PASSWORD, None).await.unwrap();
    let en_csrf = app.csrf(&en).await;

    let sent = app.comment(KOREAN_PATH, &Post { text: "to be banned", ..Post::default() }, None).await;
    let token = set_token(&sent).unwrap();
    let target = received_id(&sent);
    let banned = app
        .console_post(
            &format!("/admin/comments/{target}/ban"),
            Some(&ko),
            &[("csrf", &ko_csrf), ("days", "30"), ("reason", "korean desk ban")],
        )
        .await;
    assert_eq!(banned.status, 303);
    let ban = app.store.active_bans(app.clock.now_for_tests(), None).await.unwrap()[0].id;

    assert!(!app.console_get("/admin/bans", Some(&en)).await.body.contains("korean desk ban"));
    assert!(app.console_get("/admin/bans", Some(&ko)).await.body.contains("korean desk ban"));
    let lift = app.console_post(&format!("/admin/bans/{ban}/lift"), Some(&en), &[("csrf", &en_csrf)]).await;
    let none = app.console_post("/admin/bans/999999/lift", Some(&en), &[("csrf", &en_csrf)]).await;
    assert_eq!((lift.status, lift.body.clone()), (none.status, none.body.clone()), "as if it did not exist");
    assert_eq!(lift.status, 404);

    // The ban covers the Korean desk, not the English one.
    let korean_again = app.comment(KOREAN_PATH, &Post { text: "again", ..Post::default() }, Some(&token)).await;
    assert_eq!(korean_again.status, 403);
    assert_eq!(app.comment(OPEN, &Post { text: "elsewhere", ..Post::default() }, Some(&token)).await.status, 303);

    // F27: another desk's comment answers like one that does not exist.
    let foreign = app.console_get(&format!("/admin/comments/{korean}"), Some(&en)).await;
    let missing = app.console_get("/admin/comments/999999", Some(&en)).await;
    assert_eq!((foreign.status.as_u16(), missing.status.as_u16()), (404, 404));
    let bulk = |id: String| {
        let app = &app;
        let (en, en_csrf) = (&en, &en_csrf);
        async move {
            let response = app
                .console_post(
                    "/admin/comments/bulk",
                    Some(en),
                    &[("csrf", en_csrf), ("bulk_action", "approve"), ("ids", &id)],
                )
                .await;
            response.header("location").replace(|c: char| c.is_ascii_digit(), "")
        }
    };
    assert_eq!(bulk(korean.to_string()).await, bulk("999999".to_owned()).await);
    let decide = app
        .console_post(
            &format!("/admin/comments/{korean}/decide"),
            Some(&en),
            &[("csrf", &en_csrf), ("action", "approve")],
        )
        .await;
    assert_eq!(decide.status, 404);
    assert_eq!(
        app.console_post(
            &format!("/admin/comments/{english}/decide"),
            Some(&ko),
            &[("csrf", &ko_csrf), ("action", "approve")]
        )
        .await
        .status,
        404
    );
    let lifted = app.console_post(&format!("/admin/bans/{ban}/lift"), Some(&ko), &[("csrf", &ko_csrf)]).await;
    assert_eq!(lifted.status, 303, "the desk lifts its own ban");
}

/// Whether the server closes a connection within `limit` (reading and dropping whatever
/// it sends, such as a 408).
fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    let mut buffer = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(error) if matches!(error.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return false;
            }
            Err(_) => return true,
        }
    }
}

fn open_file_count(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map(|d| d.count()).unwrap_or(0)
}

/// F5: slow, idle and half-sent connections are closed; their number is capped.
async fn f5_slow_and_idle_connections_are_closed(backend: Backend) {
    let db = TestDb::new(backend).await;
    let server = crate::support::ServerProcess::start(
        &db,
        &[("DATELINE_HEADER_TIMEOUT_SECS", "2"), ("DATELINE_MAX_CONNECTIONS", "40")],
    );
    let address = server.address.clone();
    let connect = || TcpStream::connect(&address).unwrap();
    let limit = Duration::from_secs(8);
    let silent = std::thread::spawn({
        let mut stream = connect();
        move || closed_within(&mut stream, limit)
    });
    let partial = std::thread::spawn({
        let mut stream = connect();
        move || {
            stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
            closed_within(&mut stream, limit)
        }
    });
    let trickle = std::thread::spawn({
        let stream = connect();
        move || {
            let mut writer = stream.try_clone().unwrap();
            std::thread::spawn(move || {
                for byte in b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".iter() {
                    if writer.write_all(&[*byte]).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(250));
                }
            });
            let mut reader = stream;
            closed_within(&mut reader, limit)
        }
    });
    let idle = std::thread::spawn({
        let mut stream = connect();
        move || {
            stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            let mut first = [0u8; 64];
            let read = stream.read(&mut first).unwrap();
            assert!(first[..read].starts_with(b"HTTP/1.1 200"), "the request is answered");
            closed_within(&mut stream, limit)
        }
    });
    assert!(silent.join().unwrap(), "a connection that sends nothing is closed");
    assert!(partial.join().unwrap(), "a half-sent request line is closed");
    assert!(trickle.join().unwrap(), "headers trickled byte by byte are closed");
    assert!(idle.join().unwrap(), "an idle keep-alive connection is closed");

    // Many half-open connections: the process holds no more than the cap, and the site
    // still answers once the stragglers time out.
    let pid = server.child.id();
    let before = open_file_count(pid);
    let held: Vec<TcpStream> = (0..160)
        .map(|_| {
            let mut stream = connect();
            stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(700));
    let during = open_file_count(pid);
    assert!(during <= before + 45, "{during} files open with 160 half-open connections (from {before})");
    let started = Instant::now();
    let health = server.request("GET", "/healthz", "").unwrap_or_default();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(started.elapsed() < Duration::from_secs(20));
    drop(held);
}

/// F6: an IPv6 client is one /64; IPv4-mapped addresses are IPv4; deleted comments do not
/// close a story.
async fn f6_ipv6_clients_count_by_their_64(backend: Backend) {
    let settings = CommentSettings { per_address_per_hour: 3, ..CommentSettings::default() };
    let app = newsroom_with(backend, settings).await;
    for i in 1..=3 {
        let sent = app.api_comment_from(API, &format!("v6 {i}"), &format!("[2001:db8:77:1::{i}]:4000"), None).await;
        assert_eq!(sent.status, 202, "{}", sent.body);
    }
    let fourth = app.api_comment_from(API, "v6 4", "[2001:db8:77:1:ffff::9]:4000", None).await;
    assert_eq!(fourth.status, 429, "the same /64");
    assert_eq!(app.api_comment_from(API, "v6 5", "[2001:db8:77:2::1]:4000", None).await.status, 202, "another /64");
    for i in 1..=3 {
        assert_eq!(app.api_comment_from(API, &format!("v4 {i}"), "192.0.2.55:4000", None).await.status, 202);
    }
    let mapped = app.api_comment_from(API, "v4 mapped", "[::ffff:192.0.2.55]:4000", None).await;
    assert_eq!(mapped.status, 429, "an IPv4-mapped address is the IPv4 address");

    // Login locks by /64 too.
    let (console, _, _) = console_newsroom(backend).await;
    for i in 1..=20 {
        let _ = console.sign_in_from(&format!("nobody{i}"), "wrong", &format!("[2001:db8:66:1::{i:x}]:1000")).await;
    }
    let locked = console.sign_in_from("admin", PASSWORD, "[2001:db8:66:1::abcd]:1000").await.unwrap_err();
    assert_eq!(locked.status, 429, "the whole /64 is locked");
}

async fn f6_deleted_comments_do_not_close_a_story(backend: Backend) {
    let settings = CommentSettings { per_article_per_minute: 3, per_address_per_hour: 0, ..CommentSettings::default() };
    let app = newsroom_with(backend, settings).await;
    let form_tokens: Vec<String> = {
        let mut tokens = Vec::new();
        for _ in 0..6 {
            tokens.push(app.api_form_token(API).await);
        }
        tokens
    };
    app.clock.advance(5);
    for (i, form_token) in form_tokens.iter().enumerate() {
        let json = serde_json::json!({"name": "x", "text": format!("flood {i}"), "accept_terms": true, "form_token": form_token});
        let sent = app.api_post_from(API, json, &format!("[2001:db8:bad:{i}::1]:4000"), None).await;
        assert_eq!(sent.status, 202, "{}", sent.body);
        assert_eq!(app.api_delete(api_id(&sent), &api_token(&sent)).await.status, 204);
    }
    let reader = app.api_comment_from(API, "a real reader", "192.0.2.210:4000", None).await;
    assert_eq!(reader.status, 202, "deleted comments do not count: {}", reader.body);
}

/// F8: the duplicate check concerns one commenter only, and says nothing of others.
async fn f8_the_duplicate_check_is_no_oracle(backend: Backend) {
    let settings = CommentSettings { per_address_per_hour: 4, ..CommentSettings::default() };
    let app = newsroom_with(backend, settings).await;
    let secret = "My brother was detained in Garam on Monday";
    let first = app.api_comment_from(API, secret, "192.0.2.10:4000", None).await;
    assert_eq!(first.status, 202);
    let elsewhere = app.api_comment_from(OTHER_API, secret, "203.0.113.99:4000", None).await;
    assert_eq!(elsewhere.status, 202, "another reader's identical words are nobody's business: {}", elsewhere.body);
    let token = api_token(&first);
    let mine = app.api_comment_from(OTHER_API, secret, "198.51.100.3:4000", Some(&token)).await;
    assert_eq!(mine.status, 422, "the same commenter sending it twice");
    assert!(!mine.body.contains("already sent"), "the message confirms nothing: {}", mine.body);
    // Refusals count toward the address limit: probing is not free.
    let statuses: Vec<u16> = {
        let mut statuses = Vec::new();
        for _ in 0..4 {
            statuses.push(app.api_comment_from(OTHER_API, secret, "192.0.2.10:4000", None).await.status.as_u16());
        }
        statuses
    };
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
}

/// F9: erased text leaves the SQLite write-ahead log even while a reader holds a snapshot.
async fn f9_erased_text_leaves_the_wal_under_a_reader(backend: Backend) {
    if backend != Backend::Sqlite {
        return; // PostgreSQL has no such file; its residue is documented in the README.
    }
    use sqlx::Connection;
    let app = newsroom(backend).await;
    let marker = "WALREADER-5e1f0c";
    let sent = app.comment(OPEN, &Post { text: &format!("secret {marker}"), ..Post::default() }, None).await;
    let token = set_token(&sent).unwrap();
    let id = received_id(&sent);
    let mut reader = sqlx::SqliteConnection::connect(&app.db.url).await.unwrap();
    sqlx::Executor::execute(&mut reader, "BEGIN").await.unwrap();
    let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comments").fetch_one(&mut reader).await.unwrap();
    assert_eq!(app.api_delete(id, &token).await.status, 204);
    sqlx::Executor::execute(&mut reader, "COMMIT").await.unwrap();
    reader.close().await.unwrap();
    let files = ["dateline.db", "dateline.db-wal"].map(|name| app.db.dir.path().join(name));
    let started = Instant::now();
    loop {
        let left: Vec<_> = files
            .iter()
            .filter(|file| {
                std::fs::read(file).unwrap_or_default().windows(marker.len()).any(|w| w == marker.as_bytes())
            })
            .collect();
        if left.is_empty() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "the erased text is still in {left:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A relay that refuses every recipient, quoting the address (as real relays do).
async fn refusing_relay(code: u16) -> u16 {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 fake relay\r\n").await;
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let answer = if let Some(rcpt) = upper.strip_prefix("RCPT TO:") {
                        let _ = rcpt;
                        format!("{code} 5.1.1 {}: Recipient address rejected\r\n", &line[8..])
                    } else if upper.starts_with("QUIT") {
                        "221 bye\r\n".to_owned()
                    } else {
                        "250 ok\r\n".to_owned()
                    };
                    let _ = write.write_all(answer.as_bytes()).await;
                    if upper.starts_with("QUIT") {
                        break;
                    }
                }
            });
        }
    });
    port
}

#[derive(Clone, Default)]
struct LogBuffer(Arc<std::sync::Mutex<Vec<u8>>>);

impl Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogBuffer {
    type Writer = LogBuffer;
    fn make_writer(&'a self) -> LogBuffer {
        self.clone()
    }
}

/// F10: no reader address reaches a log line or outlives the notice and retention.
async fn f10_reader_addresses_never_reach_logs_or_outlive_retention(backend: Backend) {
    use tracing::instrument::WithSubscriber;
    let address = "dissident.reader@example.org";
    for code in [550, 451] {
        let port = refusing_relay(code).await;
        let mail = dateline_web::notices::MailSettings {
            smtp_host: "127.0.0.1".into(),
            smtp_port: port,
            from: "news@dateline.test".into(),
        };
        let site = dateline_web::SiteSettings {
            mail: Some(mail),
            base_url: Some("https://news.example".into()),
            ..Default::default()
        };
        let app = newsroom_with_site(backend, site).await;
        let id =
            received_id(&app.comment(OPEN, &Post { text: "mail test", email: address, ..Post::default() }, None).await);
        app.approve(id).await;
        let log = LogBuffer::default();
        let dispatch = tracing::Dispatch::new(
            tracing_subscriber::fmt().with_writer(log.clone()).with_max_level(tracing::Level::DEBUG).finish(),
        );
        let web = app.web_app();
        for _ in 0..8 {
            let _ = dateline_web::notices::send_due(&web).with_subscriber(dispatch.clone()).await;
            app.clock.advance(3600);
        }
        let text = String::from_utf8_lossy(&log.0.lock().unwrap()).into_owned();
        assert!(!text.contains(address), "{code}: the address is in the log:\n{text}");
        let values = crate::support::newsroom::dump(&app).await;
        let kept: Vec<_> = values.iter().filter(|(_, v)| v.contains("dissident")).collect();
        assert!(kept.is_empty(), "{code}: the address outlived a notice that failed for good: {kept:?}");
    }

    // A notice that was never sent is deleted with the address by the retention job.
    let app = newsroom(backend).await;
    let id =
        received_id(&app.comment(OPEN, &Post { text: "never sent", email: address, ..Post::default() }, None).await);
    app.approve(id).await;
    let settings = CommentSettings { retention_days: 0, ..CommentSettings::default() };
    let later = app.clock.now_for_tests() + chrono::Duration::days(1);
    dateline_core::comments::apply_retention(app.store.as_ref(), &settings, later).await.unwrap();
    let values = crate::support::newsroom::dump(&app).await;
    assert!(values.iter().all(|(_, v)| !v.contains("dissident")));
    let pool = sqlx::AnyPool::connect(&app.db.url).await.unwrap();
    let notices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comment_notices").fetch_one(&pool).await.unwrap();
    pool.close().await;
    assert_eq!(notices, 0, "the retention job deletes notices with their address");
}

/// F11: the first-admin link is a random one-time secret, never re-armed.
async fn f11_the_setup_link_never_comes_back(backend: Backend) {
    let app = newsroom(backend).await;
    let state = app.web_app();
    let token = dateline_web::console::setup::setup_token(&state).await.unwrap().expect("no admin yet");
    let other = newsroom(backend).await;
    let other_token = dateline_web::console::setup::setup_token(&other.web_app()).await.unwrap().unwrap();
    assert_ne!(token, other_token, "random, not derived");
    app.add_user("boss", Role::Admin, &[]).await;
    assert_eq!(app.get(&format!("/admin/setup?token={token}")).await.status, 404);
    let boss = app.store.user_by_name("boss").await.unwrap().unwrap();
    let actor = dateline_core::moderation::Actor::CommandLine;
    accounts::disable_user(app.store.as_ref(), actor, &boss, app.clock.now_for_tests()).await.unwrap();
    assert_eq!(dateline_web::console::setup::setup_token(&state).await.unwrap(), None, "never re-armed");
    assert_eq!(app.get(&format!("/admin/setup?token={token}")).await.status, 404);
    let intruder = app
        .console_post(
            "/admin/setup",
            None,
            &[("token", &token), ("name", "intruder"), ("password", PASSWORD), ("password_again", PASSWORD)],
        )
        .await;
    assert_eq!(intruder.status, 404);
    assert!(app.store.user_by_name("intruder").await.unwrap().is_none());
}

/// F14: reports are limited per reader and per comment, stored once per reader, and the
/// queue shows a count and the latest reasons.
async fn f14_reports_are_limited_and_summarised(backend: Backend) {
    let (app, english, _) = console_newsroom(backend).await;
    app.approve(english).await;
    for _ in 0..30 {
        assert!(app.report_from(OPEN, english, &"x".repeat(500), "203.0.113.30:1000").await.status.is_redirection());
    }
    let pool = sqlx::AnyPool::connect(&app.db.url).await.unwrap();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports").fetch_one(&pool).await.unwrap();
    assert_eq!(stored, 1, "one report per reader and comment");
    for reader in 1..=5 {
        app.report_from(OPEN, english, &format!("reason number {reader}"), &format!("198.51.100.{reader}:1000")).await;
    }
    let admin = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let queue = app.console_get("/admin/comments?state=reported", Some(&admin)).await;
    assert!(queue.body.contains("Reported 6 times"), "{}", queue.body);
    assert!(queue.body.contains("reason number 5") && queue.body.contains("reason number 3"));
    assert!(!queue.body.contains("reason number 1"), "only the latest reasons are shown");
    // One reader reporting many comments is held to the hourly limit.
    let mut ids = Vec::new();
    for i in 0..12 {
        let sent = app.api_comment_from(API, &format!("comment {i}"), &format!("192.0.2.{}:1", 100 + i), None).await;
        let id = api_id(&sent);
        app.approve(id).await;
        ids.push(id);
    }
    let mut statuses = Vec::new();
    for id in ids {
        statuses.push(app.report_from(OPEN, id, "spam", "192.0.2.31:1000").await.status.as_u16());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 2, "{statuses:?}");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports").fetch_one(&pool).await.unwrap();
    pool.close().await;
    assert_eq!(stored, 16);
}

/// F13: a forwarded hop that does not parse ends the walk; ports are understood.
async fn f13_unreadable_forwarded_hops_end_the_walk(backend: Backend) {
    let settings = CommentSettings { per_address_per_hour: 1, ..CommentSettings::default() };
    let site = dateline_web::SiteSettings {
        comments: settings,
        trusted_proxies: vec!["10.0.0.0/8".parse().unwrap()],
        ..Default::default()
    };
    let app = newsroom_with_site(backend, site).await;
    let send = |forwarded: &'static str, text: &'static str| {
        let app = &app;
        async move {
            let form_token = app.api_form_token(API).await;
            app.clock.advance(5);
            let json = serde_json::json!({"name": "P", "text": text, "accept_terms": true, "form_token": form_token});
            let mut request = Request::post(API)
                .header("content-type", "application/json")
                .header("x-forwarded-for", forwarded)
                .body(Body::from(json.to_string()))
                .unwrap();
            request.extensions_mut().insert(ConnectInfo(peer("10.0.0.1:443")));
            app.send(request).await.status.as_u16()
        }
    };
    assert_eq!(send("9.9.9.9, 203.0.113.7:4444", "with a port").await, 202);
    assert_eq!(send("8.8.8.8, 203.0.113.7:5555", "same reader, other port").await, 429, "the port is not the reader");
    assert_eq!(send("9.9.9.9, unknown", "unreadable hop").await, 202);
    assert_eq!(send("7.7.7.7, unknown", "the client's choice does not count").await, 429);
    assert_eq!(send("[2001:db8:5::1]:443", "bracketed").await, 202);
}

/// F15: failed logins write small entries, and never what was typed as a name.
async fn f15_the_audit_log_keeps_no_typed_secrets(backend: Backend) {
    let (app, _, _) = console_newsroom(backend).await;
    let typed = "MySecretPassw0rd!2026";
    let _ = app.sign_in_from(typed, "whatever", "192.0.2.5:1000").await;
    let long = format!("n{}", "A".repeat(7900));
    let _ = app.sign_in_from(&long, "whatever", "192.0.2.6:1000").await;
    let _ = app.sign_in_from("admin", "not the password", "192.0.2.7:1000").await;
    let entries = audit_of(&app, "user.login-failed").await;
    assert_eq!(entries.len(), 3);
    for entry in &entries {
        let size = entry.actor.len() + entry.object.len() + entry.after.as_deref().unwrap_or("").len();
        assert!(size < 300, "an entry of {size} bytes: {entry:?}");
        assert!(!format!("{entry:?}").contains(typed), "{entry:?}");
    }
    assert!(entries.iter().any(|e| e.object == "user:admin"), "a known account's failure names it");
}

/// F16: an https site sends HSTS and secure cookies; no email is asked for without a relay.
async fn f16_https_sites_are_strict_and_emails_need_a_relay(backend: Backend) {
    let site = dateline_web::SiteSettings { base_url: Some("https://news.example".into()), ..Default::default() };
    let app = newsroom_with_site(backend, site).await;
    let front = app.get("/").await;
    assert!(front.header("strict-transport-security").contains("max-age="), "{:?}", front.headers);
    let sent = app.comment(OPEN, &Post { email: "reader@example.org", ..Post::default() }, None).await;
    assert!(sent.header("set-cookie").contains("Secure"));
    let page = app.get(OPEN).await;
    assert!(!page.body.contains("name=\"email\""), "no email field without a relay");
    let stored = app.store.comment(CommentId(received_id(&sent))).await.unwrap().unwrap();
    assert_eq!(stored.email, None, "an address that could not be used is not kept");
    app.add_user("admin", Role::Admin, &[]).await;
    let page = app.get("/admin/login").await;
    let token = field(&page.body, "login_token").unwrap();
    let body =
        serde_urlencoded::to_string([("name", "admin"), ("password", PASSWORD), ("login_token", &token)]).unwrap();
    let login = app
        .send(
            Request::post("/admin/login")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("host", "news.example")
                .header("origin", "https://news.example")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(login.status, 303, "{}", login.body);
    assert!(login.header("set-cookie").contains("Secure"));
}

/// F17: the API has the form's checks; a form token works once; a cached page's token is
/// never older than the minimum time.
async fn f17_anti_bot_checks_guard_the_api_and_tokens_work_once(backend: Backend) {
    let app = newsroom(backend).await;
    let json = |text: &str, token: &str| serde_json::json!({"name": "Bot", "text": text, "accept_terms": true, "form_token": token});
    let without = app
        .api_post_from(
            API,
            serde_json::json!({"name": "Bot", "text": "no token", "accept_terms": true}),
            "192.0.2.40:1",
            None,
        )
        .await;
    assert_eq!(without.status, 403, "{}", without.body);
    assert_eq!(json_of(&without)["code"], "form-expired");
    let token = app.api_form_token(API).await;
    let fast = app.api_post_from(API, json("too fast", &token), "192.0.2.40:1", None).await;
    assert_eq!(fast.status, 422);
    assert_eq!(json_of(&fast)["code"], "too-fast");
    app.clock.advance(5);
    assert_eq!(app.api_post_from(API, json("in time", &token), "192.0.2.40:1", None).await.status, 202);
    let reused = app.api_post_from(API, json("reused token", &token), "192.0.2.40:1", None).await;
    assert_eq!(reused.status, 403, "{}", reused.body);

    let page = app.get(OPEN).await;
    let form_token = field(&page.body, "form_token").unwrap();
    app.clock.advance(5);
    let once = app
        .post_form(
            OPEN,
            &Post { text: "first with this form", ..Post::default() },
            &form_token,
            None,
            &[("origin", "http://localhost")],
        )
        .await;
    assert_eq!(once.status, 303);
    let twice = app
        .post_form(
            OPEN,
            &Post { text: "second with this form", ..Post::default() },
            &form_token,
            None,
            &[("origin", "http://localhost")],
        )
        .await;
    assert_eq!(twice.status, 403, "a form token works once");

    // The cached page: its token was signed when it was rendered.
    let other = "/english/2026/07/other-story";
    app.get(other).await;
    app.clock.advance(4);
    let cached = field(&app.get(other).await.body, "form_token").unwrap();
    let instant = app
        .post_form(
            other,
            &Post { text: "instant bot", ..Post::default() },
            &cached,
            None,
            &[("origin", "http://localhost")],
        )
        .await;
    assert_eq!(instant.status, 422, "a token from the cache is as fresh as the minimum time");
}

/// F18: concurrent submissions are held to the limit; deleting does not give it back.
async fn f18_rate_limits_hold_under_races_and_deletion(backend: Backend) {
    let settings = CommentSettings { per_address_per_hour: 10, ..CommentSettings::default() };
    let app = Arc::new(newsroom_with(backend, settings).await);
    let mut tokens = Vec::new();
    for _ in 0..40 {
        tokens.push(app.api_form_token(API).await);
    }
    app.clock.advance(5);
    let mut burst = tokio::task::JoinSet::new();
    for (i, token) in tokens.into_iter().enumerate() {
        let app = app.clone();
        burst.spawn(async move {
            let json = serde_json::json!({"name": "R", "text": format!("race {i}"), "accept_terms": true, "form_token": token});
            app.api_post_from(API, json, "192.0.2.97:1", None).await.status.as_u16()
        });
    }
    let mut statuses = Vec::new();
    while let Some(status) = burst.join_next().await {
        statuses.push(status.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 202).count(), 10, "{statuses:?}");

    let mut cycles = Vec::new();
    for i in 0..12 {
        let sent = app.api_comment_from(API, &format!("cycle {i}"), "192.0.2.98:1", None).await;
        cycles.push(sent.status.as_u16());
        if sent.status == 202 {
            app.api_delete(api_id(&sent), &api_token(&sent)).await;
        }
    }
    assert_eq!(cycles.iter().filter(|s| **s == 202).count(), 10, "{cycles:?}");
}

/// F20: one cache entry per page whatever the query string.
async fn f20_unknown_query_strings_share_the_cache(backend: Backend) {
    let app = newsroom(backend).await;
    app.get(OPEN).await;
    let before = app.web_app().cache.stats();
    for i in 0..20 {
        assert_eq!(app.get(&format!("{OPEN}?x={i}&utm_source=a{i}")).await.status, 200);
    }
    let after = app.web_app().cache.stats();
    assert_eq!(after.misses, before.misses, "busting parameters are served from the cache");
}

/// F21: no remote image through `/\host` or a tab.
async fn f21_no_remote_image_through_backslashes(backend: Backend) {
    let app = TestApp::with_services(backend).await;
    let body = "Text <img src=\"/\\evil.example/t.gif\"> <img src=\"/\t/evil.example/u.gif\"> \
                <a href=\"/\\evil.example/\">link</a>\n\n![x](/\\evil.example/v.gif)\n";
    let md = format!(
        "+++\ntitle = \"Remote\"\nslug = \"remote\"\nservice = \"english\"\npublished = 2026-07-07T09:30:00Z\n+++\n{body}"
    );
    app.import(&[("a.md", md.as_bytes())]).await.unwrap();
    let page = app.get("/english/2026/07/remote").await;
    assert_eq!(page.status, 200);
    // A percent-encoded backslash (`/%5Cevil.example/…`, which Markdown writes) is a path
    // on this site; a raw one, a tab or a double slash would lead elsewhere.
    for sneaky in ["\\evil.example", "/evil.example", "\t/evil.example"] {
        assert!(!page.body.contains(sneaky), "{sneaky:?} in {}", page.body);
    }
}

/// F22: import reads images only below the article's folder.
async fn f22_import_reads_images_only_below_the_article(backend: Backend) {
    let app = TestApp::with_services(backend).await;
    let story = |path: &str| {
        format!(
            "+++\ntitle = \"Outside\"\nservice = \"english\"\n[lead_image]\npath = \"{path}\"\ncaption = \"c\"\n+++\nBody.\n"
        )
    };
    let png = tiny_png();
    let mut messages = Vec::new();
    for path in ["../outside.png", "../nothing-here.png", "/etc/hostname", "sub/../../outside.png"] {
        let md = story(path);
        let failure = app.import(&[("desk/a.md", md.as_bytes()), ("outside.png", &png)]).await.unwrap_err();
        let text = import_errors(&failure);
        assert!(text.contains("inside the article's folder"), "{path}: {text}");
        messages.push(text.replace(path, "PATH"));
    }
    assert!(messages.windows(2).all(|w| w[0] == w[1]), "the message never tells whether a file exists: {messages:?}");
    assert_eq!(app.store.article_count().await.unwrap(), 0);
}

fn import_errors(failure: &dateline_core::articles::import::ImportFailure) -> String {
    match failure {
        dateline_core::articles::import::ImportFailure::Invalid(errors) => {
            errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
        }
        other => other.to_string(),
    }
}

/// F23: "current password" checks are limited and audited.
async fn f23_current_password_checks_are_limited(backend: Backend) {
    let (app, _, _) = console_newsroom(backend).await;
    let session = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let csrf = app.csrf(&session).await;
    let mut statuses = Vec::new();
    for i in 0..6 {
        let wrong = format!("wrong current {i}");
        let response = app
            .console_post(
                "/admin/account/password",
                Some(&session),
                &[
                    ("csrf", &csrf),
                    ("current", &wrong),
                    ("new", "a brand new password"),
                    ("again", "a brand new password"),
                ],
            )
            .await;
        statuses.push(response.status.as_u16());
    }
    assert_eq!(&statuses[..5], &[422; 5]);
    assert_ne!(statuses[5], 422, "{statuses:?}");
    assert_eq!(app.console_get("/admin", Some(&session)).await.status, 303, "the session has ended");
    assert_eq!(audit_of(&app, "user.password-check-failed").await.len(), 5);
}

/// F24: a draft's media is not served until the story is public.
async fn f24_draft_media_stays_private(backend: Backend) {
    let app = TestApp::with_services(backend).await;
    let draft = "+++\ntitle = \"Draft\"\nslug = \"draft\"\nservice = \"english\"\n[lead_image]\npath = \"p.png\"\ncaption = \"c\"\n+++\nB.\n";
    let png = tiny_png();
    app.import(&[("a.md", draft.as_bytes()), ("p.png", &png)]).await.unwrap();
    let english = app.store.services().await.unwrap()[0].id;
    let article = app.store.article_by_slug(english, "draft").await.unwrap().unwrap();
    let url = article.lead_image.as_ref().unwrap().media.url_path();
    assert_eq!(app.get(&url).await.status, 404, "a draft's photo is private");
    let published =
        draft.replace("service = \"english\"\n", "service = \"english\"\npublished = 2026-07-07T09:30:00Z\n");
    app.import(&[("a.md", published.as_bytes()), ("p.png", &png)]).await.unwrap();
    let article = app.store.article_by_slug(english, "draft").await.unwrap().unwrap();
    let url = article.lead_image.as_ref().unwrap().media.url_path();
    assert_eq!(app.get(&url).await.status, 200, "public once the story is");
}

/// F25: invisible names and texts, and staff-like names, are refused.
async fn f25_invisible_and_impersonating_names_are_refused(backend: Backend) {
    let app = newsroom(backend).await;
    for (name, text) in [
        ("\u{3164}", "\u{200D}\u{2062}"),
        ("\u{115F}\u{1160}", "\u{2800}\u{00AD}"),
        ("\u{200E}\u{200F}\u{061C}", "\u{FE0F}\u{E0041}\u{0301}"),
    ] {
        let refused = app.comment(OPEN, &Post { name, text, ..Post::default() }, None).await;
        assert_eq!(refused.status, 422, "{name:?} {text:?}");
        assert!(refused.body.contains("aria-invalid"), "{name:?}");
    }
    for name in ["Dateline Moderator", "D\u{0430}teline", "Moderator \u{2714} (staff)", "ADMIN"] {
        let refused = app.comment(OPEN, &Post { name, ..Post::default() }, None).await;
        assert_eq!(refused.status, 422, "{name}");
    }
    for name in ["Kim Ji-won", "김지원", "ئابلەت", "Nguyễn Văn An"] {
        let text = format!("A comment from {name}");
        assert_eq!(app.comment(OPEN, &Post { name, text: &text, ..Post::default() }, None).await.status, 303, "{name}");
    }
}

/// F26: origins are compared with their scheme; a hostile `return_to` cannot break a redirect.
async fn f26_origins_and_return_paths_are_strict(backend: Backend) {
    let site = dateline_web::SiteSettings { base_url: Some("http://localhost".into()), ..Default::default() };
    let app = newsroom_with_site(backend, site).await;
    let page = app.get(OPEN).await;
    let token = field(&page.body, "form_token").unwrap();
    app.clock.advance(5);
    let wrong_scheme = app.post_form(OPEN, &Post::default(), &token, None, &[("origin", "https://localhost")]).await;
    assert_eq!(wrong_scheme.status, 403, "the same host under another scheme is another origin");
    for return_to in ["/x\r\nSet-Cookie: a=b", "/\t/evil.example/", "/\\evil.example/"] {
        let sent =
            app.comment(OPEN, &Post { text: &format!("to delete {return_to:?}"), ..Post::default() }, None).await;
        let commenter = set_token(&sent).unwrap();
        let id = received_id(&sent);
        let mine = app.get_as("/my/comments", &commenter).await;
        let delete_token = field(&mine.body, "delete_token").unwrap();
        let body = serde_urlencoded::to_string([
            ("delete_token", delete_token.as_str()),
            ("return_to", return_to),
            ("confirm", "1"),
        ])
        .unwrap();
        let request = Request::post(format!("/my/comments/{id}/delete"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .header("cookie", format!("dateline_commenter={commenter}"))
            .body(Body::from(body))
            .unwrap();
        let response = app.send(request).await;
        assert_eq!(response.status, 303, "{return_to:?}");
        assert!(
            response.header("location").starts_with("/my/comments?"),
            "{return_to:?}: {}",
            response.header("location")
        );
    }
}

/// F28: NUL in a path or query is "not found" (in the API's query, a bad request, as JSON),
/// never a database error.
async fn f28_nul_bytes_are_not_found(backend: Backend) {
    let app = newsroom(backend).await;
    for path in ["/english/tags/a%00b", "/english/2026/10/a%00b", "/api/v1/articles/english/a%00b/comments"] {
        assert_eq!(app.get(path).await.status, 404, "{path}");
    }
    let query = app.get("/api/v1/comment-counts?articles=english/a%00b").await;
    assert_eq!(query.status, 400);
    assert!(query.body.contains("\"code\":\"bad-request\""), "{}", query.body);
    app.add_user("admin", Role::Admin, &[]).await;
    let admin = app.sign_in("admin", PASSWORD, None).await.unwrap();
    for path in ["/admin/comments?q=a%00b", "/admin/comments?article=a%00b", "/admin/audit?actor=a%00b"] {
        assert_eq!(app.console_get(path, Some(&admin)).await.status, 404, "{path}");
    }
    let name = "ad\u{0}min";
    assert_eq!(app.sign_in_from(name, PASSWORD, "192.0.2.1:1").await.unwrap_err().status, 401);
}

/// F29: an absurd date in the audit filter is an ignored filter, not a panic.
async fn f29_absurd_audit_dates_are_harmless(backend: Backend) {
    let app = newsroom(backend).await;
    app.add_user("admin", Role::Admin, &[]).await;
    let admin = app.sign_in("admin", PASSWORD, None).await.unwrap();
    for query in ["to=%2B262142-12-31", "from=-262143-01-01", "to=9999-12-31"] {
        assert_eq!(app.console_get(&format!("/admin/audit?{query}"), Some(&admin)).await.status, 200, "{query}");
    }
}

/// A TIFF block (the body of an EXIF segment or chunk): orientation 6 (turn right), an
/// artist, a camera serial and a GPS position.
fn exif_tiff() -> Vec<u8> {
    let artist = b"Source: Ms. Li, Garam village\0";
    let serial = b"C39XK1234\0";
    let entries: u16 = 4;
    let ifd0_size = 2 + 12 * usize::from(entries) + 4;
    let artist_at = 8 + ifd0_size;
    let serial_at = artist_at + artist.len();
    let gps_at = serial_at + serial.len();
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&entries.to_le_bytes());
    let entry = |tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        tiff.extend_from_slice(&tag.to_le_bytes());
        tiff.extend_from_slice(&kind.to_le_bytes());
        tiff.extend_from_slice(&count.to_le_bytes());
        tiff.extend_from_slice(&value.to_le_bytes());
    };
    entry(&mut tiff, 0x0112, 3, 1, 6);
    entry(&mut tiff, 0x013B, 2, artist.len() as u32, artist_at as u32);
    entry(&mut tiff, 0x8298, 2, serial.len() as u32, serial_at as u32);
    entry(&mut tiff, 0x8825, 4, 1, gps_at as u32);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(artist);
    tiff.extend_from_slice(serial);
    // GPS IFD: latitude reference "N" and latitude 39/1 54/1 15/1.
    let rationals_at = gps_at + 2 + 12 * 2 + 4;
    tiff.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut tiff, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut tiff, 0x0002, 5, 3, rationals_at as u32);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for value in [39u32, 54, 15] {
        tiff.extend_from_slice(&value.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
    }
    tiff
}

/// A 40×20 JPEG (shown 20×40) with the EXIF block above in an APP1 segment.
pub(crate) fn jpeg_with_exif() -> Vec<u8> {
    jpeg_with_exif_sized(40, 20)
}

/// A JPEG `width` × `height` pixels as stored (shown turned: `height` × `width`) with the
/// EXIF block above.
pub(crate) fn jpeg_with_exif_sized(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x * 6) as u8, (y * 12) as u8, 90]));
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut std::io::Cursor::new(&mut plain), image::ImageFormat::Jpeg)
        .unwrap();
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(exif_tiff());
    payload.extend_from_slice(b"http://ns.adobe.com/xap/1.0/ GPSLatitude XMP-secret");
    let mut jpeg = plain[..2].to_vec();
    jpeg.extend_from_slice(&[0xFF, 0xE1]);
    jpeg.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    jpeg.extend(payload);
    jpeg.extend_from_slice(&plain[2..]);
    jpeg
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A PNG with a tEXt chunk naming the photographer and an eXIf chunk.
fn png_with_text() -> Vec<u8> {
    let image = image::RgbaImage::from_fn(16, 16, |x, y| image::Rgba([x as u8 * 16, y as u8 * 16, 0, 255]));
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgba8(image)
        .write_to(&mut std::io::Cursor::new(&mut plain), image::ImageFormat::Png)
        .unwrap();
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
        out
    };
    let iend = plain.len() - 12;
    let mut png = plain[..iend].to_vec();
    png.extend(chunk(b"tEXt", b"Author\0Source: Ms. Li, Garam village"));
    png.extend(chunk(b"eXIf", &exif_tiff()));
    png.extend_from_slice(&plain[iend..]);
    png
}

/// A WebP (extended format) with an EXIF chunk.
fn webp_with_exif() -> Vec<u8> {
    let image = image::RgbaImage::from_fn(16, 16, |x, y| image::Rgba([x as u8 * 16, 0, y as u8 * 16, 255]));
    let mut simple = Vec::new();
    image::DynamicImage::ImageRgba8(image)
        .write_to(&mut std::io::Cursor::new(&mut simple), image::ImageFormat::WebP)
        .unwrap();
    let bitstream = &simple[12..]; // the VP8L chunk, after "RIFF" size "WEBP"
    let mut vp8x = vec![0x08u8 | 0x10, 0, 0, 0]; // EXIF and alpha flags
    vp8x.extend_from_slice(&15u32.to_le_bytes()[..3]);
    vp8x.extend_from_slice(&15u32.to_le_bytes()[..3]);
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut out = kind.to_vec();
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(data);
        if data.len() % 2 == 1 {
            out.push(0);
        }
        out
    };
    let mut body = b"WEBP".to_vec();
    body.extend(chunk(b"VP8X", &vp8x));
    body.extend_from_slice(bitstream);
    body.extend(chunk(b"EXIF", &exif_tiff()));
    let mut webp = b"RIFF".to_vec();
    webp.extend_from_slice(&(body.len() as u32).to_le_bytes());
    webp.extend(body);
    webp
}

fn has(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub(crate) fn assert_clean(bytes: &[u8], what: &str) {
    for marker in [&b"Exif"[..], b"Ms. Li", b"C39XK1234", b"XMP-secret", b"eXIf", b"tEXt", b"EXIF"] {
        assert!(!has(bytes, marker), "{what} still carries {:?}", String::from_utf8_lossy(marker));
    }
}

/// F2: every stored image is re-encoded without metadata, turned as its orientation said,
/// and named by the hash of the cleaned bytes.
async fn f2_images_keep_no_metadata(backend: Backend) {
    let app = TestApp::with_services(backend).await;
    let english = app.store.services().await.unwrap()[0].id;
    for (file, bytes) in [("p.jpg", jpeg_with_exif()), ("p.png", png_with_text()), ("p.webp", webp_with_exif())] {
        let slug = file.replace('.', "-");
        let md = format!(
            "+++\ntitle = \"Photo {file}\"\nslug = \"{slug}\"\nservice = \"english\"\npublished = 2026-07-07T09:30:00Z\n\
             [lead_image]\npath = \"{file}\"\ncaption = \"c\"\n+++\nBody ![inline]({file})\n"
        );
        app.import(&[("a.md", md.as_bytes()), (file, &bytes)]).await.unwrap();
        let article = app.store.article_by_slug(english, &slug).await.unwrap().unwrap();
        let lead = article.lead_image.clone().unwrap();
        let (served, raw) = app.send_raw(Request::get(lead.media.url_path()).body(Body::empty()).unwrap()).await;
        assert_eq!(served.status, 200, "{file}");
        assert_clean(&raw, file);
        let digest = dateline_core::comments::sha256_hex_bytes(&raw);
        assert!(lead.media.as_str().starts_with(&digest), "{file}: named by the hash of what is served");
        if file == "p.jpg" {
            let size = imagesize::blob_size(&raw).unwrap();
            assert_eq!((size.width, size.height), (20, 40), "the orientation is applied");
            assert_eq!((lead.width, lead.height), (20, 40));
        }
        for entry in std::fs::read_dir(app.db.dir.path().join("media")).unwrap() {
            assert_clean(&std::fs::read(entry.unwrap().path()).unwrap(), "a stored file");
        }
    }
    // Bad files leave nothing behind and say what is wrong.
    let truncated = &jpeg_with_exif()[..300];
    let md =
        "+++\ntitle = \"Bad\"\nservice = \"english\"\n[lead_image]\npath = \"bad.jpg\"\ncaption = \"c\"\n+++\nB.\n";
    let failure = app.import(&[("b.md", md.as_bytes()), ("bad.jpg", truncated)]).await.unwrap_err();
    assert!(import_errors(&failure).contains("damaged or truncated"), "{failure}");
}

/// F2: media stored before the cleaning existed is cleaned by `dateline media clean`.
async fn f2_existing_media_is_cleaned(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let data = cwd.join("data");
    assert!(
        dateline(&db, &["service", "add", "english", "--name", "English", "--language", "en"], &cwd).status.success()
    );
    let story = cwd.join("story.md");
    std::fs::write(&story, "+++\ntitle = \"Old\"\nslug = \"old\"\nservice = \"english\"\npublished = 2026-07-07T09:30:00Z\n[lead_image]\npath = \"p.png\"\ncaption = \"c\"\n+++\nB.\n").unwrap();
    std::fs::write(cwd.join("p.png"), tiny_png()).unwrap();
    let imported = dateline(&db, &["article", "import", story.to_str().unwrap()], &cwd);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    // An old installation: a file stored as it came, with its metadata, and named by it.
    let dirty = jpeg_with_exif();
    let old_key = format!("{}.jpg", dateline_core::comments::sha256_hex_bytes(&dirty));
    std::fs::write(data.join("media").join(&old_key), &dirty).unwrap();
    let url = if backend == Backend::Postgres { db.url.clone() } else { dateline_store::sqlite_url_for(&data) };
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    sqlx::query("UPDATE articles SET lead_image_key = $1, body_html = $2")
        .bind(&old_key)
        .bind(format!("<p><img src=\"/media/{old_key}\" alt=\"\"></p>"))
        .execute(&pool)
        .await
        .unwrap();
    let cleaned = dateline(&db, &["media", "clean"], &cwd);
    assert!(cleaned.status.success(), "{}", String::from_utf8_lossy(&cleaned.stderr));
    let (key, html): (String, String) =
        sqlx::query_as("SELECT lead_image_key, body_html FROM articles").fetch_one(&pool).await.unwrap();
    pool.close().await;
    assert_ne!(key, old_key);
    assert!(html.contains(&key) && !html.contains(&old_key), "{html}");
    assert!(!data.join("media").join(&old_key).exists(), "the dirty file is gone");
    for entry in std::fs::read_dir(data.join("media")).unwrap() {
        assert_clean(&std::fs::read(entry.unwrap().path()).unwrap(), "a stored file");
    }
    let again = dateline(&db, &["media", "clean"], &cwd);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 cleaned"), "{}", String::from_utf8_lossy(&again.stdout));
}

on_both_backends!(
    f1_the_second_factor_cannot_be_brute_forced,
    f2_images_keep_no_metadata,
    f2_existing_media_is_cleaned,
    f3_a_burst_of_logins_is_held_to_the_limit,
    f4_moderators_see_and_lift_only_their_desks_bans,
    f5_slow_and_idle_connections_are_closed,
    f6_ipv6_clients_count_by_their_64,
    f6_deleted_comments_do_not_close_a_story,
    f8_the_duplicate_check_is_no_oracle,
    f9_erased_text_leaves_the_wal_under_a_reader,
    f10_reader_addresses_never_reach_logs_or_outlive_retention,
    f11_the_setup_link_never_comes_back,
    f12_the_lockout_is_no_weapon,
    f13_unreadable_forwarded_hops_end_the_walk,
    f14_reports_are_limited_and_summarised,
    f15_the_audit_log_keeps_no_typed_secrets,
    f16_https_sites_are_strict_and_emails_need_a_relay,
    f17_anti_bot_checks_guard_the_api_and_tokens_work_once,
    f18_rate_limits_hold_under_races_and_deletion,
    f20_unknown_query_strings_share_the_cache,
    f21_no_remote_image_through_backslashes,
    f22_import_reads_images_only_below_the_article,
    f23_current_password_checks_are_limited,
    f24_draft_media_stays_private,
    f25_invisible_and_impersonating_names_are_refused,
    f26_origins_and_return_paths_are_strict,
    f28_nul_bytes_are_not_found,
    f29_absurd_audit_dates_are_harmless,
);
