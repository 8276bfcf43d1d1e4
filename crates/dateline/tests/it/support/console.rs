//! Console users and the newsroom the console tests start from.

use axum::body::Body;
use axum::http::Request;
use dateline_core::accounts::{self, DirectPasswords, NewAccount, Role};
use dateline_core::store::prelude::*;

use super::newsroom::{OPEN, Post, field, newsroom, received_id};
use super::{Backend, TestApp, TestResponse};

pub const PASSWORD: &str = "a long enough password";

impl TestApp {
    /// Creates a console user with [`PASSWORD`].
    pub async fn add_user(&self, name: &str, role: Role, services: &[&str]) {
        let all = self.store.services().await.unwrap();
        let codes = all.iter().filter(|s| services.contains(&s.code.as_str())).map(|s| s.code.clone()).collect();
        let new = NewAccount { name: name.into(), role, services: codes, password: PASSWORD.into() };
        let actor = dateline_core::moderation::Actor::CommandLine;
        accounts::add_user(self.store.as_ref(), &DirectPasswords, actor, &new, crate::support::test_now())
            .await
            .unwrap();
    }

    /// Signs in; returns the session cookie's value, or the response if sign-in failed.
    pub async fn sign_in(&self, name: &str, password: &str, old_cookie: Option<&str>) -> Result<String, TestResponse> {
        let page = self.get("/admin/login").await;
        let token = field(&page.body, "login_token").unwrap();
        let body =
            serde_urlencoded::to_string([("name", name), ("password", password), ("login_token", &token)]).unwrap();
        let mut request = Request::post("/admin/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "localhost")
            .header("origin", "http://localhost");
        if let Some(old) = old_cookie {
            request = request.header("cookie", format!("dateline_session={old}"));
        }
        let response = self.send(request.body(Body::from(body)).unwrap()).await;
        let cookie = response.header("set-cookie").to_owned();
        match cookie.strip_prefix("dateline_session=") {
            Some(rest) if response.status == 303 => Ok(rest.split(';').next().unwrap().to_owned()),
            _ => Err(response),
        }
    }

    pub async fn console_get(&self, path: &str, session: Option<&str>) -> TestResponse {
        let mut request = Request::get(path);
        if let Some(session) = session {
            request = request.header("cookie", format!("dateline_session={session}"));
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// The session's CSRF token, from the account page.
    pub async fn csrf(&self, session: &str) -> String {
        field(&self.console_get("/admin/account", Some(session)).await.body, "csrf").unwrap()
    }

    pub async fn console_post(&self, path: &str, session: Option<&str>, fields: &[(&str, &str)]) -> TestResponse {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let mut request = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "localhost")
            .header("origin", "http://localhost");
        if let Some(session) = session {
            request = request.header("cookie", format!("dateline_session={session}"));
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }
}

/// A newsroom with an admin, a Korean moderator and an editor, and pending comments.
pub async fn console_newsroom(backend: Backend) -> (TestApp, i64, i64) {
    let app = newsroom(backend).await;
    app.import(&[("k.md", KOREAN.as_bytes()), ("photo.png", &crate::support::tiny_png())]).await.unwrap();
    app.add_user("admin", Role::Admin, &[]).await;
    app.add_user("mod-ko", Role::Moderator, &["korean"]).await;
    app.add_user("editor", Role::Editor, &["korean"]).await;
    let english = received_id(&app.comment(OPEN, &Post { text: "An English comment", ..Post::default() }, None).await);
    let korean = received_id(&app.comment(KOREAN_PATH, &Post { text: "한국어 댓글", ..Post::default() }, None).await);
    (app, english, korean)
}

const KOREAN: &str =
    "+++\ntitle = \"홍수\"\nslug = \"hongsu\"\nservice = \"korean\"\npublished = 2026-07-07T09:30:00Z\n+++\n본문.\n";
pub const KOREAN_PATH: &str = "/korean/2026/07/hongsu";
