//! Retention: publication notices' retries, and what the hourly job erases.

use chrono::{DateTime, Utc};

use super::CommentSettings;
use crate::store::{ChangeFeed, CommentStore, ServiceStore};

/// Most attempts at sending one publication notice.
pub const NOTICE_ATTEMPTS: i64 = 5;

/// When to try a failed publication notice again, after `attempts` failures (this one
/// included): 30 s, then twice as long each time. `None`: give up, and forget the address
/// (a permanent refusal, such as an unknown mailbox, or the last attempt).
pub fn notice_retry(attempts: i64, permanent: bool, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if permanent || attempts >= NOTICE_ATTEMPTS {
        return None;
    }
    let exponent = u32::try_from(attempts.clamp(1, 16) - 1).unwrap_or(0);
    Some(now + chrono::Duration::seconds(30 * 2_i64.pow(exponent)))
}

/// What the retention job erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionReport {
    /// Comments whose address hash and email were erased.
    pub comments: u64,
    /// Daily address-hash secrets deleted (old hashes can no longer be recomputed).
    pub secrets: u64,
}

/// The longest window any submission or sign-in limit looks back over: records older than
/// this serve no limit and are deleted.
pub const LIMIT_RECORDS_KEPT: chrono::Duration = chrono::Duration::hours(1);

/// How long a comment form (its signed token) stays valid after it was shown.
pub const FORM_LIFETIME_HOURS: i64 = 24;

/// The retention job: erases address hashes, emails, report hashes and waiting notices
/// older than the retention period, the daily secrets they were made with, and the
/// records of limits (submissions, sign-in attempts) that no limit needs any more.
pub async fn apply_retention<S>(
    store: &S,
    settings: &CommentSettings,
    now: DateTime<Utc>,
) -> Result<RetentionReport, crate::store::StoreError>
where
    S: CommentStore + ServiceStore + ChangeFeed + crate::store::CampaignStore + ?Sized,
{
    let cutoff = now - chrono::Duration::days(i64::from(settings.retention_days));
    store.delete_changes_before(now - chrono::Duration::hours(1)).await?;
    // Copies are looked for among the last two days' comments only.
    store.forget_bands_before(now - chrono::Duration::hours(crate::campaigns::WINDOW_HOURS)).await?;
    store
        .delete_limit_records_before(now - LIMIT_RECORDS_KEPT, now - chrono::Duration::hours(FORM_LIFETIME_HOURS))
        .await?;
    Ok(RetentionReport {
        comments: store.erase_personal_data_before(cutoff).await?,
        secrets: store.delete_secrets_before("address:", cutoff).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_back_off_then_give_up() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        assert_eq!(notice_retry(1, false, now), Some(now + chrono::Duration::seconds(30)));
        assert_eq!(notice_retry(3, false, now), Some(now + chrono::Duration::seconds(120)));
        assert_eq!(notice_retry(NOTICE_ATTEMPTS, false, now), None);
        assert_eq!(notice_retry(1, true, now), None, "a permanent refusal is final");
    }
}
