//! `unpinned-action`: a `uses:` (of a job or a step) that is not a local action and not
//! pinned to a full 40-hex commit SHA. A tag or a branch can be moved to point at other code,
//! which then runs with the workflow's secrets.

use crate::ctx::FileCtx;
use crate::formats::workflow::{jobs, steps};
use crate::formats::yaml::{get, position, text};
use crate::out::Hit;
use regex::Regex;
use saphyr::MarkedYaml;
use std::sync::LazyLock;

static SHA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[0-9a-f]{40}$").expect("valid"));

/// A `uses:` that names an action by a movable reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpinnedAction {
    pub line: u32,
    pub column: u32,
    /// The whole value, `actions/checkout@v4`.
    pub uses: String,
    pub action: String,
    /// What follows `@`, empty when nothing does.
    pub reference: String,
}

pub fn find(doc: &MarkedYaml<'_>) -> Vec<UnpinnedAction> {
    let jobs = jobs(doc);
    let uses = jobs
        .iter()
        .filter_map(|(_, job)| get(job, "uses"))
        .chain(steps(doc).into_iter().filter_map(|s| get(s, "uses")));
    let mut out = Vec::new();
    for u in uses {
        let Some(value) = text(u) else { continue };
        if value.starts_with("./") || value.starts_with("docker://") {
            continue;
        }
        let (action, reference) = value.split_once('@').unwrap_or((value, ""));
        if !SHA.is_match(reference) {
            let (line, column) = position(u);
            out.push(UnpinnedAction {
                line,
                column,
                uses: value.to_string(),
                action: action.to_string(),
                reference: reference.to_string(),
            });
        }
    }
    out
}

impl UnpinnedAction {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        file.hit(self.line, self.column)
            .arg("action", self.action.as_str())
            .arg("ref", self.reference.as_str())
            .matched(self.uses.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::super::doc;
    use super::*;

    #[test]
    fn tags_and_branches_are_found_shas_local_and_docker_actions_are_not() {
        let wf = "on: push\njobs:\n  call:\n    uses: org/wf/.github/workflows/x.yml@main\n  build:\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ./local-action\n      - uses: docker://alpine:3\n      - uses: actions/setup-node@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a\n      - uses: org/no-ref\n";
        let found: Vec<(u32, u32, String, String)> = find(&doc(wf))
            .into_iter()
            .map(|u| (u.line, u.column, u.action, u.reference))
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
                (7, 15, "actions/checkout".into(), "v4".into()),
                (11, 15, "org/no-ref".into(), "".into()),
            ]
        );
    }
}
