//! One walk of the tree, gitignore-aware. Symlinks are never followed, `.git/` is never
//! entered, and anything that is not a regular file is noted, not read.
//!
//! The walk reads `.gitignore` and `.ignore` files itself, under the same rules as every other
//! file it reads: a regular file (a FIFO named `.gitignore` is never opened), at most
//! [`MAX_IGNORE_FILE`] bytes and [`MAX_IGNORE_PATTERNS`] patterns, and at most
//! [`MAX_IGNORE_TOTAL`] bytes of them in all. An ignore file past a limit is not applied (so
//! its files are scanned, not hidden) and a notification says so. The patterns are matched
//! with ripgrep's `ignore` crate, with git's precedence (a deeper file overrides, `!` re-includes).
//!
//! In a git checkout the files are what git tracks plus the untracked files no ignore file
//! lists: `.gitignore` (and `.ignore`) decide only about untracked files, as in git, so a
//! `.env` forced in with `git add -f` is scanned. The tracked paths come from the index, read
//! in-process by `trustlint-git` (nothing from the repository runs). Every other rule of the
//! walk holds for them too: `[scan] exclude`, no links followed, regular files only, never
//! `.git/`. A tracked file deleted from the work tree is simply not there. Outside git, or when
//! the index cannot be read (a notification says so), the walk alone decides.
//!
//! Paths are kept lossless (see `trustlint_model::path`): two names that differ only in bytes
//! that are not UTF-8 stay two files.

use crate::read::{read_bytes, Refused};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::overrides::{Override, OverrideBuilder};
use ignore::Match;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use trustlint_model::{Notification, NotificationLevel};

/// The largest ignore file applied, its most patterns, and the most bytes of them in a walk.
pub const MAX_IGNORE_FILE: u64 = 256 * 1024;
pub const MAX_IGNORE_PATTERNS: usize = 5_000;
pub const MAX_IGNORE_TOTAL: u64 = 4 << 20;

/// A regular file found by the walk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// Relative to the root, `/`-separated, lossless.
    pub rel: String,
    pub abs: PathBuf,
    pub size: u64,
}

pub struct Walked {
    pub files: Vec<Entry>,
    pub notifications: Vec<Notification>,
}

fn note(level: NotificationLevel, code: &str, message: String, rel: String) -> Notification {
    Notification {
        level,
        code: code.into(),
        message,
        path: Some(rel),
        line: None,
    }
}

/// What decides, for one folder and below, whether a path is ignored: the ignore files of it
/// and of its parents, deepest first.
#[derive(Clone, Default)]
struct Ignores(Vec<Arc<Gitignore>>);

impl Ignores {
    fn ignored(&self, path: &Path, is_dir: bool) -> bool {
        for g in &self.0 {
            match g.matched(path, is_dir) {
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
                Match::None => {}
            }
        }
        false
    }
}

struct Walker<'a> {
    root: &'a Path,
    overrides: Override,
    ignore_bytes: u64,
    files: Vec<Entry>,
    notes: Vec<Notification>,
}

impl<'a> Walker<'a> {
    /// A walker of `root` that leaves out what the `[scan] exclude` globs name.
    fn new(root: &'a Path, exclude: &[String]) -> Result<Self, String> {
        let mut overrides = OverrideBuilder::new(root);
        for glob in exclude {
            overrides
                .add(&format!("!{glob}"))
                .map_err(|e| format!("invalid exclude glob `{glob}`: {e}"))?;
        }
        Ok(Walker {
            root,
            overrides: overrides.build().map_err(|e| e.to_string())?,
            ignore_bytes: 0,
            files: Vec::new(),
            notes: Vec::new(),
        })
    }
}

pub fn walk(root: &Path, exclude: &[String]) -> Result<Walked, String> {
    let mut w = Walker::new(root, exclude)?;
    let mut stack = vec![(root.to_path_buf(), Ignores::default())];
    while let Some((dir, ignores)) = stack.pop() {
        w.folder(&dir, ignores, &mut stack);
    }
    w.files.sort();
    if let Some(tracked) = tracked(root, &mut w.notes) {
        w.add_tracked(&tracked);
    }
    let mut files = w.files;
    files.sort();
    files.dedup();
    let mut notifications = w.notes;
    notifications.sort();
    // A link or special file the walk met may be met again as a tracked path.
    notifications.dedup();
    Ok(Walked {
        files,
        notifications,
    })
}

/// A path the git index tracks under the root.
struct Tracked {
    /// As [`Entry::rel`]: relative to the root, `/`-separated, lossless.
    rel: String,
    /// The same path for the file system.
    path: PathBuf,
}

/// What git tracks under `root`, sorted by `rel`: None when `root` is not in a git work tree,
/// or when its index cannot be read (then with a notification, and the walk alone decides).
fn tracked(root: &Path, notes: &mut Vec<Notification>) -> Option<Vec<Tracked>> {
    let repo = trustlint_git::Repo::open(root).ok()?;
    if !repo.in_work_tree() {
        return None;
    }
    let paths = match repo.tracked_paths() {
        Ok(p) => p,
        Err(e) => {
            notes.push(Notification {
                level: NotificationLevel::Warning,
                code: "git-index-unreadable".into(),
                message: format!(
                    "{e}; the files are those of the walk alone, so tracked files that .gitignore lists are not scanned"
                ),
                path: None,
                line: None,
            });
            return None;
        }
    };
    let mut out: Vec<Tracked> = paths
        .into_iter()
        .filter_map(|bytes| {
            // Only plain names: never `..`, `.`, an absolute path or a `.git` folder, whatever
            // the index says.
            let plain = !bytes.is_empty()
                && bytes.split(|b| *b == b'/').all(|c| {
                    !c.is_empty() && c != b"." && c != b".." && !c.eq_ignore_ascii_case(b".git")
                });
            if !plain {
                return None;
            }
            let path = path_of(&bytes)?;
            Some(Tracked {
                rel: relative(Path::new(""), &path),
                path,
            })
        })
        .collect();
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Some(out)
}

/// The file-system form of a path git stores as bytes.
fn path_of(bytes: &[u8]) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
    }
    #[cfg(not(unix))]
    {
        // git writes UTF-8 names on these platforms.
        std::str::from_utf8(bytes).ok().map(PathBuf::from)
    }
}

/// What one path relative to the root is, met component by component as the walk meets it:
/// a link anywhere on the way stops there.
enum Found {
    File(Entry),
    /// A symbolic link: where it is, and whether it is the path itself (not a folder on it).
    Link(PathBuf, bool),
    /// Not a regular file (a FIFO, a socket, a device).
    Special,
    /// A folder (a submodule's, or a folder of a sparse index).
    Folder,
    Missing,
    Error(std::io::Error),
}

fn find(root: &Path, rel: &Path) -> Found {
    let mut abs = root.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for (i, part) in parts.iter().enumerate() {
        abs.push(part);
        let last = i + 1 == parts.len();
        match std::fs::symlink_metadata(&abs) {
            Ok(m) if m.file_type().is_symlink() => return Found::Link(abs, last),
            Ok(m) if m.is_dir() => {
                if last {
                    return Found::Folder;
                }
            }
            Ok(m) if last && m.is_file() => {
                return Found::File(Entry {
                    rel: relative(root, &abs),
                    abs,
                    size: m.len(),
                })
            }
            Ok(_) => return Found::Special,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Found::Missing,
            // A file where a folder should be.
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return Found::Missing,
            Err(e) => return Found::Error(e),
        }
    }
    Found::Missing
}

impl Walker<'_> {
    /// Adds the tracked files the walk left out because an ignore file lists them (or one of
    /// their folders). Everything else the walk refuses stays refused: excluded paths, links,
    /// what is not a regular file. Only paths the walk did not find are looked up, so the cost
    /// is one `lstat` per component of those. `self.files` must be sorted.
    fn add_tracked(&mut self, tracked: &[Tracked]) {
        let mut added = Vec::new();
        for t in tracked {
            let walked = self
                .files
                .binary_search_by(|e| e.rel.as_str().cmp(&t.rel))
                .is_ok();
            if walked || self.excluded(&t.path) {
                continue;
            }
            match find(self.root, &t.path) {
                Found::File(e) => added.push(e),
                Found::Link(at, _) => self.notes.push(note(
                    NotificationLevel::Note,
                    "symlink-skipped",
                    "symbolic link not followed".into(),
                    relative(self.root, &at),
                )),
                Found::Special => self.notes.push(note(
                    NotificationLevel::Note,
                    "not-a-file",
                    "not a regular file (FIFO, socket or device); not read".into(),
                    t.rel.clone(),
                )),
                Found::Error(e) => self.notes.push(note(
                    NotificationLevel::Warning,
                    "unreadable",
                    format!("could not read: {e}"),
                    t.rel.clone(),
                )),
                // Deleted from the work tree, or a submodule (the walk enters it if it can).
                Found::Missing | Found::Folder => {}
            }
        }
        self.files.append(&mut added);
    }

    /// Whether an exclude glob names `rel` or a folder above it.
    fn excluded(&self, rel: &Path) -> bool {
        let mut path = self.root.to_path_buf();
        let parts: Vec<_> = rel.components().collect();
        for (i, part) in parts.iter().enumerate() {
            path.push(part);
            if self
                .overrides
                .matched(&path, i + 1 < parts.len())
                .is_ignore()
            {
                return true;
            }
        }
        false
    }

    /// Whether the walk would skip `rel` (a regular file): an exclude glob or (unless git
    /// tracks it) an ignore file in one of its folders matches it or a folder above it.
    fn hidden(&mut self, rel: &str, tracked: bool) -> bool {
        if tracked {
            return self.excluded(Path::new(rel));
        }
        let mut ignores = Ignores::default();
        let mut path = self.root.to_path_buf();
        let parts: Vec<&str> = rel.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            for name in [".gitignore", ".ignore"] {
                let file = path.join(name);
                if std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file()) {
                    let dir = path.clone();
                    if let Some(g) = self.ignore_file(&dir, &file) {
                        ignores.0.insert(0, Arc::new(g));
                    }
                }
            }
            path.push(part);
            let is_dir = i + 1 < parts.len();
            if self.overrides.matched(&path, is_dir).is_ignore() || ignores.ignored(&path, is_dir) {
                return true;
            }
        }
        false
    }

    fn folder(&mut self, dir: &Path, parent: Ignores, stack: &mut Vec<(PathBuf, Ignores)>) {
        let rel_dir = relative(self.root, dir);
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.notes.push(note(
                    NotificationLevel::Warning,
                    "unreadable",
                    format!("could not read: {e}"),
                    rel_dir,
                ));
                return;
            }
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        let mut ignores = parent;
        // `.ignore` over `.gitignore`, as ripgrep reads them.
        for name in [".gitignore", ".ignore"] {
            if let Some(e) = entries.iter().find(|e| e.file_name() == name) {
                if let Some(g) = self.ignore_file(dir, &e.path()) {
                    ignores.0.insert(0, Arc::new(g));
                }
            }
        }
        for entry in entries {
            if entry.file_name() == ".git" {
                continue;
            }
            let path = entry.path();
            let rel = relative(self.root, &path);
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let is_dir = kind.is_dir();
            if self.overrides.matched(&path, is_dir).is_ignore() || ignores.ignored(&path, is_dir) {
                continue;
            }
            if is_dir {
                stack.push((path, ignores.clone()));
            } else if kind.is_file() {
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                self.files.push(Entry {
                    rel,
                    abs: path,
                    size,
                });
            } else if kind.is_symlink() {
                self.notes.push(note(
                    NotificationLevel::Note,
                    "symlink-skipped",
                    "symbolic link not followed".into(),
                    rel,
                ));
            } else {
                self.notes.push(note(
                    NotificationLevel::Note,
                    "not-a-file",
                    "not a regular file (FIFO, socket or device); not read".into(),
                    rel,
                ));
            }
        }
    }

    /// An ignore file's patterns, read under the walk's limits; None (and a notification)
    /// when it is not applied.
    fn ignore_file(&mut self, dir: &Path, path: &Path) -> Option<Gitignore> {
        let rel = relative(self.root, path);
        let refuse = |notes: &mut Vec<Notification>, why: String| {
            notes.push(note(
                NotificationLevel::Warning,
                "ignore-file-skipped",
                format!("ignore file not applied ({why}); the files it lists are scanned"),
                rel.clone(),
            ));
            None
        };
        let left = MAX_IGNORE_TOTAL.saturating_sub(self.ignore_bytes);
        let bytes = match read_bytes(path, MAX_IGNORE_FILE.min(left)) {
            Ok(b) => b,
            Err(Refused::NotRegular) => {
                return refuse(&mut self.notes, "not a regular file".into())
            }
            Err(Refused::TooLarge(n)) => {
                return refuse(
                    &mut self.notes,
                    format!(
                        "{n} bytes, over the {MAX_IGNORE_FILE}-byte limit or the walk's {MAX_IGNORE_TOTAL}-byte budget for ignore files"
                    ),
                )
            }
            Err(Refused::Io(e)) => return refuse(&mut self.notes, e),
        };
        self.ignore_bytes += bytes.len() as u64;
        let text = String::from_utf8_lossy(&bytes);
        let patterns = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        if patterns > MAX_IGNORE_PATTERNS {
            return refuse(
                &mut self.notes,
                format!("{patterns} patterns, over the limit of {MAX_IGNORE_PATTERNS}"),
            );
        }
        let mut b = GitignoreBuilder::new(dir);
        for line in text.lines() {
            // A bad pattern is skipped, as git skips it.
            let _ = b.add_line(Some(path.to_path_buf()), line);
        }
        match b.build() {
            Ok(g) => Some(g),
            Err(e) => refuse(&mut self.notes, e.to_string()),
        }
    }
}

/// `/`-separated, lossless path relative to the root, whatever the platform.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| trustlint_model::path::from_os(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

/// The files a commit hook names, as the walk would have found them: relative to the root,
/// regular files only, nothing outside the root and nothing through a symbolic link in any
/// component of the path (`link/x.py` where `link` points elsewhere is not read). A named
/// file that does not exist is an error. An excluded file is left out; an ignored one too,
/// unless git tracks it.
pub fn listed(root: &Path, files: &[String], exclude: &[String]) -> Result<Walked, String> {
    let mut w = Walker::new(root, exclude)?;
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for given in files {
        let rel = given.trim_start_matches("./").replace('\\', "/");
        let escapes = Path::new(&rel)
            .components()
            .any(|c| !matches!(c, Component::Normal(_)));
        if escapes || rel.is_empty() {
            notes.push(note(
                NotificationLevel::Warning,
                "outside-root",
                "not a path inside the repository; not read".into(),
                rel,
            ));
            continue;
        }
        match find(root, Path::new(&rel)) {
            Found::File(e) => {
                // A named file that cannot be opened is an error, not a silent pass.
                if let Err(err) = std::fs::File::open(&e.abs) {
                    return Err(format!("--files {rel}: cannot read: {err}"));
                }
                out.push(e);
            }
            Found::Link(_, last) => notes.push(note(
                NotificationLevel::Note,
                "symlink-skipped",
                format!(
                    "symbolic link not followed{}",
                    if last { "" } else { " (a folder on the path)" }
                ),
                rel,
            )),
            Found::Special | Found::Folder => notes.push(note(
                NotificationLevel::Note,
                "not-a-file",
                "not a regular file; not read".into(),
                rel,
            )),
            Found::Missing => {
                return Err(format!("--files {rel}: no such file in the repository"));
            }
            Found::Error(e) => return Err(format!("--files {rel}: cannot read: {e}")),
        }
    }
    // A named file is left out exactly when the walk would leave it out: excluded by the
    // config, or ignored by a .gitignore/.ignore on its way from the root and not tracked.
    let tracked = tracked(root, &mut notes).unwrap_or_default();
    out.retain(|e: &Entry| {
        let is_tracked = tracked
            .binary_search_by(|t| t.rel.as_str().cmp(&e.rel))
            .is_ok();
        !w.hidden(&e.rel, is_tracked)
    });
    notes.append(&mut w.notes);
    out.sort();
    out.dedup();
    Ok(Walked {
        files: out,
        notifications: notes,
    })
}

#[cfg(test)]
mod tests;
