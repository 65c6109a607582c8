//! What the scan knows about the service (declared or inferred facts), and evidence that an
//! attestation covers.

use crate::config::Config;
use crate::rules::Catalogue;
use jiff::civil::Date;
use std::collections::BTreeMap;
use trustlint_model::{AttestationKind, Fact, FactValue, Finding, SuppressionKind};

/// Evidence may be kept outside the repository: a missing document is not a failure when a
/// current attestation (or a declaration that the item does not apply) covers every item the
/// finding is about. The finding stays, suppressed,
/// with the attestation as its justification.
pub(crate) fn attested_elsewhere(
    catalogue: &Catalogue,
    config: &Config,
    today: Date,
    findings: &mut [Finding],
) {
    for f in findings.iter_mut() {
        let evidence_rule = catalogue
            .get(&f.rule_id)
            .is_some_and(|r| r.inspector.evidence_may_live_elsewhere());
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
                            && (a.status == AttestationKind::NotApplicable
                                || a.review_by.is_some_and(|d| d >= today))
                    })
                    .map(|a| match a.status {
                        AttestationKind::NotApplicable => format!(
                            "{} not applicable: {}",
                            a.item,
                            a.reason.as_deref().unwrap_or("?")
                        ),
                        AttestationKind::Attested => format!(
                            "{} attested by {} (evidence: {}; review by {})",
                            a.item,
                            a.by.as_deref().unwrap_or("?"),
                            a.evidence.as_deref().unwrap_or("?"),
                            a.review_by.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    })
            })
            .collect();
        if let Some(reasons) = covering {
            f.suppressed = true;
            f.suppression_reason = Some(reasons.join("; "));
            f.suppression_kind = Some(SuppressionKind::External);
        }
    }
}

/// What is known of each fact: declared in the profile, inferred from a finding of a rule that
/// infers it, or unknown.
pub(crate) fn facts(
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
