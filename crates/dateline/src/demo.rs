//! The demo newsroom: five language services and about 25 articles, several of them
//! translations of the same story, with generated photos. Loaded by `serve --demo`
//! through the same import path as `dateline article import`.

use chrono::{DateTime, Utc};
use dateline_core::articles::ArticleId;
use dateline_core::articles::import::{Imported, ReadRelative, SourceFile, import_files};
use dateline_core::comments::{CommentId, NewComment, sha256_hex};
use dateline_core::media::MediaStore;
use dateline_core::moderation::Actor;
use dateline_core::people::{self, PersonForm, PersonName};
use dateline_core::services::{self, NewService, ServiceChangeError};
use dateline_core::store::Store;

include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));

/// The demo's services: code, English name, native name, language, time zone.
pub const DEMO_SERVICES: &[(&str, &str, &str, &str, &str)] = &[
    ("english", "English", "English", "en", "America/New_York"),
    ("korean", "Korean", "한국어", "ko", "Asia/Seoul"),
    ("mandarin", "Mandarin", "中文", "zh-Hans", "Asia/Shanghai"),
    ("uyghur", "Uyghur", "ئۇيغۇرچە", "ug", "Asia/Urumqi"),
    ("vietnamese", "Vietnamese", "Tiếng Việt", "vi", "Asia/Ho_Chi_Minh"),
];

/// Demo readers' comments: service, article slug, index of the comment replied to (in this
/// list), name, text. All are published, as if a moderator had approved them.
const DEMO_COMMENTS: &[(&str, &str, Option<usize>, &str, &str)] = &[
    (
        "english",
        "yeonpo-river-flood-relief",
        None,
        "Mina from Incheon",
        "My grandmother lives two villages downstream. The shelter staff called every family by name the first night. Thank you for reporting on the volunteers, not only the damage.",
    ),
    (
        "english",
        "yeonpo-river-flood-relief",
        Some(0),
        "J. Park",
        "Glad she is safe. The embankment report from last year should be read by every county council.\n\nWho decided to postpone the repairs?",
    ),
    (
        "english",
        "yeonpo-river-flood-relief",
        None,
        "Tomas",
        "Is there a way to donate directly to the county relief fund rather than a national charity?",
    ),
    (
        "korean",
        "yeonpo-gang-hongsu-guho",
        None,
        "서울 독자",
        "피해 주민들께 힘내시라는 말씀 전하고 싶습니다. 복구 현장 소식도 계속 전해 주세요.",
    ),
    (
        "korean",
        "yeonpo-gang-hongsu-guho",
        Some(3),
        "가람군 주민",
        "감사합니다. 체육관 대피소 분위기는 차분합니다. 어르신들 약 챙겨 주신 보건소 직원분들께 감사드려요.",
    ),
    ("mandarin", "shamo-tielu-tongche", None, "老李", "以前去县城要坐两天的车，现在六个小时就到了。希望票价不要太贵。"),
    (
        "uyghur",
        "chol-tomuryoli-qatnashqa-bashlidi",
        None,
        "ئابدۇللا",
        "تۆمۈريولنىڭ ئېچىلىشى ياخشى خەۋەر، ئەمما چارۋىچىلارنىڭ يايلاق يوللىرىمۇ ئويلىشىلىشى كېرەك.",
    ),
    (
        "vietnamese",
        "dinh-cong-xuong-may-an-phu",
        None,
        "Chị Lan",
        "Mong công ty sớm trả đủ tiền tăng ca cho anh chị em công nhân. Cảm ơn phóng viên đã đưa tin.",
    ),
];

/// Publishes the demo readers' comments (once: only when the demo articles are new).
async fn seed_comments(store: &dyn Store, now: DateTime<Utc>) -> anyhow::Result<()> {
    let services = store.services().await?;
    let mut ids: Vec<Option<CommentId>> = Vec::new();
    for (index, &(code, slug, parent, name, text)) in DEMO_COMMENTS.iter().enumerate() {
        let service = services.iter().find(|s| s.code == code);
        let article = match service {
            Some(service) => store.article_by_slug(service.id, slug).await?,
            None => None,
        };
        let Some(article) = article else {
            ids.push(None);
            continue;
        };
        let at = article.published_at.unwrap_or(now) + chrono::Duration::hours(2 + i64::try_from(index).unwrap_or(0));
        let new = NewComment {
            article_id: ArticleId(article.id.0),
            parent_id: parent.and_then(|p| ids.get(p).copied().flatten()),
            author_name: name.to_owned(),
            text: text.to_owned(),
            email: None,
            text_hash: sha256_hex(text),
            commenter_hash: sha256_hex(&format!("demo-reader-{index}")),
            address_hash: sha256_hex(&format!("demo-address-{index}")),
            terms_version: 0,
            form_nonce: None,
            labels: Vec::new(),
            single_use_form: false,
            label_first: false,
            held: false,
        };
        let limits = dateline_core::comments::SubmissionLimits {
            per_address_per_hour: 0,
            per_article_per_minute: 0,
            duplicate_window_hours: 0,
        };
        let id = store
            .submit_comment(&new, limits, at)
            .await?
            .map_err(|refusal| anyhow::anyhow!("a demo comment was refused: {refusal}"))?;
        dateline_core::comments::transition(store, "demo", id, dateline_core::comments::Transition::Approve, None, at)
            .await?;
        ids.push(Some(id));
    }
    Ok(())
}

/// Resolves `relative` against the folder of `from` within the demo tree. The shared
/// `photos/` folder shows inside every service's folder (`articles/english/a.md` +
/// `photos/x.jpg` → `photos/x.jpg`): images are read only from below an article's folder.
fn resolve(from: &str, relative: &str) -> String {
    if let Some(photo) = relative.strip_prefix("photos/") {
        return format!("photos/{photo}");
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    parts.extend(relative.split('/').filter(|part| !matches!(*part, "" | ".")));
    parts.join("/")
}

fn read_demo_file(path: &str) -> std::io::Result<Vec<u8>> {
    DEMO_FILES
        .iter()
        .find(|(name, _)| *name == path)
        .map(|(_, bytes)| bytes.to_vec())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, format!("no demo file {path}")))
}

/// The demo's directory of people: each a slug and names by language, so that credits in
/// every language link to one page per service and name them in its language.
pub const DEMO_PEOPLE: &[(&str, &[(&str, &str)])] = &[
    ("kim-soo-jin", &[("ko", "김수진"), ("ko-Latn", "Kim Soo-jin"), ("zh-Hans", "金秀珍")]),
    ("lee-dong-hyun", &[("ko", "이동현"), ("ko-Latn", "Lee Dong-hyun"), ("zh-Hans", "李东贤")]),
    ("han-ji-won", &[("ko", "한지원"), ("ko-Latn", "Han Ji-won")]),
    ("mihray-tursun", &[("ug", "مىھراي تۇرسۇن"), ("ug-Latn", "Mihray Tursun"), ("ko", "미흐라이 투르순")]),
    ("dilnur-rozi", &[("ug", "دىلنۇر روزى"), ("ug-Latn", "Dilnur Rozi"), ("zh-Hans", "迪丽努尔·肉孜")]),
    ("tom-ashdown", &[("en", "Tom Ashdown"), ("zh-Hans", "汤姆·阿什当"), ("ug", "توم ئاشداۋن")]),
    ("hannah-brooke", &[("en", "Hannah Brooke"), ("ko", "해나 브룩")]),
    ("to-hieu-mai", &[("zh-Hans", "苏晓梅"), ("vi", "Tô Hiểu Mai")]),
];

/// Adds the demo's people who are not in the directory yet.
async fn add_people(store: &dyn Store, now: DateTime<Utc>) -> anyhow::Result<()> {
    for &(slug, names) in DEMO_PEOPLE {
        if store.person_by_slug(slug).await?.is_some() {
            continue;
        }
        let form = PersonForm {
            slug: slug.to_owned(),
            names: names
                .iter()
                .map(|&(language, name)| PersonName { language: language.into(), name: name.into() })
                .collect(),
            user: String::new(),
        };
        people::add_person(store, Actor::CommandLine, &form, now).await?;
    }
    Ok(())
}

/// Creates the demo services that do not exist yet.
pub async fn add_services(store: &dyn Store, now: DateTime<Utc>) -> anyhow::Result<()> {
    let existing = store.services().await?;
    for &(code, name, native, language, zone) in DEMO_SERVICES {
        if existing.iter().any(|s| s.code == code) {
            continue;
        }
        let service = NewService::parse(code, name, Some(native), language, None, Some(zone))?;
        match services::add_service(store, Actor::CommandLine, &service, now).await {
            Ok(_) | Err(ServiceChangeError::Taken(_)) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}

/// Creates the demo services that do not exist yet, imports the demo articles and adds the
/// demo's people to the directory.
pub async fn load(store: &dyn Store, media: &dyn MediaStore, now: DateTime<Utc>) -> anyhow::Result<Vec<Imported>> {
    add_services(store, now).await?;
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
    let imported = import_files(store, media, &sources, now).await.map_err(|failure| match failure {
        dateline_core::articles::import::ImportFailure::Invalid(errors) => {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            anyhow::anyhow!("the demo content is invalid:\n{}", lines.join("\n"))
        }
        other => other.into(),
    })?;
    if imported.iter().all(|i| matches!(i.outcome, dateline_core::store::SaveOutcome::Created(_))) {
        seed_comments(store, now).await?;
    }
    add_people(store, now).await?;
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_paths_inside_the_demo_tree() {
        assert_eq!(resolve("articles/english/a.md", "photos/x.jpg"), "photos/x.jpg");
        assert_eq!(resolve("articles/english/a.md", "./b.png"), "articles/english/b.png");
    }

    #[test]
    fn ships_articles_and_photos() {
        assert!(DEMO_FILES.iter().filter(|(n, _)| n.ends_with(".md")).count() >= 20);
        assert!(DEMO_FILES.iter().any(|(n, _)| n.starts_with("photos/")));
    }
}
