//! `dockerfile`: Dockerfiles and Containerfiles, read instruction by instruction by
//! [`crate::formats::dockerfile`]. Each rule picks one check (see `checks/dockerfile/`):
//!
//! - `base-image-unpinned`: `FROM` an image with no tag or `latest` (and no digest), read
//!   through the stage graph ([`crate::formats::dockerfile_stages`]);
//! - `root-user`: the final stage runs as root, its `FROM <stage>` chain followed;
//! - `curl-pipe-shell`: `RUN` pipes a download straight into a shell;
//! - `add-from-url`: `ADD https://...` fetches unverified content at build time;
//! - `secret-in-env`: `ENV`/`ARG` bakes a literal password, token or key into the image.

use super::{ChoiceIn, Inspector};
use crate::checks::dockerfile::{
    add_from_url, base_image_unpinned, curl_pipe_shell, root_user, secret_in_env,
};
use crate::ctx::FileCtx;
use crate::formats::dockerfile::instructions;
use crate::out::Output;
use serde::Deserialize;

pub type Params = ChoiceIn<Check>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    BaseImageUnpinned,
    RootUser,
    CurlPipeShell,
    AddFromUrl,
    SecretInEnv,
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    p.inspector(run)
}

fn run(check: Check, file: &FileCtx<'_>, out: &mut Output) {
    let all = instructions(file.text);
    let hits = &mut out.hits;
    match check {
        Check::BaseImageUnpinned => {
            hits.extend(base_image_unpinned::find(&all).iter().map(|f| f.hit(file)))
        }
        Check::RootUser => hits.extend(root_user::find(&all).map(|f| f.hit(file))),
        Check::CurlPipeShell => hits.extend(curl_pipe_shell::find(&all).iter().map(|f| f.hit(file))),
        Check::AddFromUrl => hits.extend(add_from_url::find(&all).iter().map(|f| f.hit(file))),
        Check::SecretInEnv => {
            let found = secret_in_env::find(&all);
            hits.extend(found.iter().map(|f| f.hit(file)));
            out.secrets.extend(found.iter().filter_map(|f| f.secret()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(check: Check, text: &str) -> Vec<(u32, String)> {
        let d = build(&Params {
            files: vec!["**/Dockerfile".into()],
            check,
        })
        .unwrap();
        let mut out = Output::default();
        d.check_file(&FileCtx::new("Dockerfile", text), &mut out);
        out.hits.into_iter().map(|h| (h.line, h.matched)).collect()
    }

    const DF: &str = "# syntax=docker/dockerfile:1\nFROM node AS build\nRUN curl -fsSL https://get.example.sh \\\n    | sh\nFROM build AS test\nFROM python:3.12-slim\nADD https://example.com/x.tgz /x\nENV API_TOKEN=abc123secret DEBUG=1\nARG DB_PASSWORD\nUSER root\n";

    #[test]
    fn each_check_at_its_instruction() {
        assert_eq!(
            run(Check::BaseImageUnpinned, DF),
            vec![(2, "FROM node".into())]
        );
        assert_eq!(run(Check::RootUser, DF), vec![(10, "USER root".into())]);
        assert_eq!(run(Check::CurlPipeShell, DF)[0].0, 3);
        assert_eq!(
            run(Check::AddFromUrl, DF),
            vec![(7, "https://example.com/x.tgz".into())]
        );
        assert_eq!(run(Check::SecretInEnv, DF), vec![(8, "API_TOKEN".into())]);
    }
}
