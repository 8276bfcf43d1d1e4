//! The JSON API: comments of articles, submissions, counts, and a commenter's own data;
//! and the desk's API for automation ([`stories`]).
//! Described by the OpenAPI document at `/api/openapi.json`.

use axum::Json;
pub mod stories;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dateline_core::articles::Article;
use dateline_core::comments::{self, Comment, CommentId, Submission, SubmitError};
use dateline_core::services::Service;
use serde::{Deserialize, Serialize};

use crate::client::{COMMENTER_HEADER, Caller, CommenterToken};
use crate::comments::mine::export;
use crate::error::WebError;
use crate::state::{App, AppState};

/// The OpenAPI document.
pub const OPENAPI: &str = include_str!("../../api/openapi.json");

/// Most articles one comment-counts request may name.
pub const MAX_COUNT_ARTICLES: usize = 100;

/// An API error: `{error, field?, code?}` with a 4xx (or 5xx) status.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    error: String,
    field: Option<&'static str>,
    code: Option<&'static str>,
}

impl ApiError {
    fn new(status: StatusCode, error: impl Into<String>) -> ApiError {
        ApiError { status, error: error.into(), field: None, code: None }
    }
}

impl From<WebError> for ApiError {
    fn from(error: WebError) -> Self {
        match error {
            WebError::NotFound { .. } => ApiError::new(StatusCode::NOT_FOUND, "no such article"),
            WebError::Gone { .. } => ApiError::new(StatusCode::GONE, "the article was taken down"),
            WebError::BadRequest { .. } => ApiError::new(StatusCode::BAD_REQUEST, "the request is malformed"),
            WebError::Forbidden { .. } => ApiError::new(StatusCode::FORBIDDEN, "the request is refused"),
            WebError::TooLarge { .. } => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "the request is too large"),
            WebError::TooMany { .. } => {
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too many requests; try again later")
            }
            WebError::Internal(detail) => {
                tracing::error!(%detail, "API request failed");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "the server failed; please try again")
            }
        }
    }
}

impl From<dateline_core::store::StoreError> for ApiError {
    fn from(error: dateline_core::store::StoreError) -> Self {
        WebError::from(error).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body<'a> {
            error: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            field: Option<&'static str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            code: Option<&'static str>,
        }
        let body = Body { error: &self.error, field: self.field, code: self.code };
        (self.status, Json(body)).into_response()
    }
}

/// The answer to an API path that names no route.
pub async fn no_such_route() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such API route")
}

/// `GET /api/openapi.json`
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn article(app: &App, code: &str, slug: &str) -> Result<(Service, Article), ApiError> {
    let (_, service, article) = crate::pages::public_article(app, code, slug).await?;
    Ok((service, article))
}

/// A published comment, with its replies.
#[derive(Debug, Serialize)]
pub struct ApiComment {
    id: i64,
    parent_id: Option<i64>,
    name: String,
    text: String,
    created_at: String,
    edited: bool,
    replies: Vec<ApiComment>,
}

fn api_tree(comments: &[Comment], parent: Option<CommentId>) -> Vec<ApiComment> {
    comments
        .iter()
        .filter(|c| c.parent_id == parent)
        .map(|c| ApiComment {
            id: c.id.0,
            parent_id: c.parent_id.map(|p| p.0),
            name: c.author_name.clone(),
            text: c.text.clone(),
            created_at: c.created_at.to_rfc3339(),
            edited: c.edited,
            replies: api_tree(comments, Some(c.id)),
        })
        .collect()
}

/// `?page=N` of a comment list (from 1).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageParam {
    page: Option<String>,
}

#[derive(Serialize)]
struct CommentPage {
    service: String,
    slug: String,
    page: u32,
    has_next: bool,
    count: i64,
    comments: Vec<ApiComment>,
}

/// `GET /api/v1/articles/{service}/{slug}/comments?page=N`: published comments, with replies.
pub async fn list_comments(
    State(app): State<AppState>,
    Path((code, slug)): Path<(String, String)>,
    Query(query): Query<PageParam>,
) -> Result<Response, ApiError> {
    let page = match query.page.as_deref() {
        None => 1,
        Some(text) => text.parse::<u32>().ok().filter(|p| *p >= 1).ok_or(ApiError {
            field: Some("page"),
            ..ApiError::new(StatusCode::BAD_REQUEST, "page must be a whole number from 1")
        })?,
    };
    let (service, article) = article(&app, &code, &slug).await?;
    let per_page = app.site.comments.per_page;
    let dateline_core::store::CommentPage { comments, top_level } =
        app.store.public_comments(article.id, page, per_page).await?;
    let count = app.store.comment_counts(&[article.id]).await?.get(&article.id).copied().unwrap_or(0);
    let tags = crate::cache::CacheTags(vec![dateline_core::changes::PageTag::Article(article.id)]);
    let body = CommentPage {
        service: service.code,
        slug: article.slug,
        page,
        has_next: i64::from(page) * i64::from(per_page) < top_level,
        count,
        comments: api_tree(&comments, None),
    };
    Ok((axum::Extension(tags), Json(body)).into_response())
}

/// A form token for one API submission, like the HTML form's.
#[derive(Serialize)]
struct CommentForm {
    form_token: String,
    not_before: String,
    expires_at: String,
}

/// `GET /api/v1/articles/{service}/{slug}/comment-form`: a fresh form token. The comment
/// may be sent with it after `not_before`, once, until `expires_at`: the same checks as the
/// HTML form, so that a program gains nothing by using the API.
pub async fn comment_form(
    State(app): State<AppState>,
    Path((code, slug)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (_, _, article) = crate::pages::public_article_head(&app, &code, &slug).await?;
    let now = app.clock.now();
    let min = i64::try_from(app.site.comments.min_seconds_to_submit).unwrap_or(i64::MAX);
    let form = CommentForm {
        form_token: crate::comments::form_token(&app, &article).await?,
        not_before: (now + chrono::Duration::seconds(min)).to_rfc3339(),
        expires_at: (now + chrono::Duration::hours(comments::FORM_LIFETIME_HOURS)).to_rfc3339(),
    };
    Ok(crate::cache::private(Json(form).into_response()))
}

/// The JSON body of a submission. Missing fields count as empty, so that the answer can
/// name the field.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ApiSubmission {
    name: String,
    text: String,
    email: Option<String>,
    parent_id: Option<i64>,
    accept_terms: bool,
    form_token: String,
}

#[derive(Serialize)]
struct Accepted {
    id: i64,
    status: &'static str,
    commenter_token: String,
}

fn token_from_header(headers: &HeaderMap) -> Result<Option<CommenterToken>, ApiError> {
    match headers.get(COMMENTER_HEADER) {
        None => Ok(None),
        Some(value) => value.to_str().ok().and_then(CommenterToken::parse).map(Some).ok_or(ApiError {
            field: Some("X-Commenter-Token"),
            ..ApiError::new(StatusCode::BAD_REQUEST, "X-Commenter-Token is not a commenter token (64 hex digits)")
        }),
    }
}

/// The API error of a refusal, in English (the API names no reader language).
fn refusal_error(app: &App, refusals: &[dateline_core::comments::Refusal]) -> ApiError {
    let first = &refusals[0];
    ApiError {
        status: crate::comments::refusal_status(refusals),
        error: crate::comments::refusal_message(app, "en", first),
        field: first.field().map(|f| f.as_str()),
        code: Some(first.message_id().trim_start_matches("comment-error-")),
    }
}

/// `POST /api/v1/articles/{service}/{slug}/comments`: submits a comment for moderation.
pub async fn submit_comment(
    State(app): State<AppState>,
    Path((code, slug)): Path<(String, String)>,
    caller: Caller,
    request: Request,
) -> Result<Response, ApiError> {
    let headers = request.headers().clone();
    let body: Result<Json<ApiSubmission>, JsonRejection> =
        <Json<ApiSubmission> as axum::extract::FromRequest<AppState>>::from_request(request, &app).await;
    let (_, service, article) = crate::pages::public_article_head(&app, &code, &slug).await?;
    let Json(body) = body.map_err(|rejection| ApiError {
        code: Some("invalid-json"),
        ..ApiError::new(rejection.status(), format!("the body must be a JSON object: {}", rejection.body_text()))
    })?;
    let token = token_from_header(&headers)?.unwrap_or_else(CommenterToken::generate);
    let form = crate::comments::valid_form_token(&app, &article, &body.form_token).await?;
    if form.is_none() && app.site.comments.api_form_token {
        return Err(refusal_error(&app, &[dateline_core::comments::Refusal::FormExpired]));
    }
    let submission = Submission {
        name: body.name,
        text: body.text,
        email: body.email.unwrap_or_default(),
        parent_id: body.parent_id,
        accept_terms: body.accept_terms,
    };
    let context = crate::comments::submit_context(&app, &service, &article, &token, caller.address, form).await?;
    match dateline_core::comments::submit(app.store.as_ref(), &app.site.comments, &submission, &context).await {
        Ok(id) => Ok((
            StatusCode::ACCEPTED,
            Json(Accepted { id: id.0, status: "pending", commenter_token: token.as_str().to_owned() }),
        )
            .into_response()),
        Err(SubmitError::Refused(refusals)) => Err(refusal_error(&app, &refusals)),
        Err(SubmitError::Store(error)) => Err(error.into()),
    }
}

/// `?articles=service/slug,…` of the counts request.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CountsQuery {
    articles: String,
}

/// Public comment counts by `service/slug`.
#[derive(Serialize)]
pub struct Counts {
    counts: std::collections::BTreeMap<String, i64>,
}

/// `GET /api/v1/comment-counts?articles=service/slug,…`: public comment counts.
pub async fn comment_counts(
    State(app): State<AppState>,
    Query(query): Query<CountsQuery>,
) -> Result<Json<Counts>, ApiError> {
    let refs: Vec<&str> = query.articles.split(',').map(str::trim).filter(|r| !r.is_empty()).collect();
    let bad = |message: String| ApiError { field: Some("articles"), ..ApiError::new(StatusCode::BAD_REQUEST, message) };
    if refs.is_empty() {
        return Err(bad("name one or more articles: articles=service/slug,service/slug".into()));
    }
    if refs.len() > MAX_COUNT_ARTICLES {
        return Err(bad(format!("at most {MAX_COUNT_ARTICLES} articles at once")));
    }
    let services = app.services().await?.to_vec();
    let now = app.clock.now();
    let mut found = Vec::new();
    for reference in refs {
        let (code, slug) =
            reference.split_once('/').ok_or_else(|| bad(format!("{reference:?} is not service/slug")))?;
        let Some(service) = services.iter().find(|s| s.code == code) else { continue };
        if let Some(article) = app.store.article_by_slug(service.id, slug).await?.filter(|a| a.is_public(now)) {
            found.push((reference.to_owned(), article.id));
        }
    }
    let counts = app.store.comment_counts(&found.iter().map(|(_, id)| *id).collect::<Vec<_>>()).await?;
    Ok(Json(Counts {
        counts: found.into_iter().map(|(reference, id)| (reference, counts.get(&id).copied().unwrap_or(0))).collect(),
    }))
}

fn required_token(headers: &HeaderMap) -> Result<CommenterToken, ApiError> {
    token_from_header(headers)?.ok_or(ApiError {
        field: Some("X-Commenter-Token"),
        ..ApiError::new(StatusCode::UNAUTHORIZED, "send your commenter token in the X-Commenter-Token header")
    })
}

/// `GET /api/v1/commenter/comments`: every comment of the commenter token sent.
pub async fn commenter_export(State(app): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let token = required_token(&headers)?;
    Ok(crate::cache::private(Json(export(&app, Some(&token)).await?).into_response()))
}

/// `DELETE /api/v1/comments/{id}`: deletes a comment of the commenter token sent.
pub async fn delete_comment(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let token = required_token(&headers)?;
    let not_found = || ApiError::new(StatusCode::NOT_FOUND, "no comment of yours with this id");
    let id = id.parse::<i64>().map(CommentId).map_err(|_| not_found())?;
    if app.store.delete_comment_of(id, &token.hash(), app.clock.now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(not_found())
    }
}
