//! `trustlint.toml` and user rules: what they set, the errors they give (with file and line),
//! `init`; and every error message the command line gives, in one snapshot.

use crate::util::*;
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::Output;

/// Scans a repository holding only this config; it must exit 2. Returns standard error.
fn config_error(config: &str) -> String {
    let repo = repo_with(&[("trustlint.toml", config)]);
    let o = run(&["scan", repo.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn config_errors_name_the_file_and_line_and_exit_2() {
    let err = config_error("stage = \"beta\"\n\n[scan]\nexclud = []\n");
    assert!(
        err.contains("trustlint.toml:4: unknown field `exclud`"),
        "{err}"
    );
    let err = config_error("[rules.no-such-rule]\nseverity = \"note\"\n");
    assert!(
        err.contains("trustlint.toml:1: unknown rule id `no-such-rule`"),
        "{err}"
    );
    let err = config_error("[rules.plain-http-url]\nenabled = false\n");
    assert!(
        err.contains("trustlint.toml:1:") && err.contains("without a `reason`"),
        "{err}"
    );
}

#[test]
fn user_rule_errors_name_the_file_and_line() {
    let rule = fs::read_to_string(root().join("rules/https/plain-http-url.toml")).unwrap();
    let cases = [
        (rule.replace("comments = \"skip\"", "comments = \"skip\"\ncoments = 1"), "unknown field `coments`"),
        (rule.replace("id = \"plain-http-url\"", "id = \"Plain_HTTP\""), "must be kebab-case"),
        (rule.replace("checklist = [\"5.2.5\", \"5.1.B9\"]", "checklist = [\"9.9.9\"]"), "unknown checklist item `9.9.9`"),
        (rule.replace("comments = \"skip\"", "comments = \"skip\"\n[[inspect.text-pattern.also]]\nfiles = [\"*\"]\npattern = \"(unclosed\""), "invalid regex"),
        (rule.clone(), "already defined"),
    ];
    for (text, expected) in cases {
        let repo = repo_with(&[
            ("trustlint.toml", "[scan]\nrule-dirs = [\"r\"]\n"),
            ("r/x.toml", &text),
        ]);
        let o = run(&["scan", repo.path().to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{expected}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("r/x.toml:") && err.contains(expected),
            "{expected}: {err}"
        );
        let line: u32 = err
            .split("x.toml:")
            .nth(1)
            .unwrap()
            .split(':')
            .next()
            .unwrap()
            .parse()
            .unwrap_or(0);
        assert!(line >= 1, "{expected}: no line in {err}");
    }
}

#[test]
fn config_sets_stage_severity_exclusions_and_user_rules() {
    let rule = fs::read_to_string(root().join("rules/https/plain-http-url.toml"))
        .unwrap()
        .replace("id = \"plain-http-url\"", "id = \"team-plain-http-url\"");
    let repo = repo_with(&[
        (
            "trustlint.toml",
            "stage = \"beta\"\n[scan]\nexclude = [\"vendor/**\"]\nrule-dirs = [\"policy\"]\n[rules.plain-http-url]\nseverity = \"note\"\n",
        ),
        ("policy/team-plain-http-url.toml", &rule),
        ("app.py", "U_URL = \"http://api.service.gc.ca\"\n"),
        ("vendor/lib.py", "U_URL = \"http://api.service.gc.ca\"\n"),
    ]);
    let report = scan_json(repo.path(), &["--stage", "beta"]);
    let findings = report["findings"].as_array().unwrap();
    let http: Vec<&Value> = findings
        .iter()
        .filter(|f| {
            f["rule_id"] == "plain-http-url" && f["path"].as_str().unwrap().ends_with(".py")
        })
        .collect();
    assert_eq!(http.len(), 1, "vendor/ is excluded");
    assert_eq!(http[0]["severity"], "note");
    assert!(findings
        .iter()
        .any(|f| f["rule_id"] == "team-plain-http-url" && f["path"] == "app.py"));
    // Beta rules ran: security-policy-missing anchors on the config, a real file.
    let sec = findings
        .iter()
        .find(|f| f["rule_id"] == "security-policy-missing")
        .unwrap();
    assert_eq!(sec["path"], "trustlint.toml");
    // At alpha, the beta rule is not due.
    let alpha = scan_json(repo.path(), &["--stage", "alpha"]);
    assert!(!alpha["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule_id"] == "security-policy-missing"));
}

#[test]
fn attestations_may_not_be_due_further_ahead_than_max_attestation_months() {
    let far = "[[attestation]]\nitem = \"5.1.3\"\nby = \"x\"\ndate = 2026-01-01\nevidence = \"https://x\"\nreview-by = 2028-07-01\n";
    let err = config_error(far);
    assert!(
        err.contains("trustlint.toml:1: attestation of item 5.1.3: `review-by` 2028-07-01 is more than 24 months ahead (after 2028-06-30)"),
        "{err}"
    );
    // Just inside the default window, and a longer window chosen on purpose, are accepted.
    let dir = tempfile::tempdir().unwrap();
    for text in [
        far.replace("2028-07-01", "2028-06-30"),
        format!("max-attestation-months = 36\n{far}"),
    ] {
        fs::write(dir.path().join("trustlint.toml"), text).unwrap();
        let o = run(&["scan", dir.path().to_str().unwrap(), "--fail-on", "never"]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn attestation_errors_name_the_line() {
    let err = config_error("stage = \"beta\"\n\n[[attestation]]\nitem = \"5.9.9\"\nstatus = \"not-applicable\"\nreason = \"x\"\n");
    assert!(
        err.contains("trustlint.toml:3: attestation for unknown checklist item `5.9.9`"),
        "{err}"
    );
    let future = "[[attestation]]\nitem = \"5.1.3\"\nby = \"x\"\ndate = 2030-01-01\nevidence = \"https://x\"\nreview-by = 2031-01-01\n";
    let err = config_error(future);
    assert!(
        err.contains(
            "trustlint.toml:1: attestation of item 5.1.3 is dated 2030-01-01, in the future"
        ),
        "{err}"
    );
    let err = config_error("[[attestation]]\nitem = \"5.1.3\"\nby = \"x\"\n");
    assert!(err.contains("lacks date, evidence, review-by"), "{err}");
}

#[test]
fn ignore_entries_need_a_reason_and_known_rules() {
    let err = config_error("[[ignore]]\nrules = [\"plain-http-url\"]\npaths = [\"x/**\"]\n");
    assert!(
        err.contains("trustlint.toml:1:") && err.contains("reason"),
        "{err}"
    );
    let err = config_error("[[ignore]]\nrules = [\"nope\"]\npaths = [\"x/**\"]\nreason = \"r\"\n");
    assert!(
        err.contains("trustlint.toml:1: `[[ignore]]` names unknown rule id `nope`"),
        "{err}"
    );
}

#[test]
fn route_patterns_in_the_config_are_checked_with_their_line() {
    let err =
        config_error("stage = \"alpha\"\n\n[routes]\npublic = [\"/health\", \"/api/[open\"]\n");
    assert!(
        err.contains("trustlint.toml:4:") && err.contains("/api/[open"),
        "{err}"
    );
}

#[test]
fn a_user_regex_too_large_to_compile_is_a_clear_error() {
    let rule = fs::read_to_string(root().join("rules/https/plain-http-url.toml"))
        .unwrap()
        .replace("id = \"plain-http-url\"", "id = \"team-huge\"")
        .replace(
            "comments = \"skip\"",
            "comments = \"skip\"\nunless-match = ['(?:a{1000}){1000}']",
        );
    let repo = repo_with(&[
        ("trustlint.toml", "[scan]\nrule-dirs = [\"r\"]\n"),
        ("r/huge.toml", &rule),
    ]);
    let o = run(&["scan", repo.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("r/huge.toml:") && err.contains("exceeds size limit"),
        "{err}"
    );
}

#[test]
fn init_writes_a_starter_config_that_parses_and_refuses_to_overwrite() {
    let repo = repo_with(&[("README.md", "# x\n")]);
    let path = repo.path().join("trustlint.toml");
    let o = run(&[
        "init",
        "--output",
        path.to_str().unwrap(),
        "--stage",
        "beta",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("stage = \"beta\"") && text.contains("[profile]"));
    // One block per attest item due at beta (5.1.3 ... 5.2.10), none for live's 5.1.L1.
    for id in [
        "5.1.3", "5.1.5", "5.1.8", "5.1.9", "5.1.12", "5.1.A1", "5.1.A2", "5.1.B4", "5.2.2",
        "5.2.10",
    ] {
        assert!(text.contains(&format!("# item = \"{id}\"")), "{id}");
    }
    assert!(!text.contains("5.1.L1"));
    // The scan reads it without a config error.
    assert_ne!(
        run(&["scan", repo.path().to_str().unwrap()]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["init", "--output", path.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["init", "--output", path.to_str().unwrap(), "--force"])
            .status
            .code(),
        Some(0)
    );
}

/// Every error the command line can produce, in one reviewed snapshot
/// (`tests/data/errors.snap`; `TRUSTLINT_BLESS=1 cargo test` rewrites it).
#[test]
fn every_error_message_names_the_place_and_what_to_do() {
    let rule = fs::read_to_string(root().join("rules/https/plain-http-url.toml")).unwrap();
    let team = |from: &str, to: &str| {
        rule.replace("id = \"plain-http-url\"", "id = \"team-rule\"")
            .replace(from, to)
    };
    let config_cases: Vec<(&str, String)> = vec![
        ("unknown config key", "[scan]\nexclud = []\n".into()),
        ("bad stage", "stage = \"gamma\"\n".into()),
        ("unknown rule in [rules]", "[rules.no-such-rule]\nseverity = \"note\"\n".into()),
        ("rule off without reason", "[rules.plain-http-url]\nenabled = false\n".into()),
        ("attestation for an unknown item", "[[attestation]]\nitem = \"5.9.9\"\nstatus = \"not-applicable\"\nreason = \"x\"\n".into()),
        ("attestation in the future", "[[attestation]]\nitem = \"5.1.3\"\nby = \"x\"\ndate = 2030-01-01\nevidence = \"https://x\"\nreview-by = 2031-01-01\n".into()),
        ("attestation reviewed too far ahead", "[[attestation]]\nitem = \"5.1.3\"\nby = \"x\"\ndate = 2026-01-01\nevidence = \"https://x\"\nreview-by = 2999-01-01\n".into()),
        ("max-attestation-months out of range", "max-attestation-months = 0\n".into()),
        ("attestation lacking fields", "[[attestation]]\nitem = \"5.1.3\"\nby = \"x\"\n".into()),
        ("not applicable without reason", "[[attestation]]\nitem = \"5.1.3\"\nstatus = \"not-applicable\"\n".into()),
        ("ignore without reason", "[[ignore]]\nrules = [\"plain-http-url\"]\npaths = [\"x/**\"]\nreason = \"\"\n".into()),
        ("ignore of an unknown rule", "[[ignore]]\nrules = [\"nope\"]\npaths = [\"x/**\"]\nreason = \"r\"\n".into()),
        ("rule folder outside the repository", "[scan]\nrule-dirs = [\"../elsewhere\"]\n".into()),
        ("user rule with an unknown key", "[scan]\nrule-dirs = [\"r\"]\n".into()),
        ("user rule with a bad id", "[scan]\nrule-dirs = [\"r2\"]\n".into()),
        ("user rule with an unknown checklist item", "[scan]\nrule-dirs = [\"r3\"]\n".into()),
        ("user rule with a bad regex", "[scan]\nrule-dirs = [\"r4\"]\n".into()),
        ("user rule duplicating a shipped id", "[scan]\nrule-dirs = [\"r5\"]\n".into()),
    ];
    let mut snap = String::new();
    let mut record = |name: &str, o: Output, repo: &Path| {
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&o.stderr).replace(repo.to_str().unwrap(), "<repo>");
        snap.push_str(&format!("## {name}\n{}\n", err.trim_end()));
    };
    for (name, config) in config_cases {
        let repo = repo_with(&[
            ("trustlint.toml", &config),
            (
                "r/rule.toml",
                &team("comments = \"skip\"", "comments = \"skip\"\ncoments = 1"),
            ),
            (
                "r2/rule.toml",
                &rule.replace("id = \"plain-http-url\"", "id = \"Team_Rule\""),
            ),
            (
                "r3/rule.toml",
                &team(
                    "checklist = [\"5.2.5\", \"5.1.B9\"]",
                    "checklist = [\"9.9.9\"]",
                ),
            ),
            (
                "r4/rule.toml",
                &team(
                    "comments = \"skip\"",
                    "comments = \"skip\"\nunless-match = ['(unclosed']",
                ),
            ),
            ("r5/rule.toml", &rule),
        ]);
        record(
            name,
            run(&["scan", repo.path().to_str().unwrap()]),
            repo.path(),
        );
    }
    let repo = repo_with(&[("a.py", "x = 1\n"), ("not-a-baseline.json", "{}")]);
    let p = repo.path();
    let ps = p.to_str().unwrap();
    let b = p.join("not-a-baseline.json");
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("not a directory", vec!["scan", "/nonexistent/repo"]),
        (
            "not a baseline",
            vec!["scan", ps, "--baseline", b.to_str().unwrap()],
        ),
        (
            "missing baseline",
            vec!["scan", ps, "--baseline", "/nonexistent/b.json"],
        ),
        (
            "diff base that is not a revision",
            vec!["scan", ps, "--diff-base=--output=/tmp/x"],
        ),
        (
            "diff base outside git",
            vec!["scan", ps, "--diff-base", "main"],
        ),
        (
            "missing diff file",
            vec!["scan", ps, "--diff-file", "/nonexistent/d.patch"],
        ),
        (
            "output that cannot be written",
            vec!["scan", ps, "--output", "/nonexistent/dir/out.txt"],
        ),
        ("explain an unknown id", vec!["explain", "no-such-rule"]),
        (
            "init over an existing file",
            vec!["init", "--output", b.to_str().unwrap()],
        ),
        ("unknown format", vec!["scan", ps, "--format", "xml"]),
    ];
    for (name, args) in cases {
        record(name, run(&args), p);
    }
    let o = bin()
        .env("TRUSTLINT_TODAY", "someday")
        .args(["scan", ps])
        .output()
        .unwrap();
    record("bad TRUSTLINT_TODAY", o, p);
    #[cfg(unix)]
    {
        let linked = repo_with(&[("real.toml", "stage = \"beta\"\n")]);
        std::os::unix::fs::symlink(
            linked.path().join("real.toml"),
            linked.path().join("trustlint.toml"),
        )
        .unwrap();
        record(
            "config that is a symlink",
            run(&["scan", linked.path().to_str().unwrap()]),
            linked.path(),
        );
    }
    let path = root().join("tests/data/errors.snap");
    if std::env::var_os("TRUSTLINT_BLESS").is_some() {
        fs::write(&path, &snap).unwrap();
    }
    assert_eq!(
        fs::read_to_string(&path).unwrap_or_default(),
        snap,
        "run TRUSTLINT_BLESS=1 cargo test and review tests/data/errors.snap"
    );
}
