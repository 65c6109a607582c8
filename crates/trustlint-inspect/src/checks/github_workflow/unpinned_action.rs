//! `unpinned-action`: a `uses:` (of a job or a step, in a workflow or a composite action)
//! that names another repository's action or workflow by a tag or a branch instead of a full
//! 40-hex commit SHA. A tag or a branch can be moved to point at other code, which then runs
//! with the workflow's secrets. Local actions (`./…`), container images (`docker://…`, see
//! `image_unpinned`) and references built by an expression are not judged here.

use crate::ctx::FileCtx;
use crate::formats::workflow::{Pos, UsesAt, Workflow};
use crate::out::Hit;

/// A `uses:` that names an action by a movable reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpinnedAction {
    pub at: Pos,
    /// The whole value, `actions/checkout@v4`.
    pub uses: String,
    pub action: String,
    /// What follows `@`, empty when nothing does.
    pub reference: String,
}

/// Every `uses:` of the workflow: jobs' reusable workflow calls, then steps, in file order.
pub fn all_uses(wf: &Workflow) -> Vec<&UsesAt> {
    let mut all: Vec<&UsesAt> = wf
        .jobs
        .iter()
        .filter_map(|j| j.uses.as_ref())
        .chain(wf.steps().filter_map(|(_, s)| s.uses.as_ref()))
        .collect();
    all.sort_by_key(|u| u.raw.at);
    all
}

pub fn find(wf: &Workflow) -> Vec<UnpinnedAction> {
    all_uses(wf)
        .into_iter()
        .filter_map(|u| {
            let r = u.uses.repo()?;
            (!r.pinned()).then(|| UnpinnedAction {
                at: u.raw.at,
                uses: u.raw.text.trim().to_string(),
                action: r.name(),
                reference: r.reference.clone().unwrap_or_default(),
            })
        })
        .collect()
}

impl UnpinnedAction {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        file.hit(self.at.line, self.at.column)
            .arg("action", self.action.as_str())
            .arg("ref", self.reference.as_str())
            .matched(self.uses.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn tags_and_branches_are_found_shas_local_docker_and_expressions_are_not() {
        let wf = concat!(
            "on: push\njobs:\n  call:\n    uses: org/wf/.github/workflows/x.yml@main\n",
            "  local:\n    uses: ./.github/workflows/y.yml\n",
            "  build:\n    steps:\n",
            "      - uses: actions/checkout@v4\n",
            "      - uses: ./local-action\n",
            "      - uses: docker://alpine:3\n",
            "      - uses: actions/setup-node@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a\n",
            "      - uses: org/no-ref\n",
            "      - uses: ${{ matrix.action }}\n",
            "      - uses: >-\n          actions/cache@1bd1e32a3bdc45362d1e726936510720a7c30a57\n",
        );
        let found: Vec<(u32, u32, String, String)> = find(&model(wf))
            .into_iter()
            .map(|u| (u.at.line, u.at.column, u.action, u.reference))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    4,
                    11,
                    "org/wf/.github/workflows/x.yml".into(),
                    "main".into()
                ),
                (9, 15, "actions/checkout".into(), "v4".into()),
                (13, 15, "org/no-ref".into(), "".into()),
            ]
        );
    }

    #[test]
    fn composite_actions_are_read_too() {
        let action = "runs:\n  using: composite\n  steps:\n    - uses: actions/cache@v4\n";
        let wf = crate::formats::workflow::read(".github/actions/x/action.yml", action)
            .unwrap()
            .remove(0);
        assert_eq!(
            find(&wf)[0].at,
            Pos {
                line: 4,
                column: 13
            }
        );
    }
}
