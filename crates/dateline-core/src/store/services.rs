//! Services (language desks) and what the site keeps for them: Terms of Use, comment
//! notices, and the site's secrets.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::audit::NewAuditEntry;
use crate::services::{NewService, Service, ServiceId};

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

/// Services, their policies, and site secrets.
#[async_trait]
pub trait ServiceStore: Send + Sync {
    /// Creates a service (audited). A taken code is a [`super::StoreError::Conflict`].
    async fn create_service(&self, new: &NewService, now: DateTime<Utc>, audit: &NewAuditEntry)
    -> StoreResult<Service>;

    /// All services, in the order they were created.
    async fn services(&self) -> StoreResult<Vec<Service>>;

    /// Sets a service's attack mode (audited, in the same transaction).
    async fn set_attack_mode(
        &self,
        service: ServiceId,
        mode: crate::attack::AttackMode,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;

    /// Begins or ends a service's lockdown (audited, in the same transaction).
    async fn set_lockdown(
        &self,
        service: ServiceId,
        on: bool,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;

    /// Sets the origins whose pages may carry a service's comments (audited, in the same
    /// transaction).
    async fn set_embed_origins(
        &self,
        service: ServiceId,
        origins: &[String],
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;

    /// Sets or clears (`None`: the catalog's text) a service's comment notice (audited, in
    /// the same transaction).
    async fn set_comment_notice(
        &self,
        service: ServiceId,
        notice: Option<&str>,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;

    /// Publishes a new version of a service's Terms of Use (audited, in the same
    /// transaction); returns its version number.
    async fn publish_terms(
        &self,
        service: ServiceId,
        terms: &NewTerms,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<i64>;

    /// The current Terms of Use of a service, if it has published any.
    async fn current_terms(&self, service: ServiceId) -> StoreResult<Option<Terms>>;

    /// A site secret by name, created (random) on first use. Shared by every node.
    async fn secret(&self, name: &str, now: DateTime<Utc>) -> StoreResult<String>;

    /// Deletes a site secret.
    async fn delete_secret(&self, name: &str) -> StoreResult<()>;

    /// Deletes the secrets whose names start with `prefix`, created before `cutoff`.
    async fn delete_secrets_before(&self, prefix: &str, cutoff: DateTime<Utc>) -> StoreResult<u64>;

    /// Daily address-hash secrets still kept (newest first), for ban checks across days.
    async fn address_secrets(&self) -> StoreResult<Vec<String>>;

    /// Checks that the database answers.
    async fn ping(&self) -> StoreResult<()>;

    /// The database connection pools now: (name, connections open, of them idle).
    fn pool_usage(&self) -> Vec<(&'static str, u32, u32)> {
        Vec::new()
    }

    /// Whether every migration this program knows is applied (for `/readyz`): a node started
    /// on a database another node has not finished migrating, or one migrated by a newer
    /// program, is not ready.
    async fn schema_is_current(&self) -> StoreResult<bool>;
}

/// What may be written when Terms of Use are published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTerms {
    /// The text in Markdown.
    pub markdown: String,
    /// The text rendered and sanitized.
    pub html: String,
}
