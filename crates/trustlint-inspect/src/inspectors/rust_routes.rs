//! `rust-routes`: every route of the repository's Rust web services (axum, actix-web, rocket,
//! warp) and whether something authenticates it, from the service model the context builds
//! once per scan. Each rule picks one check (see `checks/rust_routes/`):
//!
//! - `unauthenticated`: a route nothing authenticates and the config does not declare public;
//! - `unresolved`: a route or router the model cannot follow, for a person to review.

use super::service_rule::ServiceRule;
use super::{Choice, Inspector};
use crate::checks::rust_routes::{unauthenticated, unresolved};
use crate::ctx::RepoCtx;
use crate::lang::rust::service::Service;
use crate::out::Output;
use crate::pattern::PublicRoutes;
use serde::Deserialize;

pub type Params = Choice<Check>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    Unauthenticated,
    Unresolved,
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(ServiceRule {
        check: p.check,
        run,
        // No watched files: in a diff-aware scan a route finding belongs to the change when
        // its registration's file changed. Watching every `.rs` file would put every open
        // route in every pull request; the whole-tree SARIF still shows a route a change
        // exposed elsewhere.
        watched: &[],
    }))
}

fn run(check: Check, service: &Service, repo: &RepoCtx<'_>, out: &mut Output) {
    if service.routes.is_empty() && service.unresolved.is_empty() {
        out.nothing_to_inspect = true;
    }
    // Patterns are checked when the config loads, so a bad one here is skipped.
    let public = PublicRoutes::new(&repo.routes.public).unwrap_or_else(|_| PublicRoutes::none());
    match check {
        Check::Unauthenticated => unauthenticated::find(service, &public).record(out),
        Check::Unresolved => {
            for (path, e) in &service.parse_errors {
                out.parse_error(path, e);
            }
            unresolved::find(service, &public).record(out);
        }
    }
}
