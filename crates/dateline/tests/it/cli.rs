//! The `dateline` command as an operator uses it: exit codes and output.

use dateline_core::audit::AuditFilter;
use dateline_core::store::prelude::*;

use crate::support::{Backend, TestDb, dateline, tiny_png};

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

async fn serve_answers_then_stops_on_sigterm(backend: Backend) {
    let db = TestDb::new(backend).await;
    let mut server = crate::support::ServerProcess::start(&db, &[]);
    let health = server.request("GET", "/healthz", "").unwrap();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let front = server.request("GET", "/", "").unwrap();
    assert!(front.contains("한국어") && front.contains("ئۇيغۇرچە"), "the demo newsroom is served");

    let killed = std::process::Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = server.child.wait().unwrap();
    assert!(status.success(), "a graceful shutdown exits 0, got {status}");
}

/// Comments acknowledged with 202 survive `kill -9` in the middle of a burst.
async fn acknowledged_comments_survive_kill_9(backend: Backend) {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    let db = TestDb::new(backend).await;
    let mut server = crate::support::ServerProcess::start(
        &db,
        &[
            ("DATELINE_COMMENTS_PER_ADDRESS_PER_HOUR", "1000000"),
            ("DATELINE_COMMENTS_PER_ARTICLE_PER_MINUTE", "1000000"),
            // Durability is under test here, not the anti-bot checks.
            ("DATELINE_COMMENTS_API_FORM_TOKEN", "false"),
        ],
    );
    let server_address = server.address.clone();
    let acknowledged = Arc::new(Mutex::new(Vec::<(i64, String)>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..8)
        .map(|writer| {
            let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
            let probe = crate::support::ServerProcess::address_only(&server_address);
            std::thread::spawn(move || {
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let text = format!("burst comment {writer}-{n}");
                    let body = format!(r#"{{"name":"Writer {writer}","text":"{text}","accept_terms":true}}"#);
                    let Some(response) =
                        probe.request("POST", "/api/v1/articles/english/yeonpo-river-flood-relief/comments", &body)
                    else {
                        break;
                    };
                    if response.starts_with("HTTP/1.1 202") {
                        let id = response
                            .split("\"id\":")
                            .nth(1)
                            .and_then(|r| r.split(',').next())
                            .and_then(|n| n.parse().ok());
                        acknowledged.lock().unwrap().push((id.expect("202 names the id"), text));
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    server.child.kill().unwrap(); // SIGKILL: no shutdown, no flush
    server.child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 10, "the burst was acknowledged {} times", acknowledged.len());
    eprintln!("{} comments acknowledged before kill -9; checking every one", acknowledged.len());
    let store = db.open_store().await;
    for (id, text) in &acknowledged {
        let found =
            dateline_core::store::CommentStore::comment(&store, dateline_core::comments::CommentId(*id)).await.unwrap();
        let found = found.unwrap_or_else(|| panic!("acknowledged comment {id} was lost"));
        assert_eq!(&found.text, text, "comment {id} is not the one acknowledged with its id");
    }
    store.close().await;
}

async fn operators_moderate_from_the_command_line(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let mut ids = Vec::new();
    {
        let server = crate::support::ServerProcess::start(&db, &[("DATELINE_COMMENTS_API_FORM_TOKEN", "false")]);
        for text in ["First <b>comment</b>\nwith two lines", "Second comment", "Third comment"] {
            let body = serde_json::json!({"name": "Reader", "text": text, "accept_terms": true}).to_string();
            let response =
                server.request("POST", "/api/v1/articles/korean/yeonpo-gang-hongsu-guho/comments", &body).unwrap();
            assert!(response.starts_with("HTTP/1.1 202"), "{response}");
            ids.push(response.split("\"id\":").nth(1).unwrap().split(',').next().unwrap().to_owned());
        }
    }
    let list = dateline(&db, &["comment", "list", "--state", "pending"], &cwd);
    assert!(list.status.success(), "{}", stderr(&list));
    let lines: Vec<String> = stdout(&list).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0],
        format!(
            "{}\tpending\tkorean/yeonpo-gang-hongsu-guho\tReader\tFirst <b>comment</b> with two lines\tfirst",
            ids[0]
        ),
        "the last column: labels (each API client without a token is a first-time commenter)"
    );

    let show = dateline(&db, &["comment", "show", &ids[0]], &cwd);
    assert!(stdout(&show).contains("state: pending\narticle: korean/yeonpo-gang-hongsu-guho\nname: Reader"));
    assert!(stdout(&show).ends_with("text:\nFirst <b>comment</b>\nwith two lines\n"));

    let approved = dateline(&db, &["comment", "approve", &ids[0], &ids[1]], &cwd);
    assert!(approved.status.success(), "{}", stderr(&approved));
    assert_eq!(stdout(&approved), format!("approved {}\napproved {}\n", ids[0], ids[1]));
    let again = dateline(&db, &["comment", "approve", &ids[0]], &cwd);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains(&format!("comment {} is approved: it was already handled", ids[0])),
        "{}",
        stderr(&again)
    );

    let no_note = dateline(&db, &["comment", "reject", &ids[2], "--reason", "other"], &cwd);
    assert_eq!(no_note.status.code(), Some(1));
    let bad_reason = dateline(&db, &["comment", "reject", &ids[2], "--reason", "rude"], &cwd);
    assert!(stderr(&bad_reason).contains("unknown reason \"rude\""));
    let rejected = dateline(&db, &["comment", "reject", &ids[2], "--reason", "spam"], &cwd);
    assert_eq!(stdout(&rejected), format!("rejected {}\n", ids[2]));
    let missing = dateline(&db, &["comment", "approve", "999999"], &cwd);
    assert!(stderr(&missing).contains("comment 999999 does not exist"));

    let by_service = dateline(&db, &["comment", "list", "--service", "english", "--state", "pending"], &cwd);
    assert_eq!(stdout(&by_service), "");
    let approved_list = dateline(&db, &["comment", "list", "--state", "approved", "--service", "korean"], &cwd);
    assert_eq!(stdout(&approved_list).lines().count(), 4, "two of the demo readers' and two approved here");
    let purge = dateline(&db, &["comment", "purge"], &cwd);
    assert!(stdout(&purge).starts_with("erased address hashes and emails of 0 comment(s)"));
}

async fn newsrooms_set_terms_and_notices(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    assert!(
        dateline(&db, &["service", "add", "english", "--name", "English", "--language", "en"], &cwd).status.success()
    );
    std::fs::write(cwd.join("terms.md"), "## Our rules\n\nBe kind. <script>alert(1)</script>\n").unwrap();
    let terms = dateline(&db, &["service", "terms", "english", "terms.md"], &cwd);
    assert_eq!(stdout(&terms), "published version 1 of the Terms of Use of english\n");
    let terms = dateline(&db, &["service", "terms", "english", "terms.md"], &cwd);
    assert_eq!(stdout(&terms), "published version 2 of the Terms of Use of english\n");
    let notice = dateline(&db, &["service", "notice", "english", "--text", "Be brief and kind."], &cwd);
    assert!(notice.status.success(), "{}", stderr(&notice));
    let missing = dateline(&db, &["service", "notice", "klingon", "--reset"], &cwd);
    assert!(stderr(&missing).contains("there is no service \"klingon\""));
    let embed =
        dateline(&db, &["service", "embed", "english", "https://www.Example.org/", "http://localhost:8000"], &cwd);
    assert_eq!(
        stdout(&embed),
        "pages of http://localhost:8000, https://www.example.org may carry the comments of english\n",
        "{}",
        stderr(&embed)
    );
    let listed = dateline(&db, &["service", "embed", "english"], &cwd);
    assert_eq!(stdout(&listed), "http://localhost:8000\nhttps://www.example.org\n");
    let with_path = dateline(&db, &["service", "embed", "english", "https://www.example.org/news"], &cwd);
    assert_eq!(with_path.status.code(), Some(1));
    assert!(
        stderr(&with_path).contains("is not an origin: give only the scheme, host and port"),
        "{}",
        stderr(&with_path)
    );
    assert_eq!(stdout(&dateline(&db, &["service", "embed", "english"], &cwd)).lines().count(), 2, "nothing changed");
    let off = dateline(&db, &["service", "embed", "english", "--off"], &cwd);
    assert_eq!(stdout(&off), "no page of another site may carry the comments of english\n");
    let server = crate::support::ServerProcess::start(&db, &[]);
    let page = server.request("GET", "/english/terms", "").unwrap();
    assert!(page.contains("<h2>Our rules</h2>") && page.contains("Version 2"), "{page}");
    assert!(!page.contains("<script>alert"));
    drop(server);

    // Each change of public policy is in the audit log, by the command line.
    let store = db.open_store().await;
    let audited = |action: &str| {
        let filter = AuditFilter { action: Some(action.parse().unwrap()), limit: 10, ..Default::default() };
        let store = &store;
        async move { store.audit_log(&filter).await.unwrap() }
    };
    let terms = audited("service.terms").await;
    assert_eq!(terms.len(), 2, "{terms:?}");
    assert!(terms.iter().all(|e| e.actor == "command-line" && e.object == "service:english"), "{terms:?}");
    assert_eq!(terms[0].after.as_deref(), Some(r#"{"version":2}"#));
    let embeds = audited("service.embed").await;
    assert_eq!(embeds.len(), 2, "set, then off; the refused origin is not logged: {embeds:?}");
    assert_eq!(embeds[0].after.as_deref(), Some(r#"{"embed_origins":[]}"#));
    let notices = audited("service.notice").await;
    assert_eq!(notices.len(), 1, "the refused notice (no such service) is not logged: {notices:?}");
    assert_eq!(notices[0].after.as_deref(), Some(r#"{"own_notice":true}"#));
    store.close().await;
}

/// `dev generate` makes a newsroom whose queue and counts are those asked for.
async fn generates_a_synthetic_newsroom(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let args = ["dev", "generate", "--articles", "40", "--comments", "600", "--pending", "25"];
    let generated = dateline(&db, &args, &cwd);
    assert!(generated.status.success(), "{}", stderr(&generated));
    assert!(
        stdout(&generated).contains("generated 40 articles and 600 comments (25 pending)"),
        "{}",
        stdout(&generated)
    );
    let pending = dateline(&db, &["comment", "list", "--state", "pending"], &cwd);
    assert_eq!(stdout(&pending).lines().count(), 25);
    let store = db.open_store().await;
    let counts = crate::support::waiting(&store, None).await;
    assert_eq!(counts, [("english".to_owned(), dateline_core::comments::CommentState::Pending, 25)]);
    store.close().await;
}

/// `dateline config check` prints the settings in force (the password redacted), and names
/// what is wrong with a config file (exit 1).
async fn config_check_validates_and_shows_the_settings(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../dateline.example.toml");
    let checked = dateline(&db, &["config", "check", "--config", example], &cwd);
    assert!(checked.status.success(), "{}", stderr(&checked));
    let shown = String::from_utf8_lossy(&checked.stdout).to_string();
    assert!(shown.contains("site_name = \"Dateline\"") && shown.contains("[comments]"), "{shown}");
    assert!(!shown.contains("hunter2"));
    let bad = cwd.join("bad.toml");
    std::fs::write(&bad, "max_connections = 0\n").unwrap();
    let refused = dateline(&db, &["config", "check", "--config", bad.to_str().unwrap()], &cwd);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("max_connections must be at least 1"), "{}", stderr(&refused));
}

/// A backup taken during a burst of submissions and approvals holds every comment
/// acknowledged and every audit entry written before it began; it restores into an empty
/// folder only, and a damaged file restores nothing. On PostgreSQL the command refuses and
/// says how to use `pg_dump`.
async fn a_backup_taken_under_load_restores_everything_acknowledged(backend: Backend) {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let file = cwd.join("site.backup");
    if backend == Backend::Postgres {
        let refused = dateline(&db, &["backup", file.to_str().unwrap()], &cwd);
        assert_eq!(refused.status.code(), Some(1));
        assert!(stderr(&refused).contains("pg_dump"), "{}", stderr(&refused));
        assert!(!file.exists());
        return;
    }
    let server = crate::support::ServerProcess::start(
        &db,
        &[
            ("DATELINE_COMMENTS_PER_ADDRESS_PER_HOUR", "1000000"),
            ("DATELINE_COMMENTS_PER_ARTICLE_PER_MINUTE", "1000000"),
            ("DATELINE_COMMENTS_API_FORM_TOKEN", "false"),
        ],
    );
    let acknowledged = Arc::new(Mutex::new(Vec::<i64>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
            let probe = crate::support::ServerProcess::address_only(&server.address);
            std::thread::spawn(move || {
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let body = format!(
                        r#"{{"name":"Writer {writer}","text":"backup burst {writer}-{n}","accept_terms":true}}"#
                    );
                    let path = "/api/v1/articles/english/yeonpo-river-flood-relief/comments";
                    let Some(response) = probe.request("POST", path, &body) else { break };
                    if let Some(id) = response.split("\"id\":").nth(1).and_then(|r| r.split(',').next()) {
                        acknowledged.lock().unwrap().push(id.parse().unwrap());
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(500));
    // Approvals while the burst goes on: each is audited.
    let first: Vec<i64> = acknowledged.lock().unwrap().iter().take(3).copied().collect();
    for id in &first {
        let approved = dateline(&db, &["comment", "approve", &id.to_string()], &cwd);
        assert!(approved.status.success(), "{}", stderr(&approved));
    }
    let before: Vec<i64> = acknowledged.lock().unwrap().clone();
    // The command line's database: the file in its data folder.
    let cli_database = |db: &TestDb| dateline_store::sqlite_url_for(&db.dir.path().join("data"));
    let store = dateline_store::open(&cli_database(&db)).await.unwrap();
    let audit_filter = AuditFilter { limit: 1_000_000, ..Default::default() };
    let audited: Vec<i64> = store.audit_log(&audit_filter).await.unwrap().iter().map(|e| e.id).collect();
    let made = dateline(&db, &["backup", file.to_str().unwrap()], &cwd);
    assert!(made.status.success(), "{}", stderr(&made));
    std::thread::sleep(std::time::Duration::from_millis(200));
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.join().unwrap();
    }
    assert!(before.len() > 20, "a real burst: {} acknowledged before the backup", before.len());
    let again = dateline(&db, &["backup", file.to_str().unwrap()], &cwd);
    assert!(!again.status.success() && stderr(&again).contains("exists"), "a backup never overwrites one");

    let elsewhere = TestDb::new(Backend::Sqlite).await;
    let restored = dateline(&elsewhere, &["restore", file.to_str().unwrap()], &cwd);
    assert!(restored.status.success(), "{}", stderr(&restored));
    let copy = dateline_store::open(&cli_database(&elsewhere)).await.unwrap();
    for id in &before {
        let comment = copy.comment(dateline_core::comments::CommentId(*id)).await.unwrap();
        assert!(comment.is_some(), "acknowledged comment {id} is in the backup");
    }
    for id in &first {
        let comment = copy.comment(dateline_core::comments::CommentId(*id)).await.unwrap().unwrap();
        assert_eq!(comment.state, dateline_core::comments::CommentState::Approved);
    }
    let restored_audit: Vec<i64> = copy.audit_log(&audit_filter).await.unwrap().iter().map(|e| e.id).collect();
    assert!(audited.iter().all(|id| restored_audit.contains(id)), "every audit entry is in the backup");
    let media = std::fs::read_dir(elsewhere.dir.path().join("data/media")).unwrap().count();
    assert!(media > 0, "the demo's photos came back");
    let twice = dateline(&elsewhere, &["restore", file.to_str().unwrap()], &cwd);
    assert!(stderr(&twice).contains("restore into an empty one"), "{}", stderr(&twice));

    let cut = cwd.join("cut.backup");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let empty = TestDb::new(Backend::Sqlite).await;
    let damaged = dateline(&empty, &["restore", cut.to_str().unwrap()], &cwd);
    assert_eq!(damaged.status.code(), Some(1));
    assert!(stderr(&damaged).contains("damaged or cut short"), "{}", stderr(&damaged));
    assert!(!empty.dir.path().join("data/dateline.db").exists(), "nothing was restored");
}

/// `dateline export` writes the whole site as JSON lines (services, stories, comments,
/// audit), never an email or a hash; `--service` narrows it to one service.
async fn export_writes_the_site_as_json_lines(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let _server = crate::support::ServerProcess::start(&db, &[]);
    let exported = dateline(&db, &["export"], &cwd);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let text = String::from_utf8(exported.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines[0]["type"], "export");
    assert_eq!(lines[0]["format"], 1);
    let count = |kind: &str| lines.iter().filter(|l| l["type"] == kind).count();
    assert_eq!(count("service"), 5);
    assert!(count("story") >= 25, "every demo story");
    assert!(count("comment") >= 5 && count("audit") >= 1, "{text}");
    let korean = lines.iter().find(|l| l["type"] == "story" && l["service"] == "korean").unwrap();
    assert!(korean["headline"].as_str().unwrap().chars().any(|c| ('가'..='힣').contains(&c)));
    assert!(!text.contains("\"email\"") && !text.contains("_hash"), "no personal data beyond the name");

    let one = dateline(&db, &["export", "--service", "korean"], &cwd);
    let text = String::from_utf8(one.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(lines.iter().skip(1).all(|l| l["service"] == "korean" || l["code"] == "korean"), "{text}");
    assert!(!lines.iter().any(|l| l["type"] == "audit"), "the audit log is site-wide");
    let unknown = dateline(&db, &["export", "--service", "klingon"], &cwd);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("there is no service \"klingon\""));
}

/// Moving in from Disqus and WordPress: a dry run writes nothing, states and replies are
/// kept (a reply listed before its parent too), unmatched threads are reported, a second
/// run adds nothing, no email or IP address is stored, and a broken or cut-short file
/// imports nothing and names its line.
async fn imports_from_disqus_and_wordpress(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let fixture = |name: &str| fixtures.join(name).display().to_string();
    let run = |args: &[&str]| {
        let output = dateline(&db, args, &cwd);
        (output.status.code(), String::from_utf8_lossy(&output.stdout).to_string(), stderr(&output))
    };
    run(&["service", "add", "english", "--name", "English", "--language", "en"]);
    std::fs::write(
        cwd.join("yeonpo.md"),
        "+++\ntitle = \"Yeonpo River bursts its banks\"\nslug = \"yeonpo-river-flood-relief\"\nservice = \"english\"\npublished = 2026-10-08T09:00:00Z\n+++\nBody.\n",
    )
    .unwrap();
    assert_eq!(run(&["article", "import", "yeonpo.md"]).0, Some(0));
    let pattern = "https://www.example.org/english/*/{slug}.html";
    let disqus = fixture("disqus.xml");
    let listed = |state: &str| run(&["comment", "list", "--state", state]).1;

    let dry = run(&["import", "disqus", &disqus, "--service", "english", "--url-pattern", pattern, "--dry-run"]);
    assert_eq!(dry.0, Some(0), "{}", dry.2);
    assert!(dry.1.contains("would import 6 comment(s) (3 approved, 1 deleted, 1 pending, 1 rejected)"), "{}", dry.1);
    assert!(listed("approved").is_empty(), "a dry run writes nothing");

    let done = run(&["import", "disqus", &disqus, "--service", "english", "--url-pattern", pattern]);
    assert_eq!(done.0, Some(0), "{}", done.2);
    assert!(done.1.contains("imported 6 comment(s)"), "{}", done.1);
    assert!(
        done.1.contains("unmatched thread 7002: https://www.example.org/english/2019/01/a-story-that-never-moved.html")
    );
    let approved = listed("approved");
    assert_eq!(approved.lines().count(), 3, "{approved}");
    assert!(approved.contains("My village is under water & the school is a shelter."), "HTML made plain text");
    assert!(approved.contains("Stay safe, Mina — the road north is open."));
    assert!(listed("pending").contains("Waiting for a moderator."));
    assert!(listed("rejected").contains("Cheap watches"));
    assert_eq!(listed("deleted").lines().count(), 1);

    // The command line's database: on SQLite, the file in its data folder.
    let url = match backend {
        Backend::Sqlite => dateline_store::sqlite_url_for(&cwd.join("data")),
        Backend::Postgres => db.url.clone(),
    };
    let store = dateline_store::open(&url).await.unwrap();
    let id_of = |listing: &str, text: &str| -> i64 {
        listing.lines().find(|l| l.contains(text)).unwrap().split('\t').next().unwrap().parse().unwrap()
    };
    let question = id_of(&approved, "Is the road to Garam open?");
    let answer =
        store.comment(dateline_core::comments::CommentId(id_of(&approved, "Stay safe"))).await.unwrap().unwrap();
    assert_eq!(
        answer.parent_id,
        Some(dateline_core::comments::CommentId(question)),
        "the reply listed first still answers its parent"
    );
    let first =
        store.comment(dateline_core::comments::CommentId(id_of(&approved, "My village"))).await.unwrap().unwrap();
    assert_eq!(first.email, None, "no email address is stored");
    let exported = run(&["export"]).1;
    assert!(!exported.contains("mina@example.com") && !exported.contains("203.0.113.9"));

    let again = run(&["import", "disqus", &disqus, "--service", "english", "--url-pattern", pattern]);
    assert!(
        again.1.contains("imported 0 comment(s)") && again.1.contains("6 comment(s) already imported"),
        "{}",
        again.1
    );
    assert_eq!(listed("approved").lines().count(), 3, "a second run adds nothing");

    let broken =
        run(&["import", "disqus", &fixture("disqus-broken.xml"), "--service", "english", "--url-pattern", pattern]);
    assert_eq!(broken.0, Some(1));
    assert!(broken.2.contains("line 62") && broken.2.contains("nothing was imported"), "{}", broken.2);
    let cut = run(&["import", "disqus", &fixture("disqus-cut.xml"), "--service", "english", "--url-pattern", pattern]);
    assert_eq!(cut.0, Some(1));
    assert!(cut.2.contains("line ") && cut.2.contains("nothing was imported"), "{}", cut.2);
    let bad_pattern = run(&["import", "disqus", &disqus, "--service", "english", "--url-pattern", "https://x/*"]);
    assert!(bad_pattern.2.contains("{slug}"), "{}", bad_pattern.2);

    let wordpress = fixture("wordpress.xml");
    let blog = "https://blog.example.org/*/{slug}/";
    let posts = run(&["import", "wordpress", &wordpress, "--service", "english", "--url-pattern", blog]);
    assert_eq!(posts.0, Some(0), "{}", posts.2);
    assert!(posts.1.contains("imported 4 comment(s) (2 approved, 1 pending, 1 rejected)"), "{}", posts.1);
    assert!(
        posts.1.contains("stories: 1 matched, 1 created from posts") && posts.1.contains("1 pingback"),
        "{}",
        posts.1
    );
    let stories = run(&["article", "list"]).1;
    assert!(stories.contains("night-market-reopens") && !stories.contains("about"), "{stories}");
    let pending = listed("pending");
    let which =
        store.comment(dateline_core::comments::CommentId(id_of(&pending, "Which stall?"))).await.unwrap().unwrap();
    let bought = store.comment(which.parent_id.unwrap()).await.unwrap().unwrap();
    assert_eq!(bought.text, "I bought two lanterns!");
    let twice = run(&["import", "wordpress", &wordpress, "--service", "english"]);
    assert!(
        twice.1.contains("imported 0 comment(s)") && twice.1.contains("stories: 2 matched, 0 created"),
        "{}",
        twice.1
    );
}

on_both_backends!(
    imports_from_disqus_and_wordpress,
    export_writes_the_site_as_json_lines,
    a_backup_taken_under_load_restores_everything_acknowledged,
    config_check_validates_and_shows_the_settings,
    operators_moderate_from_the_command_line,
    newsrooms_set_terms_and_notices,
    acknowledged_comments_survive_kill_9,
    serve_answers_then_stops_on_sigterm,
    manages_services_and_imports_articles,
    bad_imports_exit_non_zero_and_change_nothing,
    the_data_folder_defaults_and_config_file_apply,
    generates_a_synthetic_newsroom,
);
