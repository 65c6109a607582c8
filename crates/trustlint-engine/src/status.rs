//! Where each checklist item stands: the engine's answer to "where are we on section 5?".
//!
//! In order: an item above the stage is not due; a team's not-applicable attestation, or a
//! profile fact that rules the item out (no personal information), makes it not applicable;
//! any finding fails it (only notes: it needs review); a current attestation attests it; rules that ran clean pass it; and
//! anything else needs a person (review). Nothing is ever passed for lack of evidence.

use crate::config::Config;
use crate::rules::Catalogue;
use crate::scan::ScanResult;
use trustlint_model::{
    AttestationKind, Fact, FactValue, ItemReport, Lang, Method, Severity, Stage, Status, Text,
};

/// One report per checklist item, in the standard's order.
pub fn item_reports(
    catalogue: &Catalogue,
    config: &Config,
    result: &ScanResult,
    stage: Stage,
    lang: Lang,
) -> Vec<ItemReport> {
    catalogue
        .checklist
        .item
        .iter()
        .map(|item| {
            let id = item.id.as_str();
            let rules: Vec<String> = result
                .rules_run
                .iter()
                .filter(|r| {
                    catalogue
                        .get(r)
                        .is_some_and(|r| r.rule.checklist.iter().any(|c| c == id))
                })
                .cloned()
                .collect();
            let findings: Vec<_> = result
                .findings
                .iter()
                .filter(|f| !f.suppressed && f.checklist.iter().any(|c| c == id))
                .cloned()
                .collect();
            let evidence: Vec<String> = rules
                .iter()
                .filter_map(|r| result.evidence.get(r))
                .flatten()
                .cloned()
                .collect();
            let attestation = config.attestations.iter().find(|a| a.item == id).cloned();
            let fact = item.unless.map(|f| {
                (
                    f,
                    result.facts.get(&f).cloned().unwrap_or(FactValue::Unknown),
                )
            });
            let (status, reason) = if item.stage > stage {
                (
                    Status::NotDue,
                    Text::new(
                        format!("due at stage {}", item.stage),
                        format!("exigé à l'étape {}", fr_stage(item.stage)),
                    ),
                )
            } else if let Some(a) = attestation.as_ref().filter(|a| {
                // An error the scan found shows the item does apply: the declaration does not
                // hide it.
                a.status == AttestationKind::NotApplicable
                    && !findings.iter().any(|f| f.severity == Severity::Error)
            }) {
                let why = a.reason.clone().unwrap_or_default();
                (Status::NotApplicable, Text::new(why.clone(), why))
            } else if let Some((f, FactValue::Declared { value: false })) = &fact {
                (Status::NotApplicable, ruled_out(*f))
            } else if !findings.is_empty() && findings.iter().all(|f| f.severity == Severity::Note)
            {
                // A note asks for a person's judgement (a route the model could not follow).
                let n = findings.len();
                (
                    Status::Review,
                    Text::new(
                        format!("{n} note(s) to review"),
                        format!("{n} note(s) à examiner"),
                    ),
                )
            } else if !findings.is_empty() {
                let n = findings.len();
                let declared = attestation
                    .as_ref()
                    .is_some_and(|a| a.status == AttestationKind::NotApplicable);
                (
                    Status::Fail,
                    if declared {
                        Text::new(
                            format!("{n} finding(s), although declared not applicable"),
                            format!("{n} constatation(s), bien que déclaré sans objet"),
                        )
                    } else {
                        Text::new(format!("{n} finding(s)"), format!("{n} constatation(s)"))
                    },
                )
            } else if let Some(a) = attestation
                .as_ref()
                .filter(|a| a.review_by.is_some_and(|d| d >= result.today))
            {
                let by = a.by.clone().unwrap_or_default();
                let until = a.review_by.map(|d| d.to_string()).unwrap_or_default();
                (
                    Status::Attested,
                    Text::new(
                        format!("attested by {by}; review by {until}"),
                        format!("attesté par {by}; à réviser au plus tard le {until}"),
                    ),
                )
            } else if !rules.is_empty() {
                (
                    Status::Pass,
                    Text::new(
                        format!("checked by {}", rules.join(", ")),
                        format!("vérifié par {}", rules.join(", ")),
                    ),
                )
            } else {
                (
                    Status::Review,
                    review_reason(
                        item.method,
                        fact.as_ref()
                            .filter(|(_, v)| *v == FactValue::Unknown)
                            .map(|(f, _)| *f),
                    ),
                )
            };
            ItemReport {
                item: item.clone(),
                status,
                reason: reason.get(lang).to_string(),
                rules,
                findings,
                evidence,
                attestation,
            }
        })
        .collect()
}

fn fr_stage(s: Stage) -> &'static str {
    match s {
        Stage::Alpha => "alpha",
        Stage::Beta => "bêta",
        Stage::Live => "production",
    }
}

fn ruled_out(f: Fact) -> Text {
    match f {
        Fact::PersonalInformation => Text::new(
            "the profile declares that no personal information is collected",
            "le profil déclare qu'aucun renseignement personnel n'est recueilli",
        ),
        Fact::Website => Text::new(
            "the profile declares that no website is served",
            "le profil déclare qu'aucun site Web n'est servi",
        ),
        Fact::Protected => Text::new(
            "the profile declares the information Unclassified",
            "le profil déclare l'information non classifiée",
        ),
        Fact::TlsProxy => Text::new(
            "the profile declares no TLS-terminating proxy",
            "le profil ne déclare aucun mandataire qui termine TLS",
        ),
    }
}

fn review_reason(method: Method, unknown_fact: Option<Fact>) -> Text {
    if let Some(f) = unknown_fact {
        let key = match f {
            Fact::Protected => "category",
            other => other.as_str(),
        };
        return Text::new(
            format!("declare `{key}` in [profile] of trustlint.toml so that trustlint can tell whether this item applies"),
            format!("déclarez `{key}` dans [profile] de trustlint.toml pour que trustlint puisse déterminer si cet élément s'applique"),
        );
    }
    match method {
        Method::Attest => Text::new(
            "only a person can say: record an attestation in trustlint.toml",
            "seule une personne peut l'affirmer : consignez une attestation dans trustlint.toml",
        ),
        Method::Evidence | Method::Inspect => Text::new(
            "no rule checks this item yet: review it and record an attestation",
            "aucune règle ne vérifie encore cet élément : examinez-le et consignez une attestation",
        ),
    }
}
