//! `workflow-run-checkout`: a `workflow_run` workflow that checks out the head of the run
//! that triggered it (`github.event.workflow_run.head_sha`, `.head_branch`, the head
//! repository, a pull request's ref). `workflow_run` runs with the base repository's secrets
//! and a write token even when the run it follows was a fork's pull request, so building that
//! head hands both to the fork's author. The same checkout patterns as
//! [`super::pull_request_target_checkout`] are read.

use super::pull_request_target_checkout::{find_heads, HeadCheckout, Heads};
use crate::formats::workflow::Workflow;

pub const RUN_HEADS: Heads = Heads {
    events: &["workflow_run"],
    paths: &[
        "github.event.workflow_run.head_sha",
        "github.event.workflow_run.head_branch",
        "github.event.workflow_run.head_commit.id",
        "github.event.workflow_run.head_repository.full_name",
        "github.event.workflow_run.pull_requests.*.head.sha",
        "github.event.workflow_run.pull_requests.*.head.ref",
    ],
};

pub fn find(wf: &Workflow) -> Vec<HeadCheckout> {
    find_heads(wf, &RUN_HEADS)
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn the_triggering_head_is_found_a_plain_checkout_is_not() {
        let wf = concat!(
            "on:\n  workflow_run:\n    workflows: [ci]\n    types: [completed]\n",
            "jobs:\n  a:\n    steps:\n",
            "      - uses: actions/checkout@v4\n",
            "      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.workflow_run.head_sha }}\n",
            "      - run: git checkout ${{ github.event.workflow_run.pull_requests[0].head.ref }}\n",
        );
        let found: Vec<u32> = find(&model(wf)).into_iter().map(|h| h.at.line).collect();
        assert_eq!(found, [11, 12]);
        let pr = wf.replace(
            "workflow_run:\n    workflows: [ci]\n    types: [completed]",
            "push:",
        );
        assert!(find(&model(&pr)).is_empty());
    }
}
