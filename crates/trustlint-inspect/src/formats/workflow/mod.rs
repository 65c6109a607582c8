//! GitHub Actions workflows (`.github/workflows/*.yml`) and actions (`action.yml` anywhere),
//! read into one typed model with positions: triggers with their filters and inputs,
//! permissions and `env:` at each level, jobs (runner, container, services, matrix, reusable
//! workflow calls with `with:` and `secrets:`), and steps (`uses:` split into its parts,
//! `with:`, `env:`, `run:`, `shell:`, `if:`). A composite or Docker action is read as a
//! [`Workflow`] of kind [`Kind::Action`] with one job, `runs`, holding the action's steps, so
//! that every step check reads both alike. Expressions are parsed by [`expr`].
//!
//! Every part keeps where it was written ([`Pos`], 1-based), keys and values alike, so a
//! finding can point at the exact node. A workflow with more flow brackets than
//! [`WORKFLOW_MAX_BRACKETS`] is refused whole before the YAML parser sees it.

pub mod expr;
mod read;
pub mod uses;

use super::nesting::{self, WORKFLOW_MAX_BRACKETS};
use super::yaml;
use crate::out::ParseError;
use saphyr::MarkedYaml;
pub use uses::Uses;

/// A workflow file's documents (one, as a rule).
pub fn parse(text: &str) -> Result<Vec<MarkedYaml<'_>>, ParseError> {
    if nesting::too_many_brackets(text, WORKFLOW_MAX_BRACKETS) {
        return Err(ParseError {
            line: 1,
            message: "too deeply nested for a workflow".into(),
        });
    }
    yaml::load(text)
}

/// Every workflow or action of a file, each document read as a workflow unless it is shaped
/// as an action (`runs:` and no `jobs:`) or the file is named `action.yml`/`action.yaml`.
pub fn read(path: &str, text: &str) -> Result<Vec<Workflow>, ParseError> {
    let named_action = path.ends_with("/action.yml")
        || path.ends_with("/action.yaml")
        || path == "action.yml"
        || path == "action.yaml";
    Ok(parse(text)?
        .iter()
        .filter(|doc| !yaml::entries(doc).is_empty())
        .map(|doc| {
            let action = yaml::get(doc, "runs").is_some() && yaml::get(doc, "jobs").is_none();
            if action || (named_action && yaml::get(doc, "jobs").is_none()) {
                read::action(doc)
            } else {
                read::workflow(doc)
            }
        })
        .collect())
}

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// A scalar's text and where it starts (a block scalar: at its first line of content).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Str {
    pub text: String,
    pub at: Pos,
}

/// A mapping of scalars in file order (`env:`, `with:`): each key with its value; a value
/// that is not a scalar has empty text.
pub type Pairs = Vec<(Str, Str)>;

/// The value of `name` in `pairs`; `env:` and `with:` names match without regard to case.
pub fn lookup<'a>(pairs: &'a Pairs, name: &str) -> Option<&'a Str> {
    pairs
        .iter()
        .find(|(k, _)| k.text.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Workflow,
    /// `action.yml`: a composite, Docker or JavaScript action.
    Action,
}

/// One workflow (or action) document.
#[derive(Debug, Clone, PartialEq)]
pub struct Workflow {
    pub kind: Kind,
    pub name: Option<Str>,
    /// The `on:` key (actions have none).
    pub on: Option<Pos>,
    pub triggers: Vec<Trigger>,
    pub permissions: Option<Permissions>,
    pub env: Pairs,
    pub jobs: Vec<Job>,
    /// An action's `inputs:` (a workflow's are under their trigger).
    pub inputs: Vec<Input>,
}

/// One event of `on:` with its filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub event: Str,
    /// `branches`, `tags`, `paths`, `types`, `workflows` and their `-ignore` forms, each with
    /// its values.
    pub filters: Vec<(String, Vec<String>)>,
    /// `workflow_dispatch` and `workflow_call` inputs.
    pub inputs: Vec<Input>,
}

impl Trigger {
    pub fn filter(&self, name: &str) -> Option<&[String]> {
        self.filters
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }
}

/// A declared input: its name and, when given, its `type:` and whether it lists `options:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub name: Str,
    pub kind: Option<String>,
    pub options: bool,
}

impl Input {
    /// Whether whatever the caller gives can only be a boolean, a number or one of a list.
    pub fn is_constrained(&self) -> bool {
        self.options
            || matches!(
                self.kind.as_deref(),
                Some("boolean" | "number" | "choice" | "environment")
            )
    }
}

/// `permissions:` at the workflow's top or in a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permissions {
    /// The `permissions` key.
    pub key: Pos,
    pub value: Grant,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    ReadAll(Pos),
    WriteAll(Pos),
    /// `contents: write`, ...; empty for `{}` (no access at all).
    Scopes(Pairs),
    /// Anything else (an expression, a typo).
    Other(Str),
}

impl Grant {
    /// The scopes granted `write`.
    pub fn writes(&self) -> Vec<&Str> {
        match self {
            Grant::Scopes(s) => s
                .iter()
                .filter(|(_, v)| v.text == "write")
                .map(|(k, _)| k)
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A job: its own steps, or a call of a reusable workflow.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Job {
    /// The job's key.
    pub id: Str,
    pub name: Option<Str>,
    /// `runs-on:` labels (one for a plain string); an expression stays as written.
    pub runs_on: Vec<Str>,
    /// `runs-on: {group: …}`.
    pub runner_group: Option<Str>,
    pub permissions: Option<Permissions>,
    pub env: Pairs,
    pub condition: Option<Str>,
    /// `environment:` (its name, or the `name:` of its mapping).
    pub environment: Option<Str>,
    /// A reusable workflow call.
    pub uses: Option<UsesAt>,
    pub with: Pairs,
    pub secrets: Option<Secrets>,
    pub container: Option<Image>,
    pub services: Vec<Image>,
    /// Every scalar under `strategy.matrix` with its key (`include` items' keys included);
    /// a matrix given as one expression has the key `""`.
    pub matrix: Pairs,
    pub outputs: Pairs,
    pub needs: Vec<String>,
    pub steps: Vec<Step>,
}

impl Job {
    /// The matrix values of `key` (`matrix.os` reads those of `os`).
    pub fn matrix_values<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Str> {
        self.matrix
            .iter()
            .filter(move |(k, _)| k.text.is_empty() || k.text.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    }
}

/// `secrets:` of a reusable workflow call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Secrets {
    /// `secrets: inherit`, at its value.
    Inherit(Pos),
    Pairs(Pairs),
}

/// A container image of a job (`container:`), a service or a Docker action (`runs.image`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// `container`, the service's name, or `image`.
    pub key: Str,
    /// The image reference; None when the mapping has no `image:`.
    pub image: Option<Str>,
}

/// A `uses:` value and its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsesAt {
    pub raw: Str,
    pub uses: Uses,
}

/// One step of a job or of a composite action.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Step {
    /// Where the step's mapping starts.
    pub at: Pos,
    pub id: Option<Str>,
    pub name: Option<Str>,
    pub uses: Option<UsesAt>,
    pub with: Pairs,
    pub env: Pairs,
    pub run: Option<Str>,
    pub shell: Option<Str>,
    pub condition: Option<Str>,
}

impl Step {
    /// Whether the step uses the action `owner/repo`.
    pub fn uses_action(&self, slug: &str) -> bool {
        self.uses.as_ref().is_some_and(|u| u.uses.is(slug))
    }

    pub fn with(&self, name: &str) -> Option<&Str> {
        lookup(&self.with, name)
    }
}

impl Workflow {
    pub fn triggered_by(&self, event: &str) -> bool {
        self.trigger(event).is_some()
    }

    pub fn trigger(&self, event: &str) -> Option<&Trigger> {
        self.triggers.iter().find(|t| t.event.text == event)
    }

    /// Every `if:` of the jobs and their steps, in file order.
    pub fn conditions(&self) -> Vec<&Str> {
        self.jobs
            .iter()
            .flat_map(|j| {
                j.condition
                    .iter()
                    .chain(j.steps.iter().filter_map(|s| s.condition.as_ref()))
            })
            .collect()
    }

    /// Every step of every job, with its job.
    pub fn steps(&self) -> impl Iterator<Item = (&Job, &Step)> {
        self.jobs
            .iter()
            .flat_map(|j| j.steps.iter().map(move |s| (j, s)))
    }
}

#[cfg(test)]
mod tests;
