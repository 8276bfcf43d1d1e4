//! `first`: the first comment from this commenter's token.
//!
//! Whether a comment is its commenter's first is known only when it is written: the
//! store's writer sees, in the same transaction that stores it, every comment before it
//! (also one sent at the same moment). So this check asks for the label, and the writer
//! puts it in its place with [`label_first`]; a submission costs no read of its own.

use super::{Check, Findings, Submitted};

/// Labels a commenter's first comment.
pub struct FirstComment;

impl Check for FirstComment {
    fn name(&self) -> &'static str {
        "first"
    }

    fn check(&self, _submitted: &Submitted<'_>, findings: &mut Findings) {
        findings.ask_first = true;
    }
}

/// Adds `first` to a comment's labels in the checks' order (after `link`, the one check
/// before it).
pub fn label_first(labels: &[String]) -> Vec<String> {
    let at = usize::from(labels.first().is_some_and(|l| l == "link"));
    let mut labelled = labels.to_vec();
    labelled.insert(at, "first".to_owned());
    labelled
}
