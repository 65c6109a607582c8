//! Just enough lexing to tell comments from code, so that a rule can ignore a URL in a licence
//! header or a `curl -k` that is commented out. Not a parser: strings are tracked only so that a
//! `//` or `#` inside a string literal is not taken for a comment. Hand-written because no
//! maintained crate offers comment ranges for this many languages without full grammars.

use std::ops::Range;

/// The comment conventions of a file, decided from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `//` and `/* */`, strings in `"`, `'` and backticks (JavaScript, Go, Java, C, ...).
    CLike,
    /// Like `CLike`, but `'` starts lifetimes and chars, never long strings.
    Rust,
    /// `#` at the start of a line or after white space (shell, YAML, TOML, Dockerfile, ...).
    Hash,
    /// `#` comments and triple-quoted strings.
    Python,
    /// `#`, `//` and `/* */` (Terraform/HCL).
    Hcl,
    /// `<!-- -->` (XML, HTML, Markdown).
    Markup,
    /// `--` (SQL, Lua).
    Dash,
    /// No comment syntax we know of (JSON, plain text).
    Plain,
}

impl Syntax {
    pub fn from_path(path: &str) -> Syntax {
        let name = path.rsplit('/').next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        if lower == "dockerfile"
            || lower.starts_with("dockerfile.")
            || lower == "containerfile"
            || lower == "makefile"
            || lower.starts_with(".env")
            || lower == "procfile"
        {
            return Syntax::Hash;
        }
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "rs" => Syntax::Rust,
            "py" | "pyi" => Syntax::Python,
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" | "go" | "java" | "kt"
            | "kts" | "scala" | "swift" | "c" | "h" | "cc" | "cpp" | "hpp" | "cs" | "dart"
            | "groovy" | "gradle" | "php" | "jsonc" | "json5" => Syntax::CLike,
            "sh" | "bash" | "zsh" | "ksh" | "yml" | "yaml" | "toml" | "rb" | "pl" | "r" | "ps1"
            | "conf" | "cfg" | "ini" | "env" | "properties" | "nix" | "dockerfile" | "mk" => {
                Syntax::Hash
            }
            "tf" | "tfvars" | "hcl" => Syntax::Hcl,
            "xml" | "html" | "htm" | "xhtml" | "svg" | "xsd" | "wsdl" | "md" | "markdown"
            | "csproj" | "vue" => Syntax::Markup,
            "sql" | "lua" => Syntax::Dash,
            _ => Syntax::Plain,
        }
    }
}

/// Byte ranges of the comments in `text`, sorted and disjoint.
pub fn comment_ranges(text: &str, syntax: Syntax) -> Vec<Range<usize>> {
    match syntax {
        Syntax::Plain => Vec::new(),
        Syntax::Markup => delimited(text, "<!--", "-->"),
        _ => lex(text, syntax).comments,
    }
}

/// What the lexer sees in a file beyond its comments: string literals, bracket pairs and
/// documentation strings, for rules that ask what encloses a match (which call, which key).
#[derive(Debug, Default)]
pub struct Layout {
    pub comments: Vec<Range<usize>>,
    /// String literals, quotes included, sorted by start.
    pub strings: Vec<Range<usize>>,
    /// `(`, `[` and `{` pairs, sorted by the opening byte.
    pub brackets: Vec<Bracket>,
    /// Strings that document rather than compute: Python statement strings (docstrings) and
    /// Rust `#[doc = "..."]` attributes.
    pub docstrings: Vec<Range<usize>>,
}

#[derive(Debug, Clone, Copy)]
pub struct Bracket {
    pub open: usize,
    /// The closing byte; the end of the text when the bracket is never closed.
    pub close: usize,
    pub kind: u8,
    /// The innermost bracket around this one.
    pub parent: Option<usize>,
}

impl Layout {
    /// The string literal holding `offset`, quotes included.
    pub fn string_at(&self, offset: usize) -> Option<Range<usize>> {
        let i = self.strings.partition_point(|r| r.start <= offset);
        let r = self.strings.get(i.checked_sub(1)?)?;
        (offset < r.end).then(|| r.clone())
    }

    /// The innermost bracket that holds `offset` (between its two brackets).
    pub fn enclosing(&self, offset: usize) -> Option<usize> {
        let i = self.brackets.partition_point(|b| b.open < offset);
        let mut at = i.checked_sub(1)?;
        loop {
            if offset <= self.brackets[at].close {
                return Some(at);
            }
            at = self.brackets[at].parent?;
        }
    }

    pub fn in_comment(&self, offset: usize) -> bool {
        within(&self.comments, offset)
    }

    pub fn is_docstring(&self, offset: usize) -> bool {
        within(&self.docstrings, offset)
    }
}

fn within(ranges: &[Range<usize>], offset: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= offset);
    ranges.get(i).is_some_and(|r| r.start <= offset)
}

/// Comments, strings and brackets of `text`. In markup only comments are found: apostrophes
/// in prose would open strings that never close.
pub fn layout(text: &str, syntax: Syntax) -> Layout {
    match syntax {
        Syntax::Markup => Layout {
            comments: delimited(text, "<!--", "-->"),
            ..Layout::default()
        },
        _ => lex(text, syntax),
    }
}

fn delimited(text: &str, open: &str, close: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(open) {
        let start = from + i;
        let end = text[start + open.len()..]
            .find(close)
            .map_or(text.len(), |j| start + open.len() + j + close.len());
        out.push(start..end);
        from = end;
    }
    out
}

fn lex(text: &str, syntax: Syntax) -> Layout {
    let b = text.as_bytes();
    let slashes = matches!(syntax, Syntax::CLike | Syntax::Rust | Syntax::Hcl);
    let hash = matches!(syntax, Syntax::Hash | Syntax::Python | Syntax::Hcl);
    let dash = syntax == Syntax::Dash;
    let mut out = Layout::default();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let line_end = |from: usize| memchr_nl(b, from);
        let line_comment = (slashes && c == b'/' && b.get(i + 1) == Some(&b'/'))
            || (hash && c == b'#' && (i == 0 || b[i - 1].is_ascii_whitespace()))
            || (dash && c == b'-' && b.get(i + 1) == Some(&b'-'));
        if line_comment {
            let end = line_end(i);
            out.comments.push(i..end);
            i = end;
        } else if slashes && c == b'/' && b.get(i + 1) == Some(&b'*') {
            let end = find(b, i + 2, b"*/").map_or(b.len(), |j| j + 2);
            out.comments.push(i..end);
            i = end;
        } else if syntax == Syntax::Python
            && (b[i..].starts_with(b"\"\"\"") || b[i..].starts_with(b"'''"))
        {
            // Bytes, not str: `i` walks byte by byte and may sit inside a multi-byte character.
            let quote = &b[i..i + 3];
            let end = find(b, i + 3, quote).map_or(b.len(), |j| j + 3);
            if open.is_empty() && starts_statement(b, i) {
                out.docstrings.push(i..end);
            }
            out.strings.push(i..end);
            i = end;
        } else if let Some(quote) = (syntax == Syntax::Rust && c == b'r')
            .then(|| raw_string_quote(b, i))
            .flatten()
        {
            let mut close = vec![b'"'];
            close.extend(std::iter::repeat_n(b'#', quote - i - 1));
            let end = find(b, quote + 1, &close).map_or(b.len(), |j| j + close.len());
            out.strings.push(i..end);
            i = end;
        } else if (c == b'"' || c == b'`' || (c == b'\'' && syntax != Syntax::Rust))
            && opens_string(b, i, syntax)
        {
            let end = skip_string(b, i, syntax);
            if syntax == Syntax::Rust && doc_attribute(&text[..i]) {
                out.docstrings.push(i..end);
            }
            out.strings.push(i..end);
            i = end;
        } else {
            if let Some(want) = match c {
                b')' => Some(b'('),
                b']' => Some(b'['),
                b'}' => Some(b'{'),
                _ => None,
            } {
                // A stray closer closes nothing; closers left out are forgiven up to a match.
                if let Some(depth) = open.iter().rposition(|&k| out.brackets[k].kind == want) {
                    for k in open.drain(depth..) {
                        out.brackets[k].close = i;
                    }
                }
            } else if matches!(c, b'(' | b'[' | b'{') {
                out.brackets.push(Bracket {
                    open: i,
                    close: b.len(),
                    kind: c,
                    parent: open.last().copied(),
                });
                open.push(out.brackets.len() - 1);
            }
            i += 1;
        }
    }
    out
}

/// Whether the Python string at `i` is a statement of its own (a docstring): first on its
/// line (after an optional prefix such as `r`), and not continuing the line before.
fn starts_statement(b: &[u8], i: usize) -> bool {
    let line_start = b[..i]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |p| p + 1);
    let before = &b[line_start..i];
    let word = before
        .iter()
        .rposition(|c| !c.is_ascii_alphabetic())
        .map_or(0, |p| p + 1);
    if before.len() - word > 2 || !before[..word].iter().all(u8::is_ascii_whitespace) {
        return false;
    }
    let prev = b[..line_start]
        .iter()
        .rposition(|c| !c.is_ascii_whitespace());
    prev.is_none_or(|p| !matches!(b[p], b'\\' | b'=' | b'+' | b','))
}

/// For a Rust raw string (`r"`, `r#"`, `br##"`) starting at `i`: where its quote is.
fn raw_string_quote(b: &[u8], i: usize) -> Option<usize> {
    let start = if i > 0 && b[i - 1] == b'b' { i - 1 } else { i };
    if start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_') {
        return None;
    }
    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
    let quote = i + 1 + hashes;
    (b.get(quote) == Some(&b'"')).then_some(quote)
}

/// Whether `before` ends with `#[doc =` or `#![doc =`: the string that follows is documentation.
fn doc_attribute(before: &str) -> bool {
    let mut from = before.len().saturating_sub(40);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let t = before[from..].trim_end();
    let Some(t) = t.strip_suffix('=') else {
        return false;
    };
    let Some(t) = t.trim_end().strip_suffix("doc") else {
        return false;
    };
    let t = t.trim_end();
    t.ends_with("#[") || t.ends_with("#![")
}

/// In line-oriented formats (YAML, shell) a quote inside a word (`don't`) is prose, not a string.
fn opens_string(b: &[u8], i: usize, syntax: Syntax) -> bool {
    syntax != Syntax::Hash
        || i == 0
        || matches!(
            b[i - 1],
            b' ' | b'\t' | b'\n' | b'=' | b':' | b'(' | b'[' | b'{' | b',' | b'$'
        )
}

/// Skips a string literal starting at `start`; line-oriented syntaxes end it at the line end
/// so that an apostrophe in prose cannot swallow the rest of the file.
fn skip_string(b: &[u8], start: usize, syntax: Syntax) -> usize {
    let quote = b[start];
    let multiline = quote == b'`' || (syntax == Syntax::Rust && quote == b'"');
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' if !multiline => return i,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Byte offset of the first `needle` at or after `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn memchr_nl(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| from + p)
}

/// Byte ranges of fenced code blocks (``` or ~~~) in Markdown.
pub fn markdown_code_blocks(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        match (open, fence) {
            (None, Some(f)) => open = Some((offset + line.len(), f)),
            (Some((start, f)), Some(g)) if f == g => {
                out.push(start..offset);
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    if let Some((start, _)) = open {
        out.push(start..text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comments<'a>(text: &'a str, path: &str) -> Vec<&'a str> {
        comment_ranges(text, Syntax::from_path(path))
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn url_in_a_string_is_not_a_comment() {
        let src = "let u = \"http://a.ca\"; // see http://b.ca\n";
        assert_eq!(comments(src, "a.rs"), vec!["// see http://b.ca"]);
    }

    #[test]
    fn hash_needs_white_space_before_it_in_yaml() {
        let src = "url: http://a.ca/#frag # real comment\nname: don't # two\n";
        assert_eq!(comments(src, "a.yml"), vec!["# real comment", "# two"]);
    }

    #[test]
    fn block_comments_and_markup_comments() {
        assert_eq!(comments("a /* b\nc */ d", "x.go"), vec!["/* b\nc */"]);
        assert_eq!(comments("<a/><!-- x -->", "p.xml"), vec!["<!-- x -->"]);
        assert_eq!(comments("{\"a\": \"// no\"}", "p.json"), Vec::<&str>::new());
    }

    #[test]
    fn rust_lifetimes_do_not_open_strings() {
        let src = "fn f<'a>(x: &'a str) {} // c\n";
        assert_eq!(comments(src, "a.rs"), vec!["// c"]);
    }

    #[test]
    fn python_docstrings_hide_hashes() {
        let src = "\"\"\"doc # not a comment\"\"\"\nx = 1  # yes\n";
        assert_eq!(comments(src, "a.py"), vec!["# yes"]);
    }

    /// Fuzzing regression (scan_file crash-c1581e56): a non-ASCII character in Python code
    /// outside strings and comments made the lexer slice inside it.
    #[test]
    fn non_ascii_code_outside_strings_does_not_panic() {
        let tq = "'".repeat(3);
        let src = format!("caf\u{e9} = 1  # c\n\u{fffd}x = {tq}\u{e9}{tq}\n");
        assert_eq!(comments(&src, "a.py"), vec!["# c"]);
        assert_eq!(comments("\u{e9}/*x*/\u{e9}", "a.go"), vec!["/*x*/"]);
    }

    #[test]
    fn python_statement_strings_are_docstrings_and_values_are_not() {
        let src = "def f():\n    \"\"\"Doc.\"\"\"\n    x = \"\"\"value\"\"\"\n    g(\n        \"\"\"arg\"\"\"\n    )\n";
        let l = layout(src, Syntax::Python);
        let docs: Vec<&str> = l.docstrings.iter().map(|r| &src[r.clone()]).collect();
        assert_eq!(docs, vec!["\"\"\"Doc.\"\"\""]);
        assert_eq!(l.strings.len(), 3);
    }

    #[test]
    fn rust_raw_strings_and_doc_attributes() {
        let src = "let j = br#\"{\"a\": \"//x\"}\"#; // c\n#[doc = \"d\"]\nfn f() {}\n";
        let l = layout(src, Syntax::Rust);
        let strings: Vec<&str> = l.strings.iter().map(|r| &src[r.clone()]).collect();
        assert_eq!(strings, vec!["r#\"{\"a\": \"//x\"}\"#", "\"d\""]);
        assert_eq!(comments(src, "a.rs"), vec!["// c"]);
        assert!(l.is_docstring(src.find("\"d").unwrap()));
    }

    #[test]
    fn brackets_nest_and_enclose() {
        let src = "f(a, {b: [c, \")\"]}, d)";
        let l = layout(src, Syntax::CLike);
        let at = |s: &str| src.find(s).unwrap();
        let b = |i: usize| src.as_bytes()[l.brackets[i].open] as char;
        assert_eq!(b(l.enclosing(at("c")).unwrap()), '[');
        assert_eq!(b(l.enclosing(at("b")).unwrap()), '{');
        assert_eq!(b(l.enclosing(at("d")).unwrap()), '(');
        assert_eq!(l.enclosing(0), None);
        assert_eq!(l.string_at(at("\")")).map(|r| &src[r]), Some("\")\""));
    }

    #[test]
    fn fenced_blocks_in_markdown() {
        let md = "text\n```sh\ncurl -k x\n```\nmore\n";
        let blocks = markdown_code_blocks(md);
        assert_eq!(blocks.len(), 1);
        assert_eq!(&md[blocks[0].clone()], "curl -k x\n");
    }
}
