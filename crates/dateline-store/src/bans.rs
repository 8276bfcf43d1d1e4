//! Bans of commenters: each belongs to the desk of the comment it was made from.

use std::collections::HashSet;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::audit::NewAuditEntry;
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::comments::CommentId;
use dateline_core::services::ServiceId;
use dateline_core::store::{Ban, BanStore, StoreResult};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::sql::{DbResult, Sql, SqlStore, db};

const BAN_COLUMNS: &str = "id, reason, banned_by, created_at, until, commenter_hash, address_hash, service_id";

fn ban_from_row(row: &AnyRow) -> DbResult<Ban> {
    let token: Option<String> = row.try_get("commenter_hash")?;
    let address: Option<String> = row.try_get("address_hash")?;
    let service: Option<i64> = row.try_get("service_id")?;
    Ok(Ban {
        id: row.try_get("id")?,
        reason: row.try_get("reason")?,
        banned_by: row.try_get("banned_by")?,
        created_at: from_micros(row.try_get("created_at")?),
        until: from_micros(row.try_get("until")?),
        by_token: token.is_some(),
        by_address: address.is_some(),
        service_id: service.map(ServiceId),
    })
}

impl SqlStore {
    /// Whether any ban is in force, remembered for a second (see `SqlStore::bans_seen`).
    pub(crate) async fn any_ban(&self, now: DateTime<Utc>) -> DbResult<bool> {
        if let Ok(seen) = self.bans_seen.lock()
            && let Some((at, any)) = *seen
            && at.elapsed() < std::time::Duration::from_secs(1)
        {
            return Ok(any);
        }
        let any: Option<i64> = sqlx::query_scalar("SELECT id FROM bans WHERE lifted_at IS NULL AND until > $1 LIMIT 1")
            .bind(to_micros(now))
            .fetch_optional(&self.read)
            .await?;
        if let Ok(mut seen) = self.bans_seen.lock() {
            *seen = Some((std::time::Instant::now(), any.is_some()));
        }
        Ok(any.is_some())
    }

    fn forget_bans_seen(&self) {
        if let Ok(mut seen) = self.bans_seen.lock() {
            *seen = None;
        }
    }

    /// The token and address hashes among these that a ban in force names (for the queue).
    pub(crate) async fn banned_hashes(
        &self,
        commenters: &[String],
        addresses: &[String],
        now: DateTime<Utc>,
    ) -> DbResult<HashSet<String>> {
        let mut banned = HashSet::new();
        if (commenters.is_empty() && addresses.is_empty()) || !self.any_ban(now).await? {
            return Ok(banned);
        }
        let rows = sqlx::query("SELECT commenter_hash, address_hash FROM bans WHERE lifted_at IS NULL AND until > $1")
            .bind(to_micros(now))
            .fetch_all(&self.read)
            .await?;
        for row in rows {
            let token: Option<String> = row.try_get("commenter_hash")?;
            let address: Option<String> = row.try_get("address_hash")?;
            banned.extend(token.filter(|t| commenters.contains(t)));
            banned.extend(address.filter(|a| addresses.contains(a)));
        }
        Ok(banned)
    }
}

#[async_trait]
impl BanStore for SqlStore {
    async fn ban_commenter_of(
        &self,
        id: CommentId,
        until: DateTime<Utc>,
        reason: &str,
        by: &str,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<Option<i64>> {
        db(async {
            let mut tx = self.write.begin().await?;
            let row = sqlx::query(
                "SELECT c.commenter_hash, c.address_hash, a.service_id FROM comments c \
                 JOIN articles a ON a.id = c.article_id WHERE c.id = $1",
            )
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else { return Ok(None) };
            let commenter: Option<String> = row.try_get("commenter_hash")?;
            let address: Option<String> = row.try_get("address_hash")?;
            let service: i64 = row.try_get("service_id")?;
            if commenter.is_none() && address.is_none() {
                return Ok(None);
            }
            // The ban belongs to the desk of the comment it was made from.
            let ban: i64 = sqlx::query_scalar(
                "INSERT INTO bans (commenter_hash, address_hash, reason, banned_by, created_at, until, service_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(commenter)
            .bind(address)
            .bind(reason)
            .bind(by)
            .bind(to_micros(now))
            .bind(to_micros(until))
            .bind(service)
            .fetch_one(&mut *tx)
            .await?;
            crate::audit::append_in(&mut tx, audit, now).await?;
            tx.commit().await?;
            self.forget_bans_seen();
            Ok(Some(ban))
        })
        .await
    }

    async fn lift_ban(&self, ban: i64, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<bool> {
        db(async {
            let mut tx = self.write.begin().await?;
            let done = sqlx::query("UPDATE bans SET lifted_at = $1 WHERE id = $2 AND lifted_at IS NULL AND until > $1")
                .bind(to_micros(now))
                .bind(ban)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            crate::audit::append_in(&mut tx, audit, now).await?;
            tx.commit().await?;
            self.forget_bans_seen();
            Ok(true)
        })
        .await
    }

    async fn ban(&self, id: i64) -> StoreResult<Option<Ban>> {
        db(async {
            let row = sqlx::query(&format!("SELECT {BAN_COLUMNS} FROM bans WHERE id = $1"))
                .bind(id)
                .fetch_optional(&self.read)
                .await?;
            row.as_ref().map(ban_from_row).transpose()
        })
        .await
    }

    async fn active_bans(&self, now: DateTime<Utc>, services: Option<&[ServiceId]>) -> StoreResult<Vec<Ban>> {
        if services.is_some_and(<[ServiceId]>::is_empty) {
            return Ok(Vec::new());
        }
        db(async {
            let mut sql = Sql::new(format!("SELECT {BAN_COLUMNS} FROM bans WHERE lifted_at IS NULL AND until > "));
            sql.bind(to_micros(now));
            if let Some(services) = services {
                sql.push(" AND service_id IN (").bind_list(services.iter().map(|s| s.0)).push(")");
            }
            sql.push(" ORDER BY id DESC");
            let rows = sql.query().fetch_all(&self.read).await?;
            rows.iter().map(ban_from_row).collect()
        })
        .await
    }

    async fn is_banned(
        &self,
        commenter_hash: &str,
        address_hashes: &[String],
        service: ServiceId,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        db(async {
            if !self.any_ban(now).await? {
                return Ok(false);
            }
            // A desk's bans, and those from before desks were recorded (NULL), which apply everywhere.
            let mut sql = Sql::new("SELECT COUNT(*) FROM bans WHERE lifted_at IS NULL AND until > ");
            sql.bind(to_micros(now)).push(" AND (service_id = ").bind(service.0).push(" OR service_id IS NULL)");
            sql.push(" AND (commenter_hash = ").bind(commenter_hash);
            for hash in address_hashes {
                sql.push(" OR address_hash = ").bind(hash);
            }
            sql.push(")");
            Ok(sql.scalar::<i64>().fetch_one(&self.read).await? > 0)
        })
        .await
    }
}
