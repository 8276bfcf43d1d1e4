//! A story's lead photo: uploaded (JPEG, PNG or WebP, cleaned of every trace of where and
//! by what it was taken) or chosen from the media library; and the library's files as the
//! console shows them (drafts' photos are not public yet).

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dateline_core::accounts::Actor;
use dateline_core::articles::ArticleId;
use dateline_core::desk::{self, DeskError, PhotoWords};
use dateline_core::media::{MediaKey, VARIANT_WIDTHS};
use dateline_core::store::LibraryCursor;
use serde::{Deserialize, Serialize};

use super::editor::{EditorView, editor_page, visible_story};
use super::extract::{ConsoleError, CsrfForm, Desk, constant_time_eq};
use super::render::{ConsolePage, Section, back, form_value, render, text, when};
use super::stories::desk_error;
use crate::state::{App, AppState};

fn story_id(id: &str) -> Result<ArticleId, ConsoleError> {
    id.parse::<i64>().map(ArticleId).map_err(|_| ConsoleError::NotFound)
}

/// What a photo form sent besides the file.
#[derive(Debug, Default)]
struct PhotoForm {
    csrf: String,
    revision: i64,
    words: PhotoWords,
    file: Vec<u8>,
}

async fn read_photo_form(mut multipart: Multipart) -> Result<PhotoForm, ConsoleError> {
    let mut form = PhotoForm::default();
    let unreadable = |_| ConsoleError::BadRequest("the upload could not be read; try again".into());
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "photo" {
            form.file = field.bytes().await.map_err(unreadable)?.to_vec();
            continue;
        }
        let text = field.text().await.map_err(unreadable)?;
        match name.as_str() {
            "csrf" => form.csrf = text,
            "revision" => form.revision = text.trim().parse().unwrap_or(0),
            "caption" => form.words.caption = text,
            "alt" => form.words.alt = text,
            "credit" => form.words.credit = text,
            "file_photo" => form.words.file_photo = true,
            _ => {}
        }
    }
    Ok(form)
}

/// The editor again, with why the photo was refused and the words as typed.
async fn refused(
    app: &App,
    console: &super::extract::Console,
    id: ArticleId,
    error: DeskError,
    words: &PhotoWords,
) -> Result<Response, ConsoleError> {
    let story = visible_story(app, console, id).await?;
    let mut view = EditorView::for_story(app, console, &story).await?;
    view.keep_photo_words(words);
    let status = view.refused(app, &console.language, &error)?;
    editor_page(app, console, view, status).await
}

/// `POST /admin/stories/{id}/photo` (multipart): uploads a lead photo.
pub async fn upload(
    State(app): State<AppState>,
    Desk(console): Desk,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<Response, ConsoleError> {
    let id = story_id(&id)?;
    let form = read_photo_form(multipart).await?;
    if !constant_time_eq(&console.csrf, &form.csrf) {
        return Err(ConsoleError::BadCsrf);
    }
    if form.file.is_empty() {
        let error = DeskError::NoteRequired("choose a photo file (JPEG, PNG or WebP) to upload");
        return refused(&app, &console, id, error, &form.words).await;
    }
    let actor = Actor::User(&console.user);
    let now = app.clock.now();
    let upload = desk::PhotoUpload { base_revision: form.revision, bytes: &form.file, words: &form.words };
    match desk::attach_photo(app.store.as_ref(), app.media.as_ref(), actor, id, upload, now).await {
        Ok(_) => {
            Ok(back(Some(&format!("/admin/stories/{}", id.0)), &text(&app, &console.language, "desk-flash-photo")))
        }
        Err(error @ (DeskError::Forbidden | DeskError::NotFound(_) | DeskError::Store(_))) => Err(desk_error(error)),
        Err(error) => refused(&app, &console, id, error, &form.words).await,
    }
}

/// `POST /admin/stories/{id}/library-photo`: makes a library photo the lead photo.
pub async fn choose(
    State(app): State<AppState>,
    Desk(console): Desk,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    let id = story_id(&id)?;
    let field = |name| form_value(&pairs, name).unwrap_or_default().to_owned();
    let words = PhotoWords {
        caption: field("caption"),
        alt: field("alt"),
        credit: field("credit"),
        file_photo: form_value(&pairs, "file_photo").is_some(),
    };
    let Some(key) = MediaKey::parse(&field("key")) else {
        return refused(&app, &console, id, DeskError::NoSuchPhoto, &words).await;
    };
    let revision = field("revision").trim().parse().unwrap_or(0);
    let actor = Actor::User(&console.user);
    match desk::choose_photo(app.store.as_ref(), actor, id, revision, &key, &words, app.clock.now()).await {
        Ok(_) => {
            Ok(back(Some(&format!("/admin/stories/{}", id.0)), &text(&app, &console.language, "desk-flash-photo")))
        }
        Err(error @ (DeskError::Forbidden | DeskError::NotFound(_) | DeskError::Store(_))) => Err(desk_error(error)),
        Err(error) => refused(&app, &console, id, error, &words).await,
    }
}

/// `GET /admin/media/{key}`: a library file or a smaller copy of one, for the desk
/// (drafts' photos are not public).
pub async fn file(
    State(app): State<AppState>,
    Desk(_): Desk,
    Path(key): Path<String>,
) -> Result<Response, ConsoleError> {
    let key = MediaKey::parse(&key).ok_or(ConsoleError::NotFound)?;
    if !app.store.media_registered(&key.original()).await? {
        return Err(ConsoleError::NotFound);
    }
    let bytes = dateline_core::media::variant_bytes(app.media.as_ref(), &key)
        .await
        .map_err(|e| ConsoleError::Internal(e.to_string()))?
        .ok_or(ConsoleError::NotFound)?;
    let mut response = (StatusCode::OK, bytes).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(key.kind().content_type()));
    Ok(response)
}

/// A photo of the library as the console shows it.
#[derive(Serialize)]
pub(super) struct LibraryView {
    key: String,
    thumbnail: String,
    full: String,
    width: u32,
    height: u32,
    added: String,
    stories: u32,
    caption: String,
    alt: String,
    credit: String,
}

/// Photos on one page of the library.
pub(super) const LIBRARY_PAGE: u32 = 24;

/// A page of the library, newest first, after `before` (a cursor from the previous page's
/// "Older photos" link): the photos, and the cursor for the next page if there is one.
pub(super) async fn library_page(
    app: &App,
    before: Option<&str>,
) -> Result<(Vec<LibraryView>, Option<String>), ConsoleError> {
    let cursor = before.and_then(LibraryCursor::decode);
    let mut photos = app.store.media_library(cursor.as_ref(), LIBRARY_PAGE + 1).await?;
    let next = (photos.len() > LIBRARY_PAGE as usize).then(|| {
        photos.truncate(LIBRARY_PAGE as usize);
        photos.last().map(|p| LibraryCursor::after(p).encode())
    });
    let views = photos
        .into_iter()
        .map(|photo| {
            let key = &photo.file.key;
            let thumbnail =
                if photo.file.width > VARIANT_WIDTHS[0] { key.variant(VARIANT_WIDTHS[0]) } else { key.clone() };
            LibraryView {
                key: key.as_str().to_owned(),
                thumbnail: format!("/admin/media/{thumbnail}"),
                full: format!("/admin/media/{key}"),
                width: photo.file.width,
                height: photo.file.height,
                added: when(photo.added),
                stories: photo.stories,
                caption: photo.caption,
                alt: photo.alt,
                credit: photo.credit,
            }
        })
        .collect();
    Ok((views, next.flatten()))
}

/// Which page of the library to show.
#[derive(Debug, Deserialize, Default)]
pub struct LibraryQuery {
    /// The cursor of the "Older photos" link.
    #[serde(default)]
    pub before: Option<String>,
}

#[derive(Serialize)]
struct LibraryPageView {
    photos: Vec<LibraryView>,
    older: Option<String>,
}

/// `GET /admin/media`: the media library, newest first, to look through before reusing a
/// photo (the story editor offers the same photos to choose).
pub async fn library(
    State(app): State<AppState>,
    Desk(console): Desk,
    Query(query): Query<LibraryQuery>,
) -> Result<Response, ConsoleError> {
    let (photos, older) = library_page(&app, query.before.as_deref()).await?;
    let older = older.map(|cursor| format!("/admin/media?before={cursor}"));
    let page = ConsolePage {
        template: "console/media.html",
        title: &text(&app, &console.language, "desk-media-library"),
        section: Section::Media,
        flash: None,
        page: LibraryPageView { photos, older },
    };
    render(&app, &console, page)
}
