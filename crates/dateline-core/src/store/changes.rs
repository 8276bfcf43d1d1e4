//! The change feed behind the page cache: what each write made stale, for every node.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::changes::Change;

/// The change log.
#[async_trait]
pub trait ChangeFeed: Send + Sync {
    /// Changes to public pages after `after`, oldest first, written by any node or process
    /// in the same transaction as the change itself.
    async fn changes_since(&self, after: i64) -> StoreResult<Vec<Change>>;

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
