//! Signing in and out: the failures counted per address, account and pair, the gate they
//! make, the second factor, and sessions ending.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};

use super::*;
use crate::audit::{AuditAction, AuditObject, NewAuditEntry, actors};
use crate::store::{AccountStore, AuditStore};

/// How far back failed sign-ins count, and how long a lock lasts.
pub const LOCKOUT_WINDOW: chrono::Duration = chrono::Duration::minutes(15);
/// Failed sign-ins of one account from one address that lock that pair.
pub const PAIR_FAILURES: i64 = 5;
/// Failed sign-ins from one address, whatever the account, that lock the address.
pub const ADDRESS_FAILURES: i64 = 20;
/// Failed sign-ins of one account from anywhere after which it is guarded: only addresses
/// without failures for it may try, and only if a second factor stands behind the password.
pub const ACCOUNT_GUARD: i64 = 20;
/// Wrong second-factor codes of one account that lock its second factor.
pub const SECOND_FACTOR_FAILURES: i64 = 5;
/// Wrong answers to "current password" in one account that end the session.
pub const PASSWORD_CHECK_FAILURES: i64 = 5;

/// The keys under which sign-in attempts are counted. The typed name is kept only as a
/// digest: a password typed into the name field is never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInKeys {
    /// This account from this address.
    pub pair: String,
    /// This address, any account.
    pub address: String,
    /// This account, any address.
    pub account: String,
}

impl SignInKeys {
    /// The keys of a sign-in with `typed_name` from the address with this hash.
    pub fn new(typed_name: &str, address_hash: &str) -> SignInKeys {
        let name = &crate::comments::sha256_hex(typed_name.trim())[..32];
        SignInKeys {
            pair: format!("pair:{name}:{address_hash}"),
            address: format!("address:{address_hash}"),
            account: format!("account:{name}"),
        }
    }

    /// Every key, in the order of [`SignInCounts`].
    pub fn all(&self) -> [&str; 3] {
        [&self.pair, &self.address, &self.account]
    }
}

/// The key of a user's second-factor attempts.
pub fn second_factor_key(user: UserId) -> String {
    format!("second-factor:{}", user.0)
}

/// The key of a user's "current password" answers.
pub fn password_check_key(user: UserId) -> String {
    format!("password-check:{}", user.0)
}

/// Attempts under each key within [`LOCKOUT_WINDOW`], the one being made included: each
/// attempt is recorded before its password is checked, so concurrent attempts count each
/// other and a burst gets no more checks than the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInCounts {
    /// See [`SignInKeys::pair`].
    pub pair: i64,
    /// See [`SignInKeys::address`].
    pub address: i64,
    /// See [`SignInKeys::account`].
    pub account: i64,
}

/// Why a sign-in attempt is refused before its password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInLock {
    /// Too many failures from this address.
    Address,
    /// Too many failures of this account from this address.
    Pair,
    /// The account is under attack from many addresses, and this address failed before
    /// or the account has no second factor.
    Account,
}

/// Whether a password may be checked now. Failures from one address lock only that
/// address (or that address for that account): nobody can lock a moderator out from
/// elsewhere. Failures from many addresses guard the account: a clean address still gets
/// in with the password and a valid second factor.
pub fn password_gate(counts: &SignInCounts, has_second_factor: bool) -> Result<(), SignInLock> {
    if counts.address > ADDRESS_FAILURES {
        Err(SignInLock::Address)
    } else if counts.pair > PAIR_FAILURES {
        Err(SignInLock::Pair)
    } else if counts.account > ACCOUNT_GUARD && (counts.pair > 1 || !has_second_factor) {
        Err(SignInLock::Account)
    } else {
        Ok(())
    }
}

/// A sign-in with a name and a password.
#[derive(Debug, Clone, Copy)]
pub struct SignInAttempt<'a> {
    /// The name as typed.
    pub name: &'a str,
    /// The password as typed.
    pub password: &'a str,
    /// The keyed hash of the client's address.
    pub address_hash: &'a str,
    /// A site secret that keys the digest of a typed name that is no account.
    pub digest_key: &'a str,
}

/// How a password sign-in went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    /// Too many failures (see [`password_gate`]); nothing was checked.
    Locked(SignInLock),
    /// Wrong name or password (audited).
    Wrong,
    /// The password is right; a session may start (its second factor due if it has one).
    PasswordRight(User),
}

/// Checks a name and password, counting the attempt first (see [`SignInCounts`]). The
/// account's earlier failures stay until the whole sign-in is complete: see
/// [`complete_sign_in`].
pub async fn sign_in<S>(
    store: &S,
    passwords: &dyn Passwords,
    attempt: SignInAttempt<'_>,
    now: DateTime<Utc>,
) -> Result<SignIn, AccountError>
where
    S: AccountStore + AuditStore + ?Sized,
{
    let typed = attempt.name.trim();
    // A name that cannot be an account is not looked up (nor sent to the database).
    let user = match validate_user_name(typed) {
        Ok(()) => store.user_by_name(typed).await?,
        Err(_) => None,
    };
    let keys = SignInKeys::new(typed, attempt.address_hash);
    let mut ids = Vec::with_capacity(3);
    for key in keys.all() {
        ids.push(store.record_attempt(key, now).await?);
    }
    let since = now - LOCKOUT_WINDOW;
    let counts = SignInCounts {
        pair: store.attempts_since(&keys.pair, since).await?,
        address: store.attempts_since(&keys.address, since).await?,
        account: store.attempts_since(&keys.account, since).await?,
    };
    if let Err(lock) = password_gate(&counts, user.as_ref().is_some_and(|u| u.totp_secret.is_some())) {
        return Ok(SignIn::Locked(lock));
    }
    let hash = user.as_ref().map_or(decoy_hash(), |u| u.password_hash.as_str());
    let matches = passwords.verify(attempt.password, hash).await;
    let user = match user {
        Some(user) if matches && !user.disabled => user,
        other => {
            store.append_audit(&failed_sign_in_entry(typed, other.as_ref(), attempt.digest_key), now).await?;
            return Ok(SignIn::Wrong);
        }
    };
    // The password was right: this attempt was no failure.
    store.forget_attempts(&ids).await?;
    store
        .append_audit(
            &NewAuditEntry::new(&user.name, AuditAction::UserLogin, AuditObject::User(user.name.clone())),
            now,
        )
        .await?;
    if user.totp_secret.is_none() {
        store.clear_attempts(&keys.pair).await?;
    }
    Ok(SignIn::PasswordRight(user))
}

/// The audit entry of a failed sign-in: by the account's own name where the name is an
/// account, otherwise a short keyed digest of what was typed (it may be a password typed
/// into the wrong field, and the log keeps entries forever): enough to see the same name
/// tried again, too short to confirm a guessed password.
fn failed_sign_in_entry(typed: &str, user: Option<&User>, key: &str) -> NewAuditEntry {
    match user {
        Some(user) => {
            NewAuditEntry::new(&user.name, AuditAction::UserLoginFailed, AuditObject::User(user.name.clone()))
        }
        None => {
            let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any length");
            mac.update(typed.as_bytes());
            let digest = hex::encode(mac.finalize().into_bytes());
            NewAuditEntry::new(actors::UNKNOWN, AuditAction::UserLoginFailed, AuditObject::UnknownUser).change(
                serde_json::Value::Null,
                serde_json::json!({ "typed_name": format!("digest:{}", &digest[..8]) }),
            )
        }
    }
}

/// How a second-factor code went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    /// Too many wrong codes lately: nothing was checked; the caller ends the session.
    Locked,
    /// Wrong, or already used (audited).
    Wrong,
    /// Right: the sign-in is complete.
    Done {
        /// Whether a recovery code was used (it is used up).
        by_recovery_code: bool,
    },
}

/// Checks a second-factor code: a TOTP code (accepted once) or a recovery code. Wrong
/// codes count under the account's own key, which only a completed sign-in clears:
/// signing in again with the password resets nothing.
pub async fn second_factor<S>(
    store: &S,
    user: &User,
    code: &str,
    address_hash: &str,
    now: DateTime<Utc>,
) -> Result<SecondFactor, AccountError>
where
    S: AccountStore + AuditStore + ?Sized,
{
    let key = second_factor_key(user.id);
    let attempt = store.record_attempt(&key, now).await?;
    if store.attempts_since(&key, now - LOCKOUT_WINDOW).await? > SECOND_FACTOR_FAILURES {
        return Ok(SecondFactor::Locked);
    }
    let code = code.trim().to_lowercase();
    let step = user.totp_secret.as_deref().and_then(|secret| totp_step(secret, &code, now));
    let by_app = match step {
        Some(step) => store.use_totp_step(user.id, step).await?,
        None => false,
    };
    let by_recovery =
        !by_app && step.is_none() && store.use_recovery_code(user.id, &crate::comments::sha256_hex(&code), now).await?;
    let object = AuditObject::User(user.name.clone());
    if !(by_app || by_recovery) {
        store.append_audit(&NewAuditEntry::new(&user.name, AuditAction::UserSecondFactorFailed, object), now).await?;
        return Ok(SecondFactor::Wrong);
    }
    store.forget_attempts(&[attempt]).await?;
    complete_sign_in(store, user, address_hash).await?;
    let action = if by_recovery { AuditAction::UserSecondFactorRecoveryCode } else { AuditAction::UserSecondFactor };
    store.append_audit(&NewAuditEntry::new(&user.name, action, object), now).await?;
    Ok(SecondFactor::Done { by_recovery_code: by_recovery })
}

/// A sign-in is complete (password, and second factor if any): only now are the account's
/// failures from this address and its wrong codes forgotten.
pub async fn complete_sign_in<S: AccountStore + ?Sized>(
    store: &S,
    user: &User,
    address_hash: &str,
) -> Result<(), AccountError> {
    store.clear_attempts(&second_factor_key(user.id)).await?;
    store.clear_attempts(&SignInKeys::new(&user.name, address_hash).pair).await?;
    Ok(())
}

/// Ends one session of a user (audited).
pub async fn sign_out<S>(store: &S, user: &User, session_hash: &str, now: DateTime<Utc>) -> Result<(), AccountError>
where
    S: AccountStore + AuditStore + ?Sized,
{
    store.delete_session(session_hash).await?;
    let audit = NewAuditEntry::new(&user.name, AuditAction::UserLogout, AuditObject::User(user.name.clone()));
    Ok(store.append_audit(&audit, now).await?)
}

/// Ends every session of a user (audited); returns how many ended.
pub async fn sign_out_everywhere<S>(store: &S, user: &User, now: DateTime<Utc>) -> Result<u64, AccountError>
where
    S: AccountStore + AuditStore + ?Sized,
{
    let ended = store.delete_sessions_of(user.id).await?;
    let audit = NewAuditEntry::new(&user.name, AuditAction::UserLogoutEverywhere, AuditObject::User(user.name.clone()))
        .change(serde_json::json!({ "sessions": ended }), serde_json::json!({ "sessions": 0 }));
    store.append_audit(&audit, now).await?;
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_locks_follow_addresses_not_accounts() {
        let counts = |pair, address, account| SignInCounts { pair, address, account };
        assert_eq!(password_gate(&counts(5, 5, 5), false), Ok(()));
        assert_eq!(password_gate(&counts(6, 6, 6), false), Err(SignInLock::Pair));
        assert_eq!(password_gate(&counts(1, 21, 1), true), Err(SignInLock::Address));
        assert_eq!(password_gate(&counts(1, 1, 30), true), Ok(()), "a clean address, with a second factor");
        assert_eq!(password_gate(&counts(1, 1, 30), false), Err(SignInLock::Account));
        assert_eq!(password_gate(&counts(2, 2, 30), true), Err(SignInLock::Account));
        let keys = SignInKeys::new("MySecretPassw0rd!", "abc");
        assert!(keys.all().iter().all(|k| !k.contains("MySecret")), "the typed name is kept as a digest");
    }
}
