//! What search engines and link previews read of a story: schema.org `NewsArticle` and
//! `BreadcrumbList` as JSON-LD, and the Open Graph locale.

use dateline_core::articles::credits::CreditRole;
use dateline_core::articles::{Article, article_path};
use dateline_core::services::Service;
use serde_json::{Value, json};

use crate::urls::PublicBase;

/// The other versions of a story, as the structured data links them.
pub struct StoryVersions<'a> {
    /// The version the story was first published as (`None`: this one).
    pub original: Option<&'a str>,
    /// Absolute URLs of the later versions, when this one is the original.
    pub translations: Vec<String>,
}

/// Everything the structured data of a story needs.
pub struct StoryData<'a> {
    /// The site's address for this request.
    pub base: &'a PublicBase,
    /// The site's name.
    pub site_name: &'a str,
    /// The story's service.
    pub service: &'a Service,
    /// The story.
    pub article: &'a Article,
    /// Its other-language versions.
    pub versions: StoryVersions<'a>,
    /// The people its credits name.
    pub bylines: &'a super::Bylines,
}

/// The people of some roles, each named in the story's language, with their page if the
/// directory has them.
fn people(data: &StoryData<'_>, roles: &[CreditRole]) -> Vec<Value> {
    let language = data.service.language.as_str();
    data.article
        .credits
        .iter()
        .filter(|c| roles.contains(&c.role))
        .flat_map(|c| c.names.iter())
        .map(|name| match data.bylines.person(name) {
            Some(person) => json!({
                "@type": "Person",
                "name": person.name_in(language),
                "url": data.base.absolute(&super::person_path(&data.service.code, &person.slug)),
            }),
            None => json!({ "@type": "Person", "name": name }),
        })
        .collect()
}

/// The JSON-LD of a story page: a `NewsArticle` and its `BreadcrumbList`, ready to sit
/// in a `<script type="application/ld+json">` (no `<`, `>` or `&` in it).
pub fn story_json_ld(data: &StoryData<'_>) -> String {
    let StoryData { base, site_name, service, article, versions, .. } = data;
    let url = base.absolute(&article_path(service, &article.slug, article.published_at));
    let published = article.published_at.map(|at| at.with_timezone(&service.time_zone).to_rfc3339());
    let modified =
        article.updated_at.max(article.published_at).map(|at| at.with_timezone(&service.time_zone).to_rfc3339());
    let mut story = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.headline,
        "description": article.summary,
        "inLanguage": service.language,
        "datePublished": published,
        "dateModified": modified,
        "isAccessibleForFree": true,
        "keywords": article.tags,
        "author": people(data, &[CreditRole::ReportedBy, CreditRole::WrittenBy, CreditRole::WrittenInEnglishBy]),
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": site_name,
            "url": base.absolute("/"),
        },
    });
    let fields = story.as_object_mut().expect("a JSON object literal");
    let translators = people(data, &[CreditRole::TranslatedBy]);
    if !translators.is_empty() {
        fields.insert("translator".into(), Value::from(translators));
    }
    let editors = people(data, &[CreditRole::EditedBy]);
    if !editors.is_empty() {
        fields.insert("editor".into(), Value::from(editors));
    }
    if let Some(image) = &article.lead_image {
        fields.insert(
            "image".into(),
            json!([{
                "@type": "ImageObject",
                "url": base.absolute(&image.media.url_path()),
                "width": image.width,
                "height": image.height,
                "caption": image.caption,
                "creditText": image.credit,
            }]),
        );
    }
    match versions.original {
        Some(original) => {
            fields.insert("translationOfWork".into(), json!({ "@id": original }));
        }
        None if !versions.translations.is_empty() => {
            let translations: Vec<Value> = versions.translations.iter().map(|u| json!({ "@id": u })).collect();
            fields.insert("workTranslation".into(), Value::from(translations));
        }
        None => {}
    }
    let breadcrumbs = json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            { "@type": "ListItem", "position": 1, "name": site_name, "item": base.absolute("/") },
            { "@type": "ListItem", "position": 2, "name": service.native_name,
              "item": base.absolute(&format!("/{}/", service.code)) },
            { "@type": "ListItem", "position": 3, "name": article.headline, "item": url },
        ],
    });
    script_safe(&Value::from(vec![story, breadcrumbs]))
}

/// JSON that can sit inside a `<script>` element: `<`, `>` and `&` escaped as JSON allows.
pub fn script_safe(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// The Open Graph locale (`language_TERRITORY`) of a service's language.
pub fn og_locale(language: &str) -> String {
    match language {
        "en" => "en_US".into(),
        "ko" => "ko_KR".into(),
        "zh-Hans" | "zh-CN" => "zh_CN".into(),
        "zh-Hant" | "zh-TW" => "zh_TW".into(),
        "ug" => "ug_CN".into(),
        "bo" => "bo_CN".into(),
        "vi" => "vi_VN".into(),
        "my" => "my_MM".into(),
        "km" => "km_KH".into(),
        "lo" => "lo_LA".into(),
        other => other.replace('-', "_"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_cannot_end_it() {
        let text = script_safe(&json!({ "headline": "</script><script>alert(1)</script> & more" }));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back["headline"], "</script><script>alert(1)</script> & more");
    }
}
