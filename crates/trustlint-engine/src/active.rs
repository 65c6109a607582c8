//! Which rules a scan runs, and at what severity: every rule of the catalogue that the config
//! leaves enabled, that is due at the delivery stage, and whose inferred fact the profile does
//! not already declare. Both the tree scan and [`crate::FileScanner`] start from this list.

use crate::config::RuleOverride;
use crate::rules::{Catalogue, LoadedRule};
use std::collections::{BTreeMap, BTreeSet};
use trustlint_model::{CodeContext, Profile, Severity, Stage};

/// A rule the scan runs: its place in the catalogue and its severity after overrides.
pub(crate) struct Active<'c> {
    pub(crate) index: usize,
    pub(crate) severity: Severity,
    /// The config sets the severity: it holds for every finding, whatever its confidence.
    pub(crate) severity_fixed: bool,
    /// The config's `contexts` for the rule, replacing the rule's own.
    contexts: Option<Vec<CodeContext>>,
    catalogue: &'c Catalogue,
}

impl Active<'_> {
    pub(crate) fn loaded(&self) -> &LoadedRule {
        &self.catalogue.rules[self.index]
    }

    /// Where the rule reports: the config's list, else the rule's.
    pub(crate) fn contexts(&self) -> &[CodeContext] {
        self.contexts
            .as_deref()
            .unwrap_or(&self.loaded().rule.contexts)
    }

    /// Whether the rule reports anything in `context`, live-format evidence included.
    pub(crate) fn reads_in(&self, context: CodeContext) -> bool {
        self.contexts().contains(&context)
            || self.loaded().rule.live_format_contexts.contains(&context)
    }

    /// Answered from the file index once per scan rather than file by file.
    pub(crate) fn repo_level(&self) -> bool {
        self.loaded().inspector.file_globs().is_empty()
    }
}

/// The rules due at `stage`, with the config's `[rules.<id>]` overrides applied; a rule that
/// only infers a fact runs where the profile is silent about it.
pub(crate) fn active_rules<'c>(
    catalogue: &'c Catalogue,
    stage: Stage,
    overrides: &BTreeMap<String, RuleOverride>,
    profile: &Profile,
) -> Vec<Active<'c>> {
    catalogue
        .rules
        .iter()
        .enumerate()
        .filter_map(|(index, r)| {
            let o = overrides.get(&r.rule.id);
            let enabled = o.and_then(|o| o.enabled).unwrap_or(true);
            // An inference is only needed where the profile is silent.
            let needed = r.rule.infers.is_none_or(|f| f.declared(profile).is_none());
            (enabled && needed && r.rule.stage <= stage).then(|| Active {
                index,
                severity: o.and_then(|o| o.severity).unwrap_or(r.rule.severity),
                severity_fixed: o.and_then(|o| o.severity).is_some(),
                contexts: o.and_then(|o| o.contexts.clone()),
                catalogue,
            })
        })
        .collect()
}

/// Each active rule's severity, by catalogue index.
pub(crate) fn severities(active: &[Active<'_>]) -> BTreeMap<usize, Severity> {
    active.iter().map(|a| (a.index, a.severity)).collect()
}

/// The catalogue indices of the rules whose severity the config sets.
pub(crate) fn fixed_severities(active: &[Active<'_>]) -> BTreeSet<usize> {
    active
        .iter()
        .filter(|a| a.severity_fixed)
        .map(|a| a.index)
        .collect()
}
