//! The API's errors: always the documented JSON, `{error, field?, code?}`, whatever
//! answered (a handler, an extractor, the body-size limit or the router), and for the
//! readers' API in the language the request asks for (`Accept-Language`), else in the
//! language of the service its path names, else in English.

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fluent_bundle::FluentValue;
use serde::Serialize;

use crate::error::WebError;
use crate::state::App;

/// What an error says: a message of the catalogs with its arguments, or plain English (the
/// desk's API, which speaks the console's language).
#[derive(Debug, Clone)]
pub(super) enum Words {
    Message(&'static str, Vec<(&'static str, String)>),
    Plain(String),
}

/// An API error: a status and the documented JSON body.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub(super) status: StatusCode,
    pub(super) words: Words,
    pub(super) field: Option<&'static str>,
    pub(super) code: Option<&'static str>,
}

impl ApiError {
    /// An error in plain English.
    pub fn new(status: StatusCode, error: impl Into<String>) -> ApiError {
        ApiError { status, words: Words::Plain(error.into()), field: None, code: None }
    }

    /// An error in the reader's language: the message `api-error-{code}` of the catalogs,
    /// with `code` as its stable identifier.
    pub fn coded(status: StatusCode, code: &'static str) -> ApiError {
        ApiError { status, words: Words::Message(message_id(code), Vec::new()), field: None, code: Some(code) }
    }

    /// An error in the reader's language from any message of the catalogs.
    pub fn message(status: StatusCode, id: &'static str, code: &'static str) -> ApiError {
        ApiError { status, words: Words::Message(id, Vec::new()), field: None, code: Some(code) }
    }

    /// Adds an argument of the message.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> ApiError {
        if let Words::Message(_, args) = &mut self.words {
            args.push((name, value.to_string()));
        }
        self
    }

    /// Names the request field concerned.
    pub fn field(mut self, field: &'static str) -> ApiError {
        self.field = Some(field);
        self
    }

    /// Sets the stable identifier.
    pub fn code(mut self, code: &'static str) -> ApiError {
        self.code = Some(code);
        self
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

/// Every message of the catalogs an API error can say (for the catalogs' completeness test).
pub const MESSAGES: &[&str] = &[
    "api-error-no-article",
    "api-error-gone",
    "api-error-bad-request",
    "api-error-forbidden",
    "api-error-too-large",
    "api-error-too-many",
    "api-error-internal",
    "api-error-no-route",
    "api-error-method",
    "api-error-media-type",
    "api-error-json-syntax",
    "api-error-json-object",
    "api-error-json-array",
    "api-error-must-be-text",
    "api-error-must-be-number",
    "api-error-must-be-boolean",
    "api-error-page",
    "api-error-id",
    "api-error-token",
    "api-error-token-missing",
    "api-error-not-yours",
    "api-error-articles",
    "api-error-timeout",
];

/// The catalog message of an error code.
fn message_id(code: &'static str) -> &'static str {
    match code {
        "no-article" => "api-error-no-article",
        "gone" => "api-error-gone",
        "bad-request" => "api-error-bad-request",
        "forbidden" => "api-error-forbidden",
        "too-large" => "api-error-too-large",
        "too-many" => "api-error-too-many",
        "internal" => "api-error-internal",
        "no-route" => "api-error-no-route",
        "method-not-allowed" => "api-error-method",
        "unsupported-media-type" => "api-error-media-type",
        "invalid-json" => "api-error-json-syntax",
        "not-an-object" => "api-error-json-object",
        "invalid-page" => "api-error-page",
        "invalid-id" => "api-error-id",
        "invalid-token" => "api-error-token",
        "token-required" => "api-error-token-missing",
        "not-found" => "api-error-not-yours",
        "invalid-articles" => "api-error-articles",
        "timeout" => "api-error-timeout",
        _ => "api-error-bad-request",
    }
}

impl From<WebError> for ApiError {
    fn from(error: WebError) -> Self {
        match error {
            WebError::NotFound { .. } => ApiError::coded(StatusCode::NOT_FOUND, "no-article"),
            WebError::Gone { .. } => ApiError::coded(StatusCode::GONE, "gone"),
            WebError::BadRequest { .. } => ApiError::coded(StatusCode::BAD_REQUEST, "bad-request"),
            WebError::Forbidden { .. } => ApiError::coded(StatusCode::FORBIDDEN, "forbidden"),
            WebError::TooLarge { .. } => ApiError::coded(StatusCode::PAYLOAD_TOO_LARGE, "too-large"),
            WebError::TooMany { .. } => ApiError::coded(StatusCode::TOO_MANY_REQUESTS, "too-many"),
            WebError::Internal(detail) => {
                tracing::error!(%detail, "API request failed");
                ApiError::coded(StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }
}

impl From<dateline_core::store::StoreError> for ApiError {
    fn from(error: dateline_core::store::StoreError) -> Self {
        WebError::from(error).into()
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
}

impl IntoResponse for ApiError {
    /// The JSON in plain words; a message of the catalogs is put into words by [`finish`],
    /// which knows the request's language (until then the body holds the message's id).
    fn into_response(self) -> Response {
        let error = match &self.words {
            Words::Plain(text) => text.as_str(),
            Words::Message(id, _) => id,
        };
        let body = Body { error, field: self.field, code: self.code };
        let mut response = (self.status, Json(body)).into_response();
        if matches!(self.words, Words::Message(..)) {
            response.extensions_mut().insert(self);
        }
        response
    }
}

/// What [`finish`] needs to know of the request.
#[derive(Debug, Clone)]
pub struct Asked {
    path: String,
    accept_language: Option<String>,
    service: Option<String>,
    method: String,
}

impl Asked {
    /// The facts of a request to the API.
    pub fn of(request: &axum::extract::Request) -> Asked {
        let path = request.uri().path();
        Asked {
            path: path.to_owned(),
            accept_language: request
                .headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            service: path.strip_prefix("/api/v1/articles/").and_then(|rest| rest.split('/').next()).map(str::to_owned),
            method: request.method().to_string(),
        }
    }
}

/// The language of the API's answer: the one the request asks for, else its service's.
async fn language(app: &App, asked: &Asked) -> String {
    if let Some(language) = app.catalogs.negotiate(asked.accept_language.as_deref()) {
        return language.to_owned();
    }
    let services = app.services().await.map(|s| s.to_vec()).unwrap_or_default();
    asked
        .service
        .as_deref()
        .and_then(|code| services.into_iter().find(|s| s.code == code))
        .map_or_else(|| crate::i18n::FALLBACK_LANGUAGE.to_owned(), |s| s.language)
}

/// The middleware that passes every answer to `/api/` through [`finish`].
pub async fn api_errors(
    axum::extract::State(app): axum::extract::State<crate::state::AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let asked = Asked::of(&request);
    let response = next.run(request).await;
    finish(&app, &asked, response).await
}

/// Every answer of the API on its way out: a catalog message is put into words, and an
/// error that is not yet the documented JSON (the router's 405, the body limit's 413, a
/// bare status) becomes it, its headers (`Allow`) kept.
pub async fn finish(app: &App, asked: &Asked, response: Response) -> Response {
    let status = response.status();
    let error = match response.extensions().get::<ApiError>() {
        Some(error) => error.clone(),
        None if !(status.is_client_error() || status.is_server_error()) || is_json(response.headers()) => {
            return response;
        }
        None => of_status(app, status, response.headers(), asked),
    };
    let language = language(app, asked).await;
    let text = match &error.words {
        Words::Plain(text) => text.clone(),
        Words::Message(id, args) => {
            let args: Vec<(&str, FluentValue<'_>)> =
                args.iter().map(|(name, value)| (*name, FluentValue::from(value.as_str()))).collect();
            app.catalogs.text(&language, id, &args)
        }
    };
    let (mut parts, _) = response.into_parts();
    let body = serde_json::to_vec(&Body { error: &text, field: error.field, code: error.code }).unwrap_or_default();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    parts
        .headers
        .insert(header::CONTENT_LANGUAGE, HeaderValue::from_str(&language).unwrap_or(HeaderValue::from_static("en")));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body))
}

fn is_json(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"))
}

/// The error a bare status stands for.
fn of_status(app: &App, status: StatusCode, headers: &HeaderMap, asked: &Asked) -> ApiError {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = headers.get(header::ALLOW).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            ApiError::coded(status, "method-not-allowed").with("method", &asked.method).with("allowed", allowed)
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            let uploads = asked.path.ends_with("/image");
            let max = if uploads { app.site.max_upload_bytes } else { app.site.max_body_bytes };
            ApiError::coded(status, "too-large").with("max", max)
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::coded(status, "unsupported-media-type"),
        StatusCode::NOT_FOUND => ApiError::coded(status, "no-route"),
        StatusCode::REQUEST_TIMEOUT => ApiError::coded(status, "timeout"),
        StatusCode::TOO_MANY_REQUESTS => ApiError::coded(status, "too-many"),
        status if status.is_server_error() => ApiError::coded(status, "internal"),
        status => ApiError::coded(status, "bad-request"),
    }
}
