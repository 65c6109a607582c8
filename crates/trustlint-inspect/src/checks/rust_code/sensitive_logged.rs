//! `sensitive-logged`: a secret or personal information written by a logging or printing
//! macro: a format argument, a captured `{password}`, a `tracing` field (`?x`, `%x`,
//! `email = %user.email`). Logs are kept, copied and read by many more people than the
//! database; what is in them has leaked.

use super::{visit_bodies, Bodies};
use crate::ctx::FileCtx;
use crate::lang::rust::logs::logged;
use crate::lang::rust::names::{sensitive, sensitive_pattern};
use crate::out::Hit;
use syn::visit::Visit;
use syn::Item;

/// A sensitive value a logging macro writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SensitiveLogged {
    pub line: u32,
    pub column: u32,
    /// What the message names: the `tracing` field, else the value's name, else the word.
    pub name: String,
}

/// A logging macro whose arguments, before the statement ends, name something sensitive: most
/// files log, few log anything like a password.
pub fn pattern() -> String {
    format!(
        r"(?-u:\b)(?:trace|debug|info|warn|error|event|log|e?println|e?print|dbg|span|(?:trace|debug|info|warn|error)_span)!\s*[(\[{{][^;]*?{}",
        sensitive_pattern()
    )
}

pub fn find(file: &syn::File) -> Vec<SensitiveLogged> {
    let mut v = Logs(Vec::new());
    visit_bodies(&mut v, &file.items);
    v.0
}

struct Logs(Vec<SensitiveLogged>);

impl Bodies<'_> for Logs {}

impl<'ast> Visit<'ast> for Logs {
    fn visit_item(&mut self, _: &'ast Item) {}

    // Only the macro's own arguments: a logging macro nested in another macro is not seen.
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        for l in logged(m) {
            let word = sensitive(&l.ident).or_else(|| {
                // A named field with a bare value: `password = %pw`.
                l.field
                    .as_deref()
                    .and_then(sensitive)
                    .filter(|_| !l.ident.is_empty())
            });
            let Some(word) = word else { continue };
            let shown = l.field.clone().unwrap_or_else(|| l.ident.clone());
            let name = if shown.is_empty() {
                word.to_string()
            } else {
                shown
            };
            self.0.push(SensitiveLogged {
                line: l.line,
                column: l.column,
                name,
            });
        }
    }
}

impl SensitiveLogged {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        file.hit(self.line, self.column)
            .arg("field", self.name.as_str())
            .matched(format!("log:{}", self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn arguments_captures_and_fields_but_not_harmless_values_or_tests() {
        let src = "fn f(user: User, password: &str, count: u32) {\n    tracing::info!(\"login {}\", user.email);\n    println!(\"{password}\");\n    tracing::debug!(secret = %password, \"x\");\n    info!(\"{} items\", count);\n}\n#[cfg(test)]\nmod tests {\n    fn t(password: &str) { println!(\"{password}\"); }\n}\n";
        let found: Vec<(u32, String)> = find(&parse(src))
            .into_iter()
            .map(|s| (s.line, s.name))
            .collect();
        assert_eq!(
            found,
            vec![
                (2, "email".into()),
                (3, "password".into()),
                (4, "secret".into())
            ]
        );
    }

    #[test]
    fn the_pattern_admits_what_the_check_can_find() {
        let re = regex::Regex::new(&pattern()).unwrap();
        assert!(re.is_match("tracing::info!(\"{}\", user.date_of_birth);"));
        assert!(re.is_match("info!(user_sin = %x)"));
        assert!(!re.is_match("info!(\"using {}\", x); let password = 1;"));
    }
}
