//! Publication notices by email, through a fake SMTP relay on 127.0.0.1.

use std::sync::{Arc, Mutex};

use dateline_core::comments::CommentId;
use dateline_core::store::prelude::*;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::support::Backend;
use crate::support::newsroom::{OPEN, Post, newsroom_with_site, received_id};

/// A relay that accepts every message and keeps it.
async fn fake_relay() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let messages = Arc::new(Mutex::new(Vec::new()));
    let kept = messages.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake relay\r\n").await.unwrap();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(message) = data.as_mut() {
                        if line == "." {
                            kept.lock().unwrap().push(data.take().unwrap());
                            write.write_all(b"250 kept\r\n").await.unwrap();
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let command = line.to_ascii_uppercase();
                    let answer: &[u8] = if command.starts_with("DATA") {
                        data = Some(String::new());
                        b"354 go on\r\n"
                    } else if command.starts_with("QUIT") {
                        b"221 bye\r\n"
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(answer).await.unwrap();
                    if command.starts_with("QUIT") {
                        break;
                    }
                }
            });
        }
    });
    (port, messages)
}

/// Undoes quoted-printable soft line breaks and `=XX` escapes (enough for ASCII checks).
fn unfold(message: &str) -> String {
    message.replace("=\n", "").replace("=3D", "=")
}

async fn authors_who_gave_an_address_hear_when_their_comment_is_published(backend: Backend) {
    let (port, messages) = fake_relay().await;
    let mail = dateline_web::notices::MailSettings {
        smtp_host: "127.0.0.1".into(),
        smtp_port: port,
        from: "news@dateline.test".into(),
    };
    let site = dateline_web::SiteSettings {
        mail: Some(mail),
        base_url: Some("https://news.example/".into()),
        ..Default::default()
    };
    let app = newsroom_with_site(backend, site).await;
    let with = received_id(
        &app.comment(
            OPEN,
            &Post { text: "Tell me when it is out", email: "reader@example.org", ..Post::default() },
            None,
        )
        .await,
    );
    let without = received_id(&app.comment(OPEN, &Post { text: "No address given", ..Post::default() }, None).await);
    let web = app.web_app();
    assert_eq!(dateline_web::notices::send_due(&web).await.unwrap(), 0, "nothing is published yet");
    app.approve(with).await;
    app.approve(without).await;
    assert_eq!(dateline_web::notices::send_due(&web).await.unwrap(), 1);
    let kept = messages.lock().unwrap().clone();
    assert_eq!(kept.len(), 1);
    let message = unfold(&kept[0]);
    assert!(message.contains("To: reader@example.org"), "{message}");
    assert!(message.contains("From: news@dateline.test"), "{message}");
    assert!(message.contains("Content-Type: text/plain"), "{message}");
    assert!(
        message.contains(&format!("https://news.example/english/2026/07/han-river-floods#comment-{with}")),
        "{message}"
    );
    assert_eq!(
        app.store.comment(CommentId(with)).await.unwrap().unwrap().email,
        None,
        "the address is erased once used"
    );
    assert_eq!(dateline_web::notices::send_due(&web).await.unwrap(), 0, "one notice only");
}

on_both_backends!(authors_who_gave_an_address_hear_when_their_comment_is_published);
