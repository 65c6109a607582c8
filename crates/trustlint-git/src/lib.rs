//! trustlint's read-only view of a git repository, read in-process with `gix`: nothing from the
//! repository (or from git's own configuration) ever runs.
//!
//! trustlint scans untrusted pull requests, and git has many ways to run a program on the
//! repository's behalf: hooks, diff and textconv drivers, clean/smudge filters, `core.fsmonitor`,
//! `core.sshCommand` or a credential helper when a partial clone fetches a missing object, a
//! pager, and any of these from an `include.path` or a `GIT_*` variable. This crate never starts
//! the git program, and is built so that it cannot reach any of them:
//!
//! - `gix` is compiled without network, transport, credential, attribute, filter or fsmonitor
//!   support: the code that would run a helper is not in the binary;
//! - the repository is opened with [`gix::open::Options::isolated`]: no system, global or user
//!   configuration, no `include`/`includeIf`, no `GIT_*` or other environment variables, and
//!   never the git binary to find its installation's configuration;
//! - blobs are compared with `imara-diff` on their stored bytes (never through a textconv or a
//!   filter), and a missing object (a partial clone) is an error that says so, never a fetch;
//! - every blob is size-checked from its header before it is read.
//!
//! Paths are returned as raw bytes (git stores them so); the caller decides how to show them.

mod lines;
#[cfg(test)]
mod tests;

use gix::bstr::{BStr, BString, ByteSlice};
use gix::ObjectId;
use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong, in words a CI log reader can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

fn err(context: &str, e: impl fmt::Display) -> Error {
    Error(format!("{context}: {e}"))
}

/// Blobs larger than this are not diffed line by line (the file counts as changed throughout).
pub const MAX_DIFF_BLOB: u64 = 16 << 20;

/// What one file of a change looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The path before the change (None: the file was added).
    pub old_path: Option<Vec<u8>>,
    /// The path after the change (None: the file was deleted).
    pub new_path: Option<Vec<u8>>,
    /// Added or modified line ranges of the new file, 1-based and inclusive.
    pub added: Vec<(u32, u32)>,
}

/// A blob read from a tree by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blob {
    Found(Vec<u8>),
    /// Larger than the limit it was read with; its size.
    TooLarge(u64),
    /// No such path in the tree (or it is a folder, a link or a submodule).
    NotFound,
}

/// A commit between the base and the head, with the blobs it added or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitBlobs {
    pub id: String,
    /// The first line of the commit message (lossily decoded).
    pub summary: String,
    /// (path, blob id) of each file the commit added or modified, against its first parent.
    pub added: Vec<(Vec<u8>, String)>,
}

/// Where a scan's files come from, for SARIF's `versionControlProvenance`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The default remote's fetch URL, credentials removed; `None` without a remote.
    pub repository_uri: Option<String>,
    /// The commit `HEAD` names.
    pub revision: String,
    /// The branch `HEAD` is on; `None` when detached.
    pub branch: Option<String>,
}

/// An open repository, read-only.
pub struct Repo {
    repo: gix::Repository,
    /// Where the scanned folder sits inside the work tree (`svc/` for `trustlint scan svc`).
    prefix: Vec<u8>,
    /// Whether the scanned folder is the work tree or inside it.
    inside: bool,
}

impl Repo {
    /// Opens the repository holding `dir` (the work tree or a folder inside it), isolated from
    /// every configuration and variable outside the repository (see the module docs).
    pub fn open(dir: &Path) -> Result<Repo, Error> {
        let options = gix::open::Options::isolated();
        let repo = gix::discover_opts(dir, Default::default(), options).map_err(|_| {
            Error(format!(
                "{} is not a git repository; --diff-base needs one (or give a unified diff with --diff-file)",
                dir.display()
            ))
        })?;
        let mut inside = false;
        let prefix = match (repo.workdir(), std::fs::canonicalize(dir)) {
            (Some(work), Ok(dir)) => {
                let work = std::fs::canonicalize(work).unwrap_or_else(|_| PathBuf::from(work));
                inside = dir.starts_with(&work);
                let rel = dir.strip_prefix(&work).unwrap_or(Path::new(""));
                let mut p: BString = gix::path::os_str_into_bstr(rel.as_os_str())
                    .map(|b| b.to_owned())
                    .unwrap_or_default();
                if !p.is_empty() {
                    p.push(b'/');
                }
                p.into()
            }
            _ => Vec::new(),
        };
        Ok(Repo {
            repo,
            prefix,
            inside,
        })
    }

    /// Whether the folder it was opened on is the work tree or a folder inside it: false for a
    /// bare repository, or a `core.worktree` that points elsewhere.
    pub fn in_work_tree(&self) -> bool {
        self.inside
    }

    /// Whether the opened folder is the top of the work tree (not a folder inside it).
    pub fn at_top(&self) -> bool {
        self.inside && self.prefix.is_empty()
    }

    /// What SARIF's `versionControlProvenance` says of the checkout: the fetch URL of the
    /// default remote without any user name or password in it, the commit `HEAD` names, and
    /// the branch it is on. Read from the repository's files; nothing runs.
    pub fn provenance(&self) -> Option<Provenance> {
        let revision = self.resolve("HEAD").ok()?;
        let branch = self
            .repo
            .head_name()
            .ok()
            .flatten()
            .map(|n| n.shorten().to_string());
        let uri = self
            .repo
            .find_default_remote(gix::remote::Direction::Fetch)
            .and_then(Result::ok)
            .and_then(|r| r.url(gix::remote::Direction::Fetch).cloned())
            .filter(|u| u.scheme != gix::url::Scheme::File)
            .map(|mut u| {
                u.set_user(None);
                u.set_password(None);
                u.to_bstring().to_string()
            });
        Some(Provenance {
            repository_uri: uri,
            revision,
            branch,
        })
    }

    /// The commit a revision names (`main`, `origin/main`, `HEAD~2`, a hash).
    pub fn resolve(&self, rev: &str) -> Result<String, Error> {
        if rev.is_empty() || rev.starts_with('-') {
            return Err(Error(format!("`{rev}` is not a git revision")));
        }
        let id = self
            .repo
            .rev_parse_single(rev)
            .map_err(|e| {
                Error(format!(
                    "cannot resolve `{rev}` ({e}); in CI, fetch the base commit (actions/checkout with fetch-depth: 0)"
                ))
            })?
            .object()
            .map_err(|e| missing(&format!("object of `{rev}`"), e))?
            .peel_to_commit()
            .map_err(|e| err(&format!("`{rev}` is not a commit"), e))?
            .id;
        Ok(id.to_string())
    }

    /// The best common ancestor of two commits, as `git merge-base` gives it.
    pub fn merge_base(&self, one: &str, two: &str) -> Result<String, Error> {
        let (a, b) = (self.id(one)?, self.id(two)?);
        match self.repo.merge_base(a, b) {
            Ok(Some(id)) => Ok(id.to_string()),
            Ok(None) => Err(Error(format!(
                "{one} and {two} have no common ancestor (a shallow clone? fetch with fetch-depth: 0)"
            ))),
            Err(e) => Err(missing("the history between the two commits", e)),
        }
    }

    /// The lines each file gained between two commits, for the files under the scanned folder,
    /// with paths relative to it. Renames are recognised when the content is identical.
    pub fn changed_lines(&self, from: &str, to: &str) -> Result<Vec<FileChange>, Error> {
        let (old, new) = (self.tree_of(from)?, self.tree_of(to)?);
        use gix_diff::tree::recorder::Change;
        let (mut added, mut deleted, mut out) = (Vec::new(), Vec::new(), Vec::new());
        for change in self.tree_changes(&old, &new)? {
            match change {
                Change::Addition {
                    entry_mode,
                    oid,
                    path,
                    ..
                } if entry_mode.is_blob() => added.push((path, oid)),
                Change::Deletion {
                    entry_mode,
                    oid,
                    path,
                    ..
                } if entry_mode.is_blob() => deleted.push((path, oid)),
                Change::Modification {
                    previous_oid,
                    oid,
                    entry_mode,
                    previous_entry_mode,
                    path,
                } if entry_mode.is_blob() || previous_entry_mode.is_blob() => {
                    let lines = if entry_mode.is_blob() && previous_entry_mode.is_blob() {
                        self.added_lines(Some(previous_oid), oid, path.as_ref())?
                    } else {
                        self.added_lines(None, oid, path.as_ref())?
                    };
                    out.push((Some(path.clone()), Some(path), lines));
                }
                _ => {}
            }
        }
        // An identical blob deleted here and added there is a rename without changed lines.
        for (path, oid) in added {
            if let Some(i) = deleted.iter().position(|(_, d)| *d == oid) {
                let (old_path, _) = deleted.remove(i);
                out.push((Some(old_path), Some(path), Vec::new()));
            } else {
                let lines = self.added_lines(None, oid, path.as_ref())?;
                out.push((None, Some(path), lines));
            }
        }
        out.extend(
            deleted
                .into_iter()
                .map(|(p, _)| (Some(p), None, Vec::new())),
        );
        let mut changes: Vec<FileChange> = out
            .into_iter()
            .filter_map(|(old, new, added)| {
                let (old_path, new_path) = (self.under(old), self.under(new));
                (old_path.is_some() || new_path.is_some()).then_some(FileChange {
                    old_path,
                    new_path,
                    added,
                })
            })
            .collect();
        changes.sort_by(|a, b| (&a.new_path, &a.old_path).cmp(&(&b.new_path, &b.old_path)));
        Ok(changes)
    }

    /// Every path the index tracks, under the scanned folder and relative to it, sorted.
    pub fn tracked_paths(&self) -> Result<Vec<Vec<u8>>, Error> {
        let index = self
            .repo
            .index_or_empty()
            .map_err(|e| err("cannot read the git index", e))?;
        let mut paths: Vec<Vec<u8>> = index
            .entries()
            .iter()
            .filter_map(|e| self.under(Some(e.path(&index).to_owned())))
            .collect();
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    /// Writes the regular files of a commit's tree under the scanned folder into `dest` (a new,
    /// empty folder outside the repository), from git objects: no checkout, so no filter,
    /// attribute or hook of the repository runs. Links and submodules are left out. Files
    /// over `max_file` bytes are skipped; at most `max_total` bytes are written in all.
    /// Returns how many files were written.
    pub fn export_tree(
        &self,
        commit: &str,
        dest: &Path,
        max_file: u64,
        max_total: u64,
    ) -> Result<usize, Error> {
        let tree = self.tree_of(commit)?;
        let mut rec = gix::traverse::tree::Recorder::default();
        tree.traverse()
            .breadthfirst(&mut rec)
            .map_err(|e| missing("the commit's tree", e))?;
        let (mut written, mut total) = (0usize, 0u64);
        for entry in rec.records {
            if !entry.mode.is_blob() || entry.mode.is_link() {
                continue;
            }
            let Some(rel) = entry.filepath.strip_prefix(self.prefix.as_slice()) else {
                continue;
            };
            // Only plain names: `..`, `.` or `.git` components never reach the file system.
            let parts: Vec<&[u8]> = rel.split(|b| *b == b'/').collect();
            if parts.iter().any(|p| {
                p.is_empty() || *p == b"." || *p == b".." || p.eq_ignore_ascii_case(b".git")
            }) {
                continue;
            }
            let size = self.size(entry.oid, entry.filepath.as_bstr())?;
            if size > max_file || total + size > max_total {
                continue;
            }
            // A name the file system cannot hold is left out, not mangled.
            let Ok(names) = parts
                .iter()
                .map(|p| gix::path::from_bstr(p.as_bstr()))
                .collect::<Result<Vec<_>, _>>()
            else {
                continue;
            };
            let mut path = dest.to_path_buf();
            for n in &names {
                path.push(n.as_ref());
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error(format!("{}: {e}", parent.display())))?;
            }
            let data = self.blob(entry.oid, entry.filepath.as_bstr())?;
            std::fs::write(&path, data).map_err(|e| Error(format!("{}: {e}", path.display())))?;
            total += size;
            written += 1;
        }
        Ok(written)
    }

    /// The blob at `path` (relative to the scanned folder) in a commit's tree, read only when it
    /// is at most `max` bytes.
    pub fn read_blob(&self, commit: &str, path: &[u8], max: u64) -> Result<Blob, Error> {
        let tree = self.tree_of(commit)?;
        let mut full = self.prefix.clone();
        full.extend_from_slice(path);
        let entry = tree.lookup_entry(full.split_str("/").map(BString::from));
        let entry = match entry {
            Ok(Some(e)) if e.mode().is_blob() => e.object_id(),
            Ok(_) => return Ok(Blob::NotFound),
            Err(e) => return Err(missing("a tree on the path", e)),
        };
        let size = self.size(entry, full.as_bstr())?;
        if size > max {
            return Ok(Blob::TooLarge(size));
        }
        Ok(Blob::Found(self.blob(entry, full.as_bstr())?))
    }

    /// The commits reachable from `head` but not from `base`, oldest first, each with the
    /// blobs it added or changed (against its first parent) under the scanned folder. At most
    /// `limit` commits are listed; the bool says whether there were more.
    pub fn commits_between(
        &self,
        base: &str,
        head: &str,
        limit: usize,
    ) -> Result<(Vec<CommitBlobs>, bool), Error> {
        let (base, head) = (self.id(base)?, self.id(head)?);
        let walk = self
            .repo
            .rev_walk([head])
            .with_hidden([base])
            .all()
            .map_err(|e| missing("the history", e))?;
        let mut out = Vec::new();
        let mut more = false;
        for info in walk {
            let info = info.map_err(|e| missing("a commit of the history", e))?;
            if out.len() == limit {
                more = true;
                break;
            }
            let commit = info.object().map_err(|e| missing("a commit", e))?;
            let summary = commit
                .message_raw_sloppy()
                .lines()
                .next()
                .unwrap_or_default()
                .to_str_lossy()
                .into_owned();
            let parent = commit.parent_ids().next().map(|p| p.detach());
            let tree = commit
                .tree_id()
                .map_err(|e| missing("a commit's tree", e))?;
            let old = match parent {
                Some(p) => self.tree_of(&p.to_string())?,
                None => self.repo.empty_tree(),
            };
            let new = self
                .repo
                .find_tree(tree)
                .map_err(|e| missing("a commit's tree", e))?;
            use gix_diff::tree::recorder::Change;
            let mut added: Vec<(Vec<u8>, String)> = self
                .tree_changes(&old, &new)?
                .into_iter()
                .filter_map(|c| match c {
                    Change::Addition {
                        entry_mode,
                        oid,
                        path,
                        ..
                    }
                    | Change::Modification {
                        entry_mode,
                        oid,
                        path,
                        ..
                    } if entry_mode.is_blob() => Some((self.under(Some(path))?, oid.to_string())),
                    _ => None,
                })
                .collect();
            added.sort();
            out.push(CommitBlobs {
                id: commit.id.to_string(),
                summary,
                added,
            });
        }
        out.reverse();
        Ok((out, more))
    }

    /// A blob by id, when it is at most `max` bytes (for the blobs [`Repo::commits_between`]
    /// lists).
    pub fn read_blob_id(&self, id: &str, max: u64) -> Result<Blob, Error> {
        let oid = ObjectId::from_hex(id.as_bytes()).map_err(|e| err("not an object id", e))?;
        let size = self.size(oid, id.into())?;
        if size > max {
            return Ok(Blob::TooLarge(size));
        }
        Ok(Blob::Found(self.blob(oid, id.into())?))
    }

    /// What changed between two trees, entry by entry, with full paths (no rename detection).
    fn tree_changes(
        &self,
        old: &gix::Tree<'_>,
        new: &gix::Tree<'_>,
    ) -> Result<Vec<gix_diff::tree::recorder::Change>, Error> {
        let mut recorder = gix_diff::tree::Recorder::default();
        gix_diff::tree(
            gix::objs::TreeRefIter::from_bytes(&old.data, self.repo.object_hash()),
            gix::objs::TreeRefIter::from_bytes(&new.data, self.repo.object_hash()),
            gix_diff::tree::State::default(),
            &self.repo.objects,
            &mut recorder,
        )
        .map_err(|e| missing("a tree", e))?;
        Ok(recorder.records)
    }

    fn id(&self, rev: &str) -> Result<ObjectId, Error> {
        let hex = self.resolve(rev)?;
        ObjectId::from_hex(hex.as_bytes()).map_err(|e| err("not an object id", e))
    }

    fn tree_of(&self, rev: &str) -> Result<gix::Tree<'_>, Error> {
        let id = self.id(rev)?;
        self.repo
            .find_commit(id)
            .map_err(|e| missing(&format!("commit {id}"), e))?
            .tree()
            .map_err(|e| missing(&format!("the tree of commit {id}"), e))
    }

    fn size(&self, oid: ObjectId, path: &BStr) -> Result<u64, Error> {
        self.repo
            .find_header(oid)
            .map(|h| h.size())
            .map_err(|e| missing(&format!("blob {oid} of {path}"), e))
    }

    fn blob(&self, oid: ObjectId, path: &BStr) -> Result<Vec<u8>, Error> {
        self.repo
            .find_blob(oid)
            .map(|mut b| b.take_data())
            .map_err(|e| missing(&format!("blob {oid} of {path}"), e))
    }

    /// Added lines of a blob against its previous version (None: the whole file is new).
    fn added_lines(
        &self,
        old: Option<ObjectId>,
        new: ObjectId,
        path: &BStr,
    ) -> Result<Vec<(u32, u32)>, Error> {
        let new_size = self.size(new, path)?;
        let old_size = old.map(|o| self.size(o, path)).transpose()?.unwrap_or(0);
        if new_size > MAX_DIFF_BLOB || old_size > MAX_DIFF_BLOB {
            return Ok(vec![(1, u32::MAX)]);
        }
        let after = self.blob(new, path)?;
        let before = match old {
            Some(o) => self.blob(o, path)?,
            None => Vec::new(),
        };
        Ok(lines::added(&before, &after))
    }

    /// A repository path under the scanned folder, made relative to it.
    fn under(&self, path: Option<BString>) -> Option<Vec<u8>> {
        let path: Vec<u8> = path?.into();
        path.strip_prefix(self.prefix.as_slice())
            .map(<[u8]>::to_vec)
    }
}

/// An object that cannot be read: most often a partial or shallow clone, which git would
/// complete by fetching (and so by running the repository's transport settings). trustlint
/// never fetches.
fn missing(what: &str, e: impl fmt::Display) -> Error {
    Error(format!(
        "cannot read {what} from the repository ({e}); trustlint reads only objects already present and never fetches: in CI, check out with full history and no partial-clone filter (actions/checkout with fetch-depth: 0)"
    ))
}
