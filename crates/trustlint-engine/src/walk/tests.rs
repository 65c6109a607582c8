//! The file set in and out of git: repositories built with the git program (test side only).

use super::*;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env_remove("GIT_DIR")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (path, text) in files {
        write(d.path(), path, text);
    }
    d
}

/// A repository with `.gitignore` listing `.env` and `build/`, where `.env` and
/// `build/keep.py` are forced in and `build/gen.py`, `untracked.py` are not added.
fn forced() -> tempfile::TempDir {
    let d = tree(&[
        (".gitignore", ".env\nbuild/\n"),
        (".env", "SECRET=1\n"),
        ("a.py", "a\n"),
        ("build/keep.py", "k\n"),
        ("build/gen.py", "g\n"),
    ]);
    let p = d.path();
    git(p, &["init", "-q", "-b", "main"]);
    git(p, &["add", "-A"]);
    git(p, &["add", "-f", ".env", "build/keep.py"]);
    git(p, &["commit", "-qm", "base"]);
    write(p, "untracked.py", "u\n");
    d
}

fn rels(w: &Walked) -> Vec<&str> {
    w.files.iter().map(|e| e.rel.as_str()).collect()
}

fn codes(w: &Walked) -> Vec<(&str, &str)> {
    w.notifications
        .iter()
        .map(|n| (n.code.as_str(), n.path.as_deref().unwrap_or("")))
        .collect()
}

#[test]
fn tracked_files_are_scanned_even_when_gitignore_lists_them_untracked_ignored_ones_are_not() {
    let d = forced();
    let w = walk(d.path(), &[]).unwrap();
    assert_eq!(
        rels(&w),
        vec![
            ".env",
            ".gitignore",
            "a.py",
            "build/keep.py",
            "untracked.py"
        ]
    );
    assert!(w.notifications.is_empty(), "{:?}", codes(&w));
    // Built like the walk's own entries: absolute path and size from the file system.
    let env = &w.files[0];
    assert_eq!(env.abs, d.path().join(".env"));
    assert_eq!(env.size, 9);
}

#[test]
fn an_ignored_file_that_git_does_not_track_stays_out() {
    let d = tree(&[
        (".gitignore", ".env\n"),
        (".env", "SECRET=1\n"),
        ("a.py", "a\n"),
    ]);
    let p = d.path();
    git(p, &["init", "-q", "-b", "main"]);
    git(p, &["add", "-A"]);
    git(p, &["commit", "-qm", "base"]);
    assert_eq!(rels(&walk(p, &[]).unwrap()), vec![".gitignore", "a.py"]);
}

#[test]
fn exclude_globs_apply_to_tracked_files_too() {
    let d = forced();
    let w = walk(d.path(), &[".env".into(), "build".into()]).unwrap();
    assert_eq!(rels(&w), vec![".gitignore", "a.py", "untracked.py"]);
    let w = walk(d.path(), &["build/**".into(), "a.py".into()]).unwrap();
    assert_eq!(rels(&w), vec![".env", ".gitignore", "untracked.py"]);
}

#[cfg(unix)]
#[test]
fn tracked_links_are_never_followed_nor_links_on_the_way_to_a_tracked_file() {
    let outside = tree(&[("x.py", "outside\n"), ("passwd", "root:x:0:0\n")]);
    let d = tree(&[(".gitignore", "links/\ndir/\n"), ("dir/x.py", "inside\n")]);
    let p = d.path();
    std::fs::create_dir(p.join("links")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("passwd"), p.join("links/out.py")).unwrap();
    git(p, &["init", "-q", "-b", "main"]);
    git(p, &["add", "-A"]);
    git(p, &["add", "-f", "links/out.py", "dir/x.py"]);
    git(p, &["commit", "-qm", "base"]);
    // The tracked folder replaced, after checkout, by a link to a folder elsewhere.
    std::fs::remove_dir_all(p.join("dir")).unwrap();
    std::os::unix::fs::symlink(outside.path(), p.join("dir")).unwrap();
    let w = walk(p, &[]).unwrap();
    assert_eq!(rels(&w), vec![".gitignore"]);
    assert_eq!(
        codes(&w),
        vec![
            ("symlink-skipped", "dir"),
            ("symlink-skipped", "links/out.py")
        ]
    );
}

#[test]
fn a_subfolder_scan_holds_the_tracked_files_under_it_relative_to_it() {
    let d = tree(&[
        ("svc/.gitignore", ".env\n"),
        ("svc/.env", "SECRET=1\n"),
        ("svc/app.py", "a\n"),
        ("svc/local.env", "x\n"),
        (".gitignore", "*.env\nother/\n"),
        ("other/.env", "SECRET=2\n"),
        ("top.py", "t\n"),
    ]);
    let p = d.path();
    git(p, &["init", "-q", "-b", "main"]);
    git(p, &["add", "-A"]);
    git(p, &["add", "-f", "svc/.env", "other/.env"]);
    git(p, &["commit", "-qm", "base"]);
    // `local.env` is ignored only by the top `.gitignore`, which a walk of `svc` never reads
    // (as before): it is untracked and scanned.
    let w = walk(&p.join("svc"), &[]).unwrap();
    assert_eq!(rels(&w), vec![".env", ".gitignore", "app.py", "local.env"]);
    assert_eq!(w.files[0].abs, p.join("svc/.env"));
}

#[test]
fn outside_git_the_walk_alone_decides() {
    let d = tree(&[
        (".gitignore", ".env\nbuild/\n"),
        (".env", "SECRET=1\n"),
        ("a.py", "a\n"),
        ("build/keep.py", "k\n"),
    ]);
    let w = walk(d.path(), &[]).unwrap();
    assert_eq!(rels(&w), vec![".gitignore", "a.py"]);
    assert!(w.notifications.is_empty());
}

#[test]
fn an_unreadable_index_is_said_and_the_walk_alone_decides() {
    let d = forced();
    std::fs::write(d.path().join(".git/index"), b"not an index").unwrap();
    let w = walk(d.path(), &[]).unwrap();
    assert_eq!(rels(&w), vec![".gitignore", "a.py", "untracked.py"]);
    let n: Vec<_> = w
        .notifications
        .iter()
        .filter(|n| n.code == "git-index-unreadable")
        .collect();
    assert_eq!(n.len(), 1, "{:?}", codes(&w));
    assert_eq!(n[0].level, NotificationLevel::Warning);
    assert!(n[0].message.contains("git index"), "{}", n[0].message);
}

#[test]
fn a_tracked_file_deleted_from_the_work_tree_is_simply_not_there() {
    let d = forced();
    std::fs::remove_file(d.path().join(".env")).unwrap();
    std::fs::remove_dir_all(d.path().join("build")).unwrap();
    let w = walk(d.path(), &[]).unwrap();
    assert_eq!(rels(&w), vec![".gitignore", "a.py", "untracked.py"]);
    assert!(w.notifications.is_empty(), "{:?}", codes(&w));
}

#[test]
fn files_named_for_a_commit_hook_are_kept_when_tracked_and_dropped_when_ignored_or_excluded() {
    let d = forced();
    write(d.path(), "build/new.py", "n\n");
    let named = |exclude: &[String]| {
        let files = ["build/keep.py", "build/gen.py", ".env", "a.py"].map(String::from);
        rels(&listed(d.path(), &files, exclude).unwrap())
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(named(&[]), vec![".env", "a.py", "build/keep.py"]);
    assert_eq!(named(&["build/**".into()]), vec![".env", "a.py"]);
    assert_eq!(named(&[".env".into()]), vec!["a.py", "build/keep.py"]);
}

#[test]
fn the_file_list_is_sorted_as_the_walk_sorts_it() {
    let d = tree(&[
        (".gitignore", "*.env\n"),
        ("b/z.env", "1\n"),
        ("b/a.py", "1\n"),
        ("a.env", "1\n"),
        ("B.py", "1\n"),
        ("a-b.py", "1\n"),
        ("a/b.env", "1\n"),
    ]);
    let p = d.path();
    git(p, &["init", "-q", "-b", "main"]);
    git(p, &["add", "-A"]);
    git(p, &["add", "-f", "b/z.env", "a.env", "a/b.env"]);
    git(p, &["commit", "-qm", "base"]);
    let w = walk(p, &[]).unwrap();
    let mut sorted = w.files.clone();
    sorted.sort();
    assert_eq!(w.files, sorted);
    assert_eq!(
        rels(&w),
        vec![
            ".gitignore",
            "B.py",
            "a-b.py",
            "a.env",
            "a/b.env",
            "b/a.py",
            "b/z.env"
        ]
    );
}
