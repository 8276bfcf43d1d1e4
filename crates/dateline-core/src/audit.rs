//! The audit log: every moderation and account action, with actor, time, before and after.

use chrono::{DateTime, Utc};
use serde_json::Value;

/// An entry to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEntry {
    /// Who acted: a user's name, `command-line`, `reader` or `system`.
    pub actor: String,
    /// What was done (`comment.approve`, `user.add`, …).
    pub action: String,
    /// What it was done to (`comment:12`, `user:kim`).
    pub object: String,
    /// The object's relevant state before (never comment text: see the migration).
    pub before: Option<Value>,
    /// The object's relevant state after.
    pub after: Option<Value>,
}

impl NewAuditEntry {
    /// An entry with no before/after.
    pub fn new(actor: &str, action: &str, object: impl Into<String>) -> NewAuditEntry {
        NewAuditEntry {
            actor: actor.to_owned(),
            action: action.to_owned(),
            object: object.into(),
            before: None,
            after: None,
        }
    }

    /// Adds the state before and after.
    pub fn change(mut self, before: Value, after: Value) -> NewAuditEntry {
        self.before = Some(before);
        self.after = Some(after);
        self
    }
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the log.
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// To what.
    pub object: String,
    /// Before, as JSON text.
    pub before: Option<String>,
    /// After, as JSON text.
    pub after: Option<String>,
}

/// Which entries to read, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this actor.
    pub actor: Option<String>,
    /// Only this action.
    pub action: Option<String>,
    /// Only entries at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only entries before this time.
    pub to: Option<DateTime<Utc>>,
    /// Only entries older than this id (keyset pagination).
    pub before_id: Option<i64>,
    /// At most this many.
    pub limit: u32,
}
