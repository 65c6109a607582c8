//! `untrusted-variable`: a script fed with a value an outsider chooses, where it becomes
//! code. In Azure Pipelines, `$(Build.SourceVersionMessage)`, `$(System.PullRequest.
//! SourceBranch)` and the like are macros, pasted into the script's text before it runs, as
//! are `${{ parameters.x }}` of free string parameters (medium confidence). In GitLab CI,
//! variables reach the script as environment variables, which a shell does not run, unless
//! the script hands them to `eval`, `sh -c` or `bash -c`: merge request titles and
//! descriptions, source branch names and commit messages are reported there, directly or
//! through a variable set from them; `$[[ inputs.x ]]` of free string inputs is pasted into
//! the text, and reported with medium confidence.

use super::{Model, PipelineFile};
use crate::checks::github_workflow::locate;
use crate::formats::workflow::{Pairs, Pos, Str};
use crate::out::Hit;
use regex::Regex;
use std::sync::LazyLock;
use trustlint_model::Confidence;

/// Azure macros an outsider sets (high) or a contributor sets (medium), lower case.
const AZURE: &[(&str, Confidence)] = &[
    ("build.sourceversionmessage", Confidence::High),
    ("system.pullrequest.sourcebranch", Confidence::High),
    ("system.pullrequest.sourcebranchname", Confidence::High),
    ("build.sourcebranch", Confidence::Medium),
    ("build.sourcebranchname", Confidence::Medium),
    ("build.requestedfor", Confidence::Medium),
    ("build.sourceversionauthor", Confidence::Medium),
];

/// GitLab predefined variables an outsider sets (high) or a contributor sets (medium).
const GITLAB: &[(&str, Confidence)] = &[
    ("CI_MERGE_REQUEST_TITLE", Confidence::High),
    ("CI_MERGE_REQUEST_DESCRIPTION", Confidence::High),
    ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", Confidence::High),
    (
        "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
        Confidence::High,
    ),
    ("CI_COMMIT_MESSAGE", Confidence::High),
    ("CI_COMMIT_TITLE", Confidence::High),
    ("CI_COMMIT_DESCRIPTION", Confidence::High),
    ("CI_COMMIT_AUTHOR", Confidence::High),
    ("CI_COMMIT_BRANCH", Confidence::Medium),
    ("CI_COMMIT_REF_NAME", Confidence::Medium),
    ("CI_COMMIT_TAG_MESSAGE", Confidence::Medium),
];

static AZURE_MACRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\$\(\s*([A-Za-z][A-Za-z0-9_.]*)\s*\)|\$\{\{\s*parameters\.([A-Za-z0-9_]+)\s*\}\}|variables\[\s*'([A-Za-z0-9_.]+)'\s*\]")
        .expect("valid")
});
static SHELL_VAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)").expect("valid"));
static GITLAB_INPUT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\[\[\s*inputs\.([A-Za-z0-9_-]+)[^\]]*\]\]").expect("valid"));
static EVAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:eval|(?:ba|z|da)?sh\s+-c|pwsh\s+-c|Invoke-Expression|iex)(?-u:\b)")
        .expect("valid")
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UntrustedVariable {
    pub at: Pos,
    /// The variable, macro or input as written.
    pub variable: String,
    pub confidence: Confidence,
}

fn gitlab_level(name: &str) -> Option<Confidence> {
    GITLAB.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// GitLab variables (job, then global) set from an untrusted one.
fn tainted_vars(levels: &[&Pairs]) -> Vec<(String, Confidence)> {
    let mut out = Vec::new();
    for vars in levels {
        for (k, v) in vars.iter() {
            let c = SHELL_VAR
                .captures_iter(&v.text)
                .find_map(|c| gitlab_level(&c[1]));
            if let Some(c) = c {
                out.push((k.text.clone(), c));
            }
        }
    }
    out
}

pub fn find(file: &PipelineFile) -> Vec<UntrustedVariable> {
    let ctx = file.ctx();
    let mut out = Vec::new();
    let mut push = |s: &Str, needle: &str, confidence| {
        out.push(UntrustedVariable {
            at: locate(&ctx, s, needle),
            variable: needle.to_string(),
            confidence,
        });
    };
    match &file.model {
        Model::Azure(p) => {
            for s in &p.scripts {
                for c in AZURE_MACRO.captures_iter(&s.text) {
                    let whole = c.get(0).expect("match").as_str();
                    let found = if let Some(name) = c.get(1).or_else(|| c.get(3)) {
                        let lower = name.as_str().to_ascii_lowercase();
                        AZURE.iter().find(|(n, _)| *n == lower).map(|(_, c)| *c)
                    } else {
                        let param = &c[2];
                        p.free_parameters
                            .iter()
                            .any(|f| f == param)
                            .then_some(Confidence::Medium)
                    };
                    if let Some(conf) = found {
                        push(s, whole, conf);
                    }
                }
            }
        }
        Model::Gitlab(ci) => {
            for job in &ci.jobs {
                let tainted = tainted_vars(&[&job.variables, &ci.variables]);
                for s in &job.scripts {
                    for c in GITLAB_INPUT.captures_iter(&s.text) {
                        let free = ci
                            .inputs
                            .iter()
                            .any(|(n, constrained)| n.text == c[1] && !constrained);
                        if free {
                            push(s, c.get(0).expect("match").as_str(), Confidence::Medium);
                        }
                    }
                    for line in s.text.lines() {
                        let Some(m) = EVAL.find(line) else { continue };
                        let after = &line[m.start()..];
                        let hit = SHELL_VAR.captures_iter(after).find_map(|c| {
                            let name = c.get(1)?.as_str();
                            let level = gitlab_level(name).or_else(|| {
                                tainted.iter().find(|(n, _)| n == name).map(|(_, c)| *c)
                            })?;
                            Some((c.get(0)?.as_str().to_string(), level))
                        });
                        if let Some((var, conf)) = hit {
                            push(s, &var, conf);
                        }
                    }
                }
            }
        }
    }
    out
}

impl UntrustedVariable {
    pub fn hit(&self, file: &PipelineFile) -> Hit {
        let mut hit = file
            .hit(self.at.line, self.at.column)
            .arg("variable", self.variable.as_str());
        if self.confidence == Confidence::Medium {
            hit = hit.confidence(Confidence::Medium);
        }
        hit.matched(self.variable.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use super::*;

    #[test]
    fn azure_macros_and_gitlab_evals_are_found_environment_uses_are_not() {
        let azure = concat!(
            "parameters:\n  - name: note\n    type: string\n  - name: env\n    values: [a, b]\n",
            "steps:\n",
            "  - script: echo \"$(Build.SourceVersionMessage)\"\n",
            "  - bash: echo ${{ parameters.note }} ${{ parameters.env }} $(Build.BuildId)\n",
            "  - script: echo \"$BRANCH\"\n    env:\n      BRANCH: $(System.PullRequest.SourceBranch)\n",
        );
        let gitlab = concat!(
            "spec:\n  inputs:\n    title:\n---\n",
            "variables:\n  TITLE: $CI_MERGE_REQUEST_TITLE\n",
            "test:\n  script:\n",
            "    - echo \"$CI_MERGE_REQUEST_TITLE\"\n",
            "    - eval \"echo $TITLE\"\n",
            "    - sh -c \"git log $CI_COMMIT_BRANCH\"\n",
            "    - echo $[[ inputs.title ]]\n",
        );
        let found = run(
            &[(".gitlab-ci.yml", gitlab), ("azure-pipelines.yml", azure)],
            |files| {
                files
                    .iter()
                    .flat_map(|f| {
                        find(f)
                            .into_iter()
                            .map(|u| (u.at.line, u.variable, u.confidence))
                    })
                    .collect::<Vec<_>>()
            },
        );
        assert_eq!(
            found,
            [
                (10, "$TITLE".into(), Confidence::High),
                (11, "$CI_COMMIT_BRANCH".into(), Confidence::Medium),
                (12, "$[[ inputs.title ]]".into(), Confidence::Medium),
                (7, "$(Build.SourceVersionMessage)".into(), Confidence::High),
                (8, "${{ parameters.note }}".into(), Confidence::Medium),
            ]
        );
    }
}
