//! Escaping for Markdown that GitHub renders: the job summary, pull-request comments, the
//! checklist report.
//!
//! Text from the repository must read as text: no HTML (`<img src=…>`, `<details>`), no link or
//! image (`[Approve this PR](…)`), no mention that pings a team (`@org/team`), no bare URL or
//! e-mail address turned into a link, no emphasis, heading or table cell break. Code stays code:
//! a code span shows its content as it is, with a fence longer than any run of backticks in it.
//! Control characters are shown as visible escapes, as in text output.

use crate::escape_text::{char_escape, needs_escape};

/// Keeps GitHub from linking or mentioning: placed after `@`, inside `://` and after `www`.
const JOINER: char = '\u{2060}';

/// Text for a table cell or a paragraph: every character that Markdown or HTML would read as
/// markup is escaped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '|' => out.push_str("\\|"),
            '@' => {
                out.push_str("&#64;");
                out.push(JOINER);
            }
            ':' if chars.get(i + 1) == Some(&'/') => {
                out.push(':');
                out.push(JOINER);
            }
            '.' if i >= 3 && chars[i - 3..i].iter().all(|c| c.eq_ignore_ascii_case(&'w')) => {
                out.push(JOINER);
                out.push('.');
            }
            // What starts emphasis, a link or an image, strikethrough, or escapes.
            '\\' | '`' | '*' | '_' | '[' | ']' | '!' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c if needs_escape(c) => char_escape(c, &mut out),
            c => out.push(c),
        }
    }
    out
}

/// A code span holding `s` exactly as it renders in a table cell: the fence is one backtick
/// longer than the longest run in `s`, spaces keep a leading or trailing backtick apart from
/// it, `|` is escaped (GitHub splits table cells before it reads code spans), and control
/// characters are shown as escapes.
pub fn code(s: &str) -> String {
    let mut body = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => body.push_str("\\|"),
            c if needs_escape(c) => char_escape(c, &mut body),
            c => body.push(c),
        }
    }
    if body.is_empty() {
        return "` `".into();
    }
    let (mut run, mut longest) = (0, 0);
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A space apart from a backtick at either end; CommonMark strips one space from each side
    // when both have one, so a body that starts and ends with a space gets one more each side.
    let pad = body.starts_with('`')
        || body.ends_with('`')
        || (body.starts_with(' ') && body.ends_with(' ') && body.trim() != "");
    if pad {
        format!("{fence} {body} {fence}")
    } else {
        format!("{fence}{body}{fence}")
    }
}

/// A message whose template marked code with backticks: code parts become code spans, text
/// parts are escaped (see `trustlint_model::message_parts`).
pub fn message(parts: &[(bool, String)], whole: &str) -> String {
    if parts.is_empty() {
        return text(whole);
    }
    parts
        .iter()
        .map(|(is_code, s)| if *is_code { code(s) } else { text(s) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_from_the_repository_is_inert() {
        assert_eq!(text("<img src=x>"), "&lt;img src=x&gt;");
        assert_eq!(
            text("[Approve this PR](https://x.io)"),
            "\\[Approve this PR\\](https:\u{2060}//x.io)"
        );
        assert_eq!(text("cc @org/team"), "cc &#64;\u{2060}org/team");
        assert_eq!(text("a|b\n# h"), "a\\|b\\n\\# h");
        assert_eq!(text("see www.x.io"), "see www\u{2060}.x.io");
    }

    #[test]
    fn code_spans_keep_their_content_whatever_backticks_it_holds() {
        assert_eq!(code("a<b>"), "`a<b>`");
        assert_eq!(code("x`y"), "``x`y``");
        assert_eq!(code("``"), "``` `` ```");
        assert_eq!(code(" a "), "`  a  `");
        assert_eq!(code("a|b"), "`a\\|b`");
    }
}
