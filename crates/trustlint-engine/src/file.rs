//! One file at a time: reading it under the engine's limits, running the rules that want it,
//! and collecting what they found. [`FileScanner`] offers the same on in-memory text.

use crate::config::Config;
use crate::dispatch::Dispatch;
use crate::error::Error;
use crate::findings::to_findings;
use crate::read::{read_file, Read};
use crate::rules::Catalogue;
use crate::scan::{active_rules, Active, ScanOptions};
use crate::shown::{self, Caps, Redactor};
use crate::walk::Entry;
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::path::PathBuf;
use trustlint_inspect::{directives, Directive, FileCtx, Hit, Output};
use trustlint_model::{Finding, Lang, Notification, NotificationLevel, Severity, Stage};

pub(crate) enum ReadKind {
    NotWanted,
    Text(u64),
    Binary,
    TooLarge,
    Unreadable,
}

pub(crate) struct FileOutcome {
    pub(crate) read: ReadKind,
    pub(crate) hits: Vec<(usize, Hit)>,
    pub(crate) notifications: Vec<Notification>,
    /// Suppression directives: (path, directive, its source line).
    pub(crate) directives: Vec<(String, Directive, String)>,
    /// The active rules that wanted this file and got to read it.
    pub(crate) wanted: Vec<usize>,
    /// The repository-level rules that noted this file for their pass.
    pub(crate) interesting: Vec<usize>,
    /// Values of this file that must never be printed in full.
    pub(crate) secrets: Vec<String>,
}

pub(crate) fn scan_file(
    entry: &Entry,
    dispatch: &Dispatch,
    active: &[Active<'_>],
    max: u64,
    caps: Caps,
) -> FileOutcome {
    let mut outcome = FileOutcome {
        read: ReadKind::NotWanted,
        hits: Vec::new(),
        notifications: Vec::new(),
        directives: Vec::new(),
        wanted: Vec::new(),
        interesting: Vec::new(),
        secrets: Vec::new(),
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
    outcome.wanted.clone_from(&wanted);
    let worth = dispatch.worth_running(wanted, &text);
    inspect(&entry.rel, &text, &worth, active, caps, &mut outcome);
    outcome
}

/// Indices of the wanted files that fall past the total size budget.
pub(crate) fn over_budget(files: &[Entry], dispatch: &Dispatch, opts: &ScanOptions) -> Vec<usize> {
    let Some(budget) = opts.max_total_size else {
        return Vec::new();
    };
    let mut spent = 0u64;
    let mut over = Vec::new();
    for (i, e) in files.iter().enumerate() {
        if e.size > opts.max_file_size || dispatch.wanted(&e.rel).is_empty() {
            continue;
        }
        if spent.saturating_add(e.size) > budget {
            over.push(i);
        } else {
            spent = spent.saturating_add(e.size);
        }
    }
    over
}

impl FileOutcome {
    pub(crate) fn skipped(entry: &Entry, budget: u64) -> Self {
        FileOutcome {
            read: ReadKind::TooLarge,
            hits: Vec::new(),
            notifications: vec![Notification {
                level: NotificationLevel::Warning,
                code: "total-size-exceeded".into(),
                message: format!(
                    "not scanned: the scan read its {budget}-byte budget (scan.max-total-size)"
                ),
                path: Some(entry.rel.clone()),
                line: None,
            }],
            directives: Vec::new(),
            wanted: Vec::new(),
            interesting: Vec::new(),
            secrets: Vec::new(),
        }
    }
}

/// Runs the wanted rules on one file's text and collects its suppression directives.
fn inspect(
    rel: &str,
    text: &str,
    wanted: &[usize],
    active: &[Active<'_>],
    caps: Caps,
    outcome: &mut FileOutcome,
) {
    let ctx = FileCtx::new(rel, text);
    for &i in wanted {
        let mut out = Output::default();
        active[i].loaded().inspector.check_file(&ctx, &mut out);
        if out.interesting {
            outcome.interesting.push(i);
        }
        outcome
            .hits
            .extend(out.hits.into_iter().map(|h| (active[i].index, h)));
        outcome.notifications.extend(out.notifications);
        outcome.secrets.extend(out.secrets);
    }
    if !outcome.hits.is_empty() {
        outcome.secrets.extend(shown::recognised(text));
    }
    let redactor = Redactor::new(outcome.secrets.iter().cloned());
    let id = |r: usize| {
        active
            .iter()
            .find(|a| a.index == r)
            .map_or_else(String::new, |a| a.loaded().rule.id.clone())
    };
    shown::finish_file(
        &ctx,
        &mut outcome.hits,
        &id,
        caps,
        &redactor,
        &mut outcome.notifications,
    );
    outcome.directives = directives(&ctx)
        .into_iter()
        .map(|d| {
            let h = Hit {
                line: d.line,
                column: 1,
                source_line: trustlint_inspect::SHOW_LINE,
                ..Hit::default()
            };
            let mut one = vec![(0, h)];
            shown::finish_file(&ctx, &mut one, &id, caps, &redactor, &mut Vec::new());
            let line = one
                .pop()
                .and_then(|(_, h)| h.source_line)
                .unwrap_or_default();
            (rel.to_string(), d, line)
        })
        .collect();
}

/// Every file-level rule of the catalogue, ready to run on in-memory files as the scan would
/// run them on a file at the same path: the entry point for fuzzing and embedding.
pub struct FileScanner<'c> {
    catalogue: &'c Catalogue,
    active: Vec<Active<'c>>,
    dispatch: Dispatch,
}

impl<'c> FileScanner<'c> {
    pub fn new(catalogue: &'c Catalogue) -> Result<Self, Error> {
        let opts = ScanOptions {
            root: PathBuf::new(),
            stage: Stage::Live,
            lang: Lang::En,
            threads: 1,
            max_file_size: u64::MAX,
            today: Date::constant(2026, 1, 1),
            only: None,
            baseline: None,
            changes: None,
            max_total_size: None,
            progress: None,
            caps: Caps::default(),
        };
        let active = active_rules(catalogue, &Config::default(), &opts);
        let dispatch = Dispatch::new(&active)?;
        Ok(FileScanner {
            catalogue,
            active,
            dispatch,
        })
    }

    /// Lines are counted as the scan counts them: a lone CR ends a line, as it does when the
    /// scan reads a file.
    pub fn inspect(&self, rel: &str, text: &str) -> (Vec<Finding>, Vec<Notification>) {
        let text = &crate::read::lines(text.to_string());
        let mut outcome = FileOutcome {
            read: ReadKind::NotWanted,
            hits: Vec::new(),
            notifications: Vec::new(),
            directives: Vec::new(),
            wanted: Vec::new(),
            interesting: Vec::new(),
            secrets: Vec::new(),
        };
        let worth = self.dispatch.worth_running(self.dispatch.wanted(rel), text);
        inspect(
            rel,
            text,
            &worth,
            &self.active,
            Caps::default(),
            &mut outcome,
        );
        let severity: BTreeMap<usize, Severity> =
            self.active.iter().map(|a| (a.index, a.severity)).collect();
        let redactor = Redactor::new(outcome.secrets);
        (
            to_findings(self.catalogue, &severity, outcome.hits, Lang::En, &redactor),
            outcome.notifications,
        )
    }
}
