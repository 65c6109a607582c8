//! The checklist of section 5 of the Digital Standards Playbook, as `rules/checklist.toml`
//! holds it: each item's id, stage, how it can be met, titles and controls.

use crate::{Fact, Stage, Text};
use serde::Deserialize;

/// How a checklist item can be met (see checklist.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Rules decide from code, config and CI files.
    Inspect,
    /// A document or config records the decision.
    Evidence,
    /// Only a person can say; recorded as an attestation.
    Attest,
}

/// One item of section 5 of the Digital Standards Playbook.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub id: String,
    pub stage: Stage,
    pub method: Method,
    pub title: Text,
    /// Related ITSG-33 / NIST SP 800-53 controls.
    #[serde(default)]
    pub controls: Vec<String>,
    /// The item does not apply when this fact is false (no personal information, say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<Fact>,
}

impl ChecklistItem {
    /// `5.1` or `5.2`.
    pub fn section(&self) -> &str {
        &self.id[..3]
    }
}

/// The whole catalogue, in the standard's order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub item: Vec<ChecklistItem>,
}

impl Checklist {
    /// Parses the catalogue's TOML text.
    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    pub fn get(&self, id: &str) -> Option<&ChecklistItem> {
        self.item.iter().find(|i| i.id == id)
    }
}
