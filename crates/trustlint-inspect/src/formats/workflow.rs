//! GitHub Actions workflows (`.github/workflows/*.yml`): the YAML documents of a workflow
//! file, with positions, and the parts the workflow checks read (triggers, jobs, steps).

use super::nesting::{self, WORKFLOW_MAX_BRACKETS};
use super::yaml::{self, entries, get, items, text};
use crate::out::ParseError;
use saphyr::MarkedYaml;

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

/// Whether the workflow is triggered by `event` (`on: x`, `on: [x]` or `on: {x: ...}`).
pub fn triggered_by(doc: &MarkedYaml<'_>, event: &str) -> bool {
    let Some(on) = get(doc, "on") else {
        return false;
    };
    text(on) == Some(event)
        || items(on).iter().any(|i| text(i) == Some(event))
        || get(on, event).is_some()
}

/// The jobs: (the job's key, the job), in file order.
pub fn jobs<'a, 'b>(doc: &'a MarkedYaml<'b>) -> Vec<(&'a MarkedYaml<'b>, &'a MarkedYaml<'b>)> {
    get(doc, "jobs").map(entries).unwrap_or_default()
}

/// Every step of every job, in file order.
pub fn steps<'a, 'b>(doc: &'a MarkedYaml<'b>) -> Vec<&'a MarkedYaml<'b>> {
    jobs(doc)
        .into_iter()
        .flat_map(|(_, job)| get(job, "steps").map(items).unwrap_or_default())
        .collect()
}

/// The action a step uses, when it names one (`uses: actions/checkout@v4`).
pub fn step_uses<'a>(step: &'a MarkedYaml<'_>) -> Option<&'a str> {
    get(step, "uses").and_then(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_in_each_spelling_and_steps_of_every_job() {
        for on in ["push", "[push, pull_request]", "{push: {branches: [main]}}"] {
            let wf = format!("on: {on}\njobs:\n  a:\n    steps:\n      - uses: x/y@v1\n  b:\n    steps:\n      - run: echo\n");
            let docs = parse(&wf).unwrap();
            assert!(triggered_by(&docs[0], "push"), "{on}");
            assert!(!triggered_by(&docs[0], "pull_request_target"));
            let steps = steps(&docs[0]);
            assert_eq!(steps.len(), 2);
            assert_eq!(step_uses(steps[0]), Some("x/y@v1"));
            assert_eq!(step_uses(steps[1]), None);
        }
    }

    #[test]
    fn a_flood_of_brackets_is_refused_whole() {
        let err = parse(&"[".repeat(WORKFLOW_MAX_BRACKETS + 1)).unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (1, "too deeply nested for a workflow")
        );
    }
}
