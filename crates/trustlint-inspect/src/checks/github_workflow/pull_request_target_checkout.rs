//! `pull-request-target-checkout`: a `pull_request_target` workflow that checks out the pull
//! request's head. That event runs with the base repository's secrets and a write token, so
//! checking out (and then building) the contributor's code hands both to it.

use crate::ctx::FileCtx;
use crate::formats::workflow::{step_uses, steps, triggered_by};
use crate::formats::yaml::{get, position, text};
use crate::out::Hit;
use saphyr::MarkedYaml;

/// An `actions/checkout` step whose `ref:` is the pull request's head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadCheckout {
    pub line: u32,
    pub column: u32,
    /// The `ref:` value, `${{ github.event.pull_request.head.sha }}`.
    pub reference: String,
}

pub fn find(doc: &MarkedYaml<'_>) -> Vec<HeadCheckout> {
    if !triggered_by(doc, "pull_request_target") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for step in steps(doc) {
        let is_checkout = step_uses(step).is_some_and(|u| u.starts_with("actions/checkout@"));
        let Some(r) = get(step, "with").and_then(|w| get(w, "ref")) else {
            continue;
        };
        let value = text(r).unwrap_or_default();
        if is_checkout && (value.contains("pull_request.head") || value.contains("github.head_ref"))
        {
            let (line, column) = position(r);
            out.push(HeadCheckout {
                line,
                column,
                reference: value.to_string(),
            });
        }
    }
    out
}

impl HeadCheckout {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        file.hit(self.line, self.column)
            .arg("ref", self.reference.as_str())
            .matched(self.reference.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::super::doc;
    use super::*;

    const STEPS: &str = "jobs:\n  build:\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - uses: actions/checkout@v4\n        with:\n          ref: main\n";

    #[test]
    fn the_head_checkout_is_found_only_under_pull_request_target() {
        let found = find(&doc(&format!("on:\n  pull_request_target:\n{STEPS}")));
        assert_eq!(
            found,
            vec![HeadCheckout {
                line: 8,
                column: 16,
                reference: "${{ github.event.pull_request.head.sha }}".into()
            }]
        );
        assert!(find(&doc(&format!("on: pull_request\n{STEPS}"))).is_empty());
    }
}
