//! Test harness: a fresh database per test (SQLite file or PostgreSQL database), the app
//! around it, and helpers to call it as a browser or a terminal would.

pub mod console;
pub mod newsroom;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use std::net::SocketAddr;
use std::sync::Mutex;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use chrono::{DateTime, TimeZone, Utc};
use dateline_core::articles::import::{ImportFailure, Imported, SourceFile, import_files};
use dateline_core::clock::Clock;
use dateline_core::comments::CommentState;
use dateline_core::moderation::Actor;
use dateline_core::services::{NewService, ServiceId};
use dateline_core::store::prelude::*;
use dateline_store::{LocalMediaStore, SqlStore};
use tower::ServiceExt;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests may use, from `TEST_DATABASE_URL` or `DATABASE_URL`.
pub fn postgres_admin_url() -> Option<String> {
    ["TEST_DATABASE_URL", "DATABASE_URL"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|url| url.starts_with("postgres"))
}

/// Whether the PostgreSQL variant of a test runs. With `DATELINE_REQUIRE_POSTGRES=1`
/// (set by CI) a missing server is a failure, not a skip.
pub fn postgres_available() -> bool {
    let available = postgres_admin_url().is_some();
    if !available {
        assert!(
            std::env::var("DATELINE_REQUIRE_POSTGRES").is_err(),
            "DATELINE_REQUIRE_POSTGRES is set but neither TEST_DATABASE_URL nor DATABASE_URL names a PostgreSQL server"
        );
        eprintln!("skipping the PostgreSQL variant: set TEST_DATABASE_URL=postgres://… to run it");
    }
    available
}

fn random_suffix() -> String {
    format!("{:016x}", rand::random::<u64>())
}

/// A temporary folder, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let path = std::env::temp_dir().join(format!("dateline-test-{}", random_suffix()));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A database made for one test and dropped after it.
pub struct TestDb {
    pub backend: Backend,
    pub url: String,
    pub dir: TempDir,
    postgres: Option<(String, String)>,
}

fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let path_start = base[authority_end..].find('/').map(|i| i + authority_end).unwrap_or(base.len());
    format!("{}/{database}{query}", &base[..path_start])
}

async fn postgres_exec(url: &str, sql: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(url).await.expect("connect to the PostgreSQL test server");
    sqlx::Executor::execute(&mut conn, sql).await.expect(sql);
    let _ = conn.close().await;
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let dir = TempDir::new();
        match backend {
            Backend::Sqlite => {
                let url = dateline_store::sqlite_url_for(dir.path());
                TestDb { backend, url, dir, postgres: None }
            }
            Backend::Postgres => {
                let admin = postgres_admin_url().expect("PostgreSQL test server");
                let name = format!("dateline_test_{}", random_suffix());
                postgres_exec(&admin, &format!("CREATE DATABASE {name}")).await;
                let url = replace_database(&admin, &name);
                TestDb { backend, url, dir, postgres: Some((admin, name)) }
            }
        }
    }

    /// Flags that point the `dateline` command at this database.
    pub fn cli_args(&self) -> Vec<String> {
        let mut args = vec!["--data-dir".to_owned(), self.dir.path().join("data").display().to_string()];
        if self.backend == Backend::Postgres {
            args.push("--database-url".into());
            args.push(self.url.clone());
        }
        args
    }

    /// Opens the database the `dateline` command used (for checks of what it wrote).
    pub async fn open_store(&self) -> SqlStore {
        let url = match self.backend {
            Backend::Postgres => self.url.clone(),
            Backend::Sqlite => dateline_store::sqlite_url_for(&self.dir.path().join("data")),
        };
        dateline_store::open(&url).await.unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin, name)) = self.postgres.take() else { return };
        // Drop runs inside the test's runtime: use a thread with a runtime of its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(postgres_exec(&admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")));
        })
        .join();
    }
}

/// The instant tests take as "now": after every demo article's publication.
pub fn test_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
}

/// A clock the test moves by hand.
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl ManualClock {
    pub fn now_for_tests(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }

    pub fn advance(&self, seconds: i64) {
        let mut now = self.0.lock().unwrap();
        *now += chrono::Duration::seconds(seconds);
    }
}

/// The address test requests come from, unless a test says otherwise.
pub const TEST_PEER: &str = "203.0.113.77:50000";

/// A response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }
}

/// The application on a fresh database, called in-process.
pub struct TestApp {
    pub db: TestDb,
    pub store: Arc<SqlStore>,
    pub media: Arc<LocalMediaStore>,
    pub clock: Arc<ManualClock>,
    web: dateline_web::AppState,
    router: axum::Router,
}

impl TestApp {
    pub async fn new(backend: Backend) -> TestApp {
        TestApp::with_site(backend, dateline_web::SiteSettings::default()).await
    }

    /// The app with particular site settings (a theme folder, say).
    pub async fn with_site(backend: Backend, site: dateline_web::SiteSettings) -> TestApp {
        let db = TestDb::new(backend).await;
        let store = Arc::new(dateline_store::open(&db.url).await.expect("open the test store"));
        let media = Arc::new(LocalMediaStore::new(db.dir.path().join("media")));
        let clock = Arc::new(ManualClock(Mutex::new(test_now())));
        let app = dateline_web::App::build(store.clone(), media.clone(), clock.clone(), site).expect("build the app");
        let router = dateline_web::router(app.clone());
        TestApp { db, store, media, clock, web: app, router }
    }

    /// The web application itself (for functions that take it).
    pub fn web_app(&self) -> dateline_web::AppState {
        self.web.clone()
    }

    /// The app with the demo newsroom loaded.
    pub async fn with_demo(backend: Backend) -> TestApp {
        let app = TestApp::new(backend).await;
        dateline::demo::load(app.store.as_ref(), app.media.as_ref(), test_now()).await.expect("load the demo");
        app
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    /// A GET with a commenter cookie.
    pub async fn get_as(&self, path: &str, commenter: &str) -> TestResponse {
        let cookie = format!("dateline_commenter={commenter}");
        self.send(Request::get(path).header("cookie", cookie).body(Body::empty()).unwrap()).await
    }

    /// Sends a request as if from [`TEST_PEER`] (unless it carries its own `ConnectInfo`).
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        self.send_raw(request).await.0
    }

    /// Sends a request; the response with its body as text, and the raw body bytes.
    pub async fn send_raw(&self, mut request: Request<Body>) -> (TestResponse, Vec<u8>) {
        if request.extensions().get::<ConnectInfo<SocketAddr>>().is_none() {
            request.extensions_mut().insert(ConnectInfo(TEST_PEER.parse::<SocketAddr>().unwrap()));
        }
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }, bytes.to_vec())
    }

    /// Creates a service the way `dateline service add` does.
    pub async fn add_service(&self, code: &str, name: &str, native: &str, language: &str, zone: &str) {
        let service = NewService::parse(code, name, Some(native), language, None, Some(zone)).unwrap();
        dateline_core::services::add_service(self.store.as_ref(), Actor::CommandLine, &service, test_now())
            .await
            .unwrap();
    }

    /// The usual services of these tests: English (New York), Korean (Seoul), Uyghur (Urumqi).
    pub async fn with_services(backend: Backend) -> TestApp {
        let app = TestApp::new(backend).await;
        app.add_service("english", "English", "English", "en", "America/New_York").await;
        app.add_service("korean", "Korean", "한국어", "ko", "Asia/Seoul").await;
        app.add_service("uyghur", "Uyghur", "ئۇيغۇرچە", "ug", "Asia/Urumqi").await;
        app
    }

    /// Writes files into a folder of their own and imports the Markdown ones, as
    /// `dateline article import` would.
    pub async fn import(&self, files: &[(&str, &[u8])]) -> Result<Vec<Imported>, ImportFailure> {
        let folder = self.db.dir.path().join(format!("import-{}", random_suffix()));
        for (name, bytes) in files {
            let path = folder.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
        }
        let markdown: Vec<(PathBuf, String)> = files
            .iter()
            .filter(|(name, _)| name.ends_with(".md"))
            .map(|(name, bytes)| (folder.join(name), String::from_utf8_lossy(bytes).into_owned()))
            .collect();
        let readers: Vec<_> = markdown.iter().map(|(path, _)| dateline::read_relative_to(path)).collect();
        let sources: Vec<SourceFile<'_>> = markdown
            .iter()
            .zip(&readers)
            .map(|((path, text), reader)| SourceFile {
                name: path.file_name().unwrap().to_string_lossy().into_owned(),
                text: text.clone(),
                read_relative: reader,
            })
            .collect();
        import_files(self.store.as_ref(), self.media.as_ref(), &sources, test_now()).await
    }
}

/// A small valid PNG (1×1), for lead images.
pub fn tiny_png() -> Vec<u8> {
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00,
        0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D,
        0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    PNG.to_vec()
}

/// Runs the `dateline` binary with a clean environment (no database URL leaks in).
pub fn dateline(db: &TestDb, args: &[&str], cwd: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dateline"));
    command.current_dir(cwd);
    for (name, _) in std::env::vars() {
        if name.starts_with("DATELINE_") || name == "DATABASE_URL" || name == "RUST_LOG" {
            command.env_remove(name);
        }
    }
    command.args(args).args(db.cli_args()).output().expect("run dateline")
}

/// `dateline` on the test app's own database.
pub fn app_cli(app: &TestApp, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    if app.db.backend == Backend::Sqlite {
        all.extend(["--database-url", app.db.url.as_str()]);
    }
    dateline(&app.db, &all, app.db.dir.path())
}

/// A command's standard output, as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Removes Unicode bidi isolation marks that Fluent puts around variables on
/// right-to-left pages, for comparing text.
pub fn without_isolation(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

/// Runs an async scenario on SQLite, and on PostgreSQL when a server is configured.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::support::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if $crate::support::postgres_available() {
                        super::$name($crate::support::Backend::Postgres).await
                    }
                }
            }
        )*
    };
}

/// A `dateline serve` process on a free port of 127.0.0.1, with the demo newsroom.
pub struct ServerProcess {
    pub child: std::process::Child,
    pub address: String,
}

impl ServerProcess {
    pub fn start(db: &TestDb, env: &[(&str, &str)]) -> ServerProcess {
        use std::io::BufRead;
        let mut command = Command::new(env!("CARGO_BIN_EXE_dateline"));
        for (name, _) in std::env::vars() {
            if name.starts_with("DATELINE_") || name == "DATABASE_URL" || name == "RUST_LOG" {
                command.env_remove(name);
            }
        }
        command.envs(env.iter().copied());
        let mut child = command
            .args(["serve", "--demo", "--bind", "127.0.0.1:0"])
            .args(db.cli_args())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut log = std::io::BufReader::new(child.stderr.take().unwrap());
        let mut address = None;
        let mut line = String::new();
        while address.is_none() && log.read_line(&mut line).unwrap() > 0 {
            address = line.split("http://").nth(1).and_then(|rest| rest.split('/').next()).map(str::to_owned);
            line.clear();
        }
        // Keep reading the log so the server never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut log, &mut std::io::sink()));
        ServerProcess { child, address: address.expect("serve logs the address it listens on") }
    }

    /// A handle that only sends requests to an address (for other threads).
    pub fn address_only(address: &str) -> Probe {
        Probe { address: address.to_owned() }
    }

    /// One HTTP/1.1 request with a JSON body (if any) over a plain socket; the whole
    /// response, or `None` if the server is gone.
    pub fn request(&self, method: &str, path: &str, body: &str) -> Option<String> {
        Probe { address: self.address.clone() }.request(method, path, body)
    }

    /// A request with headers of the caller's choosing.
    pub fn request_with(&self, method: &str, path: &str, body: &str, headers: &[(&str, &str)]) -> Option<String> {
        Probe { address: self.address.clone() }.send(method, path, body, headers)
    }
}

/// Sends requests to a server's address.
pub struct Probe {
    address: String,
}

impl Probe {
    /// One request with a JSON body (if any).
    pub fn request(&self, method: &str, path: &str, body: &str) -> Option<String> {
        self.send(method, path, body, &[("Content-Type", "application/json")])
    }

    /// One HTTP/1.1 request over a plain socket; the whole response, or `None` if the
    /// server is gone.
    pub fn send(&self, method: &str, path: &str, body: &str, headers: &[(&str, &str)]) -> Option<String> {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.address).ok()?;
        let extra: String = headers.iter().map(|(name, value)| format!("{name}: {value}\r\n")).collect();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.address,
            body.len()
        )
        .ok()?;
        let mut response = String::new();
        stream.read_to_string(&mut response).ok()?;
        (!response.is_empty()).then_some(response)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The console's counts of waiting comments: (service, state, count), by service then state.
pub async fn waiting(store: &dyn Store, services: Option<&[ServiceId]>) -> Vec<(String, CommentState, i64)> {
    let counts = store.waiting_counts(services).await.unwrap();
    counts.into_iter().map(|w| (w.service_code, w.state, w.count)).collect()
}
