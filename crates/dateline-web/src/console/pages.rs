//! The console's pages and actions.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use dateline_core::article::article_path;
use dateline_core::audit::{AuditFilter, NewAuditEntry};
use dateline_core::auth::{self, NewUser, Role, UserId};
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::comment::{CommentId, CommentState, ModerationError, RejectionReason, sha256_hex};
use dateline_core::moderation::{self, Actor, Decision};
use dateline_core::service::{Service, ServiceId};
use dateline_core::store::QueueFilter;
use serde::{Deserialize, Serialize};

use super::login::{CsrfForm, hash_password, verify_password};
use super::session::{Console, ConsoleError, check_csrf};
use crate::client;
use crate::state::{App, AppState};
use crate::text::comment_html;

/// Comments per page of the queue.
pub const QUEUE_PAGE: u32 = 25;

#[derive(Serialize)]
struct Frame<'a, T: Serialize> {
    title: &'a str,
    user: &'a str,
    role: &'static str,
    is_admin: bool,
    is_moderator: bool,
    csrf: &'a str,
    section: &'a str,
    flash: Option<String>,
    page: T,
}

fn render<T: Serialize>(
    app: &App,
    console: &Console,
    template: &str,
    title: &str,
    section: &str,
    flash: Option<String>,
    page: T,
) -> Result<Response, ConsoleError> {
    let frame = Frame {
        title,
        user: &console.user.name,
        role: console.user.role.as_str(),
        is_admin: console.user.is_admin(),
        is_moderator: console.user.is_moderator(),
        csrf: &console.csrf,
        section,
        flash,
        page,
    };
    Ok(super::no_store(Html(app.templates.render(template, frame)?).into_response()))
}

fn require_moderator(console: &Console) -> Result<(), ConsoleError> {
    if console.user.is_moderator() { Ok(()) } else { Err(ConsoleError::Forbidden) }
}

fn require_admin(console: &Console) -> Result<(), ConsoleError> {
    if console.user.is_admin() { Ok(()) } else { Err(ConsoleError::Forbidden) }
}

/// The services a user moderates (`None`: all).
fn moderated_services(console: &Console) -> Option<Vec<ServiceId>> {
    match console.user.role {
        Role::Admin => None,
        _ => Some(console.user.services.clone()),
    }
}

fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn duration_words(seconds: i64) -> String {
    match seconds {
        s if s < 90 => format!("{s} s"),
        s if s < 5400 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{:.1} h", s as f64 / 3600.0),
        s => format!("{:.1} days", s as f64 / 86400.0),
    }
}

/// Query strings that may carry a message after an action.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Flash {
    done: Option<String>,
}

fn flash_text(flash: &Flash) -> Option<String> {
    flash.done.as_ref().map(|d| d.chars().filter(|c| !c.is_control()).take(300).collect())
}

#[derive(Serialize)]
struct CountRow {
    service: String,
    counts: BTreeMap<String, i64>,
    median: Option<String>,
    p90: Option<String>,
}

/// `GET /admin/`: counts per service and state, and time to moderation.
pub async fn dashboard(
    State(app): State<AppState>,
    console: Console,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    let services = moderated_services(&console);
    let mut rows: BTreeMap<String, CountRow> = BTreeMap::new();
    if console.user.is_moderator() {
        let all = app.services().await?.to_vec();
        for service in all.iter().filter(|s| console.user.can_moderate(s.id)) {
            let counts = ["pending", "reported"].map(|s| (s.to_owned(), 0)).into();
            rows.insert(
                service.code.clone(),
                CountRow { service: service.code.clone(), counts, median: None, p90: None },
            );
        }
        for (code, state, n) in app.store.moderation_counts(services.as_deref()).await? {
            if let Some(row) = rows.get_mut(&code) {
                row.counts.insert(state.as_str().to_owned(), n);
            }
        }
        let mut delays: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for (code, seconds) in app.store.moderation_delays(app.clock.now() - chrono::Duration::days(7)).await? {
            delays.entry(code).or_default().push(seconds);
        }
        for (code, seconds) in delays {
            if let (Some(row), Some((median, p90))) = (rows.get_mut(&code), moderation::median_and_p90(seconds)) {
                row.median = Some(duration_words(median));
                row.p90 = Some(duration_words(p90));
            }
        }
    }
    #[derive(Serialize)]
    struct View {
        rows: Vec<CountRow>,
        states: [&'static str; 2],
    }
    let view = View { rows: rows.into_values().collect(), states: ["pending", "reported"] };
    render(&app, &console, "admin/dashboard.html", "Dashboard", "dashboard", flash_text(&flash), view)
}

/// Filters of the queue.
#[derive(Debug, Default, Deserialize, Serialize, Clone)]
#[serde(default)]
pub struct QueueQuery {
    state: Option<String>,
    service: Option<String>,
    article: Option<String>,
    q: Option<String>,
    after: Option<String>,
    done: Option<String>,
}

#[derive(Serialize)]
struct ParentView {
    name: String,
    html: String,
}

#[derive(Serialize)]
struct ItemView {
    id: i64,
    state: String,
    service: String,
    article_headline: String,
    article_href: String,
    time: String,
    iso: String,
    name: String,
    html: String,
    edited: bool,
    parent: Option<ParentView>,
    approved_before: i64,
    rejected_before: i64,
    banned: bool,
    same_text: i64,
    report_count: i64,
    reports: Vec<String>,
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

fn item_view(services: &[Service], item: dateline_core::store::QueueItem) -> ItemView {
    let service = services.iter().find(|s| s.code == item.service_code);
    ItemView {
        id: item.comment.id.0,
        state: item.comment.state.as_str().to_owned(),
        article_href: service
            .map_or_else(String::new, |s| article_path(s, &item.article_slug, item.article_published_at)),
        service: item.service_code,
        article_headline: item.article_headline,
        time: when(item.comment.created_at),
        iso: item.comment.created_at.to_rfc3339(),
        name: item.comment.author_name,
        // The console never turns URLs into links: a moderator reads them as text.
        html: comment_html(&item.comment.text, false),
        edited: item.comment.edited,
        parent: item.parent.map(|(name, text)| ParentView { name, html: comment_html(&text, false) }),
        approved_before: item.history.0,
        rejected_before: item.history.1,
        banned: item.banned,
        same_text: item.same_text_elsewhere,
        report_count: item.reports.count,
        reports: item.reports.latest,
    }
}

/// `GET /admin/comments`: the queue, oldest first, filtered.
pub async fn queue(
    State(app): State<AppState>,
    console: Console,
    Query(query): Query<QueueQuery>,
) -> Result<Response, ConsoleError> {
    require_moderator(&console)?;
    let state = match non_empty(&query.state).as_deref() {
        None => Some(CommentState::Pending),
        Some("all") => None,
        Some(other) => Some(other.parse::<CommentState>().map_err(|_| ConsoleError::NotFound)?),
    };
    let after = non_empty(&query.after).and_then(|a| {
        let (micros, id) = a.split_once('.')?;
        Some((from_micros(micros.parse().ok()?), id.parse().ok()?))
    });
    let filter = QueueFilter {
        services: moderated_services(&console),
        comment: None,
        state,
        service: non_empty(&query.service),
        article: non_empty(&query.article),
        search: non_empty(&query.q),
        after,
        limit: QUEUE_PAGE + 1,
        now: app.clock.now(),
    };
    let mut found = app.store.moderation_queue(&filter).await?;
    let has_more = found.len() > QUEUE_PAGE as usize;
    found.truncate(QUEUE_PAGE as usize);
    let next = if has_more {
        found.last().map(|last| {
            let mut next = query.clone();
            next.after = Some(format!("{}.{}", to_micros(last.comment.created_at), last.comment.id.0));
            next.done = None;
            format!("/admin/comments?{}", serde_urlencoded::to_string(&next).unwrap_or_default())
        })
    } else {
        None
    };
    let services = app.services().await?.to_vec();
    let mut items = Vec::with_capacity(found.len());
    for item in found {
        items.push(item_view(&services, item));
    }
    let mut counts: BTreeMap<&'static str, i64> = ["pending", "reported"].into_iter().map(|s| (s, 0)).collect();
    let mut per_service: BTreeMap<String, i64> = BTreeMap::new();
    for (code, state, n) in app.store.moderation_counts(moderated_services(&console).as_deref()).await? {
        if let Some(total) = counts.get_mut(state.as_str()) {
            *total += n;
        }
        if state == CommentState::Pending {
            *per_service.entry(code).or_default() += n;
        }
    }
    #[derive(Serialize)]
    struct View {
        counts: Vec<(&'static str, i64)>,
        pending_per_service: Vec<(String, i64)>,
        items: Vec<ItemView>,
        next: Option<String>,
        state: String,
        service: String,
        article: String,
        q: String,
        services: Vec<String>,
        reasons: Vec<&'static str>,
        return_to: String,
    }
    let return_to = format!(
        "/admin/comments?{}",
        serde_urlencoded::to_string(QueueQuery { done: None, ..query.clone() }).unwrap_or_default()
    );
    let view = View {
        counts: ["pending", "reported"].iter().map(|s| (*s, counts[s])).collect(),
        pending_per_service: per_service.into_iter().collect(),
        items,
        next,
        state: state.map_or("all".to_owned(), |s| s.as_str().to_owned()),
        service: non_empty(&query.service).unwrap_or_default(),
        article: non_empty(&query.article).unwrap_or_default(),
        q: non_empty(&query.q).unwrap_or_default(),
        services: services.iter().filter(|s| console.user.can_moderate(s.id)).map(|s| s.code.clone()).collect(),
        reasons: RejectionReason::ALL.iter().map(|r| r.as_str()).collect(),
        return_to,
    };
    render(
        &app,
        &console,
        "admin/queue.html",
        "Moderation queue",
        "queue",
        flash_text(&Flash { done: query.done }),
        view,
    )
}

fn parse_id(id: &str) -> Result<CommentId, ConsoleError> {
    id.parse::<i64>().map(CommentId).map_err(|_| ConsoleError::NotFound)
}

/// `GET /admin/comments/{id}`: one comment with its versions, reports and actions.
pub async fn comment(
    State(app): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    require_moderator(&console)?;
    let id = parse_id(&id)?;
    let service = app.store.comment_service(id).await?.ok_or(ConsoleError::NotFound)?;
    // Another desk's comment is answered as one that does not exist.
    if !console.user.can_moderate(service) {
        return Err(ConsoleError::NotFound);
    }
    let services = app.services().await?.to_vec();
    let filter = QueueFilter { comment: Some(id), limit: 1, now: app.clock.now(), ..Default::default() };
    let item = app.store.moderation_queue(&filter).await?.into_iter().next().ok_or(ConsoleError::NotFound)?;
    let comment = item.comment.clone();
    #[derive(Serialize)]
    struct VersionView {
        version: i64,
        html: String,
        by: String,
        time: String,
    }
    let versions = app
        .store
        .comment_versions(id)
        .await?
        .into_iter()
        .map(|v| VersionView {
            version: v.version,
            html: comment_html(&v.text, false),
            by: v.edited_by.unwrap_or_else(|| "the author".into()),
            time: when(v.at),
        })
        .collect::<Vec<_>>();
    #[derive(Serialize)]
    struct View {
        item: ItemView,
        text: String,
        versions: Vec<VersionView>,
        reasons: Vec<&'static str>,
        rejection_reason: Option<String>,
        return_to: String,
    }
    let view = View {
        text: comment.text.clone(),
        rejection_reason: comment.rejection_reason.clone(),
        item: item_view(&services, item),
        versions,
        reasons: RejectionReason::ALL.iter().map(|r| r.as_str()).collect(),
        return_to: format!("/admin/comments/{}", id.0),
    };
    render(&app, &console, "admin/comment.html", "Comment", "queue", flash_text(&flash), view)
}

fn form_value<'f>(form: &'f [(String, String)], name: &str) -> Option<&'f str> {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn decision_from(form: &[(String, String)], id: CommentId, action: &str) -> Result<Decision, String> {
    let reason_field = format!("reason-{}", id.0);
    let note_field = format!("note-{}", id.0);
    let reason = form_value(form, &reason_field).or_else(|| form_value(form, "reason")).unwrap_or("other");
    let note = form_value(form, &note_field).or_else(|| form_value(form, "note")).map(str::to_owned);
    let reason = || reason.parse::<RejectionReason>();
    match action {
        "approve" | "dismiss" => Ok(Decision::Approve),
        "reject" | "remove" => Ok(Decision::Reject { reason: reason()?, note }),
        "unpublish" => Ok(Decision::Unpublish { reason: reason()?, note }),
        "edit" => Ok(Decision::EditAndApprove { text: form_value(form, "text").unwrap_or_default().to_owned() }),
        other => Err(format!("unknown action {other:?}")),
    }
}

fn back(form: &[(String, String)], message: &str) -> Response {
    let target = form_value(form, "return_to")
        .and_then(client::local_path)
        .filter(|p| p.starts_with("/admin"))
        .unwrap_or("/admin/comments");
    let target = target.trim_end_matches(['?', '&']);
    let separator = if target.contains('?') { '&' } else { '?' };
    let done = serde_urlencoded::to_string([("done", message)]).unwrap_or_default();
    Redirect::to(&format!("{target}{separator}{done}")).into_response()
}

fn moderation_message(error: &ModerationError) -> (StatusCode, String) {
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

fn message_page(
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
    let mut response = render(
        app,
        console,
        "admin/message.html",
        "Not done",
        "queue",
        None,
        View { message, return_to: return_to.to_owned() },
    )?;
    *response.status_mut() = status;
    Ok(response)
}

/// `POST /admin/comments/{id}/decide`: approve, reject, unpublish, edit, dismiss or remove.
pub async fn decide(
    State(app): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    check_csrf(&console, form_value(&form, "csrf").unwrap_or_default())?;
    require_moderator(&console)?;
    let id = parse_id(&id)?;
    let action = form_value(&form, "action").unwrap_or_default().to_owned();
    let return_to = form_value(&form, "return_to").unwrap_or("/admin/comments").to_owned();
    let decision = match decision_from(&form, id, &action) {
        Ok(decision) => decision,
        Err(message) => return message_page(&app, &console, StatusCode::UNPROCESSABLE_ENTITY, message, &return_to),
    };
    let now = app.clock.now();
    match moderation::decide(app.store.as_ref(), Actor::User(&console.user), id, &decision, &app.site.comments, now)
        .await
    {
        Ok(comment) => Ok(back(&form, &format!("Comment {} is now {}.", comment.id.0, comment.state))),
        Err(ModerationError::Forbidden(_)) => Err(ConsoleError::Forbidden),
        Err(ModerationError::Store(error)) => Err(error.into()),
        Err(error) => {
            let (status, message) = moderation_message(&error);
            message_page(&app, &console, status, message, &return_to)
        }
    }
}

/// `POST /admin/comments/bulk`: approve or reject the selected comments.
pub async fn bulk(
    State(app): State<AppState>,
    console: Console,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    check_csrf(&console, form_value(&form, "csrf").unwrap_or_default())?;
    require_moderator(&console)?;
    let action = form_value(&form, "bulk_action").unwrap_or_default();
    let decision = match action {
        "approve" => Decision::Approve,
        "reject" => Decision::Reject {
            reason: form_value(&form, "bulk_reason")
                .unwrap_or("spam")
                .parse::<RejectionReason>()
                .map_err(|_| ConsoleError::NotFound)?,
            note: form_value(&form, "bulk_note").map(str::to_owned),
        },
        _ => return Ok(back(&form, "Choose what to do with the selected comments.")),
    };
    let ids: Vec<CommentId> =
        form.iter().filter(|(k, _)| k == "ids").filter_map(|(_, v)| v.parse().ok()).map(CommentId).collect();
    let now = app.clock.now();
    let (mut done, mut skipped) = (0, Vec::new());
    for id in &ids {
        match moderation::decide(
            app.store.as_ref(),
            Actor::User(&console.user),
            *id,
            &decision,
            &app.site.comments,
            now,
        )
        .await
        {
            Ok(_) => done += 1,
            Err(ModerationError::Store(error)) => return Err(error.into()),
            Err(error) => skipped.push(format!("{}: {}", id.0, moderation_message(&error).1)),
        }
    }
    let mut message =
        format!("{done} of {} comment(s) {}.", ids.len(), if action == "approve" { "approved" } else { "rejected" });
    if !skipped.is_empty() {
        message.push_str(&format!(" Not changed: {}", skipped.join("; ")));
    }
    Ok(back(&form, &message))
}

/// The ban form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BanForm {
    csrf: String,
    days: String,
    reason: String,
    return_to: String,
}

/// `POST /admin/comments/{id}/ban`: bans the commenter of a comment.
pub async fn ban(
    State(app): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(form): Form<BanForm>,
) -> Result<Response, ConsoleError> {
    check_csrf(&console, &form.csrf)?;
    require_moderator(&console)?;
    let id = parse_id(&id)?;
    let days = form.days.trim().parse::<u32>().unwrap_or(0);
    let pairs = vec![("return_to".to_owned(), form.return_to.clone())];
    match moderation::ban(app.store.as_ref(), Actor::User(&console.user), id, days, &form.reason, app.clock.now()).await
    {
        Ok(ban) => {
            Ok(back(&pairs, &format!("The commenter of comment {} is banned for {days} day(s) (ban {ban}).", id.0)))
        }
        Err(ModerationError::Forbidden(_)) => Err(ConsoleError::Forbidden),
        Err(ModerationError::Store(error)) => Err(error.into()),
        Err(error) => {
            let (status, message) = moderation_message(&error);
            message_page(&app, &console, status, message, &form.return_to)
        }
    }
}

/// `GET /admin/bans`
pub async fn bans(
    State(app): State<AppState>,
    console: Console,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    require_moderator(&console)?;
    #[derive(Serialize)]
    struct BanView {
        id: i64,
        reason: String,
        by: String,
        since: String,
        until: String,
        covers: &'static str,
    }
    // A moderator sees the bans of their own desks only.
    let bans = app
        .store
        .active_bans(app.clock.now(), moderated_services(&console).as_deref())
        .await?
        .into_iter()
        .map(|b| BanView {
            id: b.id,
            covers: match (b.by_token, b.by_address) {
                (true, true) => "commenter token and address",
                (true, false) => "commenter token",
                _ => "address",
            },
            reason: b.reason,
            by: b.banned_by,
            since: when(b.created_at),
            until: when(b.until),
        })
        .collect::<Vec<_>>();
    render(&app, &console, "admin/bans.html", "Bans", "bans", flash_text(&flash), bans)
}

/// `POST /admin/bans/{id}/lift`
pub async fn lift_ban(
    State(app): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, ConsoleError> {
    check_csrf(&console, &form.csrf)?;
    require_moderator(&console)?;
    let id = id.parse::<i64>().map_err(|_| ConsoleError::NotFound)?;
    match moderation::unban(app.store.as_ref(), Actor::User(&console.user), id, app.clock.now()).await {
        Ok(()) => Ok(back(&[("return_to".into(), "/admin/bans".into())], &format!("Ban {id} lifted."))),
        Err(ModerationError::NotFound(_)) => Err(ConsoleError::NotFound),
        Err(ModerationError::Forbidden(_)) => Err(ConsoleError::Forbidden),
        Err(error) => Err(ConsoleError::Internal(error.to_string())),
    }
}

/// Filters of the audit log.
#[derive(Debug, Default, Deserialize, Serialize, Clone)]
#[serde(default)]
pub struct AuditQuery {
    actor: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<String>,
}

/// A day of the audit filter, from its start; `None` for anything that is not a plain
/// date of the years 1 to 9999 (an absurd date is an ignored filter, never an overflow).
fn parse_day(text: &Option<String>) -> Option<DateTime<Utc>> {
    let text = text.as_deref()?.trim();
    if text.len() != 10 {
        return None;
    }
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc())
}

/// `GET /admin/audit`: the audit log, newest first, filtered (admins only).
pub async fn audit(
    State(app): State<AppState>,
    console: Console,
    Query(query): Query<AuditQuery>,
) -> Result<Response, ConsoleError> {
    require_admin(&console)?;
    let filter = AuditFilter {
        actor: non_empty(&query.actor),
        action: non_empty(&query.action),
        from: parse_day(&query.from),
        to: parse_day(&query.to).and_then(|d| d.checked_add_signed(chrono::Duration::days(1))),
        before_id: non_empty(&query.before).and_then(|b| b.parse().ok()),
        limit: 101,
    };
    let mut entries = app.store.audit_log(&filter).await?;
    let more = entries.len() > 100;
    entries.truncate(100);
    #[derive(Serialize)]
    struct EntryView {
        id: i64,
        at: String,
        actor: String,
        action: String,
        object: String,
        before: String,
        after: String,
    }
    #[derive(Serialize)]
    struct View {
        entries: Vec<EntryView>,
        next: Option<String>,
        actor: String,
        action: String,
        from: String,
        to: String,
    }
    let next = more.then(|| {
        let mut next = query.clone();
        next.before = entries.last().map(|e| e.id.to_string());
        format!("/admin/audit?{}", serde_urlencoded::to_string(&next).unwrap_or_default())
    });
    let view = View {
        entries: entries
            .into_iter()
            .map(|e| EntryView {
                id: e.id,
                at: when(e.at),
                actor: e.actor,
                action: e.action,
                object: e.object,
                before: e.before.unwrap_or_default(),
                after: e.after.unwrap_or_default(),
            })
            .collect(),
        next,
        actor: non_empty(&query.actor).unwrap_or_default(),
        action: non_empty(&query.action).unwrap_or_default(),
        from: non_empty(&query.from).unwrap_or_default(),
        to: non_empty(&query.to).unwrap_or_default(),
    };
    render(&app, &console, "admin/audit.html", "Audit log", "audit", None, view)
}

#[derive(Serialize)]
struct UserView {
    id: i64,
    name: String,
    role: &'static str,
    services: Vec<String>,
    disabled: bool,
    second_factor: bool,
}

/// `GET /admin/users` (admins only).
pub async fn users(
    State(app): State<AppState>,
    console: Console,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    require_admin(&console)?;
    users_page(&app, &console, flash_text(&flash), None).await
}

async fn users_page(
    app: &App,
    console: &Console,
    flash: Option<String>,
    created: Option<(String, String)>,
) -> Result<Response, ConsoleError> {
    let services = app.services().await?.to_vec();
    let code = |id: &ServiceId| services.iter().find(|s| s.id == *id).map(|s| s.code.clone()).unwrap_or_default();
    let users = app
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| UserView {
            id: u.id.0,
            services: u.services.iter().map(code).collect(),
            role: u.role.as_str(),
            second_factor: u.totp_secret.is_some(),
            disabled: u.disabled,
            name: u.name,
        })
        .collect::<Vec<_>>();
    #[derive(Serialize)]
    struct View {
        users: Vec<UserView>,
        services: Vec<String>,
        created: Option<(String, String)>,
    }
    let view = View { users, services: services.iter().map(|s| s.code.clone()).collect(), created };
    render(app, console, "admin/users.html", "Users", "users", flash, view)
}

/// `POST /admin/users`: adds a user; a generated password is shown once.
pub async fn add_user(
    State(app): State<AppState>,
    console: Console,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    check_csrf(&console, form_value(&form, "csrf").unwrap_or_default())?;
    require_admin(&console)?;
    let name = form_value(&form, "name").unwrap_or_default().trim().to_owned();
    let role = form_value(&form, "role").unwrap_or_default().parse::<Role>();
    let codes: Vec<&str> = form.iter().filter(|(k, _)| k == "services").map(|(_, v)| v.as_str()).collect();
    let services = app.services().await?.to_vec();
    let ids: Vec<ServiceId> = services.iter().filter(|s| codes.contains(&s.code.as_str())).map(|s| s.id).collect();
    let problem = match (&role, auth::validate_user_name(&name)) {
        (Err(e), _) => Some(e.clone()),
        (_, Err(e)) => Some(e.to_string()),
        (Ok(Role::Moderator), _) if ids.is_empty() => Some(auth::AccountError::ModeratorWithoutServices.to_string()),
        _ => None,
    };
    if let Some(problem) = problem {
        let mut response = users_page(&app, &console, Some(format!("Not added: {problem}")), None).await?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    let role = role.map_err(ConsoleError::Internal)?;
    let password = auth::generate_password();
    let password_hash = hash_password(&app, password.clone()).await?;
    let services = if role == Role::Moderator { ids } else { Vec::new() };
    let audit = NewAuditEntry::new(&console.user.name, "user.add", format!("user:{name}"))
        .change(serde_json::json!(null), serde_json::json!({ "role": role.as_str(), "services": codes }));
    match app
        .store
        .create_user(&NewUser { name: name.clone(), role, services, password_hash }, app.clock.now(), &audit)
        .await
    {
        Ok(_) => users_page(&app, &console, None, Some((name, password))).await,
        Err(dateline_core::store::StoreError::Conflict(_)) => {
            let mut response =
                users_page(&app, &console, Some(format!("Not added: the name {name:?} is taken.")), None).await?;
            *response.status_mut() = StatusCode::CONFLICT;
            Ok(response)
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /admin/users/{id}/disable`
pub async fn disable_user(
    State(app): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, ConsoleError> {
    check_csrf(&console, &form.csrf)?;
    require_admin(&console)?;
    let id = UserId(id.parse().map_err(|_| ConsoleError::NotFound)?);
    let user = app.store.user(id).await?.ok_or(ConsoleError::NotFound)?;
    if user.id == console.user.id {
        return Ok(back(&[("return_to".into(), "/admin/users".into())], "You cannot disable your own account."));
    }
    let audit = NewAuditEntry::new(&console.user.name, "user.disable", format!("user:{}", user.name))
        .change(serde_json::json!({ "disabled": false }), serde_json::json!({ "disabled": true }));
    app.store.disable_user(id, app.clock.now(), &audit).await?;
    Ok(back(&[("return_to".into(), "/admin/users".into())], &format!("{} is disabled and signed out.", user.name)))
}

/// `GET /admin/services` (admins only): comment notices and Terms of Use.
pub async fn services(
    State(app): State<AppState>,
    console: Console,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    require_admin(&console)?;
    #[derive(Serialize)]
    struct ServiceView {
        code: String,
        name: String,
        notice: String,
        own_notice: bool,
        terms_version: i64,
        terms: String,
    }
    let mut views = Vec::new();
    for service in app.services().await?.to_vec() {
        let terms = app.store.current_terms(service.id).await?;
        views.push(ServiceView {
            notice: service
                .comment_notice
                .clone()
                .unwrap_or_else(|| app.catalogs.text(&service.language, "comments-notice", &[])),
            own_notice: service.comment_notice.is_some(),
            terms_version: terms.as_ref().map_or(0, |t| t.version),
            terms: terms.map(|t| t.body_markdown).unwrap_or_default(),
            code: service.code,
            name: service.name,
        });
    }
    render(&app, &console, "admin/services.html", "Services", "services", flash_text(&flash), views)
}

async fn service_by_code(app: &App, code: &str) -> Result<Service, ConsoleError> {
    app.services().await?.to_vec().into_iter().find(|s| s.code == code).ok_or(ConsoleError::NotFound)
}

/// The notice form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeForm {
    csrf: String,
    notice: String,
    reset: Option<String>,
}

/// `POST /admin/services/{code}/notice`
pub async fn set_notice(
    State(app): State<AppState>,
    console: Console,
    Path(code): Path<String>,
    Form(form): Form<NoticeForm>,
) -> Result<Response, ConsoleError> {
    check_csrf(&console, &form.csrf)?;
    require_admin(&console)?;
    let service = service_by_code(&app, &code).await?;
    let notice = dateline_core::comment::clean_text(&form.notice);
    let notice = (form.reset.is_none() && !notice.is_empty()).then_some(notice);
    app.store.set_comment_notice(service.id, notice.as_deref(), app.clock.now()).await?;
    let audit = NewAuditEntry::new(&console.user.name, "service.notice", format!("service:{}", service.code)).change(
        serde_json::json!({ "own_notice": service.comment_notice.is_some() }),
        serde_json::json!({ "own_notice": notice.is_some() }),
    );
    app.store.append_audit(&audit, app.clock.now()).await?;
    Ok(back(
        &[("return_to".into(), "/admin/services".into())],
        &format!("The comment notice of {} is saved.", service.code),
    ))
}

/// The terms form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TermsForm {
    csrf: String,
    terms: String,
}

/// `POST /admin/services/{code}/terms`: publishes a new version.
pub async fn publish_terms(
    State(app): State<AppState>,
    console: Console,
    Path(code): Path<String>,
    Form(form): Form<TermsForm>,
) -> Result<Response, ConsoleError> {
    check_csrf(&console, &form.csrf)?;
    require_admin(&console)?;
    let service = service_by_code(&app, &code).await?;
    if form.terms.trim().is_empty() {
        return Ok(back(
            &[("return_to".into(), "/admin/services".into())],
            "Not published: the Terms of Use need a text.",
        ));
    }
    let html = dateline_core::markdown::render_body(&form.terms, &Default::default());
    let now = app.clock.now();
    let version = app.store.publish_terms(service.id, form.terms.trim(), &html, now).await?;
    let audit = NewAuditEntry::new(&console.user.name, "service.terms", format!("service:{}", service.code))
        .change(serde_json::json!({ "version": version - 1 }), serde_json::json!({ "version": version }));
    app.store.append_audit(&audit, now).await?;
    Ok(back(
        &[("return_to".into(), "/admin/services".into())],
        &format!("Version {version} of the Terms of Use of {} is published.", service.code),
    ))
}

#[derive(Serialize)]
struct AccountView {
    second_factor: bool,
    new_secret: Option<String>,
    new_secret_signature: Option<String>,
    otpauth: Option<String>,
    recovery_codes: Vec<String>,
}

/// `GET /admin/account`: password, sessions, second factor.
pub async fn account(
    State(app): State<AppState>,
    console: Console,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    account_page(&app, &console, flash_text(&flash), Vec::new(), StatusCode::OK).await
}

/// The account page again, with why nothing was changed (HTTP 422).
async fn account_refused(app: &App, console: &Console, why: String) -> Result<Response, ConsoleError> {
    account_page(app, console, Some(why), Vec::new(), StatusCode::UNPROCESSABLE_ENTITY).await
}

async fn account_page(
    app: &App,
    console: &Console,
    flash: Option<String>,
    recovery_codes: Vec<String>,
    status: StatusCode,
) -> Result<Response, ConsoleError> {
    let second_factor = console.user.totp_secret.is_some() && recovery_codes.is_empty();
    let (new_secret, signature, otpauth) = if console.user.totp_secret.is_none() && recovery_codes.is_empty() {
        let secret = auth::generate_totp_secret();
        let signature =
            client::sign(&app.form_key().await?, &format!("totp:{}:{secret}", console.user.id.0), app.clock.now());
        let uri = auth::totp_uri(&app.site.name, &console.user.name, &secret);
        (Some(secret), Some(signature), Some(uri))
    } else {
        (None, None, None)
    };
    let view = AccountView {
        second_factor: second_factor || !recovery_codes.is_empty(),
        new_secret,
        new_secret_signature: signature,
        otpauth,
        recovery_codes,
    };
    let mut response = render(app, console, "admin/account.html", "Your account", "account", flash, view)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The password form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    csrf: String,
    current: String,
    new: String,
    again: String,
}

/// Whether a "current password" answer is right. Answers count under the account's own
/// key before they are checked: after [`auth::PASSWORD_CHECK_FAILURES`] wrong ones in
/// [`auth::LOCKOUT_WINDOW`] the session ends (a hijacked or unattended session is no oracle
/// for the password). Wrong answers are audited.
async fn check_current_password(app: &App, console: &Console, password: &str) -> Result<CurrentPassword, ConsoleError> {
    let now = app.clock.now();
    let key = auth::password_check_key(console.user.id);
    let attempt = app.store.record_attempt(&key, now).await?;
    if app.store.attempts_since(&key, now - auth::LOCKOUT_WINDOW).await? > auth::PASSWORD_CHECK_FAILURES {
        app.store.delete_session(&console.session_hash).await?;
        return Ok(CurrentPassword::SessionEnded);
    }
    if verify_password(app, password.to_owned(), console.user.password_hash.clone()).await? {
        app.store.forget_attempts(&[attempt]).await?;
        return Ok(CurrentPassword::Right);
    }
    let name = &console.user.name;
    app.store
        .append_audit(&NewAuditEntry::new(name, "user.password-check-failed", format!("user:{name}")), now)
        .await?;
    Ok(CurrentPassword::Wrong)
}

/// The answer to a "current password" question.
enum CurrentPassword {
    Right,
    Wrong,
    /// Too many wrong answers: the session was ended.
    SessionEnded,
}

/// `POST /admin/account/password`: changes the password and ends every session.
pub async fn change_password(
    State(app): State<AppState>,
    console: Console,
    Form(form): Form<PasswordForm>,
) -> Result<Response, ConsoleError> {
    check_csrf(&console, &form.csrf)?;
    match check_current_password(&app, &console, &form.current).await? {
        CurrentPassword::Right => {}
        CurrentPassword::Wrong => {
            return account_refused(&app, &console, "Not changed: the current password is wrong.".into()).await;
        }
        CurrentPassword::SessionEnded => return Ok(Redirect::to("/admin/login").into_response()),
    }
    if let Err(problem) = auth::validate_password(&form.new) {
        return account_refused(&app, &console, format!("Not changed: {problem}.")).await;
    }
    if form.new != form.again {
        return account_refused(&app, &console, "Not changed: the two new passwords differ.".into()).await;
    }
    let hash = hash_password(&app, form.new).await?;
    let audit = NewAuditEntry::new(&console.user.name, "user.password", format!("user:{}", console.user.name));
    app.store.set_password(console.user.id, &hash, app.clock.now(), &audit).await?;
    Ok(Redirect::to("/admin/login").into_response())
}

/// `POST /admin/account/logout-everywhere`: ends every session of the user.
pub async fn logout_everywhere(
    State(app): State<AppState>,
    console: Console,
    Form(form): Form<CsrfForm>,
) -> Result<Response, ConsoleError> {
    check_csrf(&console, &form.csrf)?;
    let ended = app.store.delete_sessions_of(console.user.id).await?;
    let audit = NewAuditEntry::new(&console.user.name, "user.logout-everywhere", format!("user:{}", console.user.name))
        .change(serde_json::json!({ "sessions": ended }), serde_json::json!({ "sessions": 0 }));
    app.store.append_audit(&audit, app.clock.now()).await?;
    Ok(Redirect::to("/admin/login").into_response())
}

/// The second-factor form: turn on (with the secret shown and a code from the app) or off.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SecondFactorForm {
    csrf: String,
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
    Form(form): Form<SecondFactorForm>,
) -> Result<Response, ConsoleError> {
    check_csrf(&console, &form.csrf)?;
    let now = app.clock.now();
    let user = &console.user;
    match form.action.as_str() {
        "enable" => {
            let signed =
                client::verify(&app.form_key().await?, &format!("totp:{}:{}", user.id.0, form.secret), &form.signature)
                    .is_some();
            let step = auth::totp_step(&form.secret, &form.code, now).filter(|_| signed);
            let Some(step) = step else {
                return account_refused(
                    &app,
                    &console,
                    "Not turned on: that code does not match. Type the current code from your app.".into(),
                )
                .await;
            };
            let codes = auth::generate_recovery_codes(10);
            let hashes: Vec<String> = codes.iter().map(|c| sha256_hex(c)).collect();
            let audit = NewAuditEntry::new(&user.name, "user.second-factor-on", format!("user:{}", user.name))
                .change(serde_json::json!({ "second_factor": false }), serde_json::json!({ "second_factor": true }));
            app.store.set_second_factor(user.id, Some(&form.secret), &hashes, now, &audit).await?;
            // The code that turned it on is used: it cannot sign anyone in.
            app.store.use_totp_step(user.id, step).await?;
            account_page(
                &app,
                &console,
                Some("The second factor is on. Keep these recovery codes somewhere safe: they are shown once.".into()),
                codes,
                StatusCode::OK,
            )
            .await
        }
        "disable" => {
            match check_current_password(&app, &console, &form.password).await? {
                CurrentPassword::Right => {}
                CurrentPassword::Wrong => {
                    return account_refused(&app, &console, "Not turned off: the password is wrong.".into()).await;
                }
                CurrentPassword::SessionEnded => return Ok(Redirect::to("/admin/login").into_response()),
            }
            let audit = NewAuditEntry::new(&user.name, "user.second-factor-off", format!("user:{}", user.name))
                .change(serde_json::json!({ "second_factor": true }), serde_json::json!({ "second_factor": false }));
            app.store.set_second_factor(user.id, None, &[], now, &audit).await?;
            Ok(Redirect::to("/admin/account?done=The+second+factor+is+off.").into_response())
        }
        _ => Err(ConsoleError::NotFound),
    }
}
