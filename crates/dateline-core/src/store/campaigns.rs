//! Campaigns of copied comments (see [`crate::campaigns`]).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::campaigns::{CampaignSummary, Candidate, Placement, Unplaced};
use crate::comments::CommentId;
use crate::services::ServiceId;

/// Signatures, candidates and campaigns.
#[async_trait]
pub trait CampaignStore: Send + Sync {
    /// Comments not yet placed, oldest first (deleted ones are skipped for good).
    async fn unplaced_comments(&self, limit: u32) -> StoreResult<Vec<Unplaced>>;

    /// Placed comments since `since` that share a band with `bands`, but `except`.
    async fn campaign_candidates(
        &self,
        bands: &[i64],
        since: DateTime<Utc>,
        except: CommentId,
    ) -> StoreResult<Vec<Candidate>>;

    /// Records comments' signatures and bands, in order, in one transaction; a comment
    /// with a `join` goes into its copy's campaign (made for the two if the copy has none).
    /// A comment another node placed already is left as it is.
    async fn place_comments(&self, placements: &[Placement]) -> StoreResult<()>;

    /// Campaigns with a comment on the service's stories (`None`: every service), the
    /// latest first.
    async fn campaigns(&self, service: Option<ServiceId>, limit: u32) -> StoreResult<Vec<CampaignSummary>>;

    /// One campaign, summed up.
    async fn campaign(&self, id: i64) -> StoreResult<Option<CampaignSummary>>;

    /// The comments of a campaign, oldest first.
    async fn campaign_comments(&self, campaign: i64) -> StoreResult<Vec<CommentId>>;

    /// Forgets the bands of comments sent before `before` (no copy is looked for among
    /// them any more; their signatures and campaigns stay).
    async fn forget_bands_before(&self, before: DateTime<Utc>) -> StoreResult<u64>;

    /// One comment of each distinct commenter (token) of a campaign, the latest of each.
    async fn campaign_commenters(&self, campaign: i64) -> StoreResult<Vec<CommentId>>;
}
