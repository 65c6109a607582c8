//! The context an inspector runs in, and what it caches so that every rule shares one
//! parse: [`FileCtx`] for one file (line index, comment map, code blocks, one parse per
//! structured [`Format`], the Rust syntax tree) and [`RepoCtx`] for the repository as a whole,
//! with [`Shared`], the models built once per scan (the Rust service model).
//!
//! May use: [`crate::out`], [`crate::formats`] and [`crate::lang`]. Never checks or
//! inspectors: caches are keyed by parser, not by who asks.

use crate::formats::keypath::{Format, Leaf};
use crate::formats::syntax::{self, Syntax};
use crate::formats::workflow::{self, Workflow};
use crate::lang::rust::service::{Service, Sources};
use crate::lang::rust::{self, Parsed};
use crate::out::{Hit, HitBuilder, ParseError, SHOW_LINE};
use jiff::civil::Date;
use std::cell::{Cell, OnceCell};
use std::ops::Range;
use std::sync::OnceLock;
use trustlint_model::{Attestation, Place, Profile, RouteOut, RoutePolicy, Text};

/// One text file, as an inspector sees it. Derived views (line index, comment map, parsed
/// config) are computed on first use and shared by every rule that runs on the file.
pub struct FileCtx<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub syntax: Syntax,
    line_starts: OnceCell<Vec<usize>>,
    comments: OnceCell<Vec<Range<usize>>>,
    code_blocks: OnceCell<Vec<Range<usize>>>,
    /// One parse per format, in [`Format::ALL`] order.
    leaves: [OnceCell<Result<Vec<Leaf>, ParseError>>; 3],
    rust: OnceCell<Result<Parsed, ParseError>>,
    tests: OnceCell<Vec<(u32, u32)>>,
    /// The last (offset, column) computed, so that columns of successive matches on one long
    /// line cost the distance between them, not the length of the line each time.
    last_col: Cell<(usize, u32)>,
    workflows: OnceCell<Result<Vec<Workflow>, ParseError>>,
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
            leaves: Default::default(),
            rust: OnceCell::new(),
            tests: OnceCell::new(),
            last_col: Cell::new((0, 1)),
            workflows: OnceCell::new(),
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

    /// A hit at a 1-based line and column of this file, showing that line.
    pub fn hit(&self, line: u32, column: u32) -> HitBuilder {
        // The engine cuts a bounded window of the line; no copy of it is kept here.
        Hit::at(self.path, line, column).source_line_opt(SHOW_LINE)
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
    pub(crate) fn rust(&self) -> &Result<Parsed, ParseError> {
        self.rust.get_or_init(|| rust::parse(self.text))
    }

    /// For a Rust file: the line ranges of its test code (`#[cfg(test)]` items, `#[test]`
    /// functions); empty for other files and for Rust that does not parse.
    pub fn rust_test_lines(&self) -> &[(u32, u32)] {
        self.tests.get_or_init(|| {
            if self.syntax != Syntax::Rust || !self.text.contains("test") {
                return Default::default();
            }
            match self.rust() {
                Ok(parsed) => rust::tests_of::test_regions(&parsed.file),
                Err(_) => Default::default(),
            }
        })
    }

    /// The file read as GitHub workflows or actions, once, for every workflow rule.
    pub(crate) fn workflows(&self) -> &Result<Vec<Workflow>, ParseError> {
        self.workflows
            .get_or_init(|| workflow::read(self.path, self.text))
    }

    /// The file's scalar values with their key paths, parsed once per format: a TOML rule and
    /// a YAML rule on the same file each get their own reading of it.
    pub fn leaves(&self, format: Format) -> &Result<Vec<Leaf>, ParseError> {
        let slot = Format::ALL
            .iter()
            .position(|f| *f == format)
            .expect("every format is in Format::ALL");
        self.leaves[slot].get_or_init(|| format.leaves(self.text))
    }
}

fn within(ranges: &[Range<usize>], offset: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= offset);
    ranges.get(i).is_some_and(|r| r.start <= offset)
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

impl RepoCtx<'_> {
    /// The Rust service model, built by the first rule that asks, from the files that rule
    /// noted as interesting (every rule that asks notes the same ones).
    pub(crate) fn rust_service(&self) -> &Service {
        self.shared.rust_service.get_or_init(|| {
            Service::build(
                Sources {
                    files: self.files,
                    read: self.read,
                    interesting: self.interesting,
                },
                self.routes,
            )
        })
    }
}

/// Per-scan results that several repository-level rules read (the Rust route model).
#[derive(Default)]
pub struct Shared {
    rust_service: OnceLock<Service>,
}

impl Shared {
    /// The Rust routes the scan modelled, when a route or service rule ran.
    pub fn routes(&self) -> &[RouteOut] {
        self.rust_service.get().map_or(&[], |s| &s.routes)
    }

    /// Routers and services the route model could not follow.
    pub fn unfollowed(&self) -> &[(Place, Text)] {
        self.rust_service.get().map_or(&[], |s| &s.unresolved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_formats_on_one_file_get_their_own_leaves() {
        let file = FileCtx::new(
            "settings.conf",
            "verify = false
",
        );
        let toml = file.leaves(Format::Toml).as_ref().unwrap();
        assert_eq!(toml[0].keys, vec!["verify"]);
        assert_eq!(toml[0].value, crate::formats::keypath::Scalar::Bool(false));
        // As YAML the same text is one plain scalar at the root, not the TOML reading.
        let yaml = file.leaves(Format::Yaml).as_ref().unwrap();
        assert!(yaml[0].keys.is_empty());
        assert_eq!(
            yaml[0].value,
            crate::formats::keypath::Scalar::Str("verify = false".into())
        );
        assert!(file.leaves(Format::Json).is_err());
        // Each reading is kept: asking again does not parse again.
        assert!(std::ptr::eq(
            file.leaves(Format::Toml),
            file.leaves(Format::Toml)
        ));
    }

    #[test]
    fn line_and_column_count_characters() {
        let file = FileCtx::new(
            "a.txt", "é
ab
",
        );
        assert_eq!(file.line_col(file.text.find('b').unwrap()), (2, 2));
        assert_eq!(file.line_text(1), "é");
        assert_eq!(file.line_text(3), "");
    }
}
