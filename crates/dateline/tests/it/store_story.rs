//! One story through every store method, on each backend.

use chrono::Duration;
use dateline_core::articles::credits::{Credit, CreditRole};
use dateline_core::articles::{ArticleDraft, ArticleRef, CommentPolicy, Status};
use dateline_core::audit::{AuditAction, AuditObject, NewAuditEntry};
use dateline_core::services::NewService;
use dateline_core::store::prelude::*;
use dateline_core::store::{ListCursor, ListPosition, ListRequest, SaveOutcome, StoreError};

use crate::support::{Backend, TestApp, test_now};

fn draft(service: &dateline_core::Service, slug: &str, hours_ago: i64) -> ArticleDraft {
    ArticleDraft {
        service_id: service.id,
        slug: slug.to_owned(),
        headline: format!("Headline {slug}"),
        summary: "A summary.".into(),
        body_markdown: "Body.".into(),
        body_html: "<p>Body.</p>".into(),
        published_at: Some(test_now() - Duration::hours(hours_ago)),
        updated_at: None,
        tags: vec!["Floods".into(), "Han River".into()],
        translation_of: None,
        comment_policy: None,
        lead_image: None,
        credits: vec![Credit {
            role: CreditRole::ReportedBy,
            names: vec!["Kim".into(), "Lee".into()],
            for_service: None,
        }],
    }
}

async fn store_story(backend: Backend) {
    let app = TestApp::new(backend).await;
    let store = app.store.as_ref();
    let now = test_now();

    let korean = NewService::parse("korean", "Korean", Some("한국어"), "ko", None, Some("Asia/Seoul")).unwrap();
    let korean = store.create_service(&korean, now, &added("korean")).await.unwrap();
    assert!(matches!(
        store.create_service(&NewService { ..korean_new() }, now, &added("korean")).await,
        Err(StoreError::Conflict(_))
    ));
    let english = NewService::parse("english", "English", None, "en", None, Some("UTC")).unwrap();
    let english = store.create_service(&english, now, &added("english")).await.unwrap();
    let services = store.services().await.unwrap();
    assert_eq!(services.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(), ["korean", "english"]);
    assert_eq!(services[0].native_name, "한국어");
    assert_eq!(services[0].time_zone.name(), "Asia/Seoul");

    // Create, then replace the same service and slug.
    let mut first = draft(&korean, "flood", 5);
    let outcomes = store.save_articles(&[first.clone()], now).await.unwrap();
    assert!(matches!(outcomes[..], [SaveOutcome::Created(_)]));
    first.headline = "Revised headline".into();
    first.credits.push(Credit {
        role: CreditRole::TranslatedBy,
        names: vec!["Park".into()],
        for_service: Some("english".into()),
    });
    first.comment_policy = Some(CommentPolicy::Closed);
    let outcomes = store.save_articles(&[first.clone()], now).await.unwrap();
    assert!(matches!(outcomes[..], [SaveOutcome::Updated(_)]));
    assert_eq!(store.article_count().await.unwrap(), 1);

    let stored = store.article_by_slug(korean.id, "flood").await.unwrap().unwrap();
    assert_eq!(stored.headline, "Revised headline");
    assert_eq!(stored.credits, first.credits);
    assert_eq!(stored.tags, ["Floods", "Han River"]);
    assert_eq!(stored.comment_policy, Some(CommentPolicy::Closed));
    assert_eq!(stored.published_at, first.published_at);

    // A translation saved in the same transaction as a new original.
    let original = draft(&korean, "railway", 3);
    let mut translation = draft(&english, "railway-en", 2);
    translation.translation_of = Some(ArticleRef { service: "korean".into(), slug: "railway".into() });
    store.save_articles(&[original, translation], now).await.unwrap();
    let railway = store.article_by_slug(korean.id, "railway").await.unwrap().unwrap();
    let linked = store.translations(&railway, now).await.unwrap();
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].slug, "railway-en");
    let railway_en = store.article_by_slug(english.id, "railway-en").await.unwrap().unwrap();
    assert_eq!(store.translations(&railway_en, now).await.unwrap()[0].slug, "railway");

    // A failed batch writes nothing: the second draft names a missing translation target.
    let mut orphan = draft(&english, "orphan", 1);
    orphan.translation_of = Some(ArticleRef { service: "korean".into(), slug: "missing".into() });
    let before = store.article_count().await.unwrap();
    assert!(store.save_articles(&[draft(&english, "fine", 1), orphan], now).await.is_err());
    assert_eq!(store.article_count().await.unwrap(), before);
    assert!(!store.article_exists(&ArticleRef { service: "english".into(), slug: "fine".into() }).await.unwrap());

    // Drafts and scheduled articles stay out of public lists.
    let mut unpublished = draft(&korean, "draft", 0);
    unpublished.published_at = None;
    let mut scheduled = draft(&korean, "later", 0);
    scheduled.published_at = Some(now + Duration::days(1));
    store.save_articles(&[unpublished, scheduled], now).await.unwrap();
    for i in 0..5 {
        store.save_articles(&[draft(&korean, &format!("extra-{i}"), 10 + i)], now).await.unwrap();
    }
    let slugs =
        |page: &dateline_core::store::ArticlePage| page.items.iter().map(|a| a.slug.clone()).collect::<Vec<_>>();
    let request = |position| ListRequest { position, per_page: 4 };
    let page1 = store.published_articles(korean.id, now, request(ListPosition::Newest)).await.unwrap();
    assert_eq!(slugs(&page1), ["railway", "flood", "extra-0", "extra-1"]);
    assert!(page1.has_older && !page1.has_newer);
    let last = ListCursor::of(page1.items.last().unwrap()).unwrap();
    assert_eq!(ListCursor::parse(&last.to_string()), Some(last));
    let page2 = store.published_articles(korean.id, now, request(ListPosition::Before(last))).await.unwrap();
    assert_eq!(slugs(&page2), ["extra-2", "extra-3", "extra-4"]);
    assert!(page2.has_newer && !page2.has_older);
    let first = ListCursor::of(&page2.items[0]).unwrap();
    let back = store.published_articles(korean.id, now, request(ListPosition::After(first))).await.unwrap();
    assert_eq!(slugs(&back), slugs(&page1), "newer than the second page is the first, newest first");
    assert!(back.has_older && !back.has_newer);

    let tagged = store.articles_by_tag(korean.id, "han-river", now, request(ListPosition::Newest)).await.unwrap();
    assert_eq!(tagged.items.len(), 4);
    assert!(tagged.has_older);
    let rest = ListPosition::Before(ListCursor::of(tagged.items.last().unwrap()).unwrap());
    assert_eq!(store.articles_by_tag(korean.id, "han-river", now, request(rest)).await.unwrap().items.len(), 3);
    assert_eq!(store.tag_name(korean.id, "han-river", now).await.unwrap().as_deref(), Some("Han River"));
    assert_eq!(store.tag_name(korean.id, "nothing", now).await.unwrap(), None);

    let latest = store.latest_by_service(now, 2).await.unwrap();
    assert_eq!(latest.iter().filter(|a| a.service_id == korean.id).count(), 2);
    assert_eq!(latest.iter().filter(|a| a.service_id == english.id).count(), 1);

    let listing = store.article_listing(now).await.unwrap();
    let status_of = |slug: &str| listing.iter().find(|l| l.slug == slug).unwrap().status;
    assert_eq!(status_of("draft"), Status::Draft);
    assert_eq!(status_of("later"), Status::Scheduled);
    assert_eq!(status_of("flood"), Status::Published);
    store.ping().await.unwrap();
}

fn korean_new() -> NewService {
    NewService::parse("korean", "Korean again", None, "ko", None, None).unwrap()
}

on_both_backends!(store_story);

/// The audit entry of a service's creation.
fn added(code: &str) -> NewAuditEntry {
    NewAuditEntry::new("test", AuditAction::ServiceAdd, AuditObject::Service(code.into()))
}
