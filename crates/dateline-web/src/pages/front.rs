//! The front page: every service and its latest stories (cached, and dropped when any
//! story or public comment changes).

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use dateline_core::changes::PageTag;
use serde::Serialize;

use crate::cache::CacheTags;
use crate::error::WebError;
use crate::state::AppState;
use crate::urls::PublicBase;
use crate::views::layout::{Layout, PageContext, website_card};
use crate::views::{self, StoryCard};

/// Stories per service on the front page.
pub const FRONT_PAGE_STORIES: u32 = 4;

#[derive(Serialize)]
struct FrontSection {
    href: String,
    name: String,
    lang: String,
    dir: &'static str,
    stories: Vec<StoryCard>,
}

#[derive(Serialize)]
struct FrontView {
    sections: Vec<FrontSection>,
}

/// `GET /`: every service and its latest stories.
pub async fn front_page(State(app): State<AppState>, base: PublicBase) -> Result<Response, WebError> {
    let now = app.clock.now();
    let services = app.services().await?.to_vec();
    let latest = app.store.latest_by_service(now, FRONT_PAGE_STORIES).await?;
    let counts = app.store.comment_counts(&latest.iter().map(|a| a.id).collect::<Vec<_>>()).await?;
    let sections = services
        .iter()
        .map(|service| FrontSection {
            href: format!("/{}/", service.code),
            name: service.native_name.clone(),
            lang: service.language.clone(),
            dir: service.direction.as_str(),
            stories: latest
                .iter()
                .filter(|a| a.service_id == service.id)
                .map(|a| views::story_card(&app.catalogs, service, a, counts.get(&a.id).copied().unwrap_or(0)))
                .collect(),
        })
        .filter(|section| !section.stories.is_empty())
        .collect();
    let language = app.site.default_language.clone();
    let direction = if views::is_rtl_language(&language) { "rtl" } else { "ltr" };
    let mut layout = Layout::new(&app, &language, "", &services, None).located(&base, "/");
    layout.social = Some(website_card(&base, "/", &language));
    let html = app
        .templates
        .render("pages/front.html", PageContext::new(&language, direction, layout, FrontView { sections }))?;
    let mut tags = vec![PageTag::Front];
    tags.extend(services.iter().map(|s| PageTag::Service(s.id)));
    Ok((axum::Extension(CacheTags(tags)), Html(html)).into_response())
}
