//! Every kind of page is valid HTML5, checked with the Nu HTML Checker (vnu.jar).
//!
//! The pages are written to a folder and checked in one run of the checker. `VNU_JAR`
//! names the checker's jar (`.ci/run` installs it from npm); without it the check is
//! skipped locally and fails in CI.

use std::process::Command;

use crate::support::{Backend, TempDir, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_page_is_valid_html() {
    let jar = match std::env::var("VNU_JAR") {
        Ok(jar) => jar,
        Err(_) => {
            assert!(std::env::var("CI").is_err(), "CI must set VNU_JAR to the Nu HTML Checker's vnu.jar");
            eprintln!("skipping: set VNU_JAR=path/to/vnu.jar to validate the pages");
            return;
        }
    };
    let app = TestApp::with_demo(Backend::Sqlite).await;
    let mut paths = vec![
        "/".to_owned(),
        "/no-such-page".to_owned(),
        "/korean/2026/01/missing".to_owned(),
        "/lite/".to_owned(),
        "/lite/uyghur/".to_owned(),
        "/lite/korean/2026/11/park-eunseo-eollon-jayusang".to_owned(),
        "/lite/korean/2026/11/park-eunseo-eollon-jayusang?images=1".to_owned(),
        "/english/people/kim-soo-jin".to_owned(),
        "/uyghur/people/mihray-tursun".to_owned(),
    ];
    for service in dateline_core::store::ServiceStore::services(app.store.as_ref()).await.unwrap() {
        let home = format!("/{}/", service.code);
        let page = app.get(&home).await;
        let article = page
            .body
            .split("class=\"story-headline\"><a href=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let article_page = app.get(&article).await;
        if let Some(tag) = article_page.body.split("class=\"tags\"").nth(1).and_then(|t| t.split("href=\"").nth(1)) {
            paths.push(tag.split('"').next().unwrap().to_owned());
        }
        paths.push(home);
        paths.push(article);
    }
    // The embed on another site's page: with comments, and refusing a page it may not serve.
    let origins = ["https://www.example.org".to_owned()];
    let actor = dateline_core::moderation::Actor::CommandLine;
    dateline_core::embed::set_embed_origins(app.store.as_ref(), actor, "uyghur", &origins, crate::support::test_now())
        .await
        .unwrap();
    paths.push("/embed/uyghur?url=https%3A%2F%2Fwww.example.org%2Fnews%2F1.html&title=News".to_owned());
    paths.push("/embed/uyghur?url=https%3A%2F%2Fevil.example%2F".to_owned());
    let folder = TempDir::new();
    for (index, path) in paths.iter().enumerate() {
        let page = app.get(path).await;
        assert!([200, 403, 404].contains(&page.status.as_u16()), "{path}: {}", page.status);
        std::fs::write(folder.path().join(format!("page-{index:02}.html")), page.body).unwrap();
    }
    // The comment section in every state: published thread with a reply, the reader's own
    // pending comment, a refused form with its errors, the terms and "your comments" pages.
    let article = "/english/2026/10/yeonpo-river-flood-relief";
    let api = "/api/v1/articles/english/yeonpo-river-flood-relief/comments";
    let first = app
        .post_json(api, r#"{"name":"Reader","text":"<b>First</b>\n\nSecond paragraph","accept_terms":true}"#, None)
        .await;
    let id: serde_json::Value = serde_json::from_str(&first.body).unwrap();
    app.approve(id["id"].as_i64().unwrap()).await;
    let reply = format!(r#"{{"name":"Other","text":"A reply","accept_terms":true,"parent_id":{}}}"#, id["id"]);
    let reply: serde_json::Value = serde_json::from_str(&app.post_json(api, &reply, None).await.body).unwrap();
    app.approve(reply["id"].as_i64().unwrap()).await;
    let mine = app.comment(article, &crate::support::newsroom::Post::default(), None).await;
    let own = crate::support::newsroom::received_id(&mine);
    let token = crate::support::newsroom::set_token(&mine).unwrap();
    let refused = app
        .comment(article, &crate::support::newsroom::Post { accept_terms: false, ..Default::default() }, Some(&token))
        .await;
    assert_eq!(refused.status, 422);
    let personal = [
        ("comments-own", app.get_as(&format!("{article}?received=1"), &token).await.body),
        ("comments-refused", refused.body),
        ("comments-reply", app.get(&format!("{article}?reply_to={}", id["id"])).await.body),
        ("terms", app.get("/english/terms").await.body),
        ("terms-uyghur", app.get("/uyghur/terms").await.body),
        ("my-comments", app.get_as("/my/comments", &token).await.body),
        ("report", app.get(&format!("{article}/comments/{}/report", id["id"])).await.body),
        ("confirm-delete", {
            let listing = app.get_as("/my/comments", &token).await.body;
            let delete_token = crate::support::newsroom::field(&listing, "delete_token").unwrap();
            let body =
                serde_urlencoded::to_string([("delete_token", delete_token.as_str()), ("return_to", "/my/comments")])
                    .unwrap();
            let request = axum::http::Request::post(format!("/my/comments/{own}/delete"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("host", "localhost")
                .header("origin", "http://localhost")
                .header("cookie", format!("dateline_commenter={token}"))
                .body(axum::body::Body::from(body))
                .unwrap();
            app.send(request).await.body
        }),
    ];
    // The console, as an admin sees it.
    app.add_user("validator", dateline_core::accounts::Role::Admin, &[]).await;
    let session = app.sign_in("validator", "a long enough password", None).await.unwrap();
    let pending = app
        .comment(article, &crate::support::newsroom::Post { text: "For the console", ..Default::default() }, None)
        .await;
    let pending = crate::support::newsroom::received_id(&pending);
    let mut personal: Vec<(String, String)> = personal.into_iter().map(|(n, b)| (n.to_owned(), b)).collect();
    for path in [
        "/admin",
        "/admin/comments",
        &format!("/admin/comments/{pending}"),
        "/admin/bans",
        "/admin/audit",
        "/admin/users",
        "/admin/services",
        "/admin/account",
    ] {
        let page = app.console_get(path, Some(&session)).await;
        assert_eq!(page.status, 200, "{path}");
        personal.push((format!("console{}", path.replace('/', "-")), page.body));
    }
    // The desk.
    let stories = app.console_get("/admin/stories", Some(&session)).await.body;
    let story = stories.split("href=\"/admin/stories/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let people = app.console_get("/admin/people", Some(&session)).await.body;
    let person = people.split("href=\"/admin/people/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    for path in [
        "/admin/stories".to_owned(),
        "/admin/stories/new?service=korean".to_owned(),
        format!("/admin/stories/{story}"),
        format!("/admin/stories/{story}/history"),
        "/admin/media".to_owned(),
        "/admin/people".to_owned(),
        format!("/admin/people/{person}"),
        "/admin/tokens".to_owned(),
    ] {
        let page = app.console_get(&path, Some(&session)).await;
        assert_eq!(page.status, 200, "{path}");
        let name = path.replace(['/', '?', '='], "-");
        personal.push((format!("console{name}"), page.body));
    }
    personal.push(("console-login".to_owned(), app.get("/admin/login").await.body));
    for (name, body) in personal {
        assert!(body.contains("<!DOCTYPE html>"), "{name}");
        std::fs::write(folder.path().join(format!("{name}.html")), body).unwrap();
    }
    let output = Command::new("java")
        .args(["-jar", &jar, "--errors-only", "--format", "text", "--skip-non-html"])
        .arg(folder.path())
        .output()
        .expect("run java -jar vnu.jar");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the Nu HTML Checker found errors in {paths:?}:\n{report}");
}
