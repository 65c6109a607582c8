//! `unresolved`: a route or router the model cannot follow (a handler chosen at run time, a
//! router built by a function it cannot see), for a person to review: trustlint does not know
//! whether it is authenticated, and says so rather than guess. Rust files that do not parse
//! are reported here as notifications.

use super::route_hit;
use crate::lang::rust::service::Service;
use crate::out::{Hit, Output};
use crate::pattern::PublicRoutes;
use trustlint_model::{Place, RouteOut, Text};

/// What the model could not follow.
#[derive(Debug, Default)]
pub struct Unresolved<'s> {
    /// Routes, neither public nor authenticated, whose standing is unknown.
    pub routes: Vec<&'s RouteOut>,
    /// Routers and services the model could not follow at all: where, and what.
    pub routers: &'s [(Place, Text)],
}

pub fn find<'s>(service: &'s Service, public: &PublicRoutes) -> Unresolved<'s> {
    Unresolved {
        routes: service
            .routes
            .iter()
            .filter(|r| !public.is_public(&r.path) && r.auth.is_none() && r.unresolved.is_some())
            .collect(),
        routers: &service.unresolved,
    }
}

impl Unresolved<'_> {
    pub fn record(&self, out: &mut Output) {
        out.hits.extend(self.routes.iter().map(|r| route_hit(r)));
        for (at, what) in self.routers {
            out.hits.push(
                Hit::at(at.path.as_str(), at.line, at.column)
                    .args_en_fr("what", "quoi", what.clone())
                    .matched(what.en.as_str()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::with_service;

    #[test]
    fn a_handler_chosen_at_run_time_is_for_review_an_ordinary_route_is_not() {
        let app = "use axum::{routing::get, Router};\nasync fn h() {}\npub fn app(flag: bool) -> Router {\n    Router::new()\n        .route(\"/plain\", get(h))\n        .route(\"/picked\", get(handlers::pick(flag)))\n}\n";
        let out = with_service(&[("src/main.rs", app)], &Default::default(), |repo| {
            let found = find(repo.rust_service(), &PublicRoutes::none());
            let paths: Vec<&str> = found.routes.iter().map(|r| r.path.as_str()).collect();
            assert_eq!(paths, vec!["/picked"]);
            let mut out = Output::default();
            found.record(&mut out);
            out
        });
        let what = out.hits[0].args.iter().find(|(k, _)| k == "what").unwrap();
        assert!(what.1.starts_with("`GET /picked` ("), "{what:?}");
    }
}
