//! The story editor: every field of a story, a server-rendered preview, the workflow's
//! actions the user may take, and what to do when someone else saved first. Nothing here
//! needs JavaScript; what a person typed is never lost — a refused or conflicting save
//! comes back with their text in the form.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use dateline_core::accounts::Actor;
use dateline_core::articles::credits::CreditRole;
use dateline_core::articles::markdown::render_body;
use dateline_core::articles::{ArticleId, CommentPolicy, article_path};
use dateline_core::desk::{self, DeskAction, DeskError, FieldProblem, Story, StoryAccess, StoryStatus};
use dateline_core::services::Service;
use serde::Serialize;

use super::extract::{Console, ConsoleError, CsrfForm, Desk};
use super::render::{ConsolePage, Flash, Section, back, form_value, render_with, text, text_with, when};
use super::stories::desk_error;
use crate::state::{App, AppState};

use super::editor_form::BLANK_CREDIT_ROWS;
pub use super::editor_form::{CreditRow, EditorForm};

/// A button of the editor: the action it sends, and its label's message (`desk-action-…`).
#[derive(Serialize)]
struct Action {
    name: &'static str,
    label: &'static str,
}

/// Every editor button label's message suffix (`desk-action-{label}`).
pub const ACTION_LABELS: [&str; 10] =
    ["create", "save", "update", "preview", "submit", "publish", "send_back", "correct", "unpublish", "restore"];

#[derive(Serialize)]
struct Preview {
    headline: String,
    summary: String,
    body_html: String,
}

#[derive(Serialize)]
struct SourceView {
    href: String,
    service: String,
    headline: String,
    paragraphs: Vec<String>,
    changed: bool,
    diff: Vec<crate::console::history::DiffPart>,
}

/// Everything the editor page shows.
#[derive(Serialize)]
pub struct EditorView {
    id: Option<i64>,
    service: String,
    service_name: String,
    lang: String,
    dir: &'static str,
    status: &'static str,
    owner: String,
    review_note: String,
    public_href: Option<String>,
    preview_href: Option<String>,
    form: EditorForm,
    has_image: bool,
    image_src: Option<String>,
    errors: Vec<(String, String)>,
    message: Option<String>,
    actions: Vec<Action>,
    can_edit: bool,
    can_publish: bool,
    roles: Vec<&'static str>,
    policies: Vec<&'static str>,
    services: Vec<(String, String)>,
    translate_into: Vec<(String, String)>,
    corrections: Vec<(String, String)>,
    source: Option<SourceView>,
    preview: Option<Preview>,
    conflict: Option<Box<ConflictView>>,
    blank_credits: usize,
    library: Vec<super::photos::LibraryView>,
    older_photos: Option<String>,
    directory: Vec<(String, String)>,
    photo: PhotoFormView,
    photo_error: Option<String>,
}

/// The words of the photo forms, as typed.
#[derive(Serialize, Default)]
struct PhotoFormView {
    caption: String,
    alt: String,
    credit: String,
    file_photo: bool,
}

/// Both versions of a story when someone else saved first.
#[derive(Serialize)]
pub struct ConflictView {
    theirs: EditorForm,
    their_revision: i64,
    their_author: String,
}

impl EditorView {
    /// The editor of a new story in a service.
    pub fn blank(service: &Service, services: &[Service]) -> EditorView {
        EditorView {
            id: None,
            service: service.code.clone(),
            service_name: service.name.clone(),
            lang: service.language.clone(),
            dir: service.direction.as_str(),
            status: StoryStatus::Draft.as_str(),
            owner: String::new(),
            review_note: String::new(),
            public_href: None,
            preview_href: None,
            form: EditorForm { service: service.code.clone(), ..EditorForm::default() },
            has_image: false,
            image_src: None,
            errors: Vec::new(),
            message: None,
            actions: vec![Action { name: "create", label: "create" }, Action { name: "preview", label: "preview" }],
            can_edit: true,
            can_publish: false,
            roles: CreditRole::ALL.iter().map(|r| r.as_str()).collect(),
            policies: CommentPolicy::ALL.iter().map(|p| p.as_str()).collect(),
            services: services.iter().map(|s| (s.code.clone(), s.name.clone())).collect(),
            translate_into: Vec::new(),
            corrections: Vec::new(),
            source: None,
            preview: None,
            conflict: None,
            blank_credits: BLANK_CREDIT_ROWS,
            library: Vec::new(),
            older_photos: None,
            directory: Vec::new(),
            photo: PhotoFormView::default(),
            photo_error: None,
        }
    }

    /// The editor of a stored story, for the signed-in user.
    pub(super) async fn for_story(app: &App, console: &Console, story: &Story) -> Result<EditorView, ConsoleError> {
        let services = app.services().await?;
        let service = services.iter().find(|s| s.id == story.article.service_id).ok_or(ConsoleError::NotFound)?;
        let now = app.clock.now();
        let status = story.status(now);
        let actor = Actor::User(&console.user);
        let access = StoryAccess { service: service.id, owner: story.owner, status };
        let can = |action| desk::may(actor, action, &access);
        let mut actions = Vec::new();
        let can_edit = can(DeskAction::Edit)
            && (matches!(status, StoryStatus::Draft) || can(DeskAction::Publish))
            && status != StoryStatus::Unpublished;
        if can_edit {
            let label = if status == StoryStatus::Published { "update" } else { "save" };
            actions.push(Action { name: "save", label });
            actions.push(Action { name: "preview", label: "preview" });
        }
        if status == StoryStatus::Draft && can(DeskAction::Submit) {
            actions.push(Action { name: "submit", label: "submit" });
        }
        let can_publish = can(DeskAction::Publish);
        if can_publish && matches!(status, StoryStatus::Draft | StoryStatus::InReview | StoryStatus::Scheduled) {
            actions.push(Action { name: "publish", label: "publish" });
        }
        if can(DeskAction::SendBack) && status == StoryStatus::InReview {
            actions.push(Action { name: "send_back", label: "send_back" });
        }
        if can_publish && status == StoryStatus::Published {
            actions.push(Action { name: "correct", label: "correct" });
        }
        if can_publish && matches!(status, StoryStatus::Published | StoryStatus::Scheduled) {
            actions.push(Action { name: "unpublish", label: "unpublish" });
        }
        if can_publish && status == StoryStatus::Unpublished {
            actions.push(Action { name: "restore", label: "restore" });
        }
        let owner = Some(console.user.id);
        let translate_into = services
            .iter()
            .filter(|s| s.id != service.id)
            .filter(|s| {
                let target = StoryAccess { service: s.id, owner, status: StoryStatus::Draft };
                desk::may(actor, DeskAction::Translate, &target)
            })
            .map(|s| (s.code.clone(), s.name.clone()))
            .collect();
        let fields = story.fields();
        let source = match story.translation_of {
            Some(source_id) => source_view(app, story, source_id, &services).await?,
            None => None,
        };
        let mut view = EditorView {
            id: Some(story.article.id.0),
            service: service.code.clone(),
            service_name: service.name.clone(),
            lang: service.language.clone(),
            dir: service.direction.as_str(),
            status: status.as_str(),
            owner: story.owner_name.clone().unwrap_or_default(),
            review_note: story.review_note.clone(),
            public_href: (status == StoryStatus::Published)
                .then(|| article_path(service, &story.article.slug, story.article.published_at)),
            preview_href: Some(format!(
                "/preview/{}/{}",
                story.article.id.0,
                crate::tokens::sign(
                    &app.form_key().await?,
                    crate::tokens::TokenPurpose::Preview(story.article.id),
                    now
                )
            )),
            form: EditorForm::of(Some(story), &fields, &service.code),
            has_image: fields.lead_image.is_some(),
            image_src: fields.lead_image.as_ref().map(|i| format!("/admin/media/{}", i.media.as_str())),
            errors: Vec::new(),
            message: None,
            actions,
            can_edit,
            can_publish,
            roles: CreditRole::ALL.iter().map(|r| r.as_str()).collect(),
            policies: CommentPolicy::ALL.iter().map(|p| p.as_str()).collect(),
            services: services.iter().map(|s| (s.code.clone(), s.name.clone())).collect(),
            translate_into,
            corrections: story.corrections.iter().map(|c| (when(c.at), c.text.clone())).collect(),
            source,
            preview: None,
            conflict: None,
            blank_credits: BLANK_CREDIT_ROWS,
            library: Vec::new(),
            older_photos: None,
            directory: Vec::new(),
            photo: PhotoFormView::default(),
            photo_error: None,
        };
        view.show_library(app, None).await?;
        Ok(view)
    }

    /// Offers a page of the media library to choose from, after `before` (a cursor of the
    /// "Older photos" link).
    pub(super) async fn show_library(&mut self, app: &App, before: Option<&str>) -> Result<(), ConsoleError> {
        let (photos, older) = super::photos::library_page(app, before).await?;
        self.library = photos;
        self.older_photos = match (self.id, older) {
            (Some(id), Some(cursor)) => Some(format!("/admin/stories/{id}?photos_before={cursor}#photo")),
            _ => None,
        };
        Ok(())
    }

    /// Shows a photo form's words as they were sent.
    pub fn keep_photo_words(&mut self, words: &desk::PhotoWords) {
        self.photo = PhotoFormView {
            caption: words.caption.clone(),
            alt: words.alt.clone(),
            credit: words.credit.clone(),
            file_photo: words.file_photo,
        };
    }

    /// Shows the form as it was sent.
    pub fn keep(&mut self, form: &EditorForm) {
        let revision = self.form.revision.clone();
        self.form = EditorForm { revision, action: String::new(), ..form.clone() };
    }

    /// Names why a save or action was refused; the status to answer with.
    pub fn refused(&mut self, app: &App, language: &str, error: &DeskError) -> Result<StatusCode, ConsoleError> {
        let why = error.to_string();
        let named =
            |problems: &[FieldProblem]| problems.iter().map(|p| (p.field.to_owned(), p.message.clone())).collect();
        Ok(match error {
            DeskError::Invalid(problems) => {
                self.errors = named(problems);
                self.photo_error =
                    problems.iter().find(|p| p.field.starts_with("lead_image")).map(|p| p.message.clone());
                self.message = Some(text(app, language, "desk-not-saved-fields"));
                StatusCode::UNPROCESSABLE_ENTITY
            }
            DeskError::SlugTaken(_) => {
                self.errors = vec![("slug".into(), error.to_string())];
                self.message = Some(text(app, language, "desk-not-saved-address"));
                StatusCode::CONFLICT
            }
            DeskError::Image(_) | DeskError::NoSuchPhoto => {
                self.photo_error = Some(error.to_string());
                self.message = Some(text_with(app, language, "desk-not-done", &[("why", &why)]));
                StatusCode::UNPROCESSABLE_ENTITY
            }
            DeskError::WrongState(..)
            | DeskError::NoteRequired(_)
            | DeskError::NoSuchService(_)
            | DeskError::SameService(_) => {
                self.message = Some(text_with(app, language, "desk-not-done-kept", &[("why", &why)]));
                StatusCode::UNPROCESSABLE_ENTITY
            }
            DeskError::Forbidden => return Err(ConsoleError::Forbidden),
            DeskError::NotFound(_) => return Err(ConsoleError::NotFound),
            // Only the photo forms come here with a conflict (the editor's own form gets both
            // versions side by side): the page shows the story as it is now.
            DeskError::Conflict(theirs) => {
                let revision = theirs.revision.to_string();
                self.message = Some(text_with(app, language, "desk-photo-conflict", &[("revision", &revision)]));
                StatusCode::CONFLICT
            }
            DeskError::Store(_) | DeskError::Media(_) => {
                return Err(ConsoleError::Internal(error.to_string()));
            }
        })
    }
}

/// The source of a translation beside its editor, paragraph by paragraph, and what changed
/// in it since the translation was last checked.
async fn source_view(
    app: &App,
    story: &Story,
    source_id: ArticleId,
    services: &[Service],
) -> Result<Option<SourceView>, ConsoleError> {
    let Some(source) = app.store.story(source_id).await? else { return Ok(None) };
    let service = services.iter().find(|s| s.id == source.article.service_id);
    let changed = story.source_changed();
    let diff = match (changed, story.source_revision) {
        (true, Some(seen)) => {
            let revisions = app.store.revisions(source_id).await?;
            let old = revisions.iter().find(|r| r.number == seen).map(|r| r.fields.body.clone()).unwrap_or_default();
            crate::console::history::diff_words(&old, &source.article.body_markdown)
        }
        _ => Vec::new(),
    };
    Ok(Some(SourceView {
        href: format!("/admin/stories/{}", source_id.0),
        service: service.map(|s| s.name.clone()).unwrap_or_default(),
        headline: source.article.headline.clone(),
        paragraphs: source
            .article
            .body_markdown
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        changed,
        diff,
    }))
}

/// Renders the editor.
pub async fn editor_page(
    app: &App,
    console: &Console,
    mut view: EditorView,
    status: StatusCode,
) -> Result<Response, ConsoleError> {
    // The directory's names, for the credits' suggestions: each name and whose it is.
    view.directory = app
        .store
        .people()
        .await?
        .iter()
        .flat_map(|person| person.names.iter().map(|n| (n.name.clone(), format!("{} · {}", n.language, person.slug))))
        .collect();
    let title = if view.form.headline.is_empty() {
        text(app, &console.language, "desk-new-story")
    } else {
        view.form.headline.clone()
    };
    let page = ConsolePage {
        template: "console/story.html",
        title: &title,
        section: Section::Stories,
        flash: None,
        page: view,
    };
    render_with(app, console, status, page)
}

fn story_id(id: &str) -> Result<ArticleId, ConsoleError> {
    id.parse::<i64>().map(ArticleId).map_err(|_| ConsoleError::NotFound)
}

/// A story the signed-in user may see (others are "not found").
pub(super) async fn visible_story(app: &App, console: &Console, id: ArticleId) -> Result<Story, ConsoleError> {
    let story = app.store.story(id).await?.ok_or(ConsoleError::NotFound)?;
    let access =
        StoryAccess { service: story.article.service_id, owner: story.owner, status: story.status(app.clock.now()) };
    if !desk::may(Actor::User(&console.user), DeskAction::View, &access) {
        return Err(ConsoleError::NotFound);
    }
    Ok(story)
}

/// Which page of the media library the editor offers.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PhotosQuery {
    /// The cursor of the "Older photos" link.
    #[serde(default)]
    photos_before: Option<String>,
}

/// `GET /admin/stories/{id}`: the editor.
pub async fn show(
    State(app): State<AppState>,
    Desk(console): Desk,
    Path(id): Path<String>,
    axum::extract::Query(flash): axum::extract::Query<Flash>,
    axum::extract::Query(photos): axum::extract::Query<PhotosQuery>,
) -> Result<Response, ConsoleError> {
    let story = visible_story(&app, &console, story_id(&id)?).await?;
    let mut view = EditorView::for_story(&app, &console, &story).await?;
    if let Some(before) = photos.photos_before.as_deref() {
        view.show_library(&app, Some(before)).await?;
    }
    view.message = flash.text();
    editor_page(&app, &console, view, StatusCode::OK).await
}

/// A time typed into the form (`2026-12-03T09:30`) in the service's time zone.
fn local_time(text: &str, service: &Service) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M").ok()?;
    service.time_zone.from_local_datetime(&naive).earliest().map(|at| at.with_timezone(&Utc))
}

/// `POST /admin/stories/{id}`: the editor's actions — save (or update), preview, submit,
/// publish or schedule, send back, correct, unpublish, restore.
pub async fn act(
    State(app): State<AppState>,
    Desk(console): Desk,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    act_with(&app, &console, story_id(&id)?, &pairs).await
}

/// What `POST /admin/stories/{id}` does with a form (also a form kept while its writer
/// signed in again).
pub(super) async fn act_with(
    app: &App,
    console: &Console,
    id: ArticleId,
    pairs: &[(String, String)],
) -> Result<Response, ConsoleError> {
    let story = visible_story(app, console, id).await?;
    let form = EditorForm::read(pairs);
    let actor = Actor::User(&console.user);
    let now = app.clock.now();
    let store = app.store.as_ref();
    let current = story.fields();
    let fields = form.fields(Some(&current));
    let services = app.services().await?;
    let service = services.iter().find(|s| s.id == story.article.service_id).cloned().ok_or(ConsoleError::NotFound)?;
    let result: Result<&str, DeskError> = match form.action.as_str() {
        "autosave" => {
            let saved = desk::autosave_story(store, actor, id, form.base_revision(), &fields, now).await;
            return autosave_answer(saved, now);
        }
        "preview" => {
            let mut view = EditorView::for_story(app, console, &story).await?;
            view.keep(&form);
            view.preview = Some(Preview {
                headline: fields.headline.clone(),
                summary: fields.summary.clone(),
                body_html: render_body(&fields.body, &Default::default()),
            });
            return editor_page(app, console, view, StatusCode::OK).await;
        }
        "save" => {
            desk::save_story(store, actor, id, form.base_revision(), &fields, now).await.map(|_| "desk-flash-saved")
        }
        "correct" => desk::correct_story(store, actor, id, form.base_revision(), &fields, &form.correction, now)
            .await
            .map(|_| "desk-flash-corrected"),
        "submit" => desk::submit_story(store, actor, id, now).await.map(|()| "desk-flash-submitted"),
        "send_back" => desk::send_back(store, actor, id, &form.note, now).await.map(|()| "desk-flash-sent-back"),
        "publish" => {
            let at = Some(form.publish_at.trim()).filter(|t| !t.is_empty()).map(|t| local_time(t, &service));
            match at {
                Some(None) => {
                    Err(DeskError::NoteRequired("the publication time must be a date and time (YYYY-MM-DDTHH:MM)"))
                }
                Some(Some(at)) => {
                    desk::publish_story(store, actor, id, Some(at), now).await.map(|()| "desk-flash-scheduled")
                }
                None => desk::publish_story(store, actor, id, None, now).await.map(|()| "desk-flash-published"),
            }
        }
        "unpublish" => desk::unpublish_story(store, actor, id, now).await.map(|()| "desk-flash-unpublished"),
        "restore" => desk::restore_story(store, actor, id, now).await.map(|()| "desk-flash-restored"),
        "mark_reviewed" => desk::mark_source_reviewed(store, actor, id, now).await.map(|()| "desk-flash-checked"),
        _ => return Err(ConsoleError::NotFound),
    };
    match result {
        Ok(done) => Ok(back(Some(&format!("/admin/stories/{}", id.0)), &text(app, &console.language, done))),
        Err(DeskError::Conflict(theirs)) => conflict_page(app, console, &form, &theirs).await,
        Err(error @ (DeskError::Forbidden | DeskError::NotFound(_) | DeskError::Store(_))) => Err(desk_error(error)),
        Err(error) => {
            let mut view = EditorView::for_story(app, console, &story).await?;
            view.keep(&form);
            let status = view.refused(app, &console.language, &error)?;
            editor_page(app, console, view, status).await
        }
    }
}

/// The editor script's answer to an automatic save, in JSON: the new revision (200); why
/// not, with the fields named (422); someone else saved, or the story is no draft (409).
fn autosave_answer(saved: Result<i64, DeskError>, now: DateTime<Utc>) -> Result<Response, ConsoleError> {
    use axum::Json;
    use serde_json::json;
    let answer = match saved {
        Ok(revision) => (StatusCode::OK, Json(json!({ "revision": revision, "saved_at": when(now) }))),
        Err(DeskError::Invalid(problems)) => {
            let errors: Vec<_> = problems.iter().map(|p| json!({ "field": p.field, "message": p.message })).collect();
            (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "errors": errors })))
        }
        Err(DeskError::Conflict(theirs)) => (
            StatusCode::CONFLICT,
            Json(json!({
                "error": format!(
                    "someone saved this story while you wrote (revision {}): press Save to see both versions",
                    theirs.revision
                )
            })),
        ),
        Err(error @ DeskError::WrongState(..)) => (StatusCode::CONFLICT, Json(json!({ "error": error.to_string() }))),
        Err(error) => return Err(desk_error(error)),
    };
    Ok(answer.into_response())
}

/// Someone saved the story after the writer opened it: both versions side by side, the
/// writer's text intact in a form based on the newest revision.
async fn conflict_page(
    app: &App,
    console: &Console,
    mine: &EditorForm,
    theirs: &Story,
) -> Result<Response, ConsoleError> {
    let mut view = EditorView::for_story(app, console, theirs).await?;
    let their_form = view.form.clone();
    view.keep(mine);
    view.form.revision = theirs.revision.to_string();
    let author = app.store.revisions(theirs.article.id).await?.first().map(|r| r.author.clone()).unwrap_or_default();
    let revision = theirs.revision.to_string();
    view.message =
        Some(text_with(app, &console.language, "desk-conflict", &[("author", &author), ("revision", &revision)]));
    view.conflict =
        Some(Box::new(ConflictView { theirs: their_form, their_revision: theirs.revision, their_author: author }));
    editor_page(app, console, view, StatusCode::CONFLICT).await
}

/// `POST /admin/stories/{id}/translate`: starts a translation into a service.
pub async fn translate(
    State(app): State<AppState>,
    Desk(console): Desk,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    let id = story_id(&id)?;
    let target = form_value(&pairs, "service").unwrap_or_default().to_owned();
    let actor = Actor::User(&console.user);
    match desk::translate_story(app.store.as_ref(), actor, id, &target, app.clock.now()).await {
        Ok(new) => Ok(Redirect::to(&format!("/admin/stories/{}?done=Translation+started.", new.0)).into_response()),
        Err(error @ (DeskError::Forbidden | DeskError::NotFound(_) | DeskError::Store(_))) => Err(desk_error(error)),
        Err(error) => Ok(back(
            Some(&format!("/admin/stories/{}", id.0)),
            &text_with(&app, &console.language, "desk-not-started", &[("why", &error.to_string())]),
        )),
    }
}
