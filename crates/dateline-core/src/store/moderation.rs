//! Moderation: decisions on comments, edits and their versions, readers' reports, the
//! queue and its counts.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::audit::NewAuditEntry;
use crate::comments::{Comment, CommentId, CommentState};
use crate::services::ServiceId;

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
    /// Only comments with a label that starts with this (see [`crate::checks`]).
    pub label: Option<String>,
    /// Highest score first (unscored last), then oldest first; otherwise oldest first.
    pub by_score: bool,
    /// Keyset pagination: only comments after this (created_at, id), oldest first.
    pub after: Option<QueueCursor>,
    /// Keyset pagination backwards: only the last `limit` comments before this, still
    /// returned oldest first (the previous page).
    pub before: Option<QueueCursor>,
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
    pub parent: Option<ParentComment>,
    /// The commenter's other comments by token and address hash: (approved, rejected).
    pub history: CommenterRecord,
    /// Whether the commenter is banned now.
    pub banned: bool,
    /// How many other comments have the same text.
    pub same_text_elsewhere: i64,
    /// Readers' reports.
    pub reports: ReportSummary,
}

/// The comment a queued comment answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentComment {
    /// Its author's name.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// A commenter's other comments (by token and address hash), as moderators decided them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommenterRecord {
    /// Approved (or reported, still up).
    pub approved: i64,
    /// Rejected.
    pub rejected: i64,
}

/// A place in the queue: the comment after which a page continues (oldest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueCursor {
    /// In the queue sorted by score: the comment's score in ten-thousandths (-1: none).
    pub rank: Option<i64>,
    /// The comment's submission time.
    pub created_at: DateTime<Utc>,
    /// The comment.
    pub id: CommentId,
}

impl QueueCursor {
    /// Reads the `MICROSECONDS.ID` (or, sorted by score, `sRANK.MICROSECONDS.ID`) form
    /// that [`Display`](std::fmt::Display) writes.
    pub fn parse(text: &str) -> Option<QueueCursor> {
        let (rank, rest) = match text.strip_prefix('s') {
            Some(sorted) => {
                let (rank, rest) = sorted.split_once('.')?;
                (Some(rank.parse().ok()?), rest)
            }
            None => (None, text),
        };
        let (micros, id) = rest.split_once('.')?;
        Some(QueueCursor {
            rank,
            created_at: crate::clock::from_micros(micros.parse().ok()?),
            id: CommentId(id.parse().ok()?),
        })
    }

    /// The place of a comment in the queue, sorted by score or not.
    pub fn of(comment: &Comment, by_score: bool) -> QueueCursor {
        QueueCursor {
            rank: by_score.then(|| comment.score.map_or(-1, |s| s.0)),
            created_at: comment.created_at,
            id: comment.id,
        }
    }
}

impl std::fmt::Display for QueueCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(rank) = self.rank {
            write!(f, "s{rank}.")?;
        }
        write!(f, "{}.{}", crate::clock::to_micros(self.created_at), self.id.0)
    }
}

/// Comments waiting for a moderator, of one service and state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingCount {
    /// The service's code.
    pub service_code: String,
    /// Pending or reported.
    pub state: CommentState,
    /// How many.
    pub count: i64,
    /// When the one that has waited longest was submitted.
    pub oldest: Option<DateTime<Utc>>,
}

/// How long one comment waited for its decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerationDelay {
    /// Its service's code.
    pub service_code: String,
    /// Seconds from submission to decision.
    pub seconds: i64,
}

/// Moderation.
#[async_trait]
pub trait ModerationStore: Send + Sync {
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

    /// Every version of a comment's text, oldest first.
    async fn comment_versions(&self, id: CommentId) -> StoreResult<Vec<CommentVersion>>;

    /// Records a reader's report of a comment, once per reader (`reporter`, the keyed hash
    /// of their address); returns whether it was new.
    async fn add_report(&self, id: CommentId, reason: &str, reporter: &str, now: DateTime<Utc>) -> StoreResult<bool>;

    /// Reports stored for a comment.
    async fn report_count(&self, id: CommentId) -> StoreResult<i64>;

    /// Reports one reader sent since `since`.
    async fn reports_from_since(&self, reporter: &str, since: DateTime<Utc>) -> StoreResult<i64>;

    /// The moderation queue.
    async fn moderation_queue(&self, filter: &QueueFilter) -> StoreResult<Vec<QueueItem>>;

    /// How many comments the filter matches, all pages together (its cursors count: with
    /// `before`, the comments on earlier pages; its limit does not).
    async fn count_queue(&self, filter: &QueueFilter) -> StoreResult<u64>;

    /// Counts of the comments waiting for a moderator (pending and reported) per service
    /// and state, for the services given (all if `None`).
    async fn waiting_counts(&self, services: Option<&[ServiceId]>) -> StoreResult<Vec<WaitingCount>>;

    /// How long the comments decided since `since` waited.
    async fn moderation_delays(&self, since: DateTime<Utc>) -> StoreResult<Vec<ModerationDelay>>;
}
