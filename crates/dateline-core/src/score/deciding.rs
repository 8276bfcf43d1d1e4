//! Deciding: the scores of new comments, and the system's decisions past a service's
//! thresholds (`[moderation]`).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Feature, Model, Score, Scored, features};
use crate::comments::{CommentId, CommentState, ModerationError, Transition};
use crate::services::ServiceId;
use crate::store::{CommentStore, ModerationStore, ScoreStore, StoreResult};

/// A service's thresholds for the system's own decisions (`[moderation]`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Thresholds {
    /// Reject a comment whose score is at least this.
    pub reject_at: Option<f64>,
    /// Approve a comment whose score is at most this (never one held by a word list,
    /// nor one in a campaign).
    pub approve_at: Option<f64>,
}

/// The `[moderation]` settings: per service code, the thresholds at which the system
/// decides by the score (none by default).
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModerationSettings {
    /// Per service code: reject a pending comment whose score is at least this.
    pub auto_reject_score: std::collections::BTreeMap<String, f64>,
    /// Per service code: approve a pending comment whose score is at most this.
    pub auto_approve_score: std::collections::BTreeMap<String, f64>,
}

impl ModerationSettings {
    /// A service's thresholds.
    pub fn thresholds(&self, service_code: &str) -> Thresholds {
        Thresholds {
            reject_at: self.auto_reject_score.get(service_code).copied(),
            approve_at: self.auto_approve_score.get(service_code).copied(),
        }
    }

    /// Checks the thresholds: each between 0 and 1, and a service's approval threshold
    /// below its rejection threshold. The error names the setting and the service.
    pub fn validate(&self) -> Result<(), String> {
        for (name, thresholds) in
            [("auto_reject_score", &self.auto_reject_score), ("auto_approve_score", &self.auto_approve_score)]
        {
            for (code, value) in thresholds {
                if !(0.0..=1.0).contains(value) {
                    return Err(format!("moderation.{name} for {code:?} is {value}: use a score from 0 to 1"));
                }
            }
        }
        for (code, approve) in &self.auto_approve_score {
            if let Some(reject) = self.auto_reject_score.get(code)
                && approve >= reject
            {
                return Err(format!(
                    "moderation.auto_approve_score for {code:?} ({approve}) must be below its auto_reject_score ({reject})"
                ));
            }
        }
        Ok(())
    }

    /// The service codes the settings name.
    pub fn services(&self) -> impl Iterator<Item = &str> {
        self.auto_reject_score.keys().chain(self.auto_approve_score.keys()).map(String::as_str)
    }
}

/// A new comment to score, as the worker reads it.
#[derive(Debug, Clone)]
pub struct Unscored {
    /// The comment.
    pub id: CommentId,
    /// Its service.
    pub service: ServiceId,
    /// Its service's code.
    pub service_code: String,
    /// Its text.
    pub text: String,
    /// Its state.
    pub state: CommentState,
    /// Whether a word list holds it for a person.
    pub held: bool,
    /// Whether it is part of a campaign of copies.
    pub in_campaign: bool,
}

/// What the system decides about a scored pending comment, if anything.
pub fn automatic_decision(score: f64, thresholds: &Thresholds, held: bool, in_campaign: bool) -> Option<Transition> {
    if thresholds.reject_at.is_some_and(|at| score >= at) {
        return Some(Transition::Reject);
    }
    if thresholds.approve_at.is_some_and(|at| score <= at) && !held && !in_campaign {
        return Some(Transition::Approve);
    }
    None
}

/// Scores the comments sent since the last run (at most `batch`, once each has been
/// placed in its campaign), with each service's model as it stands; then, where an admin
/// set a threshold for the service, the system rejects or approves the pending ones past
/// it, audited with the score. Returns how many comments were read.
pub async fn score_new_comments<S>(
    store: &S,
    settings: &ModerationSettings,
    batch: u32,
    now: DateTime<Utc>,
) -> StoreResult<usize>
where
    S: ScoreStore + CommentStore + ModerationStore + ?Sized,
{
    let unscored = store.comments_to_score(batch).await?;
    if unscored.is_empty() {
        return Ok(0);
    }
    // A service whose model cannot score yet costs one read, not the features of each text.
    let mut models: HashMap<ServiceId, Model> = HashMap::new();
    for service in unscored.iter().map(|c| c.service).collect::<HashSet<_>>() {
        let totals = store.model(service, &[]).await?;
        if totals.is_ready() {
            models.insert(service, totals);
        }
    }
    let with_features: Vec<(&Unscored, Vec<Feature>)> = unscored
        .iter()
        .map(|c| (c, if models.contains_key(&c.service) { features(&c.text) } else { Vec::new() }))
        .collect();
    for (service, model) in &mut models {
        let hashes: Vec<i64> = with_features
            .iter()
            .filter(|(c, _)| c.service == *service)
            .flat_map(|(_, f)| f.iter().map(|f| f.hash))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        *model = store.model(*service, &hashes).await?;
    }
    let scores: Vec<(CommentId, Option<Score>)> = with_features
        .iter()
        .map(|(c, f)| (c.id, models.get(&c.service).and_then(|m| m.score(f)).map(|s| Score::of(s.score))))
        .collect();
    // Another node may have scored some first: it decides those.
    let claimed: HashSet<CommentId> = store.set_scores(&scores, true).await?.into_iter().collect();
    for ((comment, _), (_, score)) in with_features.iter().zip(&scores) {
        let (Some(score), CommentState::Pending, true) = (score, comment.state, claimed.contains(&comment.id)) else {
            continue;
        };
        let limits = settings.thresholds(&comment.service_code);
        let Some(change) = automatic_decision(score.value(), &limits, comment.held, comment.in_campaign) else {
            continue;
        };
        decide(store, comment.id, change, *score, &limits, now).await?;
    }
    Ok(unscored.len())
}

/// The system's decision past a threshold, audited with the score.
async fn decide<S>(
    store: &S,
    id: CommentId,
    change: Transition,
    score: Score,
    thresholds: &Thresholds,
    now: DateTime<Utc>,
) -> StoreResult<()>
where
    S: CommentStore + ModerationStore + ?Sized,
{
    let (reason, threshold) = match change {
        Transition::Reject => (Some(crate::comments::RejectionReason::Other.as_str()), thresholds.reject_at),
        _ => (None, thresholds.approve_at),
    };
    let note = serde_json::json!({ "score": score.value(), "threshold": threshold });
    match crate::comments::transition_noting(store, crate::audit::actors::SYSTEM, id, change, reason, note, now).await {
        // A moderator may have decided first.
        Ok(_) | Err(ModerationError::AlreadyHandled { .. } | ModerationError::NotFound(_)) => Ok(()),
        Err(ModerationError::Store(error)) => Err(error),
        Err(other) => Err(crate::store::StoreError::Database(other.to_string())),
    }
}

/// A comment's score now and why, with its service's model as it stands.
pub async fn explain<S: ScoreStore + ?Sized>(store: &S, service: ServiceId, text: &str) -> StoreResult<Option<Scored>> {
    let features = features(text);
    let hashes: Vec<i64> = features.iter().map(|f| f.hash).collect();
    let model = store.model(service, &hashes).await?;
    Ok(model.score(&features))
}
