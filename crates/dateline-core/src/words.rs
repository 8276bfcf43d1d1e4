//! Word lists: per service, the words and phrases its moderators watch for, each with what
//! happens to a comment that contains one — a label only, a hold (labelled, and never
//! approved automatically), or rejection at once with a reason from the Terms of Use.
//!
//! Entries and comments are compared folded ([`crate::fold`]), so look-alike letters,
//! inserted spaces, dots and invisible characters, full-width forms and repeated letters do
//! not hide a word. In scripts written with spaces between words (Latin, Cyrillic, Arabic
//! script), an entry matches whole words (`word*` matches words that start with it, for
//! the suffixes of Uyghur and Turkic languages); in Chinese, Japanese, Thai and Korean, it
//! matches anywhere, Hangul syllable by syllable.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::Serialize;
use thiserror::Error;

use crate::accounts::Actor;
use crate::audit::{AuditAction, AuditObject, NewAuditEntry};
use crate::comments::RejectionReason;
use crate::fold::{Folded, is_unspaced};
use crate::services::{Service, ServiceChangeError};
use crate::store::{ServiceStore, WordStore};

/// The longest entry, in characters.
pub const MAX_ENTRY_CHARS: usize = 100;

/// What an entry does to a comment that contains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WordAction {
    /// A label in the queue (`word:ENTRY`).
    Label,
    /// The label, and the comment is never approved automatically.
    Hold,
    /// The comment is rejected at once, by the system, with the entry's reason.
    Reject,
}

impl WordAction {
    /// Every action.
    pub const ALL: [WordAction; 3] = [WordAction::Label, WordAction::Hold, WordAction::Reject];

    /// The stable name used by the command line and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            WordAction::Label => "label",
            WordAction::Hold => "hold",
            WordAction::Reject => "reject",
        }
    }
}

impl fmt::Display for WordAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for WordAction {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        WordAction::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| format!("unknown action {s:?}: use label, hold or reject"))
    }
}

/// An entry of a service's word list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordEntry {
    /// The word or phrase as the moderator typed it (trimmed); `*` at its end matches
    /// words that start with it.
    pub entry: String,
    /// What a comment containing it gets.
    pub action: WordAction,
    /// The rejection's reason (only with [`WordAction::Reject`]).
    pub reason: Option<RejectionReason>,
}

/// Why a word list change was not made.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum WordError {
    /// Nothing to match once folded.
    #[error("{0:?} has no letter or digit to match")]
    Empty(String),
    /// Too long.
    #[error("{0:?} is longer than {MAX_ENTRY_CHARS} characters")]
    TooLong(String),
    /// A `*` elsewhere than at the end.
    #[error("{0:?}: a * may only end an entry (word* matches words that start with word)")]
    Wildcard(String),
    /// Rejection without a reason, or a reason without rejection.
    #[error("a reason goes with --action reject, and --action reject needs one")]
    Reason,
    /// A line of an imported list that is not an entry.
    #[error("line {line}: {message}")]
    Line {
        /// Line number, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl WordEntry {
    /// Checks an entry as typed.
    pub fn new(text: &str, action: WordAction, reason: Option<RejectionReason>) -> Result<WordEntry, WordError> {
        let entry = crate::comments::clean_name(text);
        if entry.chars().count() > MAX_ENTRY_CHARS {
            return Err(WordError::TooLong(entry));
        }
        if entry.trim_end_matches('*').contains('*') {
            return Err(WordError::Wildcard(entry));
        }
        if Folded::new(&entry).is_empty() {
            return Err(WordError::Empty(entry));
        }
        if (action == WordAction::Reject) != reason.is_some() {
            return Err(WordError::Reason);
        }
        Ok(WordEntry { entry, action, reason })
    }

    /// The entry's line in an exported list: the entry, its action, and its reason,
    /// tab-separated (see [`parse_list`]).
    pub fn line(&self) -> String {
        match self.reason {
            Some(reason) => format!("{}\t{}\t{}", self.entry, self.action, reason.as_str()),
            None => format!("{}\t{}", self.entry, self.action),
        }
    }

    /// The label a matching comment gets.
    pub fn label(&self) -> String {
        format!("word:{}", self.entry)
    }
}

/// Reads a list written one entry a line: the entry alone (a label), or the entry, a tab,
/// its action, and for `reject` a tab and the reason. Blank lines and lines starting with
/// `#` are skipped. A bad line fails the whole list, naming it.
pub fn parse_list(text: &str) -> Result<Vec<WordEntry>, WordError> {
    let mut entries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_error = |message: String| WordError::Line { line: index + 1, message };
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let entry = fields.next().unwrap_or_default();
        let action = match fields.next().map(str::trim) {
            Some(action) => action.parse::<WordAction>().map_err(line_error)?,
            None => WordAction::Label,
        };
        let reason = fields.next().map(|r| r.trim().parse::<RejectionReason>()).transpose().map_err(line_error)?;
        if fields.next().is_some() {
            return Err(line_error("more than three tab-separated fields".into()));
        }
        entries.push(WordEntry::new(entry, action, reason).map_err(|e| line_error(e.to_string()))?);
    }
    Ok(entries)
}

/// How a compiled entry matches.
#[derive(Debug, Clone)]
enum Pattern {
    /// Consecutive whole words; the last may be a prefix.
    Words { words: Vec<String>, prefix: bool },
    /// Anywhere in the letters (scripts without word boundaries).
    Letters(String),
}

/// A service's word list, ready to match comments.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    entries: Vec<(WordEntry, Pattern)>,
}

impl WordList {
    /// Compiles a list.
    pub fn new(entries: Vec<WordEntry>) -> WordList {
        let entries = entries
            .into_iter()
            .map(|entry| {
                let prefix = entry.entry.ends_with('*');
                let folded = Folded::new(entry.entry.trim_end_matches('*'));
                let pattern = if entry.entry.chars().any(is_unspaced) {
                    Pattern::Letters(folded.letters())
                } else {
                    Pattern::Words { words: folded.words, prefix }
                };
                (entry, pattern)
            })
            .collect();
        WordList { entries }
    }

    /// Whether the list has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries a text contains, in the list's order.
    pub fn matches(&self, text: &Folded) -> Vec<&WordEntry> {
        let letters = self.entries.iter().any(|(_, p)| matches!(p, Pattern::Letters(_))).then(|| text.letters());
        self.entries
            .iter()
            .filter(|(_, pattern)| match pattern {
                Pattern::Letters(needle) => letters.as_deref().is_some_and(|l| l.contains(needle.as_str())),
                Pattern::Words { words, prefix } => {
                    contains_words(&text.words, words, *prefix) || spelled_out(text, &words.concat())
                }
            })
            .map(|(entry, _)| entry)
            .collect()
    }
}

/// Whether the letters of an entry are among letters spelled out one by one.
fn spelled_out(text: &Folded, letters: &str) -> bool {
    text.spelled.iter().any(|&i| text.words.get(i).is_some_and(|w| w.contains(letters)))
}

fn contains_words(text: &[String], words: &[String], prefix: bool) -> bool {
    if words.is_empty() || text.len() < words.len() {
        return false;
    }
    text.windows(words.len()).any(|window| {
        let last = words.len() - 1;
        window
            .iter()
            .zip(words)
            .enumerate()
            .all(|(i, (have, want))| if i == last && prefix { have.starts_with(want.as_str()) } else { have == want })
    })
}

/// Checks that the actor may change the lists of a service: admins, the command line, and
/// the service's moderators.
fn may_manage(actor: &Actor<'_>, service: &Service) -> bool {
    match actor {
        Actor::User(user) => user.can_moderate(service.id),
        other => other.is_admin(),
    }
}

/// Why a word list was not changed.
#[derive(Debug, Error)]
pub enum WordChangeError {
    /// The service, the actor or the store said no.
    #[error(transparent)]
    Service(#[from] ServiceChangeError),
    /// An entry is not valid.
    #[error(transparent)]
    Invalid(#[from] WordError),
}

impl From<crate::store::StoreError> for WordChangeError {
    fn from(error: crate::store::StoreError) -> Self {
        WordChangeError::Service(ServiceChangeError::Store(error))
    }
}

async fn service_for<S: ServiceStore + ?Sized>(
    store: &S,
    actor: &Actor<'_>,
    code: &str,
) -> Result<Service, WordChangeError> {
    let service = crate::services::service_by_code(store, code).await?;
    if !may_manage(actor, &service) {
        return Err(ServiceChangeError::Forbidden.into());
    }
    Ok(service)
}

/// Adds entries to a service's list, or changes the action of those it has (audited, one
/// entry for the whole change).
pub async fn add_words<S: ServiceStore + WordStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    code: &str,
    entries: &[WordEntry],
    now: DateTime<Utc>,
) -> Result<usize, WordChangeError> {
    let service = service_for(store, &actor, code).await?;
    let lines: Vec<String> = entries.iter().map(WordEntry::line).collect();
    let audit = NewAuditEntry::new(actor.name(), AuditAction::WordsAdd, AuditObject::Service(service.code.clone()))
        .change(serde_json::Value::Null, serde_json::json!({ "entries": lines }));
    store.add_word_entries(service.id, entries, now, &audit).await?;
    Ok(entries.len())
}

/// Removes entries from a service's list (audited); returns how many were there.
pub async fn remove_words<S: ServiceStore + WordStore + ?Sized>(
    store: &S,
    actor: Actor<'_>,
    code: &str,
    entries: &[String],
    now: DateTime<Utc>,
) -> Result<u64, WordChangeError> {
    let service = service_for(store, &actor, code).await?;
    let entries: Vec<String> = entries.iter().map(|e| crate::comments::clean_name(e)).collect();
    let audit = NewAuditEntry::new(actor.name(), AuditAction::WordsRemove, AuditObject::Service(service.code.clone()))
        .change(serde_json::json!({ "entries": entries }), serde_json::Value::Null);
    Ok(store.remove_word_entries(service.id, &entries, now, &audit).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[(&str, WordAction)]) -> WordList {
        let reason = |a| (a == WordAction::Reject).then_some(RejectionReason::Spam);
        WordList::new(entries.iter().map(|(e, a)| WordEntry::new(e, *a, reason(*a)).unwrap()).collect())
    }

    fn found(list: &WordList, text: &str) -> Vec<String> {
        list.matches(&Folded::new(text)).into_iter().map(|e| e.entry.clone()).collect()
    }

    #[test]
    fn english_words_match_whole_words_through_evasions() {
        let list =
            list(&[("cheap pills", WordAction::Reject), ("scam", WordAction::Label), ("crypto*", WordAction::Hold)]);
        assert_eq!(found(&list, "Buy CHEAP   pills now"), ["cheap pills"]);
        assert_eq!(found(&list, "ｃｈｅａｐ ｐｉｌｌｓ"), ["cheap pills"], "full-width");
        assert_eq!(found(&list, "ch\u{200B}eap p.i.l.l.s"), ["cheap pills"], "zero-width and dots");
        assert_eq!(found(&list, "what a s c a m"), ["scam"], "spaces");
        assert_eq!(found(&list, "s c a m m e r s"), ["scam"], "spaces, within the spelled-out letters");
        assert_eq!(found(&list, "scaaaaam!!"), ["scam"], "repeated letters");
        assert_eq!(found(&list, "\u{0455}\u{0441}\u{0430}m"), ["scam"], "Cyrillic look-alikes");
        assert_eq!(found(&list, "cryptocurrency giveaway"), ["crypto*"]);
        assert!(found(&list, "scampi and cheap pillows").is_empty(), "whole words only");
    }

    #[test]
    fn korean_matches_by_syllable_inside_words() {
        let list = list(&[("바보", WordAction::Label)]);
        assert_eq!(found(&list, "이 바보야"), ["바보"], "with a particle attached");
        assert_eq!(found(&list, "ㅂㅏㅂㅗ 같은"), ["바보"], "spelled out in jamo");
        assert_eq!(found(&list, "바 보"), ["바보"], "a space inserted");
        assert!(found(&list, "바다 보기").is_empty());
    }

    #[test]
    fn chinese_matches_anywhere() {
        let list = list(&[("翻墙", WordAction::Hold)]);
        assert_eq!(found(&list, "教你如何翻墙上网"), ["翻墙"]);
        assert_eq!(found(&list, "翻 墙"), ["翻墙"]);
        assert_eq!(found(&list, "翻\u{200B}墙"), ["翻墙"]);
        assert!(found(&list, "翻译").is_empty());
    }

    #[test]
    fn uyghur_matches_words_with_letter_variants() {
        // "تېررورچى" (terrorist), the list's entry written with Uyghur letters; the comment
        // with Arabic yeh for alef maksura, and with a suffix.
        let list = list(&[("تېررورچى*", WordAction::Hold)]);
        assert_eq!(found(&list, "ئۇلار تېررورچي ئەمەس"), ["تېررورچى*"]);
        assert_eq!(found(&list, "تېررورچىلار"), ["تېررورچى*"], "suffix");
        assert_eq!(found(&list, "تېر\u{200C}رورچى"), ["تېررورچى*"], "zero-width non-joiner");
    }

    #[test]
    fn entries_are_checked_and_lists_round_trip() {
        assert_eq!(WordEntry::new(" ... ", WordAction::Label, None), Err(WordError::Empty("...".into())));
        assert_eq!(WordEntry::new("a*b", WordAction::Label, None), Err(WordError::Wildcard("a*b".into())));
        assert_eq!(WordEntry::new("spam", WordAction::Reject, None), Err(WordError::Reason));
        let text = "# our list\nscam\ncheap pills\treject\tspam\n\n바보\thold\n";
        let entries = parse_list(text).unwrap();
        assert_eq!(entries.len(), 3);
        let again: String = entries.iter().map(|e| e.line() + "\n").collect();
        assert_eq!(parse_list(&again).unwrap(), entries);
        assert_eq!(
            parse_list("ok\nbad\tdelete\n").unwrap_err().to_string(),
            "line 2: unknown action \"delete\": use label, hold or reject"
        );
    }
}
