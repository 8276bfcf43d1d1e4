//! The JSON API: comments of articles, submissions, counts, and a commenter's own data;
//! and the desk's API for automation ([`stories`]).
//! Described by the OpenAPI document at `/api/openapi.json`.

use axum::Json;
pub mod errors;
pub mod stories;

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dateline_core::articles::Article;
use dateline_core::comments::{self, Comment, CommentId, Submission, SubmitError};
use dateline_core::services::Service;
use serde::{Deserialize, Serialize};

pub use self::errors::ApiError;
use crate::client::{COMMENTER_HEADER, Caller, CommenterToken};
use crate::comments::mine::export;
use crate::state::{App, AppState};

/// The OpenAPI document.
pub const OPENAPI: &str = include_str!("../../api/openapi.json");

/// Most articles one comment-counts request may name.
pub const MAX_COUNT_ARTICLES: usize = 100;

/// The answer to an API path that names no route.
pub async fn no_such_route() -> ApiError {
    ApiError::coded(StatusCode::NOT_FOUND, "no-route")
}

/// `GET /api/openapi.json`: the document, with this site's own limits and services in its
/// schemas.
pub async fn openapi(State(app): State<AppState>) -> Result<Response, ApiError> {
    let codes: Vec<String> = app.services().await?.iter().map(|s| s.code.clone()).collect();
    Ok(([(header::CONTENT_TYPE, "application/json")], openapi_document(&app, &codes)).into_response())
}

/// The OpenAPI document with the limits this site is configured with and its services'
/// codes.
pub fn openapi_document(app: &App, service_codes: &[String]) -> String {
    let Ok(mut document) = serde_json::from_str::<serde_json::Value>(OPENAPI) else {
        return OPENAPI.to_owned();
    };
    let limits = &app.site.comments;
    let schemas = &mut document["components"]["schemas"];
    let new_comment = &mut schemas["NewComment"]["properties"];
    new_comment["name"]["maxLength"] = limits.name_max_chars.into();
    new_comment["text"]["maxLength"] = limits.text_max_chars.into();
    if !service_codes.is_empty() {
        schemas["StoryInput"]["properties"]["service"]["enum"] = service_codes.into();
        let translation = &mut document["paths"]["/api/v1/stories/{id}/translations"]["post"]["requestBody"];
        translation["content"]["application/json"]["schema"]["properties"]["service"]["enum"] = service_codes.into();
    }
    document.to_string()
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
        Some(text) => text.parse::<u32>().ok().filter(|p| *p >= 1).ok_or_else(|| {
            ApiError::coded(StatusCode::BAD_REQUEST, "invalid-page").field("page").with("max", u32::MAX)
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
    #[serde(skip_serializing_if = "Option::is_none")]
    attack: Option<AttackChallenge>,
}

/// The proof of work asked for while the service's attack mode is on (see
/// [`dateline_core::attack`]).
#[derive(Serialize)]
struct AttackChallenge {
    challenge: String,
    proof_bits: u32,
}

/// `GET /api/v1/articles/{service}/{slug}/comment-form`: a fresh form token. The comment
/// may be sent with it after `not_before`, once, until `expires_at`: the same checks as the
/// HTML form, so that a program gains nothing by using the API.
pub async fn comment_form(
    State(app): State<AppState>,
    Path((code, slug)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (_, service, article) = crate::pages::public_article_head(&app, &code, &slug).await?;
    let now = app.clock.now();
    let gate = app.attack_gate(&service, now);
    let min = i64::try_from(app.site.comments.min_seconds_to_submit).unwrap_or(i64::MAX);
    let wait = gate.map_or(0, |g| i64::from(g.wait_seconds)).max(min);
    let form_token = crate::comments::form_token(&app, &article).await?;
    let attack = match gate {
        Some(gate) => crate::comments::valid_form_token(&app, &article, &form_token)
            .await?
            .map(|token| AttackChallenge { challenge: token.nonce, proof_bits: gate.proof_bits }),
        None => None,
    };
    let form = CommentForm {
        form_token,
        not_before: (now + chrono::Duration::seconds(wait)).to_rfc3339(),
        expires_at: (now + chrono::Duration::hours(comments::FORM_LIFETIME_HOURS)).to_rfc3339(),
        attack,
    };
    Ok(crate::cache::private(Json(form).into_response()))
}

/// A JSON number that is a whole number (`12` or `12.0`, as JSON Schema counts them).
pub(crate) fn whole_number(value: &serde_json::Value) -> Option<i64> {
    value.as_i64().or_else(|| {
        let float = value.as_f64()?;
        // Beyond 2^63 a float is no comment's id: refused as a number out of range.
        (float.fract() == 0.0 && float.abs() < 9.2e18).then_some(float as i64)
    })
}

/// The JSON body of a submission. Missing fields count as empty, so that the answer can
/// name the field.
#[derive(Debug, Default)]
struct ApiSubmission {
    name: String,
    text: String,
    email: Option<String>,
    parent_id: Option<i64>,
    accept_terms: bool,
    form_token: String,
}

impl ApiSubmission {
    /// Reads a submission: JSON (by its `Content-Type`), an object, each known field of its
    /// type (`null` counts as absent). Other fields are ignored. Every refusal names what is
    /// wrong in the words of the API, never the parser's.
    fn read(headers: &HeaderMap, bytes: &[u8]) -> Result<ApiSubmission, ApiError> {
        let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if essence != "application/json" && !essence.ends_with("+json") {
            return Err(ApiError::coded(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type"));
        }
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|error| {
            ApiError::coded(StatusCode::BAD_REQUEST, "invalid-json")
                .with("line", error.line())
                .with("column", error.column())
        })?;
        let serde_json::Value::Object(fields) = value else {
            let error = ApiError::coded(StatusCode::BAD_REQUEST, "not-an-object");
            return Err(if value.is_array() {
                ApiError::message(StatusCode::BAD_REQUEST, "api-error-json-array", "not-an-object")
            } else {
                error
            });
        };
        let wrong = |field: &'static str, kind: &'static str| {
            ApiError::message(StatusCode::BAD_REQUEST, kind, "invalid-type").field(field).with("field", field)
        };
        let text = |field: &'static str| match fields.get(field) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(wrong(field, "api-error-must-be-text")),
        };
        let parent_id = match fields.get("parent_id") {
            None | Some(serde_json::Value::Null) => None,
            Some(number) => Some(whole_number(number).ok_or_else(|| wrong("parent_id", "api-error-must-be-number"))?),
        };
        let accept_terms = match fields.get("accept_terms") {
            None | Some(serde_json::Value::Null) => false,
            Some(serde_json::Value::Bool(accepted)) => *accepted,
            Some(_) => return Err(wrong("accept_terms", "api-error-must-be-boolean")),
        };
        Ok(ApiSubmission {
            name: text("name")?.unwrap_or_default(),
            text: text("text")?.unwrap_or_default(),
            email: text("email")?,
            parent_id,
            accept_terms,
            form_token: text("form_token")?.unwrap_or_default(),
        })
    }
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
        Some(value) => value
            .to_str()
            .ok()
            .and_then(CommenterToken::parse)
            .map(Some)
            .ok_or_else(|| ApiError::coded(StatusCode::BAD_REQUEST, "invalid-token").field("X-Commenter-Token")),
    }
}

/// The API error of a refusal: the words of the site's own form.
fn refusal_error(refusals: &[dateline_core::comments::Refusal]) -> ApiError {
    let first = &refusals[0];
    let code = first.message_id().trim_start_matches("comment-error-");
    let error = ApiError::message(crate::comments::refusal_status(refusals), first.message_id(), code)
        .with("max", first.limit().unwrap_or_default());
    match first.field() {
        Some(field) => error.field(field.as_str()),
        None => error,
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
    let bytes = Bytes::from_request(request, &app).await;
    let (_, service, article) = crate::pages::public_article_head(&app, &code, &slug).await?;
    let bytes = bytes.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::coded(StatusCode::PAYLOAD_TOO_LARGE, "too-large").with("max", app.site.max_body_bytes)
        }
        status => ApiError::coded(status, "bad-request"),
    })?;
    let body = ApiSubmission::read(&headers, &bytes)?;
    let token = token_from_header(&headers)?.unwrap_or_else(CommenterToken::generate);
    let form = crate::comments::valid_form_token(&app, &article, &body.form_token).await?;
    if form.is_none() && app.site.comments.api_form_token {
        return Err(refusal_error(&[dateline_core::comments::Refusal::FormExpired]));
    }
    let submission = Submission {
        name: body.name,
        text: body.text,
        email: body.email.unwrap_or_default(),
        parent_id: body.parent_id,
        accept_terms: body.accept_terms,
    };
    app.count_submission(service.id, app.clock.now());
    let context = crate::comments::submit_context(&app, &service, &article, &token, caller.address, form).await?;
    match dateline_core::comments::submit(app.store.as_ref(), &app.site.comments, &submission, &context).await {
        Ok(id) => Ok((
            StatusCode::ACCEPTED,
            Json(Accepted { id: id.0, status: "pending", commenter_token: token.as_str().to_owned() }),
        )
            .into_response()),
        Err(SubmitError::Refused(refusals)) => Err(refusal_error(&refusals)),
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
    let refs = article_references(&query.articles)?;
    let services = app.services().await?.to_vec();
    let now = app.clock.now();
    let mut found = Vec::new();
    for (reference, code, slug) in refs {
        let Some(service) = services.iter().find(|s| s.code == code) else { continue };
        if let Some(article) = app.store.article_by_slug(service.id, slug).await?.filter(|a| a.is_public(now)) {
            found.push((reference, article.id));
        }
    }
    let counts = app.store.comment_counts(&found.iter().map(|(_, id)| *id).collect::<Vec<_>>()).await?;
    Ok(Json(Counts {
        counts: found.into_iter().map(|(reference, id)| (reference, counts.get(&id).copied().unwrap_or(0))).collect(),
    }))
}

/// The `service/slug` pairs of `?articles=`: one to [`MAX_COUNT_ARTICLES`], separated by
/// commas, each a service code and a slug without spaces, commas or further slashes (the
/// pattern of the OpenAPI document).
fn article_references(articles: &str) -> Result<Vec<(String, &str, &str)>, ApiError> {
    let bad = || {
        ApiError::coded(StatusCode::BAD_REQUEST, "invalid-articles").field("articles").with("max", MAX_COUNT_ARTICLES)
    };
    let part = |text: &str| !text.is_empty() && !text.contains(['/', ',', ' ']);
    let refs: Vec<(String, &str, &str)> = articles
        .split(',')
        .map(|reference| {
            let (code, slug) = reference.split_once('/').filter(|(c, s)| part(c) && part(s)).ok_or_else(bad)?;
            Ok((reference.to_owned(), code, slug))
        })
        .collect::<Result<_, ApiError>>()?;
    if refs.len() > MAX_COUNT_ARTICLES {
        return Err(bad());
    }
    Ok(refs)
}

fn required_token(headers: &HeaderMap) -> Result<CommenterToken, ApiError> {
    token_from_header(headers)?
        .ok_or_else(|| ApiError::coded(StatusCode::UNAUTHORIZED, "token-required").field("X-Commenter-Token"))
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
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|id| *id >= 1)
        .map(CommentId)
        .ok_or_else(|| ApiError::coded(StatusCode::BAD_REQUEST, "invalid-id").field("id"))?;
    if app.store.delete_comment_of(id, &token.hash(), app.clock.now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::coded(StatusCode::NOT_FOUND, "not-found"))
    }
}
