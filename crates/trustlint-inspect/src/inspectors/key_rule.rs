//! What `toml-key`, `json-key` and `yaml-key` share: the parameters of a rule, and the
//! selection of the leaves its `[[when]]` conditions name from a file read in the kind's
//! [`Format`]. The leaves themselves come from [`crate::formats::keypath`], parsed once per
//! file and format by [`FileCtx::leaves`].

use super::Inspector;
use crate::ctx::FileCtx;
use crate::formats::keypath::{Format, KeyPath, Leaf, Scalar};
use crate::out::Output;
use crate::pattern::{compile_regex, GlobList};
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

struct Compiled {
    path: KeyPath,
    equals: Option<toml::Value>,
    matches: Option<Regex>,
}

/// The shared half of a structured-config inspector.
pub struct KeyRule {
    format: Format,
    files: GlobList,
    exclude: GlobList,
    when: Vec<Compiled>,
}

impl KeyRule {
    pub fn new(format: Format, p: &Params) -> Result<Self, String> {
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
                    path: KeyPath::parse(&c.key)?,
                    equals: c.equals.clone(),
                    matches: c.matches.as_deref().map(compile_regex).transpose()?,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(KeyRule {
            format,
            files: GlobList::new(&p.files, false)?,
            exclude: GlobList::new(&p.exclude, false)?,
            when,
        })
    }
}

impl Inspector for KeyRule {
    fn file_globs(&self) -> Vec<String> {
        self.files.patterns().to_vec()
    }

    /// A value can only be selected if its last key is in the text (when every condition ends
    /// in a literal key): a cheap test that spares parsing most files.
    fn prefilter(&self) -> Vec<String> {
        let last: Option<Vec<String>> = self
            .when
            .iter()
            .map(|c| c.path.literal_last().map(regex::escape))
            .collect();
        last.map(|keys| vec![keys.join("|")]).unwrap_or_default()
    }

    /// Parses the file (once per format, shared with other rules) and reports every selected
    /// leaf.
    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        if !self.files.is_match(file.path) || self.exclude.is_match(file.path) {
            return;
        }
        let leaves = match file.leaves(self.format) {
            Ok(leaves) => leaves,
            Err(e) => return out.parse_error(file.path, e),
        };
        for leaf in leaves {
            if self.when.iter().any(|c| selects(c, leaf)) {
                let key = leaf.keys.join(".");
                let value = leaf.value.text();
                out.hits.push(
                    file.hit(leaf.line, leaf.column)
                        .arg("key", key.as_str())
                        .arg("value", value.as_str())
                        .matched(format!("{key}={value}")),
                );
            }
        }
    }
}

fn selects(c: &Compiled, leaf: &Leaf) -> bool {
    if !c.path.matches(&leaf.keys) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(format: Format, key: &str, equals: toml::Value) -> KeyRule {
        let p = Params {
            files: vec!["**/*".into()],
            exclude: vec![],
            when: vec![Condition {
                key: key.into(),
                equals: Some(equals),
                matches: None,
            }],
        };
        KeyRule::new(format, &p).unwrap()
    }

    #[test]
    fn a_boolean_condition_matches_its_string_spellings() {
        let r = rule(Format::Yaml, "**.verify", toml::Value::Boolean(false));
        let mut out = Output::default();
        r.check_file(
            &FileCtx::new("a.yml", "a:\n  verify: \"no\"\nb:\n  verify: yes\n"),
            &mut out,
        );
        let found: Vec<(u32, &str)> = out
            .hits
            .iter()
            .map(|h| (h.line, h.matched.as_str()))
            .collect();
        assert_eq!(found, vec![(2, "a.verify=no")]);
    }

    #[test]
    fn the_prefilter_is_the_last_literal_keys() {
        let r = rule(Format::Toml, "http.'ssl.min'", toml::Value::Integer(1));
        assert_eq!(r.prefilter(), vec![r"ssl\.min".to_string()]);
        assert!(rule(Format::Toml, "a.*", toml::Value::Integer(1))
            .prefilter()
            .is_empty());
    }
}
