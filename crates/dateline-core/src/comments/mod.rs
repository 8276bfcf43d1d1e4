//! Comments: plain-text reader comments, pre-moderated.
//!
//! The rules live here: how submitted text is cleaned, what limits apply, which state
//! changes are allowed, and which abuse checks a submission must pass. The web layer
//! translates requests into a [`Submission`]; the store keeps the [`NewComment`] that
//! [`Submission::check`] produces.
//!
//! Here: a comment's states and the changes between them ([`transition`]); in
//! [`submission`], what a submission must pass; in [`text`], how text is cleaned; in
//! [`retention`], what is erased and when.

mod retention;
mod submission;
mod text;

pub use retention::*;
pub use submission::*;
pub use text::*;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::articles::ArticleId;
use crate::audit::{AuditAction, AuditObject, NewAuditEntry};
use crate::store::{CommentStore, ModerationStore};

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
    /// What the checks noticed when it was submitted (see [`crate::checks`]), then its
    /// campaign and score.
    pub labels: Vec<String>,
    /// Its score (see [`crate::score`]; `None`: not scored).
    pub score: Option<crate::score::Score>,
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
    /// What the checks noticed (see [`crate::checks`]).
    pub labels: Vec<String>,
    /// Whether the form token works once from any address, not once from each (a proof of
    /// work in attack mode is made on it, and must not serve twice).
    pub single_use_form: bool,
    /// Whether to label it `first` if its commenter token has sent no comment before (the
    /// store decides at the moment of writing; see [`crate::checks`]).
    pub label_first: bool,
    /// Whether a word list holds it for a person: never approved automatically.
    pub held: bool,
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
    /// Whether submissions pass through the checks (labels, word lists; see
    /// [`crate::checks`]). Off only to measure what they cost.
    pub checks: bool,
    /// Submissions a minute (to one service, counted by each node) past which a service
    /// in `auto` attack mode turns it on (0: never).
    pub attack_per_minute: u32,
    /// In attack mode, seconds a reader without JavaScript waits between opening the form
    /// and sending it.
    pub attack_wait_seconds: u32,
    /// In attack mode, leading zero bits of the proof of work the form's script finds
    /// (17: about a second on a mid-range phone).
    pub attack_proof_bits: u32,
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
            checks: true,
            attack_per_minute: 120,
            attack_wait_seconds: 30,
            attack_proof_bits: 17,
        }
    }
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
    transition_noting(store, actor, id, change, reason, serde_json::Value::Null, now).await
}

/// [`transition`], with more to say in the audit log: `note`'s fields are added to the
/// entry's new values (the score of a decision the system made, and its threshold).
pub async fn transition_noting<S>(
    store: &S,
    actor: &str,
    id: CommentId,
    change: Transition,
    reason: Option<&str>,
    note: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<Comment, ModerationError>
where
    S: CommentStore + ModerationStore + ?Sized,
{
    let comment = store.comment(id).await?.ok_or(ModerationError::NotFound(id.0))?;
    let handled = |state| ModerationError::AlreadyHandled { id: id.0, state };
    let next = comment.state.after(change).ok_or(handled(comment.state))?;
    let mut after = serde_json::json!({ "state": next.as_str(), "reason": reason });
    if let (serde_json::Value::Object(fields), Some(after)) = (note, after.as_object_mut()) {
        after.extend(fields);
    }
    let audit = NewAuditEntry::new(actor, audit_action(change), AuditObject::Comment(id))
        .change(serde_json::json!({ "state": comment.state.as_str() }), after);
    if !store.set_comment_state(id, comment.state, next, reason, now, &audit).await? {
        let current = store.comment(id).await?.map_or(CommentState::Deleted, |c| c.state);
        return Err(handled(current));
    }
    store.comment(id).await?.ok_or(ModerationError::NotFound(id.0))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
