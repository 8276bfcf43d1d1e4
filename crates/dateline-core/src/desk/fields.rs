//! A story's fields as the editor shows and sends them, and what they must be to be saved
//! (the import's rules: the same limits on headlines, slugs, tags and credits, and alt text
//! for every photo).

use serde::{Deserialize, Serialize};

use crate::articles::credits::Credit;
use crate::articles::import::{MAX_TAGS, MAX_TITLE_CHARS};
use crate::articles::slugs::{derive_slug, is_valid_slug};
use crate::articles::{Article, ArticleDraft, CommentPolicy, LeadImage, tag_slug};
use crate::services::Service;

/// Longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 60;
/// Longest summary, in characters.
pub const MAX_SUMMARY_CHARS: usize = 1_000;
/// Longest body, in characters.
pub const MAX_BODY_CHARS: usize = 200_000;

/// What a writer sets on a story. Kept whole in every revision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryFields {
    /// The headline.
    pub headline: String,
    /// One or two sentences under the headline.
    pub summary: String,
    /// The body, in Markdown.
    pub body: String,
    /// The address's last part; empty: made from the headline.
    pub slug: String,
    /// Tags, as display names.
    pub tags: Vec<String>,
    /// Comment policy; `None` follows the service's.
    pub comments: Option<CommentPolicy>,
    /// Credits by role, in the order given.
    pub credits: Vec<Credit>,
    /// The lead photo, chosen from the media library.
    pub lead_image: Option<LeadImage>,
}

impl StoryFields {
    /// The fields of a stored article.
    pub fn of(article: &Article) -> StoryFields {
        StoryFields {
            headline: article.headline.clone(),
            summary: article.summary.clone(),
            body: article.body_markdown.clone(),
            slug: article.slug.clone(),
            tags: article.tags.clone(),
            comments: article.comment_policy,
            credits: article.credits.clone(),
            lead_image: article.lead_image.clone(),
        }
    }

    /// The fields of a draft being imported.
    pub fn of_draft(draft: &ArticleDraft) -> StoryFields {
        StoryFields {
            headline: draft.headline.clone(),
            summary: draft.summary.clone(),
            body: draft.body_markdown.clone(),
            slug: draft.slug.clone(),
            tags: draft.tags.clone(),
            comments: draft.comment_policy,
            credits: draft.credits.clone(),
            lead_image: draft.lead_image.clone(),
        }
    }
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field (`headline`, `slug`, `tags`, `credits`, `lead_image.alt`, …).
    pub field: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
}

fn problem(field: &'static str, message: impl Into<String>) -> FieldProblem {
    FieldProblem { field, message: message.into() }
}

/// A one-line field: control characters (NUL included, which PostgreSQL cannot store) count
/// as spaces, runs of spaces as one, none at either end.
fn one_line(text: &str) -> String {
    let spaced: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A field of paragraphs: line ends as `\n`, control characters but tabs and line ends
/// removed, no space at either end.
fn paragraphs(text: &str) -> String {
    let unified = text.replace("\r\n", "\n");
    let kept: String = unified.chars().filter(|&c| c == '\n' || c == '\t' || !c.is_control()).collect();
    kept.trim().to_owned()
}

/// Checks and cleans a story's fields for a service; every problem is named. An empty slug
/// is made from the headline; `slug_fixed` keeps the current one (a published story's
/// address does not change).
pub fn check_fields(
    fields: &StoryFields,
    services: &[Service],
    fixed_slug: Option<&str>,
) -> Result<StoryFields, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let headline = one_line(&fields.headline);
    if headline.is_empty() {
        problems.push(problem("headline", "the headline is empty"));
    } else if headline.chars().count() > MAX_TITLE_CHARS {
        problems.push(problem("headline", format!("the headline is longer than {MAX_TITLE_CHARS} characters")));
    }
    let summary = paragraphs(&fields.summary);
    if summary.chars().count() > MAX_SUMMARY_CHARS {
        problems.push(problem("summary", format!("the summary is longer than {MAX_SUMMARY_CHARS} characters")));
    }
    let body = paragraphs(&fields.body);
    if body.is_empty() {
        problems.push(problem("body", "the story has no body"));
    } else if body.chars().count() > MAX_BODY_CHARS {
        problems.push(problem("body", format!("the body is longer than {MAX_BODY_CHARS} characters")));
    }
    let slug = match fixed_slug {
        Some(fixed) => fixed.to_owned(),
        None => {
            let given = fields.slug.trim();
            if given.is_empty() {
                derive_slug(&headline)
            } else if is_valid_slug(given) {
                given.to_owned()
            } else {
                problems.push(problem(
                    "slug",
                    format!("{given:?} is not a valid slug: use lowercase letters a-z, digits and single hyphens, at most 80"),
                ));
                given.to_owned()
            }
        }
    };
    let mut tags: Vec<String> = Vec::new();
    for tag in &fields.tags {
        let name = one_line(tag);
        if name.is_empty() {
            continue;
        }
        if name.chars().count() > MAX_TAG_CHARS {
            problems.push(problem("tags", format!("tag {name:?} is longer than {MAX_TAG_CHARS} characters")));
        } else if !tags.iter().any(|t| tag_slug(t) == tag_slug(&name)) {
            tags.push(name);
        }
    }
    if tags.len() > MAX_TAGS {
        problems.push(problem("tags", format!("at most {MAX_TAGS} tags are allowed")));
    }
    let mut credits = Vec::new();
    for credit in &fields.credits {
        let names: Vec<String> = credit.names.iter().map(|n| one_line(n)).filter(|n| !n.is_empty()).collect();
        if names.is_empty() {
            continue;
        }
        let for_service = credit.for_service.as_ref().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        if let Some(code) = &for_service
            && !services.iter().any(|s| s.code == *code)
        {
            problems.push(problem("credits", format!("there is no service {code:?} for a credit")));
        }
        credits.push(Credit { role: credit.role, names, for_service });
    }
    let lead_image = fields.lead_image.clone().map(|mut image| {
        image.alt = one_line(&image.alt);
        image.caption = one_line(&image.caption);
        image.credit = one_line(&image.credit);
        if image.alt.is_empty() {
            problems.push(problem("lead_image.alt", "describe the photo for readers who cannot see it (alt text)"));
        }
        image
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(StoryFields { headline, summary, body, slug, tags, comments: fields.comments, credits, lead_image })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::articles::credits::CreditRole;

    fn services() -> Vec<Service> {
        let new = crate::services::NewService::parse("korean", "Korean", Some("한국어"), "ko", None, None)
            .unwrap_or_else(|e| panic!("{e}"));
        vec![Service {
            id: crate::services::ServiceId(1),
            code: new.code,
            name: new.name,
            native_name: new.native_name,
            language: new.language,
            direction: new.direction,
            time_zone: new.time_zone,
            comment_policy: new.comment_policy,
            comment_notice: None,
            embed_origins: Vec::new(),
            locked_down: false,
            attack_mode: crate::attack::AttackMode::Off,
        }]
    }

    #[test]
    fn fields_are_cleaned_and_every_problem_named() {
        let fields = StoryFields {
            headline: "  한강   홍수 피해 ".into(),
            body: "Text.\r\n".into(),
            tags: vec!["Floods".into(), " floods ".into(), "".into()],
            credits: vec![Credit {
                role: CreditRole::ReportedBy,
                names: vec![" Kim ".into(), "".into()],
                for_service: None,
            }],
            ..Default::default()
        };
        let checked = check_fields(&fields, &services(), None).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(checked.headline, "한강 홍수 피해");
        let controls = StoryFields {
            headline: "Flood\u{0}warning\u{1b}".into(),
            body: "One\u{0}\r\n\tTwo".into(),
            ..fields.clone()
        };
        let cleaned = check_fields(&controls, &services(), None).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!((cleaned.headline.as_str(), cleaned.body.as_str()), ("Flood warning", "One\n\tTwo"));
        assert!(checked.slug.starts_with("hangang"), "{}", checked.slug);
        assert_eq!(checked.tags, ["Floods"], "one tag per slug");
        assert_eq!(checked.credits[0].names, ["Kim"]);
        let bad = StoryFields {
            headline: String::new(),
            slug: "Not A Slug".into(),
            credits: vec![Credit {
                role: CreditRole::TranslatedBy,
                names: vec!["Lee".into()],
                for_service: Some("klingon".into()),
            }],
            ..Default::default()
        };
        let problems = check_fields(&bad, &services(), None).unwrap_err();
        let named: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(named, ["headline", "body", "slug", "credits"]);
        let fixed = check_fields(&StoryFields { slug: "other".into(), ..fields }, &services(), Some("kept"));
        assert_eq!(fixed.map(|f| f.slug).ok().as_deref(), Some("kept"), "a published story keeps its address");
    }
}
