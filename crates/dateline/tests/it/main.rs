//! Dateline's integration tests: one binary, every scenario on SQLite and PostgreSQL.
#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

#[macro_use]
mod support;

mod cache;
mod catalogs;
mod checks;
mod cli;
mod comments;
mod console;
mod contract;
mod deploy;
mod desk;
mod e2e;
mod editions;
mod embed;
mod html_validity;
mod import;
mod notices;
mod object_media;
mod pages;
mod people;
mod privacy;
mod reach;
mod score;
mod security;
mod store_story;
