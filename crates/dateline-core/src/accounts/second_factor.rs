//! The second factor: TOTP secrets and codes (RFC 6238) and the link an app reads.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};

const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A new random TOTP secret, base32 (160 bits).
pub fn generate_totp_secret() -> String {
    base32_encode(&rand::random::<[u8; 20]>())
}

fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let value = BASE32.iter().position(|&b| char::from(b) == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | u32::try_from(value).ok()?;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

/// The six-digit TOTP code (RFC 6238: HMAC-SHA-1, 30-second steps) at an instant.
pub fn totp_code(secret: &str, at: DateTime<Utc>) -> Option<String> {
    let key = base32_decode(secret)?;
    let step = u64::try_from(at.timestamp()).ok()? / 30;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&key).ok()?;
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let value = u32::from_be_bytes([digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    Some(format!("{:06}", value % 1_000_000))
}

/// The 30-second time step a valid code belongs to, allowing one step of clock drift
/// either way; `None` if the code is not valid now. A code is accepted once: the caller
/// records the step and refuses it, and any earlier one, afterwards.
pub fn totp_step(secret: &str, code: &str, now: DateTime<Utc>) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != 6 {
        return None;
    }
    [-30, 0, 30].iter().find_map(|drift| {
        let at = now + chrono::Duration::seconds(*drift);
        (totp_code(secret, at).as_deref() == Some(code.as_str())).then(|| at.timestamp().div_euclid(30))
    })
}

/// The `otpauth://` URI authenticator apps accept (typed in, or as a QR code elsewhere).
pub fn totp_uri(issuer: &str, user: &str, secret: &str) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") })
            .collect::<String>()
    };
    format!("otpauth://totp/{}:{}?secret={secret}&issuer={}", encode(issuer), encode(user), encode(issuer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totp_matches_the_rfc_test_vector() {
        // RFC 6238, SHA-1, secret "12345678901234567890", T = 59 s → 94287082 (8 digits).
        let secret = base32_encode(b"12345678901234567890");
        let code = totp_code(&secret, DateTime::from_timestamp(59, 0).unwrap()).unwrap();
        assert_eq!(code, "287082");
        assert_eq!(totp_step(&secret, "287 082", DateTime::from_timestamp(59, 0).unwrap()), Some(1));
        assert_eq!(totp_step(&secret, "287083", DateTime::from_timestamp(59, 0).unwrap()), None);
        assert_eq!(base32_decode(&secret).unwrap(), b"12345678901234567890");
    }
}
