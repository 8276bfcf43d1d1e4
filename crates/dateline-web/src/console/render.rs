//! What every console page shares: the frame around a page's view, the message after an
//! action (`?done=`), the way back after a form, and words for times and durations.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use dateline_core::accounts::Role;
use dateline_core::comments::ModerationError;
use dateline_core::services::ServiceId;
use serde::{Deserialize, Serialize};

use super::extract::{Console, ConsoleError};
use crate::client;
use crate::state::App;

/// The console's sections (the navigation marks the current one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The dashboard.
    Dashboard,
    /// The queue and a comment's page.
    Queue,
    /// Bans.
    Bans,
    /// The audit log.
    Audit,
    /// Users.
    Users,
    /// Services.
    Services,
    /// Word lists.
    Words,
    /// The user's own account.
    Account,
    /// The desk: stories.
    Stories,
    /// The desk: the media library.
    Media,
    /// The desk: the directory of people.
    People,
}

impl Section {
    fn as_str(self) -> &'static str {
        match self {
            Section::Dashboard => "dashboard",
            Section::Queue => "queue",
            Section::Bans => "bans",
            Section::Audit => "audit",
            Section::Users => "users",
            Section::Services => "services",
            Section::Words => "words",
            Section::Account => "account",
            Section::Stories => "stories",
            Section::Media => "media",
            Section::People => "people",
        }
    }
}

/// The language of the console's own text: the user's choice if a catalog has it, else
/// the first the browser asks for that one has, else English. Every catalog holds every
/// console message (`console-…`, `desk-…`).
pub fn console_language(app: &App, chosen: Option<&str>, accept_language: Option<&str>) -> String {
    let known = app.catalogs.languages();
    chosen
        .filter(|language| known.iter().any(|k| k == language))
        .or_else(|| app.catalogs.negotiate(accept_language))
        .unwrap_or(crate::i18n::FALLBACK_LANGUAGE)
        .to_owned()
}

/// Console text from the catalogs, in the language `language`.
pub fn text(app: &App, language: &str, id: &str) -> String {
    app.catalogs.text(language, id, &[])
}

/// Console text with values (`{ $name }` in the catalog).
pub fn text_with(app: &App, language: &str, id: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> =
        args.iter().map(|(name, value)| (*name, fluent_bundle::FluentValue::from(*value))).collect();
    app.catalogs.text(language, id, &args)
}

#[derive(Serialize)]
struct Frame<'a, T: Serialize> {
    lang: &'a str,
    dir: &'static str,
    title: &'a str,
    user: &'a str,
    role: &'static str,
    is_admin: bool,
    is_moderator: bool,
    is_desk: bool,
    csrf: &'a str,
    section: &'a str,
    flash: Option<String>,
    page: T,
}

/// A console page: `page` rendered with `template` inside the console's frame.
pub struct ConsolePage<'a, T: Serialize> {
    /// The template (`console/…`).
    pub template: &'a str,
    /// The page's title.
    pub title: &'a str,
    /// The section it belongs to.
    pub section: Section,
    /// A message about the last action.
    pub flash: Option<String>,
    /// The page's own view.
    pub page: T,
}

/// Renders a console page for the signed-in user (never stored by any cache).
pub fn render<T: Serialize>(app: &App, console: &Console, page: ConsolePage<'_, T>) -> Result<Response, ConsoleError> {
    let frame = Frame {
        lang: &console.language,
        dir: if crate::views::is_rtl_language(&console.language) { "rtl" } else { "ltr" },
        title: page.title,
        user: &console.user.name,
        role: console.user.role.as_str(),
        is_admin: console.user.is_admin(),
        is_moderator: console.user.is_moderator(),
        is_desk: dateline_core::desk::works_on_desk(dateline_core::accounts::Actor::User(&console.user)),
        csrf: &console.csrf,
        section: page.section.as_str(),
        flash: page.flash,
        page: page.page,
    };
    Ok(super::no_store(Html(app.templates.render(page.template, frame)?).into_response()))
}

/// The same, with another status.
pub fn render_with<T: Serialize>(
    app: &App,
    console: &Console,
    status: StatusCode,
    page: ConsolePage<'_, T>,
) -> Result<Response, ConsoleError> {
    let mut response = render(app, console, page)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The services a user moderates (`None`: all).
pub fn moderated_services(console: &Console) -> Option<Vec<ServiceId>> {
    match console.user.role {
        Role::Admin => None,
        _ => Some(console.user.services.clone()),
    }
}

/// A time as the console shows it.
pub fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A duration in the words the dashboard uses.
pub fn duration_words(app: &App, language: &str, seconds: i64) -> String {
    let (id, amount) = match seconds {
        s if s < 90 => ("console-duration-seconds", s.to_string()),
        s if s < 5400 => ("console-duration-minutes", (s / 60).to_string()),
        s if s < 172_800 => ("console-duration-hours", format!("{:.1}", s as f64 / 3600.0)),
        s => ("console-duration-days", format!("{:.1}", s as f64 / 86400.0)),
    };
    text_with(app, language, id, &[("n", &amount)])
}

/// Query strings that may carry a message after an action.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Flash {
    /// The message.
    pub done: Option<String>,
}

impl Flash {
    /// The message, cleaned of control characters and cut short.
    pub fn text(&self) -> Option<String> {
        self.done.as_ref().map(|d| d.chars().filter(|c| !c.is_control()).take(300).collect())
    }
}

/// A form field's value, trimmed, if it is not empty.
pub fn non_empty(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// The first value of a field of a form read as pairs.
pub fn form_value<'f>(form: &'f [(String, String)], name: &str) -> Option<&'f str> {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Back to the console page a form came from (`return_to`, if it is one), with a message.
pub fn back(return_to: Option<&str>, message: &str) -> Response {
    back_at(return_to, message, None)
}

/// [`back`], at a place of the page (`#fragment`).
pub fn back_at(return_to: Option<&str>, message: &str, fragment: Option<&str>) -> Response {
    let target =
        return_to.and_then(client::local_path).filter(|p| p.starts_with("/admin")).unwrap_or("/admin/comments");
    let target = target.trim_end_matches(['?', '&']);
    let separator = if target.contains('?') { '&' } else { '?' };
    let done = serde_urlencoded::to_string([("done", message)]).unwrap_or_default();
    let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
    Redirect::to(&format!("{target}{separator}{done}{fragment}")).into_response()
}

/// The status and words of a refused moderation action.
pub fn moderation_message(error: &ModerationError) -> (StatusCode, String) {
    match error {
        ModerationError::NotFound(_) => (StatusCode::NOT_FOUND, error.to_string()),
        ModerationError::AlreadyHandled { .. } => {
            (StatusCode::CONFLICT, format!("{error} by another moderator. Nothing was changed."))
        }
        ModerationError::Forbidden(_) => (StatusCode::FORBIDDEN, error.to_string()),
        ModerationError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, error.to_string()),
        ModerationError::TooMany => (StatusCode::TOO_MANY_REQUESTS, error.to_string()),
        ModerationError::Store(_) => {
            (StatusCode::INTERNAL_SERVER_ERROR, "the database failed; nothing was changed".into())
        }
    }
}

/// A page that says why an action was not done, with the way back.
pub fn message_page(
    app: &App,
    console: &Console,
    status: StatusCode,
    message: String,
    return_to: &str,
) -> Result<Response, ConsoleError> {
    #[derive(Serialize)]
    struct View {
        message: String,
        return_to: String,
    }
    let page = ConsolePage {
        template: "console/message.html",
        title: &text(app, &console.language, "console-not-done"),
        section: Section::Queue,
        flash: None,
        page: View { message, return_to: return_to.to_owned() },
    };
    render_with(app, console, status, page)
}

/// The answer to a refused moderation action: a 404 for what the user may not see (as
/// if it did not exist), the store's failure as an error, otherwise the message page.
pub fn refused(
    app: &App,
    console: &Console,
    error: ModerationError,
    return_to: &str,
) -> Result<Response, ConsoleError> {
    match error {
        ModerationError::Forbidden(_) => Err(ConsoleError::Forbidden),
        ModerationError::Store(error) => Err(error.into()),
        error => {
            let (status, message) = moderation_message(&error);
            message_page(app, console, status, message, return_to)
        }
    }
}
