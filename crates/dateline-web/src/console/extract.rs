//! Who is asking in the console: the signed-in user of a request ([`Console`]), the roles
//! a page needs ([`Moderator`], [`Admin`]), and forms whose CSRF token matched the
//! session's ([`CsrfForm`]). Handlers state what they need in their arguments; no handler
//! repeats the checks.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use dateline_core::accounts::User;
use dateline_core::comments::sha256_hex;
use dateline_core::store::Session;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::client::cookie;
use crate::state::AppState;

/// Name of the console's session cookie.
pub const SESSION_COOKIE: &str = "dateline_session";
/// A session ends after this long without a request.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// A session ends this long after login, however active.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);

/// A random token of 32 bytes, hex.
pub fn random_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// The `Set-Cookie` value of a new session.
pub fn session_cookie(id: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={id}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={}{}",
        ABSOLUTE_TIMEOUT.num_seconds(),
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Whether a session has timed out at `now`.
pub fn expired(session: &Session, now: DateTime<Utc>) -> bool {
    now - session.last_seen_at > IDLE_TIMEOUT || now - session.created_at > ABSOLUTE_TIMEOUT
}

/// Compares two strings in time that does not depend on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The signed-in console user of a request (with the second factor done, if they have one).
#[derive(Debug, Clone)]
pub struct Console {
    /// The user.
    pub user: User,
    /// The session's CSRF token.
    pub csrf: String,
    /// SHA-256 of the session id.
    pub session_hash: String,
    /// The language of the console's own text: the user's choice, else the browser's,
    /// else English (see [`super::render::console_language`]).
    pub language: String,
}

/// A console user who moderates (a moderator or an admin).
#[derive(Debug, Clone)]
pub struct Moderator(pub Console);

/// A console user who administers the newsroom.
#[derive(Debug, Clone)]
pub struct Admin(pub Console);

/// A console user who works on the desk (a reporter, translator, editor or admin).
#[derive(Debug, Clone)]
pub struct Desk(pub Console);

/// Why a console request has no usable session.
#[derive(Debug)]
pub enum NotSignedIn {
    /// No (valid) session: go to the login page.
    Login,
    /// Password done, second factor due.
    SecondFactor,
    /// The store failed.
    Failed(String),
}

impl IntoResponse for NotSignedIn {
    fn into_response(self) -> Response {
        match self {
            NotSignedIn::Login => Redirect::to("/admin/login").into_response(),
            NotSignedIn::SecondFactor => Redirect::to("/admin/login/second-factor").into_response(),
            NotSignedIn::Failed(detail) => crate::error::WebError::Internal(detail).into_response(),
        }
    }
}

/// Finds the session of a request, whatever the state of its second factor.
pub async fn current_session(app: &AppState, parts: &Parts) -> Result<Option<Session>, String> {
    let Some(id) = cookie(&parts.headers, SESSION_COOKIE).filter(|id| id.len() == 64) else { return Ok(None) };
    let hash = sha256_hex(id);
    let session = app.store.session(&hash).await.map_err(|e| e.to_string())?;
    let now = app.clock.now();
    match session {
        Some(session) if session.user.disabled || expired(&session, now) => {
            app.store.delete_session(&hash).await.map_err(|e| e.to_string())?;
            Ok(None)
        }
        Some(session) => {
            // Record activity for the idle timeout, at most once a minute.
            if now - session.last_seen_at > Duration::minutes(1) {
                app.store.touch_session(&hash, now, false).await.map_err(|e| e.to_string())?;
            }
            Ok(Some(session))
        }
        None => Ok(None),
    }
}

impl FromRequestParts<AppState> for Console {
    type Rejection = NotSignedIn;

    /// The session is looked up once per request: later extractors (a [`CsrfForm`]) find it
    /// in the request's extensions.
    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(console) = parts.extensions.get::<Console>() {
            return Ok(console.clone());
        }
        let session = current_session(app, parts).await.map_err(NotSignedIn::Failed)?.ok_or(NotSignedIn::Login)?;
        if session.second_factor_due {
            return Err(NotSignedIn::SecondFactor);
        }
        let accept = parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        let language = super::render::console_language(app, session.user.console_language.as_deref(), accept);
        let console = Console { user: session.user, csrf: session.csrf_token, session_hash: session.id_hash, language };
        parts.extensions.insert(console.clone());
        Ok(console)
    }
}

/// A console request refused before its handler: not signed in, or a role that does not
/// allow the page.
#[derive(Debug)]
pub enum Refused {
    /// Not signed in.
    NotSignedIn(NotSignedIn),
    /// Signed in, with a role that does not allow this.
    Role,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::NotSignedIn(not) => not.into_response(),
            Refused::Role => ConsoleError::Forbidden.into_response(),
        }
    }
}

impl FromRequestParts<AppState> for Moderator {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let console = Console::from_request_parts(parts, app).await.map_err(Refused::NotSignedIn)?;
        if console.user.is_moderator() { Ok(Moderator(console)) } else { Err(Refused::Role) }
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let console = Console::from_request_parts(parts, app).await.map_err(Refused::NotSignedIn)?;
        if console.user.is_admin() { Ok(Admin(console)) } else { Err(Refused::Role) }
    }
}

/// The fields of a form that carries nothing but its CSRF token.
#[derive(Debug, Default, Deserialize)]
pub struct NoFields {}

impl FromRequestParts<AppState> for Desk {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let console = Console::from_request_parts(parts, app).await.map_err(Refused::NotSignedIn)?;
        let actor = dateline_core::accounts::Actor::User(&console.user);
        if dateline_core::desk::works_on_desk(actor) { Ok(Desk(console)) } else { Err(Refused::Role) }
    }
}

/// A console form (URL-encoded) whose `csrf` field matched the session's token. The
/// session comes from the handler's [`Console`], [`Moderator`] or [`Admin`] argument, which
/// must come before this one.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfField {
    csrf: String,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, app: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let console = Console::from_request_parts(&mut parts, app).await.map_err(IntoResponse::into_response)?;
        let form_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        if !form_type.starts_with("application/x-www-form-urlencoded") {
            return Err(StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response());
        }
        let bytes = axum::body::to_bytes(body, app.site.max_body_bytes)
            .await
            .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
        let sent: CsrfField = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        if !constant_time_eq(&console.csrf, &sent.csrf) {
            return Err(ConsoleError::BadCsrf.into_response());
        }
        serde_urlencoded::from_bytes(&bytes).map(CsrfForm).map_err(|error| {
            (StatusCode::UNPROCESSABLE_ENTITY, format!("The form cannot be read: {error}")).into_response()
        })
    }
}

/// A refusal inside the console.
#[derive(Debug)]
pub enum ConsoleError {
    /// The user's role does not allow this (403).
    Forbidden,
    /// The form's CSRF token is missing or wrong (403).
    BadCsrf,
    /// No such thing (404).
    NotFound,
    /// The request cannot be read (400), with why.
    BadRequest(String),
    /// Something failed on our side.
    Internal(String),
}

impl From<dateline_core::store::StoreError> for ConsoleError {
    fn from(error: dateline_core::store::StoreError) -> Self {
        ConsoleError::Internal(error.to_string())
    }
}

impl From<dateline_core::accounts::AccountError> for ConsoleError {
    /// For the failures a handler does not answer itself: a refusal of the role, or ours.
    fn from(error: dateline_core::accounts::AccountError) -> Self {
        match error {
            dateline_core::accounts::AccountError::Forbidden => ConsoleError::Forbidden,
            other => ConsoleError::Internal(other.to_string()),
        }
    }
}

impl From<dateline_core::services::ServiceChangeError> for ConsoleError {
    /// For the failures a handler does not answer itself.
    fn from(error: dateline_core::services::ServiceChangeError) -> Self {
        use dateline_core::services::ServiceChangeError;
        match error {
            ServiceChangeError::Forbidden => ConsoleError::Forbidden,
            ServiceChangeError::NoSuchService(_) => ConsoleError::NotFound,
            other => ConsoleError::Internal(other.to_string()),
        }
    }
}

impl From<crate::templates::RenderError> for ConsoleError {
    fn from(error: crate::templates::RenderError) -> Self {
        ConsoleError::Internal(error.to_string())
    }
}

impl From<crate::error::WebError> for ConsoleError {
    fn from(error: crate::error::WebError) -> Self {
        match error {
            crate::error::WebError::NotFound { .. } | crate::error::WebError::Gone { .. } => ConsoleError::NotFound,
            crate::error::WebError::Forbidden { .. } => ConsoleError::Forbidden,
            other => ConsoleError::Internal(format!("{other:?}")),
        }
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        let (status, text) = match self {
            ConsoleError::Forbidden => (StatusCode::FORBIDDEN, "Your role does not allow this."),
            ConsoleError::BadCsrf => (
                StatusCode::FORBIDDEN,
                "This form has expired or did not come from the console. Go back, reload the page and try again.",
            ),
            ConsoleError::NotFound => (StatusCode::NOT_FOUND, "There is nothing here."),
            ConsoleError::BadRequest(why) => {
                let mut response = (StatusCode::BAD_REQUEST, why).into_response();
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
                return response;
            }
            ConsoleError::Internal(detail) => {
                tracing::error!(%detail, "console request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong; it has been logged. Please try again.")
            }
        };
        let mut response = (status, text).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        response
    }
}
