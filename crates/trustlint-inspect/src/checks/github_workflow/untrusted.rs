//! Which `github` context paths hold text an outsider chose: titles and bodies of issues,
//! pull requests, comments, reviews and discussions, branch names of pull requests and of
//! the runs `workflow_run` follows, commit messages and author names, wiki page names. Each
//! is tied to the events that carry it, so that `github.event.issue.title` in a workflow run
//! only on `push` (where it is empty) is not an injection.

use crate::formats::workflow::{Kind, Workflow};
use trustlint_model::Confidence;

/// A context path an outsider (or, with medium confidence, a caller) controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Untrusted {
    pub confidence: Confidence,
}

const PR: &[&str] = &[
    "pull_request",
    "pull_request_target",
    "pull_request_review",
    "pull_request_review_comment",
];
const ISSUE: &[&str] = &["issues", "issue_comment"];
const COMMENT: &[&str] = &[
    "issue_comment",
    "pull_request_review_comment",
    "commit_comment",
    "discussion_comment",
];
const PUSH: &[&str] = &["push"];
const RUN: &[&str] = &["workflow_run"];

/// (path pattern, events that carry it). `*` matches one segment; a pattern matches the
/// path itself and anything below it.
const FIELDS: &[(&str, &[&str])] = &[
    ("github.head_ref", PR),
    ("github.event.issue.title", ISSUE),
    ("github.event.issue.body", ISSUE),
    ("github.event.pull_request.title", PR),
    ("github.event.pull_request.body", PR),
    ("github.event.pull_request.head.ref", PR),
    ("github.event.pull_request.head.label", PR),
    ("github.event.pull_request.head.repo.default_branch", PR),
    ("github.event.pull_request.head.repo.description", PR),
    ("github.event.pull_request.head.repo.homepage", PR),
    ("github.event.comment.body", COMMENT),
    ("github.event.review.body", &["pull_request_review"]),
    (
        "github.event.review_comment.body",
        &["pull_request_review_comment"],
    ),
    (
        "github.event.discussion.title",
        &["discussion", "discussion_comment"],
    ),
    (
        "github.event.discussion.body",
        &["discussion", "discussion_comment"],
    ),
    ("github.event.pages.*.page_name", &["gollum"]),
    ("github.event.commits.*.message", PUSH),
    ("github.event.commits.*.author", PUSH),
    ("github.event.commits.*.committer", PUSH),
    ("github.event.head_commit.message", PUSH),
    ("github.event.head_commit.author", PUSH),
    ("github.event.head_commit.committer", PUSH),
    (
        "github.event.merge_group.head_commit.message",
        &["merge_group"],
    ),
    (
        "github.event.merge_group.head_commit.author",
        &["merge_group"],
    ),
    ("github.event.workflow_run.head_branch", RUN),
    ("github.event.workflow_run.display_title", RUN),
    ("github.event.workflow_run.head_commit.message", RUN),
    ("github.event.workflow_run.head_commit.author", RUN),
    ("github.event.workflow_run.head_commit.committer", RUN),
    ("github.event.workflow_run.pull_requests.*.head.ref", RUN),
    ("github.event.workflow_run.head_repository.description", RUN),
];

/// Whole objects that hold such fields (`toJSON(github.event.pull_request)`).
const OBJECTS: &[&str] = &[
    "github.event",
    "github.event.issue",
    "github.event.pull_request",
    "github.event.pull_request.head",
    "github.event.comment",
    "github.event.review",
    "github.event.review_comment",
    "github.event.discussion",
    "github.event.head_commit",
    "github.event.commits",
    "github.event.workflow_run",
    "github.event.workflow_run.head_commit",
    "github.event.pages",
];

/// How far an outsider controls `path` (a normalised, lower-case context path) in `wf`.
pub fn github_context(wf: &Workflow, path: &str) -> Option<Untrusted> {
    let path = path.to_ascii_lowercase();
    let path = path.as_str();
    let high = Untrusted {
        confidence: Confidence::High,
    };
    for (pattern, events) in FIELDS {
        if matches(pattern, path) {
            return carried(wf, events).then_some(high);
        }
    }
    if OBJECTS.contains(&path) {
        return Some(Untrusted {
            confidence: Confidence::Medium,
        });
    }
    if path.starts_with("github.event.client_payload") {
        // repository_dispatch: whoever holds a token that may dispatch.
        return wf.triggered_by("repository_dispatch").then_some(Untrusted {
            confidence: Confidence::Medium,
        });
    }
    None
}

/// Whether the workflow can run on one of `events`: an action or a reusable workflow runs on
/// whatever event its caller had.
fn carried(wf: &Workflow, events: &[&str]) -> bool {
    wf.kind == Kind::Action
        || wf.triggers.is_empty()
        || wf.triggered_by("workflow_call")
        || events.iter().any(|e| wf.triggered_by(e))
}

/// `pattern` matches `path` or a path below it, `*` standing for one segment.
fn matches(pattern: &str, path: &str) -> bool {
    let mut p = pattern.split('.');
    let mut q = path.split('.');
    loop {
        match (p.next(), q.next()) {
            (None, _) => return true,
            (Some(_), None) => return false,
            (Some(a), Some(b)) if a == "*" || b == "*" || a == b => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn fields_count_only_under_the_events_that_carry_them() {
        let pr = model("on: pull_request_target\njobs: {}\n");
        let push = model("on: push\njobs: {}\n");
        assert!(github_context(&pr, "github.event.pull_request.title").is_some());
        assert!(github_context(&pr, "github.event.pull_request.head.ref").is_some());
        assert!(github_context(&push, "github.event.pull_request.title").is_none());
        assert!(github_context(&push, "github.event.commits.*.author.email").is_some());
        assert!(github_context(&pr, "github.event.pull_request.number").is_none());
        assert!(github_context(&pr, "github.event.pull_request.head.sha").is_none());
        assert!(github_context(&pr, "github.sha").is_none());
        assert_eq!(
            github_context(&pr, "github.event").map(|u| u.confidence),
            Some(Confidence::Medium)
        );
        let called = model("on: workflow_call\njobs: {}\n");
        assert!(github_context(&called, "github.head_ref").is_some());
    }
}
