//! The first admin's setup link: `/admin/setup?token=…`, printed by `dateline serve` while
//! no admin exists.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dateline_core::accounts::{self, AccountError, NewAccount, Role};
use dateline_core::moderation::Actor;
use serde::{Deserialize, Serialize};

use super::extract::{ConsoleError, constant_time_eq};
use super::login::page;
use crate::client::Caller;
use crate::state::App;
use crate::state::AppState;

/// Name of the secret behind the setup link.
const SETUP_SECRET: &str = "admin-setup";

/// The one-time token of the setup link: a random secret, shared by every node, valid
/// until an admin exists. Once any admin has existed (disabled ones included: users are
/// never deleted) it is deleted and never made again; recovery then goes through
/// `dateline user add NAME --role admin`.
pub async fn setup_token(app: &App) -> Result<Option<String>, ConsoleError> {
    if accounts::admin_ever_existed(app.store.as_ref()).await? {
        app.store.delete_secret(SETUP_SECRET).await?;
        return Ok(None);
    }
    Ok(Some(app.store.secret(SETUP_SECRET, app.clock.now()).await?))
}

/// Whether `token` is the setup link's token; a used or wrong link is "not found".
async fn check_token(app: &App, token: &str) -> Result<(), ConsoleError> {
    let expected = setup_token(app).await?.ok_or(ConsoleError::NotFound)?;
    if constant_time_eq(&expected, token) { Ok(()) } else { Err(ConsoleError::NotFound) }
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

fn setup_page(
    app: &App,
    status: StatusCode,
    token: String,
    name: String,
    error: Option<String>,
) -> Result<Response, ConsoleError> {
    let view = SetupView { title: "Create the first admin", flash: None, token, name, error };
    page(app, "console/setup.html", status, view)
}

/// `GET /admin/setup?token=…`: the form creating the first admin.
pub async fn show_setup(
    State(app): State<AppState>,
    Query(query): Query<SetupQuery>,
) -> Result<Response, ConsoleError> {
    check_token(&app, &query.token).await?;
    setup_page(&app, StatusCode::OK, query.token, String::new(), None)
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
    axum::Form(form): axum::Form<SetupForm>,
) -> Result<Response, ConsoleError> {
    check_token(&app, &form.token).await?;
    if !caller.same_origin {
        return Err(ConsoleError::Forbidden);
    }
    let name = form.name.trim().to_owned();
    let refuse = |status, error: AccountError| {
        setup_page(&app, status, form.token.clone(), name.clone(), Some(error.to_string()))
    };
    if form.password != form.password_again {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, AccountError::PasswordsDiffer);
    }
    let new =
        NewAccount { name: name.clone(), role: Role::Admin, services: Vec::new(), password: form.password.clone() };
    match accounts::add_user(app.store.as_ref(), app.as_ref(), Actor::Setup, &new, app.clock.now()).await {
        Ok(_) => {
            app.store.delete_secret(SETUP_SECRET).await?;
            Ok(Redirect::to("/admin/login").into_response())
        }
        Err(error @ AccountError::Taken(_)) => refuse(StatusCode::CONFLICT, error),
        Err(error @ (AccountError::Name(_) | AccountError::PasswordLength)) => {
            refuse(StatusCode::UNPROCESSABLE_ENTITY, error)
        }
        // Another request made the first admin meanwhile: this link is spent.
        Err(AccountError::Forbidden) => Err(ConsoleError::NotFound),
        Err(error) => Err(error.into()),
    }
}
