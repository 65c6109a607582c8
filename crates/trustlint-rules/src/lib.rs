//! The rule catalogue shipped with trustlint: every `rules/<area>/<rule-id>.toml`, the
//! checklist, and the credential catalogue (`rules/credentials/<kind>.toml`, one file per kind
//! of credential), embedded at build time so an installed binary needs no files beside it.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// GitHub Actions known without the network (archived ones, popular ones that typo-squatted
/// names imitate), dated; see the file's header for its sources.
pub static GITHUB_ACTIONS: &str = include_str!("../data/github-actions.toml");
