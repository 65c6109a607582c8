//! `github-env-write`: a script that writes untrusted data to `GITHUB_ENV` or `GITHUB_PATH`.
//! Every later step of the job reads those files: a value with a line break in it sets any
//! variable (`BASH_ENV`, `LD_PRELOAD`, `NODE_OPTIONS`), and a path entry puts the attacker's
//! programs first. Found when the line (or its here-document) reads a variable set from an
//! untrusted value ([`super::taint`]); with medium confidence, when a workflow with the base
//! repository's secrets (`pull_request_target`, `workflow_run`) writes the output of a
//! command, such as the content of a downloaded artifact. (An expression pasted in directly
//! is `untrusted_input_in_run`'s.)

use super::locate;
use super::taint::{shell_vars, Origin, Taint};
use crate::ctx::FileCtx;
use crate::formats::workflow::{Pos, Workflow};
use crate::out::Hit;
use regex::Regex;
use std::sync::LazyLock;
use trustlint_model::Confidence;

static ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:export\s+|local\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$").expect("valid")
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvWrite {
    pub at: Pos,
    /// `GITHUB_ENV` or `GITHUB_PATH`.
    pub file: &'static str,
    /// What is written: the variable and its origin, or `command output`.
    pub what: String,
    pub origin: Option<Origin>,
}

/// The environment file a line writes to, if it writes one.
fn target(line: &str) -> Option<&'static str> {
    let writes = line.contains(">>")
        || line.contains("Out-File")
        || line.contains("Add-Content")
        || line.contains("tee ");
    if !writes {
        return None;
    }
    ["GITHUB_ENV", "GITHUB_PATH"]
        .into_iter()
        .find(|f| line.contains(f))
}

/// Each write of the script with the lines it writes (a here-document's body included).
fn writes(script: &str) -> Vec<(&str, &'static str, Vec<&str>)> {
    let lines: Vec<&str> = script.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(f) = target(line) {
            let mut body = vec![line];
            if let Some(tag) = heredoc(line) {
                let mut k = i + 1;
                while k < lines.len() && lines[k].trim() != tag {
                    body.push(lines[k]);
                    k += 1;
                }
                i = k;
            }
            out.push((line, f, body));
        }
        i += 1;
    }
    out
}

/// The end marker of a here-document opened on `line` (`<<EOF`, `<< 'EOF'`, `<<-EOF`).
fn heredoc(line: &str) -> Option<String> {
    let rest = line.split("<<").nth(1)?.trim_start_matches('-').trim();
    let tag: String = rest
        .trim_start_matches(['\'', '"'])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!tag.is_empty()).then_some(tag)
}

pub fn find(file: &FileCtx<'_>, wf: &Workflow) -> Vec<EnvWrite> {
    let taint = Taint::new(wf);
    let privileged = wf.triggered_by("pull_request_target") || wf.triggered_by("workflow_run");
    let mut out = Vec::new();
    for (j, job) in wf.jobs.iter().enumerate() {
        for (i, step) in job.steps.iter().enumerate() {
            let Some(run) = &step.run else { continue };
            let of = |v: &str, locals: &[(String, Origin)]| {
                locals
                    .iter()
                    .find(|(n, _)| n == v)
                    .map(|(_, o)| o.clone())
                    .or_else(|| taint.env_var(j, Some(i), v))
            };
            // Shell variables the script sets from untrusted ones (`m=$(echo "$TITLE" | …)`).
            let mut locals: Vec<(String, Origin)> = Vec::new();
            for line in run.text.lines() {
                let Some(c) = ASSIGN.captures(line) else {
                    continue;
                };
                let found = shell_vars(&c[2])
                    .into_iter()
                    .find_map(|(_, v)| of(v, &locals));
                if let Some(o) = found {
                    locals.push((c[1].to_string(), o));
                }
            }
            for (line, f, body) in writes(&run.text) {
                let at = locate(file, run, line.trim());
                let tainted = body.iter().find_map(|l| {
                    shell_vars(l)
                        .into_iter()
                        .filter(|(_, v)| !v.starts_with("GITHUB_"))
                        .find_map(|(_, v)| Some((v, of(v, &locals)?)))
                });
                if let Some((var, origin)) = tainted {
                    out.push(EnvWrite {
                        at,
                        file: f,
                        what: origin.describe(&format!("${var}")),
                        origin: Some(origin),
                    });
                } else if privileged && body.iter().any(|l| l.contains("$(") || l.contains('`')) {
                    out.push(EnvWrite {
                        at,
                        file: f,
                        what: "the output of a command".into(),
                        origin: None,
                    });
                }
            }
        }
    }
    out
}

impl EnvWrite {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        let mut hit = file
            .hit(self.at.line, self.at.column)
            .arg("file", self.file)
            .arg("what", self.what.as_str());
        let medium = self
            .origin
            .as_ref()
            .is_none_or(|o| o.confidence == Confidence::Medium);
        if medium {
            hit = hit.confidence(Confidence::Medium);
        }
        if let Some((what, at)) = self.origin.as_ref().and_then(|o| o.via.as_ref()) {
            hit = hit.related(super::related(file, *at, format!("`{what}` is set here")));
        }
        hit.matched(format!("{}:{}", self.file, self.what))
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn tainted_variables_and_privileged_command_output_are_found() {
        let wf = concat!(
            "on: [pull_request_target]\njobs:\n  a:\n    steps:\n",
            "      - env:\n          TITLE: ${{ github.event.pull_request.title }}\n        run: |\n          echo \"TITLE=$TITLE\" >> \"$GITHUB_ENV\"\n          echo \"SAFE=1\" >> $GITHUB_ENV\n",
            "      - run: echo \"PR=$(cat pr.txt)\" >> $GITHUB_ENV\n",
            "      - env:\n          T: ${{ github.event.pull_request.title }}\n        run: |\n          cat >> $GITHUB_ENV <<EOF\n          X=$T\n          EOF\n",
            "      - run: echo \"$HOME/bin\" >> $GITHUB_PATH\n",
            "      - env:\n          T: ${{ github.head_ref }}\n        run: |\n          b=$(echo \"$T\" | tr / -)\n          echo \"$b\" >> $GITHUB_PATH\n",
        );
        let file = FileCtx::new(".github/workflows/ci.yml", wf);
        let found: Vec<(u32, String)> = find(&file, &model(wf))
            .into_iter()
            .map(|w| (w.at.line, w.what))
            .collect();
        assert_eq!(
            found,
            [
                (8, "$TITLE (from github.event.pull_request.title)".into()),
                (10, "the output of a command".into()),
                (14, "$T (from github.event.pull_request.title)".into()),
                (22, "$b (from github.head_ref)".into()),
            ]
        );
        let push = wf.replace("[pull_request_target]", "[push]");
        assert!(find(&file, &model(&push)).is_empty());
    }
}
