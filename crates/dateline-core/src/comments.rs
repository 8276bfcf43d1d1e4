//! Comments: plain-text reader comments, pre-moderated.
//!
//! The rules live here: how submitted text is cleaned, what limits apply, which state
//! changes are allowed, and which abuse checks a submission must pass. The web layer
//! translates requests into a [`Submission`]; the store keeps the [`NewComment`] that
//! [`Submission::check`] produces.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

use crate::articles::ArticleId;
use crate::audit::{AuditAction, AuditObject, NewAuditEntry};
use crate::store::{BanStore, ChangeFeed, CommentStore, ModerationStore, ServiceStore};

/// The store's identifier of a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CommentId(pub i64);

/// Where a comment stands. See [`CommentState::after`] for the allowed changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentState {
    /// Submitted, waiting for a moderator; visible to its author alone.
    Pending,
    /// Published.
    Approved,
    /// Refused by a moderator.
    Rejected,
    /// Published, and reported by a reader; waits for a moderator's second look.
    Reported,
    /// Deleted by its author; its content is gone.
    Deleted,
}

impl CommentState {
    /// Every state.
    pub const ALL: [CommentState; 5] = [
        CommentState::Pending,
        CommentState::Approved,
        CommentState::Rejected,
        CommentState::Reported,
        CommentState::Deleted,
    ];

    /// The stable name used in the store, the API and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            CommentState::Pending => "pending",
            CommentState::Approved => "approved",
            CommentState::Rejected => "rejected",
            CommentState::Reported => "reported",
            CommentState::Deleted => "deleted",
        }
    }

    /// Whether readers see the comment (reported comments stay up until a moderator acts).
    pub fn is_public(self) -> bool {
        matches!(self, CommentState::Approved | CommentState::Reported)
    }

    /// The state a transition leads to from this one, if the transition is allowed:
    /// pending → approved | rejected; approved → reported → approved | rejected;
    /// any but deleted → deleted (by its author).
    pub fn after(self, transition: Transition) -> Option<CommentState> {
        use CommentState as S;
        match (self, transition) {
            (S::Pending | S::Reported, Transition::Approve) => Some(S::Approved),
            (S::Pending | S::Reported, Transition::Reject) => Some(S::Rejected),
            (S::Approved, Transition::Report) => Some(S::Reported),
            (S::Approved | S::Reported, Transition::Unpublish) => Some(S::Rejected),
            (S::Deleted, Transition::DeleteByAuthor) => None,
            (_, Transition::DeleteByAuthor) => Some(S::Deleted),
            _ => None,
        }
    }

    /// The states a transition may start from.
    pub fn sources_of(transition: Transition) -> Vec<CommentState> {
        CommentState::ALL.into_iter().filter(|state| state.after(transition).is_some()).collect()
    }
}

impl fmt::Display for CommentState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CommentState {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CommentState::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| format!("unknown comment state {s:?}: use pending, approved, rejected, reported or deleted"))
    }
}

/// A change of state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// A moderator publishes the comment.
    Approve,
    /// A moderator refuses it.
    Reject,
    /// A reader reports a published comment.
    Report,
    /// A moderator takes a published comment down.
    Unpublish,
    /// Its author deletes it.
    DeleteByAuthor,
}

/// Why a moderator rejected a comment: the Terms of Use's reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RejectionReason {
    /// Not about the article.
    OffTopic,
    /// Insults, threats, hate.
    Abusive,
    /// Advertising, link farming, floods.
    Spam,
    /// Reveals someone's private information.
    PersonalInformation,
    /// Anything else (with a note).
    Other,
}

impl RejectionReason {
    /// Every reason.
    pub const ALL: [RejectionReason; 5] = [
        RejectionReason::OffTopic,
        RejectionReason::Abusive,
        RejectionReason::Spam,
        RejectionReason::PersonalInformation,
        RejectionReason::Other,
    ];

    /// The stable name used in the store and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectionReason::OffTopic => "off-topic",
            RejectionReason::Abusive => "abusive",
            RejectionReason::Spam => "spam",
            RejectionReason::PersonalInformation => "personal-information",
            RejectionReason::Other => "other",
        }
    }
}

impl FromStr for RejectionReason {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RejectionReason::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown reason {s:?}: use off-topic, abusive, spam, personal-information or other"))
    }
}

/// A comment, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Store identifier.
    pub id: CommentId,
    /// The article it is about.
    pub article_id: ArticleId,
    /// The approved comment it replies to.
    pub parent_id: Option<CommentId>,
    /// Display name, as cleaned.
    pub author_name: String,
    /// The text, as cleaned (plain text; never interpreted as markup).
    pub text: String,
    /// Email for the publication notice, if given (never shown).
    pub email: Option<String>,
    /// Current state.
    pub state: CommentState,
    /// Version of the Terms of Use accepted with it.
    pub terms_version: i64,
    /// Why it was rejected, if it was.
    pub rejection_reason: Option<String>,
    /// Whether a moderator edited it.
    pub edited: bool,
    /// Submission time.
    pub created_at: DateTime<Utc>,
    /// Time of the last moderation decision.
    pub moderated_at: Option<DateTime<Utc>>,
}

/// What may be written when a comment is submitted: cleaned and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    /// The article.
    pub article_id: ArticleId,
    /// The comment replied to (checked to be approved and of the same article).
    pub parent_id: Option<CommentId>,
    /// Cleaned display name.
    pub author_name: String,
    /// Cleaned text.
    pub text: String,
    /// Email, if given.
    pub email: Option<String>,
    /// SHA-256 of the cleaned text, to find identical submissions.
    pub text_hash: String,
    /// SHA-256 of the commenter's token (the token itself is never stored).
    pub commenter_hash: String,
    /// Keyed hash of the client address under the day's secret (never the address).
    pub address_hash: String,
    /// Version of the Terms of Use accepted.
    pub terms_version: i64,
    /// The nonce of the form token it came with: a token works once from one address.
    pub form_nonce: Option<String>,
}

/// Limits and abuse settings for comments. Every field is a setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommentSettings {
    /// Longest text, in characters.
    pub text_max_chars: usize,
    /// Longest display name, in characters.
    pub name_max_chars: usize,
    /// Most links (http://, https://, www.) a text may contain.
    pub max_links: usize,
    /// Seconds that must pass between showing the form and submitting it.
    pub min_seconds_to_submit: u64,
    /// Submissions allowed from one (hashed) address per hour; 0 turns the limit off.
    pub per_address_per_hour: u32,
    /// Submissions allowed on one article per minute; 0 turns the limit off.
    pub per_article_per_minute: u32,
    /// Hours during which the same text may not be submitted again; 0 turns the check off.
    pub duplicate_window_hours: u32,
    /// Whether URLs in published comments become links (`rel="nofollow ugc noopener"`).
    pub link_urls: bool,
    /// Days after publication when comments close automatically; 0 keeps them open.
    pub close_after_days: u32,
    /// Days after which address hashes and emails are removed.
    pub retention_days: u32,
    /// Approved top-level comments per page under an article.
    pub per_page: u32,
    /// Reports one (hashed) address may send per hour; more get HTTP 429.
    pub reports_per_hour: u32,
    /// Whether API clients need a form token (`GET …/comment-form`) like the HTML form.
    /// Turn off only for trusted integrations that are rate-limited elsewhere.
    pub api_form_token: bool,
    /// Names readers may not take, as whole words after look-alike letters are folded to
    /// Latin (the site's name is added): they belong to the newsroom's staff.
    pub reserved_names: Vec<String>,
}

impl Default for CommentSettings {
    fn default() -> Self {
        CommentSettings {
            text_max_chars: 5000,
            name_max_chars: 80,
            max_links: 2,
            min_seconds_to_submit: 3,
            per_address_per_hour: 10,
            per_article_per_minute: 30,
            duplicate_window_hours: 24,
            link_urls: false,
            close_after_days: 0,
            retention_days: 30,
            per_page: 50,
            reports_per_hour: 10,
            api_form_token: true,
            reserved_names: ["moderator", "administrator", "admin", "staff", "editor", "newsroom", "dateline"]
                .map(str::to_owned)
                .to_vec(),
        }
    }
}

/// A field of the comment form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Display name.
    Name,
    /// Text.
    Text,
    /// Email.
    Email,
    /// The comment replied to.
    ParentId,
    /// The Terms of Use checkbox.
    AcceptTerms,
}

impl Field {
    /// The field's name in forms and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Text => "text",
            Field::Email => "email",
            Field::ParentId => "parent_id",
            Field::AcceptTerms => "accept_terms",
        }
    }
}

/// Why a submission is refused. Each has a message id the web layer translates.
#[derive(Debug, Clone, PartialEq, Eq, Error, strum::EnumIter)]
pub enum Refusal {
    /// The name is empty after cleaning.
    #[error("name is required")]
    NameMissing,
    /// The name belongs to the newsroom's staff.
    #[error("name is reserved for the newsroom's staff")]
    NameReserved,
    /// The name is too long.
    #[error("name is longer than {max} characters")]
    NameTooLong {
        /// The limit.
        max: usize,
    },
    /// The text is empty after cleaning.
    #[error("text is required")]
    TextMissing,
    /// The text is too long.
    #[error("text is longer than {max} characters")]
    TextTooLong {
        /// The limit.
        max: usize,
    },
    /// Too many links.
    #[error("text contains more than {max} links")]
    TooManyLinks {
        /// The limit.
        max: usize,
    },
    /// The email is malformed.
    #[error("email address is not valid")]
    EmailInvalid,
    /// The Terms of Use were not accepted.
    #[error("the Terms of Use must be accepted")]
    TermsNotAccepted,
    /// The parent is not an approved comment of this article.
    #[error("a reply can only answer a published comment of the same article")]
    ParentInvalid,
    /// The article does not take comments now.
    #[error("comments are closed for this article")]
    Closed,
    /// The honeypot field was filled.
    #[error("the form was filled in by a program")]
    Honeypot,
    /// Sent too soon after the form was shown.
    #[error("the form was sent too quickly")]
    TooFast,
    /// The same text was submitted recently.
    #[error("this text was already submitted")]
    Duplicate,
    /// Too many submissions from this address.
    #[error("too many comments from this connection; try again later")]
    AddressRateLimited,
    /// Too many submissions on this article.
    #[error("too many comments on this article right now; try again in a minute")]
    ArticleRateLimited,
    /// The commenter is banned.
    #[error("this commenter may not comment at present")]
    Banned,
    /// The form token is missing, expired, forged, or was already used from this address.
    #[error("the form expired, was already used, or did not come from this site")]
    FormExpired,
}

impl Refusal {
    /// The form field the refusal is about, if any.
    pub fn field(&self) -> Option<Field> {
        match self {
            Refusal::NameMissing | Refusal::NameReserved | Refusal::NameTooLong { .. } => Some(Field::Name),
            Refusal::TextMissing | Refusal::TextTooLong { .. } | Refusal::TooManyLinks { .. } | Refusal::Duplicate => {
                Some(Field::Text)
            }
            Refusal::EmailInvalid => Some(Field::Email),
            Refusal::TermsNotAccepted => Some(Field::AcceptTerms),
            Refusal::ParentInvalid => Some(Field::ParentId),
            _ => None,
        }
    }

    /// The id of the message explaining the refusal to the reader.
    pub fn message_id(&self) -> &'static str {
        match self {
            Refusal::NameMissing => "comment-error-name-missing",
            Refusal::NameReserved => "comment-error-name-reserved",
            Refusal::NameTooLong { .. } => "comment-error-name-too-long",
            Refusal::TextMissing => "comment-error-text-missing",
            Refusal::TextTooLong { .. } => "comment-error-text-too-long",
            Refusal::TooManyLinks { .. } => "comment-error-too-many-links",
            Refusal::EmailInvalid => "comment-error-email",
            Refusal::TermsNotAccepted => "comment-error-terms",
            Refusal::ParentInvalid => "comment-error-parent",
            Refusal::Closed => "comment-error-closed",
            Refusal::Honeypot => "comment-error-honeypot",
            Refusal::TooFast => "comment-error-too-fast",
            Refusal::Duplicate => "comment-error-duplicate",
            Refusal::AddressRateLimited => "comment-error-rate-address",
            Refusal::ArticleRateLimited => "comment-error-rate-article",
            Refusal::Banned => "comment-error-banned",
            Refusal::FormExpired => "comment-error-form-expired",
        }
    }

    /// The limit the message names, if any.
    pub fn limit(&self) -> Option<usize> {
        match self {
            Refusal::NameTooLong { max } | Refusal::TextTooLong { max } | Refusal::TooManyLinks { max } => Some(*max),
            _ => None,
        }
    }

    /// Whether the refusal is a rate limit (HTTP 429).
    pub fn is_rate_limit(&self) -> bool {
        matches!(self, Refusal::AddressRateLimited | Refusal::ArticleRateLimited)
    }
}

/// Characters removed from names and texts: bidi embeddings, overrides and isolates
/// (they can make text display in a different order than it is stored, to spoof) and
/// invisible zero-width spaces. Zero-width (non-)joiners and bidi marks stay: scripts need them.
fn is_removed_format_char(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Cleans submitted text: NFC normalisation, line breaks unified to `\n`, control and
/// spoofing characters removed (newlines kept), trailing spaces of lines and surrounding
/// blank lines trimmed.
pub fn clean_text(raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = unified.nfc().filter(|&c| c == '\n' || !(c.is_control() || is_removed_format_char(c))).collect();
    let lines: Vec<&str> = kept.split('\n').map(str::trim_end).collect();
    lines.join("\n").trim().to_owned()
}

/// Cleans a display name: as [`clean_text`], on one line, inner runs of spaces collapsed.
pub fn clean_name(raw: &str) -> String {
    clean_text(raw).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Characters that show nothing: format characters (general category Cf), the Hangul and
/// Braille fillers that are letters or symbols by category yet blank, and combining marks
/// (which show only on a letter). A name or text of nothing but these, and spaces, is empty.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || unicode_normalization::char::is_combining_mark(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{0600}'..='\u{0605}'
                | '\u{06DD}'
                | '\u{070F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Whether a text shows anything at all (see [`is_invisible`]).
pub fn has_visible(text: &str) -> bool {
    text.chars().any(|c| !is_invisible(c))
}

/// Verification marks that make a name look like a staff account's.
const STAFF_MARKS: &[char] = &['\u{2713}', '\u{2714}', '\u{2611}', '\u{2705}', '\u{1F5F8}', '\u{2600}'];

/// Whether a display name impersonates the newsroom: one of its words, after look-alike
/// letters from any script are folded to Latin ("Dаteline" with a Cyrillic "а", "Модератор"),
/// is a reserved name, or it carries a verification mark.
pub fn is_reserved_name(name: &str, reserved: &[String]) -> bool {
    if name.chars().any(|c| STAFF_MARKS.contains(&c)) {
        return true;
    }
    let folded = deunicode::deunicode(name).to_lowercase();
    let words: Vec<&str> = folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let joined: String = words.concat();
    reserved.iter().map(|r| r.to_lowercase()).filter(|r| !r.is_empty()).any(|r| {
        let r_joined: String = r.split(|c: char| !c.is_ascii_alphanumeric()).collect();
        words.contains(&r.as_str()) || joined == r_joined || (r.contains(' ') && folded.contains(r.as_str()))
    })
}

/// The URLs in a text: words starting with `http://`, `https://` or `www.`.
pub fn find_urls(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .map(|word| word.trim_start_matches(['(', '<', '"', '\'', '[', '«', '“']))
        .filter(|word| {
            let lower = word.to_ascii_lowercase();
            lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
        })
        .collect()
}

/// Checks an email address loosely: one `@`, something on both sides, a dot in the
/// domain, no spaces, at most 254 characters.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    email.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
        && !domain.contains('@')
}

/// A submission as received, before any check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// Display name.
    pub name: String,
    /// Text.
    pub text: String,
    /// Email (empty if none).
    pub email: String,
    /// The comment replied to, if any.
    pub parent_id: Option<i64>,
    /// Whether the Terms of Use box was ticked.
    pub accept_terms: bool,
}

/// A submission that passed the checks that need nothing but itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedSubmission {
    /// Cleaned name.
    pub name: String,
    /// Cleaned text.
    pub text: String,
    /// Cleaned email.
    pub email: Option<String>,
    /// The comment replied to.
    pub parent_id: Option<CommentId>,
}

impl Submission {
    /// Cleans the fields and checks them against the limits; returns every refusal found,
    /// in form order.
    pub fn check(&self, settings: &CommentSettings) -> Result<CheckedSubmission, Vec<Refusal>> {
        let mut refusals = Vec::new();
        let name = clean_name(&self.name);
        if !has_visible(&name) {
            refusals.push(Refusal::NameMissing);
        } else if is_reserved_name(&name, &settings.reserved_names) {
            refusals.push(Refusal::NameReserved);
        } else if name.chars().count() > settings.name_max_chars {
            refusals.push(Refusal::NameTooLong { max: settings.name_max_chars });
        }
        let email = clean_name(&self.email);
        if !email.is_empty() && !is_plausible_email(&email) {
            refusals.push(Refusal::EmailInvalid);
        }
        let text = clean_text(&self.text);
        if !has_visible(&text) {
            refusals.push(Refusal::TextMissing);
        } else if text.chars().count() > settings.text_max_chars {
            refusals.push(Refusal::TextTooLong { max: settings.text_max_chars });
        } else if find_urls(&text).len() > settings.max_links {
            refusals.push(Refusal::TooManyLinks { max: settings.max_links });
        }
        if !self.accept_terms {
            refusals.push(Refusal::TermsNotAccepted);
        }
        let parent_id = match self.parent_id {
            Some(id) if id <= 0 => {
                refusals.push(Refusal::ParentInvalid);
                None
            }
            other => other.map(CommentId),
        };
        if !refusals.is_empty() {
            return Err(refusals);
        }
        Ok(CheckedSubmission { name, text, email: (!email.is_empty()).then_some(email), parent_id })
    }
}

/// Whether comments are open on an article with this policy, published at
/// `published_at`, seen at `now`.
pub fn accepts_comments(
    policy: crate::articles::CommentPolicy,
    published_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    settings: &CommentSettings,
) -> bool {
    if policy != crate::articles::CommentPolicy::Open {
        return false;
    }
    match (settings.close_after_days, published_at) {
        (0, _) => true,
        (days, Some(published)) => now < published + chrono::Duration::days(i64::from(days)),
        (_, None) => true,
    }
}

/// The policy readers see: `Open` becomes `Closed` once comments have closed automatically.
pub fn effective_policy(
    policy: crate::articles::CommentPolicy,
    published_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    settings: &CommentSettings,
) -> crate::articles::CommentPolicy {
    use crate::articles::CommentPolicy;
    match policy {
        CommentPolicy::Open if !accepts_comments(policy, published_at, now, settings) => CommentPolicy::Closed,
        other => other,
    }
}

/// The hex SHA-256 of a text (for identical-text checks and token hashes).
pub fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

/// The hex SHA-256 of bytes (media file names).
pub fn sha256_hex_bytes(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// The signed form token a submission came with, as the web layer verified it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormToken {
    /// When the form was shown (the token was signed).
    pub shown_at: DateTime<Utc>,
    /// The token's random nonce: a token works once from one address.
    pub nonce: String,
}

/// What the web layer knows of a submission besides its fields.
#[derive(Debug, Clone)]
pub struct SubmitContext {
    /// The article commented on.
    pub article_id: ArticleId,
    /// The article's service (bans belong to a desk).
    pub service_id: crate::services::ServiceId,
    /// The article's comment policy in force now (see [`effective_policy`]).
    pub policy: crate::articles::CommentPolicy,
    /// SHA-256 of the commenter's token.
    pub commenter_hash: String,
    /// Keyed hash of the client address.
    pub address_hash: String,
    /// The address's hashes under every daily key still kept, to find bans made on other days.
    pub recent_address_hashes: Vec<String>,
    /// The Terms of Use version shown with the form.
    pub terms_version: i64,
    /// The form token it came with (`None` only for API clients when the site lets them
    /// post without one).
    pub form: Option<FormToken>,
    /// Whether the honeypot field was filled.
    pub honeypot_filled: bool,
    /// Whether the site sends publication notices; without them no email address is kept.
    pub accepts_email: bool,
    /// Now.
    pub now: DateTime<Utc>,
}

/// The limits the store applies at the moment of writing (see [`admit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubmissionLimits {
    /// See [`CommentSettings::per_address_per_hour`].
    pub per_address_per_hour: u32,
    /// See [`CommentSettings::per_article_per_minute`].
    pub per_article_per_minute: u32,
    /// See [`CommentSettings::duplicate_window_hours`].
    pub duplicate_window_hours: u32,
}

impl From<&CommentSettings> for SubmissionLimits {
    fn from(settings: &CommentSettings) -> Self {
        SubmissionLimits {
            per_address_per_hour: settings.per_address_per_hour,
            per_article_per_minute: settings.per_article_per_minute,
            duplicate_window_hours: settings.duplicate_window_hours,
        }
    }
}

/// What the store counts about a submission when it is about to be written, counting the
/// submissions written before it in the same batch. The store reads these inside the
/// writing transaction, so concurrent submissions cannot all pass a limit at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SubmissionFacts {
    /// Submissions from the same address in the last hour, refused ones included, deleted
    /// ones too (deleting a comment does not give the limit back).
    pub from_address_last_hour: i64,
    /// Comments on the article in the last minute, except those deleted by their authors
    /// (deleting one's own comments cannot close a story).
    pub on_article_last_minute: i64,
    /// Whether the same text came from the same commenter (token or address) within the
    /// duplicate window. Other readers' words are never compared.
    pub same_text_from_commenter: bool,
    /// Whether the form token was already used for a stored comment from this address.
    pub form_used: bool,
}

/// Whether a submission may be written, given what the store counted. A limit of 0 turns
/// its check off.
pub fn admit(facts: &SubmissionFacts, limits: &SubmissionLimits) -> Result<(), Refusal> {
    if facts.form_used {
        return Err(Refusal::FormExpired);
    }
    if limits.per_address_per_hour > 0 && facts.from_address_last_hour >= i64::from(limits.per_address_per_hour) {
        return Err(Refusal::AddressRateLimited);
    }
    if limits.per_article_per_minute > 0 && facts.on_article_last_minute >= i64::from(limits.per_article_per_minute) {
        return Err(Refusal::ArticleRateLimited);
    }
    if limits.duplicate_window_hours > 0 && facts.same_text_from_commenter {
        return Err(Refusal::Duplicate);
    }
    Ok(())
}

/// Why a submission was not stored.
#[derive(Debug, Error)]
pub enum SubmitError {
    /// The submission breaks one or more rules.
    #[error("comment refused: {0:?}")]
    Refused(Vec<Refusal>),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Checks a submission against every rule and, if it passes, stores it as pending.
/// Returns only after the comment is durably written. The limits that depend on other
/// submissions are checked by the store's writer at the moment of writing ([`admit`]).
pub async fn submit<S>(
    store: &S,
    settings: &CommentSettings,
    submission: &Submission,
    context: &SubmitContext,
) -> Result<CommentId, SubmitError>
where
    S: CommentStore + BanStore + ?Sized,
{
    let refuse = |refusal| Err(SubmitError::Refused(vec![refusal]));
    if context.honeypot_filled {
        return refuse(Refusal::Honeypot);
    }
    let min_seconds = i64::try_from(settings.min_seconds_to_submit).unwrap_or(i64::MAX);
    if let Some(form) = &context.form
        && context.now < form.shown_at + chrono::Duration::seconds(min_seconds)
    {
        return refuse(Refusal::TooFast);
    }
    if context.policy != crate::articles::CommentPolicy::Open {
        return refuse(Refusal::Closed);
    }
    if store.is_banned(&context.commenter_hash, &context.recent_address_hashes, context.service_id, context.now).await?
    {
        return refuse(Refusal::Banned);
    }
    let mut submission = submission.clone();
    if !context.accepts_email {
        // Nothing would be sent to it: an address the site cannot use is not kept.
        submission.email.clear();
    }
    let checked = submission.check(settings).map_err(SubmitError::Refused)?;
    if let Some(parent_id) = checked.parent_id {
        let parent = store.comment(parent_id).await?;
        if !parent.is_some_and(|p| p.article_id == context.article_id && p.state.is_public()) {
            return refuse(Refusal::ParentInvalid);
        }
    }
    let new = NewComment {
        article_id: context.article_id,
        parent_id: checked.parent_id,
        text_hash: sha256_hex(&checked.text),
        author_name: checked.name,
        text: checked.text,
        email: checked.email,
        commenter_hash: context.commenter_hash.clone(),
        address_hash: context.address_hash.clone(),
        terms_version: context.terms_version,
        form_nonce: context.form.as_ref().map(|f| f.nonce.clone()),
    };
    match store.submit_comment(&new, SubmissionLimits::from(settings), context.now).await? {
        Ok(id) => Ok(id),
        Err(refusal) => refuse(refusal),
    }
}

/// Most attempts at sending one publication notice.
pub const NOTICE_ATTEMPTS: i64 = 5;

/// When to try a failed publication notice again, after `attempts` failures (this one
/// included): 30 s, then twice as long each time. `None`: give up, and forget the address
/// (a permanent refusal, such as an unknown mailbox, or the last attempt).
pub fn notice_retry(attempts: i64, permanent: bool, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if permanent || attempts >= NOTICE_ATTEMPTS {
        return None;
    }
    let exponent = u32::try_from(attempts.clamp(1, 16) - 1).unwrap_or(0);
    Some(now + chrono::Duration::seconds(30 * 2_i64.pow(exponent)))
}

/// Why a state change was not made.
#[derive(Debug, Error)]
pub enum ModerationError {
    /// No such comment.
    #[error("comment {0} does not exist")]
    NotFound(i64),
    /// The comment is no longer in a state this change applies to (another moderator
    /// may have handled it first).
    #[error("comment {id} is {state}: it was already handled")]
    AlreadyHandled {
        /// The comment.
        id: i64,
        /// Its state now.
        state: CommentState,
    },
    /// The actor may not moderate this comment's service.
    #[error("you may not moderate comment {0}")]
    Forbidden(i64),
    /// The request is not acceptable (the text says why).
    #[error("{0}")]
    Invalid(String),
    /// Too many such requests from one reader; try again later.
    #[error("too many requests; try again later")]
    TooMany,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// The audit log's name of a transition.
pub fn audit_action(change: Transition) -> AuditAction {
    match change {
        Transition::Approve => AuditAction::CommentApprove,
        Transition::Reject => AuditAction::CommentReject,
        Transition::Report => AuditAction::CommentReport,
        Transition::Unpublish => AuditAction::CommentUnpublish,
        Transition::DeleteByAuthor => AuditAction::CommentDelete,
    }
}

/// Applies a state change to a comment, if its life cycle allows it, and writes it to the
/// audit log in the same transaction. Two moderators acting at once: exactly one
/// succeeds, the other gets [`ModerationError::AlreadyHandled`].
pub async fn transition<S>(
    store: &S,
    actor: &str,
    id: CommentId,
    change: Transition,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Comment, ModerationError>
where
    S: CommentStore + ModerationStore + ?Sized,
{
    let comment = store.comment(id).await?.ok_or(ModerationError::NotFound(id.0))?;
    let handled = |state| ModerationError::AlreadyHandled { id: id.0, state };
    let next = comment.state.after(change).ok_or(handled(comment.state))?;
    let audit = NewAuditEntry::new(actor, audit_action(change), AuditObject::Comment(id)).change(
        serde_json::json!({ "state": comment.state.as_str() }),
        serde_json::json!({ "state": next.as_str(), "reason": reason }),
    );
    if !store.set_comment_state(id, comment.state, next, reason, now, &audit).await? {
        let current = store.comment(id).await?.map_or(CommentState::Deleted, |c| c.state);
        return Err(handled(current));
    }
    store.comment(id).await?.ok_or(ModerationError::NotFound(id.0))
}

/// What the retention job erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionReport {
    /// Comments whose address hash and email were erased.
    pub comments: u64,
    /// Daily address-hash secrets deleted (old hashes can no longer be recomputed).
    pub secrets: u64,
}

/// The longest window any submission or sign-in limit looks back over: records older than
/// this serve no limit and are deleted.
pub const LIMIT_RECORDS_KEPT: chrono::Duration = chrono::Duration::hours(1);

/// How long a comment form (its signed token) stays valid after it was shown.
pub const FORM_LIFETIME_HOURS: i64 = 24;

/// The retention job: erases address hashes, emails, report hashes and waiting notices
/// older than the retention period, the daily secrets they were made with, and the
/// records of limits (submissions, sign-in attempts) that no limit needs any more.
pub async fn apply_retention<S>(
    store: &S,
    settings: &CommentSettings,
    now: DateTime<Utc>,
) -> Result<RetentionReport, crate::store::StoreError>
where
    S: CommentStore + ServiceStore + ChangeFeed + ?Sized,
{
    let cutoff = now - chrono::Duration::days(i64::from(settings.retention_days));
    store.delete_changes_before(now - chrono::Duration::hours(1)).await?;
    store
        .delete_limit_records_before(now - LIMIT_RECORDS_KEPT, now - chrono::Duration::hours(FORM_LIFETIME_HOURS))
        .await?;
    Ok(RetentionReport {
        comments: store.erase_personal_data_before(cutoff).await?,
        secrets: store.delete_secrets_before("address:", cutoff).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_keeps_newlines_and_removes_controls_and_spoofing() {
        assert_eq!(clean_text("  a\u{0}b\r\n\r\nc\u{202E}d\u{200B}  \n\n"), "ab\n\ncd");
        assert_eq!(clean_text("e\u{301}"), "é", "NFC");
        assert_eq!(clean_text(" \t\u{200B}\n "), "");
        assert_eq!(clean_text("فارسی\u{200C}ها"), "فارسی\u{200C}ها", "zero-width non-joiner stays");
        assert_eq!(clean_name("  Kim \n  Ji-won "), "Kim Ji-won");
    }

    #[test]
    fn checks_limits_and_reports_every_problem() {
        let settings = CommentSettings { text_max_chars: 10, ..CommentSettings::default() };
        let refusals = Submission { text: "x".repeat(11), ..Default::default() }.check(&settings).unwrap_err();
        assert_eq!(refusals, [Refusal::NameMissing, Refusal::TextTooLong { max: 10 }, Refusal::TermsNotAccepted]);
        let links = Submission {
            name: "A".into(),
            text: "see https://a.example and http://b.example and www.c.example".into(),
            accept_terms: true,
            ..Default::default()
        };
        assert_eq!(links.check(&CommentSettings::default()).unwrap_err(), [Refusal::TooManyLinks { max: 2 }]);
    }

    #[test]
    fn state_changes_follow_the_life_cycle() {
        use CommentState as S;
        assert_eq!(S::Pending.after(Transition::Approve), Some(S::Approved));
        assert_eq!(S::Approved.after(Transition::Approve), None);
        assert_eq!(S::Rejected.after(Transition::Report), None);
        assert_eq!(S::Approved.after(Transition::Report), Some(S::Reported));
        assert_eq!(S::Reported.after(Transition::Reject), Some(S::Rejected));
        assert_eq!(S::Rejected.after(Transition::DeleteByAuthor), Some(S::Deleted));
        assert_eq!(S::Deleted.after(Transition::DeleteByAuthor), None);
        assert_eq!(CommentState::sources_of(Transition::Approve), [S::Pending, S::Reported]);
        assert_eq!(S::Approved.after(Transition::Unpublish), Some(S::Rejected));
        assert_eq!(S::Pending.after(Transition::Unpublish), None);
    }

    #[test]
    fn invisible_text_is_empty_and_staff_names_are_reserved() {
        for blank in
            ["\u{3164}", "\u{115F}\u{1160}", "\u{2800}\u{00AD}", "\u{200D}\u{2062}", "\u{FE0F}\u{0301}", "\u{E0041}"]
        {
            assert!(!has_visible(blank), "{blank:?}");
        }
        for shown in ["a", "김", "ئا", "中", "🌸", "!"] {
            assert!(has_visible(shown), "{shown:?}");
        }
        let reserved = CommentSettings::default().reserved_names;
        for name in ["Dateline Moderator", "D\u{0430}teline", "Модератор", "ADMIN", "Reader \u{2714}", "Mod-erator"]
        {
            assert!(is_reserved_name(name, &reserved), "{name}");
        }
        for name in ["Kim Ji-won", "Badminton fan", "김지원", "Nguyễn Văn An", "Adminah"] {
            assert!(!is_reserved_name(name, &reserved), "{name}");
        }
    }

    #[test]
    fn admission_counts_the_submissions_before() {
        let limits =
            SubmissionLimits { per_address_per_hour: 3, per_article_per_minute: 2, duplicate_window_hours: 24 };
        let facts = |address, article, same, used| SubmissionFacts {
            from_address_last_hour: address,
            on_article_last_minute: article,
            same_text_from_commenter: same,
            form_used: used,
        };
        assert_eq!(admit(&facts(2, 1, false, false), &limits), Ok(()));
        assert_eq!(admit(&facts(3, 0, false, false), &limits), Err(Refusal::AddressRateLimited));
        assert_eq!(admit(&facts(0, 2, false, false), &limits), Err(Refusal::ArticleRateLimited));
        assert_eq!(admit(&facts(0, 0, true, false), &limits), Err(Refusal::Duplicate));
        assert_eq!(admit(&facts(0, 0, false, true), &limits), Err(Refusal::FormExpired));
        let off = SubmissionLimits { per_address_per_hour: 0, per_article_per_minute: 0, duplicate_window_hours: 0 };
        assert_eq!(admit(&facts(100, 100, true, false), &off), Ok(()), "0 turns a limit off");
    }

    #[test]
    fn notices_back_off_then_give_up() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        assert_eq!(notice_retry(1, false, now), Some(now + chrono::Duration::seconds(30)));
        assert_eq!(notice_retry(3, false, now), Some(now + chrono::Duration::seconds(120)));
        assert_eq!(notice_retry(NOTICE_ATTEMPTS, false, now), None);
        assert_eq!(notice_retry(1, true, now), None, "a permanent refusal is final");
    }

    #[test]
    fn emails_are_checked_loosely() {
        assert!(is_plausible_email("reader@example.org"));
        assert!(!is_plausible_email("reader@localhost"));
        assert!(!is_plausible_email("a b@example.org"));
        assert!(!is_plausible_email("<script>@x.y"));
    }

    mod use_case {
        use super::*;
        use crate::store::fake::FakeStore;

        fn at(seconds: i64) -> DateTime<Utc> {
            DateTime::from_timestamp(1_790_000_000 + seconds, 0).unwrap_or_default()
        }

        fn reader(name: &str, text: &str) -> Submission {
            Submission { name: name.into(), text: text.into(), accept_terms: true, ..Default::default() }
        }

        fn context(commenter: &str, now: DateTime<Utc>) -> SubmitContext {
            SubmitContext {
                article_id: ArticleId(1),
                service_id: crate::services::ServiceId(1),
                policy: crate::articles::CommentPolicy::Open,
                commenter_hash: format!("commenter-{commenter}"),
                address_hash: format!("address-{commenter}"),
                recent_address_hashes: vec![format!("address-{commenter}")],
                terms_version: 1,
                form: None,
                honeypot_filled: false,
                accepts_email: false,
                now,
            }
        }

        async fn send(
            store: &FakeStore,
            submission: Submission,
            context: SubmitContext,
        ) -> Result<CommentId, SubmitError> {
            submit(store, &CommentSettings::default(), &submission, &context).await
        }

        fn refusals(result: Result<CommentId, SubmitError>) -> Vec<Refusal> {
            match result {
                Err(SubmitError::Refused(refusals)) => refusals,
                other => panic!("expected a refusal, got {other:?}"),
            }
        }

        #[tokio::test]
        async fn a_submission_waits_for_moderation_and_is_not_taken_twice() {
            let store = FakeStore::with_article();
            let first = send(&store, reader("Kim", "The bridge was closed."), context("a", at(0)));
            let id = first.await.unwrap_or_else(|e| panic!("{e}"));
            let stored = store.comment(id).await.ok().flatten().unwrap_or_else(|| panic!("not stored"));
            assert_eq!(
                (stored.state, stored.text.as_str(), stored.terms_version),
                (CommentState::Pending, "The bridge was closed.", 1)
            );
            let again = send(&store, reader("Kim", "The bridge was closed."), context("a", at(60)));
            assert_eq!(refusals(again.await), [Refusal::Duplicate]);
            let other_reader = send(&store, reader("Lee", "The bridge was closed."), context("b", at(61)));
            assert!(other_reader.await.is_ok(), "other readers' words are never compared");
        }

        #[tokio::test]
        async fn banned_commenters_closed_articles_and_unpublished_parents_are_refused() {
            let store = FakeStore::with_article();
            let parent = send(&store, reader("Kim", "First."), context("a", at(0)));
            let parent = parent.await.unwrap_or_else(|e| panic!("{e}"));
            let reply = Submission { parent_id: Some(parent.0), ..reader("Lee", "A reply.") };
            assert_eq!(refusals(send(&store, reply, context("b", at(10))).await), [Refusal::ParentInvalid]);
            let closed = SubmitContext { policy: crate::articles::CommentPolicy::Closed, ..context("b", at(20)) };
            assert_eq!(refusals(send(&store, reader("Lee", "Hello."), closed).await), [Refusal::Closed]);
            store.ban_commenter(parent, at(3600));
            let banned = send(&store, reader("Kim", "Again."), context("a", at(30)));
            assert_eq!(refusals(banned.await), [Refusal::Banned]);
            let later = send(&store, reader("Kim", "After the ban."), context("a", at(3601)));
            assert!(later.await.is_ok(), "a ban ends");
        }

        #[tokio::test]
        async fn a_form_token_works_once_and_not_before_its_minimum_time() {
            let store = FakeStore::with_article();
            let form = FormToken { shown_at: at(0), nonce: "n1".into() };
            let early = SubmitContext { form: Some(form.clone()), ..context("a", at(1)) };
            assert_eq!(refusals(send(&store, reader("Kim", "Quick."), early).await), [Refusal::TooFast]);
            let in_time = SubmitContext { form: Some(form.clone()), ..context("a", at(10)) };
            assert!(send(&store, reader("Kim", "In time."), in_time).await.is_ok());
            let replayed = SubmitContext { form: Some(form), ..context("a", at(20)) };
            let replay = send(&store, reader("Kim", "Replayed."), replayed);
            assert_eq!(refusals(replay.await), [Refusal::FormExpired]);
        }
    }
}
