//! The checks of the `rust-code` kind, on Rust syntax trees: what a line-by-line pattern
//! cannot see. Files are parsed once (by the file context, see [`crate::lang::rust::parse`]);
//! macros are not expanded, so code a macro generates is not seen. Test code (`#[cfg(test)]`,
//! `#[test]`, `tests/`) is left out.

pub mod auth_fails_open;
pub mod debug_logged;
pub mod sensitive_logged;
pub mod tls_weakened;
pub mod weak_password_hash;

use crate::lang::rust::is_test_attr;
use syn::visit::Visit;
use syn::{Expr, ImplItem, Item, ItemImpl, Signature};

/// A visitor of the code a per-file check reads, driven by [`visit_bodies`]. Nested items are
/// reached through [`visit_bodies`] only, so a visitor overrides `visit_item` to do nothing.
trait Bodies<'ast>: Visit<'ast> {
    /// A function or method is about to be visited: a new scope.
    fn enter_fn(&mut self, _sig: &'ast Signature) {}

    /// An `impl` block is about to have its methods visited.
    fn enter_impl(&mut self, _imp: &'ast ItemImpl) {}
}

/// Visits the bodies of the non-test functions and methods of `items` (and of inline modules),
/// and the initialisers of constants and statics.
fn visit_bodies<'ast, V: Bodies<'ast>>(v: &mut V, items: &'ast [Item]) {
    for item in items {
        match item {
            Item::Fn(f) if !is_test_attr(&f.attrs) => {
                v.enter_fn(&f.sig);
                v.visit_block(&f.block);
            }
            Item::Impl(imp) if !is_test_attr(&imp.attrs) => {
                v.enter_impl(imp);
                for it in &imp.items {
                    if let ImplItem::Fn(f) = it {
                        if !is_test_attr(&f.attrs) {
                            v.enter_fn(&f.sig);
                            v.visit_block(&f.block);
                        }
                    }
                }
            }
            Item::Mod(m) if !is_test_attr(&m.attrs) => {
                if let Some((_, inner)) = &m.content {
                    visit_bodies(v, inner);
                }
            }
            Item::Const(c) => v.visit_expr(&c.expr),
            Item::Static(s) => v.visit_expr(&s.expr),
            _ => {}
        }
    }
}

/// Visits the arguments of a macro (`vec![..]`, `json!(..)`, `format!(..)`) as the
/// expressions they usually are.
fn visit_macro_args<V: for<'a> Visit<'a>>(v: &mut V, m: &syn::Macro) {
    if let Ok(args) =
        m.parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
    {
        for a in &args {
            v.visit_expr(a);
        }
    }
}

/// The first identifier in an expression that satisfies `test`.
fn find_ident(e: &Expr, test: impl Fn(&str) -> bool) -> Option<String> {
    struct V<F>(F, Option<String>);
    impl<'ast, F: Fn(&str) -> bool> Visit<'ast> for V<F> {
        fn visit_ident(&mut self, i: &'ast proc_macro2::Ident) {
            if self.1.is_none() {
                let s = i.to_string();
                if (self.0)(&s) {
                    self.1 = Some(s);
                }
            }
        }
    }
    let mut v = V(test, None);
    v.visit_expr(e);
    v.1
}

#[cfg(test)]
fn parse(src: &str) -> syn::File {
    syn::parse_file(src).expect("valid Rust")
}
