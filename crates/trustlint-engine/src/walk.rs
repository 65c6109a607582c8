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
    let mut files = w.files;
    files.sort();
    let mut notifications = w.notes;
    notifications.sort();
    Ok(Walked {
        files,
        notifications,
    })
}

impl Walker<'_> {
    /// Whether the walk would skip `rel` (a regular file): an exclude glob or an ignore file
    /// in one of its folders matches it or a folder above it.
    fn hidden(&mut self, rel: &str) -> bool {
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
/// file that does not exist is an error.
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
        // Every component, as the walk would meet it: a link anywhere stops here.
        let mut abs = root.to_path_buf();
        let parts: Vec<_> = Path::new(&rel).components().collect();
        let mut stop = None;
        for (i, part) in parts.iter().enumerate() {
            abs.push(part);
            let last = i + 1 == parts.len();
            match std::fs::symlink_metadata(&abs) {
                Ok(m) if m.file_type().is_symlink() => {
                    stop = Some(note(
                        NotificationLevel::Note,
                        "symlink-skipped",
                        format!(
                            "symbolic link not followed{}",
                            if last { "" } else { " (a folder on the path)" }
                        ),
                        rel.clone(),
                    ));
                    break;
                }
                Ok(m) if last && m.is_file() => {
                    // A named file that cannot be opened is an error, not a silent pass.
                    if let Err(e) = std::fs::File::open(&abs) {
                        return Err(format!("--files {rel}: cannot read: {e}"));
                    }
                    out.push(Entry {
                        rel: relative(root, &abs),
                        abs: abs.clone(),
                        size: m.len(),
                    })
                }
                Ok(m) if !last && m.is_dir() => {}
                Ok(_) => {
                    stop = Some(note(
                        NotificationLevel::Note,
                        "not-a-file",
                        "not a regular file; not read".into(),
                        rel.clone(),
                    ));
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(format!("--files {}: no such file in the repository", rel));
                }
                Err(e) => return Err(format!("--files {rel}: cannot read: {e}")),
            }
        }
        notes.extend(stop);
    }
    // A named file is left out exactly when the walk would leave it out: excluded by the
    // config or ignored by a .gitignore/.ignore on its way from the root.
    out.retain(|e: &Entry| !w.hidden(&e.rel));
    notes.append(&mut w.notes);
    out.sort();
    out.dedup();
    Ok(Walked {
        files: out,
        notifications: notes,
    })
}
