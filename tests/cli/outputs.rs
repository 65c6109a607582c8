//! What `scan` prints: exit codes, JSON fields, text, Markdown, fingerprints, suppressions,
//! redaction, and a snapshot of each format.

use crate::util::*;
use std::path::Path;

#[test]
fn exit_codes_follow_the_contract() {
    let fail = root().join("fixtures/plain-http-url/fail");
    // The plain-HTTP URLs are errors: exit 1 at the default threshold.
    assert_eq!(
        run(&["scan", fail.to_str().unwrap(), "--format", "json"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(&["scan", fail.to_str().unwrap(), "--fail-on", "never"])
            .status
            .code(),
        Some(0)
    );
    // Scanning configured but deployment not scripted (a warning): 0 at error, 1 at warning.
    let audit = "jobs:\n  audit:\n    steps:\n      - run: cargo audit\n";
    let warn_only = repo_with(&[(".github/workflows/ci.yml", audit)]);
    let w = warn_only.path().to_str().unwrap();
    assert_eq!(run(&["scan", w]).status.code(), Some(0));
    assert_eq!(
        run(&["scan", w, "--fail-on", "warning"]).status.code(),
        Some(1)
    );
    let missing = run(&["scan", "/nonexistent/repo"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/repo: not a directory"));
    assert_eq!(run(&["scan", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(run(&["explain", "no-such-rule"]).status.code(), Some(2));
}

#[test]
fn json_findings_carry_the_contract_fields() {
    let report = scan_json(&root().join("fixtures/plain-http-url/fail"), &[]);
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "plain-http-url")
        .unwrap();
    for key in [
        "rule_id",
        "checklist",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "fingerprint",
        "suppressed",
    ] {
        assert!(!f[key].is_null(), "missing {key}");
    }
    assert_eq!(f["checklist"], serde_json::json!(["5.2.5", "5.1.B9"]));
    assert_eq!(f["suppressed"], false);
}

#[test]
fn text_output_shows_the_line_and_a_caret_without_colour_off_a_terminal() {
    let o = run(&[
        "scan",
        root()
            .join("fixtures/plain-http-url/fail")
            .to_str()
            .unwrap(),
    ]);
    let out = stdout(&o);
    assert!(out.contains(
        "warning[plain-http-url]: `http://api.service.gc.ca/v1/clients` is configured as an endpoint (key `API`) over plain HTTP"
    ));
    assert!(out.contains("--> src/client.py:3:8"));
    assert!(out.contains("3 | API = \"http://api.service.gc.ca/v1/clients\"\n  |        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"), "{out}");
    assert!(!out.contains('\x1b'), "no ANSI codes when not a terminal");
}

#[test]
fn french_switches_messages_and_help() {
    let o = run(&[
        "scan",
        root()
            .join("fixtures/plain-http-url/fail")
            .to_str()
            .unwrap(),
        "--lang",
        "fr",
    ]);
    let out = stdout(&o);
    assert!(out.contains("avertissement[plain-http-url]: `http://api.service.gc.ca/v1/clients` est configurée comme point de terminaison (clé `API`) en HTTP non chiffré"), "{out}");
    assert!(out.contains("aide: Remplacez l'URL"));
}

#[test]
fn markdown_is_a_table_a_pull_request_can_show() {
    let o = run(&[
        "scan",
        root()
            .join("fixtures/plain-http-url/fail")
            .to_str()
            .unwrap(),
        "--format",
        "markdown",
    ]);
    let out = stdout(&o);
    assert!(out.contains("| Severity | Rule | Checklist | Location | Message |"));
    assert!(out.contains("`src/client.py:3`"));
}

#[test]
fn fingerprints_survive_lines_inserted_above() {
    let before = repo_with(&[(
        "app.py",
        "A = 1\nU_URL = \"http://api.service.gc.ca\"\nV_URL = \"http://api.service.gc.ca\"\n",
    )]);
    let after = repo_with(&[("app.py", "# new\n# lines\nA = 1\n\nU_URL = \"http://api.service.gc.ca\"\nV_URL = \"http://api.service.gc.ca\"\n")]);
    let prints = |dir: &Path| -> Vec<(u64, String)> {
        scan_json(dir, &[])["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == "plain-http-url")
            .map(|f| {
                (
                    f["line"].as_u64().unwrap(),
                    f["fingerprint"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let (a, b) = (prints(before.path()), prints(after.path()));
    assert_eq!(a.iter().map(|x| x.0).collect::<Vec<_>>(), vec![2, 3]);
    assert_eq!(b.iter().map(|x| x.0).collect::<Vec<_>>(), vec![5, 6]);
    assert_eq!(
        a.iter().map(|x| &x.1).collect::<Vec<_>>(),
        b.iter().map(|x| &x.1).collect::<Vec<_>>()
    );
    assert_ne!(
        a[0].1, a[1].1,
        "identical matches get distinct fingerprints"
    );
}

#[test]
fn suppressed_findings_are_kept_with_their_reason_and_never_fail_the_build() {
    // Everything else in order, so that only the suppressed error could fail the build.
    let clean = repo_with(&[
        (".github/workflows/ci.yml", "jobs:\n  audit:\n    steps:\n      - run: cargo audit\n"),
        ("app.py", "# trustlint: ignore[plain-http-url] partner API, ticket OPS-142\nA_URL = \"http://a.service.gc.ca/api\"\n"),
    ]);
    let o = run(&[
        "scan",
        clean.path().to_str().unwrap(),
        "--format",
        "json",
        "--fail-on",
        "error",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "suppressed errors do not fail the build"
    );
    let dir = root().join("fixtures/suppression-unused/pass");
    let v = scan_json(&dir, &[]);
    let http = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "plain-http-url")
        .unwrap();
    assert_eq!(http["suppressed"], true);
    assert_eq!(http["suppression_reason"], "partner API, ticket OPS-142");
    assert_eq!(http["suppression_kind"], "in-source");
    let sarif = sarif_of(&dir, &["--sarif-all"]);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let s = results
        .iter()
        .find(|r| r["ruleId"] == "plain-http-url")
        .unwrap();
    assert_eq!(s["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        s["suppressions"][0]["justification"],
        "partner API, ticket OPS-142"
    );
    let e = results
        .iter()
        .find(|r| r["ruleId"] == "tls-verification-disabled")
        .unwrap();
    assert_eq!(e["suppressions"][0]["kind"], "external");
    assert_eq!(
        e["suppressions"][0]["justification"],
        "test scripts talk to a local proxy"
    );
}

#[test]
fn secrets_are_never_printed_in_full_in_any_format() {
    let dir = root().join("fixtures/secret-hardcoded/fail");
    let secrets = [
        "AKIAYDJ6HDRKJK5JJHRY",
        "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",
        "Vq7x!mR2pL9z",
        "k3J9#qLx2!vR8mZ4pW7t",
        "xoxb-494059739626-7428392080597-4IEYRYEMXL0JGiTHIWsqjDvT",
        "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ",
        "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",
        "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",
        "Wq8!vL2xZm7Rk4Tp",
    ];
    for format in ["text", "json", "sarif", "markdown"] {
        let out = stdout(&run(&[
            "scan",
            dir.to_str().unwrap(),
            "--format",
            format,
            "--sarif-all",
        ]));
        assert!(out.contains("…[redacted]"), "{format}: redaction marker");
        for s in secrets {
            assert!(!out.contains(s), "{format} printed {s}");
        }
    }
    let report = stdout(&run(&["report", dir.to_str().unwrap(), "--format", "json"]));
    assert!(secrets.iter().all(|s| !report.contains(s)));
}

/// One fixture in each format, whole: a change to any output shows in review.
fn scan_snapshot(format: &str) {
    let dir = root().join("fixtures/plain-http-url/fail");
    let args = ["scan", dir.to_str().unwrap(), "--format", format];
    snapshot_of_run(&format!("scan-{format}"), &args, 1);
}

snapshot_tests!(scan_snapshot:
    scan_text_matches_its_snapshot => "text",
    scan_json_matches_its_snapshot => "json",
    scan_sarif_matches_its_snapshot => "sarif",
    scan_markdown_matches_its_snapshot => "markdown",
);
