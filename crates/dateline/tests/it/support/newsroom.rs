//! The newsroom most comment tests start from, and the reader's side of a comment form.

use axum::body::Body;
use axum::http::Request;
use dateline_core::comments::{self, CommentId, Transition};

use super::{Backend, TestApp, TestResponse, test_now, tiny_png};

pub const OPEN: &str = "/english/2026/07/han-river-floods";
pub const CLOSED: &str = "/english/2026/07/closed-story";
pub const HIDDEN: &str = "/english/2026/07/hidden-story";
pub const OTHER: &str = "/english/2026/07/other-story";

fn article(slug: &str, comments: &str) -> String {
    format!(
        "+++\ntitle = \"Story {slug}\"\nslug = \"{slug}\"\nservice = \"english\"\npublished = 2026-07-07T09:30:00Z\n\
         comments = \"{comments}\"\n\n[lead_image]\npath = \"photo.png\"\ncaption = \"A photo\"\n+++\nBody of {slug}.\n"
    )
}

/// An English service with an open, a closed, a hidden and a second open article.
pub async fn newsroom_with(backend: Backend, settings: dateline_core::comments::CommentSettings) -> TestApp {
    newsroom_with_site(backend, dateline_web::SiteSettings { comments: settings, ..Default::default() }).await
}

/// The same newsroom with any site settings.
pub async fn newsroom_with_site(backend: Backend, site: dateline_web::SiteSettings) -> TestApp {
    let app = TestApp::with_site(backend, site).await;
    app.add_service("english", "English", "English", "en", "America/New_York").await;
    app.add_service("korean", "Korean", "한국어", "ko", "Asia/Seoul").await;
    let files = [
        ("a.md", article("han-river-floods", "open")),
        ("b.md", article("closed-story", "closed")),
        ("c.md", article("hidden-story", "hidden")),
        ("d.md", article("other-story", "open")),
    ];
    let mut refs: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let png = tiny_png();
    refs.push(("photo.png", &png));
    app.import(&refs).await.unwrap();
    app
}

pub async fn newsroom(backend: Backend) -> TestApp {
    newsroom_with(backend, dateline_core::comments::CommentSettings::default()).await
}

/// The newsroom of a site that sends publication notices (so its form asks for an email
/// address). Nothing is sent: the relay is only named, and no sender runs in these tests.
pub async fn newsroom_with_notices(backend: Backend) -> TestApp {
    let mail = dateline_web::notices::MailSettings {
        smtp_host: "127.0.0.1".into(),
        smtp_port: 9,
        from: "news@dateline.test".into(),
    };
    let site = dateline_web::SiteSettings {
        mail: Some(mail),
        base_url: Some("http://localhost".into()),
        ..Default::default()
    };
    newsroom_with_site(backend, site).await
}

/// The value of a hidden form field in a page.
pub fn field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_owned())
}

/// The commenter token a response sets.
pub fn set_token(response: &TestResponse) -> Option<String> {
    let cookie = response.header("set-cookie");
    cookie.strip_prefix("dateline_commenter=").map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
}

/// A comment form as a reader fills it in.
pub struct Post<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub email: &'a str,
    pub parent_id: Option<i64>,
    pub accept_terms: bool,
    pub website: &'a str,
}

impl Default for Post<'_> {
    fn default() -> Self {
        Post {
            name: "Reader",
            text: "A thoughtful comment.",
            email: "",
            parent_id: None,
            accept_terms: true,
            website: "",
        }
    }
}

impl TestApp {
    /// Opens the article page (as `commenter`, if any), waits five seconds, sends the form.
    pub async fn comment(&self, path: &str, post: &Post<'_>, commenter: Option<&str>) -> TestResponse {
        let page = match commenter {
            Some(token) => self.get_as(path, token).await,
            None => self.get(path).await,
        };
        let token = field(&page.body, "form_token").expect("the page has a comment form");
        self.clock.advance(5);
        self.post_form(path, post, &token, commenter, &[("origin", "http://localhost")]).await
    }

    pub async fn post_form(
        &self,
        path: &str,
        post: &Post<'_>,
        form_token: &str,
        commenter: Option<&str>,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let mut fields =
            vec![("name", post.name.to_owned()), ("text", post.text.to_owned()), ("email", post.email.to_owned())];
        fields.push(("website", post.website.to_owned()));
        fields.push(("form_token", form_token.to_owned()));
        if let Some(parent) = post.parent_id {
            fields.push(("parent_id", parent.to_string()));
        }
        if post.accept_terms {
            fields.push(("accept_terms", "yes".into()));
        }
        let body = serde_urlencoded::to_string(&fields).unwrap();
        let mut request = Request::post(format!("{path}/comments"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "localhost");
        if let Some(token) = commenter {
            request = request.header("cookie", format!("dateline_commenter={token}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// An API submission as a client sends it: a JSON object body gets a fresh form token
    /// (`GET …/comment-form`), sent past the minimum time; any other body goes as it is.
    pub async fn post_json(&self, path: &str, body: &str, token: Option<&str>) -> TestResponse {
        let body = self.with_form_token(path, body).await;
        let mut request = Request::post(path).header("content-type", "application/json");
        if let Some(token) = token {
            request = request.header("x-commenter-token", token);
        }
        self.send(request.body(Body::from(body.to_owned())).unwrap()).await
    }

    /// Adds a fresh form token to a JSON object that has none, and waits past the minimum time.
    pub async fn with_form_token(&self, path: &str, body: &str) -> String {
        let Ok(serde_json::Value::Object(mut object)) = serde_json::from_str::<serde_json::Value>(body) else {
            return body.to_owned();
        };
        if object.contains_key("form_token") || !path.ends_with("/comments") {
            return body.to_owned();
        }
        let form = self.get(&format!("{}/comment-form", path.trim_end_matches("/comments"))).await;
        let token = serde_json::from_str::<serde_json::Value>(&form.body).unwrap_or_default()["form_token"].clone();
        if token.is_string() {
            object.insert("form_token".into(), token);
            self.clock.advance(5);
        }
        serde_json::Value::Object(object).to_string()
    }

    /// Approves a comment as a moderator would.
    pub async fn approve(&self, id: i64) {
        comments::transition(
            self.store.as_ref(),
            "test-moderator",
            CommentId(id),
            Transition::Approve,
            None,
            test_now(),
        )
        .await
        .unwrap();
    }
}

/// The id in a redirect after a successful submission (`?received=ID`).
pub fn received_id(response: &TestResponse) -> i64 {
    let location = response.header("location");
    location.split("received=").nth(1).and_then(|r| r.split('#').next()).and_then(|n| n.parse().ok()).expect(location)
}

/// Every text value in every table, as (table, value).
pub async fn dump(app: &TestApp) -> Vec<(String, String)> {
    use sqlx::{Column, Row};
    let pool = sqlx::AnyPool::connect(&app.db.url).await.unwrap();
    let tables_sql = if app.db.backend == Backend::Sqlite {
        "SELECT name FROM sqlite_master WHERE type = 'table'"
    } else {
        "SELECT CAST(tablename AS TEXT) AS name FROM pg_tables WHERE schemaname = 'public'"
    };
    let tables: Vec<String> = sqlx::query_scalar(tables_sql).fetch_all(&pool).await.unwrap();
    let mut values = Vec::new();
    for table in tables.into_iter().filter(|t| !t.starts_with("_sqlx")) {
        let rows = sqlx::query(&format!("SELECT * FROM {table}")).fetch_all(&pool).await.unwrap();
        for row in rows {
            for column in row.columns() {
                if let Ok(Some(text)) = row.try_get::<Option<String>, _>(column.ordinal()) {
                    values.push((table.clone(), text));
                }
            }
        }
    }
    pool.close().await;
    values
}
