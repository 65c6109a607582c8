//! `rust-service`: how the repository's Rust web services listen and what they record. Checks:
//!
//! - `plain-http`: a server bound without TLS (`axum::serve`, `HttpServer::bind`,
//!   `warp::serve(..).run`, rocket without a `tls` table), unless the profile declares a
//!   TLS-terminating proxy or it listens on loopback only;
//! - `hsts-missing`: a service that never sets `Strict-Transport-Security`, in its code or in
//!   the proxy configuration kept in the repository;
//! - `request-logging-missing`: a service with routes and no request-logging layer,
//!   middleware or fairing.

use crate::context::{FileCtx, Hit, Output, RepoCtx};
use crate::rust::service::{Server, Service};
use crate::Inspector;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub check: Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    PlainHttp,
    HstsMissing,
    RequestLoggingMissing,
}

pub struct RustService(Check);

impl RustService {
    pub fn new(p: &Params) -> Self {
        RustService(p.check)
    }
}

/// Proxy and ingress configuration that may set HSTS for the service: server configs,
/// Kubernetes and Helm YAML, Terraform, and Traefik's TOML.
fn proxy_config(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name == "caddyfile"
        || (name.contains("traefik") && name.ends_with(".toml"))
        || [".conf", ".yaml", ".yml", ".tf"]
            .iter()
            .any(|e| name.ends_with(e))
}

/// Rocket reads TLS settings from `Rocket.toml` (`[default.tls]`, `[release.tls]`) or from
/// `ROCKET_TLS` in the environment.
fn rocket_tls(repo: &RepoCtx<'_>) -> bool {
    repo.files.iter().any(|p| {
        let name = p.rsplit('/').next().unwrap_or(p);
        (name == "Rocket.toml"
            && (repo.read)(p).is_some_and(|t| {
                t.lines()
                    .any(|l| l.trim_start().starts_with('[') && l.contains(".tls"))
            }))
            || (name.ends_with(".rs")
                && (repo.read)(p).is_some_and(|t| t.contains("TlsConfig::from_paths")))
    })
}

fn hit(s: &Server, how: &str) -> Hit {
    Hit {
        path: s.at.path.clone(),
        line: s.at.line,
        column: s.at.column,
        args: vec![("how".into(), how.to_string())],
        matched: how.to_string(),
        ..Hit::default()
    }
}

impl Inspector for RustService {
    fn interest_globs(&self) -> Vec<String> {
        vec!["**/*.rs".into()]
    }

    fn prefilter(&self) -> Vec<String> {
        crate::rust::service::prefilter()
    }

    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        out.interesting = crate::rust::service::interesting(file.path, file.text);
    }

    fn watched(&self) -> Vec<String> {
        vec!["**/*.rs".into(), "**/Rocket.toml".into()]
    }

    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        let service = repo
            .shared
            .rust_service
            .get_or_init(|| Service::build(repo));
        let exposed: Vec<&Server> = service.servers.iter().filter(|s| !s.loopback).collect();
        out.nothing_to_inspect = match self.0 {
            Check::PlainHttp | Check::HstsMissing => exposed.is_empty(),
            Check::RequestLoggingMissing => service.routes.is_empty(),
        };
        match self.0 {
            Check::PlainHttp => {
                if repo.profile.tls_proxy == Some(true) {
                    if !exposed.is_empty() {
                        out.evidence
                            .push("TLS terminated by a proxy (profile tls-proxy)".into());
                    }
                    return;
                }
                let rocket_tls = exposed.iter().any(|s| s.rocket) && rocket_tls(repo);
                for s in &exposed {
                    if s.tls || (s.rocket && rocket_tls) {
                        out.evidence.push(format!("{}:{}", s.at.path, s.at.line));
                        continue;
                    }
                    out.hits.push(hit(s, &s.how));
                }
            }
            Check::HstsMissing => {
                let Some(first) = exposed.first() else {
                    return;
                };
                if let Some(at) = &service.hsts {
                    out.evidence.push(format!("{}:{}", at.path, at.line));
                    return;
                }
                let proxy = repo.files.iter().filter(|p| proxy_config(p)).find(|p| {
                    (repo.read)(p).is_some_and(|t| {
                        let t = t.to_ascii_lowercase();
                        t.contains("strict-transport-security") || t.contains("hsts")
                    })
                });
                match proxy {
                    Some(p) => out.evidence.push(p.clone()),
                    None => out.hits.push(hit(first, &first.how)),
                }
            }
            Check::RequestLoggingMissing => {
                if service.routes.is_empty() {
                    return;
                }
                if let Some(at) = &service.request_logging {
                    out.evidence.push(format!("{}:{}", at.path, at.line));
                    return;
                }
                match service.servers.first() {
                    Some(s) => out.hits.push(hit(s, &s.how)),
                    None => {
                        let r = &service.routes[0];
                        out.hits.push(Hit {
                            path: r.at.path.clone(),
                            line: r.at.line,
                            column: r.at.column,
                            args: vec![("how".into(), "router".into())],
                            matched: "router".into(),
                            ..Hit::default()
                        });
                    }
                }
            }
        }
    }
}
