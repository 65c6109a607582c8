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
    /// Where the route is declared (the `.route("/…"` call, the `#[get("/…")]` attribute).
    pub at: Place,
    /// Where an attribute-declared route is registered (`routes![…]`, `.service(h)`).
    pub registered_at: Option<Place>,
    pub handler: String,
    pub handler_at: Option<Place>,
    /// What authenticates the route (`layer \`auth::require_login\``), if anything does.
    pub auth: Option<String>,
    /// An extractor that authenticates only when a credential is sent (`Option<Claims>`):
    /// the handler serves anonymous callers on purpose.
    pub optional_auth: Option<String>,
    /// Why the model could not follow the route, when it could not.
    pub unresolved: Option<Text>,
    /// What the handler's signature or body shows beyond authentication.
    pub shape: Option<Shape>,
}

/// What a handler is, read from its signature and body, that bears on whether it must
/// authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// The body only panics (`unimplemented!()`): the route serves nothing.
    Stub(String),
    /// The handler returns a redirect and nothing else (`Flash<Redirect>`).
    Redirect(String),
    /// A handler that reads nothing from the request and only redirects to a fixed place
    /// (`|| async { Redirect::to("/ui") }`).
    FixedRedirect(String),
    /// A handler that reads nothing from the request and returns a fixed page
    /// (`Html(include_str!("sink.html"))`).
    Constant(String),
    /// The handler returns or reads an ActivityPub document (`ActivityStream<Person>`):
    /// actors and collections are fetched anonymously by other servers, by the protocol.
    Federation(String),
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
    /// The last segment, with nothing before it but `api` and versions (`/status`,
    /// `/api/v1/version`; `/orders/{id}/status` is an order's).
    Top,
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
    // The steps of a sign-in flow live under it (`/login/totp`, `/login/passkey`).
    ("sign-in", At::Any, &["login", "signin", "sign-in"]),
    ("service status", At::Top, &["status", "version"]),
    (
        "registration",
        At::Last,
        &["register", "signup", "signups", "sign-up"],
    ),
    (
        "password reset",
        At::Last,
        &[
            "forgot-password",
            "reset-password",
            "password-reset",
            "forgot_password",
            "reset_password",
            "recover",
            "account-recovery",
            "account_recovery",
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
            "confirm-account",
            "confirm_account",
            "verify-account",
            "verify_account",
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
        &["static", "assets", "public", "favicon.ico", "robots.txt"],
    ),
    (
        "static assets",
        At::Last,
        &["manifest.webmanifest", "site.webmanifest", "manifest.json"],
    ),
    (
        "public keys",
        At::Last,
        &[
            "jwk",
            "jwks",
            "jwks.json",
            "public-key",
            "public_key",
            "publickey",
        ],
    ),
    (
        "syndication feed",
        At::Last,
        &[
            "atom.xml",
            "rss.xml",
            "feed.xml",
            "feed.atom",
            "feed.rss",
            "atom",
            "rss",
        ],
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

/// Words a sign-in or registration segment may end with after `_` or `-`
/// (`/oauth_login/{provider}`, `/email_signups/new`): other conventions match whole segments
/// only, so `/patient_health` stays health data.
const TAIL_WORDS: &[&str] = &["login", "logout", "signin", "signup", "signups", "register"];

fn is_param(seg: &str) -> bool {
    seg.starts_with(['<', '{', ':', '*'])
}

impl RouteOut {
    /// The convention that makes this route public by design, if one does.
    pub fn public_by_convention(&self) -> Option<&'static str> {
        // The site's front door: an index page or a redirect to sign-in.
        if self.is_read() && self.path.trim_matches('/').is_empty() {
            return Some("site root");
        }
        let segs: Vec<String> = self
            .path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        // The last segment that names something: `/password-reset/<token>` is a password
        // reset, `/email_signups/new` a registration form.
        let named = segs
            .iter()
            .rposition(|s| !is_param(s) && s != "new")
            .unwrap_or(segs.len().checked_sub(1)?);
        let last = segs.len().checked_sub(1)?;
        let matches = |at: At, words: &[&str]| {
            let word = |i: usize| words.contains(&segs[i].as_str());
            match at {
                At::Last => {
                    let tail = segs[named].rsplit(['_', '-']).next().unwrap_or_default();
                    word(named) || (TAIL_WORDS.contains(&tail) && words.contains(&tail))
                }
                At::First => word(0),
                At::Any => (0..segs.len()).any(word),
                At::AfterAuth => {
                    last > 0
                        && word(last)
                        && ["auth", "sso", "login"].contains(&segs[last - 1].as_str())
                }
                At::Top => {
                    let version = |s: &str| {
                        s.strip_prefix('v')
                            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                    };
                    word(last) && segs[..last].iter().all(|s| s == "api" || version(s))
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
        self.optional_auth.is_some() && self.is_read()
    }

    fn is_read(&self) -> bool {
        ["GET", "HEAD", "OPTIONS"].contains(&self.method.to_ascii_uppercase().as_str())
    }

    /// Why a route nothing authenticates is public by design, if it is: a conventional path,
    /// a read with optional authentication, a stub, a federation document, or the fallback
    /// of an authenticated route that only redirects (rocket's ranked routes: `GET /dashboard`
    /// with a `User` guard, then `GET /dashboard` rank 2 sending everyone else to sign in).
    /// `routes` is the whole service, for the fallback.
    pub fn public_by_design(&self, routes: &[RouteOut]) -> Option<String> {
        if let Some(c) = self.public_by_convention() {
            return Some(format!("public (conventional: {c})"));
        }
        if self.optional_read() {
            let how = self.optional_auth.as_deref().unwrap_or_default();
            return Some(format!("public with optional authentication (`{how}`)"));
        }
        match &self.shape {
            Some(Shape::Stub(m)) => Some(format!("serves nothing (handler is `{m}`)")),
            Some(Shape::FixedRedirect(e)) if self.is_read() => {
                Some(format!("only redirects (`{e}`)"))
            }
            Some(Shape::Constant(e)) if self.is_read() => {
                Some(format!("serves a fixed page (`{e}`)"))
            }
            Some(Shape::Federation(t)) if self.is_read() => {
                Some(format!("public (federation document: `{t}`)"))
            }
            Some(Shape::Redirect(t)) => {
                // A read that redirects may stand in for a write too (`GET /@/<name>/follow`
                // sending signed-out callers to sign in before `POST /@/<name>/follow`).
                let same = |o: &RouteOut| {
                    o.auth.is_some()
                        && (self.is_read() || o.method.eq_ignore_ascii_case(&self.method))
                        && same_path(&o.path, &self.path)
                };
                let guarded = routes.iter().find(|o| same(o))?;
                Some(format!(
                    "fallback of the authenticated `{}` (handler returns `{t}`)",
                    guarded.handler
                ))
            }
            _ => None,
        }
    }
}

/// Paths equal up to parameter names (`/~/<blog>/new` and `/~/<name>/new`).
fn same_path(a: &str, b: &str) -> bool {
    let norm = |p: &str| -> Vec<String> {
        p.split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                if is_param(s) {
                    "*".into()
                } else {
                    s.to_string()
                }
            })
            .collect()
    };
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convention(method: &str, path: &str) -> Option<&'static str> {
        route(method, path, None, None).public_by_convention()
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
            ("/password-reset/<token>", "password reset"),
            ("/oauth_login/:provider", "sign-in"),
            ("/email_signups/new", "registration"),
            ("/public/{*path}", "static assets"),
            ("/~/<name>/atom.xml", "syndication feed"),
            ("/confirm-account/{token}", "e-mail verification"),
            ("/ui/login/totp", "sign-in"),
            ("/status", "service status"),
            ("/api/v1/version", "service status"),
            ("/manifest.webmanifest", "static assets"),
            ("/v1/jwk/{key_id}", "public keys"),
            ("/ui/recover", "password reset"),
            ("/", "site root"),
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
            "/patient_health",
            "/users/new",
            "/login_attempts/{id}",
            "/users/{id}/feed",
            "/orders/{id}/status",
            "/admin/version",
            "/api/login_attempts",
        ] {
            assert_eq!(convention("GET", path), None, "{path}");
        }
        // A write at the root is not a front door.
        assert_eq!(convention("POST", "/"), None);
    }

    fn route(method: &str, path: &str, auth: Option<&str>, shape: Option<Shape>) -> RouteOut {
        RouteOut {
            method: method.into(),
            path: path.into(),
            at: Place {
                path: "src/main.rs".into(),
                line: 1,
                column: 1,
            },
            handler: format!("{}_{}", method.to_lowercase(), path.len()),
            registered_at: None,
            handler_at: None,
            auth: auth.map(Into::into),
            optional_auth: None,
            unresolved: None,
            shape,
        }
    }

    #[test]
    fn shapes_decide_only_where_they_should() {
        let stub = route(
            "POST",
            "/timeline/new",
            None,
            Some(Shape::Stub("todo!()".into())),
        );
        assert!(stub
            .public_by_design(&[])
            .unwrap()
            .contains("serves nothing"));

        let actor = Some(Shape::Federation("ActivityStream<Person>".into()));
        let get = route("GET", "/@/<name>", None, actor.clone());
        assert!(get.public_by_design(&[]).unwrap().contains("federation"));
        // A federation type on a write decides nothing: inboxes must verify signatures.
        assert_eq!(
            route("POST", "/@/<name>/inbox", None, actor).public_by_design(&[]),
            None
        );

        let redirect = Some(Shape::Redirect("Flash<Redirect>".into()));
        let fallback = route("GET", "/~/<blog>/new", None, redirect.clone());
        let guarded = route("GET", "/~/<name>/new", Some("extractor `User`"), None);
        let other = route("POST", "/~/<name>/new", Some("extractor `User`"), None);
        assert!(fallback
            .public_by_design(&[guarded.clone(), fallback.clone()])
            .unwrap()
            .contains("fallback of the authenticated"));
        let post = route("POST", "/~/<blog>/new", None, redirect.clone());
        // A redirect with no authenticated twin is an open route like any other; a write
        // that redirects stands in only for a write.
        assert_eq!(post.public_by_design(&[guarded, fallback.clone()]), None);
        assert!(fallback.public_by_design(&[other]).is_some());
        assert_eq!(
            fallback.public_by_design(std::slice::from_ref(&fallback)),
            None
        );
        assert_eq!(
            route("POST", "/posts/<id>/delete", None, redirect).public_by_design(&[]),
            None
        );
    }
}
