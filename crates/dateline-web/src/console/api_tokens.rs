//! API tokens (admins): the list, making one (its secret shown once), revoking one.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dateline_core::accounts::{self, AccountError, Actor, Role};
use serde::Serialize;

use super::extract::{Admin, Console, ConsoleError, CsrfForm, NoFields};
use super::render::{ConsolePage, Flash, Section, back, form_value, render_with, text, text_with, when};
use crate::state::{App, AppState};

#[derive(Serialize)]
struct TokenRow {
    label: String,
    service: String,
    role: &'static str,
    created: String,
    revoked: Option<String>,
}

#[derive(Serialize)]
struct TokensView {
    tokens: Vec<TokenRow>,
    services: Vec<(String, String)>,
    created: Option<(String, String)>,
    label: String,
}

async fn tokens_page(
    app: &App,
    console: &Console,
    status: StatusCode,
    flash: Option<String>,
    created: Option<(String, String)>,
    label: String,
) -> Result<Response, ConsoleError> {
    let services = app.services().await?;
    let code = |id| services.iter().find(|s| s.id == id).map(|s| s.code.clone()).unwrap_or_default();
    let tokens = app
        .store
        .api_tokens()
        .await?
        .into_iter()
        .map(|t| TokenRow {
            service: code(t.service_id),
            role: t.role.as_str(),
            created: when(t.created_at),
            revoked: t.revoked_at.map(when),
            label: t.label,
        })
        .collect();
    let view = TokensView {
        tokens,
        services: services.iter().map(|s| (s.code.clone(), s.name.clone())).collect(),
        created,
        label,
    };
    let page = ConsolePage {
        template: "console/tokens.html",
        title: &text(app, &console.language, "desk-api-tokens"),
        section: Section::Users,
        flash,
        page: view,
    };
    render_with(app, console, status, page)
}

/// `GET /admin/tokens` (admins).
pub async fn tokens(
    State(app): State<AppState>,
    Admin(console): Admin,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    tokens_page(&app, &console, StatusCode::OK, flash.text(), None, String::new()).await
}

/// `POST /admin/tokens`: makes a token; its secret is shown once.
pub async fn add(
    State(app): State<AppState>,
    Admin(console): Admin,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    let field = |name| form_value(&form, name).unwrap_or_default().trim().to_owned();
    let label = field("label");
    let role = field("role").parse::<Role>().unwrap_or(Role::Reporter);
    let actor = Actor::User(&console.user);
    match accounts::add_token(app.store.as_ref(), actor, &label, &field("service"), role, app.clock.now()).await {
        Ok((token, secret)) => {
            tokens_page(&app, &console, StatusCode::OK, None, Some((token.label, secret)), String::new()).await
        }
        Err(error @ (AccountError::Name(_) | AccountError::UnknownService(_) | AccountError::TokenRole(_))) => {
            tokens_page(
                &app,
                &console,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(text_with(&app, &console.language, "desk-not-made", &[("why", &error.to_string())])),
                None,
                label,
            )
            .await
        }
        Err(error @ AccountError::Taken(_)) => {
            let flash = Some(text_with(&app, &console.language, "desk-not-made", &[("why", &error.to_string())]));
            tokens_page(&app, &console, StatusCode::CONFLICT, flash, None, label).await
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /admin/tokens/{label}/revoke`
pub async fn revoke(
    State(app): State<AppState>,
    Admin(console): Admin,
    Path(label): Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, ConsoleError> {
    match accounts::revoke_token(app.store.as_ref(), Actor::User(&console.user), &label, app.clock.now()).await {
        Ok(_) => Ok(back(Some("/admin/tokens"), &format!("{label} is revoked."))),
        Err(AccountError::NoSuchToken(_)) => Err(ConsoleError::NotFound),
        Err(error) => Err(error.into()),
    }
}
