//! The ids of the interface text that Rust code asks for (templates ask with `t("…")`).
//! One enum, so that the catalogs' test checks every id the code can produce instead of a
//! hand-kept list, and so that code cannot misspell an id.

use dateline_core::CreditRole;
use dateline_core::comments::{CommentState, Refusal};
use strum::IntoEnumIterator;

/// A message of the catalogs, asked for by Rust code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum Message {
    /// "Photo: …" under a lead photo.
    ArticlePhotoCredit,
    /// The standard notice above a comment form.
    CommentsNotice,
    /// "for the Korean Service" in a credit line.
    CreditForService,
    /// One sentence of a credit line ("Reported by A and B").
    CreditSentence,
    /// A date and time.
    Datetime,
    /// A time zone's name as readers know it (`zone`: the IANA name with `-` for `/`;
    /// `abbreviation`: the zone's own, or `UTC+6`).
    TimeZone,
    /// Heading of the 410 page (a story taken down).
    ErrorGoneTitle,
    /// Text of the 410 page.
    ErrorGoneText,
    /// Heading of the 404 page.
    ErrorNotFoundTitle,
    /// Text of the 404 page.
    ErrorNotFoundText,
    /// Heading of the 400 page.
    ErrorBadRequestTitle,
    /// Text of the 400 page.
    ErrorBadRequestText,
    /// Heading of the 403 page.
    ErrorForbiddenTitle,
    /// Text of the 403 page.
    ErrorForbiddenText,
    /// Heading of the 413 page.
    ErrorTooLargeTitle,
    /// Text of the 413 page.
    ErrorTooLargeText,
    /// Heading of the 429 page.
    ErrorTooManyTitle,
    /// Text of the 429 page.
    ErrorTooManyText,
    /// Heading of the 500 page.
    ErrorInternalTitle,
    /// Text of the 500 page.
    ErrorInternalText,
    /// "A and B".
    ListPair,
    /// ", " between items of a longer list.
    ListSeparator,
    /// Heading of a commenter's own comments.
    MyCommentsHeading,
    /// The body of a publication notice.
    NoticeBody,
    /// The subject of a publication notice.
    NoticeSubject,
    /// Heading of a service home.
    ServiceHeading,
    /// "the Korean Service".
    ServiceName,
    /// The site's description.
    SiteTagline,
    /// Heading of a tag page.
    TagHeading,
    /// Heading of the Terms of Use.
    TermsHeading,
    /// A dated correction at the end of a story ("Correction, {date}: {text}").
    StoryCorrection,
    /// The heading above a story's corrections.
    StoryCorrectionsHeading,
}

impl Message {
    /// The message's id in the catalogs.
    pub fn id(self) -> &'static str {
        match self {
            Message::ArticlePhotoCredit => "article-photo-credit",
            Message::CommentsNotice => "comments-notice",
            Message::CreditForService => "credit-for-service",
            Message::CreditSentence => "credit-sentence",
            Message::Datetime => "datetime",
            Message::TimeZone => "time-zone",
            Message::ErrorGoneTitle => "error-gone-title",
            Message::ErrorGoneText => "error-gone-text",
            Message::ErrorNotFoundTitle => "error-not-found-title",
            Message::ErrorNotFoundText => "error-not-found-text",
            Message::StoryCorrection => "story-correction",
            Message::StoryCorrectionsHeading => "story-corrections-heading",
            Message::ErrorBadRequestTitle => "error-bad-request-title",
            Message::ErrorBadRequestText => "error-bad-request-text",
            Message::ErrorForbiddenTitle => "error-forbidden-title",
            Message::ErrorForbiddenText => "error-forbidden-text",
            Message::ErrorTooLargeTitle => "error-too-large-title",
            Message::ErrorTooLargeText => "error-too-large-text",
            Message::ErrorTooManyTitle => "error-too-many-title",
            Message::ErrorTooManyText => "error-too-many-text",
            Message::ErrorInternalTitle => "error-internal-title",
            Message::ErrorInternalText => "error-internal-text",
            Message::ListPair => "list-pair",
            Message::ListSeparator => "list-separator",
            Message::MyCommentsHeading => "my-comments-heading",
            Message::NoticeBody => "notice-body",
            Message::NoticeSubject => "notice-subject",
            Message::ServiceHeading => "service-heading",
            Message::ServiceName => "service-name",
            Message::SiteTagline => "site-tagline",
            Message::TagHeading => "tag-heading",
            Message::TermsHeading => "terms-heading",
        }
    }
}

/// The id of a month's name (1 to 12).
pub fn month(number: u32) -> String {
    format!("month-{number}")
}

/// The id of a credit role's words ("Reported by").
pub fn credit_role(role: CreditRole) -> String {
    format!("credit-{}", role.as_str())
}

/// The id of a comment state's name, as a commenter reads it.
pub fn comment_state(state: CommentState) -> String {
    format!("comment-state-{}", state.as_str())
}

/// Every id the Rust code can ask for: the messages, the months, the credit roles, the
/// comment states and every refusal of a comment.
pub fn every_id() -> Vec<String> {
    let mut ids: Vec<String> = Message::iter().map(|m| m.id().to_owned()).collect();
    ids.extend((1..=12).map(month));
    ids.extend(CreditRole::ALL.iter().map(|role| credit_role(*role)));
    ids.extend(CommentState::ALL.iter().map(|state| comment_state(*state)));
    ids.extend(Refusal::iter().map(|refusal| refusal.message_id().to_owned()));
    ids.extend(desk_ids());
    ids.extend(crate::api::errors::MESSAGES.iter().map(|id| (*id).to_owned()));
    ids.extend(crate::comments::FORM_PROBLEM_MESSAGES.iter().map(|id| (*id).to_owned()));
    ids
}

/// The desk console's messages that templates name by a computed id (`desk-status-…`,
/// `desk-action-…`, `desk-role-…`, `desk-policy-…`).
pub fn desk_ids() -> Vec<String> {
    use dateline_core::articles::CommentPolicy;
    use dateline_core::desk::StoryStatus;
    let mut ids: Vec<String> = StoryStatus::ALL.iter().map(|s| format!("desk-status-{}", s.as_str())).collect();
    ids.extend(crate::console::editor::ACTION_LABELS.iter().map(|label| format!("desk-action-{label}")));
    ids.extend(CreditRole::ALL.iter().map(|role| format!("desk-role-{}", role.as_str())));
    ids.extend(CommentPolicy::ALL.iter().map(|policy| format!("desk-policy-{}", policy.as_str())));
    ids.extend(console_ids());
    ids
}

/// The moderation console's messages that templates and code name by a computed id
/// (`console-state-…`, `console-reason-…`, `console-role-…`, `console-ban-covers-…`,
/// `console-duration-…`, `console-words-action-…`, `console-attack-mode-…`), and each
/// catalog's own name.
pub fn console_ids() -> Vec<String> {
    use dateline_core::accounts::Role;
    use dateline_core::comments::RejectionReason;
    let mut ids: Vec<String> = CommentState::ALL.iter().map(|s| format!("console-state-{}", s.as_str())).collect();
    ids.push("console-state-all".into());
    ids.extend(RejectionReason::ALL.iter().map(|r| format!("console-reason-{}", r.as_str())));
    ids.extend(Role::ALL.iter().map(|r| format!("console-role-{}", r.as_str())));
    ids.extend(["token-and-address", "token", "address"].map(|c| format!("console-ban-covers-{c}")));
    ids.extend(["seconds", "minutes", "hours", "days"].map(|unit| format!("console-duration-{unit}")));
    ids.push("console-language-name".into());
    ids.extend(dateline_core::words::WordAction::ALL.iter().map(|a| format!("console-words-action-{}", a.as_str())));
    ids.extend(dateline_core::attack::AttackMode::ALL.iter().map(|m| format!("console-attack-mode-{}", m.as_str())));
    ids
}
