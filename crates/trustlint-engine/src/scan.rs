//! A scan: walk once, read each wanted file once, run every rule that wants it, then the
//! repository-level rules from the file index; sort, fingerprint, done.

use crate::config::Config;
use crate::error::Error;
use crate::rules::Catalogue;
use crate::walk::{self, Entry};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use jiff::civil::Date;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use trustlint_inspect::{FileCtx, Hit, Output, RepoCtx};
use trustlint_model::{
    AttestationKind, Fact, FactValue, Finding, Lang, Location, Notification, NotificationLevel,
    Severity, Stage, Stats,
};

pub struct ScanOptions {
    pub root: PathBuf,
    pub stage: Stage,
    pub lang: Lang,
    pub threads: usize,
    pub max_file_size: u64,
    /// The date review-by and review dates are compared with.
    pub today: Date,
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
}

struct Active<'c> {
    index: usize,
    severity: Severity,
    catalogue: &'c Catalogue,
}

impl Active<'_> {
    fn loaded(&self) -> &crate::rules::LoadedRule {
        &self.catalogue.rules[self.index]
    }
}

pub fn scan(
    catalogue: &Catalogue,
    config: &Config,
    opts: &ScanOptions,
) -> Result<ScanResult, Error> {
    let active: Vec<Active<'_>> = catalogue
        .rules
        .iter()
        .enumerate()
        .filter_map(|(index, r)| {
            let o = config.overrides.get(&r.rule.id);
            let enabled = o.and_then(|o| o.enabled).unwrap_or(true);
            // An inference is only needed where the profile is silent.
            let needed = r
                .rule
                .infers
                .is_none_or(|f| f.declared(&config.profile).is_none());
            (enabled && needed && r.rule.stage <= opts.stage).then(|| Active {
                index,
                severity: o.and_then(|o| o.severity).unwrap_or(r.rule.severity),
                catalogue,
            })
        })
        .collect();
    let dispatch = Dispatch::new(&active)?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(|e| Error::new(format!("cannot start worker threads: {e}")))?;
    let walked = walk::walk(&opts.root, &config.exclude, opts.threads).map_err(|e| {
        let shown = config
            .source
            .as_ref()
            .map_or("trustlint.toml".into(), |p| p.display().to_string());
        Error::at(&shown, None, e)
    })?;
    let mut notifications = walked.notifications;
    let mut stats = Stats {
        files_seen: walked.files.len() as u64,
        rules_run: active.len() as u64,
        ..Stats::default()
    };

    let per_file: Vec<FileOutcome> = pool.install(|| {
        walked
            .files
            .par_iter()
            .map(|entry| scan_file(entry, &dispatch, &active, opts.max_file_size))
            .collect()
    });

    let mut hits: Vec<(usize, Hit)> = Vec::new();
    for outcome in per_file {
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
    let anchor = config_rel
        .clone()
        .unwrap_or_else(|| readme_or_first(&index));
    let repo = RepoCtx {
        files: &index,
        read: &read,
        anchor: &anchor,
        config_path: config_rel.as_deref(),
        profile: &config.profile,
        attestations: &config.attestations,
        today: opts.today,
        review_months: config.review_months(),
    };
    let mut evidence: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for a in &active {
        let mut out = Output::default();
        a.loaded().inspector.check_repo(&repo, &mut out);
        hits.extend(out.hits.into_iter().map(|h| (a.index, h)));
        notifications.extend(out.notifications);
        if !out.evidence.is_empty() {
            evidence.insert(a.loaded().rule.id.clone(), out.evidence);
        }
    }

    let severity: BTreeMap<usize, Severity> =
        active.iter().map(|a| (a.index, a.severity)).collect();
    let mut findings = to_findings(catalogue, &severity, hits, opts.lang);
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
    notifications.sort();
    notifications.dedup();
    stats.parse_errors = notifications
        .iter()
        .filter(|n| n.code == "parse-error")
        .count() as u64;
    let rules_run: Vec<String> = active
        .iter()
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
    })
}

/// Decides from a path which rules want the file: one glob set for every rule's globs.
struct Dispatch {
    set: GlobSet,
    owner: Vec<usize>,
}

impl Dispatch {
    fn new(active: &[Active<'_>]) -> Result<Self, Error> {
        let mut builder = GlobSetBuilder::new();
        let mut owner = Vec::new();
        for (i, a) in active.iter().enumerate() {
            for g in a.loaded().inspector.file_globs() {
                let glob = GlobBuilder::new(&g)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| {
                        Error::at(
                            &a.loaded().rule.source,
                            None,
                            format!("invalid glob `{g}`: {e}"),
                        )
                    })?;
                builder.add(glob);
                owner.push(i);
            }
        }
        let set = builder.build().map_err(|e| Error::new(e.to_string()))?;
        Ok(Dispatch { set, owner })
    }

    fn wanted(&self, rel: &str) -> Vec<usize> {
        let mut rules: Vec<usize> = self
            .set
            .matches(rel)
            .into_iter()
            .map(|g| self.owner[g])
            .collect();
        rules.dedup();
        rules
    }
}

enum ReadKind {
    NotWanted,
    Text(u64),
    Binary,
    TooLarge,
    Unreadable,
}

struct FileOutcome {
    read: ReadKind,
    hits: Vec<(usize, Hit)>,
    notifications: Vec<Notification>,
}

fn scan_file(entry: &Entry, dispatch: &Dispatch, active: &[Active<'_>], max: u64) -> FileOutcome {
    let mut outcome = FileOutcome {
        read: ReadKind::NotWanted,
        hits: Vec::new(),
        notifications: Vec::new(),
    };
    let wanted = dispatch.wanted(&entry.rel);
    if wanted.is_empty() {
        return outcome;
    }
    let note = |level, code: &str, message: String| Notification {
        level,
        code: code.into(),
        message,
        path: Some(entry.rel.clone()),
        line: None,
    };
    let text = match read_file(&entry.abs, max) {
        Read::Text(t) => t,
        Read::Binary => {
            outcome.read = ReadKind::Binary;
            outcome.notifications.push(note(
                NotificationLevel::Note,
                "binary-skipped",
                "binary file not scanned".into(),
            ));
            return outcome;
        }
        Read::TooLarge(size) => {
            outcome.read = ReadKind::TooLarge;
            outcome.notifications.push(note(
                NotificationLevel::Warning,
                "file-too-large",
                format!("file of {size} bytes is over the {max}-byte limit (scan.max-file-size); not scanned"),
            ));
            return outcome;
        }
        Read::Failed(err) => {
            outcome.read = ReadKind::Unreadable;
            outcome.notifications.push(note(
                NotificationLevel::Warning,
                "unreadable",
                format!("could not read: {err}"),
            ));
            return outcome;
        }
    };
    outcome.read = ReadKind::Text(text.len() as u64);
    let ctx = FileCtx::new(&entry.rel, &text);
    for i in wanted {
        let mut out = Output::default();
        active[i].loaded().inspector.check_file(&ctx, &mut out);
        outcome
            .hits
            .extend(out.hits.into_iter().map(|h| (active[i].index, h)));
        outcome.notifications.extend(out.notifications);
    }
    outcome
}

enum Read {
    Text(String),
    Binary,
    TooLarge(u64),
    Failed(String),
}

/// Reads a regular file (never through a symlink) as text: UTF-16 with a BOM is decoded,
/// invalid UTF-8 is replaced, not dropped; NUL bytes mean binary.
fn read_file(path: &Path, max: u64) -> Read {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => {
            if m.len() > max {
                return Read::TooLarge(m.len());
            }
        }
        Ok(_) => return Read::Failed("not a regular file".into()),
        Err(e) => return Read::Failed(e.to_string()),
    }
    let mut bytes = Vec::new();
    let result = std::fs::File::open(path).and_then(|f| f.take(max + 1).read_to_end(&mut bytes));
    if let Err(e) = result {
        return Read::Failed(e.to_string());
    }
    if bytes.len() as u64 > max {
        return Read::TooLarge(bytes.len() as u64);
    }
    decode(&bytes)
}

fn decode(bytes: &[u8]) -> Read {
    let utf16 = |be: bool| {
        let units = bytes[2..].chunks_exact(2).map(|c| {
            if be {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    match bytes {
        [0xFF, 0xFE, ..] => Read::Text(utf16(false)),
        [0xFE, 0xFF, ..] => Read::Text(utf16(true)),
        _ if bytes[..bytes.len().min(8192)].contains(&0) => Read::Binary,
        [0xEF, 0xBB, 0xBF, rest @ ..] => Read::Text(String::from_utf8_lossy(rest).into_owned()),
        _ => Read::Text(String::from_utf8_lossy(bytes).into_owned()),
    }
}

/// Evidence may be kept outside the repository: a missing document is not a failure when a
/// current attestation covers every item the finding is about. The finding stays, suppressed,
/// with the attestation as its justification.
fn attested_elsewhere(
    catalogue: &Catalogue,
    config: &Config,
    today: Date,
    findings: &mut [Finding],
) {
    for f in findings.iter_mut() {
        let evidence_rule = catalogue
            .get(&f.rule_id)
            .is_some_and(|r| matches!(r.rule.kind.as_str(), "file-exists" | "profile-field"));
        if !evidence_rule {
            continue;
        }
        let covering: Option<Vec<String>> = f
            .checklist
            .iter()
            .map(|item| {
                config
                    .attestations
                    .iter()
                    .find(|a| {
                        &a.item == item
                            && a.status == AttestationKind::Attested
                            && a.review_by.is_some_and(|d| d >= today)
                    })
                    .map(|a| {
                        format!(
                            "{} attested by {} (evidence: {}; review by {})",
                            a.item,
                            a.by.as_deref().unwrap_or("?"),
                            a.evidence.as_deref().unwrap_or("?"),
                            a.review_by.map(|d| d.to_string()).unwrap_or_default()
                        )
                    })
            })
            .collect();
        if let Some(reasons) = covering {
            f.suppressed = true;
            f.suppression_reason = Some(reasons.join("; "));
        }
    }
}

/// What is known of each fact: declared in the profile, inferred from a finding of a rule that
/// infers it, or unknown.
fn facts(
    catalogue: &Catalogue,
    config: &Config,
    findings: &[Finding],
) -> BTreeMap<Fact, FactValue> {
    [
        Fact::PersonalInformation,
        Fact::Website,
        Fact::Protected,
        Fact::TlsProxy,
    ]
    .into_iter()
    .map(|fact| {
        let value = match fact.declared(&config.profile) {
            Some(value) => FactValue::Declared { value },
            None => findings
                .iter()
                .find(|f| {
                    catalogue
                        .get(&f.rule_id)
                        .is_some_and(|r| r.rule.infers == Some(fact))
                })
                .map_or(FactValue::Unknown, |f| FactValue::Inferred {
                    value: true,
                    path: f.location.path.clone(),
                    line: f.location.line,
                }),
        };
        (fact, value)
    })
    .collect()
}

/// The config's path relative to the root, when the config lies inside the repository.
fn config_rel(config: &Config, root: &Path) -> Option<String> {
    let abs = std::fs::canonicalize(config.source.as_ref()?).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    let rel = abs.strip_prefix(&root).ok()?;
    Some(walk::relative(Path::new(""), rel))
}

/// A real file to pin findings about missing things on when there is no config: the README.
fn readme_or_first(index: &[String]) -> String {
    let readme = index
        .iter()
        .filter(|p| !p.contains('/') && p.to_ascii_lowercase().starts_with("readme"))
        .min();
    readme
        .or_else(|| index.first())
        .cloned()
        .unwrap_or_else(|| "README.md".into())
}

fn to_findings(
    catalogue: &Catalogue,
    severity: &BTreeMap<usize, Severity>,
    hits: Vec<(usize, Hit)>,
    lang: Lang,
) -> Vec<Finding> {
    let mut findings: Vec<(Finding, String)> = hits
        .into_iter()
        .map(|(index, hit)| {
            let rule = &catalogue.rules[index].rule;
            let template = hit.message.as_ref().unwrap_or(&rule.message);
            let mut checklist = rule.checklist.clone();
            checklist.extend(
                hit.checklist
                    .iter()
                    .filter(|c| !rule.checklist.contains(c))
                    .cloned(),
            );
            let finding = Finding {
                rule_id: rule.id.clone(),
                checklist,
                severity: severity[&index],
                message: template.render(lang, &hit.args),
                location: Location {
                    path: hit.path,
                    line: hit.line.max(1),
                    column: hit.column.max(1),
                    end_line: hit.end_line,
                    end_column: hit.end_column,
                },
                fingerprint: String::new(),
                suppressed: false,
                suppression_reason: None,
                related: Vec::new(),
                source_line: hit.source_line,
            };
            (finding, normalise(&hit.matched))
        })
        .collect();
    findings.sort_by(|(a, _), (b, _)| {
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
    findings.dedup_by(|(a, _), (b, _)| a.rule_id == b.rule_id && a.location == b.location);
    // The n-th identical match of a rule in a file keeps its fingerprint when lines move.
    let mut seen: BTreeMap<(String, String, String), u32> = BTreeMap::new();
    findings
        .into_iter()
        .map(|(mut f, matched)| {
            let n = seen
                .entry((f.rule_id.clone(), f.location.path.clone(), matched.clone()))
                .or_insert(0);
            f.fingerprint = fingerprint(&f.rule_id, &f.location.path, &matched, *n);
            *n += 1;
            f
        })
        .collect()
}

fn normalise(matched: &str) -> String {
    matched.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fingerprint(rule: &str, path: &str, matched: &str, occurrence: u32) -> String {
    let mut h = Sha256::new();
    for part in [rule, path, matched, &occurrence.to_string()] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
