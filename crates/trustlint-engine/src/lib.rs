//! The trustlint engine: loads the rule catalogue and the repository's config, walks the tree
//! once, hands each file to the inspectors whose globs want it, and turns their hits into
//! sorted, fingerprinted [`Finding`]s.
//!
//! Safety lives here, not in the inspectors: symlinks are never followed, `.git/` is never read,
//! files over the size limit are skipped and said so, and nothing is ever written or executed.

mod active;
mod baseline;
mod config;
mod contexts;
mod diff;
mod dispatch;
mod error;
mod facts;
mod file;
mod findings;
mod policy;
mod read;
mod rules;
mod scan;
mod shown;
mod status;
mod suppress;
mod walk;

pub use baseline::{read as read_baseline, write as write_baseline};
pub use config::{Config, Ignore, RuleOverride};
pub use diff::Changes;
pub use error::Error;
pub use file::FileScanner;
pub use read::{read_input, MAX_INPUT};
pub use rules::{Catalogue, LoadedRule};
pub use scan::{scan, BasePolicy, Progress, ScanOptions, ScanResult};
pub use shown::{Caps, DEFAULT_MAX_PER_FILE, DEFAULT_MAX_PER_RULE};
pub use status::item_reports;
pub use trustlint_inspect::PublicRoutes;
pub use trustlint_model as model;

/// Default per-file size limit: larger files are skipped and reported.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 2 * 1024 * 1024;

/// Compiles watched-file globs the way `file-exists` matches them (case-insensitively).
fn globs_case_insensitive(patterns: &[String]) -> Result<globset::GlobSet, globset::Error> {
    let mut b = globset::GlobSetBuilder::new();
    for p in patterns {
        b.add(
            globset::GlobBuilder::new(p)
                .literal_separator(true)
                .case_insensitive(true)
                .build()?,
        );
    }
    b.build()
}
