//! `tls-weakened`: TLS turned down in Rust code: `https_only(false)`, a minimum TLS version
//! below 1.2, certificate verification turned off (`SslVerifyMode::NONE`), or a rustls
//! `ServerCertVerifier` that accepts every certificate. Each lets someone on the network read
//! or change the traffic. Verification turned off only in a branch (`if insecure { .. }`) is
//! a setting the operator chooses, not a default, and is left to them.

use super::{find_ident, visit_bodies, visit_macro_args, Bodies};
use crate::ctx::FileCtx;
use crate::lang::rust::{call_path, pos};
use crate::out::Hit;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, Item};
use trustlint_model::Text;

/// The names a file must hold for the check to find anything in it.
pub const PATTERN: &str = r"(?-u:\b)https_only(?-u:\b)|(?-u:\b)min_tls_version(?-u:\b)|(?-u:\b)set_min_proto_version(?-u:\b)|(?-u:\b)min_protocol_version(?-u:\b)|(?-u:\b)ServerCertVerifier(?-u:\b)|(?-u:\b)SslVerifyMode(?-u:\b)";

/// A place where TLS is weakened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsWeakened {
    pub line: u32,
    pub column: u32,
    /// What weakens it, for the message (`a minimum TLS version of \`TLS_1_0\``).
    pub what: Text,
    /// The setting, for the fingerprint (`min_tls_version:TLS_1_0`).
    pub setting: String,
}

pub fn find(file: &syn::File) -> Vec<TlsWeakened> {
    let mut v = Tls {
        found: Vec::new(),
        conditional: 0,
    };
    visit_bodies(&mut v, &file.items);
    v.found
}

struct Tls {
    found: Vec<TlsWeakened>,
    /// Inside a branch taken on a condition (`if insecure { .. }`): a setting, not a default.
    conditional: u32,
}

impl Tls {
    fn found(&mut self, node: &impl Spanned, en: String, fr: String, setting: String) {
        let (line, column) = pos(node.span());
        self.found.push(TlsWeakened {
            line,
            column,
            what: Text::new(en, fr),
            setting,
        });
    }

    fn call(&mut self, m: &syn::ExprMethodCall) {
        let name = m.method.to_string();
        let arg = m.args.first();
        match name.as_str() {
            "https_only" if arg.is_some_and(is_false) => self.found(
                &m.method,
                "`https_only(false)`".into(),
                "`https_only(false)`".into(),
                "https_only(false)".into(),
            ),
            "min_tls_version" | "set_min_proto_version" | "min_protocol_version" => {
                if let Some(v) = arg.and_then(old_tls) {
                    self.found(
                        &m.method,
                        format!("a minimum TLS version of `{v}`"),
                        format!("une version minimale de TLS `{v}`"),
                        format!("{name}:{v}"),
                    );
                }
            }
            "set_verify"
                if self.conditional == 0
                    && arg.is_some_and(|a| find_ident(a, |i| i == "NONE").is_some()) =>
            {
                self.found(
                    &m.method,
                    "`SslVerifyMode::NONE`".into(),
                    "`SslVerifyMode::NONE`".into(),
                    "set_verify:NONE".into(),
                )
            }
            _ => {}
        }
    }
}

impl<'ast> Bodies<'ast> for Tls {
    /// A rustls `ServerCertVerifier` whose `verify_server_cert` only says yes.
    fn enter_impl(&mut self, imp: &'ast syn::ItemImpl) {
        let Some((path, _)) = &imp.trait_ else {
            return;
        };
        if path
            .segments
            .last()
            .is_none_or(|s| s.ident != "ServerCertVerifier")
        {
            return;
        }
        for it in &imp.items {
            let syn::ImplItem::Fn(f) = it else { continue };
            if f.sig.ident != "verify_server_cert" {
                continue;
            }
            let stmts = &f.block.stmts;
            let accepts_all = stmts.len() == 1
                && matches!(&stmts[0], syn::Stmt::Expr(e, None) if is_assertion(e));
            if accepts_all {
                self.found(
                    &f.sig.ident,
                    "a certificate verifier that accepts every certificate".into(),
                    "un vérificateur qui accepte tous les certificats".into(),
                    "verify_server_cert:assertion".into(),
                );
            }
        }
    }
}

impl<'ast> Visit<'ast> for Tls {
    fn visit_item(&mut self, _: &'ast Item) {}

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        visit_macro_args(self, m);
    }

    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        self.visit_expr(&i.cond);
        self.conditional += 1;
        self.visit_block(&i.then_branch);
        if let Some((_, e)) = &i.else_branch {
            self.visit_expr(e);
        }
        self.conditional -= 1;
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        self.call(m);
        syn::visit::visit_expr_method_call(self, m);
    }
}

fn is_false(e: &Expr) -> bool {
    matches!(e, Expr::Lit(syn::ExprLit { lit: syn::Lit::Bool(b), .. }) if !b.value)
}

/// A TLS or SSL version older than 1.2 named in an argument.
fn old_tls(e: &Expr) -> Option<String> {
    const OLD: &[&str] = &[
        "TLS_1_0", "TLS_1_1", "TLS1", "TLS1_1", "Tlsv10", "Tlsv11", "SSL3", "Sslv3", "SSLv3",
        "TLSv1", "TLSv1_1",
    ];
    find_ident(e, |s| OLD.contains(&s))
}

/// `Ok(ServerCertVerified::assertion())`.
fn is_assertion(e: &Expr) -> bool {
    let Expr::Call(c) = e else { return false };
    call_path(&c.func).last().is_some_and(|s| s == "Ok")
        && c.args.len() == 1
        && matches!(&c.args[0], Expr::Call(inner) if call_path(&inner.func).last().is_some_and(|s| s == "assertion"))
}

impl TlsWeakened {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        file.hit(self.line, self.column)
            .args_en_fr("what", "quoi", self.what.clone())
            .matched(self.setting.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn found(src: &str) -> Vec<(u32, String)> {
        let mut found: Vec<(u32, String)> = find(&parse(src))
            .into_iter()
            .map(|t| (t.line, t.setting))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn old_floors_plain_http_and_disabled_verification() {
        let src = "fn client() {\n    let c = Client::builder().https_only(false).min_tls_version(Version::TLS_1_0);\n    ctx.set_verify(SslVerifyMode::NONE);\n    let ok = b.min_tls_version(Version::TLS_1_2);\n}\n";
        assert_eq!(
            found(src),
            vec![
                (2, "https_only(false)".into()),
                (2, "min_tls_version:TLS_1_0".into()),
                (3, "set_verify:NONE".into())
            ]
        );
    }

    #[test]
    fn a_setting_in_a_branch_is_the_operators_choice() {
        let src = "fn c(insecure: bool) { if insecure { ctx.set_verify(SslVerifyMode::NONE); } }\n";
        assert!(found(src).is_empty());
    }

    #[test]
    fn a_verifier_that_accepts_everything() {
        let src = "impl ServerCertVerifier for Yes {\n    fn verify_server_cert(&self) -> Result<ServerCertVerified, Error> {\n        Ok(ServerCertVerified::assertion())\n    }\n}\n";
        assert_eq!(found(src), vec![(2, "verify_server_cert:assertion".into())]);
    }
}
