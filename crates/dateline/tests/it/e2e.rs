//! End to end in headless Chromium (Debian's `chromium`, driven by playwright-core from
//! npm, which `.ci/run` installs): the reader, the second visitor and the moderator.

use std::path::PathBuf;
use std::process::Command;

use crate::support::{Backend, ServerProcess, TempDir, TestDb, dateline};

fn tools() -> Option<(PathBuf, PathBuf)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let modules = root.join(".ci/node_modules");
    let chromium = PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    let ready = modules.join("playwright-core").is_dir()
        && chromium.is_file()
        && Command::new("node").arg("--version").output().is_ok();
    if !ready {
        assert!(
            std::env::var("CI").is_err(),
            "CI must provide node, .ci/node_modules/playwright-core and Debian's chromium"
        );
        eprintln!("skipping: run `npm ci` in .ci/ and install chromium to run the browser test");
        return None;
    }
    Some((modules, chromium))
}

/// Adds a user with `dateline user add … --password-stdin`.
fn add_user(db: &TestDb, args: &[&str], password: &str) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["user", "add"])
        .args(args)
        .arg("--password-stdin")
        .args(db.cli_args())
        .current_dir(db.dir.path())
        .env_remove("DATABASE_URL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    assert!(child.wait().unwrap().success(), "dateline user add {args:?}");
}

/// Where screenshots go: `DATELINE_E2E_SCREENSHOTS` to keep them, else a scratch folder.
fn screenshot_dir(scratch: &TempDir) -> PathBuf {
    let dir =
        std::env::var("DATELINE_E2E_SCREENSHOTS").map(PathBuf::from).unwrap_or_else(|_| scratch.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn reader_and_moderator_in_a_real_browser(backend: Backend) {
    let Some((modules, chromium)) = tools() else { return };
    let db = TestDb::new(backend).await;
    let server = ServerProcess::start(&db, &[("DATELINE_COMMENTS_MIN_SECONDS_TO_SUBMIT", "1")]);
    let password = "e2e moderator password";
    let cwd = db.dir.path().to_path_buf();
    add_user(&db, &["e2e-moderator", "--role", "moderator", "--service", "english"], password);
    assert!(dateline(&db, &["user", "list"], &cwd).status.success());

    let scratch = TempDir::new();
    let shots_dir = screenshot_dir(&scratch);
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/moderation.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(format!("http://{}", server.address))
        .args(["e2e-moderator", password])
        .arg(&shots_dir)
        .env("DATELINE_NODE_MODULES", modules)
        .env("CHROMIUM", chromium)
        .output()
        .unwrap();
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the browser test failed:\n{log}");
    assert!(log.contains("ok - the reported comment is removed from the page"), "{log}");
}

/// axe-core finds no WCAG 2.1 A/AA or best-practice violation, and nothing scrolls
/// sideways, on the readers' pages of every edition and the console's, at desktop and
/// phone widths.
async fn every_page_passes_an_accessibility_checker(backend: Backend) {
    let Some((modules, chromium)) = tools() else { return };
    assert!(modules.join("axe-core").is_dir(), "`npm ci` in .ci/ installs axe-core");
    let db = TestDb::new(backend).await;
    let server = ServerProcess::start(&db, &[]);
    let password = "accessibility admin password";
    add_user(&db, &["a11y-admin", "--role", "admin"], password);
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/accessibility.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(format!("http://{}", server.address))
        .args(["a11y-admin", password])
        .env("DATELINE_NODE_MODULES", modules)
        .env("CHROMIUM", chromium)
        .output()
        .unwrap();
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the accessibility check failed:\n{log}");
    assert!(log.contains("ok - /admin/comments at 390px"), "{log}");
}

on_both_backends!(reader_and_moderator_in_a_real_browser, every_page_passes_an_accessibility_checker);

async fn a_story_from_draft_to_two_languages_in_a_real_browser(backend: Backend) {
    let Some((modules, chromium)) = tools() else { return };
    let db = TestDb::new(backend).await;
    let server = ServerProcess::start(&db, &[]);
    let password = "e2e desk password";
    add_user(&db, &["e2e-reporter", "--role", "reporter", "--service", "korean"], password);
    add_user(&db, &["e2e-editor", "--role", "editor", "--service", "korean", "--service", "english"], password);
    add_user(&db, &["e2e-translator", "--role", "translator", "--service", "english"], password);
    let scratch = TempDir::new();
    let photo = scratch.path().join("phone-photo.jpg");
    std::fs::write(&photo, crate::security::jpeg_with_exif()).unwrap();
    let shots_dir = screenshot_dir(&scratch);
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/desk.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(format!("http://{}", server.address))
        .arg(password)
        .arg(&photo)
        .arg(&shots_dir)
        .env("DATELINE_NODE_MODULES", modules)
        .env("CHROMIUM", chromium)
        .output()
        .unwrap();
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the browser test failed:\n{log}");
    assert!(log.contains("ok - the English version is flagged: its source changed"), "{log}");
    assert!(log.contains("ok - a save after an automatic one is no conflict"), "{log}");
}

on_both_backends!(a_story_from_draft_to_two_languages_in_a_real_browser);

/// Comments on a page of another site: the embed in a frame, with and without JavaScript.
async fn a_page_of_another_site_carries_comments_in_a_real_browser(backend: Backend) {
    let Some((modules, chromium)) = tools() else { return };
    let db = TestDb::new(backend).await;
    let server = ServerProcess::start(&db, &[("DATELINE_COMMENTS_MIN_SECONDS_TO_SUBMIT", "1")]);
    let cwd = db.dir.path().to_path_buf();
    // The host page is on another site of the same machine (see embed.mjs).
    let host = format!("http://{}", server.address.replace("127.0.0.1:", "localhost:"));
    let allowed = dateline(&db, &["service", "embed", "english", &host], &cwd);
    assert!(allowed.status.success(), "{}", String::from_utf8_lossy(&allowed.stderr));
    let password = "e2e embed moderator password";
    add_user(&db, &["e2e-embed-moderator", "--role", "moderator", "--service", "english"], password);
    // The server remembers services for a second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let scratch = TempDir::new();
    let shots_dir = screenshot_dir(&scratch);
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/embed.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(format!("http://{}", server.address))
        .args(["e2e-embed-moderator", password])
        .arg(&shots_dir)
        .env("DATELINE_NODE_MODULES", modules)
        .env("CHROMIUM", chromium)
        .output()
        .unwrap();
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the browser test failed:\n{log}");
    assert!(log.contains("ok - the approved comment shows in the frame"), "{log}");
}

on_both_backends!(a_page_of_another_site_carries_comments_in_a_real_browser);

/// Attack mode in a real browser: the form's script proves work, or the reader waits.
async fn attack_mode_in_a_real_browser(backend: Backend) {
    let Some((modules, chromium)) = tools() else { return };
    let db = TestDb::new(backend).await;
    let server = ServerProcess::start(&db, &[("DATELINE_COMMENTS_MIN_SECONDS_TO_SUBMIT", "1")]);
    let cwd = db.dir.path().to_path_buf();
    let on = dateline(&db, &["service", "attack-mode", "english", "on"], &cwd);
    assert!(on.status.success(), "{}", String::from_utf8_lossy(&on.stderr));
    // The server remembers services for a second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let scratch = TempDir::new();
    let shots_dir = screenshot_dir(&scratch);
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/attack.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(format!("http://{}", server.address))
        .arg(&shots_dir)
        .env("DATELINE_NODE_MODULES", modules)
        .env("CHROMIUM", chromium)
        .output()
        .unwrap();
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the browser test failed:\n{log}");
    assert!(log.contains("ok - the comment with a proof is received at once"), "{log}");
    eprintln!("{log}");
}

on_both_backends!(attack_mode_in_a_real_browser);

/// Moderation at scale in a real browser: decisions teach the score, the queue sorted by
/// score and a comment's reasons, a campaign kept to one, each service's defences.
async fn moderation_at_scale_in_a_real_browser(backend: Backend) {
    let Some((modules, chromium)) = tools() else { return };
    let db = TestDb::new(backend).await;
    let limits = [
        ("DATELINE_COMMENTS_MIN_SECONDS_TO_SUBMIT", "1"),
        ("DATELINE_COMMENTS_PER_ADDRESS_PER_HOUR", "0"),
        ("DATELINE_COMMENTS_PER_ARTICLE_PER_MINUTE", "0"),
    ];
    let server = ServerProcess::start(&db, &limits);
    let password = "e2e admin password at scale";
    add_user(&db, &["e2e-chief", "--role", "admin"], password);
    let scratch = TempDir::new();
    let shots_dir = screenshot_dir(&scratch);
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/scale.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(format!("http://{}", server.address))
        .args(["e2e-chief", password])
        .arg(&shots_dir)
        .env("DATELINE_NODE_MODULES", modules)
        .env("CHROMIUM", chromium)
        .output()
        .unwrap();
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the browser test failed:\n{log}");
    assert!(log.contains("ok - keep one: the others are rejected as copies"), "{log}");
}

on_both_backends!(moderation_at_scale_in_a_real_browser);
