//! Suppressions: inline `trustlint: ignore[rule] reason` comments and config `[[ignore]]`
//! entries. A suppressed finding is kept (SARIF shows it with its justification) but never
//! fails the build. Suppressions are audited too: one without a reason, naming an unknown rule,
//! past its date, or matching nothing is a finding of its own.

use crate::config::Config;
use crate::rules::Catalogue;
use jiff::civil::Date;
use std::collections::BTreeMap;
use trustlint_inspect::{Directive, Hit, Until};
use trustlint_model::{Finding, Severity, SuppressionKind, Text};

pub const INVALID: &str = "suppression-invalid";
pub const UNUSED: &str = "suppression-unused";

pub struct Suppressions<'a> {
    pub catalogue: &'a Catalogue,
    pub config: &'a Config,
    /// Where config-level problems are reported (the config, or the repository's anchor).
    pub config_path: &'a str,
    pub today: Date,
    /// The active rules and their severities; meta findings only for active meta rules.
    pub active: &'a BTreeMap<usize, Severity>,
}

impl Suppressions<'_> {
    fn rule_index(&self, id: &str) -> Option<usize> {
        let i = self.catalogue.rules.iter().position(|r| r.rule.id == id)?;
        self.active.contains_key(&i).then_some(i)
    }

    /// [`Suppressions::apply`] on the reported findings and on those left out for their
    /// context, so that a suppression next to test code counts as used.
    pub fn apply_with(
        &self,
        findings: &mut Vec<Finding>,
        outside: &mut Vec<Finding>,
        directives: &[(String, Directive, String)],
    ) -> Vec<(usize, Hit)> {
        let reported = findings.len();
        findings.append(outside);
        let meta = self.apply(findings, directives);
        *outside = findings.split_off(reported);
        meta
    }

    /// Marks suppressed findings and returns the hits of the meta rules.
    pub fn apply(
        &self,
        findings: &mut [Finding],
        directives: &[(String, Directive, String)],
    ) -> Vec<(usize, Hit)> {
        let mut meta = Vec::new();
        let invalid = self.rule_index(INVALID);
        let unused = self.rule_index(UNUSED);
        for (path, d, source_line) in directives {
            let problems = self.problems(d);
            let hit = |message: Text| Hit {
                path: path.clone(),
                line: d.line,
                column: d.column,
                matched: d.text.clone(),
                message: Some(message),
                source_line: Some(source_line.clone()),
                ..Hit::default()
            };
            if !problems.is_empty() {
                if let Some(i) = invalid {
                    let (en, fr): (Vec<_>, Vec<_>) = problems.into_iter().unzip();
                    meta.push((
                        i,
                        hit(Text::new(
                            format!("this suppression is not applied: {}", en.join("; ")),
                            format!("cette suppression n'est pas appliquée : {}", fr.join("; ")),
                        )),
                    ));
                }
                continue;
            }
            let reason = match &d.until {
                Until::Date(until) => format!("{} (until {until})", d.reason),
                _ => d.reason.clone(),
            };
            let mut used = false;
            for f in findings.iter_mut().filter(|f| {
                !f.suppressed
                    && f.location.path == *path
                    && d.rules.contains(&f.rule_id)
                    && (f.location.line == d.line || f.location.line == d.line + 1)
            }) {
                f.suppressed = true;
                f.suppression_reason = Some(reason.clone());
                f.suppression_kind = Some(SuppressionKind::InSource);
                used = true;
            }
            if let (false, Some(i)) = (used, unused) {
                let rules = d.rules.join(", ");
                meta.push((i, hit(Text::new(
                    format!("this suppression of {rules} matches no finding on this line or the next; remove it"),
                    format!("cette suppression de {rules} ne correspond à aucune constatation sur cette ligne ou la suivante; retirez-la"),
                ))));
            }
        }
        for ig in &self.config.ignores {
            let rules = ig.rules.join(", ");
            let hit = |matched: String, message: Text| Hit {
                path: self.config_path.to_string(),
                line: ig.line,
                column: 1,
                matched,
                message: Some(message),
                ..Hit::default()
            };
            if let Some(until) = ig.until.filter(|u| *u < self.today) {
                if let Some(i) = invalid {
                    meta.push((i, hit(format!("ignore:{rules}:{until}"), Text::new(
                        format!("the `[[ignore]]` of {rules} expired on {until}; its findings are reported again"),
                        format!("le `[[ignore]]` de {rules} a expiré le {until}; ses constatations sont de nouveau signalées"),
                    ))));
                }
                continue;
            }
            let mut used = false;
            for f in findings.iter_mut().filter(|f| {
                !f.suppressed
                    && ig.rules.contains(&f.rule_id)
                    && ig.paths.is_match(&f.location.path)
            }) {
                f.suppressed = true;
                f.suppression_reason = Some(ig.reason.clone());
                f.suppression_kind = Some(SuppressionKind::External);
                used = true;
            }
            if let (false, Some(i)) = (used, unused) {
                let paths = ig.patterns.join(", ");
                meta.push((i, hit(format!("ignore:{rules}:{paths}"), Text::new(
                    format!("the `[[ignore]]` of {rules} under {paths} matches no finding; remove it"),
                    format!("le `[[ignore]]` de {rules} sous {paths} ne correspond à aucune constatation; retirez-le"),
                ))));
            }
        }
        meta
    }

    /// What is wrong with a directive, in English and French.
    fn problems(&self, d: &Directive) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if d.rules.is_empty() {
            out.push((
                "it names no rule".into(),
                "elle ne nomme aucune règle".into(),
            ));
        }
        for r in d.rules.iter().filter(|r| self.catalogue.get(r).is_none()) {
            out.push((
                format!("unknown rule `{r}`"),
                format!("règle inconnue `{r}`"),
            ));
        }
        if d.reason.is_empty() {
            out.push((
                "it gives no reason".into(),
                "elle ne donne aucune raison".into(),
            ));
        }
        match &d.until {
            Until::Never => {}
            Until::Invalid(s) => out.push((
                format!("`until={s}` is not a date (YYYY-MM-DD)"),
                format!("`until={s}` n'est pas une date (AAAA-MM-JJ)"),
            )),
            Until::Date(u) if *u < self.today => out.push((
                format!("it expired on {u}"),
                format!("elle a expiré le {u}"),
            )),
            Until::Date(_) => {}
        }
        out
    }
}
