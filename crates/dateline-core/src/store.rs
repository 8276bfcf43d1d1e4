//! The store interface: the domain's verbs for persistence.
//!
//! One trait, implemented for SQLite and PostgreSQL by `dateline-store`. Methods take values
//! the domain has already validated; the store enforces only what the database can
//! (uniqueness, references) and reports it as a [`StoreError`].

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use thiserror::Error;

use std::collections::HashMap;

use crate::article::{Article, ArticleDraft, ArticleId, ArticleRef, ArticleSummary, Status};
use crate::comment::{Comment, CommentId, CommentState, NewComment};
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

/// A version of a service's Terms of Use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    /// The service.
    pub service_id: ServiceId,
    /// Version number, from 1.
    pub version: i64,
    /// The text in Markdown.
    pub body_markdown: String,
    /// The text rendered and sanitized.
    pub body_html: String,
    /// When this version took effect.
    pub published_at: DateTime<Utc>,
}

/// A line of the operators' comment list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentListing {
    /// The comment.
    pub comment: Comment,
    /// Code of the article's service.
    pub service_code: String,
    /// Slug of the article.
    pub article_slug: String,
}

/// Which comments to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentFilter {
    /// Only comments in this state.
    pub state: Option<CommentState>,
    /// Only comments under articles of this service (code).
    pub service: Option<String>,
    /// At most this many, oldest first.
    pub limit: u32,
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

    /// A site secret by name, created (random) on first use. Shared by every node.
    async fn secret(&self, name: &str, now: DateTime<Utc>) -> StoreResult<String>;

    /// Deletes the secrets whose names start with `prefix`, created before `cutoff`.
    async fn delete_secrets_before(&self, prefix: &str, cutoff: DateTime<Utc>) -> StoreResult<u64>;

    /// Sets or clears (`None`: the catalog's text) a service's comment notice.
    async fn set_comment_notice(&self, service: ServiceId, notice: Option<&str>) -> StoreResult<()>;

    /// Publishes a new version of a service's Terms of Use; returns its version number.
    async fn publish_terms(
        &self,
        service: ServiceId,
        markdown: &str,
        html: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<i64>;

    /// The current Terms of Use of a service, if it has published any.
    async fn current_terms(&self, service: ServiceId) -> StoreResult<Option<Terms>>;

    /// Writes a submitted comment durably: when this returns, the comment survives a crash.
    async fn insert_comment(&self, comment: &NewComment, now: DateTime<Utc>) -> StoreResult<CommentId>;

    /// A comment by id, in any state.
    async fn comment(&self, id: CommentId) -> StoreResult<Option<Comment>>;

    /// The public comments of an article, oldest first: the `page`-th page of
    /// `per_page` top-level comments with all their replies, and the number of top-level ones.
    async fn public_comments(&self, article: ArticleId, page: u32, per_page: u32) -> StoreResult<(Vec<Comment>, i64)>;

    /// The comments of one commenter (by token hash) under an article that are still pending.
    async fn pending_comments_of(&self, article: ArticleId, commenter_hash: &str) -> StoreResult<Vec<Comment>>;

    /// Every comment of one commenter (by token hash), with service code and article slug.
    async fn comments_of(&self, commenter_hash: &str) -> StoreResult<Vec<CommentListing>>;

    /// Public comment counts of articles (articles without comments are absent).
    async fn comment_counts(&self, articles: &[ArticleId]) -> StoreResult<HashMap<ArticleId, i64>>;

    /// Comments submitted from one address hash since `since`.
    async fn comments_from_address_since(&self, address_hash: &str, since: DateTime<Utc>) -> StoreResult<i64>;

    /// Comments submitted on one article since `since`.
    async fn comments_on_article_since(&self, article: ArticleId, since: DateTime<Utc>) -> StoreResult<i64>;

    /// Whether a comment with this text hash was submitted since `since`.
    async fn text_submitted_since(&self, text_hash: &str, since: DateTime<Utc>) -> StoreResult<bool>;

    /// Changes a comment's state if it is still `expected` (compare and set); returns
    /// whether it changed. A rejection reason is stored with `Rejected`.
    async fn set_comment_state(
        &self,
        id: CommentId,
        expected: CommentState,
        new: CommentState,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Deletes a comment for its author: the state becomes `Deleted` and its name, text,
    /// email and hashes are erased from the database (not only hidden). Returns false if
    /// the comment is not this commenter's or is already deleted.
    async fn delete_comment_of(&self, id: CommentId, commenter_hash: &str, now: DateTime<Utc>) -> StoreResult<bool>;

    /// Erases address hashes and emails of comments submitted before `cutoff`; returns how
    /// many comments were changed.
    async fn erase_personal_data_before(&self, cutoff: DateTime<Utc>) -> StoreResult<u64>;

    /// Comments for the operators' list, oldest first.
    async fn list_comments(&self, filter: &CommentFilter) -> StoreResult<Vec<CommentListing>>;

    /// The article a comment is about, with its service code.
    async fn article_of_comment(&self, id: CommentId) -> StoreResult<Option<(String, String)>>;
}
