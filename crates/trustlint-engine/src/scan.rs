//! A scan: walk once, read each wanted file once, run every rule that wants it, then the
//! repository-level rules from the file index; sort, fingerprint, done.

use crate::active::{active_rules, fixed_severities, severities};
use crate::config::Config;
use crate::contexts::{apply_test_modules, test_module_paths, Reporting};
use crate::diff::Changes;
use crate::dispatch::Dispatch;
use crate::error::Error;
use crate::facts::{attested_elsewhere, facts};
use crate::file::{over_budget, scan_file, FileOutcome, ReadKind};
use crate::findings::{to_findings, Levels};
use crate::policy;
use crate::read::{read_file, Read};
use crate::rules::Catalogue;
use crate::suppress::Suppressions;
use crate::walk;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use trustlint_inspect::{Hit, Output, RepoCtx, Shared};
use trustlint_model::{
    CodeContext, Confidence, Fact, FactValue, Finding, Lang, Notification, Place, RouteOut, Stage,
    Stats, Text,
};

pub struct ScanOptions {
    pub root: PathBuf,
    pub stage: Stage,
    pub lang: Lang,
    pub threads: usize,
    pub max_file_size: u64,
    /// The date review-by and review dates are compared with.
    pub today: Date,
    /// Scan only these files (relative to the root), with file-level rules only: the
    /// pre-commit hook's mode.
    pub only: Option<Vec<String>>,
    /// Leave out findings whose fingerprints are in the baseline.
    pub baseline: Option<BTreeSet<String>>,
    /// Keep only findings on lines the change touched.
    pub changes: Option<Changes>,
    /// Stop reading once this many bytes of wanted files have been read.
    pub max_total_size: Option<u64>,
    /// Counters a progress display can read while the scan runs.
    pub progress: Option<std::sync::Arc<Progress>>,
    /// Leave out findings below this confidence (`--min-confidence`).
    pub min_confidence: Confidence,
    /// At most so many findings per rule and per file.
    pub caps: crate::shown::Caps,
    /// The base revision's policy, to show how the change weakens it (`policy-weakened`).
    pub base_policy: Option<BasePolicy>,
    /// The fingerprints of the base revision's own findings: with them, a finding belongs to
    /// the change when the base did not have it, instead of when its line changed.
    pub base_findings: Option<BTreeSet<String>>,
}

/// The policy at the base revision: its config (defaults when it had none) and text.
#[derive(Debug, Clone)]
pub struct BasePolicy {
    pub config: Config,
    pub text: Option<String>,
}

/// Files read and hits found so far, updated by the workers as they go.
#[derive(Debug, Default)]
pub struct Progress {
    pub files: std::sync::atomic::AtomicU64,
    pub hits: std::sync::atomic::AtomicU64,
}

#[derive(Debug)]
pub struct ScanResult {
    pub findings: Vec<Finding>,
    pub notifications: Vec<Notification>,
    pub stats: Stats,
    /// Ids of the rules that ran and apply to this service (enabled, due at the stage, their
    /// required facts true), sorted.
    pub rules_run: Vec<String>,
    /// What the scan knows of each fact, and how.
    pub facts: BTreeMap<Fact, FactValue>,
    /// Files that satisfied each rule, by rule id.
    pub evidence: BTreeMap<String, Vec<String>>,
    /// The date the scan judged review dates against.
    pub today: Date,
    /// Every route of the repository's Rust web services, with what authenticates it.
    pub routes: Vec<RouteOut>,
    /// Routers the route model could not follow: where, and what.
    pub unfollowed: Vec<(Place, Text)>,
}

pub fn scan(
    catalogue: &Catalogue,
    config: &Config,
    opts: &ScanOptions,
) -> Result<ScanResult, Error> {
    let mut active = active_rules(catalogue, opts.stage, &config.overrides, &config.profile);
    if opts.only.is_some() {
        // A commit hook looks at the files it is given; repository-level questions need the tree.
        active.retain(|a| a.loaded().inspector.runs_on_listed_files());
    }
    let dispatch = Dispatch::new(&active)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        // `syn` parses by recursive descent; nesting is capped, and this leaves it room.
        .stack_size(16 << 20)
        .build()
        .map_err(|e| Error::new(format!("cannot start worker threads: {e}")))?;
    let walked = match &opts.only {
        Some(files) => walk::listed(&opts.root, files, &config.exclude).map_err(Error::new)?,
        None => walk::walk(&opts.root, &config.exclude).map_err(|e| {
            let shown = config
                .source
                .as_ref()
                .map_or("trustlint.toml".into(), |p| p.display().to_string());
            Error::at(&shown, None, e)
        })?,
    };
    let mut notifications = walked.notifications;
    let mut stats = Stats {
        files_seen: walked.files.len() as u64,
        ..Stats::default()
    };
    // The budget is spent in path order, so the same tree skips the same files every time.
    let over_budget = over_budget(
        &walked.files,
        &dispatch,
        opts.max_total_size,
        opts.max_file_size,
    );

    let per_file: Vec<FileOutcome> = pool.install(|| {
        walked
            .files
            .par_iter()
            .enumerate()
            .map(|(i, entry)| {
                if over_budget.binary_search(&i).is_ok() {
                    return FileOutcome::skipped(entry, opts.max_total_size.unwrap_or_default());
                }
                let outcome = scan_file(
                    entry,
                    &dispatch,
                    &active,
                    opts.max_file_size,
                    &config.contexts,
                    opts.caps,
                );
                if let Some(p) = &opts.progress {
                    use std::sync::atomic::Ordering::Relaxed;
                    p.files.fetch_add(1, Relaxed);
                    p.hits.fetch_add(outcome.hits.len() as u64, Relaxed);
                }
                outcome
            })
            .collect()
    });
    let mut hits: Vec<(usize, Hit)> = Vec::new();
    let mut directives = Vec::new();
    // File-level rules that had at least one file to read.
    let mut touched: BTreeSet<usize> = BTreeSet::new();
    let mut interesting: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut test_modules = Vec::new();
    let mut secrets: Vec<String> = Vec::new();
    for (outcome, entry) in per_file.into_iter().zip(&walked.files) {
        secrets.extend(outcome.secrets);
        touched.extend(outcome.wanted);
        test_modules.extend(
            outcome
                .test_modules
                .into_iter()
                .map(|m| (entry.rel.clone(), m)),
        );
        for i in outcome.interesting {
            interesting.entry(i).or_default().push(entry.rel.clone());
        }
        match outcome.read {
            ReadKind::NotWanted => {}
            ReadKind::Text(bytes) => {
                stats.files_scanned += 1;
                stats.bytes_scanned += bytes;
            }
            ReadKind::Binary => stats.skipped_binary += 1,
            ReadKind::TooLarge => stats.skipped_too_large += 1,
            ReadKind::Unreadable => stats.skipped_unreadable += 1,
        }
        hits.extend(outcome.hits);
        notifications.extend(outcome.notifications);
        directives.extend(outcome.directives);
    }

    // Repository-level rules, answered from the index.
    let index: Vec<String> = walked.files.iter().map(|e| e.rel.clone()).collect();
    let read = |rel: &str| -> Option<String> {
        let i = walked
            .files
            .binary_search_by(|e| e.rel.as_str().cmp(rel))
            .ok()?;
        match read_file(&walked.files[i].abs, opts.max_file_size) {
            Read::Text(t) => Some(t),
            _ => None,
        }
    };
    let config_rel = config_rel(config, &opts.root);
    let (anchor, anchor_line) = match &config_rel {
        Some(c) => (c.clone(), read(c).map_or(1, |t| deciding_line(&t))),
        None => running_workflow(&index, &read).unwrap_or_else(|| (readme(&index), 1)),
    };
    let mut about_repo: BTreeSet<usize> = BTreeSet::new();
    let shared = Shared::default();
    let repo = RepoCtx {
        files: &index,
        read: &read,
        anchor: &anchor,
        config_path: config_rel.as_deref(),
        profile: &config.profile,
        attestations: &config.attestations,
        today: opts.today,
        review_months: config.review_months(),
        routes: &config.routes,
        shared: &shared,
        interesting: &[],
    };
    let mut evidence: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut repo_hits: Vec<(usize, Hit)> = Vec::new();
    // A rule with nothing to inspect (no Rust file for a Rust rule) checked nothing: it does
    // not count towards an item passing.
    let mut idle: BTreeSet<usize> = active
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.repo_level() && !touched.contains(i))
        .map(|(_, a)| a.index)
        .collect();
    for (i, a) in active.iter().enumerate().filter(|(_, a)| a.repo_level()) {
        let repo = RepoCtx {
            interesting: interesting.get(&i).map_or(&[][..], Vec::as_slice),
            ..repo
        };
        let mut out = Output::default();
        // On a worker, whose stack is sized for parsing deeply nested code.
        pool.install(|| a.loaded().inspector.check_repo(&repo, &mut out));
        secrets.extend(out.secrets);
        // A repository-level rule that reports only in some contexts (routes in production
        // code) has its hits placed by their path; the others are about the repository, and
        // their anchor (a README) says nothing of where code runs.
        let placed = a.contexts().len() < CodeContext::ALL.len();
        if !placed {
            about_repo.insert(a.index);
        }
        repo_hits.extend(out.hits.into_iter().map(|mut h| {
            if placed {
                h.context = config.contexts.of(&h.path, "");
            } else if h.path == anchor && h.line <= 1 {
                h.line = anchor_line;
            }
            (a.index, h)
        }));
        notifications.extend(out.notifications);
        if out.nothing_to_inspect {
            idle.insert(a.index);
        }
        if !out.evidence.is_empty() {
            evidence.insert(a.loaded().rule.id.clone(), out.evidence);
        }
    }

    // A repository-level finding shows a window of the line it quotes, with the secrets that
    // the engine recognises in the file it points at.
    let mut seen_paths = BTreeSet::new();
    for (_, h) in &repo_hits {
        if seen_paths.insert(h.path.clone()) {
            if let Some(text) = read(&h.path) {
                secrets.extend(crate::shown::recognised(&text));
            }
        }
    }
    let redactor = crate::shown::Redactor::new(secrets);
    for (_, h) in repo_hits.iter_mut() {
        if let Some(line) = h.source_line.take() {
            let ctx = trustlint_inspect::FileCtx::new(&h.path, &line);
            let one = Hit {
                line: 1,
                column: h.column,
                source_line: trustlint_inspect::SHOW_LINE,
                ..Hit::default()
            };
            let mut v = vec![(0, one)];
            crate::shown::finish_file(
                &ctx,
                &mut v,
                &|_| String::new(),
                opts.caps,
                &redactor,
                &mut Vec::new(),
            );
            let (_, one) = v.pop().expect("one hit kept");
            h.source_line = one.source_line;
            h.source_column = one.source_column;
        }
    }
    hits.extend(repo_hits);
    apply_test_modules(&test_module_paths(&test_modules), &mut hits);
    let reporting = Reporting::new(&active);
    // Hits where their rule does not report still take part in fingerprints (so that a
    // context setting never renames a finding) and in matching suppressions (so that a
    // comment next to test code is not called unused); then they are left out.
    let elsewhere: BTreeSet<(String, String, u32, u32)> = hits
        .iter()
        .filter(|(i, h)| !reporting.reports(*i, h))
        .map(|(i, h)| {
            (
                catalogue.rules[*i].rule.id.clone(),
                h.path.clone(),
                h.line.max(1),
                h.column.max(1),
            )
        })
        .collect();
    let severity = severities(&active);
    let fixed = fixed_severities(&active);
    let levels = Levels {
        severity: &severity,
        fixed: &fixed,
    };
    let all = to_findings(
        catalogue,
        &levels,
        hits,
        opts.lang,
        &redactor,
        Some((&about_repo, &anchor)),
    );
    let key = |f: &Finding| {
        (
            f.rule_id.clone(),
            f.location.path.clone(),
            f.location.line,
            f.location.column,
        )
    };
    let (mut findings, mut outside): (Vec<Finding>, Vec<Finding>) =
        all.into_iter().partition(|f| !elsewhere.contains(&key(f)));
    stats.outside_context = outside.len() as u64;
    let facts = facts(catalogue, config, &findings);
    let applies = |id: &str| {
        catalogue.get(id).is_some_and(|r| {
            r.rule
                .requires
                .iter()
                .all(|f| facts.get(f).and_then(FactValue::value) == Some(true))
        })
    };
    findings.retain(|f| applies(&f.rule_id));
    evidence.retain(|id, _| applies(id));
    attested_elsewhere(catalogue, config, opts.today, &mut findings);
    let meta = Suppressions {
        catalogue,
        config,
        config_path: &anchor,
        today: opts.today,
        active: &severity,
    }
    .apply_with(&mut findings, &mut outside, &directives);
    let mut meta = meta;
    let policy_rule = catalogue
        .rules
        .iter()
        .position(|r| r.rule.id == policy::WEAKENED);
    if opts.base_policy.is_none() && opts.changes.is_none() {
        // Nothing to compare with: the rule checked nothing.
        idle.extend(policy_rule);
    }
    if let Some(i) = policy_rule.filter(|i| severity.contains_key(i)) {
        let mut weak = Vec::new();
        if let Some(base) = &opts.base_policy {
            let head_text = config_rel.as_deref().and_then(read);
            weak.extend(policy::config_weakenings(
                catalogue,
                &policy::Base {
                    config: &base.config,
                    text: base.text.as_deref(),
                },
                &policy::Head {
                    config,
                    text: head_text.as_deref(),
                    path: &anchor,
                },
            ));
        }
        if let Some(changes) = &opts.changes {
            weak.extend(policy::new_suppressions(changes, &directives));
        }
        meta.extend(weak.into_iter().map(|w| (i, w.hit())));
    }
    findings.extend(to_findings(
        catalogue,
        &levels,
        meta,
        opts.lang,
        &redactor,
        Some((&about_repo, &anchor)),
    ));
    if opts.min_confidence > Confidence::Medium {
        let before = findings.len();
        findings.retain(|f| f.confidence >= opts.min_confidence);
        stats.below_confidence = (before - findings.len()) as u64;
    }
    findings.sort_by(|a, b| {
        (
            &a.location.path,
            a.location.line,
            a.location.column,
            &a.rule_id,
        )
            .cmp(&(
                &b.location.path,
                b.location.line,
                b.location.column,
                &b.rule_id,
            ))
    });

    if let Some(baseline) = &opts.baseline {
        let before = findings.len();
        findings.retain(|f| !baseline.contains(&f.fingerprint));
        stats.baselined = (before - findings.len()) as u64;
    }
    if let Some(changes) = &opts.changes {
        let before = findings.len();
        match &opts.base_findings {
            // Editing a README brings back no repository-level finding; deleting SECURITY.md
            // is new; a finding whose line moved or was touched is the one the base had.
            Some(base) => {
                findings.retain(|f| f.rule_id == policy::WEAKENED || !base.contains(&f.fingerprint))
            }
            None => findings.retain(|f| in_change(catalogue, changes, f)),
        }
        stats.outside_diff = (before - findings.len()) as u64;
    }

    for n in &mut notifications {
        n.message = redactor.redact(&n.message);
    }
    notifications.sort();
    notifications.dedup();
    stats.parse_errors = notifications
        .iter()
        .filter(|n| n.code == "parse-error")
        .count() as u64;
    let rules_run: Vec<String> = active
        .iter()
        .filter(|a| !idle.contains(&a.index))
        .map(|a| a.loaded().rule.id.clone())
        .filter(|id| applies(id))
        .collect();
    stats.rules_run = rules_run.len() as u64;
    Ok(ScanResult {
        findings,
        notifications,
        stats,
        rules_run,
        facts,
        evidence,
        today: opts.today,
        routes: shared.routes().to_vec(),
        unfollowed: shared.unfollowed().to_vec(),
    })
}

/// A finding belongs to a change when its line changed, or, for a repository-level rule, when
/// its own file or any file the rule watches was touched.
fn in_change(catalogue: &Catalogue, changes: &Changes, f: &Finding) -> bool {
    // Found only by comparing with the base: the change's doing by construction.
    if f.rule_id == policy::WEAKENED {
        return true;
    }
    if changes.line_changed(&f.location.path, f.location.line) {
        return true;
    }
    let Some(rule) = catalogue.get(&f.rule_id) else {
        return false;
    };
    if !rule.inspector.file_globs().is_empty() {
        return false;
    }
    if changes.touched(&f.location.path) {
        return true;
    }
    let watched = rule.inspector.watched();
    let Ok(set) = crate::globs_case_insensitive(&watched) else {
        return false;
    };
    changes.touched_paths().any(|p| set.is_match(p))
}

/// The config's path relative to the root, when the config lies inside the repository.
fn config_rel(config: &Config, root: &Path) -> Option<String> {
    let abs = std::fs::canonicalize(config.source.as_ref()?).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    let rel = abs.strip_prefix(&root).ok()?;
    Some(walk::relative(Path::new(""), rel))
}

/// The config line that decides repository-level findings: the stage, else `[profile]`.
fn deciding_line(config: &str) -> u32 {
    let at = |f: &dyn Fn(&str) -> bool| {
        config
            .lines()
            .position(|l| f(l.trim()))
            .map(|i| i as u32 + 1)
    };
    at(&|l| {
        l.strip_prefix("stage")
            .is_some_and(|r| r.trim_start().starts_with('='))
    })
    .or_else(|| at(&|l| l == "[profile]"))
    .unwrap_or(1)
}

/// With no config, the line of a workflow that runs trustlint: where the policy is applied.
fn running_workflow(
    index: &[String],
    read: &dyn Fn(&str) -> Option<String>,
) -> Option<(String, u32)> {
    index
        .iter()
        .filter(|p| {
            p.starts_with(".github/workflows/") && (p.ends_with(".yml") || p.ends_with(".yaml"))
        })
        .find_map(|p| {
            let text = read(p)?;
            let line = text.lines().position(|l| {
                let l = l.trim_start().trim_start_matches("- ");
                (l.starts_with("uses:") && l.contains("trustlint/trustlint"))
                    || (l.starts_with("run:") && l.contains("trustlint scan"))
            })?;
            Some((p.clone(), line as u32 + 1))
        })
}

/// Else the README (the file that should say where the security documents are), by that name
/// even when it is missing, never an arbitrary file.
fn readme(index: &[String]) -> String {
    index
        .iter()
        .filter(|p| !p.contains('/') && p.to_ascii_lowercase().starts_with("readme"))
        .min()
        .cloned()
        .unwrap_or_else(|| "README.md".into())
}
