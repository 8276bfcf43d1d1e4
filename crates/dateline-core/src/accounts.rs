//! Accounts of the newsroom: roles, what each may do, passwords and second factors, and
//! the use cases that change them — each checks who may act and writes the change with
//! its audit entry in one transaction, for the console, the command line and the
//! first-admin setup alike.

use std::fmt;
use std::str::FromStr;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::audit::{AuditAction, AuditObject, NewAuditEntry, actors};
use crate::services::ServiceId;
use crate::store::{AccountStore, AuditStore, ServiceStore, StoreError};

/// The store's identifier of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserId(pub i64);

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything: users, services, Terms of Use, comment notices, and moderation of every service.
    Admin,
    /// Moderates the comments of the services assigned to them, nothing else.
    Moderator,
    /// Reserved for the newsroom tools; no moderation rights.
    Editor,
}

impl Role {
    /// Every role, the most common first.
    pub const ALL: [Role; 3] = [Role::Moderator, Role::Editor, Role::Admin];

    /// The stable name used in the store and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Moderator => "moderator",
            Role::Editor => "editor",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "admin" => Ok(Role::Admin),
            "moderator" => Ok(Role::Moderator),
            "editor" => Ok(Role::Editor),
            other => Err(format!("unknown role {other:?}: use admin, moderator or editor")),
        }
    }
}

/// A user of the console, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Store identifier.
    pub id: UserId,
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Services a moderator moderates.
    pub services: Vec<ServiceId>,
    /// Argon2id hash of the password (PHC string).
    pub password_hash: String,
    /// Disabled users cannot log in, and their sessions end.
    pub disabled: bool,
    /// Base32 TOTP secret, if the user set up a second factor.
    pub totp_secret: Option<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

impl User {
    /// Whether the user may moderate the comments of a service.
    pub fn can_moderate(&self, service: ServiceId) -> bool {
        !self.disabled
            && match self.role {
                Role::Admin => true,
                Role::Moderator => self.services.contains(&service),
                Role::Editor => false,
            }
    }

    /// Whether the user may moderate at all (the queue is theirs to see).
    pub fn is_moderator(&self) -> bool {
        !self.disabled && (self.role == Role::Admin || self.role == Role::Moderator)
    }

    /// Whether the user administers the newsroom (users, services, terms, the audit log).
    pub fn is_admin(&self) -> bool {
        !self.disabled && self.role == Role::Admin
    }
}

/// What may be written when a user is created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Services a moderator moderates.
    pub services: Vec<ServiceId>,
    /// Argon2id hash of the password.
    pub password_hash: String,
}

/// Why an account request is refused.
#[derive(Debug, Error)]
pub enum AccountError {
    /// The name is not acceptable.
    #[error("user name {0:?} is invalid: use 1 to 40 letters, digits, dots, hyphens and underscores")]
    Name(String),
    /// The password is too short or too long.
    #[error("the password must have at least {MIN_PASSWORD_CHARS} and at most 256 characters")]
    PasswordLength,
    /// The new password and its repetition differ.
    #[error("the two passwords differ")]
    PasswordsDiffer,
    /// A moderator without services would moderate nothing.
    #[error("a moderator needs at least one service to moderate")]
    ModeratorWithoutServices,
    /// A service named does not exist.
    #[error("there is no service {0:?} (see dateline service list)")]
    UnknownService(String),
    /// The name is taken.
    #[error("a user named {0:?} already exists")]
    Taken(String),
    /// No such user.
    #[error("there is no user {0:?}")]
    NoSuchUser(String),
    /// An admin cannot disable their own account (someone must be left to undo it).
    #[error("you cannot disable your own account")]
    DisableSelf,
    /// The actor may not do this.
    #[error("your role does not allow this")]
    Forbidden,
    /// A second-factor code that does not match.
    #[error("that code does not match; type the current code from your app")]
    WrongCode,
    /// Hashing failed.
    #[error("the password could not be hashed: {0}")]
    Hashing(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Checks a user name: 1–40 of letters, digits, `.`, `-`, `_`.
pub fn validate_user_name(name: &str) -> Result<(), AccountError> {
    let ok = (1..=40).contains(&name.chars().count())
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok { Ok(()) } else { Err(AccountError::Name(name.to_owned())) }
}

/// Checks a new password's length.
pub fn validate_password(password: &str) -> Result<(), AccountError> {
    let chars = password.chars().count();
    if (MIN_PASSWORD_CHARS..=256).contains(&chars) { Ok(()) } else { Err(AccountError::PasswordLength) }
}

/// The Argon2id settings: 19 MiB of memory, 2 passes, 1 lane (OWASP's minimum).
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password with Argon2id and a random salt. CPU- and memory-heavy: callers
/// bound how many run at once.
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>()).map_err(|e| AccountError::Hashing(e.to_string()))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AccountError::Hashing(e.to_string()))
}

/// Whether a password matches a stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash to verify against when the account does not exist, so that a login for an
/// unknown name takes as long as one for a known name.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password(&generate_password()).unwrap_or_default())
}

/// A strong random password: 20 characters from an alphabet without look-alikes.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..20).map(|_| char::from(ALPHABET[usize::from(rand::random::<u8>()) % ALPHABET.len()])).collect()
}

/// Random recovery codes for the second factor: `count` codes like `k7d2-9xq4-m3pa`.
pub fn generate_recovery_codes(count: usize) -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    (0..count)
        .map(|_| {
            let chars: String =
                (0..12).map(|_| char::from(ALPHABET[usize::from(rand::random::<u8>()) % ALPHABET.len()])).collect();
            format!("{}-{}-{}", &chars[..4], &chars[4..8], &chars[8..])
        })
        .collect()
}

const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A new random TOTP secret, base32 (160 bits).
pub fn generate_totp_secret() -> String {
    base32_encode(&rand::random::<[u8; 20]>())
}

fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let value = BASE32.iter().position(|&b| char::from(b) == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | u32::try_from(value).ok()?;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

/// The six-digit TOTP code (RFC 6238: HMAC-SHA-1, 30-second steps) at an instant.
pub fn totp_code(secret: &str, at: DateTime<Utc>) -> Option<String> {
    let key = base32_decode(secret)?;
    let step = u64::try_from(at.timestamp()).ok()? / 30;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&key).ok()?;
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let value = u32::from_be_bytes([digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    Some(format!("{:06}", value % 1_000_000))
}

/// The 30-second time step a valid code belongs to, allowing one step of clock drift
/// either way; `None` if the code is not valid now. A code is accepted once: the caller
/// records the step and refuses it, and any earlier one, afterwards.
pub fn totp_step(secret: &str, code: &str, now: DateTime<Utc>) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != 6 {
        return None;
    }
    [-30, 0, 30].iter().find_map(|drift| {
        let at = now + chrono::Duration::seconds(*drift);
        (totp_code(secret, at).as_deref() == Some(code.as_str())).then(|| at.timestamp().div_euclid(30))
    })
}

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

/// The `otpauth://` URI authenticator apps accept (typed in, or as a QR code elsewhere).
pub fn totp_uri(issuer: &str, user: &str, secret: &str) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") })
            .collect::<String>()
    };
    format!("otpauth://totp/{}:{}?secret={secret}&issuer={}", encode(issuer), encode(user), encode(issuer))
}

/// Who is acting.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    /// A console user.
    User(&'a User),
    /// An operator at the command line (trusted like an admin).
    CommandLine,
    /// Whoever holds the first admin's setup link (may only create that admin).
    Setup,
}

impl Actor<'_> {
    /// The name written to the audit log.
    pub fn name(&self) -> &str {
        match self {
            Actor::User(user) => &user.name,
            Actor::CommandLine => actors::COMMAND_LINE,
            Actor::Setup => actors::SETUP,
        }
    }

    /// Whether the actor administers the newsroom (an admin, or the command line).
    pub fn is_admin(&self) -> bool {
        match self {
            Actor::User(user) => user.is_admin(),
            Actor::CommandLine => true,
            Actor::Setup => false,
        }
    }
}

/// Password hashing and checking. Argon2id is slow and memory-hungry on purpose, so the
/// caller decides where it runs: the web layer on a bounded blocking pool, the command
/// line in place, tests with a cheap stand-in.
#[async_trait::async_trait]
pub trait Passwords: Send + Sync {
    /// Hashes a new password.
    async fn hash(&self, password: &str) -> Result<String, AccountError>;
    /// Whether a password matches a stored hash.
    async fn verify(&self, password: &str, hash: &str) -> bool;
}

/// Hashing in the caller's own task (the command line).
#[derive(Debug, Clone, Copy, Default)]
pub struct DirectPasswords;

#[async_trait::async_trait]
impl Passwords for DirectPasswords {
    async fn hash(&self, password: &str) -> Result<String, AccountError> {
        hash_password(password)
    }

    async fn verify(&self, password: &str, hash: &str) -> bool {
        verify_password(password, hash)
    }
}

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
    if new.role == Role::Moderator {
        for code in &codes {
            let service = known.iter().find(|s| s.code == *code);
            services.push(service.ok_or_else(|| AccountError::UnknownService((*code).to_owned()))?.id);
        }
        if services.is_empty() {
            return Err(AccountError::ModeratorWithoutServices);
        }
    }
    validate_password(&new.password)?;
    let password_hash = passwords.hash(&new.password).await?;
    let codes: Vec<&str> = if new.role == Role::Moderator { codes } else { Vec::new() };
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
    fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("wrong horse battery", &hash));
        assert!(PasswordHash::new(decoy_hash()).is_ok(), "the decoy is a real hash: it costs the same time");
        assert!(!verify_password("anything", decoy_hash()));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn totp_matches_the_rfc_test_vector() {
        // RFC 6238, SHA-1, secret "12345678901234567890", T = 59 s → 94287082 (8 digits).
        let secret = base32_encode(b"12345678901234567890");
        let code = totp_code(&secret, DateTime::from_timestamp(59, 0).unwrap()).unwrap();
        assert_eq!(code, "287082");
        assert_eq!(totp_step(&secret, "287 082", DateTime::from_timestamp(59, 0).unwrap()), Some(1));
        assert_eq!(totp_step(&secret, "287083", DateTime::from_timestamp(59, 0).unwrap()), None);
        assert_eq!(base32_decode(&secret).unwrap(), b"12345678901234567890");
    }

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

    #[test]
    fn roles_decide_who_moderates_what() {
        let user = |role, services| User {
            id: UserId(1),
            name: "u".into(),
            role,
            services,
            password_hash: String::new(),
            disabled: false,
            totp_secret: None,
            created_at: DateTime::from_timestamp(0, 0).unwrap(),
        };
        assert!(user(Role::Admin, vec![]).can_moderate(ServiceId(7)));
        assert!(user(Role::Moderator, vec![ServiceId(7)]).can_moderate(ServiceId(7)));
        assert!(!user(Role::Moderator, vec![ServiceId(7)]).can_moderate(ServiceId(8)));
        assert!(!user(Role::Editor, vec![ServiceId(7)]).can_moderate(ServiceId(7)));
        assert!(validate_user_name("kim.ji-won_2").is_ok());
        assert!(validate_user_name("a b").is_err());
    }

    mod use_case {
        use super::*;
        use crate::store::fake::FakeStore;

        /// Passwords kept as they are: the rules are under test here, not Argon2.
        struct PlainPasswords;

        #[async_trait::async_trait]
        impl Passwords for PlainPasswords {
            async fn hash(&self, password: &str) -> Result<String, AccountError> {
                Ok(format!("plain:{password}"))
            }

            async fn verify(&self, password: &str, hash: &str) -> bool {
                hash == format!("plain:{password}")
            }
        }

        fn at(seconds: i64) -> DateTime<Utc> {
            DateTime::from_timestamp(1_790_000_000 + seconds, 0).unwrap_or_default()
        }

        fn account(name: &str, role: Role, services: &[&str]) -> NewAccount {
            NewAccount {
                name: name.into(),
                role,
                services: services.iter().map(|s| (*s).to_owned()).collect(),
                password: "a long enough password".into(),
            }
        }

        async fn added(store: &FakeStore, actor: Actor<'_>, new: &NewAccount) -> Result<User, AccountError> {
            add_user(store, &PlainPasswords, actor, new, at(0)).await
        }

        #[tokio::test]
        async fn the_first_admin_comes_once_from_setup_and_is_audited() {
            let store = FakeStore::with_article();
            let boss =
                added(&store, Actor::Setup, &account("boss", Role::Admin, &[])).await.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(boss.password_hash, "plain:a long enough password");
            let second = added(&store, Actor::Setup, &account("other", Role::Admin, &[])).await;
            assert!(matches!(second, Err(AccountError::Forbidden)), "{second:?}");
            let audit = store.audit();
            assert_eq!(audit.len(), 1);
            assert_eq!((audit[0].actor.as_str(), audit[0].action), (actors::SETUP, AuditAction::UserAdd));
            assert_eq!(audit[0].object, AuditObject::User("boss".into()));
        }

        #[tokio::test]
        async fn only_admins_add_users_and_moderators_need_known_services() {
            let store = FakeStore::with_article();
            let boss = added(&store, Actor::CommandLine, &account("boss", Role::Admin, &[]))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let desk = added(&store, Actor::User(&boss), &account("desk", Role::Moderator, &["english"])).await;
            let desk = desk.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(desk.services, [crate::services::ServiceId(1)]);
            let by_moderator = added(&store, Actor::User(&desk), &account("x", Role::Editor, &[])).await;
            assert!(matches!(by_moderator, Err(AccountError::Forbidden)));
            let without = added(&store, Actor::User(&boss), &account("y", Role::Moderator, &[])).await;
            assert!(matches!(without, Err(AccountError::ModeratorWithoutServices)));
            let unknown = added(&store, Actor::User(&boss), &account("z", Role::Moderator, &["klingon"])).await;
            assert!(matches!(unknown, Err(AccountError::UnknownService(code)) if code == "klingon"));
            let taken = added(&store, Actor::User(&boss), &account("desk", Role::Editor, &[])).await;
            assert!(matches!(taken, Err(AccountError::Taken(name)) if name == "desk"));
            let short = NewAccount { password: "short".into(), ..account("w", Role::Editor, &[]) };
            assert!(matches!(added(&store, Actor::User(&boss), &short).await, Err(AccountError::PasswordLength)));
            assert_eq!(store.audit().len(), 2, "refusals write nothing");
            assert!(matches!(
                disable_user(&store, Actor::User(&boss), &boss, at(1)).await,
                Err(AccountError::DisableSelf)
            ));
            assert!(disable_user(&store, Actor::User(&boss), &desk, at(1)).await.unwrap_or(false));
        }

        #[tokio::test]
        async fn a_session_is_no_oracle_for_its_password() {
            let store = FakeStore::with_article();
            let user = added(&store, Actor::CommandLine, &account("desk", Role::Editor, &[]))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let check = |password: &'static str, seconds| {
                let (store, user) = (&store, &user);
                async move { check_current_password(store, &PlainPasswords, user, password, at(seconds)).await.ok() }
            };
            assert_eq!(check("a long enough password", 1).await, Some(CurrentPassword::Right));
            for n in 0..PASSWORD_CHECK_FAILURES {
                assert_eq!(check("guess", 2 + n).await, Some(CurrentPassword::Wrong));
            }
            assert_eq!(
                check("a long enough password", 100).await,
                Some(CurrentPassword::Exhausted),
                "not even the right one"
            );
            let later = 100 + LOCKOUT_WINDOW.num_seconds();
            assert_eq!(check("a long enough password", later).await, Some(CurrentPassword::Right));
            let failed = store.audit().iter().filter(|e| e.action == AuditAction::UserPasswordCheckFailed).count();
            assert_eq!(failed, PASSWORD_CHECK_FAILURES as usize);
        }

        #[tokio::test]
        async fn a_second_factor_code_signs_in_once() {
            let store = FakeStore::with_article();
            let user = added(&store, Actor::CommandLine, &account("desk", Role::Editor, &[]))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let secret = generate_totp_secret();
            let now = at(1000);
            let code = totp_code(&secret, now).unwrap_or_default();
            let codes =
                enable_second_factor(&store, &user, &secret, &code, now).await.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(codes.len(), 10);
            let user = store.user(user.id).await.ok().flatten().unwrap_or_else(|| panic!("gone"));
            let used = second_factor(&store, &user, &code, "address", now).await.ok();
            assert_eq!(used, Some(SecondFactor::Wrong), "the code that turned it on is spent");
            let recovery = second_factor(&store, &user, &codes[0], "address", now).await.ok();
            assert_eq!(recovery, Some(SecondFactor::Done { by_recovery_code: true }));
            let reused = second_factor(&store, &user, &codes[0], "address", now).await.ok();
            assert_eq!(reused, Some(SecondFactor::Wrong), "a recovery code works once");
        }
    }
}
