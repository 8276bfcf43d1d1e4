//! Interface text: every catalog has every message, and every message used exists.

use std::collections::BTreeSet;

use dateline_web::i18n::{Catalogs, EMBEDDED_CATALOGS, FALLBACK_LANGUAGE};
use dateline_web::templates::EMBEDDED_TEMPLATES;

/// Message ids the Rust code can ask for, from the typed ids of `dateline_web::messages`.
fn ids_used_by_code() -> BTreeSet<String> {
    dateline_web::messages::every_id().into_iter().collect()
}

/// Message ids the templates name literally: `t("id"` or `t('id'`. An id ending in `-` is
/// the start of a computed one (`t("desk-status-" ~ status)`): those are in
/// [`dateline_web::messages::desk_ids`].
fn ids_used_by_templates() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (_, text) in EMBEDDED_TEMPLATES {
        for quote in ['"', '\''] {
            for part in text.split(&format!("t({quote}")).skip(1) {
                let id = part.split(quote).next().unwrap();
                if !id.ends_with('-') {
                    ids.insert(id.to_owned());
                }
            }
        }
    }
    ids
}

/// The console's message ids the Rust code names (`"desk-…"` and `"console-…"` literals
/// in `console/`).
fn ids_used_by_console_code() -> BTreeSet<String> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dateline-web/src/console");
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for prefix in ["desk-", "console-"] {
            for part in source.split(&format!("\"{prefix}")).skip(1) {
                let id = part.split('"').next().unwrap();
                if !id.ends_with('-') && !id.contains('{') {
                    ids.insert(format!("{prefix}{id}"));
                }
            }
        }
    }
    ids
}

#[test]
fn every_catalog_has_exactly_the_fallback_messages() {
    let catalogs = Catalogs::load(None).unwrap();
    let english = catalogs.ids(FALLBACK_LANGUAGE);
    assert!(english.len() > 40);
    for (language, _) in EMBEDDED_CATALOGS {
        let ids = catalogs.ids(language);
        let missing: Vec<_> = english.difference(&ids).collect();
        let extra: Vec<_> = ids.difference(&english).collect();
        assert!(missing.is_empty(), "catalog {language} lacks {missing:?}");
        assert!(extra.is_empty(), "catalog {language} has unknown messages {extra:?}");
    }
}

#[test]
fn every_message_used_exists_and_every_message_is_used() {
    let catalogs = Catalogs::load(None).unwrap();
    let english = catalogs.ids(FALLBACK_LANGUAGE);
    let mut used: BTreeSet<String> = ids_used_by_code().union(&ids_used_by_templates()).cloned().collect();
    used.extend(ids_used_by_console_code());
    let missing: Vec<_> = used.difference(&english).collect();
    assert!(missing.is_empty(), "used but not in en.ftl: {missing:?}");
    let unused: Vec<_> = english.difference(&used).collect();
    assert!(unused.is_empty(), "in en.ftl but never used: {unused:?}");
}

#[test]
fn the_demo_languages_all_have_catalogs() {
    let catalogs = Catalogs::load(None).unwrap();
    for (_, _, _, language, _) in dateline::demo::DEMO_SERVICES {
        assert_eq!(catalogs.resolve(language), *language, "no catalog for {language}");
    }
}
