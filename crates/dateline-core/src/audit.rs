//! The audit log: every moderation and account action, with actor, time, before and after.

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Names written as the actor of entries that no console user made.
pub mod actors {
    /// An operator at the command line.
    pub const COMMAND_LINE: &str = "command-line";
    /// Whoever followed the first admin's setup link.
    pub const SETUP: &str = "setup";
    /// A reader (a report).
    pub const READER: &str = "reader";
    /// A comment's author (a deletion).
    pub const AUTHOR: &str = "author";
    /// Someone who typed a name that is no account.
    pub const UNKNOWN: &str = "unknown";
    /// Dateline itself: a decision a rule made (a word list's rejection).
    pub const SYSTEM: &str = "system";
}

/// What was done. The stable names (`comment.approve`, …) are what the log keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum AuditAction {
    /// A moderator published a comment (or kept a reported one).
    CommentApprove,
    /// A moderator refused a comment.
    CommentReject,
    /// A reader reported a published comment.
    CommentReport,
    /// A moderator took a published comment down.
    CommentUnpublish,
    /// An author deleted their comment.
    CommentDelete,
    /// A moderator edited a comment's text (and published it).
    CommentEdit,
    /// A moderator banned a commenter.
    CommenterBan,
    /// A moderator lifted a ban.
    CommenterUnban,
    /// A user was created.
    UserAdd,
    /// A user was disabled.
    UserDisable,
    /// An operator set a user's password.
    UserResetPassword,
    /// A user changed their own password.
    UserPassword,
    /// A user signed in with their password.
    UserLogin,
    /// A sign-in failed.
    UserLoginFailed,
    /// A user signed out.
    UserLogout,
    /// A user ended every one of their sessions.
    UserLogoutEverywhere,
    /// A user gave their second factor (an app's code).
    UserSecondFactor,
    /// A user gave their second factor (a recovery code).
    UserSecondFactorRecoveryCode,
    /// A wrong second-factor code.
    UserSecondFactorFailed,
    /// A user turned their second factor on.
    UserSecondFactorOn,
    /// A user turned their second factor off.
    UserSecondFactorOff,
    /// A wrong answer to "current password".
    UserPasswordCheckFailed,
    /// A service was created.
    ServiceAdd,
    /// A service's comment notice changed.
    ServiceNotice,
    /// The origins whose pages may carry a service's comments changed.
    ServiceEmbed,
    /// A service's lockdown began or ended.
    ServiceLockdown,
    /// A service's attack mode changed.
    ServiceAttackMode,
    /// Entries were added to a service's word list (or their action changed).
    WordsAdd,
    /// Entries were removed from a service's word list.
    WordsRemove,
    /// A service published a new version of its Terms of Use.
    ServiceTerms,
    /// A story was written in the console.
    StoryCreate,
    /// A story's fields were saved (a new revision).
    StorySave,
    /// A published story was corrected.
    StoryCorrect,
    /// An earlier revision of a story was restored.
    StoryRestoreRevision,
    /// A story was submitted for review.
    StorySubmit,
    /// A story was sent back to its writer.
    StorySendBack,
    /// A story was published.
    StoryPublish,
    /// A story was scheduled.
    StorySchedule,
    /// A story was taken down.
    StoryUnpublish,
    /// An unpublished story was put back up.
    StoryRestore,
    /// A translation of a story was started.
    StoryTranslate,
    /// A translation was checked against its source's changes.
    StorySourceReviewed,
    /// An API token was made.
    TokenAdd,
    /// An API token was revoked.
    TokenRevoke,
    /// A person was added to the directory of bylines.
    PersonAdd,
    /// A person's names, address or user changed.
    PersonUpdate,
    /// A person was removed from the directory.
    PersonRemove,
}

impl AuditAction {
    /// Every action.
    pub const ALL: [AuditAction; 47] = [
        AuditAction::CommentApprove,
        AuditAction::CommentReject,
        AuditAction::CommentReport,
        AuditAction::CommentUnpublish,
        AuditAction::CommentDelete,
        AuditAction::CommentEdit,
        AuditAction::CommenterBan,
        AuditAction::CommenterUnban,
        AuditAction::UserAdd,
        AuditAction::UserDisable,
        AuditAction::UserResetPassword,
        AuditAction::UserPassword,
        AuditAction::UserLogin,
        AuditAction::UserLoginFailed,
        AuditAction::UserLogout,
        AuditAction::UserLogoutEverywhere,
        AuditAction::UserSecondFactor,
        AuditAction::UserSecondFactorRecoveryCode,
        AuditAction::UserSecondFactorFailed,
        AuditAction::UserSecondFactorOn,
        AuditAction::UserSecondFactorOff,
        AuditAction::UserPasswordCheckFailed,
        AuditAction::ServiceAdd,
        AuditAction::ServiceNotice,
        AuditAction::ServiceEmbed,
        AuditAction::ServiceLockdown,
        AuditAction::ServiceAttackMode,
        AuditAction::WordsAdd,
        AuditAction::WordsRemove,
        AuditAction::ServiceTerms,
        AuditAction::StoryCreate,
        AuditAction::StorySave,
        AuditAction::StoryCorrect,
        AuditAction::StoryRestoreRevision,
        AuditAction::StorySubmit,
        AuditAction::StorySendBack,
        AuditAction::StoryPublish,
        AuditAction::StorySchedule,
        AuditAction::StoryUnpublish,
        AuditAction::StoryRestore,
        AuditAction::StoryTranslate,
        AuditAction::StorySourceReviewed,
        AuditAction::TokenAdd,
        AuditAction::TokenRevoke,
        AuditAction::PersonAdd,
        AuditAction::PersonUpdate,
        AuditAction::PersonRemove,
    ];

    /// The stable name kept in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::CommentApprove => "comment.approve",
            AuditAction::CommentReject => "comment.reject",
            AuditAction::CommentReport => "comment.report",
            AuditAction::CommentUnpublish => "comment.unpublish",
            AuditAction::CommentDelete => "comment.delete",
            AuditAction::CommentEdit => "comment.edit",
            AuditAction::CommenterBan => "commenter.ban",
            AuditAction::CommenterUnban => "commenter.unban",
            AuditAction::UserAdd => "user.add",
            AuditAction::UserDisable => "user.disable",
            AuditAction::UserResetPassword => "user.reset-password",
            AuditAction::UserPassword => "user.password",
            AuditAction::UserLogin => "user.login",
            AuditAction::UserLoginFailed => "user.login-failed",
            AuditAction::UserLogout => "user.logout",
            AuditAction::UserLogoutEverywhere => "user.logout-everywhere",
            AuditAction::UserSecondFactor => "user.second-factor",
            AuditAction::UserSecondFactorRecoveryCode => "user.second-factor-recovery-code",
            AuditAction::UserSecondFactorFailed => "user.second-factor-failed",
            AuditAction::UserSecondFactorOn => "user.second-factor-on",
            AuditAction::UserSecondFactorOff => "user.second-factor-off",
            AuditAction::UserPasswordCheckFailed => "user.password-check-failed",
            AuditAction::ServiceAdd => "service.add",
            AuditAction::ServiceNotice => "service.notice",
            AuditAction::ServiceEmbed => "service.embed",
            AuditAction::ServiceLockdown => "service.lockdown",
            AuditAction::ServiceAttackMode => "service.attack-mode",
            AuditAction::WordsAdd => "words.add",
            AuditAction::WordsRemove => "words.remove",
            AuditAction::ServiceTerms => "service.terms",
            AuditAction::StoryCreate => "story.create",
            AuditAction::StorySave => "story.save",
            AuditAction::StoryCorrect => "story.correct",
            AuditAction::StoryRestoreRevision => "story.restore-revision",
            AuditAction::StorySubmit => "story.submit",
            AuditAction::StorySendBack => "story.send-back",
            AuditAction::StoryPublish => "story.publish",
            AuditAction::StorySchedule => "story.schedule",
            AuditAction::StoryUnpublish => "story.unpublish",
            AuditAction::StoryRestore => "story.restore",
            AuditAction::StoryTranslate => "story.translate",
            AuditAction::StorySourceReviewed => "story.source-reviewed",
            AuditAction::TokenAdd => "token.add",
            AuditAction::TokenRevoke => "token.revoke",
            AuditAction::PersonAdd => "person.add",
            AuditAction::PersonUpdate => "person.update",
            AuditAction::PersonRemove => "person.remove",
        }
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for AuditAction {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        AuditAction::ALL
            .into_iter()
            .find(|action| action.as_str() == text)
            .ok_or_else(|| format!("unknown audit action {text:?}"))
    }
}

/// What an action was done to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditObject {
    /// A comment.
    Comment(crate::comments::CommentId),
    /// A user, by name.
    User(String),
    /// A name typed at sign-in that is no account (never kept as typed).
    UnknownUser,
    /// A service, by code.
    Service(String),
    /// A ban, by id.
    Ban(i64),
    /// A story, by id.
    Article(crate::articles::ArticleId),
    /// An API token, by label.
    Token(String),
    /// A person of the directory, by slug.
    Person(String),
}

impl std::fmt::Display for AuditObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuditObject::Comment(id) => write!(f, "comment:{}", id.0),
            AuditObject::User(name) => write!(f, "user:{name}"),
            AuditObject::UnknownUser => f.write_str("user:?"),
            AuditObject::Service(code) => write!(f, "service:{code}"),
            AuditObject::Ban(id) => write!(f, "ban:{id}"),
            AuditObject::Article(id) => write!(f, "article:{}", id.0),
            AuditObject::Token(label) => write!(f, "token:{label}"),
            AuditObject::Person(slug) => write!(f, "person:{slug}"),
        }
    }
}

impl std::str::FromStr for AuditObject {
    type Err = String;

    /// Reads the `kind:name` form that [`Display`](std::fmt::Display) writes.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let unreadable = || format!("{text:?} names no audited object");
        let (kind, name) = text.split_once(':').ok_or_else(unreadable)?;
        let number = || name.parse::<i64>().map_err(|_| unreadable());
        Ok(match kind {
            "comment" => AuditObject::Comment(crate::comments::CommentId(number()?)),
            "user" if name == "?" => AuditObject::UnknownUser,
            "user" => AuditObject::User(name.to_owned()),
            "service" => AuditObject::Service(name.to_owned()),
            "ban" => AuditObject::Ban(number()?),
            "article" => AuditObject::Article(crate::articles::ArticleId(number()?)),
            "token" => AuditObject::Token(name.to_owned()),
            "person" => AuditObject::Person(name.to_owned()),
            _ => return Err(unreadable()),
        })
    }
}

/// An entry to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEntry {
    /// Who acted: a user's name, or one of [`actors`].
    pub actor: String,
    /// What was done.
    pub action: AuditAction,
    /// What it was done to.
    pub object: AuditObject,
    /// The object's relevant state before (never comment text: see the migration).
    pub before: Option<Value>,
    /// The object's relevant state after.
    pub after: Option<Value>,
}

impl NewAuditEntry {
    /// An entry with no before/after.
    pub fn new(actor: &str, action: AuditAction, object: AuditObject) -> NewAuditEntry {
        NewAuditEntry { actor: actor.to_owned(), action, object, before: None, after: None }
    }

    /// Adds the state before and after.
    pub fn change(mut self, before: Value, after: Value) -> NewAuditEntry {
        self.before = Some(before);
        self.after = Some(after);
        self
    }
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the log.
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// To what.
    pub object: String,
    /// Before, as JSON text.
    pub before: Option<String>,
    /// After, as JSON text.
    pub after: Option<String>,
}

/// Which entries to read, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this actor.
    pub actor: Option<String>,
    /// Only this action.
    pub action: Option<AuditAction>,
    /// Only entries at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only entries before this time.
    pub to: Option<DateTime<Utc>>,
    /// Only entries older than this id (keyset pagination).
    pub before_id: Option<i64>,
    /// At most this many.
    pub limit: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_read_back_as_written() {
        let objects = [
            AuditObject::Comment(crate::comments::CommentId(12)),
            AuditObject::User("mina".into()),
            AuditObject::UnknownUser,
            AuditObject::Service("korean".into()),
            AuditObject::Ban(3),
            AuditObject::Article(crate::articles::ArticleId(7)),
            AuditObject::Token("wire desk: feed".into()),
            AuditObject::Person("kim-ji-won".into()),
        ];
        for object in objects {
            assert_eq!(object.to_string().parse::<AuditObject>(), Ok(object.clone()), "{object}");
        }
        for bad in ["comment:twelve", "planet:mars", "comment"] {
            assert!(bad.parse::<AuditObject>().unwrap_err().contains(bad), "{bad}");
        }
    }
}
