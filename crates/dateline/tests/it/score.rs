//! The learned score: learned from the moderators' decisions, shown in the queue, the
//! comment's page and on the command line, and deciding only past a service's thresholds.

use dateline_core::accounts::Role;
use dateline_core::audit::AuditFilter;
use dateline_core::comments::{CommentId, CommentSettings, CommentState, RejectionReason};
use dateline_core::moderation::{Actor, Decision, decide};
use dateline_core::score::{self, ModerationSettings};
use dateline_core::store::QueueFilter;
use dateline_core::store::prelude::*;
use dateline_core::words::{self, WordAction, WordEntry};

use crate::support::console::PASSWORD;
use crate::support::newsroom::{Post, received_id};
use crate::support::{Backend, TestApp, app_cli as cli, stdout, test_now, tiny_png};

const STORY: &str = "/english/2026/07/floods";

const FINE: [&str; 12] = [
    "The report on the flood was careful and fair, thank you",
    "I live near the river; the water came up fast last night",
    "Good to see the reporters asking the officials hard questions",
    "My grandmother remembers the flood of 1998 in the same place",
    "Could you write more about how the relief money is counted?",
    "The photo of the market under water says more than words",
    "Thank you for reporting from the villages, not only the city",
    "We need more stories like this one about our region",
    "The translation reads well and the facts are clear",
    "I disagree with the minister but the article is balanced",
    "Our school is closed until the water goes down, stay safe",
    "The volunteers at the levee deserve a story of their own",
];

const SPAM: [&str; 12] = [
    "CHEAP PILLS buy now at the pills shop, best price",
    "Earn money from home, click my profile for cheap offers",
    "buy cheap watches, best price, visit the shop today",
    "Free money!!! click here to win a prize now",
    "cheap loans for everyone, click the link and earn",
    "best price pills, buy now, free shipping today",
    "win free prize money, click here, offer ends today",
    "make money fast, cheap offer, click my page",
    "buy now!!! cheap cheap cheap, best price ever",
    "click here for free pills and cheap loans",
    "casino bonus, free spins, click here and win money",
    "cheap followers and likes, buy now, best price",
];

async fn newsroom(backend: Backend, moderation: ModerationSettings) -> TestApp {
    let comments = CommentSettings { per_address_per_hour: 0, per_article_per_minute: 0, ..Default::default() };
    let site = dateline_web::SiteSettings { comments, moderation, ..Default::default() };
    let app = TestApp::with_site(backend, site).await;
    app.add_service("english", "English", "English", "en", "UTC").await;
    let article = "+++\ntitle = \"Floods\"\nslug = \"floods\"\nservice = \"english\"\n\
         published = 2026-07-07T09:30:00Z\ncomments = \"open\"\n\n[lead_image]\npath = \"photo.png\"\n\
         caption = \"A photo\"\n+++\nBody.\n";
    app.import(&[("english.md", article.as_bytes()), ("photo.png", &tiny_png())]).await.unwrap();
    app
}

async fn send(app: &TestApp, text: &str, n: usize) -> CommentId {
    let commenter = format!("{:064x}", n + 1);
    let sent = app.comment(STORY, &Post { text, ..Post::default() }, Some(&commenter)).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    CommentId(received_id(&sent))
}

/// Sends the training comments and decides them as a moderator would, then lets the
/// worker learn the decisions.
async fn train(app: &TestApp) {
    let store = app.store.as_ref();
    for (n, text) in FINE.iter().chain(&SPAM).enumerate() {
        let id = send(app, text, n).await;
        let decision = if n < FINE.len() {
            Decision::Approve
        } else {
            Decision::Reject { reason: RejectionReason::Spam, note: None }
        };
        decide(store, Actor::CommandLine, id, &decision, &CommentSettings::default(), test_now()).await.unwrap();
    }
    dateline_core::campaigns::place_new_comments(store, 500).await.unwrap();
    assert_eq!(score::learn_decisions(store, 500).await.unwrap(), 24);
    assert_eq!(score::learn_decisions(store, 500).await.unwrap(), 0, "each decision is learned once");
}

/// The worker's pass over new comments: campaigns first, then scores.
async fn analyse(app: &TestApp, settings: &ModerationSettings) {
    dateline_core::campaigns::place_new_comments(app.store.as_ref(), 500).await.unwrap();
    score::score_new_comments(app.store.as_ref(), settings, 500, test_now()).await.unwrap();
}

async fn english(app: &TestApp) -> dateline_core::ServiceId {
    app.store.services().await.unwrap().into_iter().find(|s| s.code == "english").unwrap().id
}

async fn the_score_learns_from_decisions_and_sorts_and_explains_the_queue(backend: Backend) {
    let app = newsroom(backend, ModerationSettings::default()).await;
    let store = app.store.as_ref();
    // Before any decision the score says nothing.
    let early = send(&app, "An early comment before anything was decided", 90).await;
    analyse(&app, &ModerationSettings::default()).await;
    let early = store.comment(early).await.unwrap().unwrap();
    assert_eq!(early.score, None);
    assert!(!early.labels.iter().any(|l| l.starts_with("score")));

    train(&app).await;
    let model = store.model(english(&app).await, &[]).await.unwrap();
    assert_eq!((model.decisions.approved, model.decisions.rejected), (12, 12));

    let spam = send(&app, "cheap pills, click here, best price today", 100).await;
    let fine = send(&app, "The reporters were careful about the flood in the villages", 101).await;
    let unclear = send(&app, "Hmm.", 102).await;
    analyse(&app, &ModerationSettings::default()).await;
    let spam_score = store.comment(spam).await.unwrap().unwrap().score.expect("scored");
    let fine_score = store.comment(fine).await.unwrap().unwrap().score.expect("scored");
    assert!(spam_score.value() > 0.9, "{spam_score:?}");
    assert!(fine_score.value() < 0.1, "{fine_score:?}");
    let labels = store.comment(spam).await.unwrap().unwrap().labels;
    assert!(labels.contains(&spam_score.label()), "{labels:?}");
    // Nothing decided on its own without a threshold.
    assert_eq!(store.comment(spam).await.unwrap().unwrap().state, CommentState::Pending);

    // The command line: the label column and filter, the features.
    let listed = stdout(&cli(&app, &["comment", "list", "--label", "score:0.9"]));
    let high = stdout(&cli(&app, &["comment", "list", "--label", &spam_score.label()]));
    assert!(high.lines().any(|l| l.starts_with(&format!("{}\t", spam.0))), "{high}");
    assert!(!listed.lines().any(|l| l.starts_with(&format!("{}\t", fine.0))), "{listed}");
    let shown = stdout(&cli(&app, &["comment", "show", &spam.0.to_string()]));
    assert!(shown.contains(&format!("score: {spam_score}\n")), "{shown}");
    assert!(shown.contains("score features:\n"), "{shown}");
    assert!(shown.lines().any(|l| l.contains("\"chea\"") && l.ends_with("toward reject")), "{shown}");

    // The queue sorted by score: the highest first, the unscored last; page by page.
    let mut filter = QueueFilter {
        state: Some(CommentState::Pending),
        by_score: true,
        limit: 1,
        now: test_now(),
        ..Default::default()
    };
    let mut order = Vec::new();
    loop {
        let page = store.moderation_queue(&filter).await.unwrap();
        let Some(item) = page.first() else { break };
        order.push(item.comment.id);
        filter.after = Some(dateline_core::store::QueueCursor::of(&item.comment, true));
    }
    assert_eq!(order.len(), 4);
    assert_eq!(order[0], spam);
    assert_eq!(order[1..3].iter().filter(|id| **id == fine || **id == unclear).count(), 2);
    assert_eq!(order[3], early.id, "unscored last");
    let back = QueueFilter {
        after: None,
        before: Some(dateline_core::store::QueueCursor::of(&early, true)),
        limit: 3,
        ..filter
    };
    let before: Vec<CommentId> = store.moderation_queue(&back).await.unwrap().iter().map(|i| i.comment.id).collect();
    assert_eq!(before, order[..3], "the previous page, in order");

    app.add_user("chief", Role::Admin, &[]).await;
    let session = app.sign_in("chief", PASSWORD, None).await.unwrap();
    let queue = app.console_get("/admin/comments?sort=score", Some(&session)).await;
    assert_eq!(queue.status, 200);
    let first_item = queue.body.find(&format!("id=\"c{}\"", spam.0)).expect("the spam is in the queue");
    let fine_item = queue.body.find(&format!("id=\"c{}\"", fine.0)).expect("the fine comment is in the queue");
    assert!(first_item < fine_item, "highest score first");
    assert!(queue.body.contains("<option value=\"score\" selected>Highest score first</option>"));
    let oldest = app.console_get("/admin/comments", Some(&session)).await;
    assert!(oldest.body.find(&format!("id=\"c{}\"", early.id.0)) < oldest.body.find(&format!("id=\"c{}\"", spam.0)));
    let page = app.console_get(&format!("/admin/comments/{}", spam.0), Some(&session)).await;
    assert!(page.body.contains(&format!("Score: {spam_score} (with the model as it stands now: ")), "{}", page.body);
    assert!(page.body.contains("The features that weighed most"));
    assert!(page.body.contains("toward rejection"));
}

async fn the_system_decides_only_past_a_threshold_audited_with_the_score(backend: Backend) {
    let mut settings = ModerationSettings::default();
    settings.auto_reject_score.insert("english".into(), 0.9);
    settings.auto_approve_score.insert("english".into(), 0.1);
    let app = newsroom(backend, settings.clone()).await;
    let store = app.store.as_ref();
    train(&app).await;
    let entry = WordEntry::new("villages", WordAction::Hold, None).unwrap();
    words::add_words(store, Actor::CommandLine, "english", &[entry], test_now()).await.unwrap();

    let spam = send(&app, "cheap pills, click here, best price today", 100).await;
    let fine = send(&app, "Thank you for the careful report on the flood and the river", 101).await;
    let held = send(&app, "The reporters were careful about the flood in the villages", 102).await;
    analyse(&app, &settings).await;
    assert_eq!(store.comment(spam).await.unwrap().unwrap().state, CommentState::Rejected);
    assert_eq!(store.comment(fine).await.unwrap().unwrap().state, CommentState::Approved);
    let held = store.comment(held).await.unwrap().unwrap();
    assert!(held.score.is_some_and(|s| s.value() <= 0.1), "{:?}", held.score);
    assert_eq!(held.state, CommentState::Pending, "a word list's hold is never approved automatically");

    let audit =
        store.audit_log(&AuditFilter { actor: Some("system".into()), limit: 10, ..Default::default() }).await.unwrap();
    let after = |action: &str| -> serde_json::Value {
        let entry = audit.iter().find(|e| e.action == action).expect("audited");
        serde_json::from_str(entry.after.as_deref().unwrap()).unwrap()
    };
    let rejection = after("comment.reject");
    assert!(rejection["score"].as_f64().unwrap() >= 0.9, "{rejection}");
    assert_eq!(rejection["threshold"], 0.9);
    assert_eq!(after("comment.approve")["threshold"], 0.1);

    // The system's own decisions teach the model nothing.
    let before = store.model(english(&app).await, &[]).await.unwrap().decisions;
    assert_eq!(score::learn_decisions(store, 500).await.unwrap(), 0);
    assert_eq!(store.model(english(&app).await, &[]).await.unwrap().decisions, before);
}

async fn a_changed_decision_is_relearned_and_a_rebuild_gives_the_same_model(backend: Backend) {
    let app = newsroom(backend, ModerationSettings::default()).await;
    let store = app.store.as_ref();
    train(&app).await;
    let service = english(&app).await;
    let features = score::feature_hashes(FINE[0]);
    let counts = |model: &score::Model| features.iter().map(|h| model.features.get(h).copied()).collect::<Vec<_>>();

    // A moderator takes an approved comment down: it is learned as rejected instead.
    let first = store
        .moderation_queue(&QueueFilter {
            state: Some(CommentState::Approved),
            limit: 1,
            now: test_now(),
            ..Default::default()
        })
        .await
        .unwrap()[0]
        .comment
        .clone();
    assert_eq!(first.text, FINE[0]);
    let unpublish = Decision::Unpublish { reason: RejectionReason::OffTopic, note: None };
    decide(store, Actor::CommandLine, first.id, &unpublish, &CommentSettings::default(), test_now()).await.unwrap();
    assert_eq!(score::learn_decisions(store, 500).await.unwrap(), 1);
    let learned = store.model(service, &features).await.unwrap();
    assert_eq!((learned.decisions.approved, learned.decisions.rejected), (11, 13));

    // A rebuild from every decision gives exactly the counts learned one by one.
    let rebuilt = cli(&app, &["score", "rebuild", "english"]);
    assert_eq!(rebuilt.status.code(), Some(0), "{}", String::from_utf8_lossy(&rebuilt.stderr));
    let said = stdout(&rebuilt);
    assert!(said.starts_with("learned 11 approved and 13 rejected comment(s) of english ("), "{said}");
    assert!(said.ends_with("; scored 0 pending comment(s)\n"), "{said}");
    let again = store.model(service, &features).await.unwrap();
    assert_eq!(again.decisions, learned.decisions);
    assert_eq!(counts(&again), counts(&learned));
    assert_eq!(score::learn_decisions(store, 500).await.unwrap(), 0, "nothing left to learn");

    let missing = cli(&app, &["score", "rebuild", "nowhere"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("there is no service \"nowhere\""));
}

async fn the_score_is_measured_on_labelled_text(backend: Backend) {
    let app = newsroom(backend, ModerationSettings::default()).await;
    let file = app.db.dir.path().join("labelled.tsv");
    let lines: Vec<String> =
        FINE.iter().map(|t| format!("ham\t{t}")).chain(SPAM.iter().map(|t| format!("spam\t{t}"))).collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let measured = cli(&app, &["score", "evaluate", file.to_str().unwrap(), "--thresholds", "0.5"]);
    assert_eq!(measured.status.code(), Some(0), "{}", String::from_utf8_lossy(&measured.stderr));
    let out = stdout(&measured);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("# learned 9 approved and 9 rejected; scored 3 approved and 3 rejected"), "{out}");
    assert_eq!(lines[1], "threshold\tprecision\trecall");
    assert!(lines[2].starts_with("0.5\t"), "{out}");
    std::fs::write(&file, "ham\tfine\nperhaps\tnot sure\n").unwrap();
    let bad = cli(&app, &["score", "evaluate", file.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("line 2: the label \"perhaps\""));
}

on_both_backends!(
    the_score_learns_from_decisions_and_sorts_and_explains_the_queue,
    the_system_decides_only_past_a_threshold_audited_with_the_score,
    a_changed_decision_is_relearned_and_a_rebuild_gives_the_same_model,
    the_score_is_measured_on_labelled_text,
);
