//! Importing Markdown files: whole or not at all, with errors that name file, line and field.

use dateline_core::articles::import::{ImportError, ImportFailure};
use dateline_core::store::SaveOutcome;
use dateline_core::store::prelude::*;

use crate::support::{Backend, TestApp, tiny_png};

/// A complete, valid article file; `replace` swaps one line for another to make it bad.
fn article(replace: &[(&str, &str)]) -> String {
    let mut text = r#"+++
title = "Floodwaters recede along the Han River"
slug = "han-river-floods"
service = "english"
summary = "Thousands return home as the water falls."
published = 2026-07-07T09:30:00Z
updated = 2026-07-08T10:00:00Z
tags = ["Floods", "Han River"]
comments = "open"

[lead_image]
path = "photo.png"
caption = "Volunteers clear mud from a market street."
alt = "Volunteers with shovels in a muddy street"
credit = "Dateline/Kim Ji-won"
file_photo = true

[[credits]]
role = "reported_by"
names = ["Kim Ji-won", "Lee Min-ho"]
for_service = "korean"

[[credits]]
role = "translated_by"
names = ["Park Soo-ah"]

[[credits]]
role = "written_in_english_by"
names = ["Jane Doe"]
+++
The water began to fall on Sunday.

## Returning home

> "We lost everything on the ground floor," said one shopkeeper.

- Schools reopen on Monday.
- Roads remain closed.
"#
    .to_owned();
    for (from, to) in replace {
        assert!(text.contains(from), "fixture has no {from:?}");
        text = text.replacen(from, to, 1);
    }
    text
}

async fn import_one(
    app: &TestApp,
    text: &str,
) -> Result<Vec<dateline_core::articles::import::Imported>, ImportFailure> {
    app.import(&[("article.md", text.as_bytes()), ("photo.png", &tiny_png())]).await
}

fn single_error(result: Result<Vec<dateline_core::articles::import::Imported>, ImportFailure>) -> ImportError {
    match result {
        Err(ImportFailure::Invalid(errors)) => {
            assert_eq!(errors.len(), 1, "{errors:?}");
            errors.into_iter().next().unwrap()
        }
        other => panic!("expected an invalid-file error, got {other:?}"),
    }
}

async fn imports_and_reimports(backend: Backend) {
    let app = TestApp::with_services(backend).await;
    let imported = import_one(&app, &article(&[])).await.unwrap();
    assert!(matches!(imported[0].outcome, SaveOutcome::Created(_)));
    assert_eq!(imported[0].article.to_string(), "english/han-river-floods");

    let english = app.store.services().await.unwrap().into_iter().find(|s| s.code == "english").unwrap();
    let stored = app.store.article_by_slug(english.id, "han-river-floods").await.unwrap().unwrap();
    let lead = stored.lead_image.as_ref().unwrap();
    assert_eq!((lead.width, lead.height, lead.file_photo), (1, 1, true));
    assert_eq!(lead.credit, "Dateline/Kim Ji-won");
    assert!(app.db.dir.path().join("media").join(lead.media.as_str()).is_file());
    assert!(stored.body_html.contains("<h2>Returning home</h2>"), "{}", stored.body_html);
    assert!(stored.body_html.contains("<blockquote>"));
    assert_eq!(stored.credits.len(), 3);

    let revised = article(&[("Floodwaters recede", "Floodwaters finally recede")]);
    let imported = import_one(&app, &revised).await.unwrap();
    assert!(matches!(imported[0].outcome, SaveOutcome::Updated(_)));
    assert_eq!(app.store.article_count().await.unwrap(), 1);
    let stored = app.store.article_by_slug(english.id, "han-river-floods").await.unwrap().unwrap();
    assert_eq!(stored.headline, "Floodwaters finally recede along the Han River");
}

async fn derives_slugs_from_titles_in_any_script(backend: Backend) {
    let app = TestApp::with_services(backend).await;
    let text = article(&[
        ("slug = \"han-river-floods\"\n", ""),
        ("service = \"english\"", "service = \"korean\""),
        ("Floodwaters recede along the Han River", "한강 홍수 피해 복구"),
    ]);
    let imported = import_one(&app, &text).await.unwrap();
    let slug = &imported[0].article.slug;
    assert!(dateline_core::articles::slugs::is_valid_slug(slug), "{slug}");
    assert!(slug.starts_with("hangang"), "{slug}");
}

async fn sanitizes_raw_html(backend: Backend) {
    let app = TestApp::with_services(backend).await;
    let text = article(&[(
        "The water began to fall on Sunday.",
        "<script>alert('x')</script><img src=x onerror=alert(1)><iframe src=\"https://evil.example\"></iframe>\
         <a href=\"javascript:alert(1)\">click</a> <b>bold stays</b>\n\n![t](https://tracker.example/p.gif)",
    )]);
    import_one(&app, &text).await.unwrap();
    let page = app.get("/english/2026/07/han-river-floods").await;
    assert_eq!(page.status, 200);
    // The page's structured data is the one script element it may have (a data block).
    let body = page.body.to_lowercase().replace("<script type=\"application/ld+json\">", "");
    for bad in ["<script", "onerror", "<iframe", "javascript:", "tracker.example", "evil.example"] {
        assert!(!body.contains(bad), "{bad} survived");
    }
    assert!(page.body.contains("<b>bold stays</b>"));
}

/// A bad input: what it is, the file, and the expected line, field and message.
type BadCase<'a> = (&'a str, String, Option<usize>, Option<&'a str>, &'a str);

/// Every listed bad input: the error names file, line and field; nothing is written.
async fn rejects_bad_input_and_writes_nothing(backend: Backend) {
    let app = TestApp::with_services(backend).await;
    let cases: Vec<BadCase<'_>> = vec![
        (
            "malformed TOML",
            article(&[("title = \"Floodwaters recede along the Han River\"", "title = \"unterminated")]),
            Some(2),
            None,
            "invalid front matter",
        ),
        ("unknown field", article(&[("summary = ", "summery = ")]), Some(5), None, "unknown field `summery`"),
        (
            "unknown service",
            article(&[("service = \"english\"", "service = \"klingon\"")]),
            Some(4),
            Some("service"),
            "unknown service \"klingon\"",
        ),
        (
            "unknown role",
            article(&[("role = \"translated_by\"", "role = \"translator\"")]),
            Some(24),
            None,
            "unknown variant `translator`",
        ),
        (
            "unknown credit service",
            article(&[("for_service = \"korean\"", "for_service = \"martian\"")]),
            Some(21),
            Some("credits.for_service"),
            "unknown service \"martian\"",
        ),
        (
            "missing image",
            article(&[("path = \"photo.png\"", "path = \"missing.jpg\"")]),
            Some(12),
            Some("lead_image.path"),
            "cannot read image \"missing.jpg\"",
        ),
        (
            "not an image",
            article(&[("path = \"photo.png\"", "path = \"article.md\"")]),
            Some(12),
            Some("lead_image.path"),
            "is not a JPEG, PNG or WebP image",
        ),
        (
            "date without offset",
            article(&[("published = 2026-07-07T09:30:00Z", "published = 2026-07-07")]),
            Some(6),
            Some("published"),
            "not a full RFC 3339",
        ),
        (
            "impossible date",
            article(&[("published = 2026-07-07T09:30:00Z", "published = 2026-13-45T09:30:00Z")]),
            Some(6),
            None,
            "invalid front matter",
        ),
        (
            "quoted date",
            article(&[("published = 2026-07-07T09:30:00Z", "published = \"yesterday\"")]),
            Some(6),
            None,
            "invalid front matter",
        ),
        (
            "update before publication",
            article(&[("updated = 2026-07-08T10:00:00Z", "updated = 2026-07-01T10:00:00Z")]),
            Some(7),
            Some("updated"),
            "before the publication",
        ),
        (
            "empty title",
            article(&[("title = \"Floodwaters recede along the Han River\"", "title = \"   \"")]),
            Some(2),
            Some("title"),
            "the title is empty",
        ),
        (
            "missing title",
            article(&[("title = \"Floodwaters recede along the Han River\"\n", "")]),
            None,
            None,
            "missing field `title`",
        ),
        (
            "bad slug",
            article(&[("slug = \"han-river-floods\"", "slug = \"Han River!\"")]),
            Some(3),
            Some("slug"),
            "not a valid slug",
        ),
        (
            "missing translation target",
            article(&[("comments = \"open\"", "translation_of = \"korean/no-such-story\"")]),
            Some(9),
            Some("translation_of"),
            "there is no article korean/no-such-story",
        ),
        ("no front matter", "Just a body.\n".to_owned(), Some(1), None, "must start with a line of three plus signs"),
        ("unclosed front matter", "+++\ntitle = \"x\"\n".to_owned(), None, None, "not closed"),
        ("no body", article(&[]).split_inclusive("+++\n").take(2).collect(), None, None, "no body"),
    ];
    for (case, text, line, field, message) in cases {
        let error = single_error(import_one(&app, &text).await);
        assert_eq!(error.file, "article.md", "{case}");
        assert_eq!(error.line, line, "{case}: {error}");
        assert_eq!(error.field.as_deref(), field, "{case}: {error}");
        assert!(error.message.contains(message), "{case}: {error}");
        assert_eq!(app.store.article_count().await.unwrap(), 0, "{case} wrote an article");
    }
}

async fn a_batch_imports_whole_or_not_at_all(backend: Backend) {
    let app = TestApp::with_services(backend).await;
    let good = article(&[]);
    let bad = article(&[
        ("slug = \"han-river-floods\"", "slug = \"second\""),
        ("service = \"english\"", "service = \"nope\""),
    ]);
    let result =
        app.import(&[("good.md", good.as_bytes()), ("bad.md", bad.as_bytes()), ("photo.png", &tiny_png())]).await;
    let error = single_error(result);
    assert_eq!(error.file, "bad.md");
    assert_eq!(
        error.to_string(),
        "bad.md:4: service: unknown service \"nope\" (known services: english, korean, uyghur)"
    );
    assert_eq!(app.store.article_count().await.unwrap(), 0);

    // A translation and its original in one batch, in either order.
    let original = article(&[("service = \"english\"", "service = \"korean\"")]);
    let translation = article(&[
        ("slug = \"han-river-floods\"", "slug = \"han-river-floods-ug\""),
        ("service = \"english\"", "service = \"uyghur\""),
        ("comments = \"open\"", "translation_of = \"korean/han-river-floods\""),
    ]);
    app.import(&[("b.md", translation.as_bytes()), ("a.md", original.as_bytes()), ("photo.png", &tiny_png())])
        .await
        .unwrap();
    assert_eq!(app.store.article_count().await.unwrap(), 2);
}

on_both_backends!(
    imports_and_reimports,
    derives_slugs_from_titles_in_any_script,
    sanitizes_raw_html,
    rejects_bad_input_and_writes_nothing,
    a_batch_imports_whole_or_not_at_all,
);
