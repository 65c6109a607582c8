//! `toml-key`: selects values in TOML files (`Cargo.toml`, `.cargo/config.toml`, `pyproject.toml`)
//! by key path. Parsed with `toml`'s spanned document model so every finding has its real line.

use crate::context::{FileCtx, Output, ParseError};
use crate::keypath::{KeyRule, Leaf, Params, Scalar};
use crate::Inspector;
use toml::de::{DeTable, DeValue};
use toml::Spanned;
use trustlint_model::line_col;

pub struct TomlKey(KeyRule);

impl TomlKey {
    pub fn new(p: &Params) -> Result<Self, String> {
        KeyRule::new(p).map(TomlKey)
    }
}

impl Inspector for TomlKey {
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
    let doc = DeTable::parse(text).map_err(|e| ParseError {
        line: e.span().map_or(1, |s| line_col(text, s.start).0),
        message: e.message().to_string(),
    })?;
    let mut out = Vec::new();
    walk_table(text, doc.get_ref(), &mut Vec::new(), &mut out);
    // The parsed table is not in file order; findings should be.
    out.sort_by_key(|l| (l.line, l.column));
    Ok(out)
}

fn walk_table(text: &str, table: &DeTable<'_>, keys: &mut Vec<String>, out: &mut Vec<Leaf>) {
    for (k, v) in table.iter() {
        keys.push(k.get_ref().to_string());
        walk_value(text, v, keys, out);
        keys.pop();
    }
}

fn walk_value(text: &str, v: &Spanned<DeValue<'_>>, keys: &mut Vec<String>, out: &mut Vec<Leaf>) {
    let scalar = match v.get_ref() {
        DeValue::Table(t) => return walk_table(text, t, keys, out),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                keys.push(i.to_string());
                walk_value(text, item, keys, out);
                keys.pop();
            }
            return;
        }
        DeValue::String(s) => Scalar::Str(s.to_string()),
        DeValue::Boolean(b) => Scalar::Bool(*b),
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .map_or_else(|_| Scalar::Str(i.as_str().to_string()), Scalar::Int),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse()
            .map_or_else(|_| Scalar::Str(f.as_str().to_string()), Scalar::Float),
        DeValue::Datetime(d) => Scalar::Str(d.to_string()),
    };
    let (line, column) = line_col(text, v.span().start);
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
    fn leaves_carry_dotted_keys_and_lines() {
        let text = "[http]\nssl-version.min = \"tlsv1\"\n\n[[a]]\nb = [1, 2]\n";
        let leaves = leaves(text).unwrap();
        let first = &leaves[0];
        assert_eq!(first.keys, vec!["http", "ssl-version", "min"]);
        assert_eq!((first.line, first.column), (2, 19));
        assert_eq!(leaves[2].keys, vec!["a", "0", "b", "1"]);
        assert_eq!(leaves[2].value, Scalar::Int(2));
    }

    #[test]
    fn parse_errors_have_a_line() {
        let err = leaves("a = 1\nb = = 2\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
