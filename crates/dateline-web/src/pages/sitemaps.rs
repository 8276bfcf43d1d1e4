//! For search engines and aggregators: `robots.txt`, the sitemap index, each service's
//! sitemap (split at 50,000 stories) and its news sitemap (the last 48 hours), following the
//! Sitemaps protocol and its news extension.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use dateline_core::articles::article_path;
use dateline_core::changes::PageTag;
use dateline_core::services::Service;
use serde::{Deserialize, Serialize};

use super::find_service;
use crate::cache::CacheTags;
use crate::error::WebError;
use crate::state::{App, AppState};
use crate::urls::PublicBase;

/// Most URLs in one sitemap (the protocol's limit).
pub const SITEMAP_URLS: u32 = 50_000;
/// Most URLs in a news sitemap.
pub const NEWS_SITEMAP_URLS: u32 = 1_000;
/// How far back a news sitemap reaches.
pub const NEWS_HOURS: i64 = 48;

const XML: &str = "application/xml; charset=utf-8";

/// `GET /robots.txt`: everything public may be crawled; the console, the API and
/// personal pages may not; the sitemap index is named.
pub async fn robots(base: PublicBase) -> Response {
    let text = format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /api/\nDisallow: /my/\nDisallow: /preview/\n\nSitemap: {}\n",
        base.absolute("/sitemap.xml")
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], axum::Extension(CacheTags(Vec::new())), text)
        .into_response()
}

#[derive(Serialize)]
struct IndexEntry {
    loc: String,
}

/// `GET /sitemap.xml`: the sitemap index — every service's sitemaps, and its news sitemap
/// while it has stories of the last 48 hours.
pub async fn index(State(app): State<AppState>, base: PublicBase) -> Result<Response, WebError> {
    let services = app.services().await?;
    let now = app.clock.now();
    let mut sitemaps = Vec::new();
    let mut tags = vec![PageTag::Front];
    for service in services.iter() {
        let count = app.store.public_story_count(service.id, now).await?;
        let parts = (count.max(1) as u64).div_ceil(u64::from(SITEMAP_URLS));
        for part in 1..=parts {
            let path = match part {
                1 => format!("/{}/sitemap.xml", service.code),
                n => format!("/{}/sitemap.xml?page={n}", service.code),
            };
            sitemaps.push(IndexEntry { loc: base.absolute(&path) });
        }
        // A sitemap holds at least one URL: the news sitemap is listed while it has one.
        let since = now - chrono::Duration::hours(NEWS_HOURS);
        if !app.store.story_locations(service.id, now, Some(since), 0, 1).await?.is_empty() {
            sitemaps.push(IndexEntry { loc: base.absolute(&format!("/{}/news-sitemap.xml", service.code)) });
        }
        tags.push(PageTag::List(service.id));
    }
    let xml = app.templates.render("sitemaps/index.xml", serde_json::json!({ "sitemaps": sitemaps }))?;
    Ok(([(header::CONTENT_TYPE, XML)], axum::Extension(CacheTags(tags)), xml).into_response())
}

/// `?page=N` of a service's sitemap (from 1).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SitemapQuery {
    page: Option<String>,
}

#[derive(Serialize)]
struct UrlEntry {
    loc: String,
    lastmod: Option<String>,
    news: Option<NewsEntry>,
}

#[derive(Serialize)]
struct NewsEntry {
    publication: String,
    language: String,
    date: String,
    title: String,
}

fn local_time(service: &Service, at: DateTime<Utc>) -> String {
    at.with_timezone(&service.time_zone).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// The language code news sitemaps want: ISO 639, with `zh-cn` and `zh-tw` for Chinese.
pub fn news_language(tag: &str) -> String {
    let lower = tag.to_ascii_lowercase();
    match lower.as_str() {
        "zh-hans" | "zh-cn" | "zh-sg" | "zh" => "zh-cn".into(),
        "zh-hant" | "zh-tw" | "zh-hk" | "zh-mo" => "zh-tw".into(),
        other => other.split('-').next().unwrap_or(other).to_owned(),
    }
}

fn render_urlset(app: &App, service: &Service, entries: Vec<UrlEntry>, news: bool) -> Result<Response, WebError> {
    let xml = app.templates.render("sitemaps/urlset.xml", serde_json::json!({ "urls": entries, "news": news }))?;
    let tags = CacheTags(vec![PageTag::Service(service.id), PageTag::List(service.id)]);
    Ok(([(header::CONTENT_TYPE, XML)], axum::Extension(tags), xml).into_response())
}

/// `GET /{service}/sitemap.xml[?page=N]`: the service's home and its stories, oldest
/// first, 50,000 to a part.
pub async fn service_sitemap(
    State(app): State<AppState>,
    base: PublicBase,
    Path(code): Path<String>,
    Query(query): Query<SitemapQuery>,
) -> Result<Response, WebError> {
    let services = app.services().await?;
    let service = find_service(&services, &code)?;
    let not_found = || WebError::NotFound { service: Some(service.code.clone()) };
    let part = match query.page.as_deref() {
        None => 1,
        Some(text) => text.parse::<u64>().ok().filter(|p| *p >= 1).ok_or_else(not_found)?,
    };
    let now = app.clock.now();
    let offset = (part - 1) * u64::from(SITEMAP_URLS);
    let stories = app.store.story_locations(service.id, now, None, offset, SITEMAP_URLS).await?;
    if part > 1 && stories.is_empty() {
        return Err(not_found());
    }
    let mut entries = Vec::with_capacity(stories.len() + 1);
    if part == 1 {
        entries.push(UrlEntry { loc: base.absolute(&format!("/{}/", service.code)), lastmod: None, news: None });
    }
    entries.extend(stories.into_iter().map(|story| UrlEntry {
        loc: base.absolute(&article_path(&service, &story.slug, Some(story.published_at))),
        lastmod: Some(local_time(&service, story.updated_at.unwrap_or(story.published_at).max(story.published_at))),
        news: None,
    }));
    render_urlset(&app, &service, entries, false)
}

/// `GET /{service}/news-sitemap.xml`: the service's stories of the last 48 hours (404
/// while there are none).
pub async fn news_sitemap(
    State(app): State<AppState>,
    base: PublicBase,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let services = app.services().await?;
    let service = find_service(&services, &code)?;
    let now = app.clock.now();
    let since = now - chrono::Duration::hours(NEWS_HOURS);
    let stories = app.store.story_locations(service.id, now, Some(since), 0, NEWS_SITEMAP_URLS).await?;
    // A sitemap holds at least one URL: without recent stories there is no news sitemap.
    if stories.is_empty() {
        return Err(WebError::NotFound { service: Some(service.code.clone()) });
    }
    let publication = format!("{} {}", app.site.name, service.name);
    let entries = stories
        .into_iter()
        .map(|story| UrlEntry {
            loc: base.absolute(&article_path(&service, &story.slug, Some(story.published_at))),
            lastmod: None,
            news: Some(NewsEntry {
                publication: publication.clone(),
                language: news_language(&service.language),
                date: local_time(&service, story.published_at),
                title: story.headline,
            }),
        })
        .collect();
    render_urlset(&app, &service, entries, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_languages_are_iso_639_with_the_chinese_exceptions() {
        assert_eq!(news_language("zh-Hans"), "zh-cn");
        assert_eq!(news_language("zh-Hant"), "zh-tw");
        assert_eq!(news_language("ko"), "ko");
        assert_eq!(news_language("en-GB"), "en");
        assert_eq!(news_language("ug"), "ug");
    }
}
