//! The embed: Dateline's comments on a page of another site, as that site's readers and the
//! newsroom's moderators meet them.

use axum::body::Body;
use axum::http::Request;
use dateline_core::moderation::Actor;
use dateline_core::store::prelude::*;

use crate::support::newsroom::{Post, field, newsroom, received_id, set_token};
use crate::support::{Backend, TestApp, TestResponse, test_now};

const PAGE: &str = "https://www.example.org/news/levee-repairs.html";

/// The embed page of `PAGE` (its address as the iframe's `src` gives it).
fn embed_path(extra: &str) -> String {
    let query =
        serde_urlencoded::to_string([("url", format!("{PAGE}#comments")), ("title", "Levee repairs".into())]).unwrap();
    format!("/embed/english?{query}{extra}")
}

async fn allow_example_org(app: &TestApp) {
    let origins = ["https://www.example.org".to_owned()];
    dateline_core::embed::set_embed_origins(app.store.as_ref(), Actor::CommandLine, "english", &origins, test_now())
        .await
        .unwrap();
}

/// A GET as the host page's frame makes it: the page's origin as `Referer`.
async fn open_frame(app: &TestApp, path: &str, commenter: Option<&str>) -> TestResponse {
    let mut request = Request::get(path).header("referer", "https://www.example.org/");
    if let Some(token) = commenter {
        request = request.header("cookie", format!("dateline_commenter={token}"));
    }
    app.send(request.body(Body::empty()).unwrap()).await
}

/// Sends the embed's form as the frame does (its action is the embed's own address).
async fn send_form(app: &TestApp, page: &TestResponse, post: &Post<'_>, commenter: Option<&str>) -> TestResponse {
    let action = page.body.split("action=\"").nth(1).and_then(|a| a.split('"').next()).unwrap();
    let url = action.replace("&amp;", "&").replace("#form-errors", "");
    assert!(url.starts_with("/embed/english/comments?url="), "{url}");
    let token = field(&page.body, "form_token").unwrap();
    app.clock.advance(5);
    let mut fields = vec![("name", post.name.to_owned()), ("text", post.text.to_owned()), ("form_token", token)];
    if post.accept_terms {
        fields.push(("accept_terms", "yes".into()));
    }
    let mut request = Request::post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "localhost")
        .header("origin", "http://localhost");
    if let Some(token) = commenter {
        request = request.header("cookie", format!("dateline_commenter={token}"));
    }
    app.send(request.body(Body::from(serde_urlencoded::to_string(&fields).unwrap())).unwrap()).await
}

async fn page_stories(app: &TestApp) -> Vec<dateline_core::Article> {
    let english = app.store.services().await.unwrap().into_iter().find(|s| s.code == "english").unwrap();
    app.store.story_of_page(english.id, PAGE).await.unwrap().into_iter().collect()
}

async fn a_page_of_another_site_carries_pre_moderated_comments(backend: Backend) {
    let app = newsroom(backend).await;
    allow_example_org(&app).await;

    let frame = open_frame(&app, &embed_path(""), None).await;
    assert_eq!(frame.status, 200, "{}", frame.body);
    let policy = frame.header("content-security-policy");
    assert!(policy.contains("frame-ancestors https://www.example.org;"), "{policy}");
    assert!(policy.contains("script-src 'self'") && policy.contains("default-src 'none'"), "{policy}");
    assert_eq!(frame.header("x-frame-options"), "", "framed on purpose");
    assert_eq!(frame.header("cache-control"), "private, no-store");
    assert!(frame.body.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(frame.body.contains("noindex"));
    assert!(frame.body.contains("approved by a moderator"), "the promise is there");
    assert!(frame.body.contains("No comments have been published on this story yet."));
    assert!(frame.body.contains("<script src=\"/static/embed-frame.js?v="));
    // The story was made on first use: published, under the page's address, headline from the title.
    let stories = page_stories(&app).await;
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].headline, "Levee repairs");
    assert_eq!(stories[0].external_url.as_deref(), Some(PAGE), "without the fragment");

    // A comment through the frame: pending, seen by its author alone.
    let sent = send_form(&app, &frame, &Post { text: "The embankment held this time.", ..Post::default() }, None).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let id = received_id(&sent);
    assert!(sent.header("location").starts_with("/embed/english?url=https%3A%2F%2Fwww.example.org"));
    let token = set_token(&sent).unwrap();
    let own = open_frame(&app, sent.header("location"), Some(&token)).await;
    assert!(own.body.contains("Awaiting moderation. Only you can see this comment."), "{}", own.body);
    assert!(own.body.contains("The embankment held this time."));
    assert!(own.body.contains("name=\"return_to\" value=\"/embed/english?url="), "deleting it comes back here");
    let other = open_frame(&app, &embed_path(""), None).await;
    assert!(!other.body.contains("embankment"), "nobody else sees it before a moderator");

    // The moderators see it in their queue, on the page's story, like any other.
    let pending = app.store.list_comments(&Default::default()).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].comment.article_id, stories[0].id);
    app.approve(id).await;
    let public = open_frame(&app, &embed_path(""), None).await;
    assert!(public.body.contains("The embankment held this time."));
    assert!(!public.body.contains("/report\""), "no report page fits in the frame");
    assert!(public.body.contains(&format!("reply_to={id}#comment-form")), "replies stay in the frame");
    assert_eq!(page_stories(&app).await.len(), 1, "one story per page, however often it is shown");

    // A refused comment comes back in the frame with what was typed.
    let refused =
        send_form(&app, &public, &Post { text: "Kept <typed> text", accept_terms: false, ..Post::default() }, None)
            .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Kept &lt;typed&gt; text</textarea>"));
    assert!(refused.header("content-security-policy").contains("frame-ancestors https://www.example.org"));
}

async fn the_embed_serves_only_the_services_origins(backend: Backend) {
    let app = newsroom(backend).await;
    // No origin yet: nothing may carry the comments.
    let closed = open_frame(&app, &embed_path(""), None).await;
    assert_eq!(closed.status, 403);
    assert!(closed.body.contains("Comments are not available on this page."));
    assert!(closed.body.contains("pages of https://www.example.org may not carry the comments of english"));
    allow_example_org(&app).await;

    let elsewhere = open_frame(&app, "/embed/english?url=https%3A%2F%2Fevil.example%2Fpage.html", None).await;
    assert_eq!(elsewhere.status, 403);
    let not_an_address = open_frame(&app, "/embed/english?url=javascript%3Aalert(1)", None).await;
    assert_eq!(not_an_address.status, 400);
    assert!(not_an_address.body.contains("is not an http:// or https:// address"));
    let missing = open_frame(&app, "/embed/english", None).await;
    assert_eq!(missing.status, 400);
    let no_service = open_frame(&app, "/embed/klingon?url=https%3A%2F%2Fwww.example.org%2F", None).await;
    assert_eq!(no_service.status, 404);

    // Another site cannot make stories for the newsroom's pages by framing them.
    let request = Request::get(embed_path("")).header("referer", "https://evil.example/").body(Body::empty()).unwrap();
    let framed_elsewhere = app.send(request).await;
    assert_eq!(framed_elsewhere.status, 403);
    assert!(page_stories(&app).await.is_empty(), "refusals make no story");

    // The site's other pages are never framed.
    assert_eq!(app.get("/english/").await.header("x-frame-options"), "DENY");
    assert!(app.get("/english/").await.header("content-security-policy").contains("frame-ancestors 'none'"));
    let script = app.get("/static/embed.js").await;
    assert_eq!((script.status.as_u16(), script.header("content-type")), (200, "text/javascript; charset=utf-8"));
    assert!(script.body.contains("dateline-comments-height"));
}

async fn page_stories_are_never_listed(backend: Backend) {
    let app = newsroom(backend).await;
    allow_example_org(&app).await;
    let frame = open_frame(&app, &embed_path(""), None).await;
    assert_eq!(frame.status, 200);
    let story = page_stories(&app).await.remove(0);
    for path in [
        "/",
        "/english/",
        "/english/rss.xml",
        "/english/atom.xml",
        "/rss.xml",
        "/english/sitemap.xml",
        "/lite/english/",
    ] {
        let listed = app.get(path).await;
        assert_eq!(listed.status, 200, "{path}");
        assert!(!listed.body.contains("Levee repairs") && !listed.body.contains(&story.slug), "{path} lists it");
    }
    let desk = app
        .store
        .stories(&dateline_core::store::StoryFilter { now: test_now(), limit: 100, ..Default::default() })
        .await
        .unwrap();
    assert!(desk.iter().all(|s| s.id != story.id), "the desk does not list it");
    // Its address on this site leads to the page that carries it.
    let path =
        dateline_core::articles::article_path(&app.store.services().await.unwrap()[0], &story.slug, story.published_at);
    let redirect = app.get(&path).await;
    assert_eq!((redirect.status.as_u16(), redirect.header("location")), (303, PAGE));

    // The export keeps it, with the page it belongs to: its comments are never orphans.
    let mut args = vec!["export"];
    if backend == Backend::Sqlite {
        // The test app's own database file, not the data folder's.
        args.extend(["--database-url", app.db.url.as_str()]);
    }
    let export = crate::support::dateline(&app.db, &args, app.db.dir.path());
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let lines = String::from_utf8_lossy(&export.stdout).into_owned();
    let line = lines.lines().find(|l| l.contains(&story.slug)).expect("the page's story is exported");
    let exported: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(exported["external_url"], PAGE);
}

on_both_backends!(
    a_page_of_another_site_carries_pre_moderated_comments,
    the_embed_serves_only_the_services_origins,
    page_stories_are_never_listed,
);
