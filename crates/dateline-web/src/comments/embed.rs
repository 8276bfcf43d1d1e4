//! The embed: Dateline's pre-moderated comments on a page of another site, in an iframe.
//!
//! `GET /embed/{service}?url=PAGE&title=TITLE` is a whole page that works without
//! JavaScript: the page's approved comments, the reader's own pending ones, and the comment
//! form, which posts to `POST /embed/{service}/comments?url=PAGE`. Only pages on the
//! service's embed origins are served, and only those origins may frame it
//! (`frame-ancestors`). A page's story is created the first time it is shown (see
//! [`dateline_core::embed`]). `/static/embed.js` on the host page sizes the frame to its
//! content; `/static/embed-frame.js` inside the frame reports that size.

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use dateline_core::articles::Article;
use dateline_core::embed::{self, EmbedError};
use dateline_core::services::Service;
use serde::{Deserialize, Serialize};

use super::{ArticleQuery, CommentsSection, Outcome, Personal, SectionPlace};
use crate::client::Caller;
use crate::error::WebError;
use crate::state::{App, AppState};
use crate::views::layout::{Layout, PageContext};

/// The query of the embed page and of its form's address.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmbedQuery {
    /// The address of the page carrying the comments.
    url: String,
    /// The page's title (the story's headline in the console, on first use).
    title: String,
    reply_to: Option<String>,
    received: Option<String>,
    comments_page: Option<String>,
}

#[derive(Serialize)]
struct EmbedView {
    comments: Option<CommentsSection>,
    /// Why the comments cannot be shown, for the site's operator (the reader is told in
    /// their language that there are none here).
    refusal: Option<String>,
    frame_script: String,
}

/// The embed page's address for a page (its form's address with `/comments`).
fn place(service: &Service, address: &str) -> SectionPlace {
    let query = serde_urlencoded::to_string([("url", address)]).unwrap_or_default();
    SectionPlace {
        page: format!("/embed/{}?{query}", service.code),
        form_action: format!("/embed/{}/comments?{query}", service.code),
        embedded: true,
    }
}

/// The embed page's Content-Security-Policy: the site's own, but framed by the service's
/// origins alone, and with the frame's own script.
fn content_security_policy(service: &Service) -> String {
    let ancestors =
        if service.embed_origins.is_empty() { "'none'".to_owned() } else { service.embed_origins.join(" ") };
    format!(
        "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; \
         form-action 'self'; \
         frame-ancestors {ancestors}; base-uri 'none'"
    )
}

async fn render(app: &App, service: &Service, view: EmbedView, status: StatusCode) -> Result<Response, WebError> {
    let language = service.language.as_str();
    let title = app.catalogs.text(language, "comments-heading", &[]);
    let layout = Layout::new(app, language, &title, &[], Some(service));
    let context = PageContext::new(language, service.direction.as_str(), layout, view);
    let html = app.templates.render("comments/embed.html", context)?;
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    let policy =
        HeaderValue::from_str(&content_security_policy(service)).map_err(|e| WebError::Internal(e.to_string()))?;
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

/// The embed page telling the reader (and the operator setting it up) why there are no
/// comments here.
async fn refused(app: &App, service: &Service, error: &EmbedError) -> Result<Response, WebError> {
    let status = match error {
        EmbedError::NotAllowed { .. } => StatusCode::FORBIDDEN,
        _ => StatusCode::BAD_REQUEST,
    };
    let view = EmbedView { comments: None, refusal: Some(error.to_string()), frame_script: frame_script(app) };
    render(app, service, view, status).await
}

fn frame_script(app: &App) -> String {
    app.assets.url("embed-frame.js")
}

/// The origin a request's `Referer` names, if it names one.
fn referer_origin(headers: &HeaderMap) -> Option<String> {
    headers.get(header::REFERER).and_then(|v| v.to_str().ok()).and_then(embed::origin_of)
}

async fn service_named(app: &App, code: &str) -> Result<Service, WebError> {
    let services = app.services().await?;
    crate::pages::find_service(&services, code)
}

/// The section of a page's story as this reader sees it.
async fn section_of(
    app: &App,
    service: &Service,
    story: &Article,
    address: &str,
    personal: &Personal,
) -> Result<CommentsSection, WebError> {
    super::section(app, service, story, personal, &place(service, address)).await
}

/// `GET /embed/{service}?url=PAGE[&title=TITLE]`: the comments of a page of another site.
/// The page's story is made on its first use, when the page itself asks for the frame
/// (the browser's `Referer` names the page's origin, or no `Referer` is sent).
pub async fn embed_page(
    State(app): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<EmbedQuery>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let service = service_named(&app, &code).await?;
    let address = match embed::page_address(&service, &query.url) {
        Ok(address) => address,
        Err(error) => return refused(&app, &service, &error).await,
    };
    let story = match app.store.story_of_page(service.id, &address).await? {
        Some(story) => story,
        None => {
            let from = referer_origin(&headers);
            let page_origin = embed::origin_of(&address);
            if from.is_some() && from != page_origin {
                let origin = from.unwrap_or_default();
                return refused(&app, &service, &EmbedError::NotAllowed { origin, service: service.code.clone() })
                    .await;
            }
            embed::page_story(app.store.as_ref(), &service, &address, &query.title, app.clock.now()).await?
        }
    };
    let article_query = ArticleQuery {
        reply_to: query.reply_to,
        received: query.received,
        reported: None,
        comments_page: query.comments_page,
    };
    let personal = Personal::from_request(&headers, &article_query);
    let comments = section_of(&app, &service, &story, &address, &personal).await?;
    let view = EmbedView { comments: Some(comments), refusal: None, frame_script: frame_script(&app) };
    render(&app, &service, view, StatusCode::OK).await
}

/// `POST /embed/{service}/comments?url=PAGE`: the embed's comment form. Like the form
/// under an article, it keeps what was typed when it refuses.
pub async fn submit(
    State(app): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<EmbedQuery>,
    caller: Caller,
    request: Request,
) -> Result<Response, WebError> {
    let headers = request.headers().clone();
    let service = service_named(&app, &code).await?;
    let address = match embed::page_address(&service, &query.url) {
        Ok(address) => address,
        Err(error) => return refused(&app, &service, &error).await,
    };
    // The form was shown by the embed page, which made the story.
    let story = app.store.story_of_page(service.id, &address).await?;
    let story = story.ok_or(WebError::NotFound { service: Some(service.code.clone()) })?;
    let bytes = axum::body::to_bytes(request.into_body(), app.site.max_body_bytes)
        .await
        .map_err(|_| WebError::TooLarge { service: Some(service.code.clone()) })?;
    match super::receive(&app, &service, &story, &caller, &headers, &bytes).await? {
        Outcome::Stored { id, new_token } => {
            let place = place(&service, &address);
            let cookie = new_token.map(|t| t.set_embed_cookie(app.site.cookies_secure()));
            // To the thank-you at the section's top (the comment itself shows only where the
            // commenter cookie reaches the frame).
            let to = place.with(&format!("received={}", id.0), "comments");
            super::stored_redirect(&to, cookie)
        }
        Outcome::Refused { personal, status } => {
            let comments = section_of(&app, &service, &story, &address, &personal).await?;
            let view = EmbedView { comments: Some(comments), refusal: None, frame_script: frame_script(&app) };
            render(&app, &service, view, status).await
        }
    }
}
