//! Checks: what Dateline notices about each submitted comment, for the moderators.
//!
//! Every check is a [`Check`] in a file of its own. They run on submission, after the
//! rules of [`crate::comments::submit`] have passed and before the comment is written, in
//! the fixed order of [`CHECKS`]; each may add labels (shown in the queue, and filtered
//! by) and may ask for the comment to be held or rejected. They are cheap: the text is
//! folded once ([`crate::fold`]), and what they need from the store is gathered before
//! they run ([`Submitted`]). The benchmark measures submissions with every check on beside
//! none (`bench/`).
//!
//! Labels: `link` (the text has a URL), `first` (the first comment from this commenter's
//! token; decided by the store at the moment of writing, [`label_first`]), `word:ENTRY` (a word list entry, per entry), `attack` (sent while the service's
//! attack mode was on). Labels found later are added where they are shown: `campaign:ID`
//! ([`crate::campaigns`]), `score:0.93` ([`crate::score`]) and `reported:N`.

mod attack;
mod first;
mod link;
mod word_list;

pub use first::label_first;

use crate::comments::RejectionReason;
use crate::fold::Folded;
use crate::words::WordList;

/// What the checks see of a submission.
#[derive(Debug)]
pub struct Submitted<'a> {
    /// The cleaned text.
    pub text: &'a str,
    /// The text, folded for comparison.
    pub folded: Folded,
    /// The service's word list.
    pub words: &'a WordList,
    /// Whether the service's attack mode is on.
    pub under_attack: bool,
}

/// What the checks found about a submission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    /// Labels, in the checks' order.
    pub labels: Vec<String>,
    /// Never approve it automatically.
    pub hold: bool,
    /// Reject it at once, by the system, for this reason.
    pub reject: Option<RejectionReason>,
    /// Label it `first` if it is its commenter's first (the store knows when it writes it).
    pub ask_first: bool,
}

/// One check of a submission.
pub trait Check: Send + Sync {
    /// The check's name (in the documentation and the benchmark).
    fn name(&self) -> &'static str;

    /// Adds what the check finds about `submitted` to `findings`.
    fn check(&self, submitted: &Submitted<'_>, findings: &mut Findings);
}

/// Every check, in the order they run.
pub static CHECKS: &[&dyn Check] =
    &[&link::Link, &first::FirstComment, &word_list::WordListMatch, &attack::DuringAttack];

/// Runs every check on a submission.
pub fn run(submitted: &Submitted<'_>) -> Findings {
    let mut findings = Findings::default();
    for check in CHECKS {
        check.check(submitted, &mut findings);
    }
    findings
}

/// Whether a comment's labels match a filter: any label that starts with it
/// (`campaign` matches `campaign:12`, `word:spam` matches `word:spam`).
pub fn has_label(labels: &[String], filter: &str) -> bool {
    labels.iter().any(|label| label.starts_with(filter))
}

/// The labels stored with a comment, as a list.
pub fn parse_labels(stored: &str) -> Vec<String> {
    stored.split(',').filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// The labels as stored: comma-separated (a comma in a word list entry becomes a space).
pub fn store_labels(labels: &[String]) -> String {
    labels.iter().map(|l| l.replace(',', " ")).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::{WordAction, WordEntry};

    #[test]
    fn checks_run_in_their_order_and_label_what_they_find() {
        let words = WordList::new(vec![
            WordEntry::new("scam", WordAction::Hold, None).unwrap(),
            WordEntry::new("cheap pills", WordAction::Reject, Some(RejectionReason::Spam)).unwrap(),
        ]);
        let text = "A s-c-a-m: cheap pills at https://pills.example";
        let submitted = Submitted { text, folded: Folded::new(text), words: &words, under_attack: true };
        let findings = run(&submitted);
        assert_eq!(findings.labels, ["link", "word:scam", "word:cheap pills", "attack"]);
        assert!(findings.ask_first);
        assert_eq!(label_first(&findings.labels), ["link", "first", "word:scam", "word:cheap pills", "attack"]);
        assert_eq!(label_first(&["attack".to_owned()]), ["first", "attack"]);
        assert!(findings.hold);
        assert_eq!(findings.reject, Some(RejectionReason::Spam));
        let text = "A calm reply.";
        let quiet = Submitted { text, folded: Folded::new(text), words: &words, under_attack: false };
        assert_eq!(run(&quiet), Findings { ask_first: true, ..Findings::default() });
        assert_eq!(CHECKS.iter().map(|c| c.name()).collect::<Vec<_>>(), ["link", "first", "word list", "attack"]);
    }

    #[test]
    fn labels_are_stored_and_filtered() {
        let labels = vec!["link".to_owned(), "word:a, b".to_owned()];
        assert_eq!(store_labels(&labels), "link,word:a  b");
        assert_eq!(parse_labels("link,word:a  b"), ["link", "word:a  b"]);
        assert!(has_label(&labels, "word"));
        assert!(!has_label(&labels, "campaign"));
        assert!(parse_labels("").is_empty());
    }
}
