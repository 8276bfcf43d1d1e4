//! The story editor's form as it was sent: every field kept as typed (so a refused save
//! comes back with it), turned into the desk's `StoryFields` for a save.

use dateline_core::articles::CommentPolicy;
use dateline_core::articles::credits::{Credit, CreditRole};
use dateline_core::desk::{Story, StoryFields};
use serde::{Deserialize, Serialize};

use super::render::form_value;

/// Credit rows the editor offers beyond a story's own.
pub(super) const BLANK_CREDIT_ROWS: usize = 2;

/// What the editor's form sent, every field as text (nothing typed is lost).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct EditorForm {
    /// The service of a new story.
    pub service: String,
    pub(super) revision: String,
    pub(super) headline: String,
    pub(super) summary: String,
    pub(super) body: String,
    pub(super) slug: String,
    pub(super) tags: String,
    pub(super) comments: String,
    pub(super) credits: Vec<CreditRow>,
    pub(super) image_caption: String,
    pub(super) image_alt: String,
    pub(super) image_credit: String,
    pub(super) image_file_photo: bool,
    pub(super) image_remove: bool,
    pub(super) action: String,
    pub(super) publish_at: String,
    pub(super) note: String,
    pub(super) correction: String,
}

/// One credit line of the form.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct CreditRow {
    pub(super) role: String,
    pub(super) names: String,
    pub(super) for_service: String,
}

impl EditorForm {
    /// Reads the form's fields (credit rows are repeated fields, in order).
    pub fn read(pairs: &[(String, String)]) -> EditorForm {
        let field = |name| form_value(pairs, name).unwrap_or_default().to_owned();
        let all = |name: &str| pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect::<Vec<_>>();
        let (roles, names, fors) = (all("credit_role"), all("credit_names"), all("credit_for"));
        let credits = roles
            .iter()
            .enumerate()
            .map(|(i, role)| CreditRow {
                role: role.clone(),
                names: names.get(i).cloned().unwrap_or_default(),
                for_service: fors.get(i).cloned().unwrap_or_default(),
            })
            // The blank rows the editor offers come back blank: they are no credit.
            .filter(|row| !row.names.trim().is_empty())
            .collect();
        EditorForm {
            service: field("service"),
            revision: field("revision"),
            headline: field("headline"),
            summary: field("summary"),
            body: field("body"),
            slug: field("slug"),
            tags: field("tags"),
            comments: field("comments"),
            credits,
            image_caption: field("image_caption"),
            image_alt: field("image_alt"),
            image_credit: field("image_credit"),
            image_file_photo: form_value(pairs, "image_file_photo").is_some(),
            image_remove: form_value(pairs, "image_remove").is_some(),
            action: field("action"),
            publish_at: field("publish_at"),
            note: field("note"),
            correction: field("correction"),
        }
    }

    /// The form of a story's current fields.
    pub(super) fn of(story: Option<&Story>, fields: &StoryFields, service: &str) -> EditorForm {
        let image = fields.lead_image.as_ref();
        EditorForm {
            service: service.to_owned(),
            revision: story.map(|s| s.revision.to_string()).unwrap_or_default(),
            headline: fields.headline.clone(),
            summary: fields.summary.clone(),
            body: fields.body.clone(),
            slug: fields.slug.clone(),
            tags: fields.tags.join(", "),
            comments: fields.comments.map(|c| c.as_str().to_owned()).unwrap_or_default(),
            credits: fields
                .credits
                .iter()
                .map(|c| CreditRow {
                    role: c.role.as_str().to_owned(),
                    names: c.names.join(", "),
                    for_service: c.for_service.clone().unwrap_or_default(),
                })
                .collect(),
            image_caption: image.map(|i| i.caption.clone()).unwrap_or_default(),
            image_alt: image.map(|i| i.alt.clone()).unwrap_or_default(),
            image_credit: image.map(|i| i.credit.clone()).unwrap_or_default(),
            image_file_photo: image.is_some_and(|i| i.file_photo),
            ..EditorForm::default()
        }
    }

    /// The story's fields as the form gives them; the lead photo itself is the story's
    /// (`current`), only its words come from the form.
    pub fn fields(&self, current: Option<&StoryFields>) -> StoryFields {
        let split = |text: &str| -> Vec<String> {
            text.split([',', '，', '、', '،']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
        };
        let credits = self
            .credits
            .iter()
            .filter_map(|row| {
                let role = row.role.parse::<CreditRole>().ok()?;
                let names = split(&row.names);
                let for_service = Some(row.for_service.trim().to_owned()).filter(|s| !s.is_empty());
                (!names.is_empty()).then_some(Credit { role, names, for_service })
            })
            .collect();
        let lead_image = current.and_then(|c| c.lead_image.clone()).filter(|_| !self.image_remove).map(|mut image| {
            image.caption = self.image_caption.clone();
            image.alt = self.image_alt.clone();
            image.credit = self.image_credit.clone();
            image.file_photo = self.image_file_photo;
            image
        });
        StoryFields {
            headline: self.headline.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            slug: self.slug.clone(),
            tags: split(&self.tags),
            comments: self.comments.parse::<CommentPolicy>().ok(),
            credits,
            lead_image,
        }
    }

    pub(super) fn base_revision(&self) -> i64 {
        self.revision.trim().parse().unwrap_or(0)
    }
}
