//! `debug-logged`: a value of a `#[derive(Debug)]` struct holding a secret or personal
//! information, written with `{:?}`, `?x` or `dbg!`. The derived `Debug` prints every field,
//! the password included. Repository-wide: the struct and the log line may be in different
//! files, so the struct is looked up in the same file, then the same crate, then a crate the
//! logging file names.

use crate::ctx::RepoCtx;
use crate::formats::cargo::{crate_of, crate_roots};
use crate::lang::rust::logs::{logged, Logged};
use crate::lang::rust::names::{sensitive, sensitive_pattern};
use crate::lang::rust::{bound_name, call_path, is_test_attr, pos, type_name};
use crate::out::Hit;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;
use syn::visit::Visit;
use syn::{Expr, FnArg, Item};
use trustlint_model::{Location, Place, Related};

/// A logging macro that formats something with `Debug` (`{:?}`, `{req:?}`, `?req`), or `dbg!`.
const DEBUG_LOG: &str = r"(?-u:\b)(?:(?:trace|debug|info|warn|error|event|log|e?println|e?print)!\s*[(\[{][^;]*?(?::#?\?|[(,]\s*\?)|dbg!)";

/// A struct field named like something sensitive: `pub password: String`.
fn sensitive_field() -> String {
    format!(
        r"(?m)^\s*(?:pub(?:\([^)]*\))?\s+)?[a-z0-9_]*{}\s*:[^:]",
        sensitive_pattern()
    )
}

/// Compiled on first use: a pre-commit run on files with no Rust never pays for them.
static DEBUG_LOG_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(DEBUG_LOG).expect("valid"));
static SENSITIVE_FIELD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&sensitive_field()).expect("escaped words form a valid regex"));

/// What a file must hold to matter: a sensitive field, or a `Debug` log.
pub fn patterns() -> Vec<String> {
    vec![sensitive_field(), DEBUG_LOG.into()]
}

/// Whether a file may define a struct that prints a secret, or log something with `Debug`: the
/// files the repository pass reads.
pub fn interesting(text: &str) -> bool {
    defines_secret_struct(text) || DEBUG_LOG_RE.is_match(text)
}

fn defines_secret_struct(text: &str) -> bool {
    text.contains("derive") && text.contains("Debug") && SENSITIVE_FIELD_RE.is_match(text)
}

/// A value of a secret-holding struct written with `Debug`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebugLogged {
    pub at: Place,
    /// The logged binding, `req`.
    pub name: String,
    /// Its type, `LoginRequest`.
    pub ty: String,
    /// The first sensitive field of the type, `password`.
    pub field: String,
    /// Where that field is declared.
    pub field_at: Place,
    pub source_line: Option<String>,
}

/// A struct that would print a secret: where its sensitive field is, and its name.
struct SecretStruct {
    at: Place,
    field: String,
}

/// Reads the files the file pass noted ([`interesting`]).
pub fn find(repo: &RepoCtx<'_>) -> Vec<DebugLogged> {
    // The structs that would print a secret, and the files that log something with `Debug`,
    // kept for the second step.
    let mut secret: BTreeMap<String, Vec<SecretStruct>> = BTreeMap::new();
    let mut debug_logging: Vec<(&String, String)> = Vec::new();
    for path in repo.interesting {
        let Some(text) = (repo.read)(path) else {
            continue;
        };
        if defines_secret_struct(&text) {
            if let Ok(parsed) = crate::lang::rust::parse(&text) {
                let mut s = Structs(Vec::new());
                s.visit_file(&parsed.file);
                for (name, field, line, column) in s.0 {
                    secret.entry(name).or_default().push(SecretStruct {
                        at: Place {
                            path: path.to_string(),
                            line,
                            column,
                        },
                        field,
                    });
                }
            }
        }
        if DEBUG_LOG_RE.is_match(&text) {
            debug_logging.push((path, text));
        }
    }
    if secret.is_empty() {
        return Vec::new();
    }
    let crates = crate_roots(repo.files, repo.read);
    let names = Regex::new(&format!(
        r"(?-u:\b)(?:{})(?-u:\b)",
        secret
            .keys()
            .map(|k| regex::escape(k))
            .collect::<Vec<_>>()
            .join("|")
    ))
    .expect("escaped names form a valid regex");
    let mut out = Vec::new();
    for (path, text) in debug_logging {
        // A value of one of the structs is logged only where its name appears.
        if !names.is_match(&text) {
            continue;
        }
        let Ok(parsed) = crate::lang::rust::parse(&text) else {
            continue;
        };
        let mut v = DebugLogs {
            types: BTreeMap::new(),
            found: Vec::new(),
        };
        v.items(&parsed.file.items);
        for (l, ty) in v.found {
            let Some(defs) = secret.get(&ty) else {
                continue;
            };
            // The struct of that name in the same file, else in the same crate, else in a
            // crate this file names; a same-named struct elsewhere is another type.
            let here = crate_of(&crates, path);
            let Some(def) = defs
                .iter()
                .find(|d| d.at.path == **path)
                .or_else(|| defs.iter().find(|d| crate_of(&crates, &d.at.path) == here))
                .or_else(|| {
                    defs.iter().find(|d| {
                        crate_of(&crates, &d.at.path)
                            .is_some_and(|(_, name)| text.contains(name.as_str()))
                    })
                })
            else {
                continue;
            };
            out.push(DebugLogged {
                at: Place {
                    path: path.to_string(),
                    line: l.line,
                    column: l.column,
                },
                name: l.ident.clone(),
                ty: ty.clone(),
                field: def.field.clone(),
                field_at: def.at.clone(),
                source_line: text.lines().nth(l.line as usize - 1).map(|s| s.to_string()),
            });
        }
    }
    out
}

impl DebugLogged {
    pub fn hit(&self) -> Hit {
        Hit::at(self.at.path.as_str(), self.at.line, self.at.column)
            .arg("name", self.name.as_str())
            .arg("type", self.ty.as_str())
            .arg("field", self.field.as_str())
            .source_line_opt(self.source_line.clone())
            .related(Related {
                location: Location {
                    path: self.field_at.path.clone(),
                    line: self.field_at.line,
                    column: self.field_at.column,
                    end_line: None,
                    end_column: None,
                },
                message: format!("`{}` derives `Debug` and holds `{}`", self.ty, self.field),
            })
            .matched(format!("{}:{}", self.name, self.ty))
    }
}

/// `#[derive(Debug)]` structs with a field named like a secret or personal information whose
/// type does not redact itself (`Secret<String>`, `SecretString`).
struct Structs(Vec<(String, String, u32, u32)>);

impl<'ast> Visit<'ast> for Structs {
    fn visit_item_struct(&mut self, s: &'ast syn::ItemStruct) {
        let derives_debug = s.attrs.iter().any(|a| {
            a.path().is_ident("derive")
                && a.meta.require_list().is_ok_and(|l| {
                    l.tokens
                        .to_string()
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == "Debug")
                })
        });
        if !derives_debug {
            return;
        }
        for f in &s.fields {
            let Some(name) = &f.ident else { continue };
            if sensitive(&name.to_string()).is_none() || !string_like(&f.ty) {
                continue;
            }
            let (line, col) = pos(name.span());
            self.0
                .push((s.ident.to_string(), name.to_string(), line, col));
            break;
        }
    }
}

/// Text or bytes that `Debug` prints as they are: `String`, `&str`, `Vec<u8>`, possibly in an
/// `Option`. A type that redacts itself (`SecretString`) or a handle (`mio::Token`) is not.
fn string_like(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Reference(r) => string_like(&r.elem),
        syn::Type::Slice(s) => string_like(&s.elem),
        syn::Type::Path(p) => {
            let Some(last) = p.path.segments.last() else {
                return false;
            };
            let name = last.ident.to_string();
            let inner = || match &last.arguments {
                syn::PathArguments::AngleBracketed(a) => a.args.iter().any(|g| match g {
                    syn::GenericArgument::Type(t) => string_like(t),
                    _ => false,
                }),
                _ => false,
            };
            match name.as_str() {
                "String" | "str" | "u8" | "Bytes" | "OsString" | "PathBuf" => true,
                "Option" | "Vec" | "Box" | "Cow" | "Arc" | "Rc" => inner(),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Logged values whose binding's type is known: function parameters (also through
/// `Json(req): Json<T>`), `let x: T`, and `let x = T { .. }` / `T::new(..)`.
struct DebugLogs {
    types: BTreeMap<String, String>,
    found: Vec<(Logged, String)>,
}

impl DebugLogs {
    fn items(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Fn(f) if !is_test_attr(&f.attrs) => {
                    self.fn_body(&f.sig, &f.block);
                }
                Item::Impl(imp) if !is_test_attr(&imp.attrs) => {
                    for it in &imp.items {
                        if let syn::ImplItem::Fn(f) = it {
                            self.fn_body(&f.sig, &f.block);
                        }
                    }
                }
                Item::Mod(m) if !is_test_attr(&m.attrs) => {
                    if let Some((_, inner)) = &m.content {
                        self.items(inner);
                    }
                }
                _ => {}
            }
        }
    }

    fn fn_body(&mut self, sig: &syn::Signature, block: &syn::Block) {
        self.types.clear();
        for a in &sig.inputs {
            if let FnArg::Typed(t) = a {
                if let (Some(name), Some(ty)) = (bound_name(&t.pat), type_name(&t.ty)) {
                    self.types.insert(name, ty);
                }
            }
        }
        self.visit_block(block);
    }
}

impl<'ast> Visit<'ast> for DebugLogs {
    fn visit_item(&mut self, _: &'ast Item) {}

    fn visit_local(&mut self, l: &'ast syn::Local) {
        let name = bound_name(&l.pat);
        let ty = match (&l.pat, &l.init) {
            (syn::Pat::Type(t), _) => type_name(&t.ty),
            (_, Some(init)) => match &*init.expr {
                Expr::Struct(s) => s.path.segments.last().map(|s| s.ident.to_string()),
                Expr::Call(c) => {
                    let p = call_path(&c.func);
                    (p.len() >= 2)
                        .then(|| p[p.len() - 2].clone())
                        .filter(|t| t.starts_with(char::is_uppercase))
                }
                _ => None,
            },
            _ => None,
        };
        if let (Some(n), Some(t)) = (name, ty) {
            self.types.insert(n, t);
        }
        syn::visit::visit_local(self, l);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        for l in logged(m) {
            if !(l.debug && l.bare) {
                continue;
            }
            if let Some(ty) = self.types.get(&l.ident).cloned() {
                self.found.push((l, ty));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::with_repo;

    const LOGIN: &str = "#[derive(Debug, Deserialize)]\npub struct Login {\n    pub user: String,\n    pub phone_number: String,\n}\n";

    fn run(files: &[(&str, &str)]) -> Vec<(String, u32, String, String)> {
        with_repo(files, |repo| {
            find(repo)
                .into_iter()
                .map(|d| (d.at.path, d.at.line, d.ty, d.field))
                .collect()
        })
    }

    #[test]
    fn a_logged_struct_defined_in_another_file_of_the_crate() {
        let handler = "use crate::model::Login;\nasync fn login(Json(req): Json<Login>) {\n    tracing::info!(\"login {req:?}\");\n    tracing::info!(user = %req.user);\n}\n";
        let found = run(&[
            ("Cargo.toml", "[package]\nname = \"api\"\n"),
            ("src/model.rs", LOGIN),
            ("src/handlers.rs", handler),
        ]);
        assert_eq!(
            found,
            vec![(
                "src/handlers.rs".into(),
                3,
                "Login".into(),
                "phone_number".into()
            )]
        );
    }

    #[test]
    fn a_same_named_struct_in_another_crate_is_another_type() {
        let handler = "fn f(req: Login) { dbg!(req); }\n";
        let found = run(&[
            ("a/Cargo.toml", "[package]\nname = \"a\"\n"),
            ("a/src/lib.rs", LOGIN),
            ("b/Cargo.toml", "[package]\nname = \"b\"\n"),
            ("b/src/lib.rs", handler),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn the_field_pattern_admits_every_sensitive_field() {
        let re = Regex::new(&sensitive_field()).unwrap();
        assert!(re.is_match("    pub phone_number: String,"));
        assert!(re.is_match("    email_address: Option<String>,"));
        assert!(re.is_match("    pub(crate) user_phone: String,"));
        assert!(!re.is_match("    pub tokens: Vec<Token>,"));
        assert!(!re.is_match("    let email = x::y;"));
    }
}
