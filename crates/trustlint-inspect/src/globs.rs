use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// A compiled list of path globs (`**/*.py`, `.github/workflows/*.yml`), matched against
/// `/`-separated paths relative to the scanned root. `*` never crosses a `/`.
#[derive(Debug, Clone)]
pub struct GlobList {
    set: GlobSet,
    patterns: Vec<String>,
}

impl GlobList {
    pub fn new(patterns: &[String], case_insensitive: bool) -> Result<Self, String> {
        let mut builder = GlobSetBuilder::new();
        for p in patterns {
            let glob = GlobBuilder::new(p)
                .literal_separator(true)
                .case_insensitive(case_insensitive)
                .build()
                .map_err(|e| format!("invalid glob `{p}`: {e}"))?;
            builder.add(glob);
        }
        let set = builder.build().map_err(|e| e.to_string())?;
        Ok(GlobList {
            set,
            patterns: patterns.to_vec(),
        })
    }

    pub fn is_match(&self, path: &str) -> bool {
        self.set.is_match(path)
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_star_matches_root_and_nested_but_star_stays_in_its_folder() {
        let g = GlobList::new(&["**/*.py".into(), "docs/*.md".into()], false).unwrap();
        assert!(g.is_match("a.py") && g.is_match("x/y/a.py"));
        assert!(g.is_match("docs/a.md") && !g.is_match("docs/sub/a.md"));
    }
}
