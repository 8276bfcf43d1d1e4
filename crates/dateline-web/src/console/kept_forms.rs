//! Nothing is lost when a session ends while someone writes: a story form sent without a
//! session is kept (see [`dateline_core::desk::stash`]) behind a cookie of the writer's
//! browser, and saved as soon as they have signed in again.

use axum::extract::{OriginalUri, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use dateline_core::comments::sha256_hex;
use dateline_core::desk::stash::{self, StashedForm};

use super::extract::{self, Console, ConsoleError, random_token};
use crate::client::Caller;
use crate::state::{App, AppState};

/// The cookie that names a browser's kept form.
pub const KEPT_FORM_COOKIE: &str = "dateline_kept_form";

fn kept_cookie(id: &str, secure: bool) -> String {
    format!(
        "{KEPT_FORM_COOKIE}={id}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={}{}",
        stash::STASH_LIFETIME.num_seconds(),
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that forgets a kept form.
pub fn clear_kept_cookie(secure: bool) -> String {
    format!(
        "{KEPT_FORM_COOKIE}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Middleware on the console: a story form (`POST /admin/stories`, `POST
/// /admin/stories/{id}`) sent from this site without a session is kept, and its writer sent
/// to sign in again (`/admin/login?kept=1`). Anything else goes on to its handler.
pub async fn keep_forms_of_ended_sessions(
    State(app): State<AppState>,
    OriginalUri(uri): OriginalUri,
    caller: Caller,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST || !stash::is_kept_path(uri.path()) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let signed_in = match extract::current_session(&app, &parts).await {
        Ok(session) => session.is_some_and(|s| !s.second_factor_due),
        // The handler reports a store that fails.
        Err(_) => true,
    };
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    // Only a form from this site is kept: another site cannot leave text to be saved under
    // someone's name when they sign in.
    if signed_in || !is_form || !caller.same_origin {
        return next.run(Request::from_parts(parts, body)).await;
    }
    match keep(&app, uri.path(), body).await {
        Ok(Some(id)) => {
            let mut response = Redirect::to("/admin/login?kept=1").into_response();
            if let Ok(value) = kept_cookie(&id, app.site.cookies_secure()).parse() {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            super::no_store(response)
        }
        Ok(None) => Redirect::to("/admin/login").into_response(),
        Err(error) => error.into_response(),
    }
}

/// Keeps a form's fields (without its stale CSRF token); the cookie's id, or `None` if the
/// store keeps too many already.
async fn keep(app: &App, path: &str, body: axum::body::Body) -> Result<Option<String>, ConsoleError> {
    let bytes = axum::body::to_bytes(body, app.site.max_body_bytes)
        .await
        .map_err(|_| ConsoleError::BadRequest("the form is larger than this site accepts".into()))?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let kept: Vec<(String, String)> = pairs.into_iter().filter(|(name, _)| name != "csrf").collect();
    let form = StashedForm {
        path: path.to_owned(),
        body: serde_urlencoded::to_string(&kept).map_err(|e| ConsoleError::Internal(e.to_string()))?,
    };
    let id = random_token();
    let kept = stash::keep_form(app.store.as_ref(), &sha256_hex(&id), &form, app.clock.now()).await?;
    Ok(kept.then_some(id))
}

/// After a sign-in: the answer to the form this browser had kept, saved now as the signed-in
/// user (a new story, or a save of the story's editor: its other actions wait for them to
/// press them again); `None` if there is none.
pub async fn saved_kept_form(
    app: &App,
    headers: &axum::http::HeaderMap,
    console: &Console,
) -> Result<Option<Response>, ConsoleError> {
    let Some(id) = crate::client::cookie(headers, KEPT_FORM_COOKIE).filter(|id| id.len() == 64) else {
        return Ok(None);
    };
    let Some(form) = stash::take_form(app.store.as_ref(), &sha256_hex(id), app.clock.now()).await? else {
        return Ok(None);
    };
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(&form.body).unwrap_or_default();
    let response = match form.path.strip_prefix("/admin/stories/") {
        Some(id) => {
            let id = dateline_core::articles::ArticleId(id.parse().map_err(|_| ConsoleError::NotFound)?);
            let action = pairs.iter().find(|(name, _)| name == "action").map(|(_, value)| value.clone());
            if !matches!(action.as_deref(), Some("save" | "correct")) {
                pairs.retain(|(name, _)| name != "action");
                pairs.push(("action".into(), "save".into()));
            }
            super::editor::act_with(app, console, id, &pairs).await
        }
        None => {
            pairs.retain(|(name, _)| name != "action");
            pairs.push(("action".into(), "create".into()));
            super::stories::create_with(app, console, &pairs).await
        }
    };
    Ok(Some(response.unwrap_or_else(IntoResponse::into_response)))
}
