//! Helpers every module shares: the binary and its scans (from `tests/support`), repositories
//! built at run time, and output snapshots.

pub use crate::support::*;
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::Command;

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

pub fn sarif_of(dir: &Path, extra: &[&str]) -> Value {
    scan_as(dir, "sarif", extra)
}

/// Runs git in `dir` (for building test repositories; the scanner's own git use is tested
/// separately for safety).
pub fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
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

pub fn git_repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = repo_with(files);
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    dir
}

/// Runs the binary with `args`, expects exit `code`, and checks standard output against
/// `tests/cli/snapshots/<name>.snap`, with what differs between releases and machines (the
/// version, the checkout's path) redacted.
pub fn snapshot_of_run(name: &str, args: &[&str], code: i32) {
    let o = run(args);
    assert_eq!(o.status.code(), Some(code), "{args:?}");
    let text = stdout(&o);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    let version = regex::escape(env!("CARGO_PKG_VERSION"));
    settings.add_filter(
        &format!(r#""(version|semanticVersion)": "{version}""#),
        r#""$1": "[version]""#,
    );
    settings.add_filter(&format!("trustlint {version}"), "trustlint [version]");
    settings.add_filter(&regex::escape(&root().display().to_string()), "[root]");
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// One test per format, each a call of `$check(format)`, so that one changed format does not
/// hide another.
macro_rules! snapshot_tests {
    ($check:ident: $($name:ident => $format:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                $check($format);
            }
        )*
    };
}
pub(crate) use snapshot_tests;
