//! One model of the repository's Rust web services, built once per scan (the file context
//! keeps it) and shared by the `rust-routes` and `rust-service` rules: routes, servers,
//! request logging and HSTS.

use super::names::Names;
use super::routes::{self, Route};
use super::servers::Scan;
use super::{is_test_path, At, Crate};
use crate::formats::cargo;
use crate::out::ParseError;
use trustlint_model::{Place, RouteOut, RoutePolicy, Text};

/// The part of the repository the model reads: the file index, a reader under the engine's
/// safety rules, and the files that named a framework while the tree was read.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    /// Every file, relative and `/`-separated, sorted.
    pub files: &'a [String],
    pub read: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// The Rust files [`interesting`] accepted, sorted.
    pub interesting: &'a [String],
}

/// Where a service starts listening.
#[derive(Debug, Clone)]
pub struct Server {
    pub at: Place,
    /// How, for the message: `axum::serve`, `HttpServer::bind`, `warp::serve(..).run`, `rocket`.
    pub how: String,
    pub tls: bool,
    /// Bound to 127.0.0.1/localhost only: a development server, not reachable from outside.
    pub loopback: bool,
    pub rocket: bool,
}

#[derive(Debug, Default)]
pub struct Service {
    pub routes: Vec<RouteOut>,
    pub unresolved: Vec<(Place, Text)>,
    pub servers: Vec<Server>,
    /// The first request-logging layer, middleware or fairing.
    pub request_logging: Option<Place>,
    /// The first place HSTS is set in Rust code.
    pub hsts: Option<Place>,
    pub parse_errors: Vec<(String, ParseError)>,
}

/// Words that mark a Rust file as part of a web service; others are not parsed here.
pub const WEB: &[&str] = &[
    "axum",
    "actix_web",
    "rocket",
    "warp::",
    "Router::",
    "Router<",
    "ServiceConfig",
    "#[get(",
    "#[post(",
    "#[put(",
    "#[delete(",
    "#[patch(",
    "#[route(",
];

/// Whether a Rust file is one the service model reads (see `Inspector::interest_globs`).
pub fn interesting(path: &str, text: &str) -> bool {
    !is_test_path(path) && WEB.iter().any(|w| text.contains(w))
}

/// The dispatch prefilter equivalent to [`interesting`].
pub fn prefilter() -> Vec<String> {
    vec![WEB
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")]
}

/// The folders of the outermost Cargo manifests: each is one project (a crate or a
/// workspace), whose code can call only into itself and its dependencies.
fn project_roots(files: &[String]) -> Vec<&str> {
    let dirs: Vec<&str> = files
        .iter()
        .filter(|p| p.rsplit('/').next() == Some("Cargo.toml"))
        .map(|p| p.strip_suffix("Cargo.toml").unwrap_or(""))
        .collect();
    dirs.iter()
        .copied()
        .filter(|d| !dirs.iter().any(|o| o != d && d.starts_with(o)))
        .collect()
}

impl Service {
    /// One model per Rust project (the outermost `Cargo.toml` and below), built and dropped in
    /// turn, so that a tree holding dozens of services keeps one project's syntax trees in
    /// memory at a time, and names one project defines never decide another's routes.
    pub fn build(repo: Sources<'_>, policy: &RoutePolicy) -> Service {
        let roots = project_roots(repo.files);
        let mut groups: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
        for path in repo.interesting {
            let root = roots
                .iter()
                .copied()
                .find(|r| path.starts_with(r))
                .unwrap_or("");
            groups.entry(root).or_default().push(path.clone());
        }
        let mut service = Service::default();
        for (root, interesting) in groups {
            let one = Service::build_project(repo, policy, root, &interesting);
            service.routes.extend(one.routes);
            service.unresolved.extend(one.unresolved);
            service.servers.extend(one.servers);
            service.parse_errors.extend(one.parse_errors);
            service.request_logging = service.request_logging.or(one.request_logging);
            service.hsts = service.hsts.or(one.hsts);
        }
        service
    }

    fn build_project(
        repo: Sources<'_>,
        policy: &RoutePolicy,
        root: &str,
        interesting: &[String],
    ) -> Service {
        let mut files = Vec::new();
        let mut parse_errors = Vec::new();
        // Every Rust file of a crate that depends on a web framework (its handlers need not
        // name the framework), and elsewhere the files that mention one.
        let web_crates: Vec<&str> = repo
            .files
            .iter()
            .filter(|p| p.starts_with(root) && p.rsplit('/').next() == Some("Cargo.toml"))
            .filter(|p| (repo.read)(p).is_some_and(|t| cargo::serves_http(&t)))
            .map(|p| p.strip_suffix("Cargo.toml").unwrap_or(""))
            .collect();
        // First the files that name a framework (noted while the tree was read); then, in the
        // crates that depend on one, the files defining handlers that pass could not find
        // (they need not name the framework).
        for path in interesting {
            let Some(text) = (repo.read)(path) else {
                continue;
            };
            match super::parse::parse_raw(&text) {
                Ok(file) => files.push((path.clone(), file)),
                Err(e) => parse_errors.push((path.clone(), e)),
            }
        }
        let mut krate = Crate { files };
        let mut names = Names::new(policy);
        names.learn(&krate);
        let mut model = routes::analyse(&krate, &names);
        let first = krate.files.len();
        if !model.missing.is_empty() {
            let defines = regex::Regex::new(&format!(
                r"(?-u:\b)fn\s+(?:{})(?-u:\b)",
                model
                    .missing
                    .iter()
                    .map(|m| regex::escape(m))
                    .collect::<Vec<_>>()
                    .join("|")
            ))
            .expect("escaped names form a valid regex");
            let rest = repo.files.iter().filter(|p| {
                p.ends_with(".rs")
                    && !is_test_path(p)
                    && web_crates.iter().any(|d| p.starts_with(d))
                    && interesting.binary_search(p).is_err()
            });
            for path in rest {
                let Some(text) = (repo.read)(path).filter(|t| defines.is_match(t)) else {
                    continue;
                };
                match super::parse::parse_raw(&text) {
                    Ok(file) => krate.files.push((path.clone(), file)),
                    Err(e) => parse_errors.push((path.clone(), e)),
                }
            }
        }
        // Only when the second step found a file is the model built again.
        if krate.files.len() > first {
            model = routes::analyse(&krate, &names);
        }
        let place = |at: At| Place {
            path: krate.files[at.file].0.clone(),
            line: at.line,
            column: at.column,
        };
        let mut service = Service {
            routes: model
                .routes
                .into_iter()
                .map(|r: Route| RouteOut {
                    method: r.method,
                    path: r.path,
                    at: place(r.at),
                    registered_at: r.registered_at.map(place),
                    handler: r.handler,
                    handler_at: r.handler_at.map(place),
                    auth: r.auth,
                    optional_auth: r.optional_auth,
                    unresolved: r.unresolved,
                    shape: r.shape,
                })
                .collect(),
            unresolved: model
                .unresolved
                .into_iter()
                .map(|u| (place(u.at), u.what))
                .collect(),
            parse_errors,
            ..Service::default()
        };
        for (i, (path, file)) in krate.files.iter().enumerate() {
            let mut v = Scan::new(i);
            v.items(&file.items);
            let at = |a: At| Place {
                path: path.clone(),
                line: a.line,
                column: a.column,
            };
            service.servers.extend(v.out.into_iter().map(|mut s| {
                s.at.path = path.clone();
                s
            }));
            if service.request_logging.is_none() {
                service.request_logging = v.logging.map(at);
            }
            if service.hsts.is_none() {
                service.hsts = v.hsts.map(at);
            }
        }
        service
    }
}
