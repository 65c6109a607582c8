//! Credentials whose format is a structure rather than a token: private key blocks, Google
//! service-account files, Kubernetes `Secret` manifests, Docker and npm registry auth, `.netrc`,
//! NuGet, `curl -u` and `Authorization:` headers. Encoded values are decoded and judged; a
//! decoded value in a provider's live format is reported as that kind.

use super::judge;
use super::validate::{decode_any, private_key_body};
use super::{accept_value, find_in, generic, Builtin, Candidate, Kind, Scan};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;
use trustlint_model::Confidence;

fn re(p: &str) -> Regex {
    Regex::new(p).expect("valid regex")
}

static NPMRC: LazyLock<Regex> = LazyLock::new(|| {
    re(r##"(?P<key>_authToken|_auth|_password)[ \t]*=[ \t]*"?(?P<secret>[^\s"]+)"?"##)
});
static DOCKER_AUTH: LazyLock<Regex> =
    LazyLock::new(|| re(r##""auth"[ \t]*:[ \t]*"(?P<secret>[A-Za-z0-9+/=]{8,})""##));
static NETRC: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r##"(?-u:\b)machine\s+(?P<host>[^\s"']+)\s+(?:login\s+(?P<user>[^\s"']+)\s+)?password\s+(?P<secret>[^\s"']+)"##,
    )
});
static NUGET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r##"ClearTextPassword"[ \t]+value[ \t]*=[ \t]*"(?P<secret>[^"]+)"|<ClearTextPassword>(?P<el>[^<]+)</ClearTextPassword>"##,
    )
});
static CURL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r##"(?-u:\b)curl(?-u:\b)[^\n]*?[ \t](?:-u|--user)(?:[ \t]+|=)["']?(?P<user>[^:\s"'$]+):(?P<secret>[^\s"'@]+)"##,
    )
});
static AUTHORIZATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r##"(?i)authorization["']?[ \t]*[:=][ \t]*["']?(?P<scheme>basic|bearer|token)[ \t]+(?P<secret>[A-Za-z0-9._~+/=-]{12,})"##,
    )
});
static SERVICE_ACCOUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r##""private_key"[ \t]*:[ \t]*"(?P<secret>-----BEGIN PRIVATE KEY-----(?:\\n|\\r|[A-Za-z0-9+/=])+-----END PRIVATE KEY-----(?:\\n)?)""##,
    )
});

pub(crate) fn detect<'c>(
    scan: &Scan<'_, 'c>,
    kind: &'c Kind,
    builtin: Builtin,
    line: usize,
    out: &mut Vec<Candidate<'c>>,
) {
    match builtin {
        Builtin::Assignment => generic::assignment(scan, kind, line, out),
        Builtin::ConnectionString => generic::connection_string(scan, kind, line, out),
        Builtin::PrivateKey => private_key(scan, kind, line, out),
        Builtin::GoogleServiceAccount => service_account(scan, kind, line, out),
        Builtin::KubernetesSecret => kubernetes_secret(scan, kind, line, out),
        Builtin::DockerAuth => on_line(scan, kind, line, &DOCKER_AUTH, out, |v| {
            decode_any(v).and_then(|b| user_password(&b)).is_some()
        }),
        Builtin::Npmrc => npmrc(scan, kind, line, out),
        Builtin::Netrc => netrc(scan, kind, line, out),
        Builtin::Nuget => on_line(scan, kind, line, &NUGET, out, |v| password(v, 2.5)),
        Builtin::CurlUser => on_line(scan, kind, line, &CURL, out, |v| password(v, 2.5)),
        Builtin::AuthorizationHeader => authorization(scan, kind, line, out),
    }
}

/// A password worth reporting: not a stand-in, a variable, a word, or too plain.
fn password(v: &str, floor: f64) -> bool {
    v.len() >= 6
        && judge::placeholder(v).is_none()
        && !v.starts_with('$')
        && !v.starts_with('%')
        && !["password", "passwd", "secret", "token", "pass"]
            .iter()
            .any(|w| v.to_ascii_lowercase().contains(w))
        && judge::identifier(v).is_none()
        && judge::entropy(v) >= floor
}

/// Base64 of `user:password` with a real-looking password.
fn user_password(decoded: &[u8]) -> Option<()> {
    let s = std::str::from_utf8(decoded).ok()?;
    let (user, pass) = s.split_once(':')?;
    (!user.is_empty() && password(pass, 2.5)).then_some(())
}

/// Runs `regex` on the line, keeping the matches whose `secret` (or first other group) passes.
fn on_line<'c>(
    scan: &Scan<'_, 'c>,
    kind: &'c Kind,
    line: usize,
    regex: &Regex,
    out: &mut Vec<Candidate<'c>>,
    keep: impl Fn(&str) -> bool,
) {
    let range = scan.line(line);
    let text = &scan.text[range.clone()];
    for caps in regex.captures_iter(text) {
        let Some(secret) = caps
            .name("secret")
            .or_else(|| caps.iter().skip(1).flatten().last())
        else {
            continue;
        };
        if !keep(secret.as_str()) {
            continue;
        }
        let whole = caps.get(0).expect("group 0");
        out.push(scan.candidate(
            kind,
            range.start + whole.start()..range.start + whole.end(),
            range.start + secret.start()..range.start + secret.end(),
            Confidence::Medium,
        ));
    }
}

fn npmrc<'c>(scan: &Scan<'_, 'c>, kind: &'c Kind, line: usize, out: &mut Vec<Candidate<'c>>) {
    let range = scan.line(line);
    for caps in NPMRC.captures_iter(&scan.text[range.clone()]) {
        let key = &caps["key"];
        let secret = caps.name("secret").expect("secret");
        let v = secret.as_str();
        let ok = match key {
            "_auth" => decode_any(v).and_then(|b| user_password(&b)).is_some(),
            "_password" => decode_any(v)
                .and_then(|b| String::from_utf8(b).ok())
                .is_some_and(|p| password(&p, 2.5)),
            _ => password(v, 3.0) && judge::not_a_secret(v).is_none(),
        };
        if ok {
            out.push(scan.candidate(
                kind,
                range.start + caps.get(0).expect("group 0").start()..range.start + secret.end(),
                range.start + secret.start()..range.start + secret.end(),
                Confidence::Medium,
            ));
        }
    }
}

fn netrc<'c>(scan: &Scan<'_, 'c>, kind: &'c Kind, line: usize, out: &mut Vec<Candidate<'c>>) {
    // A `.netrc` entry may spread over three lines.
    let end = (line + 600).min(scan.text.len());
    let end = (end..=scan.text.len())
        .find(|&i| scan.text.is_char_boundary(i))
        .unwrap_or(scan.text.len());
    let window = &scan.text[line..end];
    if let Some(caps) = NETRC.captures(window) {
        let secret = caps.name("secret").expect("secret");
        let whole = caps.get(0).expect("group 0");
        if whole.start() <= scan.line(line).len()
            && password(secret.as_str(), 2.5)
            && !caps["host"].contains("example")
        {
            out.push(scan.candidate(
                kind,
                line + whole.start()..line + whole.end(),
                line + secret.start()..line + secret.end(),
                Confidence::Medium,
            ));
        }
    }
}

fn authorization<'c>(
    scan: &Scan<'_, 'c>,
    kind: &'c Kind,
    line: usize,
    out: &mut Vec<Candidate<'c>>,
) {
    let range = scan.line(line);
    for caps in AUTHORIZATION.captures_iter(&scan.text[range.clone()]) {
        let secret = caps.name("secret").expect("secret");
        let v = secret.as_str();
        let ok = if caps["scheme"].eq_ignore_ascii_case("basic") {
            decode_any(v).and_then(|b| user_password(&b)).is_some()
        } else {
            v.len() >= 16 && judge::not_a_secret(v).is_none() && judge::entropy(v) >= 3.5
        };
        if ok && !scan.in_comment(range.start + secret.start()) {
            out.push(scan.candidate(
                kind,
                range.start + caps.get(0).expect("group 0").start()..range.start + secret.end(),
                range.start + secret.start()..range.start + secret.end(),
                Confidence::Medium,
            ));
        }
    }
}

/// The bytes of a PEM body: base64 characters up to the END line, through quotes, `\n`
/// escapes and string concatenation as code writes them.
fn pem_body(text: &str, from: usize) -> (Range<usize>, String) {
    let mut body = String::new();
    let mut end = from;
    let rest = &text[from..];
    let stop = rest.find("-----END").unwrap_or(rest.len().min(16 << 10));
    let block = &rest[..stop];
    for (i, l) in block.split_inclusive('\n').scan(0usize, |o, l| {
        let at = *o;
        *o += l.len();
        Some((at, l))
    }) {
        let plain = l.replace("\\n", "\n").replace("\\r", "");
        for piece in plain.split('\n') {
            let t = piece
                .trim()
                .trim_matches(|c| c == '"' || c == '\'' || c == '+' || c == ',');
            if t.contains(": ") || t.is_empty() {
                continue; // Proc-Type:, DEK-Info:, Version:, Comment: headers, blank lines.
            }
            let run: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            if run
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/' || c == b'=')
            {
                body.push_str(&run);
            }
        }
        end = from + i + l.len();
    }
    (from..end.min(from + stop).max(from), body)
}

fn private_key<'c>(scan: &Scan<'_, 'c>, kind: &'c Kind, line: usize, out: &mut Vec<Candidate<'c>>) {
    let label = kind.label.as_deref().expect("checked at load");
    let text = scan.text;
    let range = scan.line(line);
    let header = format!("-----BEGIN {label}-----");
    let Some(i) = text[range.clone()].find(&header) else {
        return;
    };
    let start = range.start + i;
    let (body_range, mut body) = pem_body(text, start + header.len());
    if label == "PGP PRIVATE KEY BLOCK" {
        // Armour: the checksum line `=abcd` is not part of the data.
        if let Some(p) = body.rfind('=') {
            if body.len() - p == 5 {
                body.truncate(p);
            }
        }
    }
    let usable = body.len() / 4 * 4;
    let Some(der) = decode_any(&body[..usable]) else {
        return;
    };
    if body.len() < 40 || !private_key_body(label, &der) {
        return;
    }
    let encrypted = text[start..body_range.end].contains("ENCRYPTED");
    // The secret starts at the body's first character, past line ends and `\n` escapes.
    let after = start + header.len();
    let first = text[after..body_range.end]
        .find(|c: char| c.is_ascii_alphanumeric() && c != 'n')
        .map_or(after, |i| after + i);
    out.push(scan.candidate(
        kind,
        start..body_range.end,
        first..body_range.end,
        if encrypted {
            Confidence::Medium
        } else {
            Confidence::High
        },
    ));
}

fn service_account<'c>(
    scan: &Scan<'_, 'c>,
    kind: &'c Kind,
    line: usize,
    out: &mut Vec<Candidate<'c>>,
) {
    let range = scan.line(line);
    let text = scan.text;
    for caps in SERVICE_ACCOUNT.captures_iter(&text[range.clone()]) {
        let secret = caps.name("secret").expect("secret");
        let lo = range.start.saturating_sub(4096);
        let hi = (range.end + 4096).min(text.len());
        let (lo, hi) = (
            (0..=lo)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0),
            (hi..=text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(text.len()),
        );
        let around = &text[lo..hi];
        if !(around.contains("\"service_account\"") && around.contains("\"client_email\"")) {
            continue;
        }
        let pem = secret.as_str().replace("\\n", "\n");
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        if decode_any(&body).is_none_or(|der| !private_key_body("PRIVATE KEY", &der)) {
            continue;
        }
        out.push(scan.candidate(
            kind,
            range.start + caps.get(0).expect("group 0").start()..range.start + secret.end(),
            range.start + secret.start()..range.start + secret.end(),
            Confidence::High,
        ));
    }
}

/// A YAML document of `kind: Secret`: each value under `data:` (base64) and `stringData:`.
fn kubernetes_secret<'c>(
    scan: &Scan<'_, 'c>,
    kind: &'c Kind,
    line: usize,
    out: &mut Vec<Candidate<'c>>,
) {
    let text = scan.text;
    let lower = scan.path.to_ascii_lowercase();
    if !(lower.ends_with(".yaml") || lower.ends_with(".yml")) {
        return;
    }
    if text[scan.line(line)].trim() != "kind: Secret" {
        return;
    }
    // The document around the `kind:` line.
    let doc_start = text[..line].rfind("\n---").map_or(0, |i| i + 1);
    let doc_end = text[line..].find("\n---").map_or(text.len(), |i| line + i);
    let mut section: Option<(bool, usize)> = None; // (base64, indentation of the section key)
    let mut offset = doc_start;
    for l in text[doc_start..doc_end].split_inclusive('\n') {
        let at = offset;
        offset += l.len();
        let body = l.trim_end();
        let indent = body.len() - body.trim_start().len();
        let t = body.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some((_, level)) = section {
            if indent <= level {
                section = None;
            }
        }
        if t == "data:" || t == "stringData:" {
            section = Some((t == "data:", indent));
            continue;
        }
        let Some((b64, _)) = section else {
            continue;
        };
        let Some((key, value)) = t.split_once(':') else {
            continue;
        };
        let raw = value.trim().trim_matches(|c| c == '"' || c == '\'');
        if raw.is_empty() || raw.starts_with('|') || raw.starts_with('>') {
            continue;
        }
        let vstart = at + indent + key.len() + 1 + (value.len() - value.trim_start().len());
        let vstart = vstart + usize::from(value.trim_start().starts_with(['"', '\'']));
        let secret = vstart..vstart + raw.len();
        let decoded = if b64 {
            match decode_any(raw).and_then(|b| String::from_utf8(b).ok()) {
                Some(d) => d,
                None => continue,
            }
        } else {
            raw.to_string()
        };
        let how = if b64 {
            "base64 in a Kubernetes Secret"
        } else {
            "in a Kubernetes Secret"
        };
        // A decoded value in a provider's format is reported as that kind.
        if !scan.nested {
            let mut inner = Scan::new(scan.cat, "decoded.txt", &decoded);
            inner.nested = true;
            let found = find_in(&inner);
            if let Some(c) = found.iter().find(|c| c.live_format).or(found.first()) {
                out.push(Candidate {
                    span: secret.clone(),
                    secret,
                    how: Some(how),
                    ..c.clone()
                });
                continue;
            }
        }
        let named = judge::credential_key(key).is_some();
        let plain =
            judge::not_a_secret(&decoded).is_none() && judge::entropy(&decoded) >= kind.min_entropy;
        if (named || judge::high_entropy(&decoded)) && plain && accept_value(kind, &decoded) {
            out.push(Candidate {
                how: Some(how),
                ..scan.candidate(kind, at + indent..secret.end, secret, Confidence::Medium)
            });
        }
    }
}
