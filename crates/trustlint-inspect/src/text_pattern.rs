//! `text-pattern`: a regex over the files its globs select, with the exclusions that make a
//! pattern precise enough to trust: hosts that are never real endpoints (`unless-host`), lines
//! that explain the match away (`unless-line`), text just before the match (`unless-before`, e.g.
//! an `xmlns=` attribute), matches inside comments, and Markdown prose versus code blocks.
//!
//! Named capture groups become message placeholders: `(?P<host>...)` fills `{host}`; `{match}` is
//! always the whole match.

use crate::context::{FileCtx, Hit, Output};
use crate::globs::GlobList;
use crate::syntax::Syntax;
use crate::{compile_regex, Inspector};
use regex::Regex;
use serde::Deserialize;

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

pub struct TextPattern {
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
    globs: Vec<String>,
}

impl TextPattern {
    pub fn new(p: &Params) -> Result<Self, String> {
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
        let line = file.line_range(whole.start());
        if self
            .unless_line
            .iter()
            .any(|r| r.is_match(&file.text[line.clone()]))
        {
            return true;
        }
        if let Some(before) = &self.unless_before {
            if before.is_match(&file.text[line.start..whole.start()]) {
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
        for variant in &self.variants {
            if !variant.files.is_match(file.path) {
                continue;
            }
            for caps in variant.regex.captures_iter(file.text) {
                if self.excluded(file, &caps) {
                    continue;
                }
                let whole = caps.get(0).expect("group 0 always matches");
                let (line, column) = file.line_col(whole.start());
                let (end_line, end_column) = file.line_col(whole.end());
                // What must never be printed in full.
                let hidden = if self.redact {
                    caps.name("secret").unwrap_or(whole).as_str()
                } else {
                    ""
                };
                let shown = |text: &str| {
                    let t = truncate(text, 120);
                    if hidden.is_empty() {
                        t
                    } else {
                        t.replace(hidden, &redacted(hidden))
                    }
                };
                let mut args = vec![("match".to_string(), shown(whole.as_str()))];
                for name in variant.regex.capture_names().flatten() {
                    if let Some(m) = caps.name(name) {
                        args.push((name.to_string(), shown(m.as_str())));
                    }
                }
                out.hits.push(Hit {
                    path: file.path.to_string(),
                    line,
                    column,
                    end_line: Some(end_line),
                    end_column: Some(end_column),
                    args,
                    matched: whole.as_str().to_string(),
                    message: None,
                    source_line: Some(if hidden.is_empty() {
                        file.line_text(line).to_string()
                    } else {
                        file.line_text(line).replace(hidden, &redacted(hidden))
                    }),
                    checklist: Vec::new(),
                    related: Vec::new(),
                    confidence: None,
                    ..Hit::default()
                });
                if self.once_per_file {
                    return;
                }
            }
        }
    }
}

/// The first four characters of a secret, then a mark: enough to find it, not to use it.
pub fn redacted(secret: &str) -> String {
    let head: String = secret.chars().take(4).collect();
    format!("{head}…[redacted]")
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
        }
    }

    fn lines(path: &str, text: &str) -> Vec<u32> {
        let tp = TextPattern::new(&params(r"http://(?P<host>[a-z.]+)")).unwrap();
        let mut out = Output::default();
        tp.check_file(&FileCtx::new(path, text), &mut out);
        out.hits.iter().map(|h| h.line).collect()
    }

    #[test]
    fn secrets_are_redacted_everywhere_they_are_shown() {
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
        let h = &out.hits[0];
        assert_eq!(h.line, 2);
        let shown = format!("{:?} {:?}", h.args, h.source_line);
        assert!(!shown.contains("Xk9#vR2!qLm7$Wz4"), "{shown}");
        assert!(shown.contains("Xk9#…[redacted]"), "{shown}");
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
