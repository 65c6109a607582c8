//! One file at a time: reading it under the engine's limits, running the rules that want it,
//! and collecting what they found. [`FileScanner`] offers the same on in-memory text.

use crate::active::{active_rules, fixed_severities, severities, Active};
use crate::contexts::Reporting;
use crate::dispatch::Dispatch;
use crate::error::Error;
use crate::findings::{to_findings, Levels};
use crate::read::{read_file, Read};
use crate::rules::Catalogue;
use crate::shown::{self, Caps, Redactor};
use crate::walk::Entry;
use std::collections::BTreeMap;
use trustlint_inspect::lang_rust::declared_test_modules;
use trustlint_inspect::{
    directives, ContextPaths, Directive, FileCtx, Hit, Output, Syntax, TestModule,
};
use trustlint_model::{
    CodeContext, Finding, Lang, Notification, NotificationLevel, Profile, Stage,
};

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
    /// Test modules this (Rust) file declares out of line.
    pub(crate) test_modules: Vec<TestModule>,
    /// Values of this file that must never be printed in full.
    pub(crate) secrets: Vec<String>,
}

pub(crate) fn scan_file(
    entry: &Entry,
    dispatch: &Dispatch,
    active: &[Active<'_>],
    max: u64,
    contexts: &ContextPaths,
    caps: Caps,
) -> FileOutcome {
    let mut outcome = FileOutcome::empty();
    let mut wanted = dispatch.wanted(&entry.rel);
    // Vendored and generated files (lock files, bundles, `node_modules`) are large and never
    // the team's own code: a rule that does not report there does not read them at all.
    let by_path = contexts.of(&entry.rel, "");
    if matches!(by_path, CodeContext::Vendored | CodeContext::Generated) {
        wanted.retain(|&i| active[i].reads_in(by_path));
    }
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
    inspect(
        &entry.rel,
        &text,
        &worth,
        active,
        contexts,
        caps,
        &mut outcome,
    );
    outcome
}

/// Indices of the wanted files that fall past the total size budget (`budget` bytes), files
/// over `max_file_size` (skipped anyway) not counted.
pub(crate) fn over_budget(
    files: &[Entry],
    dispatch: &Dispatch,
    budget: Option<u64>,
    max_file_size: u64,
) -> Vec<usize> {
    let Some(budget) = budget else {
        return Vec::new();
    };
    let mut spent = 0u64;
    let mut over = Vec::new();
    for (i, e) in files.iter().enumerate() {
        if e.size > max_file_size || dispatch.wanted(&e.rel).is_empty() {
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
    fn empty() -> Self {
        FileOutcome {
            read: ReadKind::NotWanted,
            hits: Vec::new(),
            notifications: Vec::new(),
            directives: Vec::new(),
            wanted: Vec::new(),
            interesting: Vec::new(),
            test_modules: Vec::new(),
            secrets: Vec::new(),
        }
    }

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
            ..FileOutcome::empty()
        }
    }
}

/// Runs the wanted rules on one file's text and collects its suppression directives.
fn inspect(
    rel: &str,
    text: &str,
    wanted: &[usize],
    active: &[Active<'_>],
    contexts: &ContextPaths,
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
    crate::contexts::assign(&ctx, contexts, &mut outcome.hits);
    if ctx.syntax == Syntax::Rust {
        outcome.test_modules = declared_test_modules(text);
    }
    if !outcome.hits.is_empty() {
        outcome.secrets.extend(shown::recognised(text));
        // Secrets a hit marks by their place in the text.
        for (_, h) in &outcome.hits {
            for r in &h.secrets {
                if let Some(s) = text.get(r.clone()) {
                    outcome.secrets.push(s.to_string());
                }
            }
        }
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
            let line = ctx.line_text(d.line).to_string();
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
    /// Every rule of every stage, with no overrides and an empty profile.
    pub fn new(catalogue: &'c Catalogue) -> Result<Self, Error> {
        let active = active_rules(
            catalogue,
            Stage::Live,
            &BTreeMap::new(),
            &Profile::default(),
        );
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
        let mut outcome = FileOutcome::empty();
        let worth = self.dispatch.worth_running(self.dispatch.wanted(rel), text);
        let contexts = ContextPaths::default();
        inspect(
            rel,
            text,
            &worth,
            &self.active,
            &contexts,
            Caps::default(),
            &mut outcome,
        );
        let reporting = Reporting::new(&self.active);
        outcome.hits.retain(|(i, h)| reporting.reports(*i, h));
        let levels = Levels {
            severity: &severities(&self.active),
            fixed: &fixed_severities(&self.active),
        };
        let redactor = Redactor::new(outcome.secrets);
        (
            to_findings(
                self.catalogue,
                &levels,
                outcome.hits,
                Lang::En,
                &redactor,
                None,
            ),
            outcome.notifications,
        )
    }
}
