//! The routes of the repository's Rust web services as today's route model reports them:
//! what the route rules judge and `trustlint routes` lists. The typed
//! [`RouteFact`](crate::RouteFact) is the shape the per-framework adapters will produce instead.

use crate::Text;

/// A place in the repository: a `/`-separated path relative to the root, 1-based line and
/// column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub path: String,
    pub line: u32,
    pub column: u32,
}

/// One route: its method and path, where it is registered, its handler, and what
/// authenticates it (or why the model could not tell).
#[derive(Debug, Clone)]
pub struct RouteOut {
    pub method: String,
    pub path: String,
    pub at: Place,
    pub handler: String,
    pub handler_at: Option<Place>,
    /// What authenticates the route (`layer \`auth::require_login\``), if anything does.
    pub auth: Option<String>,
    /// An extractor that authenticates only when a credential is sent (`Option<Claims>`):
    /// the handler serves anonymous callers on purpose.
    pub optional_auth: Option<String>,
    /// Why the model could not follow the route, when it could not.
    pub unresolved: Option<Text>,
}

/// Routes that are public by design wherever they appear, by path segment: the convention a
/// route matches is named in `trustlint routes` and the report. Matched whole segments only
/// (`/users/login` is sign-in, `/loginHistory` is not).
const CONVENTIONS: &[(&str, &[&str])] = &[
    (
        "health check",
        &[
            "health",
            "healthz",
            "healthcheck",
            "health-check",
            "livez",
            "readyz",
            "liveness",
            "readiness",
            "ping",
        ],
    ),
    (
        "sign-in",
        &[
            "login", "logout", "signin", "sign-in", "signout", "sign-out",
        ],
    ),
    ("registration", &["register", "signup", "sign-up"]),
    (
        "password reset",
        &[
            "forgot-password",
            "reset-password",
            "password-reset",
            "forgot_password",
            "reset_password",
        ],
    ),
    (
        "e-mail verification",
        &[
            "verify-email",
            "confirm-email",
            "verify_email",
            "confirm_email",
        ],
    ),
    (
        "OAuth/OIDC",
        &["oauth", "oauth2", "oidc", "callback", "authorize"],
    ),
    ("well-known document", &[".well-known", "nodeinfo"]),
    (
        "static assets",
        &["static", "assets", "favicon.ico", "robots.txt"],
    ),
    (
        "API documentation",
        &[
            "docs",
            "openapi.json",
            "openapi.yaml",
            "swagger",
            "swagger-ui",
            "redoc",
            "graphiql",
            "explorer",
            "playground",
        ],
    ),
];

impl RouteOut {
    /// The convention that makes this route public by design, if one does.
    pub fn public_by_convention(&self) -> Option<&'static str> {
        let segs: Vec<String> = self
            .path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        CONVENTIONS
            .iter()
            .find(|(_, words)| segs.iter().any(|s| words.contains(&s.as_str())))
            .map(|(name, _)| *name)
    }

    /// A read whose handler authenticates only callers that send a credential: anonymous
    /// callers are served on purpose. A state-changing route with optional authentication is
    /// still open.
    pub fn optional_read(&self) -> bool {
        self.optional_auth.is_some()
            && ["GET", "HEAD", "OPTIONS"].contains(&self.method.to_ascii_uppercase().as_str())
    }
}
