use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use trustlint_engine::model::{Finding, Lang, Severity, Stage};
use trustlint_engine::{
    item_reports, scan, Catalogue, Changes, Config, Error, ScanOptions, ScanResult,
    DEFAULT_MAX_FILE_SIZE,
};
use trustlint_report::{ChecklistReport, Report};

#[derive(Parser)]
#[command(
    name = "trustlint",
    version,
    about = "Checks a repository against section 5 (security and privacy) of the GC Digital Standards Playbook"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan a repository and report where it falls short
    Scan(ScanArgs),
    /// List every rule: id, checklist items, severity, stage
    Rules {
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
        /// Print the regex patterns of all text rules, one a line (for benchmarks)
        #[arg(long)]
        export_patterns: bool,
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
struct ReportArgs {
    /// The repository to report on
    #[arg(default_value = ".")]
    path: PathBuf,
    #[arg(long, value_enum, default_value = "md")]
    format: ReportFormat,
    #[arg(long)]
    output: Option<PathBuf>,
    #[arg(long)]
    config: Option<PathBuf>,
    #[arg(long, value_enum)]
    stage: Option<StageArg>,
    #[arg(long, value_enum, default_value = "en")]
    lang: LangArg,
    #[arg(long)]
    threads: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Md,
    Html,
    Json,
}

#[derive(clap::Args)]
struct ScanArgs {
    /// The repository to scan
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Config file (default: PATH/trustlint.toml if present)
    #[arg(long)]
    config: Option<PathBuf>,
    /// Delivery stage; overrides the config (default alpha)
    #[arg(long, value_enum)]
    stage: Option<StageArg>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Write the output to FILE instead of standard output
    #[arg(long)]
    output: Option<PathBuf>,
    /// Also write SARIF to FILE, whatever --format says
    #[arg(long)]
    sarif_out: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1; also what SARIF reports, unless --sarif-all
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Put every finding in SARIF, whatever --fail-on says
    #[arg(long)]
    sarif_all: bool,
    /// Language of titles, messages and help
    #[arg(long, value_enum, default_value = "en")]
    lang: LangArg,
    /// Worker threads (default: all cores); the output is the same for any number
    #[arg(long)]
    threads: Option<usize>,
    /// SARIF automationDetails.id, to keep several uploads apart
    #[arg(long, default_value = "trustlint/")]
    category: String,
    /// Report only findings whose fingerprints are not in FILE (see `trustlint baseline`)
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Report only findings on lines changed between REF and HEAD
    #[arg(long, value_name = "REF", conflicts_with = "diff_file")]
    diff_base: Option<String>,
    /// Like --diff-base, from a unified diff in FILE instead of running git
    #[arg(long, value_name = "FILE")]
    diff_file: Option<PathBuf>,
    /// Scan only these files (relative to PATH), with file-level rules: the pre-commit mode
    #[arg(long, num_args = 1.., value_name = "FILE")]
    files: Option<Vec<String>>,
    /// No progress display, even on a terminal
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Sarif,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum StageArg {
    Alpha,
    Beta,
    Live,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
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
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Note => Some(Severity::Note),
            FailOn::Never => None,
        }
    }
}

pub fn run() -> Result<u8, Error> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return Ok(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Rules {
            format,
            export_patterns,
            lang,
        } => {
            let catalogue = load_catalogue(&[])?;
            let out = if export_patterns {
                let mut lines: Vec<String> = catalogue
                    .rules
                    .iter()
                    .flat_map(|r| r.inspector.patterns())
                    .map(|p| trustlint_inspect::unnamed_groups(&p))
                    .collect();
                lines.dedup();
                lines.iter().map(|p| format!("{p}\n")).collect()
            } else {
                list_rules(&catalogue, format, lang.into())
            };
            emit(None, &out)?;
            Ok(0)
        }
        Command::Explain { id } => {
            let catalogue = load_catalogue(&[])?;
            emit(None, &explain(&catalogue, &id)?)?;
            Ok(0)
        }
        Command::Report(args) => run_report(args),
        Command::Baseline {
            path,
            output,
            config,
            stage,
        } => {
            let s = scan_repo(
                &path,
                config.as_deref(),
                stage,
                Lang::En,
                None,
                Narrowing::default(),
            )?;
            emit(
                Some(&output),
                &trustlint_engine::write_baseline(&s.result.findings),
            )?;
            let n = s.result.findings.iter().filter(|f| !f.suppressed).count();
            eprintln!(
                "trustlint: recorded {n} finding(s) in {}",
                trustlint_report::escape_text::line(&output.display().to_string())
            );
            Ok(0)
        }
        Command::Routes {
            path,
            format,
            config,
        } => {
            let s = scan_repo(
                &path,
                config.as_deref(),
                Some(StageArg::Live),
                Lang::En,
                None,
                Narrowing::default(),
            )?;
            emit(None, &routes_listing(&s, format)?)?;
            Ok(0)
        }
        Command::Init {
            output,
            stage,
            force,
        } => {
            let catalogue = load_catalogue(&[])?;
            let text = crate::init::starter(&catalogue, stage.into());
            if output.as_os_str() == "-" {
                emit(None, &text)?;
            } else if output.exists() && !force {
                return Err(Error::at(
                    &output.display().to_string(),
                    None,
                    "already exists; pass --force to replace it",
                ));
            } else {
                emit(Some(&output), &text)?;
                eprintln!(
                    "trustlint: wrote {}",
                    trustlint_report::escape_text::line(&output.display().to_string())
                );
            }
            Ok(0)
        }
    }
}

/// Today's date (UTC), or `TRUSTLINT_TODAY` (YYYY-MM-DD) for reproducible reports and tests.
fn today() -> Result<jiff::civil::Date, Error> {
    match std::env::var("TRUSTLINT_TODAY") {
        Ok(s) => s.parse().map_err(|e| {
            Error::new(format!(
                "TRUSTLINT_TODAY=`{s}` is not a date (YYYY-MM-DD): {e}"
            ))
        }),
        Err(_) => Ok(jiff::tz::TimeZone::UTC
            .to_datetime(jiff::Timestamp::now())
            .date()),
    }
}

/// `trustlint routes`: one line (or JSON object) per route, with its standing.
fn routes_listing(s: &Scanned, format: ListFormat) -> Result<String, Error> {
    let public = trustlint_engine::route_patterns(&s.config.routes.public).map_err(Error::new)?;
    let rows: Vec<(String, &trustlint_engine::RouteOut)> = s
        .result
        .routes
        .iter()
        .map(|r| {
            let normal = format!(
                "/{}",
                r.path
                    .split('/')
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join("/")
            );
            let status = if public.is_match(&normal) {
                "public (declared)".to_string()
            } else if let Some(a) = &r.auth {
                format!("authenticated by {a}")
            } else if let Some(why) = &r.unresolved {
                format!("review: {}", why.en)
            } else {
                "UNAUTHENTICATED".to_string()
            };
            (status, r)
        })
        .collect();
    Ok(match format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|(status, r)| {
                    serde_json::json!({
                        "method": r.method,
                        "path": r.path,
                        "file": r.at.path,
                        "line": r.at.line,
                        "column": r.at.column,
                        "handler": r.handler,
                        "handler_location": r.handler_at.as_ref().map(|h| format!("{}:{}", h.path, h.line)),
                        "status": status,
                    })
                })
                .collect();
            let unfollowed: Vec<serde_json::Value> = s
                .result
                .unfollowed
                .iter()
                .map(|(at, what)| {
                    serde_json::json!({
                        "file": at.path, "line": at.line, "column": at.column, "what": what.en,
                    })
                })
                .collect();
            serde_json::to_string_pretty(
                &serde_json::json!({ "routes": list, "unfollowed": unfollowed }),
            )
            .expect("JSON values serialize")
                + "\n"
        }
        ListFormat::Text => {
            let mut out = String::new();
            for (status, r) in &rows {
                let at = format!("{}:{}", r.at.path, r.at.line);
                out.push_str(&format!(
                    "{:<7} {:<36} {at:<28} {status}\n",
                    r.method, r.path
                ));
            }
            for (at, what) in &s.result.unfollowed {
                let place = format!("{}:{}", at.path, at.line);
                out.push_str(&format!(
                    "{:<7} {:<36} {place:<28} review: {} could not be followed\n",
                    "?", "?", what.en
                ));
            }
            if rows.is_empty() && s.result.unfollowed.is_empty() {
                out.push_str(
                    "no routes found (axum, actix-web, rocket and warp services are modelled)\n",
                );
            }
            out
        }
    })
}

/// What `scan` and `report` share: load config and rules, then scan.
struct Scanned {
    catalogue: Catalogue,
    config: Config,
    result: ScanResult,
    stage: Stage,
}

/// What narrows a scan to part of its findings.
#[derive(Default)]
struct Narrowing {
    /// Show progress on standard error while scanning.
    progress: bool,
    only: Option<Vec<String>>,
    baseline: Option<PathBuf>,
    diff_base: Option<String>,
    diff_file: Option<PathBuf>,
}

fn scan_repo(
    path: &Path,
    config: Option<&Path>,
    stage: Option<StageArg>,
    lang: Lang,
    threads: Option<usize>,
    narrow: Narrowing,
) -> Result<Scanned, Error> {
    if !path.is_dir() {
        return Err(Error::at(
            &path.display().to_string(),
            None,
            "not a directory; give the repository to scan",
        ));
    }
    let config = load_config(config, path)?;
    let catalogue = load_catalogue(&config.rule_dirs)?;
    let today = today()?;
    config.validate(&catalogue, today)?;
    let stage = stage
        .map(Stage::from)
        .or(config.stage)
        .unwrap_or(Stage::Alpha);
    let threads = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let opts = ScanOptions {
        root: path.to_path_buf(),
        stage,
        lang,
        threads,
        max_file_size: config.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
        today,
        max_total_size: config.max_total_size,
        caps: config.caps(),
        progress: narrow.progress.then(Default::default),
        only: narrow.only,
        baseline: narrow
            .baseline
            .as_deref()
            .map(trustlint_engine::read_baseline)
            .transpose()?,
        changes: match (&narrow.diff_base, &narrow.diff_file) {
            (Some(base), _) => Some(Changes::from_git(path, base)?),
            (None, Some(file)) => Some(Changes::from_file(file)?),
            (None, None) => None,
        },
    };
    // The display stops (and erases its line) before any output is written.
    let display = opts.progress.clone().map(crate::progress::Display::start);
    let result = scan(&catalogue, &config, &opts);
    drop(display);
    let result = result?;
    Ok(Scanned {
        catalogue,
        config,
        result,
        stage,
    })
}

fn run_report(args: ReportArgs) -> Result<u8, Error> {
    let lang: Lang = args.lang.into();
    let s = scan_repo(
        &args.path,
        args.config.as_deref(),
        args.stage,
        lang,
        args.threads,
        Narrowing::default(),
    )?;
    let items = item_reports(&s.catalogue, &s.config, &s.result, s.stage, lang);
    let report = ChecklistReport {
        version: env!("CARGO_PKG_VERSION"),
        stage: s.stage,
        lang,
        today: s.result.today,
        profile: &s.config.profile,
        facts: &s.result.facts,
        items: &items,
    };
    let out = match args.format {
        ReportFormat::Md => trustlint_report::checklist_markdown(&report),
        ReportFormat::Html => trustlint_report::checklist_html(&report),
        ReportFormat::Json => trustlint_report::checklist_json(&report),
    };
    emit(args.output.as_deref(), &out)?;
    Ok(0)
}

fn load_catalogue(user_dirs: &[PathBuf]) -> Result<Catalogue, Error> {
    Catalogue::load(
        trustlint_rules::CHECKLIST,
        trustlint_rules::RULE_FILES,
        user_dirs,
    )
}

fn run_scan(args: ScanArgs) -> Result<u8, Error> {
    let lang: Lang = args.lang.into();
    let Scanned {
        catalogue,
        result,
        stage,
        ..
    } = scan_repo(
        &args.path,
        args.config.as_deref(),
        args.stage,
        lang,
        args.threads,
        Narrowing {
            progress: crate::progress::wanted(args.quiet),
            only: args.files.clone(),
            baseline: args.baseline.clone(),
            diff_base: args.diff_base.clone(),
            diff_file: args.diff_file.clone(),
        },
    )?;
    let rules = result
        .rules_run
        .iter()
        .filter_map(|id| catalogue.get(id).map(|r| &r.rule))
        .collect::<Vec<_>>();
    let threshold = args.fail_on.threshold();
    let full = Report {
        version: env!("CARGO_PKG_VERSION"),
        stage,
        lang,
        rules,
        findings: &result.findings,
        notifications: &result.notifications,
        stats: &result.stats,
        category: &args.category,
        checklist: &catalogue.checklist,
    };
    let sarif_findings: Vec<Finding> = result
        .findings
        .iter()
        .filter(|f| args.sarif_all || threshold.is_none_or(|t| f.severity >= t))
        .cloned()
        .collect();
    let for_sarif = Report {
        findings: &sarif_findings,
        rules: full.rules.clone(),
        ..full
    };
    let out = match args.format {
        Format::Text => {
            let color = args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            trustlint_report::text(&full, color)
        }
        Format::Json => trustlint_report::json(&full),
        Format::Markdown => trustlint_report::markdown(&full),
        Format::Sarif => trustlint_report::sarif(&for_sarif),
    };
    emit(args.output.as_deref(), &out)?;
    if let Some(path) = &args.sarif_out {
        emit(Some(path), &trustlint_report::sarif(&for_sarif))?;
    }
    let failing = result
        .findings
        .iter()
        .any(|f| !f.suppressed && threshold.is_some_and(|t| f.severity >= t));
    Ok(u8::from(failing))
}

/// `--config`, else `PATH/trustlint.toml` when it is a regular file (a symlink there is refused:
/// the repository under scan must not make us read outside it).
fn load_config(explicit: Option<&Path>, root: &Path) -> Result<Config, Error> {
    if let Some(path) = explicit {
        return Config::load(path);
    }
    let path = root.join("trustlint.toml");
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::at(
            &path.display().to_string(),
            None,
            "is a symbolic link; trustlint reads its config only from a regular file in the repository (or pass --config)",
        )),
        Ok(_) => {
            let config = Config::load(&path)?;
            let canon_root = std::fs::canonicalize(root).map_err(|e| Error::new(e.to_string()))?;
            for dir in &config.rule_dirs {
                let inside = std::fs::canonicalize(dir).is_ok_and(|d| d.starts_with(&canon_root));
                if !inside {
                    let line = trustlint_engine::read_input(&path, trustlint_engine::MAX_INPUT, "config")
                        .ok()
                        .and_then(|t| t.lines().position(|l| l.trim_start().starts_with("rule-dirs")))
                        .map(|i| i as u32 + 1);
                    return Err(Error::at(
                        &path.display().to_string(),
                        line,
                        format!(
                            "rule folder `{}` is missing or outside the repository; a repository's own rules must live inside it (or pass --config)",
                            dir.display()
                        ),
                    ));
                }
            }
            Ok(config)
        }
        Err(_) => Ok(Config::default()),
    }
}

fn emit(path: Option<&Path>, text: &str) -> Result<(), Error> {
    match path {
        Some(p) => std::fs::write(p, text)
            .map_err(|e| Error::at(&p.display().to_string(), None, format!("cannot write: {e}"))),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
            {
                // A closed pipe (`| head`) is the reader's choice, not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.map_err(|e| Error::new(format!("cannot write to standard output: {e}"))),
            }
        }
    }
}

fn list_rules(catalogue: &Catalogue, format: ListFormat, lang: Lang) -> String {
    match format {
        ListFormat::Json => {
            let rules: Vec<_> = catalogue
                .rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.rule.id,
                        "checklist": r.rule.checklist,
                        "severity": r.rule.severity,
                        "security_severity": r.rule.security_severity,
                        "stage": r.rule.stage,
                        "kind": r.rule.kind,
                        "tags": r.rule.tags,
                        "title": r.rule.title.get(lang),
                        "message": r.rule.message.get(lang),
                        "help": r.rule.help.get(lang),
                    })
                })
                .collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&serde_json::json!({ "rules": rules }))
                    .expect("serialises")
            )
        }
        ListFormat::Text => {
            let width = catalogue
                .rules
                .iter()
                .map(|r| r.rule.id.len())
                .max()
                .unwrap_or(0);
            let mut out = String::new();
            for r in &catalogue.rules {
                out.push_str(&format!(
                    "{:width$}  {:7}  {:5}  {:14}  {}\n",
                    r.rule.id,
                    r.rule.severity.as_str(),
                    r.rule.stage.as_str(),
                    r.rule.checklist.join(","),
                    r.rule.title.get(lang),
                ));
            }
            out
        }
    }
}

fn explain(catalogue: &Catalogue, id: &str) -> Result<String, Error> {
    if let Some(r) = catalogue.get(id) {
        return Ok(trustlint_report::rule_page(&r.rule, &catalogue.checklist));
    }
    if let Some(item) = catalogue.checklist.get(id) {
        let mut out = format!(
            "{} ({}, {:?}): {}\n{}\n",
            item.id, item.stage, item.method, item.title.en, item.title.fr
        );
        if !item.controls.is_empty() {
            out.push_str(&format!("controls: {}\n", item.controls.join(", ")));
        }
        let rules: Vec<&str> = catalogue
            .rules
            .iter()
            .filter(|r| r.rule.checklist.iter().any(|c| c == id))
            .map(|r| r.rule.id.as_str())
            .collect();
        out.push_str(&format!(
            "rules: {}\n",
            if rules.is_empty() {
                "none".to_string()
            } else {
                rules.join(", ")
            }
        ));
        return Ok(out);
    }
    Err(Error::new(format!(
        "unknown rule or checklist item `{id}` (see `trustlint rules`)"
    )))
}
