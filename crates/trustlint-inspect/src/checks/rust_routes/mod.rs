//! The checks of the `rust-routes` kind, on the routes of the repository's Rust web services
//! as the service model found them ([`crate::lang::rust::service`]).

pub mod unauthenticated;
pub mod unresolved;

use crate::out::Hit;
use trustlint_model::{Location, Related, RouteOut};

/// A hit on a route's registration, with its handler as a related place. `{what}`/`{quoi}`
/// say why the model could not follow it, when it could not.
fn route_hit(r: &RouteOut) -> Hit {
    let (what, quoi) = match &r.unresolved {
        Some(why) => (
            format!("`{} {}` ({})", r.method, r.path, why.en),
            format!("`{} {}` ({})", r.method, r.path, why.fr),
        ),
        None => Default::default(),
    };
    let mut hit = Hit::at(r.at.path.as_str(), r.at.line, r.at.column)
        .arg("method", r.method.as_str())
        .arg("route", r.path.as_str())
        .arg("handler", r.handler.as_str())
        .arg("what", what)
        .arg("quoi", quoi);
    if let Some(reg) = &r.registered_at {
        hit = hit.related(Related {
            location: Location {
                path: reg.path.clone(),
                line: reg.line,
                column: reg.column,
                end_line: None,
                end_column: None,
            },
            message: "registered here".to_string(),
        });
    }
    if let Some(h) = &r.handler_at {
        hit = hit.related(Related {
            location: Location {
                path: h.path.clone(),
                line: h.line,
                column: h.column,
                end_line: None,
                end_column: None,
            },
            message: format!("handler `{}`", r.handler),
        });
    }
    // Method, full path and handler: the fingerprint survives reordering the routes.
    hit.matched(format!("{} {} {}", r.method, r.path, r.handler))
}

#[cfg(test)]
mod test_support {
    pub const APP: &str = "use axum::{routing::get, Router};\nasync fn health() {}\nasync fn list() {}\nasync fn admin() {}\npub fn app() -> Router {\n    Router::new()\n        .route(\"/health\", get(health))\n        .route(\"/users\", get(list))\n        .route(\"/admin\", get(admin).layer(axum::middleware::from_fn(auth::require_admin)))\n}\n";
}
