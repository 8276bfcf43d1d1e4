//! The audit log: appended inside the transactions of the changes it records, and read
//! back by the console.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::audit::{AuditEntry, AuditFilter, NewAuditEntry};
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::store::{AuditStore, StoreResult};
use sqlx::{Any, Row, Transaction};

use crate::sql::{DbResult, Sql, SqlStore, db};

/// Appends an audit entry inside a transaction (the change it records is in the same one).
pub(crate) async fn append_in(
    tx: &mut Transaction<'_, Any>,
    entry: &NewAuditEntry,
    now: DateTime<Utc>,
) -> DbResult<()> {
    sqlx::query("INSERT INTO audit_log (at, actor, action, object, before, after) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(to_micros(now))
        .bind(&entry.actor)
        .bind(entry.action.as_str())
        .bind(entry.object.to_string())
        .bind(entry.before.as_ref().map(ToString::to_string))
        .bind(entry.after.as_ref().map(ToString::to_string))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[async_trait]
impl AuditStore for SqlStore {
    async fn append_audit(&self, entry: &NewAuditEntry, now: DateTime<Utc>) -> StoreResult<()> {
        db(async {
            let mut tx = self.write.begin().await?;
            append_in(&mut tx, entry, now).await?;
            Ok(tx.commit().await?)
        })
        .await
    }

    async fn audit_log(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        db(async {
            let mut sql = Sql::new("SELECT id, at, actor, action, object, before, after FROM audit_log WHERE 1 = 1");
            if let Some(actor) = &filter.actor {
                sql.push(" AND actor = ").bind(actor);
            }
            if let Some(action) = filter.action {
                sql.push(" AND action = ").bind(action.as_str());
            }
            if let Some(from) = filter.from {
                sql.push(" AND at >= ").bind(to_micros(from));
            }
            if let Some(to) = filter.to {
                sql.push(" AND at < ").bind(to_micros(to));
            }
            if let Some(before) = filter.before_id {
                sql.push(" AND id < ").bind(before);
            }
            sql.push(" ORDER BY id DESC LIMIT ").bind(i64::from(filter.limit.max(1)));
            let rows = sql.query().fetch_all(&self.read).await?;
            rows.iter()
                .map(|row| {
                    Ok(AuditEntry {
                        id: row.try_get("id")?,
                        at: from_micros(row.try_get("at")?),
                        actor: row.try_get("actor")?,
                        action: row.try_get("action")?,
                        object: row.try_get("object")?,
                        before: row.try_get("before")?,
                        after: row.try_get("after")?,
                    })
                })
                .collect()
        })
        .await
    }
}
