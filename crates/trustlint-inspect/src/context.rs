use crate::keypath::Leaf;
use crate::syntax::{self, Syntax};
use jiff::civil::Date;
use std::cell::{Cell, OnceCell};
use std::ops::Range;
use trustlint_model::{
    Attestation, Notification, NotificationLevel, Profile, Related, RoutePolicy, Text,
};

/// One text file, as an inspector sees it. Derived views (line index, comment map, parsed
/// config) are computed on first use and shared by every rule that runs on the file.
pub struct FileCtx<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub syntax: Syntax,
    line_starts: OnceCell<Vec<usize>>,
    comments: OnceCell<Vec<Range<usize>>>,
    code_blocks: OnceCell<Vec<Range<usize>>>,
    parsed: OnceCell<Result<Vec<Leaf>, ParseError>>,
    rust: OnceCell<Result<crate::rust::Parsed, ParseError>>,
    /// The last (offset, column) computed, so that columns of successive matches on one long
    /// line cost the distance between them, not the length of the line each time.
    last_col: Cell<(usize, u32)>,
}

/// A structured file that did not parse: where and why.
#[derive(Debug, Clone)]
pub struct ParseError {
    pub line: u32,
    pub message: String,
}

impl<'a> FileCtx<'a> {
    pub fn new(path: &'a str, text: &'a str) -> Self {
        FileCtx {
            path,
            text,
            syntax: Syntax::from_path(path),
            line_starts: OnceCell::new(),
            comments: OnceCell::new(),
            code_blocks: OnceCell::new(),
            parsed: OnceCell::new(),
            rust: OnceCell::new(),
            last_col: Cell::new((0, 1)),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let start = starts[line - 1];
        let mut end = offset.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let (from, col) = match self.last_col.get() {
            (at, col) if at >= start && at <= end => (at, col as usize),
            _ => (start, 1),
        };
        let column = self.text[from..end].chars().count() + col;
        self.last_col.set((end, column as u32));
        (line as u32, column as u32)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: u32) -> &'a str {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line as usize - 1) else {
            return "";
        };
        let end = starts
            .get(line as usize)
            .map_or(self.text.len(), |&e| e - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// Byte range of the line holding `offset`.
    pub fn line_range(&self, offset: usize) -> Range<usize> {
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let start = starts[line - 1];
        let end = starts.get(line).map_or(self.text.len(), |&e| e - 1);
        start..end
    }

    /// Whether `offset` falls inside a comment of the file's language.
    pub fn in_comment(&self, offset: usize) -> bool {
        let ranges = self
            .comments
            .get_or_init(|| syntax::comment_ranges(self.text, self.syntax));
        within(ranges, offset)
    }

    /// Where the comment holding `offset` starts, if `offset` is in a comment.
    pub fn comment_start(&self, offset: usize) -> Option<usize> {
        let ranges = self
            .comments
            .get_or_init(|| syntax::comment_ranges(self.text, self.syntax));
        let i = ranges.partition_point(|r| r.end <= offset);
        ranges.get(i).filter(|r| r.start <= offset).map(|r| r.start)
    }

    /// Whether `offset` falls inside a fenced code block (Markdown files only).
    pub fn in_code_block(&self, offset: usize) -> bool {
        let ranges = self
            .code_blocks
            .get_or_init(|| syntax::markdown_code_blocks(self.text));
        within(ranges, offset)
    }

    /// The file parsed as Rust, once, for every Rust rule that runs on it.
    pub(crate) fn rust(&self) -> &Result<crate::rust::Parsed, ParseError> {
        self.rust.get_or_init(|| crate::rust::parse(self.text))
    }

    /// The file's scalar values with their key paths, parsed once with `parse`.
    pub fn leaves(
        &self,
        parse: fn(&str) -> Result<Vec<Leaf>, ParseError>,
    ) -> &Result<Vec<Leaf>, ParseError> {
        self.parsed.get_or_init(|| parse(self.text))
    }
}

fn within(ranges: &[Range<usize>], offset: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= offset);
    ranges.get(i).is_some_and(|r| r.start <= offset)
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
}

/// `source_line` of a file-level hit that shows its line (see [`Hit::source_line`]).
pub const SHOW_LINE: Option<String> = Some(String::new());

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

/// A read-only view of the repository for repository-level inspectors.
#[derive(Clone, Copy)]
pub struct RepoCtx<'a> {
    /// Every file the walk saw, relative and `/`-separated, sorted.
    pub files: &'a [String],
    /// Reads a file of the index as text (lossily), under the engine's safety rules.
    pub read: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// A file that exists, to pin findings about something missing on (config or README).
    pub anchor: &'a str,
    /// The config file, relative to the root, when it lies inside the repository.
    pub config_path: Option<&'a str>,
    pub profile: &'a Profile,
    pub attestations: &'a [Attestation],
    pub today: Date,
    /// How old an evidence document's review date may be (`review-period-months`).
    pub review_months: u32,
    /// `[routes]`: public route patterns and authentication names.
    pub routes: &'a RoutePolicy,
    /// Analyses several rules share, computed once per scan.
    pub shared: &'a Shared,
    /// The files this rule's `check_file` marked interesting during the read of the tree, in
    /// path order (see [`crate::Inspector::interest_globs`]).
    pub interesting: &'a [String],
}

/// Per-scan results that several repository-level rules read (the Rust route model).
#[derive(Default)]
pub struct Shared {
    pub(crate) rust_service: std::sync::OnceLock<crate::rust::service::Service>,
}

impl Shared {
    /// The Rust routes the scan modelled, when a route or service rule ran.
    pub fn routes(&self) -> &[crate::rust::service::RouteOut] {
        self.rust_service.get().map_or(&[], |s| &s.routes)
    }

    /// Routers and services the route model could not follow.
    pub fn unfollowed(&self) -> &[(crate::rust::service::Place, Text)] {
        self.rust_service.get().map_or(&[], |s| &s.unresolved)
    }
}
