//! The directory of people behind credits, and the stories that credit them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{ArticlePage, ListRequest, StoreResult};
use crate::accounts::UserId;
use crate::audit::NewAuditEntry;
use crate::people::{Person, PersonId, PersonRecord};
use crate::services::ServiceId;

/// The directory of people.
#[async_trait]
pub trait PeopleStore: Send + Sync {
    /// Everyone, by slug.
    async fn people(&self) -> StoreResult<Vec<Person>>;

    /// A person by id.
    async fn person(&self, id: PersonId) -> StoreResult<Option<Person>>;

    /// A person by slug.
    async fn person_by_slug(&self, slug: &str) -> StoreResult<Option<Person>>;

    /// The person a console user is, if any.
    async fn person_of_user(&self, user: UserId) -> StoreResult<Option<Person>>;

    /// The people with any of these names.
    async fn people_named(&self, names: &[String]) -> StoreResult<Vec<Person>>;

    /// Adds a person and the audit entry, in one transaction; [`super::StoreError::Conflict`]
    /// if the slug or the user is someone else's.
    async fn create_person(
        &self,
        person: &PersonRecord,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<PersonId>;

    /// Replaces a person's names, slug and user, with the audit entry, in one transaction.
    async fn update_person(
        &self,
        id: PersonId,
        person: &PersonRecord,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;

    /// Removes a person, with the audit entry, in one transaction.
    async fn delete_person(&self, id: PersonId, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<()>;

    /// A page of a service's public stories whose credits name any of `names`, newest first.
    async fn articles_crediting(
        &self,
        service: ServiceId,
        names: &[String],
        now: DateTime<Utc>,
        page: ListRequest,
    ) -> StoreResult<ArticlePage>;

    /// The services with a public story whose credits name any of `names`.
    async fn services_crediting(&self, names: &[String], now: DateTime<Utc>) -> StoreResult<Vec<ServiceId>>;
}
