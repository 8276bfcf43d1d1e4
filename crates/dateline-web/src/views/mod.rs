//! Views: the typed values templates render. Handlers fill them; templates never query.

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use dateline_core::articles::credits::{Credit, in_credit_line_order};
use dateline_core::articles::typography::set_quotes;
use dateline_core::articles::{ArticleSummary, LeadImage, article_path, tag_slug};
use dateline_core::media::{DEFAULT_VARIANT_WIDTH, MediaKey, VARIANT_WIDTHS};
use dateline_core::people::Person;
use dateline_core::services::Service;
use dateline_core::store::StoreError;
use fluent_bundle::FluentValue;
use serde::Serialize;

pub mod layout;
pub mod structured;

use crate::i18n::Catalogs;
use crate::messages::{self, Message};

/// Whether a language is written right to left (for text outside any service).
pub fn is_rtl_language(language: &str) -> bool {
    dateline_core::services::default_direction(language) == dateline_core::services::Direction::Rtl
}

/// An instant as shown to readers: machine-readable and in words.
#[derive(Debug, Clone, Serialize)]
pub struct TimeView {
    /// RFC 3339 in the service's time zone, for `<time datetime>`.
    pub iso: String,
    /// The date and time in the service's language and time zone.
    pub display: String,
}

/// A time zone's name in a language: the one readers know ("北京时间", "Ürümqi time") where
/// the catalog has it, else its abbreviation ("KST"), an offset as `UTC+6` rather than `+06`.
pub fn zone_name(catalogs: &Catalogs, language: &str, zone: Tz, abbreviation: &str) -> String {
    let abbreviation = match abbreviation.strip_prefix(['+', '-']) {
        Some(hours) => {
            let sign = &abbreviation[..1];
            let hours = hours.trim_start_matches('0');
            let (hours, minutes) = if hours.len() > 2 { hours.split_at(hours.len() - 2) } else { (hours, "") };
            let minutes = if minutes.is_empty() || minutes == "00" { String::new() } else { format!(":{minutes}") };
            format!("UTC{sign}{}{minutes}", if hours.is_empty() { "0" } else { hours })
        }
        None => abbreviation.to_owned(),
    };
    catalogs.message(
        language,
        Message::TimeZone,
        &[
            ("zone", FluentValue::from(zone.name().replace('/', "-"))),
            ("abbreviation", FluentValue::from(abbreviation)),
        ],
    )
}

/// Formats an instant in a language and time zone.
pub fn time_view(catalogs: &Catalogs, language: &str, at: DateTime<Utc>, zone: Tz) -> TimeView {
    let local = at.with_timezone(&zone);
    let month_name = catalogs.text(language, &messages::month(local.month()), &[]);
    let display = catalogs.message(
        language,
        Message::Datetime,
        &[
            ("year", FluentValue::from(local.year().to_string())),
            ("month", FluentValue::from(local.month().to_string())),
            ("monthName", FluentValue::from(month_name)),
            ("day", FluentValue::from(local.day().to_string())),
            ("time", FluentValue::from(format!("{:02}:{:02}", local.hour(), local.minute()))),
            ("zone", FluentValue::from(zone_name(catalogs, language, zone, &local.format("%Z").to_string()))),
        ],
    );
    TimeView { iso: local.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), display }
}

/// A photo with its caption and credit.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// URL of the file for browsers that do not read `srcset`: a copy of moderate width.
    pub src: String,
    /// The original and its smaller copies, by width (`URL 400w, …`), for `srcset`.
    pub srcset: String,
    /// URL of the smallest copy (the lite pages show it).
    pub smallest: String,
    /// URL of the original file (feeds and structured data name it).
    pub original: String,
    /// Alternative text.
    pub alt: String,
    /// Caption.
    pub caption: String,
    /// Credit text ("Photo: …"), already worded, or empty.
    pub credit: String,
    /// Whether to mark it as a file photo.
    pub file_photo: bool,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The `src` and `srcset` of a photo `width` pixels wide: its smaller copies (see
/// [`VARIANT_WIDTHS`]) and itself, with a copy of moderate width as `src`.
pub fn responsive_sources(media: &MediaKey, width: u32) -> (String, String) {
    let copies: Vec<u32> = VARIANT_WIDTHS.iter().copied().filter(|&w| w < width).collect();
    let mut srcset: Vec<String> = copies.iter().map(|&w| format!("{} {w}w", media.variant(w).url_path())).collect();
    srcset.push(format!("{} {width}w", media.url_path()));
    let src = match copies.iter().copied().filter(|&w| w <= DEFAULT_VARIANT_WIDTH).max() {
        Some(w) => media.variant(w).url_path(),
        None => media.url_path(),
    };
    (src, srcset.join(", "))
}

/// The view of a lead photo.
pub fn image_view(catalogs: &Catalogs, language: &str, image: &LeadImage) -> ImageView {
    let credit = if image.credit.is_empty() {
        String::new()
    } else {
        catalogs.message(language, Message::ArticlePhotoCredit, &[("credit", FluentValue::from(image.credit.as_str()))])
    };
    let (src, srcset) = responsive_sources(&image.media, image.width);
    ImageView {
        src,
        srcset,
        smallest: match VARIANT_WIDTHS.iter().find(|&&w| w < image.width) {
            Some(&w) => image.media.variant(w).url_path(),
            None => image.media.url_path(),
        },
        original: image.media.url_path(),
        alt: image.alt.clone(),
        caption: image.caption.clone(),
        credit,
        file_photo: image.file_photo,
        width: image.width,
        height: image.height,
    }
}

/// A story in a list.
#[derive(Debug, Clone, Serialize)]
pub struct StoryCard {
    /// Link to the article.
    pub href: String,
    /// Headline.
    pub headline: String,
    /// Summary.
    pub summary: String,
    /// Publication time.
    pub published: Option<TimeView>,
    /// Lead photo.
    pub image: Option<ImageView>,
    /// Number of published comments.
    pub comments: i64,
    /// The language of its service (a front page shows several).
    pub lang: String,
}

/// The card of an article of `service`, with its published comment count.
pub fn story_card(catalogs: &Catalogs, service: &Service, article: &ArticleSummary, comments: i64) -> StoryCard {
    StoryCard {
        comments,
        lang: service.language.clone(),
        href: article_path(service, &article.slug, article.published_at),
        headline: set_quotes(&article.headline, &service.language),
        summary: set_quotes(&article.summary, &service.language),
        published: article.published_at.map(|at| time_view(catalogs, &service.language, at, service.time_zone)),
        image: article.lead_image.as_ref().map(|image| image_view(catalogs, &service.language, image)),
    }
}

/// A link to a tag page.
#[derive(Debug, Clone, Serialize)]
pub struct TagLink {
    /// Display name.
    pub name: String,
    /// URL of the tag page.
    pub href: String,
}

/// The link to a tag's page within a service.
pub fn tag_link(service: &Service, tag: &str) -> TagLink {
    TagLink { name: tag.to_owned(), href: tag_path(service, &tag_slug(tag)) }
}

/// The path of a tag page.
pub fn tag_path(service: &Service, tag_slug: &str) -> String {
    format!("/{}/tags/{}", service.code, percent_encode_path_segment(tag_slug))
}

/// Percent-encodes one path segment (tags may be in any script).
pub fn percent_encode_path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The name of a service in a language: the catalog's own name for it if it has one,
/// otherwise the name it was created with.
pub fn service_name_in(catalogs: &Catalogs, language: &str, code: &str, fallback_name: &str) -> String {
    catalogs.message(
        language,
        Message::ServiceName,
        &[("code", FluentValue::from(code)), ("name", FluentValue::from(fallback_name))],
    )
}

/// Joins names as the language does: "A", "A and B", "A, B and C".
pub fn join_names(catalogs: &Catalogs, language: &str, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => {
            let separator = catalogs.message(language, Message::ListSeparator, &[]);
            let first = init.join(&separator);
            catalogs.message(
                language,
                Message::ListPair,
                &[("first", FluentValue::from(first)), ("second", FluentValue::from(last.as_str()))],
            )
        }
    }
}

/// The people a page's credits name, from the directory: each name is shown in the page's
/// language and linked to the person's page.
#[derive(Debug, Clone, Default)]
pub struct Bylines {
    people: Vec<Person>,
}

impl Bylines {
    /// The people named by these credits.
    pub async fn of(store: &dyn dateline_core::store::Store, credits: &[Credit]) -> Result<Bylines, StoreError> {
        Bylines::named(store, credits.iter().flat_map(|c| c.names.iter().cloned()).collect()).await
    }

    /// The people with these names.
    pub async fn named(store: &dyn dateline_core::store::Store, mut names: Vec<String>) -> Result<Bylines, StoreError> {
        names.sort();
        names.dedup();
        Ok(Bylines { people: store.people_named(&names).await? })
    }

    /// The person a credited name is, if the directory has them.
    pub fn person(&self, name: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.has_name(name))
    }

    /// A credited name as a page in `language` shows it.
    pub fn name_in(&self, name: &str, language: &str) -> String {
        self.person(name).map_or(name, |p| p.name_in(language)).to_owned()
    }
}

/// The path of a person's page in a service.
pub fn person_path(service_code: &str, slug: &str) -> String {
    format!("/{service_code}/people/{slug}")
}

/// Composes the credit line by role, in the article's language, each name as `name` words
/// it: "Reported by A and B for the Korean Service. Translated by C. Written in English by D."
fn compose_credit_line(
    catalogs: &Catalogs,
    language: &str,
    credits: &[Credit],
    services: &[Service],
    name: &mut dyn FnMut(&str) -> String,
) -> String {
    in_credit_line_order(credits)
        .into_iter()
        .map(|credit| {
            let shown: Vec<String> = credit.names.iter().map(|n| name(n)).collect();
            let names = join_names(catalogs, language, &shown);
            let id = messages::credit_role(credit.role);
            let mut text = catalogs.text(language, &id, &[("names", FluentValue::from(names))]);
            if let Some(code) = &credit.for_service {
                let fallback = services.iter().find(|s| &s.code == code).map_or(code.as_str(), |s| s.name.as_str());
                let service = service_name_in(catalogs, language, code, fallback);
                text = catalogs.message(
                    language,
                    Message::CreditForService,
                    &[("credit", FluentValue::from(text)), ("service", FluentValue::from(service))],
                );
            }
            catalogs.message(language, Message::CreditSentence, &[("credit", FluentValue::from(text))])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The credit line as text, names in the page's language (feeds, lite pages).
pub fn credit_line(
    catalogs: &Catalogs,
    language: &str,
    credits: &[Credit],
    services: &[Service],
    bylines: &Bylines,
) -> String {
    compose_credit_line(catalogs, language, credits, services, &mut |name| bylines.name_in(name, language))
}

/// The credit line as HTML: escaped, each name of the directory linked to the person's page
/// in `service_code`.
pub fn credit_line_html(
    catalogs: &Catalogs,
    language: &str,
    credits: &[Credit],
    services: &[Service],
    bylines: &Bylines,
    service_code: &str,
) -> String {
    // Names go through the catalogs as private-use placeholders (never in a catalog or a
    // cleaned name), so that the text around them can be escaped and they linked.
    let mut shown: Vec<String> = Vec::new();
    let text = compose_credit_line(catalogs, language, credits, services, &mut |name| {
        let display = crate::templates::escape_html(&bylines.name_in(name, language));
        shown.push(match bylines.person(name) {
            Some(person) => format!("<a href=\"{}\">{display}</a>", person_path(service_code, &person.slug)),
            None => display,
        });
        format!("\u{E000}{}\u{E001}", shown.len() - 1)
    });
    let mut html = crate::templates::escape_html(&text);
    for (index, name) in shown.iter().enumerate().rev() {
        html = html.replace(&format!("\u{E000}{index}\u{E001}"), name);
    }
    html
}
