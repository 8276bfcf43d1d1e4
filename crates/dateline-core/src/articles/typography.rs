//! Quotation marks as each language sets them. Markdown's smart punctuation decides whether
//! a straight quote opens or closes from the characters around it alone, which goes wrong
//! where a closing quote is followed by a letter: Korean attaches particles to what it
//! quotes (`"…걸렸다"고`), so the closing mark came out as an opening one. Here each block
//! of text is read from start to end: a quote mark after a space opens, one before a space
//! or punctuation closes, and one between two letters does whatever the open quotes need.
//! Uyghur sets its quotes as guillemets (« »).

/// The double and single quotation marks of a language: opening and closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteMarks {
    /// Opening double.
    pub open: char,
    /// Closing double.
    pub close: char,
    /// Opening single.
    pub open_single: char,
    /// Closing single (also the apostrophe).
    pub close_single: char,
}

/// The quotation marks a language (a BCP 47 tag) uses.
pub fn quote_marks(language: &str) -> QuoteMarks {
    match language.split('-').next().unwrap_or_default() {
        "ug" => QuoteMarks { open: '«', close: '»', open_single: '‹', close_single: '›' },
        _ => QuoteMarks { open: '“', close: '”', open_single: '‘', close_single: '’' },
    }
}

fn is_double(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„')
}

fn is_single(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’')
}

/// Whether a character lets a quote after it open: nothing, a space, an opening bracket or
/// a dash.
fn opens_after(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '「' | '（'))
}

/// Whether a character lets a quote before it close: nothing, a space or punctuation.
fn closes_before(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace() || (c.is_ascii_punctuation() && c != '(') || "…。，、；：！？）」』—–".contains(c)
    })
}

/// Sets the quotation marks of one block of text (a paragraph, a heading, a list item).
#[derive(Debug, Default)]
struct Block {
    doubles_open: usize,
    singles_open: usize,
    previous: Option<char>,
}

impl Block {
    /// The mark to write for `c`, given the character after it.
    fn mark(&mut self, c: char, next: Option<char>, marks: QuoteMarks) -> char {
        let previous = self.previous;
        let letters_around = previous.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
        let result = if is_double(c) {
            let opens = if opens_after(previous) {
                true
            } else if closes_before(next) {
                false
            } else {
                self.doubles_open == 0
            };
            if opens {
                self.doubles_open += 1;
                marks.open
            } else {
                self.doubles_open = self.doubles_open.saturating_sub(1);
                marks.close
            }
        } else if is_single(c) {
            if letters_around && self.singles_open == 0 {
                // An apostrophe: don't, l'eau.
                marks.close_single
            } else if opens_after(previous) {
                self.singles_open += 1;
                marks.open_single
            } else {
                self.singles_open = self.singles_open.saturating_sub(1);
                marks.close_single
            }
        } else {
            c
        };
        self.previous = Some(c);
        result
    }

    fn pass(&mut self, c: char) {
        self.previous = Some(c);
    }
}

/// Sets the quotation marks of a plain text (a headline, a summary) for a language.
pub fn set_quotes(text: &str, language: &str) -> String {
    let marks = quote_marks(language);
    let mut block = Block::default();
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (index, &c) in chars.iter().enumerate() {
        if is_double(c) || is_single(c) {
            out.push(block.mark(c, chars.get(index + 1).copied(), marks));
        } else {
            block.pass(c);
            out.push(c);
        }
    }
    out
}

/// Elements whose start or end ends a block of text.
const BLOCK_TAGS: &[&str] =
    &["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "figcaption", "dd", "dt", "div", "br"];

/// Elements whose text is code: left as written.
const CODE_TAGS: &[&str] = &["code", "pre", "kbd", "samp"];

/// The name of a tag (`<p class=x>` → `p`, `</li>` → `li`) and whether it closes.
fn tag_name(tag: &str) -> (String, bool) {
    let inner = tag.trim_start_matches('<').trim_end_matches('>').trim_end_matches('/');
    let closing = inner.starts_with('/');
    let name = inner.trim_start_matches('/').split(|c: char| c.is_whitespace()).next().unwrap_or_default();
    (name.to_ascii_lowercase(), closing)
}

/// Sets the quotation marks of sanitized HTML for a language: in text only (never in tags
/// or attributes), block by block, leaving code as written.
pub fn set_quotes_in_html(html: &str, language: &str) -> String {
    let marks = quote_marks(language);
    let mut out = String::with_capacity(html.len() + 16);
    let mut block = Block::default();
    let mut in_code = 0usize;
    // The text of the HTML as characters, with tags kept whole, and `&quot;` read as `"`.
    let mut pieces: Vec<Piece<'_>> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            pieces.push(Piece::Tag(&rest[..end]));
            rest = &rest[end..];
        } else if let Some(after) = rest.strip_prefix("&quot;") {
            pieces.push(Piece::Char('"', "&quot;"));
            rest = after;
        } else if rest.starts_with('&') {
            let end = rest.find(';').filter(|&i| i < 12).map_or(1, |i| i + 1);
            pieces.push(Piece::Entity(&rest[..end]));
            rest = &rest[end..];
        } else {
            let c = rest.chars().next().unwrap_or_default();
            pieces.push(Piece::Char(c, &rest[..c.len_utf8()]));
            rest = &rest[c.len_utf8()..];
        }
    }
    let next_char = |from: usize| {
        pieces[from..].iter().find_map(|p| match p {
            Piece::Char(c, _) => Some(Some(*c)),
            Piece::Entity(_) => Some(Some('&')),
            Piece::Tag(tag) if BLOCK_TAGS.contains(&tag_name(tag).0.as_str()) => Some(None),
            Piece::Tag(_) => None,
        })
    };
    for (index, piece) in pieces.iter().enumerate() {
        match *piece {
            Piece::Tag(tag) => {
                let (name, closing) = tag_name(tag);
                if CODE_TAGS.contains(&name.as_str()) {
                    in_code = if closing { in_code.saturating_sub(1) } else { in_code + 1 };
                }
                if BLOCK_TAGS.contains(&name.as_str()) {
                    block = Block::default();
                }
                out.push_str(tag);
            }
            Piece::Entity(entity) => {
                block.pass('&');
                out.push_str(entity);
            }
            Piece::Char(c, written) => {
                if in_code == 0 && (is_double(c) || is_single(c)) {
                    out.push(block.mark(c, next_char(index + 1).flatten(), marks));
                } else {
                    block.pass(c);
                    out.push_str(written);
                }
            }
        }
    }
    out
}

enum Piece<'a> {
    Tag(&'a str),
    Entity(&'a str),
    Char(char, &'a str),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_korean_particle_after_a_quote_does_not_open_it() {
        let html = "<p>씨는 \"자정 무렵 나오는 데 두 시간이 넘게 걸렸다\"고 말했다.</p>";
        assert_eq!(set_quotes_in_html(html, "ko"), "<p>씨는 “자정 무렵 나오는 데 두 시간이 넘게 걸렸다”고 말했다.</p>");
        // Marks Markdown already curled the wrong way are set right too.
        let curled = "<p>씨는 “걸렸다“고 말했다. “또”라고</p>";
        assert_eq!(set_quotes_in_html(curled, "ko"), "<p>씨는 “걸렸다”고 말했다. “또”라고</p>");
    }

    #[test]
    fn quotes_follow_each_language() {
        assert_eq!(set_quotes("He said \"don't go\" and left.", "en"), "He said “don’t go” and left.");
        assert_eq!(set_quotes("ئۇ \"ياق\" دېدى", "ug"), "ئۇ «ياق» دېدى");
        assert_eq!(set_quotes("他说：\"不行。\"", "zh-Hans"), "他说：“不行。”");
        assert_eq!(set_quotes("'quoted' word", "en"), "‘quoted’ word");
    }

    #[test]
    fn code_tags_and_attributes_are_left_as_written() {
        let html = r#"<p><a href="/x" title="a &quot;b&quot;">say "hi"</a> <code>"raw"</code></p><p>"next</p>"#;
        assert_eq!(
            set_quotes_in_html(html, "en"),
            r#"<p><a href="/x" title="a &quot;b&quot;">say “hi”</a> <code>"raw"</code></p><p>“next</p>"#
        );
        assert_eq!(set_quotes_in_html("<p>a &amp; \"b\"</p>", "en"), "<p>a &amp; “b”</p>");
        assert_eq!(set_quotes_in_html("<p>&quot;x&quot; y</p>", "en"), "<p>“x” y</p>");
    }
}
