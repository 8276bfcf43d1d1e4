//! The desk: stories written, reviewed, published, corrected and translated in the console,
//! as reporters, translators and editors use it.

use dateline_core::accounts::{Actor, Role};
use dateline_core::store::prelude::*;

use crate::support::console::PASSWORD;
use crate::support::{Backend, TestApp, TestResponse, dateline};

/// English and Korean services, with an admin, a Korean reporter and editor, an English
/// translator and a Korean moderator; their sessions.
pub(crate) struct Desk {
    pub(crate) app: TestApp,
    pub(crate) admin: String,
    pub(crate) reporter: String,
    pub(crate) editor: String,
    pub(crate) translator: String,
    pub(crate) moderator: String,
}

pub(crate) async fn desk(backend: Backend) -> Desk {
    let app = TestApp::with_services(backend).await;
    app.add_user("admin", Role::Admin, &[]).await;
    app.add_user("rep-ko", Role::Reporter, &["korean"]).await;
    app.add_user("ed-ko", Role::Editor, &["korean"]).await;
    app.add_user("tr-en", Role::Translator, &["english"]).await;
    app.add_user("mod-ko", Role::Moderator, &["korean"]).await;
    let sign_in = |name: &'static str| {
        let app = &app;
        async move { app.sign_in(name, PASSWORD, None).await.unwrap() }
    };
    Desk {
        admin: sign_in("admin").await,
        reporter: sign_in("rep-ko").await,
        editor: sign_in("ed-ko").await,
        translator: sign_in("tr-en").await,
        moderator: sign_in("mod-ko").await,
        app,
    }
}

/// A console form, with the session's CSRF token added.
pub(crate) async fn post(app: &TestApp, path: &str, session: &str, fields: &[(&str, &str)]) -> TestResponse {
    let csrf = app.csrf(session).await;
    let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    app.console_post(path, Some(session), &all).await
}

pub(crate) fn story_fields<'a>(headline: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("service", "korean"),
        ("headline", headline),
        ("summary", "요약입니다."),
        ("body", body),
        ("tags", "홍수, 한강"),
        ("credit_role", "reported_by"),
        ("credit_names", "김지원"),
        ("credit_for", ""),
    ]
}

/// The id of the story a redirect leads to (`/admin/stories/ID?…`).
pub(crate) fn story_id(response: &TestResponse) -> String {
    let location = response.header("location");
    location.trim_start_matches("/admin/stories/").split('?').next().unwrap().to_owned()
}

pub(crate) fn hidden(html: &str, name: &str) -> String {
    crate::support::newsroom::field(html, name).unwrap_or_default()
}

async fn a_reporters_story_is_reviewed_sent_back_and_published(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let form = app.console_get("/admin/stories/new?service=korean", Some(&d.reporter)).await;
    assert_eq!(form.status, 200);
    // Invalid: the text comes back, the field is named.
    let refused = post(app, "/admin/stories", &d.reporter, &story_fields("", "본문은 그대로 남는다.")).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("본문은 그대로 남는다.") && refused.body.contains("the headline is empty"));
    let created =
        post(app, "/admin/stories", &d.reporter, &story_fields("한강 홍수 피해", "첫 문단.\n\n둘째 문단.")).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let id = story_id(&created);
    let path = format!("/admin/stories/{id}");
    let page = app.console_get(&path, Some(&d.reporter)).await;
    assert!(page.body.contains("status-draft") && page.body.contains("한강 홍수 피해"));
    assert!(!app.get("/korean/").await.body.contains("한강 홍수 피해"), "a draft is not public");

    assert_eq!(post(app, &path, &d.reporter, &[("action", "submit")]).await.status, 303);
    let revision = hidden(&app.console_get(&path, Some(&d.reporter)).await.body, "revision");
    let mut edit = story_fields("한강 홍수 피해", "바꾼 본문.");
    edit.extend([("action", "save"), ("revision", revision.as_str())]);
    assert_eq!(post(app, &path, &d.reporter, &edit).await.status, 403, "a submitted story is the editor's");
    assert_eq!(post(app, &path, &d.reporter, &[("action", "publish")]).await.status, 403);

    let no_note = post(app, &path, &d.editor, &[("action", "send_back"), ("note", " ")]).await;
    assert_eq!(no_note.status, 422, "sending back needs a note");
    let sent_back = post(app, &path, &d.editor, &[("action", "send_back"), ("note", "출처를 더 밝혀 주세요.")]).await;
    assert_eq!(sent_back.status, 303);
    let mine = app.console_get(&path, Some(&d.reporter)).await;
    assert!(mine.body.contains("출처를 더 밝혀 주세요.") && mine.body.contains("status-draft"));
    let revision = hidden(&mine.body, "revision");
    let mut edit = story_fields("한강 홍수 피해 복구", "첫 문단.\n\n## 복구\n\n출처: 서울시.");
    edit.extend([("action", "save"), ("revision", revision.as_str())]);
    assert_eq!(post(app, &path, &d.reporter, &edit).await.status, 303);
    assert_eq!(post(app, &path, &d.reporter, &[("action", "submit")]).await.status, 303);
    assert_eq!(post(app, &path, &d.editor, &[("action", "publish")]).await.status, 303);
    let public = app.get("/korean/").await;
    assert!(public.body.contains("한강 홍수 피해 복구"), "published at once");
    let story = app.console_get(&path, Some(&d.editor)).await;
    let href = story.body.split("href=\"/korean/2026/").nth(1).unwrap().split('"').next().unwrap();
    let article = app.get(&format!("/korean/2026/{href}")).await;
    assert_eq!(article.status, 200);
    assert!(article.body.contains("김지원") && article.body.contains("<h2>복구</h2>"), "credits and body");
    let audit: Vec<String> = app
        .store
        .audit_log(&dateline_core::audit::AuditFilter { limit: 100, ..Default::default() })
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("story."))
        .map(|e| format!("{} {}", e.actor, e.action))
        .collect();
    for expected in ["rep-ko story.create", "rep-ko story.submit", "ed-ko story.send-back", "ed-ko story.publish"] {
        assert!(audit.iter().any(|a| a == expected), "{expected} in {audit:?}");
    }
}

async fn two_saves_from_one_revision_lose_nothing(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let created = post(app, "/admin/stories", &d.editor, &story_fields("경쟁 저장", "원래 본문.")).await;
    let path = format!("/admin/stories/{}", story_id(&created));
    let revision = hidden(&app.console_get(&path, Some(&d.editor)).await.body, "revision");
    let mut first = story_fields("경쟁 저장", "관리자가 먼저 고친 본문.");
    first.extend([("action", "save"), ("revision", revision.as_str())]);
    assert_eq!(post(app, &path, &d.admin, &first).await.status, 303);
    let mut second = story_fields("경쟁 저장", "편집자가 늦게 쓴 본문.");
    second.extend([("action", "save"), ("revision", revision.as_str())]);
    let conflict = post(app, &path, &d.editor, &second).await;
    assert_eq!(conflict.status, 409);
    assert!(conflict.body.contains("편집자가 늦게 쓴 본문."), "the late writer's text is kept");
    assert!(conflict.body.contains("관리자가 먼저 고친 본문."), "theirs is shown beside it");
    // Saving again from the form (now based on the newest revision) keeps the late text.
    let newest = hidden(&conflict.body, "revision");
    let mut again = story_fields("경쟁 저장", "편집자가 늦게 쓴 본문.");
    again.extend([("action", "save"), ("revision", newest.as_str())]);
    assert_eq!(post(app, &path, &d.editor, &again).await.status, 303);
    assert!(app.console_get(&path, Some(&d.editor)).await.body.contains("편집자가 늦게 쓴 본문."));
}

async fn published_stories_are_updated_corrected_taken_down_and_restored(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let created = post(app, "/admin/stories", &d.editor, &story_fields("정정 대상", "처음 쓴 본문.")).await;
    let path = format!("/admin/stories/{}", story_id(&created));
    assert_eq!(post(app, &path, &d.editor, &[("action", "publish")]).await.status, 303);
    let public_path = {
        let page = app.console_get(&path, Some(&d.editor)).await;
        format!("/korean/2026/{}", page.body.split("href=\"/korean/2026/").nth(1).unwrap().split('"').next().unwrap())
    };
    let comment = crate::support::newsroom::received_id(
        &app.comment(&public_path, &crate::support::newsroom::Post::default(), None).await,
    );
    app.clock.advance(20 * 60);
    let revision = hidden(&app.console_get(&path, Some(&d.editor)).await.body, "revision");
    let mut update = story_fields("정정 대상", "고친 본문.");
    update.extend([("action", "save"), ("revision", revision.as_str())]);
    assert_eq!(post(app, &path, &d.editor, &update).await.status, 303);
    let updated = app.get(&public_path).await;
    assert!(updated.body.contains("고친 본문."));
    // Published at 21:00 in Seoul, updated 20 minutes later: readers see the update time.
    assert!(updated.body.contains("수정") && updated.body.contains("21:20"), "{}", updated.body);
    let revision = hidden(&app.console_get(&path, Some(&d.editor)).await.body, "revision");
    let mut correct = story_fields("정정 대상", "바로잡은 본문.");
    correct.extend([
        ("action", "correct"),
        ("revision", revision.as_str()),
        ("correction", "피해 규모를 바로잡았습니다."),
    ]);
    assert_eq!(post(app, &path, &d.editor, &correct).await.status, 303);
    let corrected = app.get(&public_path).await;
    assert!(corrected.body.contains("피해 규모를 바로잡았습니다."), "the notice is shown");
    assert!(corrected.body.contains("정정"), "in the story's language");

    assert_eq!(post(app, &path, &d.editor, &[("action", "unpublish")]).await.status, 303);
    let gone = app.get(&public_path).await;
    assert_eq!(gone.status, 410);
    assert!(!app.get("/korean/").await.body.contains("정정 대상"));
    assert!(app.store.comment(dateline_core::comments::CommentId(comment)).await.unwrap().is_some(), "comments kept");
    assert_eq!(post(app, &path, &d.editor, &[("action", "restore")]).await.status, 303);
    let back = app.get(&public_path).await;
    assert_eq!(back.status, 200, "back at the same address");
    assert!(back.body.contains("피해 규모를 바로잡았습니다."), "corrections are kept for good");
}

async fn history_compares_and_restores_revisions(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let created = post(app, "/admin/stories", &d.reporter, &story_fields("역사", "물이 불었다.")).await;
    let path = format!("/admin/stories/{}", story_id(&created));
    let revision = hidden(&app.console_get(&path, Some(&d.reporter)).await.body, "revision");
    let mut edit = story_fields("역사", "물이 빠졌다.");
    edit.extend([("action", "save"), ("revision", revision.as_str())]);
    assert_eq!(post(app, &path, &d.reporter, &edit).await.status, 303);
    let history = app.console_get(&format!("{path}/history"), Some(&d.reporter)).await;
    assert_eq!(history.status, 200);
    assert!(history.body.contains("created") && history.body.contains("saved") && history.body.contains("rep-ko"));
    let diff = app.console_get(&format!("{path}/diff?from=1&to=2"), Some(&d.reporter)).await;
    assert!(diff.body.contains("<del>불었다</del>") && diff.body.contains("<ins>빠졌다</ins>"), "{}", diff.body);
    let restored = post(app, &format!("{path}/revisions/1/restore"), &d.reporter, &[]).await;
    assert_eq!(restored.status, 303);
    let now = app.console_get(&path, Some(&d.reporter)).await;
    assert!(
        now.body.contains("물이 불었다.") && hidden(&now.body, "revision") == "3",
        "a new revision with the old text"
    );
    assert_eq!(app.console_get(&format!("{path}/diff?from=1&to=99"), Some(&d.reporter)).await.status, 404);
}

async fn a_scheduled_story_appears_at_its_time_and_is_announced_once(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let created = post(app, "/admin/stories", &d.editor, &story_fields("예약 기사", "내일 아침에 나간다.")).await;
    let path = format!("/admin/stories/{}", story_id(&created));
    // 21:00 in Seoul is 12:00 UTC, the tests' "now"; twenty minutes later.
    let scheduled = post(app, &path, &d.editor, &[("action", "publish"), ("publish_at", "2026-12-01T21:20")]).await;
    assert_eq!(scheduled.status, 303);
    assert!(app.console_get(&path, Some(&d.editor)).await.body.contains("status-scheduled"));
    assert!(!app.get("/korean/").await.body.contains("예약 기사"));
    app.clock.advance(20 * 60 + 1);
    let (a, b) = tokio::join!(
        app.store.announce_publications(app.clock.now_for_tests()),
        app.store.announce_publications(app.clock.now_for_tests())
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1, "announced once");
    assert!(app.get("/korean/").await.body.contains("예약 기사"));
    let bad = post(app, &path, &d.editor, &[("action", "publish"), ("publish_at", "tomorrow")]).await;
    assert_eq!(bad.status, 422);
}

async fn translations_follow_their_source(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let created = post(app, "/admin/stories", &d.editor, &story_fields("원문 기사", "첫 문단.\n\n둘째 문단.")).await;
    let source = format!("/admin/stories/{}", story_id(&created));
    assert_eq!(post(app, &source, &d.editor, &[("action", "publish")]).await.status, 303);
    assert_eq!(post(app, &format!("{source}/translate"), &d.reporter, &[("service", "english")]).await.status, 403);
    let started = post(app, &format!("{source}/translate"), &d.translator, &[("service", "english")]).await;
    assert_eq!(started.status, 303, "{}", started.body);
    let translation = format!("/admin/stories/{}", story_id(&started));
    let page = app.console_get(&translation, Some(&d.translator)).await;
    assert!(page.body.contains("<li dir=\"auto\">둘째 문단.</li>"), "the source beside, paragraph by paragraph");
    assert!(page.body.contains("value=\"tr-en\""), "the translator is credited");
    let revision = hidden(&page.body, "revision");
    let fields = [
        ("headline", "Source story"),
        ("body", "First paragraph.\n\nSecond paragraph."),
        ("credit_role", "translated_by"),
        ("credit_names", "tr-en"),
        ("credit_for", ""),
        ("action", "save"),
        ("revision", revision.as_str()),
    ];
    assert_eq!(post(app, &translation, &d.translator, &fields).await.status, 303);
    assert_eq!(post(app, &translation, &d.translator, &[("action", "submit")]).await.status, 303);
    assert_eq!(post(app, &translation, &d.admin, &[("action", "publish")]).await.status, 303);
    // The source is updated: the translation is flagged until someone checks it.
    let revision = hidden(&app.console_get(&source, Some(&d.editor)).await.body, "revision");
    let mut update = story_fields("원문 기사", "첫 문단.\n\n고친 둘째 문단.");
    update.extend([("action", "save"), ("revision", revision.as_str())]);
    assert_eq!(post(app, &source, &d.editor, &update).await.status, 303);
    let list = app.console_get("/admin/stories?changed=1", Some(&d.admin)).await;
    assert!(list.body.contains("Source story") && list.body.contains("source changed since translation"));
    let flagged = app.console_get(&translation, Some(&d.admin)).await;
    assert!(flagged.body.contains("<ins>고친 </ins>"), "the source's change is shown: {}", flagged.body);
    assert_eq!(post(app, &translation, &d.admin, &[("action", "mark_reviewed")]).await.status, 303);
    assert!(!app.console_get("/admin/stories?changed=1", Some(&d.admin)).await.body.contains("Source story"));
    let public = app.console_get(&translation, Some(&d.admin)).await;
    let english = public.body.split("href=\"/english/2026/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let english_page = app.get(&format!("/english/2026/{english}")).await;
    assert!(english_page.body.contains("hreflang=\"ko\""), "the versions link each other");
}

/// A desk form's path, fields, and the status expected for: admin, Korean editor, Korean
/// reporter, English translator, Korean moderator.
type RouteCheck<'a> = (String, Vec<(&'a str, &'a str)>, [u16; 5]);

async fn desk_routes_answer_each_role_as_they_should(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let created = post(app, "/admin/stories", &d.reporter, &story_fields("권한", "본문.")).await;
    let story = format!("/admin/stories/{}", story_id(&created));
    // admin, Korean editor, Korean reporter, English translator, Korean moderator, nobody.
    let sessions = [Some(&d.admin), Some(&d.editor), Some(&d.reporter), Some(&d.translator), Some(&d.moderator), None];
    let person = {
        let form = dateline_core::people::PersonForm {
            names: vec![dateline_core::people::PersonName { language: "ko".into(), name: "권한인".into() }],
            ..Default::default()
        };
        let now = dateline_core::clock::Clock::now(app.clock.as_ref());
        let id = dateline_core::people::add_person(app.store.as_ref(), Actor::CommandLine, &form, now).await.unwrap();
        format!("/admin/people/{}", id.0)
    };
    let revision = hidden(&app.console_get(&story, Some(&d.reporter)).await.body, "revision");
    let photo = [("revision", revision.as_str()), ("alt", "사진")];
    let jpeg = crate::security::jpeg_with_exif();
    assert_eq!(post_photo(app, &format!("{story}/photo"), &d.reporter, &photo, &jpeg).await.status, 303);
    let editor = app.console_get(&story, Some(&d.reporter)).await.body;
    let file =
        format!("/admin/media/{}", editor.split("<img src=\"/admin/media/").nth(1).unwrap().split('"').next().unwrap());
    let gets: [(&str, [u16; 6]); 10] = [
        ("/admin/stories", [200, 200, 200, 200, 403, 303]),
        ("/admin/media", [200, 200, 200, 200, 403, 303]),
        (&file, [200, 200, 200, 200, 403, 303]),
        ("/admin/stories/new?service=korean", [200, 200, 200, 403, 403, 303]),
        // Translators read every service's stories, the sources they translate from.
        (&story, [200, 200, 200, 200, 403, 303]),
        (&format!("{story}/history"), [200, 200, 200, 200, 403, 303]),
        (&format!("{story}/diff?from=1&to=2"), [200, 200, 200, 200, 403, 303]),
        ("/admin/people", [200, 200, 200, 200, 403, 303]),
        (&person, [200, 200, 403, 403, 403, 303]),
        ("/admin/tokens", [200, 403, 403, 403, 403, 303]),
    ];
    for (path, expected) in gets {
        for (session, status) in sessions.iter().zip(expected) {
            assert_eq!(
                app.console_get(path, session.map(String::as_str)).await.status,
                status,
                "GET {path} as {session:?}"
            );
        }
    }
    let posts: [RouteCheck<'_>; 10] = [
        ("/admin/stories".into(), story_fields("새 기사", "본문."), [303, 303, 303, 403, 403]),
        // The editor may publish too, but the admin just did: "not waiting", not "forbidden".
        (story.clone(), vec![("action", "publish")], [303, 422, 403, 403, 403]),
        (format!("{story}/translate"), vec![("service", "english")], [303, 403, 403, 303, 403]),
        (format!("{story}/revisions/1/restore"), vec![], [303, 303, 403, 403, 403]),
        (
            format!("{story}/library-photo"),
            vec![("key", &file[13..]), ("alt", "사진"), ("revision", "current")],
            [303, 303, 403, 403, 403],
        ),
        ("/admin/people".into(), vec![("language", "ko"), ("name", "새 사람")], [303, 303, 403, 403, 403]),
        (person.clone(), vec![("language", "ko"), ("name", "권한인"), ("action", "save")], [303, 303, 403, 403, 403]),
        (
            "/admin/tokens".into(),
            vec![("label", "tool"), ("service", "korean"), ("role", "reporter")],
            [200, 403, 403, 403, 403],
        ),
        (story.clone(), vec![("action", "unpublish")], [303, 422, 403, 403, 403]),
        (story.clone(), vec![("action", "restore")], [303, 422, 403, 403, 403]),
    ];
    for (path, fields, expected) in posts {
        for (index, (session, status)) in sessions.iter().take(5).zip(expected).enumerate() {
            let session = session.unwrap();
            // Each time a new story, person or token: the same name twice would be taken.
            let headline = format!("새 기사 {index}");
            let name = format!("새 사람 {index}");
            let label = format!("tool-{index}");
            let current = hidden(&app.console_get(&story, Some(&d.admin)).await.body, "revision");
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|&(k, v)| match k {
                    "headline" => (k, headline.as_str()),
                    "name" if v == "새 사람" => (k, name.as_str()),
                    "label" => (k, label.as_str()),
                    "revision" => (k, current.as_str()),
                    _ => (k, v),
                })
                .collect();
            let response = post(app, &path, session, &fields).await;
            assert_eq!(
                response.status,
                status,
                "POST {path} as {session}: {}",
                &response.body[..response.body.len().min(3000)]
            );
        }
    }
}

/// A multipart photo form, with the session's CSRF token.
async fn post_photo(app: &TestApp, path: &str, session: &str, fields: &[(&str, &str)], file: &[u8]) -> TestResponse {
    let csrf = app.csrf(session).await;
    let boundary = "dateline-test-boundary";
    let mut body = Vec::new();
    for (name, value) in std::iter::once(("csrf", csrf.as_str())).chain(fields.iter().copied()) {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").into_bytes(),
        );
    }
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"phone.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            .into_bytes(),
    );
    body.extend_from_slice(file);
    body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
    let request = axum::http::Request::post(path)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("cookie", format!("dateline_session={session}"))
        .header("host", "localhost")
        .header("origin", "http://localhost")
        .body(axum::body::Body::from(body))
        .unwrap();
    app.send(request).await
}

/// A photo straight from a phone (GPS position, camera serial) reaches readers without
/// any of it; the desk's media library offers it again.
async fn an_uploaded_photo_keeps_no_trace_of_its_source(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let created = post(app, "/admin/stories", &d.editor, &story_fields("사진 기사", "본문.")).await;
    let path = format!("/admin/stories/{}", story_id(&created));
    let revision = hidden(&app.console_get(&path, Some(&d.editor)).await.body, "revision");
    let photo = crate::security::jpeg_with_exif();
    let no_alt = post_photo(
        app,
        &format!("{path}/photo"),
        &d.editor,
        &[("revision", &revision), ("caption", "강변의 모래주머니")],
        &photo,
    )
    .await;
    assert_eq!(no_alt.status, 422);
    assert!(
        no_alt.body.contains("강변의 모래주머니") && no_alt.body.contains("alt text"),
        "the caption is kept: {}",
        no_alt.body
    );
    let not_image = post_photo(
        app,
        &format!("{path}/photo"),
        &d.editor,
        &[("revision", &revision), ("alt", "모래주머니")],
        b"GIF89a not a photo",
    )
    .await;
    assert_eq!(not_image.status, 422);
    assert!(not_image.body.contains("is not a JPEG, PNG or WebP image"));
    let fields =
        [("revision", revision.as_str()), ("alt", "강변에 쌓인 모래주머니"), ("caption", "강변"), ("credit", "김지원")];
    let uploaded = post_photo(app, &format!("{path}/photo"), &d.editor, &fields, &photo).await;
    assert_eq!(uploaded.status, 303, "{}", uploaded.body);
    let editor = app.console_get(&path, Some(&d.editor)).await;
    let src = editor.body.split("<img src=\"/admin/media/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let (private, bytes) = app
        .send_raw(
            axum::http::Request::get(format!("/admin/media/{src}"))
                .header("cookie", format!("dateline_session={}", d.editor))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(private.status, 200);
    crate::security::assert_clean(&bytes, "the desk's copy");
    assert_eq!(app.get(&format!("/media/{src}")).await.status, 404, "a draft's photo is not public");
    assert_eq!(post(app, &path, &d.editor, &[("action", "publish")]).await.status, 303);
    let (public, bytes) =
        app.send_raw(axum::http::Request::get(format!("/media/{src}")).body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(public.status, 200);
    crate::security::assert_clean(&bytes, "the published photo");
    // Another story takes it from the library.
    let other = post(app, "/admin/stories", &d.editor, &story_fields("둘째 사진 기사", "본문.")).await;
    let other_path = format!("/admin/stories/{}", story_id(&other));
    let revision = hidden(&app.console_get(&other_path, Some(&d.editor)).await.body, "revision");
    let chosen = post(
        app,
        &format!("{other_path}/library-photo"),
        &d.editor,
        &[("revision", &revision), ("key", &src), ("alt", "모래주머니")],
    )
    .await;
    assert_eq!(chosen.status, 303);
    assert!(app.console_get(&other_path, Some(&d.editor)).await.body.contains(&format!("/admin/media/{src}")));
    // From a page someone saved since: told so, the words kept, nothing changed.
    let stale = post(
        app,
        &format!("{other_path}/library-photo"),
        &d.editor,
        &[("revision", &revision), ("key", &src), ("alt", "다시 고른 사진")],
    )
    .await;
    assert_eq!(stale.status, 409);
    assert!(
        stale.body.contains("someone saved this story since you opened it") && stale.body.contains("다시 고른 사진")
    );
    assert_eq!(app.console_get(&format!("/admin/media/{src}"), Some(&d.moderator)).await.status, 403);
}

/// A photo is served in sizes for every screen: smaller copies named in `srcset`, each
/// clean, immutable, of the right size, and private until the story is published; a copy
/// that went missing is made again; the media library lists the photo with its words.
async fn photos_come_in_sizes_for_every_screen(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let created = post(app, "/admin/stories", &d.editor, &story_fields("큰 사진 기사", "본문.")).await;
    let path = format!("/admin/stories/{}", story_id(&created));
    let revision = hidden(&app.console_get(&path, Some(&d.editor)).await.body, "revision");
    // Taken sideways: 900 × 1700 as stored, 1700 × 900 as shown.
    let photo = crate::security::jpeg_with_exif_sized(900, 1700);
    let fields = [
        ("revision", revision.as_str()),
        ("alt", "모래주머니"),
        ("caption", "강변의 모래주머니"),
        ("credit", "김지원"),
    ];
    assert_eq!(post_photo(app, &format!("{path}/photo"), &d.editor, &fields, &photo).await.status, 303);
    let editor = app.console_get(&path, Some(&d.editor)).await;
    let key = editor.body.split("<img src=\"/admin/media/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let hash = key.trim_end_matches(".jpg");
    assert_eq!(app.get(&format!("/media/{hash}-800w.jpg")).await.status, 404, "a draft's copies are not public");
    assert_eq!(post(app, &path, &d.editor, &[("action", "publish")]).await.status, 303);
    let public_path = {
        let page = app.console_get(&path, Some(&d.editor)).await;
        format!("/korean/2026/{}", page.body.split("href=\"/korean/2026/").nth(1).unwrap().split('"').next().unwrap())
    };
    let article = app.get(&public_path).await;
    let expected_srcset = format!(
        "/media/{hash}-400w.jpg 400w, /media/{hash}-800w.jpg 800w, /media/{hash}-1200w.jpg 1200w, \
         /media/{hash}-1600w.jpg 1600w, /media/{key} 1700w"
    );
    assert!(
        article.body.contains(&format!(r#"<img src="/media/{hash}-800w.jpg" srcset="{expected_srcset}" sizes=""#)),
        "{}",
        article.body
    );
    assert!(article.body.contains(r#"width="1700" height="900""#), "the original's size reserves the space");
    // The list of the service offers the copies too.
    let list = app.get("/korean/").await;
    assert!(list.body.contains(&format!("/media/{hash}-400w.jpg 400w")), "{}", list.body);
    for (width, height) in [(400, 211), (800, 423), (1200, 635), (1600, 847)] {
        let (response, bytes) = app
            .send_raw(
                axum::http::Request::get(format!("/media/{hash}-{width}w.jpg"))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(response.status, 200, "the {width} pixel copy");
        assert_eq!(response.header("content-type"), "image/jpeg");
        assert_eq!(response.header("cache-control"), "public, max-age=31536000, immutable");
        crate::security::assert_clean(&bytes, "a copy");
        let size = image::load_from_memory(&bytes).unwrap();
        assert_eq!((size.width(), size.height()), (width, height));
    }
    assert_eq!(app.get(&format!("/media/{hash}-801w.jpg")).await.status, 404, "only the sizes made");
    // A copy that went missing (stored before copies were made, say) is made again.
    let copy = app.db.dir.path().join("media").join(format!("{hash}-800w.jpg"));
    std::fs::remove_file(&copy).unwrap();
    assert_eq!(app.get(&format!("/media/{hash}-800w.jpg")).await.status, 200);
    assert!(copy.is_file(), "and kept");
    std::fs::remove_file(&copy).unwrap();
    let report =
        dateline_core::media::clean_stored_media(app.store.as_ref(), app.media.as_ref(), crate::support::test_now())
            .await
            .unwrap();
    assert_eq!((report.cleaned, report.copies_made), (0, 1), "the cleaning at start-up makes missing copies");
    assert!(copy.is_file());
    // The media library lists it, with the words it was last given.
    let library = app.console_get("/admin/media", Some(&d.reporter)).await;
    assert_eq!(library.status, 200);
    assert!(
        library.body.contains(&format!("/admin/media/{hash}-400w.jpg"))
            && library.body.contains("강변의 모래주머니")
            && library.body.contains("1700×900"),
        "{}",
        library.body
    );
    assert_eq!(app.console_get("/admin/media", Some(&d.moderator)).await.status, 403);
}

/// Signs in with a browser that holds a kept form's cookie; the response.
async fn sign_in_with_kept_form(app: &TestApp, name: &str, kept: &str) -> TestResponse {
    let page = app.get("/admin/login").await;
    let token = hidden(&page.body, "login_token");
    let body = serde_urlencoded::to_string([("name", name), ("password", PASSWORD), ("login_token", &token)]).unwrap();
    let request = axum::http::Request::post("/admin/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "localhost")
        .header("origin", "http://localhost")
        .header("cookie", format!("dateline_kept_form={kept}"))
        .body(axum::body::Body::from(body))
        .unwrap();
    app.send(request).await
}

/// The id a `Set-Cookie` header gives a cookie.
fn set_cookie_value(response: &TestResponse, name: &str) -> Option<String> {
    response.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
        v.strip_prefix(&format!("{name}=")).map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
    })
}

/// A session that ended while someone wrote loses nothing: the form they send is kept, and
/// saved once they sign in again; a form sent from another site is not kept.
async fn a_session_that_ends_while_writing_loses_nothing(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let created = post(app, "/admin/stories", &d.reporter, &story_fields("긴 기사", "처음 문단.")).await;
    let path = format!("/admin/stories/{}", story_id(&created));
    let revision = hidden(&app.console_get(&path, Some(&d.reporter)).await.body, "revision");
    // Forty minutes of writing: the session ends (30 idle minutes).
    app.clock.advance(40 * 60);
    let mut fields = story_fields("긴 기사", "처음 문단.\n\n한 시간 가까이 쓴 둘째 문단.");
    fields.extend([("action", "save"), ("revision", revision.as_str()), ("csrf", "stale")]);
    let sent = app.console_post(&path, Some(&d.reporter), &fields).await;
    assert_eq!(sent.status, 303);
    assert_eq!(sent.header("location"), "/admin/login?kept=1");
    let kept = set_cookie_value(&sent, "dateline_kept_form").expect("the browser holds the kept form");
    let login = app.get("/admin/login?kept=1").await;
    assert!(login.body.contains("What you sent is kept"), "{}", login.body);
    let signed_in = sign_in_with_kept_form(app, "rep-ko", &kept).await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    assert!(signed_in.header("location").starts_with(&format!("{path}?done=")), "{}", signed_in.header("location"));
    assert_eq!(set_cookie_value(&signed_in, "dateline_kept_form").as_deref(), Some(""), "the cookie is forgotten");
    let session = set_cookie_value(&signed_in, "dateline_session").unwrap();
    let editor = app.console_get(&path, Some(&session)).await.body;
    assert!(editor.contains("한 시간 가까이 쓴 둘째 문단."), "saved after signing in: {editor}");
    let again = sign_in_with_kept_form(app, "rep-ko", &kept).await;
    assert_eq!(again.header("location"), "/admin", "a kept form is saved once");

    // A new story, kept the same way, is created once its writer is back.
    app.clock.advance(40 * 60);
    let mut new_story = story_fields("돌아와서 만든 기사", "로그인 전에 쓴 본문.");
    new_story.push(("action", "create"));
    let sent = app.console_post("/admin/stories", Some(&session), &new_story).await;
    let kept = set_cookie_value(&sent, "dateline_kept_form").unwrap();
    let signed_in = sign_in_with_kept_form(app, "rep-ko", &kept).await;
    assert!(signed_in.header("location").starts_with("/admin/stories/"), "{}", signed_in.header("location"));
    let session = set_cookie_value(&signed_in, "dateline_session").unwrap();
    let created = app.console_get(signed_in.header("location"), Some(&session)).await.body;
    assert!(created.contains("로그인 전에 쓴 본문."));

    // Another site cannot leave text to be saved under someone's name.
    let forged = axum::http::Request::post(path.as_str())
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "localhost")
        .header("origin", "https://elsewhere.example")
        .body(axum::body::Body::from("headline=forged&body=forged&action=save"))
        .unwrap();
    let forged = app.send(forged).await;
    assert_eq!(forged.header("location"), "/admin/login", "sent to sign in, nothing kept");
    assert!(set_cookie_value(&forged, "dateline_kept_form").is_none());
    // Kept forms wait an hour.
    let sent = app.console_post(&path, None, &fields).await;
    let kept = set_cookie_value(&sent, "dateline_kept_form").unwrap();
    app.clock.advance(61 * 60);
    let late = sign_in_with_kept_form(app, "rep-ko", &kept).await;
    assert_eq!(late.header("location"), "/admin");
    // And the retention job forgets what nobody came back for.
    app.console_post(&path, None, &fields).await;
    app.clock.advance(61 * 60);
    let now = dateline_core::clock::Clock::now(app.clock.as_ref());
    assert_eq!(dateline_core::desk::stash::forget_expired(app.store.as_ref(), now).await.unwrap(), 1);
}

/// The editor's script saves a draft by itself: a revision noted as automatic, the new
/// revision in JSON; a stale revision, a story past draft or an empty headline is refused
/// in JSON the script can show.
async fn drafts_save_themselves(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let created = post(app, "/admin/stories", &d.reporter, &story_fields("저절로 저장", "첫 문단.")).await;
    let path = format!("/admin/stories/{}", story_id(&created));
    let editor = app.console_get(&path, Some(&d.reporter)).await.body;
    assert!(editor.contains(&format!("data-autosave=\"{path}\"")), "a draft's editor saves itself");
    let revision = hidden(&editor, "revision");
    let mut fields = story_fields("저절로 저장", "첫 문단.\n\n쓰는 중인 둘째 문단.");
    fields.extend([("action", "autosave"), ("revision", revision.as_str())]);
    let saved = post(app, &path, &d.reporter, &fields).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.header("content-type"), "application/json");
    let answer: serde_json::Value = serde_json::from_str(&saved.body).unwrap();
    let new_revision = answer["revision"].as_i64().unwrap();
    assert!(new_revision > revision.parse::<i64>().unwrap());
    let history = app.console_get(&format!("{path}/history"), Some(&d.reporter)).await.body;
    assert!(history.contains("saved automatically"), "{history}");
    assert!(app.console_get(&path, Some(&d.reporter)).await.body.contains("쓰는 중인 둘째 문단."));
    // From the old revision again: someone (here, the writer's other tab) saved in between.
    let stale = post(app, &path, &d.reporter, &fields).await;
    assert_eq!(stale.status, 409);
    assert!(stale.body.contains("press Save to see both versions"), "{}", stale.body);
    let mut empty = story_fields("", "본문.");
    let current = new_revision.to_string();
    empty.extend([("action", "autosave"), ("revision", current.as_str())]);
    let refused = post(app, &path, &d.reporter, &empty).await;
    assert_eq!(refused.status, 422);
    let answer: serde_json::Value = serde_json::from_str(&refused.body).unwrap();
    assert_eq!(answer["errors"][0]["field"], "headline");
    // Past draft, nothing saves by itself.
    assert_eq!(post(app, &path, &d.reporter, &[("action", "submit")]).await.status, 303);
    let editor = app.console_get(&path, Some(&d.editor)).await.body;
    assert!(!editor.contains("data-autosave"));
    let mut late = story_fields("저절로 저장", "검토 중에 바뀐 글.");
    let current = hidden(&editor, "revision");
    late.extend([("action", "autosave"), ("revision", current.as_str())]);
    let in_review = post(app, &path, &d.editor, &late).await;
    assert_eq!(in_review.status, 409);
    assert!(in_review.body.contains("only a draft saves itself"), "{}", in_review.body);
}

/// Saves a story as its editor with this slug and headline.
async fn save_with_slug(d: &Desk, path: &str, slug: &str, headline: &str) -> TestResponse {
    let editor = d.app.console_get(path, Some(&d.editor)).await.body;
    let revision = hidden(&editor, "revision");
    let mut fields = story_fields(headline, "본문.");
    fields.extend([("slug", slug), ("action", "save"), ("revision", revision.as_str())]);
    post(&d.app, path, &d.editor, &fields).await
}

/// A published story keeps its address when its headline changes; an editor may change it,
/// and the old address then leads to the new one (the page and the lite page).
async fn an_editor_moves_a_published_story_and_the_old_address_follows(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let created = post(app, "/admin/stories", &d.editor, &story_fields("주소 바꾸기", "본문.")).await;
    let path = format!("/admin/stories/{}", story_id(&created));
    assert_eq!(post(app, &path, &d.editor, &[("action", "publish")]).await.status, 303);
    let other = post(app, "/admin/stories", &d.editor, &story_fields("다른 기사", "본문.")).await;
    let other_path = format!("/admin/stories/{}", story_id(&other));
    assert_eq!(post(app, &other_path, &d.editor, &[("action", "publish")]).await.status, 303);
    let public = |page: &str| {
        format!("/korean/2026/{}", page.split("href=\"/korean/2026/").nth(1).unwrap().split('"').next().unwrap())
    };
    let old_address = public(&app.console_get(&path, Some(&d.editor)).await.body);
    let save = |slug: &'static str, headline: &'static str| save_with_slug(&d, &path, slug, headline);
    // A new headline keeps the address.
    assert_eq!(save("", "주소 바꾸기: 새 제목").await.status, 303);
    assert_eq!(public(&app.console_get(&path, Some(&d.editor)).await.body), old_address);
    // Another story's address is refused, with the text kept.
    let other_slug = public(&app.console_get(&other_path, Some(&d.editor)).await.body);
    let taken = save_with_slug(&d, &path, other_slug.rsplit('/').next().unwrap(), "주소 바꾸기: 새 제목").await;
    assert!(taken.status == 409 || taken.status == 422, "{}", taken.status);
    assert!(taken.body.contains("주소 바꾸기: 새 제목"));
    // The editor moves it.
    assert_eq!(save("flood-recovery-begins", "주소 바꾸기: 새 제목").await.status, 303);
    let new_address = public(&app.console_get(&path, Some(&d.editor)).await.body);
    assert!(new_address.ends_with("/flood-recovery-begins"), "{new_address}");
    assert_eq!(app.get(&new_address).await.status, 200);
    let moved = app.get(&old_address).await;
    assert_eq!((moved.status.as_u16(), moved.header("location")), (308, new_address.as_str()));
    let lite = app.get(&format!("/lite{old_address}")).await;
    assert_eq!((lite.status.as_u16(), lite.header("location")), (308, format!("/lite{new_address}").as_str()));
    let history = app.console_get(&format!("{path}/history"), Some(&d.editor)).await;
    assert_eq!(history.status, 200);
}

/// A draft's preview link shows it to a colleague without an account: read-only, never
/// indexed or cached, for a week.
async fn preview_links_show_drafts_to_colleagues(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let created = post(app, "/admin/stories", &d.reporter, &story_fields("미리 보기", "아직 초안인 본문.")).await;
    let path = format!("/admin/stories/{}", story_id(&created));
    let editor = app.console_get(&path, Some(&d.reporter)).await;
    let link = editor.body.split("href=\"/preview/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let preview = app.get(&format!("/preview/{link}")).await;
    assert_eq!(preview.status, 200);
    assert!(
        preview.body.contains("아직 초안인 본문.")
            && preview.body.contains("<meta name=\"robots\" content=\"noindex, nofollow\">")
    );
    assert_eq!(preview.header("x-robots-tag"), "noindex, nofollow");
    assert!(preview.header("cache-control").starts_with("private"), "never cached for others");
    assert!(!preview.body.contains("comment-form"), "read-only");
    let (id, token) = link.split_once('/').unwrap();
    let other = format!("/preview/{}/{token}", id.parse::<i64>().unwrap() + 1);
    assert_eq!(app.get(&other).await.status, 404, "a link shows its own story only");
    assert_eq!(app.get(&format!("/preview/{id}/0.{}", "0".repeat(64))).await.status, 404);
    assert!(app.get("/robots.txt").await.body.contains("Disallow: /preview/"));
    app.clock.advance(8 * 24 * 3600);
    assert_eq!(app.get(&format!("/preview/{link}")).await.status, 404, "a week later the link is spent");
}

/// A JSON request with an API token.
async fn api(app: &TestApp, method: &str, path: &str, token: Option<&str>, body: &str) -> TestResponse {
    let mut request =
        axum::http::Request::builder().method(method).uri(path).header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    app.send(request.body(axum::body::Body::from(body.to_owned())).unwrap()).await
}

fn json(response: &TestResponse) -> serde_json::Value {
    serde_json::from_str(&response.body).unwrap_or_else(|_| panic!("not JSON: {}", response.body))
}

async fn token(app: &TestApp, label: &str, service: &str, role: Role) -> String {
    let actor = dateline_core::moderation::Actor::CommandLine;
    let now = crate::support::test_now();
    dateline_core::accounts::add_token(app.store.as_ref(), actor, label, service, role, now).await.unwrap().1
}

/// A newsroom's tool writes drafts, uploads a photo and (with an editor's token) publishes,
/// through the API; tokens are scoped, revocable and audited.
async fn api_tokens_write_and_publish_stories(backend: Backend) {
    let d = desk(backend).await;
    let app = &d.app;
    let reporter = token(app, "cms-reporter", "korean", Role::Reporter).await;
    let editor = token(app, "cms-editor", "korean", Role::Editor).await;
    let english = token(app, "english-tool", "english", Role::Editor).await;
    let body = r#"{"service":"korean","headline":"API 기사","summary":"요약","body":"본문입니다.","tags":["홍수"],"credits":[{"role":"reporter","name":"김지원"},{"role":"photographer","name":"이민호"}],"comments":"open"}"#;
    assert_eq!(api(app, "POST", "/api/v1/stories", None, body).await.status, 401);
    assert_eq!(api(app, "POST", "/api/v1/stories", Some("dl_wrong"), body).await.status, 401);
    let created = api(app, "POST", "/api/v1/stories", Some(&reporter), body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let story = json(&created);
    assert_eq!((story["status"].as_str(), story["revision"].as_i64()), (Some("draft"), Some(1)));
    assert_eq!(story["credits"][1], serde_json::json!({"role": "photographer", "name": "이민호"}));
    let id = story["id"].as_i64().unwrap();
    let path = format!("/api/v1/stories/{id}");
    let update = r#"{"headline":"API 기사 (고침)","body":"고친 본문.","revision":1}"#;
    let saved = api(app, "PUT", &path, Some(&reporter), update).await;
    assert_eq!((saved.status.as_u16(), json(&saved)["revision"].as_i64()), (200, Some(2)));
    let stale = api(app, "PUT", &path, Some(&reporter), update).await;
    assert_eq!(stale.status, 409);
    assert_eq!(json(&stale)["revision"], 2, "the current revision, to start again from");
    let bad_role = api(
        app,
        "PUT",
        &path,
        Some(&reporter),
        r#"{"headline":"x","body":"y","revision":2,"credits":[{"role":"boss","name":"z"}]}"#,
    )
    .await;
    assert_eq!((bad_role.status.as_u16(), json(&bad_role)["field"].as_str()), (422, Some("credits")));
    assert_eq!(
        api(app, "POST", &format!("{path}/publish"), Some(&reporter), "").await.status,
        403,
        "reporters do not publish"
    );
    assert_eq!(api(app, "GET", &path, Some(&english), "").await.status, 404, "another service's story");
    // A photo from a phone, cleaned on arrival.
    let photo = crate::security::jpeg_with_exif();
    let upload = |content_type: &'static str, query: &'static str| {
        let request = axum::http::Request::post(format!("{path}/image{query}"))
            .header("content-type", content_type)
            .header("authorization", format!("Bearer {reporter}"))
            .body(axum::body::Body::from(photo.clone()))
            .unwrap();
        app.send(request)
    };
    assert_eq!(upload("text/plain", "?alt=x").await.status, 415);
    assert_eq!(upload("image/jpeg", "").await.status, 422, "alt text is required");
    let with_photo = upload("image/jpeg", "?alt=%EB%AA%A8%EB%9E%98%EC%A3%BC%EB%A8%B8%EB%8B%88&credit=AP").await;
    assert_eq!(with_photo.status, 200, "{}", with_photo.body);
    let image = json(&with_photo)["lead_image"].as_str().unwrap().to_owned();
    let later = (crate::support::test_now() + chrono::Duration::hours(1)).to_rfc3339();
    let scheduled =
        api(app, "POST", &format!("{path}/publish"), Some(&editor), &format!(r#"{{"at":"{later}"}}"#)).await;
    assert_eq!(json(&scheduled)["status"], "scheduled");
    let published = api(app, "POST", &format!("{path}/publish"), Some(&editor), "").await;
    assert_eq!(json(&published)["status"], "published");
    let url = json(&published)["url"].as_str().unwrap().to_owned();
    let page = app.get(&url).await;
    assert!(page.body.contains("API 기사 (고침)") && page.body.contains(&image));
    let (_, bytes) = app.send_raw(axum::http::Request::get(&image).body(axum::body::Body::empty()).unwrap()).await;
    crate::security::assert_clean(&bytes, "the API's photo");
    let into_english =
        api(app, "POST", &format!("{path}/translations"), Some(&editor), r#"{"service":"english"}"#).await;
    assert_eq!(into_english.status, 403, "a Korean token does not write English");
    let listed = api(app, "GET", "/api/v1/stories?status=published", Some(&editor), "").await;
    assert_eq!(json(&listed)[0]["id"], id);
    let revoked = dateline_core::accounts::revoke_token(
        app.store.as_ref(),
        dateline_core::moderation::Actor::CommandLine,
        "cms-reporter",
        crate::support::test_now(),
    )
    .await;
    assert_eq!(revoked.ok(), Some(true));
    assert_eq!(api(app, "GET", &path, Some(&reporter), "").await.status, 401, "revoked");
    let audit =
        app.store.audit_log(&dateline_core::audit::AuditFilter { limit: 100, ..Default::default() }).await.unwrap();
    assert!(audit.iter().any(|e| e.actor == "token:cms-editor" && e.action == "story.publish"));
    assert!(audit.iter().any(|e| e.actor == "command-line" && e.action == "token.revoke"));
    assert!(!app.store.api_tokens().await.unwrap().is_empty());
    // Admins manage tokens in the console; its secret is shown once.
    assert_eq!(app.console_get("/admin/tokens", Some(&d.editor)).await.status, 403);
    let made =
        post(app, "/admin/tokens", &d.admin, &[("label", "desk-bot"), ("service", "english"), ("role", "editor")])
            .await;
    assert_eq!(made.status, 200);
    assert!(made.body.contains("dl_"), "the secret is shown once");
    assert!(!app.console_get("/admin/tokens", Some(&d.admin)).await.body.contains("dl_"), "and never again");
}

/// `dateline user add` knows the desk's roles; `dateline story list` lists stories.
async fn the_command_line_knows_the_desk(backend: Backend) {
    let db = crate::support::TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    assert!(
        dateline(&db, &["service", "add", "korean", "--name", "Korean", "--language", "ko"], &cwd).status.success()
    );
    let added = dateline(&db, &["user", "add", "kim", "--role", "reporter", "--service", "korean"], &cwd);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    assert!(String::from_utf8_lossy(&added.stdout).starts_with("created user kim (reporter)"));
    let without = dateline(&db, &["user", "add", "lee", "--role", "translator"], &cwd);
    assert_eq!(without.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&without.stderr).contains("the translator role needs at least one service"));
    let bad = dateline(&db, &["story", "list", "--status", "lost"], &cwd);
    assert_eq!(bad.status.code(), Some(2));
    std::fs::write(
        cwd.join("s.md"),
        "+++\ntitle = \"Imported story\"\nservice = \"korean\"\npublished = 2026-01-01T00:00:00Z\n+++\nText.\n",
    )
    .unwrap();
    assert!(dateline(&db, &["article", "import", "s.md"], &cwd).status.success());
    let listed = dateline(&db, &["story", "list", "--status", "published", "--header"], &cwd);
    let text = String::from_utf8_lossy(&listed.stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "id\tservice\tstatus\tslug\theadline");
    assert!(lines[1].ends_with("\tkorean\tpublished\timported-story\tImported story"), "{text}");
    assert_eq!(dateline(&db, &["story", "list", "--status", "draft"], &cwd).stdout.len(), 0);
    let made = dateline(&db, &["token", "add", "--service", "korean", "--role", "editor", "--name", "cms"], &cwd);
    let made_text = String::from_utf8_lossy(&made.stdout).into_owned();
    assert!(made_text.starts_with("created token cms (editor of korean)\ntoken: dl_"), "{made_text}");
    assert_eq!(
        dateline(&db, &["token", "add", "--service", "korean", "--role", "admin", "--name", "x"], &cwd).status.code(),
        Some(2)
    );
    let taken = dateline(&db, &["token", "add", "--service", "korean", "--role", "editor", "--name", "cms"], &cwd);
    assert_eq!(taken.status.code(), Some(1));
    assert!(dateline(&db, &["token", "revoke", "cms"], &cwd).status.success());
    let tokens = String::from_utf8_lossy(&dateline(&db, &["token", "list"], &cwd).stdout).into_owned();
    assert!(tokens.starts_with("cms\tkorean\teditor\trevoked\t"), "{tokens}");
    let unknown = dateline(&db, &["token", "revoke", "nobody"], &cwd);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("there is no API token \"nobody\""));
}

on_both_backends!(
    a_reporters_story_is_reviewed_sent_back_and_published,
    two_saves_from_one_revision_lose_nothing,
    published_stories_are_updated_corrected_taken_down_and_restored,
    history_compares_and_restores_revisions,
    a_scheduled_story_appears_at_its_time_and_is_announced_once,
    translations_follow_their_source,
    desk_routes_answer_each_role_as_they_should,
    the_command_line_knows_the_desk,
    an_uploaded_photo_keeps_no_trace_of_its_source,
    photos_come_in_sizes_for_every_screen,
    api_tokens_write_and_publish_stories,
    preview_links_show_drafts_to_colleagues,
    a_session_that_ends_while_writing_loses_nothing,
    drafts_save_themselves,
    an_editor_moves_a_published_story_and_the_old_address_follows,
);
