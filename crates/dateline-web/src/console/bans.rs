//! The bans in force, and lifting one.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use dateline_core::comments::ModerationError;
use dateline_core::moderation::{self, Actor};
use serde::Serialize;

use super::extract::{ConsoleError, CsrfForm, Moderator, NoFields};
use super::render::{ConsolePage, Flash, Section, back, moderated_services, render, text, text_with, when};
use crate::state::AppState;

#[derive(Serialize)]
struct BanView {
    id: i64,
    reason: String,
    by: String,
    since: String,
    until: String,
    covers: &'static str,
}

/// `GET /admin/bans`: the bans in force (a moderator sees those of their own desks).
pub async fn bans(
    State(app): State<AppState>,
    Moderator(console): Moderator,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    let bans: Vec<BanView> = app
        .store
        .active_bans(app.clock.now(), moderated_services(&console).as_deref())
        .await?
        .into_iter()
        .map(|b| BanView {
            id: b.id,
            covers: match (b.by_token, b.by_address) {
                (true, true) => "token-and-address",
                (true, false) => "token",
                _ => "address",
            },
            reason: b.reason,
            by: b.banned_by,
            since: when(b.created_at),
            until: when(b.until),
        })
        .collect();
    let page = ConsolePage {
        template: "console/bans.html",
        title: &text(&app, &console.language, "console-nav-bans"),
        section: Section::Bans,
        flash: flash.text(),
        page: bans,
    };
    render(&app, &console, page)
}

/// `POST /admin/bans/{id}/lift`
pub async fn lift_ban(
    State(app): State<AppState>,
    Moderator(console): Moderator,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, ConsoleError> {
    let id = id.parse::<i64>().map_err(|_| ConsoleError::NotFound)?;
    match moderation::unban(app.store.as_ref(), Actor::User(&console.user), id, app.clock.now()).await {
        Ok(()) => Ok(back(
            Some("/admin/bans"),
            &text_with(&app, &console.language, "console-flash-ban-lifted", &[("id", &id.to_string())]),
        )),
        Err(ModerationError::NotFound(_)) => Err(ConsoleError::NotFound),
        Err(ModerationError::Forbidden(_)) => Err(ConsoleError::Forbidden),
        Err(ModerationError::Store(error)) => Err(error.into()),
        Err(error) => Err(ConsoleError::Internal(error.to_string())),
    }
}
