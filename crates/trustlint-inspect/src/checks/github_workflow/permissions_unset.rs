//! `permissions-unset`: a workflow without `permissions:` at its top and a job without its
//! own. The job's token then gets the repository's default permissions, often write access
//! to everything. (Grants that are set but too broad are `permissions_broad`'s.)

use crate::ctx::FileCtx;
use crate::formats::workflow::{Kind, Pos, Workflow};
use crate::out::Hit;

/// A job whose token gets the repository's default permissions, at the job's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionsUnset {
    pub at: Pos,
    pub job: String,
}

pub fn find(wf: &Workflow) -> Vec<PermissionsUnset> {
    if wf.kind != Kind::Workflow || wf.permissions.is_some() {
        return Vec::new();
    }
    wf.jobs
        .iter()
        .filter(|j| j.permissions.is_none())
        .map(|j| PermissionsUnset {
            at: j.id.at,
            job: j.id.text.clone(),
        })
        .collect()
}

impl PermissionsUnset {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        file.hit(self.at.line, self.at.column)
            .arg("job", self.job.as_str())
            .matched(format!("job:{}", self.job))
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn a_job_without_permissions_is_found_at_its_key() {
        let wf = "on: push\njobs:\n  build:\n    steps: []\n  lint:\n    permissions:\n      contents: read\n    steps: []\n";
        assert_eq!(
            find(&model(wf)),
            vec![PermissionsUnset {
                at: Pos { line: 3, column: 3 },
                job: "build".into()
            }]
        );
    }

    #[test]
    fn top_level_permissions_of_any_kind_cover_every_job_and_actions_have_none() {
        for top in ["contents: read", "write-all", "{}"] {
            let wf = format!("on: push\npermissions:\n  {top}\njobs:\n  a:\n    steps: []\n");
            assert!(find(&model(&wf)).is_empty(), "{top}");
        }
        let action = crate::formats::workflow::read(
            "action.yml",
            "runs:\n  using: composite\n  steps: []\n",
        )
        .unwrap();
        assert!(find(&action[0]).is_empty());
    }
}
