//! Settings: defaults, then a TOML file, then `DATELINE_…` environment variables, then
//! command-line flags — each overriding the one before.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use dateline_core::comments::CommentSettings;
use dateline_core::score::ModerationSettings;
use ipnet::IpNet;
use serde::Deserialize;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object a line.
    Json,
}

/// The config file, as written. Every field is optional; unknown fields are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    theme_dir: Option<PathBuf>,
    site_name: Option<String>,
    default_language: Option<String>,
    log_format: Option<LogFormat>,
    request_timeout_secs: Option<u64>,
    header_timeout_secs: Option<u64>,
    max_connections: Option<usize>,
    max_body_bytes: Option<usize>,
    max_upload_bytes: Option<usize>,
    trusted_proxies: Option<Vec<String>>,
    secure_cookies: Option<bool>,
    cache_bytes: Option<usize>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    base_url: Option<String>,
    onion_address: Option<String>,
    feed_full_text: Option<bool>,
    mirror_comment_url: Option<String>,
    metrics_bind: Option<String>,
    media_url: Option<String>,
    comments: Option<CommentSettings>,
    moderation: Option<ModerationSettings>,
}

/// Options given on the command line, which override everything else.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--config`
    pub config: Option<PathBuf>,
    /// `--data-dir`
    pub data_dir: Option<PathBuf>,
    /// `--database-url`
    pub database_url: Option<String>,
    /// `--bind`
    pub bind: Option<String>,
}

/// The settings in force.
#[derive(Clone)]
pub struct Settings {
    /// Address the server listens on.
    pub bind: SocketAddr,
    /// Folder of the SQLite database and media files.
    pub data_dir: PathBuf,
    /// Database URL; the SQLite file in the data folder unless given.
    pub database_url: String,
    /// Theme folder overriding templates, catalogs and static files.
    pub theme_dir: Option<PathBuf>,
    /// Site name.
    pub site_name: String,
    /// Language of pages outside any service.
    pub default_language: String,
    /// Log format.
    pub log_format: LogFormat,
    /// Request timeout.
    pub request_timeout: Duration,
    /// Time a connection has to send a complete request header (also when idle).
    pub header_timeout: Duration,
    /// Most connections held at once.
    pub max_connections: usize,
    /// Largest request body.
    pub max_body_bytes: usize,
    /// Largest photo upload.
    pub max_upload_bytes: usize,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Whether cookies are marked `Secure`.
    pub secure_cookies: bool,
    /// Comment limits and abuse settings.
    pub comments: CommentSettings,
    /// The score's thresholds per service (`[moderation]`).
    pub moderation: ModerationSettings,
    /// Memory for rendered pages.
    pub cache_bytes: usize,
    /// How publication notices are sent, if at all.
    pub mail: Option<dateline_web::notices::MailSettings>,
    /// The site's public address.
    pub base_url: Option<String>,
    /// The site's onion address.
    pub onion_address: Option<String>,
    /// Whether feeds carry full text.
    pub feed_full_text: bool,
    /// Where a static mirror's comment forms post.
    pub mirror_comment_url: Option<String>,
    /// The address `/metrics` is served on (never the site's); `None`: no metrics.
    pub metrics_bind: Option<SocketAddr>,
    /// Media on S3-compatible object storage (`s3://BUCKET/PREFIX`); `None`: the data
    /// folder's `media/`.
    pub media_url: Option<String>,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("database_url", &dateline_store::redact_url(&self.database_url))
            .field("theme_dir", &self.theme_dir)
            .field("site_name", &self.site_name)
            .field("default_language", &self.default_language)
            .field("log_format", &self.log_format)
            .field("request_timeout", &self.request_timeout)
            .field("header_timeout", &self.header_timeout)
            .field("max_connections", &self.max_connections)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_upload_bytes", &self.max_upload_bytes)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("secure_cookies", &self.secure_cookies)
            .field("comments", &self.comments)
            .field("moderation", &self.moderation)
            .field("cache_bytes", &self.cache_bytes)
            .field("mail", &self.mail)
            .field("base_url", &self.base_url)
            .field("onion_address", &self.onion_address)
            .field("feed_full_text", &self.feed_full_text)
            .field("mirror_comment_url", &self.mirror_comment_url)
            .field("metrics_bind", &self.metrics_bind)
            .field("media_url", &self.media_url)
            .finish()
    }
}

/// Reads one environment variable, treating an empty value as unset.
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn env_parsed<T: std::str::FromStr>(name: &str) -> anyhow::Result<Option<T>>
where
    T::Err: fmt::Display,
{
    env_var(name)
        .map(|v| v.trim().parse::<T>().map_err(|e| anyhow::anyhow!("environment variable {name}={v:?}: {e}")))
        .transpose()
}

fn parse_proxies(entries: &[String], source: &str) -> anyhow::Result<Vec<IpNet>> {
    entries
        .iter()
        .map(|entry| entry.trim())
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry.parse::<IpNet>().or_else(|_| entry.parse::<std::net::IpAddr>().map(IpNet::from)).map_err(|_| {
                anyhow::anyhow!("{source}: {entry:?} is not an IP address or CIDR range such as 10.0.0.0/8")
            })
        })
        .collect()
}

/// Applies `DATELINE_MODERATION_AUTO_REJECT_SCORE` and `…_AUTO_APPROVE_SCORE`
/// (`CODE=SCORE,CODE=SCORE`, for example `english=0.98,korean=0.99`): each replaces the
/// file's table.
fn moderation_settings_from_env(mut base: ModerationSettings) -> anyhow::Result<ModerationSettings> {
    for (name, thresholds) in [
        ("DATELINE_MODERATION_AUTO_REJECT_SCORE", &mut base.auto_reject_score),
        ("DATELINE_MODERATION_AUTO_APPROVE_SCORE", &mut base.auto_approve_score),
    ] {
        let Some(text) = env_var(name) else { continue };
        thresholds.clear();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let parsed = pair.split_once('=').and_then(|(code, value)| Some((code.trim(), value.trim().parse().ok()?)));
            let Some((code, value)) = parsed else {
                bail!("environment variable {name}: {pair:?} is not CODE=SCORE (for example english=0.98)");
            };
            thresholds.insert(code.to_owned(), value);
        }
    }
    Ok(base)
}

/// Applies `DATELINE_COMMENTS_<FIELD>` variables to the comment settings: every field of
/// [`CommentSettings`] has one (for example `DATELINE_COMMENTS_TEXT_MAX_CHARS`).
fn comment_settings_from_env(base: CommentSettings) -> anyhow::Result<CommentSettings> {
    let mut value = serde_json::to_value(&base)?;
    let Some(fields) = value.as_object_mut() else { return Ok(base) };
    for (field, current) in fields.iter_mut() {
        let name = format!("DATELINE_COMMENTS_{}", field.to_ascii_uppercase());
        let Some(text) = env_var(&name) else { continue };
        let text = text.trim();
        *current = match current {
            serde_json::Value::Bool(_) => match text {
                "true" | "1" | "yes" => serde_json::Value::Bool(true),
                "false" | "0" | "no" => serde_json::Value::Bool(false),
                _ => bail!("environment variable {name}={text:?}: use true or false"),
            },
            serde_json::Value::Array(_) => serde_json::Value::from(
                text.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect::<Vec<_>>(),
            ),
            _ => serde_json::Value::from(
                text.parse::<u64>()
                    .map_err(|_| anyhow::anyhow!("environment variable {name}={text:?}: use a whole number"))?,
            ),
        };
    }
    serde_json::from_value(value).map_err(|e| anyhow::anyhow!("comment settings: {e}"))
}

/// The SMTP relay and addresses of publication notices: all three settings, or none.
fn mail_settings(
    smtp_url: Option<String>,
    from: Option<String>,
    base_url: Option<&str>,
) -> anyhow::Result<Option<dateline_web::notices::MailSettings>> {
    let Some(smtp_url) = smtp_url else { return Ok(None) };
    let rest = smtp_url.strip_prefix("smtp://").ok_or_else(|| {
        anyhow::anyhow!("smtp_url {smtp_url:?} must look like smtp://HOST:PORT (a relay without TLS, usually local)")
    })?;
    let rest = rest.trim_end_matches('/');
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => {
            (host, port.parse::<u16>().map_err(|_| anyhow::anyhow!("smtp_url {smtp_url:?}: bad port"))?)
        }
        None => (rest, 25),
    };
    let (Some(from), Some(_)) = (from, base_url) else {
        bail!(
            "with smtp_url, also set mail_from (the From address) and base_url (the site's public address, for links)"
        );
    };
    Ok(Some(dateline_web::notices::MailSettings { smtp_host: host.to_owned(), smtp_port: port, from }))
}

/// A site address as `base_url` and `mirror_comment_url` want it: `http(s)://host[:port]`,
/// without a path; the trailing slash is dropped.
fn site_address(name: &str, value: Option<String>) -> anyhow::Result<Option<String>> {
    let Some(value) = value else { return Ok(None) };
    let trimmed = value.trim().trim_end_matches('/');
    let rest = trimmed.strip_prefix("https://").or_else(|| trimmed.strip_prefix("http://"));
    let host_ok = rest.is_some_and(|host| {
        !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    });
    if !host_ok {
        bail!("{name} {value:?} must be an address such as https://news.example (a scheme and a host, no path)");
    }
    Ok(Some(trimmed.to_owned()))
}

/// An onion service address: 56 base32 letters and digits, then `.onion` (version 3).
fn onion_address(value: Option<String>) -> anyhow::Result<Option<String>> {
    let Some(value) = value else { return Ok(None) };
    let address = value.trim().trim_start_matches("http://").trim_end_matches('/').to_ascii_lowercase();
    let valid = address.strip_suffix(".onion").is_some_and(|name| {
        name.len() == 56 && name.chars().all(|c| c.is_ascii_lowercase() || ('2'..='7').contains(&c))
    });
    if !valid {
        bail!("onion_address {value:?} must be a version 3 onion address: 56 letters and digits 2-7, then .onion");
    }
    Ok(Some(address))
}

fn read_file(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read config file {}", path.display()))?;
    toml::from_str(&text).map_err(|e| anyhow::anyhow!("config file {}: {e}", path.display()))
}

impl Settings {
    /// Resolves the settings from the config file, the environment and the flags.
    pub fn resolve(overrides: &Overrides) -> anyhow::Result<Settings> {
        let config_path = overrides.config.clone().or_else(|| env_var("DATELINE_CONFIG").map(PathBuf::from));
        let file = match &config_path {
            Some(path) => read_file(path)?,
            None => FileConfig::default(),
        };
        let bind_text = overrides
            .bind
            .clone()
            .or_else(|| env_var("DATELINE_BIND"))
            .or(file.bind)
            .unwrap_or_else(|| "127.0.0.1:8080".into());
        let bind: SocketAddr = bind_text.parse().with_context(|| {
            format!("bind address {bind_text:?} is not an IP address and port such as 127.0.0.1:8080")
        })?;
        let data_dir = overrides
            .data_dir
            .clone()
            .or_else(|| env_var("DATELINE_DATA_DIR").map(PathBuf::from))
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("./dateline-data"));
        let database_url = overrides
            .database_url
            .clone()
            .or_else(|| env_var("DATELINE_DATABASE_URL"))
            .or_else(|| env_var("DATABASE_URL"))
            .or(file.database_url)
            .unwrap_or_else(|| dateline_store::sqlite_url_for(&data_dir));
        let log_format = match env_var("DATELINE_LOG_FORMAT").as_deref() {
            Some("json") => LogFormat::Json,
            Some("text") => LogFormat::Text,
            Some(other) => bail!("environment variable DATELINE_LOG_FORMAT={other:?}: use text or json"),
            None => file.log_format.unwrap_or(LogFormat::Text),
        };
        let timeout_secs =
            env_parsed::<u64>("DATELINE_REQUEST_TIMEOUT_SECS")?.or(file.request_timeout_secs).unwrap_or(30);
        if timeout_secs == 0 {
            bail!("request_timeout_secs must be at least 1");
        }
        let header_timeout_secs =
            env_parsed::<u64>("DATELINE_HEADER_TIMEOUT_SECS")?.or(file.header_timeout_secs).unwrap_or(10);
        if header_timeout_secs == 0 {
            bail!("header_timeout_secs must be at least 1");
        }
        let max_connections =
            env_parsed::<usize>("DATELINE_MAX_CONNECTIONS")?.or(file.max_connections).unwrap_or(10_000);
        if max_connections == 0 {
            bail!("max_connections must be at least 1");
        }
        let trusted_proxies = match env_var("DATELINE_TRUSTED_PROXIES") {
            Some(list) => {
                parse_proxies(&list.split(',').map(str::to_owned).collect::<Vec<_>>(), "DATELINE_TRUSTED_PROXIES")?
            }
            None => parse_proxies(&file.trusted_proxies.unwrap_or_default(), "trusted_proxies")?,
        };
        let secure_cookies = match env_var("DATELINE_SECURE_COOKIES").as_deref() {
            Some("true" | "1" | "yes") => true,
            Some("false" | "0" | "no") => false,
            Some(other) => bail!("environment variable DATELINE_SECURE_COOKIES={other:?}: use true or false"),
            None => file.secure_cookies.unwrap_or(false),
        };
        let comments = comment_settings_from_env(file.comments.unwrap_or_default())?;
        if comments.per_page == 0 || comments.text_max_chars == 0 || comments.name_max_chars == 0 {
            bail!("comments.per_page, comments.text_max_chars and comments.name_max_chars must be at least 1");
        }
        let moderation = moderation_settings_from_env(file.moderation.unwrap_or_default())?;
        moderation.validate().map_err(anyhow::Error::msg)?;
        let base_url = site_address("base_url", env_var("DATELINE_BASE_URL").or(file.base_url))?;
        let onion_address = onion_address(env_var("DATELINE_ONION_ADDRESS").or(file.onion_address))?;
        let mirror_comment_url =
            site_address("mirror_comment_url", env_var("DATELINE_MIRROR_COMMENT_URL").or(file.mirror_comment_url))?;
        let feed_full_text = match env_var("DATELINE_FEED_FULL_TEXT").as_deref() {
            Some("true" | "1" | "yes") => true,
            Some("false" | "0" | "no") => false,
            Some(other) => bail!("environment variable DATELINE_FEED_FULL_TEXT={other:?}: use true or false"),
            None => file.feed_full_text.unwrap_or(true),
        };
        let metrics_bind = match env_var("DATELINE_METRICS_BIND").or(file.metrics_bind) {
            Some(text) => Some(text.parse::<SocketAddr>().with_context(|| {
                format!("metrics_bind {text:?} is not an IP address and port such as 127.0.0.1:9100")
            })?),
            None => None,
        };
        if metrics_bind.is_some_and(|metrics| metrics == bind) {
            bail!("metrics_bind must differ from bind: /metrics is never served on the site's address");
        }
        let media_url = env_var("DATELINE_MEDIA_URL").or(file.media_url);
        if let Some(url) = &media_url
            && !url.strip_prefix("s3://").is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        {
            bail!("media_url {url:?} must look like s3://BUCKET/PREFIX");
        }
        let mail = mail_settings(
            env_var("DATELINE_SMTP_URL").or(file.smtp_url),
            env_var("DATELINE_MAIL_FROM").or(file.mail_from),
            base_url.as_deref(),
        )?;
        Ok(Settings {
            media_url,
            metrics_bind,
            mail,
            base_url,
            onion_address,
            feed_full_text,
            mirror_comment_url,
            cache_bytes: env_parsed::<usize>("DATELINE_CACHE_BYTES")?.or(file.cache_bytes).unwrap_or(64 * 1024 * 1024),
            trusted_proxies,
            secure_cookies,
            comments,
            moderation,
            bind,
            data_dir,
            database_url,
            theme_dir: env_var("DATELINE_THEME_DIR").map(PathBuf::from).or(file.theme_dir),
            site_name: env_var("DATELINE_SITE_NAME").or(file.site_name).unwrap_or_else(|| "Dateline".into()),
            default_language: env_var("DATELINE_DEFAULT_LANGUAGE")
                .or(file.default_language)
                .unwrap_or_else(|| "en".into()),
            log_format,
            request_timeout: Duration::from_secs(timeout_secs),
            header_timeout: Duration::from_secs(header_timeout_secs),
            max_connections,
            max_body_bytes: env_parsed::<usize>("DATELINE_MAX_BODY_BYTES")?
                .or(file.max_body_bytes)
                .unwrap_or(64 * 1024),
            max_upload_bytes: env_parsed::<usize>("DATELINE_MAX_UPLOAD_BYTES")?
                .or(file.max_upload_bytes)
                .unwrap_or(20 * 1024 * 1024),
        })
    }

    /// The settings in force as `key = value` lines, in the config file's names (TOML),
    /// the database password redacted; a setting left unset is a comment.
    pub fn describe(&self) -> String {
        let quoted = |text: &str| serde_json::Value::String(text.to_owned()).to_string();
        let optional = |key: &str, value: &Option<String>| match value {
            Some(value) => format!("{key} = {}\n", quoted(value)),
            None => format!("# {key}: not set\n"),
        };
        let mut out = String::new();
        out.push_str(&format!("bind = {}\n", quoted(&self.bind.to_string())));
        out.push_str(&format!("data_dir = {}\n", quoted(&self.data_dir.display().to_string())));
        out.push_str(&format!("database_url = {}\n", quoted(&dateline_store::redact_url(&self.database_url))));
        out.push_str(&optional("theme_dir", &self.theme_dir.as_ref().map(|d| d.display().to_string())));
        out.push_str(&format!("site_name = {}\n", quoted(&self.site_name)));
        out.push_str(&format!("default_language = {}\n", quoted(&self.default_language)));
        let log_format = match self.log_format {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        };
        out.push_str(&format!("log_format = {}\n", quoted(log_format)));
        out.push_str(&format!("request_timeout_secs = {}\n", self.request_timeout.as_secs()));
        out.push_str(&format!("header_timeout_secs = {}\n", self.header_timeout.as_secs()));
        out.push_str(&format!("max_connections = {}\n", self.max_connections));
        out.push_str(&format!("max_body_bytes = {}\n", self.max_body_bytes));
        out.push_str(&format!("max_upload_bytes = {}\n", self.max_upload_bytes));
        let proxies: Vec<String> = self.trusted_proxies.iter().map(|p| quoted(&p.to_string())).collect();
        out.push_str(&format!("trusted_proxies = [{}]\n", proxies.join(", ")));
        out.push_str(&format!("secure_cookies = {}\n", self.secure_cookies));
        out.push_str(&format!("cache_bytes = {}\n", self.cache_bytes));
        let smtp = self.mail.as_ref().map(|m| format!("smtp://{}:{}", m.smtp_host, m.smtp_port));
        out.push_str(&optional("smtp_url", &smtp));
        out.push_str(&optional("mail_from", &self.mail.as_ref().map(|m| m.from.clone())));
        out.push_str(&optional("base_url", &self.base_url));
        out.push_str(&optional("onion_address", &self.onion_address));
        out.push_str(&format!("feed_full_text = {}\n", self.feed_full_text));
        out.push_str(&optional("mirror_comment_url", &self.mirror_comment_url));
        out.push_str(&optional("metrics_bind", &self.metrics_bind.map(|a| a.to_string())));
        out.push_str(&optional("media_url", &self.media_url));
        out.push_str("\n[comments]\n");
        if let Ok(serde_json::Value::Object(comments)) = serde_json::to_value(&self.comments) {
            for (key, value) in comments {
                out.push_str(&format!("{key} = {value}\n"));
            }
        }
        out.push_str("\n[moderation]\n");
        for (key, thresholds) in [
            ("auto_reject_score", &self.moderation.auto_reject_score),
            ("auto_approve_score", &self.moderation.auto_approve_score),
        ] {
            let values: Vec<String> = thresholds.iter().map(|(code, value)| format!("{code} = {value}")).collect();
            out.push_str(&format!("{key} = {{ {} }}\n", values.join(", ")));
        }
        out
    }

    /// The web layer's part of the settings.
    pub fn site(&self) -> dateline_web::SiteSettings {
        dateline_web::SiteSettings {
            name: self.site_name.clone(),
            default_language: self.default_language.clone(),
            theme_dir: self.theme_dir.clone(),
            request_timeout: self.request_timeout,
            max_body_bytes: self.max_body_bytes,
            max_upload_bytes: self.max_upload_bytes,
            comments: self.comments.clone(),
            moderation: self.moderation.clone(),
            trusted_proxies: self.trusted_proxies.clone(),
            secure_cookies: self.secure_cookies,
            cache_bytes: self.cache_bytes,
            mail: self.mail.clone(),
            base_url: self.base_url.clone(),
            header_timeout: self.header_timeout,
            max_connections: self.max_connections,
            onion_address: self.onion_address.clone(),
            feed_full_text: self.feed_full_text,
            mirror: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_parses_and_sets_exactly_the_defaults() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dateline.example.toml");
        let with_example = Settings::resolve(&Overrides { config: Some(example), ..Overrides::default() }).unwrap();
        let defaults = Settings::resolve(&Overrides::default()).unwrap();
        assert_eq!(format!("{with_example:?}"), format!("{defaults:?}"));
        assert_eq!(with_example.describe(), defaults.describe());
    }

    #[test]
    fn moderation_thresholds_are_read_per_service_and_checked() {
        let file = std::env::temp_dir().join(format!("dateline-moderation-{}.toml", std::process::id()));
        let resolve = |text: &str| {
            std::fs::write(&file, text).unwrap();
            Settings::resolve(&Overrides { config: Some(file.clone()), ..Overrides::default() })
        };
        let settings =
            resolve("[moderation]\nauto_reject_score = { english = 0.99 }\nauto_approve_score = { english = 0.02 }\n")
                .unwrap();
        assert_eq!(settings.moderation.thresholds("english").reject_at, Some(0.99));
        assert!(settings.describe().contains("[moderation]\nauto_reject_score = { english = 0.99 }\n"));
        let error = resolve("[moderation]\nauto_reject_score = { english = 2.0 }\n").unwrap_err().to_string();
        assert!(error.contains("moderation.auto_reject_score for \"english\" is 2"), "{error}");
        let error =
            resolve("[moderation]\nauto_reject_score = { english = 0.5 }\nauto_approve_score = { english = 0.6 }\n")
                .unwrap_err()
                .to_string();
        assert!(error.contains("must be below its auto_reject_score"), "{error}");
        let _ = std::fs::remove_file(&file);
    }

    #[test]
    fn the_description_hides_the_database_password() {
        let overrides = Overrides {
            database_url: Some("postgres://dateline:hunter2@db.internal/news".into()),
            ..Overrides::default()
        };
        let described = Settings::resolve(&overrides).unwrap().describe();
        assert!(!described.contains("hunter2"), "{described}");
        assert!(described.contains("database_url = \"postgres://dateline:"), "{described}");
        assert!(described.contains("[comments]\n") && described.contains("per_page = 50"));
    }
}
