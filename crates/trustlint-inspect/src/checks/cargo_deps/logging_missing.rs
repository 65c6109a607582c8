//! `logging-missing`: a program (not a library: the program picks the logger) that serves
//! HTTP with a framework among its own, non-optional dependencies, and depends on no logging
//! library. Without logs, nobody can tell after the fact who did what.

use super::{has, manifests};
use crate::ctx::RepoCtx;
use crate::formats::cargo::{dependencies, Dependency, RUNTIME, WEB_FRAMEWORKS};
use crate::out::{Hit, Output};
use toml::de::DeTable;
use trustlint_model::line_col;

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

/// What one web service's manifest says about logging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Logging {
    /// It depends on a logging library.
    Present { manifest: String },
    /// It does not: at the framework dependency.
    Missing {
        manifest: String,
        framework: String,
        line: u32,
        column: u32,
    },
}

/// The web services among the repository's binary crates; none when there are none (then
/// the rule had nothing to inspect).
pub fn find(repo: &RepoCtx<'_>) -> Vec<Logging> {
    let mut out = Vec::new();
    for (manifest, dir) in manifests(repo) {
        let Some(text) = (repo.read)(manifest) else {
            continue;
        };
        let binary = has(repo, &format!("{dir}src/main.rs")) || text.contains("[[bin]]");
        if !binary {
            continue;
        }
        let Ok(doc) = DeTable::parse(&text) else {
            continue;
        };
        let runtime: Vec<Dependency<'_, '_>> = dependencies(doc.get_ref(), &RUNTIME)
            .into_iter()
            .filter(|(_, v)| {
                let t = v.get_ref().as_table();
                t.and_then(|t| t.get("optional"))
                    .is_none_or(|o| o.get_ref().as_bool() != Some(true))
            })
            .collect();
        let Some((name, v)) = runtime.iter().find(|(n, _)| WEB_FRAMEWORKS.contains(n)) else {
            continue;
        };
        let manifest = manifest.clone();
        if runtime.iter().any(|(n, _)| LOGGING.contains(n)) {
            out.push(Logging::Present { manifest });
            continue;
        }
        let (line, column) = line_col(&text, v.span().start);
        out.push(Logging::Missing {
            manifest,
            framework: name.to_string(),
            line,
            column,
        });
    }
    out
}

impl Logging {
    pub fn record(self, out: &mut Output) {
        match self {
            Logging::Present { manifest } => out.evidence.push(manifest),
            Logging::Missing {
                manifest,
                framework,
                line,
                column,
            } => out.hits.push(
                Hit::at(manifest, line, column)
                    .arg("name", framework.as_str())
                    .matched(format!("{framework}:no-logging")),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::with_repo;

    fn run(manifest: &str) -> Vec<Logging> {
        with_repo(&[("Cargo.toml", manifest), ("src/main.rs", "")], find)
    }

    #[test]
    fn a_service_without_a_logger_is_found_at_its_framework() {
        let found =
            run("[package]\nname = \"svc\"\n[dependencies]\nserde = \"1\"\naxum = \"0.8\"\n");
        assert_eq!(
            found,
            vec![Logging::Missing {
                manifest: "Cargo.toml".into(),
                framework: "axum".into(),
                line: 5,
                column: 8
            }]
        );
        let ok = run("[dependencies]\naxum = \"0.8\"\ntracing = \"0.1\"\n");
        assert!(matches!(&ok[..], [Logging::Present { .. }]));
    }

    #[test]
    fn optional_or_dev_frameworks_are_not_a_service() {
        assert!(run("[dependencies]\naxum = { version = \"0.8\", optional = true }\n").is_empty());
        assert!(run("[dev-dependencies]\naxum = \"0.8\"\n").is_empty());
    }
}
