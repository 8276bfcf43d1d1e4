//! Moving in: comments (and, from WordPress, posts) from another system's export file.
//!
//! A file is read twice, streaming: first to check all of it (a malformed or cut-short
//! file imports nothing and names its line) and to learn its threads; then to write the
//! comments in batches, each under its id in the source, so that a second run adds nothing.
//! Stories are matched by URL through the operator's pattern; threads that match no story
//! are reported. No email address and no IP address is stored.

pub mod disqus;
pub mod wordpress;
pub mod xml;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Utc};
use dateline_core::articles::ArticleId;
use dateline_core::comments::{CommentId, CommentState, NewComment, sha256_hex};
use dateline_core::store::ImportedComment;
use dateline_core::store::prelude::*;

/// Comments written at a time.
const BATCH: usize = 500;

/// A URL pattern: `{slug}` stands for the story's slug and `*` for any run of characters,
/// e.g. `https://www.example.org/english/*/{slug}.html`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlPattern(Vec<Part>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Any,
    Slug,
}

impl std::str::FromStr for UrlPattern {
    type Err = String;

    fn from_str(pattern: &str) -> Result<Self, Self::Err> {
        let mut parts = Vec::new();
        let mut rest = pattern;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("{slug}") {
                parts.push(Part::Slug);
                rest = after;
            } else if let Some(after) = rest.strip_prefix('*') {
                parts.push(Part::Any);
                rest = after;
            } else {
                let end = rest.find(['*', '{']).filter(|&i| i > 0).unwrap_or(rest.len());
                let end = if rest[..end].is_empty() { 1 } else { end };
                parts.push(Part::Text(rest[..end].to_owned()));
                rest = &rest[end..];
            }
        }
        match parts.iter().filter(|p| **p == Part::Slug).count() {
            1 => Ok(UrlPattern(parts)),
            _ => Err(format!("URL pattern {pattern:?} must hold {{slug}} exactly once")),
        }
    }
}

impl UrlPattern {
    /// The slug a URL names, if it matches (the query and fragment are ignored).
    pub fn slug(&self, url: &str) -> Option<String> {
        let url = url.trim().split(['?', '#']).next().unwrap_or_default();
        matches(&self.0, url)
    }
}

fn matches(parts: &[Part], text: &str) -> Option<String> {
    match parts.split_first() {
        None => text.is_empty().then(String::new),
        Some((Part::Text(literal), rest)) => matches(rest, text.strip_prefix(literal.as_str())?),
        Some((Part::Any, rest)) => {
            (0..=text.len()).filter(|&i| text.is_char_boundary(i)).find_map(|i| matches(rest, &text[i..]))
        }
        Some((Part::Slug, rest)) => (1..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .take_while(|&i| !text[..i].contains(['/', '?', '#']))
            .find_map(|i| matches(rest, &text[i..]).map(|_| text[..i].to_owned())),
    }
}

/// Plain text from a comment's HTML: paragraphs and line breaks kept, tags dropped,
/// entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            text.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or_default();
        match name {
            "br" => text.push('\n'),
            "p" | "div" | "blockquote" | "li" if tag.starts_with('/') => text.push_str("\n\n"),
            _ => {}
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let decoded = decode_entities(&text);
    let mut out = String::new();
    for paragraph in decoded.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(paragraph);
    }
    out
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let entity = after.find(';').filter(|&end| end <= 10).map(|end| (&after[..end], end));
        let decoded = entity.and_then(|(name, _)| match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" | "#39" => Some('\''),
            "nbsp" => Some(' '),
            _ => {
                let number = name.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (decoded, entity) {
            (Some(c), Some((_, end))) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A comment as an export describes it, before it is placed.
#[derive(Debug, Clone)]
pub struct SourceComment {
    /// Its id in the source.
    pub id: String,
    /// Its thread (Disqus) or post (WordPress) id in the source.
    pub thread: String,
    /// The comment it answers, by id in the source.
    pub parent: Option<String>,
    /// The name shown.
    pub name: String,
    /// Who wrote it, for their record (hashed; never stored as such).
    pub author: String,
    /// Plain text.
    pub text: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Its state here.
    pub state: CommentState,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Default)]
pub struct Report {
    /// Comments written, by state.
    pub written: BTreeMap<&'static str, u64>,
    /// Comments already brought in by an earlier run.
    pub already: u64,
    /// Comments of threads that match no story.
    pub unplaced: u64,
    /// Threads that match no story: (their id, their URL).
    pub unmatched: Vec<(String, String)>,
    /// Replies whose parent is not in the file (written as top-level comments).
    pub orphans: u64,
    /// Entries skipped (pingbacks, trackbacks).
    pub skipped: u64,
    /// Stories created from WordPress posts.
    pub stories_created: u64,
    /// Stories matched.
    pub stories_matched: u64,
}

impl Report {
    /// The report in plain lines.
    pub fn lines(&self, dry_run: bool) -> Vec<String> {
        let verb = if dry_run { "would import" } else { "imported" };
        let total: u64 = self.written.values().sum();
        let states: Vec<String> = self.written.iter().map(|(state, n)| format!("{n} {state}")).collect();
        let mut lines = vec![format!(
            "{verb} {total} comment(s){}",
            if states.is_empty() { String::new() } else { format!(" ({})", states.join(", ")) }
        )];
        lines.push(format!("stories: {} matched, {} created from posts", self.stories_matched, self.stories_created));
        if self.already > 0 {
            lines.push(format!("{} comment(s) already imported by an earlier run, left as they are", self.already));
        }
        if self.orphans > 0 {
            lines.push(format!("{} repl(ies) whose parent is not in the file, as top-level comments", self.orphans));
        }
        if self.skipped > 0 {
            lines.push(format!("{} pingback(s) or trackback(s) skipped", self.skipped));
        }
        if !self.unmatched.is_empty() {
            lines.push(format!(
                "{} thread(s) match no story; their {} comment(s) were not imported:",
                self.unmatched.len(),
                self.unplaced
            ));
            lines.extend(self.unmatched.iter().map(|(id, url)| format!("  unmatched thread {id}: {url}")));
        }
        lines
    }
}

/// Writes the comments of one source in batches, resolving replies to their parents.
pub struct Writer<'a> {
    store: &'a dyn Store,
    source: &'a str,
    dry_run: bool,
    /// The story of each thread (`None`: unmatched).
    threads: HashMap<String, Option<ArticleId>>,
    /// Ids here of the comments written (or found) so far.
    ids: HashMap<String, CommentId>,
    batch: Vec<SourceComment>,
    /// Replies waiting for a parent later in the file.
    waiting: Vec<SourceComment>,
    /// What was done.
    pub report: Report,
}

impl<'a> Writer<'a> {
    /// A writer for `source`; threads are placed with [`Writer::place`].
    pub fn new(store: &'a dyn Store, source: &'a str, dry_run: bool) -> Writer<'a> {
        Writer {
            store,
            source,
            dry_run,
            threads: HashMap::new(),
            ids: HashMap::new(),
            batch: Vec::new(),
            waiting: Vec::new(),
            report: Report::default(),
        }
    }

    /// Records where a thread's comments go.
    pub fn place(&mut self, thread: &str, url: &str, story: Option<ArticleId>) {
        if story.is_none() && !self.threads.contains_key(thread) {
            self.report.unmatched.push((thread.to_owned(), url.to_owned()));
        }
        self.threads.insert(thread.to_owned(), story);
    }

    /// Takes one comment; writes a batch when one is full.
    pub async fn add(&mut self, comment: SourceComment) -> anyhow::Result<()> {
        match self.threads.get(&comment.thread) {
            Some(Some(_)) => {}
            _ => {
                self.report.unplaced += 1;
                return Ok(());
            }
        }
        self.batch.push(comment);
        if self.batch.len() >= BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes what is pending; replies whose parent never came are written top-level.
    pub async fn finish(mut self) -> anyhow::Result<Report> {
        self.flush().await?;
        let orphans = std::mem::take(&mut self.waiting);
        self.report.orphans = orphans.len() as u64;
        let orphans: Vec<SourceComment> = orphans.into_iter().map(|c| SourceComment { parent: None, ..c }).collect();
        self.write(orphans).await?;
        Ok(self.report)
    }

    async fn flush(&mut self) -> anyhow::Result<()> {
        let mut ready = std::mem::take(&mut self.batch);
        // Parents written by an earlier run.
        let parents: Vec<String> =
            ready.iter().filter_map(|c| c.parent.clone()).filter(|p| !self.ids.contains_key(p)).collect();
        if !parents.is_empty() && !self.dry_run {
            self.ids.extend(self.store.imported_ids(self.source, &parents).await?);
        }
        // A reply waits until its parent is written; each write may free waiting ones.
        ready.append(&mut self.waiting);
        loop {
            let (now, later): (Vec<_>, Vec<_>) =
                ready.into_iter().partition(|c| c.parent.as_ref().is_none_or(|p| self.ids.contains_key(p)));
            if now.is_empty() {
                self.waiting = later;
                return Ok(());
            }
            self.write(now).await?;
            ready = later;
        }
    }

    async fn write(&mut self, comments: Vec<SourceComment>) -> anyhow::Result<()> {
        if comments.is_empty() {
            return Ok(());
        }
        let rows: Vec<(String, ImportedComment)> = comments
            .iter()
            .map(|c| {
                let article_id = self.threads[&c.thread].unwrap_or(ArticleId(0));
                let deleted = c.state == CommentState::Deleted;
                let text = if deleted { String::new() } else { c.text.clone() };
                let person = sha256_hex(&format!("import:{}:{}", self.source, c.author));
                let comment = NewComment {
                    article_id,
                    parent_id: c.parent.as_ref().and_then(|p| self.ids.get(p)).copied(),
                    author_name: if deleted { String::new() } else { c.name.clone() },
                    text_hash: sha256_hex(&text),
                    text,
                    email: None,
                    commenter_hash: person.clone(),
                    address_hash: person,
                    terms_version: 0,
                    form_nonce: None,
                    labels: Vec::new(),
                    single_use_form: false,
                    label_first: false,
                    held: false,
                };
                (c.id.clone(), ImportedComment { comment, state: c.state, at: c.at })
            })
            .collect();
        let ids = if self.dry_run {
            // A dry run numbers nothing; it only needs to know what would have an id.
            rows.iter().map(|_| CommentId(0)).collect()
        } else {
            let known: std::collections::HashSet<String> = self
                .store
                .imported_ids(self.source, &rows.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>())
                .await?
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            self.report.already += known.len() as u64;
            for (id, row) in &rows {
                if !known.contains(id) {
                    *self.report.written.entry(row.state.as_str()).or_default() += 1;
                }
            }
            self.store.import_keyed(self.source, &rows).await?
        };
        if self.dry_run {
            for (_, row) in &rows {
                *self.report.written.entry(row.state.as_str()).or_default() += 1;
            }
        }
        for ((id, _), here) in rows.into_iter().zip(ids) {
            self.ids.insert(id, here);
        }
        Ok(())
    }
}

/// A progress bar on a terminal (the bytes of the file read); nothing when piped.
pub fn progress_bar(path: &Path, pass: &str) -> indicatif::ProgressBar {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(size);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(pass.to_owned());
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_finds_the_slug_of_a_url() {
        let pattern: UrlPattern = "https://www.example.org/english/*/{slug}.html".parse().unwrap();
        let slug = |url: &str| pattern.slug(url);
        assert_eq!(slug("https://www.example.org/english/2026/10/yeonpo-river.html").as_deref(), Some("yeonpo-river"));
        assert_eq!(slug("https://www.example.org/english/a/b.html?utm=x#c").as_deref(), Some("b"));
        assert_eq!(slug("https://www.example.org/korean/a/b.html"), None);
        assert_eq!(slug("https://www.example.org/english/b.htm"), None);
        assert!("https://example.org/*".parse::<UrlPattern>().unwrap_err().contains("{slug}"));
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            html_to_text("<p>First &amp; <b>bold</b></p><p>Second<br>line &#8212; &#x263A;</p>"),
            "First & bold\n\nSecond\nline — ☺"
        );
        assert_eq!(html_to_text("5 &lt; 6 &unknown; &"), "5 < 6 &unknown; &");
    }
}
