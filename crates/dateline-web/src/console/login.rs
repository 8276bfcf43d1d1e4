//! Signing in and out of the console, with the second factor.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::accounts::{self, SecondFactor, SignIn, SignInAttempt};
use dateline_core::comments::sha256_hex;
use dateline_core::store::{NewSession, Session};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::extract::{self, Console, ConsoleError, CsrfForm, NoFields, random_token};
use crate::client::{self, Caller};
use crate::state::{App, AppState};
use crate::tokens::{self, TokenPurpose};

/// A page outside the signed-in console (sign-in, second factor, setup), never stored.
pub(super) fn page(
    app: &App,
    template: &str,
    status: StatusCode,
    view: impl Serialize,
) -> Result<Response, ConsoleError> {
    let html = app.templates.render(template, view)?;
    Ok(super::no_store((status, Html(html)).into_response()))
}

/// Reads a small URL-encoded form; what cannot be read is an empty form (which no check
/// passes), so a garbled request is refused like a forged one.
pub(super) async fn small_form<T: DeserializeOwned + Default>(body: axum::body::Body) -> T {
    match axum::body::to_bytes(body, 16 * 1024).await {
        Ok(bytes) => serde_urlencoded::from_bytes(&bytes).unwrap_or_default(),
        Err(_) => T::default(),
    }
}

pub(super) fn set_cookie(response: &mut Response, value: &str) -> Result<(), ConsoleError> {
    let value = HeaderValue::from_str(value).map_err(|e| ConsoleError::Internal(e.to_string()))?;
    response.headers_mut().append(header::SET_COOKIE, value);
    Ok(())
}

#[derive(Serialize)]
struct LoginView<'a> {
    title: &'a str,
    flash: Option<String>,
    token: String,
    name: String,
    error: Option<&'a str>,
}

async fn login_page(
    app: &App,
    status: StatusCode,
    name: String,
    error: Option<&str>,
) -> Result<Response, ConsoleError> {
    let token = tokens::sign(&app.form_key().await?, TokenPurpose::Login, app.clock.now());
    let view = LoginView { title: "Sign in", flash: None, token, name, error };
    page(app, "console/login.html", status, view)
}

/// `?kept=1`: the sign-in page after a story form was kept for its writer.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginQuery {
    kept: Option<String>,
}

/// The console of a user who has just signed in.
fn signed_in_console(
    app: &App,
    headers: &axum::http::HeaderMap,
    user: dateline_core::accounts::User,
    csrf: String,
    session_hash: String,
) -> Console {
    let accept = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let language = super::render::console_language(app, user.console_language.as_deref(), accept);
    Console { user, csrf, session_hash, language }
}

/// `GET /admin/login`
pub async fn show_login(
    State(app): State<AppState>,
    headers: axum::http::HeaderMap,
    axum::extract::Query(query): axum::extract::Query<LoginQuery>,
) -> Result<Response, ConsoleError> {
    let token = tokens::sign(&app.form_key().await?, TokenPurpose::Login, app.clock.now());
    let accept = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let language = super::render::console_language(&app, None, accept);
    let flash = query.kept.map(|_| super::render::text(&app, &language, "desk-kept-form"));
    let view = LoginView { title: "Sign in", flash, token, name: String::new(), error: None };
    page(&app, "console/login.html", StatusCode::OK, view)
}

/// Where a completed sign-in lands: the form this browser had kept, saved now; else the
/// dashboard. The answer forgets the kept form's cookie.
async fn signed_in(app: &App, headers: &axum::http::HeaderMap, console: &Console) -> Result<Response, ConsoleError> {
    let mut response = match super::kept_forms::saved_kept_form(app, headers, console).await? {
        Some(response) => response,
        None => return Ok(Redirect::to("/admin").into_response()),
    };
    set_cookie(&mut response, &super::kept_forms::clear_kept_cookie(app.site.cookies_secure()))?;
    Ok(response)
}

/// The login form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    name: String,
    password: String,
    login_token: String,
}

/// `POST /admin/login`: name and password; a new session on success (its second factor
/// due if the account has one).
pub async fn login(State(app): State<AppState>, caller: Caller, request: Request) -> Result<Response, ConsoleError> {
    let (parts, body) = request.into_parts();
    let form: LoginForm = small_form(body).await;
    let now = app.clock.now();
    let key = app.form_key().await?;
    let fresh = tokens::verify(&key, TokenPurpose::Login, &form.login_token, now).is_some();
    if !fresh || !caller.same_origin {
        let error = "The sign-in form expired or did not come from this site. Please try again.";
        return login_page(&app, StatusCode::FORBIDDEN, form.name, Some(error)).await;
    }
    let (address_hash, _) = app.address_hashes(caller.address, now).await?;
    let attempt =
        SignInAttempt { name: &form.name, password: &form.password, address_hash: &address_hash, digest_key: &key };
    let user = match accounts::sign_in(app.store.as_ref(), app.as_ref(), attempt, now).await? {
        SignIn::PasswordRight(user) => user,
        SignIn::Wrong => {
            return login_page(&app, StatusCode::UNAUTHORIZED, form.name, Some("Wrong name or password.")).await;
        }
        SignIn::Locked(_) => {
            let error =
                "Too many failed sign-ins. This account is locked for 15 minutes on this connection; try again later.";
            return login_page(&app, StatusCode::TOO_MANY_REQUESTS, form.name, Some(error)).await;
        }
    };
    // A new session id at every sign-in: a session id known before is worthless after.
    if let Some(old) = client::cookie(&parts.headers, extract::SESSION_COOKIE) {
        app.store.delete_session(&sha256_hex(old)).await?;
    }
    let id = random_token();
    let second_factor_due = user.totp_secret.is_some();
    let session =
        NewSession { id_hash: sha256_hex(&id), user_id: user.id, csrf_token: random_token(), second_factor_due };
    app.store.create_session(&session, now).await?;
    let mut response = if second_factor_due {
        Redirect::to("/admin/login/second-factor").into_response()
    } else {
        let console = signed_in_console(&app, &parts.headers, user, session.csrf_token, session.id_hash);
        signed_in(&app, &parts.headers, &console).await?
    };
    set_cookie(&mut response, &extract::session_cookie(&id, app.site.cookies_secure()))?;
    Ok(super::no_store(response))
}

#[derive(Serialize)]
struct SecondFactorView<'a> {
    title: &'a str,
    flash: Option<String>,
    csrf: String,
    error: Option<&'a str>,
}

/// The session of a request whose password is done, second factor or not.
async fn password_session(app: &AppState, parts: &axum::http::request::Parts) -> Result<Option<Session>, ConsoleError> {
    extract::current_session(app, parts).await.map_err(ConsoleError::Internal)
}

/// `GET /admin/login/second-factor`
pub async fn show_second_factor(State(app): State<AppState>, request: Request) -> Result<Response, ConsoleError> {
    let (parts, _) = request.into_parts();
    let Some(session) = password_session(&app, &parts).await? else {
        return Ok(Redirect::to("/admin/login").into_response());
    };
    let view = SecondFactorView { title: "Second factor", flash: None, csrf: session.csrf_token, error: None };
    page(&app, "console/second_factor.html", StatusCode::OK, view)
}

/// The second-factor form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SecondFactorForm {
    code: String,
    csrf: String,
}

/// `POST /admin/login/second-factor`: a TOTP code or a recovery code completes the sign-in.
pub async fn second_factor(
    State(app): State<AppState>,
    caller: Caller,
    request: Request,
) -> Result<Response, ConsoleError> {
    let (parts, body) = request.into_parts();
    let Some(session) = password_session(&app, &parts).await? else {
        return Ok(Redirect::to("/admin/login").into_response());
    };
    let form: SecondFactorForm = small_form(body).await;
    if !extract::constant_time_eq(&session.csrf_token, &form.csrf) {
        return Err(ConsoleError::BadCsrf);
    }
    let now = app.clock.now();
    let user = &session.user;
    let (address_hash, _) = app.address_hashes(caller.address, now).await?;
    match accounts::second_factor(app.store.as_ref(), user, &form.code, &address_hash, now).await? {
        SecondFactor::Done { .. } => {
            app.store.touch_session(&session.id_hash, now, true).await?;
            let console = signed_in_console(
                &app,
                &parts.headers,
                session.user.clone(),
                session.csrf_token.clone(),
                session.id_hash,
            );
            signed_in(&app, &parts.headers, &console).await
        }
        SecondFactor::Wrong => {
            let view = SecondFactorView {
                title: "Second factor",
                flash: None,
                csrf: session.csrf_token,
                error: Some("That code is not valid. Try the current code from your app, or a recovery code."),
            };
            page(&app, "console/second_factor.html", StatusCode::UNAUTHORIZED, view)
        }
        SecondFactor::Locked => {
            app.store.delete_session(&session.id_hash).await?;
            let error = "Too many wrong codes. Signing in to this account is blocked for 15 minutes.";
            login_page(&app, StatusCode::TOO_MANY_REQUESTS, user.name.clone(), Some(error)).await
        }
    }
}

/// `POST /admin/logout`
pub async fn logout(
    State(app): State<AppState>,
    console: Console,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, ConsoleError> {
    accounts::sign_out(app.store.as_ref(), &console.user, &console.session_hash, app.clock.now()).await?;
    let mut response = Redirect::to("/admin/login").into_response();
    set_cookie(&mut response, &extract::clear_session_cookie(app.site.cookies_secure()))?;
    Ok(response)
}
