//! `cargo-deps`: Cargo manifests read as TOML (never by running `cargo`, which would run the
//! repository's build scripts and wrappers). Each rule picks one check:
//!
//! - `git-unpinned`: a git dependency without `rev` (a branch or tag can move);
//! - `wildcard-version`: a dependency on version `*`;
//! - `lockfile-missing`: a binary crate (`src/main.rs` or `[[bin]]`) with no `Cargo.lock` in its
//!   folder or any folder above it, so every build resolves dependencies anew, or with one that
//!   does not parse or does not list the crate;
//! - `logging-missing`: a crate that depends on a web framework but on no logging crate.

use crate::context::{FileCtx, Hit, Output, ParseError, RepoCtx};
use crate::Inspector;
use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;
use trustlint_model::{line_col, Text};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub check: Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    GitUnpinned,
    WildcardVersion,
    LockfileMissing,
    LoggingMissing,
}

pub struct CargoDeps(Check);

impl CargoDeps {
    pub fn new(p: &Params) -> Self {
        CargoDeps(p.check)
    }
}

const MANIFESTS: &str = "**/Cargo.toml";
pub(crate) const WEB_FRAMEWORKS: [&str; 7] = [
    "axum",
    "actix-web",
    "rocket",
    "warp",
    "poem",
    "tide",
    "salvo",
];
const LOGGING: [&str; 11] = [
    "log",
    "tracing",
    "tracing-subscriber",
    "slog",
    "env_logger",
    "pretty_env_logger",
    "fern",
    "log4rs",
    "flexi_logger",
    "simple_logger",
    "tracing-log",
];
const SECTIONS: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];

/// Every dependency entry of a manifest: (name, value), from the top-level, workspace and
/// target-specific tables.
fn dependencies<'a, 'i>(doc: &'a DeTable<'i>) -> Vec<(&'a str, &'a Spanned<DeValue<'i>>)> {
    dependencies_in(doc, &SECTIONS)
}

/// The entries of the given dependency sections only (`["dependencies"]`: what the program
/// runs with, not what it is tested or built with).
fn dependencies_in<'a, 'i>(
    doc: &'a DeTable<'i>,
    sections: &[&str],
) -> Vec<(&'a str, &'a Spanned<DeValue<'i>>)> {
    let mut tables: Vec<&DeTable<'_>> = Vec::new();
    let table = |t: &'a DeTable<'i>, k: &str| t.get(k).and_then(|v| v.get_ref().as_table());
    for s in sections {
        tables.extend(table(doc, s));
    }
    if let Some(ws) = table(doc, "workspace") {
        tables.extend(table(ws, "dependencies"));
    }
    if let Some(targets) = table(doc, "target") {
        for (_, t) in targets.iter() {
            if let Some(t) = t.get_ref().as_table() {
                for s in sections {
                    tables.extend(table(t, s));
                }
            }
        }
    }
    tables
        .into_iter()
        .flat_map(|t| t.iter().map(|(k, v)| (k.get_ref().as_ref(), v)))
        .collect()
}

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
            Err(e) => {
                let line = e.span().map_or(1, |s| line_col(file.text, s.start).0);
                return out.parse_error(
                    file.path,
                    &ParseError {
                        line,
                        message: e.message().to_string(),
                    },
                );
            }
        };
        let mut hit = |at: usize, name: &str, matched: String| {
            let (line, column) = line_col(file.text, at);
            out.hits.push(Hit {
                path: file.path.to_string(),
                line,
                column,
                args: vec![("name".into(), name.to_string())],
                matched,
                source_line: crate::SHOW_LINE,
                ..Hit::default()
            });
        };
        for (name, value) in dependencies(doc.get_ref()) {
            let table = value.get_ref().as_table();
            match self.0 {
                Check::GitUnpinned => {
                    let Some(t) = table else { continue };
                    if let (Some(git), None) = (t.get("git"), t.get("rev")) {
                        hit(git.span().start, name, format!("{name}:git"));
                    }
                }
                Check::WildcardVersion => {
                    let version = match table {
                        Some(t) => t.get("version"),
                        None => Some(value),
                    };
                    if let Some(v) =
                        version.filter(|v| v.get_ref().as_str().is_some_and(|s| s.trim() == "*"))
                    {
                        hit(v.span().start, name, format!("{name}:*"));
                    }
                }
                Check::LockfileMissing | Check::LoggingMissing => {}
            }
        }
    }

    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        let has = |p: &str| repo.files.binary_search_by(|f| f.as_str().cmp(p)).is_ok();
        if self.0 == Check::LoggingMissing {
            return logging_missing(repo, &has, out);
        }
        if self.0 != Check::LockfileMissing {
            return;
        }
        for manifest in repo.files.iter().filter(|f| f.ends_with("Cargo.toml")) {
            let dir = manifest.strip_suffix("Cargo.toml").unwrap_or("");
            let binary = has(&format!("{dir}src/main.rs"))
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
            if let Some(lock) = ancestors
                .iter()
                .map(|a| format!("{a}Cargo.lock"))
                .find(|l| has(l))
            {
                match lock_problem(repo, manifest, &lock) {
                    None => out.evidence.push(manifest.clone()),
                    Some(message) => out.hits.push(Hit {
                        path: lock.clone(),
                        line: 1,
                        column: 1,
                        args: vec![("name".into(), manifest.clone())],
                        matched: format!("stale:{lock}"),
                        message: Some(message),
                        ..Hit::default()
                    }),
                }
                continue;
            }
            out.hits.push(Hit {
                path: manifest.clone(),
                line: 1,
                column: 1,
                args: vec![("name".into(), manifest.clone())],
                matched: format!("lock:{manifest}"),
                ..Hit::default()
            });
        }
    }
}

/// A program (not a library: the program picks the logger) that serves HTTP with a framework
/// among its own, non-optional dependencies, and depends on no logging library.
fn logging_missing(repo: &RepoCtx<'_>, has: &dyn Fn(&str) -> bool, out: &mut Output) {
    out.nothing_to_inspect = true;
    for manifest in repo.files.iter().filter(|f| f.ends_with("Cargo.toml")) {
        let dir = manifest.strip_suffix("Cargo.toml").unwrap_or("");
        let Some(text) = (repo.read)(manifest) else {
            continue;
        };
        let binary = has(&format!("{dir}src/main.rs")) || text.contains("[[bin]]");
        if !binary {
            continue;
        }
        let Ok(doc) = DeTable::parse(&text) else {
            continue;
        };
        let runtime: Vec<(&str, &Spanned<DeValue<'_>>)> =
            dependencies_in(doc.get_ref(), &["dependencies"])
                .into_iter()
                .filter(|(_, v)| {
                    let t = v.get_ref().as_table();
                    t.and_then(|t| t.get("optional"))
                        .is_none_or(|o| o.get_ref().as_bool() != Some(true))
                })
                .collect();
        let serves = runtime.iter().any(|(n, _)| WEB_FRAMEWORKS.contains(n));
        if serves && runtime.iter().any(|(n, _)| LOGGING.contains(n)) {
            out.nothing_to_inspect = false;
            out.evidence.push(manifest.clone());
            continue;
        }
        let Some((name, v)) = runtime.iter().find(|(n, _)| WEB_FRAMEWORKS.contains(n)) else {
            continue;
        };
        out.nothing_to_inspect = false;
        let (line, column) = line_col(&text, v.span().start);
        out.hits.push(Hit {
            path: manifest.clone(),
            line,
            column,
            args: vec![("name".into(), name.to_string())],
            matched: format!("{name}:no-logging"),
            ..Hit::default()
        });
    }
}

/// The `[package] name` of a manifest, as written.
pub(crate) fn package_name(manifest: &str) -> Option<String> {
    let doc = DeTable::parse(manifest).ok()?;
    let package = doc.get_ref().get("package")?.get_ref().as_table()?;
    package.get("name")?.get_ref().as_str().map(str::to_string)
}

/// Whether a manifest's runtime dependencies (not dev, not build) name a web framework, in
/// any of Cargo's spellings (`axum = ..`, `[dependencies.axum]`, `axum.workspace = true`).
pub(crate) fn serves_http(manifest: &str) -> bool {
    DeTable::parse(manifest).is_ok_and(|doc| {
        dependencies_in(doc.get_ref(), &["dependencies"])
            .iter()
            .any(|(n, _)| WEB_FRAMEWORKS.contains(n))
    })
}

/// A committed lock file that does not do its job: it does not parse (read with `cargo-lock`),
/// or it does not list the crate, so it belongs to another project or is stale.
fn lock_problem(repo: &RepoCtx<'_>, manifest: &str, lock: &str) -> Option<Text> {
    let text = (repo.read)(lock)?;
    let parsed = match text.parse::<cargo_lock::Lockfile>() {
        Ok(l) => l,
        Err(e) => {
            return Some(Text::new(
                format!("`{lock}` does not parse ({e}), so builds resolve dependencies anew"),
                format!("`{lock}` ne s'analyse pas ({e}); les compilations résolvent donc les dépendances de nouveau"),
            ))
        }
    };
    let name = (repo.read)(manifest).and_then(|t| package_name(&t))?;
    if parsed.packages.iter().any(|p| p.name.as_str() == name) {
        return None;
    }
    Some(Text::new(
        format!("`{lock}` does not list `{name}`: it is stale or belongs to another project"),
        format!(
            "`{lock}` ne contient pas `{name}` : il est périmé ou appartient à un autre projet"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(check: Check, text: &str) -> Vec<(u32, u32, String)> {
        let mut out = Output::default();
        CargoDeps(check).check_file(&FileCtx::new("Cargo.toml", text), &mut out);
        out.hits
            .into_iter()
            .map(|h| (h.line, h.column, h.matched))
            .collect()
    }

    const MANIFEST: &str = "[package]\nname = \"x\"\n\n[dependencies]\nserde = \"*\"\nfoo = { git = \"https://github.com/o/foo\", branch = \"main\" }\nbar = { git = \"https://github.com/o/bar\", rev = \"0123abc\" }\n\n[target.'cfg(unix)'.dev-dependencies]\nbaz = { version = \"*\" }\n\n[workspace.dependencies]\nqux = { git = \"https://github.com/o/qux\", tag = \"v1\" }\n";

    #[test]
    fn a_web_service_is_known_by_its_runtime_dependencies_in_any_spelling() {
        let pkg = "[package]\nname = \"svc\"\n";
        assert!(serves_http(&format!(
            "{pkg}[dependencies]\naxum = \"0.8\"\n"
        )));
        assert!(serves_http(&format!(
            "{pkg}[dependencies.actix-web]\nversion = \"4\"\n"
        )));
        assert!(serves_http(&format!(
            "{pkg}[dependencies]\nwarp.workspace = true\n"
        )));
        assert!(!serves_http(&format!(
            "{pkg}[dev-dependencies]\naxum = \"0.8\"\n"
        )));
        assert!(!serves_http(&format!(
            "{pkg}# axum = \"0.8\"\n[dependencies]\nserde = \"1\"\n"
        )));
        assert_eq!(package_name(pkg).as_deref(), Some("svc"));
    }

    #[test]
    fn git_without_rev_and_wildcards_at_their_lines() {
        let mut git = run(Check::GitUnpinned, MANIFEST);
        git.sort();
        assert_eq!(
            git,
            vec![(6, 15, "foo:git".into()), (13, 15, "qux:git".into())]
        );
        let mut wild = run(Check::WildcardVersion, MANIFEST);
        wild.sort();
        assert_eq!(
            wild,
            vec![(5, 9, "serde:*".into()), (10, 19, "baz:*".into())]
        );
    }
}
