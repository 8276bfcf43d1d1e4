//! Signing in and out of the console, the second factor, and the first admin's setup.

use axum::Form;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Duration;
use dateline_core::audit::NewAuditEntry;
use dateline_core::auth::{self, NewUser, Role};
use dateline_core::comment::sha256_hex;
use dateline_core::store::NewSession;
use serde::{Deserialize, Serialize};

use super::session::{
    self, ACCOUNT_FAILURES, ADDRESS_FAILURES, Console, ConsoleError, LOCKOUT_WINDOW, check_csrf, random_token,
};
use crate::client;
use crate::state::{App, AppState};

#[derive(Serialize)]
struct LoginView<'a> {
    title: &'a str,
    flash: Option<String>,
    token: String,
    name: String,
    error: Option<&'a str>,
}

async fn login_token(app: &App) -> Result<String, ConsoleError> {
    Ok(client::sign(&app.form_key().await?, "login", app.clock.now()))
}

fn page(app: &App, template: &str, status: StatusCode, view: impl Serialize) -> Result<Response, ConsoleError> {
    let html = app.templates.render(template, view)?;
    Ok(super::no_store((status, Html(html)).into_response()))
}

async fn login_page(
    app: &App,
    status: StatusCode,
    name: String,
    error: Option<&str>,
) -> Result<Response, ConsoleError> {
    let view = LoginView { title: "Sign in", flash: None, token: login_token(app).await?, name, error };
    page(app, "admin/login.html", status, view)
}

/// `GET /admin/login`
pub async fn show_login(State(app): State<AppState>) -> Result<Response, ConsoleError> {
    login_page(&app, StatusCode::OK, String::new(), None).await
}

/// The login form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    name: String,
    password: String,
    login_token: String,
}

/// Verifies a password on the blocking pool, at most `App::hashing` at a time.
pub async fn verify_password(app: &App, password: String, hash: String) -> Result<bool, ConsoleError> {
    let _permit = app.hashing.acquire().await.map_err(|e| ConsoleError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .map_err(|e| ConsoleError::Internal(e.to_string()))
}

/// Hashes a password on the blocking pool, at most `App::hashing` at a time.
pub async fn hash_password(app: &App, password: String) -> Result<String, ConsoleError> {
    let _permit = app.hashing.acquire().await.map_err(|e| ConsoleError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| ConsoleError::Internal(e.to_string()))?
        .map_err(|e| ConsoleError::Internal(e.to_string()))
}

/// `POST /admin/login`: name and password; a new session on success.
pub async fn login(State(app): State<AppState>, request: Request) -> Result<Response, ConsoleError> {
    let address = client::client_address(&request, &app.site.trusted_proxies);
    let headers = request.headers().clone();
    let bytes = axum::body::to_bytes(request.into_body(), 16 * 1024).await.map_err(|_| ConsoleError::Forbidden)?;
    let form: LoginForm = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let now = app.clock.now();
    let key = app.form_key().await?;
    let fresh = client::verify(&key, "login", &form.login_token).is_some_and(|at| now - at < Duration::hours(1));
    if !fresh || !client::is_same_origin(&headers) {
        let error = "The sign-in form expired or did not come from this site. Please try again.";
        return login_page(&app, StatusCode::FORBIDDEN, form.name, Some(error)).await;
    }
    let (address_hash, _) = app.address_hashes(address, now).await?;
    let account_key = format!("account:{}", form.name.trim());
    let address_key = format!("address:{address_hash}");
    let since = now - LOCKOUT_WINDOW;
    if app.store.login_failures_since(&account_key, since).await? >= ACCOUNT_FAILURES
        || app.store.login_failures_since(&address_key, since).await? >= ADDRESS_FAILURES
    {
        let error = "Too many failed sign-ins. This account is locked for 15 minutes; try again later.";
        return login_page(&app, StatusCode::TOO_MANY_REQUESTS, form.name, Some(error)).await;
    }
    let user = app.store.user_by_name(form.name.trim()).await?;
    let hash = user.as_ref().map_or_else(|| auth::decoy_hash().to_owned(), |u| u.password_hash.clone());
    let matches = verify_password(&app, form.password.clone(), hash).await?;
    let Some(user) = user.filter(|u| matches && !u.disabled) else {
        app.store.record_login_failure(&account_key, now).await?;
        app.store.record_login_failure(&address_key, now).await?;
        app.store
            .append_audit(
                &NewAuditEntry::new(form.name.trim(), "user.login-failed", format!("user:{}", form.name.trim())),
                now,
            )
            .await?;
        return login_page(&app, StatusCode::UNAUTHORIZED, form.name, Some("Wrong name or password.")).await;
    };
    app.store.clear_login_failures(&account_key).await?;
    // A new session id at every login: a session id known before login is worthless after.
    if let Some(old) = client::cookie(&headers, session::SESSION_COOKIE) {
        app.store.delete_session(&sha256_hex(old)).await?;
    }
    let id = random_token();
    let second_factor_due = user.totp_secret.is_some();
    app.store
        .create_session(
            &NewSession { id_hash: sha256_hex(&id), user_id: user.id, csrf_token: random_token(), second_factor_due },
            now,
        )
        .await?;
    app.store.append_audit(&NewAuditEntry::new(&user.name, "user.login", format!("user:{}", user.name)), now).await?;
    let target = if second_factor_due { "/admin/login/second-factor" } else { "/admin" };
    let mut response = Redirect::to(target).into_response();
    set_cookie(&mut response, &session::session_cookie(&id, app.site.secure_cookies))?;
    Ok(super::no_store(response))
}

fn set_cookie(response: &mut Response, value: &str) -> Result<(), ConsoleError> {
    let value = HeaderValue::from_str(value).map_err(|e| ConsoleError::Internal(e.to_string()))?;
    response.headers_mut().append(header::SET_COOKIE, value);
    Ok(())
}

#[derive(Serialize)]
struct SecondFactorView<'a> {
    title: &'a str,
    flash: Option<String>,
    csrf: String,
    error: Option<&'a str>,
}

/// `GET /admin/login/second-factor`
pub async fn show_second_factor(State(app): State<AppState>, request: Request) -> Result<Response, ConsoleError> {
    let (parts, _) = request.into_parts();
    let Some(session) = session::current_session(&app, &parts).await.map_err(ConsoleError::Internal)? else {
        return Ok(Redirect::to("/admin/login").into_response());
    };
    let view = SecondFactorView { title: "Second factor", flash: None, csrf: session.csrf_token, error: None };
    page(&app, "admin/second_factor.html", StatusCode::OK, view)
}

/// The second-factor form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SecondFactorForm {
    code: String,
    csrf: String,
}

/// `POST /admin/login/second-factor`: a TOTP code or a recovery code.
pub async fn second_factor(State(app): State<AppState>, request: Request) -> Result<Response, ConsoleError> {
    let (parts, body) = request.into_parts();
    let Some(session) = session::current_session(&app, &parts).await.map_err(ConsoleError::Internal)? else {
        return Ok(Redirect::to("/admin/login").into_response());
    };
    let bytes = axum::body::to_bytes(body, 4096).await.map_err(|_| ConsoleError::Forbidden)?;
    let form: SecondFactorForm = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    if !session::constant_time_eq(&session.csrf_token, &form.csrf) {
        return Err(ConsoleError::BadCsrf);
    }
    let now = app.clock.now();
    let user = &session.user;
    let account_key = format!("account:{}", user.name);
    if app.store.login_failures_since(&account_key, now - LOCKOUT_WINDOW).await? >= ACCOUNT_FAILURES {
        app.store.delete_session(&session.id_hash).await?;
        return login_page(
            &app,
            StatusCode::TOO_MANY_REQUESTS,
            user.name.clone(),
            Some("Too many failed sign-ins. Try again in 15 minutes."),
        )
        .await;
    }
    let code = form.code.trim().to_lowercase();
    let by_app = user.totp_secret.as_deref().is_some_and(|secret| auth::verify_totp(secret, &code, now));
    let by_recovery = !by_app && app.store.use_recovery_code(user.id, &sha256_hex(&code), now).await?;
    if !(by_app || by_recovery) {
        app.store.record_login_failure(&account_key, now).await?;
        let view = SecondFactorView {
            title: "Second factor",
            flash: None,
            csrf: session.csrf_token,
            error: Some("That code is not valid. Try the current code from your app, or a recovery code."),
        };
        return page(&app, "admin/second_factor.html", StatusCode::UNAUTHORIZED, view);
    }
    app.store.touch_session(&session.id_hash, now, true).await?;
    app.store.clear_login_failures(&account_key).await?;
    let action = if by_recovery { "user.second-factor-recovery-code" } else { "user.second-factor" };
    app.store.append_audit(&NewAuditEntry::new(&user.name, action, format!("user:{}", user.name)), now).await?;
    Ok(Redirect::to("/admin").into_response())
}

/// A form that carries only the CSRF token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfForm {
    /// The session's CSRF token.
    pub csrf: String,
}

/// `POST /admin/logout`
pub async fn logout(
    State(app): State<AppState>,
    console: Console,
    Form(form): Form<CsrfForm>,
) -> Result<Response, ConsoleError> {
    check_csrf(&console, &form.csrf)?;
    app.store.delete_session(&console.session_hash).await?;
    let now = app.clock.now();
    app.store
        .append_audit(
            &NewAuditEntry::new(&console.user.name, "user.logout", format!("user:{}", console.user.name)),
            now,
        )
        .await?;
    let mut response = Redirect::to("/admin/login").into_response();
    set_cookie(&mut response, &session::clear_session_cookie(app.site.secure_cookies))?;
    Ok(response)
}

/// The one-time token of the first admin's setup link, valid while no admin exists.
pub async fn setup_token(app: &App) -> Result<Option<String>, ConsoleError> {
    let users = app.store.users().await?;
    if users.iter().any(|u| u.role == Role::Admin && !u.disabled) {
        return Ok(None);
    }
    Ok(Some(sha256_hex(&format!("{}:admin-setup", app.form_key().await?))))
}

/// Query of the setup page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SetupQuery {
    token: String,
}

#[derive(Serialize)]
struct SetupView<'a> {
    title: &'a str,
    flash: Option<String>,
    token: String,
    name: String,
    error: Option<String>,
}

/// `GET /admin/setup?token=…`: the form creating the first admin.
pub async fn show_setup(
    State(app): State<AppState>,
    Query(query): Query<SetupQuery>,
) -> Result<Response, ConsoleError> {
    let expected = setup_token(&app).await?.ok_or(ConsoleError::NotFound)?;
    if !session::constant_time_eq(&expected, &query.token) {
        return Err(ConsoleError::NotFound);
    }
    page(
        &app,
        "admin/setup.html",
        StatusCode::OK,
        SetupView {
            title: "Create the first admin",
            flash: None,
            token: query.token,
            name: String::new(),
            error: None,
        },
    )
}

/// The setup form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SetupForm {
    token: String,
    name: String,
    password: String,
    password_again: String,
}

/// `POST /admin/setup`: creates the first admin; the link then stops working.
pub async fn setup(
    State(app): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SetupForm>,
) -> Result<Response, ConsoleError> {
    let expected = setup_token(&app).await?.ok_or(ConsoleError::NotFound)?;
    if !session::constant_time_eq(&expected, &form.token) || !client::is_same_origin(&headers) {
        return Err(ConsoleError::Forbidden);
    }
    let name = form.name.trim().to_owned();
    let problem = auth::validate_user_name(&name)
        .and_then(|()| auth::validate_password(&form.password))
        .err()
        .map(|e| e.to_string())
        .or_else(|| (form.password != form.password_again).then(|| "the two passwords differ".to_owned()));
    if let Some(error) = problem {
        let view =
            SetupView { title: "Create the first admin", flash: None, token: form.token, name, error: Some(error) };
        return page(&app, "admin/setup.html", StatusCode::UNPROCESSABLE_ENTITY, view);
    }
    let password_hash = hash_password(&app, form.password).await?;
    let now = app.clock.now();
    let audit = NewAuditEntry::new("setup", "user.add", format!("user:{name}"))
        .change(serde_json::json!(null), serde_json::json!({ "role": "admin" }));
    let new = NewUser { name, role: Role::Admin, services: Vec::new(), password_hash };
    match app.store.create_user(&new, now, &audit).await {
        Ok(_) => Ok(Redirect::to("/admin/login").into_response()),
        Err(dateline_core::store::StoreError::Conflict(_)) => {
            let view = SetupView {
                title: "Create the first admin",
                flash: None,
                token: form.token,
                name: new.name,
                error: Some("that name is taken".into()),
            };
            page(&app, "admin/setup.html", StatusCode::CONFLICT, view)
        }
        Err(error) => Err(error.into()),
    }
}
