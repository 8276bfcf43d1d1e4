//! Dateline's domain: the newsroom's words and rules.
//!
//! This crate decides; it knows nothing of HTTP or SQL. The web layer translates requests
//! into calls here, and the store (behind the area traits of [`store`]) only stores what
//! this crate has already validated. Modules are named after the newsroom's areas, and the
//! same names are used by the store, the web layer, the command line and the tests:
//! services, articles, desk, comments, moderation, accounts, audit, media, changes.

pub mod accounts;
pub mod articles;
pub mod attack;
pub mod audit;
pub mod campaigns;
pub mod changes;
pub mod checks;
pub mod clock;
pub mod comments;
pub mod desk;
pub mod embed;
pub mod fold;
pub mod media;
pub mod moderation;
pub mod people;
pub mod score;
pub mod services;
pub mod store;
pub mod words;

pub use articles::credits::{Credit, CreditRole};
pub use articles::{Article, ArticleDraft, ArticleId, ArticleRef, ArticleSummary, CommentPolicy, LeadImage};
pub use services::{Direction, NewService, Service, ServiceId};
