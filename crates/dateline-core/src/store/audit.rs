//! The audit log.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::audit::{AuditEntry, AuditFilter, NewAuditEntry};

/// The append-only audit log.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Appends an entry (for actions that change nothing else, such as a sign-in; changes
    /// write their entry in their own transaction).
    async fn append_audit(&self, entry: &NewAuditEntry, now: DateTime<Utc>) -> StoreResult<()>;

    /// Reads the audit log, newest first.
    async fn audit_log(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>>;
}
