//! `request-logging-missing`: a service with routes and no request-logging layer, middleware
//! or fairing (`TraceLayer`, `actix_web::middleware::Logger`, `warp::log`, a rocket fairing).
//! Without a record of requests, an incident cannot be reconstructed.

use super::{place, server_hit};
use crate::lang::rust::service::{Server, Service};
use crate::out::{Hit, Output};
use trustlint_model::{Place, RouteOut};

/// Whether the service logs its requests.
#[derive(Debug)]
pub enum RequestLogging<'s> {
    /// The service has no routes: nothing to inspect.
    NoRoutes,
    /// The first request-logging layer, middleware or fairing.
    Present(&'s Place),
    /// None: reported at the first server.
    MissingAtServer(&'s Server),
    /// None, and no server found: reported at the first route.
    MissingAtRoute(&'s RouteOut),
}

pub fn find(service: &Service) -> RequestLogging<'_> {
    let Some(route) = service.routes.first() else {
        return RequestLogging::NoRoutes;
    };
    if let Some(at) = &service.request_logging {
        return RequestLogging::Present(at);
    }
    match service.servers.first() {
        Some(s) => RequestLogging::MissingAtServer(s),
        None => RequestLogging::MissingAtRoute(route),
    }
}

impl RequestLogging<'_> {
    pub fn record(&self, out: &mut Output) {
        match self {
            RequestLogging::NoRoutes => out.nothing_to_inspect = true,
            RequestLogging::Present(at) => out.evidence.push(place(at)),
            RequestLogging::MissingAtServer(s) => out.hits.push(server_hit(s)),
            RequestLogging::MissingAtRoute(r) => out.hits.push(
                Hit::at(r.at.path.as_str(), r.at.line, r.at.column)
                    .arg("how", "router")
                    .matched("router"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::SERVE;
    use super::*;
    use crate::checks::test_support::{places, service_output};
    use trustlint_model::Profile;

    fn run(files: &[(&str, &str)]) -> Output {
        service_output(files, &Profile::default(), |s, _, out| find(s).record(out))
    }

    #[test]
    fn routes_without_a_logging_layer_are_found_at_the_server() {
        let out = run(&[("src/main.rs", SERVE)]);
        assert_eq!(places(&out.hits), vec![(7, 5, "axum::serve".into())]);
        let traced = SERVE.replace(
            ".route(\"/\", get(h))",
            ".route(\"/\", get(h)).layer(TraceLayer::new_for_http())",
        );
        let out = run(&[("src/main.rs", &traced)]);
        assert!(out.hits.is_empty());
        assert_eq!(out.evidence, vec!["src/main.rs:5"]);
    }

    #[test]
    fn a_router_without_a_server_is_reported_at_its_first_route() {
        let lib = "use axum::{routing::get, Router};\nasync fn h() {}\npub fn app() -> Router {\n    Router::new().route(\"/a\", get(h))\n}\n";
        let out = run(&[("src/lib.rs", lib)]);
        assert_eq!(out.hits[0].matched, "router");
        assert!(run(&[]).nothing_to_inspect);
    }
}
