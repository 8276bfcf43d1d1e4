//! Word lists, per service.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::audit::NewAuditEntry;
use dateline_core::clock::to_micros;
use dateline_core::comments::RejectionReason;
use dateline_core::services::ServiceId;
use dateline_core::store::{StoreResult, WordStore};
use dateline_core::words::{WordAction, WordEntry};
use sqlx::Row;

use crate::sql::{SqlStore, db, unreadable};

#[async_trait]
impl WordStore for SqlStore {
    async fn word_entries(&self, service: ServiceId) -> StoreResult<Vec<WordEntry>> {
        db(async {
            let rows = sqlx::query("SELECT entry, action, reason FROM word_entries WHERE service_id = $1 ORDER BY id")
                .bind(service.0)
                .fetch_all(&self.read)
                .await?;
            rows.iter()
                .map(|row| {
                    let action: String = row.try_get("action")?;
                    let reason: Option<String> = row.try_get("reason")?;
                    Ok(WordEntry {
                        entry: row.try_get("entry")?,
                        action: action.parse::<WordAction>().map_err(unreadable)?,
                        reason: reason.map(|r| r.parse::<RejectionReason>()).transpose().map_err(unreadable)?,
                    })
                })
                .collect()
        })
        .await
    }

    async fn add_word_entries(
        &self,
        service: ServiceId,
        entries: &[WordEntry],
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        db(async {
            let mut tx = self.write.begin().await?;
            for entry in entries {
                sqlx::query(
                    "INSERT INTO word_entries (service_id, entry, action, reason, created_at) \
                     VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (service_id, entry) DO UPDATE SET action = excluded.action, reason = excluded.reason",
                )
                .bind(service.0)
                .bind(&entry.entry)
                .bind(entry.action.as_str())
                .bind(entry.reason.map(RejectionReason::as_str))
                .bind(to_micros(now))
                .execute(&mut *tx)
                .await?;
            }
            crate::audit::append_in(&mut tx, audit, now).await?;
            tx.commit().await?;
            self.committed_change();
            Ok(())
        })
        .await
    }

    async fn remove_word_entries(
        &self,
        service: ServiceId,
        entries: &[String],
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<u64> {
        db(async {
            let mut tx = self.write.begin().await?;
            let mut removed = 0;
            for entry in entries {
                let done = sqlx::query("DELETE FROM word_entries WHERE service_id = $1 AND entry = $2")
                    .bind(service.0)
                    .bind(entry)
                    .execute(&mut *tx)
                    .await?;
                removed += done.rows_affected();
            }
            crate::audit::append_in(&mut tx, audit, now).await?;
            tx.commit().await?;
            self.committed_change();
            Ok(removed)
        })
        .await
    }
}
