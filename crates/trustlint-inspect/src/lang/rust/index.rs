//! The Rust files an analysis needs, parsed together as a [`Crate`], with an [`Index`] of
//! their functions by name, and [`At`], a place in one of them. Test code is left out.

use super::{is_test_attr, pos};
use std::collections::BTreeMap;
use syn::spanned::Spanned;
use syn::{Attribute, Block, ImplItem, Item, Signature};

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
    let add = |fns: &mut BTreeMap<String, Vec<FnDef<'a>>>,
               mods: &[String],
               attrs: &'a [Attribute],
               sig: &'a Signature,
               block: &'a Block| {
        fns.entry(sig.ident.to_string()).or_default().push(FnDef {
            file,
            mods: mods.to_vec(),
            attrs,
            sig,
            block,
        });
    };
    for item in items {
        match item {
            Item::Fn(f) if !is_test_attr(&f.attrs) => {
                add(fns, mods, &f.attrs, &f.sig, &f.block);
                // Handlers declared inside a function body (examples, `main`).
                let mut inner = Inner(Vec::new());
                syn::visit::Visit::visit_block(&mut inner, &f.block);
                for g in inner.0 {
                    add(fns, mods, &g.attrs, &g.sig, &g.block);
                }
            }
            Item::Impl(imp) if !is_test_attr(&imp.attrs) => {
                for it in &imp.items {
                    if let ImplItem::Fn(f) = it {
                        if !is_test_attr(&f.attrs) {
                            add(fns, mods, &f.attrs, &f.sig, &f.block);
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
