//! Who is asking: the client's address (for keyed hashes only, never stored), whether the
//! request came from this site, cookies, and the commenter token.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, header};
use ipnet::IpNet;

/// Name of the cookie that carries the commenter token.
pub const COMMENTER_COOKIE: &str = "dateline_commenter";

/// The header API clients use to send their commenter token.
pub const COMMENTER_HEADER: &str = "x-commenter-token";

/// Who is asking, as far as a handler needs to know: the client's address (only ever kept
/// as a keyed hash) and whether the request came from this site's own pages.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    /// The client's address (see [`client_address`]).
    pub address: IpAddr,
    /// Whether the request came from this site (see [`is_same_origin`]).
    pub same_origin: bool,
}

impl axum::extract::FromRequestParts<crate::state::AppState> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        app: &crate::state::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        let trusted = app.site.trusted_proxies.iter().any(|net| net.contains(&unmapped(peer)));
        let scheme = request_scheme(&parts.headers, trusted, app.site.base_url.as_deref());
        Ok(Caller {
            address: address_behind_proxies(peer, &parts.headers, &app.site.trusted_proxies),
            same_origin: is_same_origin(&parts.headers, scheme),
        })
    }
}

/// The client's address: the connecting peer, or — only when that peer is a trusted
/// proxy — the nearest address in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_address<B>(request: &Request<B>, trusted_proxies: &[IpNet]) -> IpAddr {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
    address_behind_proxies(peer, request.headers(), trusted_proxies)
}

/// See [`client_address`]. The walk goes from the nearest hop outwards, past trusted
/// proxies. A hop that cannot be read (`unknown`, garbage) ends it: the address recorded
/// after it is the last one a trusted proxy vouched for, and anything further out was
/// written by the client.
pub fn address_behind_proxies(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpNet]) -> IpAddr {
    let trusted = |ip: &IpAddr| trusted_proxies.iter().any(|net| net.contains(&unmapped(*ip)));
    if !trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    let mut nearest = peer;
    for hop in hops.iter().rev() {
        match parse_hop(hop) {
            Some(ip) if trusted(&ip) => nearest = ip,
            Some(ip) => return ip,
            None => return nearest,
        }
    }
    nearest
}

/// An address as proxies write it: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`,
/// `[2001:db8::1]` or `[2001:db8::1]:443`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(socket) = hop.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    hop.strip_prefix('[')?.strip_suffix(']')?.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
}

/// An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) as the IPv4 address it is.
fn unmapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// What limits, bans and sign-in locks count as one client: an IPv4 address, or an IPv6
/// client's /64 (one home or phone gets a whole /64, and rotates through it at will).
pub fn address_bucket(ip: IpAddr) -> String {
    match unmapped(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", segments[0], segments[1], segments[2], segments[3])
        }
    }
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
        dateline_core::comments::sha256_hex(&self.0)
    }

    /// The `Set-Cookie` value of the token inside the embed on another site's page: there
    /// the frame is a third party, so on HTTPS the cookie is `SameSite=None` and
    /// `Partitioned` (kept for that site alone); on plain HTTP it can only be `Lax`, and
    /// the commenter does not see their pending comment in the frame.
    pub fn set_embed_cookie(&self, secure: bool) -> String {
        if secure {
            format!(
                "{COMMENTER_COOKIE}={}; Path=/; Max-Age=31536000; HttpOnly; SameSite=None; Secure; Partitioned",
                self.0
            )
        } else {
            self.set_cookie(false)
        }
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

/// Keyed hash of a client (its [`address_bucket`]) under the day's secret.
pub fn address_hash(day_key: &str, address: IpAddr) -> String {
    crate::tokens::keyed_digest(day_key, &address_bucket(address))
}

/// The scheme a request came in by, where it is known: from a trusted proxy's
/// `X-Forwarded-Proto`, or from the site's own address when the request is for its host.
pub fn request_scheme<'a>(headers: &'a HeaderMap, peer_is_trusted: bool, base_url: Option<&'a str>) -> Option<&'a str> {
    if peer_is_trusted && let Some(proto) = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) {
        return proto.split(',').next().map(str::trim);
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok())?;
    let (scheme, rest) = base_url?.split_once("://")?;
    let base_host = rest.split('/').next().unwrap_or_default();
    base_host.eq_ignore_ascii_case(host).then_some(scheme)
}

/// Whether a state-changing request came from this site: a browser's `Origin` (or,
/// without it, `Sec-Fetch-Site`) must not name another site — another host, or the same
/// host by another scheme where the request's scheme is known (`scheme`). (Pages are
/// served with `Referrer-Policy: same-origin`: under `no-referrer` browsers send
/// `Origin: null` even for the site's own forms.)
pub fn is_same_origin(headers: &HeaderMap, scheme: Option<&str>) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let Some((origin_scheme, origin_host)) = origin.split_once("://") else { return false };
        let same_scheme = scheme.is_none_or(|s| s.eq_ignore_ascii_case(origin_scheme));
        return same_scheme && host.is_some_and(|h| h.eq_ignore_ascii_case(origin_host));
    }
    !matches!(headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()), Some("cross-site"))
}

/// A local path to return to after a form, or `None` if it could lead elsewhere or could
/// not be sent as a header: it starts with one `/`, and holds no `\`, no scheme, and no
/// control character or space (browsers drop tabs and line breaks inside URLs, so
/// `/<TAB>/host` means `//host`).
pub fn local_path(path: &str) -> Option<&str> {
    let plain = !path.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    (plain && path.starts_with('/') && !path.starts_with("//") && !path.contains("://")).then_some(path)
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
    fn forwarded_hops_are_read_as_proxies_write_them() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let walk = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert("x-forwarded-for", value.parse().unwrap());
            address_behind_proxies(proxy, &headers, &trusted).to_string()
        };
        assert_eq!(walk("9.9.9.9, 203.0.113.7:4444"), "203.0.113.7");
        assert_eq!(walk("9.9.9.9, [2001:db8::5]:443"), "2001:db8::5");
        assert_eq!(walk("9.9.9.9, [2001:db8::6]"), "2001:db8::6");
        assert_eq!(walk("9.9.9.9, unknown"), "10.0.0.1", "an unreadable hop ends the walk");
        assert_eq!(walk("9.9.9.9, unknown, 10.0.0.9"), "10.0.0.9");
    }

    #[test]
    fn ipv6_clients_are_their_64() {
        let bucket = |text: &str| address_bucket(text.parse().unwrap());
        assert_eq!(bucket("2001:db8:77:1::1"), bucket("2001:db8:77:1:ffff::9"));
        assert_ne!(bucket("2001:db8:77:1::1"), bucket("2001:db8:77:2::1"));
        assert_eq!(bucket("::ffff:192.0.2.55"), bucket("192.0.2.55"));
    }

    #[test]
    fn origins_compare_their_scheme_when_it_is_known() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "news.example".parse().unwrap());
        headers.insert(header::ORIGIN, "https://news.example".parse().unwrap());
        assert!(is_same_origin(&headers, Some("https")));
        assert!(is_same_origin(&headers, None));
        assert!(!is_same_origin(&headers, Some("http")));
        headers.insert(header::ORIGIN, "null".parse().unwrap());
        assert!(!is_same_origin(&headers, None));
    }

    #[test]
    fn tokens_and_paths_are_checked() {
        assert!(CommenterToken::parse(CommenterToken::generate().as_str()).is_some());
        assert!(CommenterToken::parse("' OR 1=1 --").is_none());
        assert_eq!(local_path("/english/"), Some("/english/"));
        assert_eq!(local_path("//evil.example/"), None);
        assert_eq!(local_path("https://evil.example/"), None);
        assert_eq!(local_path("/\t/evil.example/"), None);
        assert_eq!(local_path("/x\r\nSet-Cookie: a=b"), None);
        assert_eq!(local_path("/my/comments?deleted=1"), Some("/my/comments?deleted=1"));
    }
}
