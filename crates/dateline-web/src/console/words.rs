//! Word lists (admins and the service's moderators): the words and phrases that label,
//! hold or reject comments (see [`dateline_core::words`]).

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use dateline_core::comments::RejectionReason;
use dateline_core::moderation::Actor;
use dateline_core::words::{self, WordAction, WordChangeError, WordEntry};
use serde::{Deserialize, Serialize};

use super::extract::{Console, ConsoleError, CsrfForm, Moderator};
use super::render::{ConsolePage, Flash, Section, back, render, text, text_with};
use crate::state::{App, AppState};

/// Which service's list is shown.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WordsQuery {
    service: String,
    done: Option<String>,
}

#[derive(Serialize)]
struct EntryView {
    entry: String,
    action: &'static str,
    reason: Option<&'static str>,
}

#[derive(Serialize)]
struct WordsPage {
    services: Vec<String>,
    service: String,
    entries: Vec<EntryView>,
    actions: Vec<&'static str>,
    reasons: Vec<&'static str>,
    /// What was typed into a refused form, and why it was refused.
    typed: String,
    action: String,
    error: Option<String>,
}

/// The codes of the services whose lists the user keeps.
async fn kept_services(app: &App, console: &Console) -> Result<Vec<dateline_core::Service>, ConsoleError> {
    Ok(app.services().await?.iter().filter(|s| console.user.can_moderate(s.id)).cloned().collect())
}

async fn page(
    app: &App,
    console: &Console,
    code: &str,
    flash: Option<String>,
    refused: Option<(String, String, String)>,
) -> Result<Response, ConsoleError> {
    let services = kept_services(app, console).await?;
    let chosen = services.iter().find(|s| s.code == code).or(services.first()).cloned();
    let entries = match &chosen {
        Some(service) => app.store.word_entries(service.id).await?,
        None => Vec::new(),
    };
    let (typed, action, error) = refused.map_or((String::new(), String::new(), None), |(t, a, e)| (t, a, Some(e)));
    let view = WordsPage {
        services: services.iter().map(|s| s.code.clone()).collect(),
        service: chosen.map(|s| s.code).unwrap_or_default(),
        entries: entries
            .into_iter()
            .map(|e| EntryView { entry: e.entry, action: e.action.as_str(), reason: e.reason.map(|r| r.as_str()) })
            .collect(),
        actions: WordAction::ALL.iter().map(|a| a.as_str()).collect(),
        reasons: RejectionReason::ALL.iter().map(|r| r.as_str()).collect(),
        typed,
        action,
        error,
    };
    let page = ConsolePage {
        template: "console/words.html",
        title: &text(app, &console.language, "console-nav-words"),
        section: Section::Words,
        flash,
        page: view,
    };
    render(app, console, page)
}

/// `GET /admin/words?service=CODE`: a service's list, and the form that adds to it.
pub async fn words(
    State(app): State<AppState>,
    Moderator(console): Moderator,
    Query(query): Query<WordsQuery>,
) -> Result<Response, ConsoleError> {
    let flash = Flash { done: query.done.clone() }.text();
    page(&app, &console, &query.service, flash, None).await
}

/// `GET /admin/words/{code}/export`: the list as plain text, as `dateline words import`
/// reads it.
pub async fn export(
    State(app): State<AppState>,
    Moderator(console): Moderator,
    Path(code): Path<String>,
) -> Result<Response, ConsoleError> {
    let services = kept_services(&app, &console).await?;
    let service = services.iter().find(|s| s.code == code).ok_or(ConsoleError::NotFound)?;
    let list: String = app.store.word_entries(service.id).await?.iter().map(|e| e.line() + "\n").collect();
    let disposition = format!("attachment; filename=\"words-{code}.txt\"");
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        list,
    )
        .into_response())
}

/// The add form: entries one a line (or a list in the export's format), their action,
/// and a reason for `reject`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AddForm {
    entries: String,
    action: String,
    reason: String,
}

/// `POST /admin/words/{code}`: adds entries (audited). A bad entry saves nothing and the
/// form comes back with what was typed.
pub async fn add(
    State(app): State<AppState>,
    Moderator(console): Moderator,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<AddForm>,
) -> Result<Response, ConsoleError> {
    let refuse = |error: String| {
        let message = text_with(&app, &console.language, "console-words-invalid", &[("error", &error)]);
        (form.entries.clone(), form.action.clone(), message)
    };
    let parsed = parse(&form);
    let entries = match parsed {
        Ok(entries) if !entries.is_empty() => entries,
        Ok(_) => {
            let refused = refuse(text(&app, &console.language, "console-words-none"));
            return refused_page(&app, &console, &code, refused).await;
        }
        Err(error) => return refused_page(&app, &console, &code, refuse(error)).await,
    };
    match words::add_words(app.store.as_ref(), Actor::User(&console.user), &code, &entries, app.clock.now()).await {
        Ok(count) => {
            let count = count.to_string();
            let message =
                text_with(&app, &console.language, "console-flash-words-added", &[("count", &count), ("code", &code)]);
            Ok(back(Some(&format!("/admin/words?service={code}")), &message))
        }
        Err(WordChangeError::Invalid(error)) => refused_page(&app, &console, &code, refuse(error.to_string())).await,
        Err(WordChangeError::Service(error)) => Err(error.into()),
    }
}

/// The entries of the add form: each line an entry with the form's action, or a line as
/// the export writes it (its own action).
fn parse(form: &AddForm) -> Result<Vec<WordEntry>, String> {
    let action = form.action.parse::<WordAction>()?;
    let reason = Some(form.reason.as_str()).filter(|r| !r.is_empty()).map(str::parse::<RejectionReason>).transpose()?;
    let mut entries = Vec::new();
    for (index, line) in form.entries.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let entry = if line.contains('\t') {
            words::parse_list(line).map(|mut e| e.remove(0))
        } else {
            WordEntry::new(line, action, if action == WordAction::Reject { reason } else { None })
        };
        entries.push(entry.map_err(|e| format!("line {}: {e}", index + 1))?);
    }
    Ok(entries)
}

async fn refused_page(
    app: &App,
    console: &Console,
    code: &str,
    refused: (String, String, String),
) -> Result<Response, ConsoleError> {
    let mut response = page(app, console, code, None, Some(refused)).await?;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

/// The remove button of an entry.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemoveForm {
    entry: String,
}

/// `POST /admin/words/{code}/remove`: removes one entry (audited).
pub async fn remove(
    State(app): State<AppState>,
    Moderator(console): Moderator,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<RemoveForm>,
) -> Result<Response, ConsoleError> {
    let entries = [form.entry.clone()];
    match words::remove_words(app.store.as_ref(), Actor::User(&console.user), &code, &entries, app.clock.now()).await {
        Ok(_) => {
            let message = text_with(
                &app,
                &console.language,
                "console-flash-words-removed",
                &[("entry", &form.entry), ("code", &code)],
            );
            Ok(back(Some(&format!("/admin/words?service={code}")), &message))
        }
        Err(WordChangeError::Service(error)) => Err(error.into()),
        Err(WordChangeError::Invalid(error)) => Err(ConsoleError::Internal(error.to_string())),
    }
}
