//! Hard-coded fallbacks: code that reads a secret from the environment and, when the variable
//! is unset, goes on with a literal (`os.getenv("JWT_SECRET", "dev")`,
//! `process.env.SESSION_SECRET || "keyboard cat"`, `env::var("KEY").unwrap_or_default()`), and
//! signing keys that are constants (`Key::from(&[0; 64])`). Here the literal's entropy does not
//! matter: a deployment that forgets the variable runs with a key anyone can read.
//!
//! Careful text recognisers for now (a syntax-tree layer for Python and JavaScript will replace
//! them): comments are told apart through [`crate::formats::syntax`]; a literal must sit in matching
//! quotes; the variable or field must name a secret.

use super::judge::secret_variable;
use crate::formats::syntax::{comment_ranges, Syntax};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// One fallback to a literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    /// The expression, for the location.
    pub span: Range<usize>,
    /// The literal's bytes (empty for `unwrap_or_default()`), never shown in full.
    pub literal: Range<usize>,
    /// The environment variable or settings field, or the constructor of a constant key.
    pub variable: String,
    /// What falls back: `os.getenv default`, `|| literal`, `unwrap_or_default`, ...
    pub how: &'static str,
}

/// A literal in matching quotes; the groups name which quote.
const PY_LIT: &str =
    r##"(?:"(?P<dq>[^"\\\n]*(?:\\.[^"\\\n]*)*)"|'(?P<sq>[^'\\\n]*(?:\\.[^'\\\n]*)*)')"##;
const JS_LIT: &str = r##"(?:"(?P<dq>[^"\\\n]*(?:\\.[^"\\\n]*)*)"|'(?P<sq>[^'\\\n]*(?:\\.[^'\\\n]*)*)'|`(?P<bq>[^`\\\n$]*)`)"##;

fn re(p: String) -> Regex {
    Regex::new(&p).expect("valid regex")
}

static PY_GETENV: LazyLock<Regex> = LazyLock::new(|| {
    re(format!(
        r##"(?-u:\b)(?:os\.getenv|os\.environ\.get|environ\.get|getenv)\(\s*["'](?P<var>[A-Za-z0-9_.-]+)["']\s*,\s*(?:default\s*=\s*)?{PY_LIT}\s*\)"##
    ))
});
static PY_GETENV_OR: LazyLock<Regex> = LazyLock::new(|| {
    re(format!(
        r##"(?-u:\b)(?:os\.getenv|os\.environ\.get|environ\.get|getenv)\(\s*["'](?P<var>[A-Za-z0-9_.-]+)["']\s*\)\s+or\s+{PY_LIT}"##
    ))
});
static PY_CONFIG: LazyLock<Regex> = LazyLock::new(|| {
    re(format!(
        r##"(?-u:\b)(?:config|env(?:\.str)?)\(\s*["'](?P<var>[A-Za-z0-9_.-]+)["']\s*,\s*default\s*=\s*{PY_LIT}"##
    ))
});
static DJANGO_SECRET_KEY: LazyLock<Regex> =
    LazyLock::new(|| re(format!(r##"(?m)^(?P<var>SECRET_KEY)\s*=\s*{PY_LIT}"##)));
static PY_SETTINGS_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    re(r##"(?m)^(?P<indent>[ \t]*)class\s+\w+\s*\([^)]*BaseSettings[^)]*\)\s*:"##.into())
});
static PY_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    re(format!(
        r##"^[ \t]+(?P<var>[A-Za-z_]\w*)\s*:\s*[^=\n]+?=\s*(?:Field\(\s*(?:default\s*=\s*)?)?{PY_LIT}"##
    ))
});
static JS_ENV_OR: LazyLock<Regex> = LazyLock::new(|| {
    re(format!(
        r##"(?:process\.env|import\.meta\.env)(?:\.(?P<var>[A-Za-z_$][A-Za-z0-9_$]*)|\[\s*["'](?P<var2>[^"'\]]+)["']\s*\])\s*(?:\|\||\?\?)\s*{JS_LIT}"##
    ))
});
static JS_DESTRUCTURE: LazyLock<Regex> = LazyLock::new(|| {
    re(r##"(?:const|let|var)\s*\{(?P<body>[^}]*)\}\s*=\s*process\.env(?-u:\b)"##.into())
});
static JS_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    re(format!(
        r##"(?P<var>[A-Za-z_$][A-Za-z0-9_$]*)\s*=\s*{JS_LIT}"##
    ))
});
static JS_PARAM: LazyLock<Regex> = LazyLock::new(|| {
    re(format!(
        r##"[(,]\s*(?P<var>[A-Za-z_$][A-Za-z0-9_$]*)\s*(?::\s*[A-Za-z_][\w<>\[\]|]*\s*)?=\s*{JS_LIT}\s*[,)]"##
    ))
});
static RUST_ENV: LazyLock<Regex> = LazyLock::new(|| {
    re(r##"(?:(?:std::)?env::var|dotenvy?::var)\(\s*"(?P<var>[^"]+)"\s*\)(?:\s*\.\s*(?:ok|as_deref|map_err\([^()]*\))\(?\)?)*\s*\.\s*(?P<how>unwrap_or_default\(\)|unwrap_or(?:_else)?\(\s*(?:\|[^|]*\|\s*)?(?:String::from\(\s*)?"(?P<lit>[^"\\]*)")"##.into())
});
static RUST_OPTION_ENV: LazyLock<Regex> = LazyLock::new(|| {
    re(r##"option_env!\(\s*"(?P<var>[^"]+)"\s*\)\s*\.\s*unwrap_or\(\s*"(?P<lit>[^"\\]*)""##.into())
});
static RUST_CONST_KEY: LazyLock<Regex> = LazyLock::new(|| {
    re(r##"(?P<var>Key::(?:from|derive_from|try_from)|(?:Encoding|Decoding)Key::from_secret|Hmac::<\w+>::new_from_slice)\(\s*(?:&\s*\[\s*(?P<byte>0x[0-9a-fA-F]+|\d+)(?:u8)?\s*;\s*\d+\s*\]|b"(?P<lit>[^"\\]*)"|"(?P<lit2>[^"\\]*)"\s*\.\s*as_(?:bytes|ref)\(\))"##.into())
});

/// Every fallback to a literal in `text`, a file at `path`, in order of position.
pub fn fallbacks(path: &str, text: &str) -> Vec<Fallback> {
    let syntax = Syntax::from_path(path);
    let lower = path.to_ascii_lowercase();
    let mut out = Vec::new();
    match syntax {
        Syntax::Python => {
            for caps in PY_GETENV.captures_iter(text) {
                add(&mut out, &caps, &caps["var"], "environment default", false);
            }
            for caps in PY_GETENV_OR.captures_iter(text) {
                add(&mut out, &caps, &caps["var"], "`or` literal", false);
            }
            for caps in PY_CONFIG.captures_iter(text) {
                add(&mut out, &caps, &caps["var"], "settings default", false);
            }
            let django = (lower.ends_with("settings.py") || lower.contains("/settings/"))
                && (text.contains("INSTALLED_APPS") || text.contains("django"));
            if django {
                for caps in DJANGO_SECRET_KEY.captures_iter(text) {
                    add(&mut out, &caps, "SECRET_KEY", "Django setting", true);
                }
            }
            for class in PY_SETTINGS_CLASS.captures_iter(text) {
                let indent = class["indent"].len();
                let end = class.get(0).expect("group 0").end();
                let mut at = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
                for line in text[at..].split_inclusive('\n') {
                    at += line.len();
                    let t = line.trim_start();
                    if !t.trim().is_empty() && line.len() - t.len() <= indent && !t.starts_with('#')
                    {
                        break;
                    }
                    let start = at - line.len();
                    if let Some(caps) = PY_FIELD.captures(line) {
                        let var = caps["var"].to_string();
                        let shift = |r: Range<usize>| start + r.start..start + r.end;
                        let whole = caps.get(0).expect("group 0").range();
                        let lit = quoted(&caps).expect("a literal").range();
                        if !lit.is_empty() && secret_variable(&var) {
                            out.push(Fallback {
                                span: shift(whole),
                                literal: shift(lit),
                                variable: var,
                                how: "settings field default",
                            });
                        }
                    }
                }
            }
        }
        Syntax::CLike if is_js(&lower) => {
            for caps in JS_ENV_OR.captures_iter(text) {
                let var = caps
                    .name("var")
                    .or_else(|| caps.name("var2"))
                    .expect("a var");
                add(&mut out, &caps, var.as_str(), "`||`/`??` literal", false);
            }
            for d in JS_DESTRUCTURE.captures_iter(text) {
                let body = d.name("body").expect("body");
                for caps in JS_DEFAULT.captures_iter(body.as_str()) {
                    let var = caps["var"].to_string();
                    let lit = quoted(&caps).expect("a literal").range();
                    if !lit.is_empty() && secret_variable(&var) {
                        let whole = caps.get(0).expect("group 0").range();
                        out.push(Fallback {
                            span: body.start() + whole.start..body.start() + whole.end,
                            literal: body.start() + lit.start..body.start() + lit.end,
                            variable: var,
                            how: "default in `process.env` destructuring",
                        });
                    }
                }
            }
            for caps in JS_PARAM.captures_iter(text) {
                add(&mut out, &caps, &caps["var"], "default parameter", false);
            }
        }
        Syntax::Rust => {
            for caps in RUST_ENV.captures_iter(text) {
                let how = if caps["how"].starts_with("unwrap_or_default") {
                    "unwrap_or_default()"
                } else {
                    "unwrap_or literal"
                };
                add(&mut out, &caps, &caps["var"], how, false);
            }
            for caps in RUST_OPTION_ENV.captures_iter(text) {
                add(&mut out, &caps, &caps["var"], "unwrap_or literal", false);
            }
            for caps in RUST_CONST_KEY.captures_iter(text) {
                add(&mut out, &caps, &caps["var"], "constant key", true);
            }
        }
        _ => {}
    }
    if out.is_empty() {
        return out;
    }
    // Rust test code by the conventions the Rust rules share: test paths, and the
    // `#[cfg(test)]` module that closes a file.
    if syntax == Syntax::Rust {
        if crate::lang::rust::is_test_path(path) {
            return Vec::new();
        }
        if let Some(at) = text.find("#[cfg(test)]") {
            out.retain(|f| f.span.start < at);
        }
    }
    if syntax == Syntax::Python {
        let cat = super::Catalogue::embedded();
        if let Ok(cat) = cat {
            let scan = super::Scan::new(cat, path, text);
            out.retain(|f| {
                !super::generic::in_dev_or_test_class(&scan, f.span.start)
                    && !super::generic::in_python_test(&scan, f.span.start)
            });
        }
    }
    let comments = comment_ranges(text, syntax);
    out.retain(|f| {
        let i = comments.partition_point(|r| r.end <= f.span.start);
        comments.get(i).is_none_or(|r| r.start > f.span.start)
    });
    out.sort_by_key(|f| f.span.start);
    out.dedup_by_key(|f| f.span.start);
    out
}

fn quoted<'h>(caps: &regex::Captures<'h>) -> Option<regex::Match<'h>> {
    ["dq", "sq", "bq", "lit", "lit2"]
        .iter()
        .find_map(|g| caps.name(g))
}

fn add(
    out: &mut Vec<Fallback>,
    caps: &regex::Captures<'_>,
    var: &str,
    how: &'static str,
    key_named: bool,
) {
    let whole = caps.get(0).expect("group 0");
    let literal = quoted(caps).map_or(whole.end()..whole.end(), |m| m.range());
    // An empty default means "unset", not a key; `unwrap_or_default()` and a constant array
    // hand out a key all the same.
    if literal.is_empty() && how != "unwrap_or_default()" && caps.name("byte").is_none() {
        return;
    }
    if key_named || secret_variable(var) {
        out.push(Fallback {
            span: whole.range(),
            literal,
            variable: var.to_string(),
            how,
        });
    }
}

fn is_js(lower: &str) -> bool {
    ["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"]
        .iter()
        .any(|e| lower.rsplit_once('.').is_some_and(|(_, x)| x == *e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(path: &str, text: &str) -> Vec<String> {
        fallbacks(path, text)
            .into_iter()
            .map(|f| format!("{}:{}", f.variable, &text[f.literal]))
            .collect()
    }

    #[test]
    fn python_fallbacks() {
        let src = "import os\nJWT = os.getenv(\"JWT_SECRET\", \"secret\")\nDB = os.environ.get('DB_PASSWORD', default='pw')\nURL = os.getenv(\"API_URL\", \"http://x\")\n# os.getenv(\"OLD_SECRET\", \"x\")\nK = os.getenv(\"API_KEY\", \"\")\nT = os.environ.get(\"AUTH_TOKEN\") or \"dev-token\"\n";
        assert_eq!(
            vars("app/config.py", src),
            [
                "JWT_SECRET:secret",
                "DB_PASSWORD:pw",
                "AUTH_TOKEN:dev-token"
            ]
        );
    }

    #[test]
    fn pydantic_settings_and_django() {
        let src = "class Settings(BaseSettings):\n    secret_key: str = \"changethis\"\n    project_name: str = \"app\"\n    token: SecretStr = Field(default='t0k')\n\nclass Other:\n    password: str = \"x\"\n";
        assert_eq!(
            vars("app/core/config.py", src),
            ["secret_key:changethis", "token:t0k"]
        );
        assert_eq!(
            vars("proj/settings.py", "SECRET_KEY = 'django-insecure-abc'\n"),
            ["SECRET_KEY:django-insecure-abc"]
        );
        assert!(
            vars("config/settings.py", "SECRET_KEY = '<set-in-vault>'\n").is_empty(),
            "not Django"
        );
        assert!(vars("proj/views.py", "SECRET_KEY = 'abc'\n").is_empty());
    }

    #[test]
    fn javascript_fallbacks() {
        let src = "const s = process.env.SESSION_SECRET || \"keyboard cat\";\nconst t = process.env['JWT_SECRET'] ?? 'dev';\nconst p = process.env.PORT || '3000';\nconst { API_KEY = 'abc', HOST = 'x' } = process.env;\nfunction sign(payload, secret = 'shh') {}\n// process.env.OLD_SECRET || 'x'\n";
        assert_eq!(
            vars("src/app.ts", src),
            [
                "SESSION_SECRET:keyboard cat",
                "JWT_SECRET:dev",
                "API_KEY:abc",
                "secret:shh"
            ]
        );
    }

    #[test]
    fn rust_fallbacks_and_constant_keys() {
        let src = "let a = std::env::var(\"JWT_SECRET\").unwrap_or(\"dev\".into());\nlet b = env::var(\"COOKIE_KEY\").unwrap_or_default();\nlet c = env::var(\"APP_SECRET\").unwrap_or_else(|_| \"s3cr3t\".to_string());\nlet d = env::var(\"PORT\").unwrap_or(\"80\".into());\nlet k = Key::from(&[0; 64]);\nlet e = EncodingKey::from_secret(b\"hunter2\");\nlet f = env::var(\"DB_PASSWORD\").ok().unwrap_or(String::from(\"pw\"));\n";
        assert_eq!(
            vars("src/main.rs", src),
            [
                "JWT_SECRET:dev",
                "COOKIE_KEY:",
                "APP_SECRET:s3cr3t",
                "Key::from:",
                "EncodingKey::from_secret:hunter2",
                "DB_PASSWORD:pw"
            ]
        );
    }
}
