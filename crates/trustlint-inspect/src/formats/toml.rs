//! TOML (`Cargo.toml`, `.cargo/config.toml`, `pyproject.toml`), read with `toml`'s spanned
//! document model so that every leaf and every error has its real line.

use super::keypath::{Leaf, Scalar, Walk};
use crate::out::ParseError;
use toml::de::{DeTable, DeValue};
use toml::Spanned;
use trustlint_model::line_col;

/// A TOML error as a [`ParseError`], at the line its span points to.
pub fn parse_error(text: &str, e: &toml::de::Error) -> ParseError {
    ParseError {
        line: e.span().map_or(1, |s| line_col(text, s.start).0),
        message: e.message().to_string(),
    }
}

/// The document's scalars with their key paths, in file order.
pub fn leaves(text: &str) -> Result<Vec<Leaf>, ParseError> {
    let doc = DeTable::parse(text).map_err(|e| parse_error(text, &e))?;
    let mut walk = Walk::default();
    walk_table(text, doc.get_ref(), &mut walk);
    // The parsed table is not in file order; findings should be.
    Ok(walk.leaves_in_file_order())
}

fn walk_table(text: &str, table: &DeTable<'_>, walk: &mut Walk) {
    for (k, v) in table.iter() {
        walk.under(k.get_ref(), |w| walk_value(text, v, w));
    }
}

fn walk_value(text: &str, v: &Spanned<DeValue<'_>>, walk: &mut Walk) {
    let scalar = match v.get_ref() {
        DeValue::Table(t) => return walk_table(text, t, walk),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk.under(i, |w| walk_value(text, item, w));
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
    walk.leaf(scalar, line_col(text, v.span().start));
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
