//! Signed tokens: what each kind signs for and how long it lives, in one place, so that a
//! form and its handler cannot disagree on a purpose's spelling or a token's age.
//!
//! A token is `SECONDS.HEX` (or `SECONDS.NONCE.HEX` for a token used once): the time it
//! was issued and an HMAC-SHA-256 of its purpose and time under the site's form-signing
//! key, which every node shares.

use chrono::{DateTime, Duration, Utc};
use dateline_core::ArticleId;
use dateline_core::accounts::UserId;
use dateline_core::comments::{CommentId, FORM_LIFETIME_HOURS};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How long a preview link works.
pub const PREVIEW_DAYS: i64 = 7;

/// What a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose<'a> {
    /// The console's sign-in form.
    Login,
    /// A comment form of an article (its "shown at" time; works once).
    Comment(ArticleId),
    /// The report forms of an article.
    Report(ArticleId),
    /// A commenter's deletion of their comment (bound to their token's hash).
    Delete {
        /// The comment.
        comment: CommentId,
        /// SHA-256 of the commenter token.
        commenter: &'a str,
    },
    /// A read-only preview of a story, shared with someone without an account.
    Preview(ArticleId),
    /// A new TOTP secret offered to a user on their account page.
    SecondFactorSetup {
        /// The user.
        user: UserId,
        /// The secret offered.
        secret: &'a str,
    },
}

impl TokenPurpose<'_> {
    /// How long a token of this purpose is accepted (`None`: for as long as the key).
    pub fn lifetime(&self) -> Option<Duration> {
        match self {
            TokenPurpose::Login => Some(Duration::hours(1)),
            TokenPurpose::Preview(_) => Some(Duration::days(PREVIEW_DAYS)),
            TokenPurpose::Comment(_) | TokenPurpose::Report(_) => Some(Duration::hours(FORM_LIFETIME_HOURS)),
            TokenPurpose::Delete { .. } | TokenPurpose::SecondFactorSetup { .. } => None,
        }
    }

    /// Whether a token of this purpose carries a nonce (it works once).
    pub fn is_once(&self) -> bool {
        matches!(self, TokenPurpose::Comment(_))
    }

    fn label(&self) -> String {
        match self {
            TokenPurpose::Login => "login".to_owned(),
            TokenPurpose::Comment(article) => format!("comment:{}", article.0),
            TokenPurpose::Report(article) => format!("report:{}", article.0),
            TokenPurpose::Preview(article) => format!("preview:{}", article.0),
            TokenPurpose::Delete { comment, commenter } => format!("delete:{}:{commenter}", comment.0),
            TokenPurpose::SecondFactorSetup { user, secret } => format!("totp:{}:{secret}", user.0),
        }
    }
}

/// A token that verified: when it was issued, and its nonce if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// When the token was issued (a form was shown).
    pub issued: DateTime<Utc>,
    /// The nonce of a token used once.
    pub nonce: Option<String>,
}

fn mac(key: &str, message: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(message.as_bytes());
    mac
}

/// A keyed digest of a text (hex): the same text gives the same digest under one key.
pub fn keyed_digest(key: &str, text: &str) -> String {
    hex::encode(mac(key, text).finalize().into_bytes())
}

/// Signs a purpose at `now`.
pub fn sign(key: &str, purpose: TokenPurpose<'_>, now: DateTime<Utc>) -> String {
    let seconds = now.timestamp();
    if purpose.is_once() {
        let nonce = hex::encode(rand::random::<[u8; 12]>());
        let signature = keyed_digest(key, &format!("{}:{nonce}:{seconds}", purpose.label()));
        format!("{seconds}.{nonce}.{signature}")
    } else {
        format!("{seconds}.{}", keyed_digest(key, &format!("{}:{seconds}", purpose.label())))
    }
}

/// Checks a token for a purpose at `now`: signed by this key, for this purpose, and not
/// older than the purpose's lifetime.
pub fn verify(key: &str, purpose: TokenPurpose<'_>, token: &str, now: DateTime<Utc>) -> Option<Signed> {
    let mut parts = token.trim().split('.');
    let seconds = parts.next()?;
    let (nonce, signature) = if purpose.is_once() {
        let nonce = parts.next()?;
        if nonce.len() != 24 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        (Some(nonce), parts.next()?)
    } else {
        (None, parts.next()?)
    };
    if parts.next().is_some() {
        return None;
    }
    let message = match nonce {
        Some(nonce) => format!("{}:{nonce}:{seconds}", purpose.label()),
        None => format!("{}:{seconds}", purpose.label()),
    };
    mac(key, &message).verify_slice(&hex::decode(signature).ok()?).ok()?;
    let issued = DateTime::from_timestamp(seconds.parse().ok()?, 0)?;
    if purpose.lifetime().is_some_and(|lifetime| now - issued >= lifetime) {
        return None;
    }
    Some(Signed { issued, nonce: nonce.map(str::to_owned) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).unwrap_or_default()
    }

    #[test]
    fn tokens_verify_only_for_their_purpose_and_lifetime() {
        let issued = at(1_800_000_000);
        let token = sign("key", TokenPurpose::Report(ArticleId(1)), issued);
        assert_eq!(verify("key", TokenPurpose::Report(ArticleId(1)), &token, issued).map(|s| s.issued), Some(issued));
        assert!(verify("key", TokenPurpose::Report(ArticleId(2)), &token, issued).is_none());
        assert!(verify("other", TokenPurpose::Report(ArticleId(1)), &token, issued).is_none());
        assert!(verify("key", TokenPurpose::Report(ArticleId(1)), &token, issued + Duration::hours(25)).is_none());
        let login = sign("key", TokenPurpose::Login, issued);
        assert!(verify("key", TokenPurpose::Login, &login, issued + Duration::minutes(59)).is_some());
        assert!(verify("key", TokenPurpose::Login, &login, issued + Duration::minutes(61)).is_none());
        assert!(verify("key", TokenPurpose::Login, "garbage", issued).is_none());
    }

    #[test]
    fn comment_tokens_carry_a_nonce() {
        let issued = at(1_800_000_000);
        let purpose = TokenPurpose::Comment(ArticleId(1));
        let token = sign("key", purpose, issued);
        let nonce = verify("key", purpose, &token, issued).and_then(|s| s.nonce).unwrap_or_default();
        assert_eq!(nonce.len(), 24);
        assert_ne!(sign("key", purpose, issued), token, "every form its own nonce");
        assert!(verify("key", purpose, &token.replace(&nonce, &"0".repeat(24)), issued).is_none());
        assert!(verify("key", TokenPurpose::Comment(ArticleId(2)), &token, issued).is_none());
    }
}
