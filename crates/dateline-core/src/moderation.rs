//! Moderation: who may act on which comment, and the actions of the console and the
//! command line. Every action is written to the audit log with the change it makes.

use chrono::{DateTime, Utc};
use serde_json::json;

pub use crate::accounts::Actor;
use crate::audit::{AuditAction, AuditObject, NewAuditEntry};
use crate::comments::{
    self, Comment, CommentId, CommentSettings, CommentState, ModerationError, RejectionReason, Transition, clean_text,
};
use crate::services::ServiceId;
use crate::store::{BanStore, CommentStore, ModerationStore};

/// Whether the actor may moderate a comment. Another desk's comment is answered as one
/// that does not exist, so that no one learns which ids other desks hold.
async fn may_moderate<S: CommentStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    id: CommentId,
) -> Result<(), ModerationError> {
    match actor {
        Actor::CommandLine => Ok(()),
        Actor::Setup | Actor::Token(_) => Err(ModerationError::NotFound(id.0)),
        Actor::User(user) => {
            let place = store.comment_place(id).await?.ok_or(ModerationError::NotFound(id.0))?;
            if user.can_moderate(place.service_id) { Ok(()) } else { Err(ModerationError::NotFound(id.0)) }
        }
    }
}

/// Whether the actor may see and lift bans of a desk (`None`: a ban from before desks
/// were recorded, which is an admin's).
pub fn may_moderate_service(actor: Actor<'_>, service: Option<ServiceId>) -> bool {
    match (actor, service) {
        (Actor::CommandLine, _) => true,
        (Actor::Setup | Actor::Token(_), _) => false,
        (Actor::User(user), Some(service)) => user.can_moderate(service),
        (Actor::User(user), None) => user.is_admin(),
    }
}

/// A moderator's decision on one comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Publish a pending comment, or keep a reported one (dismiss the report).
    Approve,
    /// Refuse a pending or reported comment.
    Reject {
        /// The Terms of Use's reason.
        reason: RejectionReason,
        /// A note (required with `Other`).
        note: Option<String>,
    },
    /// Take a published comment down.
    Unpublish {
        /// The reason.
        reason: RejectionReason,
        /// A note.
        note: Option<String>,
    },
    /// Replace the text and publish.
    EditAndApprove {
        /// The new text.
        text: String,
    },
}

fn reason_text(reason: RejectionReason, note: Option<&str>) -> Result<String, ModerationError> {
    match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(note) => Ok(format!("{}: {}", reason.as_str(), clean_text(note))),
        None if reason == RejectionReason::Other => {
            Err(ModerationError::Invalid("a rejection for \"other\" needs a note saying why".into()))
        }
        None => Ok(reason.as_str().to_owned()),
    }
}

/// Applies a moderator's decision, if the actor may moderate the comment's service and
/// the comment is still in a state the decision applies to.
pub async fn decide<S>(
    store: &S,
    actor: Actor<'_>,
    id: CommentId,
    decision: &Decision,
    settings: &CommentSettings,
    now: DateTime<Utc>,
) -> Result<Comment, ModerationError>
where
    S: CommentStore + ModerationStore + ?Sized,
{
    may_moderate(store, actor, id).await?;
    match decision {
        Decision::Approve => comments::transition(store, actor.name(), id, Transition::Approve, None, now).await,
        Decision::Reject { reason, note } => {
            let text = reason_text(*reason, note.as_deref())?;
            comments::transition(store, actor.name(), id, Transition::Reject, Some(&text), now).await
        }
        Decision::Unpublish { reason, note } => {
            let text = reason_text(*reason, note.as_deref())?;
            comments::transition(store, actor.name(), id, Transition::Unpublish, Some(&text), now).await
        }
        Decision::EditAndApprove { text } => edit_and_approve(store, actor, id, text, settings, now).await,
    }
}

async fn edit_and_approve<S>(
    store: &S,
    actor: Actor<'_>,
    id: CommentId,
    text: &str,
    settings: &CommentSettings,
    now: DateTime<Utc>,
) -> Result<Comment, ModerationError>
where
    S: CommentStore + ModerationStore + ?Sized,
{
    let text = clean_text(text);
    if text.is_empty() || text.chars().count() > settings.text_max_chars {
        return Err(ModerationError::Invalid(format!(
            "the edited text must have 1 to {} characters",
            settings.text_max_chars
        )));
    }
    let current = store.comment(id).await?.ok_or(ModerationError::NotFound(id.0))?;
    if !matches!(current.state, CommentState::Pending | CommentState::Approved | CommentState::Reported) {
        return Err(ModerationError::AlreadyHandled { id: id.0, state: current.state });
    }
    let versions = store.comment_versions(id).await?.len().max(1);
    let audit = NewAuditEntry::new(actor.name(), AuditAction::CommentEdit, AuditObject::Comment(id)).change(
        json!({ "state": current.state.as_str(), "version": versions }),
        json!({ "state": "approved", "version": versions + 1 }),
    );
    if !store.edit_comment(id, current.state, &text, actor.name(), now, &audit).await? {
        let state = store.comment(id).await?.map_or(CommentState::Deleted, |c| c.state);
        return Err(ModerationError::AlreadyHandled { id: id.0, state });
    }
    store.comment(id).await?.ok_or(ModerationError::NotFound(id.0))
}

/// Bans the commenter of a comment (their token and address) for `days` days.
pub async fn ban<S>(
    store: &S,
    actor: Actor<'_>,
    id: CommentId,
    days: u32,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<i64, ModerationError>
where
    S: CommentStore + BanStore + ?Sized,
{
    may_moderate(store, actor, id).await?;
    if !(1..=3650).contains(&days) {
        return Err(ModerationError::Invalid("a ban lasts 1 to 3650 days".into()));
    }
    let reason = clean_text(reason);
    if reason.is_empty() {
        return Err(ModerationError::Invalid("say why the commenter is banned".into()));
    }
    let until = now + chrono::Duration::days(i64::from(days));
    let audit = NewAuditEntry::new(actor.name(), AuditAction::CommenterBan, AuditObject::Comment(id))
        .change(json!({ "banned": false }), json!({ "banned": true, "until": until.to_rfc3339(), "reason": reason }));
    store
        .ban_commenter_of(id, until, &reason, actor.name(), now, &audit)
        .await?
        .ok_or(ModerationError::Invalid("this commenter can no longer be identified (the comment was deleted)".into()))
}

/// Lifts a ban. Another desk's ban is answered as one that does not exist.
pub async fn unban<S: BanStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    ban: i64,
    now: DateTime<Utc>,
) -> Result<(), ModerationError> {
    let found = store.ban(ban).await?.ok_or(ModerationError::NotFound(ban))?;
    if !may_moderate_service(actor, found.service_id) {
        return Err(ModerationError::NotFound(ban));
    }
    let audit = NewAuditEntry::new(actor.name(), AuditAction::CommenterUnban, AuditObject::Ban(ban))
        .change(json!({ "banned": true }), json!({ "banned": false }));
    if store.lift_ban(ban, now, &audit).await? { Ok(()) } else { Err(ModerationError::NotFound(ban)) }
}

/// Reports of one comment that are stored; later ones are acknowledged but not kept (the
/// comment is in the reported queue already, and a flood must not bury the queue).
pub const MAX_REPORTS_PER_COMMENT: i64 = 100;

/// A reader reports a published comment. `reporter` is the keyed hash of their address:
/// one report per reader and comment is stored, and a reader may send
/// [`CommentSettings::reports_per_hour`] reports an hour.
pub async fn report<S>(
    store: &S,
    id: CommentId,
    reason: &str,
    reporter: &str,
    settings: &CommentSettings,
    now: DateTime<Utc>,
) -> Result<(), ModerationError>
where
    S: CommentStore + ModerationStore + ?Sized,
{
    let reason = clean_text(reason);
    let reason: String = reason.chars().take(500).collect();
    if reason.is_empty() {
        return Err(ModerationError::Invalid("say what is wrong with the comment".into()));
    }
    let hour_ago = now - chrono::Duration::hours(1);
    if settings.reports_per_hour > 0
        && store.reports_from_since(reporter, hour_ago).await? >= i64::from(settings.reports_per_hour)
    {
        return Err(ModerationError::TooMany);
    }
    let current = store.comment(id).await?.ok_or(ModerationError::NotFound(id.0))?;
    match current.state {
        CommentState::Approved => {
            comments::transition(store, crate::audit::actors::READER, id, Transition::Report, None, now).await?;
        }
        CommentState::Reported => {}
        state => return Err(ModerationError::AlreadyHandled { id: id.0, state }),
    }
    if store.report_count(id).await? < MAX_REPORTS_PER_COMMENT {
        store.add_report(id, &reason, reporter, now).await?;
    }
    Ok(())
}

/// The median and 90th percentile of a list of durations in seconds.
pub fn median_and_p90(mut seconds: Vec<i64>) -> Option<(i64, i64)> {
    if seconds.is_empty() {
        return None;
    }
    seconds.sort_unstable();
    let at = |q: f64| {
        let rank = (q * seconds.len() as f64).ceil() as usize;
        seconds[rank.clamp(1, seconds.len()) - 1]
    };
    Some((at(0.5), at(0.9)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        assert_eq!(median_and_p90(vec![]), None);
        assert_eq!(median_and_p90(vec![5]), Some((5, 5)));
        assert_eq!(median_and_p90((1..=10).collect()), Some((5, 9)));
    }

    mod use_case {
        use super::*;
        use crate::accounts::{Role, User, UserId};
        use crate::comments::{Submission, SubmitContext, submit};
        use crate::store::fake::FakeStore;

        fn at(seconds: i64) -> DateTime<Utc> {
            DateTime::from_timestamp(1_790_000_000 + seconds, 0).unwrap_or_default()
        }

        fn moderator_of(service: i64) -> User {
            User {
                id: UserId(100 + service),
                name: format!("desk-{service}"),
                role: Role::Moderator,
                services: vec![ServiceId(service)],
                password_hash: String::new(),
                disabled: false,
                totp_secret: None,
                created_at: at(0),
                console_language: None,
            }
        }

        async fn pending_comment(store: &FakeStore) -> CommentId {
            let submission = Submission {
                name: "Kim".into(),
                text: "Water rose overnight.".into(),
                accept_terms: true,
                ..Default::default()
            };
            let context = SubmitContext {
                article_id: crate::articles::ArticleId(1),
                service_id: ServiceId(1),
                policy: crate::articles::CommentPolicy::Open,
                commenter_hash: "c".into(),
                address_hash: "a".into(),
                recent_address_hashes: Vec::new(),
                terms_version: 0,
                form: None,
                honeypot_filled: false,
                accepts_email: false,
                words: Default::default(),
                attack: None,
                proof: None,
                now: at(0),
            };
            submit(store, &CommentSettings::default(), &submission, &context).await.unwrap_or_else(|e| panic!("{e}"))
        }

        #[tokio::test]
        async fn a_decision_is_made_once_and_audited_by_its_moderator() {
            let store = FakeStore::with_article();
            let id = pending_comment(&store).await;
            let desk = moderator_of(1);
            let settings = CommentSettings::default();
            let approved = decide(&store, Actor::User(&desk), id, &Decision::Approve, &settings, at(60)).await;
            assert_eq!(approved.map(|c| c.state).ok(), Some(CommentState::Approved));
            let again = decide(&store, Actor::User(&desk), id, &Decision::Approve, &settings, at(61)).await;
            assert!(
                matches!(again, Err(ModerationError::AlreadyHandled { state: CommentState::Approved, .. })),
                "{again:?}"
            );
            let audit = store.audit();
            assert_eq!(audit.len(), 1, "{audit:?}");
            assert_eq!((audit[0].actor.as_str(), audit[0].action), ("desk-1", AuditAction::CommentApprove));
            assert_eq!(audit[0].object, AuditObject::Comment(id));
        }

        #[tokio::test]
        async fn another_desks_comment_is_as_if_it_did_not_exist() {
            let store = FakeStore::with_article();
            let id = pending_comment(&store).await;
            let other = moderator_of(2);
            let result =
                decide(&store, Actor::User(&other), id, &Decision::Approve, &CommentSettings::default(), at(5)).await;
            assert!(matches!(result, Err(ModerationError::NotFound(found)) if found == id.0), "{result:?}");
            assert!(store.audit().is_empty());
        }

        #[tokio::test]
        async fn rejections_for_other_need_a_note_and_edits_keep_versions() {
            let store = FakeStore::with_article();
            let id = pending_comment(&store).await;
            let settings = CommentSettings::default();
            let bare = Decision::Reject { reason: RejectionReason::Other, note: None };
            assert!(matches!(
                decide(&store, Actor::CommandLine, id, &bare, &settings, at(5)).await,
                Err(ModerationError::Invalid(_))
            ));
            let edit = Decision::EditAndApprove { text: "Water rose overnight [name removed].".into() };
            let edited =
                decide(&store, Actor::CommandLine, id, &edit, &settings, at(6)).await.unwrap_or_else(|e| panic!("{e}"));
            assert!(edited.edited && edited.state == CommentState::Approved);
            let versions = store.comment_versions(id).await.unwrap_or_default();
            assert_eq!(
                versions.iter().map(|v| v.text.as_str()).collect::<Vec<_>>(),
                ["Water rose overnight.", "Water rose overnight [name removed]."]
            );
            assert_eq!(store.audit()[0].action, AuditAction::CommentEdit);
        }
    }
}
