//! The change log behind page invalidation: what each write changed on the public site.

use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::{DateTime, Utc};
use dateline_core::clock::to_micros;
use dateline_core::comment::CommentId;
use dateline_core::store::StoreResult;
use sqlx::{Any, Row, Transaction};

use crate::Backend;
use crate::rows::decode_error;
use crate::sql_store::{SqlStore, db_error};

/// The PostgreSQL notification channel of changes.
pub const CHANNEL: &str = "dateline_changes";

/// Records a change inside the transaction that makes it; on PostgreSQL also notifies
/// every listening node (delivered when the transaction commits).
pub(crate) async fn record_in(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    tags: &[String],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if tags.is_empty() {
        return Ok(());
    }
    sqlx::query("INSERT INTO changes (at, tags) VALUES ($1, $2)")
        .bind(to_micros(now))
        .bind(tags.join(" "))
        .execute(&mut **tx)
        .await
        .map_err(db_error("change log"))?;
    if backend == Backend::Postgres {
        sqlx::query(&format!("NOTIFY {CHANNEL}")).execute(&mut **tx).await.map_err(db_error("notify"))?;
    }
    Ok(())
}

/// The pages a change to a public comment affects: its article's, its service's lists
/// (comment counts), and the front page.
pub(crate) async fn comment_tags(tx: &mut Transaction<'_, Any>, id: CommentId) -> StoreResult<Vec<String>> {
    let row =
        sqlx::query("SELECT a.id, a.service_id FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = $1")
            .bind(id.0)
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_error("comment article"))?;
    let Some(row) = row else { return Ok(Vec::new()) };
    let article: i64 = row.try_get("id").map_err(decode_error)?;
    let service: i64 = row.try_get("service_id").map_err(decode_error)?;
    Ok(vec![format!("article:{article}"), format!("list:{service}"), "front".into()])
}

impl SqlStore {
    /// Counts a committed change, so that this process's own cache sees it at once.
    pub(crate) fn committed_change(&self) {
        self.local_changes.fetch_add(1, Ordering::Release);
    }
}

pub async fn changes_since(store: &SqlStore, after: i64) -> StoreResult<Vec<(i64, Vec<String>)>> {
    sqlx::query("SELECT id, tags FROM changes WHERE id > $1 ORDER BY id LIMIT 10000")
        .bind(after)
        .fetch_all(&store.read)
        .await
        .map_err(db_error("change log"))?
        .iter()
        .map(|row| {
            let tags: String = row.try_get("tags").map_err(decode_error)?;
            Ok((row.try_get("id").map_err(decode_error)?, tags.split(' ').map(str::to_owned).collect()))
        })
        .collect()
}

pub async fn latest_change(store: &SqlStore) -> StoreResult<i64> {
    let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM changes")
        .fetch_one(&store.read)
        .await
        .map_err(db_error("change log"))?;
    Ok(id.unwrap_or(0))
}

pub async fn delete_changes_before(store: &SqlStore, cutoff: DateTime<Utc>) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM changes WHERE at < $1")
        .bind(to_micros(cutoff))
        .execute(&store.write)
        .await
        .map_err(db_error("change log"))?;
    Ok(done.rows_affected())
}

/// Waits until another node reports a change (PostgreSQL's NOTIFY) or `timeout` passes.
/// If the notification channel drops, it waits the timeout: the caller's polling is the
/// safe fallback.
pub async fn wait_for_change(store: &SqlStore, timeout: Duration) {
    let Some(listener) = &store.listener else {
        tokio::time::sleep(timeout).await;
        return;
    };
    let mut listener = listener.lock().await;
    match tokio::time::timeout(timeout, listener.recv()).await {
        Ok(Ok(_)) | Err(_) => {}
        Ok(Err(error)) => {
            tracing::warn!(%error, "the change notification channel failed; polling instead");
            drop(listener);
            tokio::time::sleep(timeout).await;
        }
    }
}
