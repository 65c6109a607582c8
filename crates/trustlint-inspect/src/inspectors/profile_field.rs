//! `profile-field`: the service profile in `trustlint.toml` declares a field the checklist
//! depends on, such as the security category (item 5.1.2) that decides whether data residency
//! applies.

use super::Inspector;
use crate::ctx::RepoCtx;
use crate::out::{Hit, Output};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub field: Field,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Category,
    PersonalInformation,
    Website,
    TlsProxy,
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(ProfileField(p.field)))
}

struct ProfileField(Field);

impl Inspector for ProfileField {
    /// A declaration may be attested instead (the category decided elsewhere).
    fn evidence_may_live_elsewhere(&self) -> bool {
        true
    }

    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        let p = repo.profile;
        let declared = match self.0 {
            Field::Category => p.category.is_some(),
            Field::PersonalInformation => p.personal_information.is_some(),
            Field::Website => p.website.is_some(),
            Field::TlsProxy => p.tls_proxy.is_some(),
        };
        if declared {
            if let Some(c) = repo.config_path {
                out.evidence.push(c.to_string());
            }
            return;
        }
        out.hits
            .push(Hit::at(repo.config_path.unwrap_or(repo.anchor), 1, 1).matched("undeclared"));
    }
}
