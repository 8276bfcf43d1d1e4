//! Article pages, with their comment section.

use dateline_core::articles::typography::{set_quotes, set_quotes_in_html};
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
use crate::messages::Message;
use crate::state::{App, AppState};
use crate::urls::PublicBase;
use crate::views::layout::{Alternate, Layout, PageContext, SocialCard};
use crate::views::structured::{StoryData, StoryVersions, og_locale, story_json_ld};
use crate::views::{self, ImageView, TagLink, TimeView};

#[derive(Clone, Serialize)]
struct TranslationLink {
    href: String,
    headline: String,
    service_name: String,
    lang: String,
    dir: &'static str,
    #[serde(skip)]
    absolute: String,
    #[serde(skip)]
    published_at: chrono::DateTime<chrono::Utc>,
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
    corrections: Vec<String>,
    comments: Option<crate::comments::CommentsSection>,
}

async fn article_view(
    app: &App,
    service: &Service,
    services: &[Service],
    article: &Article,
    base: &PublicBase,
    bylines: &views::Bylines,
) -> Result<(ArticleView, Vec<TranslationLink>), WebError> {
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
            let href = article_path(other, &t.slug, Some(t.published_at));
            Some(TranslationLink {
                absolute: base.absolute(&href),
                published_at: t.published_at,
                href,
                headline: t.headline,
                service_name: other.native_name.clone(),
                lang: other.language.clone(),
                dir: other.direction.as_str(),
            })
        })
        .collect();
    let view = ArticleView {
        headline: set_quotes(&article.headline, language),
        summary: set_quotes(&article.summary, language),
        body_html: set_quotes_in_html(&article.body_html, language),
        published: article.published_at.map(|at| views::time_view(&app.catalogs, language, at, service.time_zone)),
        updated: article
            .updated_at
            .filter(|updated| Some(*updated) > article.published_at)
            .map(|at| views::time_view(&app.catalogs, language, at, service.time_zone)),
        image: article.lead_image.as_ref().map(|image| views::image_view(&app.catalogs, language, image)),
        credit_line: views::credit_line_html(
            &app.catalogs,
            language,
            &article.credits,
            services,
            bylines,
            &service.code,
        ),
        tags: article.tags.iter().map(|tag| views::tag_link(service, tag)).collect(),
        translations: translations.clone(),
        corrections: app
            .store
            .corrections(article.id)
            .await?
            .into_iter()
            .map(|c| {
                let date = views::time_view(&app.catalogs, language, c.at, service.time_zone).display;
                app.catalogs.message(
                    language,
                    Message::StoryCorrection,
                    &[("date", date.into()), ("text", c.text.into())],
                )
            })
            .collect(),
        comments: None,
    };
    Ok((view, translations))
}

/// A public article by service code and slug (or a slug it had: an editor changed its
/// address; callers send readers on to its own), with every service (for navigation).
pub async fn public_article(app: &App, code: &str, slug: &str) -> Result<(Vec<Service>, Service, Article), WebError> {
    let services = app.services().await?.to_vec();
    let service = find_service(&services, code)?;
    let not_found = || WebError::NotFound { service: Some(service.code.clone()) };
    let article = match app.store.article_by_slug(service.id, slug).await? {
        Some(article) => article,
        None => app.store.article_by_old_slug(service.id, slug).await?.ok_or_else(not_found)?,
    };
    if article.unpublished_at.is_some() {
        return Err(WebError::Gone { service: Some(service.code.clone()) });
    }
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

/// A public article as one request shows it: with every service (for navigation) and
/// the site's address for this request (for absolute links).
pub struct ShownArticle<'a> {
    /// Every service.
    pub services: &'a [Service],
    /// The article's service.
    pub service: &'a Service,
    /// The article.
    pub article: &'a Article,
    /// The site's address for the request.
    pub base: &'a PublicBase,
}

/// `GET /preview/{id}/{token}`: a story as it would be published, for whoever holds the
/// signed link (a colleague without an account): read-only, whatever its status, never
/// indexed, never stored by any cache. Links expire after [`crate::tokens::PREVIEW_DAYS`].
pub async fn preview(
    State(app): State<AppState>,
    Path((id, token)): Path<(String, String)>,
    base: PublicBase,
) -> Result<Response, WebError> {
    let not_found = || WebError::NotFound { service: None };
    let id = dateline_core::articles::ArticleId(id.parse().map_err(|_| not_found())?);
    let key = app.form_key().await?;
    let purpose = crate::tokens::TokenPurpose::Preview(id);
    crate::tokens::verify(&key, purpose, &token, app.clock.now()).ok_or_else(not_found)?;
    let story = app.store.story(id).await?.ok_or_else(not_found)?;
    let services = app.services().await?.to_vec();
    let service = services.iter().find(|s| s.id == story.article.service_id).cloned().ok_or_else(not_found)?;
    let article = &story.article;
    let bylines = views::Bylines::of(app.store.as_ref(), &article.credits).await?;
    let (mut view, translations) = article_view(&app, &service, &services, article, &base, &bylines).await?;
    view.translations = translations.into_iter().filter(|_| false).collect();
    let mut layout =
        Layout::new(&app, &service.language, &article.headline, &services, Some(&service)).described(&article.summary);
    layout.noindex = true;
    let page = PageContext::new(&service.language, service.direction.as_str(), layout, view);
    let html = app.templates.render("pages/article.html", page)?;
    let mut response = Html(html).into_response();
    response.headers_mut().insert("x-robots-tag", axum::http::HeaderValue::from_static("noindex, nofollow"));
    Ok(crate::cache::private(response))
}

/// Renders an article page; `personal` carries what belongs to this reader alone.
pub async fn render_article(
    app: &App,
    shown: &ShownArticle<'_>,
    personal: &crate::comments::Personal,
    status: axum::http::StatusCode,
) -> Result<Response, WebError> {
    let ShownArticle { services, service, article, base } = *shown;
    let bylines = views::Bylines::of(app.store.as_ref(), &article.credits).await?;
    let (mut view, translations) = article_view(app, service, services, article, base, &bylines).await?;
    let place = crate::comments::SectionPlace::article(&article_path(service, &article.slug, article.published_at));
    let comments = crate::comments::section(app, service, article, personal, &place).await?;
    let is_personal = personal.is_personal(&comments);
    let has_form = comments.has_form();
    view.comments = Some(comments);
    let direction = service.direction.as_str();
    let path = article_path(service, &article.slug, article.published_at);
    let mut layout = Layout::new(app, &service.language, &article.headline, services, Some(service))
        .described(&article.summary)
        .located(base, &path);
    layout.alternates = alternates(base, service, article, &translations);
    layout.social = Some(social_card(base, service, article, &path));
    let versions = story_versions(article, &translations);
    let data = StoryData { base, site_name: &app.site.name, service, article, versions, bylines: &bylines };
    layout.structured_data = Some(story_json_ld(&data));
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

/// `hreflang` alternates of a story with translations: every version, absolute, and
/// `x-default` for the one first published.
fn alternates(
    base: &PublicBase,
    service: &Service,
    article: &Article,
    translations: &[TranslationLink],
) -> Vec<Alternate> {
    if translations.is_empty() {
        return Vec::new();
    }
    let own = base.absolute(&article_path(service, &article.slug, article.published_at));
    let mut all = vec![Alternate { hreflang: service.language.clone(), href: own.clone() }];
    all.extend(translations.iter().map(|t| Alternate { hreflang: t.lang.clone(), href: t.absolute.clone() }));
    let default = original(article, translations).map_or(own, |t| t.absolute.clone());
    all.push(Alternate { hreflang: "x-default".into(), href: default });
    all
}

/// The version of a story published first, if it is not this one.
fn original<'a>(article: &Article, translations: &'a [TranslationLink]) -> Option<&'a TranslationLink> {
    translations.iter().filter(|t| Some(t.published_at) < article.published_at).min_by_key(|t| t.published_at)
}

/// What the structured data says of the story's other versions.
fn story_versions<'a>(article: &Article, translations: &'a [TranslationLink]) -> StoryVersions<'a> {
    match original(article, translations) {
        Some(original) => StoryVersions { original: Some(original.absolute.as_str()), translations: Vec::new() },
        None => {
            StoryVersions { original: None, translations: translations.iter().map(|t| t.absolute.clone()).collect() }
        }
    }
}

fn social_card(base: &PublicBase, service: &Service, article: &Article, path: &str) -> SocialCard {
    let time = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&service.time_zone).to_rfc3339();
    SocialCard {
        kind: "article",
        url: base.absolute(path),
        image: article.lead_image.as_ref().map(|i| base.absolute(&i.media.url_path())),
        image_alt: article.lead_image.as_ref().map(|i| i.alt.clone()).unwrap_or_default(),
        locale: og_locale(&service.language),
        published: article.published_at.map(time),
        modified: article.updated_at.max(article.published_at).map(time),
    }
}

/// `GET /{service}/{yyyy}/{mm}/{slug}`: an article. A wrong year or month redirects to
/// the article's own address.
pub async fn article_page(
    State(app): State<AppState>,
    Path((code, _year, _month, slug)): Path<(String, String, String, String)>,
    OriginalUri(uri): OriginalUri,
    headers: axum::http::HeaderMap,
    base: PublicBase,
    Query(query): Query<crate::comments::ArticleQuery>,
) -> Result<Response, WebError> {
    let (services, service, article) = public_article(&app, &code, &slug).await?;
    if let Some(page) = &article.external_url {
        // The story of a page on another site: its comments are shown there.
        return Ok(Redirect::to(page).into_response());
    }
    let canonical = article_path(&service, &article.slug, article.published_at);
    if uri.path() != canonical {
        return Ok(Redirect::permanent(&canonical).into_response());
    }
    let personal = crate::comments::Personal::from_request(&headers, &query);
    let shown = ShownArticle { services: &services, service: &service, article: &article, base: &base };
    render_article(&app, &shown, &personal, axum::http::StatusCode::OK).await
}
