//! What inspection produces, before the engine turns it into findings: [`Hit`]s (built with
//! [`Hit::at`]), the [`Output`] of one inspector run, and [`ParseError`], the one way every
//! parser says that a file did not parse.
//!
//! The bottom layer of the crate: it uses only `trustlint-model`, and every other module may
//! use it.

use std::ops::Range;
use trustlint_model::{
    CodeContext, Confidence, Notification, NotificationLevel, Related, Severity, Text,
};

/// A structured file that did not parse: where and why.
#[derive(Debug, Clone)]
pub struct ParseError {
    pub line: u32,
    pub message: String,
}

/// What an inspector found, before the engine turns it into a finding.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub end_line: Option<u32>,
    pub end_column: Option<u32>,
    /// Values for the `{name}` placeholders of the rule's message.
    pub args: Vec<(String, String)>,
    /// The matched text, normalised by the engine into the fingerprint.
    pub matched: String,
    /// Replaces the rule's message (e.g. "the file exists but lacks a contact").
    pub message: Option<Text>,
    /// For a hit from `check_file`, `Some` asks the engine to show the line at `line`: the
    /// engine cuts a bounded window of it around the column and redacts it (what is given here
    /// is not printed; use [`SHOW_LINE`]). For a repository-level hit, the line to show.
    pub source_line: Option<String>,
    /// Set by the engine: the column of the line where `source_line`'s first character stands
    /// (a leading `…` stands for the text cut before the window).
    pub source_column: u32,
    /// Checklist items this finding also bears on, beyond the rule's own (an expired
    /// attestation fails the item it attests).
    pub checklist: Vec<String>,
    /// Other places that explain the finding (a route's handler).
    pub related: Vec<Related>,
    /// How directly the evidence shows the bad state; None: the rule's default.
    pub confidence: Option<Confidence>,
    /// Lower than the rule's severity for this hit (a payment provider's test-mode key).
    pub severity: Option<Severity>,
    /// Byte ranges of the secrets this hit shows, in the file's text: never to be printed in
    /// full, by this rule or any other that shows the same lines.
    pub secrets: Vec<Range<usize>>,
    /// A credential in its provider's live format (shape, and checksum or structure where the
    /// format has one): to be reported in every code context, tests included. False for a
    /// credential recognised only by a keyword or by its assignment: production code only.
    pub credential_live_format: bool,
    /// Where the hit's code runs: set by the engine from the context model, never by an
    /// inspector.
    pub context: CodeContext,
}

/// `source_line` of a file-level hit that shows its line (see [`Hit::source_line`]).
pub const SHOW_LINE: Option<String> = Some(String::new());

impl Hit {
    /// Starts a hit at a 1-based line and column of `path`; [`HitBuilder::matched`] ends it.
    pub fn at(path: impl Into<String>, line: u32, column: u32) -> HitBuilder {
        HitBuilder(Hit {
            path: path.into(),
            line,
            column,
            ..Hit::default()
        })
    }
}

/// A [`Hit`] being put together. Only the place and the matched text (the fingerprint's
/// substance) are required; everything else says more when it is known.
#[must_use = "a hit is only made by `matched`"]
pub struct HitBuilder(Hit);

impl HitBuilder {
    /// Where the matched text ends.
    pub fn end(mut self, line: u32, column: u32) -> Self {
        self.0.end_line = Some(line);
        self.0.end_column = Some(column);
        self
    }

    /// A value for the rule message's `{name}` placeholder.
    pub fn arg(mut self, name: &str, value: impl Into<String>) -> Self {
        self.0.args.push((name.to_string(), value.into()));
        self
    }

    /// The same value in English and French, as the `{name}` (English) and `{nom}` (French)
    /// placeholders of messages that differ by language.
    pub fn args_en_fr(self, en: &str, fr: &str, value: Text) -> Self {
        self.arg(en, value.en).arg(fr, value.fr)
    }

    /// A message of the hit's own, replacing the rule's.
    pub fn message(mut self, message: Text) -> Self {
        self.0.message = Some(message);
        self
    }

    /// The text of the line, shown under the finding.
    pub fn source_line(mut self, line: impl Into<String>) -> Self {
        self.0.source_line = Some(line.into());
        self
    }

    /// [`HitBuilder::source_line`], when the line is known.
    pub fn source_line_opt(mut self, line: Option<String>) -> Self {
        self.0.source_line = line;
        self
    }

    /// A checklist item the finding also bears on.
    pub fn checklist(mut self, item: impl Into<String>) -> Self {
        self.0.checklist.push(item.into());
        self
    }

    /// Another place that explains the finding.
    pub fn related(mut self, related: Related) -> Self {
        self.0.related.push(related);
        self
    }

    /// How directly the evidence shows the bad state, when it differs from the rule's default.
    pub fn confidence(mut self, confidence: Confidence) -> Self {
        self.0.confidence = Some(confidence);
        self
    }

    /// A severity below the rule's for this hit (a lesser form of the bad state).
    pub fn severity(mut self, severity: Severity) -> Self {
        self.0.severity = Some(severity);
        self
    }

    /// The matched text the fingerprint is made from; this finishes the hit.
    pub fn matched(mut self, matched: impl Into<String>) -> Hit {
        self.0.matched = matched.into();
        self.0
    }
}

/// What one inspector run produced.
#[derive(Debug, Default)]
pub struct Output {
    pub hits: Vec<Hit>,
    pub notifications: Vec<Notification>,
    /// Files that satisfied the rule (shown as evidence in the checklist report).
    pub evidence: Vec<String>,
    /// The repository holds nothing this rule inspects (no Rust web service for the route
    /// rules): it does not count as having checked the item.
    pub nothing_to_inspect: bool,
    /// Set by a repository-level inspector's `check_file`: note this file for its later pass.
    pub interesting: bool,
    /// Values that must never be printed in full (credentials): the engine redacts them in
    /// every finding's message, arguments and source line, whichever rule made the finding.
    pub secrets: Vec<String>,
}

impl Output {
    pub fn parse_error(&mut self, path: &str, err: &ParseError) {
        self.notifications.push(Notification {
            level: NotificationLevel::Warning,
            code: "parse-error".into(),
            message: format!("could not parse: {}", err.message),
            path: Some(path.to_string()),
            line: Some(err.line),
        });
    }
}

/// The first four characters of a secret, then a mark: enough to find it, not to use it.
pub fn redacted(secret: &str) -> String {
    let head: String = secret.chars().take(4).collect();
    format!("{head}…[redacted]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_keeps_placeholders_in_order_and_ends_with_the_matched_text() {
        let h = Hit::at("a.rs", 3, 7)
            .arg("name", "x")
            .arg("type", "T")
            .source_line("let x = T;")
            .matched("x:T");
        assert_eq!((h.path.as_str(), h.line, h.column), ("a.rs", 3, 7));
        assert_eq!(
            h.args,
            vec![("name".into(), "x".into()), ("type".into(), "T".into())]
        );
        assert_eq!(h.matched, "x:T");
        assert_eq!(h.source_line.as_deref(), Some("let x = T;"));
        assert!(h.message.is_none() && h.end_line.is_none());
    }

    #[test]
    fn a_redacted_secret_shows_only_its_head() {
        assert_eq!(redacted("hunter2hunter2"), "hunt…[redacted]");
    }
}
