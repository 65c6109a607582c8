//! Reading the text around a URL: where it ends, where its line starts, whether it sits in a
//! tag, a script or a DTD declaration.

use std::ops::Range;

/// `x = f` before `"…"`: the prefix (`f`, `r`, `b`, `rb`, `u`) belongs to the string.
pub(super) fn strip_string_prefix(before: &str) -> &str {
    let letters = before
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let rest = &before[..before.len() - letters];
    if (1..=2).contains(&letters) && !rest.bytes().last().is_some_and(ident_byte) {
        rest
    } else {
        before
    }
}

pub(super) fn ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

/// Where the URL at `at` ends, and whether its host is templated (`http://{host}`,
/// `http://${HOST}`, `"http://" + host`).
pub(super) fn read_url(text: &str, at: usize) -> (usize, bool) {
    let b = text.as_bytes();
    let host = at + "http://".len();
    // Literal labels may come first: `http://api.${domain}`, `"http://api." + domain`.
    let first = host
        + b[host..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-'))
            .count();
    // A literal part must leave the host unfinished (`api.`, `app-`), or the host is literal
    // and what follows is a port or a path (`"http://localhost" + path`).
    let unfinished = first == host || matches!(b[first - 1], b'.' | b'-');
    let templated = unfinished
        && match b.get(first) {
            Some(b'{' | b'$' | b'%' | b'#') => true,
            Some(b'<') => matches!(b.get(first + 1), Some(b'%' | b'.' | b'?')),
            Some(b'"' | b'\'' | b'`') => {
                let rest = text[first + 1..].trim_start();
                rest.starts_with('+') || rest.starts_with(". ") || rest.starts_with("..")
            }
            _ => false,
        };
    let mut depth = 0i32;
    let mut i = host;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'(' if templated => depth += 1,
            b'}' | b')' if depth > 0 => depth -= 1,
            b'<' if templated && matches!(b.get(i + 1), Some(b'%' | b'.')) => depth += 1,
            b'>' if depth > 0 && i > 0 && matches!(b[i - 1], b'%' | b'.') => depth -= 1,
            c if c.is_ascii_whitespace() && depth == 0 => break,
            b'"' | b'\'' | b'`' | b'\\' | b'<' | b'>' => break,
            b')' | b']' | b',' | b';' if depth == 0 => break,
            _ => {}
        }
        i += 1;
    }
    (i, templated)
}

/// The URL as messages show it: `"http://" + host` keeps the expression that supplies the host.
pub(super) fn shown_url(text: &str, at: usize, end: usize, templated: bool) -> String {
    let mut s = text[at..end].to_string();
    let literal = text[at + "http://".len()..end]
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-'));
    if templated && literal {
        let rest = &text[end..];
        let stop = rest
            .find(['\n', ')', ',', ';'])
            .unwrap_or(rest.len())
            .min(40);
        let mut stop = stop;
        while !rest.is_char_boundary(stop) {
            stop -= 1;
        }
        s.push_str(rest[..stop].trim_end());
    }
    truncate(&s, 120)
}

/// Where the line holding `at` starts, looking back no further than 400 bytes: a key or an
/// attribute sits next to its value, and minified files have lines of megabytes.
/// `s` cut to `max` characters, with an ellipsis when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

pub(super) fn line_start(text: &str, at: usize) -> usize {
    let mut floor = at.saturating_sub(400);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    text[floor..at].rfind('\n').map_or(floor, |i| floor + i + 1)
}

/// A `<!DOCTYPE …>` or `<!ENTITY …>` before the URL on its line: the URL names a DTD.
pub(super) fn declares_dtd(line: &str) -> bool {
    let upper = line.to_ascii_uppercase();
    upper.contains("<!DOCTYPE") || upper.contains("<!ENTITY")
}

/// Whether `at` lies inside a markup tag (`<a href="…">`), not in the text between tags.
pub(super) fn in_tag(text: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(2000);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..at];
    match (before.rfind('<'), before.rfind('>')) {
        (Some(lt), Some(gt)) => lt > gt,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Whether `at` lies in a `<script>` or `<style>` element of a page.
pub(super) fn in_script(text: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(64 * 1024);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..at];
    ["script", "style"].iter().any(|tag| {
        let open = before.rfind(&format!("<{tag}"));
        let close = before.rfind(&format!("</{tag}"));
        matches!((open, close), (Some(o), c) if c.is_none_or(|c| c < o))
    })
}

/// Whether the string `s` is a mapping key (`"http://…": "…"`): in a translation file, the
/// source text that looks the translation up, not what is shown.
pub(super) fn is_mapping_key(text: &str, s: &Range<usize>) -> bool {
    text[s.end..].trim_start().starts_with(':')
}
