//! Who is asking: the client's address (for keyed hashes only, never stored), cookies,
//! the commenter token, and signed form tokens.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, header};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use ipnet::IpNet;
use sha2::Sha256;

/// Name of the cookie that carries the commenter token.
pub const COMMENTER_COOKIE: &str = "dateline_commenter";

/// The header API clients use to send their commenter token.
pub const COMMENTER_HEADER: &str = "x-commenter-token";

/// How long a comment form stays valid after it was shown.
pub const FORM_LIFETIME_HOURS: i64 = 24;

/// The client's address: the connecting peer, or — only when that peer is a trusted
/// proxy — the nearest address in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_address<B>(request: &Request<B>, trusted_proxies: &[IpNet]) -> IpAddr {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
    address_behind_proxies(peer, request.headers(), trusted_proxies)
}

/// See [`client_address`].
pub fn address_behind_proxies(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpNet]) -> IpAddr {
    let trusted = |ip: &IpAddr| trusted_proxies.iter().any(|net| net.contains(ip));
    if !trusted(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|hop| hop.trim().parse().ok())
        .collect();
    hops.iter().rev().find(|ip| !trusted(ip)).or(hops.first()).copied().unwrap_or(peer)
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A commenter token: 64 lowercase hex digits (256 random bits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommenterToken(String);

impl CommenterToken {
    /// A new random token.
    pub fn generate() -> CommenterToken {
        CommenterToken(hex::encode(rand::random::<[u8; 32]>()))
    }

    /// Accepts a token only in the form [`CommenterToken::generate`] makes.
    pub fn parse(text: &str) -> Option<CommenterToken> {
        (text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
            .then(|| CommenterToken(text.to_owned()))
    }

    /// The token from the commenter cookie, if it holds a well-formed one.
    pub fn from_cookie(headers: &HeaderMap) -> Option<CommenterToken> {
        cookie(headers, COMMENTER_COOKIE).and_then(CommenterToken::parse)
    }

    /// The token as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the store keeps instead of the token.
    pub fn hash(&self) -> String {
        dateline_core::comment::sha256_hex(&self.0)
    }

    /// The `Set-Cookie` value that gives the browser this token for a year.
    pub fn set_cookie(&self, secure: bool) -> String {
        format!(
            "{COMMENTER_COOKIE}={}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax{}",
            self.0,
            if secure { "; Secure" } else { "" }
        )
    }
}

fn mac(key: &str, message: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(message.as_bytes());
    mac
}

/// Keyed hash of a client address under the day's secret.
pub fn address_hash(day_key: &str, address: IpAddr) -> String {
    hex::encode(mac(day_key, &address.to_string()).finalize().into_bytes())
}

/// Signs `purpose` (for example "comment:42") at `issued`: `SECONDS.HEX`.
pub fn sign(key: &str, purpose: &str, issued: DateTime<Utc>) -> String {
    let seconds = issued.timestamp();
    format!("{seconds}.{}", hex::encode(mac(key, &format!("{purpose}:{seconds}")).finalize().into_bytes()))
}

/// Checks a token made by [`sign`] for the same purpose; returns when it was issued.
pub fn verify(key: &str, purpose: &str, token: &str) -> Option<DateTime<Utc>> {
    let (seconds, signature) = token.trim().split_once('.')?;
    let seconds: i64 = seconds.parse().ok()?;
    let signature = hex::decode(signature).ok()?;
    mac(key, &format!("{purpose}:{seconds}")).verify_slice(&signature).ok()?;
    DateTime::from_timestamp(seconds, 0)
}

/// Whether a state-changing request came from this site: a browser's `Origin` (or,
/// without it, `Sec-Fetch-Site`) must not name another site. (Pages are served with
/// `Referrer-Policy: same-origin`: under `no-referrer` browsers send `Origin: null` even
/// for the site's own forms.)
pub fn is_same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let origin_host = origin.split("://").nth(1).unwrap_or_default();
        return origin != "null" && host.is_some_and(|h| h.eq_ignore_ascii_case(origin_host));
    }
    !matches!(headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()), Some("cross-site"))
}

/// A local path to return to after a form, or `None` if it could lead elsewhere.
pub fn local_path(path: &str) -> Option<&str> {
    (path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') && !path.contains("://")).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_addresses_count_only_behind_trusted_proxies() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "198.51.100.9, 203.0.113.5, 10.0.0.7".parse().unwrap());
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let stranger: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(address_behind_proxies(proxy, &headers, &trusted), "203.0.113.5".parse::<IpAddr>().unwrap());
        assert_eq!(address_behind_proxies(stranger, &headers, &trusted), stranger);
    }

    #[test]
    fn signed_tokens_verify_only_unchanged() {
        let issued = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let token = sign("key", "comment:1", issued);
        assert_eq!(verify("key", "comment:1", &token), Some(issued));
        assert_eq!(verify("key", "comment:2", &token), None);
        assert_eq!(verify("other", "comment:1", &token), None);
        assert_eq!(verify("key", "comment:1", &token.replace("1800000000", "1800000001")), None);
        assert_eq!(verify("key", "comment:1", "garbage"), None);
    }

    #[test]
    fn tokens_and_paths_are_checked() {
        assert!(CommenterToken::parse(CommenterToken::generate().as_str()).is_some());
        assert!(CommenterToken::parse("' OR 1=1 --").is_none());
        assert_eq!(local_path("/english/"), Some("/english/"));
        assert_eq!(local_path("//evil.example/"), None);
        assert_eq!(local_path("https://evil.example/"), None);
    }
}
