//! `text-pattern`: a regex over the files its globs select, with the exclusions that make a
//! pattern precise enough to trust: hosts that are never real endpoints (`unless-host`), lines
//! that explain the match away (`unless-line`), text just before the match (`unless-before`, e.g.
//! an `xmlns=` attribute), matches inside comments, and Markdown prose versus code blocks.
//!
//! Named capture groups become message placeholders: `(?P<host>...)` fills `{host}`; `{match}` is
//! always the whole match.
//!
//! A rule may hand the matches that survive to a check (`check = "url-use"`, see
//! `checks/text_pattern/`), which keeps or drops each one and picks one of the rule's
//! `messages` variants and a confidence for it.

use super::Inspector;
use crate::checks::text_pattern::{Check, CheckName};
use crate::ctx::FileCtx;
use crate::formats::syntax::Syntax;
use crate::out::{Hit, Output, SHOW_LINE};
use crate::pattern::{compile_regex, GlobList};
use regex::Regex;
use serde::Deserialize;
use trustlint_model::{Notification, NotificationLevel};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub files: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    pub pattern: String,
    /// More (files, pattern) pairs for the same bad state in other languages.
    #[serde(default)]
    pub also: Vec<Variant>,
    /// Host globs (`localhost`, `*.example.com`) that the `host` group may not match.
    #[serde(default)]
    pub unless_host: Vec<String>,
    /// Regexes; a match on a line that matches any of them is not reported.
    #[serde(default)]
    pub unless_line: Vec<String>,
    /// Regexes; a match whose own text matches any of them is not reported (a load balancer
    /// block that does redirect).
    #[serde(default)]
    pub unless_match: Vec<String>,
    /// A regex tested against the text of the line before the match (anchor it with `$`).
    #[serde(default)]
    pub unless_before: Option<String>,
    #[serde(default)]
    pub comments: CommentMode,
    #[serde(default)]
    pub markdown: MarkdownMode,
    /// Report only the first match in each file (for signals, where one place is enough).
    #[serde(default)]
    pub once_per_file: bool,
    /// Values (globs, case-insensitive) that a named group may not take, e.g.
    /// `{ region = ["ca-central-1", "canada*"] }`.
    #[serde(default)]
    pub unless_group: std::collections::BTreeMap<String, Vec<String>>,
    /// The `secret` group must be at least this random (Shannon bits per character), so that
    /// `password = "changeme"` is not taken for a credential.
    #[serde(default)]
    pub min_entropy: Option<f64>,
    /// Never print the `secret` group (or the whole match) in full: messages and source lines
    /// show its first four characters.
    #[serde(default)]
    pub redact: bool,
    /// Code that judges each match the exclusions left (`url-use`), choosing one of
    /// `messages` for it.
    #[serde(default)]
    pub check: Option<CheckName>,
    /// Message variants, by name, for the `check` to choose from.
    #[serde(default)]
    pub messages: std::collections::BTreeMap<String, trustlint_model::Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Variant {
    pub files: Vec<String>,
    pub pattern: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommentMode {
    /// Matches in comments count like any other.
    #[default]
    Include,
    /// Matches inside comments are ignored (commented-out code, licence headers).
    Skip,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkdownMode {
    #[default]
    All,
    /// In Markdown files, only fenced code blocks count: commands, not prose about them.
    CodeBlocks,
}

struct Compiled {
    files: GlobList,
    regex: Regex,
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    TextPattern::new(p).map(|i| Box::new(i) as Box<dyn Inspector>)
}

struct TextPattern {
    variants: Vec<Compiled>,
    exclude: GlobList,
    unless_host: GlobList,
    unless_line: Vec<Regex>,
    unless_match: Vec<Regex>,
    unless_before: Option<Regex>,
    comments: CommentMode,
    markdown: MarkdownMode,
    once_per_file: bool,
    unless_group: Vec<(String, GlobList)>,
    min_entropy: Option<f64>,
    redact: bool,
    check: Option<Check>,
    globs: Vec<String>,
}

impl TextPattern {
    fn new(p: &Params) -> Result<Self, String> {
        let mut variants = vec![Compiled {
            files: GlobList::new(&p.files, false)?,
            regex: compile_regex(&p.pattern)?,
        }];
        for v in &p.also {
            variants.push(Compiled {
                files: GlobList::new(&v.files, false)?,
                regex: compile_regex(&v.pattern)?,
            });
        }
        let mut globs = p.files.clone();
        globs.extend(p.also.iter().flat_map(|v| v.files.iter().cloned()));
        Ok(TextPattern {
            variants,
            exclude: GlobList::new(&p.exclude, false)?,
            unless_host: GlobList::new(&p.unless_host, true)?,
            unless_line: p
                .unless_line
                .iter()
                .map(|r| compile_regex(r))
                .collect::<Result<_, _>>()?,
            unless_match: p
                .unless_match
                .iter()
                .map(|r| compile_regex(r))
                .collect::<Result<_, _>>()?,
            unless_before: p.unless_before.as_deref().map(compile_regex).transpose()?,
            comments: p.comments,
            markdown: p.markdown,
            once_per_file: p.once_per_file,
            unless_group: p
                .unless_group
                .iter()
                .map(|(g, v)| Ok((g.clone(), GlobList::new(v, true)?)))
                .collect::<Result<_, String>>()?,
            min_entropy: p.min_entropy,
            redact: p.redact,
            check: match p.check {
                Some(name) => Some(Check::new(name, &p.messages)?),
                None if !p.messages.is_empty() => {
                    return Err("`messages` needs a `check` to choose among them".into())
                }
                None => None,
            },
            globs,
        })
    }

    fn excluded(&self, file: &FileCtx<'_>, caps: &regex::Captures<'_>) -> bool {
        let whole = caps.get(0).expect("group 0 always matches");
        if self.comments == CommentMode::Skip && file.in_comment(whole.start()) {
            return true;
        }
        if self.markdown == MarkdownMode::CodeBlocks
            && file.syntax == Syntax::Markup
            && is_markdown(file.path)
            && !file.in_code_block(whole.start())
        {
            return true;
        }
        if let Some(host) = caps.name("host") {
            if self.unless_host.is_match(host.as_str()) {
                return true;
            }
        }
        if self.unless_match.iter().any(|r| r.is_match(whole.as_str())) {
            return true;
        }
        for (group, values) in &self.unless_group {
            if caps
                .name(group)
                .is_some_and(|m| values.is_match(m.as_str()))
            {
                return true;
            }
        }
        if let (Some(min), Some(secret)) = (self.min_entropy, caps.name("secret")) {
            if entropy(secret.as_str()) < min {
                return true;
            }
        }
        // Windowed to the match: on a minified line, thousands of matches must not each test the
        // whole line again.
        let line = file.line_range(whole.start());
        let from = floor(
            file.text,
            line.start.max(whole.start().saturating_sub(CONTEXT)),
        );
        let to = floor(file.text, line.end.min(whole.end().saturating_add(CONTEXT))).max(from);
        if self
            .unless_line
            .iter()
            .any(|r| r.is_match(&file.text[from..to]))
        {
            return true;
        }
        if let Some(before) = &self.unless_before {
            if before.is_match(&file.text[from..whole.start().max(from)]) {
                return true;
            }
        }
        false
    }
}

fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

impl Inspector for TextPattern {
    fn file_globs(&self) -> Vec<String> {
        self.globs.clone()
    }

    fn patterns(&self) -> Vec<String> {
        self.variants
            .iter()
            .map(|v| v.regex.as_str().to_string())
            .collect()
    }

    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        if self.exclude.is_match(file.path) {
            return;
        }
        let check = self.check.as_ref().map(|c| c.for_file(file));
        for variant in &self.variants {
            if !variant.files.is_match(file.path) {
                continue;
            }
            let mut search = Windowed::new(&variant.regex, file.text);
            while let Some(caps) = search.next() {
                if self.excluded(file, &caps) {
                    continue;
                }
                let whole = caps.get(0).expect("group 0 always matches");
                let kept = match &check {
                    Some(c) => match c.judge(whole.range()) {
                        Some(kept) => Some(kept),
                        None => continue,
                    },
                    None => None,
                };
                let (line, column) = file.line_col(whole.start());
                let (end_line, end_column) = file.line_col(whole.end());
                if self.redact {
                    out.secrets
                        .push(caps.name("secret").unwrap_or(whole).as_str().to_string());
                }
                // Shown as found: the engine redacts every secret of the file, then shortens.
                let mut hit = Hit::at(file.path, line, column)
                    .end(end_line, end_column)
                    .arg("match", whole.as_str());
                for name in variant.regex.capture_names().flatten() {
                    if let Some(m) = caps.name(name) {
                        hit = hit.arg(name, m.as_str());
                    }
                }
                if let Some(k) = kept {
                    for (name, value) in k.args {
                        hit = hit.arg(&name, value);
                    }
                    hit = hit.message(k.message).confidence(k.confidence);
                    if let Some(s) = k.severity {
                        hit = hit.severity(s);
                    }
                }
                out.hits
                    .push(hit.source_line_opt(SHOW_LINE).matched(whole.as_str()));
                if self.once_per_file {
                    return;
                }
            }
            if search.exhausted {
                out.notifications.push(Notification {
                    level: NotificationLevel::Warning,
                    code: "rule-cut-short".into(),
                    message: format!(
                        "pattern `{}` used up its search budget ({} MiB) in this file; the rest of the file was not checked by it",
                        truncate(variant.regex.as_str(), 60),
                        BUDGET >> 20
                    ),
                    path: Some(file.path.to_string()),
                    line: None,
                });
            }
        }
    }
}

/// Each search looks at first this far ahead, and at most [`MAX_WINDOW`]: a pattern that can
/// run to the end of the file (`[\s\S]*Q|a`) then costs a window per match, not the rest of
/// the file each time.
const MIN_WINDOW: usize = 1024;
const MAX_WINDOW: usize = 64 * 1024;
/// Bytes of windows one pattern may search in one file; past it, `rule-cut-short`.
const BUDGET: usize = 64 << 20;
/// Text around a match that `unless-line` and `unless-before` see.
const CONTEXT: usize = 1024;

/// The largest char boundary at or below `i`.
fn floor(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Leftmost-first matches of a pattern, each searched for in a window that starts small and
/// doubles while the match could go on past it or none is found (up to [`MAX_WINDOW`]). The
/// largest window without a match moves on by half of itself, so a match of up to half the largest window is found
/// whole; in a file smaller than the window, nothing changes. Every window searched is charged
/// to [`BUDGET`].
struct Windowed<'t> {
    regex: &'t Regex,
    text: &'t str,
    at: usize,
    window: usize,
    spent: usize,
    exhausted: bool,
}

impl<'t> Windowed<'t> {
    fn new(regex: &'t Regex, text: &'t str) -> Self {
        Windowed {
            regex,
            text,
            at: 0,
            window: MIN_WINDOW,
            spent: 0,
            exhausted: false,
        }
    }

    fn next(&mut self) -> Option<regex::Captures<'t>> {
        let text = self.text;
        while self.at <= text.len() {
            let whole = text.len() - self.at <= self.window;
            let end = if whole {
                text.len()
            } else {
                floor(text, self.at + self.window)
            };
            self.spent += end - self.at;
            if self.spent > BUDGET {
                self.exhausted = true;
                return None;
            }
            let found = self.regex.captures_at(&text[..end], self.at);
            let grow = !whole && self.window < MAX_WINDOW;
            match found {
                // A match that reaches the window's end might go on: look again, further.
                Some(c) if grow && c.get(0).expect("group 0").end() == end => {
                    self.window *= 2;
                }
                Some(caps) => {
                    let m = caps.get(0).expect("group 0 always matches");
                    // An empty match moves on by one character.
                    self.at = if m.end() > m.start() {
                        m.end()
                    } else {
                        text[m.end()..]
                            .chars()
                            .next()
                            .map_or(text.len() + 1, |c| m.end() + c.len_utf8())
                    };
                    self.window = MIN_WINDOW;
                    return Some(caps);
                }
                None if whole => return None,
                // Nothing yet: look further before moving on, so that no match up to half the
                // largest window is skipped.
                None if grow => self.window *= 2,
                None => self.at = floor(text, self.at + self.window / 2).max(self.at + 1),
            }
        }
        None
    }
}

/// Shannon entropy in bits per character.
fn entropy(s: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for c in s.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let n = s.chars().count() as f64;
    counts
        .values()
        .map(|&k| {
            let p = k as f64 / n;
            -p * p.log2()
        })
        .sum()
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pattern: &str) -> Params {
        Params {
            files: vec!["**/*".into()],
            exclude: vec![],
            pattern: pattern.into(),
            also: vec![],
            unless_host: vec!["localhost".into(), "*.example.com".into()],
            unless_line: vec![],
            unless_match: vec![],
            unless_before: Some(r#"xmlns(:\w+)?=["']$"#.into()),
            comments: CommentMode::Skip,
            markdown: MarkdownMode::CodeBlocks,
            once_per_file: false,
            unless_group: Default::default(),
            min_entropy: None,
            redact: false,
            check: None,
            messages: Default::default(),
        }
    }

    fn lines(path: &str, text: &str) -> Vec<u32> {
        let tp = TextPattern::new(&params(r"http://(?P<host>[a-z.]+)")).unwrap();
        let mut out = Output::default();
        tp.check_file(&FileCtx::new(path, text), &mut out);
        out.hits.iter().map(|h| h.line).collect()
    }

    #[test]
    fn secrets_are_handed_to_the_engine_for_redaction() {
        let mut p = params(r#"password\s*=\s*"(?P<secret>[^"]+)""#);
        p.redact = true;
        p.min_entropy = Some(3.0);
        let tp = TextPattern::new(&p).unwrap();
        let mut out = Output::default();
        let text = "password = \"changeme\"\npassword = \"Xk9#vR2!qLm7$Wz4\"\n";
        tp.check_file(&FileCtx::new("a.py", text), &mut out);
        assert_eq!(
            out.hits.len(),
            1,
            "a low-entropy placeholder is not a secret"
        );
        assert_eq!(out.hits[0].line, 2);
        // The engine redacts it in every finding of the file, whichever rule made it.
        assert_eq!(out.secrets, vec!["Xk9#vR2!qLm7$Wz4".to_string()]);
    }

    #[test]
    fn a_pattern_that_can_run_to_the_end_of_the_file_is_bounded_and_says_so() {
        let mut p = params(r"[\s\S]*Q|a");
        p.unless_match = vec!["^b".into()];
        p.unless_before = None;
        let tp = TextPattern::new(&p).unwrap();
        let text = "a ".repeat(150_000);
        let start = std::time::Instant::now();
        let mut out = Output::default();
        tp.check_file(&FileCtx::new("a.txt", &text), &mut out);
        assert!(out.hits.len() > 10_000, "{}", out.hits.len());
        assert!(out.notifications.iter().any(|n| n.code == "rule-cut-short"));
        assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
    }

    #[test]
    fn windowed_search_finds_what_a_plain_search_finds() {
        let re = Regex::new(r"(?s)BEGIN.*?END|x+").unwrap();
        let mut text = String::new();
        for i in 0..5000 {
            text.push_str(&format!("{i} xx BEGIN {} END é ", "y".repeat(i % 50)));
        }
        let plain: Vec<_> = re.find_iter(&text).map(|m| m.range()).collect();
        let all = |re: &Regex, text: &str| {
            let mut w = Windowed::new(re, text);
            std::iter::from_fn(|| w.next().map(|c| c.get(0).unwrap().range())).collect::<Vec<_>>()
        };
        assert_eq!(plain, all(&re, &text));
        // A match longer than the first window is found whole.
        let long = format!("{}BEGIN {} END", "z ".repeat(3000), "y".repeat(20_000));
        assert_eq!(
            re.find_iter(&long).map(|m| m.range()).collect::<Vec<_>>(),
            all(&re, &long)
        );
        let empty = Regex::new("z*").unwrap();
        assert_eq!(empty.find_iter("aéb").count(), all(&empty, "aéb").len());
    }

    #[test]
    fn exclusions_each_silence_their_look_alike() {
        let src = "a = \"http://api.gc.ca\"\n# http://old.gc.ca\nb = \"http://localhost\"\nc = \"http://x.example.com\"\n";
        assert_eq!(lines("a.py", src), vec![1]);
        assert_eq!(
            lines("a.xml", "<a xmlns=\"http://w.org\" href=\"http://b.ca\"/>"),
            vec![1]
        );
        assert_eq!(
            lines("a.xml", "<a xmlns=\"http://w.org\"/>"),
            Vec::<u32>::new()
        );
        assert_eq!(
            lines("r.md", "see http://a.ca\n```\nhttp://b.ca\n```\n"),
            vec![3]
        );
    }
}
