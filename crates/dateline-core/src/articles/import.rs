//! Importing articles from Markdown files with TOML front matter.
//!
//! A file looks like this (the README documents every field):
//!
//! ```text
//! +++
//! title = "Floodwaters recede in the south"
//! service = "english"
//! published = 2026-07-07T09:30:00Z
//! +++
//! Body in Markdown.
//! ```
//!
//! Import is all or nothing: every file of a batch is read, parsed and checked (services,
//! dates, images, translation links) before anything is written, and the articles are then
//! saved in one transaction. Any error names the file, the line where it can, and the field.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use toml::Spanned;

use crate::articles::credits::{Credit, CreditRole};
use crate::articles::markdown;
use crate::articles::slugs::{derive_slug, is_valid_slug};
use crate::articles::{ArticleDraft, ArticleRef, CommentPolicy, LeadImage};
use crate::media::{CheckedImage, MediaStore};
use crate::services::Service;
use crate::store::{ArticleStore, MediaIndex, SaveOutcome, ServiceStore};

/// Longest headline accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 300;
/// Most tags an article may carry.
pub const MAX_TAGS: usize = 20;

/// One problem with one import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line in the file, where known.
    pub line: Option<usize>,
    /// The front-matter field concerned, where there is one (`lead_image.path`).
    pub field: Option<String>,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ImportError {}

/// Why a batch was not imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// One or more files are invalid; nothing was written.
    #[error("{} file error(s); nothing was imported", .0.len())]
    Invalid(Vec<ImportError>),
    /// Storage failed; the transaction was rolled back.
    #[error("{0}")]
    Storage(String),
}

/// Reads a file named relative to the file being imported.
pub type ReadRelative = dyn Fn(&str) -> std::io::Result<Vec<u8>> + Sync;

/// One file to import: its name (for messages), its text, and a way to read the files its
/// images name, relative to it.
pub struct SourceFile<'a> {
    /// Name shown in messages (usually the path given on the command line).
    pub name: String,
    /// The whole file.
    pub text: String,
    /// Reads a file named relative to this one.
    pub read_relative: &'a ReadRelative,
}

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The file's name.
    pub file: String,
    /// Service and slug of the article.
    pub article: ArticleRef,
    /// Created or updated.
    pub outcome: SaveOutcome,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Spanned<String>,
    slug: Option<Spanned<String>>,
    service: Spanned<String>,
    #[serde(default)]
    summary: String,
    published: Option<Spanned<toml::value::Datetime>>,
    updated: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    translation_of: Option<Spanned<String>>,
    comments: Option<CommentPolicy>,
    lead_image: Option<LeadImageFront>,
    #[serde(default)]
    credits: Vec<CreditFront>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LeadImageFront {
    path: Spanned<String>,
    #[serde(default)]
    caption: String,
    alt: Option<String>,
    #[serde(default)]
    credit: String,
    #[serde(default)]
    file_photo: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreditFront {
    role: CreditRole,
    names: Spanned<Vec<String>>,
    for_service: Option<Spanned<String>>,
}

/// A file split into its parts, with line bookkeeping for messages.
struct SplitFile<'t> {
    front: &'t str,
    /// Line number of the first front-matter line.
    front_first_line: usize,
    body: &'t str,
}

/// An article checked against everything but the store: what to save and which image
/// files to store first.
struct Prepared {
    file: String,
    draft: ArticleDraft,
    lead_image: Option<(CheckedImage, LeadImageFront)>,
    body_images: Vec<(String, CheckedImage)>,
    translation_line: Option<usize>,
}

/// Collects the problems of one file, with its line bookkeeping.
struct Problems<'a> {
    file: &'a str,
    split: Option<&'a SplitFile<'a>>,
    errors: Vec<ImportError>,
}

impl<'a> Problems<'a> {
    fn line_of(&self, span: &Range<usize>) -> Option<usize> {
        let split = self.split?;
        let before = split.front.get(..span.start)?;
        Some(split.front_first_line + before.matches('\n').count())
    }

    fn at(&mut self, span: Option<&Range<usize>>, field: &str, message: impl Into<String>) {
        let line = span.and_then(|s| self.line_of(s));
        self.errors.push(ImportError {
            file: self.file.to_owned(),
            line,
            field: (!field.is_empty()).then(|| field.to_owned()),
            message: message.into(),
        });
    }
}

fn split_front_matter(text: &str) -> Result<SplitFile<'_>, (Option<usize>, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "+++" {
        return Err((
            Some(1),
            "the file must start with a line of three plus signs (+++) opening the TOML front matter".into(),
        ));
    }
    let front_start = first.len();
    let mut offset = front_start;
    for line in lines {
        if line.trim_end() == "+++" {
            return Ok(SplitFile {
                front: &text[front_start..offset],
                front_first_line: 2,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err((None, "the front matter is not closed: add a line +++ after it".into()))
}

fn to_utc(problems: &mut Problems<'_>, field: &str, value: &Spanned<toml::value::Datetime>) -> Option<DateTime<Utc>> {
    let datetime = value.get_ref();
    if datetime.date.is_none() || datetime.time.is_none() || datetime.offset.is_none() {
        problems.at(
            Some(&value.span()),
            field,
            format!(
                "{datetime} is not a full RFC 3339 date and time with a time zone offset \
                 (write for example 2026-07-07T09:30:00Z or 2026-07-07T18:30:00+09:00)"
            ),
        );
        return None;
    }
    match DateTime::parse_from_rfc3339(&datetime.to_string()) {
        Ok(at) => Some(at.with_timezone(&Utc)),
        Err(error) => {
            problems.at(Some(&value.span()), field, format!("{datetime} is not a valid date: {error}"));
            None
        }
    }
}

fn parse_article_ref(text: &str) -> Option<ArticleRef> {
    let (service, slug) = text.trim().trim_matches('/').split_once('/')?;
    (!service.is_empty() && is_valid_slug(slug))
        .then(|| ArticleRef { service: service.to_owned(), slug: slug.to_owned() })
}

fn known_codes(services: &[Service]) -> String {
    services.iter().map(|s| s.code.as_str()).collect::<Vec<_>>().join(", ")
}

fn read_image(
    source: &SourceFile<'_>,
    problems: &mut Problems<'_>,
    span: Option<&Range<usize>>,
    field: &str,
    path: &str,
) -> Option<CheckedImage> {
    if !markdown::is_relative_file_url(path) || escapes_folder(path) {
        problems.at(span, field, format!("the image {path:?} must be inside the article's folder"));
        return None;
    }
    let bytes = match (source.read_relative)(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            problems.at(span, field, format!("cannot read image {path:?}: {error}"));
            return None;
        }
    };
    match CheckedImage::clean(&bytes) {
        Ok(image) => Some(image),
        Err(error) => {
            problems.at(span, field, format!("{path:?} {error}"));
            None
        }
    }
}

/// Whether a relative path climbs out of its folder (`..`) or names a root: images are read
/// only from the Markdown file's folder and below.
fn escapes_folder(path: &str) -> bool {
    std::path::Path::new(path)
        .components()
        .any(|c| !matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir))
}

/// Parses and checks one file against the services; returns every problem found.
fn prepare(source: &SourceFile<'_>, services: &[Service]) -> Result<Prepared, Vec<ImportError>> {
    let file_error = |line, message| ImportError { file: source.name.clone(), line, field: None, message };
    let split = split_front_matter(&source.text).map_err(|(line, message)| vec![file_error(line, message)])?;
    let mut problems = Problems { file: &source.name, split: Some(&split), errors: Vec::new() };
    let front: FrontMatter = match toml::from_str(split.front) {
        Ok(front) => front,
        Err(error) => {
            let message = error.message().to_owned();
            // A missing field has an empty or whole-document span: it points at no line.
            let span = error.span().filter(|s| !(s.start == 0 && (s.end == 0 || s.end >= split.front.len())));
            problems.at(span.as_ref(), "", format!("invalid front matter: {message}"));
            return Err(problems.errors);
        }
    };

    let title = front.title.get_ref().trim().to_owned();
    if title.is_empty() {
        problems.at(Some(&front.title.span()), "title", "the title is empty");
    } else if title.chars().count() > MAX_TITLE_CHARS {
        problems.at(
            Some(&front.title.span()),
            "title",
            format!("the title is longer than {MAX_TITLE_CHARS} characters"),
        );
    }

    let slug = match &front.slug {
        Some(given) if is_valid_slug(given.get_ref()) => given.get_ref().clone(),
        Some(given) => {
            problems.at(
                Some(&given.span()),
                "slug",
                format!(
                    "{:?} is not a valid slug: use lowercase letters a-z, digits and single hyphens, at most 80",
                    given.get_ref()
                ),
            );
            String::new()
        }
        None => derive_slug(&title),
    };

    let service = services.iter().find(|s| s.code == *front.service.get_ref());
    if service.is_none() {
        problems.at(
            Some(&front.service.span()),
            "service",
            format!("unknown service {:?} (known services: {})", front.service.get_ref(), known_codes(services)),
        );
    }

    let published_at = front.published.as_ref().and_then(|p| to_utc(&mut problems, "published", p));
    let updated_at = front.updated.as_ref().and_then(|u| to_utc(&mut problems, "updated", u));
    if let (Some(published), Some(updated), Some(span)) = (published_at, updated_at, front.updated.as_ref())
        && updated < published
    {
        problems.at(Some(&span.span()), "updated", "the update time is before the publication time");
    }

    let tags = check_tags(&mut problems, &front.tags);

    let translation_of = front.translation_of.as_ref().and_then(|target| {
        let parsed = parse_article_ref(target.get_ref());
        match &parsed {
            None => problems.at(
                Some(&target.span()),
                "translation_of",
                format!("{:?} must be written service/slug, for example \"korean/flood-relief\"", target.get_ref()),
            ),
            Some(r) if !services.iter().any(|s| s.code == r.service) => problems.at(
                Some(&target.span()),
                "translation_of",
                format!("unknown service {:?} (known services: {})", r.service, known_codes(services)),
            ),
            Some(r) if r.service == *front.service.get_ref() && r.slug == slug => {
                problems.at(Some(&target.span()), "translation_of", "an article cannot be a translation of itself")
            }
            Some(_) => {}
        }
        parsed
    });

    let credits = check_credits(&mut problems, &front.credits, services);

    let lead_image = front.lead_image.and_then(|lead| {
        let alt = lead.alt.as_deref().map(str::trim).filter(|a| !a.is_empty()).unwrap_or(lead.caption.trim());
        if alt.is_empty() {
            problems.at(
                Some(&lead.path.span()),
                "lead_image.alt",
                "describe the photo for readers who cannot see it (alt or caption)",
            );
        }
        let image = read_image(source, &mut problems, Some(&lead.path.span()), "lead_image.path", lead.path.get_ref())?;
        Some((image, lead))
    });

    let body = split.body.trim();
    if body.is_empty() {
        problems.at(None, "", "the article has no body after the front matter");
    }
    let body_images: Vec<(String, CheckedImage)> = markdown::local_image_refs(body)
        .into_iter()
        .filter_map(|path| {
            let image = read_image(source, &mut problems, None, "body", &path)?;
            Some((path, image))
        })
        .collect();

    if !problems.errors.is_empty() {
        return Err(problems.errors);
    }
    let Some(service) = service else { return Err(problems.errors) };
    let translation_line = front.translation_of.as_ref().and_then(|t| problems.line_of(&t.span()));
    Ok(Prepared {
        file: source.name.clone(),
        draft: ArticleDraft {
            service_id: service.id,
            slug,
            headline: title,
            summary: front.summary.trim().to_owned(),
            body_markdown: body.to_owned(),
            body_html: String::new(),
            published_at,
            updated_at,
            tags,
            translation_of,
            comment_policy: front.comments,
            lead_image: None,
            credits,
        },
        lead_image,
        body_images,
        translation_line,
    })
}

fn check_tags(problems: &mut Problems<'_>, tags: &[Spanned<String>]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut kept = Vec::new();
    for tag in tags {
        let name = tag.get_ref().split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > 60 {
            problems.at(Some(&tag.span()), "tags", format!("tag {:?} must have 1 to 60 characters", tag.get_ref()));
        } else if seen.insert(crate::articles::tag_slug(&name)) {
            kept.push(name);
        }
    }
    if kept.len() > MAX_TAGS {
        problems.at(None, "tags", format!("at most {MAX_TAGS} tags are allowed"));
    }
    kept
}

fn check_credits(problems: &mut Problems<'_>, credits: &[CreditFront], services: &[Service]) -> Vec<Credit> {
    credits
        .iter()
        .map(|credit| {
            let names: Vec<String> = credit.names.get_ref().iter().map(|n| n.trim().to_owned()).collect();
            if names.is_empty() || names.iter().any(String::is_empty) {
                problems.at(Some(&credit.names.span()), "credits.names", "give at least one name, and no empty names");
            }
            if let Some(for_service) = &credit.for_service
                && !services.iter().any(|s| s.code == *for_service.get_ref())
            {
                problems.at(
                    Some(&for_service.span()),
                    "credits.for_service",
                    format!("unknown service {:?} (known services: {})", for_service.get_ref(), known_codes(services)),
                );
            }
            Credit { role: credit.role, names, for_service: credit.for_service.as_ref().map(|s| s.get_ref().clone()) }
        })
        .collect()
}

/// Orders a batch so that an article comes after the article it translates, when both
/// are in the batch. The order is otherwise kept.
fn order_for_translation_links(prepared: Vec<Prepared>, services: &[Service]) -> Vec<Prepared> {
    let code_of = |id| services.iter().find(|s| s.id == id).map(|s| s.code.clone()).unwrap_or_default();
    let refs: Vec<ArticleRef> = prepared
        .iter()
        .map(|p| ArticleRef { service: code_of(p.draft.service_id), slug: p.draft.slug.clone() })
        .collect();
    let depth = |index: usize| {
        let (mut depth, mut current) = (0, index);
        while let Some(target) = &prepared[current].draft.translation_of {
            match refs.iter().position(|r| r == target) {
                Some(next) if depth < prepared.len() => {
                    depth += 1;
                    current = next;
                }
                _ => break,
            }
        }
        depth
    };
    let depths: Vec<usize> = (0..prepared.len()).map(depth).collect();
    let mut paired: Vec<(usize, Prepared)> = depths.into_iter().zip(prepared).collect();
    paired.sort_by_key(|(depth, _)| *depth);
    paired.into_iter().map(|(_, p)| p).collect()
}

fn storage_failure(error: impl fmt::Display) -> ImportFailure {
    ImportFailure::Storage(error.to_string())
}

/// Checks what only the store can tell: duplicates within the batch and translation
/// targets that exist neither in the batch nor in the store.
async fn check_against_store(
    store: &(impl ArticleStore + ServiceStore + MediaIndex + ?Sized),
    prepared: &[Prepared],
    services: &[Service],
) -> Result<Vec<ImportError>, ImportFailure> {
    let code_of = |id| services.iter().find(|s| s.id == id).map(|s| s.code.clone()).unwrap_or_default();
    let in_batch: Vec<ArticleRef> = prepared
        .iter()
        .map(|p| ArticleRef { service: code_of(p.draft.service_id), slug: p.draft.slug.clone() })
        .collect();
    let mut errors = Vec::new();
    for (index, item) in prepared.iter().enumerate() {
        if let Some(first) = in_batch[..index].iter().position(|r| *r == in_batch[index]) {
            errors.push(ImportError {
                file: item.file.clone(),
                line: None,
                field: Some("slug".into()),
                message: format!("{} is also the article of {}", in_batch[index], prepared[first].file),
            });
        }
        let Some(target) = &item.draft.translation_of else { continue };
        if !in_batch.contains(target) && !store.article_exists(target).await.map_err(storage_failure)? {
            errors.push(ImportError {
                file: item.file.clone(),
                line: item.translation_line,
                field: Some("translation_of".into()),
                message: format!("there is no article {target}: import it first, or in the same command"),
            });
        }
    }
    Ok(errors)
}

/// Stores the images of a checked article and completes its draft.
async fn store_images(
    store: &(impl ArticleStore + ServiceStore + MediaIndex + ?Sized),
    media: &dyn MediaStore,
    prepared: &mut Prepared,
    now: DateTime<Utc>,
) -> Result<(), ImportFailure> {
    if let Some((image, front)) = prepared.lead_image.take() {
        let key = crate::media::store_image(store, media, &image, now).await.map_err(storage_failure)?;
        let alt = front.alt.as_deref().map(str::trim).filter(|a| !a.is_empty()).unwrap_or(front.caption.trim());
        prepared.draft.lead_image = Some(LeadImage {
            media: key,
            caption: front.caption.trim().to_owned(),
            alt: alt.to_owned(),
            credit: front.credit.trim().to_owned(),
            file_photo: front.file_photo,
            width: image.width,
            height: image.height,
        });
    }
    let mut urls = HashMap::new();
    for (path, image) in &prepared.body_images {
        let key = crate::media::store_image(store, media, image, now).await.map_err(storage_failure)?;
        urls.insert(path.clone(), key.url_path());
    }
    prepared.draft.body_html = markdown::render_body(&prepared.draft.body_markdown, &urls);
    Ok(())
}

/// Imports a batch of files: all of them, or — if any is invalid — none.
pub async fn import_files(
    store: &(impl ArticleStore + ServiceStore + MediaIndex + ?Sized),
    media: &dyn MediaStore,
    sources: &[SourceFile<'_>],
    now: DateTime<Utc>,
) -> Result<Vec<Imported>, ImportFailure> {
    let services = store.services().await.map_err(storage_failure)?;
    let mut errors = Vec::new();
    let mut prepared = Vec::new();
    for source in sources {
        match prepare(source, &services) {
            Ok(item) => prepared.push(item),
            Err(file_errors) => errors.extend(file_errors),
        }
    }
    errors.extend(check_against_store(store, &prepared, &services).await?);
    if !errors.is_empty() {
        return Err(ImportFailure::Invalid(errors));
    }
    let mut prepared = order_for_translation_links(prepared, &services);
    for item in &mut prepared {
        store_images(store, media, item, now).await?;
    }
    let drafts: Vec<ArticleDraft> = prepared.iter().map(|p| p.draft.clone()).collect();
    let outcomes = store.save_articles(&drafts, now).await.map_err(storage_failure)?;
    let code_of = |id| services.iter().find(|s| s.id == id).map(|s| s.code.clone()).unwrap_or_default();
    Ok(prepared
        .into_iter()
        .zip(outcomes)
        .map(|(item, outcome)| Imported {
            article: ArticleRef { service: code_of(item.draft.service_id), slug: item.draft.slug },
            file: item.file,
            outcome,
        })
        .collect())
}
