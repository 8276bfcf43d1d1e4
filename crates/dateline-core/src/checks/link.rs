//! `link`: the text contains a URL.

use super::{Check, Findings, Submitted};

/// Labels comments with a URL in them.
pub struct Link;

impl Check for Link {
    fn name(&self) -> &'static str {
        "link"
    }

    fn check(&self, submitted: &Submitted<'_>, findings: &mut Findings) {
        if !crate::comments::find_urls(submitted.text).is_empty() {
            findings.labels.push("link".to_owned());
        }
    }
}
