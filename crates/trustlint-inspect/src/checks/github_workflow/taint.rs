//! How an untrusted value travels through a workflow: from a context an outsider controls
//! ([`super::untrusted`]), or an input a caller gives, through `env:` at the workflow, job and
//! step levels, through step outputs (a `run:` that writes one from untrusted data, or an
//! action whose outputs are file or branch names), job outputs read with `needs.*`, and
//! matrix values built from them. [`Taint::expr`] answers, for one expression at one step,
//! which untrusted values can become its text; [`Taint::env_var`] the same for a variable a
//! script reads as `$NAME`.

use super::untrusted::github_context;
use crate::formats::workflow::expr::{embedded, Expr};
use crate::formats::workflow::{lookup, Pairs, Pos, Str, Workflow};
use regex::Regex;
use std::sync::LazyLock;
use trustlint_model::Confidence;

/// Definitions followed through each other at most this deep.
const DEPTH: usize = 6;

/// Actions whose outputs carry names an outsider chose (changed file paths, branch names).
const NAMING_ACTIONS: &[&str] = &[
    "tj-actions/changed-files",
    "tj-actions/branch-names",
    "xt0rted/pull-request-comment-branch",
    "Ana06/get-changed-files",
    "jitterbit/get-changed-files",
];

/// Where an untrusted value comes from, and what carried it here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The untrusted context (`github.event.issue.title`, `inputs.name`) or action output.
    pub source: String,
    pub confidence: Confidence,
    /// The first definition it went through (`env.TITLE`, `steps.s.outputs`) and its place.
    pub via: Option<(String, Pos)>,
    /// The file and place of the `with:` that handed it to this action or reusable workflow.
    pub caller: Option<(String, Pos)>,
}

impl Origin {
    /// `env.TITLE (from github.event.issue.title)`, or the source itself when direct.
    pub fn describe(&self, path: &str) -> String {
        if path == self.source {
            path.to_string()
        } else {
            format!("{path} (from {})", self.source)
        }
    }
}

/// One `${{ }}` of a text whose value is untrusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// The whole `${{ … }}`.
    pub expression: String,
    /// Its byte offset in the text.
    pub offset: usize,
    /// The context path it reads (`env.TITLE`).
    pub path: String,
    pub origin: Origin,
}

/// The taint of one workflow, step outputs and job outputs worked out once.
pub struct Taint<'w> {
    wf: &'w Workflow,
    /// Per job: (step id in lower case, origin) of each step whose outputs are untrusted.
    steps: Vec<Vec<(String, Origin)>>,
    /// Inputs that a caller in another file hands an untrusted value: (name in lower case,
    /// the caller's origin).
    callers: Vec<(String, Origin)>,
}

static SHELL_VAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\$env:([A-Za-z_][A-Za-z0-9_]*)|\$\{?([A-Za-z_][A-Za-z0-9_]*)|%([A-Za-z_][A-Za-z0-9_]*)%",
    )
    .expect("valid")
});

/// Every variable a script reads (`$X`, `${X}`, `$env:X`, `%X%`), with its byte offset.
pub fn shell_vars(script: &str) -> Vec<(usize, &str)> {
    SHELL_VAR
        .captures_iter(script)
        .filter_map(|c| {
            let m = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3))?;
            Some((c.get(0)?.start(), m.as_str()))
        })
        .collect()
}

impl<'w> Taint<'w> {
    pub fn new(wf: &'w Workflow) -> Self {
        Self::with_callers(wf, Vec::new())
    }

    /// The taint of a composite action or reusable workflow whose callers hand these inputs
    /// untrusted values.
    pub fn with_callers(wf: &'w Workflow, callers: Vec<(String, Origin)>) -> Self {
        let mut t = Taint {
            wf,
            steps: vec![Vec::new(); wf.jobs.len()],
            callers,
        };
        // Jobs read earlier jobs' outputs (`needs`): a second pass sees those defined later.
        for _ in 0..2 {
            for (j, job) in wf.jobs.iter().enumerate() {
                let mut found = Vec::new();
                for (i, step) in job.steps.iter().enumerate() {
                    let Some(id) = &step.id else { continue };
                    if let Some(o) = t.step_output(j, i) {
                        found.push((id.text.to_ascii_lowercase(), o));
                    }
                }
                t.steps[j] = found;
            }
        }
        t
    }

    fn step_output(&self, j: usize, i: usize) -> Option<Origin> {
        let step = &self.wf.jobs[j].steps[i];
        let id = step.id.as_ref()?;
        let via = Some((format!("steps.{}.outputs", id.text), step.at));
        if let Some(u) = &step.uses {
            if let Some(slug) = NAMING_ACTIONS.iter().find(|a| u.uses.is(a)) {
                let pr = ["pull_request", "pull_request_target"]
                    .iter()
                    .any(|e| self.wf.triggered_by(e));
                return Some(Origin {
                    source: format!("outputs of {slug}"),
                    confidence: if pr {
                        Confidence::High
                    } else {
                        Confidence::Medium
                    },
                    via,
                    caller: None,
                });
            }
        }
        let run = step.run.as_ref()?;
        if !run.text.contains("GITHUB_OUTPUT") && !run.text.contains("set-output") {
            return None;
        }
        let direct = self.text(j, Some(i), &run.text).into_iter().next();
        let from_var = || {
            shell_vars(&run.text)
                .into_iter()
                .find_map(|(_, name)| self.env_var(j, Some(i), name))
        };
        direct
            .map(|f| f.origin)
            .or_else(from_var)
            .map(|o| Origin { via, ..o })
    }

    /// Untrusted values that can become the text of `e`, evaluated at step `step` of job
    /// `job` (None: at the job's level).
    fn expr_at(
        &self,
        job: usize,
        step: Option<usize>,
        e: &Expr,
        depth: usize,
    ) -> Vec<(String, Origin)> {
        if e.is_boolean() {
            return Vec::new();
        }
        e.flows()
            .into_iter()
            .filter_map(|p| Some((p.to_string(), self.path(job, step, p, depth)?)))
            .collect()
    }

    /// Every `${{ }}` of `text` with an untrusted value, with the first such value.
    pub fn text(&self, job: usize, step: Option<usize>, text: &str) -> Vec<Flow> {
        self.text_at(job, step, text, 0)
    }

    fn text_at(&self, job: usize, step: Option<usize>, text: &str, depth: usize) -> Vec<Flow> {
        embedded(text)
            .into_iter()
            .filter_map(|em| {
                let (path, origin) = self
                    .expr_at(job, step, em.expr.as_ref()?, depth)
                    .into_iter()
                    .next()?;
                Some(Flow {
                    expression: text[em.range.clone()].to_string(),
                    offset: em.range.start,
                    path,
                    origin,
                })
            })
            .collect()
    }

    /// The origin of the variable `name` a script of that step reads, when it is set from an
    /// untrusted value in `env:` (the step's, the job's or the workflow's).
    pub fn env_var(&self, job: usize, step: Option<usize>, name: &str) -> Option<Origin> {
        self.env_at(job, step, name, 0)
    }

    fn env_at(&self, job: usize, step: Option<usize>, name: &str, depth: usize) -> Option<Origin> {
        if depth > DEPTH {
            return None;
        }
        let j = self.wf.jobs.get(job)?;
        let levels: [Option<&Pairs>; 3] = [
            step.and_then(|s| j.steps.get(s)).map(|s| &s.env),
            Some(&j.env),
            Some(&self.wf.env),
        ];
        let value: &Str = levels
            .into_iter()
            .flatten()
            .find_map(|env| lookup(env, name))?;
        let o = self
            .text_at(job, step, &value.text, depth + 1)
            .into_iter()
            .next()?
            .origin;
        Some(Origin {
            via: Some((format!("env.{name}"), value.at)),
            ..o
        })
    }

    fn path(&self, job: usize, step: Option<usize>, path: &str, depth: usize) -> Option<Origin> {
        if depth > DEPTH {
            return None;
        }
        let direct = |confidence| Origin {
            source: path.to_string(),
            confidence,
            via: None,
            caller: None,
        };
        let lower = path.to_ascii_lowercase();
        let mut seg = path.splitn(4, '.');
        let head = seg.next()?.to_ascii_lowercase();
        match head.as_str() {
            "inputs" => self.input_origin(seg.next()?, direct),
            "github" if lower.starts_with("github.event.inputs.") => {
                self.input_origin(path.rsplit('.').next()?, direct)
            }
            "github" => github_context(self.wf, path).map(|u| direct(u.confidence)),
            "env" => self.env_at(job, step, seg.next()?, depth + 1),
            "steps" => {
                let id = seg.next()?;
                seg.next()?.eq_ignore_ascii_case("outputs").then_some(())?;
                let id = id.to_ascii_lowercase();
                let earlier = step.unwrap_or(usize::MAX);
                let j = self.wf.jobs.get(job)?;
                self.steps[job]
                    .iter()
                    .find(|(s, _)| *s == id)
                    .filter(|(s, _)| {
                        j.steps
                            .iter()
                            .position(|st| {
                                st.id
                                    .as_ref()
                                    .is_some_and(|i| i.text.eq_ignore_ascii_case(s))
                            })
                            .is_some_and(|p| p < earlier)
                    })
                    .map(|(_, o)| o.clone())
            }
            "needs" => {
                let id = seg.next()?;
                seg.next()?.eq_ignore_ascii_case("outputs").then_some(())?;
                let name = seg.next()?;
                let (k, other) = self
                    .wf
                    .jobs
                    .iter()
                    .enumerate()
                    .find(|(_, jb)| jb.id.text.eq_ignore_ascii_case(id))?;
                let value = lookup(&other.outputs, name)?;
                let o = self
                    .text_at(k, None, &value.text, depth + 1)
                    .into_iter()
                    .next()?
                    .origin;
                Some(Origin {
                    via: Some((format!("needs.{id}.outputs.{name}"), value.at)),
                    ..o
                })
            }
            "matrix" => {
                let key = seg.next()?;
                let j = self.wf.jobs.get(job)?;
                j.matrix_values(key).find_map(|v| {
                    let o = self
                        .text_at(job, None, &v.text, depth + 1)
                        .into_iter()
                        .next()?
                        .origin;
                    Some(Origin {
                        via: Some((format!("matrix.{key}"), v.at)),
                        ..o
                    })
                })
            }
            _ => None,
        }
    }

    fn input_origin(&self, name: &str, direct: impl Fn(Confidence) -> Origin) -> Option<Origin> {
        let lower = name.to_ascii_lowercase();
        if let Some((_, o)) = self.callers.iter().find(|(n, _)| *n == lower) {
            return Some(o.clone());
        }
        self.input(name).map(direct)
    }

    /// An input's confidence. A free-text input of `workflow_dispatch` is whatever the person
    /// who starts the run types, and the run has the branch's secrets: medium. Inputs of a
    /// reusable workflow or a composite action come from their callers, which this file does
    /// not show; boolean, number and choice inputs cannot carry code.
    fn input(&self, name: &str) -> Option<Confidence> {
        let dispatch = self.wf.trigger("workflow_dispatch")?;
        let declared = dispatch
            .inputs
            .iter()
            .find(|i| i.name.text.eq_ignore_ascii_case(name));
        match declared {
            Some(i) if i.is_constrained() => None,
            None if !dispatch.inputs.is_empty() => None,
            _ => Some(Confidence::Medium),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    fn first(wf: &Workflow, job: usize, step: usize) -> Option<Origin> {
        let run = wf.jobs[job].steps[step].run.as_ref().unwrap();
        Taint::new(wf)
            .text(job, Some(step), &run.text)
            .into_iter()
            .next()
            .map(|f| f.origin)
    }

    #[test]
    fn values_are_followed_through_env_outputs_needs_and_matrix() {
        let wf = model(concat!(
            "on: issues\n",
            "env:\n  T: ${{ github.event.issue.title }}\n",
            "jobs:\n",
            "  a:\n",
            "    outputs:\n      t: ${{ steps.get.outputs.t }}\n",
            "    steps:\n",
            "      - run: echo ${{ env.T }}\n",
            "      - id: get\n        env:\n          B: ${{ github.event.issue.body }}\n        run: echo \"t=$B\" >> $GITHUB_OUTPUT\n",
            "      - run: echo ${{ steps.get.outputs.t }}\n",
            "      - run: echo ${{ github.event.issue.number }} ${{ github.event.issue.title == 'x' }}\n",
            "  b:\n",
            "    needs: a\n",
            "    strategy:\n      matrix:\n        t: ['${{ needs.a.outputs.t }}']\n",
            "    steps:\n",
            "      - run: echo ${{ matrix.t }}\n",
        ));
        let o = first(&wf, 0, 0).unwrap();
        assert_eq!(
            (o.source.as_str(), o.via.unwrap().0.as_str()),
            ("github.event.issue.title", "env.T")
        );
        assert_eq!(first(&wf, 0, 2).unwrap().source, "github.event.issue.body");
        assert_eq!(first(&wf, 0, 3), None);
        let m = first(&wf, 1, 0).unwrap();
        assert_eq!(
            (m.source.as_str(), m.via.unwrap().0.as_str()),
            ("github.event.issue.body", "matrix.t")
        );
    }

    #[test]
    fn constrained_inputs_and_later_steps_outputs_are_not_untrusted() {
        let wf = model(concat!(
            "on:\n  workflow_dispatch:\n    inputs:\n      n: {type: number}\n      s: {type: string}\n",
            "jobs:\n  a:\n    steps:\n",
            "      - run: echo ${{ inputs.n }} ${{ steps.late.outputs.x }}\n",
            "      - run: echo ${{ inputs.s }}\n",
            "      - id: late\n        uses: tj-actions/changed-files@v45\n",
        ));
        assert_eq!(first(&wf, 0, 0), None);
        assert_eq!(first(&wf, 0, 1).unwrap().confidence, Confidence::Medium);
        assert_eq!(
            shell_vars("a $X ${Y} $env:Z %W% $$"),
            [(2, "X"), (5, "Y"), (10, "Z"), (17, "W")]
        );
    }
}
