//! `lockfile-missing`: a binary crate (`src/main.rs` or `[[bin]]`) with no `Cargo.lock` in its
//! folder or any folder above it, so every build resolves dependencies anew; or with one that
//! does not parse or does not list the crate (stale, or another project's).

use super::{has, manifests};
use crate::ctx::RepoCtx;
use crate::formats::cargo::{lock_packages, package_name};
use crate::out::{Hit, Output};
use trustlint_model::Text;

/// What the lock file of one binary crate is like.
#[derive(Debug, Clone, PartialEq)]
pub enum Lockfile {
    /// A lock file above the manifest lists the crate.
    Current { manifest: String },
    /// No lock file beside the manifest or above it.
    Missing { manifest: String },
    /// The nearest lock file does not do its job, and why.
    Unusable {
        manifest: String,
        lock: String,
        why: Text,
    },
}

pub fn find(repo: &RepoCtx<'_>) -> Vec<Lockfile> {
    let mut out = Vec::new();
    for (manifest, dir) in manifests(repo) {
        let binary = has(repo, &format!("{dir}src/main.rs"))
            || (repo.read)(manifest).is_some_and(|t| t.contains("[[bin]]"));
        if !binary {
            continue;
        }
        // The lock file sits beside the manifest or at a workspace root above it.
        let mut ancestors = vec![dir.to_string()];
        let mut d = dir.trim_end_matches('/');
        while let Some(i) = d.rfind('/') {
            d = &d[..i];
            ancestors.push(format!("{d}/"));
        }
        ancestors.push(String::new());
        let manifest = manifest.clone();
        let found = ancestors
            .iter()
            .map(|a| format!("{a}Cargo.lock"))
            .find(|l| has(repo, l));
        out.push(match found {
            None => Lockfile::Missing { manifest },
            Some(lock) => match problem(repo, &manifest, &lock) {
                None => Lockfile::Current { manifest },
                Some(why) => Lockfile::Unusable {
                    manifest,
                    lock,
                    why,
                },
            },
        });
    }
    out
}

/// Why a committed lock file does not do its job, if it does not.
fn problem(repo: &RepoCtx<'_>, manifest: &str, lock: &str) -> Option<Text> {
    let text = (repo.read)(lock)?;
    // Parsed before the manifest is read: a broken lock is reported even beside a manifest
    // without a name.
    let packages = match lock_packages(&text) {
        Ok(p) => p,
        Err(e) => {
            return Some(Text::new(
                format!("`{lock}` does not parse ({e}), so builds resolve dependencies anew"),
                format!("`{lock}` ne s'analyse pas ({e}); les compilations résolvent donc les dépendances de nouveau"),
            ))
        }
    };
    let name = (repo.read)(manifest).and_then(|t| package_name(&t))?;
    if packages.contains(&name) {
        return None;
    }
    Some(Text::new(
        format!("`{lock}` does not list `{name}`: it is stale or belongs to another project"),
        format!(
            "`{lock}` ne contient pas `{name}` : il est périmé ou appartient à un autre projet"
        ),
    ))
}

impl Lockfile {
    /// A current lock is evidence; the others are hits (at the lock that falls short, or at
    /// the manifest that has none).
    pub fn record(self, out: &mut Output) {
        match self {
            Lockfile::Current { manifest } => out.evidence.push(manifest),
            Lockfile::Missing { manifest } => out.hits.push(
                Hit::at(manifest.as_str(), 1, 1)
                    .arg("name", manifest.as_str())
                    .matched(format!("lock:{manifest}")),
            ),
            Lockfile::Unusable {
                manifest,
                lock,
                why,
            } => out.hits.push(
                Hit::at(lock.as_str(), 1, 1)
                    .arg("name", manifest)
                    .message(why)
                    .matched(format!("stale:{lock}")),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::with_repo;

    fn run(files: &[(&str, &str)]) -> Vec<Lockfile> {
        with_repo(files, find)
    }

    const SVC: &str = "[package]\nname = \"svc\"\n";

    #[test]
    fn a_binary_needs_a_lock_that_lists_it_a_library_does_not() {
        let lock = "version = 3\n\n[[package]]\nname = \"svc\"\nversion = \"0.1.0\"\n";
        assert_eq!(
            run(&[("svc/Cargo.toml", SVC), ("svc/src/main.rs", "")]),
            vec![Lockfile::Missing {
                manifest: "svc/Cargo.toml".into()
            }]
        );
        assert_eq!(
            run(&[
                ("Cargo.lock", lock),
                ("svc/Cargo.toml", SVC),
                ("svc/src/main.rs", "")
            ]),
            vec![Lockfile::Current {
                manifest: "svc/Cargo.toml".into()
            }]
        );
        let other = lock.replace("svc", "other");
        let found = run(&[
            ("Cargo.lock", &other),
            ("Cargo.toml", SVC),
            ("src/main.rs", ""),
        ]);
        assert!(
            matches!(&found[..], [Lockfile::Unusable { lock, why, .. }] if lock == "Cargo.lock" && why.en.contains("does not list `svc`")),
            "{found:?}"
        );
        assert!(run(&[("Cargo.toml", SVC), ("src/lib.rs", "")]).is_empty());
    }
}
