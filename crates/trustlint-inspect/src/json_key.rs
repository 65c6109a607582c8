//! `json-key`: selects values in JSON files (and JSON with comments: `tsconfig.json`,
//! `.vscode/settings.json`) by key path, with positions from `jsonc-parser`'s AST. The parser
//! bounds nesting depth, so a hostile, deeply nested file is a parse error, not a stack overflow.

use crate::context::{FileCtx, Output, ParseError};
use crate::keypath::{KeyRule, Leaf, Params, Scalar};
use crate::Inspector;
use jsonc_parser::ast::Value;
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};
use trustlint_model::line_col;

pub struct JsonKey(KeyRule);

impl JsonKey {
    pub fn new(p: &Params) -> Result<Self, String> {
        KeyRule::new(p).map(JsonKey)
    }
}

impl Inspector for JsonKey {
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
    let parsed =
        parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default()).map_err(|e| {
            ParseError {
                line: line_col(text, e.range().start).0,
                message: e.kind().to_string(),
            }
        })?;
    let mut out = Vec::new();
    if let Some(value) = &parsed.value {
        walk(text, value, &mut Vec::new(), &mut out);
    }
    Ok(out)
}

fn walk(text: &str, value: &Value<'_>, keys: &mut Vec<String>, out: &mut Vec<Leaf>) {
    let (scalar, start) = match value {
        Value::Object(o) => {
            for prop in &o.properties {
                keys.push(prop.name.as_str().to_string());
                walk(text, &prop.value, keys, out);
                keys.pop();
            }
            return;
        }
        Value::Array(a) => {
            for (i, item) in a.elements.iter().enumerate() {
                keys.push(i.to_string());
                walk(text, item, keys, out);
                keys.pop();
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
    let (line, column) = line_col(text, start);
    out.push(Leaf {
        keys: keys.clone(),
        value: scalar,
        line,
        column,
    });
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
