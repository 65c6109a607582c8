//! The checks of the `ci-pipeline` kind: GitLab CI and Azure Pipelines files, found from their
//! roots (`.gitlab-ci.yml`, `azure-pipelines.yml` and their `*.`-prefixed forms) and followed
//! through the files of this repository they include (`include: local:`, `template:`), each
//! read by its model in [`crate::formats`].

pub mod fork_secrets;
pub mod image_unpinned;
pub mod include_unpinned;
pub mod untrusted_variable;

use crate::ctx::{FileCtx, RepoCtx};
use crate::formats::azure::{self, AzurePipeline};
use crate::formats::gitlab::{self, GitlabCi, IncludeKind};
use crate::out::{Output, ParseError};
use crate::pattern::GlobList;

/// Files followed from one root at most.
const MAX_FILES: usize = 64;

/// A pipeline file, read by the model of its platform.
pub enum Model {
    Gitlab(GitlabCi),
    Azure(AzurePipeline),
}

/// One file of a pipeline: its path, its text and its model.
pub struct PipelineFile {
    pub path: String,
    pub text: String,
    pub model: Model,
}

impl PipelineFile {
    pub fn ctx(&self) -> FileCtx<'_> {
        FileCtx::new(&self.path, &self.text)
    }

    /// A hit at a 1-based line and column of this file. A repository-level hit carries the
    /// text of its line itself: no file-level read of it is under way to show it.
    pub fn hit(&self, line: u32, column: u32) -> crate::out::HitBuilder {
        let ctx = self.ctx();
        ctx.hit(line, column).source_line(ctx.line_text(line))
    }
}

/// The platform a root file's name says, if any.
pub fn root_kind(path: &str) -> Option<Platform> {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if name == ".gitlab-ci.yml"
        || name.ends_with(".gitlab-ci.yml")
        || name.ends_with(".gitlab-ci.yaml")
    {
        return Some(Platform::Gitlab);
    }
    let azure = ["azure-pipelines.yml", "azure-pipelines.yaml"];
    if azure
        .iter()
        .any(|a| name == *a || name.ends_with(&format!(".{a}")))
    {
        return Some(Platform::Azure);
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Gitlab,
    Azure,
}

/// The globs that select root files.
pub const ROOTS: &[&str] = &[
    "**/.gitlab-ci.yml",
    "**/*.gitlab-ci.yml",
    "**/*.gitlab-ci.yaml",
    "**/azure-pipelines.yml",
    "**/azure-pipelines.yaml",
    "**/*.azure-pipelines.yml",
    "**/*.azure-pipelines.yaml",
];

fn parse(platform: Platform, text: &str) -> Result<Model, ParseError> {
    Ok(match platform {
        Platform::Gitlab => Model::Gitlab(gitlab::read(text)?),
        Platform::Azure => Model::Azure(azure::read(text)?),
    })
}

/// Every pipeline file reachable from the repository's roots, each once; files that do not
/// parse are notifications in `out`.
pub fn files(repo: &RepoCtx<'_>, out: &mut Output) -> Vec<PipelineFile> {
    let mut seen: Vec<String> = Vec::new();
    let mut found = Vec::new();
    for root in repo.interesting {
        let Some(platform) = root_kind(root) else {
            continue;
        };
        let mut queue = vec![root.clone()];
        let mut budget = MAX_FILES;
        while let Some(path) = queue.pop() {
            if seen.contains(&path) || budget == 0 {
                continue;
            }
            budget -= 1;
            seen.push(path.clone());
            let Some(text) = (repo.read)(&path) else {
                continue;
            };
            let model = match parse(platform, &text) {
                Ok(m) => m,
                Err(e) => {
                    out.parse_error(&path, &e);
                    continue;
                }
            };
            queue.extend(included(repo, root, &path, &model));
            found.push(PipelineFile { path, text, model });
        }
    }
    found
}

/// The files of this repository that `model` (read from `path`, under `root`) includes.
fn included(repo: &RepoCtx<'_>, root: &str, path: &str, model: &Model) -> Vec<String> {
    let dir = |p: &str| {
        p.rsplit_once('/')
            .map_or(String::new(), |(d, _)| format!("{d}/"))
    };
    let wanted: Vec<String> = match model {
        Model::Gitlab(ci) => ci
            .includes
            .iter()
            .filter_map(|i| match &i.kind {
                // From the project's root; a root file in a sub-folder is its own project.
                IncludeKind::Local(p) => Some(format!("{}{p}", dir(root))),
                _ => None,
            })
            .collect(),
        Model::Azure(p) => p
            .templates
            .iter()
            .filter(|t| t.repository.as_deref().is_none_or(|r| r == "self"))
            .map(|t| match t.path.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("{}{}", dir(path), t.path),
            })
            .collect(),
    };
    let mut out = Vec::new();
    for w in wanted {
        if w.contains('*') {
            if let Ok(g) = GlobList::new(&[w], false) {
                out.extend(repo.files.iter().filter(|f| g.is_match(f)).cloned());
            }
        } else if repo.files.binary_search(&w).is_ok() {
            out.push(w);
        }
    }
    out
}

#[cfg(test)]
pub(crate) fn run<T>(tree: &[(&str, &str)], f: impl FnOnce(&[PipelineFile]) -> T) -> T {
    crate::checks::test_support::with_repo(tree, |repo| {
        let roots: Vec<String> = repo
            .files
            .iter()
            .filter(|p| root_kind(p).is_some())
            .cloned()
            .collect();
        let repo = RepoCtx {
            interesting: &roots,
            ..*repo
        };
        let mut out = Output::default();
        let found = files(&repo, &mut out);
        f(&found)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_includes_and_templates_are_followed_once() {
        let files = [
            (".gitlab-ci.yml", "include:\n  - local: ci/build.yml\n  - local: 'ci/jobs/*.yml'\n  - project: a/b\n    file: x.yml\n"),
            ("ci/build.yml", "include: ci/build.yml\nb:\n  script: echo\n"),
            ("ci/jobs/t.yml", "t:\n  script: echo\n"),
            ("pipelines/azure-pipelines.yml", "steps:\n  - template: steps/a.yml\n  - template: /shared/b.yml\n  - template: c.yml@other\n"),
            ("pipelines/steps/a.yml", "steps:\n  - script: echo\n"),
            ("shared/b.yml", "steps: []\n"),
        ];
        let paths = run(&files, |found| {
            found.iter().map(|f| f.path.clone()).collect::<Vec<_>>()
        });
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            [
                ".gitlab-ci.yml",
                "ci/build.yml",
                "ci/jobs/t.yml",
                "pipelines/azure-pipelines.yml",
                "pipelines/steps/a.yml",
                "shared/b.yml"
            ]
        );
        assert_eq!(root_kind("f2/azure-pipelines.yaml"), Some(Platform::Azure));
        assert_eq!(root_kind("ci/deploy.gitlab-ci.yml"), Some(Platform::Gitlab));
        assert_eq!(root_kind("ci/build.yml"), None);
    }
}
