//! Code checks: one check per file, each what a rule's `check = "…"` selects within its
//! inspector kind (`checks/<kind>/<check>.rs` for `[inspect.<kind>] check = "<check>"`).
//!
//! Each file has the same parts: a module doc saying what the check finds and why it matters,
//! a named result type for one thing found, a `find` function from the parsed input (a
//! workflow document, Dockerfile instructions, a manifest, a Rust syntax tree, the service
//! model) to those results, a `hit` (or `record`) method that turns a result into what the
//! rule reports, and unit tests of `find` on small inputs: what is found, where, and what is
//! not.
//!
//! May use: [`crate::out`], [`crate::pattern`], [`crate::formats`], [`crate::lang`] and
//! [`crate::ctx`]. Never the inspectors: they parse once and call the checks.

pub mod cargo_deps;
pub mod ci_pipeline;
pub mod dockerfile;
pub mod github_workflow;
pub mod rust_code;
pub mod rust_routes;
pub mod rust_service;
pub mod text_pattern;

#[cfg(test)]
pub(crate) mod test_support {
    use crate::ctx::{RepoCtx, Shared};
    use crate::lang::rust::service::Service;
    use crate::out::{Hit, Output};
    use trustlint_model::{Profile, RoutePolicy};

    /// Runs `f` on a repository of in-memory files (path, text), its Rust files noted as
    /// interesting, with an empty profile and route policy, on 2026-06-30.
    pub fn with_repo<T>(files: &[(&str, &str)], f: impl FnOnce(&RepoCtx<'_>) -> T) -> T {
        with_repo_policy(files, &Profile::default(), &RoutePolicy::default(), f)
    }

    /// Runs `f` on an axum crate made of these files.
    pub fn with_service<T>(
        files: &[(&str, &str)],
        profile: &Profile,
        f: impl FnOnce(&RepoCtx<'_>) -> T,
    ) -> T {
        let mut all = vec![("Cargo.toml", "[dependencies]\naxum = \"0.8\"\n")];
        all.extend_from_slice(files);
        with_repo_policy(&all, profile, &RoutePolicy::default(), f)
    }

    /// What `record` makes of the service model of an axum crate made of these files.
    pub fn service_output(
        files: &[(&str, &str)],
        profile: &Profile,
        record: impl FnOnce(&Service, &RepoCtx<'_>, &mut Output),
    ) -> Output {
        with_service(files, profile, |repo| {
            let mut out = Output::default();
            record(repo.rust_service(), repo, &mut out);
            out
        })
    }

    /// [`with_repo`] with a profile and route policy of the test's own.
    pub fn with_repo_policy<T>(
        files: &[(&str, &str)],
        profile: &Profile,
        routes: &RoutePolicy,
        f: impl FnOnce(&RepoCtx<'_>) -> T,
    ) -> T {
        let mut index: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        index.sort();
        let read = |p: &str| {
            files
                .iter()
                .find(|(q, _)| *q == p)
                .map(|(_, t)| t.to_string())
        };
        let rust: Vec<String> = index
            .iter()
            .filter(|p| p.ends_with(".rs"))
            .cloned()
            .collect();
        let shared = Shared::default();
        let repo = RepoCtx {
            files: &index,
            read: &read,
            anchor: "Cargo.toml",
            config_path: None,
            profile,
            attestations: &[],
            today: jiff::civil::date(2026, 6, 30),
            review_months: 12,
            routes,
            shared: &shared,
            interesting: &rust,
        };
        f(&repo)
    }

    /// (line, column, matched) of each hit: what the checks' tests compare.
    pub fn places(hits: &[Hit]) -> Vec<(u32, u32, String)> {
        hits.iter()
            .map(|h| (h.line, h.column, h.matched.clone()))
            .collect()
    }
}
