//! Changes to accounts: users added and disabled by operators, passwords and second
//! factors changed by their owners; each checked and audited.

use chrono::{DateTime, Utc};

use super::*;
use crate::audit::{AuditAction, AuditObject, NewAuditEntry};
use crate::store::{AccountStore, AuditStore, ServiceStore, StoreError};

/// A user to create, as an operator asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Codes of the services a moderator moderates (ignored for other roles).
    pub services: Vec<String>,
    /// The password.
    pub password: String,
}

/// Creates a user (admins, the command line, or the setup link for the first admin).
pub async fn add_user<S>(
    store: &S,
    passwords: &dyn Passwords,
    actor: Actor<'_>,
    new: &NewAccount,
    now: DateTime<Utc>,
) -> Result<User, AccountError>
where
    S: AccountStore + ServiceStore + ?Sized,
{
    let allowed = match actor {
        Actor::Setup => new.role == Role::Admin && !admin_ever_existed(store).await?,
        other => other.is_admin(),
    };
    if !allowed {
        return Err(AccountError::Forbidden);
    }
    validate_user_name(&new.name)?;
    let known = store.services().await?;
    let mut services = Vec::new();
    let codes: Vec<&str> = new.services.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    if new.role.is_scoped() {
        for code in &codes {
            let service = known.iter().find(|s| s.code == *code);
            services.push(service.ok_or_else(|| AccountError::UnknownService((*code).to_owned()))?.id);
        }
        if services.is_empty() {
            return Err(AccountError::ServicesRequired(new.role));
        }
    }
    validate_password(&new.password)?;
    let password_hash = passwords.hash(&new.password).await?;
    let codes: Vec<&str> = if new.role.is_scoped() { codes } else { Vec::new() };
    let audit = NewAuditEntry::new(actor.name(), AuditAction::UserAdd, AuditObject::User(new.name.clone()))
        .change(serde_json::Value::Null, serde_json::json!({ "role": new.role.as_str(), "services": codes }));
    let user = NewUser { name: new.name.clone(), role: new.role, services, password_hash };
    match store.create_user(&user, now, &audit).await {
        Err(StoreError::Conflict(_)) => Err(AccountError::Taken(new.name.clone())),
        other => Ok(other?),
    }
}

/// Whether any admin was ever created (users are never deleted, only disabled): the
/// first-admin setup is possible only before.
pub async fn admin_ever_existed<S: AccountStore + ?Sized>(store: &S) -> Result<bool, AccountError> {
    Ok(store.users().await?.iter().any(|u| u.role == Role::Admin))
}

/// Disables a user: they cannot sign in, and their sessions end. Returns whether they were
/// enabled.
pub async fn disable_user<S: AccountStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    user: &User,
    now: DateTime<Utc>,
) -> Result<bool, AccountError> {
    if !actor.is_admin() {
        return Err(AccountError::Forbidden);
    }
    if let Actor::User(me) = actor
        && me.id == user.id
    {
        return Err(AccountError::DisableSelf);
    }
    let audit = NewAuditEntry::new(actor.name(), AuditAction::UserDisable, AuditObject::User(user.name.clone()))
        .change(serde_json::json!({ "disabled": user.disabled }), serde_json::json!({ "disabled": true }));
    Ok(store.disable_user(user.id, now, &audit).await?)
}

/// Sets a user's password as an operator; their sessions end.
pub async fn reset_password<S: AccountStore + ?Sized>(
    store: &S,
    passwords: &dyn Passwords,
    actor: Actor<'_>,
    user: &User,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    if !actor.is_admin() {
        return Err(AccountError::Forbidden);
    }
    validate_password(password)?;
    let hash = passwords.hash(password).await?;
    let audit = NewAuditEntry::new(actor.name(), AuditAction::UserResetPassword, AuditObject::User(user.name.clone()));
    Ok(store.set_password(user.id, &hash, now, &audit).await?)
}

/// A user's answer to "current password".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurrentPassword {
    /// Right.
    Right,
    /// Wrong (audited).
    Wrong,
    /// Too many wrong answers lately: the caller ends the session.
    Exhausted,
}

/// Checks a user's "current password" before a change to their account. Answers count
/// under the account's own key before they are checked: after [`PASSWORD_CHECK_FAILURES`]
/// wrong ones in [`LOCKOUT_WINDOW`] no more are checked (a hijacked or unattended session
/// is no oracle for the password). Wrong answers are audited.
pub async fn check_current_password<S>(
    store: &S,
    passwords: &dyn Passwords,
    user: &User,
    password: &str,
    now: DateTime<Utc>,
) -> Result<CurrentPassword, AccountError>
where
    S: AccountStore + AuditStore + ?Sized,
{
    let key = password_check_key(user.id);
    let attempt = store.record_attempt(&key, now).await?;
    if store.attempts_since(&key, now - LOCKOUT_WINDOW).await? > PASSWORD_CHECK_FAILURES {
        return Ok(CurrentPassword::Exhausted);
    }
    if passwords.verify(password, &user.password_hash).await {
        store.forget_attempts(&[attempt]).await?;
        return Ok(CurrentPassword::Right);
    }
    let audit =
        NewAuditEntry::new(&user.name, AuditAction::UserPasswordCheckFailed, AuditObject::User(user.name.clone()));
    store.append_audit(&audit, now).await?;
    Ok(CurrentPassword::Wrong)
}

/// Changes a user's own password (after [`check_current_password`]); every session ends.
pub async fn change_password<S: AccountStore + ?Sized>(
    store: &S,
    passwords: &dyn Passwords,
    user: &User,
    new: &str,
    again: &str,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    validate_password(new)?;
    if new != again {
        return Err(AccountError::PasswordsDiffer);
    }
    let hash = passwords.hash(new).await?;
    let audit = NewAuditEntry::new(&user.name, AuditAction::UserPassword, AuditObject::User(user.name.clone()));
    Ok(store.set_password(user.id, &hash, now, &audit).await?)
}

/// Turns on a user's second factor with the secret their app holds, if `code` is its
/// current code (which is then used up); returns the recovery codes, shown once.
pub async fn enable_second_factor<S: AccountStore + ?Sized>(
    store: &S,
    user: &User,
    secret: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, AccountError> {
    let step = totp_step(secret, code, now).ok_or(AccountError::WrongCode)?;
    let codes = generate_recovery_codes(10);
    let hashes: Vec<String> = codes.iter().map(|c| crate::comments::sha256_hex(c)).collect();
    let audit = NewAuditEntry::new(&user.name, AuditAction::UserSecondFactorOn, AuditObject::User(user.name.clone()))
        .change(serde_json::json!({ "second_factor": false }), serde_json::json!({ "second_factor": true }));
    store.set_second_factor(user.id, Some(secret), &hashes, now, &audit).await?;
    // The code that turned it on cannot sign anyone in.
    store.use_totp_step(user.id, step).await?;
    Ok(codes)
}

/// Turns off a user's second factor (after [`check_current_password`]).
pub async fn disable_second_factor<S: AccountStore + ?Sized>(
    store: &S,
    user: &User,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    let audit = NewAuditEntry::new(&user.name, AuditAction::UserSecondFactorOff, AuditObject::User(user.name.clone()))
        .change(serde_json::json!({ "second_factor": true }), serde_json::json!({ "second_factor": false }));
    Ok(store.set_second_factor(user.id, None, &[], now, &audit).await?)
}
