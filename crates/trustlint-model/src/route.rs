//! The typed route model every framework adapter produces, whatever the language: one
//! [`RouteFact`] per endpoint, with a [`Standing`] that says who may call it and the evidence
//! for that. The route rules, `trustlint routes` and the checklist report all read these
//! values; none of them re-derives a standing.

use crate::{Location, Text};
use serde::Serialize;
use std::fmt;

/// An HTTP method, or `Any` for a route that accepts every method (`axum::routing::any`, a
/// Flask view without `methods=`, an Express `app.all`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
    Trace,
    Connect,
    Any,
    /// A method the model could not name (a variable, a custom verb).
    Unknown,
}

impl HttpMethod {
    /// Parses a method name in any case (`get`, `GET`, `HttpMethod::POST`'s last part).
    pub fn parse(name: &str) -> HttpMethod {
        match name.to_ascii_uppercase().as_str() {
            "GET" => HttpMethod::Get,
            "HEAD" => HttpMethod::Head,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "PATCH" => HttpMethod::Patch,
            "DELETE" => HttpMethod::Delete,
            "OPTIONS" => HttpMethod::Options,
            "TRACE" => HttpMethod::Trace,
            "CONNECT" => HttpMethod::Connect,
            "ANY" | "ALL" | "ROUTE" => HttpMethod::Any,
            _ => HttpMethod::Unknown,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Head => "HEAD",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Trace => "TRACE",
            HttpMethod::Connect => "CONNECT",
            HttpMethod::Any => "ANY",
            HttpMethod::Unknown => "?",
        }
    }

    /// Whether a request with this method can change state; `Any` can.
    pub fn changes_state(&self) -> bool {
        !matches!(
            self,
            HttpMethod::Get | HttpMethod::Head | HttpMethod::Options | HttpMethod::Trace
        )
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of code does the authenticating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthKind {
    /// A router layer (`axum` `.layer()`/`.route_layer()`).
    Layer,
    /// Middleware (`actix` `.wrap()`, Express `app.use(auth)`, Django middleware).
    Middleware,
    /// A handler parameter whose extraction authenticates (`Claims`, `Depends(current_user)`).
    Extractor,
    /// A request guard (`rocket` `FromRequest`, NestJS `@UseGuards`, DRF permission classes).
    Guard,
    /// A filter in a filter chain (`warp`).
    Filter,
    /// A decorator on the view (`@login_required`).
    Decorator,
    /// A check the handler makes itself (a token compared, a session read then rejected).
    HandlerCheck,
    /// A request signature the handler verifies (HMAC webhooks, ActivityPub inboxes).
    Signature,
}

/// How the model knows that a piece of code authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Inference {
    /// Its body reads a credential and can reject the request.
    Body,
    /// A framework or library construct documented to authenticate (`login_required`,
    /// `passport.authenticate`, `OAuth2PasswordBearer`).
    Known,
    /// Its name says so (the fallback when the body cannot be read).
    Name,
    /// The configuration's `[routes] auth-names` says so.
    Config,
}

/// One piece of evidence that a route is authenticated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthEvidence {
    pub kind: AuthKind,
    /// The name as written (`auth::require_login`, `Claims`, `login_required`).
    pub name: String,
    /// Where the authenticating code is defined or applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
    pub inferred: Inference,
}

/// Why a route is public on purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum PublicReason {
    /// A pattern of the configuration's `[routes] public`.
    Declared { pattern: String },
    /// A documented convention (health checks, login, static assets...), named.
    Conventional { convention: String },
    /// The code says so (`AllowAny`, `@Public()`, `permission_classes = []`).
    InCode { what: String },
}

/// Who may call a route, and how the model knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "standing", rename_all = "kebab-case")]
pub enum Standing {
    Authenticated {
        evidence: Vec<AuthEvidence>,
    },
    Public {
        reason: PublicReason,
    },
    /// Anyone may call it; a caller who is signed in is recognised (`Option<User>`).
    OptionalAuthentication {
        evidence: Vec<AuthEvidence>,
    },
    /// Nothing authenticates it and nothing says it is public.
    Open,
    /// The model cannot tell: the reason names the exact expression it could not follow.
    Unresolved {
        reason: Text,
    },
}

impl Standing {
    pub fn as_str(&self) -> &'static str {
        match self {
            Standing::Authenticated { .. } => "authenticated",
            Standing::Public { .. } => "public",
            Standing::OptionalAuthentication { .. } => "optional-authentication",
            Standing::Open => "open",
            Standing::Unresolved { .. } => "unresolved",
        }
    }
}

/// A route's handler: its name as written and, when found, where it is defined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handler {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

/// One endpoint of a web service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteFact {
    /// The framework adapter that found it (`axum`, `actix-web`, `flask`, `express`...).
    pub framework: String,
    pub method: HttpMethod,
    /// The full path, with prefixes the model could not compute kept as a placeholder
    /// segment (`{base}/api/users`).
    pub path: String,
    /// Where the route itself is declared: the `#[get("/…")]` attribute, the `.route("/…"`
    /// call, the `@app.route` decorator. Findings are anchored here.
    pub declared_at: Location,
    /// Where it is mounted, when elsewhere (`mount`, `nest`, `include_router`, `app.use`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_at: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handler: Option<Handler>,
    #[serde(flatten)]
    pub standing: Standing,
    /// Only compiled or served in development (`#[cfg(debug_assertions)]`, a dev feature):
    /// listed, never reported.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dev_only: bool,
}

impl RouteFact {
    /// What a route finding's fingerprint is built from: it does not move when routes are
    /// reordered or lines are inserted.
    pub fn identity(&self) -> String {
        let handler = self.handler.as_ref().map_or("", |h| h.name.as_str());
        format!("{} {} {}", self.method, self.path, handler)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_parse_in_any_case_and_say_whether_they_change_state() {
        assert_eq!(HttpMethod::parse("get"), HttpMethod::Get);
        assert_eq!(HttpMethod::parse("DELETE"), HttpMethod::Delete);
        assert_eq!(HttpMethod::parse("all"), HttpMethod::Any);
        assert_eq!(HttpMethod::parse("frobnicate"), HttpMethod::Unknown);
        assert!(!HttpMethod::Get.changes_state());
        assert!(HttpMethod::Post.changes_state() && HttpMethod::Any.changes_state());
    }

    #[test]
    fn standing_serialises_with_its_evidence() {
        let s = Standing::Authenticated {
            evidence: vec![AuthEvidence {
                kind: AuthKind::Extractor,
                name: "Claims".into(),
                at: None,
                inferred: Inference::Body,
            }],
        };
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["standing"], "authenticated");
        assert_eq!(v["evidence"][0]["kind"], "extractor");
        assert_eq!(v["evidence"][0]["inferred"], "body");
    }
}
