//! Articles: saving imported stories, and reading them for pages and lists.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::articles::{Article, ArticleDraft, ArticleId, ArticleRef, ArticleSummary, Status};
use crate::services::ServiceId;

/// Whether saving an article created it or replaced an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// A new article.
    Created(ArticleId),
    /// An existing article (same service and slug) was replaced.
    Updated(ArticleId),
}

/// A place in a list of articles (newest first): the story next to which a page begins.
/// Lists are read from such a place, not by page number, so the thousandth page costs
/// what the first does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListCursor {
    /// Publication time of the story.
    pub published_at: DateTime<Utc>,
    /// The story (it orders stories published at the same moment).
    pub id: ArticleId,
}

impl ListCursor {
    /// The place of a listed story (`None` for a draft, which no list shows).
    pub fn of(summary: &ArticleSummary) -> Option<ListCursor> {
        summary.published_at.map(|published_at| ListCursor { published_at, id: summary.id })
    }

    /// Reads the `MICROSECONDS.ID` form that [`Display`](std::fmt::Display) writes.
    pub fn parse(text: &str) -> Option<ListCursor> {
        let (micros, id) = text.split_once('.')?;
        let micros: i64 = micros.parse().ok().filter(|m| *m >= 0)?;
        let id: i64 = id.parse().ok().filter(|id| *id > 0)?;
        Some(ListCursor { published_at: crate::clock::from_micros(micros), id: ArticleId(id) })
    }
}

impl std::fmt::Display for ListCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", crate::clock::to_micros(self.published_at), self.id.0)
    }
}

/// Which page of an article list to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListPosition {
    /// The newest stories.
    Newest,
    /// The stories just older than the cursor.
    Before(ListCursor),
    /// The stories just newer than the cursor.
    After(ListCursor),
}

/// A page of an article list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListRequest {
    /// Where the page begins.
    pub position: ListPosition,
    /// Stories per page.
    pub per_page: u32,
}

/// One page of stories, newest first, and whether newer or older stories lie beyond it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticlePage {
    /// The stories of this page.
    pub items: Vec<ArticleSummary>,
    /// Whether newer stories exist than the first of this page.
    pub has_newer: bool,
    /// Whether older stories exist than the last of this page.
    pub has_older: bool,
}

/// A line of the newsroom's article list (`dateline article list`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleListing {
    /// Service code.
    pub service_code: String,
    /// Slug.
    pub slug: String,
    /// Headline.
    pub headline: String,
    /// Status at the time of listing.
    pub status: Status,
}

/// Another language's version of the same story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// The service it was published in.
    pub service_id: ServiceId,
    /// Its slug.
    pub slug: String,
    /// Its headline.
    pub headline: String,
    /// Its publication time.
    pub published_at: DateTime<Utc>,
}

/// Which public stories a feed shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoryScope {
    /// Every service's.
    Site,
    /// One service's.
    Service(ServiceId),
    /// One service's with a tag (by tag slug).
    Tag {
        /// The service.
        service: ServiceId,
        /// The tag's slug.
        slug: String,
    },
    /// One service's whose credits give any of these names (a person's byline feed).
    Credited {
        /// The service.
        service: ServiceId,
        /// The person's names.
        names: Vec<String>,
    },
}

/// Where a public story is and when it last changed (sitemaps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryLocation {
    /// Its slug.
    pub slug: String,
    /// Its headline.
    pub headline: String,
    /// When it was published.
    pub published_at: DateTime<Utc>,
    /// When it was last updated for readers, if after publication.
    pub updated_at: Option<DateTime<Utc>>,
}

/// Articles.
#[async_trait]
pub trait ArticleStore: Send + Sync {
    /// Saves articles in one transaction: all of them or none. An article with the same
    /// service and slug as an existing one replaces it. A `translation_of` may name an
    /// article saved earlier in the same call.
    async fn save_articles(&self, drafts: &[ArticleDraft], now: DateTime<Utc>) -> StoreResult<Vec<SaveOutcome>>;

    /// Whether an article exists, in any status.
    async fn article_exists(&self, article: &ArticleRef) -> StoreResult<bool>;

    /// An article by service and slug, in any status.
    async fn article_by_slug(&self, service: ServiceId, slug: &str) -> StoreResult<Option<Article>>;

    /// The story a slug it no longer has leads to (an editor changed its address), if any.
    async fn article_by_old_slug(&self, service: ServiceId, slug: &str) -> StoreResult<Option<Article>>;

    /// The story of a page on another site that carries the service's comments, if the page
    /// has been shown with them before.
    async fn story_of_page(&self, service: ServiceId, address: &str) -> StoreResult<Option<Article>>;

    /// Creates the story of a page on another site (published now, never listed), or —
    /// when another request created it first — returns that one.
    async fn add_page_story(
        &self,
        service: ServiceId,
        address: &str,
        slug: &str,
        headline: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Article>;

    /// An article by service and slug without its credits and tags (one query: enough to
    /// take a comment).
    async fn article_head(&self, service: ServiceId, slug: &str) -> StoreResult<Option<Article>>;

    /// A page of the public articles of a service, newest first.
    async fn published_articles(
        &self,
        service: ServiceId,
        now: DateTime<Utc>,
        page: ListRequest,
    ) -> StoreResult<ArticlePage>;

    /// A page of the public articles of a service with a tag (by tag slug), newest first.
    async fn articles_by_tag(
        &self,
        service: ServiceId,
        tag_slug: &str,
        now: DateTime<Utc>,
        page: ListRequest,
    ) -> StoreResult<ArticlePage>;

    /// The display name of a tag of a service, by its slug, if any public article uses it.
    async fn tag_name(&self, service: ServiceId, tag_slug: &str, now: DateTime<Utc>) -> StoreResult<Option<String>>;

    /// The newest public articles of every service, up to `per_service` each.
    async fn latest_by_service(&self, now: DateTime<Utc>, per_service: u32) -> StoreResult<Vec<ArticleSummary>>;

    /// The public versions of the same story in other services.
    async fn translations(&self, article: &Article, now: DateTime<Utc>) -> StoreResult<Vec<Translation>>;

    /// Every article in any status, by service then newest first (for the command line).
    async fn article_listing(&self, now: DateTime<Utc>) -> StoreResult<Vec<ArticleListing>>;

    /// How many articles exist, in any status.
    async fn article_count(&self) -> StoreResult<i64>;

    /// The newest public stories of a scope, whole (credits, tags and body), newest first:
    /// what a feed shows.
    async fn newest_stories(&self, scope: &StoryScope, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<Article>>;

    /// How many public stories a service has.
    async fn public_story_count(&self, service: ServiceId, now: DateTime<Utc>) -> StoreResult<i64>;

    /// Public stories of a service, oldest first from the `offset`-th, at most `limit`;
    /// only those published since `since` if given (a sitemap's part, or a news sitemap).
    async fn story_locations(
        &self,
        service: ServiceId,
        now: DateTime<Utc>,
        since: Option<DateTime<Utc>>,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<StoryLocation>>;
}
