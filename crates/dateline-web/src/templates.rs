//! Templates: embedded in the binary as the default theme; a theme folder overrides any
//! of them (`THEME/templates/AREA/NAME.html`) without recompiling. Templates are laid out
//! like the routes: `pages/` for the public pages, `comments/` for a commenter's own pages,
//! `console/` for the console. A theme made before that layout (`error.html`,
//! `admin/queue.html`) still works, with a warning at start-up naming the new place.
//!
//! Every value a template prints is escaped unless marked safe: for HTML and XML (and any
//! template whose kind is not known) as HTML, and for plain text (`.txt`, such as e-mail)
//! by removing control characters. A new feed or e-mail template cannot print reader text
//! raw by accident.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent_bundle::FluentValue;
use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Environment, ErrorKind, State};
use serde::Serialize;

use crate::i18n::Catalogs;

/// The default theme's templates, by name.
pub const EMBEDDED_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("pages/front.html", include_str!("../templates/pages/front.html")),
    ("pages/service.html", include_str!("../templates/pages/service.html")),
    ("pages/article.html", include_str!("../templates/pages/article.html")),
    ("pages/error.html", include_str!("../templates/pages/error.html")),
    ("pages/terms.html", include_str!("../templates/pages/terms.html")),
    ("pages/lite.html", include_str!("../templates/pages/lite.html")),
    ("feeds/rss.xml", include_str!("../templates/feeds/rss.xml")),
    ("feeds/atom.xml", include_str!("../templates/feeds/atom.xml")),
    ("sitemaps/index.xml", include_str!("../templates/sitemaps/index.xml")),
    ("sitemaps/urlset.xml", include_str!("../templates/sitemaps/urlset.xml")),
    ("comments/section.html", include_str!("../templates/comments/section.html")),
    ("comments/embed.html", include_str!("../templates/comments/embed.html")),
    ("comments/mine.html", include_str!("../templates/comments/mine.html")),
    ("comments/report.html", include_str!("../templates/comments/report.html")),
    ("comments/confirm_delete.html", include_str!("../templates/comments/confirm_delete.html")),
    ("console/layout.html", include_str!("../templates/console/layout.html")),
    ("console/macros.html", include_str!("../templates/console/macros.html")),
    ("console/login.html", include_str!("../templates/console/login.html")),
    ("console/second_factor.html", include_str!("../templates/console/second_factor.html")),
    ("console/setup.html", include_str!("../templates/console/setup.html")),
    ("console/message.html", include_str!("../templates/console/message.html")),
    ("console/dashboard.html", include_str!("../templates/console/dashboard.html")),
    ("console/queue.html", include_str!("../templates/console/queue.html")),
    ("console/comment.html", include_str!("../templates/console/comment.html")),
    ("console/bans.html", include_str!("../templates/console/bans.html")),
    ("console/audit.html", include_str!("../templates/console/audit.html")),
    ("console/users.html", include_str!("../templates/console/users.html")),
    ("console/services.html", include_str!("../templates/console/services.html")),
    ("console/words.html", include_str!("../templates/console/words.html")),
    ("console/account.html", include_str!("../templates/console/account.html")),
    ("console/stories.html", include_str!("../templates/console/stories.html")),
    ("console/story.html", include_str!("../templates/console/story.html")),
    ("console/story_history.html", include_str!("../templates/console/story_history.html")),
    ("console/story_diff.html", include_str!("../templates/console/story_diff.html")),
    ("console/tokens.html", include_str!("../templates/console/tokens.html")),
    ("console/media.html", include_str!("../templates/console/media.html")),
    ("console/people.html", include_str!("../templates/console/people.html")),
    ("console/person.html", include_str!("../templates/console/person.html")),
];

/// The template engine with the theme and the interface text loaded.
#[derive(Debug, Clone)]
pub struct Templates {
    env: Arc<Environment<'static>>,
}

/// A template failed to render.
#[derive(Debug, thiserror::Error)]
#[error("template {template} failed: {source:#}")]
pub struct RenderError {
    template: String,
    source: minijinja::Error,
}

/// The names templates had before they were laid out by area, for themes made then.
fn former_name(name: &str) -> Option<String> {
    if let Some(console) = name.strip_prefix("console/") {
        return Some(format!("admin/{console}"));
    }
    match name {
        "comments/mine.html" => Some("my_comments.html".to_owned()),
        _ => name.strip_prefix("pages/").map(str::to_owned),
    }
}

/// A template from the theme folder if it has one (under its name, or its former name
/// with a warning), otherwise the embedded one.
fn load_template(theme_dir: Option<&Path>, name: &str) -> Result<Option<String>, minijinja::Error> {
    if let Some(dir) = theme_dir {
        let folder = dir.join("templates");
        let former = former_name(name).map(|former| folder.join(former)).filter(|path| path.is_file());
        let path: PathBuf = folder.join(name);
        let path = if path.is_file() { Some(path) } else { former };
        if let Some(path) = path {
            if !path.ends_with(name) {
                tracing::warn!(
                    "theme template {} is used as {name}: move it to templates/{name} (the old name will stop working)",
                    path.display()
                );
            }
            return std::fs::read_to_string(&path).map(Some).map_err(|error| {
                minijinja::Error::new(ErrorKind::InvalidOperation, format!("cannot read {}: {error}", path.display()))
            });
        }
    }
    Ok(EMBEDDED_TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, text)| (*text).to_owned()))
}

/// `t("message-id", name=value, …)`: interface text in the page's language (`lang`).
fn translate(catalogs: &Catalogs, state: &State, id: &str, kwargs: Kwargs) -> Result<String, minijinja::Error> {
    let language = state.lookup("lang").and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let mut args: Vec<(String, FluentValue<'static>)> = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        let fluent = match value.kind() {
            ValueKind::Number => match i64::try_from(value.clone()) {
                Ok(n) => FluentValue::from(n),
                Err(_) => FluentValue::from(value.to_string()),
            },
            _ => FluentValue::from(value.to_string()),
        };
        args.push((name.to_owned(), fluent));
    }
    kwargs.assert_all_used()?;
    let borrowed: Vec<(&str, FluentValue<'_>)> = args.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    Ok(catalogs.text(&language, id, &borrowed))
}

/// Escapes text for HTML content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// The escaping of plain-text templates: control characters (other than line breaks and
/// tabs) are removed, so text cannot smuggle terminal escapes or headers.
const PLAIN_TEXT: minijinja::AutoEscape = minijinja::AutoEscape::Custom("text");

/// The escaping of a template, by its name: plain text for `.txt`, HTML for everything
/// else (`.html`, `.xml`, and any unknown kind: escaping is the safe default).
fn auto_escape(name: &str) -> minijinja::AutoEscape {
    if name.ends_with(".txt") { PLAIN_TEXT } else { minijinja::AutoEscape::Html }
}

/// Writes a value into a template's output. Strings are escaped with [`escape_html`]
/// (minijinja's default also escapes `/`, which bloats every URL for no gain), or for
/// plain text cleaned of control characters.
fn format_value(out: &mut minijinja::Output<'_>, state: &State<'_, '_>, value: &Value) -> Result<(), minijinja::Error> {
    let write_failed = |_| minijinja::Error::new(ErrorKind::WriteFailure, "cannot write output");
    match (value.as_str(), state.auto_escape()) {
        (Some(text), minijinja::AutoEscape::Html) if !value.is_safe() => {
            out.write_str(&escape_html(text)).map_err(write_failed)
        }
        (_, escape) if escape == PLAIN_TEXT => {
            let text = value.to_string();
            let kept: String = text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect();
            out.write_str(&kept).map_err(write_failed)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

impl Templates {
    /// The default theme, overridden by `theme_dir` where it has a template of the same name.
    pub fn new(theme_dir: Option<&Path>, catalogs: Arc<Catalogs>) -> Templates {
        let mut env = Environment::new();
        let theme_dir = theme_dir.map(Path::to_path_buf);
        env.set_loader(move |name| load_template(theme_dir.as_deref(), name));
        env.set_auto_escape_callback(auto_escape);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_formatter(format_value);
        env.add_function("t", move |state: &State, id: &str, kwargs: Kwargs| translate(&catalogs, state, id, kwargs));
        Templates { env: Arc::new(env) }
    }

    /// Renders a template with a context.
    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, RenderError> {
        let error = |source| RenderError { template: name.to_owned(), source };
        let template = self.env.get_template(name).map_err(error)?;
        template.render(context).map_err(error)
    }

    /// Renders a template given as text (a theme's or a test's), with the escaping its
    /// `name` selects.
    pub fn render_str(&self, name: &str, source: &str, context: impl Serialize) -> Result<String, RenderError> {
        let error = |source| RenderError { template: name.to_owned(), source };
        let mut env = (*self.env).clone();
        env.add_template_owned(name.to_owned(), source.to_owned()).map_err(error)?;
        env.get_template(name).map_err(error)?.render(context).map_err(error)
    }

    /// Checks that every template of the theme compiles (at start-up).
    pub fn check(&self) -> Result<(), RenderError> {
        for (name, _) in EMBEDDED_TEMPLATES {
            self.env.get_template(name).map_err(|source| RenderError { template: (*name).to_owned(), source })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_template_escapes() {
        let templates = Templates::new(None, Arc::new(Catalogs::load(None).unwrap_or_else(|e| panic!("{e}"))));
        let context = minijinja::context! { text => "<b>\"bold\"</b> & \u{1b}[31mred\nline" };
        let html = templates.render_str("x.html", "{{ text }}", &context).unwrap_or_default();
        assert_eq!(html, "&lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; \u{1b}[31mred\nline");
        let xml = templates.render_str("feed.xml", "<t>{{ text }}</t>", &context).unwrap_or_default();
        assert!(xml.starts_with("<t>&lt;b&gt;"), "{xml}");
        let other = templates.render_str("page.htm", "{{ text }}", &context).unwrap_or_default();
        assert!(other.starts_with("&lt;b&gt;"), "unknown kinds escape as HTML: {other}");
        let text = templates.render_str("notice.txt", "{{ text }}", &context).unwrap_or_default();
        assert_eq!(text, "<b>\"bold\"</b> & [31mred\nline", "plain text keeps its characters, not its controls");
    }

    #[test]
    fn a_theme_made_before_the_layout_by_area_still_applies() {
        let theme = std::env::temp_dir().join(format!("dateline-theme-{}", std::process::id()));
        std::fs::create_dir_all(theme.join("templates/admin")).unwrap_or_default();
        std::fs::write(theme.join("templates/admin/bans.html"), "old bans").unwrap_or_default();
        std::fs::write(theme.join("templates/terms.html"), "old terms").unwrap_or_default();
        let load = |name| load_template(Some(&theme), name).ok().flatten().unwrap_or_default();
        assert_eq!(load("console/bans.html"), "old bans");
        assert_eq!(load("pages/terms.html"), "old terms");
        std::fs::create_dir_all(theme.join("templates/pages")).unwrap_or_default();
        std::fs::write(theme.join("templates/pages/terms.html"), "new terms").unwrap_or_default();
        assert_eq!(load("pages/terms.html"), "new terms", "the new place wins");
        assert!(load("pages/front.html").contains("{% extends"), "others stay embedded");
        assert_eq!(former_name("comments/mine.html").as_deref(), Some("my_comments.html"));
        assert_eq!(former_name("base.html"), None);
        let _ = std::fs::remove_dir_all(&theme);
    }
}
