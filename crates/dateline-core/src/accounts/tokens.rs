//! API tokens: credentials for automation (a newsroom's own tools), each for one service
//! and one desk role (reporter or editor). Created by admins, shown once, stored as a
//! SHA-256, revocable, every change audited.

use chrono::{DateTime, Utc};

use super::{AccountError, Actor, Role};
use crate::audit::{AuditAction, AuditObject, NewAuditEntry};
use crate::services::ServiceId;
use crate::store::{AccountStore, ServiceStore, StoreError};

/// The prefix of every token, so that one found in a log or a repository is recognised.
pub const TOKEN_PREFIX: &str = "dl_";

/// An API token, as stored (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Store identifier.
    pub id: i64,
    /// Its name, unique ("cms-sync").
    pub label: String,
    /// The service it works in.
    pub service_id: ServiceId,
    /// What it may do: reporter or editor.
    pub role: Role,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Its name in the audit log: `token:LABEL`.
    pub actor_name: String,
}

/// A token to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    /// Its name.
    pub label: String,
    /// Its service.
    pub service_id: ServiceId,
    /// Its role.
    pub role: Role,
    /// SHA-256 of the secret.
    pub secret_hash: String,
}

/// A new token's secret, shown once.
pub fn generate_token() -> String {
    format!("{TOKEN_PREFIX}{}", hex::encode(rand::random::<[u8; 32]>()))
}

/// Whether a label is a usable token name: 1 to 40 letters, digits, dots, hyphens and
/// underscores.
pub fn validate_label(label: &str) -> Result<(), AccountError> {
    super::validate_user_name(label).map_err(|_| AccountError::Name(label.to_owned()))
}

/// Makes a token for a service and role (admins and the command line); returns it with its
/// secret, which is never shown again.
pub async fn add_token<S>(
    store: &S,
    actor: Actor<'_>,
    label: &str,
    service_code: &str,
    role: Role,
    now: DateTime<Utc>,
) -> Result<(ApiToken, String), AccountError>
where
    S: AccountStore + ServiceStore + ?Sized,
{
    if !actor.is_admin() {
        return Err(AccountError::Forbidden);
    }
    validate_label(label)?;
    if !matches!(role, Role::Reporter | Role::Editor) {
        return Err(AccountError::TokenRole(role));
    }
    let service = store
        .services()
        .await?
        .into_iter()
        .find(|s| s.code == service_code)
        .ok_or_else(|| AccountError::UnknownService(service_code.to_owned()))?;
    let secret = generate_token();
    let new = NewApiToken {
        label: label.to_owned(),
        service_id: service.id,
        role,
        secret_hash: crate::comments::sha256_hex(&secret),
    };
    let audit = NewAuditEntry::new(actor.name(), AuditAction::TokenAdd, AuditObject::Token(label.to_owned()))
        .change(serde_json::Value::Null, serde_json::json!({ "service": service.code, "role": role.as_str() }));
    match store.create_api_token(&new, now, &audit).await {
        Ok(token) => Ok((token, secret)),
        Err(StoreError::Conflict(_)) => Err(AccountError::Taken(label.to_owned())),
        Err(error) => Err(error.into()),
    }
}

/// Revokes a token by its label (admins and the command line); returns whether it was in
/// use until now.
pub async fn revoke_token<S: AccountStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    label: &str,
    now: DateTime<Utc>,
) -> Result<bool, AccountError> {
    if !actor.is_admin() {
        return Err(AccountError::Forbidden);
    }
    let audit = NewAuditEntry::new(actor.name(), AuditAction::TokenRevoke, AuditObject::Token(label.to_owned()));
    match store.revoke_api_token(label, now, &audit).await? {
        Some(was_active) => Ok(was_active),
        None => Err(AccountError::NoSuchToken(label.to_owned())),
    }
}

/// The token a request's secret names, if it is one in use.
pub async fn token_of<S: AccountStore + ?Sized>(store: &S, secret: &str) -> Result<Option<ApiToken>, AccountError> {
    if !secret.starts_with(TOKEN_PREFIX) || secret.len() != TOKEN_PREFIX.len() + 64 {
        return Ok(None);
    }
    let token = store.api_token_by_hash(&crate::comments::sha256_hex(secret)).await?;
    Ok(token.filter(|t| t.revoked_at.is_none()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_and_recognisable() {
        let secret = generate_token();
        assert!(secret.starts_with("dl_") && secret.len() == 67);
        assert_ne!(secret, generate_token());
        assert!(validate_label("cms-sync").is_ok() && validate_label("no spaces").is_err());
    }
}
