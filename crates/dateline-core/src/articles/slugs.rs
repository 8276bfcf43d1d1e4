//! Slugs: the readable, stable last part of an article's URL.

/// Longest slug accepted or derived.
pub const MAX_SLUG_LEN: usize = 80;

/// Derives a slug from a headline in any script, transliterating to ASCII
/// ("홍수 피해" → "hongsu-pihae"). Falls back to `article` when nothing is left.
pub fn derive_slug(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let needed = word.len() + usize::from(!slug.is_empty());
        if slug.len() + needed > MAX_SLUG_LEN {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.is_empty() { "article".to_owned() } else { slug }
}

/// Whether a given slug is acceptable: 1–80 lowercase ASCII letters, digits and single
/// hyphens, not starting or ending with a hyphen.
pub fn is_valid_slug(slug: &str) -> bool {
    (1..=MAX_SLUG_LEN).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates_other_scripts() {
        let slug = derive_slug("北京 铁路 开通");
        assert!(is_valid_slug(&slug), "{slug}");
        assert_ne!(slug, "article");
        assert!(is_valid_slug(&derive_slug("ئۈرۈمچى يېڭى تۆمۈر يول")));
        assert_eq!(derive_slug("Floods: 3,000 flee the Han river!"), "floods-3-000-flee-the-han-river");
    }

    #[test]
    fn falls_back_when_nothing_remains() {
        assert_eq!(derive_slug("!!!"), "article");
    }

    #[test]
    fn validates_given_slugs() {
        assert!(is_valid_slug("han-river-flood"));
        assert!(!is_valid_slug("Han River"));
        assert!(!is_valid_slug("-x"));
        assert!(!is_valid_slug(""));
    }
}
