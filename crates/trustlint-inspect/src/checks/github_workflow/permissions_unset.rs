//! `permissions-unset`: no `permissions:` at the top of a workflow and a job without its own,
//! or `write-all` anywhere. The job's token then gets the repository's default permissions,
//! often write access to everything.

use crate::ctx::FileCtx;
use crate::formats::workflow::jobs;
use crate::formats::yaml::{get, position, text};
use crate::out::Hit;
use saphyr::MarkedYaml;

/// A job whose token is not limited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PermissionsUnset {
    /// Neither the workflow nor the job sets `permissions:` (at the job's key).
    Unset { line: u32, column: u32, job: String },
    /// `permissions: write-all`, at the workflow's top or in a job.
    WriteAll { line: u32, column: u32 },
}

pub fn find(doc: &MarkedYaml<'_>) -> Vec<PermissionsUnset> {
    let write_all = |p: &MarkedYaml<'_>| {
        let (line, column) = position(p);
        PermissionsUnset::WriteAll { line, column }
    };
    let mut out = Vec::new();
    let top = get(doc, "permissions");
    for (key, job) in jobs(doc) {
        let own = get(job, "permissions");
        if top.is_none() && own.is_none() {
            let (line, column) = position(key);
            let job = text(key).unwrap_or("?").to_string();
            out.push(PermissionsUnset::Unset { line, column, job });
        }
        if let Some(p) = own.filter(|p| text(p) == Some("write-all")) {
            out.push(write_all(p));
        }
    }
    if let Some(p) = top.filter(|p| text(p) == Some("write-all")) {
        out.push(write_all(p));
    }
    out
}

impl PermissionsUnset {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        match self {
            PermissionsUnset::Unset { line, column, job } => file
                .hit(*line, *column)
                .arg("job", job.as_str())
                .matched(format!("job:{job}")),
            PermissionsUnset::WriteAll { line, column } => file
                .hit(*line, *column)
                .arg("job", "write-all")
                .matched("write-all"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::doc;
    use super::*;

    #[test]
    fn a_job_without_permissions_is_found_at_its_key() {
        let wf = "on: push\njobs:\n  build:\n    steps: []\n  lint:\n    permissions:\n      contents: read\n    steps: []\n";
        assert_eq!(
            find(&doc(wf)),
            vec![PermissionsUnset::Unset {
                line: 3,
                column: 3,
                job: "build".into()
            }]
        );
    }

    #[test]
    fn top_level_permissions_cover_every_job_unless_they_are_write_all() {
        let wf = "on: push\npermissions:\n  contents: read\njobs:\n  a:\n    steps: []\n";
        assert!(find(&doc(wf)).is_empty());
        let wf = "on: push\npermissions: write-all\njobs:\n  a:\n    permissions: write-all\n";
        assert_eq!(
            find(&doc(wf)),
            vec![
                PermissionsUnset::WriteAll {
                    line: 5,
                    column: 18
                },
                PermissionsUnset::WriteAll {
                    line: 2,
                    column: 14
                }
            ]
        );
    }
}
