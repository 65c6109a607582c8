//! The checks of the `github-workflow` kind, each on one workflow or action of a file as
//! [`crate::formats::workflow`] models it. Shared here: where a piece of text sits in the
//! file ([`locate`]), related locations ([`related`]), which contexts an outsider controls
//! ([`untrusted`]) and how their values travel through a job ([`taint`]).

pub mod action_archived;
pub mod bot_condition;
pub mod cache_poisoning;
pub mod credentials_persisted;
pub mod github_env_write;
pub mod image_unpinned;
pub mod permissions_broad;
pub mod permissions_unset;
pub mod pull_request_target_checkout;
pub mod secret_outside_environment;
pub mod secrets_inherited;
pub mod self_hosted_runner;
pub mod taint;
pub mod unpinned_action;
pub mod unsecure_commands;
pub mod untrusted;
pub mod untrusted_contains;
pub mod untrusted_input_in_run;
pub mod workflow_run_checkout;

use crate::ctx::FileCtx;
use crate::formats::workflow::{Pos, Str, Workflow};
use trustlint_model::{Location, Related};

/// Where `needle` is written at or after the start of `s` (a block scalar's text sits on
/// the lines below its indicator); `s`'s own place when it cannot be found.
pub fn locate(file: &FileCtx<'_>, s: &Str, needle: &str) -> Pos {
    locate_nth(file, s, needle, 0)
}

/// [`locate`] for the text at byte `offset` of `s`: the same needle may occur more than once.
pub fn locate_at(file: &FileCtx<'_>, s: &Str, needle: &str, offset: usize) -> Pos {
    let nth = s
        .text
        .get(..offset)
        .map_or(0, |before| before.matches(needle).count());
    locate_nth(file, s, needle, nth)
}

fn locate_nth(file: &FileCtx<'_>, s: &Str, needle: &str, nth: usize) -> Pos {
    let start = line_start(file.text, s.at.line);
    file.text
        .get(start..)
        .and_then(|rest| rest.match_indices(needle).nth(nth))
        .map(|(i, _)| {
            let (line, column) = file.line_col(start + i);
            Pos { line, column }
        })
        .unwrap_or(s.at)
}

fn line_start(text: &str, line: u32) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line as usize - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// A related location in the same file.
pub fn related(file: &FileCtx<'_>, at: Pos, message: impl Into<String>) -> Related {
    Related {
        location: Location {
            path: file.path.to_string(),
            line: at.line,
            column: at.column,
            end_line: None,
            end_column: None,
        },
        message: message.into(),
    }
}

/// The trigger `event`'s place, for findings that depend on it.
pub fn trigger_related(file: &FileCtx<'_>, wf: &Workflow, event: &str) -> Option<Related> {
    wf.trigger(event)
        .map(|t| related(file, t.event.at, format!("triggered by `{event}`")))
}

#[cfg(test)]
pub(crate) fn model(text: &str) -> Workflow {
    crate::formats::workflow::read(".github/workflows/ci.yml", text)
        .expect("a valid workflow")
        .remove(0)
}
