//! `hsts-missing`: a service that never sets `Strict-Transport-Security`, in its code or in
//! the proxy configuration kept in the repository (server configs, Kubernetes and Helm YAML,
//! Terraform, Traefik's TOML). Without it a browser can be downgraded to plain HTTP on the
//! first visit.

use super::{exposed, place, server_hit};
use crate::ctx::RepoCtx;
use crate::lang::rust::service::{Server, Service};
use crate::out::Output;
use trustlint_model::Place;

/// Where, if anywhere, the service's HSTS comes from.
#[derive(Debug)]
pub enum HstsMissing<'s> {
    /// No server reachable from outside: nothing to inspect.
    NoExposedServer,
    /// Set in the service's code.
    InCode(&'s Place),
    /// Set by a proxy configuration in the repository.
    ByProxy(String),
    /// Set nowhere: reported at the first exposed server.
    Missing(&'s Server),
}

pub fn find<'s>(service: &'s Service, repo: &RepoCtx<'_>) -> HstsMissing<'s> {
    let Some(first) = exposed(service).first().copied() else {
        return HstsMissing::NoExposedServer;
    };
    if let Some(at) = &service.hsts {
        return HstsMissing::InCode(at);
    }
    let proxy = repo.files.iter().filter(|p| proxy_config(p)).find(|p| {
        (repo.read)(p).is_some_and(|t| {
            let t = t.to_ascii_lowercase();
            t.contains("strict-transport-security") || t.contains("hsts")
        })
    });
    match proxy {
        Some(p) => HstsMissing::ByProxy(p.clone()),
        None => HstsMissing::Missing(first),
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

impl HstsMissing<'_> {
    pub fn record(&self, out: &mut Output) {
        match self {
            HstsMissing::NoExposedServer => out.nothing_to_inspect = true,
            HstsMissing::InCode(at) => out.evidence.push(place(at)),
            HstsMissing::ByProxy(path) => out.evidence.push(path.clone()),
            HstsMissing::Missing(s) => out.hits.push(server_hit(s)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::SERVE;
    use super::*;
    use crate::checks::test_support::service_output;
    use trustlint_model::Profile;

    fn run(files: &[(&str, &str)]) -> Output {
        service_output(files, &Profile::default(), |s, repo, out| {
            find(s, repo).record(out)
        })
    }

    #[test]
    fn hsts_in_code_or_in_a_proxy_config_is_evidence_else_the_server_is_reported() {
        assert_eq!(run(&[("src/main.rs", SERVE)]).hits[0].line, 7);
        let nginx = (
            "deploy/nginx.conf",
            "add_header Strict-Transport-Security max-age=63072000;\n",
        );
        let out = run(&[("src/main.rs", SERVE), nginx]);
        assert!(out.hits.is_empty());
        assert_eq!(out.evidence, vec!["deploy/nginx.conf"]);
        let code = SERVE.replace(
            "let app = Router::new()",
            "let h = \"strict-transport-security\";\n    let app = Router::new()",
        );
        let out = run(&[("src/main.rs", &code)]);
        assert_eq!(out.evidence, vec!["src/main.rs:5"]);
    }
}
