//! What each subcommand does: load the catalogue and config, scan, and hand the result to
//! the emitter `trustlint-report` has for the chosen format. No formatting happens here; this
//! file only chooses and writes.

use crate::args::{Cli, Command, Format, ListFormat, ReportArgs, ReportFormat, ScanArgs, StageArg};
use clap::Parser;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use trustlint_engine::model::{Confidence, Finding, Lang, Stage};
use trustlint_engine::{
    item_reports, scan, Catalogue, Changes, Config, Error, PublicRoutes, ScanOptions, ScanResult,
    DEFAULT_MAX_FILE_SIZE,
};
use trustlint_report::{ChecklistReport, Report, RouteList};

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
            credentials,
            lang,
        } => {
            let catalogue = load_catalogue(&[])?;
            let out = if credentials {
                list_credentials(format, lang.into())?
            } else if export_patterns {
                trustlint_report::pattern_list(
                    catalogue
                        .rules
                        .iter()
                        .flat_map(|r| r.inspector.patterns())
                        .map(|p| trustlint_inspect::unnamed_groups(&p)),
                )
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
    let public = PublicRoutes::new(&s.config.routes.public).map_err(Error::new)?;
    let list = RouteList {
        routes: &s.result.routes,
        unfollowed: &s.result.unfollowed,
        is_public: &|path| public.is_public(path),
    };
    Ok(match format {
        ListFormat::Json => trustlint_report::route_list_json(&list),
        ListFormat::Text => trustlint_report::route_list_text(&list),
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
    /// Scan with the config of this revision's merge base instead of the tree's.
    config_from: Option<String>,
    /// None: every confidence.
    min_confidence: Option<Confidence>,
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
    let mut config = load_config(config, path)?;
    let base_policy = match (&narrow.config_from, &narrow.diff_base) {
        (Some(rev), _) => {
            // The base's reviewed policy judges the tree; the head's is not applied, so there
            // is nothing of it to compare.
            // Rule folders hold the tree's files, which the change may have edited: only
            // the built-in rules judge it.
            if let Some(b) = base_policy(path, rev, &config)? {
                config = b.config;
                config.rule_dirs.clear();
            }
            None
        }
        (None, Some(base)) => base_policy(path, base, &config)?,
        (None, None) => None,
    };
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
        min_confidence: narrow.min_confidence.unwrap_or(Confidence::Medium),
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
        base_policy,
        base_findings: None,
    };
    // With a base revision, what the change brought is what the base did not have: its tree
    // is scanned too, from git objects, under the same policy.
    let opts = match (&narrow.diff_base, &opts.only) {
        (Some(base), None) => ScanOptions {
            base_findings: Some(base_fingerprints(&catalogue, &config, &opts, base)?),
            ..opts
        },
        _ => opts,
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
            config_from: args.config_from.clone(),
            min_confidence: Some(args.min_confidence.into()),
        },
    )?;
    let rules = result
        .rules_run
        .iter()
        .filter_map(|id| catalogue.get(id).map(|r| &r.rule))
        .collect::<Vec<_>>();
    let threshold = args.fail_on.threshold();
    let provenance = provenance(args.sarif_root.as_deref().unwrap_or(&args.path));
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
        provenance: provenance.as_ref(),
    };
    // Code scanning shows every level; --fail-on decides only the exit code.
    let _ = args.sarif_all;
    let prefix = sarif_prefix(&args.path, args.sarif_root.as_deref())?;
    let sarif_findings: Vec<Finding> = result
        .findings
        .iter()
        .cloned()
        .map(|mut f| {
            if !prefix.is_empty() {
                f.location.path = format!("{prefix}/{}", f.location.path);
                for r in &mut f.related {
                    r.location.path = format!("{prefix}/{}", r.location.path);
                }
            }
            f
        })
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

/// The scanned folder's path inside `--sarif-root`, `/`-separated ("" when they are the same).
/// The checkout SARIF's paths are relative to, when `dir` is the top of a git work tree with
/// a remote: a folder inside one (a fixture, `path: svc` without `--sarif-root`) is not what
/// the repository URL and commit describe.
fn provenance(dir: &Path) -> Option<trustlint_report::Provenance> {
    let repo = trustlint_git::Repo::open(dir).ok()?;
    if !repo.at_top() {
        return None;
    }
    let p = repo.provenance()?;
    Some(trustlint_report::Provenance {
        repository_uri: p.repository_uri?,
        revision: p.revision,
        branch: p.branch,
    })
}

fn sarif_prefix(path: &Path, root: Option<&Path>) -> Result<String, Error> {
    let Some(root) = root else {
        return Ok(String::new());
    };
    let canon = |p: &Path| {
        std::fs::canonicalize(p)
            .map_err(|e| Error::at(&p.display().to_string(), None, format!("cannot read: {e}")))
    };
    let (path, root) = (canon(path)?, canon(root)?);
    let rel = path.strip_prefix(&root).map_err(|_| {
        Error::at(
            &path.display().to_string(),
            None,
            format!("is not inside the --sarif-root {}", root.display()),
        )
    })?;
    Ok(rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/"))
}

/// The fingerprints of the findings of the merge base of `base` and HEAD, scanned from a copy
/// of its tree written from git objects into a temporary folder outside the repository.
fn base_fingerprints(
    catalogue: &Catalogue,
    config: &Config,
    head: &ScanOptions,
    base: &str,
) -> Result<std::collections::BTreeSet<String>, Error> {
    let dir = tempfile::tempdir()
        .map_err(|e| Error::new(format!("cannot make a temporary folder: {e}")))?;
    Changes::export_base(
        &head.root,
        base,
        dir.path(),
        head.max_file_size,
        head.max_total_size.unwrap_or(BASE_TREE_LIMIT),
    )?;
    let opts = ScanOptions {
        root: dir.path().to_path_buf(),
        stage: head.stage,
        lang: head.lang,
        threads: head.threads,
        max_file_size: head.max_file_size,
        today: head.today,
        max_total_size: head.max_total_size,
        caps: head.caps,
        progress: None,
        min_confidence: head.min_confidence,
        only: None,
        baseline: None,
        changes: None,
        base_policy: None,
        base_findings: None,
    };
    let result = scan(catalogue, config, &opts)?;
    Ok(result.findings.into_iter().map(|f| f.fingerprint).collect())
}

/// The most bytes of a base revision's tree written out to be scanned, without a
/// `[scan] max-total-size`.
const BASE_TREE_LIMIT: u64 = 4 << 30;

/// The policy at the merge base of `base` and HEAD: the `trustlint.toml` at the same place in
/// the tree, read from git objects; defaults when the base had none. A config outside the
/// repository has no base revision to compare with.
fn base_policy(
    root: &Path,
    base: &str,
    head: &Config,
) -> Result<Option<trustlint_engine::BasePolicy>, Error> {
    let rel = match &head.source {
        None => "trustlint.toml".to_string(),
        Some(src) => {
            let (Ok(src), Ok(canon)) = (std::fs::canonicalize(src), std::fs::canonicalize(root))
            else {
                return Ok(None);
            };
            match src.strip_prefix(&canon) {
                Ok(r) => r.to_string_lossy().replace('\\', "/"),
                Err(_) => return Ok(None),
            }
        }
    };
    let text = Changes::base_text(root, base, &rel)?;
    let config = match &text {
        None => Config::default(),
        Some(t) => Config::parse(&format!("{rel} (at the merge base with {base})"), t, root)?,
    };
    Ok(Some(trustlint_engine::BasePolicy { config, text }))
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
    let rules: Vec<_> = catalogue.rules.iter().map(|r| &r.rule).collect();
    match format {
        ListFormat::Json => trustlint_report::rule_list_json(&rules, lang),
        ListFormat::Text => trustlint_report::rule_list_text(&rules, lang),
    }
}

/// The credential catalogue, as `trustlint rules --credentials` lists it.
fn list_credentials(format: ListFormat, lang: Lang) -> Result<String, Error> {
    let cat = trustlint_inspect::credentials::Catalogue::embedded().map_err(Error::new)?;
    let rows: Vec<_> = cat
        .kinds
        .iter()
        .map(|k| trustlint_report::CredentialRow {
            id: k.id.clone(),
            provider: k.provider.clone(),
            category: serde_json::to_value(k.category)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            title: k.title.get(lang).to_string(),
            severity: k.severity,
            live_format: k.live,
            prefixes: k.prefixes.clone(),
            keywords: k.keywords.clone(),
            validator: k
                .validator
                .map(|v| format!("{v:?}"))
                .or_else(|| k.builtin.map(|b| format!("{b:?}"))),
        })
        .collect();
    Ok(match format {
        ListFormat::Json => trustlint_report::credential_list_json(&rows),
        ListFormat::Text => trustlint_report::credential_list_text(&rows),
    })
}

fn explain(catalogue: &Catalogue, id: &str) -> Result<String, Error> {
    if let Some(r) = catalogue.get(id) {
        return Ok(trustlint_report::rule_page(&r.rule, &catalogue.checklist));
    }
    if let Some(item) = catalogue.checklist.get(id) {
        let rules: Vec<&str> = catalogue
            .rules
            .iter()
            .filter(|r| r.rule.checklist.iter().any(|c| c == id))
            .map(|r| r.rule.id.as_str())
            .collect();
        return Ok(trustlint_report::item_page(item, &rules));
    }
    Err(Error::new(format!(
        "unknown rule or checklist item `{id}` (see `trustlint rules`)"
    )))
}
