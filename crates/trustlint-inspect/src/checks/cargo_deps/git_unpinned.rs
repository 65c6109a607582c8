//! `git-unpinned`: a git dependency without `rev`. A branch or tag can move, so the same
//! manifest builds other code tomorrow, code nobody reviewed.

use super::dependency_hit;
use crate::ctx::FileCtx;
use crate::formats::cargo::{dependencies, ALL_SECTIONS};
use crate::out::Hit;
use toml::de::DeTable;

/// A git dependency that follows a branch or a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitUnpinned {
    pub name: String,
    /// Byte offset of its `git` value.
    pub at: usize,
}

pub fn find(doc: &DeTable<'_>) -> Vec<GitUnpinned> {
    dependencies(doc, &ALL_SECTIONS)
        .into_iter()
        .filter_map(|(name, value)| {
            let t = value.get_ref().as_table()?;
            match (t.get("git"), t.get("rev")) {
                (Some(git), None) => Some(GitUnpinned {
                    name: name.to_string(),
                    at: git.span().start,
                }),
                _ => None,
            }
        })
        .collect()
}

impl GitUnpinned {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        dependency_hit(file, &self.name, self.at, format!("{}:git", self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trustlint_model::line_col;

    #[test]
    fn branches_and_tags_but_not_revs_in_every_table() {
        let text = "[dependencies]\nfoo = { git = \"https://github.com/o/foo\", branch = \"main\" }\nbar = { git = \"https://github.com/o/bar\", rev = \"0123abc\" }\nserde = \"1\"\n\n[workspace.dependencies]\nqux = { git = \"https://github.com/o/qux\", tag = \"v1\" }\n";
        let doc = DeTable::parse(text).unwrap();
        let found: Vec<(u32, String)> = find(doc.get_ref())
            .into_iter()
            .map(|g| (line_col(text, g.at).0, g.name))
            .collect();
        assert_eq!(found, vec![(2, "foo".into()), (7, "qux".into())]);
    }
}
