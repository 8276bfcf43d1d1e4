//! Every kind of page is valid HTML5, checked with the Nu HTML Checker (vnu.jar).
//!
//! The pages are written to a folder and checked in one run of the checker. `VNU_JAR`
//! names the checker's jar (`.ci/run` installs it from npm); without it the check is
//! skipped locally and fails in CI.

use std::process::Command;

use crate::util::{Backend, TempDir, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_page_is_valid_html() {
    let jar = match std::env::var("VNU_JAR") {
        Ok(jar) => jar,
        Err(_) => {
            assert!(std::env::var("CI").is_err(), "CI must set VNU_JAR to the Nu HTML Checker's vnu.jar");
            eprintln!("skipping: set VNU_JAR=path/to/vnu.jar to validate the pages");
            return;
        }
    };
    let app = TestApp::with_demo(Backend::Sqlite).await;
    let mut paths = vec!["/".to_owned(), "/no-such-page".to_owned(), "/korean/2026/01/missing".to_owned()];
    for service in dateline_core::store::Store::services(app.store.as_ref()).await.unwrap() {
        let home = format!("/{}/", service.code);
        let page = app.get(&home).await;
        let article = page
            .body
            .split("class=\"story-headline\"><a href=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let article_page = app.get(&article).await;
        if let Some(tag) = article_page.body.split("class=\"tags\"").nth(1).and_then(|t| t.split("href=\"").nth(1)) {
            paths.push(tag.split('"').next().unwrap().to_owned());
        }
        paths.push(home);
        paths.push(article);
    }
    let folder = TempDir::new();
    for (index, path) in paths.iter().enumerate() {
        let page = app.get(path).await;
        assert!(page.status == 200 || page.status == 404, "{path}: {}", page.status);
        std::fs::write(folder.path().join(format!("page-{index:02}.html")), page.body).unwrap();
    }
    let output = Command::new("java")
        .args(["-jar", &jar, "--errors-only", "--format", "text", "--skip-non-html"])
        .arg(folder.path())
        .output()
        .expect("run java -jar vnu.jar");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the Nu HTML Checker found errors in {paths:?}:\n{report}");
}
