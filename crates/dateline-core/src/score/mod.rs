//! The score: how likely the service's moderators are to reject a comment, learned from
//! their own decisions.
//!
//! Each service has its own model: for every feature (a character n-gram of the folded
//! text, [`crate::fold`], so it works in every script without a tokenizer and look-alike
//! letters do not hide a feature), how many approved and how many rejected comments had
//! it, and in all how many comments and feature occurrences each kind had. That is what
//! naive Bayes needs, and it is what the store keeps: counts add up, so every node learns
//! each decision once (incrementally, [`learn_decisions`]), every node scores the same way,
//! and a rebuild ([`rebuild`]) gives exactly the counts that learning decision by decision
//! gives.
//!
//! A comment's score is multinomial naive Bayes over the set of its features (each
//! counted once, Laplace-smoothed), with the service's own share of rejections as the
//! prior: the probability that its moderators reject it, from 0 ("like what they
//! approve") to 1. The n-grams of 2, 3 and 4 letters overlap, so each letter is evidence
//! about three times over; the evidence is tempered by [`TEMPER`] so that the score is not
//! needlessly sure of itself (measured: `bench/score_corpus.sh`). The features that weighed
//! most, with the way each leans, are the explanation shown to the moderator.
//!
//! The score labels a comment (`score:0.93`) and sorts the queue. It decides nothing unless
//! an admin sets `[moderation] auto_reject_score` or `auto_approve_score` for the service;
//! then the system rejects or approves past the threshold, and the audit log says so with
//! the score ([`score_new_comments`]).

mod deciding;
mod evaluation;
mod learning;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::comments::CommentState;
use crate::fold::Folded;

pub use deciding::{ModerationSettings, Thresholds, Unscored, automatic_decision, explain, score_new_comments};
pub use evaluation::{Evaluation, evaluate};
pub use learning::{Decision, Lesson, Rebuilt, learn_decisions, rebuild};

/// The lengths of the character n-grams that are features.
const NGRAMS: [usize; 3] = [2, 3, 4];

/// The most features one comment contributes (a very long text adds no more evidence).
pub const MAX_FEATURES: usize = 3000;

/// How much of the summed evidence counts (the n-grams overlap; see the module's doc).
const TEMPER: f64 = 0.3;

/// Laplace smoothing: each feature is counted as if seen this many more times.
const SMOOTHING: f64 = 1.0;

/// The features shown as the explanation of a score, at most.
pub const CLUES: usize = 20;

/// A model scores nothing until it has learned this many decisions of each kind.
pub const MIN_DECISIONS: i64 = 10;

/// A moderator's decision, as the model learns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The comment was approved.
    Approved,
    /// The comment was rejected.
    Rejected,
}

impl Verdict {
    /// The verdict a comment's state stands for (`None`: no decision to learn).
    pub fn of_state(state: CommentState) -> Option<Verdict> {
        match state {
            CommentState::Approved => Some(Verdict::Approved),
            CommentState::Rejected => Some(Verdict::Rejected),
            _ => None,
        }
    }

    /// The verdict to learn from a comment's state and who decided it (`None` for
    /// decisions from before the score, and for imported comments): a person's approval
    /// or rejection. The system's own decisions (a word list's, the score's) are never
    /// learned, or the model would teach itself. (The store's index
    /// `comments_to_learn` says the same in SQL.)
    pub fn to_learn(state: CommentState, decided_by: Option<&str>) -> Option<Verdict> {
        if decided_by == Some(crate::audit::actors::SYSTEM) {
            return None;
        }
        Verdict::of_state(state)
    }

    /// The name stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Approved => "approved",
            Verdict::Rejected => "rejected",
        }
    }

    /// A stored name ('' or unknown: no verdict).
    pub fn parse(stored: &str) -> Option<Verdict> {
        match stored {
            "approved" => Some(Verdict::Approved),
            "rejected" => Some(Verdict::Rejected),
            _ => None,
        }
    }
}

/// A feature of a text: a character n-gram of its folded words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The key stored (a 64-bit hash of the n-gram).
    pub hash: i64,
    /// The n-gram, for the explanation (a space marks a word's edge).
    pub text: String,
}

/// The features of a text: every distinct character n-gram of its folded words (words
/// wrapped in spaces, so a word's start and end are features too), at most
/// [`MAX_FEATURES`], in the order they first appear.
pub fn features(text: &str) -> Vec<Feature> {
    let folded = Folded::new(text);
    let mut chars: Vec<char> = Vec::with_capacity(text.len() + 2);
    chars.push(' ');
    for word in &folded.words {
        chars.extend(word.chars());
        chars.push(' ');
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for n in NGRAMS {
        for gram in chars.windows(n) {
            if gram.iter().all(|c| *c == ' ') {
                continue;
            }
            let hash = hash_gram(gram);
            if seen.insert(hash) {
                out.push(Feature { hash, text: gram.iter().collect() });
                if out.len() == MAX_FEATURES {
                    return out;
                }
            }
        }
    }
    out
}

/// The hashes of a text's features.
pub fn feature_hashes(text: &str) -> Vec<i64> {
    features(text).into_iter().map(|f| f.hash).collect()
}

/// FNV-1a over the n-gram's UTF-8 bytes (fixed: the hashes are stored).
fn hash_gram(gram: &[char]) -> i64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut buffer = [0u8; 4];
    for c in gram {
        for byte in c.encode_utf8(&mut buffer).bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    // Stored as a signed 64-bit integer.
    hash as i64
}

/// How many approved and rejected comments had a feature (or in all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Approved comments.
    pub approved: i64,
    /// Rejected comments.
    pub rejected: i64,
}

impl Counts {
    /// Adds (`sign` 1) or takes away (`sign` -1) one comment of a verdict.
    pub fn add(&mut self, verdict: Verdict, sign: i64) {
        match verdict {
            Verdict::Approved => self.approved += sign,
            Verdict::Rejected => self.rejected += sign,
        }
    }
}

/// A service's model, or the part of it a batch of comments needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    /// Comments learned.
    pub decisions: Counts,
    /// Feature occurrences learned (each comment's distinct features), per kind.
    pub occurrences: Counts,
    /// Distinct features the model knows.
    pub vocabulary: i64,
    /// Per feature hash (only those asked for, when read from the store).
    pub features: HashMap<i64, Counts>,
}

/// One feature's part in a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clue {
    /// The n-gram (a space marks a word's edge).
    pub feature: String,
    /// The probability that a comment is rejected on this feature's evidence alone (before
    /// the prior): above 0.5 leans toward rejection, below toward approval.
    pub leaning: f64,
}

/// A comment's score and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    /// 0 (like what is approved) to 1 (like what is rejected).
    pub score: f64,
    /// The features that weighed most, strongest first (at most [`CLUES`]).
    pub clues: Vec<Clue>,
}

impl Model {
    /// Whether the model has learned enough decisions of each kind to score.
    pub fn is_ready(&self) -> bool {
        self.decisions.approved >= MIN_DECISIONS && self.decisions.rejected >= MIN_DECISIONS
    }

    /// Learns (`sign` 1) or unlearns (`sign` -1) one decided comment's features. (The
    /// vocabulary is counted by whoever holds the whole model: [`Model::count_vocabulary`],
    /// or the store.)
    pub fn learn(&mut self, features: &[i64], verdict: Verdict, sign: i64) {
        self.decisions.add(verdict, sign);
        self.occurrences.add(verdict, sign * features.len() as i64);
        for hash in features {
            self.features.entry(*hash).or_default().add(verdict, sign);
        }
    }

    /// Counts the distinct features known (of a whole model).
    pub fn count_vocabulary(&mut self) {
        self.vocabulary = self.features.values().filter(|c| c.approved > 0 || c.rejected > 0).count() as i64;
    }

    /// The score of a text with these features (`None` until the model [`is_ready`]).
    ///
    /// [`is_ready`]: Model::is_ready
    pub fn score(&self, features: &[Feature]) -> Option<Scored> {
        if !self.is_ready() {
            return None;
        }
        let mut weighed: Vec<(f64, &Feature)> = features
            .iter()
            .filter_map(|feature| Some((self.evidence(self.features.get(&feature.hash)?)?, feature)))
            .collect();
        let evidence: f64 = weighed.iter().map(|(e, _)| e).sum();
        let prior = (self.decisions.rejected as f64 / self.decisions.approved as f64).ln();
        let score = sigmoid(prior + TEMPER * evidence);
        weighed.sort_by(|(a, _), (b, _)| b.abs().total_cmp(&a.abs()));
        let clues = weighed
            .into_iter()
            .take(CLUES)
            .map(|(e, feature)| Clue { feature: feature.text.clone(), leaning: sigmoid(e) })
            .collect();
        Some(Scored { score, clues })
    }

    /// A feature's evidence for rejection: the log of how much likelier it is in a
    /// rejected comment than in an approved one (`None`: never seen, no evidence).
    fn evidence(&self, counts: &Counts) -> Option<f64> {
        let (approved, rejected) = (counts.approved.max(0) as f64, counts.rejected.max(0) as f64);
        if approved + rejected == 0.0 {
            return None;
        }
        let vocabulary = self.vocabulary.max(1) as f64;
        let in_rejected = (rejected + SMOOTHING) / (self.occurrences.rejected.max(0) as f64 + SMOOTHING * vocabulary);
        let in_approved = (approved + SMOOTHING) / (self.occurrences.approved.max(0) as f64 + SMOOTHING * vocabulary);
        Some((in_rejected / in_approved).ln())
    }
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x.clamp(-500.0, 500.0)).exp())
}

/// A score as stored and shown: in ten-thousandths, from 0 (approve) to 10000 (reject).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Score(pub i64);

impl Score {
    /// The score of a probability.
    pub fn of(probability: f64) -> Score {
        Score((probability.clamp(0.0, 1.0) * 10_000.0).round() as i64)
    }

    /// As a probability.
    pub fn value(self) -> f64 {
        self.0 as f64 / 10_000.0
    }

    /// In hundredths, as shown (rounded half up).
    pub fn hundredths(self) -> i64 {
        (self.0 + 50) / 100
    }

    /// The label: `score:0.93`.
    pub fn label(self) -> String {
        format!("score:{self}")
    }
}

impl std::fmt::Display for Score {
    /// Two decimals: `0.93`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hundredths = self.hundredths();
        write!(f, "{}.{:02}", hundredths / 100, hundredths % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comments::Transition;

    fn model(approved: &[&str], rejected: &[&str]) -> Model {
        let mut model = Model::default();
        for text in approved {
            model.learn(&feature_hashes(text), Verdict::Approved, 1);
        }
        for text in rejected {
            model.learn(&feature_hashes(text), Verdict::Rejected, 1);
        }
        model.count_vocabulary();
        model
    }

    const APPROVED: [&str; 10] = [
        "The report on the flood was careful and fair, thank you",
        "I live near the river; the water came up fast last night",
        "Good to see the reporters asking the officials hard questions",
        "My grandmother remembers the flood of 1998 in the same place",
        "Could you write more about how the relief money is counted?",
        "The photo of the market under water says more than words",
        "Thank you for reporting from the villages, not only the city",
        "We need more stories like this one about our region",
        "The translation into English reads well, the facts are clear",
        "I disagree with the minister but the article is balanced",
    ];
    const REJECTED: [&str; 10] = [
        "CHEAP PILLS buy now at pills-shop dot com best price",
        "Earn money from home, click my profile for cheap offers",
        "buy cheap watches, best price, visit the shop today",
        "Free money!!! click here to win a prize now",
        "cheap loans for everyone, click the link and earn",
        "best price pills, buy now, free shipping today",
        "win free prize money, click here, offer ends today",
        "make money fast, cheap offer, click my page",
        "buy now!!! cheap cheap cheap, best price ever",
        "click here for free pills and cheap loans",
    ];

    #[test]
    fn features_are_ngrams_of_the_folded_words_in_every_script() {
        let latin: Vec<String> = features("Sale").into_iter().map(|f| f.text).collect();
        assert_eq!(latin, [" s", "sa", "al", "le", "e ", " sa", "sal", "ale", "le ", " sal", "sale", "ale "]);
        // Features are folded letters: "m" is its look-alike skeleton "rn".
        assert!(features("spam").iter().any(|f| f.text == "parn"));
        // Look-alike letters and spacing fold away: the same features.
        assert_eq!(feature_hashes("Sраm"), feature_hashes("spam"));
        assert_eq!(feature_hashes("s p a m"), feature_hashes("SPAM"));
        let korean: Vec<String> = features("광고문의").into_iter().map(|f| f.text).collect();
        assert!(korean.iter().any(|f| f == "광고"), "{korean:?}");
        let uyghur: Vec<String> = features("ئەمەلدارلار").into_iter().map(|f| f.text).collect();
        assert!(uyghur.iter().any(|f| f == "ئە"), "{uyghur:?}");
        assert!(features(&"long text ".repeat(2000)).len() <= MAX_FEATURES);
        assert!(features("").is_empty());
    }

    #[test]
    fn scores_lean_the_way_the_moderators_decided_and_say_why() {
        let model = model(&APPROVED, &REJECTED);
        let spam = model.score(&features("cheap pills, click here, best price")).unwrap();
        let fine = model.score(&features("The reporters were careful about the flood in the villages")).unwrap();
        assert!(spam.score > 0.9, "{spam:?}");
        assert!(fine.score < 0.1, "{fine:?}");
        assert!(spam.clues.iter().any(|c| c.feature.contains("chea") && c.leaning > 0.5));
        assert!(spam.clues.len() <= CLUES);
        let strengths: Vec<f64> = spam.clues.iter().map(|c| (c.leaning - 0.5).abs()).collect();
        assert!(strengths.windows(2).all(|w| w[0] >= w[1]), "strongest first");
        // Nothing known: cannot tell.
        assert_eq!(model.score(&features("훟훟훟")).unwrap().score, 0.5);
    }

    #[test]
    fn a_young_model_scores_nothing() {
        let young = model(&APPROVED[..3], &REJECTED);
        assert!(!young.is_ready());
        assert!(young.score(&features("cheap pills")).is_none());
    }

    #[test]
    fn unlearning_takes_a_decision_back_exactly() {
        let mut model = model(&APPROVED, &REJECTED);
        let before = model.clone();
        let hashes = feature_hashes("A new comment, approved then rejected");
        model.learn(&hashes, Verdict::Approved, 1);
        model.learn(&hashes, Verdict::Approved, -1);
        model.features.retain(|_, c| *c != Counts::default());
        assert_eq!(model, before);
    }

    #[test]
    fn the_system_decides_only_past_a_threshold_and_never_approves_what_is_held() {
        let off = Thresholds::default();
        assert_eq!(automatic_decision(0.99, &off, false, false), None);
        let both = Thresholds { reject_at: Some(0.95), approve_at: Some(0.05) };
        assert_eq!(automatic_decision(0.97, &both, false, false), Some(Transition::Reject));
        assert_eq!(automatic_decision(0.02, &both, false, false), Some(Transition::Approve));
        assert_eq!(automatic_decision(0.02, &both, true, false), None, "held by a word list");
        assert_eq!(automatic_decision(0.02, &both, false, true), None, "in a campaign");
        assert_eq!(automatic_decision(0.5, &both, false, false), None);
        assert_eq!(Score::of(0.934).label(), "score:0.93");
        assert_eq!(Score::of(0.995).to_string(), "1.00");
        assert_eq!(Score::of(0.05).to_string(), "0.05");
        assert_eq!(Score::of(0.0).to_string(), "0.00");
    }

    #[test]
    fn thresholds_are_checked_per_service() {
        let mut settings = ModerationSettings::default();
        settings.auto_reject_score.insert("english".into(), 0.97);
        settings.auto_approve_score.insert("english".into(), 0.03);
        assert_eq!(settings.validate(), Ok(()));
        assert_eq!(settings.thresholds("english"), Thresholds { reject_at: Some(0.97), approve_at: Some(0.03) });
        assert_eq!(settings.thresholds("korean"), Thresholds::default());
        settings.auto_approve_score.insert("english".into(), 0.98);
        assert!(settings.validate().unwrap_err().contains("must be below"));
        settings.auto_approve_score.clear();
        settings.auto_reject_score.insert("korean".into(), 1.5);
        assert!(settings.validate().unwrap_err().contains("\"korean\" is 1.5"));
    }

    #[test]
    fn evaluation_counts_precision_and_recall() {
        let train: Vec<(Verdict, String)> = APPROVED
            .iter()
            .map(|t| (Verdict::Approved, (*t).to_owned()))
            .chain(REJECTED.iter().map(|t| (Verdict::Rejected, (*t).to_owned())))
            .collect();
        let test = vec![
            (Verdict::Rejected, "cheap pills, click here now".to_owned()),
            (Verdict::Approved, "Thank you for the careful report on the flood".to_owned()),
        ];
        let result = evaluate(&train, &test, &[0.5]);
        assert_eq!(result.trained, Counts { approved: 10, rejected: 10 });
        assert_eq!(result.tested, Counts { approved: 1, rejected: 1 });
        assert_eq!(result.at, [(0.5, 1.0, 1.0)]);
    }
}
