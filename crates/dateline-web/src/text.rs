//! Plain text of readers, made into HTML: escaped, never interpreted.

use crate::templates::escape_html;

/// Renders a comment's plain text: every character escaped, blank lines separating
/// paragraphs, single newlines as line breaks, and — if `link_urls` — http(s) URLs as
/// links that search engines do not follow (`rel="nofollow ugc noopener"`).
pub fn comment_html(text: &str, link_urls: bool) -> String {
    let mut html = String::with_capacity(text.len() + 32);
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, html: &mut String| {
        if paragraph.is_empty() {
            return;
        }
        let lines: Vec<String> = paragraph.iter().map(|line| line_html(line, link_urls)).collect();
        html.push_str("<p>");
        html.push_str(&lines.join("<br>\n"));
        html.push_str("</p>\n");
        paragraph.clear();
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut paragraph, &mut html);
        } else {
            paragraph.push(line);
        }
    }
    flush(&mut paragraph, &mut html);
    html
}

/// Splits a trailing run of sentence punctuation off a URL ("https://a.example/x)." → x).
fn split_trailing_punctuation(word: &str) -> (&str, &str) {
    let end = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\'', '»', '”', '。', '،']).len();
    word.split_at(end)
}

fn line_html(line: &str, link_urls: bool) -> String {
    if !link_urls {
        return escape_html(line);
    }
    let mut out = String::with_capacity(line.len());
    for (index, word) in line.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        let lower = word.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            let (url, rest) = split_trailing_punctuation(word);
            let url = escape_html(url);
            out.push_str(&format!("<a href=\"{url}\" rel=\"nofollow ugc noopener\">{url}</a>{}", escape_html(rest)));
        } else {
            out.push_str(&escape_html(word));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_structure_kept() {
        let html = comment_html("<script>alert(1)</script>\nline two\n\n&amp; para", false);
        assert_eq!(html, "<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>\nline two</p>\n<p>&amp;amp; para</p>\n");
    }

    #[test]
    fn urls_become_safe_links_only_when_asked() {
        let text = "see https://example.org/a?b=1&c=\"x\". and javascript:alert(1)";
        assert!(!comment_html(text, false).contains("<a "));
        let html = comment_html(text, true);
        assert!(html.contains(
            "<a href=\"https://example.org/a?b=1&amp;c=&quot;x\" rel=\"nofollow ugc noopener\">https://example.org/a?b=1&amp;c=&quot;x</a>&quot;."
        ), "{html}");
        assert!(!html.contains("href=\"javascript"));
    }
}
