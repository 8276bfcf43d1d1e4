//! The learned score's models, and the comments they learn from and score.

use std::collections::HashMap;

use async_trait::async_trait;
use dateline_core::comments::{CommentId, CommentState};
use dateline_core::score::{Counts, Decision, Lesson, Model, Score, Unscored, Verdict};
use dateline_core::services::ServiceId;
use dateline_core::store::{ScoreStore, StoreResult};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::sql::{DbResult, Sql, SqlStore, db, unreadable};

/// Rows per multi-row statement (4 values each, far below both databases' limits).
const ROWS_PER_STATEMENT: usize = 500;

/// Decisions the model has not learned as they stand; the same condition as the index
/// `comments_to_learn` (migration 0019), so the worker reads only those.
const TO_LEARN: &str = "c.decided_by IS NOT NULL AND c.learned <> (CASE WHEN c.state IN ('approved', 'rejected') \
     AND c.decided_by <> 'system' THEN c.state ELSE '' END)";

fn decision(row: &AnyRow) -> DbResult<Decision> {
    let state: CommentState = row.try_get::<String, _>("state")?.parse().map_err(unreadable)?;
    let decided_by: Option<String> = row.try_get("decided_by")?;
    Ok(Decision {
        id: CommentId(row.try_get("id")?),
        service: ServiceId(row.try_get("service_id")?),
        text: row.try_get("text")?,
        learned: Verdict::parse(&row.try_get::<String, _>("learned")?),
        verdict: Verdict::to_learn(state, decided_by.as_deref()),
    })
}

/// Adds counts to the service's totals and features (creating what is missing), then
/// counts the service's vocabulary again.
async fn add_counts(tx: &mut Transaction<'_, Any>, service: ServiceId, change: &Model) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO score_models (service_id, approved, rejected, approved_features, rejected_features) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (service_id) DO UPDATE SET approved = score_models.approved + excluded.approved, \
         rejected = score_models.rejected + excluded.rejected, \
         approved_features = score_models.approved_features + excluded.approved_features, \
         rejected_features = score_models.rejected_features + excluded.rejected_features",
    )
    .bind(service.0)
    .bind(change.decisions.approved)
    .bind(change.decisions.rejected)
    .bind(change.occurrences.approved)
    .bind(change.occurrences.rejected)
    .execute(&mut **tx)
    .await?;
    let rows: Vec<(i64, Counts)> = change.features.iter().map(|(hash, counts)| (*hash, *counts)).collect();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql = Sql::new("INSERT INTO score_features (service_id, feature, approved, rejected) VALUES ");
        sql.bind_rows(chunk, |(hash, counts)| vec![service.0, *hash, counts.approved, counts.rejected]);
        sql.push(
            " ON CONFLICT (service_id, feature) DO UPDATE SET approved = score_features.approved + excluded.approved, \
             rejected = score_features.rejected + excluded.rejected",
        );
        sql.query().execute(&mut **tx).await?;
    }
    sqlx::query(
        "UPDATE score_models SET vocabulary = (SELECT COUNT(*) FROM score_features \
         WHERE service_id = $1 AND (approved > 0 OR rejected > 0)) WHERE service_id = $1",
    )
    .bind(service.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait]
impl ScoreStore for SqlStore {
    async fn decisions_to_learn(&self, limit: u32) -> StoreResult<Vec<Decision>> {
        db(async {
            let mut sql = Sql::new(format!(
                "SELECT c.id, a.service_id, c.text, c.state, c.decided_by, c.learned FROM comments c \
                 JOIN articles a ON a.id = c.article_id WHERE {TO_LEARN} ORDER BY c.id LIMIT "
            ));
            sql.bind(i64::from(limit));
            sql.query().fetch_all(&self.read).await?.iter().map(decision).collect()
        })
        .await
    }

    async fn learn(&self, lessons: &[Lesson]) -> StoreResult<()> {
        db(async {
            let mut tx = self.write.begin().await?;
            let mut changes: HashMap<ServiceId, Model> = HashMap::new();
            for lesson in lessons {
                let claimed = sqlx::query("UPDATE comments SET learned = $1 WHERE id = $2 AND learned = $3")
                    .bind(lesson.to.map_or("", Verdict::as_str))
                    .bind(lesson.id.0)
                    .bind(lesson.from.map_or("", Verdict::as_str))
                    .execute(&mut *tx)
                    .await?;
                if claimed.rows_affected() == 0 {
                    continue;
                }
                let change = changes.entry(lesson.service).or_default();
                for (verdict, sign) in [(lesson.from, -1), (lesson.to, 1)] {
                    if let Some(verdict) = verdict {
                        change.learn(&lesson.features, verdict, sign);
                    }
                }
            }
            for (service, change) in &changes {
                add_counts(&mut tx, *service, change).await?;
            }
            tx.commit().await?;
            // No page shows the model: nothing to drop.
            Ok(())
        })
        .await
    }

    async fn decided_comments(&self, service: ServiceId) -> StoreResult<Vec<Decision>> {
        db(async {
            let rows = sqlx::query(
                "SELECT c.id, a.service_id, c.text, c.state, c.decided_by, c.learned FROM comments c \
                 JOIN articles a ON a.id = c.article_id \
                 WHERE a.service_id = $1 AND c.state IN ('approved', 'rejected') ORDER BY c.id",
            )
            .bind(service.0)
            .fetch_all(&self.read)
            .await?;
            rows.iter().map(decision).collect()
        })
        .await
    }

    async fn replace_model(
        &self,
        service: ServiceId,
        model: &Model,
        learned: &[(CommentId, Verdict)],
    ) -> StoreResult<()> {
        db(async {
            let mut tx = self.write.begin().await?;
            sqlx::query("DELETE FROM score_features WHERE service_id = $1").bind(service.0).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM score_models WHERE service_id = $1").bind(service.0).execute(&mut *tx).await?;
            add_counts(&mut tx, service, model).await?;
            sqlx::query(
                "UPDATE comments SET learned = '' WHERE learned <> '' \
                 AND article_id IN (SELECT id FROM articles WHERE service_id = $1)",
            )
            .bind(service.0)
            .execute(&mut *tx)
            .await?;
            for verdict in [Verdict::Approved, Verdict::Rejected] {
                let ids: Vec<i64> = learned.iter().filter(|(_, v)| *v == verdict).map(|(id, _)| id.0).collect();
                for chunk in ids.chunks(ROWS_PER_STATEMENT) {
                    let mut sql = Sql::new("UPDATE comments SET learned = ");
                    sql.bind(verdict.as_str()).push(" WHERE id IN (").bind_list(chunk.iter().copied()).push(")");
                    sql.query().execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    async fn pending_to_score(&self, service: ServiceId) -> StoreResult<Vec<(CommentId, String)>> {
        db(async {
            let rows = sqlx::query(
                "SELECT c.id, c.text FROM comments c JOIN articles a ON a.id = c.article_id \
                 WHERE a.service_id = $1 AND c.state = 'pending' ORDER BY c.id",
            )
            .bind(service.0)
            .fetch_all(&self.read)
            .await?;
            rows.iter().map(|row| Ok((CommentId(row.try_get("id")?), row.try_get("text")?))).collect()
        })
        .await
    }

    async fn set_scores(&self, scores: &[(CommentId, Option<Score>)], claim: bool) -> StoreResult<Vec<CommentId>> {
        if scores.is_empty() {
            return Ok(Vec::new());
        }
        let unclaimed = if claim { " AND scored = 0" } else { "" };
        let one = format!("UPDATE comments SET score = $1, scored = 1 WHERE id = $2{unclaimed}");
        db(async {
            let mut tx = self.write.begin().await?;
            let mut written = Vec::with_capacity(scores.len());
            // Comments the model could not score: marked in a few statements.
            let unscored: Vec<i64> = scores.iter().filter(|(_, s)| s.is_none()).map(|(id, _)| id.0).collect();
            for chunk in unscored.chunks(ROWS_PER_STATEMENT) {
                let mut sql = Sql::new("UPDATE comments SET score = NULL, scored = 1 WHERE id IN (");
                sql.bind_list(chunk.iter().copied()).push(")").push(unclaimed);
                sql.query().execute(&mut *tx).await?;
            }
            for (id, score) in scores {
                let Some(score) = score else { continue };
                let done = sqlx::query(&one).bind(score.0).bind(id.0).execute(&mut *tx).await?.rows_affected();
                if done == 1 {
                    written.push(*id);
                }
            }
            tx.commit().await?;
            Ok(written)
        })
        .await
    }

    async fn comments_to_score(&self, limit: u32) -> StoreResult<Vec<Unscored>> {
        db(async {
            let rows = sqlx::query(
                "SELECT c.id, a.service_id, s.code, c.text, c.state, c.held, c.campaign_id FROM comments c \
                 JOIN articles a ON a.id = c.article_id JOIN services s ON s.id = a.service_id \
                 WHERE c.scored = 0 AND c.signature IS NOT NULL ORDER BY c.id LIMIT $1",
            )
            .bind(i64::from(limit))
            .fetch_all(&self.read)
            .await?;
            rows.iter()
                .map(|row| {
                    Ok(Unscored {
                        id: CommentId(row.try_get("id")?),
                        service: ServiceId(row.try_get("service_id")?),
                        service_code: row.try_get("code")?,
                        text: row.try_get("text")?,
                        state: row.try_get::<String, _>("state")?.parse().map_err(unreadable)?,
                        held: row.try_get::<i64, _>("held")? != 0,
                        in_campaign: row.try_get::<Option<i64>, _>("campaign_id")?.is_some(),
                    })
                })
                .collect()
        })
        .await
    }

    async fn model(&self, service: ServiceId, features: &[i64]) -> StoreResult<Model> {
        db(async {
            let mut model = Model::default();
            if let Some(row) = sqlx::query(
                "SELECT approved, rejected, approved_features, rejected_features, vocabulary \
                 FROM score_models WHERE service_id = $1",
            )
            .bind(service.0)
            .fetch_optional(&self.read)
            .await?
            {
                model.decisions = Counts { approved: row.try_get("approved")?, rejected: row.try_get("rejected")? };
                model.occurrences =
                    Counts { approved: row.try_get("approved_features")?, rejected: row.try_get("rejected_features")? };
                model.vocabulary = row.try_get("vocabulary")?;
            }
            if model.decisions == Counts::default() {
                return Ok(model);
            }
            for chunk in features.chunks(ROWS_PER_STATEMENT) {
                let mut sql = Sql::new("SELECT feature, approved, rejected FROM score_features WHERE service_id = ");
                sql.bind(service.0).push(" AND feature IN (").bind_list(chunk.iter().copied()).push(")");
                for row in sql.query().fetch_all(&self.read).await? {
                    model.features.insert(
                        row.try_get("feature")?,
                        Counts { approved: row.try_get("approved")?, rejected: row.try_get("rejected")? },
                    );
                }
            }
            Ok(model)
        })
        .await
    }
}
