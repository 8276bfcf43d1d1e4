//! Word lists, per service.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::audit::NewAuditEntry;
use crate::services::ServiceId;
use crate::words::WordEntry;

/// The services' word lists (see [`crate::words`]).
#[async_trait]
pub trait WordStore: Send + Sync {
    /// A service's list, in the order the entries were first added.
    async fn word_entries(&self, service: ServiceId) -> StoreResult<Vec<WordEntry>>;

    /// Adds entries, or changes the action and reason of those the list has (audited, in
    /// the same transaction).
    async fn add_word_entries(
        &self,
        service: ServiceId,
        entries: &[WordEntry],
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;

    /// Removes entries (audited, in the same transaction); returns how many there were.
    async fn remove_word_entries(
        &self,
        service: ServiceId,
        entries: &[String],
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<u64>;
}
