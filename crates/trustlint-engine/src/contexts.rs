//! Where each hit's code runs, and whether its rule reports there: the engine's side of the
//! context model ([`trustlint_inspect::ContextPaths`]). A hit's context comes from its file's
//! path and first lines, then, in Rust, from the `#[cfg(test)]` items around its line and the
//! test modules other files declare (`#[cfg(test)] mod tests;` makes `tests.rs` test code).

use crate::active::Active;
use std::collections::{BTreeMap, BTreeSet};
use trustlint_inspect::{ContextPaths, FileCtx, Hit, TestModule};
use trustlint_model::CodeContext;

/// How much of a file's start the generated/minified check reads.
const HEAD: usize = 8 << 10;

/// Sets the context of the hits of one file.
pub(crate) fn assign(file: &FileCtx<'_>, paths: &ContextPaths, hits: &mut [(usize, Hit)]) {
    if hits.is_empty() {
        return;
    }
    let mut end = HEAD.min(file.text.len());
    while !file.text.is_char_boundary(end) {
        end -= 1;
    }
    let of_file = paths.of(file.path, &file.text[..end]);
    for (_, hit) in hits.iter_mut() {
        hit.context = of_file;
    }
    if of_file.is_production() {
        let tests = file.rust_test_lines();
        for (_, hit) in hits.iter_mut() {
            if tests.iter().any(|&(a, b)| (a..=b).contains(&hit.line)) {
                hit.context = CodeContext::Test;
            }
        }
    }
}

/// The files (and folders, ending in `/`) that test modules declared out of line pull in:
/// `src/api.rs` declaring `#[cfg(test)] mod tests;` makes `src/api/tests.rs`,
/// `src/api/tests/mod.rs` and everything under `src/api/tests/` test code.
pub(crate) fn test_module_paths(declared: &[(String, TestModule)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (file, module) in declared {
        let (dir, name) = file.rsplit_once('/').unwrap_or(("", file.as_str()));
        let join = |d: &str, rest: &str| {
            if d.is_empty() {
                rest.to_string()
            } else {
                format!("{d}/{rest}")
            }
        };
        if let Some(p) = &module.path {
            // `#[path]` is relative to the declaring file's folder.
            out.insert(normalise(&join(dir, p)));
            continue;
        }
        // `mod.rs`, `lib.rs` and `main.rs` own their folder; `a.rs` owns `a/`.
        let base = if matches!(name, "mod.rs" | "lib.rs" | "main.rs") {
            dir.to_string()
        } else {
            join(dir, name.trim_end_matches(".rs"))
        };
        out.insert(join(&base, &format!("{}.rs", module.name)));
        out.insert(join(&base, &format!("{}/", module.name)));
    }
    out
}

/// `a/./b/../c` -> `a/c`.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Hits in files that test modules pull in become test hits.
pub(crate) fn apply_test_modules(tests: &BTreeSet<String>, hits: &mut [(usize, Hit)]) {
    if tests.is_empty() {
        return;
    }
    for (_, hit) in hits.iter_mut() {
        if hit.context.is_production() && is_under(tests, &hit.path) {
            hit.context = CodeContext::Test;
        }
    }
}

fn is_under(tests: &BTreeSet<String>, path: &str) -> bool {
    tests.contains(path)
        || tests
            .iter()
            .any(|t| t.ends_with('/') && path.starts_with(t.as_str()))
}

/// Where each active rule reports, by catalogue index.
pub(crate) struct Reporting<'a> {
    by_rule: BTreeMap<usize, &'a Active<'a>>,
}

impl<'a> Reporting<'a> {
    pub(crate) fn new(active: &'a [Active<'a>]) -> Self {
        Reporting {
            by_rule: active.iter().map(|a| (a.index, a)).collect(),
        }
    }

    /// Whether the rule of `index` reports a hit in the hit's context.
    pub(crate) fn reports(&self, index: usize, hit: &Hit) -> bool {
        let Some(a) = self.by_rule.get(&index) else {
            return true;
        };
        a.contexts().contains(&hit.context)
            || (hit.credential_live_format
                && a.loaded().rule.live_format_contexts.contains(&hit.context))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(name: &str, path: Option<&str>) -> TestModule {
        TestModule {
            name: name.into(),
            path: path.map(String::from),
        }
    }

    #[test]
    fn declared_test_modules_name_their_files_and_folders() {
        let got = test_module_paths(&[
            ("src/lib.rs".into(), module("tests", None)),
            ("src/api/users.rs".into(), module("tests", None)),
            (
                "src/db/mod.rs".into(),
                module("fixtures", Some("../testdata/db.rs")),
            ),
        ]);
        let want: BTreeSet<String> = [
            "src/tests.rs",
            "src/tests/",
            "src/api/users/tests.rs",
            "src/api/users/tests/",
            "src/testdata/db.rs",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        assert_eq!(got, want);
        assert!(is_under(&got, "src/tests/helpers.rs"));
        assert!(!is_under(&got, "src/testsuite.rs"));
    }
}
