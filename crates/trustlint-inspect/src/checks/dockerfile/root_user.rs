//! `root-user`: the final stage never switches to a non-root `USER`, so the service runs as
//! root inside its container, and a compromise of it owns the container.

use super::at;
use crate::ctx::FileCtx;
use crate::formats::dockerfile::Instruction;
use crate::out::Hit;

/// How the final stage ends up running as root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootUser {
    /// No `USER` after the last `FROM` (at that `FROM`).
    NoUser { line: u32 },
    /// The last `USER` is `root` or `0`.
    Root { line: u32, user: String },
}

pub fn find(all: &[Instruction]) -> Option<RootUser> {
    let last_from = all.iter().rposition(|i| i.keyword == "FROM")?;
    let user = all[last_from..].iter().rev().find(|i| i.keyword == "USER");
    match user {
        None => Some(RootUser::NoUser {
            line: all[last_from].line,
        }),
        Some(u) => {
            let name = u.args.split(':').next().unwrap_or("").trim();
            (name == "root" || name == "0").then(|| RootUser::Root {
                line: u.line,
                user: name.to_string(),
            })
        }
    }
}

impl RootUser {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        match self {
            RootUser::NoUser { line } => at(file, *line).arg("user", "root").matched("no USER"),
            RootUser::Root { line, user } => at(file, *line)
                .arg("user", user.as_str())
                .matched(format!("USER {user}")),
        }
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
}
