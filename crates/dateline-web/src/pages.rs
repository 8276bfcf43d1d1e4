//! The public pages: front page, service homes, tag pages, article pages.

use std::collections::HashMap;

use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::article::{Article, article_path};
use dateline_core::service::Service;
use dateline_core::store::{ArticlePage, ListCursor, ListPosition, ListRequest};
use serde::{Deserialize, Serialize};

use crate::cache::CacheTags;
use crate::error::WebError;
use crate::state::{App, AppState};
use crate::views::{self, ImageView, StoryCard, TagLink, TimeView};

/// Stories per page on service homes and tag pages.
pub const STORIES_PER_PAGE: u32 = 12;
/// Stories per service on the front page.
pub const FRONT_PAGE_STORIES: u32 = 4;

/// A link in the services navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    href: String,
    label: String,
    lang: String,
    dir: &'static str,
    current: bool,
}

/// An alternate-language version of the page (`<link rel="alternate" hreflang>`).
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    hreflang: String,
    href: String,
}

/// What every page shares: the head, the masthead and the navigation.
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    title: String,
    description: String,
    site_name: String,
    stylesheet: String,
    home_href: String,
    nav: Vec<NavItem>,
    alternates: Vec<Alternate>,
    service_name: Option<String>,
}

impl Layout {
    /// The layout of a page in `language`, within `current` service if any.
    pub fn new(
        app: &App,
        language: &str,
        _direction: &str,
        title: &str,
        services: &[Service],
        current: Option<&Service>,
    ) -> Layout {
        let nav = services
            .iter()
            .map(|s| NavItem {
                href: format!("/{}/", s.code),
                label: s.native_name.clone(),
                lang: s.language.clone(),
                dir: s.direction.as_str(),
                current: current.is_some_and(|c| c.id == s.id),
            })
            .collect();
        let full_title =
            if title.is_empty() { app.site.name.clone() } else { format!("{title} — {}", app.site.name) };
        Layout {
            title: full_title,
            description: app.catalogs.text(language, "site-tagline", &[]),
            site_name: app.site.name.clone(),
            stylesheet: app.assets.url("style.css"),
            home_href: current.map_or("/".to_owned(), |s| format!("/{}/", s.code)),
            nav,
            alternates: Vec::new(),
            service_name: current.map(|s| s.native_name.clone()),
        }
    }

    fn described(mut self, description: &str) -> Layout {
        if !description.is_empty() {
            self.description = description.to_owned();
        }
        self
    }
}

/// The context of every template: the language for `t()`, the layout and the page's view.
#[derive(Debug, Serialize)]
pub struct PageContext<T: Serialize> {
    lang: String,
    dir: String,
    layout: Layout,
    page: T,
}

impl<T: Serialize> PageContext<T> {
    /// Wraps a page view.
    pub fn new(lang: &str, dir: &str, layout: Layout, page: T) -> PageContext<T> {
        PageContext { lang: lang.to_owned(), dir: dir.to_owned(), layout, page }
    }
}

/// `?before=CURSOR` or `?after=CURSOR` of article lists (see [`ListCursor`]).
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    before: Option<String>,
    after: Option<String>,
}

impl ListQuery {
    /// The page asked for; a cursor that cannot be read is a page that does not exist.
    fn position(&self, service: &Service) -> Result<ListPosition, WebError> {
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

fn find_service(services: &[Service], code: &str) -> Result<Service, WebError> {
    services.iter().find(|s| s.code == code).cloned().ok_or(WebError::NotFound { service: None })
}

#[derive(Serialize)]
struct FrontSection {
    href: String,
    name: String,
    lang: String,
    dir: &'static str,
    stories: Vec<StoryCard>,
}

#[derive(Serialize)]
struct FrontView {
    sections: Vec<FrontSection>,
}

/// `GET /`: every service and its latest stories.
pub async fn front_page(State(app): State<AppState>) -> Result<Response, WebError> {
    let now = app.clock.now();
    let services = app.services().await?.to_vec();
    let latest = app.store.latest_by_service(now, FRONT_PAGE_STORIES).await?;
    let counts = app.store.comment_counts(&latest.iter().map(|a| a.id).collect::<Vec<_>>()).await?;
    let sections = services
        .iter()
        .map(|service| FrontSection {
            href: format!("/{}/", service.code),
            name: service.native_name.clone(),
            lang: service.language.clone(),
            dir: service.direction.as_str(),
            stories: latest
                .iter()
                .filter(|a| a.service_id == service.id)
                .map(|a| views::story_card(&app.catalogs, service, a, counts.get(&a.id).copied().unwrap_or(0)))
                .collect(),
        })
        .filter(|section| !section.stories.is_empty())
        .collect();
    let language = app.site.default_language.clone();
    let direction = if views::is_rtl_language(&language) { "rtl" } else { "ltr" };
    let layout = Layout::new(&app, &language, direction, "", &services, None);
    let html =
        app.templates.render("front.html", PageContext::new(&language, direction, layout, FrontView { sections }))?;
    Ok(Html(html).into_response())
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
    let ListSpec { heading, base_href, position, is_tag } = spec;
    let is_newest = position == ListPosition::Newest;
    // Going back up the list, the newest stories are the list's own first page.
    if matches!(position, ListPosition::After(_)) && !list.has_newer {
        return Ok(Redirect::to(&base_href).into_response());
    }
    if !is_newest && list.items.is_empty() {
        return Err(WebError::NotFound { service: Some(service.code.clone()) });
    }
    let direction = service.direction.as_str();
    let layout = Layout::new(app, &service.language, direction, &heading, services, Some(service));
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
    let html = app.templates.render("service.html", PageContext::new(&service.language, direction, layout, view))?;
    let tags = CacheTags::service(service.id.0).and(format!("list:{}", service.id.0));
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
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let services = app.services().await?.to_vec();
    let service = find_service(&services, &code)?;
    let position = query.position(&service)?;
    let page = ListRequest { position, per_page: STORIES_PER_PAGE };
    let list = app.store.published_articles(service.id, app.clock.now(), page).await?;
    let heading =
        app.catalogs.text(&service.language, "service-heading", &[("service", service.native_name.as_str().into())]);
    let spec = ListSpec { heading, base_href: format!("/{}/", service.code), position, is_tag: false };
    list_page(&app, &service, &services, spec, list).await
}

/// `GET /{service}/tags/{tag}`: the service's stories with a tag.
pub async fn tag_page(
    State(app): State<AppState>,
    Path((code, tag)): Path<(String, String)>,
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
    let heading = app.catalogs.text(&service.language, "tag-heading", &[("tag", name.as_str().into())]);
    let spec = ListSpec { heading, base_href: views::tag_path(&service, &tag), position, is_tag: true };
    list_page(&app, &service, &services, spec, list).await
}

#[derive(Serialize)]
struct TranslationLink {
    href: String,
    headline: String,
    service_name: String,
    lang: String,
    dir: &'static str,
}

#[derive(Serialize)]
struct ArticleView {
    headline: String,
    summary: String,
    body_html: String,
    published: Option<TimeView>,
    updated: Option<TimeView>,
    image: Option<ImageView>,
    credit_line: String,
    tags: Vec<TagLink>,
    translations: Vec<TranslationLink>,
    comments: Option<crate::comments::CommentsSection>,
}

async fn article_view(
    app: &App,
    service: &Service,
    services: &[Service],
    article: &Article,
) -> Result<(ArticleView, Vec<Alternate>), WebError> {
    let language = service.language.as_str();
    let now = app.clock.now();
    let by_id: HashMap<_, _> = services.iter().map(|s| (s.id, s)).collect();
    let translations: Vec<TranslationLink> = app
        .store
        .translations(article, now)
        .await?
        .into_iter()
        .filter_map(|t| {
            let other = by_id.get(&t.service_id)?;
            Some(TranslationLink {
                href: article_path(other, &t.slug, Some(t.published_at)),
                headline: t.headline,
                service_name: other.native_name.clone(),
                lang: other.language.clone(),
                dir: other.direction.as_str(),
            })
        })
        .collect();
    let mut alternates: Vec<Alternate> =
        translations.iter().map(|t| Alternate { hreflang: t.lang.clone(), href: t.href.clone() }).collect();
    if !alternates.is_empty() {
        alternates.insert(
            0,
            Alternate {
                hreflang: service.language.clone(),
                href: article_path(service, &article.slug, article.published_at),
            },
        );
    }
    let view = ArticleView {
        headline: article.headline.clone(),
        summary: article.summary.clone(),
        body_html: article.body_html.clone(),
        published: article.published_at.map(|at| views::time_view(&app.catalogs, language, at, service.time_zone)),
        updated: article
            .updated_at
            .filter(|updated| Some(*updated) > article.published_at)
            .map(|at| views::time_view(&app.catalogs, language, at, service.time_zone)),
        image: article.lead_image.as_ref().map(|image| views::image_view(&app.catalogs, language, image)),
        credit_line: views::credit_line(&app.catalogs, language, &article.credits, services),
        tags: article.tags.iter().map(|tag| views::tag_link(service, tag)).collect(),
        translations,
        comments: None,
    };
    Ok((view, alternates))
}

/// A public article by service code and slug, with every service (for navigation).
pub async fn public_article(app: &App, code: &str, slug: &str) -> Result<(Vec<Service>, Service, Article), WebError> {
    let services = app.services().await?.to_vec();
    let service = find_service(&services, code)?;
    let not_found = || WebError::NotFound { service: Some(service.code.clone()) };
    let article = app.store.article_by_slug(service.id, slug).await?.ok_or_else(not_found)?;
    if !article.is_public(app.clock.now()) {
        return Err(not_found());
    }
    Ok((services, service, article))
}

/// A public article without its credits and tags (for taking comments and reports).
pub async fn public_article_head(
    app: &App,
    code: &str,
    slug: &str,
) -> Result<(Vec<Service>, Service, Article), WebError> {
    let services = app.services().await?.to_vec();
    let service = find_service(&services, code)?;
    let not_found = || WebError::NotFound { service: Some(service.code.clone()) };
    let article = app.article_head(service.id, slug).await?.ok_or_else(not_found)?;
    if !article.is_public(app.clock.now()) {
        return Err(not_found());
    }
    Ok((services, service, (*article).clone()))
}

/// Renders an article page; `personal` carries what belongs to this reader alone.
pub async fn render_article(
    app: &App,
    services: &[Service],
    service: &Service,
    article: &Article,
    personal: &crate::comments::Personal,
    status: axum::http::StatusCode,
) -> Result<Response, WebError> {
    let (mut view, alternates) = article_view(app, service, services, article).await?;
    let comments = crate::comments::section(app, service, article, personal).await?;
    let is_personal = personal.is_personal(&comments);
    let has_form = comments.has_form();
    view.comments = Some(comments);
    let direction = service.direction.as_str();
    let mut layout = Layout::new(app, &service.language, direction, &article.headline, services, Some(service))
        .described(&article.summary);
    layout.alternates = alternates;
    let html = app.templates.render("article.html", PageContext::new(&service.language, direction, layout, view))?;
    let mut tags = CacheTags::service(service.id.0).and(format!("article:{}", article.id.0));
    if let Some(group) = article.translation_group {
        tags = tags.and(format!("group:{group}"));
    }
    let mut response = (status, axum::Extension(tags), Html(html)).into_response();
    if has_form {
        let min_seconds = i64::try_from(app.site.comments.min_seconds_to_submit).unwrap_or(i64::MAX);
        response.extensions_mut().insert(crate::cache::CacheMaxAge(min_seconds));
    }
    Ok(if is_personal { crate::comments::private(response) } else { response })
}

/// `GET /{service}/{yyyy}/{mm}/{slug}`: an article. A wrong year or month redirects to
/// the article's own address.
pub async fn article_page(
    State(app): State<AppState>,
    Path((code, _year, _month, slug)): Path<(String, String, String, String)>,
    OriginalUri(uri): OriginalUri,
    headers: axum::http::HeaderMap,
    Query(query): Query<crate::comments::ArticleQuery>,
) -> Result<Response, WebError> {
    let (services, service, article) = public_article(&app, &code, &slug).await?;
    let canonical = article_path(&service, &article.slug, article.published_at);
    if uri.path() != canonical {
        return Ok(Redirect::permanent(&canonical).into_response());
    }
    let personal = crate::comments::Personal::from_request(&headers, &query);
    render_article(&app, &services, &service, &article, &personal, axum::http::StatusCode::OK).await
}
