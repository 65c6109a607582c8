//! `dockerfile`: Dockerfiles and Containerfiles, read instruction by instruction (continuation
//! lines joined, comments skipped). Each rule picks one check:
//!
//! - `base-image-unpinned`: `FROM` an image with no tag or `latest` (and no digest);
//! - `root-user`: the final stage never switches to a non-root `USER`;
//! - `curl-pipe-shell`: `RUN` pipes a download straight into a shell;
//! - `add-from-url`: `ADD https://...` fetches unverified content at build time;
//! - `secret-in-env`: `ENV`/`ARG` bakes a literal password, token or key into the image.

use crate::context::{FileCtx, Hit, Output};
use crate::globs::GlobList;
use crate::text_pattern::redacted;
use crate::Inspector;
use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub files: Vec<String>,
    pub check: Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    BaseImageUnpinned,
    RootUser,
    CurlPipeShell,
    AddFromUrl,
    SecretInEnv,
}

/// One instruction: its keyword (upper-cased), arguments and first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub keyword: String,
    pub args: String,
    pub line: u32,
}

/// Splits a Dockerfile into instructions.
pub fn instructions(text: &str) -> Vec<Instruction> {
    let mut out = Vec::new();
    let mut current: Option<Instruction> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') && current.is_none() {
            continue;
        }
        let (body, continues) = match line.trim_end().strip_suffix('\\') {
            Some(b) => (b, true),
            None => (line, false),
        };
        match current.as_mut() {
            // Comment lines inside a continued instruction are dropped.
            Some(_) if trimmed.starts_with('#') => {}
            Some(ins) => {
                ins.args.push(' ');
                ins.args.push_str(body.trim());
            }
            None if !trimmed.is_empty() => {
                let body = body.trim();
                let (kw, args) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
                current = Some(Instruction {
                    keyword: kw.to_ascii_uppercase(),
                    args: args.trim().to_string(),
                    line: i as u32 + 1,
                });
            }
            None => {}
        }
        if !continues {
            out.extend(current.take());
        }
    }
    out.extend(current);
    out
}

static PIPE_SHELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[;&|(\s])(?:curl|wget)\s[^|;&]*\|\s*(?:sudo\s+)?(?:ba|z|a|da)?sh\b")
        .expect("valid")
});
static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:password|passwd|pwd|secret|token|api_?key|access_?key|private_?key|credentials?)",
    )
    .expect("valid")
});

pub struct Dockerfile {
    files: GlobList,
    check: Check,
}

impl Dockerfile {
    pub fn new(p: &Params) -> Result<Self, String> {
        Ok(Dockerfile {
            files: GlobList::new(&p.files, false)?,
            check: p.check,
        })
    }
}

impl Inspector for Dockerfile {
    fn file_globs(&self) -> Vec<String> {
        self.files.patterns().to_vec()
    }

    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        if !self.files.is_match(file.path) {
            return;
        }
        let all = instructions(file.text);
        let mut hit = |ins: &Instruction,
                       args: Vec<(&str, String)>,
                       matched: String,
                       redact: Option<&str>| {
            if let Some(secret) = redact.filter(|s| !s.is_empty()) {
                out.secrets.push(secret.to_string());
            }
            out.hits.push(Hit {
                path: file.path.to_string(),
                line: ins.line,
                column: 1,
                args: args.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                matched,
                source_line: crate::SHOW_LINE,
                ..Hit::default()
            });
        };
        match self.check {
            Check::BaseImageUnpinned => {
                let mut stages: Vec<String> = Vec::new();
                for ins in all.iter().filter(|i| i.keyword == "FROM") {
                    let words: Vec<&str> = ins
                        .args
                        .split_whitespace()
                        .filter(|w| !w.starts_with("--"))
                        .collect();
                    let Some(image) = words.first() else { continue };
                    let name = image.to_ascii_lowercase();
                    // `FROM build` after `FROM node AS build` names a stage, not an image.
                    let is_stage = stages.contains(&name);
                    if let (Some(kw), Some(alias)) = (words.get(1), words.get(2)) {
                        if kw.eq_ignore_ascii_case("as") {
                            stages.push(alias.to_ascii_lowercase());
                        }
                    }
                    if is_stage
                        || name == "scratch"
                        || image.contains('$')
                        || image.contains("@sha256:")
                    {
                        continue;
                    }
                    let last = image.rsplit('/').next().unwrap_or(image);
                    let tag = last.split_once(':').map(|(_, t)| t);
                    if tag.is_none() || tag == Some("latest") {
                        hit(
                            ins,
                            vec![("image", image.to_string())],
                            format!("FROM {image}"),
                            None,
                        );
                    }
                }
            }
            Check::RootUser => {
                let Some(last_from) = all.iter().rposition(|i| i.keyword == "FROM") else {
                    return;
                };
                let user = all[last_from..].iter().rev().find(|i| i.keyword == "USER");
                match user {
                    None => hit(
                        &all[last_from],
                        vec![("user", "root".into())],
                        "no USER".into(),
                        None,
                    ),
                    Some(u) => {
                        let name = u.args.split(':').next().unwrap_or("").trim();
                        if name == "root" || name == "0" {
                            hit(
                                u,
                                vec![("user", name.to_string())],
                                format!("USER {name}"),
                                None,
                            );
                        }
                    }
                }
            }
            Check::CurlPipeShell => {
                for ins in all
                    .iter()
                    .filter(|i| i.keyword == "RUN" && PIPE_SHELL.is_match(&i.args))
                {
                    let m = PIPE_SHELL.find(&ins.args).map_or("", |m| m.as_str()).trim();
                    hit(ins, vec![("match", m.to_string())], m.to_string(), None);
                }
            }
            Check::AddFromUrl => {
                for ins in all.iter().filter(|i| i.keyword == "ADD") {
                    if let Some(url) = ins
                        .args
                        .split_whitespace()
                        .find(|w| w.starts_with("http://") || w.starts_with("https://"))
                    {
                        hit(ins, vec![("url", url.to_string())], url.to_string(), None);
                    }
                }
            }
            Check::SecretInEnv => {
                for ins in all
                    .iter()
                    .filter(|i| i.keyword == "ENV" || i.keyword == "ARG")
                {
                    for (name, value) in env_pairs(&ins.args) {
                        if SECRET_NAME.is_match(&name) && looks_like_secret(&name, &value) {
                            let shown = format!("{}={}", name, redacted(&value));
                            hit(
                                ins,
                                vec![("name", name.clone()), ("value", shown)],
                                name.to_string(),
                                Some(&value),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// A literal value that could be a credential: not a variable, a number, a boolean, a path, or
/// the setting of a secret's file, length or lifetime.
fn looks_like_secret(name: &str, value: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let about = [
        "_FILE", "_PATH", "_DIR", "_LENGTH", "_LEN", "_TTL", "_TIMEOUT", "_ENABLED",
    ];
    value.len() >= 6
        && !value.starts_with('$')
        && !value.starts_with('/')
        && value.parse::<f64>().is_err()
        && !matches!(value.to_ascii_lowercase().as_str(), "true" | "false")
        && !about.iter().any(|s| upper.ends_with(s))
}

/// `A=1 B="x y"` or the legacy `A 1` form, as (name, unquoted value) pairs.
fn env_pairs(args: &str) -> Vec<(String, String)> {
    if !args.contains('=') {
        return match args.split_once(char::is_whitespace) {
            Some((k, v)) => vec![(k.to_string(), unquote(v.trim()))],
            None => vec![(args.to_string(), String::new())],
        };
    }
    let mut out = Vec::new();
    let mut rest = args.trim();
    while let Some((k, after)) = rest.split_once('=') {
        let k = k.trim();
        let (value, next) = if let Some(q) = after.strip_prefix('"') {
            let end = q.find('"').unwrap_or(q.len());
            (q[..end].to_string(), q.get(end + 1..).unwrap_or(""))
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (after[..end].to_string(), &after[end..])
        };
        out.push((k.to_string(), value));
        rest = next.trim_start();
    }
    out
}

fn unquote(s: &str) -> String {
    s.trim_matches('"').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(check: Check, text: &str) -> Vec<(u32, String)> {
        let d = Dockerfile::new(&Params {
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

    #[test]
    fn pinned_images_and_a_non_root_user_pass() {
        let ok =
            "FROM python:3.12-slim@sha256:abc AS base\nFROM base\nRUN useradd app\nUSER app:app\n";
        assert!(run(Check::BaseImageUnpinned, ok).is_empty());
        assert!(run(Check::RootUser, ok).is_empty());
        assert_eq!(
            run(Check::RootUser, "FROM alpine:3.20\nRUN echo hi\n"),
            vec![(1, "no USER".into())]
        );
    }
}
