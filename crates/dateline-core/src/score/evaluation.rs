//! Measuring: precision and recall on labelled texts (`dateline score evaluate`).

use serde::Serialize;

use super::{Counts, Model, Verdict, feature_hashes, features};

/// Precision and recall of the score on labelled texts, for `dateline score evaluate`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evaluation {
    /// Texts learned.
    pub trained: Counts,
    /// Texts scored.
    pub tested: Counts,
    /// Per threshold: (threshold, precision, recall) of "rejected" at score ≥ threshold.
    pub at: Vec<(f64, f64, f64)>,
}

/// Learns `train` and measures how well the score then tells the rejected from the
/// approved among `test`, at each threshold.
pub fn evaluate(train: &[(Verdict, String)], test: &[(Verdict, String)], thresholds: &[f64]) -> Evaluation {
    let mut model = Model::default();
    for (verdict, text) in train {
        model.learn(&feature_hashes(text), *verdict, 1);
    }
    model.count_vocabulary();
    let mut tested = Counts::default();
    let scored: Vec<(Verdict, f64)> = test
        .iter()
        .map(|(verdict, text)| {
            tested.add(*verdict, 1);
            (*verdict, model.score(&features(text)).map_or(0.5, |s| s.score))
        })
        .collect();
    let at = thresholds
        .iter()
        .map(|&threshold| {
            let flagged = scored.iter().filter(|(_, s)| *s >= threshold);
            let (mut right, mut all) = (0usize, 0usize);
            for (verdict, _) in flagged {
                all += 1;
                right += usize::from(*verdict == Verdict::Rejected);
            }
            let rejected = scored.iter().filter(|(v, _)| *v == Verdict::Rejected).count();
            let precision = if all == 0 { 1.0 } else { right as f64 / all as f64 };
            let recall = if rejected == 0 { 1.0 } else { right as f64 / rejected as f64 };
            (threshold, precision, recall)
        })
        .collect();
    Evaluation { trained: model.decisions, tested, at }
}
