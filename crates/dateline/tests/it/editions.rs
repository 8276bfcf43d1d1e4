//! Every edition reads as a native one: quotation marks, time zones readers know, the front
//! page's sections each in its own language, and pages light enough for a slow line.

use axum::body::Body;
use axum::http::Request;
use dateline_core::store::prelude::*;

use crate::support::{Backend, TestApp};

/// The texts of a page's blocks (paragraphs, headings, list items) with their tags removed.
fn blocks(html: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for tag in ["p", "h1", "h2", "h3", "li", "figcaption"] {
        for part in html.split(&format!("<{tag}")).skip(1) {
            let Some(start) = part.find('>') else { continue };
            let Some(end) = part.find(&format!("</{tag}>")) else { continue };
            if start >= end {
                continue;
            }
            let mut text = String::new();
            let mut in_tag = false;
            for c in part[start + 1..end].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            texts.push(text);
        }
    }
    texts
}

/// Whether the quotation marks of a text open and close in turn, each opened one closed.
fn balanced(text: &str, open: char, close: char) -> bool {
    let mut depth = 0i32;
    for c in text.chars() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth < 0 {
                return false;
            }
        }
    }
    depth == 0
}

async fn every_demo_story_has_balanced_quotation_marks(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let services = app.store.services().await.unwrap();
    let mut stories = 0;
    for service in &services {
        let home = app.get(&format!("/{}/", service.code)).await.body;
        let mut links: Vec<String> = home
            .split("class=\"story-headline\"><a href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(str::to_owned)
            .collect();
        links.dedup();
        let (open, close) = if service.language == "ug" { ('«', '»') } else { ('“', '”') };
        for link in links {
            let page = app.get(&link).await;
            assert_eq!(page.status, 200, "{link}");
            let article =
                page.body.split("<article class=\"article\">").nth(1).unwrap().split("</article>").next().unwrap();
            for text in blocks(article) {
                assert!(balanced(&text, open, close), "{link}: unbalanced quotation marks in {text:?}");
                assert!(!text.contains('"'), "{link}: a straight quote left in {text:?}");
            }
            stories += 1;
        }
    }
    assert!(stories >= 20, "every demo story was read ({stories})");
    // The case the Korean edition showed: a particle right after the closing mark.
    let korean = app.get("/korean/2026/10/yeonpo-gang-hongsu-guho").await.body;
    assert!(korean.contains("넘게 걸렸다”고 말했다"), "a closing mark before a particle stays closing");
}

async fn times_carry_zone_names_readers_know(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let uyghur = app.get("/uyghur/2026/10/chol-tomuryoli-qatnashqa-bashlidi").await.body;
    assert!(uyghur.contains("ئۈرۈمچى ۋاقتى"), "Ürümqi time in Uyghur");
    let vietnamese = app.get("/vietnamese/2026/10/lua-thu-dong-han-man").await.body;
    assert!(vietnamese.contains("giờ Việt Nam"));
    let mandarin = app.get("/mandarin/2026/10/lianpu-jiang-juedi").await.body;
    assert!(mandarin.contains("北京时间"));
    for page in [&uyghur, &vietnamese, &mandarin] {
        let times: Vec<&str> = page.split("<time ").skip(1).filter_map(|t| t.split("</time>").next()).collect();
        assert!(!times.is_empty());
        for time in times {
            assert!(!time.contains(" +0") && !time.contains(" -0"), "no bare offset: {time}");
        }
    }
}

async fn the_front_page_speaks_each_sections_language(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let front = app.get("/").await.body;
    for (code, more) in [
        ("korean", "이 서비스 기사 더 보기"),
        ("mandarin", "本频道更多报道"),
        ("uyghur", "بۇ بۆلۈمنىڭ باشقا خەۋەرلىرى"),
        ("vietnamese", "Xem thêm bài của ban này"),
    ] {
        let section = front
            .split("<section class=\"front-section\"")
            .skip(1)
            .find(|s| s.contains(&format!("href=\"/{code}/\"")))
            .unwrap_or_else(|| panic!("a {code} section"));
        let section = section.split("</section>").next().unwrap();
        assert!(section.contains(more), "{code}: {section}");
        let english = ["More from this service", " comments</span>", "1 comment</span>"];
        assert!(!english.iter().any(|e| section.contains(e)), "{code}: {section}");
    }
    // The first story of each section is above the fold: its photo is not lazy.
    let first_card =
        front.split("<article class=\"story story-lead\">").nth(1).unwrap().split("</article>").next().unwrap();
    assert!(first_card.contains("<img") && !first_card.contains("loading=\"lazy\""), "{first_card}");
}

async fn the_stylesheet_is_compressed_and_kept_for_good(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let home = app.get("/english/").await.body;
    let href = home.split("href=\"/static/style.css?v=").nth(1).unwrap().split('"').next().unwrap();
    let versioned = format!("/static/style.css?v={href}");
    let request = Request::get(&versioned).header("accept-encoding", "gzip, br").body(Body::empty()).unwrap();
    let (response, bytes) = app.send_raw(request).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-encoding"), "br");
    assert_eq!(response.header("cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(response.header("vary"), "Accept-Encoding");
    let plain = app.get(&versioned).await;
    assert!(bytes.len() * 3 < plain.body.len(), "compressed: {} of {}", bytes.len(), plain.body.len());
    let unversioned = app.get("/static/style.css").await;
    assert_eq!(unversioned.header("cache-control"), "public, max-age=300", "an address without its version may change");
    let stylesheet = plain.body;
    for rule in ["word-break: keep-all", "line-break: strict", "text-emphasis: filled dot", ":focus-visible"] {
        assert!(stylesheet.contains(rule), "the stylesheet sets {rule}");
    }
}

on_both_backends!(
    every_demo_story_has_balanced_quotation_marks,
    times_carry_zone_names_readers_know,
    the_front_page_speaks_each_sections_language,
    the_stylesheet_is_compressed_and_kept_for_good,
);
