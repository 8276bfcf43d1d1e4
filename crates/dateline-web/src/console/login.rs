//! Signing in and out of the console, the second factor, and the first admin's setup.

use axum::Form;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use dateline_core::audit::NewAuditEntry;
use dateline_core::auth::{self, NewUser, Role, User};
use dateline_core::comment::sha256_hex;
use dateline_core::store::NewSession;
use serde::{Deserialize, Serialize};

use super::session::{self, Console, ConsoleError, check_csrf, random_token};
use crate::client::{self, Caller};
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

/// Records an attempt under each key before anything is checked, and counts them: a
/// burst of concurrent attempts is counted whole (see [`auth::SignInCounts`]).
async fn record_attempts(
    app: &App,
    keys: &auth::SignInKeys,
    now: DateTime<Utc>,
) -> Result<(Vec<i64>, auth::SignInCounts), ConsoleError> {
    let mut ids = Vec::with_capacity(3);
    for key in keys.all() {
        ids.push(app.store.record_attempt(key, now).await?);
    }
    let since = now - auth::LOCKOUT_WINDOW;
    let counts = auth::SignInCounts {
        pair: app.store.attempts_since(&keys.pair, since).await?,
        address: app.store.attempts_since(&keys.address, since).await?,
        account: app.store.attempts_since(&keys.account, since).await?,
    };
    Ok((ids, counts))
}

/// The audit entry of a failed sign-in: by the account's own name where the name is an
/// account, otherwise a short keyed digest of what was typed (it may be a password typed
/// into the wrong field, and the log keeps entries forever).
async fn failed_sign_in_entry(app: &App, typed: &str, user: Option<&User>) -> Result<NewAuditEntry, ConsoleError> {
    Ok(match user {
        Some(user) => NewAuditEntry::new(&user.name, "user.login-failed", format!("user:{}", user.name)),
        None => {
            // A short keyed digest: enough to see the same name tried again, too short to
            // confirm a guessed password.
            let digest =
                client::sign(&app.form_key().await?, &format!("typed-name:{}", typed.trim()), DateTime::UNIX_EPOCH);
            let short = &digest[digest.len().saturating_sub(8)..];
            NewAuditEntry::new("unknown", "user.login-failed", "user:?")
                .change(serde_json::Value::Null, serde_json::json!({ "typed_name": format!("digest:{short}") }))
        }
    })
}

/// `POST /admin/login`: name and password; a new session on success.
pub async fn login(State(app): State<AppState>, caller: Caller, request: Request) -> Result<Response, ConsoleError> {
    let headers = request.headers().clone();
    let bytes = axum::body::to_bytes(request.into_body(), 16 * 1024).await.map_err(|_| ConsoleError::Forbidden)?;
    let form: LoginForm = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let now = app.clock.now();
    let key = app.form_key().await?;
    let fresh = client::verify(&key, "login", &form.login_token).is_some_and(|at| now - at < Duration::hours(1));
    if !fresh || !caller.same_origin {
        let error = "The sign-in form expired or did not come from this site. Please try again.";
        return login_page(&app, StatusCode::FORBIDDEN, form.name, Some(error)).await;
    }
    let (address_hash, _) = app.address_hashes(caller.address, now).await?;
    let typed = form.name.trim();
    // A name that cannot be an account is not looked up (nor sent to the database).
    let user = match auth::validate_user_name(typed) {
        Ok(()) => app.store.user_by_name(typed).await?,
        Err(_) => None,
    };
    let keys = auth::SignInKeys::new(typed, &address_hash);
    let (attempt, counts) = record_attempts(&app, &keys, now).await?;
    let has_second_factor = user.as_ref().is_some_and(|u| u.totp_secret.is_some());
    if auth::password_gate(&counts, has_second_factor).is_err() {
        let error =
            "Too many failed sign-ins. This account is locked for 15 minutes on this connection; try again later.";
        return login_page(&app, StatusCode::TOO_MANY_REQUESTS, form.name, Some(error)).await;
    }
    let hash = user.as_ref().map_or_else(|| auth::decoy_hash().to_owned(), |u| u.password_hash.clone());
    let matches = verify_password(&app, form.password.clone(), hash).await?;
    let user = match user {
        Some(user) if matches && !user.disabled => user,
        other => {
            let entry = failed_sign_in_entry(&app, typed, other.as_ref()).await?;
            app.store.append_audit(&entry, now).await?;
            return login_page(&app, StatusCode::UNAUTHORIZED, form.name, Some("Wrong name or password.")).await;
        }
    };
    // The password was right: this attempt was no failure. Earlier failures stay until the
    // sign-in is complete, second factor included.
    app.store.forget_attempts(&attempt).await?;
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
    if !second_factor_due {
        app.store.clear_attempts(&keys.pair).await?;
    }
    app.store.append_audit(&NewAuditEntry::new(&user.name, "user.login", format!("user:{}", user.name)), now).await?;
    let target = if second_factor_due { "/admin/login/second-factor" } else { "/admin" };
    let mut response = Redirect::to(target).into_response();
    set_cookie(&mut response, &session::session_cookie(&id, app.site.cookies_secure()))?;
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

/// `POST /admin/login/second-factor`: a TOTP code or a recovery code. Wrong codes count
/// under the account's own key, which only a completed sign-in clears: signing in again
/// with the password resets nothing.
pub async fn second_factor(
    State(app): State<AppState>,
    caller: Caller,
    request: Request,
) -> Result<Response, ConsoleError> {
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
    let key = auth::second_factor_key(user.id);
    let attempt = app.store.record_attempt(&key, now).await?;
    if app.store.attempts_since(&key, now - auth::LOCKOUT_WINDOW).await? > auth::SECOND_FACTOR_FAILURES {
        app.store.delete_session(&session.id_hash).await?;
        return login_page(
            &app,
            StatusCode::TOO_MANY_REQUESTS,
            user.name.clone(),
            Some("Too many wrong codes. Signing in to this account is blocked for 15 minutes."),
        )
        .await;
    }
    let code = form.code.trim().to_lowercase();
    let step = user.totp_secret.as_deref().and_then(|secret| auth::totp_step(secret, &code, now));
    // A code is accepted once: a code seen over a shoulder is worthless after its use.
    let by_app = match step {
        Some(step) => app.store.use_totp_step(user.id, step).await?,
        None => false,
    };
    let by_recovery =
        !by_app && step.is_none() && app.store.use_recovery_code(user.id, &sha256_hex(&code), now).await?;
    if !(by_app || by_recovery) {
        let audit = NewAuditEntry::new(&user.name, "user.second-factor-failed", format!("user:{}", user.name));
        app.store.append_audit(&audit, now).await?;
        let view = SecondFactorView {
            title: "Second factor",
            flash: None,
            csrf: session.csrf_token,
            error: Some("That code is not valid. Try the current code from your app, or a recovery code."),
        };
        return page(&app, "admin/second_factor.html", StatusCode::UNAUTHORIZED, view);
    }
    app.store.forget_attempts(&[attempt]).await?;
    app.store.touch_session(&session.id_hash, now, true).await?;
    // The sign-in is complete: only now are the account's failures forgotten.
    let (address_hash, _) = app.address_hashes(caller.address, now).await?;
    app.store.clear_attempts(&key).await?;
    app.store.clear_attempts(&auth::SignInKeys::new(&user.name, &address_hash).pair).await?;
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
    set_cookie(&mut response, &session::clear_session_cookie(app.site.cookies_secure()))?;
    Ok(response)
}

/// Name of the secret behind the first admin's setup link.
const SETUP_SECRET: &str = "admin-setup";

/// The one-time token of the first admin's setup link: a random secret, shared by every
/// node, valid until an admin exists. Once any admin has existed (disabled ones included:
/// users are never deleted) it is deleted and never made again; recovery then goes through
/// `dateline user add NAME --role admin`.
pub async fn setup_token(app: &App) -> Result<Option<String>, ConsoleError> {
    let users = app.store.users().await?;
    if users.iter().any(|u| u.role == Role::Admin) {
        app.store.delete_secret(SETUP_SECRET).await?;
        return Ok(None);
    }
    Ok(Some(app.store.secret(SETUP_SECRET, app.clock.now()).await?))
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
    caller: Caller,
    Form(form): Form<SetupForm>,
) -> Result<Response, ConsoleError> {
    let expected = setup_token(&app).await?.ok_or(ConsoleError::NotFound)?;
    if !session::constant_time_eq(&expected, &form.token) {
        return Err(ConsoleError::NotFound);
    }
    if !caller.same_origin {
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
        Ok(_) => {
            app.store.delete_secret(SETUP_SECRET).await?;
            Ok(Redirect::to("/admin/login").into_response())
        }
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
