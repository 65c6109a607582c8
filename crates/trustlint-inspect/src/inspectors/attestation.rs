//! `attestation`: the team's attestations (in `trustlint.toml`) are still current. An
//! attestation is a person's word with a review-by date; once that date has passed, the item
//! it covers is no longer attested, and the finding says so at the attestation's line.

use super::Inspector;
use crate::ctx::RepoCtx;
use crate::out::{Hit, Output};
use serde::Deserialize;
use trustlint_model::{AttestationKind, Text};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {}

pub(super) fn build(_: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(Expiry))
}

struct Expiry;

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
            out.hits.push(
                Hit::at(config, a.line, 1)
                    .message(Text::new(
                        format!("the attestation of item {} by {by} had to be reviewed by {review_by}; review it and update `review-by`", a.item),
                        format!("l'attestation de l'élément {} par {by} devait être révisée au plus tard le {review_by}; révisez-la et mettez à jour `review-by`", a.item),
                    ))
                    .checklist(a.item.clone())
                    .matched(format!("attestation:{}:{review_by}", a.item)),
            );
        }
    }
}
