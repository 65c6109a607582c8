//! `github-workflow`: GitHub Actions workflows (`.github/workflows/*.yml`) parsed as YAML with
//! positions. Each rule picks one check:
//!
//! - `unpinned-action`: a `uses:` that is not a local action and not pinned to a full 40-hex
//!   commit SHA (a tag can be moved to point at other code);
//! - `permissions-unset`: no `permissions:` at the top and a job without its own, or
//!   `write-all` anywhere (the token then gets the repository's default, often write);
//! - `pull-request-target-checkout`: a `pull_request_target` workflow that checks out the pull
//!   request's head, running untrusted code with secrets and a write token;
//! - `untrusted-input-in-run`: an attacker-controlled event field (`github.event.issue.title`,
//!   `github.head_ref`, ...) interpolated with `${{ }}` into a `run:` script or a github-script.

use crate::context::{FileCtx, Hit, Output, ParseError};
use crate::globs::GlobList;
use crate::Inspector;
use regex::Regex;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub files: Vec<String>,
    pub check: Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    UnpinnedAction,
    PermissionsUnset,
    PullRequestTargetCheckout,
    UntrustedInputInRun,
}

pub struct GithubWorkflow {
    files: GlobList,
    check: Check,
}

impl GithubWorkflow {
    pub fn new(p: &Params) -> Result<Self, String> {
        Ok(GithubWorkflow {
            files: GlobList::new(&p.files, false)?,
            check: p.check,
        })
    }
}

static SHA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[0-9a-f]{40}$").expect("valid"));
static UNTRUSTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\$\{\{[^}]*?\b(github\.(?:head_ref|event\.(?:",
        r"issue\.(?:title|body)|pull_request\.(?:title|body|head\.ref|head\.label|head\.repo\.default_branch)",
        r"|comment\.body|review\.body|review_comment\.body|discussion\.(?:title|body)",
        r"|pages\.[^}\s]*\.page_name|commits\.[^}\s]*\.(?:message|author\.(?:email|name))",
        r"|head_commit\.(?:message|author\.(?:email|name))|workflow_run\.(?:head_branch|head_commit\.message|display_title)",
        r")))[^}]*\}\}"
    ))
    .expect("valid")
});

fn get<'a, 'b>(node: &'a MarkedYaml<'b>, key: &str) -> Option<&'a MarkedYaml<'b>> {
    match &node.data {
        YamlData::Mapping(map) => map
            .iter()
            .find(|(k, _)| text(k) == Some(key))
            .map(|(_, v)| v),
        _ => None,
    }
}

fn text<'a>(node: &'a MarkedYaml<'_>) -> Option<&'a str> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s.as_ref()),
        YamlData::Representation(s, _, _) => Some(s.as_ref()),
        _ => None,
    }
}

fn entries<'a, 'b>(node: &'a MarkedYaml<'b>) -> Vec<(&'a MarkedYaml<'b>, &'a MarkedYaml<'b>)> {
    match &node.data {
        YamlData::Mapping(map) => map.iter().collect(),
        _ => Vec::new(),
    }
}

fn items<'a, 'b>(node: &'a MarkedYaml<'b>) -> Vec<&'a MarkedYaml<'b>> {
    match &node.data {
        YamlData::Sequence(seq) => seq.iter().collect(),
        _ => Vec::new(),
    }
}

fn line(node: &MarkedYaml<'_>) -> u32 {
    node.span.start.line() as u32
}

fn col(node: &MarkedYaml<'_>) -> u32 {
    node.span.start.col() as u32 + 1
}

/// Whether the workflow is triggered by `event` (`on: x`, `on: [x]` or `on: {x: ...}`).
fn triggered_by(doc: &MarkedYaml<'_>, event: &str) -> bool {
    let Some(on) = get(doc, "on") else {
        return false;
    };
    text(on) == Some(event)
        || items(on).iter().any(|i| text(i) == Some(event))
        || get(on, event).is_some()
}

fn steps<'a, 'b>(doc: &'a MarkedYaml<'b>) -> Vec<&'a MarkedYaml<'b>> {
    get(doc, "jobs")
        .map(|jobs| {
            entries(jobs)
                .into_iter()
                .flat_map(|(_, job)| get(job, "steps").map(items).unwrap_or_default())
                .collect()
        })
        .unwrap_or_default()
}

impl GithubWorkflow {
    fn check_doc(&self, file: &FileCtx<'_>, doc: &MarkedYaml<'_>, out: &mut Output) {
        let mut hit = |node: &MarkedYaml<'_>,
                       at: Option<(u32, u32)>,
                       args: Vec<(&str, String)>,
                       matched: String| {
            let (l, c) = at.unwrap_or((line(node), col(node)));
            out.hits.push(Hit {
                path: file.path.to_string(),
                line: l,
                column: c,
                args: args.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                matched,
                source_line: crate::SHOW_LINE,
                ..Hit::default()
            });
        };
        match self.check {
            Check::UnpinnedAction => {
                let jobs = get(doc, "jobs").map(entries).unwrap_or_default();
                let uses = jobs
                    .iter()
                    .filter_map(|(_, job)| get(job, "uses"))
                    .chain(steps(doc).into_iter().filter_map(|s| get(s, "uses")));
                for u in uses {
                    let Some(value) = text(u) else { continue };
                    if value.starts_with("./") || value.starts_with("docker://") {
                        continue;
                    }
                    let (action, reference) = value.split_once('@').unwrap_or((value, ""));
                    if !SHA.is_match(reference) {
                        hit(
                            u,
                            None,
                            vec![
                                ("action", action.to_string()),
                                ("ref", reference.to_string()),
                            ],
                            value.to_string(),
                        );
                    }
                }
            }
            Check::PermissionsUnset => {
                let top = get(doc, "permissions");
                for (key, job) in get(doc, "jobs").map(entries).unwrap_or_default() {
                    let own = get(job, "permissions");
                    if top.is_none() && own.is_none() {
                        let name = text(key).unwrap_or("?").to_string();
                        hit(
                            key,
                            None,
                            vec![("job", name.clone())],
                            format!("job:{name}"),
                        );
                    }
                    if let Some(p) = own.filter(|p| text(p) == Some("write-all")) {
                        hit(
                            p,
                            None,
                            vec![("job", "write-all".into())],
                            "write-all".into(),
                        );
                    }
                }
                if let Some(p) = top.filter(|p| text(p) == Some("write-all")) {
                    hit(
                        p,
                        None,
                        vec![("job", "write-all".into())],
                        "write-all".into(),
                    );
                }
            }
            Check::PullRequestTargetCheckout => {
                if !triggered_by(doc, "pull_request_target") {
                    return;
                }
                for step in steps(doc) {
                    let is_checkout = get(step, "uses")
                        .and_then(text)
                        .is_some_and(|u| u.starts_with("actions/checkout@"));
                    let Some(r) = get(step, "with").and_then(|w| get(w, "ref")) else {
                        continue;
                    };
                    let value = text(r).unwrap_or_default();
                    if is_checkout
                        && (value.contains("pull_request.head")
                            || value.contains("github.head_ref"))
                    {
                        hit(r, None, vec![("ref", value.to_string())], value.to_string());
                    }
                }
            }
            Check::UntrustedInputInRun => {
                for step in steps(doc) {
                    let script = get(step, "run").or_else(|| {
                        let gh_script = get(step, "uses")
                            .and_then(text)
                            .is_some_and(|u| u.starts_with("actions/github-script@"));
                        gh_script
                            .then(|| get(step, "with").and_then(|w| get(w, "script")))
                            .flatten()
                    });
                    let Some(node) = script else { continue };
                    let Some(body) = text(node) else { continue };
                    for caps in UNTRUSTED.captures_iter(body) {
                        let expr = caps.get(0).expect("whole match").as_str();
                        let at = locate(file, line(node), expr);
                        hit(
                            node,
                            at,
                            vec![("field", caps[1].to_string())],
                            expr.to_string(),
                        );
                    }
                }
            }
        }
    }
}

/// The line and column of `needle` at or after `from_line`: scalar spans point at the key's
/// value, but a block script's expression sits some lines below.
fn locate(file: &FileCtx<'_>, from_line: u32, needle: &str) -> Option<(u32, u32)> {
    let start = file
        .text
        .lines()
        .take(from_line.saturating_sub(1) as usize)
        .map(|l| l.len() + 1)
        .sum::<usize>();
    let offset = start + file.text.get(start..)?.find(needle)?;
    Some(file.line_col(offset))
}

fn parse_error(e: &saphyr::ScanError) -> ParseError {
    ParseError {
        line: e.marker().line() as u32,
        message: e.info().to_string(),
    }
}

impl Inspector for GithubWorkflow {
    fn file_globs(&self) -> Vec<String> {
        self.files.patterns().to_vec()
    }

    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        if !self.files.is_match(file.path) {
            return;
        }
        if file
            .text
            .bytes()
            .filter(|b| *b == b'[' || *b == b'{')
            .count()
            > 10_000
        {
            return out.parse_error(
                file.path,
                &ParseError {
                    line: 1,
                    message: "too deeply nested for a workflow".into(),
                },
            );
        }
        match MarkedYaml::load_from_str(file.text) {
            Ok(docs) => {
                for doc in &docs {
                    self.check_doc(file, doc, out);
                }
            }
            Err(e) => out.parse_error(file.path, &parse_error(&e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(check: Check, text: &str) -> Vec<(u32, u32, String)> {
        let w = GithubWorkflow::new(&Params {
            files: vec!["**/*.yml".into()],
            check,
        })
        .unwrap();
        let mut out = Output::default();
        w.check_file(&FileCtx::new(".github/workflows/ci.yml", text), &mut out);
        out.hits
            .into_iter()
            .map(|h| (h.line, h.column, h.matched))
            .collect()
    }

    const WF: &str = "on:\n  pull_request_target:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - uses: ./local-action\n      - uses: actions/setup-node@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a\n      - run: |\n          echo start\n          echo \"${{ github.event.pull_request.title }}\"\n          echo \"${{ github.event.pull_request.number }}\"\n";

    #[test]
    fn each_check_finds_its_problem_at_its_line() {
        assert_eq!(
            run(Check::UnpinnedAction, WF),
            vec![(7, 15, "actions/checkout@v4".into())]
        );
        assert_eq!(
            run(Check::PermissionsUnset, WF),
            vec![(4, 3, "job:build".into())]
        );
        assert_eq!(run(Check::PullRequestTargetCheckout, WF)[0].0, 9);
        let u = run(Check::UntrustedInputInRun, WF);
        assert_eq!(u.len(), 1, "the PR number is not attacker-controlled text");
        assert_eq!((u[0].0, u[0].1), (14, 17));
    }

    #[test]
    fn top_level_permissions_cover_every_job() {
        let wf = "on: push\npermissions:\n  contents: read\njobs:\n  a:\n    steps: []\n";
        assert!(run(Check::PermissionsUnset, wf).is_empty());
        let wf = "on: push\npermissions: write-all\njobs:\n  a:\n    steps: []\n";
        assert_eq!(run(Check::PermissionsUnset, wf)[0].0, 2);
    }
}
