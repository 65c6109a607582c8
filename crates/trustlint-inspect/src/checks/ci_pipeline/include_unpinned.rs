//! `include-unpinned`: pipeline code of another repository taken at whatever it is today. In
//! GitLab CI: an `include: project:` with no `ref:` (the default branch) or a branch `ref:`,
//! an `include: remote:` URL with no `integrity:` hash, a component at `~latest` or a branch.
//! In Azure Pipelines: a repository resource with no `ref:` or a `refs/heads/…` one, used
//! for templates. Whoever can push to that branch or URL changes what this pipeline runs,
//! with its variables and deployment credentials. GitLab's own `template:` includes ship
//! with the instance and are not reported; a tag is accepted, a commit SHA is best.

use super::{Model, PipelineFile};
use crate::formats::gitlab::IncludeKind;
use crate::formats::workflow::uses::is_sha;
use crate::formats::workflow::Pos;
use crate::out::Hit;
use trustlint_model::Text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpinnedInclude {
    pub at: Pos,
    /// What is included, as written.
    pub what: String,
    /// Why it moves: `the default branch`, `branch main`, `no integrity hash`, `~latest`.
    pub why: Text,
}

/// Whether a ref names something that moves: a branch, as far as the text tells.
fn is_branch(r: &str) -> bool {
    let r = r.trim();
    !is_sha(r) && !r.starts_with("refs/tags/") && !looks_like_version(r)
}

fn looks_like_version(r: &str) -> bool {
    let v = r.trim_start_matches('v');
    v.split('.').count() >= 2
        && v.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

pub fn find(file: &PipelineFile) -> Vec<UnpinnedInclude> {
    let mut out = Vec::new();
    match &file.model {
        Model::Gitlab(ci) => {
            for inc in &ci.includes {
                let (what, why) = match &inc.kind {
                    IncludeKind::Project {
                        project,
                        reference: None,
                    } => (
                        project.clone(),
                        Text::new("its default branch", "sa branche par défaut"),
                    ),
                    IncludeKind::Project {
                        project,
                        reference: Some(r),
                    } if is_branch(&r.text) => (
                        format!("{project}@{}", r.text),
                        Text::new(
                            format!("branch `{}`", r.text),
                            format!("la branche `{}`", r.text),
                        ),
                    ),
                    IncludeKind::Remote {
                        url,
                        integrity: false,
                    } => (
                        url.clone(),
                        Text::new(
                            "a URL with no `integrity:` hash",
                            "une URL sans empreinte `integrity:`",
                        ),
                    ),
                    IncludeKind::Component { path, version } => match version.as_deref() {
                        Some(v) if v != "~latest" && !is_branch(v) => continue,
                        Some(v) => (
                            format!("{path}@{v}"),
                            Text::new(format!("`{v}`"), format!("`{v}`")),
                        ),
                        None => (path.clone(), Text::new("no version", "aucune version")),
                    },
                    _ => continue,
                };
                out.push(UnpinnedInclude {
                    at: inc.at,
                    what,
                    why,
                });
            }
        }
        Model::Azure(p) => {
            for repo in &p.repositories {
                let used = p
                    .templates
                    .iter()
                    .any(|t| t.repository.as_deref() == Some(repo.alias.text.as_str()));
                if !used {
                    continue;
                }
                let why = match &repo.reference {
                    None => Text::new("its default branch", "sa branche par défaut"),
                    Some(r)
                        if r.text.starts_with("refs/heads/")
                            || (!r.text.starts_with("refs/") && is_branch(&r.text)) =>
                    {
                        Text::new(
                            format!("branch `{}`", r.text),
                            format!("la branche `{}`", r.text),
                        )
                    }
                    Some(_) => continue,
                };
                let at = repo.reference.as_ref().map_or(repo.alias.at, |r| r.at);
                out.push(UnpinnedInclude {
                    at,
                    what: format!("{} ({})", repo.name, repo.alias.text),
                    why,
                });
            }
        }
    }
    out
}

impl UnpinnedInclude {
    pub fn hit(&self, file: &PipelineFile) -> Hit {
        file.hit(self.at.line, self.at.column)
            .arg("what", self.what.as_str())
            .args_en_fr("why", "pourquoi", self.why.clone())
            .matched(format!("include:{}", self.what))
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use super::*;

    #[test]
    fn branches_default_branches_and_bare_urls_are_found_tags_and_shas_are_not() {
        let gitlab = concat!(
            "include:\n",
            "  - project: org/templates\n    file: /a.yml\n",
            "  - project: org/templates\n    ref: main\n    file: /b.yml\n",
            "  - project: org/templates\n    ref: v2.1.0\n    file: /c.yml\n",
            "  - project: org/templates\n    ref: 0123456789abcdef0123456789abcdef01234567\n    file: /d.yml\n",
            "  - remote: https://example.com/ci.yml\n",
            "  - remote: https://example.com/ci.yml\n    integrity: sha256-abc\n",
            "  - template: Security/SAST.gitlab-ci.yml\n",
            "  - component: gitlab.com/org/lint@~latest\n",
            "  - component: gitlab.com/org/lint@1.2.0\n",
        );
        let azure = concat!(
            "resources:\n  repositories:\n",
            "    - repository: t\n      type: github\n      name: org/t\n",
            "    - repository: u\n      type: github\n      name: org/u\n      ref: refs/tags/v1\n",
            "    - repository: unused\n      type: github\n      name: org/x\n",
            "steps:\n  - template: a.yml@t\n  - template: b.yml@u\n",
        );
        let found = run(
            &[(".gitlab-ci.yml", gitlab), ("azure-pipelines.yml", azure)],
            |files| {
                files
                    .iter()
                    .flat_map(|f| find(f).into_iter().map(|u| (u.at.line, u.what)))
                    .collect::<Vec<_>>()
            },
        );
        assert_eq!(
            found,
            [
                (2, "org/templates".into()),
                (4, "org/templates@main".into()),
                (13, "https://example.com/ci.yml".into()),
                (17, "gitlab.com/org/lint@~latest".into()),
                (3, "org/t (t)".into()),
            ]
        );
    }
}
