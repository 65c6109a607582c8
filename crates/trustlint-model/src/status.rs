//! Where each checklist item stands in the checklist report (`trustlint report`), and what
//! decided it: findings, evidence, attestations.

use crate::{Attestation, ChecklistItem, Finding};
use serde::Serialize;

/// Where an item stands at the repository's stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Fail,
    Review,
    Pass,
    Attested,
    NotApplicable,
    NotDue,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Fail,
        Status::Review,
        Status::Pass,
        Status::Attested,
        Status::NotApplicable,
        Status::NotDue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fail => "fail",
            Status::Review => "review",
            Status::Pass => "pass",
            Status::Attested => "attested",
            Status::NotApplicable => "not-applicable",
            Status::NotDue => "not-due",
        }
    }
}

/// One checklist item in the compliance report, with what decided its status.
#[derive(Debug, Clone, Serialize)]
pub struct ItemReport {
    #[serde(flatten)]
    pub item: ChecklistItem,
    pub status: Status,
    /// Why, in a sentence (in the report's language).
    pub reason: String,
    /// Rules that inspect the item and ran.
    pub rules: Vec<String>,
    pub findings: Vec<Finding>,
    /// Files that satisfied the item's evidence rules.
    pub evidence: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attestation: Option<Attestation>,
}
