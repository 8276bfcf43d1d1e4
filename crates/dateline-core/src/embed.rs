//! Comments on pages of other sites: a newsroom that keeps its own CMS carries Dateline's
//! pre-moderated comments in an iframe. Each service names the origins whose pages may do
//! so; a page's story is created the first time the page is shown with the embed, and is
//! never listed among the service's stories (homes, tags, feeds, sitemaps, the desk).

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::accounts::Actor;
use crate::articles::Article;
use crate::audit::{AuditAction, AuditObject, NewAuditEntry};
use crate::services::{Service, ServiceChangeError};
use crate::store::{ArticleStore, ServiceStore, StoreResult};

/// The longest page address the embed takes (longer ones are not pages a newsroom links).
pub const MAX_PAGE_URL_CHARS: usize = 2000;

/// The longest headline taken from a page's title.
const MAX_TITLE_CHARS: usize = 300;

/// Why an origin or a page address is not accepted.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EmbedError {
    /// Not an absolute http(s) address.
    #[error("{0:?} is not an http:// or https:// address")]
    NotAnAddress(String),
    /// An origin with a path, query, fragment or user name.
    #[error("{0:?} is not an origin: give only the scheme, host and port, e.g. https://www.example.org")]
    NotAnOrigin(String),
    /// The page is not on one of the service's origins.
    #[error("pages of {origin} may not carry the comments of {service}")]
    NotAllowed {
        /// The page's origin.
        origin: String,
        /// The service's code.
        service: String,
    },
    /// The address is longer than [`MAX_PAGE_URL_CHARS`].
    #[error("the page address is longer than {MAX_PAGE_URL_CHARS} characters")]
    TooLong,
}

fn parse_http(text: &str) -> Result<url::Url, EmbedError> {
    let text = text.trim();
    let parsed = url::Url::parse(text).map_err(|_| EmbedError::NotAnAddress(text.to_owned()))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(EmbedError::NotAnAddress(text.to_owned()));
    }
    Ok(parsed)
}

/// Checks origins as typed, naming the first that is not one.
pub fn check_origins(origins: &[String]) -> Result<(), EmbedError> {
    origins.iter().try_for_each(|origin| parse_origin(origin).map(drop))
}

/// An origin as a service lists it: `https://www.example.org`, or with a port that is not
/// the scheme's default (`http://localhost:8000`); host in lowercase (and IDNA form).
pub fn parse_origin(text: &str) -> Result<String, EmbedError> {
    let parsed = parse_http(text)?;
    let bare = parsed.path() == "/"
        && parsed.query().is_none()
        && parsed.fragment().is_none()
        && parsed.username().is_empty()
        && parsed.password().is_none();
    if !bare {
        return Err(EmbedError::NotAnOrigin(text.trim().to_owned()));
    }
    Ok(parsed.origin().ascii_serialization())
}

/// The address under which a page's comments are kept: the page's absolute address
/// without its fragment, checked to be on one of the service's origins.
pub fn page_address(service: &Service, text: &str) -> Result<String, EmbedError> {
    if text.chars().count() > MAX_PAGE_URL_CHARS {
        return Err(EmbedError::TooLong);
    }
    let mut parsed = parse_http(text)?;
    parsed.set_fragment(None);
    let origin = parsed.origin().ascii_serialization();
    if !service.embed_origins.contains(&origin) {
        return Err(EmbedError::NotAllowed { origin, service: service.code.clone() });
    }
    Ok(parsed.to_string())
}

/// The origin of an address (`None` when it is not an http(s) address): the embed compares
/// it with the `Referer` its page sent.
pub fn origin_of(text: &str) -> Option<String> {
    parse_http(text).ok().map(|u| u.origin().ascii_serialization())
}

/// The slug of a page's story: fixed by its address, never shown to readers.
pub fn page_slug(address: &str) -> String {
    format!("page-{}", &crate::comments::sha256_hex(address)[..24])
}

/// The headline of a page's story in the console: the page's title, else its address.
pub fn page_headline(title: &str, address: &str) -> String {
    let title = crate::comments::clean_text(title);
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let chosen = if title.is_empty() { address } else { &title };
    chosen.chars().take(MAX_TITLE_CHARS).collect()
}

/// The story of a page that shows a service's comments, created on the page's first use
/// (concurrent first uses get the same story).
pub async fn page_story<S: ArticleStore + ?Sized>(
    store: &S,
    service: &Service,
    address: &str,
    title: &str,
    now: DateTime<Utc>,
) -> StoreResult<Article> {
    if let Some(story) = store.story_of_page(service.id, address).await? {
        return Ok(story);
    }
    let headline = page_headline(title, address);
    store.add_page_story(service.id, address, &page_slug(address), &headline, now).await
}

/// Sets the origins whose pages may carry a service's comments (admins and the command
/// line; audited). An empty list turns the embed off for the service.
pub async fn set_embed_origins<S: ServiceStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    code: &str,
    origins: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<String>, ServiceChangeError> {
    if !actor.is_admin() {
        return Err(ServiceChangeError::Forbidden);
    }
    let service = crate::services::service_by_code(store, code).await?;
    let mut parsed = origins.iter().map(|o| parse_origin(o)).collect::<Result<Vec<_>, _>>()?;
    parsed.sort();
    parsed.dedup();
    let audit = NewAuditEntry::new(actor.name(), AuditAction::ServiceEmbed, AuditObject::Service(service.code.clone()))
        .change(
            serde_json::json!({ "embed_origins": service.embed_origins }),
            serde_json::json!({ "embed_origins": parsed }),
        );
    store.set_embed_origins(service.id, &parsed, now, &audit).await?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::{Direction, ServiceId};

    fn service(origins: &[&str]) -> Service {
        Service {
            id: ServiceId(1),
            code: "english".into(),
            name: "English".into(),
            native_name: "English".into(),
            language: "en".into(),
            direction: Direction::Ltr,
            time_zone: chrono_tz::UTC,
            comment_policy: crate::CommentPolicy::Open,
            comment_notice: None,
            embed_origins: origins.iter().map(|o| o.to_string()).collect(),
            locked_down: false,
            attack_mode: crate::attack::AttackMode::Off,
        }
    }

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(parse_origin("https://WWW.Example.org/").as_deref(), Ok("https://www.example.org"));
        assert_eq!(parse_origin("http://localhost:8000").as_deref(), Ok("http://localhost:8000"));
        assert_eq!(parse_origin("https://example.org:443").as_deref(), Ok("https://example.org"));
        assert!(matches!(parse_origin("https://example.org/news"), Err(EmbedError::NotAnOrigin(_))));
        assert!(matches!(parse_origin("https://user@example.org"), Err(EmbedError::NotAnOrigin(_))));
        assert!(matches!(parse_origin("ftp://example.org"), Err(EmbedError::NotAnAddress(_))));
        assert!(matches!(parse_origin("example.org"), Err(EmbedError::NotAnAddress(_))));
    }

    #[test]
    fn pages_are_accepted_only_on_the_services_origins() {
        let english = service(&["https://www.example.org"]);
        assert_eq!(
            page_address(&english, "https://www.example.org/news/flood.html#comments").as_deref(),
            Ok("https://www.example.org/news/flood.html")
        );
        assert_eq!(
            page_address(&english, "https://evil.example/news/flood.html"),
            Err(EmbedError::NotAllowed { origin: "https://evil.example".into(), service: "english".into() })
        );
        assert!(matches!(
            page_address(&english, "http://www.example.org/news/flood.html"),
            Err(EmbedError::NotAllowed { .. })
        ));
        assert!(matches!(page_address(&english, "javascript:alert(1)"), Err(EmbedError::NotAnAddress(_))));
        let long = format!("https://www.example.org/{}", "a".repeat(MAX_PAGE_URL_CHARS));
        assert_eq!(page_address(&english, &long), Err(EmbedError::TooLong));
    }

    #[test]
    fn a_page_story_is_named_by_its_address() {
        let address = "https://www.example.org/news/flood.html";
        assert_eq!(page_slug(address), page_slug(address));
        assert_ne!(page_slug(address), page_slug("https://www.example.org/news/fire.html"));
        assert_eq!(page_headline("  Flood\n relief \u{202E}", address), "Flood relief");
        assert_eq!(page_headline("", address), address);
    }
}
