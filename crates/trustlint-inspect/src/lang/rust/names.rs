//! Which names mean what: authentication (extractors, guards, middleware) and sensitive values.

use super::extractors::{self, Inferred};
use super::index::Crate;
use trustlint_model::RoutePolicy;

/// Name fragments (case-insensitive) that mean "this authenticates": `Claims`, `AuthUser`,
/// `require_auth`, `ApiKey`, `JwtLayer`, `AdminGuard`, `login_required!`.
pub const AUTH_DEFAULT: &[&str] = &[
    "auth",
    "claims",
    "session",
    "identity",
    "user",
    "token",
    "apikey",
    "api_key",
    "jwt",
    "guard",
    "bearer",
    "login_required",
    "permission_required",
    "principal",
];

/// Library names that contain an authentication word but authenticate nothing: they store a
/// session or an identity for a handler to check, or are unrelated (`UserAgent`).
pub const NOT_AUTH: &[&str] = &[
    "SessionManagerLayer",
    "SessionLayer",
    "SessionMiddleware",
    "SessionStore",
    "MemoryStore",
    "CookieSession",
    "AuthManagerLayer",
    "AuthManagerLayerBuilder",
    "IdentityMiddleware",
    "CookieManagerLayer",
    "CsrfToken",
    "CsrfLayer",
    "CancellationToken",
    "UserAgent",
    "OptionalUser",
    "MaybeUser",
];

/// Calls inside a handler body that show it checks credentials itself (`verify_token(&h)?`).
/// Narrower than [`AUTH_DEFAULT`]: `create_user()` or `session.insert()` check nothing.
const AUTH_CALLS: &[&str] = &[
    "auth",
    "jwt",
    "verify_token",
    "validate_token",
    "decode_token",
    "check_token",
    "require_user",
    "current_user",
    "require_login",
    "check_permission",
    "require_role",
    "api_key",
    "apikey",
];

/// Extractors that carry a request's payload or the app's state, never credentials: their
/// type arguments (`Json<NewUser>`) name data, not an authenticated caller.
const PAYLOAD: &[&str] = &[
    "Json",
    "Form",
    "Query",
    "Path",
    "State",
    "Data",
    "Bytes",
    "String",
    "Multipart",
    "Payload",
    "HeaderMap",
    "Request",
    "HttpRequest",
    "Method",
    "Uri",
    "OriginalUri",
    "MatchedPath",
    "ConnectInfo",
    "WebSocketUpgrade",
    "WebSocket",
    "RawQuery",
    "RawForm",
    "Host",
    "Valid",
    "Validated",
    "Connection",
    "CookieJar",
    "PrivateCookieJar",
    "SignedCookieJar",
    "DbConn",
    "Pool",
];

/// Types that make an extractor optional: the handler runs without credentials too.
const OPTIONAL: &[&str] = &["Option", "Result"];

pub struct Names {
    auth: Vec<String>,
    not_auth: Vec<String>,
    /// What the repository's own extractor implementations show (see [`super::extractors`]).
    inferred: Inferred,
}

impl Names {
    pub fn new(policy: &RoutePolicy) -> Names {
        let auth = AUTH_DEFAULT
            .iter()
            .map(|s| s.to_string())
            .chain(policy.auth_names.iter().map(|s| s.to_ascii_lowercase()))
            .collect();
        let not_auth = NOT_AUTH
            .iter()
            .map(|s| s.to_string())
            .chain(policy.not_auth_names.iter().cloned())
            .collect();
        Names {
            auth,
            not_auth,
            inferred: Inferred::default(),
        }
    }

    /// Whether an identifier (type, function, macro, variable) names authentication.
    /// Adds what the repository's own extractors show; configured names still win.
    pub fn learn(&mut self, krate: &Crate) {
        self.inferred = extractors::infer(krate, &|n| self.is_auth(n));
    }

    pub fn is_auth(&self, ident: &str) -> bool {
        // A path (`tower_sessions::SessionManagerLayer`) is judged by its last segment's
        // exclusions and by all its words (`auth::require_login`).
        let last = ident.rsplit("::").next().unwrap_or(ident);
        if self.not_auth.iter().any(|n| n == last) {
            return false;
        }
        if self.inferred.authenticating.contains(last) {
            return true;
        }
        if self.inferred.optional.contains(last) {
            return false;
        }
        let lower = ident.to_ascii_lowercase();
        self.auth.iter().any(|a| lower.contains(a.as_str()))
    }

    /// Whether a call in a handler's body is a credential check.
    pub fn is_auth_call(&self, ident: &str) -> bool {
        let lower = ident.to_ascii_lowercase();
        AUTH_CALLS.iter().any(|a| lower.contains(a))
            || self
                .auth
                .iter()
                .skip(AUTH_DEFAULT.len())
                .any(|a| lower.contains(a.as_str()))
    }

    /// The authenticating part of an extractor's type (`Extension<Claims>` → `Claims`), if any.
    pub fn auth_type(&self, ty: &syn::Type) -> Option<String> {
        let last = last_segment(ty)?;
        let name = last.ident.to_string();
        if OPTIONAL.contains(&name.as_str()) || PAYLOAD.contains(&name.as_str()) || maybe(&name) {
            return None;
        }
        if self.is_auth(&name) {
            return Some(name);
        }
        if self.not_auth.contains(&name) {
            return None;
        }
        type_args(last).find_map(|t| self.auth_type(t).map(|inner| format!("{name}<{inner}>")))
    }
}

impl Names {
    /// An extractor that authenticates when a credential is sent and lets the request through
    /// when none is (`Option<Claims>`, `MaybeAuthUser`): the handler serves anonymous callers
    /// on purpose.
    pub fn optional_auth_type(&self, ty: &syn::Type) -> Option<String> {
        let last = last_segment(ty)?;
        let name = last.ident.to_string();
        if self.inferred.optional.contains(&name) || (maybe(&name) && self.is_auth(&name)) {
            return Some(name);
        }
        if name != "Option" {
            return None;
        }
        type_args(last).find_map(|t| self.auth_type(t).map(|inner| format!("Option<{inner}>")))
    }
}

/// The last segment of a type's path, through references and parentheses.
fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Reference(r) => last_segment(&r.elem),
        syn::Type::Paren(p) => last_segment(&p.elem),
        syn::Type::Group(g) => last_segment(&g.elem),
        syn::Type::Path(p) => p.path.segments.last(),
        _ => None,
    }
}

/// The type arguments of a path segment (`T` of `Option<T>`).
fn type_args(seg: &syn::PathSegment) -> impl Iterator<Item = &syn::Type> {
    let args = match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => Some(a.args.iter()),
        _ => None,
    };
    args.into_iter().flatten().filter_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

/// `MaybeAuthUser`, `OptionalClaims`: an extractor named as optional.
fn maybe(name: &str) -> bool {
    ["Maybe", "Optional"].iter().any(|p| {
        name.strip_prefix(p)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
    })
}

/// Names of values that are secrets or personal information, matched whole or as the last
/// word of a snake_case name (`db_password`, `user_email`), never inside a longer word.
const SENSITIVE: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "client_secret",
    // A bare `token` is as often a lexer's or an event loop's: only credential tokens count.
    "access_token",
    "refresh_token",
    "id_token",
    "auth_token",
    "api_token",
    "bearer_token",
    "session_token",
    "reset_token",
    "jwt",
    "api_key",
    "apikey",
    "private_key",
    "credentials",
    "email",
    "email_address",
    "phone",
    "phone_number",
    "sin",
    "social_insurance_number",
    "date_of_birth",
    "dob",
    "health_card_number",
    "passport_number",
    "card_number",
    "credit_card",
];

/// The sensitive word an identifier names, if any (`user_email` → `email`).
pub fn sensitive(ident: &str) -> Option<&'static str> {
    let lower = ident.to_ascii_lowercase();
    let lower = lower.trim_start_matches("r#");
    SENSITIVE.iter().copied().find(|w| {
        lower == *w
            || lower
                .strip_suffix(w)
                .is_some_and(|rest| rest.ends_with('_'))
    })
}

/// A regex that matches wherever a snake_case identifier [`sensitive`] accepts is written in
/// lower case: one of its words, whole or after `_`. Derived from the one list, so that a
/// prefilter built on it never falls behind [`sensitive`].
pub fn sensitive_pattern() -> String {
    format!(r"(?:(?-u:\b)|_)(?:{})(?-u:\b)", alternation(SENSITIVE))
}

/// Words that name a password, as a whole word of a snake_case identifier.
const PASSWORD: &[&str] = &["password", "passwd", "pwd", "passphrase", "pass"];

/// Whether an identifier names a password (for hashing checks): `password`, `new_passwd`,
/// `pwd`, but not `password_reset_token` (a random token, rightly hashed fast).
pub fn is_password(ident: &str) -> bool {
    let lower = ident.to_ascii_lowercase();
    let words: Vec<&str> = lower.split('_').collect();
    words.iter().any(|w| PASSWORD.contains(w))
        && !words
            .iter()
            .any(|w| matches!(*w, "token" | "reset" | "hint" | "policy" | "len" | "length"))
}

/// A regex that matches wherever an identifier [`is_password`] accepts is written, in any
/// case: a file without a match names no password.
pub fn password_pattern() -> String {
    format!("(?i){}", alternation(PASSWORD))
}

fn alternation(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_names_are_whole_words_or_the_last_snake_word() {
        assert_eq!(sensitive("user_email"), Some("email"));
        assert_eq!(sensitive("r#password"), Some("password"));
        assert_eq!(sensitive("emails"), None);
        assert_eq!(sensitive("token"), None);
        assert!(is_password("new_passwd") && !is_password("password_reset_token"));
    }

    #[test]
    fn the_patterns_find_every_word_of_their_lists() {
        let sensitive_re = regex::Regex::new(&sensitive_pattern()).unwrap();
        for w in SENSITIVE {
            for ident in [w.to_string(), format!("user_{w}")] {
                assert!(sensitive(&ident).is_some(), "{ident}");
                assert!(sensitive_re.is_match(&ident), "{ident}");
            }
            assert!(sensitive_re.is_match(&format!("info!(\"{{{w}}}\")")), "{w}");
        }
        assert!(!sensitive_re.is_match("using business"));
        let password_re = regex::Regex::new(&password_pattern()).unwrap();
        for w in PASSWORD {
            assert!(password_re.is_match(&format!("new_{}", w.to_uppercase())));
        }
    }
}
