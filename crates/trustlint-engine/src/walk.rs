//! One gitignore-aware, parallel walk of the tree (ripgrep's `ignore` crate). Symlinks are never
//! followed, `.git/` is never entered, and anything that is not a regular file is noted, not read.

use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use trustlint_model::{Notification, NotificationLevel};

/// A regular file found by the walk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// Relative to the root, `/`-separated.
    pub rel: String,
    pub abs: PathBuf,
    pub size: u64,
}

pub struct Walked {
    pub files: Vec<Entry>,
    pub notifications: Vec<Notification>,
}

pub fn walk(root: &Path, exclude: &[String], threads: usize) -> Result<Walked, String> {
    let mut overrides = OverrideBuilder::new(root);
    for glob in exclude {
        overrides
            .add(&format!("!{glob}"))
            .map_err(|e| format!("invalid exclude glob `{glob}`: {e}"))?;
    }
    let overrides = overrides.build().map_err(|e| e.to_string())?;
    let files = Mutex::new(Vec::new());
    let notes = Mutex::new(Vec::new());
    WalkBuilder::new(root)
        .hidden(false)
        .parents(false)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .follow_links(false)
        .overrides(overrides)
        .threads(threads)
        .filter_entry(|e| e.file_name() != ".git")
        .build_parallel()
        .run(|| {
            let files = &files;
            let notes = &notes;
            Box::new(move |result| {
                match result {
                    Ok(entry) => {
                        let Some(kind) = entry.file_type() else {
                            return ignore::WalkState::Continue;
                        };
                        let rel = relative(root, entry.path());
                        if kind.is_file() {
                            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                            let abs = entry.path().to_path_buf();
                            files
                                .lock()
                                .expect("walk lock")
                                .push(Entry { rel, abs, size });
                        } else if kind.is_symlink() {
                            note(
                                notes,
                                NotificationLevel::Note,
                                "symlink-skipped",
                                "symbolic link not followed",
                                rel,
                            );
                        } else if !kind.is_dir() {
                            note(
                                notes,
                                NotificationLevel::Note,
                                "not-a-file",
                                "not a regular file (FIFO, socket or device); not read",
                                rel,
                            );
                        }
                    }
                    Err(err) => {
                        let rel = error_path(&err).map(|p| relative(root, &p));
                        notes.lock().expect("walk lock").push(Notification {
                            level: NotificationLevel::Warning,
                            code: "unreadable".into(),
                            message: format!("could not read: {}", io_message(&err)),
                            path: rel,
                            line: None,
                        });
                    }
                }
                ignore::WalkState::Continue
            })
        });
    let mut files = files.into_inner().expect("walk lock");
    files.sort();
    Ok(Walked {
        files,
        notifications: notes.into_inner().expect("walk lock"),
    })
}

fn note(
    notes: &Mutex<Vec<Notification>>,
    level: NotificationLevel,
    code: &str,
    message: &str,
    rel: String,
) {
    notes.lock().expect("walk lock").push(Notification {
        level,
        code: code.into(),
        message: message.into(),
        path: Some(rel),
        line: None,
    });
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

fn io_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => io_message(err),
        other => other.to_string(),
    }
}

/// `/`-separated path relative to the root, whatever the platform.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The files a commit hook names, as the walk would have found them: relative to the root,
/// regular files only (a symlink is noted, not followed), nothing outside the root.
pub fn listed(root: &Path, files: &[String]) -> Walked {
    let mut out = Vec::new();
    let mut notes = Mutex::new(Vec::new());
    for given in files {
        let rel = given.trim_start_matches("./").replace('\\', "/");
        let escapes = Path::new(&rel)
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)));
        if escapes {
            note(
                &notes,
                NotificationLevel::Warning,
                "outside-root",
                "not a path inside the repository; not read",
                rel,
            );
            continue;
        }
        let abs = root.join(&rel);
        match std::fs::symlink_metadata(&abs) {
            Ok(m) if m.is_file() => out.push(Entry {
                rel,
                abs,
                size: m.len(),
            }),
            Ok(m) if m.file_type().is_symlink() => note(
                &notes,
                NotificationLevel::Note,
                "symlink-skipped",
                "symbolic link not followed",
                rel,
            ),
            Ok(_) => note(
                &notes,
                NotificationLevel::Note,
                "not-a-file",
                "not a regular file; not read",
                rel,
            ),
            Err(e) => note(
                &notes,
                NotificationLevel::Warning,
                "unreadable",
                &format!("could not read: {e}"),
                rel,
            ),
        }
    }
    out.sort();
    out.dedup();
    Walked {
        files: out,
        notifications: std::mem::take(notes.get_mut().expect("walk lock")),
    }
}
