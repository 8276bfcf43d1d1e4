//! What every public page shares: the head, the masthead, the navigation, and the context
//! every template is rendered with.

use dateline_core::services::Service;
use serde::Serialize;

use crate::messages::Message;
use crate::state::App;

/// A link in the services navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    href: String,
    label: String,
    lang: String,
    dir: &'static str,
    current: bool,
}

/// An alternate-language version of the page (`<link rel="alternate" hreflang>`).
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// The language of that version.
    pub hreflang: String,
    /// Its path.
    pub href: String,
}

/// A feed of the page (`<link rel="alternate">` and the footer).
#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    /// Its path.
    pub href: String,
    /// `application/rss+xml` or `application/atom+xml`.
    pub media_type: &'static str,
    /// Its title.
    pub title: String,
}

/// What a link preview shows of a page (Open Graph and Twitter cards).
#[derive(Debug, Clone, Serialize)]
pub struct SocialCard {
    /// `article` or `website`.
    pub kind: &'static str,
    /// Absolute URL of the page.
    pub url: String,
    /// Absolute URL of its image, if it has one.
    pub image: Option<String>,
    /// The image's alternative text.
    pub image_alt: String,
    /// The page's locale (`ko_KR`-like, as Open Graph wants it).
    pub locale: String,
    /// When the story was published and last changed (RFC 3339), for articles.
    pub published: Option<String>,
    /// See `published`.
    pub modified: Option<String>,
}

/// What every page shares: the head, the masthead and the navigation.
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    title: String,
    description: String,
    site_name: String,
    stylesheet: String,
    home_href: String,
    nav: Vec<NavItem>,
    /// Other-language versions of the page.
    pub alternates: Vec<Alternate>,
    service_name: Option<String>,
    /// The page's feeds.
    pub feeds: Vec<FeedLink>,
    /// The page's absolute canonical URL.
    pub canonical: Option<String>,
    /// The page's lite version.
    pub lite_href: Option<String>,
    /// The site's onion address, as a link.
    onion_href: Option<String>,
    /// What link previews show.
    pub social: Option<SocialCard>,
    /// Structured data (JSON-LD), ready for a `<script type="application/ld+json">`.
    pub structured_data: Option<String>,
    /// Whether the page is rendered for a static mirror (no personal links).
    mirror: bool,
    /// Whether search engines are told to leave the page out (previews).
    pub noindex: bool,
}

impl Layout {
    /// The layout of a page in `language`, within `current` service if any.
    pub fn new(app: &App, language: &str, title: &str, services: &[Service], current: Option<&Service>) -> Layout {
        let nav = services
            .iter()
            .map(|s| NavItem {
                href: format!("/{}/", s.code),
                label: s.native_name.clone(),
                lang: s.language.clone(),
                dir: s.direction.as_str(),
                current: current.is_some_and(|c| c.id == s.id),
            })
            .collect();
        let full_title =
            if title.is_empty() { app.site.name.clone() } else { format!("{title} — {}", app.site.name) };
        Layout {
            title: full_title,
            description: app.catalogs.message(language, Message::SiteTagline, &[]),
            site_name: app.site.name.clone(),
            stylesheet: app.assets.url("style.css"),
            home_href: current.map_or("/".to_owned(), |s| format!("/{}/", s.code)),
            nav,
            alternates: Vec::new(),
            service_name: current.map(|s| s.native_name.clone()),
            feeds: match current {
                Some(service) => crate::pages::feeds::feed_links(&format!("/{}/", service.code), &service.native_name),
                None => crate::pages::feeds::feed_links("/", &app.site.name),
            },
            canonical: None,
            lite_href: None,
            onion_href: app.site.onion_address.as_ref().map(|onion| format!("http://{onion}/")),
            social: None,
            structured_data: None,
            mirror: app.site.mirror.is_some(),
            noindex: false,
        }
    }

    /// The same, with the page's absolute address and its lite version (`/lite…`).
    pub fn located(mut self, base: &crate::urls::PublicBase, path: &str) -> Layout {
        self.canonical = Some(base.absolute(path));
        self.lite_href = Some(format!("/lite{path}"));
        self
    }

    /// The same, with the page's own description (if it has one) for search engines and
    /// link previews.
    pub fn described(mut self, description: &str) -> Layout {
        if !description.is_empty() {
            self.description = description.to_owned();
        }
        self
    }
}

/// The context of every template: the language for `t()`, the layout and the page's view.
#[derive(Debug, Serialize)]
pub struct PageContext<T: Serialize> {
    lang: String,
    dir: String,
    layout: Layout,
    page: T,
}

impl<T: Serialize> PageContext<T> {
    /// Wraps a page view.
    pub fn new(lang: &str, dir: &str, layout: Layout, page: T) -> PageContext<T> {
        PageContext { lang: lang.to_owned(), dir: dir.to_owned(), layout, page }
    }
}

/// The link-preview card of a page that is not a story (the front page, a list).
pub fn website_card(base: &crate::urls::PublicBase, path: &str, language: &str) -> SocialCard {
    SocialCard {
        kind: "website",
        url: base.absolute(path),
        image: None,
        image_alt: String::new(),
        locale: crate::views::structured::og_locale(language),
        published: None,
        modified: None,
    }
}
