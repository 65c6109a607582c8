//! `permissions-broad`: a token granted more than its jobs can need: `write-all` (every scope
//! in write) at the top or in a job, `read-all`, or a `write` scope at the workflow's top,
//! where it reaches every job that does not set its own. A top-level `write-all` that every
//! job overrides grants nothing today, but the next job added inherits it: that is said, at
//! a lower severity.

use crate::ctx::FileCtx;
use crate::formats::workflow::{Grant, Job, Kind, Pos, Workflow};
use crate::out::Hit;
use trustlint_model::{Confidence, Severity, Text};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broad {
    /// `write-all` where `jobs` (those without their own permissions, or the job itself)
    /// receive it.
    WriteAll {
        at: Pos,
        jobs: Vec<String>,
    },
    /// `write-all` at the top, overridden by every job.
    WriteAllOverridden {
        at: Pos,
    },
    ReadAll {
        at: Pos,
    },
    /// `scope: write` at the top (at the first such scope), inherited by several jobs.
    TopWrite {
        at: Pos,
        scopes: Vec<String>,
        jobs: Vec<String>,
    },
}

pub fn find(wf: &Workflow) -> Vec<Broad> {
    if wf.kind != Kind::Workflow {
        return Vec::new();
    }
    let inheriting: Vec<&Job> = wf.jobs.iter().filter(|j| j.permissions.is_none()).collect();
    let names = |jobs: &[&Job]| jobs.iter().map(|j| j.id.text.clone()).collect::<Vec<_>>();
    let mut out = Vec::new();
    if let Some(p) = &wf.permissions {
        match &p.value {
            Grant::WriteAll(at) if inheriting.is_empty() && !wf.jobs.is_empty() => {
                out.push(Broad::WriteAllOverridden { at: *at })
            }
            Grant::WriteAll(at) => out.push(Broad::WriteAll {
                at: *at,
                jobs: names(&inheriting),
            }),
            Grant::ReadAll(at) => out.push(Broad::ReadAll { at: *at }),
            g if inheriting.len() > 1 && !g.writes().is_empty() => {
                let writes = g.writes();
                out.push(Broad::TopWrite {
                    at: writes[0].at,
                    scopes: writes.iter().map(|s| s.text.clone()).collect(),
                    jobs: names(&inheriting),
                });
            }
            _ => {}
        }
    }
    for job in &wf.jobs {
        match job.permissions.as_ref().map(|p| &p.value) {
            Some(Grant::WriteAll(at)) => out.push(Broad::WriteAll {
                at: *at,
                jobs: vec![job.id.text.clone()],
            }),
            Some(Grant::ReadAll(at)) => out.push(Broad::ReadAll { at: *at }),
            _ => {}
        }
    }
    out.sort_by_key(|b| match b {
        Broad::WriteAll { at, .. }
        | Broad::WriteAllOverridden { at }
        | Broad::ReadAll { at }
        | Broad::TopWrite { at, .. } => *at,
    });
    out
}

fn list(jobs: &[String]) -> String {
    jobs.iter()
        .map(|j| format!("`{j}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Broad {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        match self {
            Broad::WriteAll { at, jobs } => file
                .hit(at.line, at.column)
                .arg("grant", "write-all")
                .arg("jobs", list(jobs))
                .matched("write-all"),
            Broad::WriteAllOverridden { at } => file
                .hit(at.line, at.column)
                .message(Text::new(
                    "`permissions: write-all` at the top is overridden by every job today, but a job added later inherits it; set it to `contents: read`",
                    "`permissions: write-all` en tête est remplacé par chaque tâche aujourd'hui, mais une tâche ajoutée plus tard en hériterait; remplacez-le par `contents: read`",
                ))
                .severity(Severity::Note)
                .matched("write-all:overridden"),
            Broad::ReadAll { at } => file
                .hit(at.line, at.column)
                .message(Text::new(
                    "`permissions: read-all` lets the token read every scope (packages, security events, deployments, ...); name the scopes the jobs read",
                    "`permissions: read-all` permet au jeton de lire toutes les portées (paquets, alertes de sécurité, déploiements, ...); nommez les portées que les tâches lisent",
                ))
                .severity(Severity::Note)
                .matched("read-all"),
            Broad::TopWrite { at, scopes, jobs } => {
                let grants = scopes
                    .iter()
                    .map(|s| format!("`{s}: write`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                file.hit(at.line, at.column)
                    .message(Text::new(
                        format!("`permissions:` at the top grants {grants} to every job that sets none ({}); grant writes only to the jobs that write", list(jobs)),
                        format!("`permissions:` en tête accorde {grants} à chaque tâche qui n'en déclare pas ({}); n'accordez l'écriture qu'aux tâches qui écrivent", list(jobs)),
                    ))
                    .confidence(Confidence::Medium)
                    .matched(format!("top-write:{}", scopes.join(",")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn write_all_is_found_where_it_reaches_jobs_and_said_apart_when_every_job_overrides() {
        let wf = "on: push\npermissions: write-all\njobs:\n  a:\n    permissions: write-all\n  b:\n    steps: []\n";
        assert_eq!(
            find(&model(wf)),
            vec![
                Broad::WriteAll {
                    at: Pos {
                        line: 2,
                        column: 14
                    },
                    jobs: vec!["b".into()]
                },
                Broad::WriteAll {
                    at: Pos {
                        line: 5,
                        column: 18
                    },
                    jobs: vec!["a".into()]
                },
            ]
        );
        let wf = "on: push\npermissions: write-all\njobs:\n  a:\n    permissions: {}\n";
        assert_eq!(
            find(&model(wf)),
            vec![Broad::WriteAllOverridden {
                at: Pos {
                    line: 2,
                    column: 14
                }
            }]
        );
    }

    #[test]
    fn top_level_writes_count_when_several_jobs_inherit_them_and_read_all_anywhere() {
        let two = "on: push\npermissions:\n  contents: write\n  pull-requests: read\njobs:\n  a: {steps: []}\n  b: {steps: []}\n";
        assert_eq!(
            find(&model(two)),
            vec![Broad::TopWrite {
                at: Pos { line: 3, column: 3 },
                scopes: vec!["contents".into()],
                jobs: vec!["a".into(), "b".into()]
            }]
        );
        let one = "on: push\npermissions:\n  contents: write\njobs:\n  a: {steps: []}\n";
        assert!(find(&model(one)).is_empty());
        let read = "on: push\njobs:\n  a:\n    permissions: read-all\n";
        assert_eq!(
            find(&model(read)),
            vec![Broad::ReadAll {
                at: Pos {
                    line: 4,
                    column: 18
                }
            }]
        );
        assert!(find(&model(
            "on: push\npermissions:\n  contents: read\njobs:\n  a: {}\n  b: {}\n"
        ))
        .is_empty());
    }
}
