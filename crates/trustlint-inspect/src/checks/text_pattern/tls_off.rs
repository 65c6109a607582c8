//! `tls-off`: judges a switch that turns TLS verification off by what surrounds it.
//!
//! - Against a loopback host (`localhost`, `127.0.0.1`, `::1`, `0.0.0.0`), or in a container
//!   healthcheck (`HEALTHCHECK`, a compose `healthcheck:` test) against the container itself
//!   or a single-label service name, nothing crosses a network: dropped.
//! - Behind a setting (an `if` or `else` around it, or a conditional expression on its line,
//!   whose condition reads the environment, a config value or a flag): `gated`, a note with
//!   medium confidence that names the condition.
//! - Otherwise `direct`, with the rule's confidence.
//!
//! Only a few lines around the match are read: bounded work, whatever the file.

use trustlint_model::Confidence;

/// What the check makes of one match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Direct,
    /// Behind the condition shown.
    Gated(String),
}

impl Verdict {
    pub const VARIANTS: [&'static str; 2] = ["direct", "gated"];

    pub fn variant(&self) -> &'static str {
        match self {
            Verdict::Direct => "direct",
            Verdict::Gated(_) => "gated",
        }
    }

    pub fn confidence(&self) -> Option<Confidence> {
        matches!(self, Verdict::Gated(_)).then_some(Confidence::Medium)
    }
}

/// Lines read before and after the match for hosts.
const AROUND: usize = 3;
/// Lines read back for an enclosing condition.
const BACK: usize = 12;

/// Judges the match that starts at byte `at` of `text`; `None` drops it.
pub fn judge(text: &str, at: usize, matched: &str) -> Option<Verdict> {
    let lines: Vec<&str> = text.lines().collect();
    let line_no = text[..at].matches('\n').count();
    let line = *lines.get(line_no)?;
    if is_shell(matched) {
        let command = shell_command(&lines, line_no, at - line_start(text, at));
        let healthcheck = in_healthcheck(&lines, line_no);
        let hosts = hosts(&command);
        if !hosts.is_empty()
            && hosts
                .iter()
                .all(|h| is_loopback(h) || (healthcheck && is_local_name(h)))
        {
            return None;
        }
        if healthcheck && hosts.is_empty() {
            return None;
        }
    } else {
        let from = line_no.saturating_sub(AROUND);
        let to = (line_no + AROUND + 1).min(lines.len());
        let hosts: Vec<String> = lines[from..to].iter().flat_map(|l| hosts(l)).collect();
        if !hosts.is_empty() && hosts.iter().all(|h| is_loopback(h)) {
            return None;
        }
    }
    match cfg_attr(&lines, line_no) {
        Some(Cfg::Test) => return None,
        Some(Cfg::Setting(c)) => return Some(Verdict::Gated(c)),
        None => {}
    }
    if let Some(cond) = gate(&lines, line_no, line) {
        return Some(Verdict::Gated(cond));
    }
    Some(Verdict::Direct)
}

enum Cfg {
    /// Compiled only for tests (`#[cfg(test)]`, `#[cfg(feature = "test_mode")]`).
    Test,
    /// Compiled only with a build setting (`#[cfg(debug_assertions)]`, a feature).
    Setting(String),
}

/// A Rust `#[cfg(...)]` on the statement or item the line starts (the attribute lines right
/// above it): a build that leaves the switch out unless it is asked for.
fn cfg_attr(lines: &[&str], line_no: usize) -> Option<Cfg> {
    let mut i = line_no;
    while i > 0 {
        i -= 1;
        let t = lines[i].trim();
        if !t.starts_with("#[") {
            return None;
        }
        let Some(inner) = t.strip_prefix("#[cfg(").and_then(|r| r.strip_suffix(")]")) else {
            continue;
        };
        if inner.starts_with("not(") {
            return None;
        }
        let lower = inner.to_ascii_lowercase();
        return Some(if lower == "test" || lower.contains("\"test") {
            Cfg::Test
        } else {
            Cfg::Setting(format!("#[cfg({inner})]"))
        });
    }
    None
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn is_shell(matched: &str) -> bool {
    let m = matched.trim_start();
    m.starts_with("curl") || m.starts_with("wget")
}

/// The command from the match to its end: continuation lines followed, stopped at `|`, `;`,
/// `&&` or `||`.
fn shell_command(lines: &[&str], line_no: usize, column: usize) -> String {
    let mut out = String::new();
    let mut i = line_no;
    let mut rest = lines[i].get(column..).unwrap_or("");
    loop {
        let body = rest.trim_end();
        let (body, more) = match body.strip_suffix('\\') {
            Some(b) => (b, true),
            None => (body, false),
        };
        if let Some(end) = body.find(['|', ';', '&']) {
            out.push_str(&body[..end]);
            return out;
        }
        out.push_str(body);
        out.push(' ');
        i += 1;
        if !more || i >= lines.len() || i > line_no + 20 {
            return out;
        }
        rest = lines[i];
    }
}

/// A Dockerfile `HEALTHCHECK` or a compose `healthcheck:` test around the line.
fn in_healthcheck(lines: &[&str], line_no: usize) -> bool {
    let from = line_no.saturating_sub(4);
    lines[from..=line_no].iter().any(|l| {
        let t = l.trim_start();
        t.starts_with("HEALTHCHECK") || t.starts_with("healthcheck:")
    })
}

/// Hosts of the URLs in `s` (`scheme://host`), and of `host: "x"` / `hostname=x` values.
fn hosts(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("://") {
        let after = &rest[i + 3..];
        let host = if let Some(v6) = after.strip_prefix('[') {
            v6.split(']').next().unwrap_or("").to_string()
        } else {
            after
                .split(|c: char| {
                    matches!(
                        c,
                        ':' | '/' | '"' | '\'' | '`' | ' ' | '?' | '#' | ')' | ',' | '@'
                    )
                })
                .next()
                .unwrap_or("")
                .to_string()
        };
        out.push(host.to_ascii_lowercase());
        rest = after;
    }
    for key in ["host", "hostname"] {
        let mut rest = s;
        while let Some(i) = rest.find(key) {
            let after = rest[i + key.len()..].trim_start();
            if let Some(v) = after.strip_prefix([':', '=']) {
                let v = v.trim_start().trim_start_matches(['"', '\'']);
                let host: String = v
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
                    .collect();
                // A quoted literal only; `host: cfg.host` says nothing.
                if !host.is_empty()
                    && (s.contains(&format!("\"{host}")) || s.contains(&format!("'{host}")))
                {
                    out.push(host.to_ascii_lowercase());
                }
            }
            rest = &rest[i + key.len()..];
        }
    }
    out
}

fn is_loopback(host: &str) -> bool {
    let h = host.trim_matches(['[', ']']);
    h == "localhost"
        || h.ends_with(".localhost")
        || h.starts_with("127.")
        || h == "::1"
        || h == "0.0.0.0"
}

/// A variable (`$HOSTNAME`) or a single-label name (a compose service), inside a healthcheck.
fn is_local_name(host: &str) -> bool {
    host.is_empty() || host.starts_with('$') || !host.contains('.')
}

/// Words that say a condition reads a setting.
const SETTING_WORDS: &[&str] = &[
    "env", "config", "cfg", "conf", "setting", "option", "opts", "args", "flag", "insecure",
    "verify", "tls", "ssl", "skip", "disable", "allow", "debug", "local", "dev", "cert",
];

fn names_a_setting(cond: &str) -> bool {
    let lower = cond.to_ascii_lowercase();
    SETTING_WORDS.iter().any(|w| lower.contains(w))
}

/// The condition that guards the line, when it reads a setting.
fn gate(lines: &[&str], line_no: usize, line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    // `verify=False if settings.DEBUG else True`, `if cfg.insecure { ... }` on one line.
    if let Some(i) = lower
        .find(" if ")
        .or_else(|| lower.trim_start().starts_with("if ").then_some(0))
    {
        let cond = line[i..].trim();
        if names_a_setting(cond) {
            return Some(condition(cond));
        }
    }
    let mut indent = indent_of(line);
    let mut i = line_no;
    let from = line_no.saturating_sub(BACK);
    while i > from {
        i -= 1;
        let l = lines[i];
        let t = l.trim();
        if t.is_empty() || indent_of(l) >= indent {
            continue;
        }
        // Continuations of a condition: `{`, `) {`, `.is_ok_and(...)`, `&& b`.
        if t.starts_with(['{', '.', ')', '&', '|', '?']) {
            continue;
        }
        let t = t.trim_start_matches('}').trim_start();
        // `match self.accept_invalid_certs { true => { … } }`: the arm leads to its `match`.
        if let Some(m) = t.find("match ").filter(|_| t.ends_with('{')) {
            let cond = t[m..].trim_end_matches('{').trim();
            return names_a_setting(cond).then(|| condition(cond));
        }
        if t.contains("=>") {
            indent = indent_of(l);
            continue;
        }
        if t.starts_with("if") || t.starts_with("elif") || t.starts_with("else") {
            // The condition, from its `if` down to the block's opening.
            let end = (i + 1..line_no)
                .find(|&j| {
                    !lines[j]
                        .trim_start()
                        .starts_with(['{', '.', ')', '&', '|', '?'])
                })
                .unwrap_or(line_no);
            let cond = lines[i..end]
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join(" ");
            return names_a_setting(&cond).then(|| condition(&cond));
        }
        // An enclosing statement (`options.http = {`): its own guard counts; a function,
        // class or module boundary, or the top level, ends the search.
        let boundary = [
            "fn ", "pub ", "def ", "async ", "function", "class ", "impl", "mod ", "export ",
            "module ",
        ];
        if indent_of(l) == 0 || boundary.iter().any(|b| t.starts_with(b)) {
            return None;
        }
        indent = indent_of(l);
    }
    None
}

fn indent_of(l: &str) -> usize {
    l.len() - l.trim_start().len()
}

/// A condition as shown: from `if` to its block, at most 80 characters.
fn condition(s: &str) -> String {
    let s = s.trim().trim_start_matches('}').trim();
    let end = s.find(['{']).unwrap_or(s.len());
    let mut s = s[..end].trim();
    // `if a else b` (a conditional expression) and `if [ a ]; then`: the condition alone.
    for tail in [" else ", "; then"] {
        if let Some(i) = s.find(tail) {
            s = &s[..i];
        }
    }
    let s = s.trim().trim_end_matches(':').trim();
    let mut out: String = s.chars().take(80).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(text: &str, needle: &str) -> Option<Verdict> {
        let at = text.find(needle).unwrap();
        judge(text, at, needle)
    }

    #[test]
    fn loopback_targets_are_dropped_others_kept() {
        assert_eq!(
            verdict("curl -k https://localhost:8443/health\n", "curl -k"),
            None
        );
        assert_eq!(
            verdict(
                "curl --insecure https://127.0.0.1/ | jq .\n",
                "curl --insecure"
            ),
            None
        );
        assert_eq!(
            verdict(
                "wget --no-check-certificate https://[::1]/x\n",
                "wget --no-check-certificate"
            ),
            None
        );
        assert_eq!(
            verdict("curl -k https://0.0.0.0:9000 \\\n  -o out\n", "curl -k"),
            None
        );
        assert_eq!(
            verdict(
                "curl -k https://localhost/ && curl -k https://api.gc.ca/\n",
                "curl -k https://localhost"
            ),
            None
        );
        assert_eq!(
            verdict("curl -k https://api.service.gc.ca/v1\n", "curl -k"),
            Some(Verdict::Direct)
        );
        assert_eq!(
            verdict(
                "curl -k https://localhost.evil.ca/ https://api.gc.ca\n",
                "curl -k"
            ),
            Some(Verdict::Direct)
        );
        let py = "r = requests.get(\"https://localhost:8000/ping\", verify=False)\n";
        assert_eq!(verdict(py, "verify=False"), None);
        let py2 = "r = requests.get(\"https://api.gc.ca/ping\", verify=False)\n";
        assert_eq!(verdict(py2, "verify=False"), Some(Verdict::Direct));
        let js = "const agent = new https.Agent({\n  host: \"127.0.0.1\",\n  rejectUnauthorized: false,\n});\n";
        assert_eq!(verdict(js, "rejectUnauthorized: false"), None);
    }

    #[test]
    fn healthchecks_against_the_container_itself_are_dropped() {
        let df =
            "HEALTHCHECK --interval=30s CMD curl -fk https://$HOSTNAME:8443/health || exit 1\n";
        assert_eq!(verdict(df, "curl -fk"), None);
        let compose =
            "    healthcheck:\n      test: [\"CMD-SHELL\", \"curl -k https://web:8443/health\"]\n";
        assert_eq!(verdict(compose, "curl -k"), None);
        let far = "HEALTHCHECK CMD curl -k https://status.example.ca/\n";
        assert_eq!(verdict(far, "curl -k"), Some(Verdict::Direct));
    }

    #[test]
    fn a_switch_behind_a_setting_is_gated() {
        let rs = "        if std::env::var(\"TLS_INSECURE\")\n            .is_ok_and(|v| v == \"1\")\n        {\n            builder = builder.danger_accept_invalid_certs(true);\n        }\n";
        assert!(
            matches!(verdict(rs, "danger_accept_invalid_certs(true)"), Some(Verdict::Gated(c)) if c.starts_with("if std::env::var"))
        );
        let rs2 = "    if disable_tls_validation {\n        builder = builder.danger_accept_invalid_certs(true);\n    }\n";
        assert_eq!(
            verdict(rs2, "danger_accept_invalid_certs(true)"),
            Some(Verdict::Gated("if disable_tls_validation".into()))
        );
        let py = "session.verify = False if settings.SKIP_TLS else True\n";
        assert!(matches!(
            verdict(py, "verify = False"),
            Some(Verdict::Gated(_))
        ));
        let js = "if (process.env.AWS_LOCALSTACK) {\n  process.env.NODE_TLS_REJECT_UNAUTHORIZED = \"0\";\n}\n";
        assert!(matches!(
            verdict(js, "NODE_TLS_REJECT_UNAUTHORIZED = \"0"),
            Some(Verdict::Gated(_))
        ));
        let cfg = "    #[cfg(feature = \"test_mode\")]\n    let c = b.danger_accept_invalid_certs(true);\n";
        assert_eq!(verdict(cfg, "danger_accept_invalid_certs(true)"), None);
        let dev =
            "    #[cfg(debug_assertions)]\n    let c = b.danger_accept_invalid_certs(true);\n";
        assert_eq!(
            verdict(dev, "danger_accept_invalid_certs(true)"),
            Some(Verdict::Gated("#[cfg(debug_assertions)]".into()))
        );
        let not = "    #[cfg(not(feature = \"test_mode\"))]\n    let c = b.danger_accept_invalid_certs(true);\n";
        assert_eq!(
            verdict(not, "danger_accept_invalid_certs(true)"),
            Some(Verdict::Direct)
        );
        let sh = "if [ \"$INSECURE\" = 1 ]; then\n  curl -k https://api.gc.ca/\nfi\n";
        assert!(matches!(verdict(sh, "curl -k"), Some(Verdict::Gated(_))));
        let arm = "    let b = match self.accept_invalid_certs {\n        true => {\n            warn!(\"off\");\n            b.danger_accept_invalid_certs(true)\n        }\n        false => b,\n    };\n";
        assert_eq!(
            verdict(arm, "danger_accept_invalid_certs(true)"),
            Some(Verdict::Gated("match self.accept_invalid_certs".into()))
        );
    }

    #[test]
    fn conditions_that_read_no_setting_and_plain_blocks_stay_direct() {
        let rs = "fn client() -> Client {\n    Client::builder().danger_accept_invalid_certs(true).build()\n}\n";
        assert_eq!(
            verdict(rs, "danger_accept_invalid_certs(true)"),
            Some(Verdict::Direct)
        );
        let py = "if response.status_code == 200:\n    requests.get(url, verify=False)\n";
        assert_eq!(verdict(py, "verify=False"), Some(Verdict::Direct));
        let nested = "def f():\n    opts = {\n        \"verify\": False,\n    }\n";
        assert_eq!(verdict(nested, "False"), Some(Verdict::Direct));
        // A `match` on something that is not a setting gates nothing.
        let arm = "    let b = match region {\n        Region::Ca => {\n            b.danger_accept_invalid_certs(true)\n        }\n        _ => b,\n    };\n";
        assert_eq!(
            verdict(arm, "danger_accept_invalid_certs(true)"),
            Some(Verdict::Direct)
        );
    }

    #[test]
    fn a_guard_around_the_enclosing_statement_counts() {
        let js = "if (useLocalstack) {\n  options.httpOptions = {\n    agent: new https.Agent({ rejectUnauthorized: false }),\n  };\n}\n";
        assert_eq!(
            verdict(js, "rejectUnauthorized: false"),
            Some(Verdict::Gated("if (useLocalstack)".into()))
        );
    }
}
