//! People: the directory of bylines behind credits. A person has a name per language or
//! script (a Korean reporter as 김지원 and, in Latin letters, Kim Ji-won), a public page per
//! service listing their stories, and may be linked to a console user. A credit names a
//! person by any of their names; a page shows the name in its own language.
//!
//! A name belongs to one person only, so that a credit is never ambiguous: two reporters
//! with the same name take distinct bylines, as newsrooms do.

use chrono::{DateTime, Utc};
use serde::Serialize;
use thiserror::Error;
use unic_langid::LanguageIdentifier;

use crate::accounts::{Actor, Role, UserId};
use crate::articles::slugs::{derive_slug, is_valid_slug};
use crate::audit::{AuditAction, AuditObject, NewAuditEntry};
use crate::comments::{clean_name, has_visible};
use crate::desk::FieldProblem;
use crate::store::{AccountStore, PeopleStore, StoreError};

/// A person's id in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PersonId(pub i64);

/// One of a person's names, and the language (or language and script) it is written for,
/// as a BCP 47 tag: `ko`, `ko-Latn`, `en`, `zh-Hans`, `ug`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonName {
    /// The language tag.
    pub language: String,
    /// The name.
    pub name: String,
}

/// A person of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Id.
    pub id: PersonId,
    /// The last part of their pages' addresses.
    pub slug: String,
    /// Their names, the first being their own (the one they write themselves).
    pub names: Vec<PersonName>,
    /// The console user they are, if any.
    pub user: Option<UserId>,
}

/// Longest name accepted.
pub const MAX_NAME_CHARS: usize = 120;
/// Most names one person may have.
pub const MAX_NAMES: usize = 12;

impl Person {
    /// The name to show on a page in `language`: the name for that exact language, else one
    /// for the same language in another form (`zh` for `zh-Hans`), else one in Latin
    /// letters (tagged `…-Latn` or `en`), else their own name.
    pub fn name_in(&self, language: &str) -> &str {
        let wanted: Option<LanguageIdentifier> = language.parse().ok();
        let parsed: Vec<(Option<LanguageIdentifier>, &str)> =
            self.names.iter().map(|n| (n.language.parse().ok(), n.name.as_str())).collect();
        let exact = parsed.iter().find(|(tag, _)| tag.is_some() && tag.as_ref() == wanted.as_ref());
        let same_language = || {
            parsed.iter().find(|(tag, _)| match (tag, &wanted) {
                (Some(tag), Some(wanted)) => {
                    tag.language == wanted.language && (tag.script.is_none() || tag.script == wanted.script)
                }
                _ => false,
            })
        };
        let latin = || {
            parsed.iter().find(|(tag, _)| {
                tag.as_ref()
                    .is_some_and(|t| t.script.is_some_and(|s| s.as_str() == "Latn") || t.language.as_str() == "en")
            })
        };
        exact.or_else(same_language).or_else(latin).map_or_else(|| self.own_name(), |(_, name)| name)
    }

    /// Their own name (the first given).
    pub fn own_name(&self) -> &str {
        self.names.first().map_or("", |n| n.name.as_str())
    }

    /// Every name, once each (for finding their credits).
    pub fn all_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for name in &self.names {
            if !names.contains(&name.name) {
                names.push(name.name.clone());
            }
        }
        names
    }

    /// Whether a credit's name is one of theirs.
    pub fn has_name(&self, name: &str) -> bool {
        self.names.iter().any(|n| n.name == name)
    }
}

/// What the directory's form sends: a person's names, slug and console user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonForm {
    /// The slug; empty to make one from the names.
    pub slug: String,
    /// Names by language; rows with an empty name are left out.
    pub names: Vec<PersonName>,
    /// The console user's name; empty for none.
    pub user: String,
}

/// A person as the store writes them: checked, the user found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    /// Slug.
    pub slug: String,
    /// Names, cleaned, languages in their canonical form.
    pub names: Vec<PersonName>,
    /// The console user.
    pub user: Option<UserId>,
}

/// Why a directory change was refused.
#[derive(Debug, Error)]
pub enum PersonError {
    /// Only admins and editors keep the directory.
    #[error("only admins and editors may change the directory of people")]
    Forbidden,
    /// No such person.
    #[error("there is no such person")]
    NotFound,
    /// The form has problems, each naming its field.
    #[error("{}", .0.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldProblem>),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Who may change the directory: admins, editors and the command line.
pub fn may_manage(actor: Actor<'_>) -> bool {
    match actor {
        Actor::User(user) => !user.disabled && matches!(user.role, Role::Admin | Role::Editor),
        Actor::CommandLine => true,
        Actor::Setup | Actor::Token(_) => false,
    }
}

/// Who may look through the directory: everyone of the desk.
pub fn may_view(actor: Actor<'_>) -> bool {
    match actor {
        Actor::User(user) => !user.disabled && user.role != Role::Moderator,
        Actor::CommandLine | Actor::Token(_) => true,
        Actor::Setup => false,
    }
}

fn problem(field: &'static str, message: impl Into<String>) -> FieldProblem {
    FieldProblem { field, message: message.into() }
}

/// Checks a form's names and slug (not yet against other people): names cleaned, at least
/// one, each language a BCP 47 tag given once; the slug valid or made from the names.
pub fn check_form(form: &PersonForm) -> Result<(String, Vec<PersonName>), Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut names: Vec<PersonName> = Vec::new();
    for row in &form.names {
        let name = clean_name(&row.name);
        if name.is_empty() && row.language.trim().is_empty() {
            continue;
        }
        if !has_visible(&name) {
            problems.push(problem("names", format!("give the name for {:?}, or clear its language", row.language)));
            continue;
        }
        if name.chars().count() > MAX_NAME_CHARS {
            problems.push(problem("names", format!("{name:?} is longer than {MAX_NAME_CHARS} characters")));
            continue;
        }
        let Ok(tag) = row.language.trim().parse::<LanguageIdentifier>() else {
            problems.push(problem(
                "names",
                format!("{:?} is not a language tag (ko, ko-Latn, en, zh-Hans, ug …) for {name:?}", row.language),
            ));
            continue;
        };
        let language = tag.to_string();
        if names.iter().any(|n| n.language == language) {
            problems.push(problem("names", format!("{language} is given twice: one name per language")));
            continue;
        }
        names.push(PersonName { language, name });
    }
    if names.is_empty() && problems.is_empty() {
        problems.push(problem("names", "give at least one name, with its language"));
    }
    if names.len() > MAX_NAMES {
        problems.push(problem("names", format!("give at most {MAX_NAMES} names")));
    }
    let slug = form.slug.trim().to_owned();
    let slug = if slug.is_empty() { default_slug(&names) } else { slug };
    if !is_valid_slug(&slug) {
        problems.push(problem("slug", "use lowercase letters a–z, digits and single hyphens (at most 80)"));
    }
    if problems.is_empty() { Ok((slug, names)) } else { Err(problems) }
}

/// A slug made from the first name in Latin letters, else from the first name.
fn default_slug(names: &[PersonName]) -> String {
    let latin = names.iter().find(|n| n.language.ends_with("-Latn") || n.language == "en");
    match latin.or(names.first()) {
        Some(name) => derive_slug(&name.name),
        None => String::new(),
    }
}

/// Checks a form against the directory and the accounts: no name of another person, the
/// user exists and is no one else's.
async fn record<S>(store: &S, form: &PersonForm, this: Option<PersonId>) -> Result<PersonRecord, PersonError>
where
    S: PeopleStore + AccountStore + ?Sized,
{
    let (slug, names) = check_form(form).map_err(PersonError::Invalid)?;
    let mut problems = Vec::new();
    let typed: Vec<String> = names.iter().map(|n| n.name.clone()).collect();
    for other in store.people_named(&typed).await?.into_iter().filter(|p| Some(p.id) != this) {
        let taken = names.iter().find(|n| other.has_name(&n.name)).map_or("", |n| n.name.as_str());
        problems.push(problem(
            "names",
            format!("{taken:?} is already the byline of {}: a name names one person", other.slug),
        ));
    }
    if let Some(other) = store.person_by_slug(&slug).await?.filter(|p| Some(p.id) != this) {
        problems.push(problem("slug", format!("{} is already the address of {}", slug, other.own_name())));
    }
    let user = match form.user.trim() {
        "" => None,
        name => match store.user_by_name(name).await? {
            None => {
                problems.push(problem("user", format!("there is no console user {name:?}")));
                None
            }
            Some(user) => {
                if let Some(other) = store.person_of_user(user.id).await?.filter(|p| Some(p.id) != this) {
                    problems.push(problem("user", format!("{name} is already {}", other.own_name())));
                }
                Some(user.id)
            }
        },
    };
    if !problems.is_empty() {
        return Err(PersonError::Invalid(problems));
    }
    Ok(PersonRecord { slug, names, user })
}

fn audit_state(record: &PersonRecord, user_name: &str) -> serde_json::Value {
    let names: Vec<String> = record.names.iter().map(|n| format!("{}: {}", n.language, n.name)).collect();
    serde_json::json!({ "slug": record.slug, "names": names, "user": user_name })
}

fn conflict(error: StoreError) -> PersonError {
    match error {
        // Two people saved at once with the same slug or user: say which field.
        StoreError::Conflict(what) => PersonError::Invalid(vec![problem("slug", format!("{what} is taken"))]),
        other => PersonError::Store(other),
    }
}

/// Adds a person to the directory (audited); returns their id.
pub async fn add_person<S>(
    store: &S,
    actor: Actor<'_>,
    form: &PersonForm,
    now: DateTime<Utc>,
) -> Result<PersonId, PersonError>
where
    S: PeopleStore + AccountStore + ?Sized,
{
    if !may_manage(actor) {
        return Err(PersonError::Forbidden);
    }
    let record = record(store, form, None).await?;
    let audit = NewAuditEntry::new(actor.name(), AuditAction::PersonAdd, AuditObject::Person(record.slug.clone()))
        .change(serde_json::Value::Null, audit_state(&record, form.user.trim()));
    store.create_person(&record, now, &audit).await.map_err(conflict)
}

/// Changes a person's names, slug or user (audited). Their credits follow the names they
/// have now: a name taken away no longer links to them.
pub async fn update_person<S>(
    store: &S,
    actor: Actor<'_>,
    id: PersonId,
    form: &PersonForm,
    now: DateTime<Utc>,
) -> Result<(), PersonError>
where
    S: PeopleStore + AccountStore + ?Sized,
{
    if !may_manage(actor) {
        return Err(PersonError::Forbidden);
    }
    let before = store.person(id).await?.ok_or(PersonError::NotFound)?;
    let record = record(store, form, Some(id)).await?;
    let before_record = PersonRecord { slug: before.slug.clone(), names: before.names.clone(), user: before.user };
    let before_user = match before.user {
        Some(user) => store.user(user).await?.map(|u| u.name).unwrap_or_default(),
        None => String::new(),
    };
    let audit = NewAuditEntry::new(actor.name(), AuditAction::PersonUpdate, AuditObject::Person(record.slug.clone()))
        .change(audit_state(&before_record, &before_user), audit_state(&record, form.user.trim()));
    store.update_person(id, &record, now, &audit).await.map_err(conflict)
}

/// Removes a person from the directory (audited). Their credits stay as written, as
/// plain names.
pub async fn remove_person<S>(store: &S, actor: Actor<'_>, id: PersonId, now: DateTime<Utc>) -> Result<(), PersonError>
where
    S: PeopleStore + ?Sized,
{
    if !may_manage(actor) {
        return Err(PersonError::Forbidden);
    }
    let person = store.person(id).await?.ok_or(PersonError::NotFound)?;
    let names: Vec<String> = person.names.iter().map(|n| format!("{}: {}", n.language, n.name)).collect();
    let audit = NewAuditEntry::new(actor.name(), AuditAction::PersonRemove, AuditObject::Person(person.slug.clone()))
        .change(serde_json::json!({ "slug": person.slug, "names": names }), serde_json::Value::Null);
    store.delete_person(id, now, &audit).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kim() -> Person {
        let name = |language: &str, name: &str| PersonName { language: language.into(), name: name.into() };
        Person {
            id: PersonId(1),
            slug: "kim-ji-won".into(),
            names: vec![name("ko", "김지원"), name("ko-Latn", "Kim Ji-won"), name("zh", "金智媛")],
            user: None,
        }
    }

    #[test]
    fn a_page_shows_the_name_in_its_language() {
        let kim = kim();
        assert_eq!(kim.name_in("ko"), "김지원");
        assert_eq!(kim.name_in("zh-Hans"), "金智媛", "the same language in another form");
        assert_eq!(kim.name_in("en"), "Kim Ji-won", "Latin letters where there is no name for it");
        assert_eq!(kim.name_in("vi"), "Kim Ji-won");
        assert_eq!(kim.name_in("ug"), "Kim Ji-won");
        let own_only = Person { names: kim.names[..1].to_vec(), ..kim };
        assert_eq!(own_only.name_in("en"), "김지원", "their own name at last");
    }

    #[test]
    fn forms_are_checked_field_by_field() {
        let row = |language: &str, name: &str| PersonName { language: language.into(), name: name.into() };
        let form = PersonForm {
            slug: String::new(),
            names: vec![row("ko", " 김지원 "), row("ko-latn", "Kim  Ji-won"), row("", "")],
            user: String::new(),
        };
        let (slug, names) = check_form(&form).unwrap();
        assert_eq!(slug, "kim-ji-won", "made from the name in Latin letters");
        assert_eq!(names, vec![row("ko", "김지원"), row("ko-Latn", "Kim Ji-won")], "cleaned, tags canonical");
        let bad = PersonForm {
            slug: "Kim Ji Won".into(),
            names: vec![row("korean!", "김지원"), row("ko", "\u{200B}"), row("en", "A"), row("en", "B")],
            user: String::new(),
        };
        let problems = check_form(&bad).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["names", "names", "names", "slug"], "{problems:?}");
        assert!(check_form(&PersonForm::default()).is_err(), "at least one name");
    }
}
