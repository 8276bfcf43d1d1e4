//! The directory of people behind credits, and the stories whose credits name them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::accounts::UserId;
use dateline_core::audit::NewAuditEntry;
use dateline_core::changes::PageTag;
use dateline_core::clock::to_micros;
use dateline_core::people::{Person, PersonId, PersonName, PersonRecord};
use dateline_core::services::ServiceId;
use dateline_core::store::{ArticlePage, ListRequest, PeopleStore, StoreResult};
use sqlx::{Any, Row, Transaction};

use crate::rows::SUMMARY_COLUMNS;
use crate::sql::{DbResult, Sql, SqlStore, db};

impl SqlStore {
    /// The people `condition` chooses (written on `people p`), by slug, with their names.
    async fn people_where(&self, condition: impl FnOnce(&mut Sql)) -> DbResult<Vec<Person>> {
        let mut sql = Sql::new("SELECT p.id, p.slug, p.user_id FROM people p WHERE ");
        condition(&mut sql);
        sql.push(" ORDER BY p.slug");
        let rows = sql.query().fetch_all(&self.read).await?;
        let mut people = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            people.push(Person {
                id: PersonId(id),
                slug: row.try_get("slug")?,
                names: Vec::new(),
                user: row.try_get::<Option<i64>, _>("user_id")?.map(UserId),
            });
        }
        if people.is_empty() {
            return Ok(people);
        }
        let mut names = Sql::new("SELECT person_id, language, name FROM person_names WHERE person_id IN (");
        names.bind_list(people.iter().map(|p| p.id.0)).push(") ORDER BY person_id, position");
        for row in names.query().fetch_all(&self.read).await? {
            let id: i64 = row.try_get("person_id")?;
            if let Some(person) = people.iter_mut().find(|p| p.id.0 == id) {
                person.names.push(PersonName { language: row.try_get("language")?, name: row.try_get("name")? });
            }
        }
        Ok(people)
    }

    async fn one_person(&self, condition: impl FnOnce(&mut Sql)) -> DbResult<Option<Person>> {
        Ok(self.people_where(condition).await?.into_iter().next())
    }
}

async fn write_names(tx: &mut Transaction<'_, Any>, id: i64, names: &[PersonName]) -> DbResult<()> {
    sqlx::query("DELETE FROM person_names WHERE person_id = $1").bind(id).execute(&mut **tx).await?;
    for (position, name) in (0_i64..).zip(names) {
        sqlx::query("INSERT INTO person_names (person_id, position, language, name) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(position)
            .bind(&name.language)
            .bind(&name.name)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl PeopleStore for SqlStore {
    async fn people(&self) -> StoreResult<Vec<Person>> {
        db(self.people_where(|sql| {
            sql.push("1 = 1");
        }))
        .await
    }

    async fn person(&self, id: PersonId) -> StoreResult<Option<Person>> {
        db(self.one_person(|sql| {
            sql.push("p.id = ").bind(id.0);
        }))
        .await
    }

    async fn person_by_slug(&self, slug: &str) -> StoreResult<Option<Person>> {
        db(self.one_person(|sql| {
            sql.push("p.slug = ").bind(slug);
        }))
        .await
    }

    async fn person_of_user(&self, user: UserId) -> StoreResult<Option<Person>> {
        db(self.one_person(|sql| {
            sql.push("p.user_id = ").bind(user.0);
        }))
        .await
    }

    async fn people_named(&self, names: &[String]) -> StoreResult<Vec<Person>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        db(self.people_where(|sql| {
            sql.push("p.id IN (SELECT n.person_id FROM person_names n WHERE n.name IN (").bind_list(names).push("))");
        }))
        .await
    }

    async fn create_person(
        &self,
        person: &PersonRecord,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<PersonId> {
        db(async {
            let mut tx = self.write.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO people (slug, user_id, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
            )
            .bind(&person.slug)
            .bind(person.user.map(|u| u.0))
            .bind(to_micros(now))
            .fetch_one(&mut *tx)
            .await?;
            write_names(&mut tx, id, &person.names).await?;
            crate::audit::append_in(&mut tx, audit, now).await?;
            // Credit lines on every page may now name them in another language.
            crate::changes::record_in(&mut tx, self.backend, &[PageTag::All], now).await?;
            tx.commit().await?;
            self.committed_change();
            Ok(PersonId(id))
        })
        .await
    }

    async fn update_person(
        &self,
        id: PersonId,
        person: &PersonRecord,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        db(async {
            let mut tx = self.write.begin().await?;
            sqlx::query("UPDATE people SET slug = $1, user_id = $2, updated_at = $3 WHERE id = $4")
                .bind(&person.slug)
                .bind(person.user.map(|u| u.0))
                .bind(to_micros(now))
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            write_names(&mut tx, id.0, &person.names).await?;
            crate::audit::append_in(&mut tx, audit, now).await?;
            crate::changes::record_in(&mut tx, self.backend, &[PageTag::All], now).await?;
            tx.commit().await?;
            self.committed_change();
            Ok(())
        })
        .await
    }

    async fn delete_person(&self, id: PersonId, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<()> {
        db(async {
            let mut tx = self.write.begin().await?;
            sqlx::query("DELETE FROM person_names WHERE person_id = $1").bind(id.0).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM people WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
            crate::audit::append_in(&mut tx, audit, now).await?;
            crate::changes::record_in(&mut tx, self.backend, &[PageTag::All], now).await?;
            tx.commit().await?;
            self.committed_change();
            Ok(())
        })
        .await
    }

    async fn articles_crediting(
        &self,
        service: ServiceId,
        names: &[String],
        now: DateTime<Utc>,
        page: ListRequest,
    ) -> StoreResult<ArticlePage> {
        if names.is_empty() {
            return Ok(ArticlePage { items: Vec::new(), has_newer: false, has_older: false });
        }
        let mut sql = Sql::new(format!("SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.service_id = "));
        sql.bind(service.0).push(" AND a.published_at <= ").bind(crate::articles::newest_listed(now, page.position));
        sql.push(" AND a.id IN (SELECT n.article_id FROM article_credit_names n WHERE n.name IN (");
        sql.bind_list(names).push("))");
        db(self.article_page(sql, page)).await
    }

    async fn services_crediting(&self, names: &[String], now: DateTime<Utc>) -> StoreResult<Vec<ServiceId>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        db(async {
            let mut sql = Sql::new(
                "SELECT DISTINCT a.service_id FROM articles a JOIN article_credit_names n ON n.article_id = a.id \
                 WHERE a.published_at <= ",
            );
            sql.bind(to_micros(now)).push(" AND n.name IN (").bind_list(names).push(") ORDER BY a.service_id");
            let ids: Vec<i64> = sql.scalar().fetch_all(&self.read).await?;
            Ok(ids.into_iter().map(ServiceId).collect())
        })
        .await
    }
}
