//! Moderation at scale: the checks every submission passes through, the labels they leave
//! in the queue and on the command line, and the services' word lists.

use dateline_core::accounts::Role;
use dateline_core::audit::AuditFilter;
use dateline_core::clock::Clock;
use dateline_core::comments::{CommentId, CommentState, RejectionReason};
use dateline_core::moderation::Actor;
use dateline_core::store::prelude::*;
use dateline_core::words::{self, WordAction, WordEntry};

use crate::support::console::PASSWORD;
use crate::support::newsroom::{Post, received_id};
use crate::support::{Backend, TestApp, TestDb, app_cli as cli, dateline, stdout, test_now, tiny_png};

/// One open story per service: English, Korean, Mandarin, Uyghur (right to left).
const STORIES: [(&str, &str, &str, &str, &str); 4] = [
    ("english", "English", "English", "en", "/english/2026/07/floods"),
    ("korean", "Korean", "한국어", "ko", "/korean/2026/07/floods"),
    ("mandarin", "Mandarin", "中文", "zh-Hans", "/mandarin/2026/07/floods"),
    ("uyghur", "Uyghur", "ئۇيغۇرچە", "ug", "/uyghur/2026/07/floods"),
];

async fn four_services(backend: Backend) -> TestApp {
    let comments = dateline_core::comments::CommentSettings { per_address_per_hour: 0, ..Default::default() };
    let app = TestApp::with_site(backend, dateline_web::SiteSettings { comments, ..Default::default() }).await;
    let mut files = Vec::new();
    for (code, name, native, language, _) in STORIES {
        app.add_service(code, name, native, language, "UTC").await;
        let article = format!(
            "+++\ntitle = \"Floods\"\nslug = \"floods\"\nservice = \"{code}\"\npublished = 2026-07-07T09:30:00Z\n\
             comments = \"open\"\n\n[lead_image]\npath = \"photo.png\"\ncaption = \"A photo\"\n+++\nBody.\n"
        );
        files.push((format!("{code}.md"), article.into_bytes()));
    }
    files.push(("photo.png".into(), tiny_png()));
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    app.import(&refs).await.unwrap();
    app
}

fn entry(text: &str, action: WordAction) -> WordEntry {
    let reason = (action == WordAction::Reject).then_some(RejectionReason::Spam);
    WordEntry::new(text, action, reason).unwrap()
}

async fn add(app: &TestApp, code: &str, entries: &[WordEntry]) {
    words::add_words(app.store.as_ref(), Actor::CommandLine, code, entries, test_now()).await.unwrap();
}

async fn send(app: &TestApp, path: &str, text: &str, commenter: &str) -> i64 {
    let sent = app.comment(path, &Post { text, ..Post::default() }, Some(commenter)).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    received_id(&sent)
}

async fn labels_of(app: &TestApp, id: i64) -> Vec<String> {
    app.store.comment(CommentId(id)).await.unwrap().unwrap().labels
}

async fn word_lists_label_hold_and_reject_through_evasions_in_every_script(backend: Backend) {
    let app = four_services(backend).await;
    add(&app, "english", &[entry("cheap pills", WordAction::Reject), entry("scam", WordAction::Label)]).await;
    add(&app, "korean", &[entry("바보", WordAction::Hold)]).await;
    add(&app, "mandarin", &[entry("翻墙", WordAction::Label)]).await;
    add(&app, "uyghur", &[entry("تېررورچى*", WordAction::Hold)]).await;
    let [english, korean, mandarin, uyghur] = STORIES.map(|s| s.4);
    let reader = "ab".repeat(32);

    let scam = send(&app, english, "What a s c a m — see https://pills.example", &reader).await;
    assert_eq!(labels_of(&app, scam).await, ["link", "first", "word:scam"]);
    let calm = send(&app, english, "A calm second thought.", &reader).await;
    assert!(labels_of(&app, calm).await.is_empty(), "not the first any more, nothing else");
    let hangul = send(&app, korean, "이 ㅂㅏㅂㅗ야", &"cd".repeat(32)).await;
    assert_eq!(labels_of(&app, hangul).await, ["first", "word:바보"]);
    let chinese = send(&app, mandarin, "教你如何翻\u{200B}墙上网", &"ef".repeat(32)).await;
    assert_eq!(labels_of(&app, chinese).await, ["first", "word:翻墙"]);
    let arabic_script = send(&app, uyghur, "ئۇلار تېررورچيلار ئەمەس", &"01".repeat(32)).await;
    assert_eq!(labels_of(&app, arabic_script).await, ["first", "word:تېررورچى*"]);

    // A rejecting entry: the commenter is told what everyone is told; the system rejects
    // it at once, with the entry's reason, in the audit log.
    let spam = send(&app, english, "Buy ｃｈｅａｐ p.i.l.l.s here", &"23".repeat(32)).await;
    let rejected = app.store.comment(CommentId(spam)).await.unwrap().unwrap();
    assert_eq!(rejected.state, CommentState::Rejected);
    assert_eq!(rejected.rejection_reason.as_deref(), Some("spam"));
    assert_eq!(rejected.labels, ["first", "word:cheap pills"]);
    let filter = AuditFilter { actor: Some("system".into()), limit: 10, ..Default::default() };
    let audit = app.store.audit_log(&filter).await.unwrap();
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!((audit[0].action.as_str(), audit[0].object.as_str()), ("comment.reject", &*format!("comment:{spam}")));
    let reader_view = app.get_as(&format!("{english}?received={spam}"), &"23".repeat(32)).await;
    assert!(!reader_view.body.contains("ｃｈｅａｐ"), "a rejected comment is not shown, even to its author");

    // The queue shows the labels, and filters by them.
    app.add_user("chief", Role::Admin, &[]).await;
    let session = app.sign_in("chief", PASSWORD, None).await.unwrap();
    let queue = app.console_get("/admin/comments", Some(&session)).await;
    assert!(queue.body.contains("class=\"console-label\""), "{}", queue.body);
    assert!(queue.body.contains(">word:바보</a>") && queue.body.contains(">link</a>"));
    let held = app.console_get("/admin/comments?label=word%3A%EB%B0%94", Some(&session)).await;
    assert!(held.body.contains("ㅂㅏㅂㅗ") && !held.body.contains("calm second"), "{}", held.body);
    let page = app.console_get(&format!("/admin/comments/{arabic_script}"), Some(&session)).await;
    assert!(page.body.contains(">word:تېررورچى*</a>"));

    // The command line: a last column of labels, and a filter by label prefix.
    let listed = stdout(&cli(&app, &["comment", "list", "--state", "pending", "--header"]));
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines[0], "id\tstate\tarticle\tname\ttext\tlabels");
    assert!(lines.iter().any(|l| l.starts_with(&format!("{scam}\t")) && l.ends_with("\tlink,first,word:scam")));
    assert!(lines.iter().any(|l| l.starts_with(&format!("{calm}\t")) && l.ends_with('\t')));
    let words_only = stdout(&cli(&app, &["comment", "list", "--label", "word"]));
    assert_eq!(words_only.lines().count(), 5, "{words_only}");
    let links = stdout(&cli(&app, &["comment", "list", "--label", "link"]));
    assert_eq!(links.lines().map(|l| l.split('\t').next().unwrap().to_owned()).collect::<Vec<_>>(), [scam.to_string()]);
    let none = cli(&app, &["comment", "list", "--label", "campaign"]);
    assert!(none.status.success() && stdout(&none).is_empty());
    let shown = stdout(&cli(&app, &["comment", "show", &hangul.to_string()]));
    assert!(shown.contains("labels: first,word:바보\n"), "{shown}");

    // Reports add `reported:N`.
    app.approve(calm).await;
    dateline_core::moderation::report(
        app.store.as_ref(),
        CommentId(calm),
        "rumour",
        "reporter-hash",
        &Default::default(),
        test_now(),
    )
    .await
    .unwrap();
    let reported = stdout(&cli(&app, &["comment", "list", "--label", "reported"]));
    assert!(reported.starts_with(&format!("{calm}\t")) && reported.ends_with("\treported:1\n"), "{reported}");
}

async fn word_lists_are_managed_from_the_command_line_and_audited(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = db.dir.path().to_path_buf();
    let run = |args: &[&str]| dateline(&db, args, &cwd);
    assert!(run(&["service", "add", "korean", "--name", "Korean", "--language", "ko"]).status.success());
    let added = run(&["words", "add", "korean", "--action", "hold", "바보", "멍청이"]);
    assert_eq!(
        stdout(&added),
        "2 entries of korean's word list set to hold\n",
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let rejecting = run(&["words", "add", "korean", "--action", "reject", "--reason", "spam", "불법 도박"]);
    assert!(rejecting.status.success());
    let no_reason = run(&["words", "add", "korean", "--action", "reject", "광고"]);
    assert_eq!(no_reason.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_reason.stderr).contains("--action reject needs one"));
    let bad_action = run(&["words", "add", "korean", "--action", "delete", "x"]);
    assert_eq!(bad_action.status.code(), Some(2), "a value outside the fixed set is a usage error");
    assert_eq!(stdout(&run(&["words", "list", "korean"])), "바보\thold\n멍청이\thold\n불법 도박\treject\tspam\n");

    std::fs::write(cwd.join("list.txt"), "# imported\n바보\tlabel\nscam\n\n").unwrap();
    let imported = run(&["words", "import", "korean", "list.txt"]);
    assert_eq!(stdout(&imported), "imported 2 entries into korean's word list\n");
    std::fs::write(cwd.join("broken.txt"), "fine\nbad\tlabel\tspam\textra\n").unwrap();
    let broken = run(&["words", "import", "korean", "broken.txt"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("line 2: more than three tab-separated fields"));
    let exported = stdout(&run(&["words", "export", "korean"]));
    assert_eq!(exported, "바보\tlabel\n멍청이\thold\n불법 도박\treject\tspam\nscam\tlabel\n");
    std::fs::write(cwd.join("again.txt"), &exported).unwrap();
    assert!(run(&["words", "import", "korean", "again.txt"]).status.success(), "an export imports again");

    let removed = run(&["words", "remove", "korean", "멍청이", "nothing"]);
    assert_eq!(stdout(&removed), "removed 1 of 2 entries from korean's word list\n");
    let missing = run(&["words", "list", "klingon"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("there is no service \"klingon\""));

    let store = db.open_store().await;
    let filter = |action: &str| AuditFilter { action: Some(action.parse().unwrap()), limit: 10, ..Default::default() };
    let adds = store.audit_log(&filter("words.add")).await.unwrap();
    assert_eq!(adds.len(), 4, "add, add, import, import again; refusals log nothing: {adds:?}");
    assert!(adds.iter().all(|e| e.actor == "command-line" && e.object == "service:korean"));
    let removes = store.audit_log(&filter("words.remove")).await.unwrap();
    assert_eq!(removes.len(), 1);
    assert!(removes[0].before.as_deref().is_some_and(|b| b.contains("멍청이")));
    store.close().await;
}

async fn a_lockdown_closes_every_story_at_once_and_reopens_them_as_they_were(backend: Backend) {
    let app = crate::support::newsroom::newsroom(backend).await;
    use crate::support::newsroom::{CLOSED, HIDDEN, OPEN};
    let before = app.get(OPEN).await;
    assert!(before.body.contains("id=\"comment-form\""), "open, and cached");
    let lock =
        |on| dateline_core::services::set_lockdown(app.store.as_ref(), Actor::CommandLine, "english", on, test_now());
    assert!(lock(true).await.unwrap());
    assert!(!lock(true).await.unwrap(), "a lockdown in force is left as it is");

    let locked = app.get(OPEN).await;
    assert!(!locked.body.contains("id=\"comment-form\""), "the cached page was dropped");
    assert!(
        locked.body.contains("Comments are paused on all of this service&#39;s stories for now."),
        "{}",
        locked.body
    );
    assert!(app.get(CLOSED).await.body.contains("Comments are paused"));
    assert!(!app.get(HIDDEN).await.body.contains("id=\"comments\""), "a hidden section stays hidden");
    let api = app
        .post_json(
            "/api/v1/articles/english/han-river-floods/comments",
            r#"{"name":"A","text":"B","accept_terms":true}"#,
            None,
        )
        .await;
    assert_eq!(api.status, 403, "{}", api.body);
    assert!(api.body.contains("closed"), "{}", api.body);

    assert!(lock(false).await.unwrap());
    assert!(app.get(OPEN).await.body.contains("id=\"comment-form\""), "reopened");
    assert!(app.get(CLOSED).await.body.contains("Comments are closed for this story."), "as it was");
    let filter = AuditFilter { action: Some("service.lockdown".parse().unwrap()), limit: 10, ..Default::default() };
    let audit = app.store.audit_log(&filter).await.unwrap();
    assert_eq!(audit.len(), 2, "on and off; the repeated on changed nothing: {audit:?}");
    assert_eq!(audit[1].after.as_deref(), Some(r#"{"locked_down":true}"#));

    // The command line: one service, or all of them.
    let all_on = cli(&app, &["service", "lockdown", "--all", "on"]);
    assert_eq!(stdout(&all_on), "english: comments closed on every story\nkorean: comments closed on every story\n");
    let again = cli(&app, &["service", "lockdown", "korean", "on"]);
    assert_eq!(stdout(&again), "korean: comments closed on every story (already)\n");
    let off = cli(&app, &["service", "lockdown", "english", "off"]);
    assert_eq!(stdout(&off), "english: comments open again as each story was\n");
    let wrong = cli(&app, &["service", "lockdown", "english", "maybe"]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("\"maybe\" is neither on nor off"));
    let no_state = cli(&app, &["service", "lockdown", "--all"]);
    assert_ne!(no_state.status.code(), Some(0));
    let services = app.store.services().await.unwrap();
    assert_eq!(
        services.iter().map(|s| (s.code.as_str(), s.locked_down)).collect::<Vec<_>>(),
        [("english", false), ("korean", true)]
    );
}

/// Finds a proof of work the way the form's script does: counting up from 0.
fn solve(challenge: &str, bits: u32) -> String {
    (0u64..).map(|n| n.to_string()).find(|p| dateline_core::attack::proof_is_valid(challenge, p, bits)).unwrap()
}

/// Sends the comment form from an address of its own, with a proof if given.
async fn post_from(app: &TestApp, peer: &str, token: &str, proof: &str, text: &str) -> crate::support::TestResponse {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    let fields = [("name", "Reader"), ("text", text), ("accept_terms", "yes"), ("form_token", token), ("proof", proof)];
    let mut request = axum::http::Request::post(format!("{}/comments", crate::support::newsroom::OPEN))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "localhost")
        .header("origin", "http://localhost")
        .body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(peer.parse::<std::net::SocketAddr>().unwrap()));
    app.send(request).await
}

async fn attack_mode_asks_for_a_proof_of_work_or_a_longer_wait(backend: Backend) {
    use crate::support::newsroom::{OPEN, field, newsroom_with};
    use dateline_core::attack::AttackMode;
    let settings = dateline_core::comments::CommentSettings {
        attack_proof_bits: 10,
        attack_per_minute: 3,
        per_address_per_hour: 0,
        ..Default::default()
    };
    let app = newsroom_with(backend, settings).await;
    let set = |mode| {
        dateline_core::services::set_attack_mode(app.store.as_ref(), Actor::CommandLine, "english", mode, test_now())
    };
    assert!(set(AttackMode::On).await.unwrap());

    let page = app.get(OPEN).await;
    assert!(page.body.contains("Many comments are arriving at once."), "{}", page.body);
    assert!(page.body.contains("<script src=\"/static/proof.js?v=") && page.body.contains("name=\"proof\""));
    assert!(page.header("content-security-policy").contains("script-src 'self'"));

    // Without a proof, sent before the wait: refused, everything typed kept.
    let early = app.comment(OPEN, &Post { text: "Typed during a flood", ..Post::default() }, None).await;
    assert_eq!(early.status, 429, "{}", early.body);
    assert!(early.body.contains("Please wait 30 seconds after opening the form"));
    assert!(early.body.contains(">Typed during a flood</textarea>"));

    // The script's way: a fresh challenge, a proof, at once.
    let form: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/articles/english/han-river-floods/comment-form").await.body).unwrap();
    let challenge = form["attack"]["challenge"].as_str().unwrap();
    assert_eq!(form["attack"]["proof_bits"], 10);
    let token = form["form_token"].as_str().unwrap();
    let proof = solve(challenge, 10);
    app.clock.advance(4);
    let wrong = post_from(&app, "198.51.100.1:1", token, "1", "With a wrong proof").await;
    assert_eq!(wrong.status, 429, "a wrong proof is no proof");
    let proven = post_from(&app, "198.51.100.2:1", token, &proof, "With a proof").await;
    assert_eq!(proven.status, 303, "{}", proven.body);
    let id = received_id(&proven);
    assert_eq!(labels_of(&app, id).await, ["first", "attack"]);
    let reused = post_from(&app, "198.51.100.3:1", token, &proof, "The same proof again").await;
    assert_eq!(reused.status, 403, "a proof works once, from any address");

    // Without JavaScript: the longer wait, counted from the signed time the form was shown.
    let shown = app.get(OPEN).await;
    let token = field(&shown.body, "form_token").unwrap();
    app.clock.advance(31);
    let waited = post_from(&app, "198.51.100.4:1", &token, "", "After waiting").await;
    assert_eq!(waited.status, 303, "{}", waited.body);
    let api_form: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/articles/english/han-river-floods/comment-form").await.body).unwrap();
    let not_before = chrono::DateTime::parse_from_rfc3339(api_form["not_before"].as_str().unwrap()).unwrap();
    assert_eq!((not_before.to_utc() - app.clock.now()).num_seconds(), 30, "API clients are told to wait");

    // Auto: on past the rate (3 a minute here), once the last flood is ten minutes old.
    app.clock.advance(11 * 60);
    assert!(set(AttackMode::Auto).await.unwrap());
    assert!(!app.get(OPEN).await.body.contains("Many comments are arriving"), "auto, under the rate");
    for n in 0..4 {
        let sent = app.comment(OPEN, &Post { text: &format!("Flood {n}"), ..Post::default() }, None).await;
        assert!(sent.status == 303 || sent.status == 429, "{}", sent.status);
    }
    let flooded = app.comment(OPEN, &Post { text: "One more", ..Post::default() }, None).await;
    assert_eq!(flooded.status, 429, "auto turned attack mode on");
    assert!(set(AttackMode::Off).await.unwrap());
    let calm = app.comment(OPEN, &Post { text: "Calm again", ..Post::default() }, None).await;
    assert_eq!(calm.status, 303);
    assert!(
        labels_of(&app, received_id(&calm)).await.is_empty()
            || !labels_of(&app, received_id(&calm)).await.contains(&"attack".to_owned())
    );

    let audit = app
        .store
        .audit_log(&AuditFilter {
            action: Some("service.attack-mode".parse().unwrap()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.len(), 3);
    let cli_set = cli(&app, &["service", "attack-mode", "english", "auto"]);
    assert_eq!(stdout(&cli_set), "english: attack mode auto\n");
    let bad = cli(&app, &["service", "attack-mode", "english", "maybe"]);
    assert_eq!(bad.status.code(), Some(2));
}

async fn moderators_keep_their_services_word_lists_in_the_console(backend: Backend) {
    let app = crate::support::newsroom::newsroom(backend).await;
    app.add_user("mod", Role::Moderator, &["english"]).await;
    let session = app.sign_in("mod", PASSWORD, None).await.unwrap();
    let csrf = app.csrf(&session).await;
    let empty = app.console_get("/admin/words", Some(&session)).await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("This list is empty.") && empty.body.contains(">english</span>"), "{}", empty.body);
    assert!(app.console_get("/admin/comments", Some(&session)).await.body.contains("href=\"/admin/words\""));

    let added = app
        .console_post(
            "/admin/words/english",
            Some(&session),
            &[("csrf", &csrf), ("entries", "scam\n\ncheap pills\n"), ("action", "hold"), ("reason", "")],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let listed = app.console_get("/admin/words?service=english", Some(&session)).await;
    assert!(listed.body.contains("<bdi>scam</bdi>") && listed.body.contains("<bdi>cheap pills</bdi>"));
    assert!(listed.body.contains("Hold with a label"));

    let bad = app
        .console_post(
            "/admin/words/english",
            Some(&session),
            &[("csrf", &csrf), ("entries", "fine\na*b"), ("action", "label")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("Nothing was saved: line 2:") && bad.body.contains(">fine\na*b</textarea>"),
        "{}",
        bad.body
    );
    let no_reason = app
        .console_post(
            "/admin/words/english",
            Some(&session),
            &[("csrf", &csrf), ("entries", "spam"), ("action", "reject")],
        )
        .await;
    assert_eq!(no_reason.status, 422, "reject needs a reason");
    let elsewhere = app
        .console_post(
            "/admin/words/korean",
            Some(&session),
            &[("csrf", &csrf), ("entries", "바보"), ("action", "label")],
        )
        .await;
    assert_eq!(elsewhere.status, 403, "only the services one moderates");
    let forged =
        app.console_post("/admin/words/english", Some(&session), &[("entries", "x"), ("action", "label")]).await;
    assert_ne!(forged.status, 303, "a form without the CSRF token changes nothing");

    let export = app.console_get("/admin/words/english/export", Some(&session)).await;
    assert_eq!(export.header("content-type"), "text/plain; charset=utf-8");
    assert_eq!(export.body, "scam\thold\ncheap pills\thold\n");
    let removed =
        app.console_post("/admin/words/english/remove", Some(&session), &[("csrf", &csrf), ("entry", "scam")]).await;
    assert_eq!(removed.status, 303);
    assert!(!app.console_get("/admin/words", Some(&session)).await.body.contains("<bdi>scam</bdi>"));
    let filter = AuditFilter { actor: Some("mod".into()), limit: 20, ..Default::default() };
    let actions: Vec<String> =
        app.store.audit_log(&filter).await.unwrap().iter().map(|e| e.action.as_str().to_owned()).collect();
    assert!(actions.contains(&"words.add".to_owned()) && actions.contains(&"words.remove".to_owned()), "{actions:?}");
}

async fn copies_across_stories_and_services_are_grouped_as_one_campaign(backend: Backend) {
    let app = four_services(backend).await;
    let [english, korean, mandarin, uyghur] = STORIES.map(|s| s.4);
    let message = "The flood relief money was stolen by local officials, share this before it is deleted";
    let copies = [
        (english, message.to_owned()),
        (english, "The fl\u{043E}\u{043E}d relief money was st0len by l\u{200B}ocal officials!!! share this before it is deleted".to_owned()),
        (korean, "The flood relief money was stolen by the local officials, please share this before it is deleted".to_owned()),
        (mandarin, format!("{message}!!!")),
        (uyghur, message.to_uppercase()),
    ];
    let mut copy_ids = Vec::new();
    for (n, (path, text)) in copies.iter().enumerate() {
        copy_ids.push(send(&app, path, text, &format!("{n:02}").repeat(32)).await);
    }
    let unrelated =
        send(&app, english, "The levee held overnight and volunteers are cleaning the market.", &"aa".repeat(32)).await;
    let korean_copies = [
        send(&app, korean, "홍수 구호금은 지방 관리들이 훔쳤다 삭제되기 전에 공유하세요", &"bb".repeat(32)).await,
        send(&app, mandarin, "홍수 구호금은 지방 관리들이 훔쳤다!! 삭제되기 전에 꼭 공유하세요", &"cc".repeat(32))
            .await,
    ];
    assert!(
        labels_of(&app, copy_ids[0]).await.iter().all(|l| !l.starts_with("campaign")),
        "found off the submission path"
    );
    let placed = dateline_core::campaigns::place_new_comments(app.store.as_ref(), 500).await.unwrap();
    assert_eq!(placed, 8);
    assert_eq!(dateline_core::campaigns::place_new_comments(app.store.as_ref(), 500).await.unwrap(), 0, "each once");

    let campaign_of = |labels: Vec<String>| labels.into_iter().find(|l| l.starts_with("campaign:"));
    let first = campaign_of(labels_of(&app, copy_ids[0]).await).expect("the copies are a campaign");
    for id in &copy_ids {
        assert_eq!(campaign_of(labels_of(&app, *id).await).as_ref(), Some(&first), "comment {id}");
    }
    assert_eq!(campaign_of(labels_of(&app, unrelated).await), None);
    let korean_campaign = campaign_of(labels_of(&app, korean_copies[0]).await).expect("the Korean copies too");
    assert_ne!(korean_campaign, first);
    assert_eq!(campaign_of(labels_of(&app, korean_copies[1]).await), Some(korean_campaign.clone()));

    let id = first.trim_start_matches("campaign:");
    let listed = stdout(&cli(&app, &["campaign", "list", "--header"]));
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines[0], "id\tcomments\tcommenters\tstories\tfirst_seen\tlast_seen\tsample");
    let line = lines.iter().find(|l| l.starts_with(&format!("{id}\t"))).expect("listed");
    let fields: Vec<&str> = line.split('\t').collect();
    assert_eq!(fields[1..4], ["5", "5", "4"], "{line}");
    assert!(fields[6].starts_with("The flood relief money"), "{line}");
    let on_korean = stdout(&cli(&app, &["campaign", "list", "--service", "korean"]));
    assert_eq!(on_korean.lines().count(), 2, "{on_korean}");
    let by_label = stdout(&cli(&app, &["comment", "list", "--label", &first]));
    assert_eq!(by_label.lines().count(), 5, "{by_label}");
    assert_eq!(stdout(&cli(&app, &["comment", "list", "--label", "campaign"])).lines().count(), 7);

    // The queue filtered by the campaign says what it is.
    app.add_user("chief", Role::Admin, &[]).await;
    let session = app.sign_in("chief", PASSWORD, None).await.unwrap();
    let grouped = app.console_get(&format!("/admin/comments?state=all&label={first}"), Some(&session)).await;
    assert!(grouped.body.contains("Campaign: 5 similar comments from 5 commenters in"), "{}", grouped.body);
    assert!(grouped.body.contains("on 4 stories."));
    assert_eq!(grouped.body.matches("class=\"console-item\"").count(), 5);

    let rejected = cli(&app, &["campaign", "reject", id, "--reason", "spam"]);
    assert_eq!(
        stdout(&rejected),
        format!("rejected 5 comment(s) of campaign {id}\n"),
        "{}",
        String::from_utf8_lossy(&rejected.stderr)
    );
    for comment in &copy_ids {
        assert_eq!(app.store.comment(CommentId(*comment)).await.unwrap().unwrap().state, CommentState::Rejected);
    }
    let audit = app
        .store
        .audit_log(&AuditFilter { action: Some("comment.reject".parse().unwrap()), limit: 20, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(audit.iter().filter(|e| e.actor == "command-line").count(), 5, "each audited");
    let missing = cli(&app, &["campaign", "reject", "99999", "--reason", "spam"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("campaign 99999 does not exist"));

    // The Korean campaign: keep one in the console, then ban its commenters.
    let korean_id = korean_campaign.trim_start_matches("campaign:");
    let filtered = format!("/admin/comments?state=all&label={korean_campaign}");
    let page = app.console_get(&filtered, Some(&session)).await;
    assert!(page.body.contains(&format!("action=\"/admin/campaigns/{korean_id}\"")), "{}", page.body);
    let csrf = app.csrf(&session).await;
    let fields = |action: &'static str, keep: String| {
        vec![
            ("csrf", csrf.clone()),
            ("campaign_action", action.to_owned()),
            ("keep", keep),
            ("return_to", filtered.clone()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        let session = session.clone();
        let path = format!("/admin/campaigns/{korean_id}");
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.console_post(&path, Some(&session), &pairs).await
        }
    };
    let unknown = post(fields("keep", copy_ids[0].to_string())).await;
    assert_eq!(unknown.status, 303);
    let said = app.console_get(unknown.header("location"), Some(&session)).await;
    assert!(said.body.contains(&format!("comment {} is not in campaign {korean_id}", copy_ids[0])), "{}", said.body);
    let kept = post(fields("keep", korean_copies[1].to_string())).await;
    let said = app.console_get(kept.header("location"), Some(&session)).await;
    assert!(said.body.contains(&format!("Kept comment {}; rejected 1 other(s)", korean_copies[1])), "{}", said.body);
    let state = |id: i64| {
        let store = app.store.clone();
        async move { store.comment(CommentId(id)).await.unwrap().unwrap().state }
    };
    assert_eq!(state(korean_copies[1]).await, CommentState::Approved);
    assert_eq!(state(korean_copies[0]).await, CommentState::Rejected);
    let banned = cli(&app, &["campaign", "ban", korean_id, "--days", "7", "--reason", "a flood of copies"]);
    assert_eq!(stdout(&banned), format!("banned 2 commenter(s) of campaign {korean_id} for 7 day(s)\n"));
    let bans = app
        .store
        .audit_log(&AuditFilter { action: Some("commenter.ban".parse().unwrap()), limit: 20, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(bans.len(), 2, "each commenter once, audited");
    // The ban was made by another process: this one looks at the bans again within a second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let again = app.comment(korean, &Post { text: "Another try", ..Post::default() }, Some(&"bb".repeat(32))).await;
    assert_eq!(again.status, 403, "the banned commenter is refused: {}", again.body);
}

async fn admins_set_a_services_defences_in_the_console(backend: Backend) {
    let app = four_services(backend).await;
    app.add_user("chief", Role::Admin, &[]).await;
    let session = app.sign_in("chief", PASSWORD, None).await.unwrap();
    let page = app.console_get("/admin/services", Some(&session)).await;
    assert!(page.body.contains("action=\"/admin/services/korean/defences\""), "{}", page.body);
    let csrf = app.csrf(&session).await;
    let korean = || async { app.store.services().await.unwrap().into_iter().find(|s| s.code == "korean").unwrap() };
    let saved = app
        .console_post(
            "/admin/services/korean/defences",
            Some(&session),
            &[
                ("csrf", &csrf),
                ("attack_mode", "on"),
                ("lockdown", "on"),
                ("embed_origins", "https://www.example.org\nhttp://localhost:8000"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let service = korean().await;
    assert_eq!(service.attack_mode, dateline_core::attack::AttackMode::On);
    assert!(service.locked_down);
    assert_eq!(service.embed_origins, ["http://localhost:8000", "https://www.example.org"]);
    let filter = AuditFilter { actor: Some("chief".into()), limit: 10, ..Default::default() };
    let actions: Vec<String> = app.store.audit_log(&filter).await.unwrap().into_iter().map(|e| e.action).collect();
    for action in ["service.attack-mode", "service.lockdown", "service.embed"] {
        assert!(actions.iter().any(|a| a == action), "{action} audited: {actions:?}");
    }

    // A bad origin changes nothing, and the form keeps what was typed.
    let typed = "https://www.example.org/comments";
    let refused = app
        .console_post(
            "/admin/services/korean/defences",
            Some(&session),
            &[("csrf", &csrf), ("attack_mode", "off"), ("embed_origins", typed)],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains(typed), "kept and named: {}", refused.body);
    let service = korean().await;
    assert_eq!(service.attack_mode, dateline_core::attack::AttackMode::On, "nothing changed");
    assert!(service.locked_down);
}

on_both_backends!(
    admins_set_a_services_defences_in_the_console,
    copies_across_stories_and_services_are_grouped_as_one_campaign,
    moderators_keep_their_services_word_lists_in_the_console,
    attack_mode_asks_for_a_proof_of_work_or_a_longer_wait,
    word_lists_label_hold_and_reject_through_evasions_in_every_script,
    word_lists_are_managed_from_the_command_line_and_audited,
    a_lockdown_closes_every_story_at_once_and_reopens_them_as_they_were,
);
