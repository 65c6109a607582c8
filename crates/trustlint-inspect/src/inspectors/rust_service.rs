//! `rust-service`: how the repository's Rust web services listen and what they record, from
//! the service model the context builds once per scan. Each rule picks one check (see
//! `checks/rust_service/`):
//!
//! - `plain-http`: a server bound without TLS, unless a TLS-terminating proxy is declared or
//!   it listens on loopback only;
//! - `hsts-missing`: a service that never sets `Strict-Transport-Security`, in its code or in
//!   the proxy configuration kept in the repository;
//! - `request-logging-missing`: a service with routes and no request-logging layer,
//!   middleware or fairing.

use super::service_rule::ServiceRule;
use super::{Choice, Inspector};
use crate::checks::rust_service::{hsts_missing, plain_http, request_logging_missing};
use crate::ctx::RepoCtx;
use crate::lang::rust::service::Service;
use crate::out::Output;
use serde::Deserialize;

pub type Params = Choice<Check>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    PlainHttp,
    HstsMissing,
    RequestLoggingMissing,
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(ServiceRule {
        check: p.check,
        run,
        watched: &["**/*.rs", "**/Rocket.toml"],
    }))
}

fn run(check: Check, service: &Service, repo: &RepoCtx<'_>, out: &mut Output) {
    match check {
        Check::PlainHttp => plain_http::find(service, repo).record(out),
        Check::HstsMissing => hsts_missing::find(service, repo).record(out),
        Check::RequestLoggingMissing => request_logging_missing::find(service).record(out),
    }
}
