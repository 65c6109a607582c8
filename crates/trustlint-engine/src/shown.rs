//! What a finding shows of the repository, bounded and redacted, decided once here for every
//! rule and every output.
//!
//! - **Bounded**: a finding keeps a window of its line around the match (never the whole line:
//!   a minified file is one line of megabytes), its arguments are shortened, and a file yields at
//!   most so many findings per rule and in all, with a notification saying how many were left
//!   out.
//! - **Redacted**: a secret is a property of the file, not of the rule that found it. Every
//!   value a rule reports as a secret ([`trustlint_inspect::Output::secrets`]), plus JWTs and
//!   unquoted credential assignments (`ENV DB_PASSWORD=…`) found here, is redacted in every
//!   finding's message, arguments, related messages and source line, and in notifications,
//!   whichever rule made them, before any output sees them.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use base64::Engine as _;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;
use trustlint_inspect::{redacted, FileCtx, Hit};
use trustlint_model::{Notification, NotificationLevel};

/// Characters of the line shown before the match, and at most in all.
const BEFORE: usize = 60;
const WIDTH: usize = 200;
/// Characters an argument (a placeholder's value in a message) keeps.
const ARG_CHARS: usize = 120;
/// Secrets shorter than this are not redacted everywhere (they would mangle ordinary words).
const MIN_SECRET: usize = 6;

/// Default caps on findings per file (see `[scan]` in the config).
pub const DEFAULT_MAX_PER_RULE: usize = 100;
pub const DEFAULT_MAX_PER_FILE: usize = 1_000;

/// Redacts a set of secrets wherever they occur.
pub(crate) struct Redactor {
    secrets: Vec<String>,
    ac: Option<AhoCorasick>,
    longest: usize,
}

impl Redactor {
    pub(crate) fn new(secrets: impl IntoIterator<Item = String>) -> Self {
        let set: BTreeSet<String> = secrets
            .into_iter()
            .filter(|s| s.chars().count() >= MIN_SECRET && !plain_word(s))
            .collect();
        let secrets: Vec<String> = set.into_iter().collect();
        let ac = (!secrets.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&secrets)
                    .ok()
            })
            .flatten();
        let longest = secrets.iter().map(String::len).max().unwrap_or(0);
        Redactor {
            secrets,
            ac,
            longest,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ac.is_none()
    }

    /// `text` with every whole secret replaced by its redacted form.
    pub(crate) fn redact(&self, text: &str) -> String {
        let Some(ac) = &self.ac else {
            return text.to_string();
        };
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for m in ac.find_iter(text) {
            out.push_str(&text[last..m.start()]);
            out.push_str(&redacted(&self.secrets[m.pattern().as_usize()]));
            last = m.end();
        }
        out.push_str(&text[last..]);
        out
    }

    /// The text of `range` of `text`, with every secret that overlaps it redacted, also one
    /// cut by the edge of the range (then only the mark is shown, never a part of it).
    fn redact_range(&self, text: &str, range: std::ops::Range<usize>) -> String {
        let Some(ac) = &self.ac else {
            return text[range].to_string();
        };
        let from = floor(text, range.start.saturating_sub(self.longest));
        let to = ceil(text, range.end.saturating_add(self.longest));
        let mut out = String::new();
        let mut at = range.start;
        for m in ac.find_iter(&text[from..to]) {
            let (s, e) = (from + m.start(), from + m.end());
            if e <= at || s >= range.end {
                continue;
            }
            out.push_str(&text[at..s.max(at)]);
            if s >= range.start {
                out.push_str(&redacted(&self.secrets[m.pattern().as_usize()]));
            } else {
                out.push_str("…[redacted]");
            }
            at = e.min(range.end);
            if e >= range.end {
                break;
            }
        }
        out.push_str(&text[at..range.end]);
        out
    }
}

/// A value made of one kind of character and no longer than a word (`secret`, `changeme`,
/// `PASSWORD`): a weak fallback is still reported by its rule, but hiding it everywhere would
/// mangle ordinary words of messages and lines (`secret store`), and it hides nothing.
fn plain_word(s: &str) -> bool {
    s.len() <= 12
        && (s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'_')
            || s.bytes()
                .all(|b| b.is_ascii_uppercase() || b == b'-' || b == b'_'))
}

fn floor(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

static JWT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*").expect("valid")
});
static ASSIGNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)[a-z0-9_]*(?:password|passwd|pwd|secret|token|api_?key|access_?key|private_?key|credentials?)[a-z0-9_]*[ \t]*=[ \t]*([^\s'`$<{%/][^\s'`]{5,})",
    )
    .expect("valid")
});

/// Secrets the engine recognises in any file, whatever rules run: JWTs (three base64url parts
/// whose header decodes to a JSON object with `alg`) and unquoted values assigned to
/// credential-named keys (`ENV DB_PASSWORD=…`, `API_TOKEN=…` in an env file or a script).
pub(crate) fn recognised(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for m in JWT.find_iter(text).take(10_000) {
        let header = m.as_str().split('.').next().unwrap_or_default();
        let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header.trim_end_matches('='))
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
        if decoded.is_some_and(|v| v.get("alg").is_some()) {
            out.push(m.as_str().to_string());
        }
    }
    for caps in ASSIGNED.captures_iter(text).take(10_000) {
        let value = caps[1].trim_matches('"');
        // Code (`token = get_token();`) and plain values are not secrets.
        let plain = value.parse::<f64>().is_ok()
            || value.contains(['(', ')', '[', ']', ';'])
            || matches!(
                value.to_ascii_lowercase().as_str(),
                "true" | "false" | "null" | "none" | "nil"
            );
        if !plain && value.len() >= MIN_SECRET {
            out.push(value.to_string());
        }
    }
    out
}

/// The caps on findings a file may yield.
#[derive(Debug, Clone, Copy)]
pub struct Caps {
    pub per_rule: usize,
    pub per_file: usize,
}

impl Default for Caps {
    fn default() -> Self {
        Caps {
            per_rule: DEFAULT_MAX_PER_RULE,
            per_file: DEFAULT_MAX_PER_FILE,
        }
    }
}

/// Keeps at most `caps` of one file's hits (the first by position), says how many were left
/// out, and gives each kept hit that shows its line a bounded, redacted window of it.
pub(crate) fn finish_file(
    ctx: &FileCtx<'_>,
    hits: &mut Vec<(usize, Hit)>,
    rule_ids: &dyn Fn(usize) -> String,
    caps: Caps,
    redactor: &Redactor,
    notes: &mut Vec<Notification>,
) {
    hits.sort_by_key(|(r, h)| (h.line, h.column, *r));
    let mut per_rule: BTreeMap<usize, usize> = BTreeMap::new();
    let mut dropped: BTreeMap<usize, usize> = BTreeMap::new();
    hits.retain(|(r, _)| {
        let n = per_rule.entry(*r).or_insert(0);
        *n += 1;
        if *n > caps.per_rule {
            *dropped.entry(*r).or_insert(0) += 1;
        }
        *n <= caps.per_rule
    });
    for (r, n) in dropped {
        notes.push(capped(
            ctx.path,
            format!(
                "{n} more finding(s) of rule {} left out in this file (scan.max-findings-per-rule = {})",
                rule_ids(r),
                caps.per_rule
            ),
        ));
    }
    if hits.len() > caps.per_file {
        let n = hits.len() - caps.per_file;
        hits.truncate(caps.per_file);
        notes.push(capped(
            ctx.path,
            format!(
                "{n} more finding(s) left out in this file (scan.max-findings-per-file = {})",
                caps.per_file
            ),
        ));
    }
    let mut cursor = Cursor::default();
    for (_, h) in hits.iter_mut() {
        if h.source_line.is_some() {
            let (text, column) = window(ctx, &mut cursor, h, redactor);
            h.source_line = Some(text);
            h.source_column = column;
        }
    }
}

fn capped(path: &str, message: String) -> Notification {
    Notification {
        level: NotificationLevel::Warning,
        code: "findings-capped".into(),
        message,
        path: Some(path.to_string()),
        line: None,
    }
}

/// Where the last window was computed, so that windows on one long line are found by walking
/// the line once, not from its start each time.
#[derive(Default)]
struct Cursor {
    line: u32,
    byte: usize,
    column: u32,
}

/// The window of the hit's line: up to [`BEFORE`] characters before the column and [`WIDTH`]
/// in all, with `…` where the line was cut.
fn window(ctx: &FileCtx<'_>, cur: &mut Cursor, h: &Hit, redactor: &Redactor) -> (String, u32) {
    let line = ctx.line_text(h.line.max(1));
    let text = ctx.text;
    // Where the line starts in the file (a line past the end is shown as nothing).
    let base = (line.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    if line.is_empty() || base.saturating_add(line.len()) > text.len() {
        return (String::new(), 1);
    }
    if cur.line != h.line || cur.column > h.column {
        *cur = Cursor {
            line: h.line,
            byte: 0,
            column: 1,
        };
    }
    let start_col = h.column.saturating_sub(BEFORE as u32).max(1);
    // Walk from the cursor to the window's first character.
    let mut byte = cur.byte;
    let mut col = cur.column;
    for c in line[byte..].chars() {
        if col >= start_col {
            break;
        }
        byte += c.len_utf8();
        col += 1;
    }
    *cur = Cursor {
        line: h.line,
        byte,
        column: col,
    };
    let end = line[byte..]
        .char_indices()
        .nth(WIDTH)
        .map_or(line.len(), |(i, _)| byte + i);
    let mut shown = String::new();
    let mut column = col;
    if byte > 0 {
        shown.push('…');
        column -= 1;
    }
    shown.push_str(&redactor.redact_range(text, base + byte..base + end));
    if end < line.len() {
        shown.push('…');
    }
    (shown, column.max(1))
}

/// Redacts and shortens what a finding shows: each argument, then the rendered message.
pub(crate) fn arg(redactor: &Redactor, value: &str) -> String {
    let v = if redactor.is_empty() {
        value.to_string()
    } else {
        redactor.redact(value)
    };
    match v.char_indices().nth(ARG_CHARS) {
        Some((i, _)) => format!("{}…", &v[..i]),
        None => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_not_hidden_everywhere() {
        let r = Redactor::new(["secret".to_string(), "changeme".into(), "Zq8vL2xW".into()]);
        assert_eq!(
            r.redact("a secret store; changeme; Zq8vL2xW"),
            "a secret store; changeme; Zq8v…[redacted]"
        );
    }

    #[test]
    fn secrets_are_redacted_whole_or_cut_and_never_shown_in_part() {
        let r = Redactor::new(["s3cr3t-Token-9".to_string(), "abc".into()]);
        assert_eq!(r.redact("x=s3cr3t-Token-9;abc"), "x=s3cr…[redacted];abc");
        let text = "see s3cr3t-Token-9 here";
        let at = text.find("Token").unwrap();
        assert_eq!(r.redact_range(text, at..text.len()), "…[redacted] here");
        assert_eq!(r.redact_range(text, 0..at), "see s3cr…[redacted]");
    }

    #[test]
    fn jwts_and_unquoted_credential_assignments_are_recognised() {
        let header = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let jwt = format!("{header}.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXBhcnQ");
        let not_jwt = "eyJub3RoaW5nIjoxfQ.eyJzdWIiOiIxIn0.c2ln";
        let text = format!(
            "a = \"{jwt}\"\nb = \"{not_jwt}\"\nENV DB_PASSWORD=hunter22x\nPORT=8080\nAPI_TOKEN=$FROM_ENV\ntoken = get_token();\n"
        );
        assert_eq!(recognised(&text), vec![jwt, "hunter22x".to_string()]);
    }

    #[test]
    fn caps_keep_the_first_findings_and_say_how_many_were_left_out() {
        let text = "x ".repeat(50);
        let ctx = FileCtx::new("a.txt", &text);
        let mut hits: Vec<(usize, Hit)> = (0..30)
            .map(|i| {
                (
                    i % 2,
                    Hit {
                        line: 1,
                        column: 30 - i as u32,
                        source_line: trustlint_inspect::SHOW_LINE,
                        ..Hit::default()
                    },
                )
            })
            .collect();
        let mut notes = Vec::new();
        let caps = Caps {
            per_rule: 10,
            per_file: 15,
        };
        finish_file(
            &ctx,
            &mut hits,
            &|r| format!("r{r}"),
            caps,
            &Redactor::new([]),
            &mut notes,
        );
        assert_eq!(hits.len(), 15);
        assert_eq!(hits[0].1.column, 1);
        let messages: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
        assert!(
            messages[0].starts_with("5 more finding(s) of rule r0"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("5 more finding(s) of rule r1"),
            "{messages:?}"
        );
        assert!(
            messages[2].starts_with("5 more finding(s) left out"),
            "{messages:?}"
        );
    }

    #[test]
    fn a_line_past_the_end_of_the_file_shows_nothing() {
        let ctx = FileCtx::new("a.txt", "one\n");
        let h = Hit {
            line: 9,
            column: 1,
            ..Hit::default()
        };
        let (shown, _) = window(&ctx, &mut Cursor::default(), &h, &Redactor::new([]));
        assert!(shown.is_empty());
    }

    #[test]
    fn a_window_of_a_long_line_is_bounded_and_placed_at_the_match() {
        let line = format!("{}MATCH{}", "a".repeat(5000), "b".repeat(5000));
        let ctx = FileCtx::new("a.js", &line);
        let mut cur = Cursor::default();
        let h = Hit {
            line: 1,
            column: 5001,
            source_line: trustlint_inspect::SHOW_LINE,
            ..Hit::default()
        };
        let (shown, column) = window(&ctx, &mut cur, &h, &Redactor::new([]));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert!(shown.chars().count() <= WIDTH + 2);
        let at = (h.column - column) as usize;
        assert_eq!(shown.chars().skip(at).take(5).collect::<String>(), "MATCH");
    }
}
