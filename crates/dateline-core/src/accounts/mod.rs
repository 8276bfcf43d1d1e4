//! Accounts of the newsroom: roles, what each may do, passwords and second factors, and
//! the use cases that change them — each checks who may act and writes the change with
//! its audit entry in one transaction, for the console, the command line and the
//! first-admin setup alike.
//!
//! Here: users, roles and who acts ([`Actor`]); in [`passwords`], hashing; in
//! [`second_factor`], TOTP codes; in [`sign_in`], signing in and out with its limits; in
//! [`users`], the changes operators and users make to accounts.

mod passwords;
mod second_factor;
mod sign_in;
mod tokens;
mod users;

pub use passwords::*;
pub use second_factor::*;
pub use sign_in::*;
pub use tokens::*;
pub use users::*;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::audit::actors;
use crate::services::ServiceId;

/// The store's identifier of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserId(pub i64);

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything: users, services, Terms of Use, comment notices, and moderation of every service.
    Admin,
    /// Moderates the comments of the services assigned to them, nothing else.
    Moderator,
    /// Edits, publishes, schedules, corrects and unpublishes the stories of their services.
    Editor,
    /// Writes stories in their services and submits them for review.
    Reporter,
    /// Translates stories into their services and submits the translations for review.
    Translator,
}

impl Role {
    /// Every role, the most common first.
    pub const ALL: [Role; 5] = [Role::Reporter, Role::Translator, Role::Editor, Role::Moderator, Role::Admin];

    /// The stable name used in the store and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Moderator => "moderator",
            Role::Editor => "editor",
            Role::Reporter => "reporter",
            Role::Translator => "translator",
        }
    }

    /// Whether the role works within the services assigned to it (every role but admin).
    pub fn is_scoped(self) -> bool {
        self != Role::Admin
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "admin" => Ok(Role::Admin),
            "moderator" => Ok(Role::Moderator),
            "editor" => Ok(Role::Editor),
            "reporter" => Ok(Role::Reporter),
            "translator" => Ok(Role::Translator),
            other => Err(format!("unknown role {other:?}: use reporter, translator, editor, moderator or admin")),
        }
    }
}

/// A user of the console, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Store identifier.
    pub id: UserId,
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The services the user works in (every role but admin).
    pub services: Vec<ServiceId>,
    /// Argon2id hash of the password (PHC string).
    pub password_hash: String,
    /// Disabled users cannot log in, and their sessions end.
    pub disabled: bool,
    /// Base32 TOTP secret, if the user set up a second factor.
    pub totp_secret: Option<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// The language of the console's own text the user chose (`None`: not chosen).
    pub console_language: Option<String>,
}

impl User {
    /// Whether the user may moderate the comments of a service.
    pub fn can_moderate(&self, service: ServiceId) -> bool {
        !self.disabled
            && match self.role {
                Role::Admin => true,
                Role::Moderator => self.services.contains(&service),
                Role::Editor | Role::Reporter | Role::Translator => false,
            }
    }

    /// Whether the user may moderate at all (the queue is theirs to see).
    pub fn is_moderator(&self) -> bool {
        !self.disabled && (self.role == Role::Admin || self.role == Role::Moderator)
    }

    /// Whether the user administers the newsroom (users, services, terms, the audit log).
    pub fn is_admin(&self) -> bool {
        !self.disabled && self.role == Role::Admin
    }
}

/// What may be written when a user is created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The services the user works in (every role but admin).
    pub services: Vec<ServiceId>,
    /// Argon2id hash of the password.
    pub password_hash: String,
}

/// Why an account request is refused.
#[derive(Debug, Error)]
pub enum AccountError {
    /// The name is not acceptable.
    #[error("user name {0:?} is invalid: use 1 to 40 letters, digits, dots, hyphens and underscores")]
    Name(String),
    /// The password is too short or too long.
    #[error("the password must have at least {MIN_PASSWORD_CHARS} and at most 256 characters")]
    PasswordLength,
    /// The new password and its repetition differ.
    #[error("the two passwords differ")]
    PasswordsDiffer,
    /// A role that works within services, without any, would do nothing.
    #[error("the {0} role needs at least one service to work in")]
    ServicesRequired(Role),
    /// A service named does not exist.
    #[error("there is no service {0:?} (see dateline service list)")]
    UnknownService(String),
    /// API tokens are for the desk's writers: reporters and editors.
    #[error("an API token is a reporter's or an editor's, not a {0}'s")]
    TokenRole(Role),
    /// No token has this label.
    #[error("there is no API token {0:?} (see dateline token list)")]
    NoSuchToken(String),
    /// The name is taken.
    #[error("a user named {0:?} already exists")]
    Taken(String),
    /// No such user.
    #[error("there is no user {0:?}")]
    NoSuchUser(String),
    /// An admin cannot disable their own account (someone must be left to undo it).
    #[error("you cannot disable your own account")]
    DisableSelf,
    /// The actor may not do this.
    #[error("your role does not allow this")]
    Forbidden,
    /// A second-factor code that does not match.
    #[error("that code does not match; type the current code from your app")]
    WrongCode,
    /// Hashing failed.
    #[error("the password could not be hashed: {0}")]
    Hashing(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Who is acting.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    /// A console user.
    User(&'a User),
    /// An operator at the command line (trusted like an admin).
    CommandLine,
    /// Whoever holds the first admin's setup link (may only create that admin).
    Setup,
    /// A newsroom tool holding an API token (a reporter or editor of one service).
    Token(&'a ApiToken),
}

impl Actor<'_> {
    /// The name written to the audit log.
    pub fn name(&self) -> &str {
        match self {
            Actor::User(user) => &user.name,
            Actor::CommandLine => actors::COMMAND_LINE,
            Actor::Setup => actors::SETUP,
            Actor::Token(token) => &token.actor_name,
        }
    }

    /// Whether the actor administers the newsroom (an admin, or the command line).
    pub fn is_admin(&self) -> bool {
        match self {
            Actor::User(user) => user.is_admin(),
            Actor::CommandLine => true,
            Actor::Setup | Actor::Token(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_decide_who_moderates_what() {
        let user = |role, services| User {
            id: UserId(1),
            name: "u".into(),
            role,
            services,
            password_hash: String::new(),
            disabled: false,
            totp_secret: None,
            created_at: DateTime::from_timestamp(0, 0).unwrap(),
            console_language: None,
        };
        assert!(user(Role::Admin, vec![]).can_moderate(ServiceId(7)));
        assert!(user(Role::Moderator, vec![ServiceId(7)]).can_moderate(ServiceId(7)));
        assert!(!user(Role::Moderator, vec![ServiceId(7)]).can_moderate(ServiceId(8)));
        assert!(!user(Role::Editor, vec![ServiceId(7)]).can_moderate(ServiceId(7)));
        assert!(validate_user_name("kim.ji-won_2").is_ok());
        assert!(validate_user_name("a b").is_err());
    }

    mod use_case {
        use super::*;
        use crate::audit::{AuditAction, AuditObject};
        use crate::store::AccountStore;
        use crate::store::fake::FakeStore;

        /// Passwords kept as they are: the rules are under test here, not Argon2.
        struct PlainPasswords;

        #[async_trait::async_trait]
        impl Passwords for PlainPasswords {
            async fn hash(&self, password: &str) -> Result<String, AccountError> {
                Ok(format!("plain:{password}"))
            }

            async fn verify(&self, password: &str, hash: &str) -> bool {
                hash == format!("plain:{password}")
            }
        }

        fn at(seconds: i64) -> DateTime<Utc> {
            DateTime::from_timestamp(1_790_000_000 + seconds, 0).unwrap_or_default()
        }

        fn account(name: &str, role: Role, services: &[&str]) -> NewAccount {
            NewAccount {
                name: name.into(),
                role,
                services: services.iter().map(|s| (*s).to_owned()).collect(),
                password: "a long enough password".into(),
            }
        }

        async fn added(store: &FakeStore, actor: Actor<'_>, new: &NewAccount) -> Result<User, AccountError> {
            add_user(store, &PlainPasswords, actor, new, at(0)).await
        }

        #[tokio::test]
        async fn the_first_admin_comes_once_from_setup_and_is_audited() {
            let store = FakeStore::with_article();
            let boss =
                added(&store, Actor::Setup, &account("boss", Role::Admin, &[])).await.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(boss.password_hash, "plain:a long enough password");
            let second = added(&store, Actor::Setup, &account("other", Role::Admin, &[])).await;
            assert!(matches!(second, Err(AccountError::Forbidden)), "{second:?}");
            let audit = store.audit();
            assert_eq!(audit.len(), 1);
            assert_eq!((audit[0].actor.as_str(), audit[0].action), (actors::SETUP, AuditAction::UserAdd));
            assert_eq!(audit[0].object, AuditObject::User("boss".into()));
        }

        #[tokio::test]
        async fn only_admins_add_users_and_moderators_need_known_services() {
            let store = FakeStore::with_article();
            let boss = added(&store, Actor::CommandLine, &account("boss", Role::Admin, &[]))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let desk = added(&store, Actor::User(&boss), &account("desk", Role::Moderator, &["english"])).await;
            let desk = desk.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(desk.services, [crate::services::ServiceId(1)]);
            let by_moderator = added(&store, Actor::User(&desk), &account("x", Role::Editor, &["english"])).await;
            assert!(matches!(by_moderator, Err(AccountError::Forbidden)));
            let without = added(&store, Actor::User(&boss), &account("y", Role::Moderator, &[])).await;
            assert!(matches!(without, Err(AccountError::ServicesRequired(Role::Moderator))));
            let unknown = added(&store, Actor::User(&boss), &account("z", Role::Moderator, &["klingon"])).await;
            assert!(matches!(unknown, Err(AccountError::UnknownService(code)) if code == "klingon"));
            let taken = added(&store, Actor::User(&boss), &account("desk", Role::Editor, &["english"])).await;
            assert!(matches!(taken, Err(AccountError::Taken(name)) if name == "desk"));
            let short = NewAccount { password: "short".into(), ..account("w", Role::Editor, &["english"]) };
            assert!(matches!(added(&store, Actor::User(&boss), &short).await, Err(AccountError::PasswordLength)));
            assert_eq!(store.audit().len(), 2, "refusals write nothing");
            assert!(matches!(
                disable_user(&store, Actor::User(&boss), &boss, at(1)).await,
                Err(AccountError::DisableSelf)
            ));
            assert!(disable_user(&store, Actor::User(&boss), &desk, at(1)).await.unwrap_or(false));
        }

        #[tokio::test]
        async fn a_session_is_no_oracle_for_its_password() {
            let store = FakeStore::with_article();
            let user = added(&store, Actor::CommandLine, &account("desk", Role::Editor, &["english"]))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let check = |password: &'static str, seconds| {
                let (store, user) = (&store, &user);
                async move { check_current_password(store, &PlainPasswords, user, password, at(seconds)).await.ok() }
            };
            assert_eq!(check("a long enough password", 1).await, Some(CurrentPassword::Right));
            for n in 0..PASSWORD_CHECK_FAILURES {
                assert_eq!(check("guess", 2 + n).await, Some(CurrentPassword::Wrong));
            }
            assert_eq!(
                check("a long enough password", 100).await,
                Some(CurrentPassword::Exhausted),
                "not even the right one"
            );
            let later = 100 + LOCKOUT_WINDOW.num_seconds();
            assert_eq!(check("a long enough password", later).await, Some(CurrentPassword::Right));
            let failed = store.audit().iter().filter(|e| e.action == AuditAction::UserPasswordCheckFailed).count();
            assert_eq!(failed, PASSWORD_CHECK_FAILURES as usize);
        }

        #[tokio::test]
        async fn a_second_factor_code_signs_in_once() {
            let store = FakeStore::with_article();
            let user = added(&store, Actor::CommandLine, &account("desk", Role::Editor, &["english"]))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let secret = generate_totp_secret();
            let now = at(1000);
            let code = totp_code(&secret, now).unwrap_or_default();
            let codes =
                enable_second_factor(&store, &user, &secret, &code, now).await.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(codes.len(), 10);
            let user = store.user(user.id).await.ok().flatten().unwrap_or_else(|| panic!("gone"));
            let used = second_factor(&store, &user, &code, "address", now).await.ok();
            assert_eq!(used, Some(SecondFactor::Wrong), "the code that turned it on is spent");
            let recovery = second_factor(&store, &user, &codes[0], "address", now).await.ok();
            assert_eq!(recovery, Some(SecondFactor::Done { by_recovery_code: true }));
            let reused = second_factor(&store, &user, &codes[0], "address", now).await.ok();
            assert_eq!(reused, Some(SecondFactor::Wrong), "a recovery code works once");
        }
    }
}
