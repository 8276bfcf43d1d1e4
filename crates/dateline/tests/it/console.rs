//! The moderation console: who may do what, sessions, CSRF, lockout, decisions, audit.

use axum::body::Body;
use axum::http::Request;
use dateline_core::accounts;
use dateline_core::comments::{CommentId, CommentState};
use dateline_core::store::prelude::*;

use crate::support::Backend;
use crate::support::console::{PASSWORD, console_newsroom};
use crate::support::newsroom::{OPEN, Post, field, newsroom, received_id, set_token};

/// A state-changing route, its form fields, and the status expected for: admin, Korean
/// moderator, editor, no session.
type RouteCheck<'a> = (String, Vec<(&'a str, String)>, [u16; 4]);

async fn every_route_answers_each_role_as_it_should(backend: Backend) {
    let (app, english, korean) = console_newsroom(backend).await;
    let admin = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let moderator = app.sign_in("mod-ko", PASSWORD, None).await.unwrap();
    let editor = app.sign_in("editor", PASSWORD, None).await.unwrap();
    let sessions = [Some(admin.as_str()), Some(moderator.as_str()), Some(editor.as_str()), None];
    // Expected status for: admin, Korean moderator, editor, no session.
    let pages: Vec<(String, [u16; 4])> = vec![
        ("/admin".into(), [200, 200, 200, 303]),
        ("/admin/comments".into(), [200, 200, 403, 303]),
        ("/admin/comments?state=reported".into(), [200, 200, 403, 303]),
        // Another desk's comment is answered like one that does not exist.
        (format!("/admin/comments/{english}"), [200, 404, 403, 303]),
        (format!("/admin/comments/{korean}"), [200, 200, 403, 303]),
        ("/admin/bans".into(), [200, 200, 403, 303]),
        ("/admin/audit".into(), [200, 403, 403, 303]),
        ("/admin/users".into(), [200, 403, 403, 303]),
        ("/admin/services".into(), [200, 403, 403, 303]),
        ("/admin/account".into(), [200, 200, 200, 303]),
        ("/admin/login".into(), [200, 200, 200, 200]),
        ("/admin/login/second-factor".into(), [200, 200, 200, 303]),
        ("/admin/setup".into(), [404, 404, 404, 404]),
        ("/admin/no-such-page".into(), [404, 404, 404, 404]),
        ("/api/v1/articles/english/han-river-floods/comments".into(), [200, 200, 200, 200]),
        ("/api/openapi.json".into(), [200, 200, 200, 200]),
        ("/api/v1/comment-counts?articles=english/han-river-floods".into(), [200, 200, 200, 200]),
    ];
    for (path, expected) in &pages {
        for (session, status) in sessions.iter().zip(expected) {
            let response = app.console_get(path, *session).await;
            assert_eq!(response.status.as_u16(), *status, "GET {path} as {session:?}");
            if path.starts_with("/admin") {
                assert!(response.header("content-security-policy").contains("script-src 'self'"), "{path}");
                assert_eq!(response.header("cache-control"), "no-store", "{path}");
            }
        }
    }
    // State-changing routes, each with the session's own CSRF token.
    let mut csrf = Vec::new();
    for session in &sessions {
        csrf.push(match session {
            Some(s) => app.csrf(s).await,
            None => "none".to_owned(),
        });
    }
    let actions: Vec<RouteCheck<'_>> = vec![
        (
            format!("/admin/comments/{english}/decide"),
            vec![("action", "reject".into()), ("reason", "spam".into())],
            [303, 404, 403, 303],
        ),
        (
            format!("/admin/comments/{korean}/ban"),
            vec![("days", "1".into()), ("reason", "test".into())],
            [303, 303, 403, 303],
        ),
        (
            "/admin/users".into(),
            vec![("name", "x".into()), ("role", "editor".into()), ("services", "korean".into())],
            [200, 403, 403, 303],
        ),
        ("/admin/services/english/notice".into(), vec![("notice", "Be kind.".into())], [303, 403, 403, 303]),
        ("/admin/bans/999/lift".into(), vec![], [404, 404, 403, 303]),
        (
            "/admin/comments/bulk".into(),
            vec![("bulk_action", "approve".into()), ("ids", korean.to_string())],
            [303, 303, 403, 303],
        ),
        ("/admin/services/english/terms".into(), vec![("terms", "Be kind.".into())], [303, 403, 403, 303]),
        (
            "/admin/account/password".into(),
            vec![("current", "wrong".into()), ("new", "x".into()), ("again", "x".into())],
            [422, 422, 422, 303],
        ),
        (
            "/admin/account/second-factor".into(),
            vec![
                ("action", "enable".into()),
                ("secret", "AAAA".into()),
                ("signature", "1.ab".into()),
                ("code", "1".into()),
            ],
            [422, 422, 422, 303],
        ),
        ("/admin/login/second-factor".into(), vec![("code", "1".into())], [401, 401, 401, 303]),
        ("/admin/setup".into(), vec![("token", "x".into())], [404, 404, 404, 404]),
    ];
    for (path, fields, expected) in &actions {
        for (index, (session, status)) in sessions.iter().zip(expected).enumerate() {
            let mut pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            pairs.push(("csrf", &csrf[index]));
            let name_field = format!("x{index}");
            if path == "/admin/users" {
                pairs[0].1 = &name_field;
            }
            let response = app.console_post(path, *session, &pairs).await;
            assert_eq!(response.status.as_u16(), *status, "POST {path} as {session:?}: {}", response.body);
        }
    }
    // The JSON API is public: every role, and no session, get the same answers.
    for session in &sessions {
        let cookie = session.map(|s| format!("dateline_session={s}")).unwrap_or_default();
        let text = format!("the same for {session:?}");
        let body = serde_json::json!({"name": "API", "text": text, "accept_terms": true}).to_string();
        let body = app.with_form_token("/api/v1/articles/english/han-river-floods/comments", &body).await;
        let mut post = Request::post("/api/v1/articles/english/han-river-floods/comments")
            .header("content-type", "application/json")
            .header("cookie", &cookie)
            .body(Body::from(body))
            .unwrap();
        // From another address: the test peer's was banned above.
        post.extensions_mut()
            .insert(axum::extract::ConnectInfo("198.51.100.40:4000".parse::<std::net::SocketAddr>().unwrap()));
        assert_eq!(app.send(post).await.status, 202);
        let delete = Request::delete("/api/v1/comments/1")
            .header("x-commenter-token", "ab".repeat(32))
            .header("cookie", &cookie)
            .body(Body::empty())
            .unwrap();
        assert_eq!(app.send(delete).await.status, 404);
        let export = Request::get("/api/v1/commenter/comments").header("cookie", &cookie).body(Body::empty()).unwrap();
        assert_eq!(app.send(export).await.status, 401);
    }
    // Disabling a user and ending every session: last, as they end sessions.
    let x0 = app.store.user_by_name("x0").await.unwrap().expect("the admin added x0").id.0;
    for (index, (session, status)) in sessions.iter().zip([303, 403, 403, 303]).enumerate().rev() {
        let response =
            app.console_post(&format!("/admin/users/{x0}/disable"), *session, &[("csrf", &csrf[index])]).await;
        assert_eq!(response.status.as_u16(), status, "disable as {session:?}");
    }
    for (index, session) in sessions.iter().enumerate() {
        let response = app.console_post("/admin/account/logout-everywhere", *session, &[("csrf", &csrf[index])]).await;
        assert_eq!(response.status.as_u16(), 303, "logout everywhere as {session:?}");
        if let Some(session) = session {
            assert_eq!(app.console_get("/admin", Some(session)).await.status, 303, "signed out");
        }
    }
}

async fn sessions_rotate_time_out_and_end(backend: Backend) {
    let (app, _, _) = console_newsroom(backend).await;
    let first = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let second = app.sign_in("admin", PASSWORD, Some(&first)).await.unwrap();
    assert_ne!(first, second, "a new session id at login");
    assert_eq!(app.console_get("/admin", Some(&first)).await.status, 303, "the old id is worthless");
    assert_eq!(app.console_get("/admin", Some(&second)).await.status, 200);
    let response = app.sign_in("admin", PASSWORD, None).await;
    assert!(response.is_ok());

    app.clock.advance(31 * 60);
    assert_eq!(app.console_get("/admin", Some(&second)).await.status, 303, "idle timeout");

    let session = app.sign_in("admin", PASSWORD, None).await.unwrap();
    // 24 × 29 minutes = 11 h 36 min: active all along, still signed in.
    for _ in 0..24 {
        app.clock.advance(29 * 60);
        assert_eq!(app.console_get("/admin", Some(&session)).await.status, 200);
    }
    app.clock.advance(29 * 60);
    assert_eq!(app.console_get("/admin", Some(&session)).await.status, 303, "absolute timeout after 12 hours");

    let session = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let csrf = app.csrf(&session).await;
    let out = app.console_post("/admin/logout", Some(&session), &[("csrf", &csrf)]).await;
    assert_eq!(out.status, 303);
    assert!(out.header("set-cookie").contains("Max-Age=0"));
    assert_eq!(app.console_get("/admin", Some(&session)).await.status, 303);
    let cookie_flags = {
        let page = app.get("/admin/login").await;
        let token = field(&page.body, "login_token").unwrap();
        let body =
            serde_urlencoded::to_string([("name", "admin"), ("password", PASSWORD), ("login_token", &token)]).unwrap();
        let request = Request::post("/admin/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .body(Body::from(body))
            .unwrap();
        app.send(request).await.header("set-cookie").to_owned()
    };
    assert!(
        cookie_flags.contains("HttpOnly")
            && cookie_flags.contains("SameSite=Strict")
            && cookie_flags.contains("Path=/admin")
    );
}

async fn forms_without_the_session_token_are_refused(backend: Backend) {
    let (app, english, _) = console_newsroom(backend).await;
    let session = app.sign_in("admin", PASSWORD, None).await.unwrap();
    for csrf in ["", "wrong", &"0".repeat(64)] {
        let response = app
            .console_post(
                &format!("/admin/comments/{english}/decide"),
                Some(&session),
                &[("action", "approve"), ("csrf", csrf)],
            )
            .await;
        assert_eq!(response.status, 403, "csrf {csrf:?}");
    }
    let response = app.console_post("/admin/logout", Some(&session), &[]).await;
    assert_eq!(response.status, 403);
    assert_eq!(app.store.comment(CommentId(english)).await.unwrap().unwrap().state, CommentState::Pending);
    // The login form itself refuses a missing or forged token.
    let body = "name=admin&password=a+long+enough+password&login_token=1.ab";
    let request = Request::post("/admin/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "localhost")
        .header("origin", "http://localhost")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(app.send(request).await.status, 403);
}

async fn repeated_failures_lock_the_account(backend: Backend) {
    let (app, _, _) = console_newsroom(backend).await;
    for _ in 0..5 {
        let failed = app.sign_in("admin", "not the password at all", None).await.unwrap_err();
        assert_eq!(failed.status, 401);
        assert!(failed.body.contains("Wrong name or password."));
    }
    let locked = app.sign_in("admin", PASSWORD, None).await.unwrap_err();
    assert_eq!(locked.status, 429);
    assert!(locked.body.contains("locked for 15 minutes"));
    assert!(app.sign_in("mod-ko", PASSWORD, None).await.is_ok(), "another account is not locked");
    app.clock.advance(16 * 60);
    assert!(app.sign_in("admin", PASSWORD, None).await.is_ok());
    let unknown = app.sign_in("nobody", PASSWORD, None).await.unwrap_err();
    assert_eq!(unknown.status, 401, "an unknown name answers like a wrong password");
    let audit = app
        .store
        .audit_log(&dateline_core::audit::AuditFilter {
            action: Some("user.login-failed".parse().unwrap()),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.len(), 6);
}

async fn moderators_edit_reject_unpublish_ban_and_it_shows_at_once(backend: Backend) {
    let (app, english, korean) = console_newsroom(backend).await;
    let admin = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let csrf = app.csrf(&admin).await;
    let moderator = app.sign_in("mod-ko", PASSWORD, None).await.unwrap();
    let mod_csrf = app.csrf(&moderator).await;

    // A moderator of the Korean service sees only Korean comments.
    let queue = app.console_get("/admin/comments", Some(&moderator)).await;
    assert!(queue.body.contains("한국어 댓글") && !queue.body.contains("An English comment"));
    let admin_queue = app.console_get("/admin/comments", Some(&admin)).await;
    assert!(admin_queue.body.contains("한국어 댓글") && admin_queue.body.contains("An English comment"));

    // Edit, then publish: the public page shows the edit, marked; the original is kept.
    let edited = app
        .console_post(
            &format!("/admin/comments/{english}/decide"),
            Some(&admin),
            &[("csrf", &csrf), ("action", "edit"), ("text", "An English comment, shortened.")],
        )
        .await;
    assert_eq!(edited.status, 303);
    let page = app.get(OPEN).await;
    assert!(page.body.contains("An English comment, shortened."));
    assert!(page.body.contains("Edited by a moderator"));
    let detail = app.console_get(&format!("/admin/comments/{english}"), Some(&admin)).await;
    assert!(
        detail.body.contains("Version 1 by <bdi>the author</bdi>")
            && detail.body.contains("Version 2 by <bdi>admin</bdi>")
    );
    assert!(detail.body.contains(">An English comment</p>"), "the original text is kept");

    // The second moderator to act is told, and nothing changes.
    let again = app
        .console_post(
            &format!("/admin/comments/{english}/decide"),
            Some(&admin),
            &[("csrf", &csrf), ("action", "approve")],
        )
        .await;
    assert_eq!(again.status, 409);
    assert!(again.body.contains("already handled"));

    // Unpublish: gone from the page at once.
    let down = app
        .console_post(
            &format!("/admin/comments/{english}/decide"),
            Some(&admin),
            &[("csrf", &csrf), ("action", "unpublish"), ("reason", "personal-information")],
        )
        .await;
    assert_eq!(down.status, 303);
    assert!(!app.get(OPEN).await.body.contains("shortened"));

    // Reject with "other" needs a note.
    let no_note = app
        .console_post(
            &format!("/admin/comments/{korean}/decide"),
            Some(&moderator),
            &[("csrf", &mod_csrf), ("action", "reject"), ("reason", "other")],
        )
        .await;
    assert_eq!(no_note.status, 422);
    let rejected = app
        .console_post(
            &format!("/admin/comments/{korean}/decide"),
            Some(&moderator),
            &[("csrf", &mod_csrf), ("action", "reject"), ("reason", "other"), ("note", "duplicate thread")],
        )
        .await;
    assert_eq!(rejected.status, 303);
    let comment = app.store.comment(CommentId(korean)).await.unwrap().unwrap();
    assert_eq!(
        (comment.state, comment.rejection_reason.as_deref()),
        (CommentState::Rejected, Some("other: duplicate thread"))
    );

    // Bulk approval of the selected comments.
    let a = received_id(&app.comment(OPEN, &Post { text: "bulk one", ..Post::default() }, None).await);
    let b = received_id(&app.comment(OPEN, &Post { text: "bulk two", ..Post::default() }, None).await);
    let bulk = app
        .console_post(
            "/admin/comments/bulk",
            Some(&admin),
            &[("csrf", &csrf), ("bulk_action", "approve"), ("ids", &a.to_string()), ("ids", &b.to_string())],
        )
        .await;
    assert_eq!(bulk.status, 303);
    assert!(bulk.header("location").contains("2+of+2"), "{}", bulk.header("location"));
    let page = app.get(OPEN).await;
    assert!(page.body.contains("bulk one") && page.body.contains("bulk two"));

    // Ban the commenter: their next comment is refused, in plain words; unban lets them back.
    let sent = app.comment(OPEN, &Post { text: "I will be banned", ..Post::default() }, None).await;
    let token = set_token(&sent).unwrap();
    let target = received_id(&sent);
    let ban = app
        .console_post(
            &format!("/admin/comments/{target}/ban"),
            Some(&admin),
            &[("csrf", &csrf), ("days", "7"), ("reason", "spam campaign")],
        )
        .await;
    assert_eq!(ban.status, 303);
    let refused = app.comment(OPEN, &Post { text: "Trying again", ..Post::default() }, Some(&token)).await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("You cannot comment at present."));
    let bans = app.console_get("/admin/bans", Some(&admin)).await;
    assert!(bans.body.contains("spam campaign"));
    let ban_id = app.store.active_bans(crate::support::test_now(), None).await.unwrap()[0].id;
    let lifted = app.console_post(&format!("/admin/bans/{ban_id}/lift"), Some(&admin), &[("csrf", &csrf)]).await;
    assert_eq!(lifted.status, 303);
    assert_eq!(app.comment(OPEN, &Post { text: "Back again", ..Post::default() }, Some(&token)).await.status, 303);

    // Every action is in the audit log, with before and after.
    let audit = app.console_get("/admin/audit?action=comment.edit", Some(&admin)).await;
    assert!(audit.body.contains(&format!("comment:{english}")));
    let entries = app
        .store
        .audit_log(&dateline_core::audit::AuditFilter { actor: Some("admin".into()), limit: 100, ..Default::default() })
        .await
        .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    for action in
        ["comment.edit", "comment.unpublish", "comment.approve", "commenter.ban", "commenter.unban", "user.login"]
    {
        assert!(actions.contains(&action), "{action} missing from {actions:?}");
    }
    let edit = entries.iter().find(|e| e.action == "comment.edit").unwrap();
    assert_eq!(edit.before.as_deref(), Some(r#"{"state":"pending","version":1}"#));
    assert_eq!(edit.after.as_deref(), Some(r#"{"state":"approved","version":2}"#));
}

async fn reports_go_to_the_reported_queue(backend: Backend) {
    let (app, english, _) = console_newsroom(backend).await;
    app.approve(english).await;
    let page = app.get(&format!("{OPEN}/comments/{english}/report")).await;
    assert_eq!(page.status, 200, "reporting has its own page");
    let token = field(&page.body, "report_token").unwrap();
    let report = |reason: &'static str| {
        let body = serde_urlencoded::to_string([("report_token", token.as_str()), ("reason", reason)]).unwrap();
        Request::post(format!("{OPEN}/comments/{english}/report"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .body(Body::from(body))
            .unwrap()
    };
    let reported = app.send(report("<script>alert('reason')</script> insults")).await;
    assert_eq!(reported.status, 303);
    assert!(
        app.get(&format!("{OPEN}?reported={english}")).await.body.contains("A moderator will review this comment.")
    );
    let mut second = report("second report");
    second
        .extensions_mut()
        .insert(axum::extract::ConnectInfo("198.51.100.61:4000".parse::<std::net::SocketAddr>().unwrap()));
    assert_eq!(app.send(second).await.status, 303, "another reader's report joins the first");
    assert!(
        app.get(OPEN).await.body.contains("An English comment"),
        "a reported comment stays up until a moderator acts"
    );

    let admin = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let csrf = app.csrf(&admin).await;
    let queue = app.console_get("/admin/comments?state=reported", Some(&admin)).await;
    assert!(
        queue.body.contains("&lt;script&gt;alert(&#39;reason&#39;)&lt;/script&gt; insults"),
        "report reasons are escaped"
    );
    assert!(!queue.body.contains("<script>alert"));
    assert!(queue.body.contains("second report"));
    let removed = app
        .console_post(
            &format!("/admin/comments/{english}/decide"),
            Some(&admin),
            &[("csrf", &csrf), ("action", "remove"), ("reason", "abusive")],
        )
        .await;
    assert_eq!(removed.status, 303);
    assert!(!app.get(OPEN).await.body.contains("An English comment"));
    // Forged report tokens are refused.
    let forged = Request::post(format!("{OPEN}/comments/{english}/report"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "localhost")
        .body(Body::from("report_token=1.ab&reason=x"))
        .unwrap();
    assert_eq!(app.send(forged).await.status, 403);
}

async fn the_audit_log_cannot_be_changed(backend: Backend) {
    let (app, english, _) = console_newsroom(backend).await;
    app.approve(english).await;
    let pool = sqlx::AnyPool::connect(&app.db.url).await.unwrap();
    assert!(sqlx::query("UPDATE audit_log SET actor = 'someone else'").execute(&pool).await.is_err());
    assert!(sqlx::query("DELETE FROM audit_log").execute(&pool).await.is_err());
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&pool).await.unwrap();
    assert!(count >= 1);
    pool.close().await;
}

async fn hostile_text_is_inert_in_the_console(backend: Backend) {
    let (app, _, _) = console_newsroom(backend).await;
    let hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>\"'><svg onload=alert(3)>";
    let id = received_id(
        &app.comment(OPEN, &Post { text: hostile, name: "<script>alert(4)</script>", ..Post::default() }, None).await,
    );
    let admin = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let csrf = app.csrf(&admin).await;
    let note = "<b>bold</b><script>alert(5)</script>";
    for path in ["/admin/comments".to_owned(), format!("/admin/comments/{id}")] {
        let page = app.console_get(&path, Some(&admin)).await;
        assert_eq!(page.status, 200);
        for raw in ["<img", "<script>alert", "<svg", "onerror=alert(1)>"] {
            assert!(!page.body.contains(raw), "{path} contains {raw}");
        }
        assert!(page.body.contains("&lt;script&gt;alert(4)&lt;/script&gt;"));
    }
    app.console_post(
        &format!("/admin/comments/{id}/decide"),
        Some(&admin),
        &[("csrf", &csrf), ("action", "reject"), ("reason", "other"), ("note", note)],
    )
    .await;
    let detail = app.console_get(&format!("/admin/comments/{id}"), Some(&admin)).await;
    assert!(detail.body.contains("other: &lt;b&gt;bold&lt;/b&gt;&lt;script&gt;alert(5)&lt;/script&gt;"));
    let audit = app.console_get("/admin/audit", Some(&admin)).await;
    assert!(!audit.body.contains("<script>alert(5)"));
}

async fn a_second_factor_guards_the_login(backend: Backend) {
    let (app, _, _) = console_newsroom(backend).await;
    let session = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let account = app.console_get("/admin/account", Some(&session)).await;
    let secret = field(&account.body, "secret").unwrap();
    let signature = field(&account.body, "signature").unwrap();
    let csrf = field(&account.body, "csrf").unwrap();
    let now = app.clock.now_for_tests();
    let wrong = app
        .console_post(
            "/admin/account/second-factor",
            Some(&session),
            &[
                ("csrf", &csrf),
                ("action", "enable"),
                ("secret", &secret),
                ("signature", &signature),
                ("code", "000000"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    let code = accounts::totp_code(&secret, now).unwrap();
    let on = app
        .console_post(
            "/admin/account/second-factor",
            Some(&session),
            &[("csrf", &csrf), ("action", "enable"), ("secret", &secret), ("signature", &signature), ("code", &code)],
        )
        .await;
    assert_eq!(on.status, 200);
    let codes: Vec<String> =
        on.body.split("<li><code>").skip(1).map(|c| c.split('<').next().unwrap().to_owned()).collect();
    assert_eq!(codes.len(), 10);

    let pending = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let blocked = app.console_get("/admin", Some(&pending)).await;
    assert_eq!(blocked.header("location"), "/admin/login/second-factor");
    let form = app.console_get("/admin/login/second-factor", Some(&pending)).await;
    let csrf = field(&form.body, "csrf").unwrap();
    let bad =
        app.console_post("/admin/login/second-factor", Some(&pending), &[("csrf", &csrf), ("code", "123456")]).await;
    assert_eq!(bad.status, 401);
    let good =
        app.console_post("/admin/login/second-factor", Some(&pending), &[("csrf", &csrf), ("code", &codes[0])]).await;
    assert_eq!(good.status, 303);
    assert_eq!(app.console_get("/admin", Some(&pending)).await.status, 200);

    let again = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let csrf = field(&app.console_get("/admin/login/second-factor", Some(&again)).await.body, "csrf").unwrap();
    let reused =
        app.console_post("/admin/login/second-factor", Some(&again), &[("csrf", &csrf), ("code", &codes[0])]).await;
    assert_eq!(reused.status, 401, "a recovery code works once");
    // The code that turned the second factor on was used; the next one works.
    app.clock.advance(30);
    let code = accounts::totp_code(&secret, app.clock.now_for_tests()).unwrap();
    let by_app =
        app.console_post("/admin/login/second-factor", Some(&again), &[("csrf", &csrf), ("code", &code)]).await;
    assert_eq!(by_app.status, 303);
}

async fn the_first_admin_comes_from_a_one_time_link(backend: Backend) {
    let app = newsroom(backend).await;
    let app_state = app.web_app();
    let token = dateline_web::console::setup::setup_token(&app_state).await.unwrap().expect("no admin yet");
    assert_eq!(app.get("/admin/setup?token=wrong").await.status, 404);
    let form = app.get(&format!("/admin/setup?token={token}")).await;
    assert_eq!(form.status, 200);
    let weak = app
        .console_post(
            "/admin/setup",
            None,
            &[("token", &token), ("name", "chief"), ("password", "short"), ("password_again", "short")],
        )
        .await;
    assert_eq!(weak.status, 422);
    let created = app
        .console_post(
            "/admin/setup",
            None,
            &[("token", &token), ("name", "chief"), ("password", PASSWORD), ("password_again", PASSWORD)],
        )
        .await;
    assert_eq!(created.status, 303);
    assert_eq!(app.get(&format!("/admin/setup?token={token}")).await.status, 404, "the link works once");
    assert!(app.sign_in("chief", PASSWORD, None).await.is_ok());
}

async fn the_queue_shows_the_commenters_record(backend: Backend) {
    let (app, english, _) = console_newsroom(backend).await;
    let token = crate::support::newsroom::set_token(
        &app.comment(OPEN, &Post { text: "First of mine", ..Post::default() }, None).await,
    )
    .unwrap();
    let first = dateline_core::store::CommentStore::comments_of(
        app.store.as_ref(),
        &dateline_core::comments::sha256_hex(&token),
    )
    .await
    .unwrap()[0]
        .comment
        .id
        .0;
    let second =
        received_id(&app.comment(OPEN, &Post { text: "Second of mine", ..Post::default() }, Some(&token)).await);
    let third = received_id(&app.comment(OPEN, &Post { text: "Same words", ..Post::default() }, Some(&token)).await);
    app.approve(first).await;
    app.approve(english).await;
    let admin = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let csrf = app.csrf(&admin).await;
    app.console_post(
        &format!("/admin/comments/{second}/decide"),
        Some(&admin),
        &[("csrf", &csrf), ("action", "reject"), ("reason", "spam")],
    )
    .await;
    let page = app.console_get(&format!("/admin/comments/{third}"), Some(&admin)).await;
    // By token: the first (approved) and second (rejected). By address (the same test peer):
    // also the newsroom's English comment, approved — each counted once.
    assert!(page.body.contains("Commenter: 2 approved, 1 rejected before"), "{}", page.body);
}

/// The `href` of the link with this text, as a path to request.
fn link_to(html: &str, text: &str) -> String {
    let end = html.find(&format!("\">{text}</a>")).unwrap_or_else(|| panic!("no link {text:?}"));
    let start = html[..end].rfind("href=\"").unwrap() + 6;
    html[start..end].replace("&amp;", "&")
}

/// A shift of hundreds: the queue pages both ways and says where it is, each decision lands
/// on the next comment, nothing is rejected without a reason, long comments are clamped,
/// the wait shows, and the audit log reads as a change that links to its object.
async fn a_long_shift_moves_comment_by_comment(backend: Backend) {
    use dateline_core::comments::NewComment;
    use dateline_core::store::ImportedComment;
    let (app, english, _) = console_newsroom(backend).await;
    let article = app.store.comment(CommentId(english)).await.unwrap().unwrap().article_id;
    let now = app.clock.now_for_tests();
    let waiting: Vec<ImportedComment> = (0..60)
        .map(|i| ImportedComment {
            comment: NewComment {
                article_id: article,
                parent_id: None,
                author_name: format!("Reader {i}"),
                text: if i == 5 { "A long comment. ".repeat(60) } else { format!("Comment number {i}") },
                email: None,
                text_hash: format!("hash-{i}"),
                commenter_hash: format!("commenter-{i}"),
                address_hash: "address".into(),
                terms_version: 1,
                form_nonce: None,
                labels: Vec::new(),
                single_use_form: false,
                label_first: false,
                held: false,
            },
            state: CommentState::Pending,
            at: now - chrono::Duration::minutes(180 - i),
        })
        .collect();
    assert_eq!(app.store.import_comments(&waiting).await.unwrap(), 60);
    let admin = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let csrf = app.csrf(&admin).await;

    let first = app.console_get("/admin/comments?service=english&per_page=50", Some(&admin)).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body.matches("class=\"console-item\"").count(), 50);
    assert!(first.body.contains("Comments 1–50 of 61"), "{}", first.body);
    assert!(!first.body.contains("Previous page") && !first.body.contains("First page"));
    assert!(first.body.contains("waiting 3.0 h"), "the oldest has waited three hours");
    assert!(first.body.contains("Show all of comment"), "the long comment is clamped");
    assert_eq!(first.body.matches("Show all of comment").count(), 1);
    assert!(first.body.contains("<option value=\"\">reason…</option>"), "no reason is chosen in advance");
    let second = app.console_get(&link_to(&first.body, "Next page"), Some(&admin)).await;
    assert!(second.body.contains("Comments 51–61 of 61"), "{}", second.body);
    assert_eq!(second.body.matches("class=\"console-item\"").count(), 11);
    assert!(!second.body.contains(">Next page<"));
    let back = app.console_get(&link_to(&second.body, "Previous page"), Some(&admin)).await;
    assert!(back.body.contains("Comments 1–50 of 61"), "{}", back.body);
    let again = app.console_get(&link_to(&second.body, "First page"), Some(&admin)).await;
    assert!(again.body.contains("Comments 1–50 of 61"));
    let odd_size = app.console_get("/admin/comments?service=english&per_page=7", Some(&admin)).await;
    assert_eq!(odd_size.body.matches("class=\"console-item\"").count(), 25, "only 25, 50 or 100");

    let all =
        app.console_get(&link_to(&first.body, "Select all on this page").replace("#queue", ""), Some(&admin)).await;
    assert_eq!(all.body.matches("name=\"ids\"").count(), 50);
    assert_eq!(all.body.matches(" checked data-key=\"x\"").count(), 50, "every box on the page is ticked");

    // The oldest two: approving the first lands on the second.
    let ids: Vec<i64> = first
        .body
        .match_indices("data-comment=\"")
        .map(|(at, _)| first.body[at + 14..].split('"').next().unwrap().parse().unwrap())
        .collect();
    let (one, two) = (ids[0], ids[1]);
    assert!(first.body.contains(&format!("name=\"next-{one}\" value=\"c{two}\"")));
    let return_to = "/admin/comments?service=english";
    let next = format!("c{two}");
    let approved = app
        .console_post(
            &format!("/admin/comments/{one}/decide"),
            Some(&admin),
            &[("csrf", &csrf), ("action", "approve"), ("return_to", return_to), (&format!("next-{one}"), &next)],
        )
        .await;
    assert_eq!(approved.status, 303);
    assert!(approved.header("location").ends_with(&format!("#c{two}")), "{}", approved.header("location"));

    // Rejecting without a reason changes nothing and says so, at the comment.
    let no_reason = app
        .console_post(
            &format!("/admin/comments/{two}/decide"),
            Some(&admin),
            &[("csrf", &csrf), ("action", "reject"), ("return_to", return_to)],
        )
        .await;
    assert_eq!(no_reason.status, 303);
    let location = no_reason.header("location");
    assert!(location.ends_with(&format!("#c{two}")) && location.contains("choose+a+reason"), "{location}");
    assert_eq!(app.store.comment(CommentId(two)).await.unwrap().unwrap().state, CommentState::Pending);
    let two_text = two.to_string();
    let bulk = app
        .console_post(
            "/admin/comments/bulk",
            Some(&admin),
            &[("csrf", &csrf), ("bulk_action", "reject"), ("ids", &two_text), ("return_to", return_to)],
        )
        .await;
    assert!(bulk.header("location").contains("choose+a+reason"), "{}", bulk.header("location"));
    assert_eq!(app.store.comment(CommentId(two)).await.unwrap().unwrap().state, CommentState::Pending);
    let reason_field = format!("reason-{two}");
    app.console_post(
        &format!("/admin/comments/{two}/decide"),
        Some(&admin),
        &[("csrf", &csrf), ("action", "reject"), (&reason_field, "spam")],
    )
    .await;
    assert_eq!(app.store.comment(CommentId(two)).await.unwrap().unwrap().state, CommentState::Rejected);

    let dashboard = app.console_get("/admin", Some(&admin)).await;
    assert!(dashboard.body.contains("<td data-label=\"Oldest waiting\">3.0 h</td>"), "{}", dashboard.body);
    let audit = app.console_get("/admin/audit?action=comment.reject", Some(&admin)).await;
    assert!(audit.body.contains(&format!("<a href=\"/admin/comments/{two}\">comment:{two}</a>")), "{}", audit.body);
    assert!(
        audit.body.contains("<del dir=\"auto\">pending</del> → <ins dir=\"auto\">rejected</ins>"),
        "{}",
        audit.body
    );
}

/// The console speaks each user's language: chosen on the account page, else the
/// browser's, else English; right to left in Uyghur.
async fn the_console_speaks_the_language_each_user_chooses(backend: Backend) {
    let (app, _, _) = console_newsroom(backend).await;
    let admin = app.sign_in("admin", PASSWORD, None).await.unwrap();
    let english = app.console_get("/admin/comments", Some(&admin)).await;
    assert!(english.body.contains("<html lang=\"en\" dir=\"ltr\">") && english.body.contains(">Approve<"));

    let account = app.console_get("/admin/account", Some(&admin)).await;
    for name in ["한국어", "简体中文", "ئۇيغۇرچە", "Tiếng Việt"] {
        assert!(account.body.contains(name), "{name} is offered");
    }
    let csrf = app.csrf(&admin).await;
    let chosen =
        app.console_post("/admin/account/language", Some(&admin), &[("csrf", &csrf), ("language", "ko")]).await;
    assert_eq!(chosen.status, 303);
    let korean = app.console_get("/admin/comments", Some(&admin)).await;
    assert!(korean.body.contains("<html lang=\"ko\" dir=\"ltr\">"), "{}", korean.body);
    assert!(!korean.body.contains(">Approve<") && !korean.body.contains("Moderation queue"));
    let unknown =
        app.console_post("/admin/account/language", Some(&admin), &[("csrf", &csrf), ("language", "tlh")]).await;
    assert_eq!(unknown.status, 400);

    app.console_post("/admin/account/language", Some(&admin), &[("csrf", &csrf), ("language", "ug")]).await;
    let uyghur = app.console_get("/admin/comments", Some(&admin)).await;
    assert!(uyghur.body.contains("<html lang=\"ug\" dir=\"rtl\">"));

    // Not chosen: the browser's language, if the console speaks it.
    app.console_post("/admin/account/language", Some(&admin), &[("csrf", &csrf), ("language", "")]).await;
    let mut request = Request::get("/admin/comments")
        .header("host", "localhost")
        .header("cookie", format!("dateline_session={admin}"))
        .header("accept-language", "vi-VN,vi;q=0.9,en;q=0.5");
    request = request.header("user-agent", "test");
    let vietnamese = app.send(request.body(Body::empty()).unwrap()).await;
    assert!(vietnamese.body.contains("<html lang=\"vi\" dir=\"ltr\">"), "{}", vietnamese.body);
    let moderator = app.sign_in("mod-ko", PASSWORD, None).await.unwrap();
    let other = app.console_get("/admin/comments", Some(&moderator)).await;
    assert!(other.body.contains("<html lang=\"en\""), "each user chooses for themselves");
}

on_both_backends!(
    the_console_speaks_the_language_each_user_chooses,
    a_long_shift_moves_comment_by_comment,
    the_queue_shows_the_commenters_record,
    every_route_answers_each_role_as_it_should,
    sessions_rotate_time_out_and_end,
    forms_without_the_session_token_are_refused,
    repeated_failures_lock_the_account,
    moderators_edit_reject_unpublish_ban_and_it_shows_at_once,
    reports_go_to_the_reported_queue,
    the_audit_log_cannot_be_changed,
    hostile_text_is_inert_in_the_console,
    a_second_factor_guards_the_login,
    the_first_admin_comes_from_a_one_time_link,
);
