//! From inspector hits to findings: messages rendered, locations normalised, sorted, and
//! fingerprinted so that a finding keeps its identity when lines move.

use crate::rules::Catalogue;
use crate::shown::Redactor;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use trustlint_inspect::Hit;
use trustlint_model::{Confidence, Finding, Lang, Location, Severity};

/// The rules' severities after the config's overrides, and which of them the config sets.
pub(crate) struct Levels<'a> {
    pub(crate) severity: &'a BTreeMap<usize, Severity>,
    pub(crate) fixed: &'a BTreeSet<usize>,
}

impl Levels<'_> {
    /// A hit may lower its rule's severity (a test-mode key), never raise it; a
    /// medium-confidence error is a warning unless the config sets the rule's severity.
    fn of(&self, index: usize, hit: &Hit, confidence: Confidence) -> Severity {
        let rule = self.severity[&index];
        let level = hit.severity.map_or(rule, |s| s.min(rule));
        if confidence == Confidence::Medium
            && level == Severity::Error
            && !self.fixed.contains(&index)
        {
            Severity::Warning
        } else {
            level
        }
    }
}

pub(crate) fn to_findings(
    catalogue: &Catalogue,
    levels: &Levels<'_>,
    hits: Vec<(usize, Hit)>,
    lang: Lang,
    redactor: &Redactor,
    about_repo: Option<(&BTreeSet<usize>, &str)>,
) -> Vec<Finding> {
    let mut findings: Vec<(Finding, String, String)> = hits
        .into_iter()
        .map(|(index, hit)| {
            let rule = &catalogue.rules[index].rule;
            // A finding about the repository as a whole keeps its fingerprint wherever it is
            // anchored (the config, a workflow, the README).
            let key = match about_repo {
                Some((rules, anchor)) if rules.contains(&index) && hit.path == anchor => {
                    String::new()
                }
                _ => hit.path.clone(),
            };
            let template = hit.message.as_ref().unwrap_or(&rule.message);
            let mut checklist = rule.checklist.clone();
            checklist.extend(
                hit.checklist
                    .iter()
                    .filter(|c| !rule.checklist.contains(c))
                    .cloned(),
            );
            let confidence = hit.confidence.unwrap_or(rule.confidence);
            let severity = levels.of(index, &hit, confidence);
            // Every value from the repository is redacted, then shortened, before it is shown.
            let args: Vec<(String, String)> = hit
                .args
                .iter()
                .map(|(k, v)| (k.clone(), crate::shown::arg(redactor, v)))
                .collect();
            let related = hit
                .related
                .into_iter()
                .map(|mut r| {
                    r.message = redactor.redact(&r.message);
                    r
                })
                .collect();
            let source_line = hit.source_line.map(|s| redactor.redact(&s));
            let finding = Finding {
                rule_id: rule.id.clone(),
                checklist,
                severity,
                confidence,
                context: hit.context,
                message: redactor.redact(&template.render(lang, &args)),
                message_parts: trustlint_model::fill_parts(template.get(lang), &args)
                    .into_iter()
                    .map(|(code, s)| (code, redactor.redact(&s)))
                    .collect(),
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
                suppression_kind: None,
                related,
                source_line,
                source_column: hit.source_column.max(1),
            };
            (finding, normalise(&hit.matched), key)
        })
        .collect();
    findings.sort_by(|(a, _, _), (b, _, _)| {
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
    findings.dedup_by(|(a, _, _), (b, _, _)| a.rule_id == b.rule_id && a.location == b.location);
    // The n-th identical match of a rule in a file keeps its fingerprint when lines move.
    let mut seen: BTreeMap<(String, String, String), u32> = BTreeMap::new();
    findings
        .into_iter()
        .map(|(mut f, matched, key)| {
            let n = seen
                .entry((f.rule_id.clone(), key.clone(), matched.clone()))
                .or_insert(0);
            f.fingerprint = fingerprint(&f.rule_id, &key, &matched, *n);
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
