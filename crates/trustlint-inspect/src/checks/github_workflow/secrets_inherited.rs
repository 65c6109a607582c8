//! `secrets-inherited`: a call of a reusable workflow with `secrets: inherit`. Every secret
//! of the repository (and its organisation and environment) is handed to the called
//! workflow, whatever it needs; for a workflow of another repository, that is code someone
//! else can change. Passing the secrets by name limits what a compromise of it can reach.

use crate::ctx::FileCtx;
use crate::formats::workflow::{Pos, Secrets, Uses, Workflow};
use crate::out::Hit;
use trustlint_model::{Confidence, Severity};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inherited {
    pub at: Pos,
    pub job: String,
    /// What the job calls, as written.
    pub workflow: String,
    /// The called workflow is in this repository.
    pub local: bool,
}

pub fn find(wf: &Workflow) -> Vec<Inherited> {
    wf.jobs
        .iter()
        .filter_map(|j| {
            let Some(Secrets::Inherit(at)) = &j.secrets else {
                return None;
            };
            let uses = j.uses.as_ref()?;
            Some(Inherited {
                at: *at,
                job: j.id.text.clone(),
                workflow: uses.raw.text.trim().to_string(),
                local: matches!(uses.uses, Uses::Local(_)),
            })
        })
        .collect()
}

impl Inherited {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        let hit = file
            .hit(self.at.line, self.at.column)
            .arg("job", self.job.as_str())
            .arg("workflow", self.workflow.as_str());
        // A workflow of this repository changes only through this repository's review.
        let hit = if self.local {
            hit.severity(Severity::Note)
        } else {
            hit.confidence(Confidence::High)
        };
        hit.matched(format!("{}:{}", self.job, self.workflow))
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn inherit_is_found_named_secrets_are_not() {
        let wf = concat!(
            "on: push\njobs:\n",
            "  a:\n    uses: org/shared/.github/workflows/deploy.yml@v1\n    secrets: inherit\n",
            "  b:\n    uses: ./.github/workflows/build.yml\n    secrets: inherit\n",
            "  c:\n    uses: ./.github/workflows/build.yml\n    secrets:\n      token: ${{ secrets.TOKEN }}\n",
        );
        let found: Vec<(u32, bool)> = find(&model(wf))
            .into_iter()
            .map(|i| (i.at.line, i.local))
            .collect();
        assert_eq!(found, [(5, false), (8, true)]);
    }
}
