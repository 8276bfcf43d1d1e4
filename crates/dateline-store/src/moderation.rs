//! The store's side of moderation: versions, reports, bans, the queue, and the audit log.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use dateline_core::audit::{AuditEntry, AuditFilter, NewAuditEntry};
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::comment::{CommentId, CommentState};
use dateline_core::service::ServiceId;
use dateline_core::store::{Ban, CommentVersion, QueueFilter, QueueItem, ReportSummary, StoreResult};
use sqlx::{Any, Row, Transaction};

use crate::rows::{self, COMMENT_COLUMNS, decode_error};
use crate::sql_store::{SqlStore, db_error, placeholders};

/// Appends an audit entry inside a transaction.
pub(crate) async fn append_audit_in(
    tx: &mut Transaction<'_, Any>,
    entry: &NewAuditEntry,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO audit_log (at, actor, action, object, before, after) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(to_micros(now))
        .bind(&entry.actor)
        .bind(&entry.action)
        .bind(&entry.object)
        .bind(entry.before.as_ref().map(ToString::to_string))
        .bind(entry.after.as_ref().map(ToString::to_string))
        .execute(&mut **tx)
        .await
        .map_err(db_error("audit log"))?;
    Ok(())
}

pub async fn append_audit(store: &SqlStore, entry: &NewAuditEntry, now: DateTime<Utc>) -> StoreResult<()> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    append_audit_in(&mut tx, entry, now).await?;
    tx.commit().await.map_err(db_error("commit"))
}

pub async fn audit_log(store: &SqlStore, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
    let mut sql = String::from("SELECT id, at, actor, action, object, before, after FROM audit_log WHERE 1 = 1");
    let mut texts: Vec<String> = Vec::new();
    let mut numbers: Vec<i64> = Vec::new();
    // Text parameters first ($1…), then numbers, so that binding order is simple.
    if let Some(actor) = &filter.actor {
        texts.push(actor.clone());
        sql.push_str(&format!(" AND actor = ${}", texts.len()));
    }
    if let Some(action) = &filter.action {
        texts.push(action.clone());
        sql.push_str(&format!(" AND action = ${}", texts.len()));
    }
    let mut next = texts.len();
    let mut number = |value: i64, clause: &str, sql: &mut String| {
        next += 1;
        numbers.push(value);
        sql.push_str(&format!(" AND {clause} ${next}"));
    };
    if let Some(from) = filter.from {
        number(to_micros(from), "at >=", &mut sql);
    }
    if let Some(to) = filter.to {
        number(to_micros(to), "at <", &mut sql);
    }
    if let Some(before) = filter.before_id {
        number(before, "id <", &mut sql);
    }
    number(i64::from(filter.limit.max(1)), "1 = 1 LIMIT", &mut sql);
    let sql = sql.replace(" AND 1 = 1 LIMIT", " ORDER BY id DESC LIMIT");
    let mut query = sqlx::query(&sql);
    for text in texts {
        query = query.bind(text);
    }
    for value in numbers {
        query = query.bind(value);
    }
    query
        .fetch_all(&store.read)
        .await
        .map_err(db_error("audit log"))?
        .iter()
        .map(|row| {
            Ok(AuditEntry {
                id: row.try_get("id").map_err(decode_error)?,
                at: from_micros(row.try_get("at").map_err(decode_error)?),
                actor: row.try_get("actor").map_err(decode_error)?,
                action: row.try_get("action").map_err(decode_error)?,
                object: row.try_get("object").map_err(decode_error)?,
                before: row.try_get("before").map_err(decode_error)?,
                after: row.try_get("after").map_err(decode_error)?,
            })
        })
        .collect()
}

pub async fn comment_service(store: &SqlStore, id: CommentId) -> StoreResult<Option<ServiceId>> {
    let service: Option<i64> = sqlx::query_scalar(
        "SELECT a.service_id FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = $1",
    )
    .bind(id.0)
    .fetch_optional(&store.read)
    .await
    .map_err(db_error("comment service"))?;
    Ok(service.map(ServiceId))
}

pub async fn edit_comment(
    store: &SqlStore,
    id: CommentId,
    expected: CommentState,
    text: &str,
    editor: &str,
    now: DateTime<Utc>,
    audit: &NewAuditEntry,
) -> StoreResult<bool> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    let row = sqlx::query("SELECT text, created_at FROM comments WHERE id = $1 AND state = $2")
        .bind(id.0)
        .bind(expected.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error("comment"))?;
    let Some(row) = row else { return Ok(false) };
    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM comment_versions WHERE comment_id = $1")
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error("comment versions"))?;
    let insert_version =
        "INSERT INTO comment_versions (comment_id, version, text, edited_by, created_at) VALUES ($1, $2, $3, $4, $5)";
    let version = match latest {
        Some(latest) => latest + 1,
        None => {
            // The first edit keeps the author's original as version 1.
            let original: String = row.try_get("text").map_err(decode_error)?;
            let created: i64 = row.try_get("created_at").map_err(decode_error)?;
            sqlx::query(insert_version)
                .bind(id.0)
                .bind(1_i64)
                .bind(original)
                .bind(None::<String>)
                .bind(created)
                .execute(&mut *tx)
                .await
                .map_err(db_error("comment version"))?;
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
        .await
        .map_err(db_error("comment version"))?;
    let done = sqlx::query(
        "UPDATE comments SET text = $1, edited = 1, state = 'approved', moderated_at = $2 WHERE id = $3 AND state = $4",
    )
    .bind(text)
    .bind(to_micros(now))
    .bind(id.0)
    .bind(expected.as_str())
    .execute(&mut *tx)
    .await
    .map_err(db_error("comment edit"))?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    append_audit_in(&mut tx, audit, now).await?;
    if expected == CommentState::Pending {
        crate::comments::queue_notice(&mut tx, id, now).await?;
    }
    let tags = crate::changes::comment_tags(&mut tx, id).await?;
    crate::changes::record_in(&mut tx, store.backend, &tags, now).await?;
    tx.commit().await.map_err(db_error("commit"))?;
    store.committed_change();
    Ok(true)
}

pub async fn comment_versions(store: &SqlStore, id: CommentId) -> StoreResult<Vec<CommentVersion>> {
    sqlx::query(
        "SELECT version, text, edited_by, created_at FROM comment_versions WHERE comment_id = $1 ORDER BY version",
    )
    .bind(id.0)
    .fetch_all(&store.read)
    .await
    .map_err(db_error("comment versions"))?
    .iter()
    .map(|row| {
        Ok(CommentVersion {
            version: row.try_get("version").map_err(decode_error)?,
            text: row.try_get("text").map_err(decode_error)?,
            edited_by: row.try_get("edited_by").map_err(decode_error)?,
            at: from_micros(row.try_get("created_at").map_err(decode_error)?),
        })
    })
    .collect()
}

pub async fn add_report(
    store: &SqlStore,
    id: CommentId,
    reason: &str,
    reporter: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO reports (comment_id, reason, reporter_hash, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (comment_id, reporter_hash) DO NOTHING",
    )
    .bind(id.0)
    .bind(reason)
    .bind(reporter)
    .bind(to_micros(now))
    .execute(&store.write)
    .await
    .map_err(db_error("report"))?;
    Ok(done.rows_affected() == 1)
}

pub async fn report_count(store: &SqlStore, id: CommentId) -> StoreResult<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE comment_id = $1")
        .bind(id.0)
        .fetch_one(&store.read)
        .await
        .map_err(db_error("reports"))
}

pub async fn reports_from_since(store: &SqlStore, reporter: &str, since: DateTime<Utc>) -> StoreResult<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE reporter_hash = $1 AND created_at >= $2")
        .bind(reporter)
        .bind(to_micros(since))
        .fetch_one(&store.read)
        .await
        .map_err(db_error("reports"))
}

pub async fn ban_commenter_of(
    store: &SqlStore,
    id: CommentId,
    until: DateTime<Utc>,
    reason: &str,
    by: &str,
    now: DateTime<Utc>,
    audit: &NewAuditEntry,
) -> StoreResult<Option<i64>> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    let row = sqlx::query(
        "SELECT c.commenter_hash, c.address_hash, a.service_id FROM comments c \
         JOIN articles a ON a.id = c.article_id WHERE c.id = $1",
    )
    .bind(id.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_error("comment"))?;
    let Some(row) = row else { return Ok(None) };
    let commenter: Option<String> = row.try_get("commenter_hash").map_err(decode_error)?;
    let address: Option<String> = row.try_get("address_hash").map_err(decode_error)?;
    let service: i64 = row.try_get("service_id").map_err(decode_error)?;
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
    .await
    .map_err(db_error("ban"))?;
    append_audit_in(&mut tx, audit, now).await?;
    tx.commit().await.map_err(db_error("commit"))?;
    forget_bans_seen(store);
    Ok(Some(ban))
}

pub async fn lift_ban(store: &SqlStore, ban: i64, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<bool> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    let done = sqlx::query("UPDATE bans SET lifted_at = $1 WHERE id = $2 AND lifted_at IS NULL AND until > $1")
        .bind(to_micros(now))
        .bind(ban)
        .execute(&mut *tx)
        .await
        .map_err(db_error("ban"))?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    append_audit_in(&mut tx, audit, now).await?;
    tx.commit().await.map_err(db_error("commit"))?;
    forget_bans_seen(store);
    Ok(true)
}

const BAN_COLUMNS: &str = "id, reason, banned_by, created_at, until, commenter_hash, address_hash, service_id";

fn ban_from_row(row: &sqlx::any::AnyRow) -> StoreResult<Ban> {
    let token: Option<String> = row.try_get("commenter_hash").map_err(decode_error)?;
    let address: Option<String> = row.try_get("address_hash").map_err(decode_error)?;
    let service: Option<i64> = row.try_get("service_id").map_err(decode_error)?;
    Ok(Ban {
        id: row.try_get("id").map_err(decode_error)?,
        reason: row.try_get("reason").map_err(decode_error)?,
        banned_by: row.try_get("banned_by").map_err(decode_error)?,
        created_at: from_micros(row.try_get("created_at").map_err(decode_error)?),
        until: from_micros(row.try_get("until").map_err(decode_error)?),
        by_token: token.is_some(),
        by_address: address.is_some(),
        service_id: service.map(ServiceId),
    })
}

pub async fn ban(store: &SqlStore, id: i64) -> StoreResult<Option<Ban>> {
    let row = sqlx::query(&format!("SELECT {BAN_COLUMNS} FROM bans WHERE id = $1"))
        .bind(id)
        .fetch_optional(&store.read)
        .await
        .map_err(db_error("ban"))?;
    row.as_ref().map(ban_from_row).transpose()
}

pub async fn active_bans(
    store: &SqlStore,
    now: DateTime<Utc>,
    services: Option<&[ServiceId]>,
) -> StoreResult<Vec<Ban>> {
    let mut sql = format!("SELECT {BAN_COLUMNS} FROM bans WHERE lifted_at IS NULL AND until > $1");
    if let Some(services) = services {
        if services.is_empty() {
            return Ok(Vec::new());
        }
        sql.push_str(&format!(" AND service_id IN ({})", placeholders(2, services.len())));
    }
    sql.push_str(" ORDER BY id DESC");
    let mut query = sqlx::query(&sql).bind(to_micros(now));
    for service in services.unwrap_or_default() {
        query = query.bind(service.0);
    }
    query.fetch_all(&store.read).await.map_err(db_error("bans"))?.iter().map(ban_from_row).collect()
}

/// Whether any ban is in force, remembered for a second (see `SqlStore::bans_seen`).
async fn any_ban(store: &SqlStore, now: DateTime<Utc>) -> StoreResult<bool> {
    if let Ok(seen) = store.bans_seen.lock()
        && let Some((at, any)) = *seen
        && at.elapsed() < std::time::Duration::from_secs(1)
    {
        return Ok(any);
    }
    let any: Option<i64> = sqlx::query_scalar("SELECT id FROM bans WHERE lifted_at IS NULL AND until > $1 LIMIT 1")
        .bind(to_micros(now))
        .fetch_optional(&store.read)
        .await
        .map_err(db_error("bans"))?;
    if let Ok(mut seen) = store.bans_seen.lock() {
        *seen = Some((std::time::Instant::now(), any.is_some()));
    }
    Ok(any.is_some())
}

fn forget_bans_seen(store: &SqlStore) {
    if let Ok(mut seen) = store.bans_seen.lock() {
        *seen = None;
    }
}

pub async fn is_banned(
    store: &SqlStore,
    commenter_hash: &str,
    address_hashes: &[String],
    service: ServiceId,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    if !any_ban(store, now).await? {
        return Ok(false);
    }
    // A desk's bans, and those from before desks were recorded (NULL), which apply everywhere.
    let mut sql = String::from(
        "SELECT COUNT(*) FROM bans WHERE lifted_at IS NULL AND until > $1 \
         AND (service_id = $2 OR service_id IS NULL) AND (commenter_hash = $3",
    );
    for index in 0..address_hashes.len() {
        sql.push_str(&format!(" OR address_hash = ${}", index + 4));
    }
    sql.push(')');
    let mut query = sqlx::query_scalar::<_, i64>(&sql).bind(to_micros(now)).bind(service.0).bind(commenter_hash);
    for hash in address_hashes {
        query = query.bind(hash.as_str());
    }
    Ok(query.fetch_one(&store.read).await.map_err(db_error("bans"))? > 0)
}

pub async fn address_secrets(store: &SqlStore) -> StoreResult<Vec<String>> {
    sqlx::query_scalar("SELECT value FROM secrets WHERE name LIKE 'address:%' ORDER BY name DESC")
        .fetch_all(&store.read)
        .await
        .map_err(db_error("secrets"))
}

pub async fn moderation_queue(store: &SqlStore, filter: &QueueFilter) -> StoreResult<Vec<QueueItem>> {
    let mut sql = format!(
        "SELECT {COMMENT_COLUMNS}, s.code AS service_code, a.slug AS article_slug, a.headline AS article_headline, \
             a.published_at AS article_published_at, c.commenter_hash, c.address_hash, c.text_hash \
         FROM comments c JOIN articles a ON a.id = c.article_id JOIN services s ON s.id = a.service_id WHERE 1 = 1"
    );
    let mut texts: Vec<String> = Vec::new();
    if let Some(state) = filter.state {
        texts.push(state.as_str().to_owned());
        sql.push_str(&format!(" AND c.state = ${}", texts.len()));
    }
    if let Some(service) = &filter.service {
        texts.push(service.clone());
        sql.push_str(&format!(" AND s.code = ${}", texts.len()));
    }
    if let Some(article) = &filter.article {
        texts.push(article.clone());
        sql.push_str(&format!(" AND a.slug = ${}", texts.len()));
    }
    if let Some(search) = &filter.search {
        let escaped = search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        texts.push(format!("%{}%", escaped.to_lowercase()));
        sql.push_str(&format!(
            " AND (LOWER(c.text) LIKE ${n} ESCAPE '\\' OR LOWER(c.author_name) LIKE ${n} ESCAPE '\\')",
            n = texts.len()
        ));
    }
    let mut numbers: Vec<i64> = Vec::new();
    if let Some(services) = &filter.services {
        if services.is_empty() {
            return Ok(Vec::new());
        }
        sql.push_str(&format!(" AND a.service_id IN ({})", placeholders(texts.len() + 1, services.len())));
        numbers.extend(services.iter().map(|s| s.0));
    }
    if let Some(comment) = filter.comment {
        sql.push_str(&format!(" AND c.id = ${}", texts.len() + numbers.len() + 1));
        numbers.push(comment.0);
    }
    if let Some((at, id)) = filter.after {
        let n = texts.len() + numbers.len();
        sql.push_str(&format!(" AND (c.created_at > ${} OR (c.created_at = ${} AND c.id > ${}))", n + 1, n + 1, n + 2));
        numbers.push(to_micros(at));
        numbers.push(id);
    }
    sql.push_str(&format!(" ORDER BY c.created_at, c.id LIMIT ${}", texts.len() + numbers.len() + 1));
    numbers.push(i64::from(filter.limit.max(1)));
    let mut query = sqlx::query(&sql);
    for text in texts {
        query = query.bind(text);
    }
    for number in numbers {
        query = query.bind(number);
    }
    let found = query.fetch_all(&store.read).await.map_err(db_error("moderation queue"))?;
    queue_items(store, &found, filter.now).await
}

/// Runs `sql` (which has `{}` where the placeholders go) with text values, returning rows.
async fn rows_for(store: &SqlStore, sql: &str, values: &[String]) -> StoreResult<Vec<sqlx::any::AnyRow>> {
    if values.is_empty() {
        return Ok(Vec::new());
    }
    let sql = sql.replace("{}", &placeholders(1, values.len()));
    let mut query = sqlx::query(&sql);
    for value in values {
        query = query.bind(value.as_str());
    }
    query.fetch_all(&store.read).await.map_err(db_error("moderation queue"))
}

type Counts = HashMap<String, (i64, i64)>;

/// Approved and rejected comments per value of `column` (a hash), for the values given.
async fn record_by(store: &SqlStore, column: &str, values: &[String]) -> StoreResult<Counts> {
    let sql = format!(
        "SELECT {column} AS k, \
             SUM(CASE WHEN state IN ('approved', 'reported') THEN 1 ELSE 0 END) AS approved, \
             SUM(CASE WHEN state = 'rejected' THEN 1 ELSE 0 END) AS rejected \
         FROM comments WHERE {column} IN ({{}}) GROUP BY {column}"
    );
    rows_for(store, &sql, values)
        .await?
        .iter()
        .map(|row| {
            Ok((
                row.try_get::<String, _>("k").map_err(decode_error)?,
                (row_number(row, "approved")?.unwrap_or(0), row_number(row, "rejected")?.unwrap_or(0)),
            ))
        })
        .collect()
}

/// A queue row before the page-wide lookups.
struct QueueRow {
    comment: dateline_core::comment::Comment,
    commenter: Option<String>,
    address: Option<String>,
    text_hash: Option<String>,
    service_code: String,
    article_slug: String,
    article_headline: String,
    published: Option<i64>,
}

fn queue_row(row: &sqlx::any::AnyRow) -> StoreResult<QueueRow> {
    Ok(QueueRow {
        comment: rows::comment(row)?,
        commenter: row.try_get("commenter_hash").map_err(decode_error)?,
        address: row.try_get("address_hash").map_err(decode_error)?,
        text_hash: row.try_get("text_hash").map_err(decode_error)?,
        service_code: row.try_get("service_code").map_err(decode_error)?,
        article_slug: row.try_get("article_slug").map_err(decode_error)?,
        article_headline: row.try_get("article_headline").map_err(decode_error)?,
        published: row.try_get("article_published_at").map_err(decode_error)?,
    })
}

fn distinct(mut values: Vec<String>) -> Vec<String> {
    values.sort();
    values.dedup();
    values
}

/// Comments counted under both their token and their address (to count them once).
async fn record_by_pair(
    store: &SqlStore,
    commenters: &[String],
    addresses: &[String],
) -> StoreResult<HashMap<(String, String), (i64, i64)>> {
    let mut both = HashMap::new();
    if commenters.is_empty() || addresses.is_empty() {
        return Ok(both);
    }
    let sql = format!(
        "SELECT commenter_hash, address_hash, \
             SUM(CASE WHEN state IN ('approved', 'reported') THEN 1 ELSE 0 END) AS approved, \
             SUM(CASE WHEN state = 'rejected' THEN 1 ELSE 0 END) AS rejected \
         FROM comments WHERE commenter_hash IN ({}) AND address_hash IN ({}) GROUP BY commenter_hash, address_hash",
        placeholders(1, commenters.len()),
        placeholders(commenters.len() + 1, addresses.len())
    );
    let mut query = sqlx::query(&sql);
    for value in commenters.iter().chain(addresses) {
        query = query.bind(value.as_str());
    }
    for row in query.fetch_all(&store.read).await.map_err(db_error("moderation queue"))? {
        both.insert(
            (row.try_get("commenter_hash").map_err(decode_error)?, row.try_get("address_hash").map_err(decode_error)?),
            (row_number(&row, "approved")?.unwrap_or(0), row_number(&row, "rejected")?.unwrap_or(0)),
        );
    }
    Ok(both)
}

/// Values of the ids given, through `sql` with `{}` for the placeholders.
async fn by_ids<T>(store: &SqlStore, sql: &str, ids: &[i64]) -> StoreResult<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = sql.replace("{}", &placeholders(1, ids.len()));
    let mut query = sqlx::query_as::<_, T>(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(&store.read).await.map_err(db_error("moderation queue"))
}

/// Builds the queue items of a page with a few queries for the whole page, not per item.
async fn queue_items(store: &SqlStore, found: &[sqlx::any::AnyRow], now: DateTime<Utc>) -> StoreResult<Vec<QueueItem>> {
    let rows = found.iter().map(queue_row).collect::<StoreResult<Vec<_>>>()?;
    let commenters = distinct(rows.iter().filter_map(|r| r.commenter.clone()).collect());
    let addresses = distinct(rows.iter().filter_map(|r| r.address.clone()).collect());
    let texts = distinct(rows.iter().filter_map(|r| r.text_hash.clone()).collect());
    let ids: Vec<i64> = rows.iter().map(|r| r.comment.id.0).collect();
    let parent_ids: Vec<i64> = rows.iter().filter_map(|r| r.comment.parent_id.map(|p| p.0)).collect();

    let by_token = record_by(store, "commenter_hash", &commenters).await?;
    let by_address = record_by(store, "address_hash", &addresses).await?;
    let both = record_by_pair(store, &commenters, &addresses).await?;
    let same_text: HashMap<String, i64> = rows_for(
        store,
        "SELECT text_hash AS k, COUNT(*) AS n FROM comments WHERE text_hash IN ({}) GROUP BY text_hash",
        &texts,
    )
    .await?
    .iter()
    .map(|row| {
        Ok((row.try_get::<String, _>("k").map_err(decode_error)?, row.try_get::<i64, _>("n").map_err(decode_error)?))
    })
    .collect::<StoreResult<_>>()?;
    let parents: HashMap<i64, (String, String)> = by_ids::<(i64, String, String)>(
        store,
        "SELECT id, author_name, text FROM comments WHERE id IN ({})",
        &parent_ids,
    )
    .await?
    .into_iter()
    .map(|(id, name, text)| (id, (name, text)))
    .collect();
    let mut reports: HashMap<i64, ReportSummary> = HashMap::new();
    for (id, count) in by_ids::<(i64, i64)>(
        store,
        "SELECT comment_id, COUNT(*) FROM reports WHERE comment_id IN ({}) GROUP BY comment_id",
        &ids,
    )
    .await?
    {
        reports.entry(id).or_default().count = count;
    }
    // The latest few reasons only: a flood of reports must not bury the queue.
    let latest = format!(
        "SELECT comment_id, reason FROM (SELECT comment_id, reason, \
             ROW_NUMBER() OVER (PARTITION BY comment_id ORDER BY id DESC) AS position \
             FROM reports WHERE comment_id IN ({{}})) ranked WHERE position <= {} ORDER BY comment_id, position",
        ReportSummary::SHOWN
    );
    for (id, reason) in by_ids::<(i64, String)>(store, &latest, &ids).await? {
        reports.entry(id).or_default().latest.push(reason);
    }
    let banned = banned_hashes(store, &commenters, &addresses, now).await?;

    Ok(rows
        .into_iter()
        .map(|row| {
            let zero = (0, 0);
            let token = row.commenter.as_ref().and_then(|t| by_token.get(t)).unwrap_or(&zero);
            let address = row.address.as_ref().and_then(|a| by_address.get(a)).unwrap_or(&zero);
            let overlap = match (&row.commenter, &row.address) {
                (Some(t), Some(a)) => *both.get(&(t.clone(), a.clone())).unwrap_or(&zero),
                _ => zero,
            };
            // The comment itself is in these counts once; the record is of the others.
            let own = match row.comment.state {
                CommentState::Approved | CommentState::Reported => (1, 0),
                CommentState::Rejected => (0, 1),
                _ => (0, 0),
            };
            let history =
                ((token.0 + address.0 - overlap.0 - own.0).max(0), (token.1 + address.1 - overlap.1 - own.1).max(0));
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

/// The token and address hashes among these that a ban in force names.
async fn banned_hashes(
    store: &SqlStore,
    commenters: &[String],
    addresses: &[String],
    now: DateTime<Utc>,
) -> StoreResult<std::collections::HashSet<String>> {
    let mut banned = std::collections::HashSet::new();
    if (commenters.is_empty() && addresses.is_empty()) || !any_ban(store, now).await? {
        return Ok(banned);
    }
    let rows = sqlx::query("SELECT commenter_hash, address_hash FROM bans WHERE lifted_at IS NULL AND until > $1")
        .bind(to_micros(now))
        .fetch_all(&store.read)
        .await
        .map_err(db_error("bans"))?;
    for row in rows {
        let token: Option<String> = row.try_get("commenter_hash").map_err(decode_error)?;
        let address: Option<String> = row.try_get("address_hash").map_err(decode_error)?;
        banned.extend(token.filter(|t| commenters.contains(t)));
        banned.extend(address.filter(|a| addresses.contains(a)));
    }
    Ok(banned)
}

/// SUM over no rows is NULL; over integers it is an integer on SQLite and a NUMERIC on
/// PostgreSQL, which the queries avoid by summing CASE expressions of integers.
fn row_number(row: &sqlx::any::AnyRow, column: &str) -> StoreResult<Option<i64>> {
    row.try_get(column).map_err(decode_error)
}

pub async fn moderation_counts(
    store: &SqlStore,
    services: Option<&[ServiceId]>,
) -> StoreResult<Vec<(String, CommentState, i64)>> {
    // Kept per service by triggers on comments (migration 0007): a read of a few rows.
    let mut sql = String::from(
        "SELECT s.code, w.state, w.n FROM waiting_counts w JOIN services s ON s.id = w.service_id WHERE w.n > 0",
    );
    if let Some(services) = services {
        if services.is_empty() {
            return Ok(Vec::new());
        }
        sql.push_str(&format!(" AND w.service_id IN ({})", placeholders(1, services.len())));
    }
    sql.push_str(" ORDER BY s.code, w.state");
    let mut query = sqlx::query(&sql);
    for service in services.unwrap_or_default() {
        query = query.bind(service.0);
    }
    query
        .fetch_all(&store.read)
        .await
        .map_err(db_error("moderation counts"))?
        .iter()
        .map(|row| {
            let state: String = row.try_get("state").map_err(decode_error)?;
            Ok((
                row.try_get("code").map_err(decode_error)?,
                state.parse().map_err(decode_error)?,
                row.try_get("n").map_err(decode_error)?,
            ))
        })
        .collect()
}

pub async fn moderation_delays(store: &SqlStore, since: DateTime<Utc>) -> StoreResult<Vec<(String, i64)>> {
    sqlx::query(
        "SELECT s.code, c.moderated_at - c.created_at AS delay FROM comments c \
         JOIN articles a ON a.id = c.article_id JOIN services s ON s.id = a.service_id \
         WHERE c.moderated_at >= $1 AND c.state IN ('approved', 'rejected', 'reported')",
    )
    .bind(to_micros(since))
    .fetch_all(&store.read)
    .await
    .map_err(db_error("moderation delays"))?
    .iter()
    .map(|row| {
        let micros: i64 = row.try_get("delay").map_err(decode_error)?;
        Ok((row.try_get("code").map_err(decode_error)?, micros / 1_000_000))
    })
    .collect()
}
