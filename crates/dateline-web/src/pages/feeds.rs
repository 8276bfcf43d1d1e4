//! Feeds: RSS 2.0 and Atom for the whole site, each service and each tag — the newest 50
//! public stories, full text or summary (`feed_full_text`), with the lead photo, the
//! service's language, dates with their time zones and absolute links.
//!
//! Feeds are cached like the lists they mirror and dropped with them when a story is
//! published or changed; escaping is the XML templates' (auto-escaped), never by hand.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use dateline_core::articles::credits::CreditRole;
use dateline_core::articles::typography::{set_quotes, set_quotes_in_html};
use dateline_core::articles::{Article, article_path};
use dateline_core::changes::PageTag;
use dateline_core::services::Service;
use dateline_core::store::StoryScope;
use serde::Serialize;

use super::find_service;
use crate::cache::CacheTags;
use crate::error::WebError;
use crate::messages::Message;
use crate::state::{App, AppState};
use crate::urls::PublicBase;
use crate::views;

/// Stories in a feed.
pub const FEED_STORIES: u32 = 50;

/// The two formats, and where each lives beside a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    /// RSS 2.0 (`…/rss.xml`).
    Rss,
    /// Atom (`…/atom.xml`).
    Atom,
}

impl FeedFormat {
    /// The file name of this format's feed beside a page.
    pub fn file(self) -> &'static str {
        match self {
            FeedFormat::Rss => "rss.xml",
            FeedFormat::Atom => "atom.xml",
        }
    }

    /// Its media type.
    pub fn media_type(self) -> &'static str {
        match self {
            FeedFormat::Rss => "application/rss+xml",
            FeedFormat::Atom => "application/atom+xml",
        }
    }

    fn template(self) -> &'static str {
        match self {
            FeedFormat::Rss => "feeds/rss.xml",
            FeedFormat::Atom => "feeds/atom.xml",
        }
    }
}

/// The feeds of a page whose path is `page_path` (`/`, `/korean/`, `/korean/tags/flood`),
/// for `<link rel="alternate">` and the footer.
pub fn feed_links(page_path: &str, title: &str) -> Vec<crate::views::layout::FeedLink> {
    let base = if page_path.ends_with('/') { page_path.to_owned() } else { format!("{page_path}/") };
    [FeedFormat::Rss, FeedFormat::Atom]
        .into_iter()
        .map(|format| crate::views::layout::FeedLink {
            href: format!("{base}{}", format.file()),
            media_type: format.media_type(),
            title: format!("{title} ({})", if format == FeedFormat::Rss { "RSS" } else { "Atom" }),
        })
        .collect()
}

#[derive(Serialize)]
struct FeedImage {
    url: String,
    media_type: &'static str,
    width: u32,
    height: u32,
    caption: String,
    credit: String,
}

#[derive(Serialize)]
struct Entry {
    title: String,
    url: String,
    published_rfc3339: String,
    published_rfc2822: String,
    updated_rfc3339: String,
    summary: String,
    content_html: Option<String>,
    authors: Vec<String>,
    categories: Vec<String>,
    image: Option<FeedImage>,
    language: String,
}

#[derive(Serialize)]
struct Feed {
    title: String,
    subtitle: String,
    language: Option<String>,
    self_url: String,
    page_url: String,
    updated_rfc3339: String,
    updated_rfc2822: String,
    site_name: String,
    entries: Vec<Entry>,
}

/// What a feed is of: its scope, title, page and cache tags.
struct FeedSpec {
    scope: StoryScope,
    title: String,
    subtitle: String,
    language: Option<String>,
    page_path: String,
    tags: Vec<PageTag>,
}

fn entry(
    app: &App,
    base: &PublicBase,
    services: &[Service],
    service: &Service,
    article: &Article,
    bylines: &views::Bylines,
) -> Option<Entry> {
    let published = article.published_at?;
    let updated = article.updated_at.filter(|u| *u > published).unwrap_or(published);
    let local = |at: DateTime<Utc>| at.with_timezone(&service.time_zone);
    let authors = article
        .credits
        .iter()
        .filter(|c| matches!(c.role, CreditRole::ReportedBy | CreditRole::WrittenBy | CreditRole::WrittenInEnglishBy))
        .flat_map(|c| c.names.iter().map(|name| bylines.name_in(name, &service.language)))
        .collect();
    let wrap = |html: &str| {
        format!("<div lang=\"{}\" dir=\"{}\">{}</div>", service.language, service.direction.as_str(), html)
    };
    let content_html = app.site.feed_full_text.then(|| {
        let mut html = String::new();
        if let Some(image) = &article.lead_image {
            let view = views::image_view(&app.catalogs, &service.language, image);
            html.push_str(&format!(
                "<figure><img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\"><figcaption>{} {}</figcaption></figure>",
                view.original,
                crate::templates::escape_html(&view.alt),
                view.width,
                view.height,
                crate::templates::escape_html(&view.caption),
                crate::templates::escape_html(&view.credit),
            ));
        }
        html.push_str(&set_quotes_in_html(&article.body_html, &service.language));
        html.push_str(&format!(
            "<p>{}</p>",
            crate::templates::escape_html(&views::credit_line(
                &app.catalogs,
                &service.language,
                &article.credits,
                services,
                bylines,
            ))
        ));
        wrap(&base.absolutize_html(&html))
    });
    Some(Entry {
        title: set_quotes(&article.headline, &service.language),
        url: base.absolute(&article_path(service, &article.slug, article.published_at)),
        published_rfc3339: local(published).to_rfc3339(),
        published_rfc2822: local(published).to_rfc2822(),
        updated_rfc3339: local(updated).to_rfc3339(),
        summary: set_quotes(&article.summary, &service.language),
        content_html,
        authors,
        categories: article.tags.clone(),
        image: article.lead_image.as_ref().map(|image| FeedImage {
            url: base.absolute(&image.media.url_path()),
            media_type: image.media.kind().content_type(),
            width: image.width,
            height: image.height,
            caption: image.caption.clone(),
            credit: image.credit.clone(),
        }),
        language: service.language.clone(),
    })
}

async fn render_feed(app: &App, base: &PublicBase, spec: FeedSpec, format: FeedFormat) -> Result<Response, WebError> {
    let services = app.services().await?;
    let now = app.clock.now();
    let stories = app.store.newest_stories(&spec.scope, now, FEED_STORIES).await?;
    let names = stories.iter().flat_map(|a| a.credits.iter().flat_map(|c| c.names.iter().cloned())).collect();
    let bylines = views::Bylines::named(app.store.as_ref(), names).await?;
    let entries: Vec<Entry> = stories
        .iter()
        .filter_map(|article| {
            let service = services.iter().find(|s| s.id == article.service_id)?;
            entry(app, base, &services, service, article, &bylines)
        })
        .collect();
    // The feed changed when its newest story did (a stable date keeps its ETag stable).
    let updated = stories.iter().filter_map(|a| a.updated_at.max(a.published_at)).max().unwrap_or(DateTime::UNIX_EPOCH);
    let page_path = spec.page_path.clone();
    let feed_path = format!(
        "{}{}",
        if page_path.ends_with('/') { page_path.clone() } else { format!("{page_path}/") },
        format.file()
    );
    let feed = Feed {
        title: spec.title,
        subtitle: spec.subtitle,
        language: spec.language,
        self_url: base.absolute(&feed_path),
        page_url: base.absolute(&page_path),
        updated_rfc3339: updated.to_rfc3339(),
        updated_rfc2822: updated.to_rfc2822(),
        site_name: app.site.name.clone(),
        entries,
    };
    let xml = app.templates.render(format.template(), feed)?;
    let content_type = format!("{}; charset=utf-8", format.media_type());
    Ok(([(header::CONTENT_TYPE, content_type)], axum::Extension(CacheTags(spec.tags)), xml).into_response())
}

fn site_spec(app: &App) -> FeedSpec {
    FeedSpec {
        scope: StoryScope::Site,
        title: app.site.name.clone(),
        subtitle: app.catalogs.message(&app.site.default_language, Message::SiteTagline, &[]),
        language: None,
        page_path: "/".into(),
        tags: vec![PageTag::Front],
    }
}

fn service_spec(app: &App, service: &Service) -> FeedSpec {
    FeedSpec {
        scope: StoryScope::Service(service.id),
        title: format!("{} — {}", service.native_name, app.site.name),
        subtitle: app.catalogs.message(
            &service.language,
            Message::ServiceHeading,
            &[("service", service.native_name.as_str().into())],
        ),
        language: Some(service.language.clone()),
        page_path: format!("/{}/", service.code),
        tags: vec![PageTag::Service(service.id), PageTag::List(service.id)],
    }
}

async fn tag_spec(app: &App, service: &Service, tag: &str) -> Result<FeedSpec, WebError> {
    let not_found = || WebError::NotFound { service: Some(service.code.clone()) };
    let name = app.store.tag_name(service.id, tag, app.clock.now()).await?.ok_or_else(not_found)?;
    let heading = app.catalogs.message(&service.language, Message::TagHeading, &[("tag", name.as_str().into())]);
    Ok(FeedSpec {
        scope: StoryScope::Tag { service: service.id, slug: tag.to_owned() },
        title: format!("{heading} — {}", service.native_name),
        subtitle: heading,
        language: Some(service.language.clone()),
        page_path: views::tag_path(service, tag),
        tags: vec![PageTag::Service(service.id), PageTag::List(service.id)],
    })
}

/// A person's byline feed in a service: their stories there, under their name in its
/// language.
async fn person_spec(app: &App, service: &Service, slug: &str) -> Result<FeedSpec, WebError> {
    let not_found = || WebError::NotFound { service: Some(service.code.clone()) };
    let person = app.store.person_by_slug(slug).await?.ok_or_else(not_found)?;
    let name = person.name_in(&service.language).to_owned();
    Ok(FeedSpec {
        scope: StoryScope::Credited { service: service.id, names: person.all_names() },
        title: format!("{name} — {}", service.native_name),
        subtitle: name,
        language: Some(service.language.clone()),
        page_path: views::person_path(&service.code, &person.slug),
        tags: vec![PageTag::Service(service.id), PageTag::List(service.id)],
    })
}

async fn person_feed(
    app: &App,
    base: &PublicBase,
    code: &str,
    slug: &str,
    format: FeedFormat,
) -> Result<Response, WebError> {
    let services = app.services().await?;
    let service = find_service(&services, code)?;
    let spec = person_spec(app, &service, slug).await?;
    render_feed(app, base, spec, format).await
}

/// `GET /{service}/people/{slug}/rss.xml`
pub async fn person_rss(
    State(app): State<AppState>,
    base: PublicBase,
    Path((code, slug)): Path<(String, String)>,
) -> Result<Response, WebError> {
    person_feed(&app, &base, &code, &slug, FeedFormat::Rss).await
}

/// `GET /{service}/people/{slug}/atom.xml`
pub async fn person_atom(
    State(app): State<AppState>,
    base: PublicBase,
    Path((code, slug)): Path<(String, String)>,
) -> Result<Response, WebError> {
    person_feed(&app, &base, &code, &slug, FeedFormat::Atom).await
}

/// `GET /rss.xml`
pub async fn site_rss(State(app): State<AppState>, base: PublicBase) -> Result<Response, WebError> {
    render_feed(&app, &base, site_spec(&app), FeedFormat::Rss).await
}

/// `GET /atom.xml`
pub async fn site_atom(State(app): State<AppState>, base: PublicBase) -> Result<Response, WebError> {
    render_feed(&app, &base, site_spec(&app), FeedFormat::Atom).await
}

async fn service_feed(app: &App, base: &PublicBase, code: &str, format: FeedFormat) -> Result<Response, WebError> {
    let services = app.services().await?;
    let service = find_service(&services, code)?;
    render_feed(app, base, service_spec(app, &service), format).await
}

/// `GET /{service}/rss.xml`
pub async fn service_rss(
    State(app): State<AppState>,
    base: PublicBase,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    service_feed(&app, &base, &code, FeedFormat::Rss).await
}

/// `GET /{service}/atom.xml`
pub async fn service_atom(
    State(app): State<AppState>,
    base: PublicBase,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    service_feed(&app, &base, &code, FeedFormat::Atom).await
}

async fn tag_feed(
    app: &App,
    base: &PublicBase,
    code: &str,
    tag: &str,
    format: FeedFormat,
) -> Result<Response, WebError> {
    let services = app.services().await?;
    let service = find_service(&services, code)?;
    let spec = tag_spec(app, &service, tag).await?;
    render_feed(app, base, spec, format).await
}

/// `GET /{service}/tags/{tag}/rss.xml`
pub async fn tag_rss(
    State(app): State<AppState>,
    base: PublicBase,
    Path((code, tag)): Path<(String, String)>,
) -> Result<Response, WebError> {
    tag_feed(&app, &base, &code, &tag, FeedFormat::Rss).await
}

/// `GET /{service}/tags/{tag}/atom.xml`
pub async fn tag_atom(
    State(app): State<AppState>,
    base: PublicBase,
    Path((code, tag)): Path<(String, String)>,
) -> Result<Response, WebError> {
    tag_feed(&app, &base, &code, &tag, FeedFormat::Atom).await
}
