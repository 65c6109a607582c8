//! `weak-password-hash`: a password hashed with MD5, SHA-1 or a bare SHA-2 (`Sha256::digest`,
//! `md5::compute`, a hasher fed the password). These are fast by design: a stolen table of
//! them is cracked at billions of guesses a second. A function that answers a challenge (a
//! `nonce`, a database protocol's `scramble`) is a login exchange, not password storage.

use super::{find_ident, visit_bodies, visit_macro_args, Bodies};
use crate::ctx::FileCtx;
use crate::lang::rust::call_path;
use crate::lang::rust::names::{is_password, password_pattern};
use crate::lang::rust::pos;
use crate::lang::rust::routes::pat_name;
use crate::out::Hit;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, FnArg, Item};

/// A weak hash's name: a file without one hashes nothing weakly.
pub const PATTERN: &str = r"(?i)(?-u:\b)(?:md5|sha1|sha2|sha224|sha256|sha384|sha512)(?-u:\b)|Md5|Sha1|Sha2\d\d|Sha384|Sha512|SHA1|SHA256|SHA384|SHA512";

/// Compiled on first use: a pre-commit run on files with no Rust never pays for it.
static PASSWORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&password_pattern()).expect("escaped words form a valid regex"));

/// Whether the text names a password at all; without one there is nothing to parse for.
pub fn names_a_password(text: &str) -> bool {
    PASSWORD.is_match(text)
}

/// A password fed to a weak hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeakPasswordHash {
    pub line: u32,
    pub column: u32,
    /// The hash, as the code names it (`Sha256`, `md5`), or `digest`.
    pub algo: String,
    /// The password's name.
    pub name: String,
}

pub fn find(file: &syn::File) -> Vec<WeakPasswordHash> {
    let mut v = Hashes {
        found: Vec::new(),
        lets: BTreeMap::new(),
        challenge: false,
        seen: Default::default(),
    };
    visit_bodies(&mut v, &file.items);
    v.found
}

struct Hashes {
    found: Vec<WeakPasswordHash>,
    /// Bindings of the function being visited made from a weak hash (`let h = Sha256::new()`).
    lets: BTreeMap<String, String>,
    /// The function being visited answers a challenge (a `nonce` or `scramble` parameter).
    challenge: bool,
    /// (hash, password) pairs already reported in the function being visited: a scheme that
    /// feeds the password to its hasher many times (md5-crypt's thousand rounds) is one
    /// decision, reported once.
    seen: std::collections::BTreeSet<(String, String)>,
}

impl Hashes {
    fn found(&mut self, node: &impl Spanned, algo: String, name: String) {
        if !self.seen.insert((algo.clone(), name.clone())) {
            return;
        }
        let (line, column) = pos(node.span());
        self.found.push(WeakPasswordHash {
            line,
            column,
            algo,
            name,
        });
    }

    /// `Sha256::digest(password)`, `md5::compute(pw)`, `digest(&SHA256, pw)`.
    fn call(&mut self, c: &syn::ExprCall) {
        if self.challenge {
            return;
        }
        let path = call_path(&c.func);
        let weak = path.iter().any(|s| weak_hash_name(s))
            || (path.last().is_some_and(|s| s == "digest")
                && c.args
                    .first()
                    .is_some_and(|a| find_ident(a, weak_hash_name).is_some()));
        if !weak {
            return;
        }
        if let Some(pw) = c.args.iter().find_map(|a| find_ident(a, is_password)) {
            self.found(c, algo(&path, c.args.first()), pw);
        }
    }

    /// `hasher.update(password)` on a binding made from a weak hash.
    fn update(&mut self, m: &syn::ExprMethodCall) {
        if self.challenge {
            return;
        }
        if !matches!(
            m.method.to_string().as_str(),
            "update" | "chain_update" | "chain" | "input" | "input_str" | "write_all"
        ) {
            return;
        }
        let Some(Expr::Path(p)) = root(&m.receiver) else {
            return;
        };
        let Some(weak) = p
            .path
            .get_ident()
            .and_then(|i| self.lets.get(&i.to_string()))
            .cloned()
        else {
            return;
        };
        if let Some(pw) = m.args.iter().find_map(|a| find_ident(a, is_password)) {
            self.found(&m.method, weak, pw);
        }
    }
}

impl<'ast> Bodies<'ast> for Hashes {
    fn enter_fn(&mut self, sig: &'ast syn::Signature) {
        self.lets.clear();
        self.seen.clear();
        self.challenge = answers_challenge(sig);
    }
}

impl<'ast> Visit<'ast> for Hashes {
    fn visit_item(&mut self, _: &'ast Item) {}

    fn visit_local(&mut self, l: &'ast syn::Local) {
        if let (syn::Pat::Ident(i), Some(init)) = (&l.pat, &l.init) {
            match find_ident(&init.expr, weak_hash_name) {
                Some(algo) => self.lets.insert(i.ident.to_string(), algo),
                None => self.lets.remove(&i.ident.to_string()),
            };
        }
        syn::visit::visit_local(self, l);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        visit_macro_args(self, m);
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        self.call(c);
        syn::visit::visit_expr_call(self, c);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        self.update(m);
        syn::visit::visit_expr_method_call(self, m);
    }
}

/// A function answering a challenge: a database protocol's login, not password storage.
fn answers_challenge(sig: &syn::Signature) -> bool {
    sig.inputs.iter().any(|a| match a {
        FnArg::Typed(t) => pat_name(&t.pat).is_some_and(|n| {
            let n = n.to_ascii_lowercase();
            ["nonce", "challenge", "scramble", "server_salt"]
                .iter()
                .any(|w| n.contains(w))
        }),
        FnArg::Receiver(_) => false,
    })
}

/// The binding a method chain starts from (`h` in `h.update(x).finalize()`).
fn root(e: &Expr) -> Option<&Expr> {
    match e {
        Expr::MethodCall(m) => root(&m.receiver),
        Expr::Reference(r) => root(&r.expr),
        Expr::Paren(p) => root(&p.expr),
        Expr::Path(_) => Some(e),
        _ => None,
    }
}

fn weak_hash_name(s: &str) -> bool {
    matches!(
        s,
        "md5"
            | "Md5"
            | "MD5"
            | "sha1"
            | "Sha1"
            | "SHA1"
            | "sha2"
            | "sha224"
            | "sha256"
            | "sha384"
            | "sha512"
            | "Sha224"
            | "Sha256"
            | "Sha384"
            | "Sha512"
            | "SHA224"
            | "SHA256"
            | "SHA384"
            | "SHA512"
            | "SHA1_FOR_LEGACY_USE_ONLY"
    )
}

/// The hash a call names, in its path or its first argument (`digest(&SHA256, ..)`).
fn algo(path: &[String], first: Option<&Expr>) -> String {
    if let Some(p) = path.iter().find(|s| weak_hash_name(s)) {
        return p.clone();
    }
    first
        .and_then(|e| find_ident(e, weak_hash_name))
        .unwrap_or_else(|| "digest".into())
}

impl WeakPasswordHash {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        file.hit(self.line, self.column)
            .arg("algo", self.algo.as_str())
            .arg("name", self.name.as_str())
            .matched(format!("hash:{}", self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn found(src: &str) -> Vec<(u32, String, String)> {
        find(&parse(src))
            .into_iter()
            .map(|h| (h.line, h.algo, h.name))
            .collect()
    }

    #[test]
    fn digests_and_hashers_fed_a_password() {
        let src = "fn store(password: &str) {\n    let a = Sha256::digest(password.as_bytes());\n    let mut h = Md5::new();\n    h.update(password);\n    let t = Sha256::digest(token);\n}\n";
        assert_eq!(
            found(src),
            vec![
                (2, "Sha256".into(), "password".into()),
                (4, "Md5".into(), "password".into())
            ]
        );
    }

    #[test]
    fn a_scheme_feeding_the_password_many_times_is_one_finding_per_function() {
        let src = "fn crypt(pass: &[u8], salt: &[u8]) {\n    let mut b = Md5::new();\n    b.update(pass);\n    b.update(pass);\n    for _ in 0..1000 {\n        let mut a = Md5::new();\n        a.update(pass);\n    }\n}\nfn other(pass: &[u8]) {\n    let mut c = Md5::new();\n    c.update(pass);\n}\n";
        assert_eq!(
            found(src),
            vec![
                (3, "Md5".into(), "pass".into()),
                (12, "Md5".into(), "pass".into())
            ]
        );
    }

    #[test]
    fn a_challenge_answer_or_a_reset_token_is_not_password_storage() {
        let src = "fn login(password: &str, nonce: &[u8]) { Sha1::digest(password); }\nfn reset(password_reset_token: &str) { Sha256::digest(password_reset_token); }\n";
        assert!(found(src).is_empty());
        assert!(names_a_password("let PWD = 1;") && !names_a_password("let x = 1;"));
    }
}
