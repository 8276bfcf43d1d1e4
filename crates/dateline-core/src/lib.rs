//! Dateline's domain: the newsroom's words and rules.
//!
//! This crate decides; it knows nothing of HTTP or SQL. The web layer translates requests
//! into calls here, and the store (behind [`store::Store`]) only stores what this crate has
//! already validated.

pub mod article;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod comment;
pub mod credit;
pub mod import;
pub mod markdown;
pub mod media;
pub mod moderation;
pub mod service;
pub mod slug;
pub mod store;

pub use article::{Article, ArticleDraft, ArticleId, ArticleRef, ArticleSummary, CommentPolicy, LeadImage};
pub use credit::{Credit, CreditRole};
pub use service::{Direction, NewService, Service, ServiceId};
