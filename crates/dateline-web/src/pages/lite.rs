//! Lite pages, for slow and metered connections: `/lite/` followed by a full page's path,
//! for the front page, service homes and stories. Text only (a story's photos only when
//! asked for with `?images=1`), system fonts, no script, a link to the full page.

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use dateline_core::articles::typography::{set_quotes, set_quotes_in_html};
use dateline_core::articles::{Article, ArticleSummary, article_path};
use dateline_core::changes::PageTag;
use dateline_core::services::Service;
use dateline_core::store::{ListCursor, ListRequest};
use serde::{Deserialize, Serialize};

use super::find_service;
use super::lists::ListQuery;
use crate::cache::CacheTags;
use crate::error::WebError;
use crate::messages::Message;
use crate::state::{App, AppState};
use crate::urls::PublicBase;
use crate::views::{self, ImageView, TimeView};

/// Stories on a lite service home.
const LITE_STORIES: u32 = 30;
/// Stories per service on the lite front page.
const LITE_FRONT_STORIES: u32 = 8;

#[derive(Serialize)]
struct Item {
    href: String,
    headline: String,
    published: Option<TimeView>,
}

#[derive(Serialize)]
struct Section {
    heading: Option<String>,
    href: String,
    lang: String,
    dir: &'static str,
    items: Vec<Item>,
}

#[derive(Serialize)]
struct Story {
    headline: String,
    summary: String,
    published: Option<TimeView>,
    credit_line: String,
    image: Option<ImageView>,
    has_photo: bool,
    body_html: String,
}

#[derive(Serialize)]
struct LitePage {
    title: String,
    site_name: String,
    stylesheet: String,
    canonical: String,
    full_href: String,
    service_href: Option<String>,
    service_name: Option<String>,
    heading: String,
    sections: Vec<Section>,
    older_href: Option<String>,
    story: Option<Story>,
}

impl LitePage {
    fn new(app: &App, base: &PublicBase, full_path: &str, title: &str) -> LitePage {
        LitePage {
            title: format!("{title} — {}", app.site.name),
            site_name: app.site.name.clone(),
            stylesheet: app.assets.url("lite.css"),
            canonical: base.absolute(full_path),
            full_href: full_path.to_owned(),
            service_href: None,
            service_name: None,
            heading: title.to_owned(),
            sections: Vec::new(),
            older_href: None,
            story: None,
        }
    }

    fn within(mut self, service: &Service) -> LitePage {
        self.service_href = Some(format!("/lite/{}/", service.code));
        self.service_name = Some(service.native_name.clone());
        self
    }
}

fn item(app: &App, service: &Service, story: &ArticleSummary) -> Item {
    Item {
        href: format!("/lite{}", article_path(service, &story.slug, story.published_at)),
        headline: story.headline.clone(),
        published: story
            .published_at
            .map(|at| views::time_view(&app.catalogs, &service.language, at, service.time_zone)),
    }
}

fn render(
    app: &App,
    language: &str,
    direction: &str,
    page: LitePage,
    tags: Vec<PageTag>,
) -> Result<Response, WebError> {
    let context = serde_json::json!({ "lang": language, "dir": direction, "page": page });
    let html = app.templates.render("pages/lite.html", context)?;
    Ok((axum::Extension(CacheTags(tags)), Html(html)).into_response())
}

/// `GET /lite/`: the newest headlines of every service.
pub async fn front(State(app): State<AppState>, base: PublicBase) -> Result<Response, WebError> {
    let services = app.services().await?;
    let latest = app.store.latest_by_service(app.clock.now(), LITE_FRONT_STORIES).await?;
    let mut page = LitePage::new(&app, &base, "/", &app.site.name);
    page.title = app.site.name.clone();
    page.sections = services
        .iter()
        .map(|service| Section {
            heading: Some(service.native_name.clone()),
            href: format!("/lite/{}/", service.code),
            lang: service.language.clone(),
            dir: service.direction.as_str(),
            items: latest.iter().filter(|s| s.service_id == service.id).map(|s| item(&app, service, s)).collect(),
        })
        .collect();
    render(&app, &app.site.default_language, "ltr", page, vec![PageTag::Front])
}

/// `GET /lite/{service}/`: a service's headlines, newest first, with older pages.
pub async fn service_home(
    State(app): State<AppState>,
    base: PublicBase,
    Path(code): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let services = app.services().await?;
    let service = find_service(&services, &code)?;
    let position = query.position(&service)?;
    let list = app
        .store
        .published_articles(service.id, app.clock.now(), ListRequest { position, per_page: LITE_STORIES })
        .await?;
    let heading = app.catalogs.message(
        &service.language,
        Message::ServiceHeading,
        &[("service", service.native_name.as_str().into())],
    );
    let mut page = LitePage::new(&app, &base, &format!("/{}/", service.code), &heading).within(&service);
    page.older_href = list
        .has_older
        .then(|| list.items.last().and_then(ListCursor::of))
        .flatten()
        .map(|cursor| format!("/lite/{}/?before={cursor}", service.code));
    page.sections = vec![Section {
        heading: None,
        href: String::new(),
        lang: service.language.clone(),
        dir: service.direction.as_str(),
        items: list.items.iter().map(|s| item(&app, &service, s)).collect(),
    }];
    render(
        &app,
        &service.language,
        service.direction.as_str(),
        page,
        vec![PageTag::Service(service.id), PageTag::List(service.id)],
    )
}

/// `?images=1` on a lite story shows its photos.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LiteQuery {
    images: Option<String>,
}

/// `GET /lite/{service}/{yyyy}/{mm}/{slug}`: a story as text.
pub async fn story(
    State(app): State<AppState>,
    base: PublicBase,
    Path((code, _year, _month, slug)): Path<(String, String, String, String)>,
    Query(query): Query<LiteQuery>,
) -> Result<Response, WebError> {
    let (services, service, article) = super::public_article(&app, &code, &slug).await?;
    if let Some(page) = &article.external_url {
        return Ok(axum::response::Redirect::to(page).into_response());
    }
    let full_path = article_path(&service, &article.slug, article.published_at);
    if article.slug != slug {
        // An address the story had before an editor changed it.
        let query = if query.images.as_deref() == Some("1") { "?images=1" } else { "" };
        return Ok(axum::response::Redirect::permanent(&format!("/lite{full_path}{query}")).into_response());
    }
    let with_images = query.images.as_deref() == Some("1");
    let mut page = LitePage::new(&app, &base, &full_path, &article.headline).within(&service);
    let bylines = views::Bylines::of(app.store.as_ref(), &article.credits).await?;
    page.story = Some(story_view(&app, &services, &service, &article, with_images, &bylines));
    let mut tags = vec![PageTag::Service(service.id), PageTag::Article(article.id)];
    tags.extend(article.translation_group.map(PageTag::Group));
    render(&app, &service.language, service.direction.as_str(), page, tags)
}

fn story_view(
    app: &App,
    services: &[Service],
    service: &Service,
    article: &Article,
    with_images: bool,
    bylines: &views::Bylines,
) -> Story {
    let language = service.language.as_str();
    Story {
        headline: set_quotes(&article.headline, language),
        summary: set_quotes(&article.summary, language),
        published: article.published_at.map(|at| views::time_view(&app.catalogs, language, at, service.time_zone)),
        credit_line: views::credit_line(&app.catalogs, language, &article.credits, services, bylines),
        image: article
            .lead_image
            .as_ref()
            .filter(|_| with_images)
            .map(|i| views::image_view(&app.catalogs, language, i)),
        has_photo: article.lead_image.is_some() || article.body_html.contains("<img"),
        body_html: {
            let body = set_quotes_in_html(&article.body_html, language);
            if with_images { body } else { without_images(&body) }
        },
    }
}

/// Sanitized HTML without its `<img>` elements (the sanitizer escapes `>` inside
/// attribute values, so an element ends at the first `>`).
fn without_images(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<img") {
        out.push_str(&rest[..start]);
        match rest[start..].find('>') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_leave_and_text_stays() {
        let html = "<p>Before <img src=\"/media/a.png\" alt=\"x &gt; y\"> after</p><p><img src=\"/b.png\"></p>";
        assert_eq!(without_images(html), "<p>Before  after</p><p></p>");
        assert_eq!(without_images("<p>No image</p>"), "<p>No image</p>");
    }
}
