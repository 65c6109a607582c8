//! What a handler's signature and body say about the route beyond authentication: a stub
//! that serves nothing, a handler that only redirects, a federation document. The route
//! check uses these to tell routes public by design from open ones.

use super::FnDef;
use quote::ToTokens;
use syn::{Expr, FnArg, ReturnType, Stmt};
use trustlint_model::Shape;

/// Macros that end a handler without serving anything.
const STUBS: &[&str] = &["unimplemented", "todo"];

/// Words in a handler's types that mark an ActivityPub document or request: other servers
/// fetch actors, outboxes and collections anonymously, by the protocol.
const FEDERATION: &[&str] = &["activitystream", "activitypub", "aprequest", "activityjson"];

pub fn of(f: &FnDef<'_>) -> Option<Shape> {
    stub(f).or_else(|| federation(f)).or_else(|| redirect(f))
}

fn stub(f: &FnDef<'_>) -> Option<Shape> {
    let [only] = f.block.stmts.as_slice() else {
        return None;
    };
    let mac = match only {
        Stmt::Macro(m) => &m.mac,
        Stmt::Expr(Expr::Macro(m), _) => &m.mac,
        _ => return None,
    };
    let name = mac.path.segments.last()?.ident.to_string();
    STUBS
        .contains(&name.as_str())
        .then(|| Shape::Stub(format!("{name}!()")))
}

fn federation(f: &FnDef<'_>) -> Option<Shape> {
    let output = match &f.sig.output {
        ReturnType::Type(_, ty) => Some(compact(ty)),
        ReturnType::Default => None,
    };
    let inputs = f.sig.inputs.iter().filter_map(|a| match a {
        FnArg::Typed(t) => Some(compact(&t.ty)),
        FnArg::Receiver(_) => None,
    });
    output
        .into_iter()
        .chain(inputs)
        .find(|ty| {
            let lower = ty.to_ascii_lowercase();
            FEDERATION.iter().any(|w| lower.contains(w))
        })
        .map(Shape::Federation)
}

/// `Redirect`, `Flash<Redirect>`, `Result<Redirect, _>` is not one: a handler that can
/// fail may do work first.
fn redirect(f: &FnDef<'_>) -> Option<Shape> {
    let ReturnType::Type(_, ty) = &f.sig.output else {
        return None;
    };
    let ty = compact(ty);
    let inner = ty
        .strip_prefix("Flash<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(&ty);
    let leaf = inner.rsplit("::").next().unwrap_or(inner);
    (leaf == "Redirect").then(|| Shape::Redirect(ty.clone()))
}

fn compact(ty: &syn::Type) -> String {
    ty.to_token_stream()
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(code: &str) -> Option<Shape> {
        let f: syn::ItemFn = syn::parse_str(code).expect("test code parses");
        of(&FnDef {
            file: 0,
            mods: Vec::new(),
            attrs: &f.attrs,
            sig: &f.sig,
            block: &f.block,
        })
    }

    #[test]
    fn stubs_redirects_and_federation_documents_are_told_apart() {
        assert_eq!(
            shape("fn new() -> String { unimplemented!() }"),
            Some(Shape::Stub("unimplemented!()".into()))
        );
        assert_eq!(
            shape("fn new() -> String { todo!(); }"),
            Some(Shape::Stub("todo!()".into()))
        );
        assert_eq!(
            shape("fn a() -> Flash<Redirect> { requires_login(\"x\") }"),
            Some(Shape::Redirect("Flash<Redirect>".into()))
        );
        assert_eq!(
            shape("fn a() -> axum::response::Redirect { Redirect::to(\"/\") }"),
            Some(Shape::Redirect("axum::response::Redirect".into()))
        );
        assert_eq!(
            shape("fn a(_ap: ApRequest) -> Json<u8> { Json(1) }"),
            Some(Shape::Federation("ApRequest".into()))
        );
        assert_eq!(
            shape("fn a() -> Result<ActivityPubJson<Actor>> { todo() }"),
            Some(Shape::Federation("Result<ActivityPubJson<Actor>>".into()))
        );
        // Look-alikes: a handler that panics on one branch serves the others; a handler that
        // can fail before redirecting may have done work; `unreachable!` is not a stub.
        for code in [
            "fn a(id: u32) -> String { if id == 0 { todo!() } id.to_string() }",
            "fn a() -> Result<Redirect, Status> { delete()?; Ok(Redirect::to(\"/\")) }",
            "fn a() -> String { unreachable!() }",
            "fn a() -> Json<Activity> { Json(a()) }",
        ] {
            assert_eq!(shape(code), None, "{code}");
        }
    }
}
