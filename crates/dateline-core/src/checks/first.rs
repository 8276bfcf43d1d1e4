//! `first`: the first comment from this commenter's token.

use super::{Check, Findings, Submitted};

/// Labels a commenter's first comment.
pub struct FirstComment;

impl Check for FirstComment {
    fn name(&self) -> &'static str {
        "first"
    }

    fn check(&self, submitted: &Submitted<'_>, findings: &mut Findings) {
        if submitted.first_from_commenter {
            findings.labels.push("first".to_owned());
        }
    }
}
