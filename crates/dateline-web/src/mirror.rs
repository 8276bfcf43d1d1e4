//! A static mirror of the public site (`dateline mirror export DIR`): every public page,
//! feed, sitemap, stylesheet and image, as files whose links to each other are relative,
//! so that the folder works from any domain, any sub-path, an onion service, or from disk.
//!
//! The exporter crawls the site through its own router, in process, from the front page
//! and the feeds and sitemaps, and writes what it finds. A file is written only when its
//! bytes changed, each by writing a temporary file and renaming it (a reader of the mirror
//! never sees half a page). With `--since-last` only the pages that the change log says
//! changed since the last export are fetched again (with the lists' first pages, where
//! scheduled stories appear), and the pages they newly link to.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use dateline_core::changes::PageTag;
use serde::{Deserialize, Serialize};
use tower::ServiceExt;

use crate::cache::CacheTags;
use crate::state::AppState;

/// Name of the file in the mirror's folder that remembers what was exported.
pub const MANIFEST: &str = ".dateline-mirror.json";

/// Paths a mirror never holds: the console, the API, a commenter's own pages.
const PRIVATE_PREFIXES: &[&str] = &["/admin", "/api/", "/my/", "/healthz", "/preview/"];

/// What a mirror export did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MirrorReport {
    /// Files written (new or changed), relative to the folder.
    pub written: Vec<String>,
    /// Files removed (their page is gone from the site).
    pub removed: Vec<String>,
    /// Pages fetched whose file was already up to date.
    pub unchanged: usize,
    /// Whether only what changed since the last export was fetched.
    pub incremental: bool,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum MirrorError {
    /// Reading or writing the folder failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What failed.
        source: std::io::Error,
    },
    /// The site failed to render a page.
    #[error("the page {path} could not be rendered ({status})")]
    Render {
        /// The page.
        path: String,
        /// Its status.
        status: StatusCode,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] dateline_core::store::StoreError),
}

/// What the folder's manifest remembers: the change the export saw last and, for every
/// page, its file and the tags it was rendered with.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    last_change: i64,
    pages: BTreeMap<String, ExportedPage>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ExportedPage {
    file: String,
    tags: Vec<String>,
}

/// The file of a site path in the mirror (`/korean/` → `korean/index.html`,
/// `/korean/2026/10/slug` → `korean/2026/10/slug/index.html`, `/korean/?before=X` →
/// `korean/before-X/index.html`, `/static/style.css?v=1` → `static/style.css`).
pub fn file_of(target: &str) -> String {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = path.trim_start_matches('/');
    let is_file = path.starts_with("static/")
        || path.starts_with("media/")
        || Path::new(path).extension().is_some_and(|e| matches!(e.to_str(), Some("xml" | "txt" | "css" | "js")));
    if is_file {
        return path.to_owned();
    }
    let mut dir = path.trim_end_matches('/').to_owned();
    if !query.is_empty() {
        let safe: String = query
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '-' })
            .collect();
        dir = if dir.is_empty() { safe } else { format!("{dir}/{safe}") };
    }
    if dir.is_empty() { "index.html".to_owned() } else { format!("{dir}/index.html") }
}

/// The name on disk of a file of the mirror: its link's percent-encoding decoded, as a
/// static server or a browser reading from disk decodes it (an encoded `/` stays
/// encoded; `.` and `..` segments are dropped).
pub fn disk_name(file: &str) -> PathBuf {
    file.split('/').filter(|segment| !matches!(*segment, "" | "." | "..")).map(percent_decode).collect()
}

/// A path segment with its percent-encoding decoded (except an encoded `/`).
pub fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) if !(high == 2 && low == 0xF) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The relative link from the file `from` to the file `to` (both relative to the folder).
pub fn relative_link(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect::<Vec<_>>().split_last().map_or(Vec::new(), |(_, d)| d.to_vec());
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut link = "../".repeat(from_dirs.len() - common);
    link.push_str(&to_parts[common..].join("/"));
    link
}

/// Whether a site path is one a mirror holds.
fn is_public(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !PRIVATE_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// The site paths an HTML page links to (`href`, `src`, `srcset`), and the page with those
/// links made relative to its own file. Forms' `action`s stay as they are.
fn rewrite_links(html: &str, own_file: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(html.len());
    let mut found = Vec::new();
    let mut rest = html;
    loop {
        let next = [" href=\"/", " src=\"/", " srcset=\"/"]
            .iter()
            .filter_map(|attr| rest.find(attr).map(|at| (at, attr.len() - 1)))
            .min_by_key(|(at, _)| *at);
        let Some((at, prefix)) = next else { break };
        let value_start = at + prefix;
        out.push_str(&rest[..value_start]);
        let value_len = rest[value_start..].find('"').unwrap_or(rest.len() - value_start);
        let raw = &rest[value_start..value_start + value_len];
        if rest[at..].starts_with(" srcset=") {
            // Candidates "URL WIDTHw", separated by commas.
            let candidates: Vec<String> = raw
                .split(", ")
                .map(|candidate| {
                    let (url, descriptor) = candidate.split_once(' ').unwrap_or((candidate, ""));
                    let url = url.replace("&amp;", "&");
                    if !is_public(&url) {
                        return candidate.to_owned();
                    }
                    found.push(url.clone());
                    let link = crate::templates::escape_html(&relative_link(own_file, &file_of(&url)));
                    if descriptor.is_empty() { link } else { format!("{link} {descriptor}") }
                })
                .collect();
            out.push_str(&candidates.join(", "));
            rest = &rest[value_start + value_len..];
            continue;
        }
        let value = raw.replace("&amp;", "&");
        let (target, fragment) = value.split_once('#').map_or((value.as_str(), None), |(t, f)| (t, Some(f)));
        if is_public(target) {
            let mut link = relative_link(own_file, &file_of(target));
            if let Some(fragment) = fragment {
                link.push('#');
                link.push_str(fragment);
            }
            out.push_str(&crate::templates::escape_html(&link));
            found.push(target.to_owned());
        } else {
            out.push_str(raw);
        }
        rest = &rest[value_start + value_len..];
    }
    out.push_str(rest);
    (out, found)
}

/// Exports the site of `app` (built with [`crate::SiteSettings::mirror`] set) into `dir`.
pub async fn export(app: AppState, dir: &Path, since_last: bool) -> Result<MirrorReport, MirrorError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| MirrorError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let manifest_path = dir.join(MANIFEST);
    let previous: Option<Manifest> =
        std::fs::read(&manifest_path).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok());
    let latest = app.store.latest_change().await?;
    let mut report = MirrorReport::default();
    let (mut manifest, mut queue) = match previous.filter(|_| since_last) {
        Some(previous) => {
            let changes = app.store.changes_since(previous.last_change).await?;
            // Changes are kept an hour: if the log no longer reaches back to the last
            // export, or everything changed, everything is fetched again.
            let reaches_back =
                previous.last_change <= latest && changes.first().is_none_or(|c| c.id <= previous.last_change + 1);
            let tags: BTreeSet<String> = changes.iter().flat_map(|c| c.tags.iter().map(ToString::to_string)).collect();
            if reaches_back && !tags.contains(&PageTag::All.to_string()) {
                report.incremental = true;
                let queue = pages_to_refresh(&previous, &tags);
                (previous, queue)
            } else {
                (previous, seeds(&app).await?)
            }
        }
        None => (Manifest::default(), seeds(&app).await?),
    };
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut fetched: BTreeSet<String> = BTreeSet::new();
    let router = crate::router(app.clone());
    while let Some(path) = queue.pop_front() {
        fetched.insert(path.clone());
        let request = Request::get(&path)
            .body(Body::empty())
            .map_err(|_| MirrorError::Render { path: path.clone(), status: StatusCode::BAD_REQUEST })?;
        let response = router.clone().oneshot(request).await.unwrap_or_else(|never| match never {});
        let status = response.status();
        if status == StatusCode::NOT_FOUND || status == StatusCode::GONE {
            if let Some(gone) = manifest.pages.remove(&path) {
                remove_file(dir, &gone.file, &mut report)?;
            }
            continue;
        }
        if status.is_redirection() {
            continue;
        }
        if !status.is_success() {
            return Err(MirrorError::Render { path, status });
        }
        let is_html =
            response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        let tags: Vec<String> = response
            .extensions()
            .get::<CacheTags>()
            .map(|t| t.0.iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .map_err(|_| MirrorError::Render { path: path.clone(), status: StatusCode::INTERNAL_SERVER_ERROR })?;
        let file = file_of(&path);
        let body = if is_html {
            let (html, links) = rewrite_links(&String::from_utf8_lossy(&bytes), &file);
            for link in links {
                let known = manifest.pages.contains_key(&link) && report.incremental;
                if !known && seen.insert(link.clone()) {
                    queue.push_back(link);
                }
            }
            html.into_bytes()
        } else {
            bytes.to_vec()
        };
        write_if_changed(dir, &file, &body, &mut report)?;
        manifest.pages.insert(path, ExportedPage { file, tags });
    }
    if !report.incremental {
        // A full export: what the crawl no longer reaches is gone from the site.
        let gone: Vec<String> = manifest.pages.keys().filter(|p| !fetched.contains(*p)).cloned().collect();
        for path in gone {
            if let Some(page) = manifest.pages.remove(&path) {
                remove_file(dir, &page.file, &mut report)?;
            }
        }
    }
    manifest.last_change = latest;
    let text = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    write_atomically(&manifest_path, &text).map_err(io(&manifest_path))?;
    Ok(report)
}

/// Where a full export starts: the front page, the feeds, `robots.txt`, the sitemaps and
/// the lite front page (pages reach everything else by their links).
async fn seeds(app: &AppState) -> Result<VecDeque<String>, MirrorError> {
    let mut seeds: VecDeque<String> =
        ["/", "/lite/", "/rss.xml", "/atom.xml", "/robots.txt", "/sitemap.xml"].map(str::to_owned).into();
    for service in app.services().await?.iter() {
        seeds.push_back(format!("/{}/sitemap.xml", service.code));
        seeds.push_back(format!("/{}/news-sitemap.xml", service.code));
    }
    Ok(seeds)
}

/// The pages an incremental export fetches again: those rendered with a tag that changed,
/// and every list's first page, feed and sitemap (a scheduled story appears there at its
/// time, without a change of its own).
fn pages_to_refresh(previous: &Manifest, changed: &BTreeSet<String>) -> VecDeque<String> {
    previous
        .pages
        .iter()
        .filter(|(path, page)| {
            page.tags.iter().any(|t| changed.contains(t)) || (!path.contains('?') && is_list_or_feed(path))
        })
        .map(|(path, _)| path.clone())
        .collect()
}

fn is_list_or_feed(path: &str) -> bool {
    path.ends_with('/') || path.ends_with(".xml") || path.contains("/tags/")
}

fn write_if_changed(dir: &Path, file: &str, body: &[u8], report: &mut MirrorReport) -> Result<(), MirrorError> {
    let path = dir.join(disk_name(file));
    if std::fs::read(&path).is_ok_and(|old| old == body) {
        report.unchanged += 1;
        return Ok(());
    }
    write_atomically(&path, body).map_err(|source| MirrorError::Io { path: path.display().to_string(), source })?;
    report.written.push(file.to_owned());
    Ok(())
}

fn remove_file(dir: &Path, file: &str, report: &mut MirrorReport) -> Result<(), MirrorError> {
    let path = dir.join(disk_name(file));
    match std::fs::remove_file(&path) {
        Ok(()) => {
            report.removed.push(file.to_owned());
            Ok(())
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(MirrorError::Io { path: path.display().to_string(), source }),
    }
}

/// Writes a file whole or not at all: into a temporary file beside it, then renamed.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary: PathBuf = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_files_that_work_from_disk() {
        assert_eq!(file_of("/"), "index.html");
        assert_eq!(file_of("/korean/"), "korean/index.html");
        assert_eq!(file_of("/korean/2026/10/slug"), "korean/2026/10/slug/index.html");
        assert_eq!(file_of("/korean/?before=1790.12"), "korean/before-1790.12/index.html");
        assert_eq!(file_of("/static/style.css?v=abc"), "static/style.css");
        assert_eq!(file_of("/korean/rss.xml"), "korean/rss.xml");
        assert_eq!(file_of("/korean/tags/flood"), "korean/tags/flood/index.html");
        assert_eq!(file_of("/lite/"), "lite/index.html");
        assert_eq!(disk_name("mandarin/tags/%E6%B4%AA%E6%B0%B4/rss.xml"), PathBuf::from("mandarin/tags/洪水/rss.xml"));
        assert_eq!(disk_name("a/%2F/../b%2"), PathBuf::from("a/%2F/b%2"));
    }

    #[test]
    fn links_are_relative_to_the_file() {
        assert_eq!(relative_link("index.html", "korean/index.html"), "korean/index.html");
        assert_eq!(relative_link("korean/2026/10/slug/index.html", "static/style.css"), "../../../../static/style.css");
        assert_eq!(relative_link("korean/index.html", "korean/2026/10/s/index.html"), "2026/10/s/index.html");
        let (html, found) = rewrite_links(
            r#"<a href="/korean/">k</a><img src="/media/a.png" srcset="/media/a-400w.png 400w, /media/a.png 900w"><a href="https://x.example/">x</a><a href="/admin">a</a><a href="/korean/2026/10/s#comments">c</a>"#,
            "korean/2026/10/t/index.html",
        );
        assert_eq!(found, ["/korean/", "/media/a.png", "/media/a-400w.png", "/media/a.png", "/korean/2026/10/s"]);
        assert!(html.contains(r#"href="../../../index.html""#), "{html}");
        assert!(html.contains(r#"src="../../../../media/a.png""#), "{html}");
        assert!(html.contains(r#"srcset="../../../../media/a-400w.png 400w, ../../../../media/a.png 900w""#), "{html}");
        assert!(html.contains(r#"href="../s/index.html#comments""#), "{html}");
        assert!(html.contains(r#"href="/admin""#) && html.contains(r#"href="https://x.example/""#));
    }
}
