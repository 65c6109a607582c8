//! `github-workflow`: GitHub Actions workflows (`.github/workflows/*.yml`) and actions
//! (`action.yml`/`action.yaml` anywhere), read once per file into the model of
//! [`crate::formats::workflow`]. Each rule picks one check, run on every workflow or action
//! of the file (see `checks/github_workflow/`):
//!
//! - `unpinned-action`: a `uses:` not pinned to a full commit SHA;
//! - `permissions-unset`: a job whose token gets the repository's default permissions;
//! - `permissions-broad`: `write-all`, `read-all`, or writes granted to every job;
//! - `pull-request-target-checkout`: a `pull_request_target` (or PR comment) workflow that
//!   fetches the pull request's head;
//! - `workflow-run-checkout`: a `workflow_run` workflow that checks out the triggering head;
//! - `untrusted-input-in-run`: an untrusted value interpolated into a script;
//! - `github-env-write`: untrusted data written to `GITHUB_ENV` or `GITHUB_PATH`;
//! - `cache-poisoning`: a cache restored in a job that releases;
//! - `image-unpinned`: a container image with no tag or `latest`;
//! - `unsecure-commands`: `ACTIONS_ALLOW_UNSECURE_COMMANDS` turned on;
//! - `credentials-persisted`: a checkout's token uploaded in an artifact;
//! - `secrets-inherited`: `secrets: inherit`;
//! - `secret-outside-environment`: a secret read by a job with no environment;
//! - `self-hosted-runner`: a self-hosted runner for pull requests;
//! - `bot-condition`: an `if:` that trusts `github.actor` being a bot;
//! - `untrusted-contains`: `contains()` of a string with a value someone else chooses;
//! - `action-archived`: an archived or typo-squatted action.

use super::{ChoiceIn, Inspector};
use crate::checks::github_workflow::{
    action_archived, bot_condition, cache_poisoning, credentials_persisted, github_env_write,
    image_unpinned, permissions_broad, permissions_unset, pull_request_target_checkout,
    secret_outside_environment, secrets_inherited, self_hosted_runner, unpinned_action,
    unsecure_commands, untrusted_contains, untrusted_input_in_run, workflow_run_checkout,
};
use crate::ctx::{FileCtx, RepoCtx};
use crate::formats::workflow::{self, Workflow};
use crate::pattern::GlobList;
use crate::out::{Hit, Output};
use serde::Deserialize;

pub type Params = ChoiceIn<Check>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    UnpinnedAction,
    PermissionsUnset,
    PermissionsBroad,
    PullRequestTargetCheckout,
    WorkflowRunCheckout,
    UntrustedInputInRun,
    GithubEnvWrite,
    CachePoisoning,
    ImageUnpinned,
    UnsecureCommands,
    CredentialsPersisted,
    SecretsInherited,
    SecretOutsideEnvironment,
    SelfHostedRunner,
    BotCondition,
    UntrustedContains,
    ActionArchived,
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    if p.check == Check::UntrustedInputInRun {
        return Ok(Box::new(WithCallers {
            files: GlobList::new(&p.files, false)?,
        }));
    }
    p.inspector(run)
}

/// A repository-level hit carries the text of its line itself.
fn with_line(file: &FileCtx<'_>, mut hit: Hit) -> Hit {
    hit.source_line = Some(file.line_text(hit.line).to_string());
    hit
}

/// `untrusted-input-in-run` is repository-wide: each workflow and action is noted while the
/// tree is read, then checked alone, and the untrusted values that workflows hand to local
/// actions and reusable workflows (`with:`) are followed into those files. A diff-aware scan
/// reports a finding when its own file changed.
struct WithCallers {
    files: GlobList,
}

impl Inspector for WithCallers {
    fn interest_globs(&self) -> Vec<String> {
        self.files.patterns().to_vec()
    }

    fn runs_on_listed_files(&self) -> bool {
        true
    }

    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        out.interesting = self.files.is_match(file.path);
    }

    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        let mut read: Vec<(String, String)> = Vec::new();
        for path in repo.interesting {
            if let Some(text) = (repo.read)(path) {
                let file = FileCtx::new(path, &text);
                let mut own = Output::default();
                run(Check::UntrustedInputInRun, &file, &mut own);
                out.notifications.extend(own.notifications);
                out.hits.extend(own.hits.into_iter().map(|h| with_line(&file, h)));
                read.push((path.clone(), text));
            }
        }
        let mut flows = Vec::new();
        for (path, text) in &read {
            for wf in workflow::read(path, text).unwrap_or_default() {
                flows.extend(untrusted_input_in_run::caller_flows(path, &wf));
            }
        }
        for (path, text) in &read {
            let mine: Vec<_> = flows.iter().filter(|f| f.callee.contains(path)).cloned().collect();
            if mine.is_empty() {
                continue;
            }
            let file = FileCtx::new(path, text);
            for wf in workflow::read(path, text).unwrap_or_default() {
                out.hits.extend(
                    untrusted_input_in_run::find_called(&file, &wf, &mine)
                        .iter()
                        .map(|f| with_line(&file, f.hit(&file))),
                );
            }
        }
    }
}

fn run(check: Check, file: &FileCtx<'_>, out: &mut Output) {
    let workflows = match file.workflows() {
        Ok(w) => w,
        Err(e) => return out.parse_error(file.path, e),
    };
    for wf in workflows {
        out.hits.extend(hits(check, file, wf));
    }
}

fn hits(check: Check, file: &FileCtx<'_>, wf: &Workflow) -> Vec<Hit> {
    use Check::*;
    match check {
        UnpinnedAction => unpinned_action::find(wf).iter().map(|f| f.hit(file)).collect(),
        PermissionsUnset => permissions_unset::find(wf).iter().map(|f| f.hit(file)).collect(),
        PermissionsBroad => permissions_broad::find(wf).iter().map(|f| f.hit(file)).collect(),
        PullRequestTargetCheckout => pull_request_target_checkout::find(wf)
            .iter()
            .map(|f| f.hit(file, wf))
            .collect(),
        WorkflowRunCheckout => workflow_run_checkout::find(wf)
            .iter()
            .map(|f| f.hit(file, wf))
            .collect(),
        UntrustedInputInRun => untrusted_input_in_run::find(file, wf)
            .iter()
            .map(|f| f.hit(file))
            .collect(),
        GithubEnvWrite => github_env_write::find(file, wf).iter().map(|f| f.hit(file)).collect(),
        CachePoisoning => cache_poisoning::find(wf).iter().map(|f| f.hit(file, wf)).collect(),
        ImageUnpinned => image_unpinned::find(wf).iter().map(|f| f.hit(file)).collect(),
        UnsecureCommands => unsecure_commands::find(file, wf).iter().map(|f| f.hit(file)).collect(),
        CredentialsPersisted => credentials_persisted::find(wf).iter().map(|f| f.hit(file)).collect(),
        SecretsInherited => secrets_inherited::find(wf).iter().map(|f| f.hit(file)).collect(),
        SecretOutsideEnvironment => secret_outside_environment::find(file, wf)
            .iter()
            .map(|f| f.hit(file))
            .collect(),
        SelfHostedRunner => self_hosted_runner::find(wf).iter().map(|f| f.hit(file, wf)).collect(),
        BotCondition => bot_condition::find(file, wf).iter().map(|f| f.hit(file, wf)).collect(),
        UntrustedContains => untrusted_contains::find(file, wf).iter().map(|f| f.hit(file)).collect(),
        ActionArchived => action_archived::find(wf).iter().map(|f| f.hit(file)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::places;

    fn run(check: Check, path: &str, text: &str) -> Output {
        let w = build(&Params {
            files: vec!["**/*.yml".into()],
            check,
        })
        .unwrap();
        let mut out = Output::default();
        w.check_file(&FileCtx::new(path, text), &mut out);
        out
    }

    #[test]
    fn every_document_is_checked_and_hits_ask_for_their_line() {
        let wf = "on: push\njobs:\n  a:\n    steps: []\n---\non: push\njobs:\n  b:\n    steps: []\n";
        let out = run(Check::PermissionsUnset, ".github/workflows/ci.yml", wf);
        assert_eq!(
            places(&out.hits),
            vec![(3, 3, "job:a".into()), (8, 3, "job:b".into())]
        );
        // The engine shows a window of the line; the hit only asks for it.
        assert_eq!(out.hits[1].source_line.as_deref(), Some(""));
    }

    #[test]
    fn actions_are_read_as_actions() {
        let action = "runs:\n  using: composite\n  steps:\n    - uses: actions/cache@v4\n";
        let out = run(Check::UnpinnedAction, ".github/actions/build/action.yml", action);
        assert_eq!(places(&out.hits), vec![(4, 13, "actions/cache@v4".into())]);
        assert!(run(Check::PermissionsUnset, "action.yml", action).hits.is_empty());
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
        let out = run(Check::UnpinnedAction, ".github/workflows/ci.yml", "jobs: [");
        assert_eq!(out.notifications[0].code, "parse-error");
    }
}
