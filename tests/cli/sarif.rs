//! SARIF for GitHub code scanning: its rules, filtering, tags and size limits.

use crate::util::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

#[test]
fn sarif_meets_github_code_scanning_rules() {
    let sarif = sarif_of(
        &root().join("fixtures/tls-verification-disabled/fail"),
        &["--sarif-all"],
    );
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["automationDetails"]["id"], "trustlint/");
    assert_eq!(run0["invocations"][0]["executionSuccessful"], true);
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "each rule listed once");
    for r in rules {
        for key in ["shortDescription", "fullDescription", "help", "helpUri"] {
            assert!(!r[key].is_null(), "{}: {key}", r["id"]);
        }
        assert!(r["help"]["markdown"].is_string());
        assert!(r["properties"]["security-severity"].is_string());
        assert!(r["properties"]["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "security" || t == "privacy"));
    }
    let results = run0["results"].as_array().unwrap();
    let tls = results
        .iter()
        .filter(|r| r["ruleId"] == "tls-verification-disabled")
        .count();
    assert_eq!(tls, 11);
    let others = results
        .iter()
        .filter(|r| r["ruleId"] != "tls-verification-disabled");
    for r in others {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            region["startLine"], 1,
            "only repository-level findings besides TLS: {r}"
        );
    }
    for res in results {
        let loc = &res["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(loc["region"]["startLine"].as_i64().unwrap() >= 1);
        assert!(res["partialFingerprints"]["primaryLocationLineHash"].is_string());
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"]);
    }
}

#[test]
fn sarif_carries_every_level_whatever_fail_on_and_sarif_out_writes_a_file() {
    let dir = root().join("fixtures/deployment-unscripted/fail");
    let count = |v: &Value| v["runs"][0]["results"].as_array().unwrap().len();
    // deployment-unscripted is a warning: still in SARIF at --fail-on error.
    let default = sarif_of(&dir, &[]);
    assert!(default["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["level"] == "warning"));
    let all = sarif_of(&dir, &["--sarif-all"]);
    assert_eq!(count(&all), count(&default));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out.sarif");
    let o = run(&[
        "scan",
        dir.to_str().unwrap(),
        "--sarif-out",
        out.to_str().unwrap(),
        "--fail-on",
        "warning",
    ]);
    assert!(
        stdout(&o).contains("warning[deployment-unscripted]"),
        "text still on stdout"
    );
    let written: Value = serde_json::from_str(&fs::read_to_string(out).unwrap()).unwrap();
    assert!(written["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["ruleId"] == "deployment-unscripted"));
}

#[test]
fn sarif_tags_carry_the_control_crosswalk() {
    let sarif = sarif_of(&root().join("fixtures/plain-http-url/fail"), &[]);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let http = rules.iter().find(|r| r["id"] == "plain-http-url").unwrap();
    let tags: Vec<&str> = http["properties"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    for t in [
        "security",
        "gc-dsp-5.2.5",
        "nist-800-53/SC-8",
        "nist-800-53/SC-13",
    ] {
        assert!(tags.contains(&t), "{t} in {tags:?}");
    }
}

#[test]
fn sarif_stays_within_github_limits_keeping_the_most_severe() {
    // 25,010 plain-HTTP errors, plus repository-level warnings.
    let lines: String = (0..25_010)
        .map(|i| format!("requests.get(\"http://h{i}.service.gc.ca\")\n"))
        .collect();
    let caps = "[scan]\nmax-findings-per-rule = 30000\nmax-findings-per-file = 30000\n";
    let repo = repo_with(&[("many.py", &lines), ("trustlint.toml", caps)]);
    let sarif = sarif_of(repo.path(), &["--sarif-all"]);
    let run0 = &sarif["runs"][0];
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 25_000);
    assert!(
        results.iter().all(|r| r["level"] == "error"),
        "warnings go first"
    );
    let notes = run0["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    let cut = notes
        .iter()
        .find(|n| n["properties"]["code"] == "results-truncated")
        .unwrap();
    let total = scan_json(repo.path(), &[])["findings"]
        .as_array()
        .unwrap()
        .len();
    let expected = format!("{} of {total} results left out", total - 25_000);
    assert!(
        cut["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(&expected),
        "{cut}"
    );
}

#[test]
fn sarif_names_the_checkout_it_read_without_credentials() {
    let repo = repo_with(&[("svc/app.py", "URL = \"http://api.example.ca/v1\"\n")]);
    let dir = repo.path();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "first"]);
    git(
        dir,
        &[
            "remote",
            "add",
            "origin",
            "https://deploy:ghp_notarealtoken0000@github.com/example/svc.git",
        ],
    );
    let provenance = |extra: &[&str], at: &Path| -> Value {
        let v: Value = serde_json::from_str(&stdout(&run(&[
            &[
                "scan",
                at.to_str().unwrap(),
                "--format",
                "sarif",
                "--fail-on",
                "never",
            ][..],
            extra,
        ]
        .concat())))
        .unwrap();
        v["runs"][0]["versionControlProvenance"].clone()
    };
    let top = provenance(&[], dir);
    assert_eq!(
        top[0]["repositoryUri"],
        "https://github.com/example/svc.git"
    );
    assert_eq!(top[0]["branch"], "main");
    assert_eq!(top[0]["revisionId"].as_str().unwrap().len(), 40);
    assert!(!top.to_string().contains("ghp_"), "{top}");
    // A folder inside the checkout is described only with the root its paths are relative to.
    let svc = dir.join("svc");
    assert!(provenance(&[], &svc).is_null());
    let root = dir.to_str().unwrap();
    assert_eq!(provenance(&["--sarif-root", root], &svc), top);
    // Outside git, nothing.
    let plain = repo_with(&[("app.py", "print(1)\n")]);
    assert!(provenance(&[], plain.path()).is_null());
}
