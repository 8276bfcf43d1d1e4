//! Absolute links: the address a page's canonical link, its structured data, feeds and
//! sitemaps use. It is `base_url` if set; for a request that came to the onion address,
//! that address; otherwise the request's own host (a site without `base_url` is a
//! development one, and the page cache then keeps one copy per host).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use crate::state::{AppState, SiteSettings};

/// The site's address for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicBase {
    /// `scheme://host[:port]`, without a trailing slash.
    pub url: String,
    /// Whether the request came to the onion address.
    pub via_onion: bool,
    /// Whether the address was taken from the request's `Host` (no `base_url` is set).
    from_host: bool,
}

impl PublicBase {
    /// The address for a request with these headers.
    pub fn of(site: &SiteSettings, headers: &HeaderMap) -> PublicBase {
        let host =
            headers.get(header::HOST).and_then(|h| h.to_str().ok()).map(str::to_ascii_lowercase).filter(|h| is_host(h));
        if let (Some(onion), Some(host)) = (&site.onion_address, &host)
            && host.split(':').next() == Some(onion.as_str())
        {
            return PublicBase { url: format!("http://{onion}"), via_onion: true, from_host: false };
        }
        match (&site.base_url, host) {
            (Some(base), _) => {
                PublicBase { url: base.trim_end_matches('/').to_owned(), via_onion: false, from_host: false }
            }
            (None, Some(host)) => PublicBase { url: format!("http://{host}"), via_onion: false, from_host: true },
            (None, None) => PublicBase { url: "http://localhost".into(), via_onion: false, from_host: true },
        }
    }

    /// The absolute URL of a site path (`/korean/…`).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// What distinguishes this address in the page cache: nothing for `base_url`, the
    /// onion address or the host otherwise (pages embed their absolute address).
    pub fn cache_variant(&self) -> Option<&str> {
        (self.via_onion || self.from_host).then_some(self.url.as_str())
    }

    /// HTML with its site-relative links (`href="/…"`, `src="/…"`) made absolute, for
    /// feeds, which are read away from the site.
    pub fn absolutize_html(&self, html: &str) -> String {
        html.replace("href=\"/", &format!("href=\"{}/", self.url)).replace("src=\"/", &format!("src=\"{}/", self.url))
    }
}

/// A host name or address with an optional port: nothing that could break out of a URL.
fn is_host(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 255
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

impl FromRequestParts<AppState> for PublicBase {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        Ok(PublicBase::of(&app.site, &parts.headers))
    }
}

/// `Onion-Location`, which lets Tor Browser offer the onion address, on the HTML pages of
/// requests that did not come to it.
pub async fn onion_location(
    axum::extract::State(app): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let Some(onion) = app.site.onion_address.clone() else { return next.run(request).await };
    let via_onion = PublicBase::of(&app.site, request.headers()).via_onion;
    let target = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
    let mut response = next.run(request).await;
    let is_html = response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_html
        && !via_onion
        && let Ok(value) = axum::http::HeaderValue::from_str(&format!("http://{onion}{target}"))
    {
        response.headers_mut().insert("onion-location", value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, host.parse().unwrap_or_else(|_| axum::http::HeaderValue::from_static("x")));
        headers
    }

    #[test]
    fn the_base_is_configured_onion_or_the_host() {
        let onion = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion";
        let site = SiteSettings {
            base_url: Some("https://news.example/".into()),
            onion_address: Some(onion.into()),
            ..Default::default()
        };
        let main = PublicBase::of(&site, &headers("evil.example"));
        assert_eq!((main.url.as_str(), main.cache_variant()), ("https://news.example", None));
        let hidden = PublicBase::of(&site, &headers(onion));
        assert_eq!(hidden.url, format!("http://{onion}"));
        assert_eq!(hidden.cache_variant(), Some(hidden.url.as_str()));
        let bare = SiteSettings::default();
        assert_eq!(PublicBase::of(&bare, &headers("localhost:8080")).url, "http://localhost:8080");
        assert_eq!(PublicBase::of(&bare, &headers("a\"b")).url, "http://localhost", "no quote reaches a link");
        let html =
            main.absolutize_html(r#"<a href="/x">x</a><img src="/media/a.png"><a href="https://o.example/">o</a>"#);
        assert!(
            html.contains(r#"href="https://news.example/x""#)
                && html.contains(r#"src="https://news.example/media/a.png""#)
        );
        assert!(html.contains(r#"href="https://o.example/""#));
    }
}
