//! The directory of people behind credits: kept by editors, named in each page's language,
//! linked from credit lines, each with a page of their stories in every service.

use dateline_core::audit::{AuditAction, AuditFilter};
use dateline_core::store::prelude::*;

use crate::desk::{desk, hidden, post, story_fields, story_id};
use crate::support::{Backend, dateline};

/// A person's form: names as (language, name) rows, then the other fields.
fn person_form<'a>(names: &[(&'a str, &'a str)], rest: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = Vec::new();
    for (language, name) in names {
        fields.push(("language", *language));
        fields.push(("name", *name));
    }
    fields.extend_from_slice(rest);
    fields
}

/// The public path a published story's editor links to.
async fn public_path(d: &crate::desk::Desk, story: &str, service: &str) -> String {
    let page = d.app.console_get(story, Some(&d.admin)).await;
    let marker = format!("href=\"/{service}/2026/");
    format!("/{service}/2026/{}", page.body.split(&marker).nth(1).unwrap().split('"').next().unwrap())
}

async fn credits_name_people_in_each_pages_language(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    // Everyone of the desk reads the directory; admins and editors keep it.
    assert!(app.console_get("/admin/people", Some(&d.editor)).await.body.contains("Add a person"));
    let as_reporter = app.console_get("/admin/people", Some(&d.reporter)).await;
    assert_eq!(as_reporter.status, 200);
    assert!(!as_reporter.body.contains("Add a person"));
    assert_eq!(app.console_get("/admin/people", Some(&d.moderator)).await.status, 403);
    let kim = person_form(&[("ko", "김지원"), ("ko-latn", "Kim Ji-won")], &[("slug", ""), ("user", "rep-ko")]);
    assert_eq!(post(app, "/admin/people", &d.reporter, &kim).await.status, 403);
    let added = post(app, "/admin/people", &d.editor, &kim).await;
    assert_eq!(added.status, 303, "{}", added.body);
    let sarah = person_form(&[("en", "Sarah Lee"), ("ko", "이사라")], &[("user", "tr-en")]);
    assert_eq!(post(app, "/admin/people", &d.editor, &sarah).await.status, 303);
    // A name names one person; a bad language tag is named; the text typed is kept.
    let namesake = person_form(&[("ko", "김지원"), ("en", "Jiwon Kim the second")], &[]);
    let refused = post(app, "/admin/people", &d.editor, &namesake).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("is already the byline of kim-ji-won"), "{}", refused.body);
    assert!(refused.body.contains("value=\"Jiwon Kim the second\""), "the form keeps what was typed");
    let bad_tag = post(app, "/admin/people", &d.editor, &person_form(&[("korean!", "박민수")], &[])).await;
    assert_eq!(bad_tag.status, 422);
    assert!(bad_tag.body.contains("is not a language tag") && bad_tag.body.contains("value=\"박민수\""));
    let directory = app.console_get("/admin/people", Some(&d.reporter)).await.body;
    assert!(directory.contains("kim-ji-won") && directory.contains("Kim Ji-won") && directory.contains("ko-Latn"));
    assert!(directory.contains("rep-ko"), "the console user is shown");

    // A Korean story credits 김지원; the editor suggests the directory's names.
    let created = post(app, "/admin/stories", &d.reporter, &story_fields("인명록 기사", "본문.")).await;
    let story = format!("/admin/stories/{}", story_id(&created));
    let editor = app.console_get(&story, Some(&d.reporter)).await.body;
    assert!(editor.contains(r#"<option value="Kim Ji-won">ko-Latn · kim-ji-won</option>"#), "{editor}");
    assert_eq!(post(app, &story, &d.editor, &[("action", "publish")]).await.status, 303);
    let korean_path = public_path(&d, &story, "korean").await;
    let korean = app.get(&korean_path).await.body;
    assert!(korean.contains(r#"<a href="/korean/people/kim-ji-won">김지원</a>"#), "{korean}");

    // The translator's credit is their name for English; the English page names Kim in
    // Latin letters.
    let started = post(app, &format!("{story}/translate"), &d.translator, &[("service", "english")]).await;
    let translation = format!("/admin/stories/{}", story_id(&started));
    let page = app.console_get(&translation, Some(&d.translator)).await.body;
    assert!(page.contains("value=\"Sarah Lee\""), "the translator is credited by their English name");
    let revision = hidden(&page, "revision");
    let fields = [
        ("headline", "A story of the directory"),
        ("body", "Body."),
        ("credit_role", "reported_by"),
        ("credit_names", "김지원"),
        ("credit_for", "korean"),
        ("credit_role", "translated_by"),
        ("credit_names", "Sarah Lee"),
        ("credit_for", ""),
        ("action", "save"),
        ("revision", revision.as_str()),
    ];
    assert_eq!(post(app, &translation, &d.translator, &fields).await.status, 303);
    assert_eq!(post(app, &translation, &d.translator, &[("action", "submit")]).await.status, 303);
    assert_eq!(post(app, &translation, &d.admin, &[("action", "publish")]).await.status, 303);
    let english_path = public_path(&d, &translation, "english").await;
    let english = app.get(&english_path).await.body;
    assert!(
        english.contains(
            r#"Reported by <a href="/english/people/kim-ji-won">Kim Ji-won</a> for the Korean Service. Translated by <a href="/english/people/sarah-lee">Sarah Lee</a>."#
        ),
        "{english}"
    );
    assert!(english.contains(r#""url":"http://localhost/english/people/kim-ji-won""#), "structured data: {english}");

    // Each person has a page per service, in its language, with the stories there.
    let page = app.get("/english/people/kim-ji-won").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"<h1 class="page-heading">Kim Ji-won</h1>"#), "{}", page.body);
    assert!(page.body.contains("A story of the directory") && !page.body.contains("인명록 기사"));
    assert!(page.body.contains(r#"<span lang="ko" dir="auto">김지원</span>"#), "their other names");
    assert!(page.body.contains(r#"<a href="/korean/people/kim-ji-won" hreflang="ko""#), "their page in Korean");
    assert!(page.body.contains(r#"hreflang="ko" href="http://localhost/korean/people/kim-ji-won""#), "{}", page.body);
    let korean_page = app.get("/korean/people/kim-ji-won").await.body;
    assert!(korean_page.contains(r#"<h1 class="page-heading">김지원</h1>"#) && korean_page.contains("인명록 기사"));
    assert_eq!(app.get("/english/people/nobody").await.status, 404);
    // Their byline feed in each service.
    assert!(page.body.contains(r#"href="/english/people/kim-ji-won/rss.xml""#), "announced on their page");
    let feed = app.get("/english/people/kim-ji-won/rss.xml").await;
    assert_eq!(feed.status, 200);
    assert!(feed.body.contains("<title>Kim Ji-won — English</title>"), "{}", feed.body);
    assert!(feed.body.contains("A story of the directory") && !feed.body.contains("인명록 기사"));
    let atom = app.get("/korean/people/kim-ji-won/atom.xml").await;
    assert!(atom.body.contains("인명록 기사") && !atom.body.contains("A story of the directory"));
    assert_eq!(app.get("/english/people/nobody/rss.xml").await.status, 404);

    // A change of name reaches every page at once (the page cache included).
    let id = {
        let list = app.console_get("/admin/people", Some(&d.editor)).await.body;
        list.split("href=\"/admin/people/").nth(1).unwrap().split('"').next().unwrap().to_owned()
    };
    let renamed =
        person_form(&[("ko", "김지원"), ("ko-Latn", "Kim Jiwon")], &[("slug", "kim-ji-won"), ("user", "rep-ko")]);
    let saved =
        post(app, &format!("/admin/people/{id}"), &d.editor, &[&renamed[..], &[("action", "save")]].concat()).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(app.get(&english_path).await.body.contains(">Kim Jiwon</a> for the Korean Service"));
    let filter = AuditFilter { actor: Some("ed-ko".into()), limit: 50, ..Default::default() };
    let actions: Vec<String> = app.store.audit_log(&filter).await.unwrap().into_iter().map(|e| e.action).collect();
    let done = |action: AuditAction| actions.iter().any(|a| a == action.as_str());
    assert!(done(AuditAction::PersonAdd) && done(AuditAction::PersonUpdate), "{actions:?}");

    // Removed, their credits stay as plain names and their pages are gone.
    assert_eq!(post(app, &format!("/admin/people/{id}"), &d.editor, &[("action", "remove")]).await.status, 303);
    let english = app.get(&english_path).await.body;
    assert!(english.contains("Reported by 김지원 for the Korean Service"), "{english}");
    assert_eq!(app.get("/english/people/kim-ji-won").await.status, 404);
}

async fn the_command_line_keeps_the_directory(backend: Backend) {
    let db = crate::support::TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let added = dateline(&db, &["person", "add", "--name", "ko=박민수", "--name", "ko-Latn=Park Min-su"], &cwd);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    assert_eq!(String::from_utf8_lossy(&added.stdout), "added park-min-su\n");
    let again = dateline(&db, &["person", "add", "--name", "en=Park Min-su"], &cwd);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("\"Park Min-su\" is already the byline of park-min-su"));
    let malformed = dateline(&db, &["person", "add", "--name", "박민수"], &cwd);
    assert!(String::from_utf8_lossy(&malformed.stderr).contains("write it as LANGUAGE=NAME"));
    let listed = dateline(&db, &["person", "list", "--header"], &cwd);
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout),
        "slug\tuser\tnames\npark-min-su\t-\tko=박민수; ko-Latn=Park Min-su\n"
    );
}

on_both_backends!(credits_name_people_in_each_pages_language, the_command_line_keeps_the_directory);
