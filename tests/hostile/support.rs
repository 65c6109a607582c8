//! Helpers shared by the hostile tests: building repositories, running the binary with a time
//! limit, and reading what it printed.

#![allow(dead_code)]

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const TODAY: &str = "2026-06-30";

/// The binary under test (or `TRUSTLINT_BIN`), with a fixed date and nothing of the caller's
/// git environment.
pub fn bin() -> Command {
    let path = std::env::var_os("TRUSTLINT_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_trustlint")),
        PathBuf::from,
    );
    let mut c = Command::new(path);
    c.env("TRUSTLINT_TODAY", TODAY);
    c
}

/// Runs `c`, killing it after `limit`: a hang is a failure with a message, not a stuck suite.
pub fn run_limited(mut c: Command, limit: Duration) -> Output {
    let mut child = c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let (o, e) = (read(Box::new(out)), read(Box::new(err)));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the scan did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: o.join().unwrap(),
        stderr: e.join().unwrap(),
    }
}

/// The repository's own root (for its rule files).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn run(args: &[&str]) -> Output {
    let mut c = bin();
    c.args(args);
    run_limited(c, Duration::from_secs(120))
}

/// `scan DIR --stage live --fail-on never ARGS`, with `env` added to the environment.
pub fn scan_env(dir: &Path, env: &[(String, String)], args: &[&str]) -> Output {
    let mut c = bin();
    c.args([
        "scan",
        dir.to_str().unwrap(),
        "--stage",
        "live",
        "--fail-on",
        "never",
    ])
    .args(args)
    .envs(env.iter().map(|(k, v)| (k, v)));
    run_limited(c, Duration::from_secs(120))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json(o: &Output) -> Value {
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

/// `path:line:column` of each finding of `rule`, sorted.
pub fn places(report: &Value, rule: &str) -> Vec<String> {
    let mut v: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == rule)
        .map(|f| {
            format!(
                "{}:{}:{}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"]
            )
        })
        .collect();
    v.sort();
    v
}

pub fn repo_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

/// Runs the git program to build a test repository (the scanner itself never runs it).
pub fn git_out(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args([
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

pub fn git(dir: &Path, args: &[&str]) {
    git_out(dir, args);
}

pub fn git_repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = repo_with(files);
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    dir
}

/// A script that, if anything ever runs it, leaves `NAME.ran` in `markers` (and fails).
pub fn trap(markers: &Path, name: &str) -> String {
    let script = markers.join(format!("{name}.sh"));
    fs::write(
        &script,
        format!(
            "#!/bin/sh\ntouch '{}/{name}.ran'\nexit 1\n",
            markers.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    }
    script.display().to_string()
}

/// The traps that ran.
pub fn ran(markers: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(markers)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ran"))
        .collect();
    v.sort();
    v
}

/// Paths and contents of every file under `dir`, `.git` included.
pub fn tree_hash(dir: &Path) -> Vec<(String, Vec<u8>)> {
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
