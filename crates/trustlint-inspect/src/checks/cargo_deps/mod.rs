//! The checks of the `cargo-deps` kind: two on each manifest as
//! [`crate::formats::cargo`] reads it, two on the repository's crates as a whole.

pub mod git_unpinned;
pub mod lockfile_missing;
pub mod logging_missing;
pub mod wildcard_version;

use crate::ctx::{FileCtx, RepoCtx};
use crate::out::Hit;
use trustlint_model::line_col;

/// A hit at a dependency of the manifest `file`, at byte `at`: `{name}` is the dependency.
fn dependency_hit(file: &FileCtx<'_>, name: &str, at: usize, matched: String) -> Hit {
    let (line, column) = line_col(file.text, at);
    file.hit(line, column).arg("name", name).matched(matched)
}

/// Each manifest of the repository with its crate's folder (trailing `/`, empty at the root).
fn manifests<'r>(repo: &RepoCtx<'r>) -> impl Iterator<Item = (&'r String, &'r str)> {
    repo.files
        .iter()
        .filter(|f| f.ends_with("Cargo.toml"))
        .map(|m| (m, m.strip_suffix("Cargo.toml").unwrap_or("")))
}

/// Whether the repository's index holds `path`.
fn has(repo: &RepoCtx<'_>, path: &str) -> bool {
    repo.files
        .binary_search_by(|f| f.as_str().cmp(path))
        .is_ok()
}
