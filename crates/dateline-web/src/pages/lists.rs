//! Lists of stories: a service's home, its tag pages and its people's pages, newest first,
//! paged by keyset.

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
use crate::views::layout::{Alternate, Layout, PageContext, website_card};
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
    person: Option<PersonHeader>,
}

/// What a person's page says of them above their stories.
#[derive(Debug, Clone, Serialize)]
struct PersonHeader {
    /// Their other names, with the language each is written in.
    other_names: Vec<(String, String)>,
    /// Their pages in the other services that have their stories.
    elsewhere: Vec<ElsewhereLink>,
}

#[derive(Debug, Clone, Serialize)]
struct ElsewhereLink {
    href: String,
    service_name: String,
    lang: String,
    dir: &'static str,
}

/// What a list page is about: its heading, its address and which page of it.
struct ListSpec {
    heading: String,
    base_href: String,
    position: ListPosition,
    is_tag: bool,
    person: Option<PersonHeader>,
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
    let ListSpec { heading, base_href, position, is_tag, person, base } = spec;
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
    if let Some(person) = person.as_ref().filter(|p| !p.elsewhere.is_empty()) {
        let own = Alternate { hreflang: service.language.clone(), href: base.absolute(&base_href) };
        layout.alternates = std::iter::once(own)
            .chain(
                person.elsewhere.iter().map(|e| Alternate { hreflang: e.lang.clone(), href: base.absolute(&e.href) }),
            )
            .collect();
    }
    if person.is_some() {
        layout.lite_href = None;
        let mut feeds = crate::pages::feeds::feed_links(&base_href, &heading);
        feeds.append(&mut layout.feeds);
        layout.feeds = feeds;
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
        person,
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
    let spec =
        ListSpec { heading, base_href: format!("/{}/", service.code), position, is_tag: false, person: None, base };
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
    let spec =
        ListSpec { heading, base_href: views::tag_path(&service, &tag), position, is_tag: true, person: None, base };
    list_page(&app, &service, &services, spec, list).await
}

/// `GET /{service}/people/{slug}`: a person of the directory, named in the service's
/// language, with their stories in the service and their pages in the others.
pub async fn person_page(
    State(app): State<AppState>,
    Path((code, slug)): Path<(String, String)>,
    base: PublicBase,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let services = app.services().await?.to_vec();
    let service = find_service(&services, &code)?;
    let position = query.position(&service)?;
    let now = app.clock.now();
    let not_found = || WebError::NotFound { service: Some(service.code.clone()) };
    let person = app.store.person_by_slug(&slug).await?.ok_or_else(not_found)?;
    let names = person.all_names();
    let page = ListRequest { position, per_page: STORIES_PER_PAGE };
    let list = app.store.articles_crediting(service.id, &names, now, page).await?;
    let heading = person.name_in(&service.language).to_owned();
    let mut other_names: Vec<(String, String)> = Vec::new();
    for name in person.names.iter().filter(|n| n.name != heading) {
        if !other_names.iter().any(|(_, shown)| *shown == name.name) {
            other_names.push((name.language.clone(), name.name.clone()));
        }
    }
    let elsewhere = app
        .store
        .services_crediting(&names, now)
        .await?
        .into_iter()
        .filter(|id| *id != service.id)
        .filter_map(|id| services.iter().find(|s| s.id == id))
        .map(|other| ElsewhereLink {
            href: views::person_path(&other.code, &person.slug),
            service_name: other.native_name.clone(),
            lang: other.language.clone(),
            dir: other.direction.as_str(),
        })
        .collect();
    let spec = ListSpec {
        heading,
        base_href: views::person_path(&service.code, &person.slug),
        position,
        is_tag: false,
        person: Some(PersonHeader { other_names, elsewhere }),
        base,
    };
    list_page(&app, &service, &services, spec, list).await
}
