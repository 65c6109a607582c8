//! Every output trustlint writes, from the one finding model: rustc-style text for people,
//! JSON for scripts, SARIF 2.1.0 for GitHub code scanning, Markdown for pull requests and job
//! summaries, the rule pages shown by `trustlint explain` and kept in `docs/rules/`, and the
//! listings of `trustlint rules`, `trustlint routes` and `trustlint explain ITEM`. The command
//! line only chooses one and writes it.

mod checklist;
mod credentials;
pub mod escape_markdown;
pub mod escape_text;
mod item;
mod json;
mod markdown;
mod page;
mod routes;
mod rules;
mod sarif;
mod text;

pub use checklist::{checklist_html, checklist_json, checklist_markdown, ChecklistReport};
pub use credentials::{credential_list_json, credential_list_text, CredentialRow};
pub use item::item_page;
pub use json::json;
pub use markdown::markdown;
pub use page::{help_uri, rule_page};
pub use routes::{route_list_json, route_list_text, RouteList};
pub use rules::{pattern_list, rule_list_json, rule_list_text};
pub use sarif::sarif;
pub use text::text;

use trustlint_model::{Checklist, Finding, Lang, Notification, Rule, Stage, Stats};

/// Everything an emitter needs about one scan.
pub struct Report<'a> {
    pub version: &'a str,
    pub stage: Stage,
    pub lang: Lang,
    /// The rules that ran (so SARIF lists each one once, with or without results).
    pub rules: Vec<&'a Rule>,
    pub findings: &'a [Finding],
    pub notifications: &'a [Notification],
    pub stats: &'a Stats,
    /// SARIF `automationDetails.id`, e.g. `trustlint/`.
    pub category: &'a str,
    /// For item titles and the controls each rule maps to.
    pub checklist: &'a Checklist,
    /// The checkout the scan read, when it is one (SARIF `versionControlProvenance`).
    pub provenance: Option<&'a Provenance>,
}

/// Where the scanned files come from: the repository's URL (no credentials), commit, branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub repository_uri: String,
    pub revision: String,
    pub branch: Option<String>,
}
