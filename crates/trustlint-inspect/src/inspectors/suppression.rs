//! `suppression`: the rules about suppressions and policy themselves (`suppression-invalid`,
//! `suppression-unused`, `policy-weakened`). Their findings come from the engine as it applies
//! suppressions and compares policies, since
//! only it sees every finding; this file holds the directive syntax they are about, e.g.
//! `# trustlint: ignore[plain-http-url] the partner only offers HTTP; ticket OPS-12 until=2027-01-31`.
//!
//! A directive sits in a comment, on the line of the finding or the line before it, names one or
//! more rules, gives a reason, and may carry an expiry date.

use super::Inspector;
use crate::ctx::FileCtx;
use jiff::civil::Date;
use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {}

pub(super) fn build(_: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(Suppressions))
}

/// Metadata-only: the engine produces these rules' findings (see the module docs).
struct Suppressions;

impl Inspector for Suppressions {
    /// Directives are read from every file the scan reads, listed files included.
    fn runs_on_listed_files(&self) -> bool {
        true
    }
}

/// One `trustlint: ignore[...]` directive as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub line: u32,
    pub column: u32,
    pub rules: Vec<String>,
    /// Empty when the author gave none.
    pub reason: String,
    pub until: Until,
    /// The directive's text, for messages and fingerprints.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Until {
    Never,
    Date(Date),
    /// `until=` with something that is not a date.
    Invalid(String),
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"trustlint:\s*ignore\[([^\]\n]*)\]([^\n]*)").expect("valid regex")
});
static UNTIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)until=(\S*)").expect("valid regex"));

/// The directives in a file's comments (a directive in code or prose is only text about one).
pub fn directives(file: &FileCtx<'_>) -> Vec<Directive> {
    if !file.text.contains("trustlint:") {
        return Vec::new();
    }
    DIRECTIVE
        .captures_iter(file.text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            // A directive opens its comment; one quoted in prose (`trustlint: ignore[...]`
            // in a doc comment) is only text about directives.
            let start = file.comment_start(whole.start())?;
            let lead = &file.text[start..whole.start()];
            if !lead
                .chars()
                .all(|c| c.is_whitespace() || "/#*!-<;".contains(c))
            {
                return None;
            }
            let (line, column) = file.line_col(whole.start());
            let rules = caps[1]
                .split(',')
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect();
            let mut rest = caps[2].trim().to_string();
            for closer in ["-->", "*/", "#}", "%>", "--}}"] {
                if let Some(stripped) = rest.strip_suffix(closer) {
                    rest = stripped.trim_end().to_string();
                }
            }
            let until = match UNTIL.captures(&rest) {
                None => Until::Never,
                Some(u) => match u[1].parse::<Date>() {
                    Ok(d) => Until::Date(d),
                    Err(_) => Until::Invalid(u[1].to_string()),
                },
            };
            let reason = UNTIL.replace(&rest, "").trim().to_string();
            Some(Directive {
                line,
                column,
                rules,
                reason,
                until,
                text: whole.as_str().trim_end().to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path: &str, text: &str) -> Vec<Directive> {
        directives(&FileCtx::new(path, text))
    }

    #[test]
    fn directives_in_any_comment_syntax() {
        let d = parse("a.py", "x = 1  # trustlint: ignore[plain-http-url, tls-verification-disabled] partner is HTTP-only until=2027-01-31\n");
        assert_eq!(
            d[0].rules,
            vec!["plain-http-url", "tls-verification-disabled"]
        );
        assert_eq!(d[0].reason, "partner is HTTP-only");
        assert_eq!(d[0].until, Until::Date("2027-01-31".parse().unwrap()));
        assert_eq!((d[0].line, d[0].column), (1, 10));
        let d = parse(
            "a.html",
            "<!-- trustlint: ignore[plain-http-url] legacy page -->\n",
        );
        assert_eq!(d[0].reason, "legacy page");
        let d = parse("a.rs", "/* trustlint: ignore[x] */\n");
        assert_eq!(d[0].reason, "");
    }

    #[test]
    fn text_about_directives_is_not_a_directive() {
        assert!(parse("a.py", "HELP = \"use trustlint: ignore[rule] reason\"\n").is_empty());
        assert!(parse("README.md", "Write `trustlint: ignore[rule-id] reason`.\n").is_empty());
        assert!(parse(
            "a.rs",
            "//! Suppress with `trustlint: ignore[rule] reason`\n"
        )
        .is_empty());
        assert_eq!(parse("a.rs", "/// trustlint: ignore[r] doc\n").len(), 1);
        let d = parse("a.rs", "// trustlint: ignore[r] why until=someday\n");
        assert_eq!(d[0].until, Until::Invalid("someday".into()));
    }
}
