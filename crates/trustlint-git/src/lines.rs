//! Which lines of a file a change added, counted as trustlint counts lines: a line ends at LF,
//! CRLF or a lone CR (an old Mac file), so that a finding's line number and the diff agree.

use imara_diff::{Algorithm, Diff, InternedInput, TokenSource};

/// A file's lines, each with its line ending (so that a changed ending is a changed line).
struct Lines<'a>(&'a [u8]);

impl<'a> TokenSource for Lines<'a> {
    type Token = &'a [u8];
    type Tokenizer = LineIter<'a>;

    fn tokenize(&self) -> LineIter<'a> {
        LineIter(self.0)
    }

    fn estimate_tokens(&self) -> u32 {
        u32::try_from(memchr_count(self.0)).unwrap_or(u32::MAX)
    }
}

fn memchr_count(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count() + 1
}

struct LineIter<'a>(&'a [u8]);

impl<'a> Iterator for LineIter<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.0.is_empty() {
            return None;
        }
        let end = match self.0.iter().position(|&c| c == b'\n' || c == b'\r') {
            Some(i) if self.0[i] == b'\r' && self.0.get(i + 1) == Some(&b'\n') => i + 2,
            Some(i) => i + 1,
            None => self.0.len(),
        };
        let (line, rest) = self.0.split_at(end);
        self.0 = rest;
        Some(line)
    }
}

/// Added or modified line ranges of `after` against `before`, 1-based and inclusive. A binary
/// file (a NUL byte in its first 8 KiB, as git decides) has no lines.
pub(crate) fn added(before: &[u8], after: &[u8]) -> Vec<(u32, u32)> {
    let binary = |b: &[u8]| b[..b.len().min(8000)].contains(&0);
    if binary(before) || binary(after) {
        return Vec::new();
    }
    let input = InternedInput::new(Lines(before), Lines(after));
    let mut diff = Diff::compute(Algorithm::Histogram, &input);
    diff.postprocess_lines(&input);
    diff.hunks()
        .filter(|h| !h.after.is_empty())
        .map(|h| (h.after.start + 1, h.after.end))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertions_modifications_and_deletions() {
        let before = b"a\nb\nc\nd\n";
        let after = b"a\nB\nc\nx\ny\nd\n";
        assert_eq!(added(before, after), vec![(2, 2), (4, 5)]);
        assert_eq!(added(b"a\nb\n", b"a\n"), Vec::<(u32, u32)>::new());
        assert_eq!(added(b"", b"one\ntwo"), vec![(1, 2)]);
    }

    #[test]
    fn lone_cr_ends_a_line_as_the_scan_counts_it() {
        assert_eq!(added(b"a\rb\rc\r", b"a\rB\rc\r"), vec![(2, 2)]);
        assert_eq!(added(b"a\r\nb\r\n", b"a\r\nb\r\nc\r\n"), vec![(3, 3)]);
    }

    #[test]
    fn binary_files_have_no_lines() {
        assert!(added(b"a\n", b"a\0b\n").is_empty());
    }
}
