//! YAML (Kubernetes manifests, CI workflows, Ansible, Compose), every document of a
//! multi-document file included, with positions from `saphyr`'s marked nodes. `saphyr` stops
//! alias expansion at a node budget, so an alias bomb is a parse error; flow nesting deeper
//! than [`YAML_MAX_DEPTH`] is refused before parsing.

use super::keypath::{Leaf, Scalar, Walk};
use super::nesting::{self, Brackets, YAML_MAX_DEPTH};
use crate::out::ParseError;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar as YScalar, YamlData};

/// Every document of a file, nesting checked first.
pub fn documents(text: &str) -> Result<Vec<MarkedYaml<'_>>, ParseError> {
    if let Some(line) = nesting::too_deep(text, YAML_MAX_DEPTH, Brackets::Flow) {
        return Err(ParseError {
            line,
            message: format!("nesting deeper than {YAML_MAX_DEPTH} levels"),
        });
    }
    load(text)
}

/// Every document of a file, for a caller that bounded its nesting in its own way.
pub fn load(text: &str) -> Result<Vec<MarkedYaml<'_>>, ParseError> {
    MarkedYaml::load_from_str(text).map_err(|e| ParseError {
        line: e.marker().line() as u32,
        message: e.info().to_string(),
    })
}

/// The scalars of every document with their key paths, in file order.
pub fn leaves(text: &str) -> Result<Vec<Leaf>, ParseError> {
    let docs = documents(text)?;
    let mut walk = Walk::default();
    for doc in &docs {
        visit(doc, &mut walk, 0);
    }
    Ok(walk.leaves_in_file_order())
}

/// The value of `key` in a mapping.
pub fn get<'a, 'b>(node: &'a MarkedYaml<'b>, key: &str) -> Option<&'a MarkedYaml<'b>> {
    match &node.data {
        YamlData::Mapping(map) => map
            .iter()
            .find(|(k, _)| text(k) == Some(key))
            .map(|(_, v)| v),
        _ => None,
    }
}

/// A string scalar's text.
pub fn text<'a>(node: &'a MarkedYaml<'_>) -> Option<&'a str> {
    match &node.data {
        YamlData::Value(YScalar::String(s)) => Some(s.as_ref()),
        YamlData::Representation(s, _, _) => Some(s.as_ref()),
        _ => None,
    }
}

/// A mapping's (key, value) pairs, in file order; none for anything else.
pub fn entries<'a, 'b>(node: &'a MarkedYaml<'b>) -> Vec<(&'a MarkedYaml<'b>, &'a MarkedYaml<'b>)> {
    match &node.data {
        YamlData::Mapping(map) => map.iter().collect(),
        _ => Vec::new(),
    }
}

/// A sequence's items; none for anything else.
pub fn items<'a, 'b>(node: &'a MarkedYaml<'b>) -> Vec<&'a MarkedYaml<'b>> {
    match &node.data {
        YamlData::Sequence(seq) => seq.iter().collect(),
        _ => Vec::new(),
    }
}

/// The 1-based line and column where a node starts.
pub fn position(node: &MarkedYaml<'_>) -> (u32, u32) {
    (
        node.span.start.line() as u32,
        node.span.start.col() as u32 + 1,
    )
}

fn visit(node: &MarkedYaml<'_>, walk: &mut Walk, depth: usize) {
    if depth > YAML_MAX_DEPTH {
        return;
    }
    let scalar = match &node.data {
        YamlData::Mapping(map) => {
            for (k, v) in map {
                walk.under(key_text(k), |w| visit(v, w, depth + 1));
            }
            return;
        }
        YamlData::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                walk.under(i, |w| visit(item, w, depth + 1));
            }
            return;
        }
        YamlData::Tagged(_, inner) => return visit(inner, walk, depth + 1),
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
    walk.leaf(scalar, position(node));
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
