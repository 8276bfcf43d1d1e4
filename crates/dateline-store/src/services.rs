//! Services (language desks), their Terms of Use and comment notices, and the site's
//! secrets.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::audit::NewAuditEntry;
use dateline_core::changes::PageTag;
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::services::{NewService, Service, ServiceId};
use dateline_core::store::{NewTerms, ServiceStore, StoreError, StoreResult, Terms};
use sqlx::Row;

use crate::rows::{self, SERVICE_COLUMNS};
use crate::sql::{SqlStore, db};

#[async_trait]
impl ServiceStore for SqlStore {
    async fn create_service(
        &self,
        new: &NewService,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<Service> {
        db(async {
            let mut tx = self.write.begin().await?;
            let row = sqlx::query(&format!(
                "INSERT INTO services (code, name, native_name, language, direction, time_zone, comment_policy, \
                     created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {SERVICE_COLUMNS}"
            ))
            .bind(&new.code)
            .bind(&new.name)
            .bind(&new.native_name)
            .bind(&new.language)
            .bind(new.direction.as_str())
            .bind(new.time_zone.name())
            .bind(new.comment_policy.as_str())
            .bind(to_micros(now))
            .fetch_one(&mut *tx)
            .await?;
            crate::audit::append_in(&mut tx, audit, now).await?;
            crate::changes::record_in(&mut tx, self.backend, &[PageTag::All], now).await?;
            tx.commit().await?;
            self.committed_change();
            rows::service(&row)
        })
        .await
    }

    async fn services(&self) -> StoreResult<Vec<Service>> {
        db(async {
            let rows = sqlx::query(&format!("SELECT {SERVICE_COLUMNS} FROM services ORDER BY id"))
                .fetch_all(&self.read)
                .await?;
            rows.iter().map(rows::service).collect()
        })
        .await
    }

    async fn set_comment_notice(
        &self,
        service: ServiceId,
        notice: Option<&str>,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        self.update_service(service, "comment_notice", crate::sql::Value::Text(notice.map(str::to_owned)), now, audit)
            .await
    }

    async fn set_attack_mode(
        &self,
        service: ServiceId,
        mode: dateline_core::attack::AttackMode,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        // The comment forms of the service change (they ask for a proof, or no longer).
        self.update_service(service, "attack_mode", mode.as_str().into(), now, audit).await
    }

    async fn set_lockdown(
        &self,
        service: ServiceId,
        on: bool,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        // Every page of the service shows its comment section anew.
        self.update_service(service, "locked_down", i64::from(on).into(), now, audit).await
    }

    async fn set_embed_origins(
        &self,
        service: ServiceId,
        origins: &[String],
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        self.update_service(service, "embed_origins", origins.join("\n").into(), now, audit).await
    }

    async fn publish_terms(
        &self,
        service: ServiceId,
        terms: &NewTerms,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<i64> {
        db(async {
            let mut tx = self.write.begin().await?;
            let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM terms_of_use WHERE service_id = $1")
                .bind(service.0)
                .fetch_one(&mut *tx)
                .await?;
            let version = latest.unwrap_or(0) + 1;
            sqlx::query(
                "INSERT INTO terms_of_use (service_id, version, body_markdown, body_html, published_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(service.0)
            .bind(version)
            .bind(&terms.markdown)
            .bind(&terms.html)
            .bind(to_micros(now))
            .execute(&mut *tx)
            .await?;
            crate::audit::append_in(&mut tx, audit, now).await?;
            crate::changes::record_in(&mut tx, self.backend, &[PageTag::Service(service)], now).await?;
            tx.commit().await?;
            self.committed_change();
            Ok(version)
        })
        .await
    }

    async fn current_terms(&self, service: ServiceId) -> StoreResult<Option<Terms>> {
        db(async {
            let row = sqlx::query(
                "SELECT service_id, version, body_markdown, body_html, published_at FROM terms_of_use \
                 WHERE service_id = $1 ORDER BY version DESC LIMIT 1",
            )
            .bind(service.0)
            .fetch_optional(&self.read)
            .await?;
            let Some(row) = row else { return Ok(None) };
            Ok(Some(Terms {
                service_id: ServiceId(row.try_get("service_id")?),
                version: row.try_get("version")?,
                body_markdown: row.try_get("body_markdown")?,
                body_html: row.try_get("body_html")?,
                published_at: from_micros(row.try_get("published_at")?),
            }))
        })
        .await
    }

    async fn secret(&self, name: &str, now: DateTime<Utc>) -> StoreResult<String> {
        db(async {
            // Insert-if-absent, then read: every node ends up with the same value.
            sqlx::query(
                "INSERT INTO secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind(hex::encode(rand::random::<[u8; 32]>()))
            .bind(to_micros(now))
            .execute(&self.write)
            .await?;
            Ok(sqlx::query_scalar("SELECT value FROM secrets WHERE name = $1")
                .bind(name)
                .fetch_one(&self.write)
                .await?)
        })
        .await
    }

    async fn delete_secret(&self, name: &str) -> StoreResult<()> {
        db(async {
            sqlx::query("DELETE FROM secrets WHERE name = $1").bind(name).execute(&self.write).await?;
            Ok(())
        })
        .await
    }

    async fn delete_secrets_before(&self, prefix: &str, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        db(async {
            let done = sqlx::query("DELETE FROM secrets WHERE name LIKE $1 AND created_at < $2")
                .bind(format!("{prefix}%"))
                .bind(to_micros(cutoff))
                .execute(&self.write)
                .await?;
            Ok(done.rows_affected())
        })
        .await
    }

    async fn address_secrets(&self) -> StoreResult<Vec<String>> {
        db(async {
            Ok(sqlx::query_scalar("SELECT value FROM secrets WHERE name LIKE 'address:%' ORDER BY name DESC")
                .fetch_all(&self.read)
                .await?)
        })
        .await
    }

    async fn ping(&self) -> StoreResult<()> {
        db(async {
            sqlx::query("SELECT 1").execute(&self.read).await?;
            Ok(())
        })
        .await
    }

    fn pool_usage(&self) -> Vec<(&'static str, u32, u32)> {
        let idle = |pool: &sqlx::AnyPool| u32::try_from(pool.num_idle()).unwrap_or(u32::MAX);
        vec![("read", self.read.size(), idle(&self.read)), ("write", self.write.size(), idle(&self.write))]
    }

    async fn schema_is_current(&self) -> StoreResult<bool> {
        db(async {
            let applied: Vec<i64> =
                sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(&self.read).await?;
            let known: Vec<i64> = self.backend.migration_versions();
            Ok(applied.len() == known.len() && known.iter().all(|version| applied.contains(version)))
        })
        .await
    }
}

impl SqlStore {
    /// Sets one column of a service, audited, and drops the service's pages on every node,
    /// in one transaction. `column` is one of this file's literals, never input.
    async fn update_service(
        &self,
        service: ServiceId,
        column: &'static str,
        value: crate::sql::Value,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        db(async {
            let mut tx = self.write.begin().await?;
            let mut sql = crate::sql::Sql::new(format!("UPDATE services SET {column} = "));
            sql.bind(value).push(" WHERE id = ").bind(service.0);
            let done = sql.query().execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound(format!("service {}", service.0)).into());
            }
            crate::audit::append_in(&mut tx, audit, now).await?;
            crate::changes::record_in(&mut tx, self.backend, &[PageTag::Service(service)], now).await?;
            tx.commit().await?;
            self.committed_change();
            Ok(())
        })
        .await
    }
}
