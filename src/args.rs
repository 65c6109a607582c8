//! The command line's shape, as `clap` reads it: subcommands, their options and the values
//! they take. Scripts, the Action and the hook depend on these names (see the README).

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use trustlint_engine::model::{Lang, Severity, Stage};

#[derive(Parser)]
#[command(
    name = "trustlint",
    version,
    about = "Checks a repository against section 5 (security and privacy) of the GC Digital Standards Playbook"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Scan a repository and report where it falls short
    Scan(ScanArgs),
    /// List every rule: id, checklist items, severity, stage
    Rules {
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
        /// Print the regex patterns of all text rules, one a line (for benchmarks)
        #[arg(long)]
        export_patterns: bool,
        /// List the credential catalogue instead: every kind of credential `secret-hardcoded` knows
        #[arg(long)]
        credentials: bool,
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
    },
    /// Print a rule's page, or a checklist item and its rules
    Explain {
        /// A rule id (`plain-http-url`) or a checklist item ID (`5.2.5`)
        id: String,
    },
    /// Report the status of every checklist item (pass, fail, review, attested, ...)
    Report(ReportArgs),
    /// Record today's findings as accepted, for `scan --baseline`
    Baseline {
        /// The repository
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Where to write the baseline
        #[arg(long)]
        output: PathBuf,
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long, value_enum)]
        stage: Option<StageArg>,
    },
    /// List the routes of the repository's Rust web services and what authenticates each
    Routes {
        /// The repository
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Write a commented starter trustlint.toml
    Init {
        /// Where to write it (`-` for standard output)
        #[arg(long, default_value = "trustlint.toml")]
        output: PathBuf,
        #[arg(long, value_enum, default_value = "alpha")]
        stage: StageArg,
        /// Replace an existing file
        #[arg(long)]
        force: bool,
    },
}

#[derive(clap::Args)]
pub(crate) struct ReportArgs {
    /// The repository to report on
    #[arg(default_value = ".")]
    pub(crate) path: PathBuf,
    #[arg(long, value_enum, default_value = "md")]
    pub(crate) format: ReportFormat,
    #[arg(long)]
    pub(crate) output: Option<PathBuf>,
    #[arg(long)]
    pub(crate) config: Option<PathBuf>,
    #[arg(long, value_enum)]
    pub(crate) stage: Option<StageArg>,
    #[arg(long, value_enum, default_value = "en")]
    pub(crate) lang: LangArg,
    #[arg(long)]
    pub(crate) threads: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ReportFormat {
    Md,
    Html,
    Json,
}

#[derive(clap::Args)]
pub(crate) struct ScanArgs {
    /// The repository to scan
    #[arg(default_value = ".")]
    pub(crate) path: PathBuf,
    /// Config file (default: PATH/trustlint.toml if present)
    #[arg(long)]
    pub(crate) config: Option<PathBuf>,
    /// Delivery stage; overrides the config (default alpha)
    #[arg(long, value_enum)]
    pub(crate) stage: Option<StageArg>,
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: Format,
    /// Write the output to FILE instead of standard output
    #[arg(long)]
    pub(crate) output: Option<PathBuf>,
    /// Also write SARIF to FILE, whatever --format says
    #[arg(long)]
    pub(crate) sarif_out: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1 (SARIF carries every level whatever it says)
    #[arg(long, value_enum, default_value = "error")]
    pub(crate) fail_on: FailOn,
    /// Kept for scripts: SARIF now always carries every level
    #[arg(long, hide = true)]
    pub(crate) sarif_all: bool,
    /// Make SARIF paths relative to DIR (the repository root, when PATH is a folder inside it),
    /// so that code scanning places alerts on the right files
    #[arg(long, value_name = "DIR")]
    pub(crate) sarif_root: Option<PathBuf>,
    /// Language of titles, messages and help
    #[arg(long, value_enum, default_value = "en")]
    pub(crate) lang: LangArg,
    /// Worker threads (default: all cores); the output is the same for any number
    #[arg(long)]
    pub(crate) threads: Option<usize>,
    /// SARIF automationDetails.id, to keep several uploads apart
    #[arg(long, default_value = "trustlint/")]
    pub(crate) category: String,
    /// Report only findings whose fingerprints are not in FILE (see `trustlint baseline`)
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// Report only findings on lines changed between REF and HEAD
    #[arg(long, value_name = "REF", conflicts_with = "diff_file")]
    pub(crate) diff_base: Option<String>,
    /// Like --diff-base, from a unified diff in FILE instead of running git
    #[arg(long, value_name = "FILE")]
    pub(crate) diff_file: Option<PathBuf>,
    /// Judge the tree by the trustlint.toml of the merge base of REV and HEAD (read from git
    /// objects) instead of its own: for pull requests from forks, whose config nobody has
    /// reviewed yet
    #[arg(long, value_name = "REV", conflicts_with = "config")]
    pub(crate) config_from: Option<String>,
    /// Scan only these files (relative to PATH), with file-level rules: the pre-commit mode
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub(crate) files: Option<Vec<String>>,
    /// No progress display, even on a terminal
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// Leave out findings below this confidence (medium: report everything)
    #[arg(long, value_enum, default_value = "medium")]
    pub(crate) min_confidence: ConfidenceArg,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ConfidenceArg {
    Medium,
    High,
}

impl From<ConfidenceArg> for trustlint_model::Confidence {
    fn from(c: ConfidenceArg) -> Self {
        match c {
            ConfidenceArg::Medium => trustlint_model::Confidence::Medium,
            ConfidenceArg::High => trustlint_model::Confidence::High,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
    Sarif,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum StageArg {
    Alpha,
    Beta,
    Live,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum LangArg {
    En,
    Fr,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Fr => Lang::Fr,
        }
    }
}

impl From<StageArg> for Stage {
    fn from(s: StageArg) -> Stage {
        match s {
            StageArg::Alpha => Stage::Alpha,
            StageArg::Beta => Stage::Beta,
            StageArg::Live => Stage::Live,
        }
    }
}

impl FailOn {
    pub(crate) fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Note => Some(Severity::Note),
            FailOn::Never => None,
        }
    }
}
