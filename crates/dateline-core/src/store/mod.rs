//! The store interface: the domain's verbs for persistence, one trait per area of the
//! newsroom. Each is implemented for SQLite and PostgreSQL by the `dateline-store` file of
//! the same name; [`Store`] is their union, which the web layer and the command line hold
//! as `Arc<dyn Store>`. Domain functions ask only for the traits they need, so that a
//! small in-memory fake can stand in for the database in their unit tests.
//!
//! Methods take values the domain has already validated; the store enforces only what the
//! database can (uniqueness, references) and reports it as a [`StoreError`].

mod accounts;
mod articles;
mod audit;
mod bans;
mod campaigns;
mod changes;
mod comments;
mod desk;
mod media;
mod moderation;
mod people;
mod score;
mod services;
mod words;

#[cfg(test)]
pub(crate) mod fake;

pub use accounts::*;
pub use articles::*;
pub use audit::*;
pub use bans::*;
pub use campaigns::*;
pub use changes::*;
pub use comments::*;
pub use desk::*;
pub use media::*;
pub use moderation::*;
pub use people::*;
pub use score::*;
pub use services::*;
pub use words::*;

use thiserror::Error;

/// Every area trait, for code that calls store methods on a concrete store (the command
/// line, tests): `use dateline_core::store::prelude::*;`.
pub mod prelude {
    pub use super::{
        AccountStore, ArticleStore, AuditStore, BanStore, CampaignStore, ChangeFeed, CommentStore, DeskStore,
        MediaIndex, ModerationStore, PeopleStore, ScoreStore, ServiceStore, Store, WordStore,
    };
}

/// A storage failure, in terms the callers can act on.
#[derive(Debug, Error)]
pub enum StoreError {
    /// A uniqueness rule was broken; the text names what already exists.
    #[error("{0} already exists")]
    Conflict(String),
    /// Something referred to does not exist; the text names it.
    #[error("{0} does not exist")]
    NotFound(String),
    /// The database failed (connection, I/O, corruption). Details go to the log.
    #[error("database error: {0}")]
    Database(String),
}

/// Shorthand for store results.
pub type StoreResult<T> = Result<T, StoreError>;

/// Persistence of all of Dateline: every area's store. Implemented by whatever implements
/// every area trait.
pub trait Store:
    ServiceStore
    + ArticleStore
    + DeskStore
    + CommentStore
    + ModerationStore
    + BanStore
    + AccountStore
    + AuditStore
    + MediaIndex
    + PeopleStore
    + WordStore
    + CampaignStore
    + ScoreStore
    + ChangeFeed
{
}

impl<T> Store for T where
    T: ServiceStore
        + ArticleStore
        + DeskStore
        + CommentStore
        + ModerationStore
        + BanStore
        + AccountStore
        + AuditStore
        + MediaIndex
        + PeopleStore
        + WordStore
        + CampaignStore
        + ScoreStore
        + ChangeFeed
        + ?Sized
{
}
