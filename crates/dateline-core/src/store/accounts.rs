//! Accounts: console users, their sessions, second factors, and sign-in attempts.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::accounts::{ApiToken, NewApiToken, NewUser, User, UserId};
use crate::audit::NewAuditEntry;

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

/// Accounts and sessions.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Creates a user (audited). A taken name is a [`super::StoreError::Conflict`].
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

    /// Sets or clears the language of a user's console.
    async fn set_console_language(&self, id: UserId, language: Option<&str>) -> StoreResult<()>;

    /// Uses up a recovery code; returns whether it was valid and unused.
    async fn use_recovery_code(&self, id: UserId, code_hash: &str, now: DateTime<Utc>) -> StoreResult<bool>;

    /// Records that a user's TOTP code of time step `step` was used, if no code of this or
    /// a later step was; returns whether it was (a code works once).
    async fn use_totp_step(&self, id: UserId, step: i64) -> StoreResult<bool>;

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

    /// Records a sign-in attempt under a key before it is checked; returns its id (see
    /// [`crate::accounts::SignInCounts`]).
    async fn record_attempt(&self, key: &str, now: DateTime<Utc>) -> StoreResult<i64>;

    /// Attempts under a key since `since`.
    async fn attempts_since(&self, key: &str, since: DateTime<Utc>) -> StoreResult<i64>;

    /// Forgets attempts that succeeded (by id).
    async fn forget_attempts(&self, ids: &[i64]) -> StoreResult<()>;

    /// Forgets every attempt under a key (after a completed sign-in).
    async fn clear_attempts(&self, key: &str) -> StoreResult<()>;

    /// Stores an API token (audited); a taken label is a [`super::StoreError::Conflict`].
    async fn create_api_token(
        &self,
        new: &NewApiToken,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<ApiToken>;

    /// Every API token, revoked ones too, by label.
    async fn api_tokens(&self) -> StoreResult<Vec<ApiToken>>;

    /// Revokes a token (audited): `None` if there is none of that label, otherwise whether
    /// it was in use until now.
    async fn revoke_api_token(
        &self,
        label: &str,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<Option<bool>>;

    /// The token whose secret has this SHA-256.
    async fn api_token_by_hash(&self, secret_hash: &str) -> StoreResult<Option<ApiToken>>;
}
