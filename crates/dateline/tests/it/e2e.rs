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

async fn reader_and_moderator_in_a_real_browser(backend: Backend) {
    let Some((modules, chromium)) = tools() else { return };
    let db = TestDb::new(backend).await;
    let server = ServerProcess::start(&db, &[("DATELINE_COMMENTS_MIN_SECONDS_TO_SUBMIT", "1")]);
    let password = "e2e moderator password";
    let cwd = db.dir.path().to_path_buf();
    let mut add = Command::new(env!("CARGO_BIN_EXE_dateline"));
    add.args(["user", "add", "e2e-moderator", "--role", "moderator", "--service", "english", "--password-stdin"])
        .args(db.cli_args())
        .current_dir(&cwd)
        .env_remove("DATABASE_URL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = add.spawn().unwrap();
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    }
    assert!(child.wait().unwrap().success());
    assert!(dateline(&db, &["user", "list"], &cwd).status.success());

    let shots = std::env::var("DATELINE_E2E_SCREENSHOTS").map(PathBuf::from).ok();
    let scratch = TempDir::new();
    let shots_dir = shots.unwrap_or_else(|| scratch.path().to_path_buf());
    std::fs::create_dir_all(&shots_dir).unwrap();
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

on_both_backends!(reader_and_moderator_in_a_real_browser);
