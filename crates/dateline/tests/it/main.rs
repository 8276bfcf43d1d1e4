//! Dateline's integration tests: one binary, every scenario on SQLite and PostgreSQL.

#[macro_use]
mod util;

mod catalogs;
mod cli;
mod html_validity;
mod import;
mod pages;
mod store_story;
