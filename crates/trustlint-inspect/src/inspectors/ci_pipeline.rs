//! `ci-pipeline`: GitLab CI and Azure Pipelines, from their root files (`.gitlab-ci.yml`,
//! `azure-pipelines.yml`, `*.gitlab-ci.yml`, `*.azure-pipelines.yml`) through the files of
//! this repository they include, read by [`crate::formats::gitlab`] and
//! [`crate::formats::azure`]. A repository-level kind: roots are noted during the read of
//! the tree, and their includes are read from the index. Each rule picks one check (see
//! `checks/ci_pipeline/`):
//!
//! - `include-unpinned`: an include, template repository or component at a branch or a bare URL;
//! - `image-unpinned`: a container image with no tag or `latest`;
//! - `untrusted-variable`: an outsider's value pasted into a script, or handed to `eval`;
//! - `fork-secrets`: a merge request job with secrets and no guard against forks.

use super::{Choice, Inspector};
use crate::checks::ci_pipeline::{self, fork_secrets, image_unpinned, include_unpinned, untrusted_variable, ROOTS};
use crate::ctx::{FileCtx, RepoCtx};
use crate::out::Output;
use serde::Deserialize;

pub type Params = Choice<Check>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    IncludeUnpinned,
    ImageUnpinned,
    UntrustedVariable,
    ForkSecrets,
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(CiPipeline(p.check)))
}

struct CiPipeline(Check);

impl Inspector for CiPipeline {
    fn interest_globs(&self) -> Vec<String> {
        ROOTS.iter().map(|s| s.to_string()).collect()
    }

    fn watched(&self) -> Vec<String> {
        vec!["**/*.yml".into(), "**/*.yaml".into()]
    }

    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        out.interesting = ci_pipeline::root_kind(file.path).is_some();
    }

    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        for file in ci_pipeline::files(repo, out) {
            let hits = match self.0 {
                Check::IncludeUnpinned => include_unpinned::find(&file).iter().map(|f| f.hit(&file)).collect::<Vec<_>>(),
                Check::ImageUnpinned => image_unpinned::find(&file).iter().map(|f| f.hit(&file)).collect(),
                Check::UntrustedVariable => untrusted_variable::find(&file).iter().map(|f| f.hit(&file)).collect(),
                Check::ForkSecrets => fork_secrets::find(&file).iter().map(|f| f.hit(&file)).collect(),
            };
            out.hits.extend(hits);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{places, with_repo};

    #[test]
    fn roots_are_noted_and_their_includes_checked() {
        let inspector = build(&Params { check: Check::ImageUnpinned }).unwrap();
        let mut out = Output::default();
        inspector.check_file(&FileCtx::new("ci/.gitlab-ci.yml", "image: node\n"), &mut out);
        assert!(out.interesting);
        let mut out = Output::default();
        inspector.check_file(&FileCtx::new("ci/build.yml", "image: node\n"), &mut out);
        assert!(!out.interesting);
        let files = [(".gitlab-ci.yml", "include: ci/build.yml\n"), ("ci/build.yml", "b:\n  image: node\n  script: x\n")];
        let hits = with_repo(&files, |repo| {
            let roots = vec![".gitlab-ci.yml".to_string()];
            let repo = RepoCtx { interesting: &roots, ..*repo };
            let mut out = Output::default();
            inspector.check_repo(&repo, &mut out);
            out.hits
        });
        assert_eq!(places(&hits), [(2, 10, "b: image:node".into())]);
        assert_eq!(hits[0].path, "ci/build.yml");
    }
}
