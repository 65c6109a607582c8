//! Extractors and request guards the repository defines itself: a type whose `FromRequest`
//! (actix-web, rocket) or `FromRequestParts` (axum) implementation reads a credential, or
//! another authenticating guard, and can turn the request away authenticates, whatever its
//! name (`Moderator`, `Admin`). One that only looks the user up when there is one
//! (`guard::<User>().succeeded()`) authenticates optionally. Names are the fallback for types
//! defined elsewhere.

use super::index::Crate;
use quote::ToTokens;
use std::collections::BTreeSet;
use syn::Item;

/// The traits whose implementation makes a type an extractor or guard.
pub const EXTRACTOR_TRAITS: &[&str] = &["FromRequest", "FromRequestParts"];

/// What the body reads that is a credential, in the printed tokens, lower case.
pub const CREDENTIAL: &[&str] = &[
    "authorization",
    "bearer",
    "cookie",
    "api_key",
    "apikey",
    "x-api-key",
    "jwt",
    "client_cert",
];

/// How the body turns a request away, in the printed tokens, lower case.
pub const REJECTS: &[&str] = &[
    "failure",
    "forward",
    "outcome :: error",
    "err (",
    "unauthorized",
    "forbidden",
    "reject",
];

/// Calls after a guard that make it optional: the request goes on without it.
const OPTIONAL_AFTER: &[&str] = &[". succeeded ()", ". ok ()"];

/// The repository's own extractors, by type name.
#[derive(Debug, Default)]
pub struct Inferred {
    /// Types that authenticate.
    pub authenticating: BTreeSet<String>,
    /// Types that authenticate only a caller who sends a credential.
    pub optional: BTreeSet<String>,
}

struct Impl {
    name: String,
    body: String,
}

/// Infers the extractors of `krate`; `is_auth_name` says whether a type name authenticates by
/// its name. Guards built on guards (`Admin` on `User`) are followed, a few levels deep.
pub fn infer(krate: &Crate, is_auth_name: &dyn Fn(&str) -> bool) -> Inferred {
    let mut impls = Vec::new();
    for (_, file) in &krate.files {
        collect(&file.items, &mut impls);
    }
    let mut found = Inferred::default();
    // Each round can only add names; four rounds reach guards four levels deep.
    for _ in 0..4 {
        let before = found.authenticating.len() + found.optional.len();
        for i in &impls {
            if found.authenticating.contains(&i.name) || found.optional.contains(&i.name) {
                continue;
            }
            match judge(i, &found, is_auth_name) {
                Some(true) => found.authenticating.insert(i.name.clone()),
                Some(false) => found.optional.insert(i.name.clone()),
                None => false,
            };
        }
        if found.authenticating.len() + found.optional.len() == before {
            break;
        }
    }
    found
}

fn collect(items: &[Item], out: &mut Vec<Impl>) {
    for item in items {
        match item {
            Item::Impl(imp) => {
                let Some((path, _)) = &imp.trait_ else {
                    continue;
                };
                let Some(t) = path.segments.last() else {
                    continue;
                };
                if !EXTRACTOR_TRAITS.contains(&t.ident.to_string().as_str()) {
                    continue;
                }
                let syn::Type::Path(ty) = &*imp.self_ty else {
                    continue;
                };
                let Some(name) = ty.path.segments.last().map(|s| s.ident.to_string()) else {
                    continue;
                };
                let body = imp
                    .items
                    .iter()
                    .map(|i| i.to_token_stream().to_string())
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push(Impl { name, body });
            }
            Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect(items, out);
                }
            }
            _ => {}
        }
    }
}

/// `Some(true)`: authenticates; `Some(false)`: authenticates optionally; `None`: not an
/// authenticating extractor.
fn judge(i: &Impl, found: &Inferred, is_auth_name: &dyn Fn(&str) -> bool) -> Option<bool> {
    let lower = i.body.to_ascii_lowercase();
    let credential = CREDENTIAL.iter().any(|c| lower.contains(c));
    // Guards it builds on: identifiers of authenticating types, with what follows them.
    let mut required = false;
    let mut optional = false;
    for (at, word) in words(&i.body) {
        if word == i.name || !word.starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        let auth = found.authenticating.contains(word)
            || (is_auth_name(word) && !found.optional.contains(word));
        if !auth {
            continue;
        }
        let rest = &i.body[at + word.len()..];
        let next = &rest[..rest.len().min(40)];
        if OPTIONAL_AFTER.iter().any(|o| next.contains(o)) {
            optional = true;
        } else if next.trim_start().starts_with("> ()") {
            // `guard::<User>()` without `.succeeded()`: the guard's own failure stands.
            required = true;
        }
    }
    let rejects = REJECTS.iter().any(|r| lower.contains(r));
    if required || (credential && rejects) {
        Some(true)
    } else if optional || credential {
        Some(false)
    } else {
        None
    }
}

/// The identifiers of printed tokens, with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.match_indices(|c: char| !(c.is_alphanumeric() || c == '_'))
        .scan(0usize, |start, (at, sep)| {
            let w = (*start, &text[*start..at]);
            *start = at + sep.len();
            Some(w)
        })
        .filter(|(_, w)| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn krate(src: &str) -> Crate {
        Crate {
            files: vec![("src/guards.rs".into(), syn::parse_file(src).unwrap())],
        }
    }

    #[test]
    fn guards_that_read_credentials_or_build_on_users_authenticate_optional_ones_do_not() {
        let k = krate(
            r#"
            pub struct Moderator(pub User);
            impl<'a, 'r> FromRequest<'a, 'r> for Moderator {
                type Error = ();
                fn from_request(request: &'a Request<'r>) -> Outcome<Moderator, ()> {
                    let user = request.guard::<User>()?;
                    if user.is_moderator() { Outcome::Success(Moderator(user)) }
                    else { Outcome::Failure((Status::Unauthorized, ())) }
                }
            }
            pub struct Staff;
            impl<S> FromRequestParts<S> for Staff {
                async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, StatusCode> {
                    let h = parts.headers.get("x-api-key").ok_or(StatusCode::UNAUTHORIZED)?;
                    check(h).then_some(Staff).ok_or(StatusCode::FORBIDDEN)
                }
            }
            pub struct Ctx { user: Option<User> }
            impl<'a, 'r> FromRequest<'a, 'r> for Ctx {
                fn from_request(request: &'a Request<'r>) -> Outcome<Ctx, ()> {
                    let user = request.guard::<User>().succeeded();
                    Outcome::Success(Ctx { user })
                }
            }
            pub struct Lang(String);
            impl<'a, 'r> FromRequest<'a, 'r> for Lang {
                fn from_request(request: &'a Request<'r>) -> Outcome<Lang, ()> {
                    Outcome::Success(Lang(request.headers().get_one("Accept-Language").unwrap_or("en").into()))
                }
            }
            "#,
        );
        let found = infer(&k, &|n| n == "User");
        assert_eq!(
            found.authenticating.iter().collect::<Vec<_>>(),
            vec!["Moderator", "Staff"]
        );
        assert_eq!(found.optional.iter().collect::<Vec<_>>(), vec!["Ctx"]);
    }
}
