//! A commenter's own comments: the list with delete buttons, the export of everything
//! stored about them, and deletion for real.

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::articles::article_path;
use dateline_core::comments::CommentId;
use serde::{Deserialize, Serialize};

use super::delete_token;
use crate::cache::private;
use crate::client::{self, Caller, CommenterToken};
use crate::error::WebError;
use crate::messages::{self, Message};
use crate::state::{App, AppState};
use crate::text::comment_html;
use crate::tokens::{self, TokenPurpose};
use crate::views;
use crate::views::layout::{Layout, PageContext};

#[derive(Serialize)]
struct MyComment {
    id: i64,
    state: String,
    state_label: String,
    article_href: String,
    headline: String,
    sent: views::TimeView,
    service_name: String,
    lang: String,
    dir: &'static str,
    html: String,
    delete_token: String,
}

#[derive(Serialize)]
struct MyCommentsView {
    comments: Vec<MyComment>,
    deleted: bool,
}

/// Query of the "your comments" page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MyCommentsQuery {
    deleted: Option<String>,
}

/// `GET /my/comments`: the comments sent from this browser, with delete buttons.
pub async fn my_comments(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<MyCommentsQuery>,
) -> Result<Response, WebError> {
    let services = app.services().await?.to_vec();
    let token = CommenterToken::from_cookie(&headers);
    let mut comments = Vec::new();
    if let Some(token) = &token {
        for listing in app.store.comments_of(&token.hash()).await? {
            let Some(service) = services.iter().find(|s| s.code == listing.service_code) else { continue };
            let state = listing.comment.state;
            let article = app.store.article_by_slug(service.id, &listing.article_slug).await?;
            comments.push(MyComment {
                id: listing.comment.id.0,
                state: state.as_str().to_owned(),
                state_label: app.catalogs.text(&app.site.default_language, &messages::comment_state(state), &[]),
                article_href: article
                    .as_ref()
                    .map_or_else(|| format!("/{}/", service.code), |a| article_path(service, &a.slug, a.published_at)),
                headline: article.as_ref().map_or_else(|| service.native_name.clone(), |a| a.headline.clone()),
                sent: views::time_view(&app.catalogs, &service.language, listing.comment.created_at, service.time_zone),
                service_name: service.native_name.clone(),
                lang: service.language.clone(),
                dir: service.direction.as_str(),
                html: comment_html(&listing.comment.text, false),
                delete_token: delete_token(&app, listing.comment.id, token).await?,
            });
        }
    }
    let language = app.site.default_language.clone();
    let direction = if views::is_rtl_language(&language) { "rtl" } else { "ltr" };
    let title = app.catalogs.message(&language, Message::MyCommentsHeading, &[]);
    let layout = Layout::new(&app, &language, &title, &services, None);
    let view = MyCommentsView { comments, deleted: query.deleted.is_some() };
    let html = app.templates.render("comments/mine.html", PageContext::new(&language, direction, layout, view))?;
    Ok(private(Html(html).into_response()))
}

/// `GET /my/comments.json`: everything stored about this browser's comments.
pub async fn my_comments_export(State(app): State<AppState>, headers: HeaderMap) -> Result<Response, WebError> {
    let token = CommenterToken::from_cookie(&headers);
    let export = export(&app, token.as_ref()).await?;
    let mut response = axum::Json(export).into_response();
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"dateline-comments.json\""),
    );
    Ok(private(response))
}

/// One comment in a commenter's export.
#[derive(Debug, Serialize)]
pub struct ExportedComment {
    id: i64,
    service: String,
    article: String,
    parent_id: Option<i64>,
    name: String,
    text: String,
    email: Option<String>,
    state: String,
    terms_version: i64,
    rejection_reason: Option<String>,
    edited_by_moderator: bool,
    submitted_at: String,
    moderated_at: Option<String>,
}

/// Everything stored about a commenter's comments.
#[derive(Debug, Serialize)]
pub struct Export {
    about: &'static str,
    comments: Vec<ExportedComment>,
}

/// The export of a commenter's data (empty without a token).
pub async fn export(app: &App, token: Option<&CommenterToken>) -> Result<Export, WebError> {
    let listings = match token {
        Some(token) => app.store.comments_of(&token.hash()).await?,
        None => Vec::new(),
    };
    let comments = listings
        .into_iter()
        .map(|l| ExportedComment {
            id: l.comment.id.0,
            service: l.service_code,
            article: l.article_slug,
            parent_id: l.comment.parent_id.map(|p| p.0),
            name: l.comment.author_name,
            text: l.comment.text,
            email: l.comment.email,
            state: l.comment.state.as_str().to_owned(),
            terms_version: l.comment.terms_version,
            rejection_reason: l.comment.rejection_reason,
            edited_by_moderator: l.comment.edited,
            submitted_at: l.comment.created_at.to_rfc3339(),
            moderated_at: l.comment.moderated_at.map(|t| t.to_rfc3339()),
        })
        .collect();
    Ok(Export {
        about: "Everything Dateline stores about the comments sent with this commenter token. \
                No IP address is stored; a keyed hash of it is kept for 30 days (by default) for rate limits and is \
                not included because it cannot be turned back into the address.",
        comments,
    })
}

/// The delete form's fields. Without `confirm`, the answer asks whether to delete.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeleteForm {
    delete_token: String,
    return_to: String,
    confirm: String,
}

#[derive(Serialize)]
struct ConfirmView {
    id: i64,
    html: String,
    delete_token: String,
    return_to: String,
}

/// `POST /my/comments/{id}/delete`: the author deletes a comment.
pub async fn delete_mine(
    State(app): State<AppState>,
    Path(id): Path<String>,
    caller: Caller,
    headers: HeaderMap,
    Form(form): Form<DeleteForm>,
) -> Result<Response, WebError> {
    let forbidden = || WebError::Forbidden { service: None };
    let id = id.parse::<i64>().map(CommentId).map_err(|_| WebError::NotFound { service: None })?;
    let token = CommenterToken::from_cookie(&headers).ok_or_else(forbidden)?;
    let key = app.form_key().await?;
    let commenter = token.hash();
    let purpose = TokenPurpose::Delete { comment: id, commenter: &commenter };
    if !caller.same_origin || tokens::verify(&key, purpose, &form.delete_token, app.clock.now()).is_none() {
        return Err(forbidden());
    }
    let back = client::local_path(&form.return_to).unwrap_or("/my/comments");
    if form.confirm != "1" {
        return confirm_page(&app, id, &commenter, &form.delete_token, back).await;
    }
    if !app.store.delete_comment_of(id, &token.hash(), app.clock.now()).await? {
        return Err(WebError::NotFound { service: None });
    }
    let separator = if back.contains('?') { '&' } else { '?' };
    Ok(private(Redirect::to(&format!("{back}{separator}deleted=1")).into_response()))
}

/// The second step of deleting: the comment, and "delete it for good" or "keep it" (no
/// script needed; a slip of the finger deletes nothing).
async fn confirm_page(
    app: &App,
    id: CommentId,
    commenter: &str,
    delete_token: &str,
    back: &str,
) -> Result<Response, WebError> {
    let not_found = || WebError::NotFound { service: None };
    let listings = app.store.comments_of(commenter).await?;
    let comment = listings.into_iter().map(|l| l.comment).find(|c| c.id == id).ok_or_else(not_found)?;
    let services = app.services().await?.to_vec();
    let language = app.site.default_language.clone();
    let direction = if views::is_rtl_language(&language) { "rtl" } else { "ltr" };
    let title = app.catalogs.text(&language, "my-comments-confirm-heading", &[]);
    let mut layout = Layout::new(app, &language, &title, &services, None);
    layout.noindex = true;
    let view = ConfirmView {
        id: id.0,
        html: comment_html(&comment.text, false),
        delete_token: delete_token.to_owned(),
        return_to: back.to_owned(),
    };
    let html =
        app.templates.render("comments/confirm_delete.html", PageContext::new(&language, direction, layout, view))?;
    Ok(private(Html(html).into_response()))
}
