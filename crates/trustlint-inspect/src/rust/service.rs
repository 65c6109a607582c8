//! One model of the repository's Rust web services, built once per scan and shared by the
//! `rust-routes` and `rust-service` rules: routes, servers, request logging and HSTS.

use super::names::Names;
use super::routes::{self, Route};
use super::{call_path, is_test_attr, is_test_path, pos, At, Crate};
use crate::context::{ParseError, RepoCtx};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, Item, Stmt};
use trustlint_model::Text;

/// A place in the repository.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub path: String,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone)]
pub struct RouteOut {
    pub method: String,
    pub path: String,
    pub at: Place,
    pub handler: String,
    pub handler_at: Option<Place>,
    pub auth: Option<String>,
    pub unresolved: Option<Text>,
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

impl Service {
    pub fn build(repo: &RepoCtx<'_>) -> Service {
        let mut files = Vec::new();
        let mut parse_errors = Vec::new();
        // Every Rust file of a crate that depends on a web framework (its handlers need not
        // name the framework), and elsewhere the files that mention one.
        let web_crates: Vec<&str> = repo
            .files
            .iter()
            .filter(|p| p.rsplit('/').next() == Some("Cargo.toml"))
            .filter(|p| (repo.read)(p).is_some_and(|t| crate::cargo_deps::serves_http(&t)))
            .map(|p| p.strip_suffix("Cargo.toml").unwrap_or(""))
            .collect();
        // First the files that name a framework (noted while the tree was read); then, in the
        // crates that depend on one, the files defining handlers that pass could not find
        // (they need not name the framework).
        for path in repo.interesting {
            let Some(text) = (repo.read)(path) else {
                continue;
            };
            match super::parse_raw(&text) {
                Ok(file) => files.push((path.clone(), file)),
                Err(e) => parse_errors.push((path.clone(), e)),
            }
        }
        let mut krate = Crate { files };
        let names = Names::new(repo.routes);
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
                    && repo.interesting.binary_search(p).is_err()
            });
            for path in rest {
                let Some(text) = (repo.read)(path).filter(|t| defines.is_match(t)) else {
                    continue;
                };
                match super::parse_raw(&text) {
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
                    handler: r.handler,
                    handler_at: r.handler_at.map(place),
                    auth: r.auth,
                    unresolved: r.unresolved,
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
            let mut v = Scan {
                file: i,
                out: Vec::new(),
                logging: None,
                hsts: None,
                stmts: &[],
            };
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

/// Finds servers, request logging and HSTS in one file.
struct Scan<'f> {
    file: usize,
    out: Vec<Server>,
    logging: Option<At>,
    hsts: Option<At>,
    /// The statements of the function being visited, to see what an address came from.
    stmts: &'f [Stmt],
}

const LOGGING: &[&str] = &[
    "TraceLayer",
    "TracingLogger",
    "Logger",
    "RequestLogger",
    "LoggerMiddleware",
];

impl<'f> Scan<'f> {
    fn items(&mut self, items: &'f [Item]) {
        for item in items {
            match item {
                Item::Fn(f) if !is_test_attr(&f.attrs) => {
                    self.stmts = &f.block.stmts;
                    if f.attrs.iter().any(|a| a.path().is_ident("launch")) {
                        self.rocket(&f.sig.ident);
                    }
                    self.visit_block(&f.block);
                }
                Item::Impl(imp) if !is_test_attr(&imp.attrs) => {
                    let tr = imp
                        .trait_
                        .as_ref()
                        .and_then(|(p, _)| p.segments.last())
                        .map(|s| s.ident.to_string());
                    if tr.as_deref() == Some("Fairing") && self.logging.is_none() {
                        self.logging = Some(At::of(self.file, &imp.self_ty));
                    }
                    for it in &imp.items {
                        if let syn::ImplItem::Fn(f) = it {
                            self.stmts = &f.block.stmts;
                            self.visit_block(&f.block);
                        }
                    }
                }
                Item::Mod(m) if !is_test_attr(&m.attrs) => {
                    if let Some((_, inner)) = &m.content {
                        self.items(inner);
                    }
                }
                Item::Const(c) => self.visit_expr(&c.expr),
                Item::Static(s) => self.visit_expr(&s.expr),
                _ => {}
            }
        }
    }

    fn rocket(&mut self, node: &impl Spanned) {
        if self.out.iter().any(|s| s.rocket) {
            return;
        }
        let (line, column) = pos(node.span());
        self.out.push(Server {
            at: Place {
                path: String::new(),
                line,
                column,
            },
            how: "rocket".into(),
            tls: false,
            loopback: false,
            rocket: true,
        });
    }

    fn server(&mut self, node: &impl Spanned, how: &str, tls: bool, args: &impl ToTokens) {
        let (line, column) = pos(node.span());
        let addr = self.expand(&args.to_token_stream().to_string());
        self.out.push(Server {
            at: Place {
                path: String::new(),
                line,
                column,
            },
            how: how.into(),
            tls,
            loopback: loopback(&addr),
            rocket: false,
        });
    }

    /// An address expression's text, with the `let`s it names spelled out (two levels).
    fn expand(&self, text: &str) -> String {
        let lets = lets(self.stmts);
        let mut out = text.to_string();
        for _ in 0..2 {
            let mut more = String::new();
            for (name, init) in &lets {
                if out
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|w| w == name)
                {
                    more.push(' ');
                    more.push_str(init);
                }
            }
            out.push_str(&more);
        }
        out
    }
}

fn lets(stmts: &[Stmt]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for s in stmts {
        if let Stmt::Local(l) = s {
            let name = match &l.pat {
                syn::Pat::Ident(i) => i.ident.to_string(),
                syn::Pat::Type(t) => match &*t.pat {
                    syn::Pat::Ident(i) => i.ident.to_string(),
                    _ => continue,
                },
                _ => continue,
            };
            if let Some(init) = &l.init {
                out.push((name, init.expr.to_token_stream().to_string()));
            }
        }
    }
    out
}

fn loopback(addr: &str) -> bool {
    let local = [
        "127.0.0.1",
        "localhost",
        "\"::1",
        "[::1]",
        "127 , 0 , 0 , 1",
        "LOCALHOST",
    ];
    let any = ["0.0.0.0", "UNSPECIFIED", "0 , 0 , 0 , 0", "\"::", "[::]"];
    local.iter().any(|l| addr.contains(l)) && !any.iter().any(|a| addr.contains(a))
}

fn chain_has(e: &Expr, f: &dyn Fn(&Expr) -> bool) -> bool {
    if f(e) {
        return true;
    }
    match e {
        Expr::MethodCall(m) => chain_has(&m.receiver, f),
        Expr::Try(t) => chain_has(&t.expr, f),
        Expr::Await(a) => chain_has(&a.base, f),
        Expr::Paren(p) => chain_has(&p.expr, f),
        _ => false,
    }
}

fn is_call_to(e: &Expr, segs: &[&str]) -> bool {
    match e {
        Expr::Call(c) => {
            let p = call_path(&c.func);
            p.len() >= segs.len()
                && p[p.len() - segs.len()..]
                    .iter()
                    .zip(segs)
                    .all(|(a, b)| a == b)
        }
        _ => false,
    }
}

fn has_method(e: &Expr, names: &[&str]) -> bool {
    chain_has(
        e,
        &|x| matches!(x, Expr::MethodCall(m) if names.iter().any(|n| m.method == n)),
    )
}

impl<'ast> Visit<'ast> for Scan<'_> {
    fn visit_item(&mut self, _: &'ast Item) {
        // Nested items are reached through `items`, with their own `let`s.
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        let p = call_path(&c.func);
        let s: Vec<&str> = p.iter().map(String::as_str).collect();
        let args = &c.args;
        match s.as_slice() {
            [.., "axum", "serve"] | ["serve"] if c.args.len() == 2 => {
                self.server(c, "axum::serve", false, args)
            }
            [.., "Server", "bind"] => self.server(c, "Server::bind", false, args),
            [.., "axum_server", "bind"] => self.server(c, "axum_server::bind", false, args),
            [.., "axum_server", b] if b.starts_with("bind_") => {
                self.server(c, &format!("axum_server::{b}"), true, args)
            }
            [.., "rocket", "build" | "custom"] => self.rocket(c),
            _ => {}
        }
        if s.iter().any(|x| LOGGING.contains(x)) && self.logging.is_none() {
            self.logging = Some(At::of(self.file, c));
        }
        if matches!(s.as_slice(), [.., "warp", "log" | "trace"]) && self.logging.is_none() {
            self.logging = Some(At::of(self.file, c));
        }
        if matches!(s.as_slice(), [.., "AdHoc", "on_request" | "on_response"])
            && self.logging.is_none()
        {
            self.logging = Some(At::of(self.file, c));
        }
        syn::visit::visit_expr_call(self, c);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let name = m.method.to_string();
        let args = &m.args;
        let recv: &Expr = &m.receiver;
        let actix = chain_has(recv, &|e| is_call_to(e, &["HttpServer", "new"]));
        let warp = chain_has(recv, &|e| is_call_to(e, &["warp", "serve"]));
        match name.as_str() {
            "bind_uds" if actix => {}
            "bind" | "bind_auto_h2c" | "listen" if actix => {
                self.server(&m.method, "HttpServer::bind", false, args)
            }
            n if actix && (n.starts_with("bind_") || n.starts_with("listen_")) => {
                self.server(&m.method, &format!("HttpServer::{n}"), true, args)
            }
            "run" | "bind" | "try_bind" | "bind_ephemeral" | "bind_with_graceful_shutdown"
                if warp =>
            {
                let tls = has_method(recv, &["tls"]);
                self.server(&m.method, "warp::serve", tls, args)
            }
            _ => {}
        }
        if matches!(name.as_str(), "layer" | "wrap" | "with")
            && self.logging.is_none()
            && m.args.iter().any(mentions_logging)
        {
            self.logging = Some(At::of(self.file, &m.method));
        }
        syn::visit::visit_expr_method_call(self, m);
    }

    fn visit_lit_str(&mut self, s: &'ast syn::LitStr) {
        if self.hsts.is_none() && s.value().eq_ignore_ascii_case("strict-transport-security") {
            self.hsts = Some(At::of(self.file, s));
        }
    }

    fn visit_ident(&mut self, i: &'ast proc_macro2::Ident) {
        let s = i.to_string();
        if self.hsts.is_none()
            && (s == "STRICT_TRANSPORT_SECURITY"
                || s.contains("Hsts")
                || s.starts_with("hsts")
                || s.contains("Helmet"))
        {
            self.hsts = Some(At::of(self.file, i));
        }
    }
}

/// A middleware whose name says it logs requests (`from_fn(log_requests)`).
fn mentions_logging(e: &Expr) -> bool {
    struct V(bool);
    impl<'ast> Visit<'ast> for V {
        fn visit_ident(&mut self, i: &'ast proc_macro2::Ident) {
            let s = i.to_string().to_ascii_lowercase();
            if s.contains("log") && !s.contains("login") && !s.contains("logout")
                || s.contains("trace")
            {
                self.0 = true;
            }
        }
    }
    let mut v = V(false);
    v.visit_expr(e);
    v.0
}
