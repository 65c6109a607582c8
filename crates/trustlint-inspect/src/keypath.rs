//! What `toml-key`, `json-key` and `yaml-key` share: each parses its format into a flat list of
//! scalar [`Leaf`]s with their key paths and positions, and this module decides which leaves a
//! rule's `[[when]]` conditions select.
//!
//! Key paths are dot-separated: `*` is one key or array index, `**` any number of them, and a
//! key holding dots is quoted: `**.'http.proxyStrictSSL'`.

use crate::context::{FileCtx, Hit, Output, ParseError};
use crate::globs::GlobList;
use regex::Regex;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Files to parse, as globs.
    pub files: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    /// A finding for every leaf that satisfies any of these.
    pub when: Vec<Condition>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Condition {
    pub key: String,
    /// The value that is the bad state; booleans also match their YAML 1.1 / environment-string
    /// spellings (`"false"`, `no`, `off`, `0`), which is how such settings are often written.
    #[serde(default)]
    pub equals: Option<toml::Value>,
    /// A regex the value's text must match.
    #[serde(default)]
    pub matches: Option<String>,
}

/// A scalar value of a structured file.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

impl Scalar {
    pub fn text(&self) -> String {
        match self {
            Scalar::Null => "null".into(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Str(s) => s.clone(),
        }
    }

    fn as_bool(&self) -> Option<bool> {
        match self {
            Scalar::Bool(b) => Some(*b),
            Scalar::Int(0) => Some(false),
            Scalar::Int(1) => Some(true),
            Scalar::Str(s) => match s.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "1" => Some(true),
                "false" | "no" | "off" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
}

/// One scalar of a parsed file, with the keys that lead to it and where its value is.
#[derive(Debug, Clone)]
pub struct Leaf {
    pub keys: Vec<String>,
    pub value: Scalar,
    pub line: u32,
    pub column: u32,
}

struct Compiled {
    segments: Vec<String>,
    equals: Option<toml::Value>,
    matches: Option<Regex>,
}

/// The shared half of a structured-config inspector.
pub struct KeyRule {
    files: GlobList,
    exclude: GlobList,
    when: Vec<Compiled>,
}

impl KeyRule {
    pub fn new(p: &Params) -> Result<Self, String> {
        if p.when.is_empty() {
            return Err("`when` needs at least one condition".into());
        }
        let when = p
            .when
            .iter()
            .map(|c| {
                if c.equals.is_none() && c.matches.is_none() {
                    return Err(format!(
                        "condition on `{}` needs `equals` or `matches`",
                        c.key
                    ));
                }
                Ok(Compiled {
                    segments: split_key(&c.key)?,
                    equals: c.equals.clone(),
                    matches: c.matches.as_deref().map(crate::compile_regex).transpose()?,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(KeyRule {
            files: GlobList::new(&p.files, false)?,
            exclude: GlobList::new(&p.exclude, false)?,
            when,
        })
    }

    pub fn file_globs(&self) -> Vec<String> {
        self.files.patterns().to_vec()
    }

    /// A value can only be selected if its last key is in the text (when every condition ends
    /// in a literal key): a cheap test that spares parsing most files.
    pub fn prefilter(&self) -> Vec<String> {
        let last: Option<Vec<String>> = self
            .when
            .iter()
            .map(|c| {
                c.segments
                    .last()
                    .filter(|s| *s != "*" && *s != "**")
                    .map(|s| regex::escape(s))
            })
            .collect();
        last.map(|keys| vec![keys.join("|")]).unwrap_or_default()
    }

    /// Parses the file (once, shared with other rules) and reports every selected leaf.
    pub fn check(
        &self,
        file: &FileCtx<'_>,
        parse: fn(&str) -> Result<Vec<Leaf>, ParseError>,
        out: &mut Output,
    ) {
        if !self.files.is_match(file.path) || self.exclude.is_match(file.path) {
            return;
        }
        let leaves = match file.leaves(parse) {
            Ok(leaves) => leaves,
            Err(e) => return out.parse_error(file.path, e),
        };
        for leaf in leaves {
            if self.when.iter().any(|c| selects(c, leaf)) {
                let key = leaf.keys.join(".");
                let value = leaf.value.text();
                out.hits.push(Hit {
                    path: file.path.to_string(),
                    line: leaf.line,
                    column: leaf.column,
                    matched: format!("{key}={value}"),
                    args: vec![("key".into(), key), ("value".into(), value)],
                    source_line: crate::SHOW_LINE,
                    ..Hit::default()
                });
            }
        }
    }
}

fn selects(c: &Compiled, leaf: &Leaf) -> bool {
    if !path_matches(&c.segments, &leaf.keys) {
        return false;
    }
    let equal = match &c.equals {
        None => true,
        Some(toml::Value::Boolean(b)) => leaf.value.as_bool() == Some(*b),
        Some(toml::Value::Integer(i)) => leaf.value == Scalar::Int(*i),
        Some(toml::Value::Float(f)) => leaf.value == Scalar::Float(*f),
        Some(toml::Value::String(s)) => leaf.value.text() == *s,
        Some(_) => false,
    };
    equal
        && c.matches
            .as_ref()
            .is_none_or(|re| re.is_match(&leaf.value.text()))
}

fn path_matches(pattern: &[String], keys: &[String]) -> bool {
    match pattern.split_first() {
        None => keys.is_empty(),
        Some((seg, rest)) if seg == "**" => {
            (0..=keys.len()).any(|skip| path_matches(rest, &keys[skip..]))
        }
        Some((seg, rest)) => match keys.split_first() {
            Some((k, more)) => (seg == "*" || seg == k) && path_matches(rest, more),
            None => false,
        },
    }
}

fn split_key(key: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = key;
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('\'') {
            let end = quoted
                .find('\'')
                .ok_or_else(|| format!("unclosed quote in key `{key}`"))?;
            out.push(quoted[..end].to_string());
            rest = quoted[end + 1..]
                .strip_prefix('.')
                .unwrap_or(&quoted[end + 1..]);
        } else {
            let (seg, more) = rest.split_once('.').unwrap_or((rest, ""));
            if seg.is_empty() {
                return Err(format!("empty segment in key `{key}`"));
            }
            out.push(seg.to_string());
            rest = more;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[&str]) -> Vec<String> {
        k.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn double_star_and_quoted_segments() {
        let p = split_key("**.'http.proxyStrictSSL'").unwrap();
        assert_eq!(p, keys(&["**", "http.proxyStrictSSL"]));
        assert!(path_matches(&p, &keys(&["http.proxyStrictSSL"])));
        assert!(path_matches(&p, &keys(&["a", "0", "http.proxyStrictSSL"])));
        assert!(!path_matches(&p, &keys(&["http", "proxyStrictSSL"])));
        let q = split_key("http.*.min").unwrap();
        assert!(path_matches(&q, &keys(&["http", "ssl-version", "min"])));
        assert!(!path_matches(&q, &keys(&["http", "min"])));
    }

    #[test]
    fn boolean_spellings() {
        assert_eq!(Scalar::Str("No".into()).as_bool(), Some(false));
        assert_eq!(Scalar::Str("maybe".into()).as_bool(), None);
    }
}
