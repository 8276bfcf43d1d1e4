//! Campaigns of copied comments: signatures, bands, campaigns.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::campaigns::{CampaignSummary, Candidate, Placement, Unplaced};
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::comments::CommentId;
use dateline_core::services::ServiceId;
use dateline_core::store::{CampaignStore, StoreResult};
use sqlx::Row;

use crate::sql::{Sql, SqlStore, db};

/// Earlier comments read per band of a new comment's signature (its most recent ones).
const CANDIDATES_PER_BAND: i64 = 4;

/// Comments claimed, or bands written, per statement (3 values each at most: far below
/// both databases' limits).
const PLACED_PER_STATEMENT: usize = 200;

#[async_trait]
impl CampaignStore for SqlStore {
    async fn unplaced_comments(&self, limit: u32) -> StoreResult<Vec<Unplaced>> {
        db(async {
            let rows = sqlx::query(
                "SELECT id, text, created_at, state FROM comments WHERE signature IS NULL ORDER BY id LIMIT $1",
            )
            .bind(i64::from(limit))
            .fetch_all(&self.read)
            .await?;
            rows.iter()
                .map(|row| {
                    Ok(Unplaced {
                        id: CommentId(row.try_get("id")?),
                        text: row.try_get("text")?,
                        created_at: from_micros(row.try_get("created_at")?),
                    })
                })
                .collect()
        })
        .await
    }

    async fn campaign_candidates(
        &self,
        bands: &[i64],
        since: DateTime<Utc>,
        except: CommentId,
    ) -> StoreResult<Vec<Candidate>> {
        if bands.is_empty() {
            return Ok(Vec::new());
        }
        // Each band's most recent members only: a campaign of thousands shares its bands,
        // and reading all of them for every new copy would cost more with every copy.
        let mut sql = Sql::new("SELECT c.id, c.signature, c.campaign_id FROM comments c WHERE c.id IN (");
        for (i, band) in bands.iter().enumerate() {
            if i > 0 {
                sql.push(" UNION ");
            }
            sql.push("SELECT comment_id FROM (SELECT b.comment_id FROM comment_bands b WHERE b.band = ")
                .bind(*band)
                .push(" AND b.created_at >= ")
                .bind(to_micros(since))
                .push(" ORDER BY b.created_at DESC LIMIT ")
                .bind(CANDIDATES_PER_BAND)
                .push(") AS band_")
                .push(&i.to_string());
        }
        sql.push(") AND c.id <> ").bind(except.0).push(" AND c.state <> 'deleted'");
        db(async {
            let rows = sql.query().fetch_all(&self.read).await?;
            rows.iter()
                .map(|row| {
                    Ok(Candidate {
                        id: CommentId(row.try_get("id")?),
                        signature: row.try_get::<Option<String>, _>("signature")?.unwrap_or_default(),
                        campaign: row.try_get("campaign_id")?,
                    })
                })
                .collect()
        })
        .await
    }

    async fn place_comments(&self, placements: &[Placement]) -> StoreResult<()> {
        db(async {
            let mut tx = self.write.begin().await?;
            // Claimed (another node may have placed some first) and written a chunk at a
            // time: a flood places thousands of comments a second.
            let mut claimed = std::collections::HashSet::new();
            for chunk in placements.chunks(PLACED_PER_STATEMENT) {
                let mut sql = Sql::new("UPDATE comments SET signature = CASE id");
                for placement in chunk {
                    sql.push(" WHEN ").bind(placement.id.0).push(" THEN ");
                    sql.bind(placement.signature.as_deref().unwrap_or_default());
                }
                sql.push(" END WHERE signature IS NULL AND id IN (").bind_list(chunk.iter().map(|p| p.id.0));
                sql.push(") RETURNING id");
                for row in sql.query().fetch_all(&mut *tx).await? {
                    claimed.insert(row.try_get::<i64, _>("id")?);
                }
            }
            let bands: Vec<(i64, i64, i64)> = placements
                .iter()
                .filter(|p| claimed.contains(&p.id.0))
                .flat_map(|p| p.bands.iter().map(move |band| (*band, p.id.0, to_micros(p.at))))
                .collect();
            for chunk in bands.chunks(PLACED_PER_STATEMENT) {
                let mut sql = Sql::new("INSERT INTO comment_bands (band, comment_id, created_at) VALUES ");
                sql.bind_rows(chunk, |(band, comment, at)| vec![*band, *comment, *at]);
                sql.query().execute(&mut *tx).await?;
            }
            for placement in placements.iter().filter(|p| claimed.contains(&p.id.0)) {
                let Some(join) = placement.join else { continue };
                let known = match join.campaign {
                    Some(campaign) => Some(campaign),
                    None => sqlx::query_scalar::<_, Option<i64>>("SELECT campaign_id FROM comments WHERE id = $1")
                        .bind(join.with.0)
                        .fetch_optional(&mut *tx)
                        .await?
                        .flatten(),
                };
                let campaign = match known {
                    Some(campaign) => campaign,
                    None => {
                        sqlx::query_scalar("INSERT INTO campaigns (created_at) VALUES ($1) RETURNING id")
                            .bind(to_micros(placement.at))
                            .fetch_one(&mut *tx)
                            .await?
                    }
                };
                sqlx::query("UPDATE comments SET campaign_id = $1 WHERE id = $2 OR id = $3")
                    .bind(campaign)
                    .bind(placement.id.0)
                    .bind(join.with.0)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            // No page and no remembered value shows campaigns: nothing to drop (a change
            // count here, once a second under a flood, would empty every memo each time).
            Ok(())
        })
        .await
    }

    async fn campaign(&self, id: i64) -> StoreResult<Option<CampaignSummary>> {
        let mut sql = Sql::new(SUMMARY);
        sql.push(" AND c.campaign_id = ").bind(id).push(" GROUP BY c.campaign_id");
        Ok(self.summaries(sql).await?.pop())
    }

    async fn campaigns(&self, service: Option<ServiceId>, limit: u32) -> StoreResult<Vec<CampaignSummary>> {
        let mut sql = Sql::new(SUMMARY);
        if let Some(service) = service {
            sql.push(
                " AND c.campaign_id IN (SELECT x.campaign_id FROM comments x JOIN articles a ON a.id = x.article_id \
                 WHERE x.campaign_id IS NOT NULL AND a.service_id = ",
            )
            .bind(service.0)
            .push(")");
        }
        sql.push(" GROUP BY c.campaign_id ORDER BY MAX(c.created_at) DESC, c.campaign_id DESC LIMIT ")
            .bind(i64::from(limit));
        self.summaries(sql).await
    }

    async fn campaign_comments(&self, campaign: i64) -> StoreResult<Vec<CommentId>> {
        db(async {
            let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM comments WHERE campaign_id = $1 ORDER BY id")
                .bind(campaign)
                .fetch_all(&self.read)
                .await?;
            Ok(ids.into_iter().map(CommentId).collect())
        })
        .await
    }

    async fn forget_bands_before(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        db(async {
            let done = sqlx::query("DELETE FROM comment_bands WHERE created_at < $1")
                .bind(to_micros(before))
                .execute(&self.write)
                .await?;
            Ok(done.rows_affected())
        })
        .await
    }

    async fn campaign_commenters(&self, campaign: i64) -> StoreResult<Vec<CommentId>> {
        db(async {
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT MAX(id) FROM comments WHERE campaign_id = $1 AND commenter_hash IS NOT NULL \
                 GROUP BY commenter_hash ORDER BY 1",
            )
            .bind(campaign)
            .fetch_all(&self.read)
            .await?;
            Ok(ids.into_iter().map(CommentId).collect())
        })
        .await
    }
}

/// Campaigns summed up, grouped by the caller.
const SUMMARY: &str = "SELECT c.campaign_id AS id, COUNT(*) AS comments, COUNT(DISTINCT c.commenter_hash) AS commenters, \
         COUNT(DISTINCT c.article_id) AS stories, MIN(c.created_at) AS first_seen, \
         MAX(c.created_at) AS last_seen, MIN(c.id) AS first_id \
     FROM comments c WHERE c.campaign_id IS NOT NULL";

impl SqlStore {
    /// The summaries an aggregate over [`SUMMARY`] reads, each with its first comment's text.
    async fn summaries(&self, sql: Sql) -> StoreResult<Vec<CampaignSummary>> {
        db(async {
            let rows = sql.query().fetch_all(&self.read).await?;
            let mut summaries = Vec::with_capacity(rows.len());
            for row in &rows {
                let first: i64 = row.try_get("first_id")?;
                let sample: String = sqlx::query_scalar("SELECT text FROM comments WHERE id = $1")
                    .bind(first)
                    .fetch_one(&self.read)
                    .await?;
                summaries.push(CampaignSummary {
                    id: row.try_get("id")?,
                    comments: row.try_get("comments")?,
                    commenters: row.try_get("commenters")?,
                    stories: row.try_get("stories")?,
                    first_seen: from_micros(row.try_get("first_seen")?),
                    last_seen: from_micros(row.try_get("last_seen")?),
                    sample,
                });
            }
            Ok(summaries)
        })
        .await
    }
}
