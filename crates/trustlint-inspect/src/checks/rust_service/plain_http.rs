//! `plain-http`: a server bound without TLS (`axum::serve`, `HttpServer::bind`,
//! `warp::serve(..).run`, rocket without a `tls` table), unless the profile declares a
//! TLS-terminating proxy (`tls-proxy = true`) or it listens on loopback only. Whatever it
//! serves, passwords and personal information included, crosses the network in clear.

use super::{exposed, place, server_hit};
use crate::ctx::RepoCtx;
use crate::lang::rust::service::{Server, Service};
use crate::out::Output;

/// How the service's exposed servers listen.
#[derive(Debug)]
pub enum PlainHttp<'s> {
    /// No server reachable from outside: nothing to inspect.
    NoExposedServer,
    /// The profile declares a TLS-terminating proxy in front of them.
    BehindProxy,
    /// Each exposed server, and whether it serves TLS itself.
    Servers(Vec<(&'s Server, bool)>),
}

pub fn find<'s>(service: &'s Service, repo: &RepoCtx<'_>) -> PlainHttp<'s> {
    let exposed = exposed(service);
    if exposed.is_empty() {
        return PlainHttp::NoExposedServer;
    }
    if repo.profile.tls_proxy == Some(true) {
        return PlainHttp::BehindProxy;
    }
    let rocket_tls = exposed.iter().any(|s| s.rocket) && rocket_tls(repo);
    PlainHttp::Servers(
        exposed
            .into_iter()
            .map(|s| (s, s.tls || (s.rocket && rocket_tls)))
            .collect(),
    )
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

impl PlainHttp<'_> {
    pub fn record(&self, out: &mut Output) {
        match self {
            PlainHttp::NoExposedServer => out.nothing_to_inspect = true,
            PlainHttp::BehindProxy => out
                .evidence
                .push("TLS terminated by a proxy (profile tls-proxy)".into()),
            PlainHttp::Servers(servers) => {
                for (s, tls) in servers {
                    if *tls {
                        out.evidence.push(place(&s.at));
                    } else {
                        out.hits.push(server_hit(s));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::SERVE;
    use super::*;
    use crate::checks::test_support::{places, service_output};
    use trustlint_model::Profile;

    fn run(files: &[(&str, &str)], profile: &Profile) -> Output {
        service_output(files, profile, |s, repo, out| find(s, repo).record(out))
    }

    #[test]
    fn a_plain_server_is_found_unless_a_proxy_terminates_tls_or_it_is_loopback() {
        let out = run(&[("src/main.rs", SERVE)], &Profile::default());
        assert_eq!(places(&out.hits), vec![(7, 5, "axum::serve".into())]);
        let proxy = Profile {
            tls_proxy: Some(true),
            ..Profile::default()
        };
        let out = run(&[("src/main.rs", SERVE)], &proxy);
        assert!(out.hits.is_empty());
        assert_eq!(
            out.evidence,
            vec!["TLS terminated by a proxy (profile tls-proxy)"]
        );
        let local = SERVE.replace("0.0.0.0", "127.0.0.1");
        let out = run(&[("src/main.rs", &local)], &Profile::default());
        assert!(out.hits.is_empty() && out.nothing_to_inspect);
    }
}
