//! `root-user`: the final stage (the image that is shipped) runs as root, because no stage of
//! its `FROM <stage>` chain switches to a non-root `USER`, or the last one is `root` or `0`.
//! Build-only stages are not judged. Images that only build or run CI (`Dockerfile.ci`, a
//! Dockerfile under `.circleci/`) are a note that says so; test and developer-only images
//! (`Dockerfile.test`, `Dockerfile.dev`, `.devcontainer/`) are left to the context model.

use super::at;
use crate::ctx::FileCtx;
use crate::formats::dockerfile::Instruction;
use crate::formats::dockerfile_stages::{effective, stages, substitute};
use crate::out::Hit;
use trustlint_model::{Severity, Text};

/// How the final stage ends up running as root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootUser {
    /// No `USER` in the final stage's chain (at its `FROM`).
    NoUser { line: u32 },
    /// The `USER` in force is `root` or `0`.
    Root { line: u32, user: String },
}

pub fn find(all: &[Instruction]) -> Option<RootUser> {
    let graph = stages(all);
    let last = graph.len().checked_sub(1)?;
    let eff = effective(&graph, last);
    if eff.unknown_root && eff.user.is_none() {
        // Built on a template placeholder: its user is decided elsewhere.
        return None;
    }
    match eff.user {
        None => Some(RootUser::NoUser {
            line: graph[last].line,
        }),
        Some((written, line)) => {
            let name = written.split(':').next().unwrap_or("").trim();
            // `USER $APP_USER`: the stage's `ENV` may say who that is.
            let name = if name.contains('$') {
                substitute(name, &eff.env).unwrap_or_else(|| name.to_string())
            } else {
                name.to_string()
            };
            (name == "root" || name == "0").then_some(RootUser::Root { line, user: name })
        }
    }
}

/// Why an image is one that only builds or runs CI, from its path; `None` for a service image.
pub fn build_only(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let mut segments: Vec<&str> = lower.split('/').collect();
    let name = segments.pop().unwrap_or("");
    const CI_DIRS: &[&str] = &[".circleci", ".github", ".gitlab", ".buildkite"];
    if segments.iter().any(|d| CI_DIRS.contains(d)) {
        return Some("its file sits with the CI configuration");
    }
    let words = |s: &str| -> Vec<String> {
        s.split(['.', '-', '_'])
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect()
    };
    let build_word = |w: &str| matches!(w, "ci" | "build" | "builder" | "buildenv");
    if words(name).iter().any(|w| build_word(w))
        || segments
            .iter()
            .any(|d| words(d).iter().any(|w| w == "buildenv" || w == "builder"))
    {
        return Some("its name says it builds or runs CI");
    }
    if words(name)
        .iter()
        .any(|w| w == "playwright" || w == "cypress")
    {
        return Some("its name says it runs browser tests");
    }
    None
}

impl RootUser {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        let hit = match self {
            RootUser::NoUser { line } => at(file, *line).arg("user", "root"),
            RootUser::Root { line, user } => at(file, *line).arg("user", user.as_str()),
        };
        let matched = match self {
            RootUser::NoUser { .. } => "no USER".to_string(),
            RootUser::Root { user, .. } => format!("USER {user}"),
        };
        let user = match self {
            RootUser::NoUser { .. } => "root",
            RootUser::Root { user, .. } => user.as_str(),
        };
        match build_only(file.path) {
            None => hit.matched(matched),
            Some(why) => hit
                .message(Text::new(
                    format!("this build or CI image runs as `{user}` ({why}); a note only, as it is not the service's image"),
                    format!("cette image de compilation ou d'IC s'exécute en tant que `{user}` ({}); simple note, car ce n'est pas l'image du service", why_fr(why)),
                ))
                .severity(Severity::Note)
                .matched(matched),
        }
    }
}

fn why_fr(why: &str) -> &'static str {
    match why {
        "its file sits with the CI configuration" => {
            "son fichier est rangé avec la configuration d'IC"
        }
        "its name says it runs browser tests" => {
            "son nom indique qu'elle exécute des tests de navigateur"
        }
        _ => "son nom indique qu'elle compile ou exécute l'IC",
    }
}

#[cfg(test)]
mod tests {
    use super::super::instructions;
    use super::*;

    #[test]
    fn only_the_final_stage_counts() {
        let ok = "FROM a:1 AS base\nFROM b:1\nRUN useradd app\nUSER app:app\n";
        assert_eq!(find(&instructions(ok)), None);
        let df = "FROM a:1\nUSER app\nFROM b:1\nRUN echo\n";
        assert_eq!(find(&instructions(df)), Some(RootUser::NoUser { line: 3 }));
        assert_eq!(
            find(&instructions("FROM a:1\nUSER 0:0\n")),
            Some(RootUser::Root {
                line: 2,
                user: "0".into()
            })
        );
        assert_eq!(find(&instructions("# no FROM\n")), None);
    }

    #[test]
    fn the_user_is_inherited_through_stage_chains() {
        let ok = "FROM a:1 AS base\nUSER app\nFROM base AS builder\nRUN make\nFROM builder AS final\nCMD run\n";
        assert_eq!(find(&instructions(ok)), None);
        // A build stage running as root does not matter when the final stage switches.
        let ok2 = "FROM a:1 AS build\nUSER root\nFROM b:1\nUSER 1000\n";
        assert_eq!(find(&instructions(ok2)), None);
        let bad = "FROM a:1 AS base\nUSER app\nFROM base\nUSER root\n";
        assert_eq!(
            find(&instructions(bad)),
            Some(RootUser::Root {
                line: 4,
                user: "root".into()
            })
        );
        // The stage's name is reused by an unrelated image: nothing is inherited from it.
        let bad2 = "FROM a:1 AS base\nUSER app\nFROM other:1\n";
        assert_eq!(
            find(&instructions(bad2)),
            Some(RootUser::NoUser { line: 3 })
        );
        let env = "FROM a:1\nENV RUN_AS=root\nUSER $RUN_AS\n";
        assert!(matches!(
            find(&instructions(env)),
            Some(RootUser::Root { .. })
        ));
        assert_eq!(find(&instructions("FROM a:1\nUSER ${APP_UID}\n")), None);
    }

    #[test]
    fn a_templated_base_is_not_judged_without_a_user() {
        assert_eq!(
            find(&instructions("FROM {{ base_image }}\nCMD run\n")),
            None
        );
        assert_eq!(find(&instructions("FROM ${BASE}\nCMD run\n")), None);
    }

    #[test]
    fn build_and_ci_images_by_path() {
        for p in [
            "Dockerfile.ci",
            "docker/ci.Dockerfile",
            ".circleci/images/buildenv/Dockerfile",
            "tools/plume-buildenv/Dockerfile",
            "frontend/Dockerfile.playwright",
            "Dockerfile.build",
        ] {
            assert!(build_only(p).is_some(), "{p}");
        }
        for p in [
            "Dockerfile",
            "ci/Dockerfile",
            "docker/web/Dockerfile",
            "Dockerfile.lambda",
            "circle/Dockerfile",
        ] {
            assert_eq!(build_only(p), None, "{p}");
        }
    }
}
