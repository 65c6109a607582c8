//! Parsing Rust with `syn`, safely: nesting beyond [`RUST_MAX_DEPTH`] is refused first (by
//! the shared [`nesting`](crate::formats::nesting) guard, fed only code, not comments or
//! literals), and a file that does not parse is a [`ParseError`] with its line, never a panic.
//!
//! Spans come from `proc-macro2`'s `span-locations`, which keeps a per-thread map of every
//! parsed file; [`Parsed`] clears it when dropped, so a long scan does not accumulate them.

use crate::formats::nesting::{Brackets, Nesting, RUST_MAX_DEPTH};
use crate::out::ParseError;

/// A parsed Rust file. Holding one keeps the thread's span map alive; dropping it clears the
/// map, so at most one [`Parsed`] (or one [`Crate`](super::Crate)) may live per thread at a time.
pub struct Parsed {
    pub file: syn::File,
}

impl Drop for Parsed {
    fn drop(&mut self) {
        proc_macro2::extra::invalidate_current_thread_spans();
    }
}

/// Parses Rust source; a file that does not parse is an error with its line, never a panic.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    parse_raw(text).map(|file| Parsed { file })
}

/// Parses without clearing the span map afterwards: for files gathered into a [`Crate`](super::Crate).
pub(crate) fn parse_raw(text: &str) -> Result<syn::File, ParseError> {
    if let Some(line) = too_deep(text) {
        return Err(ParseError {
            line,
            message: format!("brackets nested deeper than {RUST_MAX_DEPTH}; not analysed"),
        });
    }
    match syn::parse_file(text) {
        Ok(file) => Ok(file),
        Err(e) => {
            let line = e.span().start().line.max(1) as u32;
            proc_macro2::extra::invalidate_current_thread_spans();
            Err(ParseError {
                line,
                message: e.to_string(),
            })
        }
    }
}

/// The line where bracket nesting first exceeds [`RUST_MAX_DEPTH`], outside comments, strings and
/// character literals (`b'('` must not count).
fn too_deep(text: &str) -> Option<u32> {
    let b = text.as_bytes();
    let mut n = Nesting::new(RUST_MAX_DEPTH, Brackets::All);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut nest = 0usize;
                while i < b.len() {
                    if b[i..].starts_with(b"/*") {
                        nest += 1;
                        i += 2;
                    } else if b[i..].starts_with(b"*/") {
                        nest -= 1;
                        i += 2;
                        if nest == 0 {
                            break;
                        }
                    } else {
                        if b[i] == b'\n' {
                            n.newline();
                        }
                        i += 1;
                    }
                }
                continue;
            }
            b'r' if matches!(b.get(i + 1), Some(b'#' | b'"'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                // A raw string: r"..." or r#"..."#, closed by the same number of hashes.
                let mut j = i + 1;
                while b.get(j) == Some(&b'#') {
                    j += 1;
                }
                if b.get(j) == Some(&b'"') {
                    let hashes = j - i - 1;
                    j += 1;
                    while j < b.len() {
                        if b[j] == b'"'
                            && b[j + 1..]
                                .iter()
                                .take(hashes)
                                .filter(|&&c| c == b'#')
                                .count()
                                == hashes
                        {
                            j += 1 + hashes;
                            break;
                        }
                        if b[j] == b'\n' {
                            n.newline();
                        }
                        j += 1;
                    }
                    i = j;
                    continue;
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    if i < b.len() && b[i] == b'\n' {
                        n.newline();
                    }
                    i += 1;
                }
            }
            b'\'' => {
                // 'x', '\n', '\u{..}' are characters; 'a (a lifetime) is not closed.
                if b.get(i + 1) == Some(&b'\\') {
                    let mut j = i + 2;
                    while j < b.len() && b[j] != b'\'' && b[j] != b'\n' && j < i + 12 {
                        j += 1;
                    }
                    i = j;
                } else if let Some(len) = text
                    .get(i + 1..)
                    .and_then(|t| t.chars().next())
                    .map(char::len_utf8)
                {
                    if b.get(i + 1 + len) == Some(&b'\'') {
                        i += 1 + len;
                    }
                }
            }
            c => {
                if let Err(line) = n.byte(c) {
                    return Some(line);
                }
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_code_only() {
        let chars = "fn f() { let a = [b'(', b'[', '{', '(']; let s = \"(((\"; }\n".repeat(200);
        assert_eq!(too_deep(&chars), None);
        let comments =
            "// ((((((\n/* [[[[ /* nested ((( */ */\nfn g<'a>(x: &'a str) {}\n".repeat(100);
        assert_eq!(too_deep(&comments), None);
        let raw = format!("const R: &str = r#\"{}\"#;\n", "(".repeat(500));
        assert_eq!(too_deep(&raw), None);
        let deep = format!(
            "fn f() {{\n let x = {}1{}; }}\n",
            "(".repeat(200),
            ")".repeat(200)
        );
        assert_eq!(too_deep(&deep), Some(2));
    }

    #[test]
    fn the_deepest_accepted_nesting_parses_on_a_small_stack() {
        // A 2 MiB thread, the default for spawned threads: the worker pool has 16 MiB.
        let src = format!(
            "fn f() {{ let x = {}1{}; }}\n",
            "(".repeat(RUST_MAX_DEPTH - 2),
            ")".repeat(RUST_MAX_DEPTH - 2)
        );
        let ok = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || parse(&src).is_ok())
            .unwrap()
            .join()
            .unwrap();
        assert!(ok);
    }
}
