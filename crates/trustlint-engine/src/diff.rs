//! Diff-aware scans: which lines a change added or modified, from the repository's objects
//! (from the merge base of BASE and HEAD to HEAD) or from a unified diff given as a file.
//!
//! Reading the diff must not run anything from the repository under scan: the git program is
//! never started; `trustlint-git` reads the objects in-process, isolated from every git
//! configuration and variable that could name a program to run.

use crate::error::Error;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What a change touched.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Added or modified line ranges (inclusive, 1-based) per new path.
    added: BTreeMap<String, Vec<(u32, u32)>>,
    /// Every path the change touched: added, modified, deleted, renamed (both names).
    touched: BTreeSet<String>,
}

impl Changes {
    pub fn line_changed(&self, path: &str, line: u32) -> bool {
        self.added
            .get(path)
            .is_some_and(|ranges| ranges.iter().any(|(a, b)| (*a..=*b).contains(&line)))
    }

    pub fn touched(&self, path: &str) -> bool {
        self.touched.contains(path)
    }

    pub fn touched_paths(&self) -> impl Iterator<Item = &str> {
        self.touched.iter().map(String::as_str)
    }

    /// Parses a unified diff (`git diff`, `diff -u`); `a/` and `b/` prefixes are removed.
    pub fn parse(diff: &str) -> Changes {
        let mut c = Changes::default();
        let mut current: Option<String> = None;
        for line in diff.lines() {
            if let Some(rest) = line.strip_prefix("--- ") {
                if let Some(p) = header_path(rest, "a/") {
                    c.touched.insert(p);
                }
            } else if let Some(rest) = line.strip_prefix("+++ ") {
                current = header_path(rest, "b/");
                if let Some(p) = &current {
                    c.touched.insert(p.clone());
                }
            } else if let Some(rest) = line.strip_prefix("rename from ") {
                c.touched.insert(unquote(rest));
            } else if let Some(rest) = line.strip_prefix("rename to ") {
                c.touched.insert(unquote(rest));
            } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
                if let Some((start, count)) = new_range(hunk) {
                    if count > 0 {
                        c.added
                            .entry(path.clone())
                            .or_default()
                            .push((start, start.saturating_add(count - 1)));
                    }
                }
            }
        }
        c
    }

    /// The lines changed from the merge base of `base` and `HEAD` to `HEAD` (what `git diff
    /// BASE...HEAD` shows), read from the repository's objects without running git (see the
    /// `trustlint-git` crate): what the base branch gained since the branch was cut is not the
    /// change's doing.
    pub fn from_git(root: &Path, base: &str) -> Result<Changes, Error> {
        if base.starts_with('-') || base.is_empty() {
            return Err(Error::new(format!(
                "--diff-base `{base}` is not a git revision"
            )));
        }
        let fail = |e: trustlint_git::Error| Error::new(format!("--diff-base {base}: {e}"));
        let repo = trustlint_git::Repo::open(root).map_err(|e| Error::new(e.0))?;
        let head = repo.resolve("HEAD").map_err(fail)?;
        let from = repo.resolve(base).map_err(fail)?;
        let merge_base = repo.merge_base(&from, &head).map_err(fail)?;
        let mut c = Changes::default();
        for change in repo.changed_lines(&merge_base, &head).map_err(fail)? {
            let old = change
                .old_path
                .as_deref()
                .map(trustlint_model::path::from_bytes);
            let new = change
                .new_path
                .as_deref()
                .map(trustlint_model::path::from_bytes);
            c.touched.extend(old.iter().chain(&new).cloned());
            if let (Some(new), false) = (new, change.added.is_empty()) {
                c.added.entry(new).or_default().extend(change.added);
            }
        }
        Ok(c)
    }

    /// The tree at the merge base of `base` and `HEAD` (the scanned folder of it), written from
    /// git objects into `dest`, a new folder outside the repository: what the base's own
    /// findings are computed from. Returns how many files were written.
    pub fn export_base(
        root: &Path,
        base: &str,
        dest: &Path,
        max_file: u64,
        max_total: u64,
    ) -> Result<usize, Error> {
        let fail = |e: trustlint_git::Error| Error::new(format!("--diff-base {base}: {e}"));
        let repo = trustlint_git::Repo::open(root).map_err(|e| Error::new(e.0))?;
        let head = repo.resolve("HEAD").map_err(fail)?;
        let from = repo.resolve(base).map_err(fail)?;
        let merge_base = repo.merge_base(&from, &head).map_err(fail)?;
        repo.export_tree(&merge_base, dest, max_file, max_total)
            .map_err(fail)
    }

    /// A file as it was at the merge base of `base` and `HEAD`, from git objects (never a
    /// checkout): `None` when the base had no such file.
    pub fn base_text(root: &Path, base: &str, rel: &str) -> Result<Option<String>, Error> {
        if base.starts_with('-') || base.is_empty() {
            return Err(Error::new(format!("`{base}` is not a git revision")));
        }
        let fail = |e: trustlint_git::Error| Error::new(format!("revision {base}: {e}"));
        let repo = trustlint_git::Repo::open(root).map_err(|e| Error::new(e.0))?;
        let head = repo.resolve("HEAD").map_err(fail)?;
        let from = repo.resolve(base).map_err(fail)?;
        let merge_base = repo.merge_base(&from, &head).map_err(fail)?;
        match repo
            .read_blob(&merge_base, rel.as_bytes(), crate::read::MAX_INPUT)
            .map_err(fail)?
        {
            trustlint_git::Blob::Found(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| Error::at(rel, None, "the base revision's copy is not UTF-8")),
            trustlint_git::Blob::TooLarge(n) => Err(Error::at(
                rel,
                None,
                format!("the base revision's copy is {n} bytes, larger than any config"),
            )),
            trustlint_git::Blob::NotFound => Ok(None),
        }
    }

    pub fn from_file(path: &Path) -> Result<Changes, Error> {
        let text = crate::read::read_input(path, 256 << 20, "diff")?;
        Ok(Changes::parse(&text))
    }
}

/// The path of a `---`/`+++` header, or None for `/dev/null`.
fn header_path(rest: &str, prefix: &str) -> Option<String> {
    // `diff -u` appends a tab and a timestamp.
    let raw = rest.split('\t').next().unwrap_or(rest).trim_end();
    if raw == "/dev/null" {
        return None;
    }
    let p = unquote(raw);
    Some(p.strip_prefix(prefix).map(str::to_string).unwrap_or(p))
}

/// Git quotes paths holding `"`, `\` or control characters, C-style.
fn unquote(s: &str) -> String {
    let Some(inner) = s.strip_prefix('"').and_then(|x| x.strip_suffix('"')) else {
        return s.to_string();
    };
    let mut bytes = Vec::new();
    let mut it = inner.bytes().peekable();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match it.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(d @ b'0'..=b'7') => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&n @ b'0'..=b'7') = it.peek() {
                        v = v * 8 + u32::from(n - b'0');
                        it.next();
                    }
                }
                bytes.push(v as u8);
            }
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `-a,b +c,d @@` → (c, d); a missing count means 1.
fn new_range(hunk: &str) -> Option<(u32, u32)> {
    let plus = hunk.split_whitespace().find(|w| w.starts_with('+'))?;
    let mut parts = plus[1..].splitn(2, ',');
    let start = parts.next()?.parse().ok()?;
    let count = parts.next().map_or(Some(1), |c| c.parse().ok())?;
    Some((start, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_deletions_renames_and_quoted_paths() {
        let diff = "diff --git a/src/a.py b/src/a.py\n--- a/src/a.py\n+++ b/src/a.py\n@@ -3,0 +4,2 @@\n+x\n+y\n@@ -10 +12 @@\n-old\n+new\n@@ -20,3 +22,0 @@\n-gone\n\
diff --git a/old.txt b/old.txt\n--- a/old.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n\
--- \"a/caf\\303\\251 x.py\"\n+++ \"b/caf\\303\\251 x.py\"\n@@ -0,0 +1 @@\n+z\n";
        let c = Changes::parse(diff);
        assert!(c.line_changed("src/a.py", 4) && c.line_changed("src/a.py", 5));
        assert!(!c.line_changed("src/a.py", 6) && c.line_changed("src/a.py", 12));
        assert!(!c.line_changed("src/a.py", 22));
        assert!(c.touched("old.txt") && !c.line_changed("old.txt", 1));
        assert!(c.line_changed("café x.py", 1));
    }

    #[test]
    fn plain_diff_u_headers_with_timestamps() {
        let c = Changes::parse(
            "--- a.py\t2026-01-01 10:00:00\n+++ a.py\t2026-01-02 10:00:00\n@@ -1,2 +1,3 @@\n",
        );
        assert!(c.line_changed("a.py", 3));
    }

    #[test]
    fn hunk_numbers_that_overflow_saturate() {
        let c =
            Changes::parse("+++ b/a.py\n@@ -1 +4294967295,4294967295 @@\n@@ -1 +99999999999 @@\n");
        assert!(c.line_changed("a.py", u32::MAX));
    }

    #[test]
    fn a_base_that_looks_like_an_option_is_refused() {
        let err = Changes::from_git(Path::new("."), "--output=/tmp/x").unwrap_err();
        assert!(err.message.contains("is not a git revision"));
    }
}
