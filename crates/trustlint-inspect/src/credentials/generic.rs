//! Generic secrets, judged by the value: a credential-named key given a literal in matching
//! quotes (or, in env, ini and YAML files, an unquoted value), and passwords in connection
//! strings. Never in comments, prose files or minified lines; never a placeholder, a name, an
//! identifier, a path, a label or an expression.

use super::judge::{self, Strength};
use super::{Candidate, Kind, Scan};
use crate::formats::syntax::Syntax;
use regex::Regex;
use std::sync::LazyLock;
use trustlint_model::Confidence;

/// `key <sep> "value"` in one of three quotes, each branch closing with its own quote.
static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r##"(?P<key>[A-Za-z_$@][A-Za-z0-9_.$@-]{0,80})["'\]]?[ \t]*(?::[ \t]*[A-Za-z_][A-Za-z0-9_\[\].|]*[ \t]*)?(?P<sep>:=|=>|->|=|:)[ \t]*(?:[rbuRBU]{1,2})?(?:"(?P<dq>[^"\\\n]*(?:\\.[^"\\\n]*)*)"|'(?P<sq>[^'\\\n]*(?:\\.[^'\\\n]*)*)'|`(?P<bq>[^`\\\n]*)`)"##,
    )
    .expect("valid regex")
});

/// `KEY=value`, `key: value` with nothing quoted, in files where that is how values are written.
static UNQUOTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r##"^[ \t]*(?:export[ \t]+|ENV[ \t]+|ARG[ \t]+|set[ \t]+|-[ \t]+|Environment=)?(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?P<sep>=|:=|\?=|:)[ \t]*(?P<val>[^\s'"#`|>&*!\[{%$][^\s#]*)[ \t]*(?:[#;].*)?\r?$"##,
    )
    .expect("valid regex")
});

static CONNECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r##"(?-u:\b)(?P<scheme>[a-z][a-z0-9+.-]{1,20})://(?P<user>[A-Za-z0-9._%~-]{0,64}):(?P<secret>[^\s:@/'"`$<>{}\[\]\\]{3,128})@(?P<host>\[[0-9a-fA-F:]+\]|[A-Za-z0-9._-]+)"##,
    )
    .expect("valid regex")
});

/// Files whose values may be written without quotes.
pub(crate) fn unquoted_values(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    name.starts_with(".env")
        || name.starts_with("dockerfile")
        || name == "makefile"
        || name == "procfile"
        || name == ".npmrc"
        || name == ".pypirc"
        || name == ".envrc"
        || matches!(
            ext,
            "env"
                | "ini"
                | "cfg"
                | "conf"
                | "properties"
                | "yml"
                | "yaml"
                | "mk"
                | "sh"
                | "bash"
                | "service"
        )
}

/// Files of prose or documentation, where `password: …` is an explanation, not a value.
fn prose(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        ".md",
        ".markdown",
        ".txt",
        ".rst",
        ".adoc",
        ".log",
        ".html",
        ".htm",
        ".csv",
        ".po",
        ".pot",
        ".svg",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
}

pub(crate) fn assignment<'c>(
    scan: &Scan<'_, 'c>,
    kind: &'c Kind,
    line: usize,
    out: &mut Vec<Candidate<'c>>,
) {
    if prose(scan.path) {
        return;
    }
    let range = scan.line(line);
    let text = &scan.text[range.clone()];
    // Minified bundles: one line of a whole program, where `secret:` is a form label.
    if text.len() > 1000 {
        return;
    }
    let mut push = |key: &str, value: std::ops::Range<usize>, span: std::ops::Range<usize>| {
        let v = &scan.text[value.clone()];
        let Some(strength) = judge::credential_key(key) else {
            return;
        };
        // Each generic kind owns the keys that hold one of its keywords.
        let lower = key.to_ascii_lowercase();
        if !kind
            .keywords
            .iter()
            .any(|k| lower.contains(&k.to_ascii_lowercase()))
        {
            return;
        }
        if judge::not_a_secret(v).is_some() || judge::entropy(v) < kind.min_entropy {
            return;
        }
        if scan.in_comment(span.start) || in_python_test(scan, span.start) {
            return;
        }
        let confidence = if strength == Strength::Strong && judge::high_entropy(v) {
            Confidence::High
        } else {
            Confidence::Medium
        };
        out.push(scan.candidate(kind, span, value, confidence));
    };
    for caps in QUOTED.captures_iter(text) {
        let key = caps.name("key").expect("key");
        let value = caps
            .name("dq")
            .or_else(|| caps.name("sq"))
            .or_else(|| caps.name("bq"))
            .expect("one quote");
        let whole = caps.get(0).expect("group 0");
        if expression_follows(&text[whole.end()..]) {
            continue;
        }
        push(
            key.as_str(),
            range.start + value.start()..range.start + value.end(),
            range.start + key.start()..range.start + whole.end(),
        );
    }
    if unquoted_values(scan.path) && !scan.kube_secret() {
        if let Some(caps) = UNQUOTED.captures(text) {
            let key = caps.name("key").expect("key");
            let val = caps.name("val").expect("val");
            let v = val.as_str();
            // YAML and shell syntax that is not a value: references, tags, calls.
            if !v.contains("$(") && !v.contains('(') && !v.starts_with("!") {
                push(
                    key.as_str(),
                    range.start + val.start()..range.start + val.end(),
                    range.start + key.start()..range.start + val.end(),
                );
            }
        }
    }
}

/// `"abc" + x`, `"%s" % x`, `"{}".format(x)`: the literal is part of an expression.
fn expression_follows(rest: &str) -> bool {
    let r = rest.trim_start();
    r.starts_with('+')
        || r.starts_with('%')
        || r.starts_with('*')
        || [".format(", ".join(", ".replace(", ".concat("]
            .iter()
            .any(|p| r.starts_with(p))
}

/// Inside test code by its own structure: a Python `def test_…` function, a pytest fixture, a
/// test-case class; a JavaScript `describe`/`it`/`test`/`beforeEach` callback.
pub(crate) fn in_python_test(scan: &Scan<'_, '_>, offset: usize) -> bool {
    let js = scan.syntax == Syntax::CLike
        && [".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs"]
            .iter()
            .any(|e| scan.path.ends_with(e));
    if scan.syntax != Syntax::Python && !js {
        return false;
    }
    enclosing(scan, offset).iter().any(|s| {
        if js {
            return [
                "describe(",
                "it(",
                "test(",
                "beforeEach(",
                "beforeAll(",
                "afterEach(",
                "context(",
            ]
            .iter()
            .any(|p| s.starts_with(p));
        }
        let s = s.strip_prefix("async ").unwrap_or(s);
        if let Some(def) = s.strip_prefix("def ") {
            return def.starts_with("test") || def.starts_with("setUp");
        }
        s.strip_prefix("class ").is_some_and(|c| {
            let head = c.split(':').next().unwrap_or(c);
            head.starts_with("Test") || head.contains("Test(") || head.contains("TestCase")
        })
    })
}

/// Python classes named for development or tests (`class Development(Config)`), whose settings
/// never run in production.
pub(crate) fn in_dev_or_test_class(scan: &Scan<'_, '_>, offset: usize) -> bool {
    scan.syntax == Syntax::Python
        && enclosing(scan, offset).iter().any(|s| {
            s.strip_prefix("class ").is_some_and(|c| {
                ["Test", "Dev", "Local", "Testing"]
                    .iter()
                    .any(|p| c.starts_with(p))
            })
        })
}

/// The lines that open the blocks around `offset`, innermost first, trimmed: each is the
/// nearest line above with less indentation (closing brackets of a signature skipped).
fn enclosing<'t>(scan: &Scan<'t, '_>, offset: usize) -> Vec<&'t str> {
    let text = scan.text;
    let line = scan.line(offset);
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut level = indent(&text[line.clone()]);
    let mut end = line.start;
    let mut out = Vec::new();
    while end > 0 && level > 0 && out.len() < 12 {
        let l = scan.line(end - 1);
        let t = &text[l.clone()];
        end = l.start;
        let s = t.trim_start();
        if s.is_empty()
            || indent(t) >= level
            || s.starts_with([')', ']', '}'])
            || s.starts_with('#')
            || s.starts_with("//")
        {
            continue;
        }
        level = indent(t);
        out.push(s);
    }
    out
}

pub(crate) fn connection_string<'c>(
    scan: &Scan<'_, 'c>,
    kind: &'c Kind,
    line: usize,
    out: &mut Vec<Candidate<'c>>,
) {
    let range = scan.line(line);
    let text = &scan.text[range.clone()];
    if text.len() > 1000 {
        return;
    }
    for caps in CONNECTION.captures_iter(text) {
        let user = caps.name("user").map_or("", |m| m.as_str());
        let secret = caps.name("secret").expect("secret");
        let host = caps.name("host").expect("host").as_str();
        let pass = secret.as_str();
        let lower_host = host.to_ascii_lowercase();
        if judge::placeholder(pass).is_some()
            || judge::templated(pass)
            || pass.len() < 6
            || judge::entropy(pass) < kind.min_entropy
            || ["password", "passwd", "secret", "pass"]
                .iter()
                .any(|w| pass.to_ascii_lowercase().contains(w))
            || (judge::default_password(user, pass) && judge::local_host(host))
            || lower_host.contains("example")
            || matches!(
                lower_host.as_str(),
                "host" | "hostname" | "server" | "domain"
            )
            || lower_host.starts_with("your")
        {
            continue;
        }
        let whole = caps.get(0).expect("group 0");
        let at = range.start + whole.start();
        if scan.in_comment(at) || prose(scan.path) {
            continue;
        }
        let confidence = if judge::high_entropy(pass) && !judge::local_host(host) {
            Confidence::High
        } else {
            Confidence::Medium
        };
        out.push(scan.candidate(
            kind,
            at..range.start + whole.end(),
            range.start + secret.start()..range.start + secret.end(),
            confidence,
        ));
    }
}
