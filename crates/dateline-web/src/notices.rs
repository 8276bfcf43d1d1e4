//! Publication notices: an email to a commenter who gave an address, once their comment is
//! published. Plain text only (nothing in it is interpreted); sent through the SMTP relay of
//! the `smtp_url` setting; the address is erased once the notice is sent.

use dateline_core::articles::article_path;
use fluent_bundle::FluentValue;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::error::WebError;
use crate::messages::Message;
use crate::state::{App, AppState};

/// Where and how notices are sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// Host of the SMTP relay (a local MTA, usually).
    pub smtp_host: String,
    /// Its port.
    pub smtp_port: u16,
    /// The `From` address.
    pub from: String,
}

/// A failure to send, as kept and logged: the SMTP reply code and whether the relay said
/// it is permanent, never the relay's text (relays quote the recipient's address).
fn failure_summary(error: &lettre::transport::smtp::Error) -> (String, bool) {
    match error.status() {
        Some(code) => (format!("SMTP {code}"), error.is_permanent()),
        None if error.is_permanent() => ("refused permanently".to_owned(), true),
        None => ("relay unreachable or failed".to_owned(), false),
    }
}

/// Sends the notices that are due; returns how many were sent. A failure is tried again
/// later (30 s, then twice as long each time, five attempts in all) unless the relay
/// refuses for good; a notice given up is deleted with its address.
pub async fn send_due(app: &App) -> Result<usize, WebError> {
    let Some(mail) = &app.site.mail else { return Ok(0) };
    let transport =
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&mail.smtp_host).port(mail.smtp_port).build();
    let services = app.services().await?;
    let now = app.clock.now();
    let mut sent = 0;
    for notice in app.store.due_notices(now, 20).await? {
        let id = notice.comment;
        let message = match compose(app, mail, &services, id, &notice.email).await? {
            Some(Ok(message)) => message,
            Some(Err(problem)) => {
                tracing::warn!(comment = id.0, problem, "a publication notice cannot be written; it is dropped");
                app.store.notice_failed(id, "cannot be written", None).await?;
                continue;
            }
            None => continue,
        };
        match transport.send(message).await {
            Ok(_) => {
                app.store.notice_sent(id).await?;
                metrics::counter!("dateline_notices_total", "outcome" => "sent").increment(1);
                sent += 1;
            }
            Err(error) => {
                let (summary, permanent) = failure_summary(&error);
                let attempts = notice.attempts + 1;
                let retry_at = dateline_core::comments::notice_retry(attempts, permanent, now);
                tracing::warn!(
                    comment = id.0,
                    attempts,
                    %summary,
                    retry = retry_at.is_some(),
                    "a publication notice was not sent"
                );
                app.store.notice_failed(id, &summary, retry_at).await?;
                metrics::counter!("dateline_notices_total", "outcome" => "failed").increment(1);
            }
        }
    }
    Ok(sent)
}

async fn compose(
    app: &App,
    mail: &MailSettings,
    services: &[dateline_core::Service],
    id: dateline_core::comments::CommentId,
    address: &str,
) -> Result<Option<Result<lettre::Message, String>>, WebError> {
    let Some(comment) = app.store.comment(id).await? else { return Ok(None) };
    let Some(place) = app.store.comment_place(id).await? else { return Ok(None) };
    let Some(service) = services.iter().find(|s| s.id == place.service_id) else { return Ok(None) };
    let Some(article) = app.store.article_head(service.id, &place.article_slug).await? else { return Ok(None) };
    let base_url = app.site.base_url.as_deref().unwrap_or_default();
    let url = format!(
        "{}{}#comment-{}",
        base_url.trim_end_matches('/'),
        article_path(service, &article.slug, article.published_at),
        id.0
    );
    let language = service.language.as_str();
    let headline = FluentValue::from(article.headline.as_str());
    let subject = app.catalogs.message(language, Message::NoticeSubject, &[("headline", headline.clone())]);
    let body = app.catalogs.message(
        language,
        Message::NoticeBody,
        &[
            ("name", FluentValue::from(comment.author_name.as_str())),
            ("headline", headline),
            ("url", FluentValue::from(url)),
        ],
    );
    let (Ok(from), Ok(to)) = (mail.from.parse(), address.parse()) else {
        return Ok(Some(Err("the From address or the reader's address cannot be used".to_owned())));
    };
    Ok(Some(
        lettre::Message::builder()
            .from(from)
            .to(to)
            .subject(subject.replace(['\u{2068}', '\u{2069}'], ""))
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|_| "the message cannot be built".to_owned()),
    ))
}

/// Sends due notices every five seconds, if a relay is configured.
pub fn spawn_notice_sender(app: AppState) {
    if app.site.mail.is_none() {
        return;
    }
    tokio::spawn(async move {
        loop {
            if let Err(error) = send_due(&app).await {
                tracing::warn!(?error, "publication notices failed; trying again shortly");
            }
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        }
    });
}
