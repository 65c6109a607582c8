//! `cache-poisoning`: a job that builds what is released (a workflow run for a tag or a
//! release, or a job that publishes a package, an image or a release) and restores a GitHub
//! Actions cache. Caches of the default branch are shared with every workflow run on it, so a
//! job anyone can make run there (a `pull_request_target` or comment-triggered workflow, a
//! compromised test dependency) can leave a poisoned cache that the release then builds from
//! and ships. Caching in the jobs that only test is fine.

use super::trigger_related;
use crate::ctx::FileCtx;
use crate::formats::workflow::{Job, Pos, Step, Workflow};
use crate::out::Hit;
use trustlint_model::Confidence;

/// Actions that restore a cache whenever they run.
const ALWAYS: &[&str] = &[
    "actions/cache",
    "Swatinem/rust-cache",
    "ramsey/composer-install",
    "gradle/actions",
    "gradle/gradle-build-action",
    "Mozilla-Actions/sccache-action",
];

/// Actions that restore a cache when an input turns it on: (action, input).
const OPT_IN: &[(&str, &str)] = &[
    ("actions/setup-node", "cache"),
    ("actions/setup-python", "cache"),
    ("actions/setup-java", "cache"),
    ("actions/setup-dotnet", "cache"),
    ("ruby/setup-ruby", "bundler-cache"),
    ("astral-sh/setup-uv", "enable-cache"),
    ("PyO3/maturin-action", "sccache"),
];

/// Actions that publish what the job built.
const PUBLISHERS: &[&str] = &[
    "pypa/gh-action-pypi-publish",
    "softprops/action-gh-release",
    "ncipollo/release-action",
    "goreleaser/goreleaser-action",
    "actions/create-release",
    "svenstaro/upload-release-action",
    "JS-DevTools/npm-publish",
    "rubygems/release-gem",
    "changesets/action",
];

/// Commands that publish.
const PUBLISH_COMMANDS: &[&str] = &[
    "npm publish",
    "yarn publish",
    "pnpm publish",
    "cargo publish",
    "twine upload",
    "gh release create",
    "gh release upload",
    "docker push",
    "mvn deploy",
    "gem push",
    "poetry publish",
    "uv publish",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachePoisoning {
    pub at: Pos,
    pub job: String,
    pub action: String,
    /// The event that makes the job a release, when it is the trigger.
    pub event: Option<String>,
}

/// The event that makes every job of the workflow a release: `release`, or `push` of tags.
fn release_event(wf: &Workflow) -> Option<&'static str> {
    if wf.triggered_by("release") {
        return Some("release");
    }
    let push = wf.trigger("push")?;
    // Runs for a pushed tag build releases, whether branches also trigger the workflow.
    push.filter("tags").is_some().then_some("push")
}

fn publishes(job: &Job) -> bool {
    job.steps.iter().any(|s| {
        PUBLISHERS.iter().any(|p| s.uses_action(p))
            || (s.uses_action("docker/build-push-action")
                && s.with("push").is_some_and(|v| v.text.trim() == "true"))
            || s.run
                .as_ref()
                .is_some_and(|r| PUBLISH_COMMANDS.iter().any(|c| r.text.contains(c)))
    })
}

/// The action, when the step restores a cache.
fn restores(step: &Step) -> Option<String> {
    let u = step.uses.as_ref()?.uses.repo()?;
    let slug = u.slug();
    if u.is("actions/cache") {
        // `actions/cache/save` only writes.
        return (u.path.as_deref() != Some("save")).then_some(u.name());
    }
    if ALWAYS.iter().any(|a| u.is(a)) {
        return Some(slug);
    }
    for (action, input) in OPT_IN {
        if u.is(action) {
            let on = step.with(input).is_some_and(|v| {
                let t = v.text.trim();
                !t.is_empty() && t != "false"
            });
            return on.then_some(slug);
        }
    }
    if u.is("actions/setup-go") {
        // Caching is on by default since v4.
        let off = step.with("cache").is_some_and(|v| v.text.trim() == "false");
        let old = u.reference.as_deref().is_some_and(|r| {
            matches!(
                r.trim_start_matches('v').split('.').next(),
                Some("1" | "2" | "3")
            )
        });
        return (!off && !old).then_some(slug);
    }
    if u.is("docker/build-push-action") || u.is("docker/bake-action") {
        let gha = step
            .with("cache-from")
            .or_else(|| step.with("set"))
            .is_some_and(|v| v.text.contains("type=gha"));
        return gha.then_some(slug);
    }
    None
}

pub fn find(wf: &Workflow) -> Vec<CachePoisoning> {
    let event = release_event(wf);
    let mut out = Vec::new();
    for job in &wf.jobs {
        if event.is_none() && !publishes(job) {
            continue;
        }
        for step in &job.steps {
            if let Some(action) = restores(step) {
                out.push(CachePoisoning {
                    at: step.uses.as_ref().map_or(step.at, |u| u.raw.at),
                    job: job.id.text.clone(),
                    action,
                    event: event.map(str::to_string),
                });
            }
        }
    }
    out
}

impl CachePoisoning {
    pub fn hit(&self, file: &FileCtx<'_>, wf: &Workflow) -> Hit {
        let mut hit = file
            .hit(self.at.line, self.at.column)
            .arg("job", self.job.as_str())
            .arg("action", self.action.as_str())
            // Someone must first be able to write the cache.
            .confidence(Confidence::Medium);
        if let Some(r) = self
            .event
            .as_deref()
            .and_then(|e| trigger_related(file, wf, e))
        {
            hit = hit.related(r);
        }
        hit.matched(format!("{}:{}", self.job, self.action))
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn caches_of_release_and_publishing_jobs_are_found_test_jobs_are_not() {
        let steps = concat!(
            "    steps:\n",
            "      - uses: actions/setup-node@v4\n        with:\n          cache: npm\n",
            "      - uses: actions/setup-python@v5\n",
            "      - uses: actions/cache/save@v4\n",
            "      - uses: Swatinem/rust-cache@v2\n",
        );
        let tag = format!("on:\n  push:\n    tags: ['v*']\njobs:\n  release:\n{steps}");
        let found: Vec<u32> = find(&model(&tag)).into_iter().map(|c| c.at.line).collect();
        assert_eq!(found, [7, 12]);
        let test = format!("on:\n  push:\n    branches: [main]\njobs:\n  test:\n{steps}");
        assert!(find(&model(&test)).is_empty());
        let publish = format!("{test}      - run: npm publish\n");
        assert_eq!(find(&model(&publish)).len(), 2);
    }
}
