//! The audit log, newest first, filtered by actor, action and days (admins only).

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use dateline_core::audit::{AuditAction, AuditFilter};
use serde::{Deserialize, Serialize};

use super::extract::{Admin, ConsoleError};
use super::render::{ConsolePage, Section, non_empty, render, when};
use crate::state::AppState;

/// Entries per page.
const AUDIT_PAGE: u32 = 100;

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

/// A day of the filter, from its start: a plain date of the years 1 to 9999 (an absurd
/// date is refused here, never an overflow further on).
fn parse_day(text: &str) -> Result<DateTime<Utc>, String> {
    let not_a_day = || format!("{text:?} is not a day (YYYY-MM-DD)");
    if text.len() != 10 {
        return Err(not_a_day());
    }
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| not_a_day())?;
    Ok(day.and_hms_opt(0, 0, 0).ok_or_else(not_a_day)?.and_utc())
}

/// The filter a query asks for, and what in it could not be applied.
fn filter_of(query: &AuditQuery) -> (AuditFilter, Vec<String>) {
    let mut ignored = Vec::new();
    let action = non_empty(&query.action).and_then(|a| a.parse::<AuditAction>().map_err(|why| ignored.push(why)).ok());
    let mut day =
        |field: &Option<String>| non_empty(field).and_then(|d| parse_day(&d).map_err(|why| ignored.push(why)).ok());
    let from = day(&query.from);
    let to = day(&query.to).and_then(|d| d.checked_add_signed(chrono::Duration::days(1)));
    let filter = AuditFilter {
        actor: non_empty(&query.actor),
        action,
        from,
        to,
        before_id: non_empty(&query.before).and_then(|b| b.parse().ok()),
        limit: AUDIT_PAGE + 1,
    };
    (filter, ignored)
}

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
struct AuditView {
    entries: Vec<EntryView>,
    next: Option<String>,
    actor: String,
    action: String,
    actions: Vec<&'static str>,
    from: String,
    to: String,
}

/// `GET /admin/audit`: the audit log, newest first, filtered (admins only). A filter that
/// cannot be read is named above the log and not applied.
pub async fn audit(
    State(app): State<AppState>,
    Admin(console): Admin,
    Query(query): Query<AuditQuery>,
) -> Result<Response, ConsoleError> {
    let (filter, ignored) = filter_of(&query);
    let mut entries = app.store.audit_log(&filter).await?;
    let more = entries.len() > AUDIT_PAGE as usize;
    entries.truncate(AUDIT_PAGE as usize);
    let next = more.then(|| {
        let next = AuditQuery { before: entries.last().map(|e| e.id.to_string()), ..query.clone() };
        format!("/admin/audit?{}", serde_urlencoded::to_string(&next).unwrap_or_default())
    });
    let view = AuditView {
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
        actions: AuditAction::ALL.iter().map(|a| a.as_str()).collect(),
        from: non_empty(&query.from).unwrap_or_default(),
        to: non_empty(&query.to).unwrap_or_default(),
    };
    let flash = (!ignored.is_empty()).then(|| format!("Not applied: {}.", ignored.join("; ")));
    let page =
        ConsolePage { template: "console/audit.html", title: "Audit log", section: Section::Audit, flash, page: view };
    render(&app, &console, page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_plain_dates_of_four_digit_years() {
        assert_eq!(parse_day("2026-12-02").unwrap().to_rfc3339(), "2026-12-02T00:00:00+00:00");
        for bad in ["+262142-12-31", "-262143-01-01", "2026-13-01", "yesterday", "2026-1-1"] {
            assert!(parse_day(bad).unwrap_err().contains(bad), "{bad}");
        }
    }

    #[test]
    fn unreadable_filters_are_named_and_left_out() {
        let query = AuditQuery {
            action: Some("comment.explode".into()),
            from: Some("2026-12-01".into()),
            to: Some("soon".into()),
            ..Default::default()
        };
        let (filter, ignored) = filter_of(&query);
        assert_eq!(filter.action, None);
        assert!(filter.from.is_some() && filter.to.is_none());
        assert_eq!(ignored.len(), 2, "{ignored:?}");
        assert!(ignored[0].contains("comment.explode") && ignored[1].contains("soon"));
    }
}
