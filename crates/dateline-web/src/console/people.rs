//! The directory of people behind credits: everyone of the desk looks through it (the
//! editor offers its names for credits); admins and editors add, change and remove people.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dateline_core::accounts::Actor;
use dateline_core::people::{self, Person, PersonError, PersonForm, PersonId, PersonName};
use serde::Serialize;

use super::extract::{Console, ConsoleError, CsrfForm, Desk};
use super::render::{ConsolePage, Flash, Section, back, form_value, render_with, text, text_with};
use crate::state::{App, AppState};

/// Blank name rows a form offers besides the names given.
const BLANK_NAME_ROWS: usize = 3;

#[derive(Serialize)]
struct PersonRow {
    id: i64,
    slug: String,
    names: Vec<(String, String)>,
    user: String,
    pages: Vec<(String, String)>,
}

/// The form as shown: the names as typed and what is wrong with them.
#[derive(Serialize, Default)]
struct FormView {
    slug: String,
    names: Vec<(String, String)>,
    user: String,
    errors: Vec<(&'static str, String)>,
}

impl FormView {
    fn of(form: &PersonForm, errors: Vec<(&'static str, String)>) -> FormView {
        let mut names: Vec<(String, String)> = form
            .names
            .iter()
            .map(|n| (n.language.clone(), n.name.clone()))
            .filter(|(l, n)| !(l.is_empty() && n.is_empty()))
            .collect();
        names.extend(std::iter::repeat_n((String::new(), String::new()), BLANK_NAME_ROWS));
        FormView { slug: form.slug.clone(), names, user: form.user.clone(), errors }
    }
}

#[derive(Serialize)]
struct DirectoryView {
    people: Vec<PersonRow>,
    can_manage: bool,
    form: FormView,
    users: Vec<String>,
    languages: Vec<String>,
}

#[derive(Serialize)]
struct PersonView {
    id: i64,
    slug: String,
    form: FormView,
    users: Vec<String>,
    languages: Vec<String>,
}

/// The language tags the forms suggest: every service's, and each in Latin letters.
async fn languages(app: &App) -> Result<Vec<String>, ConsoleError> {
    let mut tags: Vec<String> = Vec::new();
    for service in app.services().await?.iter() {
        let primary = service.language.split('-').next().unwrap_or_default();
        for tag in [service.language.clone(), format!("{primary}-Latn")] {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    Ok(tags)
}

async fn user_names(app: &App) -> Result<Vec<String>, ConsoleError> {
    Ok(app.store.users().await?.into_iter().filter(|u| !u.disabled).map(|u| u.name).collect())
}

fn form_of(person: &Person, user: String) -> PersonForm {
    PersonForm { slug: person.slug.clone(), names: person.names.clone(), user }
}

/// Reads the form: `language`/`name` pairs in order, `slug`, `user`.
fn read_form(pairs: &[(String, String)]) -> PersonForm {
    let languages = pairs.iter().filter(|(k, _)| k == "language").map(|(_, v)| v.clone());
    let names = pairs.iter().filter(|(k, _)| k == "name").map(|(_, v)| v.clone());
    PersonForm {
        slug: form_value(pairs, "slug").unwrap_or_default().to_owned(),
        names: languages.zip(names).map(|(language, name)| PersonName { language, name }).collect(),
        user: form_value(pairs, "user").unwrap_or_default().to_owned(),
    }
}

async fn directory_page(
    app: &App,
    console: &Console,
    status: StatusCode,
    flash: Option<String>,
    form: FormView,
) -> Result<Response, ConsoleError> {
    let services = app.services().await?;
    let users = app.store.users().await?;
    let rows = app
        .store
        .people()
        .await?
        .into_iter()
        .map(|person| PersonRow {
            id: person.id.0,
            user: person
                .user
                .and_then(|id| users.iter().find(|u| u.id == id))
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            pages: services
                .iter()
                .map(|s| (crate::views::person_path(&s.code, &person.slug), s.code.clone()))
                .collect(),
            names: person.names.iter().map(|n| (n.language.clone(), n.name.clone())).collect(),
            slug: person.slug,
        })
        .collect();
    let view = DirectoryView {
        people: rows,
        can_manage: people::may_manage(Actor::User(&console.user)),
        form,
        users: users.into_iter().filter(|u| !u.disabled).map(|u| u.name).collect(),
        languages: languages(app).await?,
    };
    let title = text(app, &console.language, "desk-people");
    let page =
        ConsolePage { template: "console/people.html", title: &title, section: Section::People, flash, page: view };
    render_with(app, console, status, page)
}

/// `GET /admin/people`: the directory, and for admins and editors the form to add someone.
pub async fn directory(
    State(app): State<AppState>,
    Desk(console): Desk,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    if !people::may_view(Actor::User(&console.user)) {
        return Err(ConsoleError::Forbidden);
    }
    directory_page(&app, &console, StatusCode::OK, flash.text(), FormView::of(&PersonForm::default(), Vec::new())).await
}

fn errors_of(error: PersonError) -> Result<Vec<(&'static str, String)>, ConsoleError> {
    match error {
        PersonError::Invalid(problems) => Ok(problems.into_iter().map(|p| (p.field, p.message)).collect()),
        PersonError::Forbidden => Err(ConsoleError::Forbidden),
        PersonError::NotFound => Err(ConsoleError::NotFound),
        PersonError::Store(error) => Err(error.into()),
    }
}

/// `POST /admin/people`: adds a person.
pub async fn add(
    State(app): State<AppState>,
    Desk(console): Desk,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    let form = read_form(&pairs);
    match people::add_person(app.store.as_ref(), Actor::User(&console.user), &form, app.clock.now()).await {
        Ok(id) => {
            let person = app.store.person(id).await?.ok_or(ConsoleError::NotFound)?;
            let done = text_with(
                &app,
                &console.language,
                "desk-flash-person-added",
                &[("name", person.own_name()), ("slug", &person.slug)],
            );
            Ok(back(Some("/admin/people"), &done))
        }
        Err(error) => {
            let errors = errors_of(error)?;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let flash = Some(text(&app, &console.language, "desk-not-added"));
            directory_page(&app, &console, status, flash, FormView::of(&form, errors)).await
        }
    }
}

fn person_id(id: &str) -> Result<PersonId, ConsoleError> {
    id.parse().map(PersonId).map_err(|_| ConsoleError::NotFound)
}

async fn person_page(
    app: &App,
    console: &Console,
    status: StatusCode,
    person: &Person,
    form: FormView,
) -> Result<Response, ConsoleError> {
    let view = PersonView {
        id: person.id.0,
        slug: person.slug.clone(),
        form,
        users: user_names(app).await?,
        languages: languages(app).await?,
    };
    let title = person.own_name().to_owned();
    let page = ConsolePage {
        template: "console/person.html",
        title: &title,
        section: Section::People,
        flash: None,
        page: view,
    };
    render_with(app, console, status, page)
}

/// `GET /admin/people/{id}`: a person's names, address and user, to change (admins and
/// editors).
pub async fn show(
    State(app): State<AppState>,
    Desk(console): Desk,
    Path(id): Path<String>,
) -> Result<Response, ConsoleError> {
    if !people::may_manage(Actor::User(&console.user)) {
        return Err(ConsoleError::Forbidden);
    }
    let person = app.store.person(person_id(&id)?).await?.ok_or(ConsoleError::NotFound)?;
    let user = match person.user {
        Some(user) => app.store.user(user).await?.map(|u| u.name).unwrap_or_default(),
        None => String::new(),
    };
    let form = FormView::of(&form_of(&person, user), Vec::new());
    person_page(&app, &console, StatusCode::OK, &person, form).await
}

/// `POST /admin/people/{id}`: saves a person's changes (`action=save`) or removes them
/// (`action=remove`).
pub async fn change(
    State(app): State<AppState>,
    Desk(console): Desk,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    let id = person_id(&id)?;
    let actor = Actor::User(&console.user);
    let now = app.clock.now();
    if form_value(&pairs, "action") == Some("remove") {
        let person = app.store.person(id).await?.ok_or(ConsoleError::NotFound)?;
        people::remove_person(app.store.as_ref(), actor, id, now).await.map_err(|e| match errors_of(e) {
            Ok(_) => ConsoleError::BadRequest("the person could not be removed".into()),
            Err(error) => error,
        })?;
        let message = text_with(&app, &console.language, "desk-flash-person-removed", &[("name", person.own_name())]);
        return Ok(back(Some("/admin/people"), &message));
    }
    let form = read_form(&pairs);
    match people::update_person(app.store.as_ref(), actor, id, &form, now).await {
        Ok(()) => Ok(back(Some("/admin/people"), &text(&app, &console.language, "desk-flash-saved"))),
        Err(error) => {
            let errors = errors_of(error)?;
            let person = app.store.person(id).await?.ok_or(ConsoleError::NotFound)?;
            person_page(&app, &console, StatusCode::UNPROCESSABLE_ENTITY, &person, FormView::of(&form, errors)).await
        }
    }
}
