//! Credentials: what a committed secret looks like, judged by the value.
//!
//! Pure functions over `&str`, with no engine in sight:
//! - [`Catalogue`]: the kinds of credential as data (`rules/credentials/<kind>.toml`): shape,
//!   validator, keywords, entropy floor, known public values, examples;
//! - [`find`]: every credential in a file's text, each a [`Candidate`] that says which kind,
//!   where the secret's bytes are (for redaction across rules), how sure, and whether it is in
//!   its provider's *live format* (reported in every context, tests included) or a generic one
//!   (reported in production code only);
//! - [`fallbacks`]: production code that falls back to a literal when a secret's environment
//!   variable is unset.
//!
//! One Aho-Corasick pass over the text finds the lines that hold a kind's literal (its prefix,
//! or a keyword); only those lines meet a regex, and only regex matches meet a validator.

mod catalogue;
mod fallback;
mod generic;
mod judge;
mod structured;
mod validate;

pub use catalogue::{Builtin, Catalogue, Category, Kind};
pub use fallback::{fallbacks, Fallback};
/// The words of a key (`DB_PASSWORD`, `apiUrl`, `baseURL`), for other checks that judge a
/// value by the name it is given.
pub(crate) use judge::words as key_words;
pub use validate::Validator;

use crate::formats::syntax::{self, Syntax};
use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::ops::Range;
use trustlint_model::Confidence;

/// A credential found in a text.
#[derive(Debug, Clone)]
pub struct Candidate<'c> {
    pub kind: &'c Kind,
    /// What to point at: the match (a key and its value, a whole key block).
    pub span: Range<usize>,
    /// The secret's own bytes in the text: never shown in full.
    pub secret: Range<usize>,
    /// In its provider's live format (shape, and checksum or structure where the format has
    /// one): reported in every context, tests included. False: a generic or keyword-only
    /// credential, to report in production code only.
    pub live_format: bool,
    pub confidence: Confidence,
    /// How it was read, when not plainly (`base64 in a Kubernetes Secret`).
    pub how: Option<&'static str>,
}

/// What the detectors share about the text they read.
pub(crate) struct Scan<'t, 'c> {
    pub(crate) cat: &'c Catalogue,
    pub(crate) path: &'t str,
    pub(crate) text: &'t str,
    pub(crate) syntax: Syntax,
    comments: OnceCell<Vec<Range<usize>>>,
    kube_secret: OnceCell<bool>,
    /// Values a kind knows to be public (a Firebase web key, a documented example): no other
    /// kind may report them.
    vetoed: std::cell::RefCell<Vec<Range<usize>>>,
    /// Decoded values are read again for live-format kinds, once (no structure within).
    pub(crate) nested: bool,
}

impl<'t, 'c> Scan<'t, 'c> {
    pub(crate) fn new(cat: &'c Catalogue, path: &'t str, text: &'t str) -> Self {
        Scan {
            cat,
            path,
            text,
            syntax: Syntax::from_path(path),
            comments: OnceCell::new(),
            kube_secret: OnceCell::new(),
            vetoed: std::cell::RefCell::new(Vec::new()),
            nested: false,
        }
    }

    pub(crate) fn in_comment(&self, offset: usize) -> bool {
        let ranges = self
            .comments
            .get_or_init(|| syntax::comment_ranges(self.text, self.syntax));
        let i = ranges.partition_point(|r| r.end <= offset);
        ranges.get(i).is_some_and(|r| r.start <= offset)
    }

    /// A Kubernetes `Secret` manifest, whose values the manifest detector judges.
    pub(crate) fn kube_secret(&self) -> bool {
        *self.kube_secret.get_or_init(|| {
            self.text.starts_with("kind: Secret") || self.text.contains("\nkind: Secret")
        })
    }

    pub(crate) fn line(&self, offset: usize) -> Range<usize> {
        let start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        start..end
    }

    pub(crate) fn candidate(
        &self,
        kind: &'c Kind,
        span: Range<usize>,
        secret: Range<usize>,
        confidence: Confidence,
    ) -> Candidate<'c> {
        Candidate {
            kind,
            span,
            secret,
            live_format: kind.live,
            confidence,
            how: None,
        }
    }
}

/// Every credential in `text`, a file at `path` (its name decides comments and which values may
/// be unquoted), in order of position; overlapping finds keep the most specific kind.
pub fn find<'c>(cat: &'c Catalogue, path: &str, text: &str) -> Vec<Candidate<'c>> {
    let scan = Scan::new(cat, path, text);
    find_in(&scan)
}

pub(crate) fn find_in<'c>(scan: &Scan<'_, 'c>) -> Vec<Candidate<'c>> {
    let text = scan.text;
    // (kind, start of the line that holds its literal), each looked at once.
    let mut work: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut last_line = (usize::MAX, 0usize);
    for m in scan.cat.literals.find_overlapping_iter(text) {
        let at = m.start();
        let line = if last_line.0 != usize::MAX && at >= last_line.0 && at <= last_line.1 {
            last_line.0
        } else {
            let l = scan.line(at);
            last_line = (l.start, l.end);
            l.start
        };
        for &k in &scan.cat.owners[m.pattern().as_usize()] {
            work.insert((k, line));
        }
    }
    let mut found = Vec::new();
    for (k, line) in work {
        let kind = &scan.cat.kinds[k];
        match kind.builtin {
            None => pattern_kind(scan, kind, line, &mut found),
            Some(b) => structured::detect(scan, kind, b, line, &mut found),
        }
    }
    found.retain(|c| !declared_test_value(scan, c.span.start));
    let vetoed = scan.vetoed.borrow();
    found.retain(|c| {
        !vetoed
            .iter()
            .any(|v| c.secret.start < v.end && v.start < c.secret.end)
    });
    confirm_pairs(scan.text, &mut found);
    keep_most_specific(found)
}

/// A value whose partner kind sits within five lines (an AWS secret key and its key id) is
/// confirmed: high confidence, live format.
fn confirm_pairs(text: &str, found: &mut [Candidate<'_>]) {
    let partners: Vec<(usize, &str)> = found
        .iter()
        .map(|c| (c.span.start, c.kind.id.as_str()))
        .collect();
    for c in found.iter_mut() {
        let Some(want) = c.kind.paired_with.as_deref() else {
            continue;
        };
        let close = partners.iter().any(|&(at, id)| {
            let (lo, hi) = (at.min(c.span.start), at.max(c.span.start));
            id == want && text[lo..hi].bytes().filter(|&b| b == b'\n').count() <= 5
        });
        if close {
            c.confidence = Confidence::High;
            c.live_format = true;
        }
    }
}

/// Live formats first, then structured reads, then generic assignments; a secret is reported
/// once, under the first kind that claimed its bytes.
fn keep_most_specific(mut found: Vec<Candidate<'_>>) -> Vec<Candidate<'_>> {
    let rank = |c: &Candidate<'_>| match c.kind.builtin {
        _ if c.live_format => 0,
        None => 1,
        Some(Builtin::Assignment | Builtin::ConnectionString) => 3,
        Some(_) => 2,
    };
    found.sort_by_key(|c| (rank(c), c.secret.start, std::cmp::Reverse(c.secret.end)));
    let mut kept: Vec<Candidate<'_>> = Vec::new();
    for c in found {
        let overlaps = kept
            .iter()
            .any(|k| c.secret.start < k.secret.end && k.secret.start < c.secret.end);
        if !overlaps {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| (c.span.start, c.secret.start));
    kept
}

/// A kind recognised by its regex on the literal's line (and the next, for keyword kinds,
/// whose value may sit under the key in YAML).
fn pattern_kind<'c>(
    scan: &Scan<'_, 'c>,
    kind: &'c Kind,
    line: usize,
    out: &mut Vec<Candidate<'c>>,
) {
    let regex = kind.regex.as_ref().expect("pattern kinds have a regex");
    let text = scan.text;
    let mut end = scan.line(line).end;
    let extra = kind.lines.max(1) - 1 + usize::from(!kind.keywords.is_empty());
    for _ in 0..extra {
        if end < text.len() {
            end = scan.line(end + 1).end;
        }
    }
    for caps in regex.captures_iter(&text[line..end]) {
        let whole = caps.get(0).expect("group 0");
        let Some(secret) = caps.name("secret") else {
            continue;
        };
        let value = secret.as_str();
        let range = line + secret.start()..line + secret.end();
        if kind.allow.iter().any(|a| a == value) {
            scan.vetoed.borrow_mut().push(range);
            continue;
        }
        if !accept_value(kind, value) {
            continue;
        }
        let span = line + whole.start()..line + whole.end();
        if near(scan, span.start, &kind.public_near) {
            scan.vetoed.borrow_mut().push(range);
            continue;
        }
        let confidence = if kind.live {
            Confidence::High
        } else {
            Confidence::Medium
        };
        out.push(scan.candidate(
            kind,
            span,
            line + secret.start()..line + secret.end(),
            confidence,
        ));
    }
}

/// The checks every kind's value passes: not a known public value, not a placeholder, random
/// enough, and valid where the format has a validator.
pub(crate) fn accept_value(kind: &Kind, value: &str) -> bool {
    if kind.allow.iter().any(|a| a == value) {
        return false;
    }
    // The random part: the longer side of the kind's literal (`ghp_…`, `…NRAL`, `…T3BlbkFJ…`).
    let body = kind
        .prefixes
        .iter()
        .filter_map(|p| value.find(p.as_str()).map(|i| (i, p.len())))
        .map(|(i, n)| {
            let (before, after) = (&value[..i], &value[i + n..]);
            if before.len() > after.len() {
                before
            } else {
                after
            }
        })
        .min_by_key(|b| b.len())
        .unwrap_or(value);
    // Short random values spread over fewer distinct characters: the floor follows the length.
    let floor = kind
        .min_entropy
        .min((body.len().max(2) as f64).log2() - 1.3);
    if judge::placeholder(body).is_some() || judge::entropy(body) < floor {
        return false;
    }
    kind.validator.is_none_or(|v| v.check(value))
}

/// Whether one of `literals` occurs within three lines of `offset`.
fn near(scan: &Scan<'_, '_>, offset: usize, literals: &[String]) -> bool {
    if literals.is_empty() {
        return false;
    }
    let text = scan.text;
    let mut start = offset;
    let mut end = offset;
    for _ in 0..4 {
        start = text[..start.saturating_sub(1)]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        end = text[(end + 1).min(text.len())..]
            .find('\n')
            .map_or(text.len(), |i| end + 1 + i);
    }
    let window = &text[start..end.min(text.len())];
    literals.iter().any(|l| window.contains(l.as_str()))
}

/// The comment above a value says it was made for tests or examples ("generated for testing -
/// do not use in production"), or the constant it is given to is named so (`TEST_PRIVATE_KEY`):
/// its author declared it a non-secret.
fn declared_test_value(scan: &Scan<'_, '_>, offset: usize) -> bool {
    const SAYS: &[&str] = &[
        "for testing",
        "for tests",
        "test key",
        "test-only",
        "testing only",
        "test only",
        "testing purposes",
        "outside of tests",
        "by unit tests",
        "only in tests",
        "do not use in production",
        "must not be used in production",
        "not for production",
        "not a real",
        "example key",
        "dummy",
        "fake",
    ];
    let text = scan.text;
    let mut end = scan.line(offset).start;
    let mut code_lines = 0;
    // The value's own line, then up to eight lines above: comments, and at most the one line of
    // code that opens the string (`static KEY: &str = r#"`).
    let own = &text[scan.line(offset)];
    let named_test = |l: &str| {
        let decl = l.split('=').next().unwrap_or(l);
        judge::words(decl).iter().any(|w| {
            [
                "test", "tests", "example", "dummy", "fake", "mock", "sample",
            ]
            .contains(&w.as_str())
        })
    };
    if own.contains('=') && named_test(own) {
        return true;
    }
    // A module whose own documentation says so (`//! keys for testing purposes only`).
    let module_doc = text
        .lines()
        .take(12)
        .filter(|l| l.starts_with("//!") || l.starts_with("#"))
        .any(|l| SAYS.iter().any(|s| l.to_ascii_lowercase().contains(s)));
    if module_doc {
        return true;
    }
    for _ in 0..8 {
        if end == 0 {
            return false;
        }
        let line = scan.line(end - 1);
        let t = text[line.clone()].trim_start();
        let comment = ["//", "#", "/*", "*", "--", "<!--", ";"]
            .iter()
            .any(|c| t.starts_with(c));
        if !comment && !t.is_empty() {
            code_lines += 1;
            if code_lines > 1 || !t.contains('=') {
                return false;
            }
            if named_test(t) {
                return true;
            }
        }
        let lower = t.to_ascii_lowercase();
        if comment && SAYS.iter().any(|s| lower.contains(s)) {
            return true;
        }
        end = line.start;
    }
    false
}

/// The first four characters of a secret, then a mark: enough to find it, not to use it.
pub fn redacted(secret: &str) -> String {
    let head: String = secret.chars().take(4).collect();
    format!("{head}…[redacted]")
}

#[cfg(test)]
mod tests;
