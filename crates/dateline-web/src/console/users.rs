//! Users (admins only): the list, adding a user with a generated password, disabling one.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dateline_core::accounts::{self, AccountError, NewAccount, Role, UserId};
use dateline_core::moderation::Actor;
use serde::{Deserialize, Serialize};

use super::extract::{Admin, Console, ConsoleError, CsrfForm, NoFields};
use super::render::{ConsolePage, Flash, Section, back, render_with, text, text_with};
use crate::state::{App, AppState};

#[derive(Serialize)]
struct UserView {
    id: i64,
    name: String,
    role: &'static str,
    services: Vec<String>,
    disabled: bool,
    second_factor: bool,
}

/// What the "add a user" form holds: empty, or as sent when it was refused.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct UserForm {
    name: String,
    role: String,
    services: Vec<String>,
}

#[derive(Serialize)]
struct UsersView {
    users: Vec<UserView>,
    services: Vec<String>,
    roles: Vec<&'static str>,
    form: UserForm,
    created: Option<(String, String)>,
}

/// What the users page shows beside the list.
#[derive(Default)]
struct UsersPage {
    status: Option<StatusCode>,
    flash: Option<String>,
    form: UserForm,
    created: Option<(String, String)>,
}

/// `GET /admin/users` (admins only).
pub async fn users(
    State(app): State<AppState>,
    Admin(console): Admin,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    users_page(&app, &console, UsersPage { flash: flash.text(), ..Default::default() }).await
}

async fn users_page(app: &App, console: &Console, shown: UsersPage) -> Result<Response, ConsoleError> {
    let services = app.services().await?;
    let code = |id| services.iter().find(|s| s.id == id).map(|s| s.code.clone()).unwrap_or_default();
    let users = app
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| UserView {
            id: u.id.0,
            services: u.services.iter().copied().map(code).collect(),
            role: u.role.as_str(),
            second_factor: u.totp_secret.is_some(),
            disabled: u.disabled,
            name: u.name,
        })
        .collect();
    let view = UsersView {
        users,
        services: services.iter().map(|s| s.code.clone()).collect(),
        roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
        form: shown.form,
        created: shown.created,
    };
    let page = ConsolePage {
        template: "console/users.html",
        title: &text(app, &console.language, "console-nav-users"),
        section: Section::Users,
        flash: shown.flash,
        page: view,
    };
    render_with(app, console, shown.status.unwrap_or(StatusCode::OK), page)
}

/// `POST /admin/users`: adds a user; their generated password is shown once. A refused
/// form comes back as it was sent, with why.
pub async fn add_user(
    State(app): State<AppState>,
    Admin(console): Admin,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let sent = UserForm {
        name: field("name"),
        role: field("role"),
        services: form.iter().filter(|(k, _)| k == "services").map(|(_, v)| v.clone()).collect(),
    };
    let refuse = |status, why: String, sent| UsersPage {
        status: Some(status),
        flash: Some(text_with(&app, &console.language, "console-flash-not-added", &[("why", &why)])),
        form: sent,
        created: None,
    };
    let role = match sent.role.parse::<Role>() {
        Ok(role) => role,
        Err(why) => return users_page(&app, &console, refuse(StatusCode::UNPROCESSABLE_ENTITY, why, sent)).await,
    };
    let password = accounts::generate_password();
    let new = NewAccount { name: sent.name.clone(), role, services: sent.services.clone(), password: password.clone() };
    let now = app.clock.now();
    match accounts::add_user(app.store.as_ref(), app.as_ref(), Actor::User(&console.user), &new, now).await {
        Ok(user) => {
            let created = UsersPage { created: Some((user.name, password)), ..Default::default() };
            users_page(&app, &console, created).await
        }
        Err(AccountError::Taken(_)) => {
            let why = format!("the name {:?} is taken", sent.name);
            users_page(&app, &console, refuse(StatusCode::CONFLICT, why, sent)).await
        }
        Err(error @ (AccountError::Name(_) | AccountError::ServicesRequired(_) | AccountError::UnknownService(_))) => {
            users_page(&app, &console, refuse(StatusCode::UNPROCESSABLE_ENTITY, error.to_string(), sent)).await
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /admin/users/{id}/disable`: the user cannot sign in any more; their sessions end.
pub async fn disable_user(
    State(app): State<AppState>,
    Admin(console): Admin,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, ConsoleError> {
    let id = UserId(id.parse().map_err(|_| ConsoleError::NotFound)?);
    let user = app.store.user(id).await?.ok_or(ConsoleError::NotFound)?;
    match accounts::disable_user(app.store.as_ref(), Actor::User(&console.user), &user, app.clock.now()).await {
        Ok(_) => {
            let message = text_with(&app, &console.language, "console-flash-disabled", &[("name", &user.name)]);
            Ok(back(Some("/admin/users"), &message))
        }
        Err(AccountError::DisableSelf) => {
            Ok(back(Some("/admin/users"), &text(&app, &console.language, "console-flash-disable-self")))
        }
        Err(error) => Err(error.into()),
    }
}
