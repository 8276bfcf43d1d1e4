//! The store interface: the domain's verbs for persistence.
//!
//! One trait, implemented for SQLite and PostgreSQL by `dateline-store`. Methods take values
//! the domain has already validated; the store enforces only what the database can
//! (uniqueness, references) and reports it as a [`StoreError`].

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::article::{Article, ArticleDraft, ArticleId, ArticleRef, ArticleSummary, Status};
use crate::service::{NewService, Service, ServiceId};

/// A storage failure, in terms the callers can act on.
#[derive(Debug, Error)]
pub enum StoreError {
    /// A uniqueness rule was broken; the text names what already exists.
    #[error("{0} already exists")]
    Conflict(String),
    /// Something referred to does not exist; the text names it.
    #[error("{0} does not exist")]
    NotFound(String),
    /// The database failed (connection, I/O, corruption). Details go to the log.
    #[error("database error: {0}")]
    Database(String),
}

/// Shorthand for store results.
pub type StoreResult<T> = Result<T, StoreError>;

/// Whether saving an article created it or replaced an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// A new article.
    Created(ArticleId),
    /// An existing article (same service and slug) was replaced.
    Updated(ArticleId),
}

/// A page of a list, fetched by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// 1-based page number.
    pub page: u32,
    /// Items per page.
    pub per_page: u32,
}

impl PageRequest {
    /// Rows to skip.
    pub fn offset(self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.per_page)
    }
}

/// One page of items and whether another follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Whether there is a next page.
    pub has_next: bool,
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

/// Persistence of Dateline's domain. Implemented for SQLite and PostgreSQL.
#[async_trait]
pub trait Store: Send + Sync {
    /// Creates a service. A taken code is a [`StoreError::Conflict`].
    async fn create_service(&self, new: &NewService, now: DateTime<Utc>) -> StoreResult<Service>;

    /// All services, in the order they were created.
    async fn services(&self) -> StoreResult<Vec<Service>>;

    /// Saves articles in one transaction: all of them or none. An article with the same
    /// service and slug as an existing one replaces it. A `translation_of` may name an
    /// article saved earlier in the same call.
    async fn save_articles(&self, drafts: &[ArticleDraft], now: DateTime<Utc>) -> StoreResult<Vec<SaveOutcome>>;

    /// Whether an article exists, in any status.
    async fn article_exists(&self, article: &ArticleRef) -> StoreResult<bool>;

    /// An article by service and slug, in any status.
    async fn article_by_slug(&self, service: ServiceId, slug: &str) -> StoreResult<Option<Article>>;

    /// Public articles of a service, newest first.
    async fn published_articles(
        &self,
        service: ServiceId,
        now: DateTime<Utc>,
        page: PageRequest,
    ) -> StoreResult<Page<ArticleSummary>>;

    /// Public articles of a service with a tag (by tag slug), newest first.
    async fn articles_by_tag(
        &self,
        service: ServiceId,
        tag_slug: &str,
        now: DateTime<Utc>,
        page: PageRequest,
    ) -> StoreResult<Page<ArticleSummary>>;

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

    /// Checks that the database answers (for `/healthz`).
    async fn ping(&self) -> StoreResult<()>;
}
