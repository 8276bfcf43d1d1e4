//! The change log behind page invalidation: what each write changed on the public site.

use std::sync::atomic::Ordering;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::changes::{Change, PageTag};
use dateline_core::clock::to_micros;
use dateline_core::comments::CommentId;
use dateline_core::services::ServiceId;
use dateline_core::store::{ChangeFeed, StoreResult};
use sqlx::{Any, Row, Transaction};

use crate::Backend;
use crate::sql::{DbResult, SqlStore, db, unreadable};

/// The PostgreSQL notification channel of changes.
pub const CHANNEL: &str = "dateline_changes";

/// Records a change inside the transaction that makes it; on PostgreSQL also notifies
/// every listening node (delivered when the transaction commits).
pub(crate) async fn record_in(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    tags: &[PageTag],
    now: DateTime<Utc>,
) -> DbResult<()> {
    if tags.is_empty() {
        return Ok(());
    }
    let text: Vec<String> = tags.iter().map(ToString::to_string).collect();
    sqlx::query("INSERT INTO changes (at, tags) VALUES ($1, $2)")
        .bind(to_micros(now))
        .bind(text.join(" "))
        .execute(&mut **tx)
        .await?;
    if backend == Backend::Postgres {
        sqlx::query(&format!("NOTIFY {CHANNEL}")).execute(&mut **tx).await?;
    }
    Ok(())
}

/// The pages a change to a comment affects (see [`dateline_core::changes::comment_pages`]).
pub(crate) async fn comment_pages(tx: &mut Transaction<'_, Any>, id: CommentId) -> DbResult<Vec<PageTag>> {
    let row =
        sqlx::query("SELECT a.id, a.service_id FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = $1")
            .bind(id.0)
            .fetch_optional(&mut **tx)
            .await?;
    let Some(row) = row else { return Ok(Vec::new()) };
    let article = dateline_core::ArticleId(row.try_get("id")?);
    let service = ServiceId(row.try_get("service_id")?);
    Ok(dateline_core::changes::comment_pages(article, service))
}

impl SqlStore {
    /// Counts a committed change, so that this process's own cache sees it at once.
    pub(crate) fn committed_change(&self) {
        self.local_changes.fetch_add(1, Ordering::Release);
    }
}

#[async_trait]
impl ChangeFeed for SqlStore {
    async fn changes_since(&self, after: i64) -> StoreResult<Vec<Change>> {
        db(async {
            let rows = sqlx::query("SELECT id, tags FROM changes WHERE id > $1 ORDER BY id LIMIT 10000")
                .bind(after)
                .fetch_all(&self.read)
                .await?;
            rows.iter()
                .map(|row| {
                    let tags: String = row.try_get("tags")?;
                    let tags =
                        tags.split(' ').map(str::parse).collect::<Result<Vec<PageTag>, _>>().map_err(unreadable)?;
                    Ok(Change { id: row.try_get("id")?, tags })
                })
                .collect()
        })
        .await
    }

    async fn latest_change(&self) -> StoreResult<i64> {
        db(async {
            let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM changes").fetch_one(&self.read).await?;
            Ok(id.unwrap_or(0))
        })
        .await
    }

    async fn delete_changes_before(&self, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        db(async {
            let done =
                sqlx::query("DELETE FROM changes WHERE at < $1").bind(to_micros(cutoff)).execute(&self.write).await?;
            Ok(done.rows_affected())
        })
        .await
    }

    /// Waits until another node reports a change (PostgreSQL's NOTIFY) or `timeout`
    /// passes. If the notification channel drops, it waits the timeout: the caller's
    /// polling is the safe fallback.
    async fn wait_for_change(&self, timeout: Duration) {
        let Some(listener) = &self.listener else {
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

    fn local_change_count(&self) -> u64 {
        self.local_changes.load(Ordering::Acquire)
    }
}
