//! Campaigns: the same message pasted by many accounts, across stories and services, with
//! look-alike letters and small edits.
//!
//! Each new comment gets a MinHash signature of its folded text ([`crate::fold`]: so
//! look-alike letters, spacing and repeats do not hide a copy) over shingles of 5 letters
//! (3 in scripts whose letters are syllables or words: Han, kana, Hangul, Thai); the
//! signature's bands (8 of 4 values) find earlier comments of the last
//! [`WINDOW_HOURS`] that may be copies, and those whose signatures agree on at least
//! [`SIMILARITY`] of their values are the same campaign. The work is done off the
//! submission path by [`place_new_comments`], which every node runs every second, so a
//! flood of copies costs submissions nothing; the label `campaign:ID` follows within a
//! second or two.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::comments::{Comment, CommentId, CommentSettings, ModerationError, RejectionReason};
use crate::fold::Folded;
use crate::moderation::{Actor, Decision, ban, decide};
use crate::store::{BanStore, CampaignStore, CommentStore, ModerationStore, StoreResult};

/// How far back copies are looked for.
pub const WINDOW_HOURS: i64 = 48;

/// The share of signature values two comments must agree on to be one campaign.
pub const SIMILARITY: f64 = 0.5;

/// Values in a signature.
const HASHES: usize = 32;

/// Bands of the signature, and values per band.
const BANDS: usize = 8;
const ROWS: usize = HASHES / BANDS;

/// Texts with fewer letters than this are too short to call copies.
const MIN_LETTERS: usize = 12;

/// A comment's MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature([u32; HASHES]);

impl Signature {
    /// The signature of a text, if it is long enough to compare.
    pub fn of(text: &str) -> Option<Signature> {
        let letters: Vec<char> = Folded::new(text).letters().chars().collect();
        if letters.len() < MIN_LETTERS {
            return None;
        }
        let mut mins = [u32::MAX; HASHES];
        for shingle in letters.windows(shingle_length(&letters)) {
            let base = fnv1a(shingle);
            for (i, min) in mins.iter_mut().enumerate() {
                let value = (mix(base ^ SEEDS[i]) >> 32) as u32;
                *min = (*min).min(value);
            }
        }
        Some(Signature(mins))
    }

    /// The share of values two signatures agree on (an estimate of their texts' Jaccard
    /// similarity).
    pub fn similarity(&self, other: &Signature) -> f64 {
        self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count() as f64 / HASHES as f64
    }

    /// The keys comments that may be copies share at least one of.
    pub fn bands(&self) -> Vec<i64> {
        self.0
            .chunks(ROWS)
            .enumerate()
            .map(|(band, values)| {
                let mut key = mix(band as u64 + 1);
                for value in values {
                    key = mix(key ^ u64::from(*value));
                }
                // Stored as a signed 64-bit integer.
                key as i64
            })
            .collect()
    }

    /// The signature as stored (hex).
    pub fn to_text(&self) -> String {
        self.0.iter().map(|v| format!("{v:08x}")).collect()
    }

    /// A stored signature.
    pub fn from_text(text: &str) -> Option<Signature> {
        if text.len() != HASHES * 8 || !text.is_ascii() {
            return None;
        }
        let mut values = [0u32; HASHES];
        for (i, value) in values.iter_mut().enumerate() {
            *value = u32::from_str_radix(&text[i * 8..i * 8 + 8], 16).ok()?;
        }
        Some(Signature(values))
    }
}

/// Letters per shingle: 5 in alphabets (three would be shared by most texts of a language,
/// and unrelated comments made of its common words would look like copies); 3 in scripts
/// whose every letter is a syllable or a word (Han, kana, Hangul, Thai…).
fn shingle_length(letters: &[char]) -> usize {
    let unspaced = letters.iter().filter(|c| crate::fold::is_unspaced(**c)).count();
    if unspaced * 2 >= letters.len() { 3 } else { 5 }
}

/// Seeds of the signature's hash functions (fixed: signatures are stored).
const SEEDS: [u64; HASHES] = {
    let mut seeds = [0u64; HASHES];
    let mut i = 0;
    while i < HASHES {
        seeds[i] = 0x9E37_79B9_7F4A_7C15u64.wrapping_mul(i as u64 + 1);
        i += 1;
    }
    seeds
};

/// SplitMix64's finalizer: spreads every input bit over the output.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// FNV-1a over a shingle's characters.
fn fnv1a(chars: &[char]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for c in chars {
        for byte in (*c as u32).to_le_bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// A comment not yet placed, as the worker reads it.
#[derive(Debug, Clone)]
pub struct Unplaced {
    /// The comment.
    pub id: CommentId,
    /// Its text.
    pub text: String,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
}

/// An earlier comment that may be a copy.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The comment.
    pub id: CommentId,
    /// Its signature, as stored.
    pub signature: String,
    /// Its campaign, if it has one.
    pub campaign: Option<i64>,
}

/// Where a comment goes: with the copy it resembles most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Join {
    /// The earlier comment (stored, or placed before it in the same batch).
    pub with: CommentId,
    /// Its campaign, if known (`None`: the store looks, and makes one for the two if the
    /// earlier comment has none).
    pub campaign: Option<i64>,
}

/// A comment's place, as [`place_new_comments`] found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The comment.
    pub id: CommentId,
    /// Its signature as stored (`None`: too short to compare).
    pub signature: Option<String>,
    /// Its bands.
    pub bands: Vec<i64>,
    /// The copy it joins, if any.
    pub join: Option<Join>,
    /// When it was sent.
    pub at: DateTime<Utc>,
}

/// A campaign, summed up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignSummary {
    /// Its id (the label `campaign:ID`).
    pub id: i64,
    /// Its comments.
    pub comments: i64,
    /// Distinct commenter tokens among them.
    pub commenters: i64,
    /// Distinct stories.
    pub stories: i64,
    /// The first comment's time.
    pub first_seen: DateTime<Utc>,
    /// The last comment's time.
    pub last_seen: DateTime<Utc>,
    /// The first comment's text.
    pub sample: String,
}

/// Places the comments sent since the last run (at most `batch`): each gets its signature,
/// and joins the campaign of the earlier comment it copies, if any. Returns how many were
/// placed.
/// (The whole batch is written in one transaction: a flood of copies costs one write a
/// second, not one a comment.)
pub async fn place_new_comments<S: CampaignStore + ?Sized>(store: &S, batch: u32) -> StoreResult<usize> {
    let unplaced = store.unplaced_comments(batch).await?;
    let mut placements: Vec<Placement> = Vec::with_capacity(unplaced.len());
    // The batch's own signatures, by band: a copy may come in the same second as its
    // original.
    let mut in_batch: Vec<(CommentId, Signature)> = Vec::new();
    let mut batch_bands: std::collections::HashMap<i64, Vec<usize>> = std::collections::HashMap::new();
    for comment in &unplaced {
        let Some(signature) = Signature::of(&comment.text) else {
            placements.push(Placement {
                id: comment.id,
                signature: None,
                bands: Vec::new(),
                join: None,
                at: comment.created_at,
            });
            continue;
        };
        let bands = signature.bands();
        let since = comment.created_at - Duration::hours(WINDOW_HOURS);
        let stored = store.campaign_candidates(&bands, since, comment.id).await?.into_iter().filter_map(|c| {
            Signature::from_text(&c.signature)
                .map(|s| (signature.similarity(&s), Join { with: c.id, campaign: c.campaign }))
        });
        let mut sharing: Vec<usize> = bands.iter().filter_map(|b| batch_bands.get(b)).flatten().copied().collect();
        sharing.sort_unstable();
        sharing.dedup();
        let earlier = sharing.into_iter().map(|i| {
            let (id, theirs) = &in_batch[i];
            (signature.similarity(theirs), Join { with: *id, campaign: None })
        });
        let join = stored
            .chain(earlier)
            .filter(|(similarity, _)| *similarity >= SIMILARITY)
            // The closest copy; among equals, one known to be in a campaign.
            .max_by(|(a, x), (b, y)| a.total_cmp(b).then(x.campaign.is_some().cmp(&y.campaign.is_some())))
            .map(|(_, join)| join);
        placements.push(Placement {
            id: comment.id,
            signature: Some(signature.to_text()),
            bands: bands.clone(),
            join,
            at: comment.created_at,
        });
        for band in &bands {
            batch_bands.entry(*band).or_default().push(in_batch.len());
        }
        in_batch.push((comment.id, signature));
    }
    if !placements.is_empty() {
        store.place_comments(&placements).await?;
    }
    Ok(unplaced.len())
}

/// What a moderator does with a whole campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CampaignAction {
    /// Reject every pending or reported comment of it.
    RejectAll {
        /// The Terms of Use's reason.
        reason: RejectionReason,
        /// A note (required with `Other`).
        note: Option<String>,
    },
    /// Ban its commenters (each token, and the address it came from), each once.
    BanCommenters {
        /// For how many days.
        days: u32,
        /// Why (shown to no reader; kept with the ban).
        reason: String,
    },
    /// Approve one of its comments and reject the others as copies (spam).
    KeepOne {
        /// The comment kept.
        keep: CommentId,
    },
}

/// What a campaign action did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CampaignOutcome {
    /// Comments approved or rejected.
    pub decided: usize,
    /// Commenters banned.
    pub banned: usize,
    /// Comments left alone: decided before, or of a service the actor does not moderate.
    pub skipped: usize,
}

/// Acts on every comment of a campaign the actor may moderate, each decision and each ban
/// audited as the actor's. A comment decided already is skipped, not an error.
pub async fn act<S>(
    store: &S,
    actor: Actor<'_>,
    campaign: i64,
    action: &CampaignAction,
    settings: &CommentSettings,
    now: DateTime<Utc>,
) -> Result<CampaignOutcome, ModerationError>
where
    S: CampaignStore + CommentStore + ModerationStore + BanStore + ?Sized,
{
    let comments = store.campaign_comments(campaign).await?;
    if comments.is_empty() {
        return Err(ModerationError::Invalid(format!("campaign {campaign} does not exist")));
    }
    let mut outcome = CampaignOutcome::default();
    match action {
        CampaignAction::RejectAll { reason, note } => {
            let reject = Decision::Reject { reason: *reason, note: note.clone() };
            for id in comments {
                count(&mut outcome, decide(store, actor, id, &reject, settings, now).await)?;
            }
        }
        CampaignAction::BanCommenters { days, reason } => {
            for id in store.campaign_commenters(campaign).await? {
                match ban(store, actor, id, *days, reason, now).await {
                    Ok(_) => outcome.banned += 1,
                    Err(ModerationError::NotFound(_)) => outcome.skipped += 1,
                    Err(error) => return Err(error),
                }
            }
        }
        CampaignAction::KeepOne { keep } => {
            if !comments.contains(keep) {
                return Err(ModerationError::Invalid(format!("comment {} is not in campaign {campaign}", keep.0)));
            }
            count(&mut outcome, decide(store, actor, *keep, &Decision::Approve, settings, now).await)?;
            let note = Some(format!("a copy of comment {} (campaign {campaign})", keep.0));
            let reject = Decision::Reject { reason: RejectionReason::Spam, note };
            for id in comments.into_iter().filter(|id| id != keep) {
                count(&mut outcome, decide(store, actor, id, &reject, settings, now).await)?;
            }
        }
    }
    Ok(outcome)
}

/// Counts one decision of a campaign action: made, or skipped (decided already, or not
/// the actor's to decide).
fn count(outcome: &mut CampaignOutcome, result: Result<Comment, ModerationError>) -> Result<(), ModerationError> {
    match result {
        Ok(_) => outcome.decided += 1,
        Err(ModerationError::AlreadyHandled { .. } | ModerationError::NotFound(_)) => outcome.skipped += 1,
        Err(error) => return Err(error),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn similarity(a: &str, b: &str) -> f64 {
        Signature::of(a).unwrap().similarity(&Signature::of(b).unwrap())
    }

    #[test]
    fn copies_with_evasions_and_small_edits_are_similar() {
        let message = "The flood relief money was stolen by local officials, share this before it is deleted";
        assert_eq!(similarity(message, message), 1.0);
        let disguised = "The fl\u{043E}\u{043E}d relief money was st0len by l\u{200B}ocal officials!!! share this before it is deleted";
        assert!(similarity(message, disguised) >= SIMILARITY, "{}", similarity(message, disguised));
        let edited =
            "The flood relief money was stolen by the local officials, please share this before it gets deleted";
        assert!(similarity(message, edited) >= SIMILARITY, "{}", similarity(message, edited));
        let other = "The levee held overnight and the river is falling; volunteers are cleaning the market";
        assert!(similarity(message, other) < 0.2, "{}", similarity(message, other));
    }

    #[test]
    fn works_in_every_script() {
        let korean = "홍수 구호금은 지방 관리들이 훔쳤다 삭제되기 전에 공유하세요";
        let spaced = "홍수 구호금은 지방 관리들이 훔쳤다!! 삭제되기 전에 꼭 공유하세요";
        assert!(similarity(korean, spaced) >= SIMILARITY);
        let chinese = "救灾款被地方官员偷走了，在被删除之前请转发";
        assert!(similarity(chinese, "救灾款被地方官员偷走了!!在被删除之前请大家转发") >= SIMILARITY);
        let uyghur = "كەلكۈن ياردەم پۇلىنى يەرلىك ئەمەلدارلار ئوغرىلىدى، ئۆچۈرۈلۈشتىن بۇرۇن ھەمبەھىرلەڭ";
        let variant = "كەلكۈن ياردەم پۇلىنى يەرلىك ئەمەلدارلار ئوغرىلىدي، ئۆچۈرۈلۈشتىن بۇرۇن ھەمبەھىرلەڭ!!";
        assert!(similarity(uyghur, variant) >= SIMILARITY);
        assert!(similarity(korean, chinese) < 0.2);
    }

    #[test]
    fn signatures_are_stored_and_short_texts_skipped() {
        let signature = Signature::of("a long enough text to compare with others").unwrap();
        assert_eq!(Signature::from_text(&signature.to_text()), Some(signature.clone()));
        assert_eq!(signature.bands().len(), BANDS);
        assert_eq!(signature.bands(), Signature::of("a long enough text to compare with others").unwrap().bands());
        assert!(Signature::of("Thanks!").is_none());
        assert!(Signature::from_text("zz").is_none());
    }
}
