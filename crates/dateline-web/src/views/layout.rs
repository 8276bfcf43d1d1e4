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
        }
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
