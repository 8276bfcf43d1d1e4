//! Learning: the moderators' decisions, one by one as they are made, or all again.

use super::{Model, Score, Verdict, feature_hashes, features};
use crate::comments::CommentId;
use crate::services::ServiceId;
use crate::store::{ScoreStore, StoreResult};
use serde::Serialize;

use super::Counts;

/// A decided comment whose decision the model has not learned as it stands now.
#[derive(Debug, Clone)]
pub struct Decision {
    /// The comment.
    pub id: CommentId,
    /// Its service.
    pub service: ServiceId,
    /// Its text.
    pub text: String,
    /// What the model learned of it so far.
    pub learned: Option<Verdict>,
    /// What it should learn now (`None`: nothing; a decision undone or made by the system).
    pub verdict: Option<Verdict>,
}

/// One comment's lesson.
#[derive(Debug, Clone)]
pub struct Lesson {
    /// The comment.
    pub id: CommentId,
    /// Its service.
    pub service: ServiceId,
    /// Its feature hashes.
    pub features: Vec<i64>,
    /// The verdict learned before (taken away).
    pub from: Option<Verdict>,
    /// The verdict learned now (added).
    pub to: Option<Verdict>,
}

/// Learns the decisions moderators made since the last run (at most `batch`), on every
/// node every second: each comment's features are added to its service's counts under its
/// verdict, and taken away from the verdict learned before if a moderator changed their
/// mind. Decisions made by the system (a word list, the score itself) are not learned:
/// the model would otherwise teach itself. Returns how many comments were read.
pub async fn learn_decisions<S: ScoreStore + ?Sized>(store: &S, batch: u32) -> StoreResult<usize> {
    let decisions = store.decisions_to_learn(batch).await?;
    let lessons: Vec<Lesson> = decisions
        .iter()
        .map(|d| Lesson {
            id: d.id,
            service: d.service,
            features: feature_hashes(&d.text),
            from: d.learned,
            to: d.verdict,
        })
        .collect();
    if !lessons.is_empty() {
        store.learn(&lessons).await?;
    }
    Ok(decisions.len())
}

/// What a rebuild did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Rebuilt {
    /// Decisions learned.
    pub decisions: Counts,
    /// Distinct features in the model.
    pub features: usize,
    /// Pending comments scored again.
    pub rescored: usize,
    /// Whether the model scores (it has learned enough of each verdict).
    pub ready: bool,
}

/// Builds a service's model again from every decision its moderators have made (the
/// comments approved or rejected by a person, imported ones included), replacing the
/// one learned so far, and scores its pending comments again.
pub async fn rebuild<S: ScoreStore + ?Sized>(store: &S, service: ServiceId) -> StoreResult<Rebuilt> {
    let decided = store.decided_comments(service).await?;
    let mut model = Model::default();
    let mut learned: Vec<(CommentId, Verdict)> = Vec::with_capacity(decided.len());
    for decision in &decided {
        let Some(verdict) = decision.verdict else { continue };
        model.learn(&feature_hashes(&decision.text), verdict, 1);
        learned.push((decision.id, verdict));
    }
    model.count_vocabulary();
    store.replace_model(service, &model, &learned).await?;
    let pending = store.pending_to_score(service).await?;
    let scores: Vec<(CommentId, Option<Score>)> =
        pending.iter().map(|(id, text)| (*id, model.score(&features(text)).map(|s| Score::of(s.score)))).collect();
    store.set_scores(&scores, false).await?;
    Ok(Rebuilt {
        decisions: model.decisions,
        features: model.features.len(),
        rescored: scores.len(),
        ready: model.is_ready(),
    })
}
