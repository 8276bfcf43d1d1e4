//! Accounts: users, their services, sessions, second factors and sign-in attempts.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::accounts::{ApiToken, NewApiToken, NewUser, User, UserId};
use dateline_core::audit::NewAuditEntry;
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::services::ServiceId;
use dateline_core::store::{AccountStore, NewSession, Session, StoreError, StoreResult};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::sql::{DbResult, Sql, SqlStore, db, unreadable};

const USER_COLUMNS: &str =
    "u.id, u.name, u.role, u.password_hash, u.disabled, u.totp_secret, u.created_at, u.console_language";

impl SqlStore {
    async fn user_from_row(&self, row: &AnyRow) -> DbResult<User> {
        let id: i64 = row.try_get("id")?;
        let role: String = row.try_get("role")?;
        let disabled: i64 = row.try_get("disabled")?;
        let services: Vec<i64> =
            sqlx::query_scalar("SELECT service_id FROM user_services WHERE user_id = $1 ORDER BY service_id")
                .bind(id)
                .fetch_all(&self.read)
                .await?;
        Ok(User {
            id: UserId(id),
            name: row.try_get("name")?,
            role: role.parse().map_err(unreadable)?,
            services: services.into_iter().map(ServiceId).collect(),
            password_hash: row.try_get("password_hash")?,
            disabled: disabled != 0,
            totp_secret: row.try_get("totp_secret")?,
            created_at: from_micros(row.try_get("created_at")?),
            console_language: row.try_get("console_language")?,
        })
    }

    async fn find_user(&self, condition: &str, value: impl Into<crate::sql::Value>) -> DbResult<Option<User>> {
        let mut sql = Sql::new(format!("SELECT {USER_COLUMNS} FROM users u WHERE {condition}"));
        sql.bind(value);
        match sql.query().fetch_optional(&self.read).await? {
            Some(row) => Ok(Some(self.user_from_row(&row).await?)),
            None => Ok(None),
        }
    }
}

#[async_trait]
impl AccountStore for SqlStore {
    async fn create_user(&self, new: &NewUser, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<User> {
        db(async {
            let mut tx = self.write.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (name, role, password_hash, created_at, password_changed_at) \
                 VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(&new.name)
            .bind(new.role.as_str())
            .bind(&new.password_hash)
            .bind(to_micros(now))
            .fetch_one(&mut *tx)
            .await?;
            for service in &new.services {
                sqlx::query("INSERT INTO user_services (user_id, service_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(service.0)
                    .execute(&mut *tx)
                    .await?;
            }
            crate::audit::append_in(&mut tx, audit, now).await?;
            tx.commit().await?;
            self.find_user("u.id = ", id).await?.ok_or_else(|| StoreError::NotFound(format!("user {id}")).into())
        })
        .await
    }

    async fn user_by_name(&self, name: &str) -> StoreResult<Option<User>> {
        db(self.find_user("u.name = ", name)).await
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        db(self.find_user("u.id = ", id.0)).await
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        db(async {
            let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.name"))
                .fetch_all(&self.read)
                .await?;
            let mut users = Vec::with_capacity(rows.len());
            for row in &rows {
                users.push(self.user_from_row(row).await?);
            }
            Ok(users)
        })
        .await
    }

    async fn disable_user(&self, id: UserId, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<bool> {
        db(async {
            let mut tx = self.write.begin().await?;
            let done = sqlx::query("UPDATE users SET disabled = 1 WHERE id = $1 AND disabled = 0")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id.0).execute(&mut *tx).await?;
            crate::audit::append_in(&mut tx, audit, now).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    async fn set_password(&self, id: UserId, hash: &str, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<()> {
        db(async {
            let mut tx = self.write.begin().await?;
            sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
                .bind(hash)
                .bind(to_micros(now))
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id.0).execute(&mut *tx).await?;
            crate::audit::append_in(&mut tx, audit, now).await?;
            Ok(tx.commit().await?)
        })
        .await
    }

    async fn set_second_factor(
        &self,
        id: UserId,
        secret: Option<&str>,
        recovery_code_hashes: &[String],
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        db(async {
            let mut tx = self.write.begin().await?;
            sqlx::query("UPDATE users SET totp_secret = $1, totp_last_step = NULL WHERE id = $2")
                .bind(secret)
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(id.0).execute(&mut *tx).await?;
            for hash in recovery_code_hashes {
                sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                    .bind(id.0)
                    .bind(hash)
                    .execute(&mut *tx)
                    .await?;
            }
            crate::audit::append_in(&mut tx, audit, now).await?;
            Ok(tx.commit().await?)
        })
        .await
    }

    async fn set_console_language(&self, id: UserId, language: Option<&str>) -> StoreResult<()> {
        db(async {
            sqlx::query("UPDATE users SET console_language = $1 WHERE id = $2")
                .bind(language)
                .bind(id.0)
                .execute(&self.write)
                .await?;
            Ok(())
        })
        .await
    }

    async fn use_recovery_code(&self, id: UserId, code_hash: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        db(async {
            let done = sqlx::query(
                "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
            )
            .bind(to_micros(now))
            .bind(id.0)
            .bind(code_hash)
            .execute(&self.write)
            .await?;
            Ok(done.rows_affected() == 1)
        })
        .await
    }

    async fn use_totp_step(&self, id: UserId, step: i64) -> StoreResult<bool> {
        db(async {
            // Compare and set: of two sign-ins with the same code, one wins.
            let done = sqlx::query(
                "UPDATE users SET totp_last_step = $1 \
                 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
            )
            .bind(step)
            .bind(id.0)
            .execute(&self.write)
            .await?;
            Ok(done.rows_affected() == 1)
        })
        .await
    }

    async fn create_session(&self, session: &NewSession, now: DateTime<Utc>) -> StoreResult<()> {
        db(async {
            sqlx::query(
                "INSERT INTO sessions (id_hash, user_id, csrf_token, second_factor_due, created_at, last_seen_at) \
                 VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(&session.id_hash)
            .bind(session.user_id.0)
            .bind(&session.csrf_token)
            .bind(i64::from(session.second_factor_due))
            .bind(to_micros(now))
            .execute(&self.write)
            .await?;
            Ok(())
        })
        .await
    }

    async fn session(&self, id_hash: &str) -> StoreResult<Option<Session>> {
        db(async {
            let row = sqlx::query(
                "SELECT user_id, csrf_token, second_factor_due, created_at, last_seen_at FROM sessions \
                 WHERE id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(&self.read)
            .await?;
            let Some(row) = row else { return Ok(None) };
            let user_id: i64 = row.try_get("user_id")?;
            let Some(user) = self.find_user("u.id = ", user_id).await? else { return Ok(None) };
            let due: i64 = row.try_get("second_factor_due")?;
            Ok(Some(Session {
                id_hash: id_hash.to_owned(),
                user,
                csrf_token: row.try_get("csrf_token")?,
                second_factor_due: due != 0,
                created_at: from_micros(row.try_get("created_at")?),
                last_seen_at: from_micros(row.try_get("last_seen_at")?),
            }))
        })
        .await
    }

    async fn touch_session(&self, id_hash: &str, now: DateTime<Utc>, second_factor_done: bool) -> StoreResult<()> {
        db(async {
            let sql = if second_factor_done {
                "UPDATE sessions SET last_seen_at = $1, second_factor_due = 0 WHERE id_hash = $2"
            } else {
                "UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2"
            };
            sqlx::query(sql).bind(to_micros(now)).bind(id_hash).execute(&self.write).await?;
            Ok(())
        })
        .await
    }

    async fn delete_session(&self, id_hash: &str) -> StoreResult<()> {
        db(async {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(&self.write).await?;
            Ok(())
        })
        .await
    }

    async fn delete_sessions_of(&self, id: UserId) -> StoreResult<u64> {
        db(async {
            let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id.0).execute(&self.write).await?;
            Ok(done.rows_affected())
        })
        .await
    }

    async fn record_attempt(&self, key: &str, now: DateTime<Utc>) -> StoreResult<i64> {
        // Committed on its own before the count is read: of N concurrent attempts, the k-th
        // to commit counts at least k, so no more than the limit ever pass.
        db(async {
            Ok(sqlx::query_scalar("INSERT INTO login_attempts (key, at) VALUES ($1, $2) RETURNING id")
                .bind(key)
                .bind(to_micros(now))
                .fetch_one(&self.write)
                .await?)
        })
        .await
    }

    async fn attempts_since(&self, key: &str, since: DateTime<Utc>) -> StoreResult<i64> {
        // Read on the writer: it has seen every attempt committed before this one.
        db(async {
            Ok(sqlx::query_scalar("SELECT COUNT(*) FROM login_attempts WHERE key = $1 AND at >= $2")
                .bind(key)
                .bind(to_micros(since))
                .fetch_one(&self.write)
                .await?)
        })
        .await
    }

    async fn forget_attempts(&self, ids: &[i64]) -> StoreResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        db(async {
            let mut sql = Sql::new("DELETE FROM login_attempts WHERE id IN (");
            sql.bind_list(ids.iter().copied()).push(")");
            sql.query().execute(&self.write).await?;
            Ok(())
        })
        .await
    }

    async fn clear_attempts(&self, key: &str) -> StoreResult<()> {
        db(async {
            sqlx::query("DELETE FROM login_attempts WHERE key = $1").bind(key).execute(&self.write).await?;
            Ok(())
        })
        .await
    }

    async fn create_api_token(
        &self,
        new: &NewApiToken,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<ApiToken> {
        db(async {
            let mut tx = self.write.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO api_tokens (label, service_id, role, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(&new.label)
            .bind(new.service_id.0)
            .bind(new.role.as_str())
            .bind(&new.secret_hash)
            .bind(to_micros(now))
            .fetch_one(&mut *tx)
            .await?;
            crate::audit::append_in(&mut tx, audit, now).await?;
            tx.commit().await?;
            Ok(ApiToken {
                id,
                label: new.label.clone(),
                service_id: new.service_id,
                role: new.role,
                created_at: now,
                revoked_at: None,
                actor_name: format!("token:{}", new.label),
            })
        })
        .await
    }

    async fn api_tokens(&self) -> StoreResult<Vec<ApiToken>> {
        db(async {
            let rows = sqlx::query(&format!("SELECT {TOKEN_COLUMNS} FROM api_tokens ORDER BY label"))
                .fetch_all(&self.read)
                .await?;
            rows.iter().map(token).collect()
        })
        .await
    }

    async fn revoke_api_token(
        &self,
        label: &str,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<Option<bool>> {
        db(async {
            let mut tx = self.write.begin().await?;
            let found: Option<Option<i64>> = sqlx::query_scalar("SELECT revoked_at FROM api_tokens WHERE label = $1")
                .bind(label)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(revoked) = found else { return Ok(None) };
            if revoked.is_none() {
                sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE label = $2")
                    .bind(to_micros(now))
                    .bind(label)
                    .execute(&mut *tx)
                    .await?;
                crate::audit::append_in(&mut tx, audit, now).await?;
            }
            tx.commit().await?;
            Ok(Some(revoked.is_none()))
        })
        .await
    }

    async fn api_token_by_hash(&self, secret_hash: &str) -> StoreResult<Option<ApiToken>> {
        db(async {
            let row = sqlx::query(&format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE secret_hash = $1"))
                .bind(secret_hash)
                .fetch_optional(&self.read)
                .await?;
            row.as_ref().map(token).transpose()
        })
        .await
    }
}

/// Columns read for an API token, in the order [`token`] expects.
const TOKEN_COLUMNS: &str = "id, label, service_id, role, created_at, revoked_at";

fn token(row: &AnyRow) -> DbResult<ApiToken> {
    let role: String = row.try_get("role")?;
    let label: String = row.try_get("label")?;
    Ok(ApiToken {
        id: row.try_get("id")?,
        actor_name: format!("token:{label}"),
        label,
        service_id: ServiceId(row.try_get("service_id")?),
        role: role.parse().map_err(unreadable)?,
        created_at: from_micros(row.try_get("created_at")?),
        revoked_at: row.try_get::<Option<i64>, _>("revoked_at")?.map(from_micros),
    })
}
