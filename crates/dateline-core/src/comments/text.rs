//! How a reader's text is cleaned and checked: controls and spoofing characters removed,
//! invisible text and staff names refused, links and addresses recognized.

use unicode_normalization::UnicodeNormalization;

/// Characters removed from names and texts: bidi embeddings, overrides and isolates
/// (they can make text display in a different order than it is stored, to spoof) and
/// invisible zero-width spaces. Zero-width (non-)joiners and bidi marks stay: scripts need them.
fn is_removed_format_char(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Cleans submitted text: NFC normalisation, line breaks unified to `\n`, control and
/// spoofing characters removed (newlines kept), trailing spaces of lines and surrounding
/// blank lines trimmed.
pub fn clean_text(raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = unified.nfc().filter(|&c| c == '\n' || !(c.is_control() || is_removed_format_char(c))).collect();
    let lines: Vec<&str> = kept.split('\n').map(str::trim_end).collect();
    lines.join("\n").trim().to_owned()
}

/// Cleans a display name: as [`clean_text`], on one line, inner runs of spaces collapsed.
pub fn clean_name(raw: &str) -> String {
    clean_text(raw).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Characters that show nothing: format characters (general category Cf), the Hangul and
/// Braille fillers that are letters or symbols by category yet blank, and combining marks
/// (which show only on a letter). A name or text of nothing but these, and spaces, is empty.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || unicode_normalization::char::is_combining_mark(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{0600}'..='\u{0605}'
                | '\u{06DD}'
                | '\u{070F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Whether a text shows anything at all (see [`is_invisible`]).
pub fn has_visible(text: &str) -> bool {
    text.chars().any(|c| !is_invisible(c))
}

/// Verification marks that make a name look like a staff account's.
const STAFF_MARKS: &[char] = &['\u{2713}', '\u{2714}', '\u{2611}', '\u{2705}', '\u{1F5F8}', '\u{2600}'];

/// Whether a display name impersonates the newsroom: one of its words, after look-alike
/// letters from any script are folded to Latin ("Dаteline" with a Cyrillic "а", "Модератор"),
/// is a reserved name, or it carries a verification mark.
pub fn is_reserved_name(name: &str, reserved: &[String]) -> bool {
    if name.chars().any(|c| STAFF_MARKS.contains(&c)) {
        return true;
    }
    let folded = deunicode::deunicode(name).to_lowercase();
    let words: Vec<&str> = folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let joined: String = words.concat();
    reserved.iter().map(|r| r.to_lowercase()).filter(|r| !r.is_empty()).any(|r| {
        let r_joined: String = r.split(|c: char| !c.is_ascii_alphanumeric()).collect();
        words.contains(&r.as_str()) || joined == r_joined || (r.contains(' ') && folded.contains(r.as_str()))
    })
}

/// The URLs in a text: words starting with `http://`, `https://` or `www.`.
pub fn find_urls(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .map(|word| word.trim_start_matches(['(', '<', '"', '\'', '[', '«', '“']))
        .filter(|word| {
            let lower = word.to_ascii_lowercase();
            lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
        })
        .collect()
}

/// Checks an email address loosely: one `@`, something on both sides, a dot in the
/// domain, no spaces, at most 254 characters.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    email.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
        && !domain.contains('@')
}

/// The hex SHA-256 of a text (for identical-text checks and token hashes).
pub fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

/// The hex SHA-256 of bytes (media file names).
pub fn sha256_hex_bytes(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_keeps_newlines_and_removes_controls_and_spoofing() {
        assert_eq!(clean_text("  a\u{0}b\r\n\r\nc\u{202E}d\u{200B}  \n\n"), "ab\n\ncd");
        assert_eq!(clean_text("e\u{301}"), "é", "NFC");
        assert_eq!(clean_text(" \t\u{200B}\n "), "");
        assert_eq!(clean_text("فارسی\u{200C}ها"), "فارسی\u{200C}ها", "zero-width non-joiner stays");
        assert_eq!(clean_name("  Kim \n  Ji-won "), "Kim Ji-won");
    }

    #[test]
    fn invisible_text_is_empty_and_staff_names_are_reserved() {
        for blank in
            ["\u{3164}", "\u{115F}\u{1160}", "\u{2800}\u{00AD}", "\u{200D}\u{2062}", "\u{FE0F}\u{0301}", "\u{E0041}"]
        {
            assert!(!has_visible(blank), "{blank:?}");
        }
        for shown in ["a", "김", "ئا", "中", "🌸", "!"] {
            assert!(has_visible(shown), "{shown:?}");
        }
        let reserved = crate::comments::CommentSettings::default().reserved_names;
        for name in ["Dateline Moderator", "D\u{0430}teline", "Модератор", "ADMIN", "Reader \u{2714}", "Mod-erator"]
        {
            assert!(is_reserved_name(name, &reserved), "{name}");
        }
        for name in ["Kim Ji-won", "Badminton fan", "김지원", "Nguyễn Văn An", "Adminah"] {
            assert!(!is_reserved_name(name, &reserved), "{name}");
        }
    }

    #[test]
    fn emails_are_checked_loosely() {
        assert!(is_plausible_email("reader@example.org"));
        assert!(!is_plausible_email("reader@localhost"));
        assert!(!is_plausible_email("a b@example.org"));
        assert!(!is_plausible_email("<script>@x.y"));
    }
}
