//! Lists of stories: a service's home and its tag pages, newest first, paged by keyset.

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::changes::PageTag;
use dateline_core::services::Service;
use dateline_core::store::{ArticlePage, ListCursor, ListPosition, ListRequest};
use serde::{Deserialize, Serialize};

use super::find_service;
use crate::cache::CacheTags;
use crate::error::WebError;
use crate::messages::Message;
use crate::state::{App, AppState};
use crate::urls::PublicBase;
use crate::views::layout::{Layout, PageContext, website_card};
use crate::views::{self, StoryCard};

/// Stories per page on service homes and tag pages.
pub const STORIES_PER_PAGE: u32 = 12;

/// `?before=CURSOR` or `?after=CURSOR` of article lists (see [`ListCursor`]).
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    before: Option<String>,
    after: Option<String>,
}

impl ListQuery {
    /// The page asked for; a cursor that cannot be read is a page that does not exist.
    pub fn position(&self, service: &Service) -> Result<ListPosition, WebError> {
        let not_found = || WebError::NotFound { service: Some(service.code.clone()) };
        let cursor = |text: &str| ListCursor::parse(text).ok_or_else(not_found);
        match (self.before.as_deref(), self.after.as_deref()) {
            (None, None) => Ok(ListPosition::Newest),
            (Some(before), None) => Ok(ListPosition::Before(cursor(before)?)),
            (None, Some(after)) => Ok(ListPosition::After(cursor(after)?)),
            (Some(_), Some(_)) => Err(not_found()),
        }
    }
}

#[derive(Serialize)]
struct ListView {
    heading: String,
    stories: Vec<StoryCard>,
    is_newest: bool,
    newer_href: Option<String>,
    older_href: Option<String>,
    is_tag: bool,
}

/// What a list page is about: its heading, its address and which page of it.
struct ListSpec {
    heading: String,
    base_href: String,
    position: ListPosition,
    is_tag: bool,
    base: PublicBase,
}

/// The address of the page next to `page`'s first (`newer`) or last story.
fn neighbour_href(base: &str, page: &ArticlePage, newer: bool) -> Option<String> {
    let story = if newer { page.items.first() } else { page.items.last() };
    let cursor = ListCursor::of(story?)?;
    Some(format!("{base}?{}={cursor}", if newer { "after" } else { "before" }))
}

async fn list_page(
    app: &App,
    service: &Service,
    services: &[Service],
    spec: ListSpec,
    list: ArticlePage,
) -> Result<Response, WebError> {
    let ListSpec { heading, base_href, position, is_tag, base } = spec;
    let is_newest = position == ListPosition::Newest;
    // Going back up the list, the newest stories are the list's own first page.
    if matches!(position, ListPosition::After(_)) && !list.has_newer {
        return Ok(Redirect::to(&base_href).into_response());
    }
    if !is_newest && list.items.is_empty() {
        return Err(WebError::NotFound { service: Some(service.code.clone()) });
    }
    let direction = service.direction.as_str();
    let mut layout = Layout::new(app, &service.language, &heading, services, Some(service));
    if is_newest {
        // The list's first page is the list; the pages further down are its parts.
        layout = layout.located(&base, &base_href);
        layout.social = Some(website_card(&base, &base_href, &service.language));
    }
    if is_tag {
        layout.lite_href = None;
        let mut feeds = crate::pages::feeds::feed_links(&base_href, &heading);
        feeds.append(&mut layout.feeds);
        layout.feeds = feeds;
    }
    let counts = app.store.comment_counts(&list.items.iter().map(|a| a.id).collect::<Vec<_>>()).await?;
    let view = ListView {
        stories: list
            .items
            .iter()
            .map(|a| views::story_card(&app.catalogs, service, a, counts.get(&a.id).copied().unwrap_or(0)))
            .collect(),
        is_newest,
        newer_href: list.has_newer.then(|| neighbour_href(&base_href, &list, true)).flatten(),
        older_href: list.has_older.then(|| neighbour_href(&base_href, &list, false)).flatten(),
        heading,
        is_tag,
    };
    let html =
        app.templates.render("pages/service.html", PageContext::new(&service.language, direction, layout, view))?;
    let tags = CacheTags(vec![PageTag::Service(service.id), PageTag::List(service.id)]);
    Ok((axum::Extension(tags), Html(html)).into_response())
}

/// `GET /{service}`: the service home lives at `/{service}/`.
pub async fn service_redirect(State(app): State<AppState>, Path(code): Path<String>) -> Result<Redirect, WebError> {
    let services = app.services().await?.to_vec();
    let service = find_service(&services, &code)?;
    Ok(Redirect::permanent(&format!("/{}/", service.code)))
}

/// `GET /{service}/`: the service's stories, newest first, paginated.
pub async fn service_home(
    State(app): State<AppState>,
    Path(code): Path<String>,
    base: PublicBase,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let services = app.services().await?.to_vec();
    let service = find_service(&services, &code)?;
    let position = query.position(&service)?;
    let page = ListRequest { position, per_page: STORIES_PER_PAGE };
    let list = app.store.published_articles(service.id, app.clock.now(), page).await?;
    let heading = app.catalogs.message(
        &service.language,
        Message::ServiceHeading,
        &[("service", service.native_name.as_str().into())],
    );
    let spec = ListSpec { heading, base_href: format!("/{}/", service.code), position, is_tag: false, base };
    list_page(&app, &service, &services, spec, list).await
}

/// `GET /{service}/tags/{tag}`: the service's stories with a tag.
pub async fn tag_page(
    State(app): State<AppState>,
    Path((code, tag)): Path<(String, String)>,
    base: PublicBase,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let services = app.services().await?.to_vec();
    let service = find_service(&services, &code)?;
    let position = query.position(&service)?;
    let now = app.clock.now();
    let not_found = || WebError::NotFound { service: Some(service.code.clone()) };
    let name = app.store.tag_name(service.id, &tag, now).await?.ok_or_else(not_found)?;
    let page = ListRequest { position, per_page: STORIES_PER_PAGE };
    let list = app.store.articles_by_tag(service.id, &tag, now, page).await?;
    let heading = app.catalogs.message(&service.language, Message::TagHeading, &[("tag", name.as_str().into())]);
    let spec = ListSpec { heading, base_href: views::tag_path(&service, &tag), position, is_tag: true, base };
    list_page(&app, &service, &services, spec, list).await
}
