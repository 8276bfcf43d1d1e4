//! The `dateline` command as an operator uses it: exit codes and output.

use crate::util::{Backend, TestDb, dateline, tiny_png};

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn manages_services_and_imports_articles(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let added = dateline(
        &db,
        &[
            "service",
            "add",
            "korean",
            "--name",
            "Korean",
            "--native-name",
            "한국어",
            "--language",
            "ko",
            "--time-zone",
            "Asia/Seoul",
        ],
        &cwd,
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let added = dateline(
        &db,
        &["service", "add", "uyghur", "--name", "Uyghur", "--language", "ug", "--time-zone", "Asia/Urumqi"],
        &cwd,
    );
    assert!(added.status.success(), "{}", stderr(&added));

    let again = dateline(&db, &["service", "add", "korean", "--name", "Korean", "--language", "ko"], &cwd);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
    let bad = dateline(
        &db,
        &["service", "add", "klingon", "--name", "Klingon", "--language", "tlh", "--time-zone", "Qo'noS/First_City"],
        &cwd,
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("time zone"), "{}", stderr(&bad));

    let list = dateline(&db, &["service", "list"], &cwd);
    assert!(list.status.success());
    assert_eq!(stdout(&list), "korean\tKorean\tko\tltr\tAsia/Seoul\nuyghur\tUyghur\tug\trtl\tAsia/Urumqi\n");
    let with_header = dateline(&db, &["service", "list", "--header"], &cwd);
    assert!(stdout(&with_header).starts_with("code\tname\tlanguage\tdirection"));

    std::fs::write(cwd.join("photo.png"), tiny_png()).unwrap();
    let article = "+++\ntitle = \"홍수\"\nslug = \"flood\"\nservice = \"korean\"\npublished = 2026-07-07T09:30:00Z\n\n[lead_image]\npath = \"photo.png\"\ncaption = \"강\"\n+++\n본문.\n";
    std::fs::write(cwd.join("flood.md"), article).unwrap();
    std::fs::write(
        cwd.join("draft.md"),
        article.replace("slug = \"flood\"", "slug = \"later\"").replace("published = 2026-07-07T09:30:00Z\n", ""),
    )
    .unwrap();
    let imported = dateline(&db, &["article", "import", "flood.md", "draft.md"], &cwd);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert_eq!(stdout(&imported), "created korean/flood from flood.md\ncreated korean/later from draft.md\n");
    let list = dateline(&db, &["article", "list"], &cwd);
    assert_eq!(stdout(&list), "korean\tlater\tdraft\t홍수\nkorean\tflood\tpublished\t홍수\n");

    let again = dateline(&db, &["article", "import", "flood.md"], &cwd);
    assert_eq!(stdout(&again), "updated korean/flood from flood.md\n");
}

async fn bad_imports_exit_non_zero_and_change_nothing(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let added = dateline(&db, &["service", "add", "english", "--name", "English", "--language", "en"], &cwd);
    assert!(added.status.success(), "{}", stderr(&added));
    std::fs::write(cwd.join("good.md"), "+++\ntitle = \"Fine\"\nservice = \"english\"\n+++\nBody.\n").unwrap();
    std::fs::write(
        cwd.join("bad.md"),
        "+++\ntitle = \"Broken\"\nservice = \"english\"\npublished = 2026-07-07\n+++\nBody.\n",
    )
    .unwrap();
    let result = dateline(&db, &["article", "import", "good.md", "bad.md"], &cwd);
    assert_eq!(result.status.code(), Some(1));
    let errors = stderr(&result);
    assert!(errors.contains("bad.md:4: published: 2026-07-07 is not a full RFC 3339 date"), "{errors}");
    assert!(errors.contains("nothing was imported"), "{errors}");
    assert_eq!(stdout(&dateline(&db, &["article", "list"], &cwd)), "");

    let missing = dateline(&db, &["article", "import", "nope.md"], &cwd);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("nope.md: cannot read the file"), "{}", stderr(&missing));

    let usage = dateline(&db, &["article", "import"], &cwd);
    assert_eq!(usage.status.code(), Some(2), "clap reports missing arguments");
}

async fn the_data_folder_defaults_and_config_file_apply(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let config = cwd.join("dateline.toml");
    std::fs::write(&config, "site_name = \"Test Desk\"\nbogus = 1\n").unwrap();
    let rejected = dateline(&db, &["service", "list", "--config", config.to_str().unwrap()], &cwd);
    assert_eq!(rejected.status.code(), Some(1));
    assert!(stderr(&rejected).contains("unknown field `bogus`"), "{}", stderr(&rejected));
}

/// Sends one HTTP/1.1 request over a plain socket and returns the whole response.
fn http_get(address: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

async fn serve_answers_then_stops_on_sigterm(backend: Backend) {
    use std::io::BufRead;
    let db = TestDb::new(backend).await;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"));
    for (name, _) in std::env::vars() {
        if name.starts_with("DATELINE_") || name == "DATABASE_URL" || name == "RUST_LOG" {
            command.env_remove(name);
        }
    }
    let mut child = command
        .args(["serve", "--demo", "--bind", "127.0.0.1:0"])
        .args(db.cli_args())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut address = None;
    let mut line = String::new();
    while address.is_none() && log.read_line(&mut line).unwrap() > 0 {
        address = line.split("http://").nth(1).and_then(|rest| rest.split('/').next()).map(str::to_owned);
        line.clear();
    }
    let address = address.expect("serve logs the address it listens on");
    let health = http_get(&address, "/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let front = http_get(&address, "/");
    assert!(front.contains("한국어") && front.contains("ئۇيغۇرچە"), "the demo newsroom is served");

    let killed = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "a graceful shutdown exits 0, got {status}");
}

on_both_backends!(
    serve_answers_then_stops_on_sigterm,
    manages_services_and_imports_articles,
    bad_imports_exit_non_zero_and_change_nothing,
    the_data_folder_defaults_and_config_file_apply,
);
