//! Which parts of a Rust file are test code: items under `#[cfg(test)]` (and `#[test]`
//! functions) by line range, from the syntax tree; and the out-of-line modules a
//! `#[cfg(test)] mod name;` pulls in, from the text, so that the context model can treat
//! those files as tests too.

use syn::spanned::Spanned;
use syn::{Attribute, Item};

/// A module declared without a body under `#[cfg(test)]`: its file is test code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestModule {
    pub name: String,
    /// A `#[path = "…"]` attribute, relative to the declaring file's folder.
    pub path: Option<String>,
}

/// The test modules a Rust file declares out of line, read from its text without parsing it
/// (every Rust file of a tree is read for this, most of them never parsed):
/// `#[cfg(test)] mod tests;`, with an optional `#[path = "…"]` and visibility.
pub fn declared_test_modules(text: &str) -> Vec<TestModule> {
    static DECL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    if !text.contains("cfg(test)") {
        return Vec::new();
    }
    let re = DECL.get_or_init(|| {
        regex::Regex::new(
            r#"#\[cfg\(test\)\]\s*(?:#\[path\s*=\s*"([^"\n]+)"\]\s*)?(?:pub(?:\([a-z ]+\))?\s+)?mod\s+([A-Za-z_][A-Za-z0-9_]*)\s*;"#,
        )
        .expect("valid regex")
    });
    re.captures_iter(text)
        .map(|c| TestModule {
            name: c[2].to_string(),
            path: c.get(1).map(|m| m.as_str().to_string()),
        })
        .collect()
}

/// Line ranges (1-based, inclusive) of test items.
pub fn test_regions(file: &syn::File) -> Vec<(u32, u32)> {
    let mut lines = Vec::new();
    walk(&file.items, &mut lines, 0);
    lines
}

// Nesting of inline modules is bounded by the parser's own depth guard; this stops well
// before it anyway.
const MAX_DEPTH: usize = 64;

fn walk(items: &[Item], lines: &mut Vec<(u32, u32)>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for item in items {
        let attrs = attrs_of(item);
        if is_test(attrs) {
            let span = item.span();
            lines.push((span.start().line as u32, span.end().line as u32));
        } else if let Item::Mod(m) = item {
            if let Some((_, inner)) = &m.content {
                walk(inner, lines, depth + 1);
            }
        }
    }
}

fn attrs_of(item: &Item) -> &[Attribute] {
    match item {
        Item::Mod(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::Const(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        _ => &[],
    }
}

/// `#[test]`, `#[tokio::test]`, `#[cfg(test)]`, `#[cfg(all(test, …))]`; not `#[cfg(not(test))]`.
fn is_test(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        let p = a.path();
        if p.segments.last().is_some_and(|s| s.ident == "test") {
            return true;
        }
        if !p.is_ident("cfg") {
            return false;
        }
        let Ok(list) = a.meta.require_list() else {
            return false;
        };
        let tokens = list.tokens.to_string();
        let words: Vec<&str> = tokens
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .filter(|w| !w.is_empty())
            .collect();
        words.contains(&"test") && !words.contains(&"not") && !words.contains(&"any")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_line_test_modules_are_read_from_the_text() {
        let src = "#[cfg(test)]\nmod tests;\n#[cfg(test)]\n#[path = \"a/b.rs\"]\npub(crate) mod more;\n#[cfg(not(test))]\nmod prod;\nmod other;\n";
        assert_eq!(
            declared_test_modules(src),
            vec![
                TestModule {
                    name: "tests".into(),
                    path: None
                },
                TestModule {
                    name: "more".into(),
                    path: Some("a/b.rs".into())
                },
            ]
        );
    }

    #[test]
    fn test_modules_and_functions_are_found_and_cfg_not_test_is_production() {
        let src = "fn a() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n\n#[cfg(not(test))]\nfn prod() {}\n\n#[cfg(test)]\n#[path = \"x_tests.rs\"]\nmod more;\n\nmod inner {\n    #[tokio::test]\n    async fn t2() {}\n}\n";
        let file = syn::parse_file(src).unwrap();
        assert_eq!(test_regions(&file), vec![(3, 7), (12, 14), (17, 18)]);
    }
}
