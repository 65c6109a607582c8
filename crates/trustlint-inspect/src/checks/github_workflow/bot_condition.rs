//! `bot-condition`: an `if:` that trusts the run because `github.actor` (or
//! `github.triggering_actor`) is a bot, `github.actor == 'dependabot[bot]'`. The actor is
//! whoever caused the latest event, not who wrote the code: an attacker who gets the bot to
//! act on their pull request (a rebase, a comment command) passes the check with their own
//! code. The author of the pull request (`github.event.pull_request.user.login`) cannot be
//! changed that way. High confidence when the check alone decides the condition, medium
//! when other conditions must also hold.

use super::locate;
use crate::ctx::FileCtx;
use crate::formats::workflow::expr::{condition, Expr};
use crate::formats::workflow::{Pos, Workflow};
use crate::out::Hit;
use trustlint_model::Confidence;

/// Events whose actor an outsider can make a bot.
const EVENTS: &[&str] = &[
    "pull_request",
    "pull_request_target",
    "pull_request_review",
    "pull_request_review_comment",
    "issue_comment",
    "workflow_run",
    "workflow_call",
    "check_suite",
    "status",
];

const ACTORS: &[&str] = &["github.actor", "github.triggering_actor"];

/// Account IDs of common bots (`github.actor_id == 49699333` is the same test): dependabot,
/// renovate, github-actions.
const BOT_IDS: &[&str] = &["49699333", "29139614", "41898282"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotCondition {
    pub at: Pos,
    pub actor: String,
    pub bot: String,
    pub confidence: Confidence,
}

/// The actor context and bot name of an `actor == 'x[bot]'` test that decides `e`, and how
/// alone it decides it.
fn decides(e: &Expr) -> Option<(String, String, Confidence)> {
    match e {
        Expr::Compare("==", a, b) => {
            let (ctx, value) = match (a.as_ref(), b.as_ref()) {
                (Expr::Context(c), v) | (v, Expr::Context(c)) => (c, v),
                _ => return None,
            };
            let value = match value {
                Expr::Str(s) => s.clone(),
                Expr::Num(n) => format!("{n}"),
                _ => return None,
            };
            let by_name =
                ACTORS.iter().any(|a| ctx.eq_ignore_ascii_case(a)) && value.ends_with("[bot]");
            let by_id = ["github.actor_id", "github.triggering_actor_id"]
                .iter()
                .any(|a| ctx.eq_ignore_ascii_case(a))
                && BOT_IDS.contains(&value.as_str());
            (by_name || by_id).then(|| (ctx.clone(), value, Confidence::High))
        }
        Expr::Or(a, b) => decides(a).or_else(|| decides(b)),
        Expr::And(a, b) => decides(a)
            .or_else(|| decides(b))
            .map(|(c, s, _)| (c, s, Confidence::Medium)),
        _ => None,
    }
}

pub fn find(file: &FileCtx<'_>, wf: &Workflow) -> Vec<BotCondition> {
    let runs = wf.triggers.is_empty() || EVENTS.iter().any(|e| wf.triggered_by(e));
    if !runs {
        return Vec::new();
    }
    let conds = wf.conditions();
    conds
        .into_iter()
        .filter_map(|c| {
            let (actor, bot, confidence) = decides(&condition(&c.text)?)?;
            Some(BotCondition {
                at: locate(file, c, &actor),
                actor,
                bot,
                confidence,
            })
        })
        .collect()
}

impl BotCondition {
    pub fn hit(&self, file: &FileCtx<'_>, wf: &Workflow) -> Hit {
        let mut hit = file
            .hit(self.at.line, self.at.column)
            .arg("actor", self.actor.as_str())
            .arg("bot", self.bot.as_str());
        if let Some(r) = EVENTS
            .iter()
            .find_map(|e| super::trigger_related(file, wf, e))
        {
            hit = hit.related(r);
        }
        if self.confidence == Confidence::Medium {
            hit = hit.confidence(Confidence::Medium);
        }
        hit.matched(format!("{}=={}", self.actor, self.bot))
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn actor_checks_are_found_with_how_alone_they_decide_author_checks_are_not() {
        let wf = concat!(
            "on: pull_request_target\njobs:\n",
            "  a:\n    if: github.actor == 'dependabot[bot]'\n    steps:\n",
            "      - if: ${{ github.event_name == 'pull_request_target' && github.triggering_actor == 'renovate[bot]' }}\n        run: x\n",
            "      - if: github.event.pull_request.user.login == 'dependabot[bot]'\n        run: x\n",
            "      - if: github.actor != 'dependabot[bot]' && !(github.actor == 'x[bot]')\n        run: x\n",
        );
        let file = FileCtx::new(".github/workflows/ci.yml", wf);
        let found: Vec<(u32, Confidence)> = find(&file, &model(wf))
            .into_iter()
            .map(|b| (b.at.line, b.confidence))
            .collect();
        assert_eq!(found, [(4, Confidence::High), (6, Confidence::Medium)]);
        let push = wf.replace("pull_request_target\n", "push\n");
        assert!(find(&file, &model(&push)).is_empty());
    }
}
