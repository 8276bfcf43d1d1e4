//! The desk's API for automation: a newsroom's own tools create and update drafts, upload
//! photos, publish and translate stories with an API token (`Authorization: Bearer …`),
//! as a reporter or an editor of the token's service.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use dateline_core::accounts::{self, Actor, ApiToken};
use dateline_core::articles::credits::{Credit, CreditRole};
use dateline_core::articles::{ArticleId, CommentPolicy, article_path};
use dateline_core::desk::{self, DeskError, PhotoWords, Story, StoryFields, StoryStatus};
use dateline_core::store::StoryFilter;
use serde::{Deserialize, Serialize};

use super::ApiError;
use crate::state::{App, AppState};

/// The token of a request, in use.
#[derive(Debug, Clone)]
pub struct TokenHolder(pub ApiToken);

impl FromRequestParts<AppState> for TokenHolder {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let unauthorized = |message: &str| ApiError {
            field: Some("Authorization"),
            code: Some("token"),
            ..ApiError::new(StatusCode::UNAUTHORIZED, message)
        };
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| unauthorized("send an API token: Authorization: Bearer TOKEN"))?;
        match accounts::token_of(app.store.as_ref(), secret).await {
            Ok(Some(token)) => Ok(TokenHolder(token)),
            Ok(None) => Err(unauthorized("the API token is unknown or revoked")),
            Err(error) => Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string())),
        }
    }
}

/// A credit as the API writes it: a role and one name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiCredit {
    /// `reporter`, `translator`, `writer`, `editor` or `photographer`.
    pub role: String,
    /// The person's name as it appears in the credit line.
    pub name: String,
}

fn credit_role(name: &str) -> Option<CreditRole> {
    Some(match name {
        "reporter" => CreditRole::ReportedBy,
        "translator" => CreditRole::TranslatedBy,
        "writer" => CreditRole::WrittenBy,
        "editor" => CreditRole::EditedBy,
        "photographer" => CreditRole::PhotoBy,
        _ => return None,
    })
}

fn role_name(role: CreditRole) -> &'static str {
    match role {
        CreditRole::ReportedBy => "reporter",
        CreditRole::TranslatedBy => "translator",
        CreditRole::WrittenBy | CreditRole::WrittenInEnglishBy => "writer",
        CreditRole::EditedBy => "editor",
        CreditRole::PhotoBy => "photographer",
    }
}

/// A story as the API sends it (`POST` and `PUT`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryBody {
    service: Option<String>,
    #[serde(default)]
    headline: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    credits: Vec<ApiCredit>,
    comments: Option<String>,
    #[serde(default, deserialize_with = "whole_number")]
    revision: Option<i64>,
}

/// A revision: a whole number from 0, as JSON Schema counts them (`12` or `12.0`).
fn whole_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    let Some(value) = Option::<serde_json::Value>::deserialize(deserializer)? else { return Ok(None) };
    super::whole_number(&value)
        .filter(|revision| *revision >= 0)
        .map(Some)
        .ok_or_else(|| serde::de::Error::invalid_type(serde::de::Unexpected::Other("a number out of range"), &"i64"))
}

impl StoryBody {
    /// The story's fields; the lead photo is the story's own (`current`).
    fn fields(&self, current: Option<&StoryFields>) -> Result<StoryFields, ApiError> {
        let mut credits: Vec<Credit> = Vec::new();
        for credit in &self.credits {
            let role = credit_role(&credit.role).ok_or_else(|| ApiError {
                field: Some("credits"),
                ..ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!(
                        "unknown credit role {:?}: use reporter, translator, writer, editor or photographer",
                        credit.role
                    ),
                )
            })?;
            match credits.iter_mut().find(|c| c.role == role) {
                Some(existing) => existing.names.push(credit.name.clone()),
                None => credits.push(Credit { role, names: vec![credit.name.clone()], for_service: None }),
            }
        }
        let comments = match self.comments.as_deref() {
            None => None,
            Some(policy) => Some(policy.parse::<CommentPolicy>().map_err(|why| ApiError {
                field: Some("comments"),
                ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, why)
            })?),
        };
        Ok(StoryFields {
            headline: self.headline.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            slug: current.map(|c| c.slug.clone()).unwrap_or_default(),
            tags: self.tags.clone(),
            comments,
            credits,
            lead_image: current.and_then(|c| c.lead_image.clone()),
        })
    }
}

/// A story as the API answers it.
#[derive(Debug, Serialize)]
pub struct ApiStory {
    id: i64,
    service: String,
    status: &'static str,
    revision: i64,
    slug: String,
    headline: String,
    summary: String,
    body: String,
    tags: Vec<String>,
    credits: Vec<ApiCredit>,
    comments: Option<&'static str>,
    url: Option<String>,
    lead_image: Option<String>,
}

async fn api_story(app: &App, story: &Story) -> Result<ApiStory, ApiError> {
    let services = app.services().await?;
    let service = services.iter().find(|s| s.id == story.article.service_id);
    let status = story.status(app.clock.now());
    let fields = story.fields();
    Ok(ApiStory {
        id: story.article.id.0,
        service: service.map(|s| s.code.clone()).unwrap_or_default(),
        status: status.as_str(),
        revision: story.revision,
        url: service
            .filter(|_| status == StoryStatus::Published)
            .map(|s| article_path(s, &story.article.slug, story.article.published_at)),
        slug: fields.slug,
        headline: fields.headline,
        summary: fields.summary,
        body: fields.body,
        tags: fields.tags,
        credits: fields
            .credits
            .iter()
            .flat_map(|c| c.names.iter().map(|name| ApiCredit { role: role_name(c.role).into(), name: name.clone() }))
            .collect(),
        comments: fields.comments.map(|c| c.as_str()),
        lead_image: fields.lead_image.map(|i| i.media.url_path()),
    })
}

/// The API's answer to a desk refusal.
fn desk_refusal(error: DeskError) -> Response {
    let status = match &error {
        DeskError::Forbidden => StatusCode::FORBIDDEN,
        DeskError::NotFound(_) | DeskError::NoSuchPhoto => StatusCode::NOT_FOUND,
        DeskError::Conflict(story) => {
            let body = serde_json::json!({
                "error": "someone saved this story in the meantime; send your change again from its revision",
                "code": "conflict",
                "revision": story.revision,
            });
            return (StatusCode::CONFLICT, Json(body)).into_response();
        }
        // The story is not in a state the action applies to: a conflict with its state.
        DeskError::SlugTaken(_) | DeskError::WrongState(..) | DeskError::SameService(_) => StatusCode::CONFLICT,
        DeskError::Store(_) | DeskError::Media(_) => {
            tracing::error!(%error, "desk API request failed");
            return ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "the server failed; please try again")
                .into_response();
        }
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let field = match &error {
        DeskError::Invalid(problems) => problems.first().map(|p| p.field),
        DeskError::SlugTaken(_) => Some("headline"),
        DeskError::Image(_) => Some("image"),
        _ => None,
    };
    ApiError { field, ..ApiError::new(status, error.to_string()) }.into_response()
}

/// A JSON body of the desk's API; a refusal names the field and what it must be, in the
/// API's words rather than the parser's.
fn json_body<T: for<'de> Deserialize<'de>>(bytes: &Bytes) -> Result<T, ApiError> {
    let refused =
        |code, message: String| ApiError { code: Some(code), ..ApiError::new(StatusCode::BAD_REQUEST, message) };
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|error| {
        refused(
            "invalid-json",
            format!("the body is not valid JSON (line {}, column {})", error.line(), error.column()),
        )
    })?;
    if !value.is_object() {
        let array = if value.is_array() { ", not an array" } else { "" };
        return Err(refused("not-an-object", format!("the body must be a JSON object{array}")));
    }
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        refused("invalid-type", data_error(&path, &error.into_inner().to_string()))
    })
}

/// A data error of the JSON parser in plain words: what the field at `path` must be.
fn data_error(path: &str, parser: &str) -> String {
    let said = parser.split(" at line ").next().unwrap_or_default().replace('`', "");
    if let Some(field) = said.strip_prefix("missing field ") {
        let place = if path == "." { String::new() } else { format!("{path}.") };
        return format!("{place}{field} is required");
    }
    if path == "." {
        return "the body must be a JSON object".to_owned();
    }
    if let Some((_, expected)) = said.split_once(", expected ") {
        let expected = if expected.starts_with("struct ") || expected.starts_with("a map") {
            "a JSON object"
        } else if expected.starts_with("a sequence") {
            "a list"
        } else if expected.starts_with('i') || expected.starts_with('u') {
            "a whole number in range"
        } else if expected == "a boolean" {
            "true or false"
        } else {
            expected
        };
        return format!("{path} must be {expected}");
    }
    format!("{path}: {said}")
}

fn story_id(id: &str) -> Result<ArticleId, ApiError> {
    id.parse::<i64>().map(ArticleId).map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "a story's id is a number"))
}

async fn answer(app: &App, id: ArticleId, status: StatusCode) -> Response {
    match app.store.story(id).await {
        Ok(Some(story)) => match api_story(app, &story).await {
            Ok(view) => (status, Json(view)).into_response(),
            Err(error) => error.into_response(),
        },
        Ok(None) => ApiError::new(StatusCode::NOT_FOUND, "no such story").into_response(),
        Err(error) => ApiError::from(error).into_response(),
    }
}

/// `POST /api/v1/stories`: a new draft in the token's service.
pub async fn create(State(app): State<AppState>, TokenHolder(token): TokenHolder, body: Bytes) -> Response {
    let body: StoryBody = match json_body(&body) {
        Ok(body) => body,
        Err(error) => return error.into_response(),
    };
    let Some(service) = body.service.clone() else {
        return ApiError {
            field: Some("service"),
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "name the story's service")
        }
        .into_response();
    };
    let fields = match body.fields(None) {
        Ok(fields) => fields,
        Err(error) => return error.into_response(),
    };
    match desk::create_story(app.store.as_ref(), Actor::Token(&token), &service, &fields, app.clock.now()).await {
        Ok(id) => answer(&app, id, StatusCode::CREATED).await,
        Err(DeskError::NoSuchService(code)) => ApiError {
            field: Some("service"),
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("there is no service {code:?}"))
        }
        .into_response(),
        Err(error) => desk_refusal(error),
    }
}

/// `GET /api/v1/stories/{id}`
pub async fn show(State(app): State<AppState>, TokenHolder(token): TokenHolder, Path(id): Path<String>) -> Response {
    let id = match story_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match app.store.story(id).await {
        Ok(Some(story)) if story.article.service_id == token.service_id => answer(&app, id, StatusCode::OK).await,
        Ok(_) => ApiError::new(StatusCode::NOT_FOUND, "no such story").into_response(),
        Err(error) => ApiError::from(error).into_response(),
    }
}

/// `PUT /api/v1/stories/{id}`: new fields, from the revision the tool started from.
pub async fn update(
    State(app): State<AppState>,
    TokenHolder(token): TokenHolder,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (id, body) = match (story_id(&id), json_body::<StoryBody>(&body)) {
        (Ok(id), Ok(body)) => (id, body),
        (Err(error), _) | (_, Err(error)) => return error.into_response(),
    };
    let Some(revision) = body.revision else {
        return ApiError {
            field: Some("revision"),
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "send the revision your change starts from")
        }
        .into_response();
    };
    let current = match app.store.story(id).await {
        Ok(Some(story)) => story,
        Ok(None) => return ApiError::new(StatusCode::NOT_FOUND, "no such story").into_response(),
        Err(error) => return ApiError::from(error).into_response(),
    };
    let fields = match body.fields(Some(&current.fields())) {
        Ok(fields) => fields,
        Err(error) => return error.into_response(),
    };
    match desk::save_story(app.store.as_ref(), Actor::Token(&token), id, revision, &fields, app.clock.now()).await {
        Ok(_) => answer(&app, id, StatusCode::OK).await,
        Err(error) => desk_refusal(error),
    }
}

/// Query of a photo upload.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PhotoQuery {
    caption: String,
    alt: String,
    credit: String,
    file_photo: Option<String>,
}

/// `POST /api/v1/stories/{id}/image?alt=…`: the body is the photo (JPEG, PNG or WebP).
pub async fn image(
    State(app): State<AppState>,
    TokenHolder(token): TokenHolder,
    Path(id): Path<String>,
    Query(query): Query<PhotoQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let id = match story_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    let kind = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !matches!(kind, "image/jpeg" | "image/png" | "image/webp") {
        return ApiError {
            code: Some("media-type"),
            ..ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "send the photo as image/jpeg, image/png or image/webp")
        }
        .into_response();
    }
    let file_photo = match query.file_photo.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            let why = "file_photo is true or false";
            return ApiError { field: Some("file_photo"), ..ApiError::new(StatusCode::BAD_REQUEST, why) }
                .into_response();
        }
    };
    let revision = match app.store.story(id).await {
        Ok(Some(story)) => story.revision,
        Ok(None) => return ApiError::new(StatusCode::NOT_FOUND, "no such story").into_response(),
        Err(error) => return ApiError::from(error).into_response(),
    };
    let words = PhotoWords { caption: query.caption, alt: query.alt, credit: query.credit, file_photo };
    let upload = desk::PhotoUpload { base_revision: revision, bytes: &body, words: &words };
    match desk::attach_photo(app.store.as_ref(), app.media.as_ref(), Actor::Token(&token), id, upload, app.clock.now())
        .await
    {
        Ok(_) => answer(&app, id, StatusCode::OK).await,
        Err(error) => desk_refusal(error),
    }
}

/// `{at}` of a publication (absent: now).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/stories/{id}/publish`: publishes now, or schedules (editor tokens).
pub async fn publish(
    State(app): State<AppState>,
    TokenHolder(token): TokenHolder,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let id = match story_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    let body: PublishBody = if body.is_empty() {
        PublishBody::default()
    } else {
        match json_body(&body) {
            Ok(body) => body,
            Err(error) => return error.into_response(),
        }
    };
    match desk::publish_story(app.store.as_ref(), Actor::Token(&token), id, body.at, app.clock.now()).await {
        Ok(()) => answer(&app, id, StatusCode::OK).await,
        Err(error) => desk_refusal(error),
    }
}

/// `{service}` of a translation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationBody {
    service: String,
}

/// `POST /api/v1/stories/{id}/translations`: a draft translation into a service.
pub async fn translate(
    State(app): State<AppState>,
    TokenHolder(token): TokenHolder,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (id, body) = match (story_id(&id), json_body::<TranslationBody>(&body)) {
        (Ok(id), Ok(body)) => (id, body),
        (Err(error), _) | (_, Err(error)) => return error.into_response(),
    };
    match desk::translate_story(app.store.as_ref(), Actor::Token(&token), id, &body.service, app.clock.now()).await {
        Ok(new) => answer(&app, new, StatusCode::CREATED).await,
        Err(error) => desk_refusal(error),
    }
}

/// `?status=S&limit=N` of the story list.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    status: Option<String>,
    limit: Option<u32>,
}

#[derive(Serialize)]
struct ListItem {
    id: i64,
    status: &'static str,
    slug: String,
    headline: String,
    modified_at: String,
}

/// `GET /api/v1/stories?status=S`: the token's service's stories, most recently changed first.
pub async fn list(
    State(app): State<AppState>,
    TokenHolder(token): TokenHolder,
    Query(query): Query<ListQuery>,
) -> Response {
    let status = match query.status.as_deref().map(str::parse::<StoryStatus>).transpose() {
        Ok(status) => status,
        Err(why) => {
            return ApiError { field: Some("status"), ..ApiError::new(StatusCode::BAD_REQUEST, why) }.into_response();
        }
    };
    let limit = match query.limit {
        None => 100,
        Some(limit @ 1..=500) => limit,
        Some(_) => {
            let why = "limit must be a whole number from 1 to 500";
            return ApiError { field: Some("limit"), ..ApiError::new(StatusCode::BAD_REQUEST, why) }.into_response();
        }
    };
    let filter = StoryFilter {
        services: Some(vec![token.service_id]),
        status,
        limit,
        now: app.clock.now(),
        ..StoryFilter::default()
    };
    match app.store.stories(&filter).await {
        Ok(stories) => Json(
            stories
                .into_iter()
                .map(|s| ListItem {
                    id: s.id.0,
                    status: s.status.as_str(),
                    slug: s.slug,
                    headline: s.headline,
                    modified_at: s.modified_at.to_rfc3339(),
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(error) => ApiError::from(error).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Sample {
        headline: String,
        credits: Vec<ApiCredit>,
        revision: Option<i64>,
    }

    fn refusal(body: &str) -> String {
        match json_body::<Sample>(&Bytes::from(body.to_owned())) {
            Ok(_) => panic!("{body} was taken"),
            Err(error) => match error.words {
                super::super::errors::Words::Plain(text) => text,
                other => panic!("{other:?}"),
            },
        }
    }

    #[test]
    fn json_errors_name_the_field_and_what_it_must_be() {
        assert_eq!(refusal(r#"{"headline": 5, "credits": []}"#), "headline must be a string");
        assert_eq!(refusal(r#"{"credits": []}"#), "headline is required");
        assert_eq!(refusal(r#"[1, 2]"#), "the body must be a JSON object, not an array");
        assert_eq!(refusal(r#"{"headline": "x", "credits": {}}"#), "credits must be a list");
        assert_eq!(
            refusal(r#"{"headline": "x", "credits": [], "revision": 1e40}"#),
            "revision must be a whole number in range"
        );
        assert!(refusal(r#"{"headline": "#).starts_with("the body is not valid JSON (line 1"));
    }
}
