//! Reach: feeds, robots.txt and sitemaps, structured data, lite pages, the onion address,
//! and static mirrors — as feed readers, crawlers and readers behind a block meet them.

use axum::body::Body;
use axum::http::Request;

use crate::support::{Backend, TempDir, TestApp, TestDb, dateline, test_now};

const BASE: &str = "https://news.example";

/// The demo newsroom on a site whose public address is [`BASE`].
async fn newsroom(backend: Backend) -> TestApp {
    let site = dateline_web::SiteSettings { base_url: Some(BASE.into()), ..Default::default() };
    let app = TestApp::with_site(backend, site).await;
    dateline::demo::load(app.store.as_ref(), app.media.as_ref(), test_now()).await.unwrap();
    app
}

/// A story of the English service published an hour before the tests' "now".
fn fresh_story(slug: &str, headline: &str) -> String {
    format!(
        "+++\ntitle = \"{headline}\"\nslug = \"{slug}\"\nservice = \"english\"\nsummary = \"A fresh summary.\"\n\
         published = 2026-12-01T11:00:00Z\ntags = [\"Floods\"]\n\n[[credits]]\nrole = \"reported_by\"\nnames = [\"Kim Ji-won\"]\n+++\nFresh text & more.\n"
    )
}

/// The attribute values of every `<tag …>` of a page (`link`, `meta`, …).
fn tags<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    html.split(&format!("<{tag} ")).skip(1).filter_map(|rest| rest.split('>').next()).collect()
}

fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    element.split(&format!("{name}=\"")).nth(1)?.split('"').next()
}

async fn feeds_carry_the_newest_stories_in_their_language(backend: Backend) {
    let app = newsroom(backend).await;
    let rss = app.get("/korean/rss.xml").await;
    assert_eq!(rss.status, 200);
    assert_eq!(rss.header("content-type"), "application/rss+xml; charset=utf-8");
    assert!(rss.body.contains("<language>ko</language>"), "{}", rss.body);
    assert!(rss.body.contains(&format!("<atom:link href=\"{BASE}/korean/rss.xml\" rel=\"self\"")));
    let items = rss.body.matches("<item>").count();
    assert!(items >= 3, "{items} items");
    // Every link is absolute, on the site's address; the full text carries its images so.
    assert!(rss.body.contains(&format!("<link>{BASE}/korean/2026/")));
    assert!(rss.body.contains(&format!("src=&quot;{BASE}/media/")), "full text with absolute image links");
    assert!(!rss.body.contains("src=&quot;/media/"));
    let atom = app.get("/uyghur/atom.xml").await;
    assert_eq!(atom.header("content-type"), "application/atom+xml; charset=utf-8");
    assert!(atom.body.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ug\">"));
    assert!(atom.body.contains("dir=&quot;rtl&quot;"), "right-to-left content is marked");
    let site = app.get("/atom.xml").await;
    for service in ["english", "korean", "mandarin", "uyghur", "vietnamese"] {
        assert!(site.body.contains(&format!("<id>{BASE}/{service}/")), "{service} in the site feed");
    }
    // A tag's feed, and a tag that no public story has.
    let english = app.get("/english/").await;
    let tag = english.body.split("href=\"/english/tags/").nth(1).map(|rest| rest.split('"').next().unwrap());
    let tag_page = app.get(&format!("/english/tags/{}", tag.unwrap_or("floods"))).await;
    let tag_feed = attribute(tags(&tag_page.body, "link").into_iter().find(|l| l.contains("rss+xml")).unwrap(), "href")
        .unwrap()
        .to_owned();
    assert!(tag_feed.starts_with("/english/tags/") && tag_feed.ends_with("/rss.xml"), "{tag_feed}");
    assert_eq!(app.get(&tag_feed).await.status, 200);
    assert_eq!(app.get("/english/tags/no-such-tag/rss.xml").await.status, 404);
    assert_eq!(app.get("/klingon/rss.xml").await.status, 404);
    // Feeds are revalidated like pages.
    let etag = rss.header("etag").to_owned();
    let again =
        app.send(Request::get("/korean/rss.xml").header("if-none-match", etag).body(Body::empty()).unwrap()).await;
    assert_eq!(again.status, 304);
}

async fn every_page_names_its_feeds_and_its_lite_version(backend: Backend) {
    let app = newsroom(backend).await;
    for (path, feed) in [("/", "/rss.xml"), ("/korean/", "/korean/rss.xml")] {
        let page = app.get(path).await;
        let links = tags(&page.body, "link");
        let rss = links.iter().find(|l| l.contains("type=\"application/rss+xml\"")).unwrap();
        assert_eq!(attribute(rss, "href"), Some(feed), "{path}");
        assert!(links.iter().any(|l| l.contains("type=\"application/atom+xml\"")), "{path}");
        assert!(
            page.body.contains(&format!("<a href=\"{feed}\" type=\"application/rss+xml\">RSS</a>")),
            "footer of {path}"
        );
        let lite = links.iter().find(|l| l.contains("media=\"only screen\"")).unwrap();
        assert_eq!(attribute(lite, "href"), Some(format!("/lite{path}").as_str()));
    }
}

async fn a_published_story_reaches_feeds_and_sitemaps_at_once(backend: Backend) {
    let app = newsroom(backend).await;
    let before = app.get("/english/rss.xml").await;
    assert!(!before.body.contains("River crest passes"));
    let front = app.get("/").await;
    let etag = front.header("etag").to_owned();
    let cached = app.send(Request::get("/").header("if-none-match", &etag).body(Body::empty()).unwrap()).await;
    assert_eq!(cached.status, 304, "the front page is served from the cache");
    let news_before = app.get("/english/news-sitemap.xml").await;
    assert_eq!(news_before.status, 404, "no story of the last 48 hours yet");
    assert!(!app.get("/sitemap.xml").await.body.contains("/english/news-sitemap.xml"));
    let story = fresh_story("river-crest-passes", "River crest passes");
    app.import(&[("crest.md", story.as_bytes())]).await.unwrap();
    let path = "/english/2026/12/river-crest-passes";
    for feed in ["/english/rss.xml", "/english/atom.xml", "/rss.xml", "/english/tags/floods/rss.xml"] {
        assert!(app.get(feed).await.body.contains(&format!("{BASE}{path}")), "{feed}");
    }
    assert!(app.get("/").await.body.contains("River crest passes"), "the cached front page was dropped");
    let sitemap = app.get("/english/sitemap.xml").await;
    assert!(sitemap.body.contains(&format!("<loc>{BASE}{path}</loc>")));
    let news = app.get("/english/news-sitemap.xml").await;
    assert_eq!(news.status, 200);
    assert!(news.body.contains("<news:title>River crest passes</news:title>"), "{}", news.body);
    assert!(news.body.contains("<news:language>en</news:language>"));
    assert!(app.get("/sitemap.xml").await.body.contains(&format!("<loc>{BASE}/english/news-sitemap.xml</loc>")));
    // A scheduled story is in none of them before its time.
    let later = fresh_story("tomorrow", "Tomorrow's story").replace("2026-12-01T11:00:00Z", "2026-12-02T11:00:00Z");
    app.import(&[("later.md", later.as_bytes())]).await.unwrap();
    assert!(!app.get("/english/rss.xml").await.body.contains("tomorrow"));
    assert!(!app.get("/english/sitemap.xml").await.body.contains("tomorrow"));
}

async fn crawlers_are_told_what_to_skip_and_where_the_sitemaps_are(backend: Backend) {
    let app = newsroom(backend).await;
    let robots = app.get("/robots.txt").await;
    assert_eq!(robots.header("content-type"), "text/plain; charset=utf-8");
    for line in ["Disallow: /admin", "Disallow: /api/", "Disallow: /my/", &format!("Sitemap: {BASE}/sitemap.xml")] {
        assert!(robots.body.lines().any(|l| l == line), "{line} in {}", robots.body);
    }
    let index = app.get("/sitemap.xml").await;
    assert_eq!(index.header("content-type"), "application/xml; charset=utf-8");
    let uyghur = app.get("/uyghur/sitemap.xml").await;
    assert!(uyghur.body.contains(&format!("<loc>{BASE}/uyghur/</loc>")));
    assert!(uyghur.body.contains("<lastmod>2026-"), "{}", uyghur.body);
    assert!(index.body.contains(&format!("<loc>{BASE}/uyghur/sitemap.xml</loc>")));
    assert_eq!(app.get("/uyghur/sitemap.xml?page=2").await.status, 404);
    assert_eq!(app.get("/uyghur/sitemap.xml?page=zero").await.status, 404);
}

async fn story_pages_describe_themselves_to_machines(backend: Backend) {
    let app = newsroom(backend).await;
    let korean = app.get("/korean/2026/11/park-eunseo-eollon-jayusang").await;
    let links = tags(&korean.body, "link");
    let canonical = links.iter().find(|l| l.starts_with("rel=\"canonical\"")).unwrap();
    assert_eq!(
        attribute(canonical, "href"),
        Some(format!("{BASE}/korean/2026/11/park-eunseo-eollon-jayusang").as_str())
    );
    let hreflang: Vec<(&str, &str)> =
        links.iter().filter_map(|l| Some((attribute(l, "hreflang")?, attribute(l, "href")?))).collect();
    assert!(hreflang.contains(&("ko", &format!("{BASE}/korean/2026/11/park-eunseo-eollon-jayusang"))), "{hreflang:?}");
    let english = format!("{BASE}/english/2026/11/aster-prize-park-eun-seo");
    assert!(hreflang.contains(&("en", english.as_str())) && hreflang.contains(&("x-default", english.as_str())));
    let meta = tags(&korean.body, "meta");
    let og = |property: &str| {
        meta.iter().find(|m| m.contains(&format!("property=\"{property}\""))).and_then(|m| attribute(m, "content"))
    };
    assert_eq!(og("og:type"), Some("article"));
    assert_eq!(og("og:locale"), Some("ko_KR"));
    assert!(og("og:image").unwrap().starts_with(&format!("{BASE}/media/")));
    let json =
        korean.body.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let story = &data[0];
    assert_eq!(story["@type"], "NewsArticle");
    assert_eq!(story["inLanguage"], "ko");
    assert_eq!(story["headline"], "원양어선 선원 착취 고발한 박은서 기자, 애스터 언론자유상 받아");
    // A person of the directory is named in the page's language, with their page.
    assert_eq!(
        story["author"][0],
        serde_json::json!({"@type": "Person", "name": "해나 브룩", "url": format!("{BASE}/korean/people/hannah-brooke")})
    );
    assert_eq!(story["translator"][0]["name"], "한지원");
    assert_eq!(story["translationOfWork"]["@id"], english.as_str());
    assert_eq!(story["publisher"]["name"], "Dateline");
    assert!(story["datePublished"].as_str().unwrap().ends_with("+09:00"), "in the service's time zone");
    assert_eq!(data[1]["@type"], "BreadcrumbList");
    let original = app.get("/english/2026/11/aster-prize-park-eun-seo").await;
    let json =
        original.body.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let translations: Vec<&str> =
        data[0]["workTranslation"].as_array().unwrap().iter().map(|t| t["@id"].as_str().unwrap()).collect();
    assert!(translations.contains(&format!("{BASE}/korean/2026/11/park-eunseo-eollon-jayusang").as_str()));
}

async fn lite_pages_are_light_and_lead_back(backend: Backend) {
    let app = newsroom(backend).await;
    let front = app.get("/lite/").await;
    assert_eq!(front.status, 200);
    let stories: Vec<String> =
        front.body.split("<li><a href=\"").skip(1).map(|rest| rest.split('"').next().unwrap().to_owned()).collect();
    assert!(stories.len() >= 20, "{} stories on the lite front page", stories.len());
    for lite in &stories {
        let page = app.get(lite).await;
        assert_eq!(page.status, 200, "{lite}");
        assert!(page.body.len() < 20 * 1024, "{lite} weighs {} bytes", page.body.len());
        assert!(!page.body.contains("<img") && !page.body.contains("<script"), "{lite}");
        let full = lite.trim_start_matches("/lite");
        assert!(page.body.contains(&format!("<a href=\"{full}\">")), "{lite} links its full page");
        let full_page = app.get(full).await;
        assert!(full_page.body.contains(&format!("<link rel=\"alternate\" media=\"only screen\" href=\"{lite}\">")));
    }
    let with_photo = app.get("/lite/korean/2026/11/park-eunseo-eollon-jayusang?images=1").await;
    assert!(with_photo.body.contains("<img src=\"/media/"), "photos when asked for");
    let home = app.get("/lite/uyghur/").await;
    assert!(home.body.contains("<ul lang=\"ug\" dir=\"rtl\">"));
    assert_eq!(app.get("/lite/klingon/").await.status, 404);
}

async fn the_onion_address_is_offered_and_used(backend: Backend) {
    let onion = format!("{}.onion", "a".repeat(56));
    let site = dateline_web::SiteSettings {
        base_url: Some(BASE.into()),
        onion_address: Some(onion.clone()),
        ..Default::default()
    };
    let app = TestApp::with_site(backend, site).await;
    dateline::demo::load(app.store.as_ref(), app.media.as_ref(), test_now()).await.unwrap();
    let page = app.get("/korean/?x=1").await;
    assert_eq!(page.header("onion-location"), format!("http://{onion}/korean/?x=1"));
    assert!(page.body.contains(&format!("<a href=\"http://{onion}/\">")), "a visible link");
    let clear = app.get("/korean/rss.xml").await;
    let via_onion = app.send(Request::get("/korean/rss.xml").header("host", &onion).body(Body::empty()).unwrap()).await;
    assert!(clear.body.contains(&format!("{BASE}/korean/")));
    assert!(via_onion.body.contains(&format!("http://{onion}/korean/")) && !via_onion.body.contains(BASE));
    let clear_again = app.get("/korean/rss.xml").await;
    assert!(!clear_again.body.contains(".onion"), "the cache keeps the two apart");
    let onion_page = app.send(Request::get("/korean/").header("host", &onion).body(Body::empty()).unwrap()).await;
    assert!(onion_page.headers.get("onion-location").is_none(), "not offered to who is already there");
}

/// `dateline mirror export`: a folder that works from anywhere, refreshed by what changed.
async fn a_mirror_is_whole_relative_and_refreshed_by_what_changed(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let generated = dateline(&db, &["dev", "generate", "--articles", "30", "--comments", "60", "--pending", "0"], &cwd);
    assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));
    let mirror = TempDir::new();
    let out = mirror.path().join("site");
    let out_arg = out.display().to_string();
    let export = |extra: &[&str]| {
        let mut args =
            vec!["mirror", "export", out_arg.as_str(), "--base-url", "https://mirror.example", "--base-path", "/news"];
        args.extend_from_slice(extra);
        let output = dateline(&db, &args, &cwd);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let first = export(&[]);
    assert!(first.contains("index.html") && first.contains("written"), "{first}");
    let broken = broken_links(&out);
    assert!(broken.is_empty(), "broken links: {broken:?}");
    let front = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(front.contains("href=\"english/index.html\""), "relative links");
    assert!(!front.contains("/my/comments") && !front.contains("<form"), "nothing personal or dynamic");
    let feed = std::fs::read_to_string(out.join("english/rss.xml")).unwrap();
    assert!(feed.contains("https://mirror.example/news/english/"), "feeds name the mirror's address");

    // Nothing changed: nothing is written.
    let again = export(&["--since-last"]);
    assert!(again.starts_with("0 file(s) written"), "{again}");

    // One new story: its pages, the lists and feeds that show it, nothing else.
    std::fs::write(cwd.join("crest.md"), fresh_story("river-crest-passes", "River crest passes")).unwrap();
    let imported = dateline(&db, &["article", "import", "crest.md"], &cwd);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let changed = export(&["--since-last"]);
    let written: Vec<&str> = changed.lines().filter_map(|l| l.strip_prefix("wrote ")).collect();
    assert!(written.contains(&"english/2026/12/river-crest-passes/index.html"), "{changed}");
    assert!(written.contains(&"english/rss.xml") && written.contains(&"english/index.html"), "{changed}");
    assert!(
        !written
            .iter()
            .any(|f| f.starts_with("korean/20") || f.starts_with("english/20") && !f.contains("river-crest")),
        "other stories are left alone: {changed}"
    );
    assert!(broken_links(&out).is_empty());
}

/// Two nodes on one database: a story published through a third process shows in a feed
/// and a sitemap that the other node had cached, within a second.
async fn feeds_follow_a_publication_on_every_node(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let generated = dateline(&db, &["dev", "generate", "--articles", "10", "--comments", "0", "--pending", "0"], &cwd);
    assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));
    let settings = [("DATELINE_BASE_URL", BASE)];
    let a = crate::support::ServerProcess::start(&db, &settings);
    let b = crate::support::ServerProcess::start(&db, &settings);
    for path in ["/english/rss.xml", "/english/sitemap.xml"] {
        assert!(!b.request("GET", path, "").unwrap().contains("river-crest-passes"));
        assert!(!a.request("GET", path, "").unwrap().contains("river-crest-passes"));
    }
    std::fs::write(cwd.join("crest.md"), fresh_story("river-crest-passes", "River crest passes")).unwrap();
    let imported = dateline(&db, &["article", "import", "crest.md"], &cwd);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let started = std::time::Instant::now();
    for node in [&a, &b] {
        for path in ["/english/rss.xml", "/english/atom.xml", "/english/sitemap.xml", "/english/news-sitemap.xml"] {
            while !node.request("GET", path, "").unwrap().contains("river-crest-passes") {
                assert!(started.elapsed() < std::time::Duration::from_secs(1), "{path} still stale after a second");
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        }
    }
}

/// The Python that runs `tests/reach/check.py` (with feedparser, xmlschema and PyLD):
/// `REACH_PYTHON`, which `.ci/run` sets; without it the check is skipped locally and
/// fails in CI.
fn reach_python() -> Option<String> {
    match std::env::var("REACH_PYTHON") {
        Ok(python) => Some(python),
        Err(_) => {
            assert!(
                std::env::var("CI").is_err(),
                "CI must set REACH_PYTHON to a Python with feedparser, xmlschema, PyLD"
            );
            eprintln!("skipping: set REACH_PYTHON to a Python with feedparser, xmlschema and PyLD");
            None
        }
    }
}

fn check(python: &str, args: &[&str]) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reach/check.py");
    let output = std::process::Command::new(python).arg(script).args(args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    eprintln!("{text}");
    assert!(output.status.success(), "check.py {args:?}:\n{text}");
}

/// Feeds, sitemaps, structured data and a mirror, checked by tools Dateline does not use:
/// feedparser, XML Schema validation, a JSON-LD processor, and a crawl of the mirror served
/// by a plain static server under a sub-path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outside_tools_accept_feeds_sitemaps_structured_data_and_mirrors() {
    let Some(python) = reach_python() else { return };
    let app = newsroom(Backend::Sqlite).await;
    let story = fresh_story("river-crest-passes", "River crest passes");
    app.import(&[("crest.md", story.as_bytes())]).await.unwrap();
    let folder = TempDir::new();
    let save = |name: &str, body: &str| {
        let path = folder.path().join(name);
        std::fs::write(&path, body).unwrap();
        path.display().to_string()
    };
    let mut feeds = Vec::new();
    let mut urlsets = Vec::new();
    for (prefix, name) in [
        ("", "site"),
        ("/english", "english"),
        ("/korean", "korean"),
        ("/mandarin", "mandarin"),
        ("/uyghur", "uyghur"),
        ("/vietnamese", "vietnamese"),
        ("/english/tags/floods", "tag"),
        ("/mandarin/people/kim-soo-jin", "person"),
    ] {
        for format in ["rss", "atom"] {
            let feed = app.get(&format!("{prefix}/{format}.xml")).await;
            assert_eq!(feed.status, 200, "{prefix}/{format}.xml");
            feeds.push(save(&format!("{name}-{format}.xml"), &feed.body));
        }
        if !prefix.is_empty() && !matches!(name, "tag" | "person") {
            urlsets.push(save(&format!("{name}-sitemap.xml"), &app.get(&format!("{prefix}/sitemap.xml")).await.body));
        }
    }
    urlsets.push(save("news-sitemap.xml", &app.get("/english/news-sitemap.xml").await.body));
    let index = save("sitemap-index.xml", &app.get("/sitemap.xml").await.body);
    let mut pages = Vec::new();
    for path in [
        "/korean/2026/11/park-eunseo-eollon-jayusang",
        "/english/2026/11/aster-prize-park-eun-seo",
        "/english/2026/12/river-crest-passes",
    ] {
        let page = app.get(path).await;
        pages.push(save(&format!("page-{}.html", pages.len()), &page.body));
    }
    let feed_args: Vec<&str> = std::iter::once("feeds").chain(feeds.iter().map(String::as_str)).collect();
    check(&python, &feed_args);
    let mut sitemap_args = vec!["sitemaps", index.as_str()];
    sitemap_args.extend(urlsets.iter().map(String::as_str));
    check(&python, &sitemap_args);
    let page_args: Vec<&str> = std::iter::once("jsonld").chain(pages.iter().map(String::as_str)).collect();
    check(&python, &page_args);

    let db = TestDb::new(Backend::Sqlite).await;
    let cwd = db.dir.path().to_path_buf();
    let generated = dateline(&db, &["dev", "generate", "--articles", "40", "--comments", "80", "--pending", "0"], &cwd);
    assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));
    let out = cwd.join("mirror");
    let out_arg = out.display().to_string();
    let export = dateline(&db, &["mirror", "export", &out_arg, "--base-url", BASE], &cwd);
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    check(&python, &["mirror", &out_arg, BASE]);
}

/// Every relative `href`/`src` of every page of a mirror folder that names no file.
fn broken_links(dir: &std::path::Path) -> Vec<String> {
    let mut broken = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let html = std::fs::read_to_string(&path).unwrap();
            for attr in [" href=\"", " src=\""] {
                for rest in html.split(attr).skip(1) {
                    let link = rest.split('"').next().unwrap().split('#').next().unwrap();
                    if link.is_empty() || link.contains("://") || link.starts_with('?') {
                        continue;
                    }
                    if link.starts_with('/') {
                        broken.push(format!("{}: site-absolute {link}", path.display()));
                        continue;
                    }
                    let decoded: std::path::PathBuf =
                        link.split('/').map(dateline_web::mirror::percent_decode).collect();
                    let target = path.parent().unwrap().join(decoded);
                    if !target.exists() {
                        broken.push(format!("{}: {link}", path.display()));
                    }
                }
            }
        }
    }
    broken
}

on_both_backends!(
    feeds_carry_the_newest_stories_in_their_language,
    every_page_names_its_feeds_and_its_lite_version,
    a_published_story_reaches_feeds_and_sitemaps_at_once,
    crawlers_are_told_what_to_skip_and_where_the_sitemaps_are,
    story_pages_describe_themselves_to_machines,
    lite_pages_are_light_and_lead_back,
    the_onion_address_is_offered_and_used,
    a_mirror_is_whole_relative_and_refreshed_by_what_changed,
    feeds_follow_a_publication_on_every_node,
);
