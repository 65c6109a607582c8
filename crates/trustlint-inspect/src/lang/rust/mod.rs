//! Rust: source parsed with `syn`, shared by the Rust inspectors and checks (`rust-routes`,
//! `rust-service`, `rust-code`). Macros are not expanded; what a macro generates is invisible,
//! except for the router macros handled by name (`routes!`, `warp::path!`).
//!
//! - [`parse`]: one file, guarded against hostile nesting;
//! - [`index`]: the files an analysis needs, with their functions by name;
//! - [`names`]: which names mean authentication and which mean secrets;
//! - [`logs`]: what a logging macro writes;
//! - [`routes`]: the router model of axum, actix-web, rocket and warp;
//! - [`service`]: the one model of the repository's web services built from them.

pub mod extractors;
pub mod index;
pub mod logs;
pub mod names;
pub mod parse;
pub mod routes;
mod servers;
pub mod service;
pub mod shapes;
pub mod tests_of;

pub use index::{At, Crate, FnDef, Index};
pub use parse::{parse, Parsed};

use proc_macro2::Span;
use syn::{Attribute, Expr};

/// 1-based line and column of a span's start.
pub fn pos(span: Span) -> (u32, u32) {
    let s = span.start();
    (s.line.max(1) as u32, s.column as u32 + 1)
}

pub fn is_test_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(name, "test.rs" | "tests.rs")
        || name.ends_with("_test.rs")
        || name.ends_with("_tests.rs")
        || path
            .split('/')
            .any(|c| matches!(c, "tests" | "benches" | "examples" | "target" | "fixtures"))
}

pub fn is_test_attr(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        let p = a.path();
        let last = p.segments.last().map(|s| s.ident.to_string());
        if matches!(last.as_deref(), Some("test")) {
            return true;
        }
        p.is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string().split_whitespace().any(|t| t == "test"))
    })
}

/// Module path segments a file stands for: `src/api/users.rs` → `api`, `users`.
pub fn file_mods(path: &str) -> Vec<String> {
    let parts: Vec<&str> = path.split('/').collect();
    let start = parts.iter().rposition(|p| *p == "src").map_or(0, |i| i + 1);
    let mut mods: Vec<String> = parts[start..].iter().map(|s| s.to_string()).collect();
    if let Some(last) = mods.pop() {
        let stem = last.trim_end_matches(".rs");
        if !matches!(stem, "mod" | "main" | "lib") {
            mods.push(stem.to_string());
        }
    }
    mods
}

/// The last segment of a path expression (`handlers::users::list` → `list`).
pub fn last_ident(e: &Expr) -> Option<String> {
    match e {
        Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The text of a string literal expression.
pub fn str_lit(e: &Expr) -> Option<String> {
    match e {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        Expr::Reference(r) => str_lit(&r.expr),
        Expr::Group(g) => str_lit(&g.expr),
        Expr::Paren(p) => str_lit(&p.expr),
        _ => None,
    }
}

/// Path segments of a call's function (`axum::Router::new` → `axum`, `Router`, `new`).
pub fn call_path(e: &Expr) -> Vec<String> {
    match e {
        Expr::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// The binding a parameter pattern introduces (`req`, `Json(req)`, `web::Json(req)`).
pub fn bound_name(p: &syn::Pat) -> Option<String> {
    match p {
        syn::Pat::Ident(i) => Some(i.ident.to_string()),
        syn::Pat::TupleStruct(t) if t.elems.len() == 1 => bound_name(&t.elems[0]),
        syn::Pat::Type(t) => bound_name(&t.pat),
        syn::Pat::Reference(r) => bound_name(&r.pat),
        _ => None,
    }
}

/// The struct a type names, through wrappers (`Json<T>`, `Option<T>`, `&T`, `Arc<T>`).
pub fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Reference(r) => type_name(&r.elem),
        syn::Type::Paren(p) => type_name(&p.elem),
        syn::Type::Path(p) => {
            let last = p.path.segments.last()?;
            const WRAPPERS: &[&str] = &[
                "Json",
                "Form",
                "Query",
                "Path",
                "Option",
                "Box",
                "Arc",
                "Rc",
                "Data",
                "Vec",
                "Valid",
                "Validated",
                "Extension",
                "State",
            ];
            if WRAPPERS.contains(&last.ident.to_string().as_str()) {
                if let syn::PathArguments::AngleBracketed(a) = &last.arguments {
                    return a.args.iter().find_map(|g| match g {
                        syn::GenericArgument::Type(t) => type_name(t),
                        _ => None,
                    });
                }
            }
            Some(last.ident.to_string())
        }
        _ => None,
    }
}
