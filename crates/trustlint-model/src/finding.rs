//! The one finding model every output reads: [`Finding`] with its [`Location`] and related
//! places, suppressions, the tool's own [`Notification`]s and the [`Stats`] of a run.

use crate::{CodeContext, Confidence, Severity};
use serde::Serialize;

/// A place in the scanned repository. Lines and columns are 1-based; a finding about a whole
/// file has line 1, column 1.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// Relative to the scanned root, `/`-separated.
    pub path: String,
    pub line: u32,
    pub column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
}

impl Location {
    pub fn file(path: impl Into<String>) -> Self {
        Location {
            path: path.into(),
            line: 1,
            column: 1,
            end_line: None,
            end_column: None,
        }
    }
}

/// A second place that explains a finding (the config line that required it, a handler).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
}

/// The one finding model that every output (text, JSON, SARIF, Markdown) reads.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule_id: String,
    pub checklist: Vec<String>,
    pub severity: Severity,
    /// How directly the evidence shows the bad state.
    pub confidence: Confidence,
    /// Where the code runs, when not production (a live credential in a test file).
    #[serde(skip_serializing_if = "CodeContext::is_production")]
    pub context: CodeContext,
    pub message: String,
    /// `message` as its template marks code and prose (see [`crate::fill_parts`]); empty when
    /// the message has no template.
    #[serde(skip)]
    pub message_parts: Vec<(bool, String)>,
    #[serde(flatten)]
    pub location: Location,
    /// Stable across edits elsewhere in the file: rule, path and normalised matched text.
    pub fingerprint: String,
    pub suppressed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppression_reason: Option<String>,
    /// `in-source` (a comment next to the code) or `external` (the config, an attestation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppression_kind: Option<SuppressionKind>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// A window of the source line at `location.line`, for display: bounded, redacted, with `…`
    /// where the line was cut.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// The column of the line where `source_line`'s first character stands.
    #[serde(skip)]
    pub source_column: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressionKind {
    InSource,
    External,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NotificationLevel {
    Note,
    Warning,
    Error,
}

/// Something the tool itself wants to say: a file it skipped, one it could not parse.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Notification {
    pub level: NotificationLevel,
    /// A short stable code, e.g. `file-too-large`.
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// Counts a run reports about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub files_seen: u64,
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub skipped_binary: u64,
    pub skipped_too_large: u64,
    pub skipped_unreadable: u64,
    pub parse_errors: u64,
    pub rules_run: u64,
    /// Findings left out because the baseline already holds them.
    pub baselined: u64,
    /// Findings left out because they are not on lines the diff changed.
    pub outside_diff: u64,
    /// Findings left out because their code does not run in production (tests, examples,
    /// vendored or generated files) and their rule does not report there.
    pub outside_context: u64,
    /// Findings left out by `--min-confidence`.
    pub below_confidence: u64,
}
