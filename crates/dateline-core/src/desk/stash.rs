//! Nothing is lost when a session ends while someone writes: the desk form they send is kept
//! (for an hour, in the store, found through a random cookie of their browser) and saved
//! once they sign in again.

use chrono::{DateTime, Duration, Utc};

use crate::store::{DeskStore, StoreResult};

/// How long a kept form waits for its writer.
pub const STASH_LIFETIME: Duration = Duration::hours(1);

/// Most forms kept at once: past it, forms are not kept (a flood of them from people who
/// are not signed in cannot fill the database).
pub const MAX_STASHES: u32 = 1000;

/// A desk form kept for its writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StashedForm {
    /// Where it was sent (`/admin/stories` or `/admin/stories/{id}`).
    pub path: String,
    /// Its fields, URL-encoded, without the old session's CSRF token.
    pub body: String,
}

/// Whether a form sent to `path` is one the desk keeps: a new story or a story's editor.
pub fn is_kept_path(path: &str) -> bool {
    match path.strip_prefix("/admin/stories") {
        Some("") => true,
        Some(rest) => rest.strip_prefix('/').is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    }
}

/// Keeps a form under the hash of its cookie's id; `false` if too many are kept already.
pub async fn keep_form<S: DeskStore + ?Sized>(
    store: &S,
    id_hash: &str,
    form: &StashedForm,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    store.stash_form(id_hash, form, now - STASH_LIFETIME, MAX_STASHES, now).await
}

/// Takes back a kept form (it is kept no longer), if it has not expired.
pub async fn take_form<S: DeskStore + ?Sized>(
    store: &S,
    id_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<StashedForm>> {
    store.take_stashed_form(id_hash, now - STASH_LIFETIME).await
}

/// Forgets the forms their writers did not come back for within [`STASH_LIFETIME`] (run
/// with the retention job); how many.
pub async fn forget_expired<S: DeskStore + ?Sized>(store: &S, now: DateTime<Utc>) -> StoreResult<u64> {
    store.forget_stashed_forms(now - STASH_LIFETIME).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_story_forms_are_kept() {
        assert!(is_kept_path("/admin/stories"));
        assert!(is_kept_path("/admin/stories/42"));
        assert!(!is_kept_path("/admin/stories/42/translate"));
        assert!(!is_kept_path("/admin/stories/"));
        assert!(!is_kept_path("/admin/users"));
        assert!(!is_kept_path("/admin/storiesx"));
    }
}
