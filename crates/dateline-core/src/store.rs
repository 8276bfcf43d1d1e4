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
use crate::audit::{AuditEntry, AuditFilter, NewAuditEntry};
use crate::auth::{NewUser, User, UserId};
use crate::comment::{Comment, CommentId, CommentState, NewComment, Refusal, SubmissionLimits};
use crate::media::MediaKey;
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

/// A version of a comment's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentVersion {
    /// 1 for the author's text, then one per edit.
    pub version: i64,
    /// The text of this version.
    pub text: String,
    /// The moderator who wrote it; `None` for the author.
    pub edited_by: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// A ban of a commenter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ban {
    /// Its id.
    pub id: i64,
    /// Why.
    pub reason: String,
    /// By whom.
    pub banned_by: String,
    /// Since when.
    pub created_at: DateTime<Utc>,
    /// Until when.
    pub until: DateTime<Utc>,
    /// Whether it covers the commenter token, the address, or both.
    pub by_token: bool,
    /// See `by_token`.
    pub by_address: bool,
    /// The desk whose comment it came from (`None`: a ban from before desks were recorded).
    pub service_id: Option<ServiceId>,
}

/// Readers' reports of a comment, for the queue: how many, and the latest reasons.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportSummary {
    /// Reports stored (one per reader).
    pub count: i64,
    /// The latest reasons, newest first (at most [`ReportSummary::SHOWN`]).
    pub latest: Vec<String>,
}

impl ReportSummary {
    /// How many reasons the queue shows.
    pub const SHOWN: usize = 3;
}

/// A publication notice that is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueNotice {
    /// The published comment.
    pub comment: CommentId,
    /// Its author's address.
    pub email: String,
    /// Failed attempts so far.
    pub attempts: i64,
}

/// Which comments the moderation queue shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// Only these services (a moderator's); `None`: every service.
    pub services: Option<Vec<ServiceId>>,
    /// Only this comment (one comment's page, with the same facts as the queue).
    pub comment: Option<CommentId>,
    /// Only this state.
    pub state: Option<CommentState>,
    /// Only this service (code).
    pub service: Option<String>,
    /// Only this article (slug).
    pub article: Option<String>,
    /// Only comments whose text or name contains this.
    pub search: Option<String>,
    /// Keyset pagination: only comments after this (created_at, id), oldest first.
    pub after: Option<(DateTime<Utc>, i64)>,
    /// At most this many.
    pub limit: u32,
    /// Now (bans in force are shown).
    pub now: DateTime<Utc>,
}

/// A comment in the moderation queue, with what a moderator needs to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueItem {
    /// The comment.
    pub comment: Comment,
    /// Its article's service code.
    pub service_code: String,
    /// Its article's slug.
    pub article_slug: String,
    /// Its article's headline.
    pub article_headline: String,
    /// Its article's publication time (for the link).
    pub article_published_at: Option<DateTime<Utc>>,
    /// The comment it replies to: name and text.
    pub parent: Option<(String, String)>,
    /// The commenter's other comments by token and address hash: (approved, rejected).
    pub history: (i64, i64),
    /// Whether the commenter is banned now.
    pub banned: bool,
    /// How many other comments have the same text.
    pub same_text_elsewhere: i64,
    /// Readers' reports.
    pub reports: ReportSummary,
}

/// What may be written when a session starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// SHA-256 of the session id in the cookie.
    pub id_hash: String,
    /// The user.
    pub user_id: UserId,
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Whether the user still has to give their second factor.
    pub second_factor_due: bool,
}

/// A session, as stored, with its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the id.
    pub id_hash: String,
    /// The user.
    pub user: User,
    /// CSRF token of forms in this session.
    pub csrf_token: String,
    /// Whether the second factor is still due.
    pub second_factor_due: bool,
    /// Start.
    pub created_at: DateTime<Utc>,
    /// Last request.
    pub last_seen_at: DateTime<Utc>,
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

    /// Checks that the database answers (for `/healthz`).
    async fn ping(&self) -> StoreResult<()>;

    /// A site secret by name, created (random) on first use. Shared by every node.
    async fn secret(&self, name: &str, now: DateTime<Utc>) -> StoreResult<String>;

    /// Deletes the secrets whose names start with `prefix`, created before `cutoff`.
    async fn delete_secrets_before(&self, prefix: &str, cutoff: DateTime<Utc>) -> StoreResult<u64>;

    /// Sets or clears (`None`: the catalog's text) a service's comment notice.
    async fn set_comment_notice(&self, service: ServiceId, notice: Option<&str>, now: DateTime<Utc>)
    -> StoreResult<()>;

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

    /// Writes many comments at once, in the states given (for `dateline dev generate`);
    /// returns how many were written.
    async fn import_comments(&self, comments: &[(NewComment, CommentState, DateTime<Utc>)]) -> StoreResult<u64>;

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

    /// Changes a comment's state if it is still `expected` (compare and set), and appends
    /// `audit` in the same transaction; returns whether it changed. A rejection reason is
    /// stored with `Rejected`.
    async fn set_comment_state(
        &self,
        id: CommentId,
        expected: CommentState,
        new: CommentState,
        reason: Option<&str>,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
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

    /// The service whose article a comment is about.
    async fn comment_service(&self, id: CommentId) -> StoreResult<Option<ServiceId>>;

    /// Replaces a comment's text with a moderator's edit and publishes it, if it is still
    /// `expected`: the original and every version are kept. Audited in the same transaction.
    async fn edit_comment(
        &self,
        id: CommentId,
        expected: CommentState,
        text: &str,
        editor: &str,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<bool>;

    /// Every version of a comment's text, oldest first: (version, text, editor or `None` for the author, time).
    async fn comment_versions(&self, id: CommentId) -> StoreResult<Vec<CommentVersion>>;

    /// Bans the commenter of a comment (by token hash and address hash) until `until`;
    /// returns the ban's id, or `None` if the comment does not exist or has no hashes left.
    async fn ban_commenter_of(
        &self,
        id: CommentId,
        until: DateTime<Utc>,
        reason: &str,
        by: &str,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<Option<i64>>;

    /// Lifts a ban; returns whether it was in force.
    async fn lift_ban(&self, ban: i64, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<bool>;

    /// The moderation queue.
    async fn moderation_queue(&self, filter: &QueueFilter) -> StoreResult<Vec<QueueItem>>;

    /// Counts of the comments waiting for a moderator (pending and reported) per service code
    /// and state, for the services given (all if `None`).
    async fn moderation_counts(&self, services: Option<&[ServiceId]>) -> StoreResult<Vec<(String, CommentState, i64)>>;

    /// Seconds from submission to decision of comments decided since `since`, by service code.
    async fn moderation_delays(&self, since: DateTime<Utc>) -> StoreResult<Vec<(String, i64)>>;

    /// Daily address-hash secrets still kept (newest first), for ban checks across days.
    async fn address_secrets(&self) -> StoreResult<Vec<String>>;

    /// Appends an entry to the audit log.
    async fn append_audit(&self, entry: &NewAuditEntry, now: DateTime<Utc>) -> StoreResult<()>;

    /// Reads the audit log, newest first.
    async fn audit_log(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>>;

    /// Creates a user (audited). A taken name is a [`StoreError::Conflict`].
    async fn create_user(&self, new: &NewUser, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<User>;

    /// A user by name.
    async fn user_by_name(&self, name: &str) -> StoreResult<Option<User>>;

    /// A user by id.
    async fn user(&self, id: UserId) -> StoreResult<Option<User>>;

    /// Every user, by name.
    async fn users(&self) -> StoreResult<Vec<User>>;

    /// Disables a user and ends their sessions (audited); returns whether they were enabled.
    async fn disable_user(&self, id: UserId, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<bool>;

    /// Sets a user's password hash and ends their sessions (audited).
    async fn set_password(&self, id: UserId, hash: &str, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<()>;

    /// Sets or clears a user's TOTP secret and replaces their recovery codes (audited).
    async fn set_second_factor(
        &self,
        id: UserId,
        secret: Option<&str>,
        recovery_code_hashes: &[String],
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;

    /// Uses up a recovery code; returns whether it was valid and unused.
    async fn use_recovery_code(&self, id: UserId, code_hash: &str, now: DateTime<Utc>) -> StoreResult<bool>;

    /// Starts a session (the id is stored hashed).
    async fn create_session(&self, session: &NewSession, now: DateTime<Utc>) -> StoreResult<()>;

    /// A session by id hash, with its user.
    async fn session(&self, id_hash: &str) -> StoreResult<Option<Session>>;

    /// Marks a session as seen now (for the idle timeout) and its second factor as done.
    async fn touch_session(&self, id_hash: &str, now: DateTime<Utc>, second_factor_done: bool) -> StoreResult<()>;

    /// Ends a session.
    async fn delete_session(&self, id_hash: &str) -> StoreResult<()>;

    /// Ends every session of a user; returns how many.
    async fn delete_sessions_of(&self, id: UserId) -> StoreResult<u64>;

    /// Writes a submitted comment durably if it passes the limits that depend on other
    /// submissions ([`crate::comment::admit`]), which the writer checks inside the
    /// writing transaction, counting the submissions before it. Returns the new id, or
    /// the limit it broke. Either way the submission is recorded for the address limit.
    /// When this returns an id, the comment survives a crash.
    async fn submit_comment(
        &self,
        comment: &NewComment,
        limits: SubmissionLimits,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<CommentId, Refusal>>;

    /// Deletes records of submissions and sign-in attempts made before `cutoff`, except
    /// the records of used form tokens, kept until `forms_cutoff` (a token works once for
    /// as long as it is valid).
    async fn delete_limit_records_before(&self, cutoff: DateTime<Utc>, forms_cutoff: DateTime<Utc>) -> StoreResult<()>;

    /// Publication notices waiting to be sent now (at most `limit`).
    async fn due_notices(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<DueNotice>>;

    /// Records a notice as sent: it is deleted and its address erased from the comment.
    async fn notice_sent(&self, id: CommentId) -> StoreResult<()>;

    /// Records a failed notice: tried again at `retry_at` with `summary` (a status code,
    /// never the server's text, which may quote the address) kept; or, with `None`, given
    /// up: the notice is deleted and the address erased.
    async fn notice_failed(&self, id: CommentId, summary: &str, retry_at: Option<DateTime<Utc>>) -> StoreResult<()>;

    /// Records a reader's report of a comment, once per reader (`reporter`, the keyed hash
    /// of their address); returns whether it was new.
    async fn add_report(&self, id: CommentId, reason: &str, reporter: &str, now: DateTime<Utc>) -> StoreResult<bool>;

    /// Reports stored for a comment.
    async fn report_count(&self, id: CommentId) -> StoreResult<i64>;

    /// Reports one reader sent since `since`.
    async fn reports_from_since(&self, reporter: &str, since: DateTime<Utc>) -> StoreResult<i64>;

    /// A ban by id, in force or not.
    async fn ban(&self, id: i64) -> StoreResult<Option<Ban>>;

    /// Bans in force, newest first: of these desks (`None`: all, with bans from before desks
    /// were recorded).
    async fn active_bans(&self, now: DateTime<Utc>, services: Option<&[ServiceId]>) -> StoreResult<Vec<Ban>>;

    /// Whether a commenter (by token hash) or any of an address's recent hashes is banned
    /// now from a desk's stories.
    async fn is_banned(
        &self,
        commenter_hash: &str,
        address_hashes: &[String],
        service: ServiceId,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Records a sign-in attempt under a key before it is checked; returns its id (see
    /// [`crate::auth::SignInCounts`]).
    async fn record_attempt(&self, key: &str, now: DateTime<Utc>) -> StoreResult<i64>;

    /// Attempts under a key since `since`.
    async fn attempts_since(&self, key: &str, since: DateTime<Utc>) -> StoreResult<i64>;

    /// Forgets attempts that succeeded (by id).
    async fn forget_attempts(&self, ids: &[i64]) -> StoreResult<()>;

    /// Forgets every attempt under a key (after a completed sign-in).
    async fn clear_attempts(&self, key: &str) -> StoreResult<()>;

    /// Records that a user's TOTP code of time step `step` was used, if no code of this or
    /// a later step was; returns whether it was (a code works once).
    async fn use_totp_step(&self, id: UserId, step: i64) -> StoreResult<bool>;

    /// Deletes a site secret.
    async fn delete_secret(&self, name: &str) -> StoreResult<()>;

    /// Records a media file written by this version (cleaned of metadata).
    async fn register_media(&self, key: &MediaKey, width: u32, height: u32, now: DateTime<Utc>) -> StoreResult<()>;

    /// Whether a media file was recorded by [`Store::register_media`].
    async fn media_registered(&self, key: &MediaKey) -> StoreResult<bool>;

    /// Whether a media file is shown by an article that is public now.
    async fn media_public(&self, key: &MediaKey, now: DateTime<Utc>) -> StoreResult<bool>;

    /// Replaces a media file by another in every article that shows it (lead photo and
    /// body), in one transaction; returns how many articles changed.
    async fn replace_media(
        &self,
        old: &MediaKey,
        new: &MediaKey,
        size: (u32, u32),
        now: DateTime<Utc>,
    ) -> StoreResult<u64>;

    /// Changes to public pages after `after` (id, tags), oldest first, written by any node
    /// or process in the same transaction as the change itself.
    async fn changes_since(&self, after: i64) -> StoreResult<Vec<(i64, Vec<String>)>>;

    /// The id of the newest change.
    async fn latest_change(&self) -> StoreResult<i64>;

    /// Deletes changes older than `cutoff`.
    async fn delete_changes_before(&self, cutoff: DateTime<Utc>) -> StoreResult<u64>;

    /// Waits until another node may have made a change (a notification where the database
    /// has them) or `timeout` passes.
    async fn wait_for_change(&self, timeout: std::time::Duration);

    /// How many changes this process has committed: a cheap way to notice one's own writes.
    fn local_change_count(&self) -> u64;
}
