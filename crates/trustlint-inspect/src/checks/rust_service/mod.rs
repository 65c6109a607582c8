//! The checks of the `rust-service` kind, on how the repository's Rust web services listen and
//! what they record, as the service model found it ([`crate::lang::rust::service`]).

pub mod hsts_missing;
pub mod plain_http;
pub mod request_logging_missing;

use crate::lang::rust::service::{Server, Service};
use crate::out::Hit;
use trustlint_model::Place;

/// The servers reachable from outside (not bound to loopback only).
fn exposed(service: &Service) -> Vec<&Server> {
    service.servers.iter().filter(|s| !s.loopback).collect()
}

/// A hit where a server starts listening; `{how}` says how (`axum::serve`).
fn server_hit(s: &Server) -> Hit {
    Hit::at(s.at.path.as_str(), s.at.line, s.at.column)
        .arg("how", s.how.as_str())
        .matched(s.how.as_str())
}

/// Evidence at a place: `path:line`.
fn place(at: &Place) -> String {
    format!("{}:{}", at.path, at.line)
}

#[cfg(test)]
mod test_support {
    pub const SERVE: &str = "use axum::{routing::get, Router};\nasync fn h() {}\n#[tokio::main]\nasync fn main() {\n    let app = Router::new().route(\"/\", get(h));\n    let l = tokio::net::TcpListener::bind(\"0.0.0.0:8080\").await.unwrap();\n    axum::serve(l, app).await.unwrap();\n}\n";
}
