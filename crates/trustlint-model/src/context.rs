//! Where code runs, and how sure a finding is: two facts every code-level finding carries.
//!
//! A [`CodeContext`] says whether a place is production code or something that never runs in
//! production (tests, their data, examples and documentation, developer-only tooling, vendored
//! or generated files). Rules report production code unless their file says otherwise, so that
//! a test's dummy password or a vendored bundle does not become a finding. A [`Confidence`]
//! says how directly the evidence shows the bad state; only high-confidence findings keep an
//! `error` severity by default.

use serde::{Deserialize, Serialize};

/// Where a file, or a part of one (a Rust `#[cfg(test)]` module), runs.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum CodeContext {
    #[default]
    Production,
    Test,
    /// Fixtures, mocks, snapshots and data files that tests load.
    TestData,
    /// Examples, samples, tutorials and documentation.
    Example,
    /// Developer-only set-ups: devcontainers, compose files for local development, local
    /// environment files and scripts.
    DevOnly,
    /// Third-party code copied into the repository (`node_modules`, `vendor`, bundles).
    Vendored,
    /// Output of a tool (lock files, build output, code marked as generated, minified files).
    Generated,
}

impl CodeContext {
    pub const ALL: [CodeContext; 7] = [
        CodeContext::Production,
        CodeContext::Test,
        CodeContext::TestData,
        CodeContext::Example,
        CodeContext::DevOnly,
        CodeContext::Vendored,
        CodeContext::Generated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CodeContext::Production => "production",
            CodeContext::Test => "test",
            CodeContext::TestData => "test-data",
            CodeContext::Example => "example",
            CodeContext::DevOnly => "dev-only",
            CodeContext::Vendored => "vendored",
            CodeContext::Generated => "generated",
        }
    }

    pub fn is_production(&self) -> bool {
        *self == CodeContext::Production
    }
}

impl std::fmt::Display for CodeContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How directly the evidence shows the bad state.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// A plausible reading that a person should confirm (a URL in a string no call is seen
    /// to use, a secret recognised only by the name it is assigned to).
    Medium,
    /// The code or configuration shows it directly (a credential in its provider's format
    /// with a valid checksum, a request made to a plain-HTTP URL).
    #[default]
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}
