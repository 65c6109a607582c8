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

/// Where in a route's path a convention's word must stand. Position keeps look-alikes out:
/// `/api/health` is a health check, `/health/records/{id}` is health data; `/docs` is API
/// documentation, `/cases/{id}/docs` is a case's documents.
#[derive(Clone, Copy)]
enum At {
    /// The last segment (`/users/login`, `/healthz`).
    Last,
    /// The first segment (`/.well-known/…`, `/static/…`, `/docs/…`).
    First,
    /// Any segment (`/oauth/token`, `/oauth2/callback`).
    Any,
    /// The last segment, right after `auth`, `sso` or `login` (`/auth/callback`).
    AfterAuth,
}

/// Routes that are public by design, by the words of their path: the convention a route
/// matches is named in `trustlint routes` and the report. Whole segments only, compared in
/// lower case (`/loginHistory` is not sign-in).
const CONVENTIONS: &[(&str, At, &[&str])] = &[
    (
        "health check",
        At::Last,
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
        At::Last,
        &[
            "login", "logout", "signin", "sign-in", "signout", "sign-out",
        ],
    ),
    ("registration", At::Last, &["register", "signup", "sign-up"]),
    (
        "password reset",
        At::Last,
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
        At::Last,
        &[
            "verify-email",
            "confirm-email",
            "verify_email",
            "confirm_email",
        ],
    ),
    (
        "OAuth/OIDC",
        At::Any,
        &["oauth", "oauth2", "oidc", "openid"],
    ),
    ("OAuth/OIDC", At::AfterAuth, &["callback", "authorize"]),
    (
        "well-known document",
        At::First,
        &[".well-known", "nodeinfo"],
    ),
    (
        "static assets",
        At::First,
        &["static", "assets", "favicon.ico", "robots.txt"],
    ),
    (
        "API documentation",
        At::First,
        &[
            "docs",
            "api-docs",
            "swagger",
            "swagger-ui",
            "redoc",
            "openapi.json",
            "openapi.yaml",
        ],
    ),
    (
        "API documentation",
        At::Last,
        &[
            "openapi.json",
            "openapi.yaml",
            "swagger.json",
            "graphiql",
            "playground",
            "explorer",
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
        let last = segs.len().checked_sub(1)?;
        let matches = |at: At, words: &[&str]| {
            let word = |i: usize| words.contains(&segs[i].as_str());
            match at {
                At::Last => word(last),
                At::First => word(0),
                At::Any => (0..segs.len()).any(word),
                At::AfterAuth => {
                    last > 0
                        && word(last)
                        && ["auth", "sso", "login"].contains(&segs[last - 1].as_str())
                }
            }
        };
        CONVENTIONS
            .iter()
            .find(|(_, at, words)| matches(*at, words))
            .map(|(name, _, _)| *name)
    }

    /// A read whose handler authenticates only callers that send a credential: anonymous
    /// callers are served on purpose. A state-changing route with optional authentication is
    /// still open.
    pub fn optional_read(&self) -> bool {
        self.optional_auth.is_some()
            && ["GET", "HEAD", "OPTIONS"].contains(&self.method.to_ascii_uppercase().as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convention(method: &str, path: &str) -> Option<&'static str> {
        RouteOut {
            method: method.into(),
            path: path.into(),
            at: Place {
                path: "src/main.rs".into(),
                line: 1,
                column: 1,
            },
            handler: "h".into(),
            handler_at: None,
            auth: None,
            optional_auth: None,
            unresolved: None,
        }
        .public_by_convention()
    }

    #[test]
    fn conventions_match_by_position_and_look_alikes_do_not() {
        for (path, want) in [
            ("/healthz", "health check"),
            ("/api/v1/health", "health check"),
            ("/users/login", "sign-in"),
            ("/oauth/token", "OAuth/OIDC"),
            ("/auth/callback", "OAuth/OIDC"),
            ("/.well-known/webfinger", "well-known document"),
            ("/nodeinfo/2.1", "well-known document"),
            ("/static/{*path}", "static assets"),
            ("/docs", "API documentation"),
            ("/graphql/explorer", "API documentation"),
        ] {
            assert_eq!(convention("GET", path), Some(want), "{path}");
        }
        for path in [
            "/health/records/{id}",
            "/account/login_history",
            "/loginHistory",
            "/cases/{id}/docs",
            "/payments/callback",
            "/users/{id}/static",
            "/",
        ] {
            assert_eq!(convention("GET", path), None, "{path}");
        }
    }
}
