//! `unauthenticated`: a route nothing authenticates (no extractor, guard, layer or check in
//! its handler) that the config does not declare public in `[routes] public`. Anyone who can
//! reach the service can call it. Pinned on the registration, with the handler as a related
//! place; routes declared public are listed as evidence, never reported.

use super::route_hit;
use crate::lang::rust::service::Service;
use crate::out::Output;
use crate::pattern::PublicRoutes;
use trustlint_model::RouteOut;

/// What the check makes of the service's routes.
#[derive(Debug, Default)]
pub struct Unauthenticated<'s> {
    /// Routes nothing authenticates, in model order.
    pub routes: Vec<&'s RouteOut>,
    /// Routes the config declares public.
    pub public: Vec<&'s RouteOut>,
    /// Routes public by design (health, sign-in, OAuth, well-known documents, docs, reads
    /// that authenticate only callers who send a credential, stubs, federation documents,
    /// fallbacks that redirect), with the reason.
    pub by_design: Vec<(&'s RouteOut, String)>,
    /// How many routes something authenticates.
    pub authenticated: usize,
}

pub fn find<'s>(service: &'s Service, public: &PublicRoutes) -> Unauthenticated<'s> {
    let mut found = Unauthenticated::default();
    for r in &service.routes {
        if public.is_public(&r.path) {
            found.public.push(r);
        } else if r.auth.is_some() {
            found.authenticated += 1;
        } else if let Some(why) = r.public_by_design(&service.routes) {
            found.by_design.push((r, why));
        } else if r.unresolved.is_none() {
            found.routes.push(r);
        }
    }
    found
}

impl Unauthenticated<'_> {
    pub fn record(&self, out: &mut Output) {
        for r in &self.public {
            out.evidence.push(format!(
                "{} {} declared public ({}:{})",
                r.method, r.path, r.at.path, r.at.line
            ));
        }
        for (r, why) in &self.by_design {
            out.evidence.push(format!(
                "{} {} {why} ({}:{})",
                r.method, r.path, r.at.path, r.at.line
            ));
        }
        out.hits.extend(self.routes.iter().map(|r| route_hit(r)));
        if self.authenticated > 0 {
            out.evidence
                .push(format!("{} route(s) authenticated", self.authenticated));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::APP;
    use super::*;
    use crate::checks::test_support::with_service;

    #[test]
    fn an_open_route_is_found_a_public_or_authenticated_one_is_not() {
        with_service(&[("src/main.rs", APP)], &Default::default(), |repo| {
            check(repo.rust_service())
        });
    }

    fn check(s: &Service) {
        let public = PublicRoutes::new(&["/health".into()]).unwrap();
        let found = find(s, &public);
        let paths = |v: &[&RouteOut]| v.iter().map(|r| r.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&found.routes), vec!["/users"]);
        assert_eq!(paths(&found.public), vec!["/health"]);
        assert_eq!(found.authenticated, 1);
        let mut out = Output::default();
        found.record(&mut out);
        assert_eq!(
            (out.hits[0].line, out.hits[0].matched.as_str()),
            (8, "GET /users list")
        );
        assert_eq!(out.hits[0].related[0].message, "handler `list`");
        assert_eq!(
            out.evidence,
            vec![
                "GET /health declared public (src/main.rs:7)",
                "1 route(s) authenticated"
            ]
        );
    }
}
