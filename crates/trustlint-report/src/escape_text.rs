//! Escaping for text meant for a terminal or a CI log (text output, errors on standard error).
//!
//! Anything the repository wrote (paths, keys, snippets, messages built from matched text) may
//! hold control characters. Printed raw, a newline lets the repository start a line of its own
//! choosing (`::error::`, `::add-mask::` and the other GitHub workflow commands, which the
//! runner reads even after leading spaces), ESC and BEL let it repaint the log, and the Unicode
//! bidirectional and format characters make a line read differently from what it holds. Every
//! such character is shown as a visible escape (`\n`, `\x1b`, `\u{202e}`), colour on or off,
//! so one value always prints as one line.

use std::borrow::Cow;
use std::fmt::Write;

/// Unicode format and separator characters shown as escapes: bidirectional controls, zero-width
/// characters, line and paragraph separators, the byte-order mark, interlinear annotations and
/// tag characters.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{E0000}'..='\u{E0FFF}'
        | '\u{0600}'..='\u{0605}' | '\u{06DD}' | '\u{070F}' | '\u{08E2}' | '\u{110BD}'
        | '\u{1D173}'..='\u{1D17A}')
}

/// Whether `c` is printed as an escape.
pub fn needs_escape(c: char) -> bool {
    c.is_control() || invisible(c)
}

/// The visible form of one character.
pub fn char_escape(c: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 && needs_escape(c) => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if needs_escape(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// `s` on one line, every control or invisible format character shown as an escape.
pub fn line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        char_escape(c, &mut out);
    }
    Cow::Owned(out)
}

/// A repository path (see `trustlint_model::path`): bytes that are not UTF-8 are shown as
/// `\xNN`, control and format characters as escapes.
pub fn path(p: &str) -> String {
    let bytes = trustlint_model::path::to_bytes(p);
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            char_escape(c, &mut out);
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_format_characters_become_visible_escapes() {
        assert_eq!(line("plain café"), "plain café");
        assert_eq!(line("a\n::error::x"), "a\\n::error::x");
        assert_eq!(line("\x1b[31mred\x07"), "\\x1b[31mred\\x07");
        assert_eq!(line("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(line("\r\t\u{85}\u{2028}"), "\\r\\t\\u{85}\\u{2028}");
    }

    #[test]
    fn paths_show_invalid_bytes_as_hex_escapes() {
        let p = trustlint_model::path::from_bytes(b"src/a\xff\nb.py");
        assert_eq!(path(&p), "src/a\\xff\\nb.py");
        assert_eq!(path("100%25.txt"), "100%.txt");
    }
}
