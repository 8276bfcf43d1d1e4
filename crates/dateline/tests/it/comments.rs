//! Comments as readers, commenters and operators meet them: the form, the API, privacy.

use axum::body::Body;
use axum::http::Request;
use dateline_core::comments::{self, CommentId, CommentState, Transition};
use dateline_core::store::prelude::*;

use crate::support::newsroom::{
    CLOSED, HIDDEN, OPEN, OTHER, Post, dump, field, newsroom, newsroom_with, newsroom_with_notices, received_id,
    set_token,
};
use crate::support::{Backend, test_now};

async fn pending_until_approved_and_only_its_author_sees_it(backend: Backend) {
    let app = newsroom(backend).await;
    let text = "Rivers rose <b>fast</b> & the levee failed.\nSecond line.\n\nSecond paragraph.";
    let sent = app.comment(OPEN, &Post { name: "Kim <i>Ji-won</i>", text, ..Post::default() }, None).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let token = set_token(&sent).expect("a commenter cookie");
    assert!(sent.header("set-cookie").contains("HttpOnly") && sent.header("set-cookie").contains("SameSite=Lax"));
    let id = received_id(&sent);

    let own = app.get_as(&format!("{OPEN}?received={id}"), &token).await;
    assert!(own.body.contains("Thank you. Your comment was received and will appear after a moderator approves it."));
    assert!(own.body.contains("Awaiting moderation. Only you can see this comment."));
    assert!(own.body.contains(
        "Rivers rose &lt;b&gt;fast&lt;/b&gt; &amp; the levee failed.<br>\nSecond line.</p>\n<p>Second paragraph.</p>"
    ));
    assert!(own.body.contains("<bdi class=\"comment-author\">Kim &lt;i&gt;Ji-won&lt;/i&gt;</bdi>"));
    assert_eq!(own.header("cache-control"), "private, no-store");

    // Nobody else, anywhere.
    for path in [OPEN.to_owned(), "/english/".into(), "/".into(), format!("{OPEN}?received={id}")] {
        let other = app.get(&path).await;
        assert!(!other.body.contains("levee failed"), "{path} shows a pending comment");
    }
    let other_reader = app.get_as(OPEN, &"ab".repeat(32)).await;
    assert!(!other_reader.body.contains("levee failed"));
    let api = app.get("/api/v1/articles/english/han-river-floods/comments").await;
    assert!(!api.body.contains("levee"), "{}", api.body);
    let counts = app.get("/api/v1/comment-counts?articles=english/han-river-floods").await;
    assert_eq!(counts.body, r#"{"counts":{"english/han-river-floods":0}}"#);

    app.approve(id).await;
    let public = app.get(OPEN).await;
    assert!(public.body.contains("Rivers rose &lt;b&gt;fast&lt;/b&gt;"));
    assert!(public.body.contains("Comments (1)"), "the heading counts once");
    assert!(!public.body.contains("Awaiting moderation"));
    let api: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/articles/english/han-river-floods/comments").await.body).unwrap();
    assert_eq!(api["comments"][0]["text"], text);
    assert_eq!(api["comments"][0]["name"], "Kim <i>Ji-won</i>");
    assert_eq!(api["count"], 1);
    let home = app.get("/english/").await;
    assert!(home.body.contains("1 comment"), "counts on article lists");
}

async fn refused_forms_come_back_with_everything_typed(backend: Backend) {
    let app = newsroom_with_notices(backend).await;
    let typed = "My long answer with <tags> & \"quotes\"\n\nand a second paragraph.";
    let refused = app
        .comment(OPEN, &Post { text: typed, accept_terms: false, email: "not-an-email", ..Post::default() }, None)
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Please accept the Terms of Use to send a comment."));
    assert!(refused.body.contains("The email address does not look right."));
    assert!(
        refused.body.contains(
            ">My long answer with &lt;tags&gt; &amp; &quot;quotes&quot;\n\nand a second paragraph.</textarea>"
        )
    );
    assert!(refused.body.contains("value=\"not-an-email\""));
    assert!(refused.body.contains("aria-invalid=\"true\""));
    assert_eq!(app.store.list_comments(&Default::default()).await.unwrap().len(), 0);

    // Sent again with the box ticked, the same form goes through without waiting again.
    let token = field(&refused.body, "form_token").unwrap();
    let again = app
        .post_form(OPEN, &Post { text: typed, ..Post::default() }, &token, None, &[("origin", "http://localhost")])
        .await;
    assert_eq!(again.status, 303, "{}", again.body);
}

async fn forms_without_a_valid_token_or_from_elsewhere_are_refused(backend: Backend) {
    let app = newsroom(backend).await;
    let post = Post { text: "Typed before the token expired", ..Post::default() };
    for (token, origin) in
        [("", "http://localhost"), ("123.abc", "http://localhost"), ("valid", "https://evil.example")]
    {
        let page = app.get(OPEN).await;
        let token = if token == "valid" { field(&page.body, "form_token").unwrap() } else { token.to_owned() };
        app.clock.advance(5);
        let refused = app.post_form(OPEN, &post, &token, None, &[("origin", origin)]).await;
        assert_eq!(refused.status, 403, "token {token:?} origin {origin}");
        assert!(refused.body.contains("This form has expired or was not sent from this site."));
        assert!(refused.body.contains(">Typed before the token expired</textarea>"));
    }
    // A token older than a day has expired.
    let page = app.get(OPEN).await;
    let token = field(&page.body, "form_token").unwrap();
    app.clock.advance(25 * 3600);
    assert_eq!(app.post_form(OPEN, &post, &token, None, &[]).await.status, 403);
    assert_eq!(app.store.list_comments(&Default::default()).await.unwrap().len(), 0);
}

async fn abuse_checks_explain_themselves(backend: Backend) {
    let settings = dateline_core::comments::CommentSettings { per_address_per_hour: 3, ..Default::default() };
    let app = newsroom_with(backend, settings).await;
    let honeypot = app.comment(OPEN, &Post { website: "http://spam.example", ..Post::default() }, None).await;
    assert_eq!(honeypot.status, 403);
    assert!(honeypot.body.contains("Please leave the last, hidden field empty."));

    // A page rendered just now (OTHER has not been shown yet, so it is not in the cache).
    let page = app.get(OTHER).await;
    let token = field(&page.body, "form_token").unwrap();
    let fast = app.post_form(OTHER, &Post::default(), &token, None, &[]).await;
    assert_eq!(fast.status, 422);
    assert!(fast.body.contains("Please wait a few seconds and send it again."));

    let links = Post { text: "http://a.example http://b.example http://c.example", ..Post::default() };
    let refused = app.comment(OPEN, &links, None).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("The comment has too many links: at most 2."));

    assert_eq!(app.comment(OPEN, &Post { text: "First of its kind", ..Post::default() }, None).await.status, 303);
    let duplicate = app.comment(OTHER, &Post { text: "First of its kind", ..Post::default() }, None).await;
    assert_eq!(duplicate.status, 422);
    assert!(duplicate.body.contains("This comment cannot be sent again."), "{}", duplicate.body);

    // The refused duplicate counted toward the limit of three an hour, as every submission does.
    assert_eq!(app.comment(OPEN, &Post { text: "Second", ..Post::default() }, None).await.status, 303);
    let limited = app.comment(OPEN, &Post { text: "Third", ..Post::default() }, None).await;
    assert_eq!(limited.status, 429);
    assert!(limited.body.contains("Too many comments were sent from your connection in the last hour."));
    assert!(limited.body.contains(">Third</textarea>"));
    app.clock.advance(3601);
    assert_eq!(app.comment(OPEN, &Post { text: "Third", ..Post::default() }, None).await.status, 303);
}

async fn articles_limit_bursts_of_comments(backend: Backend) {
    let settings = dateline_core::comments::CommentSettings { per_article_per_minute: 2, ..Default::default() };
    let app = newsroom_with(backend, settings).await;
    for i in 0..2 {
        let body = format!(r#"{{"name":"R{i}","text":"burst {i}","accept_terms":true}}"#);
        assert_eq!(app.post_json("/api/v1/articles/english/han-river-floods/comments", &body, None).await.status, 202);
    }
    let limited = app
        .post_json(
            "/api/v1/articles/english/han-river-floods/comments",
            r#"{"name":"R","text":"burst 3","accept_terms":true}"#,
            None,
        )
        .await;
    assert_eq!(limited.status, 429);
    assert!(limited.body.contains("Many readers are commenting on this story right now."), "{}", limited.body);
}

/// Submissions that arrive together are written in one batch; each reader is answered
/// with the id of their own comment.
async fn simultaneous_submissions_each_get_their_own_id(backend: Backend) {
    let settings = dateline_core::comments::CommentSettings {
        per_address_per_hour: 0,
        per_article_per_minute: 0,
        ..Default::default()
    };
    let app = std::sync::Arc::new(newsroom_with(backend, settings).await);
    let mut submissions = tokio::task::JoinSet::new();
    for n in 0..150 {
        let app = app.clone();
        submissions.spawn(async move {
            let text = format!("Simultaneous comment number {n}");
            let body = serde_json::json!({"name": format!("Reader {n}"), "text": text, "accept_terms": true});
            let response =
                app.post_json("/api/v1/articles/english/han-river-floods/comments", &body.to_string(), None).await;
            assert_eq!(response.status, 202, "{}", response.body);
            let id = serde_json::from_str::<serde_json::Value>(&response.body).unwrap()["id"].as_i64().unwrap();
            (id, text)
        });
    }
    let mut ids = std::collections::HashSet::new();
    while let Some(answer) = submissions.join_next().await {
        let (id, text) = answer.unwrap();
        assert!(ids.insert(id), "id {id} was given twice");
        let stored = app.store.comment(CommentId(id)).await.unwrap().unwrap();
        assert_eq!(stored.text, text, "comment {id} is not the one its reader was told");
        assert_eq!(stored.state, CommentState::Pending);
    }
    assert_eq!(ids.len(), 150);
    let waiting = crate::support::waiting(app.store.as_ref(), None).await;
    assert_eq!(waiting, [("english".to_owned(), CommentState::Pending, 150)], "every batch is counted for the console");
}

/// The console's counts of waiting comments follow every change of state, whoever makes it.
async fn waiting_counts_follow_every_change(backend: Backend) {
    let settings = dateline_core::comments::CommentSettings {
        per_address_per_hour: 0,
        per_article_per_minute: 0,
        ..Default::default()
    };
    let app = newsroom_with(backend, settings).await;
    let counted = || async { crate::support::waiting(app.store.as_ref(), None).await };
    assert_eq!(counted().await, []);
    let mut ids = Vec::new();
    for n in 0..6 {
        let body = serde_json::json!({"name": "Reader", "text": format!("Waiting comment {n}"), "accept_terms": true});
        let path = if n < 4 { "han-river-floods" } else { "other-story" };
        let response =
            app.post_json(&format!("/api/v1/articles/english/{path}/comments"), &body.to_string(), None).await;
        ids.push(serde_json::from_str::<serde_json::Value>(&response.body).unwrap()["id"].as_i64().unwrap());
    }
    assert_eq!(counted().await, [("english".to_owned(), CommentState::Pending, 6)]);
    let change = |id: i64, transition: Transition| {
        comments::transition(app.store.as_ref(), "test-moderator", CommentId(id), transition, None, test_now())
    };
    change(ids[0], Transition::Approve).await.unwrap();
    change(ids[1], Transition::Approve).await.unwrap();
    change(ids[2], Transition::Reject).await.unwrap();
    change(ids[1], Transition::Report).await.unwrap();
    change(ids[3], Transition::DeleteByAuthor).await.unwrap();
    assert_eq!(
        counted().await,
        [("english".to_owned(), CommentState::Pending, 2), ("english".to_owned(), CommentState::Reported, 1)]
    );
    change(ids[1], Transition::Unpublish).await.unwrap();
    // A refused change (already handled) changes no count.
    assert!(change(ids[2], Transition::Approve).await.is_err());
    assert_eq!(counted().await, [("english".to_owned(), CommentState::Pending, 2)]);
    let korean = app.store.services().await.unwrap().into_iter().find(|s| s.code == "korean").unwrap();
    assert_eq!(crate::support::waiting(app.store.as_ref(), Some(&[korean.id])).await, []);
}

async fn replies_only_answer_published_comments_of_the_same_article(backend: Backend) {
    let app = newsroom(backend).await;
    let first = received_id(&app.comment(OPEN, &Post { text: "Top comment", ..Post::default() }, None).await);
    let pending = received_id(&app.comment(OPEN, &Post { text: "Still pending", ..Post::default() }, None).await);
    let elsewhere = received_id(&app.comment(OTHER, &Post { text: "On another story", ..Post::default() }, None).await);
    let rejected = received_id(&app.comment(OPEN, &Post { text: "Will be rejected", ..Post::default() }, None).await);
    app.approve(first).await;
    app.approve(elsewhere).await;
    comments::transition(
        app.store.as_ref(),
        "test-moderator",
        CommentId(rejected),
        Transition::Reject,
        Some("spam"),
        test_now(),
    )
    .await
    .unwrap();

    for parent in [pending, rejected, elsewhere, 999_999, -1] {
        let refused = app
            .comment(
                OPEN,
                &Post { text: &format!("reply to {parent}"), parent_id: Some(parent), ..Post::default() },
                None,
            )
            .await;
        assert_eq!(refused.status, 422, "reply to {parent}");
        assert!(refused.body.contains("You can only reply to a published comment on this story."), "reply to {parent}");
    }
    let reply = received_id(
        &app.comment(OPEN, &Post { text: "A reply", parent_id: Some(first), ..Post::default() }, None).await,
    );
    app.approve(reply).await;
    let deeper = received_id(
        &app.comment(OPEN, &Post { text: "A reply to the reply", parent_id: Some(reply), ..Post::default() }, None)
            .await,
    );
    app.approve(deeper).await;
    let page = app.get(OPEN).await;
    let nested = page.body.split(&format!("id=\"comment-{first}\"")).nth(1).unwrap();
    assert!(nested.contains("<ol class=\"comment-replies\">"), "replies are nested");
    assert!(nested.find("A reply").unwrap() < nested.find("A reply to the reply").unwrap());
    let reply_form = app.get(&format!("{OPEN}?reply_to={first}")).await;
    assert!(reply_form.body.contains("You are replying to Reader."));
    assert_eq!(field(&reply_form.body, "parent_id").as_deref(), Some(first.to_string().as_str()));
    let api: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/articles/english/han-river-floods/comments").await.body).unwrap();
    assert_eq!(api["comments"][0]["replies"][0]["replies"][0]["text"], "A reply to the reply");
}

async fn policies_close_and_hide_comment_sections(backend: Backend) {
    let settings = dateline_core::comments::CommentSettings { close_after_days: 30, ..Default::default() };
    let app = newsroom_with(backend, settings).await;
    let closed = app.get(CLOSED).await;
    assert!(closed.body.contains("Comments are closed for this story."));
    assert!(!closed.body.contains("id=\"comment-form\""));
    let hidden = app.get(HIDDEN).await;
    assert!(!hidden.body.contains("id=\"comments\""));
    let api = app
        .post_json(
            "/api/v1/articles/english/closed-story/comments",
            r#"{"name":"A","text":"B","accept_terms":true}"#,
            None,
        )
        .await;
    assert_eq!(api.status, 403);
    assert!(api.body.contains("\"code\":\"closed\""), "{}", api.body);
    // Published 2026-07-07, now is 2026-12-01: past 30 days, the open article has closed too.
    let auto = app.get(OPEN).await;
    assert!(auto.body.contains("Comments are closed for this story."));
    assert_eq!(app.get("/english/2026/07/no-such-story").await.status, 404);
    let unknown = app
        .post_json(
            "/api/v1/articles/english/no-such-story/comments",
            r#"{"name":"A","text":"B","accept_terms":true}"#,
            None,
        )
        .await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.starts_with("{\"error\":"));
}

async fn commenters_delete_and_export_their_comments(backend: Backend) {
    let app = newsroom_with_notices(backend).await;
    let sent =
        app.comment(OPEN, &Post { text: "Mine to delete", email: "me@example.org", ..Post::default() }, None).await;
    let token = set_token(&sent).unwrap();
    let id = received_id(&sent);
    let kept = received_id(&app.comment(OTHER, &Post { text: "Mine to keep", ..Post::default() }, Some(&token)).await);

    let export = app.get_as("/my/comments.json", &token).await;
    assert_eq!(export.header("cache-control"), "private, no-store");
    assert!(export.header("content-disposition").contains("attachment"));
    let data: serde_json::Value = serde_json::from_str(&export.body).unwrap();
    assert_eq!(data["comments"].as_array().unwrap().len(), 2);
    assert_eq!(data["comments"][0]["email"], "me@example.org");
    assert_eq!(data["comments"][0]["terms_version"], 0);
    let api_export = app
        .send(
            Request::get("/api/v1/commenter/comments").header("x-commenter-token", &token).body(Body::empty()).unwrap(),
        )
        .await;
    assert_eq!(serde_json::from_str::<serde_json::Value>(&api_export.body).unwrap()["comments"], data["comments"]);

    let mine = app.get_as("/my/comments", &token).await;
    assert!(mine.body.contains("Mine to delete") && mine.body.contains("Mine to keep"));
    let delete_token = mine
        .body
        .split(&format!("/my/comments/{id}/delete"))
        .nth(1)
        .and_then(|rest| field(rest, "delete_token"))
        .unwrap();

    // A forged token, a missing delete token, or another site: refused.
    let forged = "cd".repeat(32);
    let attempt = |cookie: String, token: String, origin: &'static str| {
        let fields = [("delete_token", token), ("return_to", "/my/comments".to_owned()), ("confirm", "1".to_owned())];
        let body = serde_urlencoded::to_string(fields).unwrap();
        Request::post(format!("/my/comments/{id}/delete"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "localhost")
            .header("origin", origin)
            .header("cookie", format!("dateline_commenter={cookie}"))
            .body(Body::from(body))
            .unwrap()
    };
    assert_eq!(app.send(attempt(forged.clone(), delete_token.clone(), "http://localhost")).await.status, 403);
    assert_eq!(app.send(attempt(token.clone(), String::new(), "http://localhost")).await.status, 403);
    assert_eq!(app.send(attempt(token.clone(), delete_token.clone(), "https://evil.example")).await.status, 403);
    // The button asks first: a page with the comment, "delete it for good" or "keep it".
    let first_step = Request::post(format!("/my/comments/{id}/delete"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "localhost")
        .header("origin", "http://localhost")
        .header("cookie", format!("dateline_commenter={token}"))
        .body(Body::from(
            serde_urlencoded::to_string([("delete_token", delete_token.as_str()), ("return_to", "/my/comments")])
                .unwrap(),
        ))
        .unwrap();
    let asked = app.send(first_step).await;
    assert_eq!(asked.status, 200);
    assert!(asked.body.contains("Delete this comment?") && asked.body.contains("Mine to delete"), "{}", asked.body);
    assert!(asked.body.contains(r#"name="confirm" value="1""#) && asked.body.contains(">Keep it</a>"));
    assert_eq!(app.store.comment(CommentId(id)).await.unwrap().unwrap().state, CommentState::Pending, "not yet");
    let deleted = app.send(attempt(token.clone(), delete_token.clone(), "http://localhost")).await;
    assert_eq!(deleted.status, 303);
    assert_eq!(deleted.header("location"), "/my/comments?deleted=1");
    assert_eq!(app.send(attempt(token.clone(), delete_token, "http://localhost")).await.status, 404, "only once");

    let gone = app.store.comment(CommentId(id)).await.unwrap().unwrap();
    assert_eq!(gone.state, CommentState::Deleted);
    assert_eq!((gone.text.as_str(), gone.author_name.as_str(), gone.email.as_deref()), ("", "", None));
    let data: serde_json::Value = serde_json::from_str(&app.get_as("/my/comments.json", &token).await.body).unwrap();
    assert_eq!(data["comments"].as_array().unwrap().len(), 1, "a deleted comment is no longer linked to its author");

    let delete = |token: &str, id: i64| {
        Request::delete(format!("/api/v1/comments/{id}"))
            .header("x-commenter-token", token)
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(app.send(delete(&forged, kept)).await.status, 404);
    assert_eq!(app.send(delete("not-a-token", kept)).await.status, 400);
    assert_eq!(app.send(delete(&token, kept)).await.status, 204);
}

async fn two_moderators_cannot_both_act(backend: Backend) {
    let app = newsroom(backend).await;
    let id = received_id(&app.comment(OPEN, &Post::default(), None).await);
    let store = app.store.clone();
    let (a, b) = tokio::join!(
        comments::transition(store.as_ref(), "test-moderator", CommentId(id), Transition::Approve, None, test_now()),
        comments::transition(
            store.as_ref(),
            "test-moderator",
            CommentId(id),
            Transition::Reject,
            Some("spam"),
            test_now()
        ),
    );
    assert!(a.is_ok() != b.is_ok(), "exactly one moderator's action applies: {a:?} {b:?}");
    let (a, b) = (a.map(|c| c.state), b.map(|c| c.state));
    let failed = a.err().or(b.err()).unwrap();
    assert!(failed.to_string().contains("already handled"), "{failed}");
}

async fn the_retention_job_erases_hashes_and_emails(backend: Backend) {
    let app = newsroom_with_notices(backend).await;
    let id =
        received_id(&app.comment(OPEN, &Post { email: "keep-a-while@example.org", ..Post::default() }, None).await);
    let settings = dateline_core::comments::CommentSettings::default();
    let report = comments::apply_retention(app.store.as_ref(), &settings, test_now() + chrono::Duration::days(29))
        .await
        .unwrap();
    assert_eq!(report.comments, 0);
    assert!(app.store.comment(CommentId(id)).await.unwrap().unwrap().email.is_some());
    let report = comments::apply_retention(app.store.as_ref(), &settings, test_now() + chrono::Duration::days(31))
        .await
        .unwrap();
    assert_eq!(report.comments, 1);
    assert!(report.secrets >= 1, "the day's address secret is deleted");
    assert_eq!(app.store.comment(CommentId(id)).await.unwrap().unwrap().email, None);
    let hashes: Vec<(String, String)> =
        dump(&app).await.into_iter().filter(|(_, v)| v.contains("keep-a-while")).collect();
    assert!(hashes.is_empty(), "{hashes:?}");
}

on_both_backends!(
    pending_until_approved_and_only_its_author_sees_it,
    refused_forms_come_back_with_everything_typed,
    forms_without_a_valid_token_or_from_elsewhere_are_refused,
    abuse_checks_explain_themselves,
    articles_limit_bursts_of_comments,
    simultaneous_submissions_each_get_their_own_id,
    waiting_counts_follow_every_change,
    replies_only_answer_published_comments_of_the_same_article,
    policies_close_and_hide_comment_sections,
    commenters_delete_and_export_their_comments,
    two_moderators_cannot_both_act,
    the_retention_job_erases_hashes_and_emails,
);
