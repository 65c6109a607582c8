//! `policy-weakened`: what a change did to the policy it is judged by. A pull request that
//! excludes `src/**`, turns a rule off, lowers a severity, declares `/**` public, adds an
//! authentication name, lowers the stage, adds or extends an attestation or adds an inline
//! suppression is judged by the weaker policy it brings; each such change is shown to the
//! reviewer, with the old and new values, on the line of `trustlint.toml` that makes it.

use crate::config::Config;
use crate::diff::Changes;
use crate::rules::Catalogue;
use trustlint_inspect::{Directive, Hit};
use trustlint_model::{AttestationKind, CodeContext, Severity, Stage, Text};

pub const WEAKENED: &str = "policy-weakened";

/// One weakening: where in the head's config (or source) it is, a stable key for its
/// fingerprint, and what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weakening {
    pub path: String,
    pub line: u32,
    pub key: String,
    pub message: Text,
}

/// The base revision's policy, read from git objects.
pub struct Base<'a> {
    pub config: &'a Config,
    /// Its text, `None` when the base had no `trustlint.toml`.
    pub text: Option<&'a str>,
}

/// The head's policy.
pub struct Head<'a> {
    pub config: &'a Config,
    pub text: Option<&'a str>,
    /// Where findings about the config go (the config, else the repository's anchor).
    pub path: &'a str,
}

/// A list setting compared: key, setting as written, old and new values, what an addition
/// means in English and French.
type ListChange<'a> = (
    &'a str,
    &'a str,
    &'a [String],
    &'a [String],
    &'a str,
    &'a str,
);

/// Every way the head's config is weaker than the base's.
pub fn config_weakenings(catalogue: &Catalogue, base: &Base, head: &Head) -> Vec<Weakening> {
    let (b, h) = (base.config, head.config);
    let mut out = Vec::new();
    let line_of = |needle: &str| -> u32 {
        head.text
            .and_then(|t| t.lines().position(|l| l.contains(needle)))
            .map_or(1, |i| i as u32 + 1)
    };
    let mut push = |line: u32, key: String, en: String, fr: String| {
        out.push(Weakening {
            path: head.path.to_string(),
            line,
            key,
            message: Text::new(en, fr),
        })
    };

    let stage = |c: &Config| c.stage.unwrap_or(Stage::Alpha);
    if stage(h) < stage(b) {
        push(
            line_of("stage"),
            "stage".into(),
            format!(
                "the stage is lowered from {} to {}: the items of the higher stage are no longer checked",
                stage(b).as_str(),
                stage(h).as_str()
            ),
            format!(
                "l'étape est abaissée de {} à {} : les éléments de l'étape supérieure ne sont plus vérifiés",
                stage(b).as_str(),
                stage(h).as_str()
            ),
        );
    }

    for loaded in &catalogue.rules {
        let id = &loaded.rule.id;
        let (bo, ho) = (b.overrides.get(id), h.overrides.get(id));
        let on = |o: Option<&crate::config::RuleOverride>| o.and_then(|o| o.enabled) != Some(false);
        let line = || line_of(&format!("[rules.{id}]"));
        if on(bo) && !on(ho) {
            let reason = ho.and_then(|o| o.reason.clone()).unwrap_or_default();
            push(
                line(),
                format!("rule-off:{id}"),
                format!("rule `{id}` is turned off (reason given: \"{reason}\"); it was on"),
                format!("la règle `{id}` est désactivée (raison donnée : « {reason} »); elle était active"),
            );
            continue;
        }
        let default = loaded.rule.severity;
        let sev = |o: Option<&crate::config::RuleOverride>| -> Severity {
            o.and_then(|o| o.severity).unwrap_or(default)
        };
        if on(ho) && sev(ho) < sev(bo) {
            push(
                line(),
                format!("severity:{id}"),
                format!(
                    "the severity of `{id}` is lowered from {} to {}",
                    sev(bo).as_str(),
                    sev(ho).as_str()
                ),
                format!(
                    "la gravité de `{id}` est abaissée de {} à {}",
                    sev(bo).as_str(),
                    sev(ho).as_str()
                ),
            );
        }
        let contexts = |o: Option<&crate::config::RuleOverride>| -> Vec<CodeContext> {
            o.and_then(|o| o.contexts.clone())
                .unwrap_or_else(|| loaded.rule.contexts.clone())
        };
        let (bc, hc) = (contexts(bo), contexts(ho));
        let dropped: Vec<&str> = bc
            .iter()
            .filter(|c| !hc.contains(c))
            .map(|c| c.as_str())
            .collect();
        if on(ho) && !dropped.is_empty() {
            push(
                line(),
                format!("contexts:{id}"),
                format!("`{id}` no longer reports in {} code", dropped.join(", ")),
                format!("`{id}` ne signale plus dans le code {}", dropped.join(", ")),
            );
        }
    }

    let added = |old: &[String], new: &[String]| -> Vec<String> {
        new.iter().filter(|p| !old.contains(p)).cloned().collect()
    };
    let lists: [ListChange; 4] = [
        (
            "exclude",
            "[scan] exclude",
            &b.exclude,
            &h.exclude,
            "is no longer scanned",
            "n'est plus analysé",
        ),
        (
            "public",
            "[routes] public",
            &b.routes.public,
            &h.routes.public,
            "makes the routes it matches public, with no authentication",
            "rend publiques, sans authentification, les routes qu'il désigne",
        ),
        (
            "auth-name",
            "[routes] auth-names",
            &b.routes.auth_names,
            &h.routes.auth_names,
            "now counts as authentication",
            "compte désormais comme authentification",
        ),
        (
            "not-auth-name-removed",
            "[routes] not-auth-names",
            &h.routes.not_auth_names,
            &b.routes.not_auth_names,
            "counts as authentication again",
            "compte de nouveau comme authentification",
        ),
    ];
    for (key, setting, old, new, en, fr) in lists {
        for p in added(old, new) {
            let line = if key == "not-auth-name-removed" {
                Some(line_of("not-auth-names"))
                    .filter(|l| *l > 1)
                    .unwrap_or_else(|| line_of("[routes]"))
            } else {
                line_of(&format!("\"{p}\""))
            };
            push(
                line,
                format!("{key}:{p}"),
                if key == "not-auth-name-removed" {
                    format!("`{p}` removed from {setting}: it {en}")
                } else {
                    format!("`{p}` added to {setting}: it {en}")
                },
                if key == "not-auth-name-removed" {
                    format!("`{p}` retiré de {setting} : il {fr}")
                } else {
                    format!("`{p}` ajouté à {setting} : il {fr}")
                },
            );
        }
    }
    for ((ctx, old), (_, new)) in b.context_globs.iter().zip(&h.context_globs) {
        let ctx = *ctx;
        if ctx == CodeContext::Production {
            continue;
        }
        for p in added(old, new) {
            push(
                line_of(&format!("\"{p}\"")),
                format!("context:{}:{p}", ctx.as_str()),
                format!(
                    "`{p}` is declared {} code: rules that report only in production code no longer look at it",
                    ctx.as_str()
                ),
                format!(
                    "`{p}` est déclaré code {} : les règles qui ne signalent que dans le code de production ne le regardent plus",
                    ctx.as_str()
                ),
            );
        }
    }

    for ig in &h.ignores {
        let same = |o: &&crate::config::Ignore| {
            ig.rules.iter().all(|r| o.rules.contains(r))
                && ig.patterns.iter().all(|p| o.patterns.contains(p))
                && (o.until.is_none() || ig.until.is_some_and(|u| Some(u) <= o.until))
        };
        if !b.ignores.iter().any(|o| same(&o)) {
            let (rules, paths) = (ig.rules.join(", "), ig.patterns.join(", "));
            let until = ig
                .until
                .map_or("no end date".into(), |u| format!("until {u}"));
            let jusqu = ig
                .until
                .map_or("sans date de fin".into(), |u| format!("jusqu'au {u}"));
            push(
                ig.line,
                format!("ignore:{rules}:{paths}"),
                format!("`[[ignore]]` of {rules} under {paths} added or widened ({until})"),
                format!("`[[ignore]]` de {rules} sous {paths} ajouté ou élargi ({jusqu})"),
            );
        }
    }

    for a in &h.attestations {
        let old = b.attestations.iter().find(|o| o.item == a.item);
        let (en, fr) = match (old, a.status) {
            (None, AttestationKind::NotApplicable) => (
                format!("item {} is declared not applicable", a.item),
                format!("l'élément {} est déclaré sans objet", a.item),
            ),
            (None, AttestationKind::Attested) => (
                format!(
                    "item {} is attested, to be reviewed by {}",
                    a.item,
                    a.review_by.map(|d| d.to_string()).unwrap_or_default()
                ),
                format!(
                    "l'élément {} est attesté, à revoir d'ici le {}",
                    a.item,
                    a.review_by.map(|d| d.to_string()).unwrap_or_default()
                ),
            ),
            (Some(o), AttestationKind::NotApplicable)
                if o.status != AttestationKind::NotApplicable =>
            {
                (
                    format!("item {} changes from attested to not applicable", a.item),
                    format!("l'élément {} passe d'attesté à sans objet", a.item),
                )
            }
            (Some(o), AttestationKind::Attested) if a.review_by > o.review_by => {
                let (was, now) = (
                    o.review_by.map(|d| d.to_string()).unwrap_or_default(),
                    a.review_by.map(|d| d.to_string()).unwrap_or_default(),
                );
                (
                    format!(
                        "the attestation of item {} is extended from {was} to {now}",
                        a.item
                    ),
                    format!(
                        "l'attestation de l'élément {} est prolongée du {was} au {now}",
                        a.item
                    ),
                )
            }
            _ => continue,
        };
        push(a.line, format!("attestation:{}", a.item), en, fr);
    }

    if base.text.is_some() && head.text.is_none() {
        push(
            1,
            "config-deleted".into(),
            "trustlint.toml is deleted: the scan falls back to the defaults".into(),
            "trustlint.toml est supprimé : l'analyse revient aux valeurs par défaut".into(),
        );
    }
    out
}

/// Inline suppressions on lines the change added.
pub fn new_suppressions(
    changes: &Changes,
    directives: &[(String, Directive, String)],
) -> Vec<Weakening> {
    directives
        .iter()
        .filter(|(path, d, _)| changes.line_changed(path, d.line))
        .map(|(path, d, _)| {
            let rules = d.rules.join(", ");
            Weakening {
                path: path.clone(),
                line: d.line,
                key: format!("inline:{rules}:{}", d.reason),
                message: Text::new(
                    format!("new inline suppression of {rules} (\"{}\")", d.reason),
                    format!(
                        "nouvelle suppression en ligne de {rules} (« {} »)",
                        d.reason
                    ),
                ),
            }
        })
        .collect()
}

impl Weakening {
    pub fn hit(self) -> Hit {
        Hit {
            path: self.path,
            line: self.line,
            column: 1,
            matched: self.key,
            message: Some(self.message),
            ..Hit::default()
        }
    }
}
