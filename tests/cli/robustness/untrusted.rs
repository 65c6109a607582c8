//! Nothing from the scanned repository runs, and nothing is written into it.

use crate::util::*;
use std::fs;
use std::path::Path;

#[test]
fn the_scan_writes_nothing_into_the_tree() {
    let repo = repo_with(&[("app.py", "U_URL = \"http://api.service.gc.ca\"\n")]);
    let list = |p: &Path| -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(p)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let before = list(repo.path());
    let _ = scan_json(repo.path(), &[]);
    assert_eq!(list(repo.path()), before);
}

/// A script that, if anything ever runs it, leaves a marker named after the trap.
fn trap(markers: &Path, name: &str) -> String {
    let script = markers.join(format!("{name}.sh"));
    fs::write(
        &script,
        format!("#!/bin/sh\ntouch '{}/{name}.ran'\ncat\n", markers.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    }
    script.display().to_string()
}

/// Paths and contents of every file under `dir`, `.git` included.
fn tree_hash(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(e.path());
            } else {
                out.push((
                    e.path().display().to_string(),
                    fs::read(e.path()).unwrap_or_default(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn nothing_from_the_scanned_repository_runs_and_nothing_is_written() {
    let markers = tempfile::tempdir().unwrap();
    let m = markers.path();
    let repo = git_repo(&[
        (
            "Cargo.toml",
            "[package]\nname = \"trap\"\nversion = \"0.1.0\"\nbuild = \"build.rs\"\n",
        ),
        (
            "src/main.rs",
            "fn main() { let url = \"http://one.service.gc.ca\"; }\n",
        ),
        ("README.md", "# trap\n"),
    ]);
    let p = repo.path();
    // Traps in the tree.
    fs::write(
        p.join("build.rs"),
        format!(
            "fn main() {{ std::fs::write(\"{}/build-rs.ran\", \"\").unwrap(); }}\n",
            m.display()
        ),
    )
    .unwrap();
    fs::create_dir_all(p.join(".cargo")).unwrap();
    fs::write(
        p.join(".cargo/config.toml"),
        format!(
            "[build]\nrustc-wrapper = \"{}\"\n[target.x86_64-unknown-linux-gnu]\nrunner = \"{}\"\n",
            trap(m, "rustc-wrapper"),
            trap(m, "runner")
        ),
    )
    .unwrap();
    fs::write(
        p.join("rust-toolchain.toml"),
        "[toolchain]\nchannel = \"trap-toolchain-that-does-not-exist\"\n",
    )
    .unwrap();
    fs::write(p.join(".gitattributes"), "* diff=trap filter=trap\n").unwrap();
    fs::write(
        p.join("src/main.rs"),
        "fn main() { let url = \"http://two.service.gc.ca\"; }\n",
    )
    .unwrap();
    git(p, &["-c", "core.hooksPath=/dev/null", "add", "-A"]);
    git(
        p,
        &["-c", "core.hooksPath=/dev/null", "commit", "-qm", "second"],
    );
    // Traps in git's own configuration, set after the commits so that setting up runs none.
    for hook in [
        "pre-commit",
        "post-checkout",
        "post-merge",
        "pre-push",
        "fsmonitor-watchman",
        "reference-transaction",
    ] {
        let script = trap(m, &format!("hook-{hook}"));
        fs::copy(&script, p.join(".git/hooks").join(hook)).unwrap();
    }
    for (key, name) in [
        ("core.fsmonitor", "fsmonitor"),
        ("core.pager", "pager"),
        ("diff.external", "diff-external"),
        ("diff.trap.command", "diff-driver"),
        ("diff.trap.textconv", "textconv"),
        ("filter.trap.clean", "filter-clean"),
        ("filter.trap.smudge", "filter-smudge"),
        ("filter.trap.process", "filter-process"),
    ] {
        git(p, &["config", key, &trap(m, name)]);
    }
    let diff = tempfile::tempdir().unwrap();
    let patch = diff.path().join("d.patch");
    fs::write(
        &patch,
        "--- a/src/main.rs\n+++ b/src/main.rs\n@@ -1 +1 @@\n-x\n+y\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let baseline = out.path().join("b.json");
    let before = tree_hash(p);
    let dir = p.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["scan", dir, "--fail-on", "never"],
        vec!["scan", dir, "--format", "sarif", "--fail-on", "never"],
        vec!["scan", dir, "--diff-base", "HEAD~1", "--fail-on", "never"],
        vec![
            "scan",
            dir,
            "--diff-file",
            patch.to_str().unwrap(),
            "--fail-on",
            "never",
        ],
        vec!["report", dir, "--format", "html"],
        vec!["baseline", dir, "--output", baseline.to_str().unwrap()],
        vec![
            "scan",
            dir,
            "--baseline",
            baseline.to_str().unwrap(),
            "--fail-on",
            "never",
        ],
    ];
    for args in &runs {
        let o = run(args);
        assert!(
            o.status.code().is_some_and(|c| c < 2),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let o = bin()
        .current_dir(p)
        .args([
            "scan",
            "--files",
            "src/main.rs",
            "build.rs",
            "--fail-on",
            "never",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    // The diff-aware run really saw the change (so git was used, safely).
    let v = scan_json(p, &["--diff-base", "HEAD~1"]);
    assert_eq!(places(&v, "plain-http-url"), vec!["src/main.rs:1:24"]);
    let ran: Vec<String> = fs::read_dir(m)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ran"))
        .collect();
    assert!(ran.is_empty(), "traps that ran: {ran:?}");
    assert!(tree_hash(p) == before, "the scanned tree changed");
}
