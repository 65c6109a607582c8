//! Validators: what a credential's format promises beyond its shape (a checksum, a structure
//! that decodes), checked only on values that already matched a kind's pattern. CRC32 is
//! `crc32fast`, base64 is the `base64` crate; the rest is the formats' own structure.

use base64::engine::general_purpose::{GeneralPurpose, STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::engine::{DecodePaddingMode, GeneralPurposeConfig};
use base64::Engine as _;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Validator {
    /// `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` and `npm_`: 30 random base62 characters, then the
    /// CRC32 of those 30 characters in 6 base62 digits.
    Base62Crc32,
    /// Three base64url parts; header and payload decode to JSON objects, the header with an
    /// `alg` other than `none`; a signature of at least 16 bytes.
    Jwt,
    /// `pypi-` and a base64url macaroon (version 2) whose location is PyPI.
    PypiMacaroon,
    /// An access key id: a prefix AWS issues for access keys, then base32.
    AwsKeyId,
    /// Base64 that decodes to 64 bytes (Azure storage account keys).
    Base64Key64,
    /// Base64 of a JSON object with `k` and `n` (Grafana's legacy API keys).
    GrafanaLegacy,
    /// A Slack webhook: the secret part mixes cases and digits as generated ones do.
    SlackWebhook,
    /// Mixed letters and digits (keys with no stronger structure).
    MixedAlnum,
}

impl Validator {
    /// Whether `secret` (the kind's `secret` group) passes.
    pub fn check(self, secret: &str) -> bool {
        match self {
            Validator::Base62Crc32 => base62_crc32(secret),
            Validator::Jwt => jwt(secret),
            Validator::PypiMacaroon => pypi_macaroon(secret),
            Validator::AwsKeyId => aws_key_id(secret),
            Validator::Base64Key64 => STANDARD.decode(secret).is_ok_and(|b| b.len() == 64),
            Validator::GrafanaLegacy => decode_any(secret)
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                .is_some_and(|v| v.get("k").is_some() && v.get("n").is_some()),
            Validator::SlackWebhook => secret
                .rsplit('/')
                .next()
                .is_some_and(|s| mixed(s) && s.bytes().any(|c| c.is_ascii_uppercase())),
            Validator::MixedAlnum => mixed(secret),
        }
    }
}

fn mixed(s: &str) -> bool {
    s.bytes().any(|c| c.is_ascii_digit()) && s.bytes().any(|c| c.is_ascii_alphabetic())
}

/// The two base62 digit orders in use (`0-9A-Za-z` and `0-9a-zA-Z`); GitHub and npm tokens are
/// accepted in either, which costs nothing in precision (2 in 62^6).
const BASE62: [&[u8; 62]; 2] = [
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
];

fn base62(mut n: u32, digits: &[u8; 62]) -> String {
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = digits[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `prefix_` + 30 random + 6 checksum characters.
pub fn base62_crc32(token: &str) -> bool {
    let Some((_, body)) = token.split_once('_') else {
        return false;
    };
    if body.len() != 36 || !body.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let (random, check) = body.split_at(30);
    let crc = crc32fast::hash(random.as_bytes());
    BASE62.iter().any(|d| base62(crc, d) == check)
}

/// Base64 of any flavour (standard or URL-safe, padded or not).
pub fn decode_any(s: &str) -> Option<Vec<u8>> {
    const LENIENT: GeneralPurposeConfig =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    const URL: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);
    const STD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
    STD.decode(s)
        .or_else(|_| URL.decode(s))
        .or_else(|_| STANDARD_NO_PAD.decode(s.trim_end_matches('=')))
        .ok()
}

fn jwt(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return false;
    }
    let json = |p: &str| {
        URL_SAFE_NO_PAD
            .decode(p.trim_end_matches('='))
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .filter(serde_json::Value::is_object)
    };
    let (Some(header), Some(payload)) = (json(parts[0]), json(parts[1])) else {
        return false;
    };
    // Tokens made up for documentation and tests say so in their claims.
    let claims = payload.to_string().to_ascii_lowercase();
    if [
        "example",
        "john doe",
        "1234567890",
        "test",
        "dummy",
        "fake",
        "sample",
    ]
    .iter()
    .any(|m| claims.contains(m))
    {
        return false;
    }
    let alg = header.get("alg").and_then(|a| a.as_str()).unwrap_or("none");
    let signature = URL_SAFE_NO_PAD.decode(parts[2].trim_end_matches('='));
    !alg.eq_ignore_ascii_case("none") && signature.is_ok_and(|s| s.len() >= 16)
}

fn pypi_macaroon(token: &str) -> bool {
    let Some(body) = token.strip_prefix("pypi-") else {
        return false;
    };
    let Some(bytes) = decode_any(body) else {
        return false;
    };
    // Version 2, then the location field (type 1), a varint length, and the location.
    if bytes.len() < 40 || bytes[0] != 0x02 || bytes[1] != 0x01 {
        return false;
    }
    let len = bytes[2] as usize;
    let location = bytes.get(3..3 + len).unwrap_or_default();
    location == b"pypi.org" || location == b"test.pypi.org"
}

/// AKIA (long-term), ASIA (temporary), ABIA (STS service bearer), ACCA (context-specific);
/// AWS's other unique-id prefixes (AIDA users, AROA roles, AGPA groups, ANPA policies, APKA
/// public keys...) name things and are not credentials.
fn aws_key_id(id: &str) -> bool {
    id.len() == 20
        && ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"]
            .iter()
            .any(|p| id.starts_with(p))
        && id[4..]
            .bytes()
            .all(|c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c))
}

/// What a PEM-style private key block's body holds, by its label.
pub fn private_key_body(label: &str, der: &[u8]) -> bool {
    match label {
        "OPENSSH PRIVATE KEY" => der.starts_with(b"openssh-key-v1\0") && der.len() >= 48,
        "PGP PRIVATE KEY BLOCK" => der.first().is_some_and(|&b| {
            // Secret key packet (tag 5) in the old or new packet format.
            let tag = if b & 0x40 != 0 {
                b & 0x3f
            } else {
                (b & 0x3c) >> 2
            };
            b & 0x80 != 0 && (tag == 5 || tag == 7)
        }),
        "SSH2 ENCRYPTED PRIVATE KEY" => der.starts_with(&[0x3f, 0x6f, 0xf9, 0xeb]),
        _ => der_sequence(der),
    }
}

/// A DER SEQUENCE whose declared length fits what was decoded, and is long enough to hold a key.
fn der_sequence(der: &[u8]) -> bool {
    if der.len() < 48 || der[0] != 0x30 {
        return false;
    }
    let len = match der[1] {
        n if n < 0x80 => n as usize,
        0x81 => der[2] as usize,
        0x82 => (der[2] as usize) << 8 | der[3] as usize,
        0x83 => (der[2] as usize) << 16 | (der[3] as usize) << 8 | der[4] as usize,
        _ => return false,
    };
    len >= 40
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_checksum(prefix: &str, random: &str) -> String {
        format!(
            "{prefix}{random}{}",
            base62(crc32fast::hash(random.as_bytes()), BASE62[0])
        )
    }

    #[test]
    fn base62_checksums_catch_one_changed_character() {
        let good = with_checksum("ghp_", "Rk2LqV8zT5mNw3XcY7pB1sDf9GhJ4a");
        assert!(base62_crc32(&good), "{good}");
        let mut bad = good.clone().into_bytes();
        bad[10] = if bad[10] == b'a' { b'b' } else { b'a' };
        assert!(!base62_crc32(&String::from_utf8(bad).unwrap()));
        assert!(!base62_crc32("ghp_Rk2LqV8zT5mNw3XcY7pB1sDf9GhJ4a"));
    }

    #[test]
    fn jwts_need_json_an_algorithm_and_a_signature() {
        let enc = |s: &str| URL_SAFE_NO_PAD.encode(s);
        let sig = URL_SAFE_NO_PAD.encode([7u8; 32]);
        let good = format!(
            "{}.{}.{sig}",
            enc(r#"{"alg":"HS256","typ":"JWT"}"#),
            enc(r#"{"sub":"42"}"#)
        );
        assert!(jwt(&good));
        let none = format!(
            "{}.{}.{sig}",
            enc(r#"{"alg":"none"}"#),
            enc(r#"{"sub":"42"}"#)
        );
        assert!(!jwt(&none));
        let text = format!("{}.{}.{sig}", enc("not json"), enc(r#"{"sub":"42"}"#));
        assert!(!jwt(&text));
        let unsigned = format!("{}.{}.", enc(r#"{"alg":"HS256"}"#), enc("{}"));
        assert!(!jwt(&unsigned));
    }

    #[test]
    fn aws_ids_of_access_keys_only() {
        assert!(aws_key_id("AKIAZ7Q3RTX2WP4LNM6B"));
        assert!(aws_key_id("ASIAQ2W3E4R5T6Y7U2IO"));
        assert!(!aws_key_id("AIDAZ7Q3RTX2WP4LNM6B"), "a user id");
        assert!(!aws_key_id("AKIAZ7Q3RTX2WP4LNM61"), "1 is not base32");
    }

    #[test]
    fn der_and_openssh_bodies() {
        assert!(private_key_body(
            "OPENSSH PRIVATE KEY",
            &[b"openssh-key-v1\0".as_slice(), &[0; 40]].concat()
        ));
        assert!(!private_key_body("OPENSSH PRIVATE KEY", b"hello world"));
        let mut der = vec![0x30, 0x81, 0x87];
        der.extend([0u8; 0x87]);
        assert!(private_key_body("PRIVATE KEY", &der));
        assert!(!private_key_body("PRIVATE KEY", &[0x41; 80]));
    }
}
