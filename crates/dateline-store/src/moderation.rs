//! Moderation: decisions on comments (compare and set, audited in the same transaction),
//! moderators' edits with every version kept, readers' reports, the queue with what a
//! moderator needs to decide, and the console's counts.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::audit::NewAuditEntry;
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::comments::{CommentId, CommentState};
use dateline_core::services::ServiceId;
use dateline_core::store::{
    CommentVersion, CommenterRecord, ModerationDelay, ModerationStore, ParentComment, QueueFilter, QueueItem,
    ReportSummary, StoreResult, WaitingCount,
};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::rows::{self, COMMENT_COLUMNS};
use crate::sql::{DbResult, Sql, SqlStore, db, unreadable};

/// A queue row before the page-wide lookups.
struct QueueRow {
    comment: dateline_core::comments::Comment,
    commenter: Option<String>,
    address: Option<String>,
    text_hash: Option<String>,
    service_code: String,
    article_slug: String,
    article_headline: String,
    published: Option<i64>,
}

fn queue_row(row: &AnyRow) -> DbResult<QueueRow> {
    Ok(QueueRow {
        comment: rows::comment(row)?,
        commenter: row.try_get("commenter_hash")?,
        address: row.try_get("address_hash")?,
        text_hash: row.try_get("text_hash")?,
        service_code: row.try_get("service_code")?,
        article_slug: row.try_get("article_slug")?,
        article_headline: row.try_get("article_headline")?,
        published: row.try_get("article_published_at")?,
    })
}

fn distinct(mut values: Vec<String>) -> Vec<String> {
    values.sort();
    values.dedup();
    values
}

/// SUM over no rows is NULL; over integers it is an integer on SQLite and a NUMERIC on
/// PostgreSQL, which the queries avoid by summing CASE expressions of integers.
const RECORD_SUMS: &str = "SUM(CASE WHEN state IN ('approved', 'reported') THEN 1 ELSE 0 END) AS approved, \
     SUM(CASE WHEN state = 'rejected' THEN 1 ELSE 0 END) AS rejected";

fn record(row: &AnyRow) -> DbResult<CommenterRecord> {
    Ok(CommenterRecord {
        approved: row.try_get::<Option<i64>, _>("approved")?.unwrap_or(0),
        rejected: row.try_get::<Option<i64>, _>("rejected")?.unwrap_or(0),
    })
}

impl SqlStore {
    /// Approved and rejected comments per value of `column` (a hash), for the values given.
    async fn record_by(&self, column: &str, values: &[String]) -> DbResult<HashMap<String, CommenterRecord>> {
        if values.is_empty() {
            return Ok(HashMap::new());
        }
        let mut sql = Sql::new(format!("SELECT {column} AS k, {RECORD_SUMS} FROM comments WHERE {column} IN ("));
        sql.bind_list(values).push(&format!(") GROUP BY {column}"));
        let rows = sql.query().fetch_all(&self.read).await?;
        rows.iter().map(|row| Ok((row.try_get::<String, _>("k")?, record(row)?))).collect()
    }

    /// Comments counted under both their token and their address (to count them once).
    async fn record_by_pair(
        &self,
        commenters: &[String],
        addresses: &[String],
    ) -> DbResult<HashMap<(String, String), CommenterRecord>> {
        if commenters.is_empty() || addresses.is_empty() {
            return Ok(HashMap::new());
        }
        let mut sql = Sql::new(format!(
            "SELECT commenter_hash, address_hash, {RECORD_SUMS} FROM comments WHERE commenter_hash IN ("
        ));
        sql.bind_list(commenters).push(") AND address_hash IN (").bind_list(addresses);
        sql.push(") GROUP BY commenter_hash, address_hash");
        let rows = sql.query().fetch_all(&self.read).await?;
        rows.iter()
            .map(|row| Ok(((row.try_get("commenter_hash")?, row.try_get("address_hash")?), record(row)?)))
            .collect()
    }

    /// How many comments have each of these text hashes.
    async fn same_texts(&self, texts: &[String]) -> DbResult<HashMap<String, i64>> {
        if texts.is_empty() {
            return Ok(HashMap::new());
        }
        let mut sql = Sql::new("SELECT text_hash, COUNT(*) AS n FROM comments WHERE text_hash IN (");
        sql.bind_list(texts).push(") GROUP BY text_hash");
        let rows = sql.query().fetch_all(&self.read).await?;
        rows.iter().map(|row| Ok((row.try_get("text_hash")?, row.try_get("n")?))).collect()
    }

    /// The comments these comments answer.
    async fn parents(&self, ids: &[i64]) -> DbResult<HashMap<i64, ParentComment>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut sql = Sql::new("SELECT id, author_name, text FROM comments WHERE id IN (");
        sql.bind_list(ids.iter().copied()).push(")");
        let rows = sql.query().fetch_all(&self.read).await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("id")?,
                    ParentComment { name: row.try_get("author_name")?, text: row.try_get("text")? },
                ))
            })
            .collect()
    }

    /// The reports of these comments: how many, and the latest few reasons (a flood of
    /// reports must not bury the queue).
    async fn report_summaries(&self, ids: &[i64]) -> DbResult<HashMap<i64, ReportSummary>> {
        let mut reports: HashMap<i64, ReportSummary> = HashMap::new();
        if ids.is_empty() {
            return Ok(reports);
        }
        let mut sql = Sql::new("SELECT comment_id, COUNT(*) AS n FROM reports WHERE comment_id IN (");
        sql.bind_list(ids.iter().copied()).push(") GROUP BY comment_id");
        for row in sql.query().fetch_all(&self.read).await? {
            reports.entry(row.try_get("comment_id")?).or_default().count = row.try_get("n")?;
        }
        let mut sql = Sql::new(
            "SELECT comment_id, reason FROM (SELECT comment_id, reason, \
                 ROW_NUMBER() OVER (PARTITION BY comment_id ORDER BY id DESC) AS position \
             FROM reports WHERE comment_id IN (",
        );
        sql.bind_list(ids.iter().copied()).push(") ) ranked WHERE position <= ");
        sql.bind(ReportSummary::SHOWN as i64).push(" ORDER BY comment_id, position");
        for row in sql.query().fetch_all(&self.read).await? {
            reports.entry(row.try_get("comment_id")?).or_default().latest.push(row.try_get("reason")?);
        }
        Ok(reports)
    }

    /// Builds the queue items of a page with a few queries for the whole page, not per item.
    async fn queue_items(&self, found: &[AnyRow], now: DateTime<Utc>) -> DbResult<Vec<QueueItem>> {
        let rows = found.iter().map(queue_row).collect::<DbResult<Vec<_>>>()?;
        let commenters = distinct(rows.iter().filter_map(|r| r.commenter.clone()).collect());
        let addresses = distinct(rows.iter().filter_map(|r| r.address.clone()).collect());
        let texts = distinct(rows.iter().filter_map(|r| r.text_hash.clone()).collect());
        let ids: Vec<i64> = rows.iter().map(|r| r.comment.id.0).collect();
        let parent_ids: Vec<i64> = rows.iter().filter_map(|r| r.comment.parent_id.map(|p| p.0)).collect();

        let by_token = self.record_by("commenter_hash", &commenters).await?;
        let by_address = self.record_by("address_hash", &addresses).await?;
        let both = self.record_by_pair(&commenters, &addresses).await?;
        let same_text = self.same_texts(&texts).await?;
        let parents = self.parents(&parent_ids).await?;
        let mut reports = self.report_summaries(&ids).await?;
        let banned = self.banned_hashes(&commenters, &addresses, now).await?;

        Ok(rows
            .into_iter()
            .map(|row| {
                let none = CommenterRecord::default();
                let token = row.commenter.as_ref().and_then(|t| by_token.get(t)).unwrap_or(&none);
                let address = row.address.as_ref().and_then(|a| by_address.get(a)).unwrap_or(&none);
                let overlap = match (&row.commenter, &row.address) {
                    (Some(t), Some(a)) => *both.get(&(t.clone(), a.clone())).unwrap_or(&none),
                    _ => none,
                };
                // The comment itself is in these counts once; the record is of the others.
                let own = match row.comment.state {
                    CommentState::Approved | CommentState::Reported => (1, 0),
                    CommentState::Rejected => (0, 1),
                    _ => (0, 0),
                };
                let history = CommenterRecord {
                    approved: (token.approved + address.approved - overlap.approved - own.0).max(0),
                    rejected: (token.rejected + address.rejected - overlap.rejected - own.1).max(0),
                };
                let same = row.text_hash.as_ref().and_then(|h| same_text.get(h)).map_or(0, |n| (n - 1).max(0));
                QueueItem {
                    parent: row.comment.parent_id.and_then(|p| parents.get(&p.0).cloned()),
                    history,
                    banned: row.commenter.as_ref().is_some_and(|t| banned.contains(t))
                        || row.address.as_ref().is_some_and(|a| banned.contains(a)),
                    same_text_elsewhere: same,
                    reports: reports.remove(&row.comment.id.0).unwrap_or_default(),
                    service_code: row.service_code,
                    article_slug: row.article_slug,
                    article_headline: row.article_headline,
                    article_published_at: row.published.map(from_micros),
                    comment: row.comment,
                }
            })
            .collect())
    }
}

#[async_trait]
impl ModerationStore for SqlStore {
    async fn set_comment_state(
        &self,
        id: CommentId,
        expected: CommentState,
        new: CommentState,
        reason: Option<&str>,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<bool> {
        db(async {
            let mut tx = self.write.begin().await?;
            // Compare and set: of two moderators acting at once, exactly one changes the row.
            let done = sqlx::query(
                "UPDATE comments SET state = $1, rejection_reason = $2, moderated_at = $3, decided_by = $6 \
                 WHERE id = $4 AND state = $5",
            )
            .bind(new.as_str())
            .bind(reason)
            .bind(to_micros(now))
            .bind(id.0)
            .bind(expected.as_str())
            .bind(audit.actor.as_str())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            crate::audit::append_in(&mut tx, audit, now).await?;
            if expected == CommentState::Pending && new == CommentState::Approved {
                crate::comments::queue_notice(&mut tx, id, now).await?;
            }
            if expected.is_public() || new.is_public() {
                let pages = crate::changes::comment_pages(&mut tx, id).await?;
                crate::changes::record_in(&mut tx, self.backend, &pages, now).await?;
            }
            tx.commit().await?;
            self.committed_change();
            Ok(true)
        })
        .await
    }

    async fn edit_comment(
        &self,
        id: CommentId,
        expected: CommentState,
        text: &str,
        editor: &str,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<bool> {
        db(async {
            let mut tx = self.write.begin().await?;
            let row = sqlx::query("SELECT text, created_at FROM comments WHERE id = $1 AND state = $2")
                .bind(id.0)
                .bind(expected.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            let Some(row) = row else { return Ok(false) };
            let latest: Option<i64> =
                sqlx::query_scalar("SELECT MAX(version) FROM comment_versions WHERE comment_id = $1")
                    .bind(id.0)
                    .fetch_one(&mut *tx)
                    .await?;
            let insert_version = "INSERT INTO comment_versions (comment_id, version, text, edited_by, created_at) \
                                  VALUES ($1, $2, $3, $4, $5)";
            let version = match latest {
                Some(latest) => latest + 1,
                None => {
                    // The first edit keeps the author's original as version 1.
                    let original: String = row.try_get("text")?;
                    let created: i64 = row.try_get("created_at")?;
                    sqlx::query(insert_version)
                        .bind(id.0)
                        .bind(1_i64)
                        .bind(original)
                        .bind(None::<String>)
                        .bind(created)
                        .execute(&mut *tx)
                        .await?;
                    2
                }
            };
            sqlx::query(insert_version)
                .bind(id.0)
                .bind(version)
                .bind(text)
                .bind(editor)
                .bind(to_micros(now))
                .execute(&mut *tx)
                .await?;
            let done = sqlx::query(
                "UPDATE comments SET text = $1, edited = 1, state = 'approved', moderated_at = $2, decided_by = $5 \
                 WHERE id = $3 AND state = $4",
            )
            .bind(text)
            .bind(to_micros(now))
            .bind(id.0)
            .bind(expected.as_str())
            .bind(audit.actor.as_str())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            crate::audit::append_in(&mut tx, audit, now).await?;
            if expected == CommentState::Pending {
                crate::comments::queue_notice(&mut tx, id, now).await?;
            }
            let pages = crate::changes::comment_pages(&mut tx, id).await?;
            crate::changes::record_in(&mut tx, self.backend, &pages, now).await?;
            tx.commit().await?;
            self.committed_change();
            Ok(true)
        })
        .await
    }

    async fn comment_versions(&self, id: CommentId) -> StoreResult<Vec<CommentVersion>> {
        db(async {
            let rows = sqlx::query(
                "SELECT version, text, edited_by, created_at FROM comment_versions WHERE comment_id = $1 ORDER BY version",
            )
            .bind(id.0)
            .fetch_all(&self.read)
            .await?;
            rows.iter()
                .map(|row| {
                    Ok(CommentVersion {
                        version: row.try_get("version")?,
                        text: row.try_get("text")?,
                        edited_by: row.try_get("edited_by")?,
                        at: from_micros(row.try_get("created_at")?),
                    })
                })
                .collect()
        })
        .await
    }

    async fn add_report(&self, id: CommentId, reason: &str, reporter: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        db(async {
            let done = sqlx::query(
                "INSERT INTO reports (comment_id, reason, reporter_hash, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (comment_id, reporter_hash) DO NOTHING",
            )
            .bind(id.0)
            .bind(reason)
            .bind(reporter)
            .bind(to_micros(now))
            .execute(&self.write)
            .await?;
            Ok(done.rows_affected() == 1)
        })
        .await
    }

    async fn report_count(&self, id: CommentId) -> StoreResult<i64> {
        db(async {
            Ok(sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE comment_id = $1")
                .bind(id.0)
                .fetch_one(&self.read)
                .await?)
        })
        .await
    }

    async fn reports_from_since(&self, reporter: &str, since: DateTime<Utc>) -> StoreResult<i64> {
        db(async {
            Ok(sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE reporter_hash = $1 AND created_at >= $2")
                .bind(reporter)
                .bind(to_micros(since))
                .fetch_one(&self.read)
                .await?)
        })
        .await
    }

    async fn moderation_queue(&self, filter: &QueueFilter) -> StoreResult<Vec<QueueItem>> {
        if filter.services.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Vec::new());
        }
        db(async {
            let mut sql = Sql::new(format!(
                "SELECT {COMMENT_COLUMNS}, s.code AS service_code, a.slug AS article_slug, \
                     a.headline AS article_headline, a.published_at AS article_published_at, \
                     c.commenter_hash, c.address_hash, c.text_hash"
            ));
            queue_conditions(&mut sql, filter);
            // The previous page is read backwards from its end, then turned around.
            let (forward, backward) = if filter.before.is_some() { ("DESC", "ASC") } else { ("ASC", "DESC") };
            if filter.by_score {
                sql.push(&format!(" ORDER BY {RANK} {backward},"));
            } else {
                sql.push(" ORDER BY");
            }
            sql.push(&format!(" c.created_at {forward}, c.id {forward} LIMIT "));
            sql.bind(i64::from(filter.limit.max(1)));
            let mut found = sql.query().fetch_all(&self.read).await?;
            if filter.before.is_some() {
                found.reverse();
            }
            self.queue_items(&found, filter.now).await
        })
        .await
    }

    async fn count_queue(&self, filter: &QueueFilter) -> StoreResult<u64> {
        if filter.services.as_ref().is_some_and(Vec::is_empty) {
            return Ok(0);
        }
        db(async {
            let n: i64 = match waiting_only(filter) {
                // The whole queue of a state that waits: the table the database keeps
                // (counting 10,000 pending comments through their articles takes 20 ms).
                Some(state) => {
                    let mut sql = Sql::new(
                        "SELECT CAST(COALESCE(SUM(w.n), 0) AS BIGINT) AS n FROM waiting_counts w \
                         JOIN services s ON s.id = w.service_id WHERE w.state = ",
                    );
                    sql.bind(state.as_str());
                    if let Some(service) = &filter.service {
                        sql.push(" AND s.code = ").bind(service);
                    }
                    if let Some(services) = &filter.services {
                        sql.push(" AND w.service_id IN (").bind_list(services.iter().map(|s| s.0)).push(")");
                    }
                    sql.query().fetch_one(&self.read).await?.try_get("n")?
                }
                None => {
                    let mut sql = Sql::new("SELECT COUNT(*) AS n");
                    queue_conditions(&mut sql, filter);
                    sql.query().fetch_one(&self.read).await?.try_get("n")?
                }
            };
            Ok(u64::try_from(n).unwrap_or(0))
        })
        .await
    }

    async fn waiting_counts(&self, services: Option<&[ServiceId]>) -> StoreResult<Vec<WaitingCount>> {
        if services.is_some_and(<[ServiceId]>::is_empty) {
            return Ok(Vec::new());
        }
        db(async {
            // Kept per service by triggers on comments (migration 0007): a read of a few rows.
            let mut sql = Sql::new(
                "SELECT s.code, w.state, w.n, \
                     (SELECT MIN(c.created_at) FROM comments c JOIN articles a ON a.id = c.article_id \
                      WHERE c.state = w.state AND a.service_id = w.service_id) AS oldest \
                 FROM waiting_counts w JOIN services s ON s.id = w.service_id WHERE w.n > 0",
            );
            if let Some(services) = services {
                sql.push(" AND w.service_id IN (").bind_list(services.iter().map(|s| s.0)).push(")");
            }
            sql.push(" ORDER BY s.code, w.state");
            let rows = sql.query().fetch_all(&self.read).await?;
            rows.iter()
                .map(|row| {
                    let state: String = row.try_get("state")?;
                    Ok(WaitingCount {
                        service_code: row.try_get("code")?,
                        state: state.parse().map_err(unreadable)?,
                        count: row.try_get("n")?,
                        oldest: row.try_get::<Option<i64>, _>("oldest")?.map(from_micros),
                    })
                })
                .collect()
        })
        .await
    }

    async fn moderation_delays(&self, since: DateTime<Utc>) -> StoreResult<Vec<ModerationDelay>> {
        db(async {
            let rows = sqlx::query(
                "SELECT s.code, c.moderated_at - c.created_at AS delay FROM comments c \
                 JOIN articles a ON a.id = c.article_id JOIN services s ON s.id = a.service_id \
                 WHERE c.moderated_at >= $1 AND c.state IN ('approved', 'rejected', 'reported')",
            )
            .bind(to_micros(since))
            .fetch_all(&self.read)
            .await?;
            rows.iter()
                .map(|row| {
                    let micros: i64 = row.try_get("delay")?;
                    Ok(ModerationDelay { service_code: row.try_get("code")?, seconds: micros / 1_000_000 })
                })
                .collect()
        })
        .await
    }
}

/// The state, if the filter asks for a whole waiting queue (pending or reported, of some or
/// every service, nothing else): what `waiting_counts` counts.
fn waiting_only(filter: &QueueFilter) -> Option<CommentState> {
    let whole = filter.article.is_none()
        && filter.search.is_none()
        && filter.label.is_none()
        && filter.comment.is_none()
        && filter.after.is_none()
        && filter.before.is_none();
    filter.state.filter(|s| whole && matches!(s, CommentState::Pending | CommentState::Reported))
}

/// The `FROM … WHERE …` of the moderation queue: the filter's conditions and cursors.
fn queue_conditions(sql: &mut Sql, filter: &QueueFilter) {
    sql.push(
        " FROM comments c JOIN articles a ON a.id = c.article_id JOIN services s ON s.id = a.service_id WHERE 1 = 1",
    );
    if let Some(state) = filter.state {
        sql.push(" AND c.state = ").bind(state.as_str());
    }
    if let Some(service) = &filter.service {
        sql.push(" AND s.code = ").bind(service);
    }
    if let Some(article) = &filter.article {
        sql.push(" AND a.slug = ").bind(article);
    }
    if let Some(search) = &filter.search {
        let escaped = search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let pattern = format!("%{}%", escaped.to_lowercase());
        sql.push(" AND (LOWER(c.text) LIKE ").bind(pattern.as_str()).push(" ESCAPE '\\'");
        sql.push(" OR LOWER(c.author_name) LIKE ").bind(pattern.as_str()).push(" ESCAPE '\\')");
    }
    if let Some(services) = &filter.services {
        sql.push(" AND a.service_id IN (").bind_list(services.iter().map(|s| s.0)).push(")");
    }
    if let Some(label) = &filter.label {
        crate::comments::label_condition(sql, label);
    }
    if let Some(comment) = filter.comment {
        sql.push(" AND c.id = ").bind(comment.0);
    }
    for (cursor, later) in [(filter.after, true), (filter.before, false)] {
        let Some(cursor) = cursor else { continue };
        let (rank_beyond, beyond) = if later { ("<", ">") } else { (">", "<") };
        let at = to_micros(cursor.created_at);
        sql.push(" AND (");
        if let (true, Some(rank)) = (filter.by_score, cursor.rank) {
            // Sorted by score: a lower score comes later; among equals, the older first.
            sql.push(&format!("{RANK} {rank_beyond} ")).bind(rank).push(&format!(" OR ({RANK} = ")).bind(rank);
            sql.push(" AND (");
        }
        sql.push(&format!("c.created_at {beyond} ")).bind(at).push(" OR (c.created_at = ").bind(at);
        sql.push(&format!(" AND c.id {beyond} ")).bind(cursor.id.0).push("))");
        if filter.by_score && cursor.rank.is_some() {
            sql.push("))");
        }
    }
}

/// The queue's order when sorted by score: the score, unscored comments last.
const RANK: &str = "COALESCE(c.score, -1)";
