//! Where code runs: findings in tests, examples, vendored and generated code are left out by
//! the rules that report production code only, and counted; a live credential is reported in
//! a test file and says where it is; the configuration moves paths between contexts and
//! widens a rule; `--min-confidence` narrows.

use crate::util::*;
use serde_json::Value;

const LIVE_NPM: &str = "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";

fn service(config: &str) -> tempfile::TempDir {
    let test_file = format!("API = \"http://staging.service.gc.ca/v1\"\nNPM = \"{LIVE_NPM}\"\n");
    repo_with(&[
        ("trustlint.toml", config),
        (
            "src/main.rs",
            "mod api;\nconst PARTNER: &str = \"http://partner.service.gc.ca/api\";\nfn main() { let _ = reqwest::get(PARTNER); }\n\n#[cfg(test)]\nmod tests {\n    const MOCK_API: &str = \"http://mock.service.gc.ca/api\";\n}\n",
        ),
        ("src/api.rs", "pub fn f() {}\n#[cfg(test)]\nmod tests;\n"),
        (
            "src/api/tests.rs",
            "const API_URL: &str = \"http://api-test.service.gc.ca/x\";\n",
        ),
        ("tests/test_client.py", &test_file),
        ("qa/smoke.py", "API = \"http://qa.service.gc.ca/v1\"\n"),
        (
            "examples/demo.py",
            "API = \"http://demo.service.gc.ca/v1\"\n",
        ),
        (
            "static/vendor/lib.min.js",
            "var u=\"http://cdn.service.gc.ca/x\";\n",
        ),
        ("app.py", "API = \"http://prod.service.gc.ca/v1\"\n"),
    ])
}

fn finding<'a>(v: &'a Value, rule: &str, path: &str) -> Option<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == rule && f["path"] == path)
}

#[test]
fn production_rules_leave_out_tests_examples_and_vendored_code_and_count_them() {
    let dir = service("");
    let v = scan_json(dir.path(), &[]);
    assert_eq!(
        places(&v, "plain-http-url"),
        vec!["app.py:1:8", "qa/smoke.py:1:8", "src/main.rs:2:24"],
        "the test module, the file it pulls in, tests/, examples/ and the bundle are left out"
    );
    // Left out: the test module, src/api/tests.rs, tests/ and examples/; the vendored bundle
    // is not even read.
    assert_eq!(v["stats"]["outside_context"], 4);
    let text = stdout(&run(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--fail-on",
        "never",
    ]));
    assert!(
        text.contains("4 finding(s) in code that does not run in production"),
        "{text}"
    );
}

#[test]
fn a_live_credential_is_reported_in_a_test_file_with_its_context() {
    let dir = service("");
    let v = scan_json(dir.path(), &[]);
    let f = finding(&v, "secret-hardcoded", "tests/test_client.py").expect("reported in a test");
    assert_eq!(f["context"], "test");
    assert_eq!(f["confidence"], "high");
    assert_eq!(f["severity"], "error");
    let prod = finding(&v, "plain-http-url", "app.py").unwrap();
    assert!(
        prod.get("context").is_none(),
        "production is the default, not shown"
    );
    let sarif = sarif_of(dir.path(), &["--fail-on", "never", "--sarif-all"]);
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "secret-hardcoded")
        .unwrap();
    assert_eq!(result["properties"]["context"], "test");
    assert_eq!(result["properties"]["confidence"], "high");
}

#[test]
fn the_configuration_moves_paths_between_contexts_and_widens_a_rule() {
    let dir = service(
        "[scan]\ntest-paths = [\"qa/**\"]\nproduction-paths = [\"examples/**\"]\n\n[rules.plain-http-url]\ncontexts = [\"production\", \"test\"]\n",
    );
    let v = scan_json(dir.path(), &[]);
    let found = places(&v, "plain-http-url");
    for want in [
        "app.py:1:8",
        "examples/demo.py:1:8",
        "qa/smoke.py:1:8",
        "src/api/tests.rs:1:24",
        "src/main.rs:7:29",
        "tests/test_client.py:1:8",
    ] {
        assert!(found.contains(&want.to_string()), "{want} in {found:?}");
    }
    assert!(
        !found.iter().any(|f| f.starts_with("static/")),
        "vendored code stays out: {found:?}"
    );
    let qa = finding(&v, "plain-http-url", "qa/smoke.py").unwrap();
    assert_eq!(qa["context"], "test");
}

#[test]
fn a_bad_context_name_or_glob_is_an_error_with_its_line() {
    let dir = repo_with(&[("trustlint.toml", "[scan]\ntest-paths = [\"a/{b\"]\n")]);
    let o = run(&["scan", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("trustlint.toml:2") && err.contains("test-paths"),
        "{err}"
    );
    let dir = repo_with(&[(
        "trustlint.toml",
        "[rules.plain-http-url]\ncontexts = [\"staging\"]\n",
    )]);
    let o = run(&["scan", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("staging") && err.contains("production"),
        "{err}"
    );
}

#[test]
fn medium_confidence_errors_are_warnings_and_min_confidence_leaves_them_out() {
    // A fallback to a literal that is not a live credential is reported with the confidence
    // its rule gives; whatever the split, `--min-confidence high` keeps only high ones.
    let dir = repo_with(&[(
        "app/settings.py",
        "import os\nSECRET_KEY = os.getenv(\"SECRET_KEY\", \"dev\")\npassword = \"Zq8vL2xWm7Rk4TpB\"\nAPI = \"http://prod.service.gc.ca/v1\"\n",
    )]);
    let all = scan_json(dir.path(), &[]);
    let findings = all["findings"].as_array().unwrap();
    for f in findings {
        if f["confidence"] == "medium" {
            assert_ne!(f["severity"], "error", "{f}");
        }
    }
    let high = scan_json(dir.path(), &["--min-confidence", "high"]);
    let medium = findings
        .iter()
        .filter(|f| f["confidence"] == "medium")
        .count();
    assert_eq!(
        high["findings"].as_array().unwrap().len() + medium,
        findings.len()
    );
    assert_eq!(high["stats"]["below_confidence"], medium);
    assert!(high["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["confidence"] == "high"));
}
