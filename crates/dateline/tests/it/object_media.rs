//! Media on S3-compatible object storage, shared by two nodes: a photo uploaded through one
//! is served by the other. The S3-protocol server is moto's (`moto[server]` from PyPI, in
//! `.ci/.venv`, which `.ci/run` installs).

use std::io::{Read, Write};
use std::process::{Child, Command};

use crate::support::{Backend, ServerProcess, TempDir, TestDb, dateline};

/// A local S3-protocol server on a free port, stopped when dropped.
struct S3Server {
    child: Child,
    address: String,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn s3_server() -> Option<S3Server> {
    let Ok(python) = std::env::var("REACH_PYTHON") else {
        assert!(std::env::var("CI").is_err(), "CI must set REACH_PYTHON (with moto[server])");
        eprintln!("skipping: set REACH_PYTHON to a Python with moto[server]");
        return None;
    };
    let moto = std::path::Path::new(&python).with_file_name("moto_server");
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let child = Command::new(moto)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("moto_server starts");
    let server = S3Server { child, address: format!("127.0.0.1:{port}") };
    for _ in 0..100 {
        if std::net::TcpStream::connect(&server.address).is_ok() {
            return Some(server);
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("moto_server did not start");
}

/// One HTTP/1.1 request with a byte body; the status line and headers, and the body.
fn http(address: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (String, Vec<u8>) {
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    let extra: String = headers.iter().map(|(name, value)| format!("{name}: {value}\r\n")).collect();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    (String::from_utf8_lossy(&response[..split]).into_owned(), response[split + 4..].to_vec())
}

fn photo() -> Vec<u8> {
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(900, 600, |x, y| image::Rgb([x as u8, y as u8, 90])))
        .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    jpeg
}

async fn two_nodes_share_media_on_object_storage(backend: Backend) {
    let Some(s3) = s3_server() else { return };
    let bucket = format!("dateline-{}", std::process::id());
    let (created, _) = http(&s3.address, "PUT", &format!("/{bucket}"), &[], b"");
    assert!(created.starts_with("HTTP/1.1 200"), "{created}");
    let db = TestDb::new(backend).await;
    let endpoint = format!("http://{}", s3.address);
    let media_url = format!("s3://{bucket}/site");
    let env = [
        ("DATELINE_MEDIA_URL", media_url.as_str()),
        ("AWS_ENDPOINT_URL", endpoint.as_str()),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_REGION", "us-east-1"),
    ];
    let a = ServerProcess::start(&db, &env);
    let b = ServerProcess::start(&db, &env);
    let cwd = TempDir::new();
    let made =
        dateline(&db, &["token", "add", "--service", "english", "--role", "editor", "--name", "photos"], cwd.path());
    let printed = String::from_utf8_lossy(&made.stdout).to_string();
    let token = printed.split("token: ").nth(1).and_then(|t| t.split_whitespace().next()).expect(&printed);
    let bearer = format!("Bearer {token}");
    let json = [("Authorization", bearer.as_str()), ("Content-Type", "application/json")];
    let story = r#"{"service": "english", "headline": "Photos on object storage", "body": "A story."}"#;
    let (head, body) = http(&a.address, "POST", "/api/v1/stories", &json, story.as_bytes());
    assert!(head.starts_with("HTTP/1.1 201"), "{head}\n{}", String::from_utf8_lossy(&body));
    let id = serde_json::from_slice::<serde_json::Value>(&body).unwrap()["id"].as_i64().unwrap();

    let image = [("Authorization", bearer.as_str()), ("Content-Type", "image/jpeg")];
    let path = format!("/api/v1/stories/{id}/image?alt=A%20test%20photo");
    let (head, body) = http(&a.address, "POST", &path, &image, &photo());
    assert!(head.starts_with("HTTP/1.1 200"), "{head}\n{}", String::from_utf8_lossy(&body));
    let lead = serde_json::from_slice::<serde_json::Value>(&body).unwrap()["lead_image"].as_str().unwrap().to_owned();
    // Readers see a story's photos once it is published.
    let (published, body) = http(&a.address, "POST", &format!("/api/v1/stories/{id}/publish"), &json, b"{}");
    assert!(published.starts_with("HTTP/1.1 200"), "{published}\n{}", String::from_utf8_lossy(&body));
    let copy = lead.replace(".jpg", "-400w.jpg");
    for path in [&lead, &copy] {
        let (from_a, bytes_a) = http(&a.address, "GET", path, &[], b"");
        let (from_b, bytes_b) = http(&b.address, "GET", path, &[], b"");
        assert!(from_a.starts_with("HTTP/1.1 200") && from_b.starts_with("HTTP/1.1 200"), "{path}: {from_b}");
        assert!(bytes_b.starts_with(&[0xFF, 0xD8]) && bytes_a == bytes_b, "{path}: the same JPEG on both nodes");
    }
    let (listing, objects) = http(&s3.address, "GET", &format!("/{bucket}?list-type=2&prefix=site/"), &[], b"");
    assert!(listing.starts_with("HTTP/1.1 200"));
    let objects = String::from_utf8_lossy(&objects);
    assert!(objects.contains(lead.trim_start_matches("/media/")), "the photo is in the bucket under the prefix");
    let local = db.dir.path().join("data/media");
    let files = std::fs::read_dir(&local).map(|d| d.count()).unwrap_or(0);
    assert_eq!(files, 0, "nothing in the local media folder");
}

on_both_backends!(two_nodes_share_media_on_object_storage);
