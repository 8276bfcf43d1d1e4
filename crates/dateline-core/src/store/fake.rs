//! An in-memory store for the unit tests of core's use cases: it keeps what the use cases
//! write and answers what they read, with the contracts the SQL store documents (a state
//! change only from the expected state, a taken name is a conflict, the submission limits
//! decided at the moment of writing). A method no use case calls panics, naming itself:
//! a use case that starts to call it needs it added here.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::*;
use crate::accounts::{ApiToken, NewApiToken, NewUser, User, UserId};
use crate::articles::ArticleId;
use crate::audit::{AuditEntry, AuditFilter, NewAuditEntry};
use crate::comments::{
    Comment, CommentId, CommentState, NewComment, Refusal, SubmissionFacts, SubmissionLimits, admit,
};
use crate::services::{NewService, Service, ServiceId};

macro_rules! not_used {
    ($name:literal) => {
        panic!(concat!("the fake store has no ", $name, ": no use case under test calls it"))
    };
}

/// A stored comment with what only the store sees.
#[derive(Debug, Clone)]
struct StoredComment {
    comment: Comment,
    service: ServiceId,
    commenter_hash: String,
    address_hash: String,
    text_hash: String,
    versions: Vec<CommentVersion>,
}

#[derive(Debug, Clone)]
struct StoredBan {
    commenter_hash: String,
    address_hash: String,
    service: ServiceId,
    until: DateTime<Utc>,
}

#[derive(Default)]
struct State {
    next_id: i64,
    /// The service of each article.
    articles: HashMap<ArticleId, ServiceId>,
    comments: Vec<StoredComment>,
    /// Every submission that reached the writer: address hash, article, when, form nonce.
    submissions: Vec<(String, ArticleId, DateTime<Utc>, Option<String>)>,
    bans: Vec<StoredBan>,
    users: Vec<User>,
    sessions: Vec<(String, UserId)>,
    attempts: Vec<(i64, String, DateTime<Utc>)>,
    used_steps: Vec<(UserId, i64)>,
    recovery_codes: Vec<(UserId, String)>,
    services: Vec<Service>,
    terms: Vec<Terms>,
    audit: Vec<NewAuditEntry>,
}

impl State {
    fn next_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    fn comment_mut(&mut self, id: CommentId) -> Option<&mut StoredComment> {
        self.comments.iter_mut().find(|c| c.comment.id == id)
    }
}

/// The in-memory store.
#[derive(Default)]
pub struct FakeStore {
    state: Mutex<State>,
}

impl FakeStore {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A store with one service (`english`, id 1) and one article of it (id 1).
    pub fn with_article() -> FakeStore {
        let store = FakeStore::default();
        let new = NewService::parse("english", "English", None, "en", None, None).unwrap_or_else(|e| panic!("{e}"));
        store.state().services.push(service_of(ServiceId(1), &new));
        store.state().articles.insert(ArticleId(1), ServiceId(1));
        store
    }

    /// Every audit entry written, oldest first.
    pub fn audit(&self) -> Vec<NewAuditEntry> {
        self.state().audit.clone()
    }

    /// Bans the commenter of a comment from its service until `until`.
    pub fn ban_commenter(&self, id: CommentId, until: DateTime<Utc>) {
        let mut state = self.state();
        let stored = state.comments.iter().find(|c| c.comment.id == id).cloned();
        let stored = stored.unwrap_or_else(|| panic!("no comment {}", id.0));
        state.bans.push(StoredBan {
            commenter_hash: stored.commenter_hash,
            address_hash: stored.address_hash,
            service: stored.service,
            until,
        });
    }
}

fn service_of(id: ServiceId, new: &NewService) -> Service {
    Service {
        id,
        code: new.code.clone(),
        name: new.name.clone(),
        native_name: new.native_name.clone(),
        language: new.language.clone(),
        direction: new.direction,
        time_zone: new.time_zone,
        comment_policy: new.comment_policy,
        comment_notice: None,
        embed_origins: Vec::new(),
        locked_down: false,
        attack_mode: crate::attack::AttackMode::Off,
    }
}

#[async_trait]
impl CommentStore for FakeStore {
    async fn submit_comment(
        &self,
        new: &NewComment,
        limits: SubmissionLimits,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<CommentId, Refusal>> {
        let mut state = self.state();
        let hour_ago = now - chrono::Duration::hours(1);
        let minute_ago = now - chrono::Duration::minutes(1);
        let window = now - chrono::Duration::hours(i64::from(limits.duplicate_window_hours));
        let facts = SubmissionFacts {
            from_address_last_hour: state
                .submissions
                .iter()
                .filter(|(address, _, at, _)| *address == new.address_hash && *at > hour_ago)
                .count() as i64,
            on_article_last_minute: state
                .comments
                .iter()
                .filter(|c| c.comment.article_id == new.article_id && c.comment.created_at > minute_ago)
                .filter(|c| c.comment.state != CommentState::Deleted)
                .count() as i64,
            same_text_from_commenter: state.comments.iter().any(|c| {
                c.text_hash == new.text_hash
                    && (c.commenter_hash == new.commenter_hash || c.address_hash == new.address_hash)
                    && c.comment.created_at > window
            }),
            form_used: new.form_nonce.as_ref().is_some_and(|nonce| {
                state
                    .submissions
                    .iter()
                    .any(|(address, _, _, used)| used.as_ref() == Some(nonce) && *address == new.address_hash)
            }),
        };
        state.submissions.push((new.address_hash.clone(), new.article_id, now, new.form_nonce.clone()));
        if let Err(refusal) = admit(&facts, &limits) {
            return Ok(Err(refusal));
        }
        let service = *state.articles.get(&new.article_id).ok_or_else(|| StoreError::NotFound("article".into()))?;
        let first = new.label_first && !state.comments.iter().any(|c| c.commenter_hash == new.commenter_hash);
        let labels = if first { crate::checks::label_first(&new.labels) } else { new.labels.clone() };
        let id = CommentId(state.next_id());
        let comment = Comment {
            id,
            article_id: new.article_id,
            parent_id: new.parent_id,
            author_name: new.author_name.clone(),
            text: new.text.clone(),
            email: new.email.clone(),
            state: CommentState::Pending,
            terms_version: new.terms_version,
            rejection_reason: None,
            edited: false,
            labels,
            score: None,
            created_at: now,
            moderated_at: None,
        };
        let first = CommentVersion { version: 1, text: new.text.clone(), edited_by: None, at: now };
        state.comments.push(StoredComment {
            comment,
            service,
            commenter_hash: new.commenter_hash.clone(),
            address_hash: new.address_hash.clone(),
            text_hash: new.text_hash.clone(),
            versions: vec![first],
        });
        Ok(Ok(id))
    }

    async fn import_comments(&self, _: &[ImportedComment]) -> StoreResult<u64> {
        not_used!("import_comments")
    }

    async fn import_keyed(&self, _: &str, _: &[(String, ImportedComment)]) -> StoreResult<Vec<CommentId>> {
        not_used!("import_keyed")
    }

    async fn imported_ids(&self, _: &str, _: &[String]) -> StoreResult<Vec<(String, CommentId)>> {
        not_used!("imported_ids")
    }

    async fn comment(&self, id: CommentId) -> StoreResult<Option<Comment>> {
        Ok(self.state().comments.iter().find(|c| c.comment.id == id).map(|c| c.comment.clone()))
    }

    async fn comment_place(&self, id: CommentId) -> StoreResult<Option<CommentPlace>> {
        let state = self.state();
        let Some(stored) = state.comments.iter().find(|c| c.comment.id == id) else { return Ok(None) };
        let code = state.services.iter().find(|s| s.id == stored.service).map(|s| s.code.clone()).unwrap_or_default();
        Ok(Some(CommentPlace { service_id: stored.service, service_code: code, article_slug: "story".into() }))
    }

    async fn public_comments(&self, _: ArticleId, _: u32, _: u32) -> StoreResult<CommentPage> {
        not_used!("public_comments")
    }

    async fn pending_comments_of(&self, _: ArticleId, _: &str) -> StoreResult<Vec<Comment>> {
        not_used!("pending_comments_of")
    }

    async fn comments_of(&self, _: &str) -> StoreResult<Vec<CommentListing>> {
        not_used!("comments_of")
    }

    async fn comment_counts(&self, _: &[ArticleId]) -> StoreResult<HashMap<ArticleId, i64>> {
        not_used!("comment_counts")
    }

    async fn list_comments(&self, _: &CommentFilter) -> StoreResult<Vec<CommentListing>> {
        not_used!("list_comments")
    }

    async fn delete_comment_of(&self, _: CommentId, _: &str, _: DateTime<Utc>) -> StoreResult<bool> {
        not_used!("delete_comment_of")
    }

    async fn erase_personal_data_before(&self, _: DateTime<Utc>) -> StoreResult<u64> {
        not_used!("erase_personal_data_before")
    }

    async fn delete_limit_records_before(&self, _: DateTime<Utc>, _: DateTime<Utc>) -> StoreResult<()> {
        not_used!("delete_limit_records_before")
    }

    async fn due_notices(&self, _: DateTime<Utc>, _: u32) -> StoreResult<Vec<DueNotice>> {
        not_used!("due_notices")
    }

    async fn notice_sent(&self, _: CommentId) -> StoreResult<()> {
        not_used!("notice_sent")
    }

    async fn notice_failed(&self, _: CommentId, _: &str, _: Option<DateTime<Utc>>) -> StoreResult<()> {
        not_used!("notice_failed")
    }
}

#[async_trait]
impl BanStore for FakeStore {
    async fn ban_commenter_of(
        &self,
        _: CommentId,
        _: DateTime<Utc>,
        _: &str,
        _: &str,
        _: DateTime<Utc>,
        _: &NewAuditEntry,
    ) -> StoreResult<Option<i64>> {
        not_used!("ban_commenter_of")
    }

    async fn lift_ban(&self, _: i64, _: DateTime<Utc>, _: &NewAuditEntry) -> StoreResult<bool> {
        not_used!("lift_ban")
    }

    async fn ban(&self, _: i64) -> StoreResult<Option<Ban>> {
        not_used!("ban")
    }

    async fn active_bans(&self, _: DateTime<Utc>, _: Option<&[ServiceId]>) -> StoreResult<Vec<Ban>> {
        not_used!("active_bans")
    }

    async fn is_banned(
        &self,
        commenter_hash: &str,
        address_hashes: &[String],
        service: ServiceId,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        Ok(self.state().bans.iter().any(|ban| {
            ban.service == service
                && ban.until > now
                && (ban.commenter_hash == commenter_hash || address_hashes.contains(&ban.address_hash))
        }))
    }
}

#[async_trait]
impl ModerationStore for FakeStore {
    async fn set_comment_state(
        &self,
        id: CommentId,
        expected: CommentState,
        new: CommentState,
        reason: Option<&str>,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<bool> {
        let mut state = self.state();
        let Some(stored) = state.comment_mut(id).filter(|c| c.comment.state == expected) else { return Ok(false) };
        stored.comment.state = new;
        stored.comment.rejection_reason = reason.map(str::to_owned);
        stored.comment.moderated_at = Some(now);
        state.audit.push(audit.clone());
        Ok(true)
    }

    async fn edit_comment(
        &self,
        id: CommentId,
        expected: CommentState,
        text: &str,
        editor: &str,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<bool> {
        let mut state = self.state();
        let Some(stored) = state.comment_mut(id).filter(|c| c.comment.state == expected) else { return Ok(false) };
        let version = stored.versions.len() as i64 + 1;
        stored.versions.push(CommentVersion {
            version,
            text: text.to_owned(),
            edited_by: Some(editor.into()),
            at: now,
        });
        stored.comment.text = text.to_owned();
        stored.comment.edited = true;
        stored.comment.state = CommentState::Approved;
        stored.comment.moderated_at = Some(now);
        state.audit.push(audit.clone());
        Ok(true)
    }

    async fn comment_versions(&self, id: CommentId) -> StoreResult<Vec<CommentVersion>> {
        Ok(self.state().comments.iter().find(|c| c.comment.id == id).map(|c| c.versions.clone()).unwrap_or_default())
    }

    async fn add_report(&self, _: CommentId, _: &str, _: &str, _: DateTime<Utc>) -> StoreResult<bool> {
        not_used!("add_report")
    }

    async fn report_count(&self, _: CommentId) -> StoreResult<i64> {
        not_used!("report_count")
    }

    async fn reports_from_since(&self, _: &str, _: DateTime<Utc>) -> StoreResult<i64> {
        not_used!("reports_from_since")
    }

    async fn moderation_queue(&self, _: &QueueFilter) -> StoreResult<Vec<QueueItem>> {
        not_used!("moderation_queue")
    }

    async fn count_queue(&self, _: &QueueFilter) -> StoreResult<u64> {
        not_used!("count_queue")
    }

    async fn waiting_counts(&self, _: Option<&[ServiceId]>) -> StoreResult<Vec<WaitingCount>> {
        not_used!("waiting_counts")
    }

    async fn moderation_delays(&self, _: DateTime<Utc>) -> StoreResult<Vec<ModerationDelay>> {
        not_used!("moderation_delays")
    }
}

#[async_trait]
impl AccountStore for FakeStore {
    async fn create_user(&self, new: &NewUser, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<User> {
        let mut state = self.state();
        if state.users.iter().any(|u| u.name == new.name) {
            return Err(StoreError::Conflict(format!("user {}", new.name)));
        }
        let user = User {
            id: UserId(state.next_id()),
            name: new.name.clone(),
            role: new.role,
            services: new.services.clone(),
            password_hash: new.password_hash.clone(),
            disabled: false,
            totp_secret: None,
            created_at: now,
            console_language: None,
        };
        state.users.push(user.clone());
        state.audit.push(audit.clone());
        Ok(user)
    }

    async fn user_by_name(&self, name: &str) -> StoreResult<Option<User>> {
        Ok(self.state().users.iter().find(|u| u.name == name).cloned())
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        Ok(self.state().users.iter().find(|u| u.id == id).cloned())
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        Ok(self.state().users.clone())
    }

    async fn disable_user(&self, id: UserId, _: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<bool> {
        let mut state = self.state();
        let user = state.users.iter_mut().find(|u| u.id == id).ok_or_else(|| StoreError::NotFound("user".into()))?;
        let was_enabled = !user.disabled;
        user.disabled = true;
        state.sessions.retain(|(_, user)| *user != id);
        state.audit.push(audit.clone());
        Ok(was_enabled)
    }

    async fn set_password(&self, id: UserId, hash: &str, _: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<()> {
        let mut state = self.state();
        let user = state.users.iter_mut().find(|u| u.id == id).ok_or_else(|| StoreError::NotFound("user".into()))?;
        user.password_hash = hash.to_owned();
        state.sessions.retain(|(_, user)| *user != id);
        state.audit.push(audit.clone());
        Ok(())
    }

    async fn set_second_factor(
        &self,
        id: UserId,
        secret: Option<&str>,
        recovery_code_hashes: &[String],
        _: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        let mut state = self.state();
        let user = state.users.iter_mut().find(|u| u.id == id).ok_or_else(|| StoreError::NotFound("user".into()))?;
        user.totp_secret = secret.map(str::to_owned);
        state.recovery_codes.retain(|(user, _)| *user != id);
        state.recovery_codes.extend(recovery_code_hashes.iter().map(|hash| (id, hash.clone())));
        state.audit.push(audit.clone());
        Ok(())
    }

    async fn set_console_language(&self, id: UserId, language: Option<&str>) -> StoreResult<()> {
        let mut state = self.state();
        let user = state.users.iter_mut().find(|u| u.id == id).ok_or_else(|| StoreError::NotFound("user".into()))?;
        user.console_language = language.map(str::to_owned);
        Ok(())
    }

    async fn use_recovery_code(&self, id: UserId, code_hash: &str, _: DateTime<Utc>) -> StoreResult<bool> {
        let mut state = self.state();
        let before = state.recovery_codes.len();
        state.recovery_codes.retain(|(user, hash)| !(*user == id && hash == code_hash));
        Ok(state.recovery_codes.len() < before)
    }

    async fn use_totp_step(&self, id: UserId, step: i64) -> StoreResult<bool> {
        let mut state = self.state();
        if state.used_steps.iter().any(|(user, used)| *user == id && *used >= step) {
            return Ok(false);
        }
        state.used_steps.push((id, step));
        Ok(true)
    }

    async fn create_session(&self, session: &NewSession, _: DateTime<Utc>) -> StoreResult<()> {
        self.state().sessions.push((session.id_hash.clone(), session.user_id));
        Ok(())
    }

    async fn session(&self, _: &str) -> StoreResult<Option<Session>> {
        not_used!("session")
    }

    async fn touch_session(&self, _: &str, _: DateTime<Utc>, _: bool) -> StoreResult<()> {
        not_used!("touch_session")
    }

    async fn delete_session(&self, id_hash: &str) -> StoreResult<()> {
        self.state().sessions.retain(|(hash, _)| hash != id_hash);
        Ok(())
    }

    async fn delete_sessions_of(&self, id: UserId) -> StoreResult<u64> {
        let mut state = self.state();
        let before = state.sessions.len();
        state.sessions.retain(|(_, user)| *user != id);
        Ok((before - state.sessions.len()) as u64)
    }

    async fn record_attempt(&self, key: &str, now: DateTime<Utc>) -> StoreResult<i64> {
        let mut state = self.state();
        let id = state.next_id();
        state.attempts.push((id, key.to_owned(), now));
        Ok(id)
    }

    async fn attempts_since(&self, key: &str, since: DateTime<Utc>) -> StoreResult<i64> {
        Ok(self.state().attempts.iter().filter(|(_, k, at)| k == key && *at >= since).count() as i64)
    }

    async fn forget_attempts(&self, ids: &[i64]) -> StoreResult<()> {
        self.state().attempts.retain(|(id, _, _)| !ids.contains(id));
        Ok(())
    }

    async fn clear_attempts(&self, key: &str) -> StoreResult<()> {
        self.state().attempts.retain(|(_, k, _)| k != key);
        Ok(())
    }

    async fn create_api_token(&self, _: &NewApiToken, _: DateTime<Utc>, _: &NewAuditEntry) -> StoreResult<ApiToken> {
        not_used!("create_api_token")
    }

    async fn api_tokens(&self) -> StoreResult<Vec<ApiToken>> {
        not_used!("api_tokens")
    }

    async fn revoke_api_token(&self, _: &str, _: DateTime<Utc>, _: &NewAuditEntry) -> StoreResult<Option<bool>> {
        not_used!("revoke_api_token")
    }

    async fn api_token_by_hash(&self, _: &str) -> StoreResult<Option<ApiToken>> {
        not_used!("api_token_by_hash")
    }
}

#[async_trait]
impl AuditStore for FakeStore {
    async fn append_audit(&self, entry: &NewAuditEntry, _: DateTime<Utc>) -> StoreResult<()> {
        self.state().audit.push(entry.clone());
        Ok(())
    }

    async fn audit_log(&self, _: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        not_used!("audit_log")
    }
}

#[async_trait]
impl ServiceStore for FakeStore {
    async fn create_service(&self, new: &NewService, _: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<Service> {
        let mut state = self.state();
        if state.services.iter().any(|s| s.code == new.code) {
            return Err(StoreError::Conflict(format!("service {}", new.code)));
        }
        let service = service_of(ServiceId(state.next_id()), new);
        state.services.push(service.clone());
        state.audit.push(audit.clone());
        Ok(service)
    }

    async fn services(&self) -> StoreResult<Vec<Service>> {
        Ok(self.state().services.clone())
    }

    async fn set_comment_notice(
        &self,
        service: ServiceId,
        notice: Option<&str>,
        _: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        let mut state = self.state();
        let found = state.services.iter_mut().find(|s| s.id == service);
        found.ok_or_else(|| StoreError::NotFound("service".into()))?.comment_notice = notice.map(str::to_owned);
        state.audit.push(audit.clone());
        Ok(())
    }

    async fn set_lockdown(
        &self,
        service: ServiceId,
        on: bool,
        _: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        let mut state = self.state();
        let found = state.services.iter_mut().find(|s| s.id == service);
        found.ok_or_else(|| StoreError::NotFound("service".into()))?.locked_down = on;
        state.audit.push(audit.clone());
        Ok(())
    }

    async fn set_attack_mode(
        &self,
        service: ServiceId,
        mode: crate::attack::AttackMode,
        _: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        let mut state = self.state();
        let found = state.services.iter_mut().find(|s| s.id == service);
        found.ok_or_else(|| StoreError::NotFound("service".into()))?.attack_mode = mode;
        state.audit.push(audit.clone());
        Ok(())
    }

    async fn set_embed_origins(
        &self,
        service: ServiceId,
        origins: &[String],
        _: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        let mut state = self.state();
        let found = state.services.iter_mut().find(|s| s.id == service);
        found.ok_or_else(|| StoreError::NotFound("service".into()))?.embed_origins = origins.to_vec();
        state.audit.push(audit.clone());
        Ok(())
    }

    async fn publish_terms(
        &self,
        service: ServiceId,
        terms: &NewTerms,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<i64> {
        let mut state = self.state();
        let version = state.terms.iter().filter(|t| t.service_id == service).count() as i64 + 1;
        state.terms.push(Terms {
            service_id: service,
            version,
            body_markdown: terms.markdown.clone(),
            body_html: terms.html.clone(),
            published_at: now,
        });
        state.audit.push(audit.clone());
        Ok(version)
    }

    async fn current_terms(&self, service: ServiceId) -> StoreResult<Option<Terms>> {
        Ok(self.state().terms.iter().filter(|t| t.service_id == service).max_by_key(|t| t.version).cloned())
    }

    async fn secret(&self, _: &str, _: DateTime<Utc>) -> StoreResult<String> {
        not_used!("secret")
    }

    async fn delete_secret(&self, _: &str) -> StoreResult<()> {
        not_used!("delete_secret")
    }

    async fn delete_secrets_before(&self, _: &str, _: DateTime<Utc>) -> StoreResult<u64> {
        not_used!("delete_secrets_before")
    }

    async fn address_secrets(&self) -> StoreResult<Vec<String>> {
        not_used!("address_secrets")
    }

    async fn ping(&self) -> StoreResult<()> {
        Ok(())
    }

    async fn schema_is_current(&self) -> StoreResult<bool> {
        Ok(true)
    }
}
