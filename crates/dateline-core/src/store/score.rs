//! What the learned score needs from the store (see [`crate::score`]).

use async_trait::async_trait;

use super::StoreResult;
use crate::comments::CommentId;
use crate::score::{Decision, Lesson, Model, Score, Unscored, Verdict};
use crate::services::ServiceId;

/// The score's models and the comments they learn from and score.
#[async_trait]
pub trait ScoreStore: Send + Sync {
    /// Comments whose decision the model has not learned as it stands (a decision by a
    /// person the model has not learned, or one undone since), oldest first.
    async fn decisions_to_learn(&self, limit: u32) -> StoreResult<Vec<Decision>>;

    /// Applies lessons in one transaction: each comment's features are taken away from its
    /// `from` verdict's counts and added to its `to` verdict's, and the comment is marked as
    /// learned as `to` — only if it is still learned as `from` (another node may have
    /// learned it first; then its lesson is skipped).
    async fn learn(&self, lessons: &[Lesson]) -> StoreResult<()>;

    /// Every approved or rejected comment of the service (imported ones and those decided
    /// before the score existed included), with its verdict to learn
    /// ([`Verdict::to_learn`]).
    async fn decided_comments(&self, service: ServiceId) -> StoreResult<Vec<Decision>>;

    /// Replaces the service's model with `model`, in one transaction, and marks `learned`
    /// as learned with their verdicts (every other comment of the service as not learned).
    async fn replace_model(
        &self,
        service: ServiceId,
        model: &Model,
        learned: &[(CommentId, Verdict)],
    ) -> StoreResult<()>;

    /// The service's pending comments: id, text.
    async fn pending_to_score(&self, service: ServiceId) -> StoreResult<Vec<(CommentId, String)>>;

    /// Records scores (`None`: not scored, the model was too young), marking each comment
    /// as scored, and returns the comments given a score. With `claim`, a comment another
    /// node scored already is left alone (and not returned).
    async fn set_scores(&self, scores: &[(CommentId, Option<Score>)], claim: bool) -> StoreResult<Vec<CommentId>>;

    /// New comments not yet scored, once placed in their campaigns, oldest first.
    async fn comments_to_score(&self, limit: u32) -> StoreResult<Vec<Unscored>>;

    /// The part of the service's model these features need (and its totals).
    async fn model(&self, service: ServiceId, features: &[i64]) -> StoreResult<Model>;
}
