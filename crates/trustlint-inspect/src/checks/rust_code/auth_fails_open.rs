//! `auth-fails-open`: an authenticating extractor, guard, validator or middleware that lets a
//! request through without a credential when the configuration says so: the secret unset or
//! empty (`std::env::var("API_KEY")` is `Err` or `""`), a flag off
//! (`if !config.auth_enabled { return next.run(req).await }`), a bypass on
//! (`cfg.skip_auth`). One missing variable in production turns the check off silently.
//!
//! Only code that authenticates is read: a `FromRequest`/`FromRequestParts` impl (or another
//! impl named for authentication) that reads a credential and can reject, a middleware (a
//! `Next` parameter) that does, and a function named for authentication that reads one. A
//! branch counts when its condition reads a setting and it returns success, the next handler
//! or the guard's value without checking a credential itself. A missing setting that refuses
//! the request (`Err(StatusCode::UNAUTHORIZED)`) or stops the start (`expect(..)`), a branch
//! on the request's path (`/health`), an optional extractor answering `None`, test code and
//! branches on `cfg!(debug_assertions)` are not reported.

use crate::ctx::FileCtx;
use crate::lang::rust::extractors::{CREDENTIAL, EXTRACTOR_TRAITS, REJECTS};
use crate::lang::rust::{call_path, is_test_attr, pos, str_lit};
use crate::out::Hit;
use quote::ToTokens;
use std::collections::BTreeMap;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, FnArg, ImplItem, Item, Pat, Stmt};
use trustlint_model::Text;

/// What a file must hold for the check to find anything in it.
pub const PATTERN: &str =
    r"(?i)auth|api_?key|token|jwt|bearer|guard|FromRequest|(?-u:\b)Next(?-u:\b)";

/// Beyond what marks an authenticating extractor (`extractors::CREDENTIAL`), what a
/// validator or middleware body reads that is a credential.
const MORE_CREDENTIAL: &[&str] = &["api-key", "token", "credential"];

/// Beyond how an extractor turns a request away (`extractors::REJECTS`), status codes.
const MORE_REJECTS: &[&str] = &["401", "403"];

/// Name fragments of a function or type that authenticates.
const AUTH_NAME: &[&str] = &[
    "auth",
    "api_key",
    "apikey",
    "jwt",
    "bearer",
    "token",
    "credential",
    "guard",
    "login_required",
    "require_login",
    "require_user",
    "require_admin",
];

/// Leading words of a function that makes or reads credentials rather than checking them.
const NOT_A_CHECK: &[&str] = &[
    "create", "generate", "issue", "sign", "encode", "new", "make", "build", "refresh", "revoke",
    "get", "load", "read", "parse", "store", "save", "set", "with", "from", "into", "to",
];

/// A setting name that turns checking off when it is set (`AUTH_DISABLED`, `skip_auth`).
const OFF_WORDS: &[&str] = &[
    "disable",
    "skip",
    "bypass",
    "no_auth",
    "noauth",
    "insecure",
    "allow_all",
    "anonymous",
    "unauthenticated",
    "without_auth",
    "permissive",
    "dev_mode",
];

/// A boolean setting about authentication (`auth_enabled`, `require_auth`, `verify_tokens`).
const FLAG_WORDS: &[&str] = &[
    "auth", "api_key", "apikey", "token", "security", "login", "verify", "protect", "enforce",
];

/// A setting holding the secret itself (`api_key`, `jwt_secret`).
const SECRET_WORDS: &[&str] = &["key", "secret", "token", "password", "credential"];

/// A branch that lets a request through on a setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailsOpen {
    pub line: u32,
    pub column: u32,
    /// The extractor, guard, middleware or validator.
    pub function: String,
    /// The environment variable or setting, as the code names it.
    pub setting: String,
    /// When the branch is taken (`is unset or empty`).
    pub state: Text,
}

pub fn find(file: &syn::File) -> Vec<FailsOpen> {
    let mut found = Vec::new();
    walk(&file.items, &mut found);
    found
}

fn walk(items: &[Item], found: &mut Vec<FailsOpen>) {
    for item in items {
        match item {
            Item::Fn(f) if !is_test_attr(&f.attrs) => {
                let name = f.sig.ident.to_string();
                let body = lower_tokens(f);
                let middleware = has_next_param(&f.sig);
                // A validator handed the credential (`credentials: BearerAuth`) authenticates.
                let named = is_auth_fn_name(&name) || has_credential_param(&f.sig);
                let reads = reads_credential(&body);
                if reads && (named || (middleware && rejects(&body))) {
                    scan(&name, &f.sig, &f.block, found);
                }
            }
            Item::Impl(imp) if !is_test_attr(&imp.attrs) => {
                let Some(ty) = self_name(imp) else { continue };
                let extractor = imp.trait_.as_ref().is_some_and(|(p, _)| {
                    p.segments
                        .last()
                        .is_some_and(|s| EXTRACTOR_TRAITS.contains(&s.ident.to_string().as_str()))
                });
                let named_method = imp.items.iter().any(
                    |it| matches!(it, ImplItem::Fn(f) if is_auth_fn_name(&f.sig.ident.to_string())),
                );
                // Printing every impl of a large file is work: only candidates are printed.
                if !extractor && !is_auth_type_name(&ty) && !named_method {
                    continue;
                }
                let body = lower_tokens(imp);
                let reads = reads_credential(&body);
                let authenticating = if extractor {
                    reads && rejects(&body) || is_auth_type_name(&ty)
                } else {
                    // A middleware's `Service` impl, or a validator's methods: named for it.
                    is_auth_type_name(&ty) && reads
                };
                for it in &imp.items {
                    if let ImplItem::Fn(f) = it {
                        if is_test_attr(&f.attrs) {
                            continue;
                        }
                        let fname = f.sig.ident.to_string();
                        let checks = is_auth_fn_name(&fname) && reads_credential(&lower_tokens(f));
                        if authenticating && (extractor || fname == "call" || checks) {
                            scan(&ty, &f.sig, &f.block, found);
                        } else if checks {
                            // `Policy::authenticate` of a type not named for it.
                            scan(&format!("{ty}::{fname}"), &f.sig, &f.block, found);
                        }
                    }
                }
            }
            Item::Mod(m) if !is_test_attr(&m.attrs) => {
                if let Some((_, inner)) = &m.content {
                    walk(inner, found);
                }
            }
            _ => {}
        }
    }
}

fn self_name(imp: &syn::ItemImpl) -> Option<String> {
    let syn::Type::Path(ty) = &*imp.self_ty else {
        return None;
    };
    ty.path.segments.last().map(|s| s.ident.to_string())
}

fn lower_tokens(t: &impl ToTokens) -> String {
    t.to_token_stream().to_string().to_ascii_lowercase()
}

fn reads_credential(lower: &str) -> bool {
    CREDENTIAL
        .iter()
        .chain(MORE_CREDENTIAL)
        .any(|c| lower.contains(c))
}

fn rejects(lower: &str) -> bool {
    REJECTS
        .iter()
        .chain(MORE_REJECTS)
        .any(|r| lower.contains(r))
}

fn has_next_param(sig: &syn::Signature) -> bool {
    sig.inputs.iter().any(|a| match a {
        FnArg::Typed(t) => crate::lang::rust::type_name(&t.ty).is_some_and(|n| n == "Next"),
        FnArg::Receiver(_) => false,
    })
}

fn has_credential_param(sig: &syn::Signature) -> bool {
    sig.inputs.iter().any(|a| match a {
        FnArg::Typed(t) => crate::lang::rust::type_name(&t.ty).is_some_and(|n| {
            matches!(
                n.as_str(),
                "BearerAuth" | "BasicAuth" | "Credentials" | "Authorization" | "ApiKey"
            )
        }),
        FnArg::Receiver(_) => false,
    })
}

/// Words of a function that checks: `require_api_key`, `validate_token`, `check_client_auth`.
const CHECK_VERBS: &[&str] = &[
    "auth",
    "validat",
    "verify",
    "check",
    "require",
    "ensure",
    "guard",
    "protect",
    "middleware",
];

fn is_auth_fn_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let first = lower.split('_').next().unwrap_or("");
    // `bootstrap_api_key` names a key, it does not check one.
    AUTH_NAME.iter().any(|w| lower.contains(w))
        && CHECK_VERBS.iter().any(|w| lower.contains(w))
        && !NOT_A_CHECK.contains(&first)
}

fn is_auth_type_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    AUTH_NAME.iter().any(|w| lower.contains(w))
        || ["admin", "user", "claims", "principal", "identity"]
            .iter()
            .any(|w| lower.contains(w))
            && !lower.starts_with("maybe")
            && !lower.starts_with("optional")
}

/// What a condition reads, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// An environment variable holding the secret.
    EnvSecret,
    /// An environment variable that turns checking off when set (`AUTH_DISABLED`).
    EnvOff,
    /// An environment variable that turns checking on (`AUTH_ENABLED`).
    EnvOn,
    /// A configuration field holding the secret (`config.api_key`).
    Secret,
    /// A configuration flag that turns checking off when true (`cfg.skip_auth`).
    Off,
    /// A configuration flag that turns checking on (`cfg.auth_enabled`).
    On,
}

#[derive(Debug, Clone)]
struct Setting {
    name: String,
    kind: Kind,
}

/// Scans one authenticating function's body.
fn scan(function: &str, sig: &syn::Signature, block: &syn::Block, found: &mut Vec<FailsOpen>) {
    let returns_bool = matches!(&sig.output, syn::ReturnType::Type(_, t) if t.to_token_stream().to_string() == "bool");
    let mut v = Branches {
        function: function.to_string(),
        returns_bool,
        lets: BTreeMap::new(),
        found,
    };
    v.visit_block(block);
}

struct Branches<'a> {
    function: String,
    returns_bool: bool,
    /// Bindings of the function made from a setting (`let key = env::var("API_KEY")`).
    lets: BTreeMap<String, Setting>,
    found: &'a mut Vec<FailsOpen>,
}

impl Branches<'_> {
    fn report(&mut self, at: proc_macro2::Span, s: &Setting, state: Text) {
        let (line, column) = pos(at);
        let f = FailsOpen {
            line,
            column,
            function: self.function.clone(),
            setting: s.name.clone(),
            state,
        };
        if !self.found.contains(&f) {
            self.found.push(f);
        }
    }

    /// The setting an expression reads, if any: an environment variable, a binding made from
    /// one, a configuration field or flag.
    fn setting_of(&self, e: &Expr) -> Option<Setting> {
        match e {
            Expr::Call(c) => {
                let path = call_path(&c.func);
                let last = path.last().map(String::as_str);
                if matches!(last, Some("var" | "var_os")) {
                    let name = c.args.first().and_then(|a| {
                        str_lit(a).or_else(|| {
                            crate::lang::rust::last_ident(a)
                                .or_else(|| Some(a.to_token_stream().to_string()))
                        })
                    })?;
                    return Some(env_setting(name));
                }
                // `Some(x)`, `Ok(x)`: look inside.
                c.args.iter().find_map(|a| self.setting_of(a))
            }
            Expr::Macro(m) => {
                let n = m.mac.path.segments.last()?.ident.to_string();
                if n == "option_env" {
                    let lit: syn::LitStr = m.mac.parse_body().ok()?;
                    return Some(env_setting(lit.value()));
                }
                None
            }
            Expr::MethodCall(m) => {
                // `config.auth_enabled()` reads a flag; `x.trim()` reads what `x` reads.
                if m.args.is_empty() {
                    if let Some(s) = self.setting_of(&m.receiver) {
                        return Some(s);
                    }
                    let method = m.method.to_string();
                    // `auth.get_master_key()`: a getter of the configured secret.
                    let getter = method.strip_prefix("get_").unwrap_or(&method);
                    if !is_request_value(&m.receiver.to_token_stream().to_string().replace(' ', ""))
                        && field_setting(String::new(), getter)
                            .is_some_and(|s| s.kind == Kind::Secret)
                    {
                        return Some(Setting {
                            name: format!("{}.{}()", m.receiver.to_token_stream(), method)
                                .replace(' ', ""),
                            kind: Kind::Secret,
                        });
                    }
                    if is_config_receiver(&m.receiver) {
                        return field_setting(
                            format!("{}.{}()", m.receiver.to_token_stream(), method)
                                .replace(' ', ""),
                            &method,
                        );
                    }
                    return None;
                }
                self.setting_of(&m.receiver)
            }
            Expr::Field(f) => {
                let syn::Member::Named(member) = &f.member else {
                    return None;
                };
                let text = e.to_token_stream().to_string().replace(' ', "");
                if is_request_value(&text) {
                    return None;
                }
                field_setting(text, &member.to_string())
            }
            Expr::Path(p) => {
                let id = p.path.get_ident()?.to_string();
                self.lets.get(&id).cloned()
            }
            Expr::Reference(r) => self.setting_of(&r.expr),
            Expr::Paren(p) => self.setting_of(&p.expr),
            Expr::Group(g) => self.setting_of(&g.expr),
            Expr::Try(t) => self.setting_of(&t.expr),
            Expr::Await(a) => self.setting_of(&a.base),
            _ => None,
        }
    }

    /// When `cond` (negated if `neg`) holds, whether the setting is unset, empty or off; the
    /// setting and how it stands.
    fn opens(&self, cond: &Expr, neg: bool) -> Option<(Setting, Text)> {
        match cond {
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Not(_)) => self.opens(&u.expr, !neg),
            Expr::Paren(p) => self.opens(&p.expr, neg),
            Expr::Group(g) => self.opens(&g.expr, neg),
            Expr::Binary(b) => match b.op {
                syn::BinOp::Or(_) if !neg => self
                    .opens(&b.left, neg)
                    .or_else(|| self.opens(&b.right, neg)),
                syn::BinOp::And(_) if !neg => {
                    // Both must hold: one on the request (a public path) narrows the bypass.
                    if reads_request(&b.left) || reads_request(&b.right) {
                        return None;
                    }
                    self.opens(&b.left, neg)
                        .or_else(|| self.opens(&b.right, neg))
                }
                syn::BinOp::Eq(_) | syn::BinOp::Ne(_) => {
                    let neg = neg ^ matches!(b.op, syn::BinOp::Ne(_));
                    let (s, lit) = match (self.setting_of(&b.left), self.setting_of(&b.right)) {
                        (Some(s), None) => (s, literal(&b.right)?),
                        (None, Some(s)) => (s, literal(&b.left)?),
                        _ => return None,
                    };
                    let lit = lit.to_ascii_lowercase();
                    let truthy = matches!(lit.as_str(), "true" | "1" | "yes" | "on");
                    let falsy = matches!(lit.as_str(), "false" | "0" | "no" | "off");
                    match (&s.kind, neg) {
                        (Kind::EnvSecret | Kind::Secret, false) if lit.is_empty() => {
                            Some((s, unset()))
                        }
                        (Kind::EnvOff | Kind::Off, false) if truthy => Some((s, set_on())),
                        (Kind::EnvOn | Kind::On, false) if falsy => Some((s, set_off())),
                        (Kind::EnvOn | Kind::On, true) if truthy => Some((s, set_off())),
                        _ => None,
                    }
                }
                _ => None,
            },
            // `expected.map_or(true, |k| k == given)`: no secret configured passes.
            Expr::MethodCall(m)
                if !neg
                    && matches!(
                        m.method.to_string().as_str(),
                        "map_or" | "map_or_else" | "is_none_or"
                    )
                    && unset_passes(m) =>
            {
                let s = self.setting_of(&m.receiver)?;
                matches!(s.kind, Kind::EnvSecret | Kind::Secret).then(|| (s, unset()))
            }
            Expr::MethodCall(m) if m.args.is_empty() => {
                let method = m.method.to_string();
                let empty = matches!(method.as_str(), "is_err" | "is_empty" | "is_none");
                let present = matches!(method.as_str(), "is_ok" | "is_some");
                if (empty && !neg) || (present && neg) {
                    let s = self.setting_of(&m.receiver)?;
                    if matches!(s.kind, Kind::EnvSecret | Kind::Secret) {
                        return Some((s, unset()));
                    }
                    return None;
                }
                self.flag(cond, neg)
            }
            Expr::Let(l) => {
                let s = self.setting_of(&l.expr)?;
                let missing = pattern_missing(&l.pat)?;
                if matches!(s.kind, Kind::EnvSecret | Kind::Secret) && missing != neg {
                    return Some((s, unset()));
                }
                None
            }
            Expr::Field(_) | Expr::Path(_) => self.flag(cond, neg),
            _ => None,
        }
    }

    /// A boolean flag read as it stands: `cfg.skip_auth`, `!cfg.auth_enabled`.
    fn flag(&self, e: &Expr, neg: bool) -> Option<(Setting, Text)> {
        let s = self.setting_of(e)?;
        match (&s.kind, neg) {
            (Kind::Off, false) => Some((s, set_on())),
            (Kind::On, true) => Some((s, set_off())),
            _ => None,
        }
    }

    /// Whether the block lets the request through: the span of what does.
    fn accepts_block(&self, b: &syn::Block) -> Option<proc_macro2::Span> {
        if checks_credential(b) {
            return None;
        }
        // `let fut = self.service.call(req);` then returning what wraps `fut`.
        let mut handed: Option<String> = None;
        for (i, st) in b.stmts.iter().enumerate() {
            match st {
                Stmt::Expr(e, semi) => {
                    if let Some(at) = self.returned(e) {
                        return Some(at);
                    }
                    let last = semi.is_none() && i + 1 == b.stmts.len();
                    if last && self.accepting(e) {
                        return Some(e.span());
                    }
                    if let Some(h) = &handed {
                        let gives = match e {
                            Expr::Return(r) => r.expr.as_deref(),
                            _ if last => Some(e),
                            _ => None,
                        };
                        if let Some(x) = gives {
                            let words = lower_tokens(x);
                            if words
                                .split(|c: char| !c.is_alphanumeric() && c != '_')
                                .any(|w| w == h)
                                && granted(x)
                            {
                                return Some(e.span());
                            }
                        }
                    }
                }
                Stmt::Local(l) => {
                    if let (Pat::Ident(id), Some(init)) = (&l.pat, &l.init) {
                        if self.accepting(&init.expr) {
                            handed = Some(id.ident.to_string().to_ascii_lowercase());
                        }
                    }
                }
                Stmt::Item(_) | Stmt::Macro(_) => {}
            }
        }
        None
    }

    /// `return <accepting>`.
    fn returned(&self, e: &Expr) -> Option<proc_macro2::Span> {
        match e {
            Expr::Return(r) => r
                .expr
                .as_deref()
                .filter(|x| self.accepting(x))
                .map(|_| r.span()),
            _ => None,
        }
    }

    /// An arm's body or a branch's value that lets the request through.
    fn accepts_expr(&self, e: &Expr) -> Option<proc_macro2::Span> {
        match e {
            Expr::Block(b) => self.accepts_block(&b.block),
            Expr::Return(_) => self.returned(e),
            _ if self.accepting(e) && !checks_credential(e) => Some(e.span()),
            _ => None,
        }
    }

    /// The request goes on: `next.run(req)`, `service.call(req)`, `Ok(..)`,
    /// `Outcome::Success(..)`, or `true` from a validator.
    fn accepting(&self, e: &Expr) -> bool {
        match e {
            Expr::Await(a) => self.accepting(&a.base),
            Expr::Try(t) => self.accepting(&t.expr),
            Expr::Paren(p) => self.accepting(&p.expr),
            Expr::MethodCall(m) => {
                let method = m.method.to_string();
                let recv = m
                    .receiver
                    .to_token_stream()
                    .to_string()
                    .to_ascii_lowercase();
                (method == "run" && recv.contains("next"))
                    || (method == "call"
                        && ["service", "srv", "next", "inner"]
                            .iter()
                            .any(|w| recv.ends_with(w)))
                    || (matches!(
                        method.as_str(),
                        "map_into_left_body" | "map_into_boxed_body"
                    ) && self.accepting(&m.receiver))
                    || (method == "boxed" && self.accepting(&m.receiver))
            }
            Expr::Call(c) => {
                let path = call_path(&c.func);
                let last = path.last().map(String::as_str);
                if matches!(last, Some("pin" | "Left" | "left" | "new")) && c.args.len() == 1 {
                    // `Box::pin(fut)`, `Either::Left(..)`: the same future, wrapped.
                    return self.accepting(&c.args[0]);
                }
                matches!(last, Some("Ok" | "Success")) && c.args.len() == 1 && granted(&c.args[0])
            }
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Bool(b),
                ..
            }) => self.returns_bool && b.value,
            _ => false,
        }
    }
}

/// The value handed on is a grant: not `None`, not a refusal response.
fn granted(e: &Expr) -> bool {
    let lower = lower_tokens(e);
    // `Ok(None)`, `Ok(MaybeUser(None))`: an optional extractor without a user.
    if lower
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .any(|w| w == "none")
    {
        return false;
    }
    ![
        "unauthorized",
        "forbidden",
        "401",
        "403",
        "status",
        "error",
        "reject",
        "redirect",
        "login",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// A branch that checks a credential itself is a different check, not a bypass.
fn checks_credential(t: &impl ToTokens) -> bool {
    let lower = lower_tokens(t);
    [
        "authorization",
        "bearer",
        "header",
        "cookie",
        "verify",
        "decode",
        "validate",
        "compare",
        "constant_time",
        "ct_eq",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// A condition on the request itself (its path, method, headers), not on configuration.
fn reads_request(e: &Expr) -> bool {
    let lower = lower_tokens(e);
    [
        "uri", "path", "method", "headers", "req", "parts", "request",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// `cfg!(debug_assertions)`, `cfg!(test)`: decided when the binary is built, not configured.
fn build_time(e: &Expr) -> bool {
    let t = e.to_token_stream().to_string();
    t.contains("cfg !") || t.contains("debug_assertions")
}

fn literal(e: &Expr) -> Option<String> {
    if let Some(s) = str_lit(e) {
        return Some(s);
    }
    match e {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Bool(b),
            ..
        }) => Some(b.value.to_string()),
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => Some(i.base10_digits().to_string()),
        // `Ok("true".into())`, `Some("1")`, `"true".to_string()`.
        Expr::Call(c) if c.args.len() == 1 => literal(&c.args[0]),
        Expr::MethodCall(m) if m.args.is_empty() => literal(&m.receiver),
        _ => None,
    }
}

/// Whether `map_or(default, ..)` / `map_or_else(|| default, ..)` answers anything but `false`
/// when the value is missing; `is_none_or` always answers `true` then.
fn unset_passes(m: &syn::ExprMethodCall) -> bool {
    let Some(first) = m.args.first() else {
        return false;
    };
    if m.method == "is_none_or" {
        return true;
    }
    let default = match first {
        Expr::Closure(c) if m.method == "map_or_else" => &*c.body,
        e => e,
    };
    !matches!(default, Expr::Lit(syn::ExprLit { lit: syn::Lit::Bool(b), .. }) if !b.value)
        && !matches!(default, Expr::Call(_) | Expr::Path(_) if lower_tokens(default).contains("err"))
}

/// `Err(_)` / `None`: `Some(true)`; `Ok(_)` / `Some(_)`: `Some(false)`.
fn pattern_missing(p: &Pat) -> Option<bool> {
    match p {
        Pat::TupleStruct(t) => match t.path.segments.last()?.ident.to_string().as_str() {
            "Err" => Some(true),
            "Ok" | "Some" => Some(false),
            _ => None,
        },
        Pat::Ident(i) if i.ident == "None" => Some(true),
        Pat::Path(p) if p.path.is_ident("None") => Some(true),
        Pat::Lit(l) => str_lit(&Expr::Lit(l.clone())).map(|s| s.is_empty()),
        _ => None,
    }
}

fn env_setting(name: String) -> Setting {
    let lower = name.to_ascii_lowercase();
    let kind = if OFF_WORDS.iter().any(|w| lower.contains(w)) {
        Kind::EnvOff
    } else if lower.contains("enable") || lower.contains("require") || lower.ends_with("_auth") {
        Kind::EnvOn
    } else {
        Kind::EnvSecret
    };
    Setting { name, kind }
}

/// A configuration value by its field name: a secret, an off switch or an on switch.
fn field_setting(text: String, member: &str) -> Option<Setting> {
    let m = member.to_ascii_lowercase();
    let kind = if OFF_WORDS.iter().any(|w| m.contains(w)) {
        Kind::Off
    } else if FLAG_WORDS.iter().any(|w| m.contains(w))
        && (m.contains("enable")
            || m.contains("require")
            || m.starts_with("use_")
            || m.starts_with("check")
            || m.starts_with("verify")
            || m.starts_with("enforce")
            || m == "auth")
    {
        Kind::On
    } else if SECRET_WORDS
        .iter()
        .any(|w| m == *w || m.ends_with(&format!("_{w}")))
        || m == "apikey"
    {
        Kind::Secret
    } else {
        return None;
    };
    Some(Setting { name: text, kind })
}

/// The receiver of a flag method reads configuration (`config`, `self.settings`, `state`).
fn is_config_receiver(e: &Expr) -> bool {
    let lower = lower_tokens(e);
    [
        "config", "cfg", "settings", "conf", "opts", "options", "state", "self",
    ]
    .iter()
    .any(|w| lower.contains(w))
        && !is_request_value(&lower)
}

/// A value carried by the request (`parts.headers`, `req.extensions()`), never a setting.
fn is_request_value(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let root = lower.split('.').next().unwrap_or("");
    matches!(
        root,
        "req" | "request" | "parts" | "headers" | "claims" | "user" | "token" | "credentials"
    ) || lower.contains("headers")
}

fn unset() -> Text {
    Text::new("is unset or empty", "est absent ou vide")
}

fn set_on() -> Text {
    Text::new("is on", "est activé")
}

fn set_off() -> Text {
    Text::new("is off", "est désactivé")
}

impl<'ast> Visit<'ast> for Branches<'_> {
    fn visit_item(&mut self, _: &'ast Item) {}

    fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}

    fn visit_local(&mut self, l: &'ast syn::Local) {
        if let Some(init) = &l.init {
            // `let Ok(key) = env::var("API_KEY") else { return next.run(req).await };`
            if let Some((_, diverge)) = &init.diverge {
                if let (Some(s), Some(false)) =
                    (self.setting_of(&init.expr), pattern_missing(&l.pat))
                {
                    if matches!(s.kind, Kind::EnvSecret | Kind::Secret) {
                        if let Some(at) = self.accepts_expr(diverge) {
                            self.report(at, &s, unset());
                        }
                    }
                }
            }
            let name = match &l.pat {
                Pat::Ident(i) => Some(i.ident.to_string()),
                Pat::Type(t) => crate::lang::rust::bound_name(&t.pat),
                Pat::TupleStruct(_) => crate::lang::rust::bound_name(&l.pat),
                _ => None,
            };
            if let Some(name) = name {
                // A value that panics or refuses when unset is never empty afterwards.
                let text = init.expr.to_token_stream().to_string();
                let stops = text.contains("expect (") || text.contains("unwrap ()");
                match self.setting_of(&init.expr).filter(|_| !stops) {
                    Some(s) => self.lets.insert(name, s),
                    None => self.lets.remove(&name),
                };
            }
        }
        syn::visit::visit_local(self, l);
    }

    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        if is_test_attr(&i.attrs) {
            return;
        }
        if !build_time(&i.cond) {
            if let Some((s, state)) = self.opens(&i.cond, false) {
                if let Some(at) = self.accepts_block(&i.then_branch) {
                    self.report(at, &s, state);
                }
            }
            if let Some((_, els)) = &i.else_branch {
                if let Some((s, state)) = self.opens(&i.cond, true) {
                    if let Some(at) = self.accepts_expr(els) {
                        self.report(at, &s, state);
                    }
                }
            }
        }
        syn::visit::visit_expr_if(self, i);
    }

    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        if let Some(s) = self.setting_of(&m.expr) {
            for arm in &m.arms {
                if has_guard(arm) || is_test_attr(&arm.attrs) {
                    continue;
                }
                let opens = match (&s.kind, pattern_missing(&arm.pat)) {
                    (Kind::EnvSecret | Kind::Secret, Some(true)) => Some(unset()),
                    _ => match (&s.kind, &arm.pat) {
                        (Kind::Off | Kind::EnvOff, Pat::Lit(l)) if is_true(l) => Some(set_on()),
                        (Kind::On | Kind::EnvOn, Pat::Lit(l)) if is_false(l) => Some(set_off()),
                        _ => None,
                    },
                };
                if let Some(state) = opens {
                    if let Some(at) = self.accepts_expr(&arm.body) {
                        self.report(at, &s, state);
                    }
                }
            }
        }
        syn::visit::visit_expr_match(self, m);
    }
}

/// `Ok(k) if k.is_empty() =>`: the guard decides, not the pattern.
fn has_guard(arm: &syn::Arm) -> bool {
    let all = arm.to_token_stream().to_string();
    let pat = arm.pat.to_token_stream().to_string();
    all.strip_prefix(pat.as_str())
        .is_some_and(|rest| rest.trim_start().starts_with("if "))
}

fn is_true(l: &syn::PatLit) -> bool {
    matches!(&l.lit, syn::Lit::Bool(b) if b.value)
}

fn is_false(l: &syn::PatLit) -> bool {
    matches!(&l.lit, syn::Lit::Bool(b) if !b.value)
}

impl FailsOpen {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        file.hit(self.line, self.column)
            .arg("function", self.function.as_str())
            .arg("setting", self.setting.as_str())
            .args_en_fr("state", "etat", self.state.clone())
            .matched(format!("{}:{}", self.function, self.setting))
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn found(src: &str) -> Vec<(u32, String, String, String)> {
        find(&parse(src))
            .into_iter()
            .map(|f| (f.line, f.function, f.setting, f.state.en.clone()))
            .collect()
    }

    #[test]
    fn a_middleware_passing_requests_when_the_key_is_empty() {
        let src = r#"
async fn require_api_key(req: Request, next: Next) -> Result<Response, StatusCode> {
    let expected = std::env::var("API_KEY").unwrap_or_default();
    if expected.is_empty() {
        return Ok(next.run(req).await);
    }
    let got = req.headers().get("x-api-key").ok_or(StatusCode::UNAUTHORIZED)?;
    if got != expected.as_str() { return Err(StatusCode::UNAUTHORIZED); }
    Ok(next.run(req).await)
}
"#;
        assert_eq!(
            found(src),
            vec![(
                5,
                "require_api_key".into(),
                "API_KEY".into(),
                "is unset or empty".into()
            )]
        );
    }

    #[test]
    fn let_else_match_and_if_let_on_the_variable() {
        let src = r#"
async fn auth(req: Request, next: Next) -> Response {
    let Ok(key) = env::var("API_TOKEN") else { return next.run(req).await; };
    check(req.headers().get(AUTHORIZATION), &key)
}
fn validate_api_key(given: &str) -> bool {
    match std::env::var("SERVICE_KEY") {
        Ok(k) => k == given,
        Err(_) => true,
    }
}
fn validate_token(t: &str) -> Result<(), Error> {
    if let Err(_) = std::env::var("JWT_SECRET") { return Ok(()); }
    Err(Error::Unauthorized)
}
"#;
        let got = found(src);
        assert_eq!(
            got.iter().map(|f| (f.0, f.2.as_str())).collect::<Vec<_>>(),
            vec![(3, "API_TOKEN"), (9, "SERVICE_KEY"), (13, "JWT_SECRET")]
        );
    }

    #[test]
    fn flags_off_and_bypasses_on() {
        let src = r#"
pub struct AdminUser(Claims);
impl<S: Send + Sync> FromRequestParts<S> for AdminUser {
    type Rejection = StatusCode;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, StatusCode> {
        let config = Config::get();
        if config.auth_disabled {
            return Ok(AdminUser(Claims::admin()));
        }
        let h = parts.headers.get(AUTHORIZATION).ok_or(StatusCode::UNAUTHORIZED)?;
        decode(h).map(AdminUser).map_err(|_| StatusCode::UNAUTHORIZED)
    }
}
async fn require_auth(State(s): State<AppState>, req: Request, next: Next) -> Response {
    if !s.config.require_auth { return next.run(req).await; }
    let t = bearer(&req).ok_or(StatusCode::UNAUTHORIZED);
    next.run(req).await
}
"#;
        let got = found(src);
        assert_eq!(
            got,
            vec![
                (
                    8,
                    "AdminUser".into(),
                    "config.auth_disabled".into(),
                    "is on".into()
                ),
                (
                    15,
                    "require_auth".into(),
                    "s.config.require_auth".into(),
                    "is off".into()
                )
            ]
        );
    }

    #[test]
    fn a_missing_secret_that_passes_through_map_or_and_a_policy_method() {
        let src = r#"
impl Policy for ActionPolicy {
    fn authenticate(auth: Data<AuthController>, token: &str) -> Result<AuthFilter, AuthError> {
        if auth.get_master_key().map_or_else(|| !is_keys_action(A), |mk| mk == token) {
            return Ok(AuthFilter::default());
        }
        Err(AuthError::InvalidToken)
    }
}
fn check_api_key(given: &str) -> bool {
    let expected = std::env::var("API_KEY").ok();
    if expected.map_or(true, |k| k == given) { return true; }
    if expected.map_or(false, |k| k == given) { return true; }
    false
}
async fn bootstrap_api_key() -> Result<(), Error> {
    let Some(raw) = Config::get().bootstrap.api_key.as_ref() else { return Ok(()); };
    store(raw, "token")
}
"#;
        let got = found(src);
        assert_eq!(
            got.iter()
                .map(|f| (f.0, f.1.as_str(), f.2.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (5, "ActionPolicy::authenticate", "auth.get_master_key()"),
                (12, "check_api_key", "API_KEY")
            ]
        );
    }

    #[test]
    fn refusals_panics_public_paths_optional_users_and_debug_builds_are_not_reported() {
        let src = r#"
async fn require_api_key(req: Request, next: Next) -> Result<Response, StatusCode> {
    let expected = std::env::var("API_KEY").expect("API_KEY must be set");
    if expected.is_empty() { return Ok(next.run(req).await); }
    let Ok(k) = std::env::var("OTHER_KEY") else { return Err(StatusCode::INTERNAL_SERVER_ERROR) };
    if std::env::var("API_KEY").is_err() { return Err(StatusCode::UNAUTHORIZED); }
    if req.uri().path() == "/health" { return Ok(next.run(req).await); }
    if cfg!(debug_assertions) && std::env::var("API_KEY").is_err() { return Ok(next.run(req).await); }
    let got = req.headers().get("x-api-key").ok_or(StatusCode::UNAUTHORIZED)?;
    Ok(next.run(req).await)
}
pub struct MaybeUser(Option<User>);
impl<S> FromRequestParts<S> for MaybeUser {
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, StatusCode> {
        if std::env::var("JWT_SECRET").is_err() { return Ok(MaybeUser(None)); }
        let t = parts.headers.get(AUTHORIZATION);
        Err(StatusCode::UNAUTHORIZED)
    }
}
fn create_token(claims: &Claims) -> Result<String, Error> {
    if std::env::var("JWT_SECRET").is_err() { return Ok(String::new()); }
    encode(claims, "bearer")
}
"#;
        assert_eq!(found(src), vec![]);
    }
}
