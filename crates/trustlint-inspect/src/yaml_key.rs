//! `yaml-key`: selects values in YAML files (Kubernetes manifests, CI workflows, Ansible, Compose)
//! by key path, every document of a multi-document file included. Positions come from `saphyr`'s
//! marked nodes. `saphyr` stops alias expansion at a node budget, so an alias bomb is a parse
//! error; flow nesting deeper than [`MAX_DEPTH`] is refused before parsing.

use crate::context::{FileCtx, Output, ParseError};
use crate::keypath::{KeyRule, Leaf, Params, Scalar};
use crate::Inspector;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar as YScalar, YamlData};

const MAX_DEPTH: usize = 256;

pub struct YamlKey(KeyRule);

impl YamlKey {
    pub fn new(p: &Params) -> Result<Self, String> {
        KeyRule::new(p).map(YamlKey)
    }
}

impl Inspector for YamlKey {
    fn file_globs(&self) -> Vec<String> {
        self.0.file_globs()
    }

    fn prefilter(&self) -> Vec<String> {
        self.0.prefilter()
    }

    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        self.0.check(file, leaves, out);
    }
}

pub(crate) fn leaves(text: &str) -> Result<Vec<Leaf>, ParseError> {
    if let Some(line) = too_deep(text) {
        return Err(ParseError {
            line,
            message: format!("nesting deeper than {MAX_DEPTH} levels"),
        });
    }
    let docs = MarkedYaml::load_from_str(text).map_err(|e| ParseError {
        line: e.marker().line() as u32,
        message: e.info().to_string(),
    })?;
    let mut out = Vec::new();
    for doc in &docs {
        walk(doc, &mut Vec::new(), &mut out, 0);
    }
    out.sort_by_key(|l| (l.line, l.column));
    Ok(out)
}

/// The line where flow brackets first nest deeper than `MAX_DEPTH`, if they do.
fn too_deep(text: &str) -> Option<u32> {
    let mut depth = 0usize;
    let mut line = 1;
    for b in text.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(line);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
    }
    None
}

fn walk(node: &MarkedYaml<'_>, keys: &mut Vec<String>, out: &mut Vec<Leaf>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let scalar = match &node.data {
        YamlData::Mapping(map) => {
            for (k, v) in map {
                keys.push(key_text(k));
                walk(v, keys, out, depth + 1);
                keys.pop();
            }
            return;
        }
        YamlData::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                keys.push(i.to_string());
                walk(item, keys, out, depth + 1);
                keys.pop();
            }
            return;
        }
        YamlData::Tagged(_, inner) => return walk(inner, keys, out, depth + 1),
        YamlData::Value(v) => match v {
            YScalar::Null => Scalar::Null,
            YScalar::Boolean(b) => Scalar::Bool(*b),
            YScalar::Integer(i) => Scalar::Int(*i),
            YScalar::FloatingPoint(f) => Scalar::Float(f.into_inner()),
            YScalar::String(s) => Scalar::Str(s.to_string()),
        },
        YamlData::Representation(s, _, _) => Scalar::Str(s.to_string()),
        YamlData::Alias(_) | YamlData::BadValue => return,
    };
    out.push(Leaf {
        keys: keys.clone(),
        value: scalar,
        line: node.span.start.line() as u32,
        column: node.span.start.col() as u32 + 1,
    });
}

fn key_text(k: &MarkedYaml<'_>) -> String {
    match &k.data {
        YamlData::Value(YScalar::String(s)) => s.to_string(),
        YamlData::Value(YScalar::Boolean(b)) => b.to_string(),
        YamlData::Value(YScalar::Integer(i)) => i.to_string(),
        YamlData::Representation(s, _, _) => s.to_string(),
        _ => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_sequences_and_positions() {
        let text = "a: 1\n---\ntls_config:\n  insecure_skip_verify: true\nl:\n  - x: no\n";
        let leaves = leaves(text).unwrap();
        assert_eq!(leaves[1].keys, vec!["tls_config", "insecure_skip_verify"]);
        assert_eq!((leaves[1].line, leaves[1].column), (4, 25));
        assert_eq!(leaves[1].value, Scalar::Bool(true));
        assert_eq!(leaves[2].keys, vec!["l", "0", "x"]);
    }

    #[test]
    fn deep_flow_nesting_is_refused() {
        assert!(leaves(&"[".repeat(100_000)).is_err());
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".into()
            } else {
                format!("b{}", i - 1)
            };
            text.push_str(&format!(
                "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let err = leaves(&text).unwrap_err();
        assert!(err.message.contains("billion-laughs"), "{}", err.message);
    }
}
