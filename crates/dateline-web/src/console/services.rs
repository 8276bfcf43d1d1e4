//! Services (admins only): each one's notice above the comment form, its Terms of Use, and
//! its defences: attack mode, lockdown, and the sites that may embed its comments.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dateline_core::attack::AttackMode;
use dateline_core::moderation::Actor;
use dateline_core::services::{self, ServiceChangeError};
use serde::{Deserialize, Serialize};

use super::extract::{Admin, ConsoleError, CsrfForm};
use super::render::{ConsolePage, Flash, Section, back, render, text, text_with};
use crate::messages::Message;
use crate::state::AppState;

#[derive(Serialize)]
struct ServiceView {
    code: String,
    name: String,
    notice: String,
    own_notice: bool,
    terms_version: i64,
    terms: String,
    attack_mode: &'static str,
    locked_down: bool,
    embed_origins: String,
}

/// `GET /admin/services` (admins only): comment notices, Terms of Use, defences.
pub async fn services(
    State(app): State<AppState>,
    Admin(console): Admin,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    services_page(&app, &console, StatusCode::OK, flash.text(), None).await
}

/// The services page; `typed`: a service's embed origins as typed in a refused form, kept.
async fn services_page(
    app: &AppState,
    console: &super::extract::Console,
    status: StatusCode,
    flash: Option<String>,
    typed: Option<(&str, &str)>,
) -> Result<Response, ConsoleError> {
    let mut views = Vec::new();
    for service in app.services().await?.iter() {
        let terms = app.store.current_terms(service.id).await?;
        views.push(ServiceView {
            notice: match &service.comment_notice {
                Some(own) => own.clone(),
                None => app.catalogs.message(&service.language, Message::CommentsNotice, &[]),
            },
            own_notice: service.comment_notice.is_some(),
            terms_version: terms.as_ref().map_or(0, |t| t.version),
            terms: terms.map(|t| t.body_markdown).unwrap_or_default(),
            attack_mode: service.attack_mode.as_str(),
            locked_down: service.locked_down,
            embed_origins: match typed {
                Some((code, origins)) if code == service.code => origins.to_owned(),
                _ => service.embed_origins.join("\n"),
            },
            code: service.code.clone(),
            name: service.name.clone(),
        });
    }
    let page = ConsolePage {
        template: "console/services.html",
        title: &text(app, &console.language, "console-nav-services"),
        section: Section::Services,
        flash,
        page: views,
    };
    let mut response = render(app, console, page)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The defences form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DefencesForm {
    attack_mode: String,
    lockdown: Option<String>,
    embed_origins: String,
}

/// `POST /admin/services/{code}/defences`: attack mode, lockdown and embed origins at
/// once, each audited when it changes. A bad origin changes nothing and keeps what was
/// typed.
pub async fn set_defences(
    State(app): State<AppState>,
    Admin(console): Admin,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<DefencesForm>,
) -> Result<Response, ConsoleError> {
    let actor = Actor::User(&console.user);
    let now = app.clock.now();
    let origins: Vec<String> = form.embed_origins.split_whitespace().map(str::to_owned).collect();
    if let Err(error) = dateline_core::embed::check_origins(&origins) {
        let typed = Some((code.as_str(), form.embed_origins.as_str()));
        return services_page(&app, &console, StatusCode::UNPROCESSABLE_ENTITY, Some(error.to_string()), typed).await;
    }
    let mode = match form.attack_mode.as_str() {
        "on" => AttackMode::On,
        "auto" => AttackMode::Auto,
        _ => AttackMode::Off,
    };
    services::set_attack_mode(app.store.as_ref(), actor, &code, mode, now).await?;
    services::set_lockdown(app.store.as_ref(), actor, &code, form.lockdown.is_some(), now).await?;
    dateline_core::embed::set_embed_origins(app.store.as_ref(), actor, &code, &origins, now).await?;
    Ok(back(
        Some("/admin/services"),
        &text_with(&app, &console.language, "console-flash-defences-saved", &[("code", &code)]),
    ))
}

/// The notice form: the text, or the button that goes back to the standard notice.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeForm {
    notice: String,
    reset: Option<String>,
}

/// `POST /admin/services/{code}/notice`: an empty notice also means the standard one.
pub async fn set_notice(
    State(app): State<AppState>,
    Admin(console): Admin,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<NoticeForm>,
) -> Result<Response, ConsoleError> {
    let own = Some(form.notice.as_str()).filter(|n| form.reset.is_none() && !n.trim().is_empty());
    let actor = Actor::User(&console.user);
    services::set_comment_notice(app.store.as_ref(), actor, &code, own, app.clock.now()).await?;
    let message = match own {
        Some(_) => text_with(&app, &console.language, "console-flash-notice-saved", &[("code", &code)]),
        None => text_with(&app, &console.language, "console-flash-notice-standard", &[("code", &code)]),
    };
    Ok(back(Some("/admin/services"), &message))
}

/// The terms form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TermsForm {
    terms: String,
}

/// `POST /admin/services/{code}/terms`: publishes a new version.
pub async fn publish_terms(
    State(app): State<AppState>,
    Admin(console): Admin,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<TermsForm>,
) -> Result<Response, ConsoleError> {
    let actor = Actor::User(&console.user);
    match services::publish_terms(app.store.as_ref(), actor, &code, &form.terms, app.clock.now()).await {
        Ok(version) => {
            let args = [("version", version.to_string()), ("code", code.clone())];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            Ok(back(
                Some("/admin/services"),
                &text_with(&app, &console.language, "console-flash-terms-published", &args),
            ))
        }
        Err(ServiceChangeError::EmptyTerms) => {
            Ok(back(Some("/admin/services"), &text(&app, &console.language, "console-flash-terms-empty")))
        }
        Err(error) => Err(error.into()),
    }
}
