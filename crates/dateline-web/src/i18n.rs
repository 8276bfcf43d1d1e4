//! Interface text: per-language Fluent catalogs with English as the fallback.
//!
//! The catalogs ship inside the binary (`i18n/*.ftl`); a theme folder may replace any of
//! them or add a language (`THEME/i18n/LANG.ftl`) without recompiling.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The language every lookup falls back to.
pub const FALLBACK_LANGUAGE: &str = "en";

/// The catalogs shipped in the binary, by language tag.
pub const EMBEDDED_CATALOGS: &[(&str, &str)] = &[
    ("en", include_str!("../i18n/en.ftl")),
    ("ko", include_str!("../i18n/ko.ftl")),
    ("zh-Hans", include_str!("../i18n/zh-Hans.ftl")),
    ("ug", include_str!("../i18n/ug.ftl")),
    ("vi", include_str!("../i18n/vi.ftl")),
];

/// A catalog that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The file is not valid Fluent.
    #[error("interface text catalog {language}: {message}")]
    Invalid {
        /// Language tag of the catalog.
        language: String,
        /// What is wrong.
        message: String,
    },
    /// A theme's catalog could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

struct Catalog {
    bundle: FluentBundle<FluentResource>,
    ids: BTreeSet<String>,
}

/// All interface text catalogs.
pub struct Catalogs {
    catalogs: HashMap<String, Catalog>,
}

impl std::fmt::Debug for Catalogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogs").field("languages", &self.languages()).finish()
    }
}

/// The message ids a Fluent source defines (top-level messages, not terms).
fn message_ids(resource: &FluentResource) -> BTreeSet<String> {
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

fn catalog(language: &str, source: String) -> Result<Catalog, CatalogError> {
    let invalid = |message: String| CatalogError::Invalid { language: language.to_owned(), message };
    let langid: LanguageIdentifier = language.parse().map_err(|_| invalid("not a language tag".into()))?;
    let resource = FluentResource::try_new(source)
        .map_err(|(_, errors)| invalid(format!("{} syntax error(s), first: {:?}", errors.len(), errors.first())))?;
    let ids = message_ids(&resource);
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Bidi isolation marks only where a right-to-left page may embed left-to-right names.
    bundle.set_use_isolating(crate::views::is_rtl_language(language));
    bundle.add_resource(resource).map_err(|errors| invalid(format!("duplicate or bad messages: {errors:?}")))?;
    Ok(Catalog { bundle, ids })
}

impl Catalogs {
    /// The embedded catalogs, each replaced or joined by `THEME/i18n/LANG.ftl` if present.
    pub fn load(theme_dir: Option<&Path>) -> Result<Catalogs, CatalogError> {
        let mut sources: HashMap<String, String> =
            EMBEDDED_CATALOGS.iter().map(|(lang, text)| ((*lang).to_owned(), (*text).to_owned())).collect();
        if let Some(dir) = theme_dir.map(|d| d.join("i18n")).filter(|d| d.is_dir()) {
            let entries = std::fs::read_dir(&dir)
                .map_err(|source| CatalogError::Read { path: dir.display().to_string(), source })?;
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "ftl") {
                    let language = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
                    let text = std::fs::read_to_string(&path)
                        .map_err(|source| CatalogError::Read { path: path.display().to_string(), source })?;
                    sources.insert(language, text);
                }
            }
        }
        let catalogs = sources
            .into_iter()
            .map(|(language, text)| Ok((language.clone(), catalog(&language, text)?)))
            .collect::<Result<_, CatalogError>>()?;
        Ok(Catalogs { catalogs })
    }

    /// The languages that have a catalog, sorted.
    pub fn languages(&self) -> Vec<String> {
        let mut languages: Vec<String> = self.catalogs.keys().cloned().collect();
        languages.sort();
        languages
    }

    /// The message ids of one catalog.
    pub fn ids(&self, language: &str) -> BTreeSet<String> {
        self.catalogs.get(language).map(|c| c.ids.clone()).unwrap_or_default()
    }

    /// The best catalog for a language tag: exact, then without region or script, then
    /// the fallback.
    pub fn resolve<'a>(&'a self, language: &'a str) -> &'a str {
        if self.catalogs.contains_key(language) {
            return language;
        }
        let primary = language.split('-').next().unwrap_or_default();
        self.catalogs
            .keys()
            .find(|tag| tag.split('-').next() == Some(primary))
            .map(String::as_str)
            .unwrap_or(FALLBACK_LANGUAGE)
    }

    /// The catalog a request's `Accept-Language` header asks for first, by its weights
    /// (`None` if it names none of the catalogs' languages, or is absent).
    pub fn negotiate(&self, accept_language: Option<&str>) -> Option<&str> {
        let mut asked: Vec<(f32, &str)> = accept_language?
            .split(',')
            .filter_map(|entry| {
                let mut parts = entry.split(';').map(str::trim);
                let tag = parts.next().filter(|t| !t.is_empty() && *t != "*")?;
                let weight =
                    parts.find_map(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
                (weight > 0.0).then_some((weight, tag))
            })
            .collect();
        asked.sort_by(|a, b| b.0.total_cmp(&a.0));
        asked.into_iter().find_map(|(_, tag)| {
            let primary = tag.split('-').next().unwrap_or_default().to_ascii_lowercase();
            self.catalogs
                .keys()
                .find(|known| known.eq_ignore_ascii_case(tag))
                .or_else(|| self.catalogs.keys().find(|known| known.split('-').next() == Some(primary.as_str())))
                .map(String::as_str)
        })
    }

    /// Formats a message in a language, falling back to English, then to the id itself.
    pub fn message(
        &self,
        language: &str,
        message: crate::messages::Message,
        args: &[(&str, FluentValue<'_>)],
    ) -> String {
        self.text(language, message.id(), args)
    }

    /// Interface text by id (templates' `t("…")`, and the families of
    /// [`crate::messages`]); see [`Catalogs::message`].
    pub fn text(&self, language: &str, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        for tag in [self.resolve(language), FALLBACK_LANGUAGE] {
            let Some(catalog) = self.catalogs.get(tag) else { continue };
            let Some(pattern) = catalog.bundle.get_message(id).and_then(|m| m.value()) else { continue };
            let mut errors = Vec::new();
            let text = catalog.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
            if !errors.is_empty() {
                tracing::warn!(language = tag, id, ?errors, "interface text had errors");
            }
            return text.into_owned();
        }
        tracing::warn!(language, id, "interface text missing from every catalog");
        id.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_gets_the_first_catalog_it_asks_for_by_weight() {
        let catalogs = Catalogs::load(None).unwrap();
        assert_eq!(catalogs.negotiate(Some("fr-CH, vi;q=0.7, ko;q=0.9")), Some("ko"));
        assert_eq!(catalogs.negotiate(Some("zh-CN,zh;q=0.9")), Some("zh-Hans"));
        assert_eq!(catalogs.negotiate(Some("UG")), Some("ug"));
        assert_eq!(catalogs.negotiate(Some("ko;q=0, fr")), None, "q=0 means not this one");
        assert_eq!(catalogs.negotiate(Some("*")), None);
        assert_eq!(catalogs.negotiate(None), None);
    }
}
