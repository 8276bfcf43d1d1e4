//! The desk: stories with their workflow, revisions and corrections.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::accounts::UserId;
use crate::articles::{ArticleDraft, ArticleId};
use crate::audit::NewAuditEntry;
use crate::desk::{Correction, Revision, RevisionKind, Story, StoryStatus};
use crate::services::ServiceId;

/// A story to create.
#[derive(Debug, Clone)]
pub struct NewStory {
    /// Its fields and service (never published yet).
    pub draft: ArticleDraft,
    /// Who has it.
    pub owner: Option<UserId>,
    /// Why its first revision was made (created or translated).
    pub kind: RevisionKind,
    /// Who made it.
    pub author: String,
    /// The story it translates, and that story's revision now.
    pub source: Option<(ArticleId, i64)>,
}

/// A change to a story's fields.
#[derive(Debug, Clone)]
pub struct StoryEdit<'a> {
    /// The story.
    pub id: ArticleId,
    /// The revision the writer started from: the save fails if another came since.
    pub base_revision: i64,
    /// The new fields (service and publication time are not changed here).
    pub draft: &'a ArticleDraft,
    /// Why.
    pub kind: RevisionKind,
    /// Who.
    pub author: &'a str,
    /// A note kept with the revision.
    pub note: &'a str,
    /// A correction notice to publish with it.
    pub correction: Option<&'a str>,
    /// Whether readers see the story as updated now.
    pub mark_updated: bool,
    /// The slug the story leaves, when an editor changed a published story's address: it
    /// leads to the new one from now on.
    pub old_slug: Option<&'a str>,
}

/// How a save went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorySave {
    /// Saved as this revision.
    Saved(i64),
    /// Someone saved in between: this is the story's revision now; nothing was written.
    Conflict(i64),
}

/// A change of a story's place in the workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoryChange {
    /// Submitted for review.
    Submit,
    /// Sent back to its writer with a note.
    SendBack {
        /// Why.
        note: String,
    },
    /// Published at a time (now, or later: scheduled).
    Publish {
        /// When readers see it.
        at: DateTime<Utc>,
    },
    /// Taken down: its address answers 410.
    Unpublish,
    /// Put back up as it was.
    Restore,
    /// A translation checked against its source's revision.
    SourceReviewed {
        /// The source's revision.
        revision: i64,
    },
}

/// Which stories the desk lists.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    /// Only these services (`None`: all).
    pub services: Option<Vec<ServiceId>>,
    /// Only in this status.
    pub status: Option<StoryStatus>,
    /// Only those this user has.
    pub owner: Option<UserId>,
    /// Only translations whose source changed since they were checked.
    pub source_changed: bool,
    /// Only those changed before this one (keyset: last change, id).
    pub before: Option<(DateTime<Utc>, ArticleId)>,
    /// At most this many.
    pub limit: u32,
    /// The time that decides scheduled from published.
    pub now: DateTime<Utc>,
    /// Also the stories of other sites' pages (the embed), which the desk does not list.
    pub with_pages: bool,
}

/// A line of the desk's story list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryListing {
    /// The story.
    pub id: ArticleId,
    /// Its service.
    pub service_id: ServiceId,
    /// Its slug.
    pub slug: String,
    /// Its headline.
    pub headline: String,
    /// Where it is.
    pub status: StoryStatus,
    /// Who has it.
    pub owner_name: Option<String>,
    /// When it last changed.
    pub modified_at: DateTime<Utc>,
    /// When readers see (or saw) it.
    pub published_at: Option<DateTime<Utc>>,
    /// A translation whose source changed since it was checked.
    pub source_changed: bool,
}

/// Stories on the desk.
#[async_trait]
pub trait DeskStore: Send + Sync {
    /// Creates a story (audited) with its first revision; a slug taken in the service is a
    /// [`super::StoreError::Conflict`].
    async fn create_story(&self, new: &NewStory, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<ArticleId>;

    /// A story by id, in any status.
    async fn story(&self, id: ArticleId) -> StoreResult<Option<Story>>;

    /// Stories, most recently changed first.
    async fn stories(&self, filter: &StoryFilter) -> StoreResult<Vec<StoryListing>>;

    /// Saves new fields as a new revision (audited), if the story is still at
    /// `edit.base_revision`; a public story's pages are dropped from every cache.
    async fn save_story(
        &self,
        edit: &StoryEdit<'_>,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<StorySave>;

    /// Moves a story in the workflow (audited), with the pages it changes.
    async fn change_story(
        &self,
        id: ArticleId,
        change: &StoryChange,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;

    /// Every revision of a story, newest first.
    async fn revisions(&self, id: ArticleId) -> StoreResult<Vec<Revision>>;

    /// The corrections of a story, oldest first.
    async fn corrections(&self, id: ArticleId) -> StoreResult<Vec<Correction>>;

    /// Announces the scheduled stories whose time has come to every node's cache, each
    /// once however many nodes ask at the same moment; returns how many this call did.
    async fn announce_publications(&self, now: DateTime<Utc>) -> StoreResult<u64>;

    /// Keeps a desk form sent after its session ended (see [`crate::desk::stash`]): forms
    /// kept before `expired_before` are dropped first; `false`, and nothing kept, if `max`
    /// forms are kept already.
    async fn stash_form(
        &self,
        id_hash: &str,
        form: &crate::desk::stash::StashedForm,
        expired_before: DateTime<Utc>,
        max: u32,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Takes a kept form back (deleting it), if it was kept at or after `expired_before`.
    async fn take_stashed_form(
        &self,
        id_hash: &str,
        expired_before: DateTime<Utc>,
    ) -> StoreResult<Option<crate::desk::stash::StashedForm>>;

    /// Forgets the kept forms kept before `expired_before`; how many.
    async fn forget_stashed_forms(&self, expired_before: DateTime<Utc>) -> StoreResult<u64>;
}
