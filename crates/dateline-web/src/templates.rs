//! Templates: embedded in the binary as the default theme; a theme folder overrides any
//! of them (`THEME/templates/NAME.html`) without recompiling.

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
    ("front.html", include_str!("../templates/front.html")),
    ("service.html", include_str!("../templates/service.html")),
    ("article.html", include_str!("../templates/article.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("terms.html", include_str!("../templates/terms.html")),
    ("my_comments.html", include_str!("../templates/my_comments.html")),
    ("admin/layout.html", include_str!("../templates/admin/layout.html")),
    ("admin/macros.html", include_str!("../templates/admin/macros.html")),
    ("admin/login.html", include_str!("../templates/admin/login.html")),
    ("admin/second_factor.html", include_str!("../templates/admin/second_factor.html")),
    ("admin/setup.html", include_str!("../templates/admin/setup.html")),
    ("admin/message.html", include_str!("../templates/admin/message.html")),
    ("admin/dashboard.html", include_str!("../templates/admin/dashboard.html")),
    ("admin/queue.html", include_str!("../templates/admin/queue.html")),
    ("admin/comment.html", include_str!("../templates/admin/comment.html")),
    ("admin/bans.html", include_str!("../templates/admin/bans.html")),
    ("admin/audit.html", include_str!("../templates/admin/audit.html")),
    ("admin/users.html", include_str!("../templates/admin/users.html")),
    ("admin/services.html", include_str!("../templates/admin/services.html")),
    ("admin/account.html", include_str!("../templates/admin/account.html")),
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

fn load_template(theme_dir: Option<&Path>, name: &str) -> Result<Option<String>, minijinja::Error> {
    if let Some(dir) = theme_dir {
        let path: PathBuf = dir.join("templates").join(name);
        if path.is_file() {
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

/// Writes a value into a template's output. Strings are escaped with [`escape_html`]
/// (minijinja's default also escapes `/`, which bloats every URL for no gain).
fn format_value(out: &mut minijinja::Output<'_>, state: &State<'_, '_>, value: &Value) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text) if !value.is_safe() && matches!(state.auto_escape(), minijinja::AutoEscape::Html) => out
            .write_str(&escape_html(text))
            .map_err(|_| minijinja::Error::new(ErrorKind::WriteFailure, "cannot write output")),
        _ => minijinja::escape_formatter(out, state, value),
    }
}

impl Templates {
    /// The default theme, overridden by `theme_dir` where it has a template of the same name.
    pub fn new(theme_dir: Option<&Path>, catalogs: Arc<Catalogs>) -> Templates {
        let mut env = Environment::new();
        let theme_dir = theme_dir.map(Path::to_path_buf);
        env.set_loader(move |name| load_template(theme_dir.as_deref(), name));
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") { minijinja::AutoEscape::Html } else { minijinja::AutoEscape::None }
        });
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

    /// Checks that every template of the theme compiles (at start-up).
    pub fn check(&self) -> Result<(), RenderError> {
        for (name, _) in EMBEDDED_TEMPLATES {
            self.env.get_template(name).map_err(|source| RenderError { template: (*name).to_owned(), source })?;
        }
        Ok(())
    }
}
