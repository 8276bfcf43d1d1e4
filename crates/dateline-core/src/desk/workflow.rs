//! The desk's use cases: writing, reviewing, publishing, correcting and translating
//! stories. Each checks who may act ([`may`]) and where the story is, and writes the change
//! with its audit entry in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::json;

use super::fields::{FieldProblem, StoryFields, check_fields};
use super::{DeskAction, RevisionKind, Story, StoryAccess, StoryStatus, may};
use crate::accounts::Actor;
use crate::articles::credits::{Credit, CreditRole};
use crate::articles::markdown::render_body;
use crate::articles::{ArticleDraft, ArticleId};
use crate::audit::{AuditAction, AuditObject, NewAuditEntry};
use crate::services::Service;
use crate::store::{DeskStore, NewStory, ServiceStore, StoreError, StoryChange, StoryEdit, StorySave};

/// Longest correction notice or review note, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;

/// Why a desk action was not done.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// The actor may not do this to this story.
    #[error("your role does not allow this")]
    Forbidden,
    /// No such story (or one the actor may not see).
    #[error("there is no story {0}")]
    NotFound(i64),
    /// No such service.
    #[error("there is no service {0:?}")]
    NoSuchService(String),
    /// A translation was asked for in the story's own service.
    #[error("the story is already in the service {0:?}: translate it into another one")]
    SameService(String),
    /// The fields are not valid; nothing was saved.
    #[error("the story was not saved: {}", .0.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldProblem>),
    /// Someone saved the story since the writer's revision; nothing was saved.
    #[error("someone else saved this story in the meantime (now revision {})", .0.revision)]
    Conflict(Box<Story>),
    /// The address is taken in the service.
    #[error("the address {0:?} is taken in this service; choose another slug")]
    SlugTaken(String),
    /// The story is not where the action applies.
    #[error("the story is {0}: {1}")]
    WrongState(StoryStatus, &'static str),
    /// A note or correction was needed.
    #[error("{0}")]
    NoteRequired(&'static str),
    /// An uploaded photo cannot be used.
    #[error("the photo {0}")]
    Image(#[from] crate::media::ImageError),
    /// The chosen photo is not in the media library.
    #[error("that photo is not in the media library")]
    NoSuchPhoto,
    /// The photo could not be stored.
    #[error("the photo could not be stored: {0}")]
    Media(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn access(story: &Story, now: DateTime<Utc>) -> StoryAccess {
    StoryAccess { service: story.article.service_id, owner: story.owner, status: story.status(now) }
}

/// A story the actor may act on: "not found" for a story they may not even see.
async fn story_for<S: DeskStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    id: ArticleId,
    action: DeskAction,
    now: DateTime<Utc>,
) -> Result<Story, DeskError> {
    let story = store.story(id).await?.ok_or(DeskError::NotFound(id.0))?;
    if !may(actor, DeskAction::View, &access(&story, now)) {
        return Err(DeskError::NotFound(id.0));
    }
    if !may(actor, action, &access(&story, now)) {
        return Err(DeskError::Forbidden);
    }
    Ok(story)
}

/// The audit entry of a desk action on a story.
fn entry(actor: Actor<'_>, action: AuditAction, id: ArticleId) -> NewAuditEntry {
    NewAuditEntry::new(actor.name(), action, AuditObject::Article(id))
}

fn draft_of(fields: &StoryFields, service: &Service, story: Option<&Story>) -> ArticleDraft {
    ArticleDraft {
        service_id: service.id,
        slug: fields.slug.clone(),
        headline: fields.headline.clone(),
        summary: fields.summary.clone(),
        body_html: render_body(&fields.body, &HashMap::new()),
        body_markdown: fields.body.clone(),
        published_at: story.and_then(|s| s.article.published_at),
        updated_at: story.and_then(|s| s.article.updated_at),
        tags: fields.tags.clone(),
        translation_of: None,
        comment_policy: fields.comments,
        lead_image: fields.lead_image.clone(),
        credits: fields.credits.clone(),
    }
}

async fn service_by_code<S: ServiceStore + ?Sized>(store: &S, code: &str) -> Result<Service, DeskError> {
    store.services().await?.into_iter().find(|s| s.code == code).ok_or_else(|| DeskError::NoSuchService(code.into()))
}

async fn service_of<S: ServiceStore + ?Sized>(store: &S, story: &Story) -> Result<(Service, Vec<Service>), DeskError> {
    let services = store.services().await?;
    let service = services
        .iter()
        .find(|s| s.id == story.article.service_id)
        .cloned()
        .ok_or_else(|| DeskError::NoSuchService(story.article.service_id.0.to_string()))?;
    Ok((service, services))
}

/// Writes a new story in a service; returns its id. Reporters, editors and admins.
pub async fn create_story<S>(
    store: &S,
    actor: Actor<'_>,
    service_code: &str,
    fields: &StoryFields,
    now: DateTime<Utc>,
) -> Result<ArticleId, DeskError>
where
    S: DeskStore + ServiceStore + ?Sized,
{
    let services = store.services().await?;
    let service = services
        .iter()
        .find(|s| s.code == service_code)
        .ok_or_else(|| DeskError::NoSuchService(service_code.into()))?;
    let owner = match actor {
        Actor::User(user) => Some(user.id),
        _ => None,
    };
    if !may(actor, DeskAction::Create, &StoryAccess { service: service.id, owner, status: StoryStatus::Draft }) {
        return Err(DeskError::Forbidden);
    }
    let fields = check_fields(fields, &services, None).map_err(DeskError::Invalid)?;
    let draft = draft_of(&fields, service, None);
    let new = NewStory { draft, owner, kind: RevisionKind::Created, author: actor.name().to_owned(), source: None };
    let audit = NewAuditEntry::new(actor.name(), AuditAction::StoryCreate, AuditObject::Service(service.code.clone()))
        .change(serde_json::Value::Null, json!({ "slug": fields.slug, "headline": fields.headline }));
    match store.create_story(&new, now, &audit).await {
        Err(StoreError::Conflict(_)) => Err(DeskError::SlugTaken(fields.slug)),
        other => Ok(other?),
    }
}

/// Saves a story's fields as a new revision, if nobody saved it since `base_revision`. A
/// draft or a story in review is saved as is; a published or scheduled one is updated
/// (readers see "Updated"), its address kept.
pub async fn save_story<S>(
    store: &S,
    actor: Actor<'_>,
    id: ArticleId,
    base_revision: i64,
    fields: &StoryFields,
    now: DateTime<Utc>,
) -> Result<i64, DeskError>
where
    S: DeskStore + ServiceStore + ?Sized,
{
    let story = editable(store, actor, id, now).await?;
    let status = story.status(now);
    let kind = if status == StoryStatus::Published { RevisionKind::Updated } else { RevisionKind::Saved };
    write_revision(store, actor, &story, base_revision, fields, Revise { kind, note: "", correction: None }, now).await
}

/// What an automatic save of a draft notes in its revision.
pub const AUTOSAVE_NOTE: &str = "saved automatically";

/// Saves a draft by itself while its writer types (the editor's script): a new revision
/// noted [`AUTOSAVE_NOTE`], if nobody saved since `base_revision`. Only drafts save
/// themselves; a story in review or published changes only when someone presses a button.
pub async fn autosave_story<S>(
    store: &S,
    actor: Actor<'_>,
    id: ArticleId,
    base_revision: i64,
    fields: &StoryFields,
    now: DateTime<Utc>,
) -> Result<i64, DeskError>
where
    S: DeskStore + ServiceStore + ?Sized,
{
    let story = editable(store, actor, id, now).await?;
    let status = story.status(now);
    if status != StoryStatus::Draft {
        return Err(DeskError::WrongState(status, "only a draft saves itself"));
    }
    let revise = Revise { kind: RevisionKind::Saved, note: AUTOSAVE_NOTE, correction: None };
    write_revision(store, actor, &story, base_revision, fields, revise, now).await
}

/// Corrects a published story: a new revision with a dated correction notice shown at its
/// end, in its language, for good. Editors and admins.
pub async fn correct_story<S>(
    store: &S,
    actor: Actor<'_>,
    id: ArticleId,
    base_revision: i64,
    fields: &StoryFields,
    correction: &str,
    now: DateTime<Utc>,
) -> Result<i64, DeskError>
where
    S: DeskStore + ServiceStore + ?Sized,
{
    let story = story_for(store, actor, id, DeskAction::Publish, now).await?;
    let status = story.status(now);
    if status != StoryStatus::Published {
        return Err(DeskError::WrongState(status, "only a published story is corrected"));
    }
    let correction = note(correction, "say what was corrected: the notice is shown to readers")?;
    let revise = Revise { kind: RevisionKind::Corrected, note: &correction, correction: Some(&correction) };
    write_revision(store, actor, &story, base_revision, fields, revise, now).await
}

/// Why a revision is written, and what comes with it.
struct Revise<'a> {
    kind: RevisionKind,
    note: &'a str,
    correction: Option<&'a str>,
}

async fn write_revision<S>(
    store: &S,
    actor: Actor<'_>,
    story: &Story,
    base_revision: i64,
    fields: &StoryFields,
    revise: Revise<'_>,
    now: DateTime<Utc>,
) -> Result<i64, DeskError>
where
    S: DeskStore + ServiceStore + ?Sized,
{
    let (service, services) = service_of(store, story).await?;
    // A published story keeps its address unless an editor changes it by hand; the old
    // address then leads to the new one.
    let current = story.article.slug.as_str();
    let given = fields.slug.trim();
    let ever_published = story.first_published_at.is_some();
    let moves = ever_published && !given.is_empty() && given != current;
    if moves && !may(actor, DeskAction::Publish, &access(story, now)) {
        return Err(DeskError::Invalid(vec![FieldProblem {
            field: "slug",
            message: "only an editor changes the address of a published story".into(),
        }]));
    }
    let fixed_slug = (ever_published && !moves).then_some(current);
    let fields = check_fields(fields, &services, fixed_slug).map_err(DeskError::Invalid)?;
    let draft = draft_of(&fields, &service, Some(story));
    let mark_updated = matches!(revise.kind, RevisionKind::Updated | RevisionKind::Corrected);
    let edit = StoryEdit {
        id: story.article.id,
        base_revision,
        draft: &draft,
        kind: revise.kind,
        author: actor.name(),
        note: revise.note,
        correction: revise.correction,
        mark_updated,
        old_slug: moves.then_some(current),
    };
    let action = match revise.kind {
        RevisionKind::Corrected => AuditAction::StoryCorrect,
        RevisionKind::Restored => AuditAction::StoryRestoreRevision,
        _ => AuditAction::StorySave,
    };
    let (before, after) = if moves {
        (
            json!({ "revision": base_revision, "slug": current }),
            json!({ "revision": base_revision.saturating_add(1), "kind": revise.kind.as_str(), "slug": fields.slug }),
        )
    } else {
        (
            json!({ "revision": base_revision }),
            json!({ "revision": base_revision.saturating_add(1), "kind": revise.kind.as_str() }),
        )
    };
    let audit = entry(actor, action, story.article.id).change(before, after);
    match store.save_story(&edit, now, &audit).await {
        Ok(StorySave::Saved(revision)) => Ok(revision),
        Ok(StorySave::Conflict(_)) => {
            let current = store.story(story.article.id).await?.ok_or(DeskError::NotFound(story.article.id.0))?;
            Err(DeskError::Conflict(Box::new(current)))
        }
        Err(StoreError::Conflict(_)) => Err(DeskError::SlugTaken(fields.slug)),
        Err(error) => Err(error.into()),
    }
}

/// The words that go with a lead photo.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhotoWords {
    /// Caption.
    pub caption: String,
    /// What the photo shows, for readers who cannot see it (required).
    pub alt: String,
    /// Who took or supplied it.
    pub credit: String,
    /// Whether it is a file photo.
    pub file_photo: bool,
}

/// A photo uploaded for a story.
#[derive(Debug, Clone, Copy)]
pub struct PhotoUpload<'a> {
    /// The revision the uploader started from.
    pub base_revision: i64,
    /// The file as sent.
    pub bytes: &'a [u8],
    /// Its words.
    pub words: &'a PhotoWords,
}

/// Makes an uploaded photo a story's lead photo: the image is decoded and re-encoded so
/// that no metadata survives (see [`crate::media::CheckedImage::clean`]), stored, added to
/// the media library, and set as a new revision.
pub async fn attach_photo<S>(
    store: &S,
    media: &dyn crate::media::MediaStore,
    actor: Actor<'_>,
    id: ArticleId,
    upload: PhotoUpload<'_>,
    now: DateTime<Utc>,
) -> Result<i64, DeskError>
where
    S: DeskStore + ServiceStore + crate::store::MediaIndex + ?Sized,
{
    let PhotoUpload { base_revision, bytes, words } = upload;
    let story = editable(store, actor, id, now).await?;
    if words.alt.trim().is_empty() {
        return Err(DeskError::Invalid(vec![FieldProblem {
            field: "lead_image.alt",
            message: "describe the photo for readers who cannot see it (alt text)".into(),
        }]));
    }
    let owned = bytes.to_vec();
    let image = tokio::task::spawn_blocking(move || crate::media::CheckedImage::clean(&owned))
        .await
        .map_err(|e| DeskError::Media(e.to_string()))??;
    let key = crate::media::store_image(store, media, &image, now).await.map_err(|failure| match failure {
        crate::media::MediaFailure::Media(e) => DeskError::Media(e.to_string()),
        crate::media::MediaFailure::Store(e) => DeskError::Store(e),
    })?;
    let file = crate::store::MediaFile { key, width: image.width, height: image.height };
    set_photo(store, actor, &story, base_revision, &file, words, now).await
}

/// Makes a photo of the media library a story's lead photo (a new revision).
pub async fn choose_photo<S>(
    store: &S,
    actor: Actor<'_>,
    id: ArticleId,
    base_revision: i64,
    key: &crate::media::MediaKey,
    words: &PhotoWords,
    now: DateTime<Utc>,
) -> Result<i64, DeskError>
where
    S: DeskStore + ServiceStore + crate::store::MediaIndex + ?Sized,
{
    let story = editable(store, actor, id, now).await?;
    let file = store.media_file(key).await?.ok_or(DeskError::NoSuchPhoto)?;
    set_photo(store, actor, &story, base_revision, &file, words, now).await
}

/// A story the actor may change the fields of now (a published one needs an editor).
async fn editable<S: DeskStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    id: ArticleId,
    now: DateTime<Utc>,
) -> Result<Story, DeskError> {
    let story = story_for(store, actor, id, DeskAction::Edit, now).await?;
    let status = story.status(now);
    if matches!(status, StoryStatus::Published | StoryStatus::Scheduled)
        && !may(actor, DeskAction::Publish, &access(&story, now))
    {
        return Err(DeskError::Forbidden);
    }
    if status == StoryStatus::Unpublished {
        return Err(DeskError::WrongState(status, "restore it before changing it"));
    }
    Ok(story)
}

async fn set_photo<S>(
    store: &S,
    actor: Actor<'_>,
    story: &Story,
    base_revision: i64,
    file: &crate::store::MediaFile,
    words: &PhotoWords,
    now: DateTime<Utc>,
) -> Result<i64, DeskError>
where
    S: DeskStore + ServiceStore + ?Sized,
{
    let mut fields = story.fields();
    fields.lead_image = Some(crate::articles::LeadImage {
        media: file.key.clone(),
        caption: words.caption.clone(),
        alt: words.alt.clone(),
        credit: words.credit.clone(),
        file_photo: words.file_photo,
        width: file.width,
        height: file.height,
    });
    let kind = if story.status(now) == StoryStatus::Published { RevisionKind::Updated } else { RevisionKind::Saved };
    write_revision(
        store,
        actor,
        story,
        base_revision,
        &fields,
        Revise { kind, note: "lead photo", correction: None },
        now,
    )
    .await
}

/// Restores an earlier revision as a new one (the history keeps everything).
pub async fn restore_revision<S>(
    store: &S,
    actor: Actor<'_>,
    id: ArticleId,
    number: i64,
    now: DateTime<Utc>,
) -> Result<i64, DeskError>
where
    S: DeskStore + ServiceStore + ?Sized,
{
    let story = story_for(store, actor, id, DeskAction::Edit, now).await?;
    if story.status(now) != StoryStatus::Draft && !may(actor, DeskAction::Publish, &access(&story, now)) {
        return Err(DeskError::Forbidden);
    }
    let revisions = store.revisions(id).await?;
    let old = revisions.into_iter().find(|r| r.number == number).ok_or(DeskError::NotFound(id.0))?;
    let note = format!("revision {number} restored");
    let revise = Revise { kind: RevisionKind::Restored, note: &note, correction: None };
    // Restoring words does not move a published story's address.
    let mut fields = old.fields;
    if story.first_published_at.is_some() {
        fields.slug = story.article.slug.clone();
    }
    write_revision(store, actor, &story, story.revision, &fields, revise, now).await
}

fn note(text: &str, missing: &'static str) -> Result<String, DeskError> {
    let text = crate::comments::clean_text(text);
    if text.is_empty() {
        return Err(DeskError::NoteRequired(missing));
    }
    Ok(text.chars().take(MAX_NOTE_CHARS).collect())
}

async fn change<S: DeskStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    story: &Story,
    change: StoryChange,
    action: AuditAction,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    let before = story.status(now).as_str();
    let audit = entry(actor, action, story.article.id)
        .change(json!({ "status": before }), json!({ "change": format!("{change:?}") }));
    Ok(store.change_story(story.article.id, &change, now, &audit).await?)
}

/// Submits a draft for review (its writer, or an editor).
pub async fn submit_story<S: DeskStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    id: ArticleId,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    let story = story_for(store, actor, id, DeskAction::Submit, now).await?;
    match story.status(now) {
        StoryStatus::Draft => change(store, actor, &story, StoryChange::Submit, AuditAction::StorySubmit, now).await,
        other => Err(DeskError::WrongState(other, "only a draft is submitted")),
    }
}

/// Sends a story in review back to its writer with a note (editors).
pub async fn send_back<S: DeskStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    id: ArticleId,
    why: &str,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    let story = story_for(store, actor, id, DeskAction::SendBack, now).await?;
    let why = note(why, "say what the writer should change")?;
    match story.status(now) {
        StoryStatus::InReview => {
            change(store, actor, &story, StoryChange::SendBack { note: why }, AuditAction::StorySendBack, now).await
        }
        other => Err(DeskError::WrongState(other, "only a story in review is sent back")),
    }
}

/// Publishes a story now, or schedules it (`at` in the future). Editors.
pub async fn publish_story<S: DeskStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    id: ArticleId,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    let story = story_for(store, actor, id, DeskAction::Publish, now).await?;
    let at = at.unwrap_or(now).max(now);
    match story.status(now) {
        StoryStatus::Draft | StoryStatus::InReview | StoryStatus::Scheduled => {
            let action = if at > now { AuditAction::StorySchedule } else { AuditAction::StoryPublish };
            change(store, actor, &story, StoryChange::Publish { at }, action, now).await
        }
        other => Err(DeskError::WrongState(other, "it is not waiting to be published")),
    }
}

/// Takes a published story down: its address answers 410, its comments are kept. Editors.
pub async fn unpublish_story<S: DeskStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    id: ArticleId,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    let story = story_for(store, actor, id, DeskAction::Publish, now).await?;
    match story.status(now) {
        StoryStatus::Published | StoryStatus::Scheduled => {
            change(store, actor, &story, StoryChange::Unpublish, AuditAction::StoryUnpublish, now).await
        }
        other => Err(DeskError::WrongState(other, "only a published or scheduled story is unpublished")),
    }
}

/// Puts an unpublished story back up at its address. Editors.
pub async fn restore_story<S: DeskStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    id: ArticleId,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    let story = story_for(store, actor, id, DeskAction::Publish, now).await?;
    match story.status(now) {
        StoryStatus::Unpublished => {
            change(store, actor, &story, StoryChange::Restore, AuditAction::StoryRestore, now).await
        }
        other => Err(DeskError::WrongState(other, "only an unpublished story is restored")),
    }
}

/// Starts a translation of a story into another service: a draft linked to the source as
/// one story, with the source's fields to translate from and the translator credited (by
/// their name for the target's language, if the directory of people has them).
pub async fn translate_story<S>(
    store: &S,
    actor: Actor<'_>,
    source: ArticleId,
    target_code: &str,
    now: DateTime<Utc>,
) -> Result<ArticleId, DeskError>
where
    S: DeskStore + ServiceStore + crate::store::PeopleStore + ?Sized,
{
    let original = store.story(source).await?.ok_or(DeskError::NotFound(source.0))?;
    let target = service_by_code(store, target_code).await?;
    let owner = match actor {
        Actor::User(user) => Some(user.id),
        _ => None,
    };
    let can_see = may(actor, DeskAction::View, &access(&original, now))
        || may(actor, DeskAction::Translate, &StoryAccess { service: target.id, owner, status: StoryStatus::Draft });
    if !can_see {
        return Err(DeskError::NotFound(source.0));
    }
    if !may(actor, DeskAction::Translate, &StoryAccess { service: target.id, owner, status: StoryStatus::Draft }) {
        return Err(DeskError::Forbidden);
    }
    if target.id == original.article.service_id {
        return Err(DeskError::SameService(target_code.to_owned()));
    }
    let services = store.services().await?;
    let mut fields = original.fields();
    fields.slug = String::new();
    let source_code = services.iter().find(|s| s.id == original.article.service_id).map(|s| s.code.clone());
    for credit in &mut fields.credits {
        if credit.for_service.is_none() && credit.role == CreditRole::ReportedBy {
            credit.for_service = source_code.clone();
        }
    }
    if let Actor::User(user) = actor {
        let name = match store.person_of_user(user.id).await? {
            Some(person) => person.name_in(&target.language).to_owned(),
            None => user.name.clone(),
        };
        fields.credits.push(Credit { role: CreditRole::TranslatedBy, names: vec![name], for_service: None });
    }
    let fields = check_fields(&fields, &services, None).map_err(DeskError::Invalid)?;
    let mut draft = draft_of(&fields, &target, None);
    draft.slug = unique_slug(&fields.slug, original.article.id);
    let new = NewStory {
        draft,
        owner,
        kind: RevisionKind::Translated,
        author: actor.name().to_owned(),
        source: Some((original.article.id, original.revision)),
    };
    let audit = entry(actor, AuditAction::StoryTranslate, original.article.id)
        .change(serde_json::Value::Null, json!({ "into": target.code }));
    match store.create_story(&new, now, &audit).await {
        Err(StoreError::Conflict(_)) => Err(DeskError::SlugTaken(new.draft.slug)),
        other => Ok(other?),
    }
}

/// A translation's first slug: the source's, made distinct until the translator writes a
/// headline of their own (a draft's slug follows its headline until it is published).
fn unique_slug(slug: &str, source: ArticleId) -> String {
    let suffix = format!("-{}", source.0);
    let keep = crate::articles::slugs::MAX_SLUG_LEN.saturating_sub(suffix.len());
    format!("{}{suffix}", slug.chars().take(keep).collect::<String>().trim_end_matches('-'))
}

/// Marks a translation as checked against its source's current revision.
pub async fn mark_source_reviewed<S: DeskStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    id: ArticleId,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    let story = story_for(store, actor, id, DeskAction::Edit, now).await?;
    let Some(revision) = story.source_current_revision else {
        return Err(DeskError::WrongState(story.status(now), "it is not a translation"));
    };
    change(store, actor, &story, StoryChange::SourceReviewed { revision }, AuditAction::StorySourceReviewed, now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translation_starts_at_a_distinct_address() {
        assert_eq!(unique_slug("hangang-hongsu", ArticleId(12)), "hangang-hongsu-12");
        let long = "a".repeat(80);
        assert_eq!(unique_slug(&long, ArticleId(12)).len(), 80);
    }
}
