//! `unsecure-commands`: `ACTIONS_ALLOW_UNSECURE_COMMANDS` set to true, in `env:` at any level
//! or written to `GITHUB_ENV`. It turns back on the `::set-env::` and `::add-path::` log
//! commands GitHub disabled in 2020: any step that prints untrusted text (a title, a file
//! name, a test's output) can then set `LD_PRELOAD`, `NODE_OPTIONS` or `PATH` for the steps
//! after it.

use super::locate;
use crate::ctx::FileCtx;
use crate::formats::workflow::{Pairs, Pos, Workflow};
use crate::out::Hit;

const NAME: &str = "ACTIONS_ALLOW_UNSECURE_COMMANDS";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsecureCommands {
    pub at: Pos,
}

fn truthy(v: &str) -> bool {
    !matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "" | "false" | "0" | "no"
    )
}

pub fn find(file: &FileCtx<'_>, wf: &Workflow) -> Vec<UnsecureCommands> {
    let mut out = Vec::new();
    let mut env = |pairs: &Pairs| {
        for (k, v) in pairs {
            if k.text.eq_ignore_ascii_case(NAME) && truthy(&v.text) {
                out.push(UnsecureCommands { at: k.at });
            }
        }
    };
    env(&wf.env);
    for job in &wf.jobs {
        env(&job.env);
        for step in &job.steps {
            env(&step.env);
        }
    }
    for (_, step) in wf.steps() {
        let Some(run) = &step.run else { continue };
        for line in run.text.lines() {
            let l = line.trim();
            if l.contains(NAME) && l.contains("GITHUB_ENV") && !l.contains("=false") {
                out.push(UnsecureCommands {
                    at: locate(file, run, l),
                });
            }
        }
    }
    out.sort_by_key(|u| u.at);
    out
}

impl UnsecureCommands {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        file.hit(self.at.line, self.at.column).matched(NAME)
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn every_level_and_env_file_writes_are_found_false_is_not() {
        let wf = concat!(
            "on: push\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n",
            "jobs:\n  a:\n    env:\n      ACTIONS_ALLOW_UNSECURE_COMMANDS: 'false'\n    steps:\n",
            "      - env:\n          actions_allow_unsecure_commands: 'true'\n        run: echo\n",
            "      - run: |\n          echo ACTIONS_ALLOW_UNSECURE_COMMANDS=true >> $GITHUB_ENV\n",
        );
        let file = FileCtx::new(".github/workflows/ci.yml", wf);
        let found: Vec<(u32, u32)> = find(&file, &model(wf))
            .into_iter()
            .map(|u| (u.at.line, u.at.column))
            .collect();
        assert_eq!(found, [(3, 3), (10, 11), (13, 11)]);
    }
}
