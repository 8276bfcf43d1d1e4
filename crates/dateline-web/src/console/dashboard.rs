//! The dashboard: comments waiting per service and state, how long the oldest has waited,
//! and time to moderation.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::response::Response;
use dateline_core::comments::CommentState;
use dateline_core::moderation;
use serde::Serialize;

use super::extract::{Console, ConsoleError};
use super::render::{ConsolePage, Flash, Section, duration_words, moderated_services, render, text};
use crate::state::AppState;

#[derive(Serialize)]
struct CountRow {
    service: String,
    counts: BTreeMap<String, i64>,
    oldest: Option<String>,
    median: Option<String>,
    p90: Option<String>,
}

/// `GET /admin`: counts per service and state, and time to moderation.
pub async fn dashboard(
    State(app): State<AppState>,
    console: Console,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    let mut rows: BTreeMap<String, CountRow> = BTreeMap::new();
    if console.user.is_moderator() {
        let all = app.services().await?.to_vec();
        for service in all.iter().filter(|s| console.user.can_moderate(s.id)) {
            let counts = ["pending", "reported"].map(|s| (s.to_owned(), 0)).into();
            rows.insert(
                service.code.clone(),
                CountRow { service: service.code.clone(), counts, oldest: None, median: None, p90: None },
            );
        }
        let now = app.clock.now();
        for waiting in app.store.waiting_counts(moderated_services(&console).as_deref()).await? {
            if let Some(row) = rows.get_mut(&waiting.service_code) {
                row.counts.insert(waiting.state.as_str().to_owned(), waiting.count);
                if waiting.state == CommentState::Pending {
                    row.oldest = waiting
                        .oldest
                        .map(|at| duration_words(&app, &console.language, (now - at).num_seconds().max(0)));
                }
            }
        }
        let mut delays: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for delay in app.store.moderation_delays(now - chrono::Duration::days(7)).await? {
            delays.entry(delay.service_code).or_default().push(delay.seconds);
        }
        for (code, seconds) in delays {
            if let (Some(row), Some((median, p90))) = (rows.get_mut(&code), moderation::median_and_p90(seconds)) {
                row.median = Some(duration_words(&app, &console.language, median));
                row.p90 = Some(duration_words(&app, &console.language, p90));
            }
        }
    }
    #[derive(Serialize)]
    struct View {
        rows: Vec<CountRow>,
        states: [&'static str; 2],
    }
    let view = View { rows: rows.into_values().collect(), states: ["pending", "reported"] };
    let page = ConsolePage {
        template: "console/dashboard.html",
        title: &text(&app, &console.language, "console-nav-dashboard"),
        section: Section::Dashboard,
        flash: flash.text(),
        page: view,
    };
    render(&app, &console, page)
}
