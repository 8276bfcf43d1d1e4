//! Articles: what a newsroom publishes, and the rules of their life cycle.

pub mod credits;
pub mod import;
pub mod markdown;
pub mod slugs;
pub mod typography;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

use crate::articles::credits::Credit;
use crate::media::MediaKey;
use crate::services::{Service, ServiceId};

/// The store's identifier of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ArticleId(pub i64);

/// Whether readers may comment under an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentPolicy {
    /// Comments are shown and the form is offered.
    Open,
    /// Existing comments are shown; the form is replaced by a notice.
    Closed,
    /// No comment section at all.
    Hidden,
}

impl CommentPolicy {
    /// Every policy.
    pub const ALL: [CommentPolicy; 3] = [CommentPolicy::Open, CommentPolicy::Closed, CommentPolicy::Hidden];

    /// The stable name used in import files and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            CommentPolicy::Open => "open",
            CommentPolicy::Closed => "closed",
            CommentPolicy::Hidden => "hidden",
        }
    }
}

impl fmt::Display for CommentPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CommentPolicy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "open" => Ok(CommentPolicy::Open),
            "closed" => Ok(CommentPolicy::Closed),
            "hidden" => Ok(CommentPolicy::Hidden),
            other => Err(format!("unknown comment policy {other:?}")),
        }
    }
}

/// Where an article stands in its life cycle, at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// No publication time: visible to nobody outside the newsroom.
    Draft,
    /// A publication time in the future: becomes public then.
    Scheduled,
    /// Public.
    Published,
}

impl Status {
    /// The status of an article with this publication time, seen at `now`.
    pub fn at(published_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Status {
        match published_at {
            None => Status::Draft,
            Some(at) if at > now => Status::Scheduled,
            Some(_) => Status::Published,
        }
    }

    /// The stable name printed by the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
        }
    }
}

/// The lead photo of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadImage {
    /// The stored image file.
    pub media: MediaKey,
    /// Caption shown under the photo.
    pub caption: String,
    /// Alternative text for readers who cannot see the photo.
    pub alt: String,
    /// Who took or supplied the photo.
    pub credit: String,
    /// Whether this is a file photo rather than one taken for this story.
    pub file_photo: bool,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// A service and slug naming an article ("korean/flood-relief").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArticleRef {
    /// Service code.
    pub service: String,
    /// Article slug within the service.
    pub slug: String,
}

impl fmt::Display for ArticleRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.service, self.slug)
    }
}

/// What may be written when an article is created or replaced (import, newsroom tools).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleDraft {
    /// Service the article belongs to.
    pub service_id: ServiceId,
    /// URL slug, unique within the service.
    pub slug: String,
    /// Headline.
    pub headline: String,
    /// One or two sentences under the headline and in lists.
    pub summary: String,
    /// The body as written, in Markdown.
    pub body_markdown: String,
    /// The body rendered to sanitized HTML.
    pub body_html: String,
    /// Publication time; `None` keeps the article a draft.
    pub published_at: Option<DateTime<Utc>>,
    /// Time of the last substantive update shown to readers.
    pub updated_at: Option<DateTime<Utc>>,
    /// Tags, as display names.
    pub tags: Vec<String>,
    /// Another article whose story this one translates.
    pub translation_of: Option<ArticleRef>,
    /// Comment policy; `None` follows the service's default.
    pub comment_policy: Option<CommentPolicy>,
    /// Lead photo.
    pub lead_image: Option<LeadImage>,
    /// Credits, in the order given.
    pub credits: Vec<Credit>,
}

impl ArticleDraft {
    /// Every media file the article shows: its lead photo and the images of its body.
    pub fn media_keys(&self) -> Vec<crate::media::MediaKey> {
        let mut keys: Vec<crate::media::MediaKey> = self.lead_image.iter().map(|l| l.media.clone()).collect();
        for key in crate::media::media_keys_in(&self.body_html) {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }
}

/// An article, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Store identifier.
    pub id: ArticleId,
    /// Service the article belongs to.
    pub service_id: ServiceId,
    /// URL slug, unique within the service.
    pub slug: String,
    /// Headline.
    pub headline: String,
    /// Summary.
    pub summary: String,
    /// The body as written, in Markdown.
    pub body_markdown: String,
    /// The body rendered to sanitized HTML.
    pub body_html: String,
    /// Publication time; `None` for drafts.
    pub published_at: Option<DateTime<Utc>>,
    /// Time of the last substantive update shown to readers.
    pub updated_at: Option<DateTime<Utc>>,
    /// Tags, as display names.
    pub tags: Vec<String>,
    /// The story this article belongs to, shared by its translations.
    pub translation_group: Option<i64>,
    /// Comment policy; `None` follows the service's default.
    pub comment_policy: Option<CommentPolicy>,
    /// Lead photo.
    pub lead_image: Option<LeadImage>,
    /// Credits, in the order given.
    pub credits: Vec<Credit>,
    /// When it was taken down after publication, if it was (its address answers 410).
    pub unpublished_at: Option<DateTime<Utc>>,
    /// The address of the page on another site whose comments this story holds (see
    /// [`crate::embed`]); such a story is never listed.
    pub external_url: Option<String>,
}

impl Article {
    /// The article's status seen at `now`.
    pub fn status(&self, now: DateTime<Utc>) -> Status {
        Status::at(self.published_at, now)
    }

    /// Whether readers may see the article at `now`.
    pub fn is_public(&self, now: DateTime<Utc>) -> bool {
        self.status(now) == Status::Published
    }

    /// The comment policy in force, given the article's service: during the service's
    /// lockdown an open story is closed (a hidden one stays hidden).
    pub fn effective_comment_policy(&self, service: &Service) -> CommentPolicy {
        match self.comment_policy.unwrap_or(service.comment_policy) {
            CommentPolicy::Open if service.locked_down => CommentPolicy::Closed,
            policy => policy,
        }
    }
}

/// An article as shown in lists: enough for a headline, a teaser and a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSummary {
    /// Store identifier.
    pub id: ArticleId,
    /// Service the article belongs to.
    pub service_id: ServiceId,
    /// URL slug.
    pub slug: String,
    /// Headline.
    pub headline: String,
    /// Summary.
    pub summary: String,
    /// Publication time; `None` for drafts.
    pub published_at: Option<DateTime<Utc>>,
    /// Lead photo, if any.
    pub lead_image: Option<LeadImage>,
}

/// The public path of an article: `/{service}/{yyyy}/{mm}/{slug}`, the year and month
/// of publication taken in the service's time zone.
///
/// Drafts have no date; their path uses `draft` in its place and is never served publicly.
pub fn article_path(service: &Service, slug: &str, published_at: Option<DateTime<Utc>>) -> String {
    match published_at {
        Some(at) => {
            let local = at.with_timezone(&service.time_zone);
            format!("/{}/{:04}/{:02}/{}", service.code, local.year(), local.month(), slug)
        }
        None => format!("/{}/draft/{}", service.code, slug),
    }
}

/// The slug of a tag, as used in its page's URL: lowercase, spaces joined by hyphens.
pub fn tag_slug(tag: &str) -> String {
    tag.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn status_follows_publication_time() {
        let now = Utc.with_ymd_and_hms(2026, 7, 7, 12, 0, 0).unwrap();
        assert_eq!(Status::at(None, now), Status::Draft);
        assert_eq!(Status::at(Some(now + chrono::Duration::hours(1)), now), Status::Scheduled);
        assert_eq!(Status::at(Some(now), now), Status::Published);
    }

    #[test]
    fn tag_slugs_keep_letters_of_every_script() {
        assert_eq!(tag_slug("Press Freedom"), "press-freedom");
        assert_eq!(tag_slug("홍수  피해"), "홍수-피해");
    }
}
