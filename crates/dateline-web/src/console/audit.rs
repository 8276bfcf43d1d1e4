//! The audit log, newest first, filtered by actor, action and days (admins only).

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use dateline_core::audit::{AuditAction, AuditFilter, AuditObject};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::extract::{Admin, ConsoleError};
use super::render::{ConsolePage, Section, non_empty, render, text, text_with, when};
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
    object_href: Option<String>,
    changes: Vec<Change>,
}

/// One field of an audited object that an action changed (or set, or cleared).
#[derive(Debug, Serialize, PartialEq, Eq)]
struct Change {
    /// The field; empty when the state is a single value.
    field: String,
    before: Option<String>,
    after: Option<String>,
}

/// The console page of an audited object.
fn object_href(object: &str) -> Option<String> {
    Some(match object.parse::<AuditObject>().ok()? {
        AuditObject::Comment(id) => format!("/admin/comments/{}", id.0),
        AuditObject::Article(id) => format!("/admin/stories/{}", id.0),
        AuditObject::User(_) | AuditObject::UnknownUser => "/admin/users".to_owned(),
        AuditObject::Service(_) => "/admin/services".to_owned(),
        AuditObject::Ban(_) => "/admin/bans".to_owned(),
        AuditObject::Token(_) => "/admin/tokens".to_owned(),
        AuditObject::Person(_) => "/admin/people".to_owned(),
    })
}

/// What changed between two states kept as JSON: field by field for objects (fields
/// that stayed the same are left out), whole values otherwise.
fn changes(before: Option<&str>, after: Option<&str>) -> Vec<Change> {
    let read = |text: Option<&str>| text.map(|t| serde_json::from_str::<Value>(t).unwrap_or(Value::String(t.into())));
    let shown = |value: &Value| match value {
        Value::String(text) => text.clone(),
        Value::Null => "none".to_owned(),
        other => other.to_string(),
    };
    match (read(before), read(after)) {
        (None, None) => Vec::new(),
        (Some(Value::Object(old)), Some(Value::Object(new))) => {
            let mut fields: Vec<&String> = old.keys().chain(new.keys()).collect();
            fields.sort();
            fields.dedup();
            fields
                .into_iter()
                .filter(|field| old.get(*field) != new.get(*field))
                .map(|field| Change {
                    field: field.clone(),
                    before: old.get(field).map(shown),
                    after: new.get(field).map(shown),
                })
                .collect()
        }
        (Some(Value::Object(map)), None) | (None, Some(Value::Object(map))) => {
            let was = before.is_some();
            map.iter()
                .map(|(field, value)| Change {
                    field: field.clone(),
                    before: was.then(|| shown(value)),
                    after: (!was).then(|| shown(value)),
                })
                .collect()
        }
        (old, new) => {
            vec![Change { field: String::new(), before: old.as_ref().map(shown), after: new.as_ref().map(shown) }]
        }
    }
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
                object_href: object_href(&e.object),
                object: e.object,
                changes: changes(e.before.as_deref(), e.after.as_deref()),
            })
            .collect(),
        next,
        actor: non_empty(&query.actor).unwrap_or_default(),
        action: non_empty(&query.action).unwrap_or_default(),
        actions: AuditAction::ALL.iter().map(|a| a.as_str()).collect(),
        from: non_empty(&query.from).unwrap_or_default(),
        to: non_empty(&query.to).unwrap_or_default(),
    };
    let flash = (!ignored.is_empty())
        .then(|| text_with(&app, &console.language, "console-flash-not-applied", &[("why", &ignored.join("; "))]));
    let page = ConsolePage {
        template: "console/audit.html",
        title: &text(&app, &console.language, "console-nav-audit"),
        section: Section::Audit,
        flash,
        page: view,
    };
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
    fn a_change_shows_the_fields_that_changed() {
        let found =
            changes(Some(r#"{"state":"pending","edited":false}"#), Some(r#"{"state":"approved","edited":false}"#));
        assert_eq!(
            found,
            [Change { field: "state".into(), before: Some("pending".into()), after: Some("approved".into()) }]
        );
        let set = changes(None, Some(r#"{"days":7}"#));
        assert_eq!(set, [Change { field: "days".into(), before: None, after: Some("7".into()) }]);
        let plain = changes(Some("\"draft\""), Some("\"published\""));
        assert_eq!(plain[0].before.as_deref(), Some("draft"));
        assert_eq!(plain[0].after.as_deref(), Some("published"));
        assert!(changes(None, None).is_empty());
    }

    #[test]
    fn objects_link_to_their_pages() {
        assert_eq!(object_href("comment:12").as_deref(), Some("/admin/comments/12"));
        assert_eq!(object_href("article:3").as_deref(), Some("/admin/stories/3"));
        assert_eq!(object_href("person:kim").as_deref(), Some("/admin/people"));
        assert_eq!(object_href("nothing"), None);
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
