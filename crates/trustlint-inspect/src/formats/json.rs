//! JSON, and JSON with comments (`tsconfig.json`, `.vscode/settings.json`), with positions
//! from `jsonc-parser`'s AST. The parser bounds nesting depth, so a hostile, deeply nested
//! file is a parse error, not a stack overflow.

use super::keypath::{Leaf, Scalar, Walk};
use crate::out::ParseError;
use jsonc_parser::ast::Value;
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};
use trustlint_model::line_col;

/// The document's scalars with their key paths, in file order.
pub fn leaves(text: &str) -> Result<Vec<Leaf>, ParseError> {
    let parsed =
        parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default()).map_err(|e| {
            ParseError {
                line: line_col(text, e.range().start).0,
                message: e.kind().to_string(),
            }
        })?;
    let mut walk = Walk::default();
    if let Some(value) = &parsed.value {
        visit(text, value, &mut walk);
    }
    Ok(walk.leaves())
}

fn visit(text: &str, value: &Value<'_>, walk: &mut Walk) {
    let (scalar, start) = match value {
        Value::Object(o) => {
            for prop in &o.properties {
                walk.under(prop.name.as_str(), |w| visit(text, &prop.value, w));
            }
            return;
        }
        Value::Array(a) => {
            for (i, item) in a.elements.iter().enumerate() {
                walk.under(i, |w| visit(text, item, w));
            }
            return;
        }
        Value::StringLit(s) => (Scalar::Str(s.value.to_string()), s.range.start),
        Value::BooleanLit(b) => (Scalar::Bool(b.value), b.range.start),
        Value::NullKeyword(n) => (Scalar::Null, n.range.start),
        Value::NumberLit(n) => (
            n.value
                .parse()
                .map(Scalar::Int)
                .or_else(|_| n.value.parse().map(Scalar::Float))
                .unwrap_or_else(|_| Scalar::Str(n.value.to_string())),
            n.range.start,
        ),
    };
    walk.leaf(scalar, line_col(text, start));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_objects_arrays_and_comments() {
        let text = "{\n  // c\n  \"ssl\": {\"rejectUnauthorized\": false},\n  \"l\": [1]\n}\n";
        let leaves = leaves(text).unwrap();
        assert_eq!(leaves[0].keys, vec!["ssl", "rejectUnauthorized"]);
        assert_eq!((leaves[0].line, leaves[0].column), (3, 33));
        assert_eq!(leaves[1].keys, vec!["l", "0"]);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert!(leaves(&text).is_err());
    }
}
