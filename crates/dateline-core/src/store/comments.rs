//! Comments: submissions, the published threads, the commenter's own comments, deletion,
//! retention, and publication notices.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::articles::ArticleId;
use crate::comments::{Comment, CommentId, CommentState, NewComment, Refusal, SubmissionLimits};
use crate::services::ServiceId;

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
    /// Only comments with a label that starts with this (`campaign`, `word:spam`,
    /// `reported`); the listed comments' labels then include `reported:N`.
    pub label: Option<String>,
    /// At most this many, oldest first.
    pub limit: u32,
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

/// A page of an article's published comments: top-level comments with all their replies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentPage {
    /// The page's comments, top-level ones first (oldest first), then their replies.
    pub comments: Vec<Comment>,
    /// Published top-level comments of the article in all.
    pub top_level: i64,
}

/// Where a comment is: its article's service and slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentPlace {
    /// The article's service.
    pub service_id: ServiceId,
    /// Its code.
    pub service_code: String,
    /// The article's slug.
    pub article_slug: String,
}

/// A comment written in bulk, in a state of its own (`dateline dev generate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedComment {
    /// The comment.
    pub comment: NewComment,
    /// Its state.
    pub state: CommentState,
    /// When it was submitted.
    pub at: DateTime<Utc>,
}

/// Comments.
#[async_trait]
pub trait CommentStore: Send + Sync {
    /// Writes a submitted comment durably if it passes the limits that depend on other
    /// submissions ([`crate::comments::admit`]), which the writer checks inside the
    /// writing transaction, counting the submissions before it. Returns the new id, or
    /// the limit it broke. Either way the submission is recorded for the address limit.
    /// When this returns an id, the comment survives a crash.
    async fn submit_comment(
        &self,
        comment: &NewComment,
        limits: SubmissionLimits,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<CommentId, Refusal>>;

    /// Writes many comments at once, in the states given; returns how many were written.
    async fn import_comments(&self, comments: &[ImportedComment]) -> StoreResult<u64>;

    /// Writes comments brought in from another system (`source`), each under its id there,
    /// in one transaction; one already brought in under that id is not written again.
    /// Returns the Dateline id of each, in order.
    async fn import_keyed(&self, source: &str, comments: &[(String, ImportedComment)]) -> StoreResult<Vec<CommentId>>;

    /// The Dateline ids of the comments brought in from `source` under these ids (those that
    /// were).
    async fn imported_ids(&self, source: &str, external_ids: &[String]) -> StoreResult<Vec<(String, CommentId)>>;

    /// A comment by id, in any state.
    async fn comment(&self, id: CommentId) -> StoreResult<Option<Comment>>;

    /// Where a comment is (`None` if there is no such comment).
    async fn comment_place(&self, id: CommentId) -> StoreResult<Option<CommentPlace>>;

    /// The `page`-th page of `per_page` published top-level comments of an article, oldest
    /// first, with all their replies.
    async fn public_comments(&self, article: ArticleId, page: u32, per_page: u32) -> StoreResult<CommentPage>;

    /// The comments of one commenter (by token hash) under an article that are still pending.
    async fn pending_comments_of(&self, article: ArticleId, commenter_hash: &str) -> StoreResult<Vec<Comment>>;

    /// Every comment of one commenter (by token hash), with service code and article slug.
    async fn comments_of(&self, commenter_hash: &str) -> StoreResult<Vec<CommentListing>>;

    /// Public comment counts of articles (articles without comments are absent).
    async fn comment_counts(&self, articles: &[ArticleId]) -> StoreResult<HashMap<ArticleId, i64>>;

    /// Comments for the operators' list, oldest first.
    async fn list_comments(&self, filter: &CommentFilter) -> StoreResult<Vec<CommentListing>>;

    /// Deletes a comment for its author: the state becomes `Deleted` and its name, text,
    /// email and hashes are erased from the database (not only hidden). Returns false if
    /// the comment is not this commenter's or is already deleted.
    async fn delete_comment_of(&self, id: CommentId, commenter_hash: &str, now: DateTime<Utc>) -> StoreResult<bool>;

    /// Erases address hashes, report hashes, emails and waiting notices of comments
    /// submitted before `cutoff`; returns how many comments were changed.
    async fn erase_personal_data_before(&self, cutoff: DateTime<Utc>) -> StoreResult<u64>;

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
}
