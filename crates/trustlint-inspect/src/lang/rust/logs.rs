//! What a logging or printing macro writes: its arguments, parsed from the macro's tokens
//! (macros are not expanded). Handles `log`/`tracing` format arguments, captured identifiers
//! (`{password}`), `tracing` fields (`email = %user.email`, `?req`, `%token`), `dbg!`.

use super::pos;
use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::Expr;

const LOG_MACROS: &[&str] = &[
    "trace",
    "debug",
    "info",
    "warn",
    "error",
    "event",
    "log",
    "println",
    "eprintln",
    "print",
    "eprint",
    "dbg",
    "trace_span",
    "debug_span",
    "info_span",
    "warn_span",
    "error_span",
    "span",
];

const LOG_CRATES: &[&str] = &["tracing", "log", "std", "slog"];

/// One value a logging macro writes.
#[derive(Debug, Clone)]
pub struct Logged {
    pub line: u32,
    pub column: u32,
    /// The name the value comes from: `email` for `user.email`, `{email}` or `?email`.
    pub ident: String,
    /// Whether it is the whole binding (`req`), rather than a field of it (`req.email`).
    pub bare: bool,
    /// Written with its `Debug` implementation (`{:?}`, `?x`, `dbg!`).
    pub debug: bool,
    /// The `tracing` field it is recorded under, if named (`password = %pw`).
    pub field: Option<String>,
}

/// Whether a macro is a logging or printing one, by its path.
pub fn is_log_macro(m: &syn::Macro) -> bool {
    let segs: Vec<String> = m
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    match segs.as_slice() {
        [one] => LOG_MACROS.contains(&one.as_str()),
        [first, .., last] => {
            LOG_CRATES.contains(&first.as_str()) && LOG_MACROS.contains(&last.as_str())
        }
        [] => false,
    }
}

/// The values a logging macro writes; empty for any other macro.
pub fn logged(m: &syn::Macro) -> Vec<Logged> {
    if !is_log_macro(m) {
        return Vec::new();
    }
    let dbg = m.path.segments.last().is_some_and(|s| s.ident == "dbg");
    let mut out = Vec::new();
    let mut placeholders: Option<Vec<bool>> = None;
    let mut positional = 0usize;
    for seg in split_commas(m.tokens.clone()) {
        if seg.is_empty() {
            continue;
        }
        // `target: "audit"`, `parent: &span`, `name: "x"`: tracing's settings, not values.
        if let (Some(TokenTree::Ident(_)), Some(TokenTree::Punct(p))) = (seg.first(), seg.get(1)) {
            if p.as_char() == ':' && p.spacing() == Spacing::Alone {
                continue;
            }
        }
        if placeholders.is_none() && !dbg {
            if let [TokenTree::Literal(l)] = seg.as_slice() {
                if let syn::Lit::Str(s) = syn::Lit::new(l.clone()) {
                    let (line, column) = pos(l.span());
                    let (captures, positions) = format_args(&s.value());
                    for (name, debug) in captures {
                        out.push(Logged {
                            line,
                            column,
                            ident: name,
                            bare: true,
                            debug,
                            field: None,
                        });
                    }
                    placeholders = Some(positions);
                    continue;
                }
            }
        }
        // `field = value`, with an optional `?`/`%` sigil on the value.
        let eq = seg.iter().position(|t| {
            matches!(t, TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == Spacing::Alone)
        });
        let (field, value) = match eq {
            Some(i) if i > 0 => {
                let name = seg[..i].iter().rev().find_map(|t| match t {
                    TokenTree::Ident(id) => Some(id.to_string()),
                    _ => None,
                });
                (name, &seg[i + 1..])
            }
            _ => (None, &seg[..]),
        };
        let (sigil, value) = match value.first() {
            Some(TokenTree::Punct(p)) if matches!(p.as_char(), '?' | '%') => {
                (Some(p.as_char()), &value[1..])
            }
            _ => (None, value),
        };
        let debug = dbg
            || sigil == Some('?')
            || (field.is_none()
                && sigil.is_none()
                && placeholders
                    .as_ref()
                    .is_some_and(|p| p.get(positional).copied().unwrap_or(false)));
        if field.is_none() && sigil.is_none() && placeholders.is_some() {
            positional += 1;
        }
        let Ok(expr) = syn::parse2::<Expr>(value.iter().cloned().collect()) else {
            continue;
        };
        let (line, column) = pos(expr.span());
        match value_ident(&expr) {
            Some((ident, bare)) => out.push(Logged {
                line,
                column,
                ident,
                bare,
                debug,
                field,
            }),
            None => {
                if let Some(f) = field {
                    // `password = compute()`: only the field name is known.
                    if matches!(expr, Expr::Lit(_)) {
                        continue;
                    }
                    out.push(Logged {
                        line,
                        column,
                        ident: String::new(),
                        bare: false,
                        debug,
                        field: Some(f),
                    });
                }
            }
        }
    }
    out
}

fn split_commas(ts: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut out = vec![Vec::new()];
    for t in ts {
        match &t {
            TokenTree::Punct(p) if p.as_char() == ',' => out.push(Vec::new()),
            _ => out.last_mut().expect("never empty").push(t),
        }
    }
    out
}

/// Named captures (`{email}`, `{req:?}`) and, for each positional placeholder in order,
/// whether it formats with `Debug`.
fn format_args(fmt: &str) -> (Vec<(String, bool)>, Vec<bool>) {
    let mut captures = Vec::new();
    let mut positional = Vec::new();
    let mut chars = fmt.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().is_some_and(|(_, n)| *n == '{') => {
                chars.next();
            }
            '{' => {
                let Some(end) = fmt[i + 1..].find('}') else {
                    break;
                };
                let inner = &fmt[i + 1..i + 1 + end];
                let (arg, spec) = inner.split_once(':').unwrap_or((inner, ""));
                let debug = spec.contains('?');
                let arg = arg.trim();
                if arg.is_empty() {
                    positional.push(debug);
                } else if let Ok(n) = arg.parse::<usize>() {
                    if positional.len() <= n {
                        positional.resize(n + 1, false);
                    }
                    positional[n] |= debug;
                } else if arg.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    captures.push((arg.to_string(), debug));
                }
                for _ in 0..=inner.chars().count() {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    (captures, positional)
}

/// The name a logged expression's value comes from, following only what keeps the value
/// itself (`&x`, `x.clone()`, `x.expose_secret()`): `hash(x)` or `x.len()` log something else.
pub fn value_ident(e: &Expr) -> Option<(String, bool)> {
    match e {
        Expr::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| (s.ident.to_string(), p.path.segments.len() == 1)),
        Expr::Field(f) => match &f.member {
            syn::Member::Named(n) => Some((n.to_string(), false)),
            syn::Member::Unnamed(_) => None,
        },
        Expr::Reference(r) => value_ident(&r.expr),
        Expr::Paren(p) => value_ident(&p.expr),
        Expr::Group(g) => value_ident(&g.expr),
        Expr::Try(t) => value_ident(&t.expr),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => value_ident(&u.expr),
        Expr::MethodCall(m)
            if matches!(
                m.method.to_string().as_str(),
                "clone"
                    | "as_str"
                    | "to_string"
                    | "to_owned"
                    | "as_ref"
                    | "as_deref"
                    | "unwrap"
                    | "expect"
                    | "expose_secret"
                    | "borrow"
                    | "deref"
                    | "unwrap_or_default"
            ) =>
        {
            value_ident(&m.receiver)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> Vec<(String, bool, Option<String>)> {
        let m: syn::Macro = syn::parse_str(src).unwrap();
        logged(&m)
            .into_iter()
            .map(|l| (l.ident, l.debug, l.field))
            .collect()
    }

    #[test]
    fn format_captures_positional_and_fields() {
        assert_eq!(
            names(r#"info!("login {email} from {}: {:?}", addr, req)"#),
            vec![
                ("email".into(), false, None),
                ("addr".into(), false, None),
                ("req".into(), true, None)
            ]
        );
        assert_eq!(
            names(
                r#"tracing::info!(target: "audit", user.email, token = %t, ?claims, "signed in")"#
            ),
            vec![
                ("email".into(), false, None),
                ("t".into(), false, Some("token".into())),
                ("claims".into(), true, None)
            ]
        );
        // A call logs its result, not its argument; words in the message are not values.
        assert_eq!(
            names(r#"info!("password reset for {}", mask(&email))"#),
            vec![]
        );
        assert!(names(r#"dbg!(creds)"#)[0].1);
        assert!(names(r#"format!("{password}")"#).is_empty());
    }
}
