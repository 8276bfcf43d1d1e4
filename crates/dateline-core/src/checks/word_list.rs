//! `word:ENTRY`: the text contains an entry of the service's word list (see
//! [`crate::words`]); a `hold` entry holds the comment, a `reject` entry rejects it.

use super::{Check, Findings, Submitted};
use crate::words::WordAction;

/// Matches the service's word list.
pub struct WordListMatch;

impl Check for WordListMatch {
    fn name(&self) -> &'static str {
        "word list"
    }

    fn check(&self, submitted: &Submitted<'_>, findings: &mut Findings) {
        if submitted.words.is_empty() {
            return;
        }
        for entry in submitted.words.matches(&submitted.folded) {
            findings.labels.push(entry.label());
            match entry.action {
                WordAction::Label => {}
                WordAction::Hold => findings.hold = true,
                WordAction::Reject => findings.reject = findings.reject.or(entry.reason),
            }
        }
    }
}
