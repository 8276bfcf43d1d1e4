//! What a submission must pass before it is stored as pending, and [`submit`] itself.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::*;
use crate::articles::ArticleId;
use crate::store::{BanStore, CommentStore};

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
    /// Attack mode: neither a proof of work nor the longer wait (see [`crate::attack`]).
    #[error("many comments are arriving: wait {wait} seconds after opening the form, or send a proof of work")]
    UnderAttack {
        /// The wait, in seconds.
        wait: usize,
    },
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
            Refusal::UnderAttack { .. } => "comment-error-under-attack",
        }
    }

    /// The limit the message names, if any.
    pub fn limit(&self) -> Option<usize> {
        match self {
            Refusal::NameTooLong { max } | Refusal::TextTooLong { max } | Refusal::TooManyLinks { max } => Some(*max),
            Refusal::UnderAttack { wait } => Some(*wait),
            _ => None,
        }
    }

    /// Whether the refusal is a rate limit (HTTP 429).
    pub fn is_rate_limit(&self) -> bool {
        matches!(self, Refusal::AddressRateLimited | Refusal::ArticleRateLimited | Refusal::UnderAttack { .. })
    }
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
    /// The service's word list (for the checks).
    pub words: std::sync::Arc<crate::words::WordList>,
    /// What a submission must show while the service's attack mode is on; `None`: off.
    pub attack: Option<crate::attack::AttackGate>,
    /// The proof of work the form's script found, if it sent one.
    pub proof: Option<String>,
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
    S: CommentStore + BanStore + crate::store::ModerationStore + ?Sized,
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
    let mut proven = false;
    if let Some(gate) = &context.attack {
        let form = context.form.as_ref();
        let challenge = form.map(|f| f.nonce.as_str());
        proven = matches!((challenge, context.proof.as_deref()), (Some(c), Some(p)) if crate::attack::proof_is_valid(c, p, gate.proof_bits));
        if !crate::attack::passes(gate, challenge, context.proof.as_deref(), form.map(|f| f.shown_at), context.now) {
            return refuse(Refusal::UnderAttack { wait: gate.wait_seconds as usize });
        }
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
    let findings = if settings.checks {
        let submitted = crate::checks::Submitted {
            text: &checked.text,
            folded: crate::fold::Folded::new(&checked.text),
            words: &context.words,
            under_attack: context.attack.is_some(),
        };
        crate::checks::run(&submitted)
    } else {
        crate::checks::Findings::default()
    };
    let new = NewComment {
        labels: findings.labels,
        label_first: findings.ask_first,
        held: findings.hold,
        single_use_form: proven,
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
    let id = match store.submit_comment(&new, SubmissionLimits::from(settings), context.now).await? {
        Ok(id) => id,
        Err(refusal) => return refuse(refusal),
    };
    if let Some(reason) = findings.reject {
        // A word list's rejection, made and audited as the system's. The commenter is told
        // what every commenter is told: the comment awaits a moderator.
        let rejected =
            transition(store, crate::audit::actors::SYSTEM, id, Transition::Reject, Some(reason.as_str()), context.now)
                .await;
        match rejected {
            Ok(_) | Err(ModerationError::AlreadyHandled { .. }) => {}
            Err(ModerationError::Store(error)) => return Err(error.into()),
            Err(other) => return Err(crate::store::StoreError::Database(other.to_string()).into()),
        }
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

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
                words: Default::default(),
                attack: None,
                proof: None,
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
