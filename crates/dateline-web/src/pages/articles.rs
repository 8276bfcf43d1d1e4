//! Article pages, with their comment section.

use std::collections::HashMap;

use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::articles::{Article, article_path};
use dateline_core::changes::PageTag;
use dateline_core::services::Service;
use serde::Serialize;

use super::find_service;
use crate::cache::CacheTags;
use crate::error::WebError;
use crate::state::{App, AppState};
use crate::views::layout::{Alternate, Layout, PageContext};
use crate::views::{self, ImageView, TagLink, TimeView};

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
    let mut layout =
        Layout::new(app, &service.language, &article.headline, services, Some(service)).described(&article.summary);
    layout.alternates = alternates;
    let html =
        app.templates.render("pages/article.html", PageContext::new(&service.language, direction, layout, view))?;
    let mut tags = CacheTags(vec![PageTag::Service(service.id), PageTag::Article(article.id)]);
    tags.0.extend(article.translation_group.map(PageTag::Group));
    let mut response = (status, axum::Extension(tags), Html(html)).into_response();
    if has_form {
        let min_seconds = i64::try_from(app.site.comments.min_seconds_to_submit).unwrap_or(i64::MAX);
        response.extensions_mut().insert(crate::cache::CacheMaxAge(min_seconds));
    }
    Ok(if is_personal { crate::cache::private(response) } else { response })
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
