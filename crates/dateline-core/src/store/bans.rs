//! Bans of commenters, per desk.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::audit::NewAuditEntry;
use crate::comments::CommentId;
use crate::services::ServiceId;

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

/// Bans.
#[async_trait]
pub trait BanStore: Send + Sync {
    /// Bans the commenter of a comment (by token hash and address hash) from the comment's
    /// service until `until` (audited); returns the ban's id, or `None` if the comment does
    /// not exist or has no hashes left.
    async fn ban_commenter_of(
        &self,
        id: CommentId,
        until: DateTime<Utc>,
        reason: &str,
        by: &str,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<Option<i64>>;

    /// Lifts a ban (audited); returns whether it was in force.
    async fn lift_ban(&self, ban: i64, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<bool>;

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
}
