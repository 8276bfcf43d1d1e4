//! The demo newsroom: five language services and about 25 articles, several of them
//! translations of the same story, with generated photos. Loaded by `serve --demo`
//! through the same import path as `dateline article import`.

use chrono::{DateTime, Utc};
use dateline_core::import::{Imported, ReadRelative, SourceFile, import_files};
use dateline_core::media::MediaStore;
use dateline_core::service::NewService;
use dateline_core::store::{Store, StoreError};

include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));

/// The demo's services: code, English name, native name, language, time zone.
pub const DEMO_SERVICES: &[(&str, &str, &str, &str, &str)] = &[
    ("english", "English", "English", "en", "America/New_York"),
    ("korean", "Korean", "한국어", "ko", "Asia/Seoul"),
    ("mandarin", "Mandarin", "中文", "zh-Hans", "Asia/Shanghai"),
    ("uyghur", "Uyghur", "ئۇيغۇرچە", "ug", "Asia/Urumqi"),
    ("vietnamese", "Vietnamese", "Tiếng Việt", "vi", "Asia/Ho_Chi_Minh"),
];

/// Resolves `relative` against the folder of `from` within the demo tree
/// (`articles/english/a.md` + `../../photos/x.jpg` → `photos/x.jpg`).
fn resolve(from: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn read_demo_file(path: &str) -> std::io::Result<Vec<u8>> {
    DEMO_FILES
        .iter()
        .find(|(name, _)| *name == path)
        .map(|(_, bytes)| bytes.to_vec())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, format!("no demo file {path}")))
}

/// Creates the demo services that do not exist yet and imports the demo articles.
pub async fn load(store: &dyn Store, media: &dyn MediaStore, now: DateTime<Utc>) -> anyhow::Result<Vec<Imported>> {
    let existing = store.services().await?;
    for &(code, name, native, language, zone) in DEMO_SERVICES {
        if existing.iter().any(|s| s.code == code) {
            continue;
        }
        let service = NewService::parse(code, name, Some(native), language, None, Some(zone))?;
        match store.create_service(&service, now).await {
            Ok(_) | Err(StoreError::Conflict(_)) => {}
            Err(error) => return Err(error.into()),
        }
    }
    let articles: Vec<(&str, String)> = DEMO_FILES
        .iter()
        .filter(|(name, _)| name.ends_with(".md"))
        .map(|(name, bytes)| (*name, String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    let readers: Vec<Box<ReadRelative>> = articles
        .iter()
        .map(|(name, _)| {
            let name = (*name).to_owned();
            Box::new(move |relative: &str| read_demo_file(&resolve(&name, relative))) as Box<ReadRelative>
        })
        .collect();
    let sources: Vec<SourceFile<'_>> = articles
        .iter()
        .zip(&readers)
        .map(|((name, text), reader)| SourceFile {
            name: format!("demo/{name}"),
            text: text.clone(),
            read_relative: reader.as_ref(),
        })
        .collect();
    import_files(store, media, &sources, now).await.map_err(|failure| match failure {
        dateline_core::import::ImportFailure::Invalid(errors) => {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            anyhow::anyhow!("the demo content is invalid:\n{}", lines.join("\n"))
        }
        other => other.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_paths_inside_the_demo_tree() {
        assert_eq!(resolve("articles/english/a.md", "../../photos/x.jpg"), "photos/x.jpg");
        assert_eq!(resolve("articles/english/a.md", "./b.png"), "articles/english/b.png");
    }

    #[test]
    fn ships_articles_and_photos() {
        assert!(DEMO_FILES.iter().filter(|(n, _)| n.ends_with(".md")).count() >= 20);
        assert!(DEMO_FILES.iter().any(|(n, _)| n.starts_with("photos/")));
    }
}
