//! The store's side of accounts: users, their services, sessions, login failures.

use chrono::{DateTime, Utc};
use dateline_core::audit::NewAuditEntry;
use dateline_core::auth::{NewUser, User, UserId};
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::service::ServiceId;
use dateline_core::store::{NewSession, Session, StoreResult};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::moderation::append_audit_in;
use crate::rows::decode_error;
use crate::sql_store::{SqlStore, db_error};

const USER_COLUMNS: &str = "u.id, u.name, u.role, u.password_hash, u.disabled, u.totp_secret, u.created_at";

async fn user_from_row(store: &SqlStore, row: &AnyRow) -> StoreResult<User> {
    let id: i64 = row.try_get("id").map_err(decode_error)?;
    let role: String = row.try_get("role").map_err(decode_error)?;
    let disabled: i64 = row.try_get("disabled").map_err(decode_error)?;
    let services: Vec<i64> =
        sqlx::query_scalar("SELECT service_id FROM user_services WHERE user_id = $1 ORDER BY service_id")
            .bind(id)
            .fetch_all(&store.read)
            .await
            .map_err(db_error("user services"))?;
    Ok(User {
        id: UserId(id),
        name: row.try_get("name").map_err(decode_error)?,
        role: role.parse().map_err(decode_error)?,
        services: services.into_iter().map(ServiceId).collect(),
        password_hash: row.try_get("password_hash").map_err(decode_error)?,
        disabled: disabled != 0,
        totp_secret: row.try_get("totp_secret").map_err(decode_error)?,
        created_at: from_micros(row.try_get("created_at").map_err(decode_error)?),
    })
}

pub async fn create_user(
    store: &SqlStore,
    new: &NewUser,
    now: DateTime<Utc>,
    audit: &NewAuditEntry,
) -> StoreResult<User> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(&new.name)
    .bind(new.role.as_str())
    .bind(&new.password_hash)
    .bind(to_micros(now))
    .fetch_one(&mut *tx)
    .await
    .map_err(db_error(&format!("user {:?}", new.name)))?;
    for service in &new.services {
        sqlx::query("INSERT INTO user_services (user_id, service_id) VALUES ($1, $2)")
            .bind(id)
            .bind(service.0)
            .execute(&mut *tx)
            .await
            .map_err(db_error("user service"))?;
    }
    append_audit_in(&mut tx, audit, now).await?;
    tx.commit().await.map_err(db_error("commit"))?;
    user(store, UserId(id)).await?.ok_or_else(|| dateline_core::store::StoreError::NotFound(format!("user {id}")))
}

pub async fn user_by_name(store: &SqlStore, name: &str) -> StoreResult<Option<User>> {
    let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.name = $1"))
        .bind(name)
        .fetch_optional(&store.read)
        .await
        .map_err(db_error("user"))?;
    match row {
        Some(row) => Ok(Some(user_from_row(store, &row).await?)),
        None => Ok(None),
    }
}

pub async fn user(store: &SqlStore, id: UserId) -> StoreResult<Option<User>> {
    let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1"))
        .bind(id.0)
        .fetch_optional(&store.read)
        .await
        .map_err(db_error("user"))?;
    match row {
        Some(row) => Ok(Some(user_from_row(store, &row).await?)),
        None => Ok(None),
    }
}

pub async fn users(store: &SqlStore) -> StoreResult<Vec<User>> {
    let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.name"))
        .fetch_all(&store.read)
        .await
        .map_err(db_error("users"))?;
    let mut users = Vec::with_capacity(rows.len());
    for row in &rows {
        users.push(user_from_row(store, row).await?);
    }
    Ok(users)
}

pub async fn disable_user(
    store: &SqlStore,
    id: UserId,
    audit: &NewAuditEntry,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    let done = sqlx::query("UPDATE users SET disabled = 1 WHERE id = $1 AND disabled = 0")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db_error("user"))?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db_error("sessions"))?;
    append_audit_in(&mut tx, audit, now).await?;
    tx.commit().await.map_err(db_error("commit"))?;
    Ok(true)
}

pub async fn set_password(
    store: &SqlStore,
    id: UserId,
    hash: &str,
    now: DateTime<Utc>,
    audit: &NewAuditEntry,
) -> StoreResult<()> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(to_micros(now))
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db_error("password"))?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db_error("sessions"))?;
    append_audit_in(&mut tx, audit, now).await?;
    tx.commit().await.map_err(db_error("commit"))
}

pub async fn set_second_factor(
    store: &SqlStore,
    id: UserId,
    secret: Option<&str>,
    recovery_code_hashes: &[String],
    audit: &NewAuditEntry,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    sqlx::query("UPDATE users SET totp_secret = $1, totp_last_step = NULL WHERE id = $2")
        .bind(secret)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db_error("second factor"))?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db_error("recovery codes"))?;
    for hash in recovery_code_hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(id.0)
            .bind(hash)
            .execute(&mut *tx)
            .await
            .map_err(db_error("recovery code"))?;
    }
    append_audit_in(&mut tx, audit, now).await?;
    tx.commit().await.map_err(db_error("commit"))
}

pub async fn use_recovery_code(store: &SqlStore, id: UserId, code_hash: &str, now: DateTime<Utc>) -> StoreResult<bool> {
    let done =
        sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL")
            .bind(to_micros(now))
            .bind(id.0)
            .bind(code_hash)
            .execute(&store.write)
            .await
            .map_err(db_error("recovery code"))?;
    Ok(done.rows_affected() == 1)
}

pub async fn create_session(store: &SqlStore, session: &NewSession, now: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, second_factor_due, created_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(&session.id_hash)
    .bind(session.user_id.0)
    .bind(&session.csrf_token)
    .bind(i64::from(session.second_factor_due))
    .bind(to_micros(now))
    .execute(&store.write)
    .await
    .map_err(db_error("session"))?;
    Ok(())
}

pub async fn session(store: &SqlStore, id_hash: &str) -> StoreResult<Option<Session>> {
    let row = sqlx::query(
        "SELECT user_id, csrf_token, second_factor_due, created_at, last_seen_at FROM sessions WHERE id_hash = $1",
    )
    .bind(id_hash)
    .fetch_optional(&store.read)
    .await
    .map_err(db_error("session"))?;
    let Some(row) = row else { return Ok(None) };
    let user_id: i64 = row.try_get("user_id").map_err(decode_error)?;
    let Some(user) = user(store, UserId(user_id)).await? else { return Ok(None) };
    let due: i64 = row.try_get("second_factor_due").map_err(decode_error)?;
    Ok(Some(Session {
        id_hash: id_hash.to_owned(),
        user,
        csrf_token: row.try_get("csrf_token").map_err(decode_error)?,
        second_factor_due: due != 0,
        created_at: from_micros(row.try_get("created_at").map_err(decode_error)?),
        last_seen_at: from_micros(row.try_get("last_seen_at").map_err(decode_error)?),
    }))
}

pub async fn touch_session(
    store: &SqlStore,
    id_hash: &str,
    now: DateTime<Utc>,
    second_factor_done: bool,
) -> StoreResult<()> {
    let sql = if second_factor_done {
        "UPDATE sessions SET last_seen_at = $1, second_factor_due = 0 WHERE id_hash = $2"
    } else {
        "UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2"
    };
    sqlx::query(sql).bind(to_micros(now)).bind(id_hash).execute(&store.write).await.map_err(db_error("session"))?;
    Ok(())
}

pub async fn delete_session(store: &SqlStore, id_hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(&store.write)
        .await
        .map_err(db_error("session"))?;
    Ok(())
}

pub async fn delete_sessions_of(store: &SqlStore, id: UserId) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(id.0)
        .execute(&store.write)
        .await
        .map_err(db_error("sessions"))?;
    Ok(done.rows_affected())
}

pub async fn record_attempt(store: &SqlStore, key: &str, now: DateTime<Utc>) -> StoreResult<i64> {
    // Committed on its own before the count is read: of N concurrent attempts, the k-th to
    // commit counts at least k, so no more than the limit ever pass (see SignInCounts).
    sqlx::query_scalar("INSERT INTO login_attempts (key, at) VALUES ($1, $2) RETURNING id")
        .bind(key)
        .bind(to_micros(now))
        .fetch_one(&store.write)
        .await
        .map_err(db_error("sign-in attempt"))
}

pub async fn attempts_since(store: &SqlStore, key: &str, since: DateTime<Utc>) -> StoreResult<i64> {
    // Read on the writer: it has seen every attempt committed before this one.
    sqlx::query_scalar("SELECT COUNT(*) FROM login_attempts WHERE key = $1 AND at >= $2")
        .bind(key)
        .bind(to_micros(since))
        .fetch_one(&store.write)
        .await
        .map_err(db_error("sign-in attempts"))
}

pub async fn forget_attempts(store: &SqlStore, ids: &[i64]) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let sql = format!("DELETE FROM login_attempts WHERE id IN ({})", crate::sql_store::placeholders(1, ids.len()));
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.execute(&store.write).await.map_err(db_error("sign-in attempts"))?;
    Ok(())
}

pub async fn clear_attempts(store: &SqlStore, key: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM login_attempts WHERE key = $1")
        .bind(key)
        .execute(&store.write)
        .await
        .map_err(db_error("sign-in attempts"))?;
    Ok(())
}

pub async fn use_totp_step(store: &SqlStore, id: UserId, step: i64) -> StoreResult<bool> {
    // Compare and set: of two sign-ins with the same code, one wins.
    let done = sqlx::query(
        "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(id.0)
    .execute(&store.write)
    .await
    .map_err(db_error("second factor"))?;
    Ok(done.rows_affected() == 1)
}
