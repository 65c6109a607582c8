//! `attestation`: the team's attestations (in `trustlint.toml`) are still current. An
//! attestation is a person's word with a review-by date; once that date has passed, the item
//! it covers is no longer attested, and the finding says so at the attestation's line.

use crate::context::{Hit, Output, RepoCtx};
use crate::Inspector;
use serde::Deserialize;
use trustlint_model::{AttestationKind, Text};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {}

pub struct Expiry;

impl Expiry {
    pub fn new(_: &Params) -> Self {
        Expiry
    }
}

impl Inspector for Expiry {
    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        let Some(config) = repo.config_path else {
            return;
        };
        for a in repo.attestations {
            if a.status != AttestationKind::Attested {
                continue;
            }
            let Some(review_by) = a.review_by.filter(|d| *d < repo.today) else {
                continue;
            };
            let by = a.by.as_deref().unwrap_or("?");
            out.hits.push(Hit {
                path: config.to_string(),
                line: a.line,
                column: 1,
                matched: format!("attestation:{}:{review_by}", a.item),
                message: Some(Text::new(
                    format!("the attestation of item {} by {by} had to be reviewed by {review_by}; review it and update `review-by`", a.item),
                    format!("l'attestation de l'élément {} par {by} devait être révisée au plus tard le {review_by}; révisez-la et mettez à jour `review-by`", a.item),
                )),
                checklist: vec![a.item.clone()],
                ..Hit::default()
            });
        }
    }
}
