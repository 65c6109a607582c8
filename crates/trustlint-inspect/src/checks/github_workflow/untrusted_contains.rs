//! `untrusted-contains`: an `if:` that tests `contains('refs/heads/main refs/heads/release',
//! github.ref)`, a string of allowed values searched for a value someone else chooses. On a
//! string, `contains` is a substring test: a branch named `mai` or `release` passes, and so
//! does a title that holds the word. A list (`fromJSON('["…", "…"]')`) or `==` tests match
//! whole values.

use super::locate;
use super::untrusted::github_context;
use crate::ctx::FileCtx;
use crate::formats::workflow::expr::{condition, Expr};
use crate::formats::workflow::{Pos, Workflow};
use crate::out::Hit;

/// Contexts whose value a contributor picks: branch and actor names, and what
/// [`github_context`] says an outsider writes.
const CHOSEN: &[&str] = &[
    "github.ref",
    "github.ref_name",
    "github.head_ref",
    "github.actor",
    "github.triggering_actor",
    "env.GITHUB_REF",
    "env.GITHUB_REF_NAME",
    "env.GITHUB_HEAD_REF",
    "env.GITHUB_ACTOR",
    "env.GITHUB_TRIGGERING_ACTOR",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsoundContains {
    pub at: Pos,
    pub context: String,
    pub haystack: String,
}

pub fn find(file: &FileCtx<'_>, wf: &Workflow) -> Vec<UnsoundContains> {
    let conds = wf.conditions();
    let mut out = Vec::new();
    for c in conds {
        let Some(e) = condition(&c.text) else {
            continue;
        };
        e.walk(&mut |node| {
            let Expr::Call(name, args) = node else { return };
            let (Some(Expr::Str(hay)), Some(Expr::Context(ctx))) = (args.first(), args.get(1))
            else {
                return;
            };
            let chosen = CHOSEN.iter().any(|k| ctx.eq_ignore_ascii_case(k))
                || github_context(wf, ctx).is_some();
            if name == "contains"
                && chosen
                && hay.contains(|ch: char| ch.is_ascii_whitespace() || ch == ',' || ch == '/')
            {
                out.push(UnsoundContains {
                    at: locate(file, c, "contains("),
                    context: ctx.clone(),
                    haystack: hay.clone(),
                });
            }
        });
    }
    out
}

impl UnsoundContains {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        file.hit(self.at.line, self.at.column)
            .arg("context", self.context.as_str())
            .arg("haystack", self.haystack.as_str())
            .matched(format!("contains('{}',{})", self.haystack, self.context))
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn string_haystacks_are_found_lists_and_trusted_contexts_are_not() {
        let wf = concat!(
            "on: push\njobs:\n",
            "  a:\n    if: contains('refs/heads/main refs/heads/release', github.ref)\n    steps:\n",
            "      - if: contains(fromJSON('[\"refs/heads/main\"]'), github.ref)\n        run: x\n",
            "      - if: ${{ github.event_name == 'push' && contains('main,release', github.ref_name) }}\n        run: x\n",
            "      - if: contains(github.event.head_commit.message, '[skip]')\n        run: x\n",
            "      - if: contains('a b', github.event_name)\n        run: x\n",
        );
        let file = FileCtx::new(".github/workflows/ci.yml", wf);
        let found: Vec<(u32, u32, String)> = find(&file, &model(wf))
            .into_iter()
            .map(|u| (u.at.line, u.at.column, u.context))
            .collect();
        assert_eq!(
            found,
            [
                (4, 9, "github.ref".into()),
                (8, 48, "github.ref_name".into())
            ]
        );
    }
}
