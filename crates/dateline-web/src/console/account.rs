//! The signed-in user's own account: password, sessions and second factor.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dateline_core::accounts::{self, AccountError, CurrentPassword};
use serde::{Deserialize, Serialize};

use super::extract::{Console, ConsoleError, CsrfForm, NoFields};
use super::render::{ConsolePage, Flash, Section, back, render_with, text, text_with};
use crate::state::{App, AppState};
use crate::tokens::{self, TokenPurpose};

#[derive(Serialize)]
struct AccountView {
    second_factor: bool,
    new_secret: Option<String>,
    new_secret_signature: Option<String>,
    otpauth: Option<String>,
    recovery_codes: Vec<String>,
    /// The language the user chose ("": the browser's).
    chosen_language: String,
    /// The languages the console speaks: (tag, its own name).
    languages: Vec<(String, String)>,
}

/// What the account page shows besides the forms.
struct Shown {
    status: StatusCode,
    flash: Option<String>,
    /// A TOTP secret already offered (kept when a code was wrong: the app holds it).
    offered_secret: Option<String>,
    /// Recovery codes just made, shown once.
    recovery_codes: Vec<String>,
}

impl Shown {
    fn refused(why: &str) -> Shown {
        Shown {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            flash: Some(why.to_owned()),
            offered_secret: None,
            recovery_codes: Vec::new(),
        }
    }
}

/// `GET /admin/account`: password, sessions, second factor.
pub async fn account(
    State(app): State<AppState>,
    console: Console,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    let shown = Shown { status: StatusCode::OK, flash: flash.text(), offered_secret: None, recovery_codes: Vec::new() };
    account_page(&app, &console, shown).await
}

async fn account_page(app: &App, console: &Console, shown: Shown) -> Result<Response, ConsoleError> {
    let user = &console.user;
    let just_enabled = !shown.recovery_codes.is_empty();
    let offer = user.totp_secret.is_none() && !just_enabled;
    let (new_secret, signature, otpauth) = if offer {
        let secret = shown.offered_secret.unwrap_or_else(accounts::generate_totp_secret);
        let purpose = TokenPurpose::SecondFactorSetup { user: user.id, secret: &secret };
        let signature = tokens::sign(&app.form_key().await?, purpose, app.clock.now());
        let uri = accounts::totp_uri(&app.site.name, &user.name, &secret);
        (Some(secret), Some(signature), Some(uri))
    } else {
        (None, None, None)
    };
    let view = AccountView {
        second_factor: user.totp_secret.is_some() || just_enabled,
        new_secret,
        new_secret_signature: signature,
        otpauth,
        recovery_codes: shown.recovery_codes,
        chosen_language: user.console_language.clone().unwrap_or_default(),
        languages: app
            .catalogs
            .languages()
            .into_iter()
            .map(|tag| {
                let name = app.catalogs.text(&tag, "console-language-name", &[]);
                (tag, name)
            })
            .collect(),
    };
    let page = ConsolePage {
        template: "console/account.html",
        title: &text(app, &console.language, "console-account"),
        section: Section::Account,
        flash: shown.flash,
        page: view,
    };
    render_with(app, console, shown.status, page)
}

/// Checks the "current password" of a change; `Err` is the answer when it is not right
/// (after too many wrong answers the session ends: see [`accounts::check_current_password`]).
async fn confirm_password(
    app: &App,
    console: &Console,
    password: &str,
    refusal: &str,
) -> Result<Result<(), Response>, ConsoleError> {
    let now = app.clock.now();
    match accounts::check_current_password(app.store.as_ref(), app, &console.user, password, now).await? {
        CurrentPassword::Right => Ok(Ok(())),
        CurrentPassword::Wrong => Ok(Err(account_page(app, console, Shown::refused(refusal)).await?)),
        CurrentPassword::Exhausted => {
            app.store.delete_session(&console.session_hash).await?;
            Ok(Err(Redirect::to("/admin/login").into_response()))
        }
    }
}

/// The language form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LanguageForm {
    language: String,
}

/// `POST /admin/account/language`: the language of the console's own words for this user
/// (empty: the browser's).
pub async fn choose_language(
    State(app): State<AppState>,
    console: Console,
    headers: axum::http::HeaderMap,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> Result<Response, ConsoleError> {
    let chosen = Some(form.language.trim()).filter(|l| !l.is_empty());
    if let Some(language) = chosen
        && !app.catalogs.languages().iter().any(|known| known == language)
    {
        return Err(ConsoleError::BadRequest(format!("{language:?} is not a language the console speaks")));
    }
    app.store.set_console_language(console.user.id, chosen).await?;
    let now_speaking = match chosen {
        Some(language) => language.to_owned(),
        None => {
            let accept = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
            super::render::console_language(&app, None, accept)
        }
    };
    let name = app.catalogs.text(&now_speaking, "console-language-name", &[]);
    let message = text_with(&app, &now_speaking, "console-flash-language", &[("language", &name)]);
    Ok(back(Some("/admin/account"), &message))
}

/// The password form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    new: String,
    again: String,
}

/// `POST /admin/account/password`: changes the password and ends every session.
pub async fn change_password(
    State(app): State<AppState>,
    console: Console,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, ConsoleError> {
    let wrong = &text(&app, &console.language, "console-flash-password-wrong");
    if let Err(answer) = confirm_password(&app, &console, &form.current, wrong).await? {
        return Ok(answer);
    }
    let now = app.clock.now();
    match accounts::change_password(app.store.as_ref(), app.as_ref(), &console.user, &form.new, &form.again, now).await
    {
        Ok(()) => Ok(Redirect::to("/admin/login").into_response()),
        Err(error @ (AccountError::PasswordLength | AccountError::PasswordsDiffer)) => {
            let why = text_with(
                &app,
                &console.language,
                "console-flash-password-not-changed",
                &[("why", &error.to_string())],
            );
            account_page(&app, &console, Shown::refused(&why)).await
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /admin/account/logout-everywhere`: ends every session of the user.
pub async fn logout_everywhere(
    State(app): State<AppState>,
    console: Console,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, ConsoleError> {
    accounts::sign_out_everywhere(app.store.as_ref(), &console.user, app.clock.now()).await?;
    Ok(Redirect::to("/admin/login").into_response())
}

/// The second-factor form: turn on (with the secret offered and a code from the app) or off.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SecondFactorForm {
    action: String,
    secret: String,
    signature: String,
    code: String,
    password: String,
}

/// `POST /admin/account/second-factor`
pub async fn second_factor(
    State(app): State<AppState>,
    console: Console,
    CsrfForm(form): CsrfForm<SecondFactorForm>,
) -> Result<Response, ConsoleError> {
    let now = app.clock.now();
    let user = &console.user;
    match form.action.as_str() {
        "enable" => {
            let purpose = TokenPurpose::SecondFactorSetup { user: user.id, secret: &form.secret };
            if tokens::verify(&app.form_key().await?, purpose, &form.signature, now).is_none() {
                return account_page(
                    &app,
                    &console,
                    Shown::refused(&text(&app, &console.language, "console-flash-key-not-offered")),
                )
                .await;
            }
            match accounts::enable_second_factor(app.store.as_ref(), user, &form.secret, &form.code, now).await {
                Ok(codes) => {
                    let shown = Shown {
                        status: StatusCode::OK,
                        flash: Some(text(&app, &console.language, "console-flash-second-factor-on")),
                        offered_secret: None,
                        recovery_codes: codes,
                    };
                    account_page(&app, &console, shown).await
                }
                Err(AccountError::WrongCode) => {
                    let shown = Shown {
                        offered_secret: Some(form.secret),
                        ..Shown::refused(&text(&app, &console.language, "console-flash-code-wrong"))
                    };
                    account_page(&app, &console, shown).await
                }
                Err(error) => Err(error.into()),
            }
        }
        "disable" => {
            let wrong = &text(&app, &console.language, "console-flash-password-wrong-off");
            if let Err(answer) = confirm_password(&app, &console, &form.password, wrong).await? {
                return Ok(answer);
            }
            accounts::disable_second_factor(app.store.as_ref(), user, now).await?;
            Ok(back(Some("/admin/account"), &text(&app, &console.language, "console-flash-second-factor-off")))
        }
        _ => Err(ConsoleError::NotFound),
    }
}
