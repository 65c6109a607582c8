//! `self-hosted-runner`: a job on a self-hosted runner in a workflow that pull requests
//! trigger. If the repository is public, anyone who opens a pull request from a fork runs
//! their code on that machine, which outlives the job: they can leave a process behind to
//! read the next job's secrets, or reach the network the runner sits in. GitHub advises
//! self-hosted runners only for private repositories.

use super::trigger_related;
use crate::ctx::FileCtx;
use crate::formats::workflow::{Pos, Workflow};
use crate::out::Hit;
use trustlint_model::Confidence;

/// Events that run code of a fork's pull request (or a commenter's request for it).
const FORK_EVENTS: &[&str] = &[
    "pull_request",
    "pull_request_target",
    "pull_request_review",
    "pull_request_review_comment",
    "issue_comment",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfHosted {
    pub at: Pos,
    pub job: String,
    pub event: String,
    /// The label came through the matrix.
    pub via_matrix: bool,
}

pub fn find(wf: &Workflow) -> Vec<SelfHosted> {
    let Some(event) = FORK_EVENTS.iter().find(|e| wf.triggered_by(e)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for job in &wf.jobs {
        let direct = job
            .runs_on
            .iter()
            .find(|l| l.text.trim().eq_ignore_ascii_case("self-hosted"));
        let via_matrix = job.runs_on.iter().find(|l| {
            l.text.contains("matrix.")
                && job
                    .matrix
                    .iter()
                    .any(|(_, v)| v.text.trim().eq_ignore_ascii_case("self-hosted"))
        });
        if let Some(label) = direct.or(via_matrix) {
            out.push(SelfHosted {
                at: label.at,
                job: job.id.text.clone(),
                event: event.to_string(),
                via_matrix: direct.is_none(),
            });
        }
    }
    out
}

impl SelfHosted {
    pub fn hit(&self, file: &FileCtx<'_>, wf: &Workflow) -> Hit {
        let mut hit = file
            .hit(self.at.line, self.at.column)
            .arg("job", self.job.as_str())
            .arg("event", self.event.as_str())
            // Whether the repository is public is not written in it.
            .confidence(Confidence::Medium);
        if let Some(r) = trigger_related(file, wf, &self.event) {
            hit = hit.related(r);
        }
        hit.matched(format!("{}:self-hosted", self.job))
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn self_hosted_jobs_of_pull_request_workflows_are_found() {
        let wf = concat!(
            "on: [push, pull_request]\njobs:\n",
            "  a:\n    runs-on: [self-hosted, linux]\n",
            "  b:\n    runs-on: ubuntu-latest\n",
            "  c:\n    strategy:\n      matrix:\n        os: [ubuntu-latest, self-hosted]\n    runs-on: ${{ matrix.os }}\n",
        );
        let found: Vec<(u32, bool)> = find(&model(wf))
            .into_iter()
            .map(|s| (s.at.line, s.via_matrix))
            .collect();
        assert_eq!(found, [(4, false), (11, true)]);
        let push = wf.replace("[push, pull_request]", "push");
        assert!(find(&model(&push)).is_empty());
    }
}
