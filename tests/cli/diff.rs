//! Reporting less than everything: baselines, diff-aware scans and files mode.

use crate::util::*;
use serde_json::Value;
use std::fs;

#[test]
fn baseline_reports_only_new_findings_even_after_lines_move() {
    let repo = repo_with(&[(
        "app.py",
        "A_URL = \"http://a.service.gc.ca\"\nB_URL = \"http://b.service.gc.ca\"\n",
    )]);
    let base = repo.path().join("baseline.json");
    let o = run(&[
        "baseline",
        repo.path().to_str().unwrap(),
        "--output",
        base.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    // Lines inserted above, the two findings swapped, one new finding.
    fs::write(
        repo.path().join("app.py"),
        "import os\n\nB_URL = \"http://b.service.gc.ca\"\nA_URL = \"http://a.service.gc.ca\"\nC_URL = \"http://c.service.gc.ca\"\n",
    )
    .unwrap();
    let v = scan_json(repo.path(), &["--baseline", base.to_str().unwrap()]);
    let http: Vec<String> = places(&v, "plain-http-url");
    assert_eq!(http, vec!["app.py:5:10"]);
    assert!(v["stats"]["baselined"].as_u64().unwrap() >= 2);
    // A file that is not a baseline is a clear error.
    fs::write(&base, "{\"findings\": []}").unwrap();
    let o = run(&[
        "scan",
        repo.path().to_str().unwrap(),
        "--baseline",
        base.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a trustlint baseline"));
}

#[test]
fn diff_aware_scans_report_only_new_lines_and_new_repository_findings() {
    let repo = git_repo(&[
        ("app.py", "A_URL = \"http://a.service.gc.ca\"\n\n\nB = 1\n"),
        ("README.md", "# x\n"),
    ]);
    let p = repo.path();
    fs::write(
        p.join("app.py"),
        "A_URL = \"http://a.service.gc.ca\"\n\n\nB_URL = \"http://b.service.gc.ca\"\n",
    )
    .unwrap();
    git(p, &["commit", "-qam", "change"]);
    let v = scan_json(p, &["--diff-base", "HEAD~1", "--stage", "beta"]);
    assert_eq!(
        places(&v, "plain-http-url"),
        vec!["app.py:4:10"],
        "the old URL is not reported"
    );
    // No SECURITY.md-related file changed: the repository-level finding is left out.
    assert!(places(&v, "security-policy-missing").is_empty());
    assert!(v["stats"]["outside_diff"].as_u64().unwrap() >= 2);
    // Touch a file the rule watches: now it is reported.
    fs::write(p.join("SECURITY.md"), "# Security\n").unwrap();
    git(p, &["add", "-A"]);
    git(p, &["commit", "-qm", "policy"]);
    let v = scan_json(p, &["--diff-base", "HEAD~1", "--stage", "beta"]);
    assert_eq!(
        places(&v, "security-policy-missing"),
        vec!["SECURITY.md:1:1"]
    );
    // The same from a unified diff, without git.
    let diff = repo_with(&[(
        "d.patch",
        "--- a/app.py\n+++ b/app.py\n@@ -1 +1 @@\n-x\n+A = 1\n",
    )]);
    let v = scan_json(
        p,
        &["--diff-file", diff.path().join("d.patch").to_str().unwrap()],
    );
    assert_eq!(places(&v, "plain-http-url"), vec!["app.py:1:10"]);
    // A base that is not a revision is an error, not a silent full scan.
    let o = run(&["scan", p.to_str().unwrap(), "--diff-base", "no-such-branch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot resolve `no-such-branch`"));
}

#[test]
fn diff_aware_scans_report_a_new_route_not_its_neighbours_nor_for_any_rust_change() {
    let main = "use axum::{routing::get, Router};\nasync fn h() {}\npub fn app() -> Router {\n    Router::new().route(\"/a\", get(h))\n}\n";
    let repo = git_repo(&[
        (
            "Cargo.toml",
            "[package]\nname = \"s\"\nversion = \"0.1.0\"\n\n[dependencies]\naxum = \"0.8\"\n",
        ),
        ("src/lib.rs", main),
        ("src/util.rs", "pub fn f() {}\n"),
    ]);
    let p = repo.path();
    fs::write(p.join("src/util.rs"), "pub fn f() {}\npub fn g() {}\n").unwrap();
    git(p, &["commit", "-qam", "unrelated"]);
    let v = scan_json(p, &["--diff-base", "HEAD~1"]);
    assert!(places(&v, "route-unauthenticated").is_empty(), "{v}");
    fs::write(
        p.join("src/lib.rs"),
        main.replace(
            ".route(\"/a\", get(h))",
            ".route(\"/a\", get(h))\n        .route(\"/b\", get(h))",
        ),
    )
    .unwrap();
    git(p, &["commit", "-qam", "new route"]);
    let v = scan_json(p, &["--diff-base", "HEAD~1"]);
    // `/a` was open in the base too: the change did not bring it, though its chain changed.
    assert_eq!(places(&v, "route-unauthenticated"), vec!["src/lib.rs:5:16"]);
}

#[test]
fn new_means_not_in_the_base_revision_for_lines_and_for_the_repository() {
    let repo = git_repo(&[
        ("app.py", "A_URL = \"http://a.service.gc.ca\"  # partner\n"),
        ("README.md", "# Intake\n"),
        (
            "SECURITY.md",
            "# Security\n\nReport to security@intake.example.gc.ca.\n",
        ),
    ]);
    let p = repo.path();
    let base_run = scan_json(p, &["--stage", "beta"]);
    assert!(!places(&base_run, "threat-model-missing").is_empty());
    // Editing the README and the comment on a reported line brings back nothing.
    fs::write(p.join("README.md"), "# Intake service\n").unwrap();
    fs::write(
        p.join("app.py"),
        "A_URL = \"http://a.service.gc.ca\"  # the partner's API\n",
    )
    .unwrap();
    git(p, &["commit", "-qam", "wording"]);
    let v = scan_json(p, &["--diff-base", "HEAD~1", "--stage", "beta"]);
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert!(ids.is_empty(), "{ids:?}");
    // Deleting SECURITY.md is new; so is a new URL; the old one is not.
    fs::remove_file(p.join("SECURITY.md")).unwrap();
    fs::write(
        p.join("app.py"),
        "A_URL = \"http://a.service.gc.ca\"  # the partner's API\nB_URL = \"http://b.service.gc.ca\"\n",
    )
    .unwrap();
    git(p, &["add", "-A"]);
    git(p, &["commit", "-qm", "drop policy"]);
    let v = scan_json(p, &["--diff-base", "HEAD~1", "--stage", "beta"]);
    assert!(!places(&v, "security-policy-missing").is_empty(), "{v}");
    assert_eq!(places(&v, "plain-http-url"), vec!["app.py:2:10"]);
    // The base is read from git objects into a folder of its own: nothing is written into
    // the repository.
    let status = std::process::Command::new("git")
        .args(["status", "--porcelain", "--ignored"])
        .current_dir(p)
        .output()
        .unwrap();
    assert!(
        status.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
}

#[test]
fn files_mode_scans_only_the_named_files_without_repository_rules() {
    let repo = repo_with(&[
        (
            "a.py",
            "A_URL = \"http://a.service.gc.ca\"\nrequests.get(A_URL)\n",
        ),
        ("b.py", "B_URL = \"http://b.service.gc.ca\"\n"),
    ]);
    let o = bin()
        .current_dir(repo.path())
        .args([
            "scan",
            "--format",
            "json",
            "--files",
            "a.py",
            "./a.py",
            "../escape.py",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        vec!["plain-http-url"],
        "no repository-level rules in files mode"
    );
    assert_eq!(places(&v, "plain-http-url"), vec!["a.py:1:10"]);
    assert!(v["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["code"] == "outside-root"));
}

#[test]
fn repository_findings_live_at_the_config_else_the_workflow_else_the_readme() {
    let repo = repo_with(&[("planted.py", "x = 1\n")]);
    let at = |v: &Value| {
        let f = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule_id"] == "threat-model-missing")
            .unwrap()
            .clone();
        (
            format!("{}:{}", f["path"].as_str().unwrap(), f["line"]),
            f["fingerprint"].as_str().unwrap().to_string(),
        )
    };
    // Never the first file walked.
    let (readme, fp) = at(&scan_json(repo.path(), &[]));
    assert_eq!(readme, "README.md:1");
    fs::create_dir_all(repo.path().join(".github/workflows")).unwrap();
    fs::write(
        repo.path().join(".github/workflows/t.yml"),
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: trustlint/trustlint@0123456789abcdef0123456789abcdef01234567 # v0.1.0\n",
    )
    .unwrap();
    let (workflow, fp2) = at(&scan_json(repo.path(), &[]));
    assert_eq!(workflow, ".github/workflows/t.yml:6");
    fs::write(
        repo.path().join("trustlint.toml"),
        "# policy\nstage = \"alpha\"\n[profile]\ncategory = \"protected-b\"\n",
    )
    .unwrap();
    let (config, fp3) = at(&scan_json(repo.path(), &[]));
    assert_eq!(config, "trustlint.toml:2");
    // The fingerprint does not depend on the anchor, so moving it reintroduces nothing.
    assert_eq!(fp, fp2);
    assert_eq!(fp, fp3);
}

#[test]
fn files_mode_honours_excludes_and_gitignore_and_refuses_missing_files() {
    let leak = "A_URL = \"http://a.service.gc.ca\"\n";
    let repo = repo_with(&[
        ("app.py", leak),
        ("fixtures/case/app.py", leak),
        ("build/gen/app.py", leak),
        ("trustlint.toml", "[scan]\nexclude = [\"fixtures/**\"]\n"),
        (".gitignore", "build/\n"),
    ]);
    let files = |names: &[&str]| {
        let mut args = vec!["scan", repo.path().to_str().unwrap(), "--format", "json"];
        args.push("--files");
        args.extend_from_slice(names);
        run(&args)
    };
    let o = files(&["app.py", "fixtures/case/app.py", "build/gen/app.py"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(places(&v, "plain-http-url"), vec!["app.py:1:10"]);
    // Only excluded or ignored files: nothing to report, the commit goes through.
    let o = files(&["fixtures/case/app.py", "build/gen/app.py"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(places(&v, "plain-http-url").is_empty());
    // A named file that is not there is an error.
    let o = files(&["app.py", "missing.py"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.py"));
    // An unreadable one too (permissions do not bind root, so only checked when they do).
    let locked = repo.path().join("locked.py");
    fs::write(&locked, leak).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(&locked).is_err() {
            let o = files(&["locked.py"]);
            assert_eq!(o.status.code(), Some(2));
            assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read"));
        }
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
    }
}
