//! The flat view of a structured file that `toml-key`, `json-key` and `yaml-key` select from:
//! every scalar as a [`Leaf`] with the keys that lead to it and where its value is, and the
//! key-path patterns that select leaves.
//!
//! Key paths are dot-separated: `*` is one key or array index, `**` any number of them, and a
//! key holding dots is quoted: `**.'http.proxyStrictSSL'`.

use crate::out::ParseError;

/// A structured format a file can be read in; the file context keeps one parse
/// per format, so rules reading a file in different formats never share leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
    Yaml,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Toml, Format::Json, Format::Yaml];

    /// The file's leaves in this format.
    pub fn leaves(self, text: &str) -> Result<Vec<Leaf>, ParseError> {
        match self {
            Format::Toml => super::toml::leaves(text),
            Format::Json => super::json::leaves(text),
            Format::Yaml => super::yaml::leaves(text),
        }
    }
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

    /// The boolean a value spells, YAML 1.1 and environment-string spellings included
    /// (`"false"`, `no`, `off`, `0`), which is how such settings are often written.
    pub fn as_bool(&self) -> Option<bool> {
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

/// Leaves gathered while a parser's tree is walked: the key path down to the node being
/// visited, and the scalars found so far.
#[derive(Debug, Default)]
pub struct Walk {
    keys: Vec<String>,
    leaves: Vec<Leaf>,
}

impl Walk {
    /// Visits a child (the value of an object key, an array item by its index).
    pub fn under(&mut self, key: impl ToString, visit: impl FnOnce(&mut Walk)) {
        self.keys.push(key.to_string());
        visit(self);
        self.keys.pop();
    }

    /// A scalar at the current key path, its value at `(line, column)`.
    pub fn leaf(&mut self, value: Scalar, (line, column): (u32, u32)) {
        self.leaves.push(Leaf {
            keys: self.keys.clone(),
            value,
            line,
            column,
        });
    }

    /// The leaves, in the order they were found.
    pub fn leaves(self) -> Vec<Leaf> {
        self.leaves
    }

    /// The leaves in file order (for parsers whose tree is not in file order).
    pub fn leaves_in_file_order(self) -> Vec<Leaf> {
        let mut out = self.leaves;
        out.sort_by_key(|l| (l.line, l.column));
        out
    }
}

/// A compiled key path: its segments, `*` and `**` included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPath(Vec<String>);

impl KeyPath {
    pub fn parse(key: &str) -> Result<KeyPath, String> {
        split_key(key).map(KeyPath)
    }

    /// Whether the path selects a leaf's keys.
    pub fn matches(&self, keys: &[String]) -> bool {
        path_matches(&self.0, keys)
    }

    /// The last segment when it is a literal key (not `*` or `**`): text any selected leaf's
    /// file must contain.
    pub fn literal_last(&self) -> Option<&str> {
        self.0
            .last()
            .filter(|s| *s != "*" && *s != "**")
            .map(String::as_str)
    }
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
