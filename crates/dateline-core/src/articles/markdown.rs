//! Article bodies: Markdown in, sanitized HTML out.
//!
//! Raw HTML in a body is allowed through pulldown-cmark and then cleaned by ammonia, so
//! nothing in an article can execute. Images may only come from this site: a body image
//! that points to another host is dropped, because public pages load nothing from
//! elsewhere (readers may be watched through third-party requests).

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Whether a URL points into the files beside the Markdown file (not to any host, not
/// absolute on this site, not a data or other scheme URL).
pub fn is_relative_file_url(url: &str) -> bool {
    !url.is_empty() && !url.starts_with('/') && !url.starts_with('#') && !url.contains("://") && !url.contains(':')
}

/// The relative image paths a body refers to, in order of first appearance.
pub fn local_image_refs(markdown: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    Parser::new_ext(markdown, parser_options())
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) if is_relative_file_url(&dest_url) => {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .filter(|url| seen.insert(url.clone()))
        .collect()
}

/// Renders a body to sanitized HTML. `image_urls` maps relative image paths of the source
/// to the URLs of their stored copies.
pub fn render_body(markdown: &str, image_urls: &HashMap<String, String>) -> String {
    let events = Parser::new_ext(markdown, parser_options()).map(|event| match event {
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let dest_url = image_urls.get(dest_url.as_ref()).map(|url| CowStr::from(url.clone())).unwrap_or(dest_url);
            Event::Start(Tag::Image { link_type, dest_url, title, id })
        }
        Event::Start(Tag::Heading { level: pulldown_cmark::HeadingLevel::H1, id, classes, attrs }) => {
            // The headline is the page's only h1; a body's top-level headings become h2.
            Event::Start(Tag::Heading { level: pulldown_cmark::HeadingLevel::H2, id, classes, attrs })
        }
        Event::End(pulldown_cmark::TagEnd::Heading(pulldown_cmark::HeadingLevel::H1)) => {
            Event::End(pulldown_cmark::TagEnd::Heading(pulldown_cmark::HeadingLevel::H2))
        }
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    sanitize(&html)
}

/// Whether a URL, read the way browsers read it, stays on this site: browsers drop tabs and
/// line breaks inside URLs and read `\` as `/`, so `/\evil.example/x` and `/<TAB>/evil.example`
/// mean `//evil.example/x`, another host.
fn is_same_site_path(value: &str) -> bool {
    let normalized: String = value.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let normalized = normalized.trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    normalized.starts_with('/') && !normalized.contains('\\') && !normalized.starts_with("//")
}

/// Whether a URL points to another host without a scheme (`//host`, `/\host`): such a
/// link or source is never kept.
fn is_scheme_relative(value: &str) -> bool {
    let normalized: String = value.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let normalized = normalized.trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    let mut chars = normalized.chars();
    matches!((chars.next(), chars.next()), (Some('/' | '\\'), Some('/' | '\\')))
}

/// Cleans HTML so that nothing in it executes or loads from another host.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .url_relative(ammonia::UrlRelative::PassThrough)
        .attribute_filter(|element, attribute, value| {
            let remote_source = element == "img" && attribute == "src" && !is_same_site_path(value);
            let sneaky_link = attribute == "href" && (is_scheme_relative(value) || value.contains('\\'));
            if remote_source || sneaky_link { None } else { Some(value.into()) }
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_do_not_survive() {
        let html = render_body(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1))",
            &HashMap::new(),
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn remote_images_are_dropped_and_local_ones_rewritten() {
        let md = "![remote](https://tracker.example/p.gif) ![local](pics/a.jpg)";
        assert_eq!(local_image_refs(md), vec!["pics/a.jpg".to_owned()]);
        let urls = HashMap::from([("pics/a.jpg".to_owned(), "/media/abc.jpg".to_owned())]);
        let html = render_body(md, &urls);
        assert!(!html.contains("tracker.example"), "{html}");
        assert!(html.contains(r#"src="/media/abc.jpg""#), "{html}");
    }

    #[test]
    fn backslashes_and_tabs_do_not_reach_other_hosts() {
        for src in ["/\\evil.example/t.gif", "/\t/evil.example/u.gif", "\\\\evil.example/v.gif", "//evil.example/w"] {
            let html = sanitize(&format!("<img src=\"{src}\"><a href=\"{src}\">x</a>"));
            assert!(!html.contains("evil.example"), "{src}: {html}");
        }
        assert!(sanitize("<img src=\"/media/a.jpg\">").contains("/media/a.jpg"));
        assert!(sanitize("<a href=\"https://example.org/\">x</a>").contains("https://example.org/"));
    }

    #[test]
    fn subheadings_render() {
        let html = render_body("# Top\n\n## Sub\n\ntext", &HashMap::new());
        assert!(html.contains("<h2>Top</h2>"), "{html}");
        assert!(html.contains("<h2>Sub</h2>"), "{html}");
    }
}
