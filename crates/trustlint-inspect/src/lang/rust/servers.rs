//! What the service model looks for in each file: where servers start listening (with or
//! without TLS, on loopback or not), request-logging layers and HSTS.

use super::service::Server;
use super::{call_path, is_test_attr, pos, At};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, Item, Stmt};
use trustlint_model::Place;

/// Finds servers, request logging and HSTS in one file.
pub(super) struct Scan<'f> {
    file: usize,
    pub(super) out: Vec<Server>,
    pub(super) logging: Option<At>,
    pub(super) hsts: Option<At>,
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
    pub(super) fn new(file: usize) -> Self {
        Scan {
            file,
            out: Vec::new(),
            logging: None,
            hsts: None,
            stmts: &[],
        }
    }

    pub(super) fn items(&mut self, items: &'f [Item]) {
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
