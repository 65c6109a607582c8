//! GitHub Actions expressions (`${{ github.event.issue.title }}`, `contains(a, b)`,
//! `a == 'b' && !c`): found in text, parsed into a small tree, and asked two questions —
//! which contexts it reads ([`Expr::contexts`]) and which of them can flow into its value
//! ([`Expr::flows`]). A comparison, `!`, `contains()` or `startsWith()` yields only `true` or
//! `false`, so whatever it reads cannot be pasted into a script as text.
//!
//! The parser is a bounded recursive descent: input nested deeper than [`MAX_DEPTH`] or
//! longer than [`MAX_LEN`] is not parsed (the caller treats it as unknown).

use std::ops::Range;

/// Parentheses and calls may nest this deep.
pub const MAX_DEPTH: usize = 48;
/// Longer expressions are not parsed.
pub const MAX_LEN: usize = 8_192;
/// Expressions with more operators than this are not parsed: `a || b || …` nests one level
/// per operator, and every walk of the tree recurses that deep.
pub const MAX_OPERATORS: usize = 256;

/// One `${{ … }}` in a text: its byte range (braces included) and what it parses to.
#[derive(Debug, Clone, PartialEq)]
pub struct Embedded {
    pub range: Range<usize>,
    /// The text between the braces, trimmed.
    pub source: String,
    /// None when the expression does not parse.
    pub expr: Option<Expr>,
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    /// A context path as written, indexes normalised to `*`: `github.event.commits.*.message`,
    /// `steps.s.outputs.o`. Context names are case-insensitive: compare them so.
    Context(String),
    Call(String, Vec<Expr>),
    Not(Box<Expr>),
    /// `==`, `!=`, `<`, `<=`, `>`, `>=` (the operator first): always a boolean.
    Compare(&'static str, Box<Expr>, Box<Expr>),
    /// `&&` and `||` yield one of their operands.
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

/// Functions whose result is a boolean or a hash, never their arguments' text.
const OPAQUE: &[&str] = &[
    "contains",
    "startswith",
    "endswith",
    "hashfiles",
    "success",
    "always",
    "failure",
    "cancelled",
];

impl Expr {
    /// Every context path the expression reads, wherever it appears.
    pub fn contexts(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let Expr::Context(c) = e {
                out.push(c.as_str());
            }
        });
        out
    }

    /// The context paths whose value can become (part of) the expression's value.
    pub fn flows(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.flow_into(&mut out);
        out
    }

    fn flow_into<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::Context(c) => out.push(c),
            Expr::Call(name, args) if !OPAQUE.contains(&name.as_str()) => {
                args.iter().for_each(|a| a.flow_into(out))
            }
            Expr::And(a, b) | Expr::Or(a, b) => {
                a.flow_into(out);
                b.flow_into(out);
            }
            _ => {}
        }
    }

    /// Whether the expression can only yield `true` or `false`.
    pub fn is_boolean(&self) -> bool {
        match self {
            Expr::Bool(_) | Expr::Not(_) | Expr::Compare(..) => true,
            Expr::Call(name, _) => OPAQUE.contains(&name.as_str()) && name != "hashfiles",
            Expr::And(a, b) | Expr::Or(a, b) => a.is_boolean() && b.is_boolean(),
            _ => false,
        }
    }

    /// Calls `f` on this node and every node below it.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Call(_, args) => args.iter().for_each(|a| a.walk(f)),
            Expr::Not(a) => a.walk(f),
            Expr::Compare(_, a, b) | Expr::And(a, b) | Expr::Or(a, b) => {
                a.walk(f);
                b.walk(f);
            }
            _ => {}
        }
    }
}

/// Every `${{ … }}` of `text`, in order. An unclosed one ends the search.
pub fn embedded(text: &str) -> Vec<Embedded> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("${{") {
        let start = from + i;
        let body = start + 3;
        let Some(end) = closing(text, body) else {
            break;
        };
        let source = text[body..end].trim().to_string();
        out.push(Embedded {
            range: start..end + 2,
            expr: parse(&source),
            source,
        });
        from = end + 2;
    }
    out
}

/// Where the `}}` closing an expression body that starts at `from` is, skipping string
/// literals (a `'}}'` inside quotes does not close it).
fn closing(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut quoted = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => quoted = !quoted,
            b'}' if !quoted && bytes.get(i + 1) == Some(&b'}') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// An `if:` condition: `${{ … }}` around the whole, or a bare expression.
pub fn condition(text: &str) -> Option<Expr> {
    let t = text.trim();
    match t.strip_prefix("${{").and_then(|r| r.strip_suffix("}}")) {
        Some(inner) if !inner.contains("${{") => parse(inner),
        _ if t.contains("${{") => None,
        _ => parse(t),
    }
}

/// Parses one expression body (without `${{ }}`).
pub fn parse(text: &str) -> Option<Expr> {
    if text.len() > MAX_LEN {
        return None;
    }
    let tokens = lex(text)?;
    let operators = tokens
        .iter()
        .filter(
            |t| matches!(t, Tok::Op(o) if !matches!(*o, "." | "(" | ")" | "[" | "]" | "," | "*")),
        )
        .count();
    if operators > MAX_OPERATORS {
        return None;
    }
    let mut p = Parser { tokens, at: 0 };
    let e = p.or(0)?;
    (p.at == p.tokens.len()).then_some(e)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(f64),
    Op(&'static str),
}

fn lex(text: &str) -> Option<Vec<Tok>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'\'' {
            let mut s = String::new();
            i += 1;
            loop {
                let at = *b.get(i)?;
                if at == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        s.push('\'');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                let ch = text[i..].chars().next()?;
                s.push(ch);
                i += ch.len_utf8();
            }
            out.push(Tok::Str(s));
        } else if c.is_ascii_digit() || (c == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let start = i;
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
                i += 1;
            }
            out.push(Tok::Num(text[start..i].parse().unwrap_or(0.0)));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
                i += 1;
            }
            out.push(Tok::Ident(text[start..i].to_string()));
        } else {
            let two = text.get(i..i + 2).unwrap_or("");
            let op = ["==", "!=", "<=", ">=", "&&", "||"]
                .into_iter()
                .find(|o| *o == two);
            if let Some(op) = op {
                out.push(Tok::Op(op));
                i += 2;
                continue;
            }
            let one = match c {
                b'.' => ".",
                b'[' => "[",
                b']' => "]",
                b'(' => "(",
                b')' => ")",
                b',' => ",",
                b'!' => "!",
                b'<' => "<",
                b'>' => ">",
                b'*' => "*",
                _ => return None,
            };
            out.push(Tok::Op(one));
            i += 1;
        }
    }
    Some(out)
}

struct Parser {
    tokens: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek_op(&self, op: &str) -> bool {
        matches!(self.tokens.get(self.at), Some(Tok::Op(o)) if *o == op)
    }

    fn eat(&mut self, op: &str) -> bool {
        let hit = self.peek_op(op);
        if hit {
            self.at += 1;
        }
        hit
    }

    fn or(&mut self, d: usize) -> Option<Expr> {
        let mut l = self.and(d)?;
        while self.eat("||") {
            l = Expr::Or(Box::new(l), Box::new(self.and(d)?));
        }
        Some(l)
    }

    fn and(&mut self, d: usize) -> Option<Expr> {
        let mut l = self.compare(d)?;
        while self.eat("&&") {
            l = Expr::And(Box::new(l), Box::new(self.compare(d)?));
        }
        Some(l)
    }

    fn compare(&mut self, d: usize) -> Option<Expr> {
        let mut l = self.unary(d)?;
        while let Some(op) = ["==", "!=", "<=", ">=", "<", ">"]
            .into_iter()
            .find(|o| self.eat(o))
        {
            l = Expr::Compare(op, Box::new(l), Box::new(self.unary(d)?));
        }
        Some(l)
    }

    fn unary(&mut self, d: usize) -> Option<Expr> {
        if d > MAX_DEPTH {
            return None;
        }
        if self.eat("!") {
            return Some(Expr::Not(Box::new(self.unary(d + 1)?)));
        }
        self.primary(d)
    }

    fn primary(&mut self, d: usize) -> Option<Expr> {
        let tok = self.tokens.get(self.at)?.clone();
        self.at += 1;
        let base = match tok {
            Tok::Str(s) => Expr::Str(s),
            Tok::Num(n) => Expr::Num(n),
            Tok::Op("(") => {
                let e = self.or(d + 1)?;
                self.eat(")").then_some(())?;
                e
            }
            Tok::Ident(name) => match name.as_str() {
                "true" => Expr::Bool(true),
                "false" => Expr::Bool(false),
                "null" => Expr::Null,
                _ if self.eat("(") => {
                    let mut args = Vec::new();
                    if !self.eat(")") {
                        loop {
                            args.push(self.or(d + 1)?);
                            if self.eat(")") {
                                break;
                            }
                            self.eat(",").then_some(())?;
                        }
                    }
                    Expr::Call(name.to_ascii_lowercase(), args)
                }
                _ => Expr::Context(name),
            },
            Tok::Op(_) => return None,
        };
        self.postfix(base, d)
    }

    /// `.name`, `.*`, `['name']`, `[0]` and `[*]` after a context or a call.
    fn postfix(&mut self, mut base: Expr, d: usize) -> Option<Expr> {
        loop {
            let seg = if self.eat(".") {
                let seg = match self.tokens.get(self.at)? {
                    Tok::Ident(s) => s.clone(),
                    Tok::Op("*") => "*".into(),
                    _ => return None,
                };
                self.at += 1;
                seg
            } else if self.eat("[") {
                let seg = match self.tokens.get(self.at)? {
                    Tok::Str(s) => {
                        let s = s.clone();
                        self.at += 1;
                        s
                    }
                    Tok::Op("*") | Tok::Num(_) => {
                        self.at += 1;
                        "*".into()
                    }
                    // A computed index: whatever it is, the element read is any element.
                    _ => {
                        self.or(d + 1)?;
                        "*".into()
                    }
                };
                self.eat("]").then_some(())?;
                seg
            } else {
                return Some(base);
            };
            // `fromJSON(x).y`: the value is still x's.
            if let Expr::Context(p) = &mut base {
                p.push('.');
                p.push_str(&seg);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flows(text: &str) -> Vec<String> {
        parse(text)
            .unwrap()
            .flows()
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn contexts_are_normalised_paths() {
        assert_eq!(
            flows("github.event.commits[0].message"),
            ["github.event.commits.*.message"]
        );
        assert_eq!(
            flows("steps['get-title'].outputs.t"),
            ["steps.get-title.outputs.t"]
        );
        assert_eq!(
            flows("github.event.pages.*.page_name"),
            ["github.event.pages.*.page_name"]
        );
        assert_eq!(flows("matrix.os"), ["matrix.os"]);
    }

    #[test]
    fn values_flow_through_format_json_and_logic_but_not_through_tests() {
        assert_eq!(flows("format('{0}!', inputs.name)"), ["inputs.name"]);
        assert_eq!(flows("toJSON(github.event.issue)"), ["github.event.issue"]);
        assert_eq!(
            flows("github.event.pull_request.title || 'none'"),
            ["github.event.pull_request.title"]
        );
        assert_eq!(
            flows("fromJSON(steps.s.outputs.o).x"),
            ["steps.s.outputs.o"]
        );
        for boolean in [
            "github.event.pull_request.title == 'x'",
            "contains(github.event.issue.body, 'lgtm')",
            "!github.event.pull_request.draft",
            "startsWith(github.head_ref, 'dependabot/') && success()",
        ] {
            let e = parse(boolean).unwrap();
            assert!(e.flows().is_empty() && e.is_boolean(), "{boolean}");
            assert!(!e.contexts().is_empty(), "{boolean}");
        }
        assert!(!parse("github.event.issue.title").unwrap().is_boolean());
        assert!(!parse("a == 'b' && github.head_ref").unwrap().is_boolean());
    }

    #[test]
    fn embedded_expressions_are_found_with_their_ranges() {
        let text = "echo ${{ github.head_ref }} and ${{ format('}}{0}', x) }}";
        let found = embedded(text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].range.clone()], "${{ github.head_ref }}");
        assert_eq!(found[1].source, "format('}}{0}', x)");
        assert_eq!(found[1].expr.as_ref().unwrap().flows(), ["x"]);
        assert!(embedded("echo ${{ unclosed").is_empty());
    }

    #[test]
    fn conditions_are_read_with_or_without_braces_and_junk_is_refused() {
        assert!(condition("${{ github.actor == 'x' }}")
            .unwrap()
            .is_boolean());
        assert!(condition("github.actor == 'x'").unwrap().is_boolean());
        assert_eq!(parse("a ==="), None);
        assert_eq!(parse("a b"), None);
        assert_eq!(parse(&"(".repeat(200)), None);
        assert_eq!(parse(&format!("{}a{}", "!".repeat(500), "")), None);
        let long = vec!["a"; MAX_OPERATORS + 2].join(" || ");
        assert_eq!(parse(&long), None);
        assert!(parse(&["a"; 10].join(" || ")).is_some());
        assert_eq!(parse("'it''s'"), Some(Expr::Str("it's".into())));
    }
}
