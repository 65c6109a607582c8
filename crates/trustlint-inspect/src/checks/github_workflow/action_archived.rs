//! `action-archived`: a `uses:` of an action whose repository is archived (no more fixes, of
//! security flaws included), or of a name one edit away from a popular action
//! (`actons/checkout`, `actions/chekout`): a typo-squatted copy that runs its author's code
//! with the job's token. Both lists ship in the binary, dated
//! (`crates/trustlint-rules/data/github-actions.toml`); nothing is looked up on the network.

use crate::ctx::FileCtx;
use crate::formats::workflow::{Pos, Workflow};
use crate::out::Hit;
use serde::Deserialize;
use std::sync::LazyLock;
use trustlint_model::Text;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Known {
    #[allow(dead_code)]
    checked: toml::value::Datetime,
    archived: Vec<Archived>,
    popular: Popular,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Archived {
    action: String,
    instead: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Popular {
    actions: Vec<String>,
}

static KNOWN: LazyLock<Known> = LazyLock::new(|| {
    toml::from_str(trustlint_rules::GITHUB_ACTIONS).expect("the shipped list of actions parses")
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suspect {
    Archived {
        at: Pos,
        action: String,
        instead: String,
    },
    Typosquat {
        at: Pos,
        action: String,
        like: String,
    },
}

/// Whether `a` and `b` differ by one insertion, deletion, substitution or swap of
/// neighbours (ASCII, case-insensitive).
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (
        a.to_ascii_lowercase().into_bytes(),
        b.to_ascii_lowercase().into_bytes(),
    );
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[pre..], &b[pre..]);
    let same = |x: &[u8], y: &[u8]| x == y;
    match (ra.len(), rb.len()) {
        (n, m) if n == m => {
            same(&ra[1..], &rb[1..])
                || (n >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && same(&ra[2..], &rb[2..]))
        }
        (n, m) if n > m => same(&ra[1..], rb),
        _ => same(ra, &rb[1..]),
    }
}

pub fn find(wf: &Workflow) -> Vec<Suspect> {
    let known = &*KNOWN;
    let mut out = Vec::new();
    for u in super::unpinned_action::all_uses(wf) {
        let Some(r) = u.uses.repo() else { continue };
        if let Some(a) = known.archived.iter().find(|a| r.is(&a.action)) {
            out.push(Suspect::Archived {
                at: u.raw.at,
                action: r.slug(),
                instead: a.instead.clone(),
            });
            continue;
        }
        if known.popular.actions.iter().any(|p| r.is(p)) || r.owner.len() < 4 || r.repo.len() < 5 {
            continue;
        }
        let like = known.popular.actions.iter().find(|p| {
            let (o, n) = p.split_once('/').unwrap_or((p, ""));
            (r.owner.eq_ignore_ascii_case(o) && one_edit(&r.repo, n))
                || (r.repo.eq_ignore_ascii_case(n) && one_edit(&r.owner, o))
        });
        if let Some(like) = like {
            out.push(Suspect::Typosquat {
                at: u.raw.at,
                action: r.slug(),
                like: like.clone(),
            });
        }
    }
    out
}

impl Suspect {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        match self {
            Suspect::Archived { at, action, instead } => file
                .hit(at.line, at.column)
                .arg("action", action.as_str())
                .arg("instead", instead.as_str())
                .matched(format!("archived:{action}")),
            Suspect::Typosquat { at, action, like } => file
                .hit(at.line, at.column)
                .message(Text::new(
                    format!("`{action}` is one letter away from the popular `{like}`: a typo-squatted name runs its author's code; check the name"),
                    format!("`{action}` diffère d'une lettre de l'action populaire `{like}` : un nom typo-squatté exécute le code de son auteur; vérifiez le nom"),
                ))
                .matched(format!("typosquat:{action}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn archived_and_look_alike_names_are_found_real_ones_are_not() {
        let wf = concat!(
            "on: push\njobs:\n  a:\n    steps:\n",
            "      - uses: actions-rs/toolchain@v1\n",
            "      - uses: actons/checkout@v4\n",
            "      - uses: actions/chekout@v4\n",
            "      - uses: actions/checkout@v4\n",
            "      - uses: actions/setup-go@v5\n",
            "      - uses: docker/login-action@v3\n",
            "      - uses: my-org/checkout@v1\n",
        );
        let found: Vec<String> = find(&model(wf))
            .into_iter()
            .map(|s| match s {
                Suspect::Archived { action, .. } => format!("archived {action}"),
                Suspect::Typosquat { action, like, .. } => format!("{action} ~ {like}"),
            })
            .collect();
        assert_eq!(
            found,
            [
                "archived actions-rs/toolchain",
                "actons/checkout ~ actions/checkout",
                "actions/chekout ~ actions/checkout"
            ]
        );
        assert!(
            one_edit("checkout", "chekcout")
                && one_edit("a", "ab")
                && !one_edit("setup-go", "setup-node")
        );
    }
}
