//! The files a repository holds are the files scanned: in a git checkout, what git tracks
//! (even when `.gitignore` lists it) plus the untracked files no ignore file lists; outside
//! git, the walk alone.

use crate::util::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

/// A key the secret rule reports wherever it is committed.
const LEAK: &str = "AWS_ACCESS_KEY_ID=AKIAYDJ6HDRKJK5JJHRY\n";

fn secrets(dir: &Path) -> Vec<String> {
    places(&scan_json(dir, &[]), "secret-hardcoded")
}

/// A git repository of `files`, all added, then `forced` added past `.gitignore`, committed.
fn committed(files: &[(&str, &str)], forced: &[&str]) -> tempfile::TempDir {
    let repo = repo_with(files);
    let p = repo.path();
    git(p, &["init", "-q", "-b", "main"]);
    git(p, &["add", "-A"]);
    if !forced.is_empty() {
        git(p, &[&["add", "-f", "--"][..], forced].concat());
    }
    git(p, &["commit", "-q", "-m", "base"]);
    repo
}

#[test]
fn a_committed_env_file_that_gitignore_lists_is_scanned() {
    let repo = committed(&[(".gitignore", ".env\n"), (".env", LEAK)], &[".env"]);
    assert_eq!(secrets(repo.path()), vec![".env:1:19"]);
}

#[test]
fn an_untracked_env_file_that_gitignore_lists_is_not() {
    let repo = committed(&[(".gitignore", ".env\n"), ("app.py", "x = 1\n")], &[]);
    fs::write(repo.path().join(".env"), LEAK).unwrap();
    assert!(secrets(repo.path()).is_empty());
    // Untracked and not ignored: scanned, as before.
    fs::write(repo.path().join("local.cfg"), LEAK).unwrap();
    assert_eq!(secrets(repo.path()), vec!["local.cfg:1:19"]);
}

#[test]
fn exclude_globs_leave_out_tracked_files_too() {
    let repo = committed(
        &[
            (".gitignore", ".env\n"),
            (".env", LEAK),
            ("vendor/keys.cfg", LEAK),
            (
                "trustlint.toml",
                "[scan]\nexclude = [\".env\", \"vendor/**\"]\n",
            ),
        ],
        &[".env"],
    );
    assert!(secrets(repo.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn a_tracked_link_is_not_followed() {
    let outside = repo_with(&[("secrets.env", LEAK)]);
    let repo = repo_with(&[(".gitignore", "linked.env\n")]);
    let p = repo.path();
    std::os::unix::fs::symlink(outside.path().join("secrets.env"), p.join("linked.env")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secrets.env"), p.join("plain.env")).unwrap();
    git(p, &["init", "-q", "-b", "main"]);
    git(p, &["add", "-A"]);
    git(p, &["add", "-f", "linked.env"]);
    git(p, &["commit", "-q", "-m", "base"]);
    let v = scan_json(p, &[]);
    assert!(places(&v, "secret-hardcoded").is_empty());
    let skipped: Vec<&str> = v["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["code"] == "symlink-skipped")
        .map(|n| n["path"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, vec!["linked.env", "plain.env"]);
}

#[test]
fn a_subfolder_scan_finds_its_tracked_ignored_files_relative_to_it() {
    let repo = committed(
        &[
            ("svc/.gitignore", ".env\n"),
            ("svc/.env", LEAK),
            ("svc/app.py", "x = 1\n"),
            (".gitignore", "other/\n"),
            ("other/.env", LEAK),
        ],
        &["svc/.env", "other/.env"],
    );
    assert_eq!(secrets(&repo.path().join("svc")), vec![".env:1:19"]);
    assert_eq!(
        secrets(repo.path()),
        vec!["other/.env:1:19", "svc/.env:1:19"]
    );
}

#[test]
fn outside_git_gitignore_decides_as_before() {
    let dir = repo_with(&[(".gitignore", ".env\n"), (".env", LEAK), ("app.cfg", LEAK)]);
    let v = scan_json(dir.path(), &[]);
    assert_eq!(places(&v, "secret-hardcoded"), vec!["app.cfg:1:19"]);
    assert_eq!(v["stats"]["files_seen"], 2, "{}", v["stats"]);
    assert!(v["notifications"].as_array().unwrap().is_empty());
}

#[test]
fn files_mode_scans_a_named_tracked_file_that_gitignore_lists() {
    let repo = committed(
        &[(".gitignore", "*.env\n"), ("tracked.env", LEAK)],
        &["tracked.env"],
    );
    fs::write(repo.path().join("untracked.env"), LEAK).unwrap();
    let o = run(&[
        "scan",
        repo.path().to_str().unwrap(),
        "--format",
        "json",
        "--files",
        "tracked.env",
        "untracked.env",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(places(&v, "secret-hardcoded"), vec!["tracked.env:1:19"]);
}
