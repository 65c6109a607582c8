//! Repositories built with the git program (test side only), read back through [`Repo`].

use super::*;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
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
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn commit(dir: &Path, msg: &str) -> String {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", msg]);
    git(dir, &["rev-parse", "HEAD"])
}

fn repo() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    git(d.path(), &["init", "-q", "-b", "main"]);
    d
}

/// (old path, new path, added lines) of each change.
type Shown<'a> = (Option<&'a str>, Option<&'a str>, Vec<(u32, u32)>);

fn paths(changes: &[FileChange]) -> Vec<Shown<'_>> {
    fn s(p: &Option<Vec<u8>>) -> Option<&str> {
        p.as_deref().map(|b| std::str::from_utf8(b).unwrap())
    }
    changes
        .iter()
        .map(|c| (s(&c.old_path), s(&c.new_path), c.added.clone()))
        .collect()
}

#[test]
fn changes_are_counted_from_the_merge_base_not_from_the_tip_of_the_base() {
    let d = repo();
    let p = d.path();
    write(p, "a.py", "one\ntwo\nthree\n");
    write(p, "old.txt", "bye\n");
    write(p, "same.txt", "moved content\n");
    let base = commit(p, "base");
    git(p, &["checkout", "-qb", "feature"]);
    write(p, "a.py", "one\nTWO\nthree\nfour\n");
    std::fs::remove_file(p.join("old.txt")).unwrap();
    std::fs::rename(p.join("same.txt"), p.join("moved.txt")).unwrap();
    write(p, "dir/new.py", "x\ny\n");
    commit(p, "feature");
    git(p, &["checkout", "-q", "main"]);
    write(
        p,
        "main-only.py",
        "added on main after the branch was cut\n",
    );
    commit(p, "main moves on");
    git(p, &["checkout", "-q", "feature"]);

    let r = Repo::open(p).unwrap();
    let mb = r.merge_base("main", "HEAD").unwrap();
    assert_eq!(mb, base);
    assert_eq!(
        paths(&r.changed_lines(&mb, "HEAD").unwrap()),
        vec![
            (Some("old.txt"), None, vec![]),
            (Some("a.py"), Some("a.py"), vec![(2, 2), (4, 4)]),
            (None, Some("dir/new.py"), vec![(1, 2)]),
            (Some("same.txt"), Some("moved.txt"), vec![]),
        ]
    );
    // Against the tip of main, main's own file would be blamed on the branch (as deleted).
    assert!(r
        .changed_lines("main", "HEAD")
        .unwrap()
        .iter()
        .any(|c| c.old_path.as_deref() == Some(b"main-only.py".as_slice())));
}

#[test]
fn a_subfolder_scan_sees_only_its_files_relative_to_itself() {
    let d = repo();
    let p = d.path();
    write(p, "svc/app.py", "a\n");
    write(p, "other.py", "a\n");
    commit(p, "base");
    write(p, "svc/app.py", "a\nb\n");
    write(p, "other.py", "a\nb\n");
    commit(p, "change");
    let r = Repo::open(&p.join("svc")).unwrap();
    assert_eq!(
        paths(&r.changed_lines("HEAD~1", "HEAD").unwrap()),
        vec![(Some("app.py"), Some("app.py"), vec![(2, 2)])]
    );
    assert_eq!(r.tracked_paths().unwrap(), vec![b"app.py".to_vec()]);
}

#[test]
fn the_index_lists_tracked_files_even_ignored_ones_and_no_untracked_ones() {
    let d = repo();
    let p = d.path();
    write(p, ".gitignore", ".env\n");
    write(p, ".env", "SECRET=1\n");
    write(p, "a.py", "a\n");
    git(p, &["add", "a.py", ".gitignore"]);
    git(p, &["add", "-f", ".env"]);
    git(p, &["commit", "-qm", "base"]);
    write(p, "untracked.py", "u\n");
    let r = Repo::open(p).unwrap();
    assert_eq!(
        r.tracked_paths().unwrap(),
        vec![b".env".to_vec(), b".gitignore".to_vec(), b"a.py".to_vec()]
    );
}

#[test]
fn blobs_are_read_by_path_within_a_size_limit() {
    let d = repo();
    let p = d.path();
    write(p, "src/a.py", "hello\n");
    write(p, "big.txt", &"x".repeat(1000));
    commit(p, "base");
    write(p, "src/a.py", "changed\n");
    commit(p, "change");
    let r = Repo::open(p).unwrap();
    assert_eq!(
        r.read_blob("HEAD~1", b"src/a.py", 100).unwrap(),
        Blob::Found(b"hello\n".to_vec())
    );
    assert_eq!(
        r.read_blob("HEAD~1", b"big.txt", 100).unwrap(),
        Blob::TooLarge(1000)
    );
    assert_eq!(
        r.read_blob("HEAD", b"nope.py", 100).unwrap(),
        Blob::NotFound
    );
    assert_eq!(r.read_blob("HEAD", b"src", 100).unwrap(), Blob::NotFound);
}

#[test]
fn commits_between_list_what_each_added_even_when_a_later_one_removed_it() {
    let d = repo();
    let p = d.path();
    write(p, "a.py", "a\n");
    let base = commit(p, "base");
    git(p, &["checkout", "-qb", "pr"]);
    write(p, "leak.env", "TOKEN=x\n");
    let first = commit(p, "add a token");
    std::fs::remove_file(p.join("leak.env")).unwrap();
    write(p, "a.py", "a\nb\n");
    let second = commit(p, "remove it again");
    let r = Repo::open(p).unwrap();
    let (commits, more) = r.commits_between(&base, "HEAD", 10).unwrap();
    assert!(!more);
    assert_eq!(commits.len(), 2);
    assert_eq!(
        (commits[0].id.as_str(), commits[0].summary.as_str()),
        (first.as_str(), "add a token")
    );
    assert_eq!(commits[0].added.len(), 1);
    assert_eq!(commits[0].added[0].0, b"leak.env".to_vec());
    assert_eq!(
        r.read_blob_id(&commits[0].added[0].1, 100).unwrap(),
        Blob::Found(b"TOKEN=x\n".to_vec())
    );
    assert_eq!(commits[1].id, second);
    assert_eq!(commits[1].added[0].0, b"a.py".to_vec());
    let (one, more) = r.commits_between(&base, "HEAD", 1).unwrap();
    assert!(more && one.len() == 1);
}

#[test]
fn a_missing_blob_is_an_error_that_says_so_not_a_fetch() {
    let d = repo();
    let p = d.path();
    write(p, "a.py", "a\n");
    commit(p, "base");
    write(p, "a.py", "a\nsecret\n");
    commit(p, "change");
    let blob = git(p, &["rev-parse", "HEAD:a.py"]);
    std::fs::remove_file(p.join(".git/objects").join(&blob[..2]).join(&blob[2..])).unwrap();
    let r = Repo::open(p).unwrap();
    let e = r.changed_lines("HEAD~1", "HEAD").unwrap_err();
    assert!(e.0.contains(&blob) && e.0.contains("never fetches"), "{e}");
}

#[test]
fn revisions_that_look_like_options_or_do_not_exist_are_refused() {
    let d = repo();
    write(d.path(), "a", "a\n");
    commit(d.path(), "base");
    let r = Repo::open(d.path()).unwrap();
    assert!(r
        .resolve("--output=/tmp/x")
        .unwrap_err()
        .0
        .contains("not a git revision"));
    assert!(r
        .resolve("no-such-branch")
        .unwrap_err()
        .0
        .contains("fetch-depth"));
    let outside = tempfile::tempdir().unwrap();
    assert!(Repo::open(outside.path()).is_err_and(|e| e.0.contains("not a git repository")));
}

#[test]
fn a_work_tree_and_its_folders_are_in_the_work_tree_a_bare_repository_is_not() {
    let d = repo();
    let p = d.path();
    write(p, "svc/app.py", "a\n");
    commit(p, "base");
    assert!(Repo::open(p).unwrap().in_work_tree());
    assert!(Repo::open(&p.join("svc")).unwrap().in_work_tree());
    let bare = tempfile::tempdir().unwrap();
    git(bare.path(), &["init", "-q", "--bare"]);
    let r = Repo::open(bare.path()).unwrap();
    assert!(!r.in_work_tree());
}

#[test]
fn a_tree_is_exported_from_objects_without_links_within_limits() {
    let d = repo();
    let p = d.path();
    write(p, "svc/app.py", "v1\n");
    write(p, "svc/deep/x.txt", "x\n");
    write(p, "svc/big.bin", &"b".repeat(500));
    write(p, "other.txt", "o\n");
    std::os::unix::fs::symlink("/etc/passwd", p.join("svc/link")).unwrap();
    commit(p, "base");
    write(p, "svc/app.py", "v2 in the work tree only\n");
    let out = tempfile::tempdir().unwrap();
    let r = Repo::open(&p.join("svc")).unwrap();
    let n = r.export_tree("HEAD", out.path(), 100, 1 << 20).unwrap();
    // The committed content, under the scanned folder only; no link, nothing over 100 bytes.
    assert_eq!(n, 2);
    assert_eq!(
        std::fs::read_to_string(out.path().join("app.py")).unwrap(),
        "v1\n"
    );
    assert!(out.path().join("deep/x.txt").is_file());
    assert!(!out.path().join("big.bin").exists());
    assert!(std::fs::symlink_metadata(out.path().join("link")).is_err());
    assert!(!out.path().join("other.txt").exists());
    // The total budget stops the export.
    let small = tempfile::tempdir().unwrap();
    assert_eq!(r.export_tree("HEAD", small.path(), 100, 4).unwrap(), 1);
}
