//! Files the walk meets that are not what they claim: FIFOs and huge ignore files, a huge or
//! special config, symlinked folders named on the command line, names that are not UTF-8.

use super::support::*;
use std::fs;
use std::path::Path;
use std::time::Duration;

fn mkfifo(path: &Path) {
    let o = std::process::Command::new("mkfifo")
        .arg(path)
        .output()
        .unwrap();
    assert!(o.status.success());
}

fn scan_limited(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut c = bin();
    c.args(["scan", dir.to_str().unwrap(), "--fail-on", "never"]);
    if !args.contains(&"--format") {
        c.args(["--format", "json"]);
    }
    c.args(args);
    run_limited(c, Duration::from_secs(60))
}

#[test]
fn a_fifo_named_like_an_ignore_file_or_the_config_never_hangs_the_scan() {
    let repo = repo_with(&[
        ("a.py", "A_URL = \"http://a.service.gc.ca\"\n"),
        ("sub/b.py", ""),
    ]);
    mkfifo(&repo.path().join(".gitignore"));
    mkfifo(&repo.path().join("sub/.ignore"));
    let o = scan_limited(repo.path(), &[]);
    let v = json(&o);
    assert_eq!(places(&v, "plain-http-url"), vec!["a.py:1:10"]);
    let skipped: Vec<&str> = v["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["code"] == "ignore-file-skipped")
        .map(|n| n["path"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, vec![".gitignore", "sub/.ignore"]);
    mkfifo(&repo.path().join("trustlint.toml"));
    let o = scan_limited(repo.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("trustlint.toml: cannot read config: not a regular file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_huge_ignore_file_is_not_applied_and_said_so_and_a_huge_config_is_refused() {
    let globs: String = (0..60_000)
        .map(|i| format!("*{i}*x?[ab]*/**/q{i}*\n"))
        .collect();
    assert!(globs.len() > 1_500_000);
    let repo = repo_with(&[
        ("a.py", "A_URL = \"http://a.service.gc.ca\"\n"),
        (".gitignore", &globs),
        ("keep/.gitignore", "ignored.py\n"),
        ("keep/ignored.py", "B_URL = \"http://b.service.gc.ca\"\n"),
    ]);
    let v = json(&scan_limited(repo.path(), &[]));
    assert_eq!(places(&v, "plain-http-url"), vec!["a.py:1:10"]);
    assert!(v["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["code"] == "ignore-file-skipped" && n["path"] == ".gitignore"));
    // A sparse 3 GB config is refused at once, not read.
    let f = fs::File::create(repo.path().join("trustlint.toml")).unwrap();
    f.set_len(3 << 30).unwrap();
    let o = scan_limited(repo.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("over the 1048576-byte limit"),
        "{}",
        stderr(&o)
    );
}

#[cfg(unix)]
#[test]
fn files_named_on_the_command_line_are_resolved_as_the_walk_resolves_them() {
    let outside = repo_with(&[("x.py", "X_URL = \"http://outside.service.gc.ca\"\n")]);
    let repo = repo_with(&[("in.py", "Y_URL = \"http://in.service.gc.ca\"\n")]);
    std::os::unix::fs::symlink(outside.path(), repo.path().join("link")).unwrap();
    let mut c = bin();
    c.current_dir(repo.path()).args([
        "scan",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--files",
        "link/x.py",
        "in.py",
    ]);
    let v = json(&run_limited(c, Duration::from_secs(60)));
    assert_eq!(places(&v, "plain-http-url"), vec!["in.py:1:10"]);
    assert!(v["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["code"] == "symlink-skipped" && n["path"] == "link/x.py"));
    let mut c = bin();
    c.current_dir(repo.path())
        .args(["scan", "--fail-on", "never", "--files", "missing.py"]);
    let o = run_limited(c, Duration::from_secs(60));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("missing.py: no such file"),
        "{}",
        stderr(&o)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn names_that_differ_only_in_invalid_utf8_are_two_files_and_both_are_reported() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let repo = repo_with(&[]);
    for (name, host) in [
        (&b"a\xff.py"[..], "one"),
        (b"a\xfe.py", "two"),
        (b"a%FF.py", "three"),
    ] {
        fs::write(
            repo.path().join(OsStr::from_bytes(name)),
            format!("U_URL = \"http://{host}.service.gc.ca\"\n"),
        )
        .unwrap();
    }
    let v = json(&scan_limited(repo.path(), &[]));
    assert_eq!(
        places(&v, "plain-http-url"),
        vec!["a%25FF.py:1:10", "a%FE.py:1:10", "a%FF.py:1:10"]
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&scan_limited(repo.path(), &["--format", "sarif"]).stdout).unwrap();
    let mut uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "plain-http-url")
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    uris.sort();
    assert_eq!(uris, vec!["a%25FF.py", "a%FE.py", "a%FF.py"]);
    let text = stdout(&scan_limited(repo.path(), &["--format", "text"]));
    assert!(
        text.contains("--> a\\xff.py:1:10") && text.contains("--> a\\xfe.py:1:10"),
        "{text}"
    );
}
