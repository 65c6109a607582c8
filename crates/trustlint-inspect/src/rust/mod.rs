//! Rust source, parsed with `syn`: shared by the Rust inspectors (`rust-routes`,
//! `rust-service`, `rust-code`). Macros are not expanded; what a macro generates is invisible,
//! except for the router macros handled by name (`routes!`, `warp::path!`).
//!
//! Spans come from `proc-macro2`'s `span-locations`, which keeps a per-thread map of every
//! parsed file; [`Parsed`] clears it when dropped, so a long scan does not accumulate them.

pub(crate) mod logs;
pub(crate) mod names;
pub(crate) mod routes;
pub(crate) mod service;

use crate::context::ParseError;
use proc_macro2::Span;
use std::collections::BTreeMap;
use syn::spanned::Spanned;
use syn::{Attribute, Block, Expr, ImplItem, Item, Signature};

/// Deeper bracket nesting than this is refused before `syn` sees it: its recursive descent
/// would otherwise exhaust a worker's stack on a hostile file.
const MAX_NESTING: usize = 128;

/// A parsed Rust file. Holding one keeps the thread's span map alive; dropping it clears the
/// map, so at most one [`Parsed`] (or one [`Crate`]) may live per thread at a time.
pub struct Parsed {
    pub file: syn::File,
}

impl Drop for Parsed {
    fn drop(&mut self) {
        proc_macro2::extra::invalidate_current_thread_spans();
    }
}

/// Parses Rust source; a file that does not parse is an error with its line, never a panic.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    parse_raw(text).map(|file| Parsed { file })
}

/// Parses without clearing the span map afterwards: for files gathered into a [`Crate`].
pub(crate) fn parse_raw(text: &str) -> Result<syn::File, ParseError> {
    if let Some(line) = too_deep(text) {
        return Err(ParseError {
            line,
            message: format!("brackets nested deeper than {MAX_NESTING}; not analysed"),
        });
    }
    match syn::parse_file(text) {
        Ok(file) => Ok(file),
        Err(e) => {
            let line = e.span().start().line.max(1) as u32;
            proc_macro2::extra::invalidate_current_thread_spans();
            Err(ParseError {
                line,
                message: e.to_string(),
            })
        }
    }
}

/// The line where bracket nesting first exceeds [`MAX_NESTING`], outside comments, strings and
/// character literals (`b'('` must not count).
fn too_deep(text: &str) -> Option<u32> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut line = 1u32;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => line += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut nest = 0usize;
                while i < b.len() {
                    if b[i..].starts_with(b"/*") {
                        nest += 1;
                        i += 2;
                    } else if b[i..].starts_with(b"*/") {
                        nest -= 1;
                        i += 2;
                        if nest == 0 {
                            break;
                        }
                    } else {
                        line += u32::from(b[i] == b'\n');
                        i += 1;
                    }
                }
                continue;
            }
            b'r' if matches!(b.get(i + 1), Some(b'#' | b'"'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                // A raw string: r"..." or r#"..."#, closed by the same number of hashes.
                let mut j = i + 1;
                while b.get(j) == Some(&b'#') {
                    j += 1;
                }
                if b.get(j) == Some(&b'"') {
                    let hashes = j - i - 1;
                    j += 1;
                    while j < b.len() {
                        if b[j] == b'"'
                            && b[j + 1..]
                                .iter()
                                .take(hashes)
                                .filter(|&&c| c == b'#')
                                .count()
                                == hashes
                        {
                            j += 1 + hashes;
                            break;
                        }
                        line += u32::from(b[j] == b'\n');
                        j += 1;
                    }
                    i = j;
                    continue;
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    if i < b.len() && b[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
            b'\'' => {
                // 'x', '\n', '\u{..}' are characters; 'a (a lifetime) is not closed.
                if b.get(i + 1) == Some(&b'\\') {
                    let mut j = i + 2;
                    while j < b.len() && b[j] != b'\'' && b[j] != b'\n' && j < i + 12 {
                        j += 1;
                    }
                    i = j;
                } else if let Some(len) = text
                    .get(i + 1..)
                    .and_then(|t| t.chars().next())
                    .map(char::len_utf8)
                {
                    if b.get(i + 1 + len) == Some(&b'\'') {
                        i += 1 + len;
                    }
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(line);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// 1-based line and column of a span's start.
pub fn pos(span: Span) -> (u32, u32) {
    let s = span.start();
    (s.line.max(1) as u32, s.column as u32 + 1)
}

/// A place in one of a [`Crate`]'s files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct At {
    pub file: usize,
    pub line: u32,
    pub column: u32,
}

impl At {
    pub fn of(file: usize, node: &impl Spanned) -> At {
        let (line, column) = pos(node.span());
        At { file, line, column }
    }
}

/// A function or method anywhere in the analysed files.
pub struct FnDef<'a> {
    pub file: usize,
    /// Inline modules around it (`mod api { ... }`), outermost first.
    pub mods: Vec<String>,
    pub attrs: &'a [Attribute],
    pub sig: &'a Signature,
    pub block: &'a Block,
}

/// The Rust files of a repository that an analysis needs, parsed, with a name index of their
/// functions. Test and example code (`#[cfg(test)]`, `#[test]`, `tests/`, `benches/`, `examples/`) is left out:
/// routers are built without authentication on purpose.
pub struct Crate {
    pub files: Vec<(String, syn::File)>,
}

impl Drop for Crate {
    fn drop(&mut self) {
        proc_macro2::extra::invalidate_current_thread_spans();
    }
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

pub struct Index<'a> {
    pub fns: BTreeMap<String, Vec<FnDef<'a>>>,
}

impl Crate {
    pub fn index(&self) -> Index<'_> {
        let mut fns: BTreeMap<String, Vec<FnDef<'_>>> = BTreeMap::new();
        for (i, (_, file)) in self.files.iter().enumerate() {
            collect(i, &file.items, &mut Vec::new(), &mut fns);
        }
        Index { fns }
    }
}

fn collect<'a>(
    file: usize,
    items: &'a [Item],
    mods: &mut Vec<String>,
    fns: &mut BTreeMap<String, Vec<FnDef<'a>>>,
) {
    for item in items {
        match item {
            Item::Fn(f) if !is_test_attr(&f.attrs) => {
                fns.entry(f.sig.ident.to_string()).or_default().push(FnDef {
                    file,
                    mods: mods.clone(),
                    attrs: &f.attrs,
                    sig: &f.sig,
                    block: &f.block,
                });
                // Handlers declared inside a function body (examples, `main`).
                let mut inner = Inner(Vec::new());
                syn::visit::Visit::visit_block(&mut inner, &f.block);
                for g in inner.0 {
                    fns.entry(g.sig.ident.to_string()).or_default().push(FnDef {
                        file,
                        mods: mods.clone(),
                        attrs: &g.attrs,
                        sig: &g.sig,
                        block: &g.block,
                    });
                }
            }
            Item::Impl(imp) if !is_test_attr(&imp.attrs) => {
                for it in &imp.items {
                    if let ImplItem::Fn(f) = it {
                        if !is_test_attr(&f.attrs) {
                            fns.entry(f.sig.ident.to_string()).or_default().push(FnDef {
                                file,
                                mods: mods.clone(),
                                attrs: &f.attrs,
                                sig: &f.sig,
                                block: &f.block,
                            });
                        }
                    }
                }
            }
            Item::Mod(m) if !is_test_attr(&m.attrs) => {
                if let Some((_, inner)) = &m.content {
                    mods.push(m.ident.to_string());
                    collect(file, inner, mods, fns);
                    mods.pop();
                }
            }
            _ => {}
        }
    }
}

/// Function items nested in a block, at any depth.
struct Inner<'a>(Vec<&'a syn::ItemFn>);

impl<'a> syn::visit::Visit<'a> for Inner<'a> {
    fn visit_item_fn(&mut self, f: &'a syn::ItemFn) {
        if !is_test_attr(&f.attrs) {
            self.0.push(f);
            syn::visit::visit_item_fn(self, f);
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_code_only() {
        let chars = "fn f() { let a = [b'(', b'[', '{', '(']; let s = \"(((\"; }\n".repeat(200);
        assert_eq!(too_deep(&chars), None);
        let comments =
            "// ((((((\n/* [[[[ /* nested ((( */ */\nfn g<'a>(x: &'a str) {}\n".repeat(100);
        assert_eq!(too_deep(&comments), None);
        let raw = format!("const R: &str = r#\"{}\"#;\n", "(".repeat(500));
        assert_eq!(too_deep(&raw), None);
        let deep = format!(
            "fn f() {{\n let x = {}1{}; }}\n",
            "(".repeat(200),
            ")".repeat(200)
        );
        assert_eq!(too_deep(&deep), Some(2));
    }

    #[test]
    fn the_deepest_accepted_nesting_parses_on_a_small_stack() {
        // A 2 MiB thread, the default for spawned threads: the worker pool has 16 MiB.
        let src = format!(
            "fn f() {{ let x = {}1{}; }}\n",
            "(".repeat(MAX_NESTING - 2),
            ")".repeat(MAX_NESTING - 2)
        );
        let ok = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || parse(&src).is_ok())
            .unwrap()
            .join()
            .unwrap();
        assert!(ok);
    }
}
