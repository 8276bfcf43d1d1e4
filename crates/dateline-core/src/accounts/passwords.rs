//! Passwords: the rules, Argon2id hashing, and where hashing runs ([`Passwords`]).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use super::AccountError;

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
}
