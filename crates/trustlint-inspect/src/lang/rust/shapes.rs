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
    stub(f)
        .or_else(|| federation(f))
        .or_else(|| fixed(f.sig.inputs.is_empty(), only_expr(f.block)))
        .or_else(|| redirect(f))
}

/// A closure handler: `|| async { Redirect::to("/ui") }` only redirects, whatever it is
/// asked; `|| async { Html(include_str!("index.html")) }` serves a fixed page.
pub fn of_closure(c: &syn::ExprClosure) -> Option<Shape> {
    let mut body = c.body.as_ref();
    loop {
        body = match body {
            Expr::Async(a) => only_expr(&a.block)?,
            Expr::Block(b) => only_expr(&b.block)?,
            _ => break,
        };
    }
    fixed(c.inputs.is_empty(), Some(body))
}

/// The one expression a block consists of.
fn only_expr(b: &syn::Block) -> Option<&Expr> {
    match b.stmts.as_slice() {
        [Stmt::Expr(e, None)] => Some(e),
        _ => None,
    }
}

/// What a handler that reads nothing from the request returns, when that is fixed: a redirect
/// to a fixed place, or a page built from literals and embedded files. Either serves no data.
fn fixed(no_inputs: bool, body: Option<&Expr>) -> Option<Shape> {
    let body = body.filter(|_| no_inputs)?;
    if let Some(to) = redirect_call(body) {
        return Some(Shape::FixedRedirect(to));
    }
    constant(body).then(|| Shape::Constant(compact_expr(body)))
}

/// `Redirect::to("/ui")`, `Redirect::permanent(Urls::Login.as_ref())`, optionally
/// `.into_response()`.
fn redirect_call(e: &Expr) -> Option<String> {
    match e {
        Expr::MethodCall(m) if m.method == "into_response" && m.args.is_empty() => {
            redirect_call(&m.receiver)
        }
        Expr::Call(c) => {
            let Expr::Path(p) = c.func.as_ref() else {
                return None;
            };
            let segs: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let n = segs.len();
            (n >= 2 && segs[n - 2] == "Redirect").then(|| compact_expr(e))
        }
        _ => None,
    }
}

/// Literals, embedded files (`include_str!`) and type constructors applied to them.
fn constant(e: &Expr) -> bool {
    match e {
        Expr::Lit(_) => true,
        Expr::Macro(m) => m.mac.path.segments.last().is_some_and(|s| {
            ["include_str", "include_bytes"].contains(&s.ident.to_string().as_str())
        }),
        // `Html(…)`, `Html::from(…)`: a type's constructor, not a function that may look
        // anything up (`requires_login("…")`).
        Expr::Call(c) => {
            let constructor = matches!(c.func.as_ref(), Expr::Path(p)
                if p.path.segments.iter().any(|s| s.ident.to_string().starts_with(char::is_uppercase)));
            constructor && !c.args.is_empty() && c.args.iter().all(constant)
        }
        Expr::Paren(p) => constant(&p.expr),
        Expr::Reference(r) => constant(&r.expr),
        _ => false,
    }
}

fn compact_expr(e: &Expr) -> String {
    let s: String = e
        .to_token_stream()
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
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
            shape("fn a(s: State<S>) -> axum::response::Redirect { s.home() }"),
            Some(Shape::Redirect("axum::response::Redirect".into()))
        );
        assert_eq!(
            shape("fn a() -> Html<&'static str> { Html::from(include_str!(\"sink.html\")) }"),
            Some(Shape::Constant(
                "Html::from(include_str!(\"sink.html\"))".into()
            ))
        );
        assert_eq!(
            shape("fn a() -> Redirect { Redirect::permanent(\"/ui\") }"),
            Some(Shape::FixedRedirect("Redirect::permanent(\"/ui\")".into()))
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
            // A page built from the request or the database is not fixed.
            "fn a(q: Query<P>) -> Html<String> { Html(render(q)) }",
            "fn a() -> Html<String> { Html(load_page()) }",
        ] {
            assert_eq!(shape(code), None, "{code}");
        }
    }

    fn closure_shape(code: &str) -> Option<Shape> {
        let c: syn::ExprClosure = syn::parse_str(code).expect("test closure parses");
        of_closure(&c)
    }

    #[test]
    fn closures_that_only_redirect_or_serve_a_fixed_page() {
        assert_eq!(
            closure_shape("|| async { Redirect::to(\"/ui\") }"),
            Some(Shape::FixedRedirect("Redirect::to(\"/ui\")".into()))
        );
        assert!(closure_shape(
            "|| async { Redirect::permanent(Urls::Login.as_ref()).into_response() }"
        )
        .is_some());
        assert_eq!(
            closure_shape("|| async { \"ok\" }"),
            Some(Shape::Constant("\"ok\"".into()))
        );
        for code in [
            "|Path(id): Path<u32>| async move { Redirect::to(&format!(\"/u/{id}\")) }",
            "|| async { delete_all().await; Redirect::to(\"/\") }",
            "|| async { Json(state.users()) }",
        ] {
            assert_eq!(closure_shape(code), None, "{code}");
        }
    }
}
