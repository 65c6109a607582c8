//! `github-workflow`: GitHub Actions workflows (`.github/workflows/*.yml`), parsed as YAML with
//! positions by [`crate::formats::workflow`]. Each rule picks one check, run on every document
//! of the file (see `checks/github_workflow/`):
//!
//! - `unpinned-action`: a `uses:` not pinned to a full commit SHA;
//! - `permissions-unset`: a job whose token gets the repository's default permissions;
//! - `pull-request-target-checkout`: a `pull_request_target` workflow that checks out the pull
//!   request's head;
//! - `untrusted-input-in-run`: an attacker-controlled event field interpolated into a script.

use super::{ChoiceIn, Inspector};
use crate::checks::github_workflow::{
    permissions_unset, pull_request_target_checkout, unpinned_action, untrusted_input_in_run,
};
use crate::ctx::FileCtx;
use crate::formats::workflow;
use crate::out::Output;
use serde::Deserialize;

pub type Params = ChoiceIn<Check>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    UnpinnedAction,
    PermissionsUnset,
    PullRequestTargetCheckout,
    UntrustedInputInRun,
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    p.inspector(run)
}

fn run(check: Check, file: &FileCtx<'_>, out: &mut Output) {
    let docs = match workflow::parse(file.text) {
        Ok(docs) => docs,
        Err(e) => return out.parse_error(file.path, &e),
    };
    for doc in &docs {
        let hits = &mut out.hits;
        match check {
            Check::UnpinnedAction => {
                hits.extend(unpinned_action::find(doc).iter().map(|f| f.hit(file)))
            }
            Check::PermissionsUnset => {
                hits.extend(permissions_unset::find(doc).iter().map(|f| f.hit(file)))
            }
            Check::PullRequestTargetCheckout => hits.extend(
                pull_request_target_checkout::find(doc)
                    .iter()
                    .map(|f| f.hit(file)),
            ),
            Check::UntrustedInputInRun => hits.extend(
                untrusted_input_in_run::find(file, doc)
                    .iter()
                    .map(|f| f.hit(file)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::places;

    fn run(check: Check, text: &str) -> Output {
        let w = build(&Params {
            files: vec!["**/*.yml".into()],
            check,
        })
        .unwrap();
        let mut out = Output::default();
        w.check_file(&FileCtx::new(".github/workflows/ci.yml", text), &mut out);
        out
    }

    #[test]
    fn every_document_is_checked_and_hits_ask_for_their_line() {
        let wf = "on: push\njobs:\n  a:\n    steps: []\n---\non: push\njobs:\n  b:\n    steps: []\n";
        let out = run(Check::PermissionsUnset, wf);
        assert_eq!(
            places(&out.hits),
            vec![(3, 3, "job:a".into()), (8, 3, "job:b".into())]
        );
        // The engine shows a window of the line; the hit only asks for it.
        assert_eq!(out.hits[1].source_line.as_deref(), Some(""));
    }

    #[test]
    fn a_file_outside_the_globs_is_not_read_and_a_broken_one_is_a_notification() {
        let w = build(&Params {
            files: vec![".github/workflows/*.yml".into()],
            check: Check::UnpinnedAction,
        })
        .unwrap();
        let mut out = Output::default();
        w.check_file(&FileCtx::new("ci.yml", "jobs: ["), &mut out);
        assert!(out.notifications.is_empty());
        let out = run(Check::UnpinnedAction, "jobs: [");
        assert_eq!(out.notifications[0].code, "parse-error");
    }
}
