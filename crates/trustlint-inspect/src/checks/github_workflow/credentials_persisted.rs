//! `credentials-persisted`: `actions/checkout` leaves the job's token in `.git/config`
//! (`persist-credentials` is true unless set to false), and a later step of the job uploads
//! the checked-out folder as an artifact, `.git` included. Anyone who can download the
//! artifacts (everyone, on a public repository) gets a token that can push while the job
//! runs, and the contents of `.git`. `upload-artifact` leaves hidden files out since v4.4
//! unless `include-hidden-files: true`: a release known to be older, or that option, makes it
//! certain; a commit SHA, whose release is not known here, makes it likely.

use crate::ctx::FileCtx;
use crate::formats::workflow::{Pos, Step, Workflow};
use crate::out::Hit;
use trustlint_model::{Confidence, Related};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Persisted {
    /// The upload's `path:`.
    pub at: Pos,
    /// The checkout step.
    pub checkout: Pos,
    pub path: String,
    pub confidence: Confidence,
}

fn is_false(v: Option<&crate::formats::workflow::Str>) -> bool {
    v.is_some_and(|v| v.text.trim().eq_ignore_ascii_case("false"))
}

/// Whether an upload `path:` entry covers the folder the checkout wrote to.
fn covers(entry: &str, checkout_dir: &str) -> bool {
    let e = entry.trim().trim_end_matches('/');
    let dir = checkout_dir
        .trim()
        .trim_start_matches("./")
        .trim_end_matches('/');
    let workspace = matches!(
        e,
        "" | "."
            | "./"
            | "*"
            | "**"
            | "./*"
            | "./**"
            | "${{ github.workspace }}"
            | "${{github.workspace}}"
            | "$GITHUB_WORKSPACE"
    );
    if e.starts_with('!') {
        return false;
    }
    if dir.is_empty() || dir == "." {
        return workspace;
    }
    workspace || e.trim_start_matches("./") == dir
}

/// How sure it is that this upload step keeps hidden files (`.git`).
fn keeps_hidden(step: &Step) -> Option<Confidence> {
    if step
        .with("include-hidden-files")
        .is_some_and(|v| v.text.trim() == "true")
    {
        return Some(Confidence::High);
    }
    let r = step.uses.as_ref()?.uses.repo()?;
    if r.pinned() {
        return Some(Confidence::Medium);
    }
    let v = r.reference.as_deref()?.trim_start_matches('v');
    let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next()?, parts.next());
    let old = major < 4 || (major == 4 && minor.is_some_and(|m| m < 4));
    old.then_some(Confidence::High)
}

pub fn find(wf: &Workflow) -> Vec<Persisted> {
    let mut out = Vec::new();
    for job in &wf.jobs {
        let mut checkouts: Vec<(Pos, String)> = Vec::new();
        for step in &job.steps {
            if step.uses_action("actions/checkout") && !is_false(step.with("persist-credentials")) {
                let dir = step
                    .with("path")
                    .map(|p| p.text.clone())
                    .unwrap_or_default();
                checkouts.push((step.at, dir));
                continue;
            }
            if !step.uses_action("actions/upload-artifact") {
                continue;
            }
            let (Some(path), Some(confidence)) = (step.with("path"), keeps_hidden(step)) else {
                continue;
            };
            let hit = path.text.lines().find_map(|entry| {
                checkouts
                    .iter()
                    .find(|(_, dir)| covers(entry, dir))
                    .map(|c| (entry, c))
            });
            if let Some((entry, (checkout, _))) = hit {
                out.push(Persisted {
                    at: path.at,
                    checkout: *checkout,
                    path: entry.trim().to_string(),
                    confidence,
                });
            }
        }
    }
    out
}

impl Persisted {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        let mut hit = file
            .hit(self.at.line, self.at.column)
            .arg("path", self.path.as_str())
            .related(Related {
                location: super::related(file, self.checkout, "").location,
                message: "the checkout that keeps the token in .git/config".into(),
            });
        if self.confidence == Confidence::Medium {
            hit = hit.confidence(Confidence::Medium);
        }
        hit.matched(format!("upload:{}", self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn uploads_of_the_checkout_with_hidden_files_are_found() {
        let wf = concat!(
            "on: push\njobs:\n  a:\n    steps:\n",
            "      - uses: actions/checkout@v4\n",
            "      - uses: actions/upload-artifact@v3\n        with:\n          path: .\n",
            "      - uses: actions/upload-artifact@v4\n        with:\n          path: .\n",
            "      - uses: actions/upload-artifact@v4\n        with:\n          path: .\n          include-hidden-files: true\n",
            "      - uses: actions/upload-artifact@v3\n        with:\n          path: dist/\n",
            "      - uses: actions/upload-artifact@65462800fd760344b1a7b4382951275a0abb4808\n        with:\n          path: |\n            ${{ github.workspace }}\n",
            "  b:\n    steps:\n",
            "      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n",
            "      - uses: actions/upload-artifact@v3\n        with:\n          path: .\n",
        );
        let found: Vec<(u32, Confidence)> = find(&model(wf))
            .into_iter()
            .map(|p| (p.at.line, p.confidence))
            .collect();
        assert_eq!(
            found,
            [
                (8, Confidence::High),
                (14, Confidence::High),
                (22, Confidence::Medium)
            ]
        );
    }
}
