//! The comment section under articles, the comment form, and the commenter's own pages.

pub mod embed;
pub mod mine;
pub mod report;

use std::collections::HashMap;

use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dateline_core::articles::{Article, CommentPolicy, article_path};
use dateline_core::comments::{
    self, Comment, CommentId, Field, FormToken, Refusal, Submission, SubmitContext, SubmitError, effective_policy,
};
use dateline_core::services::Service;
use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use crate::client::{Caller, CommenterToken};
use crate::error::WebError;
use crate::messages::Message;
use crate::pages::{self, ShownArticle};
use crate::state::{App, AppState};
use crate::text::comment_html;
use crate::tokens::{self, TokenPurpose};
use crate::views::{self, TimeView};

/// Replies deeper than this are shown at this depth.
pub const MAX_THREAD_DEPTH: usize = 3;

/// A published comment with its replies.
#[derive(Debug, Serialize)]
pub struct CommentNode {
    id: i64,
    author: String,
    html: String,
    time: TimeView,
    edited: bool,
    reply_href: String,
    replies: Vec<CommentNode>,
}

/// A pending comment shown to its author alone.
#[derive(Debug, Serialize)]
pub struct OwnComment {
    id: i64,
    author: String,
    html: String,
    time: TimeView,
    delete_token: String,
}

/// A message about the form, for one field or the whole form.
#[derive(Debug, Clone, Serialize)]
pub struct FormError {
    field: Option<Field>,
    message: String,
}

/// The comment form, as shown (empty, or with what the reader typed and what was wrong).
#[derive(Debug, Serialize)]
pub struct FormView {
    action: String,
    token: String,
    /// Whether the form asks for an email address (only when notices are sent).
    ask_email: bool,
    name: String,
    email: String,
    text: String,
    accept_terms: bool,
    parent_id: Option<i64>,
    replying_to: Option<String>,
    cancel_reply_href: String,
    terms_href: String,
    text_max: usize,
    name_max: usize,
    errors: Vec<FormError>,
    /// While the service's attack mode is on: the wait without JavaScript, and where the
    /// form's script fetches a fresh challenge.
    attack: Option<AttackForm>,
}

/// The comment form's part in attack mode (see [`dateline_core::attack`]).
#[derive(Debug, Serialize)]
pub struct AttackForm {
    wait: u32,
    challenge_url: String,
    script: String,
}

impl FormView {
    fn error_for(&self, field: Field) -> bool {
        self.errors.iter().any(|e| e.field == Some(field))
    }
}

/// Everything the comment section shows.
#[derive(Debug, Serialize)]
pub struct CommentsSection {
    policy: CommentPolicy,
    count: i64,
    notice: String,
    threads: Vec<CommentNode>,
    own_pending: Vec<OwnComment>,
    received: bool,
    reported: bool,
    newer_href: Option<String>,
    older_href: Option<String>,
    form: Option<FormView>,
    invalid_fields: Vec<Field>,
    return_to: String,
    /// Whether each comment offers its report form (not on a static mirror, nor in the
    /// embed on another site's page).
    reports: bool,
    /// Shown in the embed on another site's page (links away open a new tab).
    embedded: bool,
    /// Closed by the service's lockdown (the notice says so).
    locked: bool,
}

/// Where a comment section is shown, and so where its links and its form lead: under an
/// article, or on the embed page of another site's page.
#[derive(Debug, Clone)]
pub struct SectionPlace {
    /// The address of the page showing the section (it may carry a query).
    pub page: String,
    /// Where the comment form posts.
    pub form_action: String,
    /// Whether this is the embed on another site's page (no report forms: a report page
    /// of its own does not fit in the frame).
    pub embedded: bool,
}

impl SectionPlace {
    /// The section under an article at `path`.
    pub fn article(path: &str) -> SectionPlace {
        SectionPlace { page: path.to_owned(), form_action: format!("{path}/comments"), embedded: false }
    }

    /// The page's address with more of a query, and a fragment.
    fn with(&self, query: &str, fragment: &str) -> String {
        let separator = if self.page.contains('?') { '&' } else { '?' };
        format!("{}{separator}{query}#{fragment}", self.page)
    }

    /// The page's address with a fragment.
    fn at(&self, fragment: &str) -> String {
        format!("{}#{fragment}", self.page)
    }
}

/// What the reader sent with the comment form (every field as text, so that nothing
/// they typed is lost whatever it contains).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    name: String,
    email: String,
    text: String,
    parent_id: String,
    accept_terms: Option<String>,
    website: String,
    form_token: String,
    /// The proof of work the form's script found (attack mode).
    proof: String,
}

/// The message of [`FormProblem::Multipart`].
const MULTIPART_MESSAGE: &str = "comment-error-form-multipart";
/// The message of [`FormProblem::Repeated`].
const REPEATED_MESSAGE: &str = "comment-error-form-repeated";
/// The messages of [`FormProblem`]s (for the catalogs' completeness test).
pub const FORM_PROBLEM_MESSAGES: [&str; 2] = [MULTIPART_MESSAGE, REPEATED_MESSAGE];

/// Why a sent comment form cannot be read as the reader meant it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FormProblem {
    /// Sent as `multipart/form-data`, which the page's own form never does.
    Multipart,
    /// A field sent more than once: which value was meant is unknown.
    Repeated(String),
    /// `parent_id` is not a comment's number.
    Parent,
}

impl FormProblem {
    /// The status and the error shown above the form, in the page's language.
    fn explained(&self, app: &App, language: &str) -> (StatusCode, FormError) {
        match self {
            FormProblem::Multipart => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                FormError { field: None, message: app.catalogs.text(language, MULTIPART_MESSAGE, &[]) },
            ),
            FormProblem::Repeated(field) => {
                let args = [("field", FluentValue::from(field.as_str()))];
                let message = app.catalogs.text(language, REPEATED_MESSAGE, &args);
                (StatusCode::BAD_REQUEST, FormError { field: None, message })
            }
            FormProblem::Parent => (
                StatusCode::UNPROCESSABLE_ENTITY,
                FormError {
                    field: Some(Field::ParentId),
                    message: refusal_message(app, language, &Refusal::ParentInvalid),
                },
            ),
        }
    }
}

impl CommentForm {
    /// The fields of a sent form (the first value of each, so that nothing typed is lost),
    /// and what makes it unreadable, if anything.
    fn read(headers: &axum::http::HeaderMap, bytes: &[u8]) -> (CommentForm, Option<FormProblem>) {
        let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        if content_type.trim_start().to_ascii_lowercase().starts_with("multipart/") {
            return (CommentForm::default(), Some(FormProblem::Multipart));
        }
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).unwrap_or_default();
        let mut form = CommentForm::default();
        let mut problem = None;
        let mut seen = std::collections::BTreeSet::new();
        for (name, value) in pairs {
            let slot = match name.as_str() {
                "name" => &mut form.name,
                "email" => &mut form.email,
                "text" => &mut form.text,
                "parent_id" => &mut form.parent_id,
                "website" => &mut form.website,
                "form_token" => &mut form.form_token,
                "proof" => &mut form.proof,
                "accept_terms" => {
                    form.accept_terms.get_or_insert(value);
                    continue;
                }
                _ => continue,
            };
            if seen.insert(name.clone()) {
                *slot = value;
            } else if problem.is_none() {
                problem = Some(FormProblem::Repeated(name));
            }
        }
        let parent = form.parent_id.trim();
        if problem.is_none() && !parent.is_empty() && !parent.parse::<i64>().is_ok_and(|id| id >= 1) {
            problem = Some(FormProblem::Parent);
        }
        (form, problem)
    }
}

/// Query parameters of an article page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ArticleQuery {
    reply_to: Option<String>,
    received: Option<String>,
    reported: Option<String>,
    comments_page: Option<String>,
}

/// Who is reading and what they sent: the parts of an article page that are theirs alone.
#[derive(Debug, Default)]
pub struct Personal {
    /// The commenter token from their cookie.
    pub token: Option<CommenterToken>,
    /// The comment they just sent (shown with a thank-you).
    pub received: Option<CommentId>,
    /// The comment they just reported (shown with a thank-you).
    pub reported: Option<CommentId>,
    /// The comment they are replying to.
    pub reply_to: Option<i64>,
    /// Page of the comment thread.
    pub comments_page: u32,
    /// The form as they sent it, with what was wrong, after a refused submission.
    pub refused: Option<(CommentForm, Vec<FormError>)>,
    /// Whether the refused form's token was expired or used up (the form gets a new one).
    pub token_used: bool,
}

impl CommentsSection {
    /// Whether the section carries a comment form (and so a signed "shown at" time).
    pub fn has_form(&self) -> bool {
        self.form.is_some()
    }
}

impl Personal {
    /// From an article page's request.
    pub fn from_request(headers: &HeaderMap, query: &ArticleQuery) -> Personal {
        let number = |text: &Option<String>| text.as_deref().and_then(|t| t.parse::<i64>().ok()).filter(|n| *n > 0);
        Personal {
            token: CommenterToken::from_cookie(headers),
            received: number(&query.received).map(CommentId),
            reported: number(&query.reported).map(CommentId),
            reply_to: number(&query.reply_to),
            comments_page: number(&query.comments_page).and_then(|n| u32::try_from(n).ok()).unwrap_or(1),
            refused: None,
            token_used: false,
        }
    }

    /// Whether the page shows anything personal (and so must not be cached or shared).
    pub fn is_personal(&self, section: &CommentsSection) -> bool {
        !section.own_pending.is_empty() || section.received || section.reported || self.refused.is_some()
    }
}

fn time(app: &App, service: &Service, at: chrono::DateTime<chrono::Utc>) -> TimeView {
    views::time_view(&app.catalogs, &service.language, at, service.time_zone)
}

/// Builds the nested threads from public comments (top-level ones in order first).
fn threads(app: &App, service: &Service, place: &SectionPlace, comments: &[Comment]) -> Vec<CommentNode> {
    let mut children: HashMap<i64, Vec<&Comment>> = HashMap::new();
    for comment in comments {
        if let Some(parent) = comment.parent_id {
            children.entry(parent.0).or_default().push(comment);
        }
    }
    fn build(
        app: &App,
        service: &Service,
        place: &SectionPlace,
        comment: &Comment,
        children: &HashMap<i64, Vec<&Comment>>,
        depth: usize,
    ) -> CommentNode {
        let mut replies = Vec::new();
        collect_replies(app, service, place, comment.id.0, children, depth, &mut replies);
        CommentNode {
            id: comment.id.0,
            author: comment.author_name.clone(),
            html: comment_html(&comment.text, app.site.comments.link_urls),
            time: time(app, service, comment.created_at),
            edited: comment.edited,
            reply_href: place.with(&format!("reply_to={}", comment.id.0), "comment-form"),
            replies,
        }
    }
    fn collect_replies(
        app: &App,
        service: &Service,
        place: &SectionPlace,
        parent: i64,
        children: &HashMap<i64, Vec<&Comment>>,
        depth: usize,
        out: &mut Vec<CommentNode>,
    ) {
        for child in children.get(&parent).into_iter().flatten() {
            if depth + 1 < MAX_THREAD_DEPTH {
                out.push(build(app, service, place, child, children, depth + 1));
            } else {
                // At the deepest level, replies to replies line up beside their parent.
                out.push(build(app, service, place, child, &HashMap::new(), depth + 1));
                collect_replies(app, service, place, child.id.0, children, depth, out);
            }
        }
    }
    comments.iter().filter(|c| c.parent_id.is_none()).map(|c| build(app, service, place, c, &children, 0)).collect()
}

fn comment_notice(app: &App, service: &Service) -> String {
    service
        .comment_notice
        .clone()
        .unwrap_or_else(|| app.catalogs.message(&service.language, Message::CommentsNotice, &[]))
}

/// A new signed token for a comment form: its "shown at" time and a nonce that makes it
/// work once.
pub async fn form_token(app: &App, article: &Article) -> Result<String, WebError> {
    Ok(tokens::sign(&app.form_key().await?, TokenPurpose::Comment(article.id), app.clock.now()))
}

/// A form token that is signed, for this article, and not expired; `None` otherwise.
pub async fn valid_form_token(app: &App, article: &Article, token: &str) -> Result<Option<FormToken>, WebError> {
    let signed = tokens::verify(&app.form_key().await?, TokenPurpose::Comment(article.id), token, app.clock.now());
    Ok(signed.and_then(|s| Some(FormToken { shown_at: s.issued, nonce: s.nonce? })))
}

/// The token of a commenter's delete button for one of their comments.
pub(crate) async fn delete_token(app: &App, id: CommentId, token: &CommenterToken) -> Result<String, WebError> {
    let commenter = token.hash();
    let purpose = TokenPurpose::Delete { comment: id, commenter: &commenter };
    Ok(tokens::sign(&app.form_key().await?, purpose, app.clock.now()))
}

/// Builds the comment section of an article, shown at `place`.
pub async fn section(
    app: &App,
    service: &Service,
    article: &Article,
    personal: &Personal,
    place: &SectionPlace,
) -> Result<CommentsSection, WebError> {
    let now = app.clock.now();
    let settings = &app.site.comments;
    let policy = effective_policy(article.effective_comment_policy(service), article.published_at, now, settings);
    let dateline_core::store::CommentPage { comments, top_level } =
        app.store.public_comments(article.id, personal.comments_page, settings.per_page).await?;
    let count = app.store.comment_counts(&[article.id]).await?.get(&article.id).copied().unwrap_or(0);
    let mut own_pending = Vec::new();
    if let Some(token) = &personal.token {
        for pending in app.store.pending_comments_of(article.id, &token.hash()).await? {
            own_pending.push(OwnComment {
                id: pending.id.0,
                author: pending.author_name.clone(),
                html: comment_html(&pending.text, false),
                time: time(app, service, pending.created_at),
                delete_token: delete_token(app, pending.id, token).await?,
            });
        }
    }
    // In the embed the commenter cookie may not reach the frame (a third party's cookie,
    // blocked by some browsers and never sent over plain HTTP): the thank-you is shown
    // anyway, as it tells nothing about anyone's comment.
    let received = personal.received.is_some_and(|id| place.embedded || own_pending.iter().any(|c| c.id == id.0));
    let page = personal.comments_page;
    let pages = (top_level + i64::from(settings.per_page) - 1) / i64::from(settings.per_page.max(1));
    let page_href =
        |n: u32| if n <= 1 { place.at("comments") } else { place.with(&format!("comments_page={n}"), "comments") };
    let threads = threads(app, service, place, &comments);
    let mirror = app.site.mirror.as_ref();
    let form = match (policy, mirror) {
        (CommentPolicy::Open, None) => Some(form_view(app, service, article, place, &comments, personal).await?),
        (CommentPolicy::Open, Some(mirror)) => match &mirror.comment_url {
            Some(address) => {
                let mut form = form_view(app, service, article, place, &comments, personal).await?;
                form.action = format!("{}{}", address.trim_end_matches('/'), place.form_action);
                Some(form)
            }
            None => None,
        },
        _ => None,
    };
    let invalid_fields = form
        .as_ref()
        .map(|f| {
            [Field::Name, Field::Email, Field::Text, Field::AcceptTerms, Field::ParentId]
                .into_iter()
                .filter(|field| f.error_for(*field))
                .collect()
        })
        .unwrap_or_default();
    Ok(CommentsSection {
        policy,
        count,
        notice: comment_notice(app, service),
        threads,
        own_pending,
        received,
        reported: personal.reported.is_some(),
        newer_href: (page > 1).then(|| page_href(page - 1)),
        older_href: (i64::from(page) < pages).then(|| page_href(page + 1)),
        form,
        invalid_fields,
        return_to: place.page.clone(),
        reports: !place.embedded && mirror.is_none(),
        embedded: place.embedded,
        locked: service.locked_down && policy == CommentPolicy::Closed,
    })
}

async fn form_view(
    app: &App,
    service: &Service,
    article: &Article,
    place: &SectionPlace,
    comments: &[Comment],
    personal: &Personal,
) -> Result<FormView, WebError> {
    let (sent, errors) = match &personal.refused {
        Some((form, errors)) => (form.clone(), errors.clone()),
        None => (CommentForm::default(), Vec::new()),
    };
    let parent_id = sent.parent_id.parse::<i64>().ok().or(personal.reply_to);
    let replying_to = match parent_id {
        Some(id) => match comments.iter().find(|c| c.id.0 == id) {
            Some(parent) => Some(parent.author_name.clone()),
            None => app
                .store
                .comment(CommentId(id))
                .await?
                .filter(|c| c.article_id == article.id && c.state.is_public())
                .map(|c| c.author_name),
        },
        None => None,
    };
    // A token that still verifies keeps its "shown at" time: a refused form sent again
    // does not make the reader wait again. (A token is used up only by a stored comment.)
    let token = match valid_form_token(app, article, &sent.form_token).await? {
        Some(_) if !personal.token_used => sent.form_token.clone(),
        _ => form_token(app, article).await?,
    };
    Ok(FormView {
        action: place.form_action.clone(),
        token,
        ask_email: app.site.mail.is_some(),
        name: sent.name,
        email: sent.email,
        text: sent.text,
        accept_terms: sent.accept_terms.is_some(),
        parent_id: replying_to.as_ref().and(parent_id),
        replying_to,
        cancel_reply_href: place.at("comment-form"),
        terms_href: format!("/{}/terms", service.code),
        text_max: app.site.comments.text_max_chars,
        name_max: app.site.comments.name_max_chars,
        errors,
        attack: app.attack_gate(service, app.clock.now()).map(|gate| AttackForm {
            wait: gate.wait_seconds,
            challenge_url: format!("/api/v1/articles/{}/{}/comment-form", service.code, article.slug),
            script: app.assets.url("proof.js"),
        }),
    })
}

/// The text of a refusal in the reader's language.
pub fn refusal_message(app: &App, language: &str, refusal: &Refusal) -> String {
    let max = refusal.limit().unwrap_or_default().to_string();
    app.catalogs.text(language, refusal.message_id(), &[("max", FluentValue::from(max))])
}

/// The HTTP status of a refused submission.
pub fn refusal_status(refusals: &[Refusal]) -> StatusCode {
    if refusals.iter().any(Refusal::is_rate_limit) {
        StatusCode::TOO_MANY_REQUESTS
    } else if refusals
        .iter()
        .any(|r| matches!(r, Refusal::Closed | Refusal::Honeypot | Refusal::Banned | Refusal::FormExpired))
    {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// What the domain needs to know of a submission besides its fields, for the HTML form
/// and the API alike (the form adds its honeypot).
pub async fn submit_context(
    app: &App,
    service: &Service,
    article: &Article,
    token: &CommenterToken,
    address: std::net::IpAddr,
    form: Option<FormToken>,
) -> Result<SubmitContext, WebError> {
    let now = app.clock.now();
    let (address_hash, recent_address_hashes) = app.address_hashes(address, now).await?;
    let policy =
        effective_policy(article.effective_comment_policy(service), article.published_at, now, &app.site.comments);
    Ok(SubmitContext {
        article_id: article.id,
        service_id: service.id,
        policy,
        commenter_hash: token.hash(),
        address_hash,
        recent_address_hashes,
        terms_version: terms_version(app, service).await?,
        form,
        honeypot_filled: false,
        accepts_email: app.site.mail.is_some(),
        words: app.word_list(service.id).await?,
        attack: app.attack_gate(service, now),
        proof: None,
        now,
    })
}

/// The Terms of Use version a new comment accepts.
pub async fn terms_version(app: &App, service: &Service) -> Result<i64, WebError> {
    app.terms_version(service.id).await
}

/// What came of a sent comment form.
pub enum Outcome {
    /// Stored, awaiting a moderator: the comment, and the commenter's token when it is new
    /// (to be set as their cookie).
    Stored {
        /// The new comment.
        id: CommentId,
        /// The token made for a commenter who had none.
        new_token: Option<CommenterToken>,
    },
    /// Refused: the page again, with what the reader typed and what was wrong.
    Refused {
        /// The reader's form and its errors.
        personal: Box<Personal>,
        /// The answer's status.
        status: StatusCode,
    },
}

/// Takes a sent comment form for an article, wherever its section is shown: reads it,
/// checks its token and origin, and submits it.
pub async fn receive(
    app: &App,
    service: &Service,
    article: &Article,
    caller: &Caller,
    headers: &HeaderMap,
    bytes: &[u8],
) -> Result<Outcome, WebError> {
    let (form, problem) = CommentForm::read(headers, bytes);
    let language = service.language.as_str();
    let refused = |form: CommentForm, errors: Vec<FormError>, token_used: bool| Personal {
        token: CommenterToken::from_cookie(headers),
        refused: Some((form, errors)),
        comments_page: 1,
        token_used,
        ..Personal::default()
    };
    if let Some(problem) = problem {
        let (status, error) = problem.explained(app, language);
        return Ok(Outcome::Refused { personal: Box::new(refused(form, vec![error], false)), status });
    }
    let form_token = valid_form_token(app, article, &form.form_token).await?;
    let Some(form_token) = form_token.filter(|_| caller.same_origin) else {
        let message = refusal_message(app, language, &Refusal::FormExpired);
        let personal = Box::new(refused(form, vec![FormError { field: None, message }], true));
        return Ok(Outcome::Refused { personal, status: StatusCode::FORBIDDEN });
    };
    let existing_token = CommenterToken::from_cookie(headers);
    let token = existing_token.clone().unwrap_or_else(CommenterToken::generate);
    let submission = Submission {
        name: form.name.clone(),
        text: form.text.clone(),
        email: form.email.clone(),
        parent_id: form.parent_id.trim().parse().ok(),
        accept_terms: form.accept_terms.is_some(),
    };
    app.count_submission(service.id, app.clock.now());
    let mut context = submit_context(app, service, article, &token, caller.address, Some(form_token)).await?;
    context.honeypot_filled = !form.website.trim().is_empty();
    context.proof = Some(form.proof.trim().to_owned()).filter(|p| !p.is_empty());
    match comments::submit(app.store.as_ref(), &app.site.comments, &submission, &context).await {
        Ok(id) => Ok(Outcome::Stored { id, new_token: existing_token.is_none().then_some(token) }),
        Err(SubmitError::Refused(refusals)) => {
            let errors = refusals
                .iter()
                .map(|r| FormError { field: r.field(), message: refusal_message(app, language, r) })
                .collect();
            let used = refusals.contains(&Refusal::FormExpired);
            let personal = Box::new(refused(form, errors, used));
            Ok(Outcome::Refused { personal, status: refusal_status(&refusals) })
        }
        Err(SubmitError::Store(error)) => Err(error.into()),
    }
}

/// A redirect to where a stored comment is shown, setting the commenter's cookie
/// (`cookie`) when they had none.
pub fn stored_redirect(to: &str, cookie: Option<String>) -> Result<Response, WebError> {
    let mut response = Redirect::to(to).into_response();
    if let Some(cookie) = cookie {
        let cookie = HeaderValue::from_str(&cookie).map_err(|e| WebError::Internal(e.to_string()))?;
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// `POST /{service}/{yyyy}/{mm}/{slug}/comments`: the comment form.
pub async fn submit_form(
    State(app): State<AppState>,
    Path((code, _year, _month, slug)): Path<(String, String, String, String)>,
    caller: Caller,
    base: crate::urls::PublicBase,
    request: Request,
) -> Result<Response, WebError> {
    let headers = request.headers().clone();
    let (services, service, article) = pages::public_article(&app, &code, &slug).await?;
    let bytes = axum::body::to_bytes(request.into_body(), app.site.max_body_bytes)
        .await
        .map_err(|_| WebError::TooLarge { service: Some(service.code.clone()) })?;
    match receive(&app, &service, &article, &caller, &headers, &bytes).await? {
        Outcome::Stored { id, new_token } => {
            let path = article_path(&service, &article.slug, article.published_at);
            let cookie = new_token.map(|t| t.set_cookie(app.site.cookies_secure()));
            stored_redirect(&format!("{path}?received={}#comment-{}", id.0, id.0), cookie)
        }
        Outcome::Refused { personal, status } => {
            let shown = ShownArticle { services: &services, service: &service, article: &article, base: &base };
            pages::render_article(&app, &shown, &personal, status).await
        }
    }
}
