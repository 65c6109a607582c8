//! A rule's metadata, independent of how it inspects: id, checklist items, stage, severities,
//! titles, messages, help and its documentation page, as every output shows them.

use crate::{CodeContext, Confidence, Fact, Lang, Severity, Stage, Text};
use serde::{Deserialize, Serialize};

/// What a rule is, independent of how it inspects: the metadata every output shows.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    /// Kebab-case name of the bad state, e.g. `plain-http-url`; never reused.
    pub id: String,
    /// Checklist item IDs from the catalogue that this rule gives evidence for.
    pub checklist: Vec<String>,
    /// Earliest stage at which the rule applies.
    pub stage: Stage,
    pub severity: Severity,
    /// CVSS-like score (0.0-10.0) that GitHub code scanning uses to rank security results.
    pub security_severity: f64,
    /// `security` and/or `privacy`.
    pub tags: Vec<String>,
    pub title: Text,
    pub message: Text,
    pub help: Text,
    pub docs: Docs,
    /// The rule applies only when all these facts hold (declared or inferred).
    pub requires: Vec<Fact>,
    /// Findings of this rule show the fact is true when the profile does not say.
    pub infers: Option<Fact>,
    /// Where the rule reports: hits in other code contexts are left out.
    pub contexts: Vec<CodeContext>,
    /// More contexts where only live-format evidence is reported (a credential in its
    /// provider's format, in a test file).
    pub live_format_contexts: Vec<CodeContext>,
    /// The confidence of hits that do not state their own.
    pub confidence: Confidence,
    /// The inspector kind, e.g. `text-pattern`.
    pub kind: String,
    /// Where the rule was loaded from (`rules/https/plain-http-url.toml`, or a user's folder).
    pub source: String,
    /// Shipped inside the binary (reviewed); false for a repository's own rule, whose texts
    /// are shown as untrusted text.
    #[serde(skip)]
    pub embedded: bool,
}

/// A rule's documentation page, in both languages.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    pub en: DocPage,
    pub fr: DocPage,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocPage {
    pub what: String,
    pub why: String,
    pub fix: String,
    #[serde(default)]
    pub example: Option<String>,
}

impl Docs {
    pub fn get(&self, lang: Lang) -> &DocPage {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }
}
