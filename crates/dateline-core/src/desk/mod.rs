//! The newsroom desk: stories written, translated, reviewed, published and corrected in the
//! console. A story is an article with a place in the workflow, a history of revisions and,
//! for a translation, a link to its source.
//!
//! Here: the words (statuses, revisions, corrections) and who may do what ([`may`]); in
//! [`fields`], what a story's fields must be; in [`workflow`], the use cases — each checks
//! the actor's role and service and writes the change with its audit entry in one
//! transaction.

pub mod fields;
pub mod stash;
pub mod workflow;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::accounts::{Actor, Role, UserId};
use crate::articles::{Article, ArticleId};
use crate::services::ServiceId;

pub use fields::{FieldProblem, StoryFields, check_fields};
pub use workflow::*;

/// Where a story is in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoryStatus {
    /// Being written (or sent back to its writer).
    Draft,
    /// Submitted; waiting for an editor.
    InReview,
    /// To be published at a set time.
    Scheduled,
    /// Public.
    Published,
    /// Taken down after publication: its address answers 410, its comments are kept.
    Unpublished,
}

impl StoryStatus {
    /// Every status, in workflow order.
    pub const ALL: [StoryStatus; 5] = [
        StoryStatus::Draft,
        StoryStatus::InReview,
        StoryStatus::Scheduled,
        StoryStatus::Published,
        StoryStatus::Unpublished,
    ];

    /// The stable name (`in_review`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            StoryStatus::Draft => "draft",
            StoryStatus::InReview => "in_review",
            StoryStatus::Scheduled => "scheduled",
            StoryStatus::Published => "published",
            StoryStatus::Unpublished => "unpublished",
        }
    }
}

impl fmt::Display for StoryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StoryStatus {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        StoryStatus::ALL.into_iter().find(|s| s.as_str() == text).ok_or_else(|| {
            format!("unknown status {text:?}: use draft, in_review, scheduled, published or unpublished")
        })
    }
}

/// Why a revision was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionKind {
    /// The story was created in the console.
    Created,
    /// A draft was saved.
    Saved,
    /// A published story was updated (readers see "Updated").
    Updated,
    /// A published story was corrected (readers see the correction notice).
    Corrected,
    /// An earlier revision was restored as a new one.
    Restored,
    /// The story was written by `dateline article import`.
    Imported,
    /// The story was created as a translation of another.
    Translated,
}

impl RevisionKind {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionKind::Created => "created",
            RevisionKind::Saved => "saved",
            RevisionKind::Updated => "updated",
            RevisionKind::Corrected => "corrected",
            RevisionKind::Restored => "restored",
            RevisionKind::Imported => "imported",
            RevisionKind::Translated => "translated",
        }
    }
}

impl FromStr for RevisionKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [
            RevisionKind::Created,
            RevisionKind::Saved,
            RevisionKind::Updated,
            RevisionKind::Corrected,
            RevisionKind::Restored,
            RevisionKind::Imported,
            RevisionKind::Translated,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
        .ok_or_else(|| format!("unknown revision kind {text:?}"))
    }
}

/// One saved version of a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// Its number (1, 2, …).
    pub number: i64,
    /// Why it was made.
    pub kind: RevisionKind,
    /// The story's fields as saved.
    pub fields: StoryFields,
    /// Who saved it (a user's name, or `command-line`).
    pub author: String,
    /// A note (the correction's text, a restore's source, …).
    pub note: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A correction of a published story, shown dated at its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// When it was made.
    pub at: DateTime<Utc>,
    /// What was corrected, in the story's language.
    pub text: String,
}

/// A story as the desk sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// The article (its current fields).
    pub article: Article,
    /// Submitted and waiting for an editor.
    pub in_review: bool,
    /// An editor's note when sending it back.
    pub review_note: String,
    /// Who has it (its writer, or whoever it was sent back to).
    pub owner: Option<UserId>,
    /// Their name.
    pub owner_name: Option<String>,
    /// The current revision's number.
    pub revision: i64,
    /// When it was first published (kept when unpublished: its address keeps the date).
    pub first_published_at: Option<DateTime<Utc>>,
    /// When it was unpublished, if it is.
    pub unpublished_at: Option<DateTime<Utc>>,
    /// The story this one translates.
    pub translation_of: Option<ArticleId>,
    /// The source's revision this translation was last checked against.
    pub source_revision: Option<i64>,
    /// The source's current revision, when this is a translation.
    pub source_current_revision: Option<i64>,
    /// Corrections, oldest first.
    pub corrections: Vec<Correction>,
    /// When it was last changed in any way.
    pub modified_at: DateTime<Utc>,
}

impl Story {
    /// Where the story is in the workflow at `now`.
    pub fn status(&self, now: DateTime<Utc>) -> StoryStatus {
        match (self.unpublished_at, self.article.published_at) {
            (Some(_), _) => StoryStatus::Unpublished,
            (None, Some(at)) if at > now => StoryStatus::Scheduled,
            (None, Some(_)) => StoryStatus::Published,
            (None, None) if self.in_review => StoryStatus::InReview,
            (None, None) => StoryStatus::Draft,
        }
    }

    /// Whether its source changed since the translation was last checked against it.
    pub fn source_changed(&self) -> bool {
        matches!((self.source_revision, self.source_current_revision), (Some(seen), Some(now)) if now > seen)
    }

    /// The fields as the editor shows them.
    pub fn fields(&self) -> StoryFields {
        StoryFields::of(&self.article)
    }
}

/// What a person may do on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskAction {
    /// See a story in the desk.
    View,
    /// Write a new story.
    Create,
    /// Change a story's fields.
    Edit,
    /// Submit it for review.
    Submit,
    /// Send it back to its writer with a note.
    SendBack,
    /// Publish or schedule it, update or correct it, unpublish or restore it.
    Publish,
    /// Make a translation of it into a service.
    Translate,
}

/// What the rule of [`may`] needs to know of a story.
#[derive(Debug, Clone, Copy)]
pub struct StoryAccess {
    /// Its service.
    pub service: ServiceId,
    /// Who has it.
    pub owner: Option<UserId>,
    /// Where it is.
    pub status: StoryStatus,
}

/// Who may do what on the desk, in one place. Admins may do everything, and the command
/// line acts as an admin. Editors may do everything within their services. Reporters write
/// in their services and submit their own drafts. Translators translate into their services
/// (`service` is then the target), read every service's stories, and submit their own
/// drafts. An API token is a reporter or
/// an editor of its one service; its own drafts are those made through the API. Moderators
/// and the setup link have no part in the desk. A disabled user may do nothing.
pub fn may(actor: Actor<'_>, action: DeskAction, story: &StoryAccess) -> bool {
    let (role, in_service, own_draft) = match actor {
        Actor::CommandLine => return true,
        Actor::Setup => return false,
        // A token writes the stories its tool made (they have no owner among the users).
        Actor::Token(token) => {
            (token.role, token.service_id == story.service, story.owner.is_none() && story.status == StoryStatus::Draft)
        }
        Actor::User(user) if user.disabled => return false,
        Actor::User(user) => (
            user.role,
            user.services.contains(&story.service),
            story.owner == Some(user.id) && story.status == StoryStatus::Draft,
        ),
    };
    match role {
        Role::Admin => true,
        Role::Editor => in_service,
        Role::Moderator => false,
        Role::Reporter => {
            in_service
                && match action {
                    DeskAction::View | DeskAction::Create => true,
                    DeskAction::Edit | DeskAction::Submit => own_draft,
                    DeskAction::SendBack | DeskAction::Publish | DeskAction::Translate => false,
                }
        }
        // Translators read every service's stories (the sources they translate from) and
        // write only in their own.
        Role::Translator => match action {
            DeskAction::View => true,
            DeskAction::Translate => in_service,
            DeskAction::Edit | DeskAction::Submit => in_service && own_draft,
            DeskAction::Create | DeskAction::SendBack | DeskAction::Publish => false,
        },
    }
}

/// Whether a user has any part in the desk (the console shows them the stories).
pub fn works_on_desk(actor: Actor<'_>) -> bool {
    match actor {
        Actor::CommandLine | Actor::Token(_) => true,
        Actor::Setup => false,
        Actor::User(user) => {
            !user.disabled && matches!(user.role, Role::Admin | Role::Editor | Role::Reporter | Role::Translator)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::User;

    fn user(role: Role, services: &[i64]) -> User {
        User {
            id: UserId(7),
            name: "u".into(),
            role,
            services: services.iter().copied().map(ServiceId).collect(),
            password_hash: String::new(),
            disabled: false,
            totp_secret: None,
            created_at: DateTime::UNIX_EPOCH,
            console_language: None,
        }
    }

    fn story(owner: i64, status: StoryStatus) -> StoryAccess {
        StoryAccess { service: ServiceId(1), owner: Some(UserId(owner)), status }
    }

    #[test]
    fn roles_decide_who_writes_reviews_and_publishes() {
        let reporter = user(Role::Reporter, &[1]);
        let mine = story(7, StoryStatus::Draft);
        assert!(may(Actor::User(&reporter), DeskAction::Edit, &mine));
        assert!(may(Actor::User(&reporter), DeskAction::Submit, &mine));
        assert!(!may(Actor::User(&reporter), DeskAction::Publish, &mine));
        assert!(!may(Actor::User(&reporter), DeskAction::Edit, &story(8, StoryStatus::Draft)), "another's draft");
        assert!(!may(Actor::User(&reporter), DeskAction::Edit, &story(7, StoryStatus::InReview)), "submitted");
        let elsewhere = StoryAccess { service: ServiceId(2), ..mine };
        assert!(!may(Actor::User(&reporter), DeskAction::Create, &elsewhere));
        let editor = user(Role::Editor, &[1]);
        assert!(may(Actor::User(&editor), DeskAction::Publish, &story(8, StoryStatus::InReview)));
        assert!(!may(Actor::User(&editor), DeskAction::Publish, &elsewhere), "another service");
        let translator = user(Role::Translator, &[1]);
        assert!(may(Actor::User(&translator), DeskAction::Translate, &mine));
        assert!(!may(Actor::User(&translator), DeskAction::Create, &mine));
        assert!(may(Actor::User(&translator), DeskAction::View, &elsewhere), "sources of every service");
        assert!(!may(Actor::User(&translator), DeskAction::Translate, &elsewhere));
        let moderator = user(Role::Moderator, &[1]);
        assert!(!may(Actor::User(&moderator), DeskAction::View, &mine));
        let mut disabled = user(Role::Admin, &[]);
        disabled.disabled = true;
        assert!(!may(Actor::User(&disabled), DeskAction::View, &mine));
        assert!(may(Actor::CommandLine, DeskAction::Publish, &elsewhere));
    }

    #[test]
    fn statuses_have_stable_names() {
        for status in StoryStatus::ALL {
            assert_eq!(status.as_str().parse::<StoryStatus>(), Ok(status));
        }
        assert!("gone".parse::<StoryStatus>().is_err());
    }
}
