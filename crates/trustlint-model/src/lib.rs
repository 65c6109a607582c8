//! The data model every other trustlint crate shares: severities, stages, languages, the rule
//! metadata, the checklist catalogue and the one [`Finding`] type that every output reads.
//!
//! Nothing here knows how a finding was produced or how it will be printed; that keeps the
//! dependency graph one-way (cli -> engine -> inspectors -> model).

mod checklist;
mod context;
mod finding;
pub mod path;
mod profile;
mod route;
mod route_out;
mod rule;
mod status;
mod text;

pub use checklist::{Checklist, ChecklistItem, Method};
pub use context::{CodeContext, Confidence};
pub use finding::{
    Finding, Location, Notification, NotificationLevel, Related, Stats, SuppressionKind,
};
pub use profile::{Attestation, AttestationKind, Category, Fact, FactValue, Profile, RoutePolicy};
pub use route::{
    AuthEvidence, AuthKind, Handler, HttpMethod, Inference, PublicReason, RouteFact, Standing,
};
pub use route_out::{Place, RouteOut, Shape};
pub use rule::{DocPage, Docs, Rule};
pub use status::{ItemReport, Status};
pub use text::{fill_parts, Lang, Text};

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is. Ordered so that `Error > Warning > Note`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A delivery stage. Stages are cumulative: `Beta` must also meet every `Alpha` item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Alpha,
    Beta,
    Live,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Alpha => "alpha",
            Stage::Beta => "beta",
            Stage::Live => "live",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Turns a byte offset into a 1-based (line, column) pair; columns count characters.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let mut offset = offset;
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line as u32, column as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a\néé x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 2), (2, 1));
        assert_eq!(line_col(text, text.find('x').unwrap()), (2, 4));
    }

    #[test]
    fn severities_order_from_note_to_error() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Note);
        assert!(Stage::Live > Stage::Beta && Stage::Beta > Stage::Alpha);
    }
}
