//! `wildcard-version`: a dependency on version `*`. Any release, of any major version, is
//! accepted, including one with breaking changes or a compromised publish.

use super::dependency_hit;
use crate::ctx::FileCtx;
use crate::formats::cargo::{dependencies, ALL_SECTIONS};
use crate::out::Hit;
use toml::de::DeTable;

/// A dependency whose version is `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WildcardVersion {
    pub name: String,
    /// Byte offset of the version value.
    pub at: usize,
}

pub fn find(doc: &DeTable<'_>) -> Vec<WildcardVersion> {
    dependencies(doc, &ALL_SECTIONS)
        .into_iter()
        .filter_map(|(name, value)| {
            let version = match value.get_ref().as_table() {
                Some(t) => t.get("version"),
                None => Some(value),
            };
            let v = version.filter(|v| v.get_ref().as_str().is_some_and(|s| s.trim() == "*"))?;
            Some(WildcardVersion {
                name: name.to_string(),
                at: v.span().start,
            })
        })
        .collect()
}

impl WildcardVersion {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        dependency_hit(file, &self.name, self.at, format!("{}:*", self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trustlint_model::line_col;

    #[test]
    fn strings_and_tables_at_their_value() {
        let text = "[dependencies]\nserde = \"*\"\nrand = \"0.8\"\n\n[target.'cfg(unix)'.dev-dependencies]\nbaz = { version = \" * \" }\n";
        let doc = DeTable::parse(text).unwrap();
        let found: Vec<((u32, u32), String)> = find(doc.get_ref())
            .into_iter()
            .map(|w| (line_col(text, w.at), w.name))
            .collect();
        assert_eq!(
            found,
            vec![((2, 9), "serde".into()), ((6, 19), "baz".into())]
        );
    }
}
