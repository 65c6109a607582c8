//! The route model: every route a Rust web service registers (method, full path, handler) and
//! what, if anything, authenticates it. Router-building code is evaluated abstractly:
//!
//! - axum: `Router::new()`, `.route(path, get(h).post(h2))`, `.nest(prefix, router)`,
//!   `.merge(router)`, and `.layer()`/`.route_layer()`, which cover only the routes added
//!   before them;
//! - actix-web: `App::new()`, `web::scope`, `web::resource`, `.service(h)` for `#[get("/p")]`
//!   handlers, `.route(path, web::get().to(h))`, `.configure(f)`, and `.wrap()`, which covers
//!   the whole app, scope or resource whatever its place in the chain;
//! - rocket: `.mount(base, routes![a, b])` with `#[get("/p")]` handlers (request guards);
//! - warp: filter chains (`warp::path`, `path!`, `.and()`, `.or()`, `.and_then(h)`).
//!
//! Local variables and functions returning routers (in any file) are followed. A handler or
//! router the evaluation cannot follow becomes an [`Unresolved`], never a guess.

use super::names::Names;
use super::{call_path, file_mods, last_ident, str_lit, At, Crate, FnDef, Index};
use std::collections::{BTreeMap, BTreeSet};
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, FnArg, Stmt};
use trustlint_model::{Shape, Text};

#[derive(Debug, Clone)]
pub struct Route {
    pub method: String,
    pub path: String,
    /// Where the route is declared: the path literal of `.route("/…", …)`, or the
    /// `#[get("/…")]` attribute of an actix or rocket handler.
    pub at: At,
    /// Where a route declared by an attribute is registered (the handler in `routes![]` or
    /// `.service(h)`), when that is elsewhere.
    pub registered_at: Option<At>,
    pub handler: String,
    pub handler_at: Option<At>,
    /// What authenticates it: a layer, middleware, extractor or guard.
    pub auth: Option<String>,
    /// An extractor that authenticates only when a credential is sent (`Option<Claims>`).
    pub optional_auth: Option<String>,
    /// Why its authentication cannot be decided.
    pub unresolved: Option<Text>,
    /// What the handler is beyond authentication (a stub, a redirect, a federation document).
    pub shape: Option<Shape>,
}

/// Something the model could not follow (a router from another crate, a handler it cannot
/// find): a person must look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub at: At,
    pub what: Text,
}

#[derive(Debug, Default)]
pub struct Model {
    pub routes: Vec<Route>,
    pub unresolved: Vec<Unresolved>,
    /// Handler names no analysed file defines: where to look next.
    pub missing: BTreeSet<String>,
}

const METHODS: &[&str] = &[
    "get", "post", "put", "delete", "patch", "head", "options", "trace", "connect",
];

/// Services that serve files or API documentation: not endpoints to authenticate.
const STATIC: &[&str] = &[
    "ServeDir",
    "ServeFile",
    "Files",
    "SwaggerUi",
    "Redoc",
    "RapiDoc",
    "Scalar",
    "FileServer",
];

/// Layers and middleware that never authenticate; their arguments are not searched for
/// authentication names (`Extension(user_repo)` is state, not a login check).
const NEVER_AUTH_LAYERS: &[&str] = &[
    "Extension",
    "AddExtensionLayer",
    "TraceLayer",
    "CorsLayer",
    "CompressionLayer",
    "TimeoutLayer",
    "Logger",
    "TracingLogger",
    "DefaultHeaders",
    "Compress",
    "Cors",
    "NormalizePath",
    "HandleErrorLayer",
    "CatchPanicLayer",
    "RequestBodyLimitLayer",
    "DefaultBodyLimit",
    "SetRequestIdLayer",
    "PropagateRequestIdLayer",
    "SetSensitiveHeadersLayer",
    "SetResponseHeaderLayer",
    "GovernorLayer",
    "with_state",
];

#[derive(Debug, Clone, Default)]
struct Val {
    routes: Vec<Route>,
    unresolved: Vec<Unresolved>,
    /// A scope's or resource's own prefix, or a warp filter's path so far.
    prefix: String,
    /// A warp filter's method, or an actix resource's.
    method: Option<String>,
    /// actix `.wrap()` on this app/scope/resource, or an authenticating warp filter: covers
    /// every route it holds, including those added later.
    auth: Option<String>,
    /// `routes![...]` (rocket): handler paths waiting for `mount`.
    rocket: Vec<(Vec<String>, At)>,
}

impl Val {
    fn cover(&mut self, auth: &str) {
        // What could not be followed is behind the layer too.
        self.unresolved.clear();
        for r in &mut self.routes {
            if r.auth.is_none() {
                r.auth = Some(auth.to_string());
                r.unresolved = None;
            }
        }
    }

    /// Adds a child's routes under `prefix`, with this value's own blanket authentication.
    fn absorb(&mut self, mut child: Val, prefix: &str) {
        for mut r in child.routes.drain(..) {
            r.path = join(prefix, &r.path);
            if r.auth.is_none() {
                if let Some(a) = &self.auth {
                    r.auth = Some(a.clone());
                    r.unresolved = None;
                }
            }
            self.routes.push(r);
        }
        self.unresolved.append(&mut child.unresolved);
    }
}

fn join(prefix: &str, path: &str) -> String {
    let mut out = String::new();
    for part in [prefix, path] {
        for seg in part.split('/').filter(|s| !s.is_empty()) {
            out.push('/');
            out.push_str(seg);
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

struct Binding<'a> {
    val: Option<Val>,
    expr: Option<&'a Expr>,
    used: bool,
}

type Env<'a> = BTreeMap<String, Binding<'a>>;

struct Ev<'a, 'n> {
    krate: &'a Crate,
    idx: &'a Index<'a>,
    names: &'n Names,
    depth: u32,
    memo: BTreeMap<At, Option<Val>>,
    consumed: BTreeSet<At>,
    /// Router values built and left inside nested blocks (`if`, closures): still served.
    spill: Vec<Val>,
    missing: BTreeSet<String>,
}

const MAX_DEPTH: u32 = 12;

pub fn analyse(krate: &Crate, names: &Names) -> Model {
    let idx = krate.index();
    let mut ev = Ev {
        krate,
        idx: &idx,
        names,
        depth: 0,
        memo: BTreeMap::new(),
        consumed: BTreeSet::new(),
        spill: Vec::new(),
        missing: BTreeSet::new(),
    };
    // Names used as values or called anywhere: a router function named here but not followed
    // is mounted somewhere the model cannot see (passed in a closure, say).
    let mut referenced = Referenced::default();
    for (_, file) in &krate.files {
        referenced.visit_file(file);
    }
    let mut roots: Vec<(At, Vec<Val>)> = Vec::new();
    for defs in idx.fns.values() {
        for f in defs {
            let mut vals = ev.root(f);
            let name = f.sig.ident.to_string();
            if router_like(f) && referenced.0.get(&name).is_some_and(|n| *n > 0) {
                for v in &mut vals {
                    for r in v.routes.iter_mut().filter(|r| r.auth.is_none()) {
                        r.unresolved = Some(Text::new(
                            format!("registered by `{name}`, which is used where the analysis cannot follow"),
                            format!("enregistrée par `{name}`, utilisée là où l'analyse ne peut la suivre"),
                        ));
                    }
                }
            }
            if !vals.is_empty() {
                roots.push((At::of(f.file, &f.sig.ident), vals));
            }
        }
    }
    let mut model = Model::default();
    let mut seen: BTreeMap<(At, String), usize> = BTreeMap::new();
    roots.sort_by_key(|(at, _)| *at);
    for (at, vals) in roots {
        if ev.consumed.contains(&at) {
            continue;
        }
        for v in vals {
            model.unresolved.extend(v.unresolved);
            for r in v.routes {
                // One route reached through several roots: keep the unauthenticated reading.
                match seen.get(&(r.at, r.method.clone())) {
                    Some(&i) => {
                        if model.routes[i].auth.is_some() && r.auth.is_none() {
                            model.routes[i] = r;
                        }
                    }
                    None => {
                        seen.insert((r.at, r.method.clone()), model.routes.len());
                        model.routes.push(r);
                    }
                }
            }
        }
    }
    model
        .routes
        .sort_by(|a, b| (a.at, &a.method).cmp(&(b.at, &b.method)));
    model
        .unresolved
        .sort_by(|a, b| (a.at, &a.what.en).cmp(&(b.at, &b.what.en)));
    model.unresolved.dedup();
    model.missing = ev.missing;
    model
}

fn key(f: &FnDef<'_>) -> At {
    At::of(f.file, &f.sig.ident)
}

/// Whether a function's signature says it builds routes.
fn router_like(f: &FnDef<'_>) -> bool {
    const WORDS: &[&str] = &[
        "Router",
        "Filter",
        "Scope",
        "Resource",
        "App",
        "Rocket",
        "Route",
        "HttpServiceFactory",
        "Build",
        "BoxedFilter",
    ];
    let returns = match &f.sig.output {
        syn::ReturnType::Default => false,
        syn::ReturnType::Type(_, t) => type_names_any(t, WORDS),
    };
    returns || config_param(f).is_some()
}

/// The `cfg` of an actix `fn config(cfg: &mut web::ServiceConfig)`.
fn config_param(f: &FnDef<'_>) -> Option<String> {
    f.sig.inputs.iter().find_map(|a| match a {
        FnArg::Typed(p) if type_names_any(&p.ty, &["ServiceConfig"]) => match &*p.pat {
            syn::Pat::Ident(i) => Some(i.ident.to_string()),
            _ => None,
        },
        _ => None,
    })
}

/// Whether a type names any of `words` (without printing it: this runs for every function).
fn type_names_any(ty: &syn::Type, words: &[&str]) -> bool {
    struct V<'w>(&'w [&'w str], bool);
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_ident(&mut self, i: &'ast proc_macro2::Ident) {
            if !self.1 && self.0.iter().any(|w| i == w) {
                self.1 = true;
            }
        }
    }
    let mut v = V(words, false);
    v.visit_type(ty);
    v.1
}

impl<'a> Ev<'a, '_> {
    fn path_of(&self, file: usize) -> &str {
        &self.krate.files[file].0
    }

    /// Every router value a function builds and does not hand on: its result, what it serves,
    /// and bindings nothing used.
    fn root(&mut self, f: &FnDef<'a>) -> Vec<Val> {
        let outer = std::mem::take(&mut self.spill);
        let mut env = Env::new();
        if let Some(cfg) = config_param(f) {
            env.insert(
                cfg,
                Binding {
                    val: Some(Val::default()),
                    expr: None,
                    used: false,
                },
            );
        }
        let mut loose = Vec::new();
        if let Some(v) = self.block(f.file, &f.block.stmts, &mut env, &mut loose) {
            loose.push(v);
        }
        loose.extend(
            env.into_values()
                .filter(|b| !b.used)
                .filter_map(|b| b.val)
                .filter(|v| !v.routes.is_empty() || !v.unresolved.is_empty()),
        );
        loose.extend(std::mem::replace(&mut self.spill, outer));
        loose.retain(|v| !v.routes.is_empty() || !v.unresolved.is_empty());
        loose
    }

    /// A function's router, for a caller (memoised; recursion and depth bounded).
    fn call_fn(&mut self, f: &FnDef<'a>) -> Option<Val> {
        let k = key(f);
        self.consumed.insert(k);
        if let Some(v) = self.memo.get(&k) {
            return v.clone();
        }
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.memo.insert(k, None);
        self.depth += 1;
        let outer = std::mem::take(&mut self.spill);
        let mut env = Env::new();
        let cfg = config_param(f);
        if let Some(cfg) = &cfg {
            env.insert(
                cfg.clone(),
                Binding {
                    val: Some(Val::default()),
                    expr: None,
                    used: false,
                },
            );
        }
        let mut loose = Vec::new();
        let tail = self.block(f.file, &f.block.stmts, &mut env, &mut loose);
        let result = match cfg {
            Some(cfg) => env.remove(&cfg).and_then(|b| b.val),
            None => tail,
        };
        self.spill = outer;
        self.depth -= 1;
        self.memo.insert(k, result.clone());
        result
    }

    fn block(
        &mut self,
        file: usize,
        stmts: &'a [Stmt],
        env: &mut Env<'a>,
        loose: &mut Vec<Val>,
    ) -> Option<Val> {
        for (i, stmt) in stmts.iter().enumerate() {
            let last = i + 1 == stmts.len();
            match stmt {
                Stmt::Local(l) => {
                    let Some(name) = pat_name(&l.pat) else {
                        continue;
                    };
                    let expr = l.init.as_ref().map(|i| &*i.expr);
                    let val = expr.and_then(|e| self.eval(file, e, env));
                    let old = env.insert(
                        name,
                        Binding {
                            val,
                            expr,
                            used: false,
                        },
                    );
                    // A shadowed router nothing used is still served, maybe.
                    if let Some(Binding {
                        val: Some(v),
                        used: false,
                        ..
                    }) = old
                    {
                        loose.push(v);
                    }
                }
                Stmt::Expr(e, semi) => {
                    if let Expr::Assign(a) = e {
                        if let Some(name) = last_ident(&a.left) {
                            let val = self.eval(file, &a.right, env);
                            env.insert(
                                name,
                                Binding {
                                    val,
                                    expr: Some(&a.right),
                                    used: false,
                                },
                            );
                            continue;
                        }
                    }
                    if let Expr::Return(r) = e {
                        if let Some(x) = &r.expr {
                            return self.eval(file, x, env);
                        }
                        continue;
                    }
                    // `cfg.service(...)` / `app = ...`: a chain on a binding updates it.
                    let root = chain_root(e);
                    let val = self.eval(file, e, env);
                    if last && semi.is_none() {
                        return val;
                    }
                    if let Some(name) = root.filter(|n| env.contains_key(n.as_str())) {
                        if env[&name].val.is_some() && val.is_some() {
                            let b = env.get_mut(&name).expect("checked");
                            b.val = val;
                            b.used = false;
                            continue;
                        }
                    }
                    if let Some(v) = val {
                        loose.push(v);
                    }
                }
                Stmt::Item(_) | Stmt::Macro(_) => {}
            }
        }
        None
    }

    fn nested(&mut self, file: usize, stmts: &'a [Stmt], env: &mut Env<'a>) -> Option<Val> {
        let mut loose = Vec::new();
        let v = self.block(file, stmts, env, &mut loose);
        self.spill.append(&mut loose);
        v
    }

    fn eval(&mut self, file: usize, e: &'a Expr, env: &mut Env<'a>) -> Option<Val> {
        match e {
            Expr::Paren(p) => self.eval(file, &p.expr, env),
            Expr::Group(g) => self.eval(file, &g.expr, env),
            Expr::Reference(r) => self.eval(file, &r.expr, env),
            Expr::Try(t) => self.eval(file, &t.expr, env),
            Expr::Await(a) => self.eval(file, &a.base, env),
            Expr::Closure(c) => self.eval(file, &c.body, env),
            Expr::Async(a) => self.nested(file, &a.block.stmts, env),
            Expr::Block(b) => self.nested(file, &b.block.stmts, env),
            Expr::Path(p) if p.path.segments.len() == 1 => {
                let b = env.get_mut(&p.path.segments[0].ident.to_string())?;
                b.used = true;
                b.val.clone()
            }
            Expr::Call(c) => self.call(file, c, env),
            Expr::MethodCall(m) => self.method(file, m, env),
            Expr::Macro(m) => self.mac(file, &m.mac),
            // Either branch may be the one that runs: the routes of both are reachable.
            Expr::If(i) => {
                let then = self.nested(file, &i.then_branch.stmts, env);
                let other = i
                    .else_branch
                    .as_ref()
                    .and_then(|(_, e)| self.eval(file, e, env));
                union([then, other])
            }
            Expr::Match(m) => {
                let arms: Vec<Option<Val>> = m
                    .arms
                    .iter()
                    .map(|a| self.eval(file, &a.body, env))
                    .collect();
                union(arms)
            }
            _ => None,
        }
    }

    fn call(&mut self, file: usize, c: &'a syn::ExprCall, env: &mut Env<'a>) -> Option<Val> {
        let path = call_path(&c.func);
        let last = path.last()?.as_str();
        let has = |s: &str| path.iter().any(|p| p == s);
        let arg = |i: usize| c.args.iter().nth(i);
        match last {
            "new" if has("Router") || has("App") || has("OpenApiRouter") => Some(Val::default()),
            "new" if has("HttpServer") => self.eval(file, arg(0)?, env),
            "build" | "custom" if has("rocket") => Some(Val::default()),
            "scope" | "resource" if has("web") || c.args.len() == 1 => Some(Val {
                prefix: str_lit(arg(0)?)?,
                ..Val::default()
            }),
            "serve" | "Ok" | "Some" | "run" if has("axum") || has("warp") || path.len() == 1 => {
                let mut found = None;
                for a in &c.args {
                    if let Some(v) = self.eval(file, a, env) {
                        found = Some(v);
                    }
                }
                found.or_else(|| self.user_fn(file, c, env))
            }
            _ if has("warp") => self.warp_call(c, last),
            _ => self.user_fn(file, c, env),
        }
    }

    /// A call to one of the crate's own functions that builds routes.
    fn user_fn(&mut self, file: usize, c: &'a syn::ExprCall, env: &mut Env<'a>) -> Option<Val> {
        let path = call_path(&c.func);
        let defs = self.resolve(file, &path);
        let f = defs.into_iter().find(|f| router_like(f))?;
        // Arguments are evaluated so that bindings passed in count as used.
        for a in &c.args {
            let _ = self.eval(file, a, env);
        }
        self.call_fn(f)
    }

    fn warp_call(&self, c: &'a syn::ExprCall, last: &str) -> Option<Val> {
        let arg0 = c.args.first().and_then(str_lit);
        let path = call_path(&c.func);
        let mut v = Val::default();
        match last {
            "path" => v.prefix = format!("/{}", arg0?),
            "param" => v.prefix = "/{param}".into(),
            "end" | "any" | "full" | "json" | "form" | "bytes" | "query" | "body" => {}
            m if METHODS.contains(&m) && c.args.is_empty() => v.method = Some(m.to_uppercase()),
            "header" | "exact" | "cookie" if !path.iter().any(|p| p == "optional") => {
                let name = arg0.unwrap_or_default().to_ascii_lowercase();
                if name == "authorization" || name.contains("api-key") || name.contains("token") {
                    v.auth = Some(format!("header `{name}`"));
                }
            }
            _ => return None,
        }
        Some(v)
    }

    fn method(
        &mut self,
        file: usize,
        m: &'a syn::ExprMethodCall,
        env: &mut Env<'a>,
    ) -> Option<Val> {
        let name = m.method.to_string();
        let args: Vec<&'a Expr> = m.args.iter().collect();
        let recv = self.eval(file, &m.receiver, env);
        let mut recv = match recv {
            Some(v) => v,
            // `self.router.route("/x", ...)`: a router we cannot see the start of.
            None if matches!(name.as_str(), "route" | "nest" | "mount")
                && args.len() == 2
                && str_lit(args[0]).is_some_and(|p| p.starts_with('/')) =>
            {
                Val::default()
            }
            None => return None,
        };
        match (name.as_str(), args.len()) {
            ("route", 2) => {
                let path = str_lit(args[0]);
                let at = At::of(file, args[0]);
                let Some(path) = path else {
                    recv.unresolved.push(Unresolved {
                        at,
                        what: Text::new(
                            "a route whose path is not a string literal",
                            "une route dont le chemin n'est pas une chaîne littérale",
                        ),
                    });
                    return Some(recv);
                };
                let (handlers, layer_auth) = self.method_router(file, args[1], env);
                for (method, h) in handlers {
                    let mut r = self.route(file, method, &path, at, h);
                    if r.auth.is_none() {
                        if let Some(a) = layer_auth.clone().or_else(|| recv.auth.clone()) {
                            r.auth = Some(a);
                            r.unresolved = None;
                        }
                    }
                    recv.routes.push(r);
                }
            }
            // actix `web::resource("/p").route(web::get().to(h))`
            ("route", 1) => {
                let (handlers, layer_auth) = self.method_router(file, args[0], env);
                let at = At::of(file, args[0]);
                for (method, h) in handlers {
                    let mut r = self.route(file, method, "", at, h);
                    if let Some(a) = layer_auth.clone().or_else(|| recv.auth.clone()) {
                        r.auth.get_or_insert(a);
                        r.unresolved = None;
                    }
                    recv.routes.push(r);
                }
            }
            ("to", 1) => {
                let at = At::of(file, args[0]);
                let method = recv.method.clone().unwrap_or_else(|| "ANY".into());
                let mut r = self.route(file, method, "", at, Handler::Expr(args[0]));
                if let Some(a) = recv.auth.clone() {
                    r.auth.get_or_insert(a);
                    r.unresolved = None;
                }
                recv.routes.push(r);
            }
            ("nest", 2) => {
                let prefix = str_lit(args[0]).unwrap_or_default();
                match self.eval(file, args[1], env) {
                    Some(sub) => recv.absorb(sub, &prefix),
                    None => recv.unresolved.push(Unresolved {
                        at: At::of(file, args[1]),
                        what: Text::new(
                            format!("the router nested at `{prefix}`"),
                            format!("le routeur imbriqué à `{prefix}`"),
                        ),
                    }),
                }
            }
            ("merge", 1) | ("or", 1) => match self.eval(file, args[0], env) {
                Some(sub) => recv.absorb(sub, ""),
                None => recv.unresolved.push(Unresolved {
                    at: At::of(file, args[0]),
                    what: Text::new("a merged router", "un routeur fusionné"),
                }),
            },
            ("nest_service" | "route_service" | "fallback_service", 2)
                if !mentions(args[1], STATIC) =>
            {
                recv.unresolved.push(Unresolved {
                    at: At::of(file, args[1]),
                    what: Text::new(
                        format!("the service at `{}`", str_lit(args[0]).unwrap_or_default()),
                        format!("le service à `{}`", str_lit(args[0]).unwrap_or_default()),
                    ),
                });
            }
            ("layer" | "route_layer", 1) => {
                if let Some(a) = self.layer_auth(file, args[0], env) {
                    recv.cover(&format!("layer `{a}`"));
                }
            }
            ("wrap" | "wrap_fn", 1) => {
                if let Some(a) = self.layer_auth(file, args[0], env) {
                    let a = format!("middleware `{a}`");
                    recv.cover(&a);
                    recv.auth = Some(a);
                }
            }
            ("service" | "services", 1) => self.service(file, &mut recv, args[0], env),
            ("configure", 1) => {
                let sub = match args[0] {
                    Expr::Closure(c) => {
                        let mut inner = Env::new();
                        let cfg = c.inputs.first().and_then(pat_name);
                        if let Some(cfg) = &cfg {
                            inner.insert(
                                cfg.clone(),
                                Binding {
                                    val: Some(Val::default()),
                                    expr: None,
                                    used: false,
                                },
                            );
                        }
                        // `|cfg| routes::config(cfg)` returns what the call registered.
                        let called = self.eval(file, &c.body, &mut inner);
                        let own = cfg.and_then(|c| inner.remove(&c)).and_then(|b| b.val);
                        union([own, called])
                    }
                    e => {
                        let defs = self.resolve(file, &call_path(e));
                        defs.into_iter()
                            .find(|f| config_param(f).is_some())
                            .and_then(|f| self.call_fn(f))
                    }
                };
                match sub {
                    Some(sub) => recv.absorb(sub, ""),
                    None => recv.unresolved.push(Unresolved {
                        at: At::of(file, args[0]),
                        what: Text::new(
                            "a configuration function",
                            "une fonction de configuration",
                        ),
                    }),
                }
            }
            ("mount", 2) => {
                let base = str_lit(args[0]).unwrap_or_else(|| "/".into());
                match self.eval(file, args[1], env) {
                    Some(sub) if !sub.rocket.is_empty() => {
                        for (path, at) in sub.rocket {
                            if let Some(r) = self.attr_route(file, &path, at, &base) {
                                recv.routes.push(r);
                            }
                        }
                    }
                    _ => recv.unresolved.push(Unresolved {
                        at: At::of(file, args[1]),
                        what: Text::new(
                            format!("the routes mounted at `{base}`"),
                            format!("les routes montées à `{base}`"),
                        ),
                    }),
                }
            }
            // warp: a filter narrowed by another.
            ("and", 1) => match self.eval(file, args[0], env) {
                Some(other) => {
                    let prefix = recv.prefix.clone();
                    recv.prefix.push_str(&other.prefix);
                    recv.method = other.method.clone().or(recv.method.take());
                    if let Some(a) = other.auth.clone() {
                        recv.cover(&a);
                        recv.auth.get_or_insert(a);
                    }
                    let auth = recv.auth.clone();
                    let mut other = other;
                    for r in &mut other.routes {
                        r.path = join(&prefix, &r.path);
                        if r.auth.is_none() && auth.is_some() {
                            r.auth = auth.clone();
                            r.unresolved = None;
                        }
                    }
                    recv.routes.append(&mut other.routes);
                    recv.unresolved.append(&mut other.unresolved);
                }
                None => {
                    if let Some(a) = self.layer_auth(file, args[0], env) {
                        let a = format!("filter `{a}`");
                        recv.cover(&a);
                        recv.auth.get_or_insert(a);
                    }
                }
            },
            ("and_then" | "map" | "then", 1)
                if !recv.prefix.is_empty() || recv.method.is_some() =>
            {
                let method = recv.method.clone().unwrap_or_else(|| "ANY".into());
                let path = if recv.prefix.is_empty() {
                    "/".to_string()
                } else {
                    recv.prefix.clone()
                };
                let mut r = self.route(
                    file,
                    method,
                    &path,
                    At::of(file, args[0]),
                    Handler::Expr(args[0]),
                );
                if let Some(a) = recv.auth.clone() {
                    r.auth.get_or_insert(a);
                    r.unresolved = None;
                }
                recv.routes.push(r);
                recv.prefix.clear();
                recv.method = None;
                recv.auth = None;
            }
            _ => {}
        }
        if recv.auth.is_some() {
            // A wrap covers what is added after it too, followed or not.
            recv.unresolved.clear();
        }
        Some(recv)
    }

    /// actix `.service(x)`: a `#[get]` handler, a scope or resource, or `services![...]`.
    fn service(&mut self, file: usize, recv: &mut Val, arg: &'a Expr, env: &mut Env<'a>) {
        if let Expr::Macro(m) = arg {
            if m.mac.path.is_ident("services") {
                if let Ok(paths) = m
                    .mac
                    .parse_body_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                {
                    for p in paths {
                        let segs: Vec<String> =
                            p.segments.iter().map(|s| s.ident.to_string()).collect();
                        let at = At::of(file, &p);
                        self.service_handler(file, recv, &segs, at);
                    }
                }
                return;
            }
        }
        if let Expr::Path(p) = arg {
            let single = p.path.segments.len() == 1;
            let bound = single && env.contains_key(&p.path.segments[0].ident.to_string());
            if !bound {
                let segs = call_path(arg);
                self.service_handler(file, recv, &segs, At::of(file, arg));
                return;
            }
        }
        if mentions(arg, STATIC) {
            return;
        }
        match self.eval(file, arg, env) {
            Some(sub) => {
                let prefix = sub.prefix.clone();
                let mut sub = sub;
                if let Some(a) = sub.auth.clone() {
                    sub.cover(&a);
                }
                recv.absorb(sub, &prefix);
            }
            None => recv.unresolved.push(Unresolved {
                at: At::of(file, arg),
                what: Text::new("a service", "un service"),
            }),
        }
    }

    fn service_handler(&mut self, file: usize, recv: &mut Val, segs: &[String], at: At) {
        match self.attr_route(file, segs, at, "") {
            Some(mut r) => {
                if let Some(a) = &recv.auth {
                    r.auth.get_or_insert(a.clone());
                    r.unresolved = None;
                }
                recv.routes.push(r);
            }
            None => recv.unresolved.push(Unresolved {
                at,
                what: Text::new(
                    format!("the service `{}`", segs.join("::")),
                    format!("le service `{}`", segs.join("::")),
                ),
            }),
        }
    }

    /// A route declared by an attribute (`#[get("/users/<id>")]`, actix or rocket), reached
    /// through the handler's path.
    fn attr_route(&mut self, file: usize, segs: &[String], at: At, base: &str) -> Option<Route> {
        let defs = self.resolve(file, segs);
        if defs.is_empty() {
            self.missing.extend(segs.last().cloned());
        }
        let f = defs.into_iter().find(|f| route_attr(f).is_some())?;
        let (method, path, wrap, declared) = route_attr(f)?;
        let mut r = Route {
            method,
            path: join(base, path.split('?').next().unwrap_or_default()),
            at: declared,
            registered_at: Some(at),
            handler: segs.join("::"),
            handler_at: Some(key(f)),
            auth: None,
            optional_auth: f.sig.inputs.iter().find_map(|a| match a {
                FnArg::Typed(t) => self.names.optional_auth_type(&t.ty),
                FnArg::Receiver(_) => None,
            }),
            unresolved: None,
            shape: super::shapes::of(f),
        };
        r.auth = wrap
            .filter(|w| {
                self.names.is_auth(w)
                    || w.split(|c: char| !c.is_alphanumeric() && c != '_')
                        .any(|p| self.names.is_auth(p))
            })
            .map(|w| format!("middleware `{w}`"))
            .or_else(|| self.fn_auth(f));
        Some(r)
    }

    /// `get(h).post(h2)`, `web::get().to(h)`, `on(MethodFilter::GET, h)`, with any layer on
    /// the method router itself.
    fn method_router(
        &mut self,
        file: usize,
        e: &'a Expr,
        env: &mut Env<'a>,
    ) -> (Vec<(String, Handler<'a>)>, Option<String>) {
        match e {
            Expr::Paren(p) => self.method_router(file, &p.expr, env),
            Expr::Call(c) => {
                let path = call_path(&c.func);
                let last = path.last().map(String::as_str).unwrap_or("");
                let args: Vec<&Expr> = c.args.iter().collect();
                match (last, args.len()) {
                    (m, 1) if METHODS.contains(&m) => {
                        (vec![(m.to_uppercase(), Handler::Expr(args[0]))], None)
                    }
                    ("any", 1) => (vec![("ANY".into(), Handler::Expr(args[0]))], None),
                    (m, 0) if METHODS.contains(&m) => {
                        (vec![(m.to_uppercase(), Handler::Pending)], None)
                    }
                    ("route", 0) => (vec![("ANY".into(), Handler::Pending)], None),
                    ("on", 2) => {
                        let m = last_ident(args[0]).unwrap_or_else(|| "ANY".into());
                        (vec![(m.to_uppercase(), Handler::Expr(args[1]))], None)
                    }
                    (s, 1) if s.ends_with("_service") => {
                        if mentions(args[0], STATIC) {
                            (Vec::new(), None)
                        } else {
                            (
                                vec![(
                                    s.trim_end_matches("_service").to_uppercase(),
                                    Handler::Opaque(Text::new("a service", "un service")),
                                )],
                                None,
                            )
                        }
                    }
                    _ => (
                        vec![(
                            "ANY".into(),
                            Handler::Opaque(Text::new("a method router", "un routeur de méthodes")),
                        )],
                        None,
                    ),
                }
            }
            Expr::MethodCall(m) => {
                let (mut hs, mut auth) = self.method_router(file, &m.receiver, env);
                let name = m.method.to_string();
                let args: Vec<&Expr> = m.args.iter().collect();
                match (name.as_str(), args.len()) {
                    (n, 1) if METHODS.contains(&n) => {
                        hs.push((n.to_uppercase(), Handler::Expr(args[0])))
                    }
                    ("to", 1) => {
                        for h in &mut hs {
                            if matches!(h.1, Handler::Pending) {
                                h.1 = Handler::Expr(args[0]);
                            }
                        }
                    }
                    ("layer" | "route_layer" | "wrap", 1) if auth.is_none() => {
                        auth = self.layer_auth(file, args[0], env);
                    }
                    _ => {}
                }
                (hs, auth)
            }
            Expr::Path(p) if p.path.segments.len() == 1 => {
                let name = p.path.segments[0].ident.to_string();
                match env.get(&name).and_then(|b| b.expr) {
                    Some(x) if self.depth < MAX_DEPTH => {
                        self.depth += 1;
                        let r = self.method_router(file, x, env);
                        self.depth -= 1;
                        r
                    }
                    _ => (
                        vec![(
                            "ANY".into(),
                            Handler::Opaque(Text::new("a method router", "un routeur de méthodes")),
                        )],
                        None,
                    ),
                }
            }
            _ => (
                vec![(
                    "ANY".into(),
                    Handler::Opaque(Text::new("a method router", "un routeur de méthodes")),
                )],
                None,
            ),
        }
    }

    fn route(&mut self, file: usize, method: String, path: &str, at: At, h: Handler<'a>) -> Route {
        let mut r = Route {
            method,
            path: if path.is_empty() {
                String::new()
            } else {
                join("", path)
            },
            at,
            registered_at: None,
            handler: String::new(),
            handler_at: None,
            auth: None,
            optional_auth: None,
            unresolved: None,
            shape: None,
        };
        match h {
            Handler::Expr(Expr::Closure(c)) => {
                r.handler = "closure".into();
                r.handler_at = Some(At::of(file, c));
                r.auth = c
                    .inputs
                    .iter()
                    .find_map(|p| match p {
                        syn::Pat::Type(t) => self.names.auth_type(&t.ty),
                        _ => None,
                    })
                    .map(|t| format!("extractor `{t}`"))
                    .or_else(|| self.body_auth(&c.body));
                r.optional_auth = c.inputs.iter().find_map(|p| match p {
                    syn::Pat::Type(t) => self.names.optional_auth_type(&t.ty),
                    _ => None,
                });
                r.shape = super::shapes::of_closure(c);
            }
            Handler::Expr(e @ Expr::Path(_)) => {
                let segs = call_path(e);
                r.handler = segs.join("::");
                let defs = self.resolve(file, &segs);
                let answers: BTreeSet<Option<String>> =
                    defs.iter().map(|f| self.fn_auth(f)).collect();
                match (defs.first(), answers.len()) {
                    (None, _) => {
                        self.missing.extend(segs.last().cloned());
                        r.unresolved = Some(Text::new(
                            format!("handler `{}` was not found", r.handler),
                            format!("gestionnaire `{}` introuvable", r.handler),
                        ))
                    }
                    (Some(f), 1) => {
                        r.handler_at = Some(key(f));
                        r.auth = answers.into_iter().next().flatten();
                        r.optional_auth = f.sig.inputs.iter().find_map(|a| match a {
                            FnArg::Typed(t) => self.names.optional_auth_type(&t.ty),
                            FnArg::Receiver(_) => None,
                        });
                        r.shape = super::shapes::of(f);
                    }
                    (Some(_), _) => {
                        r.unresolved = Some(Text::new(
                            format!("`{}` names several functions that differ", r.handler),
                            format!("`{}` désigne plusieurs fonctions qui diffèrent", r.handler),
                        ))
                    }
                }
            }
            Handler::Expr(e) => {
                use quote::ToTokens;
                let text = e
                    .to_token_stream()
                    .to_string()
                    .replace(" :: ", "::")
                    .replace(" (", "(")
                    .replace("( ", "(")
                    .replace(" )", ")")
                    .replace(" .", ".");
                r.handler = text.chars().take(40).collect();
                r.unresolved = Some(Text::new(
                    format!("handler `{}` is not a function name", r.handler),
                    format!(
                        "le gestionnaire `{}` n'est pas un nom de fonction",
                        r.handler
                    ),
                ));
            }
            Handler::Pending => {
                r.unresolved = Some(Text::new(
                    "a route without a handler",
                    "une route sans gestionnaire",
                ));
            }
            Handler::Opaque(what) => {
                r.handler = what.en.clone();
                r.unresolved = Some(Text::new(
                    format!("{} that cannot be followed", what.en),
                    format!("{} impossible à suivre", what.fr),
                ));
            }
        }
        r
    }

    /// What authenticates a handler: an extractor or guard among its parameters, or a
    /// credential check it calls itself.
    fn fn_auth(&self, f: &FnDef<'_>) -> Option<String> {
        f.sig
            .inputs
            .iter()
            .find_map(|a| match a {
                FnArg::Typed(t) => self.names.auth_type(&t.ty),
                FnArg::Receiver(_) => None,
            })
            .map(|t| format!("extractor `{t}`"))
            .or_else(|| {
                let mut v = CallNames::default();
                v.visit_block(f.block);
                v.names
                    .into_iter()
                    .find(|n| self.names.is_auth_call(n))
                    .map(|n| format!("`{n}()` in the handler"))
            })
    }

    fn body_auth(&self, e: &Expr) -> Option<String> {
        let mut v = CallNames::default();
        v.visit_expr(e);
        v.names
            .into_iter()
            .find(|n| self.names.is_auth_call(n))
            .map(|n| format!("`{n}()` in the handler"))
    }

    /// The authentication name a layer, middleware or filter shows, following local
    /// bindings (`let auth = from_fn(require_login);`).
    fn layer_auth(&mut self, _file: usize, e: &'a Expr, env: &mut Env<'a>) -> Option<String> {
        let mut v = LayerNames {
            names: Vec::new(),
            vars: Vec::new(),
        };
        v.visit_expr(e);
        if let Some(n) = v.names.iter().find(|n| self.names.is_auth(n)) {
            return Some(n.clone());
        }
        if self.depth >= MAX_DEPTH {
            return None;
        }
        for var in v.vars {
            let bound = env.get_mut(&var).map(|b| {
                b.used = true;
                b.expr
            });
            let Some(x) = bound.flatten() else {
                // A variable we cannot see into: its own name is all there is.
                if self.names.is_auth(&var) {
                    return Some(var);
                }
                continue;
            };
            self.depth += 1;
            let found = self.layer_auth(_file, x, env);
            self.depth -= 1;
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// Candidate definitions for a path, narrowed by its module segments and then by file.
    fn resolve(&self, file: usize, segs: &[String]) -> Vec<&'a FnDef<'a>> {
        let Some(name) = segs.last() else {
            return Vec::new();
        };
        let Some(defs) = self.idx.fns.get(name) else {
            return Vec::new();
        };
        let mods: Vec<&String> = segs[..segs.len() - 1]
            .iter()
            .filter(|s| !matches!(s.as_str(), "crate" | "self" | "super" | "Self"))
            .collect();
        let mut c: Vec<&'a FnDef<'a>> = defs.iter().collect();
        if !mods.is_empty() {
            // Closest module path first: exactly `handlers` for `handlers::index`, then one
            // ending in it (`api::handlers`), then one holding its segments anywhere.
            let module = |f: &FnDef<'_>| {
                let mut all = file_mods(self.path_of(f.file));
                all.extend(f.mods.iter().cloned());
                all
            };
            let tests: [&ModTest; 3] = [
                &|m| m.len() == mods.len() && m.iter().zip(&mods).all(|(a, b)| a == *b),
                &|m| {
                    m.len() >= mods.len()
                        && m[m.len() - mods.len()..]
                            .iter()
                            .zip(&mods)
                            .all(|(a, b)| a == *b)
                },
                &|m| mods.iter().all(|x| m.contains(x)),
            ];
            for test in tests {
                let narrowed: Vec<&'a FnDef<'a>> =
                    c.iter().copied().filter(|f| test(&module(f))).collect();
                if !narrowed.is_empty() {
                    c = narrowed;
                    break;
                }
            }
        }
        if c.len() > 1 {
            let same: Vec<&'a FnDef<'a>> = c.iter().copied().filter(|f| f.file == file).collect();
            if !same.is_empty() {
                c = same;
            }
        }
        c
    }

    fn mac(&mut self, file: usize, m: &'a syn::Macro) -> Option<Val> {
        let name = m.path.segments.last()?.ident.to_string();
        match name.as_str() {
            "routes" => {
                let paths = m
                    .parse_body_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                    .ok()?;
                let rocket = paths
                    .iter()
                    .map(|p| {
                        (
                            p.segments.iter().map(|s| s.ident.to_string()).collect(),
                            At::of(file, p),
                        )
                    })
                    .collect();
                Some(Val {
                    rocket,
                    ..Val::default()
                })
            }
            "path" if m.path.segments.iter().any(|s| s.ident == "warp") => {
                let mut prefix = String::new();
                for part in m.tokens.to_string().split('/') {
                    let part = part.trim();
                    if part.is_empty() {
                        continue;
                    }
                    if part == ".." {
                        prefix.push_str("/..");
                    } else if let Some(lit) =
                        part.strip_prefix('"').and_then(|p| p.strip_suffix('"'))
                    {
                        prefix.push('/');
                        prefix.push_str(lit);
                    } else {
                        prefix.push_str(&format!("/{{{part}}}"));
                    }
                }
                Some(Val {
                    prefix,
                    ..Val::default()
                })
            }
            _ => None,
        }
    }
}

enum Handler<'a> {
    Expr(&'a Expr),
    /// `web::get()` before its `.to(h)`.
    Pending,
    Opaque(Text),
}

/// `#[get("/p")]`, `#[post("/p", data = "<x>")]`, `#[route("/p", method = "GET")]`,
/// `#[route(GET, uri = "/p")]`: method, path, and an actix `wrap = "..."`.
fn route_attr(f: &FnDef<'_>) -> Option<(String, String, Option<String>, At)> {
    for a in f.attrs {
        let name = a.path().segments.last()?.ident.to_string();
        let is_method = METHODS.contains(&name.as_str());
        if !is_method && name != "route" {
            continue;
        }
        let Ok(list) = a.meta.require_list() else {
            continue;
        };
        let mut path = None;
        let mut wrap = None;
        let mut methods = Vec::new();
        let mut key: Option<String> = None;
        for tt in list.tokens.clone() {
            match tt {
                proc_macro2::TokenTree::Literal(l) => {
                    let lit = syn::Lit::new(l);
                    if let syn::Lit::Str(s) = lit {
                        match key.as_deref() {
                            Some("wrap") => wrap = Some(s.value()),
                            Some("method") => methods.push(s.value().to_uppercase()),
                            Some("uri") | None => path = path.or(Some(s.value())),
                            _ => {}
                        }
                    }
                    key = None;
                }
                proc_macro2::TokenTree::Ident(i) => {
                    let s = i.to_string();
                    if METHODS.contains(&s.to_lowercase().as_str()) && s == s.to_uppercase() {
                        methods.push(s);
                    } else {
                        key = Some(s);
                    }
                }
                proc_macro2::TokenTree::Punct(p) if p.as_char() == ',' => key = None,
                _ => {}
            }
        }
        let method = if is_method {
            name.to_uppercase()
        } else if methods.is_empty() {
            "ANY".into()
        } else {
            methods.join("|")
        };
        return Some((method, path?, wrap, At::of(f.file, a)));
    }
    None
}

fn union(vals: impl IntoIterator<Item = Option<Val>>) -> Option<Val> {
    let mut out: Option<Val> = None;
    for v in vals.into_iter().flatten() {
        match &mut out {
            None => out = Some(v),
            Some(o) => o.absorb(v, ""),
        }
    }
    out
}

pub(crate) fn pat_name(p: &syn::Pat) -> Option<String> {
    match p {
        syn::Pat::Ident(i) => Some(i.ident.to_string()),
        syn::Pat::Type(t) => pat_name(&t.pat),
        _ => None,
    }
}

/// The binding a method chain starts from (`cfg` in `cfg.service(a).service(b)`).
fn chain_root(e: &Expr) -> Option<String> {
    match e {
        Expr::MethodCall(m) => chain_root(&m.receiver),
        Expr::Try(t) => chain_root(&t.expr),
        Expr::Await(a) => chain_root(&a.base),
        Expr::Paren(p) => chain_root(&p.expr),
        Expr::Path(p) if p.path.segments.len() == 1 => Some(p.path.segments[0].ident.to_string()),
        _ => None,
    }
}

/// Whether an expression names any of `words` as a path segment.
fn mentions(e: &Expr, words: &[&str]) -> bool {
    struct V<'w>(&'w [&'w str], bool);
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_ident(&mut self, i: &'ast proc_macro2::Ident) {
            if self.0.iter().any(|w| i == w) {
                self.1 = true;
            }
        }
    }
    let mut v = V(words, false);
    v.visit_expr(e);
    v.1
}

/// A test of a candidate's module path.
type ModTest<'m> = dyn Fn(&[String]) -> bool + 'm;

/// How often each name is used as a path in an expression (a call or a function value).
#[derive(Default)]
struct Referenced(BTreeMap<String, u32>);

impl<'ast> Visit<'ast> for Referenced {
    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        if let Some(s) = p.path.segments.last() {
            *self.0.entry(s.ident.to_string()).or_default() += 1;
        }
    }
}

/// Names of the functions and methods a body calls.
#[derive(Default)]
struct CallNames {
    names: Vec<String>,
}

impl<'ast> Visit<'ast> for CallNames {
    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if let Some(n) = call_path(&c.func).last() {
            self.names.push(n.clone());
        }
        syn::visit::visit_expr_call(self, c);
    }
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        self.names.push(m.method.to_string());
        syn::visit::visit_expr_method_call(self, m);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        if let Some(s) = m.path.segments.last() {
            self.names.push(s.ident.to_string());
        }
    }
}

/// The names a layer expression shows, skipping layers that never authenticate, and the local
/// variables it uses.
struct LayerNames {
    names: Vec<String>,
    vars: Vec<String>,
}

impl<'ast> Visit<'ast> for LayerNames {
    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if call_path(&c.func)
            .iter()
            .any(|s| NEVER_AUTH_LAYERS.contains(&s.as_str()))
        {
            return;
        }
        syn::visit::visit_expr_call(self, c);
    }
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        if chain_starts_with(&m.receiver, NEVER_AUTH_LAYERS) {
            return;
        }
        self.names.push(m.method.to_string());
        syn::visit::visit_expr_method_call(self, m);
    }
    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        let segs: Vec<String> = p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if segs.len() == 1 {
            self.vars.push(segs[0].clone());
        } else {
            self.names.push(segs.join("::"));
        }
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        if let Some(s) = m.path.segments.last() {
            self.names.push(s.ident.to_string());
        }
    }
    // `Internal(state.config.api_key.clone())`: the key it checks is a field.
    fn visit_expr_field(&mut self, f: &'ast syn::ExprField) {
        if let syn::Member::Named(n) = &f.member {
            self.names.push(n.to_string());
        }
        syn::visit::visit_expr_field(self, f);
    }
    fn visit_lit_str(&mut self, s: &'ast syn::LitStr) {
        let v = s.value().to_ascii_lowercase();
        if v == "authorization" || v.contains("api-key") {
            self.names.push("Authorization".into());
        }
    }
    // A struct literal is data (`AppState { user_repo }`), not a layer.
    fn visit_expr_struct(&mut self, _: &'ast syn::ExprStruct) {}
    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        let mut calls = CallNames::default();
        calls.visit_expr(&c.body);
        self.names.extend(calls.names);
    }
}

fn chain_starts_with(e: &Expr, words: &[&str]) -> bool {
    match e {
        Expr::MethodCall(m) => chain_starts_with(&m.receiver, words),
        Expr::Call(c) => call_path(&c.func)
            .iter()
            .any(|s| words.contains(&s.as_str())),
        Expr::Path(p) => p
            .path
            .segments
            .iter()
            .any(|s| words.contains(&s.ident.to_string().as_str())),
        _ => false,
    }
}
