//! `pull-request-target-checkout`: a workflow run for an outsider's pull request with the
//! base repository's secrets and a write token (`pull_request_target`, or `issue_comment` on a
//! pull request) that fetches the pull request's code: `actions/checkout` with the head's
//! `ref:` or `repository:`, `gh pr checkout`, `git fetch`/`git checkout` of the head in a
//! script, or a reusable workflow handed the head's ref. Building or running that code hands
//! the secrets and the token to whoever opened the pull request. Jobs that only run for pull
//! requests from the repository itself (`head.repo.full_name == github.repository`) are not
//! reported; jobs gated by a label a maintainer sets are, with medium confidence.

use super::{locate, trigger_related};
use crate::ctx::FileCtx;
use crate::formats::workflow::expr::embedded;
use crate::formats::workflow::{lookup, Job, Pos, Step, Str, Workflow};
use crate::out::Hit;
use trustlint_model::Confidence;

/// Which head a trigger can check out: context paths (lower case) that name it.
pub struct Heads {
    pub events: &'static [&'static str],
    pub paths: &'static [&'static str],
}

pub const PR_HEADS: Heads = Heads {
    events: &["pull_request_target", "issue_comment"],
    paths: &[
        "github.event.pull_request.head.sha",
        "github.event.pull_request.head.ref",
        "github.event.pull_request.head.repo.full_name",
        "github.event.pull_request.merge_commit_sha",
        "github.head_ref",
    ],
};

/// A place where the untrusted head is fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadCheckout {
    pub at: Pos,
    pub event: String,
    /// What is checked out, as written (`${{ github.event.pull_request.head.sha }}`).
    pub reference: String,
    pub confidence: Confidence,
}

pub fn find(wf: &Workflow) -> Vec<HeadCheckout> {
    find_heads(wf, &PR_HEADS)
}

/// Checkouts of the head that `heads` describes, in every job of a workflow run on one of
/// its events.
pub fn find_heads(wf: &Workflow, heads: &Heads) -> Vec<HeadCheckout> {
    let Some(event) = heads.events.iter().find(|e| wf.triggered_by(e)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for job in &wf.jobs {
        let Some(confidence) = gate(job.condition.as_ref()) else {
            continue;
        };
        let mut push = |at: Pos, reference: &str, c: Confidence| {
            out.push(HeadCheckout {
                at,
                event: event.to_string(),
                reference: reference.trim().to_string(),
                confidence: c.min(confidence),
            })
        };
        if job.uses.is_some() {
            for (k, v) in &job.with {
                if names_head(wf, job, None, &v.text, heads, 0)
                    && k.text.to_ascii_lowercase().contains("ref")
                {
                    push(v.at, &v.text, Confidence::Medium);
                }
            }
        }
        for step in &job.steps {
            let Some(confidence) = gate(step.condition.as_ref()) else {
                continue;
            };
            if step.uses_action("actions/checkout") {
                for key in ["ref", "repository"] {
                    if let Some(v) = step
                        .with(key)
                        .filter(|v| names_head(wf, job, Some(step), &v.text, heads, 0))
                    {
                        push(v.at, &v.text, confidence);
                        break;
                    }
                }
            }
            if let Some(run) = &step.run {
                if let Some(cmd) = script_fetch(wf, job, step, run, heads) {
                    push(cmd.0, &cmd.1, confidence);
                }
            }
        }
    }
    out
}

/// The confidence left by a job's or step's `if:`; None when it keeps forks out.
fn gate(cond: Option<&Str>) -> Option<Confidence> {
    let Some(c) = cond else {
        return Some(Confidence::High);
    };
    let text = c.text.to_ascii_lowercase();
    let same_repo = (text.contains("head.repo.full_name") && text.contains("github.repository"))
        || text.contains("head.repo.fork == false")
        || text.contains("!github.event.pull_request.head.repo.fork");
    if same_repo && !text.contains("||") {
        return None;
    }
    let labelled = text.contains(".labels") || text.contains("github.event.label.name");
    Some(if labelled {
        Confidence::Medium
    } else {
        Confidence::High
    })
}

/// Whether `text` names the head: one of its context paths, `refs/pull/…` built from an
/// expression, or an `env.X` set to one.
fn names_head(
    wf: &Workflow,
    job: &Job,
    step: Option<&Step>,
    text: &str,
    heads: &Heads,
    depth: usize,
) -> bool {
    if depth > 3 {
        return false;
    }
    let exprs = embedded(text);
    if text.contains("refs/pull/") && !exprs.is_empty() {
        return true;
    }
    exprs.iter().filter_map(|e| e.expr.as_ref()).any(|e| {
        e.flows().iter().any(|p| {
            let p = p.to_ascii_lowercase();
            if heads
                .paths
                .iter()
                .any(|h| p == *h || (h.contains(".*.") && glob(h, &p)))
            {
                return true;
            }
            let Some(name) = p.strip_prefix("env.") else {
                return false;
            };
            [step.map(|s| &s.env), Some(&job.env), Some(&wf.env)]
                .into_iter()
                .flatten()
                .find_map(|env| lookup(env, name))
                .is_some_and(|v| names_head(wf, job, step, &v.text, heads, depth + 1))
        })
    })
}

fn glob(pattern: &str, path: &str) -> bool {
    let (p, q): (Vec<&str>, Vec<&str>) = (pattern.split('.').collect(), path.split('.').collect());
    p.len() == q.len()
        && p.iter()
            .zip(&q)
            .all(|(a, b)| *a == "*" || *b == "*" || a == b)
}

/// A command of the script that fetches the head: `gh pr checkout`, or `git fetch`,
/// `git checkout`, `git switch` or `git pull` of a `pull/N/head` ref or a head expression.
fn script_fetch(
    wf: &Workflow,
    job: &Job,
    step: &Step,
    run: &Str,
    heads: &Heads,
) -> Option<(Pos, String)> {
    for line in run.text.lines() {
        let l = line.trim();
        let git = [
            "git fetch",
            "git checkout",
            "git switch",
            "git pull",
            "git reset --hard",
        ]
        .iter()
        .any(|c| l.contains(c));
        let hit = l.contains("gh pr checkout")
            || (git
                && (l.contains("pull/") && (l.contains("/head") || l.contains("/merge"))
                    || names_head(wf, job, Some(step), l, heads, 0)));
        if hit {
            return Some((run.at, l.to_string()));
        }
    }
    None
}

impl HeadCheckout {
    pub fn hit(&self, file: &FileCtx<'_>, wf: &Workflow) -> Hit {
        let start = Str {
            text: String::new(),
            at: self.at,
        };
        let at = locate(file, &start, &self.reference);
        let mut hit = file
            .hit(at.line, at.column)
            .arg("event", self.event.as_str())
            .arg("ref", self.reference.as_str());
        if let Some(r) = trigger_related(file, wf, &self.event) {
            hit = hit.related(r);
        }
        if self.confidence == Confidence::Medium {
            hit = hit.confidence(Confidence::Medium);
        }
        hit.matched(self.reference.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    const STEPS: &str = "jobs:\n  build:\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - uses: actions/checkout@v4\n        with:\n          ref: main\n";

    #[test]
    fn the_head_checkout_is_found_only_under_privileged_triggers() {
        let found = find(&model(&format!("on:\n  pull_request_target:\n{STEPS}")));
        assert_eq!(
            found,
            vec![HeadCheckout {
                at: Pos {
                    line: 8,
                    column: 16
                },
                event: "pull_request_target".into(),
                reference: "${{ github.event.pull_request.head.sha }}".into(),
                confidence: Confidence::High,
            }]
        );
        assert!(find(&model(&format!("on: pull_request\n{STEPS}"))).is_empty());
    }

    #[test]
    fn scripts_env_repositories_and_reusable_calls_are_read_same_repo_jobs_are_not() {
        let wf = concat!(
            "on: [pull_request_target, issue_comment]\n",
            "jobs:\n",
            "  a:\n    steps:\n",
            "      - run: gh pr checkout ${{ github.event.issue.number }}\n",
            "      - env:\n          HEAD: ${{ github.head_ref }}\n        uses: actions/checkout@v4\n        with:\n          ref: ${{ env.HEAD }}\n",
            "      - run: |\n          git fetch origin pull/${{ github.event.number }}/head:pr\n",
            "      - uses: actions/checkout@v4\n        with:\n          repository: ${{ github.event.pull_request.head.repo.full_name }}\n",
            "  b:\n    uses: ./.github/workflows/build.yml\n    with:\n      git-ref: ${{ github.event.pull_request.head.sha }}\n",
            "  c:\n    if: github.event.pull_request.head.repo.full_name == github.repository\n    steps:\n",
            "      - run: gh pr checkout 1\n",
        );
        let found: Vec<(u32, Confidence)> = find(&model(wf))
            .into_iter()
            .map(|h| (h.at.line, h.confidence))
            .collect();
        assert_eq!(
            found,
            vec![
                (5, Confidence::High),
                (10, Confidence::High),
                (12, Confidence::High),
                (15, Confidence::High),
                (19, Confidence::Medium)
            ]
        );
    }
}
