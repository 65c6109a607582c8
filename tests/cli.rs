//! Integration tests: the real `trustlint` binary on real files.

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary, with a fixed date so that review-date findings do not change with the calendar.
fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_trustlint"));
    c.env("TRUSTLINT_TODAY", TODAY);
    c
}

const TODAY: &str = "2026-06-30";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

/// Scans `dir` in `format` at stage live (unless `extra` names a stage) and parses the output.
fn scan_as(dir: &Path, format: &str, extra: &[&str]) -> Value {
    let mut args = vec!["scan", dir.to_str().unwrap(), "--format", format];
    if !extra.contains(&"--stage") {
        args.extend(["--stage", "live"]);
    }
    args.extend_from_slice(extra);
    let o = run(&args);
    assert!(
        o.status.code().is_some_and(|c| c < 2),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&stdout(&o)).expect("valid JSON")
}

fn scan_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["--fail-on", "never"];
    args.extend_from_slice(extra);
    scan_as(dir, "json", &args)
}

fn places(report: &Value, rule: &str) -> Vec<String> {
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

fn rule_ids() -> Vec<String> {
    let o = run(&["rules", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn cases(rule: &str) -> Vec<(String, PathBuf)> {
    let dir = root().join("fixtures").join(rule);
    let mut out: Vec<(String, PathBuf)> = fs::read_dir(&dir)
        .unwrap_or_else(|_| panic!("rule `{rule}` has no fixtures/{rule}/"))
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    out.sort();
    out
}

#[test]
fn every_fixture_reports_exactly_its_expected_places() {
    for rule in rule_ids() {
        for (name, dir) in cases(&rule) {
            let report = scan_json(&dir, &[]);
            let found = places(&report, &rule);
            if name.starts_with("fail") {
                let expect_file = dir.with_extension("expect");
                let text = fs::read_to_string(&expect_file)
                    .unwrap_or_else(|_| panic!("{} is missing", expect_file.display()));
                let mut expected: Vec<String> = text
                    .lines()
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .collect();
                expected.sort();
                assert_eq!(found, expected, "fixtures/{rule}/{name}");
            } else {
                assert!(
                    name.starts_with("pass"),
                    "fixtures/{rule}/{name}: cases are fail* or pass*"
                );
                assert!(
                    found.is_empty(),
                    "fixtures/{rule}/{name} must be silent, found {found:?}"
                );
            }
        }
    }
}

#[test]
fn every_rule_has_fixtures_docs_french_and_known_checklist_items() {
    let catalogue = fs::read_to_string(root().join("rules/checklist.toml")).unwrap();
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let o = run(&["rules", "--format", "json"]);
    let en: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let fr: Value = serde_json::from_str(&stdout(&run(&[
        "rules", "--format", "json", "--lang", "fr",
    ])))
    .unwrap();
    let rules = en["rules"].as_array().unwrap();
    assert!(rules.len() >= 9);
    for (r, f) in rules.iter().zip(fr["rules"].as_array().unwrap()) {
        let id = r["id"].as_str().unwrap();
        let names: Vec<String> = cases(id).into_iter().map(|c| c.0).collect();
        assert!(
            names.iter().any(|n| n.starts_with("fail")),
            "{id}: no fail fixture"
        );
        assert!(
            names.iter().any(|n| n.starts_with("pass")),
            "{id}: no pass fixture"
        );
        assert_ne!(
            r["title"], f["title"],
            "{id}: French title is a copy of the English one"
        );
        for item in r["checklist"].as_array().unwrap() {
            let needle = format!("id = \"{}\"", item.as_str().unwrap());
            assert!(
                catalogue.contains(&needle),
                "{id}: unknown checklist item {item}"
            );
        }
        assert!(
            readme.contains(&format!("(docs/rules/{id}.md)")),
            "{id}: not in the README's table"
        );
        assert!(
            root().join(format!("docs/rules/{id}.md")).exists(),
            "{id}: no docs/rules/{id}.md"
        );
    }
}

/// `TRUSTLINT_BLESS=1 cargo test` rewrites the pages.
#[test]
fn rule_pages_are_up_to_date() {
    let bless = std::env::var_os("TRUSTLINT_BLESS").is_some();
    for id in rule_ids() {
        let page = stdout(&run(&["explain", &id]));
        assert!(
            page.contains("## ") && page.contains("### Pourquoi"),
            "{id}: page lacks sections"
        );
        let path = root().join(format!("docs/rules/{id}.md"));
        if bless {
            fs::write(&path, &page).unwrap();
        }
        let on_disk = fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            on_disk, page,
            "docs/rules/{id}.md is out of date: run TRUSTLINT_BLESS=1 cargo test"
        );
    }
}

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

fn repo_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

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
        ("app.py", "U = \"http://api.service.gc.ca\"\n"),
        ("vendor/lib.py", "U = \"http://api.service.gc.ca\"\n"),
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
        "error[plain-http-url]: `http://api.service.gc.ca/v1/clients` is reached over plain HTTP"
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
    assert!(out.contains("erreur[plain-http-url]: `http://api.service.gc.ca/v1/clients` est joint en HTTP non chiffré"), "{out}");
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

fn sarif_of(dir: &Path, extra: &[&str]) -> Value {
    scan_as(dir, "sarif", extra)
}

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
fn fail_on_filters_sarif_unless_sarif_all_and_sarif_out_writes_a_file() {
    let dir = root().join("fixtures/deployment-unscripted/fail");
    let count = |v: &Value| v["runs"][0]["results"].as_array().unwrap().len();
    // deployment-unscripted is a warning: filtered at --fail-on error.
    let errors_only = sarif_of(&dir, &[]);
    assert!(errors_only["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["level"] == "error"));
    let all = sarif_of(&dir, &["--sarif-all"]);
    assert!(count(&all) > count(&errors_only));
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
fn fingerprints_survive_lines_inserted_above() {
    let before = repo_with(&[(
        "app.py",
        "A = 1\nU = \"http://api.service.gc.ca\"\nV = \"http://api.service.gc.ca\"\n",
    )]);
    let after = repo_with(&[("app.py", "# new\n# lines\nA = 1\n\nU = \"http://api.service.gc.ca\"\nV = \"http://api.service.gc.ca\"\n")]);
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
fn output_is_identical_whatever_the_thread_count() {
    let dir = root().join("fixtures");
    for format in ["json", "sarif"] {
        let one = run(&[
            "scan",
            dir.to_str().unwrap(),
            "--format",
            format,
            "--threads",
            "1",
            "--sarif-all",
        ]);
        let many = run(&[
            "scan",
            dir.to_str().unwrap(),
            "--format",
            format,
            "--threads",
            "8",
            "--sarif-all",
        ]);
        assert_eq!(one.stdout, many.stdout, "{format}");
        assert!(!one.stdout.is_empty());
    }
}

#[test]
fn the_walk_honours_gitignore_skips_git_and_binaries_and_reads_hidden_folders() {
    let repo = repo_with(&[
        (".gitignore", "build/\n"),
        ("build/gen.py", "U = \"http://ignored.service.gc.ca\"\n"),
        (".git/config", "url = \"http://git.service.gc.ca\"\n"),
        (
            ".github/workflows/ci.yml",
            "env:\n  URL: http://ci.service.gc.ca/hook\n",
        ),
        ("latin1.py", ""),
        ("big.json", ""),
        ("blob.py", ""),
    ]);
    // Invalid UTF-8 is read lossily, not dropped; NUL bytes mean binary.
    fs::write(
        repo.path().join("latin1.py"),
        b"# caf\xe9\nU = \"http://latin.service.gc.ca\"\n",
    )
    .unwrap();
    fs::write(
        repo.path().join("blob.py"),
        b"\x00\x01http://binary.service.gc.ca",
    )
    .unwrap();
    fs::write(
        repo.path().join("big.json"),
        format!(
            "{{\"u\": \"http://big.service.gc.ca\", \"pad\": \"{}\"}}",
            "x".repeat(3 << 20)
        ),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/hostname", repo.path().join("outside.py")).unwrap();
    let report = scan_json(repo.path(), &[]);
    let paths = places(&report, "plain-http-url");
    assert_eq!(paths, vec![".github/workflows/ci.yml:2:8", "latin1.py:2:6"]);
    let stats = &report["stats"];
    assert_eq!(stats["skipped_binary"], 1);
    assert_eq!(stats["skipped_too_large"], 1);
    let notes = report["notifications"].as_array().unwrap();
    assert!(notes
        .iter()
        .any(|n| n["code"] == "file-too-large" && n["path"] == "big.json"));
    #[cfg(unix)]
    assert!(notes
        .iter()
        .any(|n| n["code"] == "symlink-skipped" && n["path"] == "outside.py"));
}

#[test]
fn parse_errors_are_notifications_and_the_scan_goes_on() {
    let repo = repo_with(&[
        ("broken.yaml", "insecure_skip_verify: [unclosed\n"),
        ("good.yaml", "tls:\n  insecure_skip_verify: true\n"),
    ]);
    let report = scan_json(repo.path(), &[]);
    assert_eq!(
        places(&report, "tls-verification-disabled-in-yaml"),
        vec!["good.yaml:2:25"]
    );
    let note = report["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "parse-error")
        .unwrap();
    assert_eq!(note["path"], "broken.yaml");
    assert_eq!(report["stats"]["parse_errors"], 1);
}

#[test]
fn rules_and_explain_describe_every_rule_and_item() {
    let list = stdout(&run(&["rules"]));
    for id in rule_ids() {
        assert!(list.contains(&id));
    }
    let page = stdout(&run(&["explain", "plain-http-url"]));
    assert!(page.starts_with("# plain-http-url\n"));
    assert!(page.contains("5.2.5: Serve and call APIs over HTTPS only"));
    let item = stdout(&run(&["explain", "5.2.5"]));
    assert!(
        item.contains("plain-http-url") && item.contains("SC-8"),
        "{item}"
    );
    let patterns = stdout(&run(&["rules", "--export-patterns"]));
    assert!(patterns.lines().count() >= 7 && patterns.contains("http://"));
    // Grep tools join the patterns into one alternation: no group may be named twice.
    assert!(
        !patterns.contains("(?P<") && !patterns.contains("(?<"),
        "named groups exported"
    );
}

#[test]
fn the_scan_writes_nothing_into_the_tree() {
    let repo = repo_with(&[("app.py", "U = \"http://api.service.gc.ca\"\n")]);
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

fn report(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["report", dir.to_str().unwrap(), "--format", "json"];
    all.extend_from_slice(args);
    let o = run(&all);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&stdout(&o)).expect("valid JSON")
}

/// The `<stem><suffix>` files of a fixtures folder: (stem, its lines), sorted.
fn expectations(dir: &Path, suffix: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(suffix)?.to_string();
            let lines = fs::read_to_string(e.path())
                .unwrap()
                .lines()
                .map(String::from)
                .collect();
            Some((stem, lines))
        })
        .collect();
    out.sort();
    out
}

/// `fixtures/stages/<repo>.<stage>.statuses` holds the expected status of every item.
#[test]
fn report_gives_every_item_its_expected_status_at_each_stage() {
    let dir = root().join("fixtures/stages");
    let mut checked = 0;
    for (stem, expected) in expectations(&dir, ".statuses") {
        let name = format!("{stem}.statuses");
        let (repo, stage) = stem.rsplit_once('.').unwrap();
        let r = report(&dir.join(repo), &["--stage", stage]);
        assert_eq!(r["stage"], stage);
        let got: Vec<String> = r["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                format!(
                    "{} {}",
                    i["id"].as_str().unwrap(),
                    i["status"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(got.len(), 40, "{name}: all 40 items");
        assert_eq!(got, expected, "{name}");
        checked += 1;
    }
    assert!(checked >= 4);
}

#[test]
fn report_items_carry_findings_evidence_attestations_and_controls() {
    let r = report(
        &root().join("fixtures/stages/service"),
        &["--stage", "beta"],
    );
    let items = r["items"].as_array().unwrap();
    let item = |id: &str| items.iter().find(|i| i["id"] == id).unwrap().clone();
    // An expired attestation and a stale document each fail 5.1.7, at their own lines.
    let cycle = item("5.1.7");
    let places: Vec<String> = cycle["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["rule_id"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        places,
        vec![
            "THREAT_MODEL.md:3 evidence-review-overdue",
            "trustlint.toml:27 attestation-expired"
        ]
    );
    // The expired attestation also fails the item it attested.
    assert_eq!(item("5.1.9")["status"], "fail");
    // A PIA kept elsewhere and attested: the missing-document finding is suppressed, not lost.
    let pia = item("5.1.6");
    assert_eq!(pia["status"], "attested");
    assert_eq!(pia["attestation"]["by"], "M. Roy, ATIP office");
    assert_eq!(
        item("5.1.1")["evidence"],
        serde_json::json!(["docs/security.md"])
    );
    assert_eq!(
        item("5.2.5")["controls"],
        serde_json::json!(["SC-8", "SC-13", "SC-23"])
    );
    assert_eq!(item("5.1.12")["status"], "not-applicable");
    assert!(item("5.1.12")["reason"]
        .as_str()
        .unwrap()
        .contains("delivered and tracked by the department"));
    let scan = scan_json(
        &root().join("fixtures/stages/service"),
        &["--stage", "beta"],
    );
    let pia_finding = scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "privacy-impact-assessment-missing")
        .unwrap();
    assert_eq!(pia_finding["suppressed"], true);
    assert!(pia_finding["suppression_reason"]
        .as_str()
        .unwrap()
        .contains("gcdocs.example.gc.ca/benefits/pia"));
}

#[test]
fn facts_the_profile_leaves_out_are_inferred_and_said_so() {
    let repo = repo_with(&[
        (
            "app/models.py",
            "class Applicant:\n    date_of_birth = None\n",
        ),
        ("README.md", "# x\n"),
    ]);
    let r = report(repo.path(), &[]);
    assert_eq!(
        r["facts"]["personal-information"],
        serde_json::json!({"source": "inferred", "value": true, "path": "app/models.py", "line": 2})
    );
    let items = r["items"].as_array().unwrap();
    let pia = items.iter().find(|i| i["id"] == "5.1.6").unwrap();
    assert_eq!(
        pia["status"], "fail",
        "the PIA is due once personal information is inferred"
    );
    let md = stdout(&run(&["report", repo.path().to_str().unwrap()]));
    assert!(
        md.contains("personal-information: yes (inferred from app/models.py:2)"),
        "{md}"
    );
}

#[test]
fn report_in_french_is_french_throughout() {
    let dir = root().join("fixtures/stages/service");
    let md = stdout(&run(&[
        "report",
        dir.to_str().unwrap(),
        "--lang",
        "fr",
        "--stage",
        "beta",
    ]));
    assert!(md.contains("# Liste de contrôle de la section 5"));
    assert!(
        md.contains("| 5.2.5 | N'offrir et n'appeler les API que par HTTPS<br><sub>SC-8, SC-13, SC-23</sub> | ❌ non conforme |"),
        "{md}"
    );
    assert!(md.contains("à examiner") && md.contains("attesté par M. Roy"));
    assert!(md.contains("personal-information: oui"));
    for english in ["| fail |", "review |", "attested by", "no rule checks"] {
        assert!(
            !md.contains(english),
            "English left in French report: {english}"
        );
    }
    let sarif = sarif_of(&dir, &["--lang", "fr", "--sarif-all"]);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let http = rules.iter().find(|r| r["id"] == "plain-http-url").unwrap();
    assert_eq!(
        http["shortDescription"]["text"],
        "API ou service appelé en HTTP non chiffré"
    );
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "plain-http-url")
        .unwrap();
    assert!(result["message"]["text"]
        .as_str()
        .unwrap()
        .contains("en HTTP non chiffré"));
}

#[test]
fn html_report_is_self_contained_and_lists_every_item() {
    let dir = root().join("fixtures/stages/service");
    let html = stdout(&run(&[
        "report",
        dir.to_str().unwrap(),
        "--format",
        "html",
        "--stage",
        "beta",
    ]));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<tr id=\"item-").count(), 40);
    for external in ["<script", "<link", "src=\"http", "url(http", "@import"] {
        assert!(!html.contains(external), "external asset: {external}");
    }
    assert!(
        html.contains("data-status=\"fail\"><b>11</b>"),
        "counts at the top"
    );
    // Messages are escaped.
    assert!(!html.contains("<b>`"));
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
fn suppressed_findings_are_kept_with_their_reason_and_never_fail_the_build() {
    // Everything else in order, so that only the suppressed error could fail the build.
    let clean = repo_with(&[
        (".github/workflows/ci.yml", "jobs:\n  audit:\n    steps:\n      - run: cargo audit\n"),
        ("app.py", "# trustlint: ignore[plain-http-url] partner API, ticket OPS-142\nA = \"http://a.service.gc.ca/api\"\n"),
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

/// Runs git in `dir` (for building test repositories; the scanner's own git use is tested
/// separately for safety).
fn git(dir: &Path, args: &[&str]) {
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

fn git_repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = repo_with(files);
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    dir
}

#[test]
fn baseline_reports_only_new_findings_even_after_lines_move() {
    let repo = repo_with(&[(
        "app.py",
        "A = \"http://a.service.gc.ca\"\nB = \"http://b.service.gc.ca\"\n",
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
        "import os\n\nB = \"http://b.service.gc.ca\"\nA = \"http://a.service.gc.ca\"\nC = \"http://c.service.gc.ca\"\n",
    )
    .unwrap();
    let v = scan_json(repo.path(), &["--baseline", base.to_str().unwrap()]);
    let http: Vec<String> = places(&v, "plain-http-url");
    assert_eq!(http, vec!["app.py:5:6"]);
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
fn diff_aware_scans_report_only_changed_lines_and_touched_repository_rules() {
    let repo = git_repo(&[
        ("app.py", "A = \"http://a.service.gc.ca\"\n\n\nB = 1\n"),
        ("README.md", "# x\n"),
    ]);
    let p = repo.path();
    fs::write(
        p.join("app.py"),
        "A = \"http://a.service.gc.ca\"\n\n\nB = \"http://b.service.gc.ca\"\n",
    )
    .unwrap();
    git(p, &["commit", "-qam", "change"]);
    let v = scan_json(p, &["--diff-base", "HEAD~1", "--stage", "beta"]);
    assert_eq!(
        places(&v, "plain-http-url"),
        vec!["app.py:4:6"],
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
    assert_eq!(places(&v, "plain-http-url"), vec!["app.py:1:6"]);
    // A base that is not a revision is an error, not a silent full scan.
    let o = run(&["scan", p.to_str().unwrap(), "--diff-base", "no-such-branch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot resolve `no-such-branch`"));
}

#[test]
fn diff_aware_scans_report_a_route_when_its_registration_changed_not_for_any_rust_change() {
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
    assert_eq!(
        places(&v, "route-unauthenticated"),
        vec!["src/lib.rs:4:25", "src/lib.rs:5:16"]
    );
}

#[test]
fn files_mode_scans_only_the_named_files_without_repository_rules() {
    let repo = repo_with(&[
        ("a.py", "A = \"http://a.service.gc.ca\"\n"),
        ("b.py", "B = \"http://b.service.gc.ca\"\n"),
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
    assert_eq!(places(&v, "plain-http-url"), vec!["a.py:1:6"]);
    assert!(v["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["code"] == "outside-root"));
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
fn sarif_stays_within_github_limits_keeping_the_most_severe() {
    // 25,010 plain-HTTP errors, plus repository-level warnings.
    let lines: String = (0..25_010)
        .map(|i| format!("U{i} = \"http://h{i}.service.gc.ca\"\n"))
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

/// A realistic service with planted problems in every language and format: each is reported,
/// at its place, and nothing else is (`fixtures/services/<name>.expected`).
#[test]
fn realistic_services_report_every_planted_problem_and_nothing_else() {
    let dir = root().join("fixtures/services");
    let mut checked = 0;
    for (service, expected) in expectations(&dir, ".expected") {
        let v = scan_json(&dir.join(&service), &["--stage", "beta"]);
        let got: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}:{}:{}",
                    f["rule_id"].as_str().unwrap(),
                    f["path"].as_str().unwrap(),
                    f["line"],
                    f["column"]
                )
            })
            .collect();
        assert_eq!(got, expected, "{service}");
        assert!(v["notifications"].as_array().unwrap().is_empty());
        checked += 1;
    }
    assert!(checked >= 1);
}

#[test]
fn secrets_are_never_printed_in_full_in_any_format() {
    let dir = root().join("fixtures/secret-hardcoded/fail");
    let secrets = [
        "AKIAZ7Q3RTX2WP4LNM6B",
        "ghp_x9Tq2LmV7rZ4pK8sW3nB6yH1cJ5dF0gA2eR7",
        "Vq7x!mR2pL9z",
        "k3J9#qLx2!vR8mZ4pW7t",
        "xoxb-2718281828-3141592653-a1B2c3D4e5F6g7H8",
        "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ",
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

/// Every kind of input a hostile or broken repository can hold, built at run time.
fn hostile_repo() -> tempfile::TempDir {
    let repo = repo_with(&[
        ("good.py", "API = \"http://planted.service.gc.ca/v1\"\n"),
        ("crlf.py", ""),
        ("cr_only.py", ""),
        ("bom.py", ""),
        ("utf16.py", ""),
        ("latin1.py", ""),
        ("blob.py", ""),
        ("app.min.js", ""),
        (
            "broken.rs",
            "fn main( { let u = \"http://rust.service.gc.ca\"; \n",
        ),
        ("deep.json", ""),
        ("deep.yaml", ""),
        ("bomb.yaml", ""),
        ("locked.py", "U = \"http://locked.service.gc.ca\"\n"),
        (
            "dossier é/fichier ü.py",
            "U = \"http://accent.service.gc.ca\"\n",
        ),
    ]);
    let p = repo.path();
    fs::write(
        p.join("crlf.py"),
        "# a\r\nU = \"http://crlf.service.gc.ca\"\r\n",
    )
    .unwrap();
    fs::write(
        p.join("cr_only.py"),
        "# a\r# b\rU = \"http://cr.service.gc.ca\"\r",
    )
    .unwrap();
    fs::write(
        p.join("bom.py"),
        b"\xEF\xBB\xBFU = \"http://bom.service.gc.ca\"\n",
    )
    .unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "# x\nU = \"http://utf16.service.gc.ca\"\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    fs::write(p.join("utf16.py"), utf16).unwrap();
    fs::write(
        p.join("latin1.py"),
        b"# caf\xe9\nU = \"http://latin.service.gc.ca\"\n",
    )
    .unwrap();
    fs::write(
        p.join("blob.py"),
        b"\x00\x01\x02http://binary.service.gc.ca",
    )
    .unwrap();
    let minified = format!(
        "{}var u=\"http://min.service.gc.ca\";",
        "a=1;".repeat(250_000)
    );
    fs::write(p.join("app.min.js"), minified).unwrap();
    // Each names a key a rule watches, so that the parser really meets it (a file that cannot
    // hold a finding is not parsed at all).
    let deep_json = format!("{{\"rejectUnauthorized\": {}", "[".repeat(100_000));
    fs::write(p.join("deep.json"), deep_json).unwrap();
    let deep_yaml = format!("insecure_skip_verify: {}", "[".repeat(100_000));
    fs::write(p.join("deep.yaml"), deep_yaml).unwrap();
    // Deep enough to overflow a recursive-descent parser's stack if it were let in.
    let deep_rust = format!(
        "use axum::Router;\nfn main() {{ tracing::info!(\"x\"); let r = Router::new(); let x = {}1{}; }}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    fs::write(p.join("deep.rs"), deep_rust).unwrap();
    let mut bomb = String::from("insecure_skip_verify: true\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for i in 0..9 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        bomb.push_str(&format!("b{i}: &b{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    fs::write(p.join("bomb.yaml"), bomb).unwrap();
    // A 200 MB file that takes no space.
    fs::File::create(p.join("huge.py"))
        .unwrap()
        .set_len(200 << 20)
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::{symlink, PermissionsExt};
        symlink("/etc/passwd", p.join("passwd.py")).unwrap();
        fs::create_dir(p.join("loop")).unwrap();
        symlink("../loop", p.join("loop/again")).unwrap();
        symlink(p.join("loop"), p.join("loop/absolute")).unwrap();
        let fifo = Command::new("mkfifo")
            .arg(p.join("pipe.py"))
            .status()
            .unwrap();
        assert!(fifo.success());
        fs::set_permissions(p.join("locked.py"), fs::Permissions::from_mode(0o000)).unwrap();
    }
    repo
}

#[test]
fn a_hostile_repository_is_scanned_to_the_end_and_every_skip_is_said() {
    let repo = hostile_repo();
    let p = repo.path();
    let start = std::time::Instant::now();
    let o = run(&[
        "scan",
        p.to_str().unwrap(),
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(start.elapsed().as_secs() < 120, "no hang");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let mut found = places(&v, "plain-http-url");
    let root_can_read_anything = fs::read(p.join("locked.py")).is_ok();
    if root_can_read_anything {
        found.retain(|f| !f.starts_with("locked.py"));
    }
    assert_eq!(
        found,
        vec![
            "app.min.js:1:1000008",
            "bom.py:1:6",
            "broken.rs:1:21",
            "cr_only.py:3:6",
            "crlf.py:2:6",
            "dossier é/fichier ü.py:1:6",
            "good.py:1:8",
            "latin1.py:2:6",
            "utf16.py:2:6",
        ]
    );
    let notes: Vec<(String, String)> = v["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["code"].as_str().unwrap().to_string(),
                n["path"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for expected in [
        ("binary-skipped", "blob.py"),
        ("file-too-large", "huge.py"),
        ("symlink-skipped", "passwd.py"),
        ("symlink-skipped", "loop/again"),
        ("symlink-skipped", "loop/absolute"),
        ("not-a-file", "pipe.py"),
        ("parse-error", "deep.json"),
        ("parse-error", "deep.yaml"),
        ("parse-error", "bomb.yaml"),
        ("parse-error", "deep.rs"),
    ] {
        assert!(
            notes.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} in {notes:?}"
        );
    }
    if !root_can_read_anything {
        assert!(notes.contains(&("unreadable".to_string(), "locked.py".to_string())));
    }
    // Nothing from outside the tree was read.
    assert!(!stdout(&o).contains("root:x:0:0"));
    // The same notifications reach SARIF and text.
    let sarif = sarif_of(p, &["--sarif-all", "--fail-on", "never"]);
    let sarif_notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(sarif_notes.iter().any(|n| n["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("huge.py: file of 209715200 bytes")));
    let text = stdout(&run(&["scan", p.to_str().unwrap(), "--fail-on", "never"]));
    assert!(
        text.contains("trustlint: deep.json:1: could not parse"),
        "{text}"
    );
    assert!(
        text.contains("trustlint: huge.py: file of 209715200 bytes is over the 2097152-byte limit")
    );
    // A malformed config is the one thing that stops the scan, with exit 2.
    fs::write(p.join("trustlint.toml"), "stage = [\n").unwrap();
    let o = run(&["scan", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("trustlint.toml:1:"));
}

#[test]
fn a_rust_file_that_does_not_parse_is_a_notification_and_its_text_rules_still_run() {
    let repo = repo_with(&[
        (
            "Cargo.toml",
            "[package]\nname = \"intake\"\nversion = \"0.1.0\"\n\n[dependencies]\naxum = \"0.8\"\n",
        ),
        (
            "src/main.rs",
            "mod api;\nuse axum::{routing::get, Router};\n#[tokio::main]\nasync fn main() {\n    let app = Router::new().route(\"/cases\", get(api::cases));\n    let l = tokio::net::TcpListener::bind(\"127.0.0.1:3000\").await.unwrap();\n    axum::serve(l, app).await.unwrap();\n}\n",
        ),
        (
            "src/broken.rs",
            "use axum::Router;\nconst URL: &str = \"http://intake.service.gc.ca\";\npub fn routes() -> Router {\n    tracing::info!(\"building\");\n    Router::new().route(\"/x\", get(h)\n}\n",
        ),
        ("src/api.rs", "pub async fn cases() -> &'static str { \"[]\" }\n"),
    ]);
    let report = scan_json(repo.path(), &[]);
    // The text rule still ran on the broken file, and the other files were modelled.
    assert_eq!(
        places(&report, "plain-http-url"),
        vec!["src/broken.rs:2:20"]
    );
    assert_eq!(
        places(&report, "route-unauthenticated"),
        vec!["src/main.rs:5:35"]
    );
    let notes: Vec<&Value> = report["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["code"] == "parse-error")
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0]["path"], "src/broken.rs");
    assert!(notes[0]["line"].as_u64().unwrap() >= 5);
    assert_eq!(report["stats"]["parse_errors"], 1);
}

#[test]
fn routes_lists_every_route_with_its_standing_and_the_report_lists_public_ones() {
    let dir = root().join("fixtures/route-unauthenticated/fail-axum");
    let o = run(&["routes", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let got: Vec<String> = v["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r["method"].as_str().unwrap(),
                r["path"].as_str().unwrap(),
                r["status"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            "GET /health public (declared)",
            "POST /login public (declared)",
            "GET /admin/reports authenticated by layer `auth::require_admin`",
            "GET /admin/audit authenticated by layer `auth::require_admin`",
            "GET /admin/debug UNAUTHENTICATED",
            "GET /api/users authenticated by layer `auth::require_login`",
            "POST /api/users authenticated by layer `auth::require_login`",
            "DELETE /api/users/{id} authenticated by layer `auth::require_login`",
            "GET /api/users/{id} authenticated by layer `auth::require_login`",
            "GET /api/users/export UNAUTHENTICATED",
            "GET /api/me authenticated by extractor `Claims`",
            "GET /api/feed UNAUTHENTICATED",
            "GET /api/status UNAUTHENTICATED",
        ]
    );
    // The checklist report names the declared public routes under the items they bear on.
    let r = report(&dir, &["--stage", "alpha"]);
    let item = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "5.2.6")
        .unwrap();
    assert_eq!(item["status"], "fail");
    let evidence: Vec<&str> = item["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(evidence.contains(&"GET /health declared public (src/main.rs:12)"));
    assert!(evidence.contains(&"POST /login declared public (src/main.rs:13)"));
    // With nothing to model, the route rules do not pass the item.
    let empty = repo_with(&[("README.md", "# docs only\n")]);
    let r = report(empty.path(), &["--stage", "alpha"]);
    let item = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "5.2.6")
        .unwrap();
    assert_eq!(item["status"], "review");
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
fn output_is_byte_identical_across_runs_and_thread_counts_on_a_hostile_tree() {
    let repo = hostile_repo();
    let p = repo.path().to_str().unwrap();
    for format in ["json", "sarif"] {
        let a = run(&[
            "scan",
            p,
            "--format",
            format,
            "--threads",
            "1",
            "--sarif-all",
        ])
        .stdout;
        let b = run(&[
            "scan",
            p,
            "--format",
            format,
            "--threads",
            "4",
            "--sarif-all",
        ])
        .stdout;
        let c = run(&[
            "scan",
            p,
            "--format",
            format,
            "--threads",
            "4",
            "--sarif-all",
        ])
        .stdout;
        assert!(a == b && b == c, "{format}");
    }
}

#[test]
fn size_limits_are_configurable_and_deterministic() {
    let repo = repo_with(&[
        ("a.py", "A = \"http://a.service.gc.ca\"\n"),
        ("b.py", "B = \"http://b.service.gc.ca\"\n"),
        ("c.py", "C = \"http://c.service.gc.ca\"\n"),
        ("trustlint.toml", "[scan]\nmax-total-size = 60\n"),
    ]);
    let v = scan_json(repo.path(), &[]);
    assert_eq!(places(&v, "plain-http-url"), vec!["a.py:1:6", "b.py:1:6"]);
    let skipped: Vec<&str> = v["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["code"] == "total-size-exceeded")
        .map(|n| n["path"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, vec!["c.py", "trustlint.toml"]);
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
            "fn main() { let _ = \"http://one.service.gc.ca\"; }\n",
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
        "fn main() { let _ = \"http://two.service.gc.ca\"; }\n",
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
    assert_eq!(places(&v, "plain-http-url"), vec!["src/main.rs:1:22"]);
    let ran: Vec<String> = fs::read_dir(m)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ran"))
        .collect();
    assert!(ran.is_empty(), "traps that ran: {ran:?}");
    assert!(tree_hash(p) == before, "the scanned tree changed");
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
