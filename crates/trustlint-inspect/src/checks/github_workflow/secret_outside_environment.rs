//! `secret-outside-environment`: a job that reads a repository or organisation secret
//! (`${{ secrets.X }}`, other than the job's own `GITHUB_TOKEN`) without naming an
//! `environment:`. Secrets kept in an environment are released only to the branches and
//! reviewers its protection rules allow; a repository secret reaches every job of every
//! branch that can run the workflow. Calls of reusable workflows (which cannot name an
//! environment) and actions (which get secrets only from their callers) are not judged.

use super::locate;
use crate::ctx::FileCtx;
use crate::formats::workflow::expr::embedded;
use crate::formats::workflow::{Job, Kind, Pos, Str, Workflow};
use crate::out::Hit;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretOutside {
    pub at: Pos,
    pub job: String,
    pub secret: String,
}

/// Every text of a job that can hold an expression, in file order.
fn texts(job: &Job) -> Vec<&Str> {
    let mut all: Vec<&Str> = job.env.iter().map(|(_, v)| v).collect();
    all.extend(job.with.iter().map(|(_, v)| v));
    for s in &job.steps {
        all.extend(s.env.iter().map(|(_, v)| v));
        all.extend(s.with.iter().map(|(_, v)| v));
        all.extend(s.run.iter());
    }
    all.sort_by_key(|s| s.at);
    all
}

/// Words that name something secret in a secret's name.
const SECRET_WORDS: &[&str] = &[
    "TOKEN",
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "PRIVATE",
    "WEBHOOK",
    "CREDENTIAL",
    "SIGNING",
    "_PAT",
];

/// Suffixes of names that hold an identifier kept among secrets (an account, an app or a
/// tenant ID, a role ARN, a region).
const IDENTIFIERS: &[&str] = &[
    "_ID",
    "_ARN",
    "_REGION",
    "_NAME",
    "_USER",
    "_USERNAME",
    "_EMAIL",
    "_ACCOUNT",
    "_BUCKET",
    "_CHANNEL",
    "_DOMAIN",
];

/// Words that also name a secret, unless the name ends as an identifier (`ACCESS_KEY_ID`).
const KEY_WORDS: &[&str] = &["KEY", "API", "AUTH", "DSN", "CERT", "PASS", "CONNECTION"];

/// Whether a secret's name says it holds something other than a secret (an identifier, an
/// endpoint, a name kept among secrets for convenience): only names that say they are a
/// secret are judged, so that the finding is worth an environment.
fn identifier(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let strong = SECRET_WORDS.iter().any(|w| upper.contains(w));
    let named = IDENTIFIERS.iter().any(|s| upper.ends_with(s)) || upper.contains("_ID_");
    let keyish = KEY_WORDS.iter().any(|w| upper.contains(w));
    !strong && (named || !keyish)
}

/// The secrets `text` reads (their names as written) and each one's byte offset.
fn secrets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in embedded(text) {
        let Some(expr) = e.expr else { continue };
        for c in expr.contexts() {
            if let Some(name) = c
                .strip_prefix("secrets.")
                .or_else(|| c.strip_prefix("SECRETS."))
            {
                if !name.eq_ignore_ascii_case("github_token") && name != "*" && !identifier(name) {
                    out.push(name.to_string());
                }
            }
        }
    }
    out
}

pub fn find(file: &FileCtx<'_>, wf: &Workflow) -> Vec<SecretOutside> {
    if wf.kind != Kind::Workflow {
        return Vec::new();
    }
    let mut out: Vec<SecretOutside> = Vec::new();
    for job in wf
        .jobs
        .iter()
        .filter(|j| j.environment.is_none() && j.uses.is_none())
    {
        for text in texts(job) {
            for secret in secrets(&text.text) {
                if out
                    .iter()
                    .any(|o| o.job == job.id.text && o.secret == secret)
                {
                    continue;
                }
                out.push(SecretOutside {
                    at: locate(file, text, &format!("secrets.{secret}")),
                    job: job.id.text.clone(),
                    secret,
                });
            }
        }
    }
    out
}

impl SecretOutside {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        file.hit(self.at.line, self.at.column)
            .arg("job", self.job.as_str())
            .arg("secret", self.secret.as_str())
            .matched(format!("{}:{}", self.job, self.secret))
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn secrets_of_jobs_without_environment_are_found_once_per_job() {
        let wf = concat!(
            "on: push\njobs:\n",
            "  deploy:\n    steps:\n      - run: deploy --token ${{ secrets.DEPLOY_TOKEN }} --account ${{ secrets.AWS_ACCOUNT_ID }}\n      - env:\n          T: ${{ secrets.DEPLOY_TOKEN }}\n          G: ${{ secrets.GITHUB_TOKEN }}\n        run: x\n",
            "  prod:\n    environment: production\n    steps:\n      - run: deploy --token ${{ secrets.DEPLOY_TOKEN }}\n",
            "  call:\n    uses: ./.github/workflows/x.yml\n    with:\n      a: ${{ secrets.X }}\n",
        );
        let file = FileCtx::new(".github/workflows/ci.yml", wf);
        let found: Vec<(u32, u32, String)> = find(&file, &model(wf))
            .into_iter()
            .map(|s| (s.at.line, s.at.column, s.secret))
            .collect();
        assert_eq!(found, [(5, 33, "DEPLOY_TOKEN".into())]);
    }
}
