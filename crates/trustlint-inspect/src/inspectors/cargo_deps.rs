//! `cargo-deps`: Cargo manifests and lock files, read as data by [`crate::formats::cargo`]
//! (never by running `cargo`, which would run the repository's build scripts and wrappers).
//! Each rule picks one check (see `checks/cargo_deps/`):
//!
//! - `git-unpinned`: a git dependency without `rev` (a branch or tag can move);
//! - `wildcard-version`: a dependency on version `*`;
//! - `lockfile-missing`: a binary crate whose builds resolve dependencies anew (no lock file,
//!   or one that does not parse or does not list the crate);
//! - `logging-missing`: a crate that depends on a web framework but on no logging crate.

use super::{Choice, Inspector};
use crate::checks::cargo_deps::{git_unpinned, lockfile_missing, logging_missing, wildcard_version};
use crate::ctx::{FileCtx, RepoCtx};
use crate::formats::toml::parse_error;
use crate::out::Output;
use serde::Deserialize;
use toml::de::DeTable;

pub type Params = Choice<Check>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    GitUnpinned,
    WildcardVersion,
    LockfileMissing,
    LoggingMissing,
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(CargoDeps(p.check)))
}

struct CargoDeps(Check);

const MANIFESTS: &str = "**/Cargo.toml";

impl Inspector for CargoDeps {
    fn file_globs(&self) -> Vec<String> {
        match self.0 {
            Check::LockfileMissing | Check::LoggingMissing => Vec::new(),
            _ => vec![MANIFESTS.into()],
        }
    }

    fn watched(&self) -> Vec<String> {
        vec![
            MANIFESTS.into(),
            "**/Cargo.lock".into(),
            "**/src/main.rs".into(),
        ]
    }

    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        if !file.path.ends_with("Cargo.toml") {
            return;
        }
        let doc = match DeTable::parse(file.text) {
            Ok(doc) => doc,
            Err(e) => return out.parse_error(file.path, &parse_error(file.text, &e)),
        };
        let doc = doc.get_ref();
        match self.0 {
            Check::GitUnpinned => {
                out.hits
                    .extend(git_unpinned::find(doc).iter().map(|f| f.hit(file)));
            }
            Check::WildcardVersion => {
                out.hits
                    .extend(wildcard_version::find(doc).iter().map(|f| f.hit(file)));
            }
            Check::LockfileMissing | Check::LoggingMissing => {}
        }
    }

    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        match self.0 {
            Check::LockfileMissing => {
                for found in lockfile_missing::find(repo) {
                    found.record(out);
                }
            }
            Check::LoggingMissing => {
                let found = logging_missing::find(repo);
                out.nothing_to_inspect = found.is_empty();
                for f in found {
                    f.record(out);
                }
            }
            Check::GitUnpinned | Check::WildcardVersion => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::places;

    #[test]
    fn a_manifest_that_does_not_parse_is_a_notification_at_its_line() {
        let mut out = Output::default();
        build(&Params {
            check: Check::GitUnpinned,
        })
        .unwrap()
        .check_file(&FileCtx::new("Cargo.toml", "[dependencies]\nx = = 1\n"), &mut out);
        assert_eq!(out.notifications[0].line, Some(2));
    }

    #[test]
    fn manifest_hits_ask_the_engine_to_show_their_line() {
        let mut out = Output::default();
        let text = "[dependencies]\nserde = \"*\"\n";
        build(&Params {
            check: Check::WildcardVersion,
        })
        .unwrap()
        .check_file(&FileCtx::new("api/Cargo.toml", text), &mut out);
        assert_eq!(places(&out.hits), vec![(2, 9, "serde:*".into())]);
        // The engine shows a window of the line; the hit only asks for it.
        assert_eq!(out.hits[0].source_line.as_deref(), Some(""));
    }
}
