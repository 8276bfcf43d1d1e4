//! The public pages: the front page, service homes and tag pages (lists of stories),
//! articles, and a service's Terms of Use; the ways to reach them: feeds, sitemaps and
//! `robots.txt`, and lite pages.

pub mod articles;
pub mod feeds;
pub mod front;
pub mod lists;
pub mod lite;
pub mod sitemaps;
pub mod terms;

use dateline_core::services::Service;

use crate::error::WebError;

pub use articles::{ShownArticle, public_article, public_article_head, render_article};

/// A service by code, or "not found".
pub(crate) fn find_service(services: &[Service], code: &str) -> Result<Service, WebError> {
    services.iter().find(|s| s.code == code).cloned().ok_or(WebError::NotFound { service: None })
}
