//! Bounded work and memory: one huge line, a repository's own runaway regex, config numbers
//! that overflow.

use super::support::*;
use std::fs;
use std::time::{Duration, Instant};

/// A minified line of about 2 MB with 8,000 plain-HTTP URLs.
fn minified() -> String {
    let filler = "x".repeat(200);
    let mut line = String::new();
    for i in 0..8_000 {
        line.push_str(&format!(
            "var a{i}Url=\"http://h{i}.service.gc.ca/p\";/*{filler}*/"
        ));
    }
    line.push('\n');
    line
}

#[test]
fn one_huge_line_with_thousands_of_matches_keeps_windows_and_caps_findings_with_a_count() {
    let repo = repo_with(&[("app.ts", &minified())]);
    let v = json(&scan_env(repo.path(), &[], &["--format", "json"]));
    let findings: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "plain-http-url")
        .collect();
    assert_eq!(findings.len(), 100, "the default cap per rule and file");
    let note = v["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "findings-capped")
        .expect("a notification says how many were left out");
    assert!(
        note["message"]
            .as_str()
            .unwrap()
            .starts_with("7900 more finding(s) of rule plain-http-url"),
        "{note}"
    );
    // Text shows a window of the line at each finding, never the line itself.
    let text = stdout(&scan_env(repo.path(), &[], &["--format", "text"]));
    assert!(text.len() < 200_000, "text output of {} bytes", text.len());
    let shown = text
        .lines()
        .find(|l| l.contains("| …") && l.contains("http://h5000.service.gc.ca"));
    assert!(shown.is_none() || shown.unwrap().chars().count() < 260);
    // The caps are the config's to set.
    let capped = repo_with(&[
        ("app.ts", &minified()),
        (
            "trustlint.toml",
            "[scan]\nmax-findings-per-rule = 7\nmax-findings-per-file = 5\n",
        ),
    ]);
    let v = json(&scan_env(capped.path(), &[], &["--format", "json"]));
    let n = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "app.ts")
        .count();
    assert_eq!(n, 5);
    let messages: Vec<&str> = v["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["code"] == "findings-capped")
        .map(|n| n["message"].as_str().unwrap())
        .collect();
    assert!(messages
        .iter()
        .any(|m| m.starts_with("7993 more finding(s) of rule plain-http-url")));
    assert!(messages
        .iter()
        .any(|m| m.starts_with("2 more finding(s) left out in this file")));
}

/// A repository rule whose pattern can run to the end of the file from every position.
fn runaway_rule() -> String {
    let rule = fs::read_to_string(root().join("rules/https/plain-http-url.toml")).unwrap();
    let start = rule.find("\npattern = ").unwrap() + 1;
    let end = start + rule[start..].find('\n').unwrap();
    let mut out = rule.clone();
    out.replace_range(
        start..end,
        "pattern = '''[\\s\\S]*Q|a'''\nunless-match = ['^zz']",
    );
    out.replace("id = \"plain-http-url\"", "id = \"team-runaway\"")
}

#[test]
fn a_repository_regex_that_runs_to_the_end_of_the_file_is_cut_short_and_said_so() {
    let text = "a b ".repeat(75_000);
    let repo = repo_with(&[
        ("big.js", &text),
        ("trustlint.toml", "[scan]\nrule-dirs = [\"r\"]\n"),
        ("r/runaway.toml", &runaway_rule()),
    ]);
    let start = Instant::now();
    let mut c = bin();
    c.args([
        "scan",
        repo.path().to_str().unwrap(),
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    let o = run_limited(c, Duration::from_secs(60));
    let v = json(&o);
    let elapsed = start.elapsed();
    let notes = v["notifications"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["code"] == "rule-cut-short" && n["path"] == "big.js"),
        "{notes:?}"
    );
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
}

#[test]
fn config_numbers_out_of_range_are_errors_with_their_line() {
    for (key, value) in [
        ("max-file-size", "18446744073709551615"),
        ("max-file-size", "0"),
        ("max-total-size", "-5"),
        ("max-findings-per-rule", "0"),
        ("max-findings-per-file", "9223372036854775807"),
    ] {
        let repo = repo_with(&[
            ("a.py", "A_URL = \"http://a.service.gc.ca\"\n"),
            (
                "trustlint.toml",
                &format!("stage = \"alpha\"\n[scan]\n{key} = {value}\n"),
            ),
        ]);
        let o = scan_env(repo.path(), &[], &[]);
        assert_eq!(o.status.code(), Some(2), "{key} = {value}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.contains("trustlint.toml:3:"), "{key} = {value}: {err}");
    }
    let repo = repo_with(&[("trustlint.toml", "review-period-months = 4294967296\n")]);
    let o = scan_env(repo.path(), &[], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("trustlint.toml:1:"), "{}", stderr(&o));
}
