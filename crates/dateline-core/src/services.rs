//! Services: the language desks of a newsroom ("Korean Service").

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::accounts::Actor;
use crate::audit::{AuditAction, AuditObject, NewAuditEntry};
use crate::store::{NewTerms, ServiceStore};

use crate::articles::CommentPolicy;

/// The store's identifier of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ServiceId(pub i64);

/// Text direction of a service's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right (English, Korean, Mandarin, …).
    Ltr,
    /// Right to left (Uyghur, Arabic, Persian, …).
    Rtl,
}

impl Direction {
    /// The value of the HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Direction {
    type Err = ServiceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ltr" => Ok(Direction::Ltr),
            "rtl" => Ok(Direction::Rtl),
            other => Err(ServiceError::Direction(other.to_owned())),
        }
    }
}

/// A language desk, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// Store identifier.
    pub id: ServiceId,
    /// Short code, also the URL prefix: `korean` serves `/korean/`.
    pub code: String,
    /// The service's name in English ("Korean"), used in credit lines such as
    /// "for the Korean Service" when a catalog has no name of its own for it.
    pub name: String,
    /// The service's name in its own language ("한국어"), used in navigation.
    pub native_name: String,
    /// BCP-47 language tag of the service's articles and interface ("ko", "zh-Hans").
    pub language: String,
    /// Text direction of the language.
    pub direction: Direction,
    /// Time zone in which the service's dates are shown.
    pub time_zone: Tz,
    /// Comment policy of articles that do not set their own.
    pub comment_policy: CommentPolicy,
    /// The newsroom's own notice above the comment form; `None`: the catalog's standard text.
    pub comment_notice: Option<String>,
    /// The origins whose pages may carry the service's comments (see [`crate::embed`]).
    pub embed_origins: Vec<String>,
    /// Whether comments are closed on every story of the service for now (see
    /// [`set_lockdown`]).
    pub locked_down: bool,
    /// The service's attack mode (see [`crate::attack`]).
    pub attack_mode: crate::attack::AttackMode,
}

/// What may be written when a service is created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewService {
    /// See [`Service::code`].
    pub code: String,
    /// See [`Service::name`].
    pub name: String,
    /// See [`Service::native_name`].
    pub native_name: String,
    /// See [`Service::language`].
    pub language: String,
    /// See [`Service::direction`].
    pub direction: Direction,
    /// See [`Service::time_zone`].
    pub time_zone: Tz,
    /// See [`Service::comment_policy`].
    pub comment_policy: CommentPolicy,
}

/// Why a service cannot be created.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ServiceError {
    /// The code is not a short lowercase ASCII word.
    #[error(
        "service code {0:?} is invalid: use 1 to 32 lowercase letters a-z, digits and hyphens, starting with a letter"
    )]
    Code(String),
    /// The code would shadow one of the site's own paths.
    #[error("service code {0:?} is reserved for the site's own pages")]
    ReservedCode(String),
    /// A name is empty.
    #[error("service {0} must not be empty")]
    EmptyName(&'static str),
    /// The language tag does not parse as BCP-47.
    #[error("language {0:?} is not a valid BCP-47 language tag (for example en, ko, zh-Hans, ug)")]
    Language(String),
    /// Not `ltr` or `rtl`.
    #[error("direction {0:?} is invalid: use ltr or rtl")]
    Direction(String),
    /// Not an IANA time zone name.
    #[error("time zone {0:?} is unknown: use an IANA name such as Asia/Seoul or UTC")]
    TimeZone(String),
}

/// Paths of the site that a service code must not take.
pub const RESERVED_CODES: &[&str] = &[
    "admin",
    "api",
    "static",
    "media",
    "healthz",
    "readyz",
    "tags",
    "feeds",
    "assets",
    "search",
    "favicon.ico",
    "robots.txt",
    "embed",
    "lite",
    "my",
    "preview",
];

impl NewService {
    /// Validates and builds a new service from user-supplied text.
    pub fn parse(
        code: &str,
        name: &str,
        native_name: Option<&str>,
        language: &str,
        direction: Option<&str>,
        time_zone: Option<&str>,
    ) -> Result<NewService, ServiceError> {
        let code = code.trim();
        validate_code(code)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(ServiceError::EmptyName("name"));
        }
        let native_name = native_name.map(str::trim).unwrap_or(name);
        if native_name.is_empty() {
            return Err(ServiceError::EmptyName("native name"));
        }
        let language = normalize_language(language)?;
        let direction = match direction {
            Some(d) => d.trim().parse()?,
            None => default_direction(&language),
        };
        let time_zone = parse_time_zone(time_zone.unwrap_or("UTC"))?;
        Ok(NewService {
            code: code.to_owned(),
            name: name.to_owned(),
            native_name: native_name.to_owned(),
            language,
            direction,
            time_zone,
            comment_policy: CommentPolicy::Open,
        })
    }
}

/// Checks that a service code is usable as a URL prefix.
pub fn validate_code(code: &str) -> Result<(), ServiceError> {
    let well_formed = (1..=32).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !well_formed {
        return Err(ServiceError::Code(code.to_owned()));
    }
    if RESERVED_CODES.contains(&code) {
        return Err(ServiceError::ReservedCode(code.to_owned()));
    }
    Ok(())
}

/// Parses a BCP-47 tag and returns it in canonical form ("zh-hans" → "zh-Hans").
pub fn normalize_language(tag: &str) -> Result<String, ServiceError> {
    tag.trim()
        .parse::<unic_langid::LanguageIdentifier>()
        .map(|id| id.to_string())
        .map_err(|_| ServiceError::Language(tag.to_owned()))
}

/// Parses an IANA time zone name.
pub fn parse_time_zone(name: &str) -> Result<Tz, ServiceError> {
    name.trim().parse::<Tz>().map_err(|_| ServiceError::TimeZone(name.to_owned()))
}

/// The usual direction of a language's script, for services that do not say.
pub fn default_direction(language: &str) -> Direction {
    const RTL: &[&str] = &["ar", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"];
    let primary = language.split('-').next().unwrap_or_default();
    if RTL.contains(&primary) { Direction::Rtl } else { Direction::Ltr }
}

/// Why a change to a service was not made.
#[derive(Debug, Error)]
pub enum ServiceChangeError {
    /// What was given is not valid.
    #[error(transparent)]
    Invalid(#[from] ServiceError),
    /// The actor may not change services.
    #[error("only admins change services")]
    Forbidden,
    /// No such service.
    #[error("there is no service {0:?} (see dateline service list)")]
    NoSuchService(String),
    /// The code is taken.
    #[error("a service with the code {0:?} already exists")]
    Taken(String),
    /// Terms of Use without a text.
    #[error("the Terms of Use need a text")]
    EmptyTerms,
    /// A notice without a text.
    #[error("the notice is empty")]
    EmptyNotice,
    /// An embed origin that is not one.
    #[error(transparent)]
    Embed(#[from] crate::embed::EmbedError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

pub(crate) async fn service_by_code<S: ServiceStore + ?Sized>(
    store: &S,
    code: &str,
) -> Result<Service, ServiceChangeError> {
    store
        .services()
        .await?
        .into_iter()
        .find(|s| s.code == code)
        .ok_or_else(|| ServiceChangeError::NoSuchService(code.to_owned()))
}

/// Creates a language service (admins and the command line).
pub async fn add_service<S: ServiceStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    new: &NewService,
    now: DateTime<Utc>,
) -> Result<Service, ServiceChangeError> {
    if !actor.is_admin() {
        return Err(ServiceChangeError::Forbidden);
    }
    let audit = NewAuditEntry::new(actor.name(), AuditAction::ServiceAdd, AuditObject::Service(new.code.clone()))
        .change(
            serde_json::Value::Null,
            serde_json::json!({
                "name": new.name, "language": new.language, "direction": new.direction.as_str(),
                "time_zone": new.time_zone.name(), "comments": new.comment_policy.as_str(),
            }),
        );
    match store.create_service(new, now, &audit).await {
        Err(crate::store::StoreError::Conflict(_)) => Err(ServiceChangeError::Taken(new.code.clone())),
        other => Ok(other?),
    }
}

/// Publishes a new version of a service's Terms of Use, from Markdown (rendered and
/// sanitized like article bodies); returns the version number. Comments record the
/// version their author accepted.
pub async fn publish_terms<S: ServiceStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    code: &str,
    markdown: &str,
    now: DateTime<Utc>,
) -> Result<i64, ServiceChangeError> {
    if !actor.is_admin() {
        return Err(ServiceChangeError::Forbidden);
    }
    let service = service_by_code(store, code).await?;
    let markdown = markdown.trim();
    if markdown.is_empty() {
        return Err(ServiceChangeError::EmptyTerms);
    }
    let current = store.current_terms(service.id).await?.map_or(0, |t| t.version);
    let terms = NewTerms {
        markdown: markdown.to_owned(),
        html: crate::articles::markdown::render_body(markdown, &Default::default()),
    };
    let audit = NewAuditEntry::new(actor.name(), AuditAction::ServiceTerms, AuditObject::Service(service.code.clone()))
        .change(serde_json::json!({ "version": current }), serde_json::json!({ "version": current + 1 }));
    Ok(store.publish_terms(service.id, &terms, now, &audit).await?)
}

/// Replaces the notice above a service's comment form with the newsroom's own plain text,
/// or (`None`) goes back to the standard, translated one.
pub async fn set_comment_notice<S: ServiceStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    code: &str,
    notice: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ServiceChangeError> {
    if !actor.is_admin() {
        return Err(ServiceChangeError::Forbidden);
    }
    let service = service_by_code(store, code).await?;
    let notice = notice.map(crate::comments::clean_text);
    if notice.as_deref().is_some_and(str::is_empty) {
        return Err(ServiceChangeError::EmptyNotice);
    }
    let audit =
        NewAuditEntry::new(actor.name(), AuditAction::ServiceNotice, AuditObject::Service(service.code.clone()))
            .change(
                serde_json::json!({ "own_notice": service.comment_notice.is_some() }),
                serde_json::json!({ "own_notice": notice.is_some() }),
            );
    Ok(store.set_comment_notice(service.id, notice.as_deref(), now, &audit).await?)
}

/// Closes comments on every story of a service at once (`on`), or reopens them as they
/// were (`off`): each story keeps its own policy meanwhile. Admins and the command line;
/// audited. Returns whether anything changed (a lockdown already in force is left as it is).
pub async fn set_lockdown<S: ServiceStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    code: &str,
    on: bool,
    now: DateTime<Utc>,
) -> Result<bool, ServiceChangeError> {
    if !actor.is_admin() {
        return Err(ServiceChangeError::Forbidden);
    }
    let service = service_by_code(store, code).await?;
    if service.locked_down == on {
        return Ok(false);
    }
    let audit =
        NewAuditEntry::new(actor.name(), AuditAction::ServiceLockdown, AuditObject::Service(service.code.clone()))
            .change(serde_json::json!({ "locked_down": !on }), serde_json::json!({ "locked_down": on }));
    store.set_lockdown(service.id, on, now, &audit).await?;
    Ok(true)
}

/// Sets a service's attack mode (admins and the command line; audited). Returns whether
/// it changed.
pub async fn set_attack_mode<S: ServiceStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    code: &str,
    mode: crate::attack::AttackMode,
    now: DateTime<Utc>,
) -> Result<bool, ServiceChangeError> {
    if !actor.is_admin() {
        return Err(ServiceChangeError::Forbidden);
    }
    let service = service_by_code(store, code).await?;
    if service.attack_mode == mode {
        return Ok(false);
    }
    let audit =
        NewAuditEntry::new(actor.name(), AuditAction::ServiceAttackMode, AuditObject::Service(service.code.clone()))
            .change(
                serde_json::json!({ "attack_mode": service.attack_mode.as_str() }),
                serde_json::json!({ "attack_mode": mode.as_str() }),
            );
    store.set_attack_mode(service.id, mode, now, &audit).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_right_to_left_service_with_defaults() {
        let s = NewService::parse("uyghur", "Uyghur", Some("ئۇيغۇرچە"), "ug", None, Some("Asia/Urumqi")).unwrap();
        assert_eq!(s.direction, Direction::Rtl);
        assert_eq!(s.language, "ug");
    }

    #[test]
    fn canonicalizes_language_tags() {
        assert_eq!(normalize_language("zh-hans").unwrap(), "zh-Hans");
    }

    #[test]
    fn rejects_bad_codes_and_zones() {
        assert!(matches!(validate_code("Korean"), Err(ServiceError::Code(_))));
        assert!(matches!(validate_code("static"), Err(ServiceError::ReservedCode(_))));
        assert!(parse_time_zone("Mars/Olympus").is_err());
    }

    mod use_case {
        use super::*;
        use crate::accounts::{Role, User, UserId};
        use crate::store::fake::FakeStore;

        fn at(seconds: i64) -> DateTime<Utc> {
            DateTime::from_timestamp(1_790_000_000 + seconds, 0).unwrap_or_default()
        }

        fn editor() -> User {
            User {
                id: UserId(7),
                name: "ed".into(),
                role: Role::Editor,
                services: Vec::new(),
                password_hash: String::new(),
                disabled: false,
                totp_secret: None,
                created_at: at(0),
                console_language: None,
            }
        }

        #[tokio::test]
        async fn terms_are_published_in_versions_and_audited() {
            let store = FakeStore::with_article();
            let first = publish_terms(&store, Actor::CommandLine, "english", "## Rules\n\nBe kind.", at(1)).await;
            assert_eq!(first.ok(), Some(1));
            let second = publish_terms(&store, Actor::CommandLine, "english", "Be kinder.", at(2)).await;
            assert_eq!(second.ok(), Some(2));
            let current = store.current_terms(ServiceId(1)).await.ok().flatten().unwrap_or_else(|| panic!("none"));
            assert_eq!((current.version, current.body_html.as_str()), (2, "<p>Be kinder.</p>\n"));
            let audit = store.audit();
            assert_eq!(audit.len(), 2);
            assert_eq!(
                (audit[1].actor.as_str(), audit[1].action),
                (crate::audit::actors::COMMAND_LINE, AuditAction::ServiceTerms)
            );
            assert_eq!(audit[1].after, Some(serde_json::json!({ "version": 2 })));
            let empty = publish_terms(&store, Actor::CommandLine, "english", "  \n", at(3)).await;
            assert!(matches!(empty, Err(ServiceChangeError::EmptyTerms)));
            let unknown = publish_terms(&store, Actor::CommandLine, "klingon", "Rules.", at(3)).await;
            assert!(matches!(unknown, Err(ServiceChangeError::NoSuchService(_))));
            let editor = editor();
            let forbidden = publish_terms(&store, Actor::User(&editor), "english", "Mine.", at(4)).await;
            assert!(matches!(forbidden, Err(ServiceChangeError::Forbidden)));
            assert_eq!(store.audit().len(), 2, "refusals write nothing");
        }

        #[tokio::test]
        async fn a_notice_is_plain_text_and_never_empty() {
            let store = FakeStore::with_article();
            let set =
                set_comment_notice(&store, Actor::CommandLine, "english", Some(" Be brief.\u{202E} "), at(1)).await;
            assert!(set.is_ok());
            let services = store.services().await.unwrap_or_default();
            assert_eq!(services[0].comment_notice.as_deref(), Some("Be brief."));
            let blank = set_comment_notice(&store, Actor::CommandLine, "english", Some(" \u{200B} "), at(2)).await;
            assert!(matches!(blank, Err(ServiceChangeError::EmptyNotice)));
            assert!(set_comment_notice(&store, Actor::CommandLine, "english", None, at(3)).await.is_ok());
            let audit = store.audit();
            assert_eq!(
                audit.iter().map(|e| e.after.clone()).collect::<Vec<_>>(),
                [Some(serde_json::json!({ "own_notice": true })), Some(serde_json::json!({ "own_notice": false })),]
            );
        }
    }
}
