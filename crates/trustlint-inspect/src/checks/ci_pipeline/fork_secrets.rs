//! `fork-secrets`: a GitLab CI job that asks for secrets in its file (`secrets:` from a
//! vault, or `id_tokens:` for cloud identity federation) and runs for merge request
//! pipelines, with no condition that keeps out merge requests from forks. A maintainer who
//! runs a fork's merge request pipeline in the parent project (as GitLab offers, to test
//! contributions) runs the fork's code with those secrets. Medium confidence: the file does
//! not say whether the project accepts merge requests from forks.

use super::{Model, PipelineFile};
use crate::formats::workflow::Pos;
use crate::out::Hit;
use trustlint_model::Confidence;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForkSecrets {
    pub at: Pos,
    pub job: String,
}

fn for_merge_requests(conds: &[String]) -> bool {
    conds
        .iter()
        .any(|c| c.contains("merge_request_event") || c == "merge_requests")
}

fn keeps_forks_out(conds: &[String]) -> bool {
    conds.iter().any(|c| {
        (c.contains("CI_MERGE_REQUEST_SOURCE_PROJECT_ID") && c.contains("CI_PROJECT_ID"))
            || (c.contains("CI_MERGE_REQUEST_SOURCE_PROJECT_PATH") && c.contains("CI_PROJECT_PATH"))
    })
}

pub fn find(file: &PipelineFile) -> Vec<ForkSecrets> {
    let Model::Gitlab(ci) = &file.model else {
        return Vec::new();
    };
    let workflow: Vec<String> = ci.workflow_rules.iter().map(|s| s.text.clone()).collect();
    ci.jobs
        .iter()
        .filter_map(|job| {
            let at = job.secrets?;
            let own: Vec<String> = job
                .rules
                .iter()
                .map(|s| s.text.clone())
                .chain(job.only.iter().cloned())
                .collect();
            let runs =
                for_merge_requests(&own) || (own.is_empty() && for_merge_requests(&workflow));
            (runs && !keeps_forks_out(&own) && !keeps_forks_out(&workflow)).then(|| ForkSecrets {
                at,
                job: job.name.text.clone(),
            })
        })
        .collect()
}

impl ForkSecrets {
    pub fn hit(&self, file: &PipelineFile) -> Hit {
        file.hit(self.at.line, self.at.column)
            .arg("job", self.job.as_str())
            .confidence(Confidence::Medium)
            .matched(format!("{}:secrets", self.job))
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use super::*;

    #[test]
    fn merge_request_jobs_with_secrets_are_found_unless_forks_are_kept_out() {
        let gitlab = concat!(
            "deploy-preview:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n  id_tokens:\n    AWS_TOKEN:\n      aud: sts.amazonaws.com\n  script: ./preview.sh\n",
            "same-project:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\" && $CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID\n  secrets:\n    T:\n      vault: a/b@c\n  script: x\n",
            "main-only:\n  only: [main]\n  secrets:\n    T:\n      vault: a/b@c\n  script: x\n",
        );
        let found = run(&[(".gitlab-ci.yml", gitlab)], |files| {
            files
                .iter()
                .flat_map(|f| find(f).into_iter().map(|s| (s.at.line, s.job)))
                .collect::<Vec<_>>()
        });
        assert_eq!(found, [(4, "deploy-preview".into())]);
    }
}
