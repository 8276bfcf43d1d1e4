//! The public pages, read as a reader's browser receives them.

use dateline_core::store::prelude::*;

use crate::support::{Backend, TestApp, tiny_png, without_isolation};

const KOREAN_ORIGINAL: &str = r#"+++
title = "한강 홍수 피해 복구 시작"
slug = "han-river-flood-recovery"
service = "korean"
summary = "물이 빠지면서 주민들이 집으로 돌아오고 있다."
published = 2026-07-07T09:30:00Z
tags = ["홍수"]

[lead_image]
path = "photo.png"
caption = "자원봉사자들이 시장 거리의 진흙을 치우고 있다."
alt = "진흙 거리의 자원봉사자들"
credit = "Dateline/김지원"
file_photo = true

[[credits]]
role = "reported_by"
names = ["김지원", "이민호"]
+++
일요일부터 물이 빠지기 시작했다.

## 귀가
"#;

const ENGLISH_TRANSLATION: &str = r#"+++
title = "Floodwaters recede along the Han River"
slug = "han-river-floods"
service = "english"
summary = "Thousands return home as the water falls."
published = 2026-07-07T09:30:00Z
updated = 2026-07-08T10:00:00Z
tags = ["Floods", "Han River"]
translation_of = "korean/han-river-flood-recovery"

[lead_image]
path = "photo.png"
caption = "Volunteers clear mud from a market street."
alt = "Volunteers with shovels in a muddy street"
credit = "Dateline/Kim Ji-won"
file_photo = true

[[credits]]
role = "written_in_english_by"
names = ["Jane Doe"]

[[credits]]
role = "reported_by"
names = ["Kim Ji-won", "Lee Min-ho"]
for_service = "korean"

[[credits]]
role = "translated_by"
names = ["Park Soo-ah"]
+++
The water began to fall on Sunday.

## Returning home

People came back.
"#;

async fn newsroom(backend: Backend) -> TestApp {
    let app = TestApp::with_services(backend).await;
    app.import(&[
        ("ko.md", KOREAN_ORIGINAL.as_bytes()),
        ("en.md", ENGLISH_TRANSLATION.as_bytes()),
        ("photo.png", &tiny_png()),
    ])
    .await
    .unwrap();
    app
}

async fn article_page_reads_like_a_news_article(backend: Backend) {
    let app = newsroom(backend).await;
    let page = app.get("/english/2026/07/han-river-floods").await;
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").starts_with("text/html"));
    let html = &page.body;
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"), "{}", &html[..80]);
    assert!(html.contains("<h1 class=\"headline\">Floodwaters recede along the Han River</h1>"));
    assert!(html.contains("Thousands return home as the water falls."));
    assert!(html.contains("alt=\"Volunteers with shovels in a muddy street\""));
    assert!(html.contains("width=\"1\" height=\"1\""));
    assert!(html.contains("<span class=\"file-photo\">File photo</span>"));
    assert!(html.contains("Volunteers clear mud from a market street."));
    assert!(html.contains("Photo: Dateline/Kim Ji-won"));
    assert!(html.contains("<h2>Returning home</h2>"));
    assert!(html.contains(
        "<p class=\"credit-line\">Reported by Kim Ji-won and Lee Min-ho for the Korean Service. \
         Translated by Park Soo-ah. Written in English by Jane Doe.</p>"
    ));
    // 09:30 UTC is 05:30 in New York (daylight time) on July 7.
    assert!(html.contains("<time datetime=\"2026-07-07T05:30:00-04:00\">July 7, 2026, 05:30 EDT</time>"));
    assert!(html.contains("July 8, 2026, 06:00 EDT"), "update time");
    // `hreflang` alternates are absolute, like the canonical link they agree with (a site
    // without `base_url` names the host the request came to).
    assert!(html.contains(
        "<link rel=\"alternate\" hreflang=\"ko\" href=\"http://localhost/korean/2026/07/han-river-flood-recovery\">"
    ));
    assert!(html.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"http://localhost/english/2026/07/han-river-floods\">"
    ));
    assert!(
        html.contains("hreflang=\"ko\"><span class=\"translation-service\">한국어</span> 한강 홍수 피해 복구 시작</a>")
    );
    assert!(html.contains("<section class=\"comments\" id=\"comments\""));
    assert!(html.contains("<a href=\"/english/tags/han-river\">Han River</a>"));
}

async fn pages_speak_the_service_language(backend: Backend) {
    let app = newsroom(backend).await;
    let page = app.get("/korean/2026/07/han-river-flood-recovery").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<html lang=\"ko\" dir=\"ltr\">"));
    // 09:30 UTC is 18:30 in Seoul.
    assert!(page.body.contains("2026년 7월 7일 18:30 KST"), "Korean date");
    assert!(page.body.contains("김지원, 이민호"), "Korean name list");
    assert!(page.body.contains("hreflang=\"en\""));

    let uyghur = app.get("/uyghur/").await;
    assert_eq!(uyghur.status, 200);
    assert!(uyghur.body.contains("<html lang=\"ug\" dir=\"rtl\">"));
}

async fn not_found_pages_use_the_service_language(backend: Backend) {
    let app = newsroom(backend).await;
    let catalogs = dateline_web::i18n::Catalogs::load(None).unwrap();
    let korean = app.get("/korean/2026/07/no-such-story").await;
    assert_eq!(korean.status, 404);
    assert!(korean.body.contains("<html lang=\"ko\" dir=\"ltr\">"));
    let title = catalogs.text("ko", "error-not-found-title", &[]);
    assert_ne!(title, catalogs.text("en", "error-not-found-title", &[]), "Korean catalog has its own text");
    assert!(korean.body.contains(&title));

    let uyghur = app.get("/uyghur/anything/else").await;
    assert_eq!(uyghur.status, 404);
    assert!(uyghur.body.contains("<html lang=\"ug\" dir=\"rtl\">"));
    assert!(without_isolation(&uyghur.body).contains(&without_isolation(&catalogs.text(
        "ug",
        "error-not-found-title",
        &[]
    ))));

    let site = app.get("/no-such-service/").await;
    assert_eq!(site.status, 404);
    assert!(site.body.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(site.body.contains("Page not found"));
}

async fn only_published_articles_are_public(backend: Backend) {
    let app = newsroom(backend).await;
    let draft = ENGLISH_TRANSLATION
        .replace("slug = \"han-river-floods\"", "slug = \"draft-story\"")
        .replace("published = 2026-07-07T09:30:00Z\nupdated = 2026-07-08T10:00:00Z\n", "");
    let scheduled = ENGLISH_TRANSLATION.replace("slug = \"han-river-floods\"", "slug = \"tomorrow\"").replace(
        "published = 2026-07-07T09:30:00Z\nupdated = 2026-07-08T10:00:00Z",
        "published = 2027-01-01T00:00:00Z",
    );
    app.import(&[("d.md", draft.as_bytes()), ("s.md", scheduled.as_bytes()), ("photo.png", &tiny_png())])
        .await
        .unwrap();
    assert_eq!(app.get("/english/2027/01/tomorrow").await.status, 404);
    assert_eq!(app.get("/english/draft/draft-story").await.status, 404);
    let home = app.get("/english/").await;
    assert!(!home.body.contains("tomorrow"));
    assert!(!home.body.contains("draft-story"));

    let moved = app.get("/english/2020/01/han-river-floods").await;
    assert_eq!(moved.status, 308);
    assert_eq!(moved.header("location"), "/english/2026/07/han-river-floods");
    assert_eq!(app.get("/english").await.header("location"), "/english/");
}

async fn service_homes_paginate(backend: Backend) {
    let app = TestApp::with_services(backend).await;
    let mut files: Vec<(String, Vec<u8>)> = (0..15)
        .map(|i| {
            let text = ENGLISH_TRANSLATION
                .replace("slug = \"han-river-floods\"", &format!("slug = \"story-{i:02}\""))
                .replace("2026-07-07T09:30:00Z", &format!("2026-07-{:02}T09:30:00Z", i + 1))
                .replace("translation_of = \"korean/han-river-flood-recovery\"\n", "")
                .replace("updated = 2026-07-08T10:00:00Z\n", "");
            (format!("s{i}.md"), text.into_bytes())
        })
        .collect();
    files.push(("photo.png".into(), tiny_png()));
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    app.import(&refs).await.unwrap();

    let first = app.get("/english/").await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body.matches("<article class=\"story").count(), 12);
    assert!(first.body.contains("story-14"), "newest first");
    let older = first.body.split("rel=\"next\" href=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().to_owned();
    assert!(older.starts_with("/english/?before="), "{older}");
    assert!(!first.body.contains("rel=\"prev\""), "the first page has nothing newer");
    let second = app.get(&older).await;
    assert_eq!(second.status, 200);
    assert_eq!(second.body.matches("<article class=\"story").count(), 3);
    assert!(second.body.contains("story-00") && second.body.contains("story-02"));
    assert!(!second.body.contains("story-03"), "the second page starts where the first ended");
    assert!(!second.body.contains("rel=\"next\""), "nothing is older");
    let newer = second.body.split("rel=\"prev\" href=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().to_owned();
    assert!(newer.starts_with("/english/?after="), "{newer}");
    // Twelve stories are newer than the second page's first: going back up is the first page.
    let back = app.get(&newer).await;
    assert_eq!((back.status.as_u16(), back.header("location")), (303, "/english/"));
    // Before the third story, the stories a page further back again.
    let cursor = older.trim_start_matches("/english/?before=");
    let (micros, _) = cursor.split_once('.').unwrap();
    let middle = app.get(&format!("/english/?after={cursor}")).await;
    assert_eq!(middle.status, 303, "fewer than a page is newer than the last story of the first page");
    assert_eq!(app.get(&format!("/english/?before={micros}.1")).await.status, 200);
    assert_eq!(app.get("/english/?before=0.1").await.status, 404, "nothing is older than the first moment");
    let future = app.get("/english/?after=99999999999999999.1").await;
    assert_eq!((future.status.as_u16(), future.header("location")), (303, "/english/"), "nothing is newer: page 1");
    assert_eq!(app.get("/english/?before=zero").await.status, 404);
    assert_eq!(app.get(&format!("/english/?before={cursor}&after={cursor}")).await.status, 404);
    let old_style = app.get("/english/?page=2").await;
    assert_eq!(old_style.status, 200, "an unknown parameter is ignored: the newest stories");

    let tag = app.get("/english/tags/han-river").await;
    assert_eq!(tag.status, 200);
    assert!(tag.body.contains("Stories tagged “Han River”"));
    assert_eq!(app.get("/english/tags/no-such-tag").await.status, 404);
}

async fn front_page_lists_services_and_latest_stories(backend: Backend) {
    let app = newsroom(backend).await;
    let front = app.get("/").await;
    assert_eq!(front.status, 200);
    assert!(front.body.contains("<section class=\"front-section\" lang=\"ko\" dir=\"ltr\""));
    assert!(front.body.contains("한강 홍수 피해 복구 시작"));
    assert!(front.body.contains("Floodwaters recede along the Han River"));
    assert!(
        front.body.contains("<a href=\"/uyghur/\" lang=\"ug\" dir=\"rtl\">ئۇيغۇرچە</a>"),
        "nav names every service"
    );
}

async fn pages_load_nothing_from_other_hosts(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let mut paths = vec!["/".to_owned()];
    for service in app.store.services().await.unwrap() {
        paths.push(format!("/{}/", service.code));
    }
    let listing = app.store.article_listing(crate::support::test_now()).await.unwrap();
    assert!(listing.len() >= 20, "the demo has about 25 articles");
    let home_pages: Vec<String> = paths.clone();
    for home in home_pages {
        let page = app.get(&home).await;
        for href in page.body.split("href=\"").skip(1).filter_map(|s| s.split('"').next()) {
            if href.contains("/20") && !paths.contains(&href.to_owned()) {
                paths.push(href.to_owned());
            }
        }
    }
    assert!(paths.len() > 20, "article pages are linked from the service homes");
    for path in &paths {
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(page.header("content-security-policy").contains("default-src 'none'"));
        // Structured data is a data block, never run: the only script element a page has.
        let html = page.body.to_lowercase().replace("<script type=\"application/ld+json\">", "");
        for attr in ["src=\"http", "src=\"//", "<script", "@import", "url(http"] {
            assert!(!html.contains(attr), "{path} has {attr}");
        }
        // Photos come in several sizes, every one of them from this site.
        for srcset in html.split("srcset=\"").skip(1).filter_map(|s| s.split('"').next()) {
            for candidate in srcset.split(", ") {
                assert!(candidate.starts_with("/media/") && !candidate.starts_with("//"), "{path}: {candidate}");
            }
        }
        for link in html.split("<link ").skip(1) {
            let tag = link.split('>').next().unwrap_or_default();
            // The page's own absolute addresses (canonical, other languages) are named, not loaded.
            let names_itself = tag.starts_with("rel=\"canonical\"") || tag.contains("hreflang=");
            if !names_itself {
                assert!(!tag.contains("href=\"http") && !tag.contains("href=\"//"), "{path}: {tag}");
            }
        }
    }
}

async fn files_and_health(backend: Backend) {
    let app = newsroom(backend).await;
    let health = app.get("/healthz").await;
    assert_eq!((health.status.as_u16(), health.body.as_str()), (200, "ok\n"));
    let ready = app.get("/readyz").await;
    assert_eq!((ready.status.as_u16(), ready.body.as_str()), (200, "ready\n"), "migrated and answering");
    let page = app.get("/english/2026/07/han-river-floods").await;
    let src = page.body.split("src=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let image = app.get(&src).await;
    assert_eq!(image.status, 200);
    assert_eq!(image.header("content-type"), "image/png");
    assert!(image.header("cache-control").contains("immutable"));
    assert_eq!(app.get("/media/..%2F..%2Fetc%2Fpasswd").await.status, 404);
    assert_eq!(app.get(&format!("/media/{}.png", "0".repeat(64))).await.status, 404);
    let css_href = page.body.split("rel=\"stylesheet\" href=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let css = app.get(&css_href).await;
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").starts_with("text/css"));
}

async fn a_theme_folder_overrides_templates_text_and_styles(backend: Backend) {
    let theme = crate::support::TempDir::new();
    let folder = |name: &str| {
        let path = theme.path().join(name);
        std::fs::create_dir_all(&path).unwrap();
        path
    };
    std::fs::write(
        folder("templates").join("error.html"),
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">Custom: {{ t(\"error-not-found-title\") }}</p>{% endblock %}",
    )
    .unwrap();
    let english = dateline_web::i18n::EMBEDDED_CATALOGS[0].1.replace("= Page not found", "= Nothing here, friend");
    std::fs::write(folder("i18n").join("en.ftl"), english).unwrap();
    std::fs::write(folder("static").join("style.css"), "body { color: rebeccapurple; }").unwrap();
    let site = dateline_web::SiteSettings { theme_dir: Some(theme.path().to_path_buf()), ..Default::default() };
    let app = TestApp::with_site(backend, site).await;

    let missing = app.get("/nowhere/at/all").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<p class=\"custom\">Custom: Nothing here, friend</p>"), "{}", missing.body);
    let css_href =
        missing.body.split("rel=\"stylesheet\" href=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert_eq!(app.get(&css_href).await.body, "body { color: rebeccapurple; }");
}

on_both_backends!(
    a_theme_folder_overrides_templates_text_and_styles,
    article_page_reads_like_a_news_article,
    pages_speak_the_service_language,
    not_found_pages_use_the_service_language,
    only_published_articles_are_public,
    service_homes_paginate,
    front_page_lists_services_and_latest_stories,
    pages_load_nothing_from_other_hosts,
    files_and_health,
);
