//! The desk's story list, and writing a new story.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use dateline_core::accounts::Actor;
use dateline_core::articles::ArticleId;
use dateline_core::desk::{self, DeskAction, DeskError, StoryAccess, StoryFields, StoryStatus};
use dateline_core::services::Service;
use dateline_core::store::StoryFilter;
use serde::{Deserialize, Serialize};

use super::editor::{EditorForm, EditorView, editor_page};
use super::extract::{Console, ConsoleError, CsrfForm, Desk};
use super::render::{ConsolePage, Flash, Section, non_empty, render, text, when};
use crate::state::{App, AppState};

/// Stories per page of the list.
pub const STORIES_PAGE: u32 = 50;

/// Filters of the story list.
#[derive(Debug, Default, Deserialize, Serialize, Clone)]
#[serde(default)]
pub struct StoryQuery {
    service: Option<String>,
    status: Option<String>,
    mine: Option<String>,
    changed: Option<String>,
    before: Option<String>,
    done: Option<String>,
}

#[derive(Serialize)]
struct StoryRow {
    id: i64,
    service: String,
    headline: String,
    status: &'static str,
    owner: String,
    modified: String,
    source_changed: bool,
    href: String,
}

#[derive(Serialize)]
struct ListView {
    rows: Vec<StoryRow>,
    services: Vec<(String, String)>,
    writable: Vec<(String, String)>,
    statuses: Vec<&'static str>,
    service: String,
    status: String,
    mine: bool,
    changed: bool,
    next: Option<String>,
}

/// The services whose stories a desk user sees: their own, or all for an admin and for a
/// translator (who translates from every service).
pub(super) fn desk_services(console_user: &dateline_core::accounts::User, services: &[Service]) -> Vec<Service> {
    use dateline_core::accounts::Role;
    services
        .iter()
        .filter(|s| {
            matches!(console_user.role, Role::Admin | Role::Translator) || console_user.services.contains(&s.id)
        })
        .cloned()
        .collect()
}

fn parse_cursor(text: &str) -> Option<(DateTime<Utc>, ArticleId)> {
    let (micros, id) = text.split_once('.')?;
    Some((dateline_core::clock::from_micros(micros.parse().ok()?), ArticleId(id.parse().ok()?)))
}

/// `GET /admin/stories`: the stories of the user's services, most recently changed first.
pub async fn list(
    State(app): State<AppState>,
    Desk(console): Desk,
    Query(query): Query<StoryQuery>,
) -> Result<Response, ConsoleError> {
    let services = app.services().await?;
    let mine_only = desk_services(&console.user, &services);
    let chosen = non_empty(&query.service).and_then(|code| mine_only.iter().find(|s| s.code == code).cloned());
    let status = non_empty(&query.status).and_then(|s| s.parse::<StoryStatus>().ok());
    let now = app.clock.now();
    let filter = StoryFilter {
        services: Some(match &chosen {
            Some(service) => vec![service.id],
            None => mine_only.iter().map(|s| s.id).collect(),
        }),
        status,
        owner: query.mine.is_some().then_some(console.user.id),
        source_changed: query.changed.is_some(),
        before: non_empty(&query.before).as_deref().and_then(parse_cursor),
        limit: STORIES_PAGE + 1,
        now,
        with_pages: false,
    };
    let mut found = app.store.stories(&filter).await?;
    let more = found.len() > STORIES_PAGE as usize;
    found.truncate(STORIES_PAGE as usize);
    let next = found.last().filter(|_| more).map(|last| {
        let cursor = format!("{}.{}", dateline_core::clock::to_micros(last.modified_at), last.id.0);
        let next = StoryQuery { before: Some(cursor), done: None, ..query.clone() };
        format!("/admin/stories?{}", serde_urlencoded::to_string(&next).unwrap_or_default())
    });
    let code = |id| services.iter().find(|s| s.id == id).map(|s| s.code.clone()).unwrap_or_default();
    let actor = Actor::User(&console.user);
    let writable = mine_only
        .iter()
        .filter(|s| {
            let access = StoryAccess { service: s.id, owner: Some(console.user.id), status: StoryStatus::Draft };
            desk::may(actor, DeskAction::Create, &access)
        })
        .map(|s| (s.code.clone(), s.name.clone()))
        .collect();
    let view = ListView {
        rows: found
            .into_iter()
            .map(|s| StoryRow {
                id: s.id.0,
                service: code(s.service_id),
                headline: s.headline,
                status: s.status.as_str(),
                owner: s.owner_name.unwrap_or_default(),
                modified: when(s.modified_at),
                source_changed: s.source_changed,
                href: format!("/admin/stories/{}", s.id.0),
            })
            .collect(),
        services: mine_only.iter().map(|s| (s.code.clone(), s.name.clone())).collect(),
        writable,
        statuses: StoryStatus::ALL.iter().map(|s| s.as_str()).collect(),
        service: chosen.map(|s| s.code).unwrap_or_default(),
        status: status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        mine: query.mine.is_some(),
        changed: query.changed.is_some(),
        next,
    };
    let flash = Flash { done: query.done.clone() }.text();
    let page = ConsolePage {
        template: "console/stories.html",
        title: &text(&app, &console.language, "desk-stories"),
        section: Section::Stories,
        flash,
        page: view,
    };
    render(&app, &console, page)
}

/// `?service=CODE` of a new story.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    service: String,
}

/// The service a new story is written in, if the user may write there.
fn writable_service(app_services: &[Service], user: &dateline_core::accounts::User, code: &str) -> Option<Service> {
    let service = app_services.iter().find(|s| s.code == code)?;
    let access = StoryAccess { service: service.id, owner: Some(user.id), status: StoryStatus::Draft };
    desk::may(Actor::User(user), DeskAction::Create, &access).then(|| service.clone())
}

/// `GET /admin/stories/new?service=CODE`: an empty editor.
pub async fn new_story(
    State(app): State<AppState>,
    Desk(console): Desk,
    Query(query): Query<NewQuery>,
) -> Result<Response, ConsoleError> {
    let services = app.services().await?;
    let service = writable_service(&services, &console.user, &query.service).ok_or(ConsoleError::Forbidden)?;
    let view = EditorView::blank(&service, &services);
    editor_page(&app, &console, view, StatusCode::OK).await
}

/// `POST /admin/stories`: creates a story from the editor's fields; a refused form comes
/// back whole, with every problem named.
pub async fn create(
    State(app): State<AppState>,
    Desk(console): Desk,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    create_with(&app, &console, &form).await
}

/// What `POST /admin/stories` does with a form (also a form kept while its writer signed in
/// again).
pub(super) async fn create_with(
    app: &App,
    console: &Console,
    pairs: &[(String, String)],
) -> Result<Response, ConsoleError> {
    let form = EditorForm::read(pairs);
    let services = app.services().await?;
    let service = writable_service(&services, &console.user, &form.service).ok_or(ConsoleError::Forbidden)?;
    let fields: StoryFields = form.fields(None);
    let actor = Actor::User(&console.user);
    match desk::create_story(app.store.as_ref(), actor, &service.code, &fields, app.clock.now()).await {
        Ok(id) => Ok(Redirect::to(&format!("/admin/stories/{}?done=Saved.", id.0)).into_response()),
        Err(error) => {
            let mut view = EditorView::blank(&service, &services);
            view.keep(&form);
            let status = view.refused(app, &console.language, &error)?;
            editor_page(app, console, view, status).await
        }
    }
}

/// The console's answer to a desk refusal that no form shows.
pub(super) fn desk_error(error: DeskError) -> ConsoleError {
    match error {
        DeskError::Forbidden => ConsoleError::Forbidden,
        DeskError::NotFound(_) => ConsoleError::NotFound,
        DeskError::Store(error) => error.into(),
        other => ConsoleError::Internal(other.to_string()),
    }
}
