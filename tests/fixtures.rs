//! The fixture repositories, one test per case, run by the real binary.
//!
//! ```sh
//! cargo test --test fixtures -- plain-http-url     # that rule's cases only
//! TRUSTLINT_BLESS=1 cargo test --test fixtures     # rewrite the expected files from actual output
//! ```
//!
//! - `fixtures/<rule>/fail*/` must report exactly the findings of `<rule>` listed in
//!   `fail*.expect`, one `path:line:col rule message` a line, in the scanner's order (path, line,
//!   column, rule), and at least one. Other rules may fire there: they have their own cases.
//! - `fixtures/<rule>/pass*/` must get no finding of `<rule>`, and has no expect file.
//! - A case holding `base/` and `head/` is a change: both are committed in turn to a new git
//!   repository, and the head is scanned with `--diff-base` the base commit.
//! - `fixtures/services/<name>/` must report, at stage beta, exactly `<name>.expect` (every rule)
//!   and no notification.
//! - `fixtures/stages/<repo>.<stage>.statuses` holds the checklist report's status of each of
//!   the 40 items of `<repo>` at `<stage>`.
//!
//! Rule cases are scanned at stage live with `--fail-on never`, so that every rule is due.
//! A filter that names a folder of `fixtures/` runs that folder only: test names are
//! `<folder>/<case>`, and `tls-verification-disabled` would otherwise also select
//! `tls-verification-disabled-in-json`. Blessing writes what the scanner reports and prints
//! every line it adds or removes; it never turns a pass case into a fail case, nor accepts a
//! fail case that reports nothing.

mod support;

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use support::{cases, report, root, rule_ids, scan_json};

fn main() {
    let folders = subfolders(&root().join("fixtures"));
    let mut args = Arguments::from_args();
    if let Some(filter) = &args.filter {
        if !args.exact && folders.contains(filter) {
            args.filter = Some(format!("{filter}/"));
        }
    }
    libtest_mimic::run(&args, trials(&folders)).exit();
}

fn trials(folders: &[String]) -> Vec<Trial> {
    let rules = rule_ids();
    let mut out = Vec::new();
    for folder in folders {
        match folder.as_str() {
            "services" => out.extend(service_trials()),
            "stages" => out.extend(stage_trials()),
            rule if rules.iter().any(|r| r == rule) => out.extend(rule_trials(rule)),
            other => out.push(failing(
                format!("{other}/"),
                format!("fixtures/{other}/ names no rule (see `trustlint rules`)"),
            )),
        }
    }
    for rule in rules.iter().filter(|r| !folders.contains(r)) {
        out.push(failing(
            format!("{rule}/"),
            format!("rule `{rule}` has no fixtures/{rule}/"),
        ));
    }
    out
}

fn rule_trials(rule: &str) -> Vec<Trial> {
    let dir = root().join("fixtures").join(rule);
    let mut out = orphan_expect_files(&dir, rule);
    for (case, path) in cases(rule) {
        let rule = rule.to_string();
        out.push(Trial::test(format!("{rule}/{case}"), move || {
            rule_case(&rule, &case, &path)
        }));
    }
    out
}

fn rule_case(rule: &str, case: &str, dir: &Path) -> Result<(), Failed> {
    let what = format!("fixtures/{rule}/{case}");
    let expect = dir.with_file_name(format!("{case}.expect"));
    let found = if dir.join("base").is_dir() {
        findings(&scan_change(dir), Some(rule))
    } else {
        findings(&scan_json(dir, &[]), Some(rule))
    };
    if case.starts_with("fail") {
        if found.is_empty() {
            return Err(
                format!("{what}: a fail case must report `{rule}`; it reported nothing").into(),
            );
        }
        compare(&expect, &found, &what, rule)
    } else if case.starts_with("pass") {
        if expect.exists() {
            return Err(format!(
                "{what}: a pass case has no expect file; remove {}",
                shown(&expect)
            )
            .into());
        }
        if !found.is_empty() {
            return Err(
                format!("{what} must be silent; it reported:\n{}", indented(&found)).into(),
            );
        }
        Ok(())
    } else {
        Err(format!("{what}: cases are fail* or pass*").into())
    }
}

/// A case with `base/` and `head/` is a change: both are committed, in order, to a new git
/// repository, and the head is scanned with `--diff-base` the base commit.
fn scan_change(case: &Path) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t.invalid"])
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(repo)
            .env_remove("GIT_DIR")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    git(&["init", "-q"]);
    for (side, tag) in [("base", true), ("head", false)] {
        for entry in fs::read_dir(repo).unwrap() {
            let p = entry.unwrap().path();
            if p.file_name().is_some_and(|n| n != ".git") {
                if p.is_dir() {
                    fs::remove_dir_all(&p).unwrap();
                } else {
                    fs::remove_file(&p).unwrap();
                }
            }
        }
        copy_tree(&case.join(side), repo);
        git(&["add", "-A"]);
        git(&["commit", "-q", "--allow-empty", "-m", side]);
        if tag {
            git(&["tag", "base"]);
        }
    }
    scan_json(repo, &["--diff-base", "base"])
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&dest).unwrap();
            copy_tree(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every realistic service, with problems planted in every language and format: each is
/// reported at its place, and nothing else is.
fn service_trials() -> Vec<Trial> {
    let dir = root().join("fixtures/services");
    let mut out = orphan_expect_files(&dir, "services");
    let services = subfolders(&dir);
    if services.is_empty() {
        out.push(failing(
            "services/".into(),
            "fixtures/services/ holds no service".into(),
        ));
    }
    for name in services {
        let repo = dir.join(&name);
        out.push(Trial::test(format!("services/{name}"), move || {
            let what = format!("fixtures/services/{name}");
            let v = scan_json(&repo, &["--stage", "beta"]);
            let notes = v["notifications"].as_array().unwrap();
            if !notes.is_empty() {
                let notes: Vec<String> = notes.iter().map(Value::to_string).collect();
                return Err(format!("{what}: notifications:\n{}", indented(&notes)).into());
            }
            let expect = repo.with_file_name(format!("{name}.expect"));
            compare(&expect, &findings(&v, None), &what, "services")
        }));
    }
    out
}

/// Each `<repo>.<stage>.statuses`: the report gives every item its expected status.
fn stage_trials() -> Vec<Trial> {
    let dir = root().join("fixtures/stages");
    let mut files: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            Some(name.strip_suffix(".statuses")?.to_string())
        })
        .collect();
    files.sort();
    let mut out = Vec::new();
    if files.len() < 4 {
        out.push(failing(
            "stages/".into(),
            format!(
                "fixtures/stages/ holds {} statuses files, expected 4 or more",
                files.len()
            ),
        ));
    }
    for stem in files {
        let file = dir.join(format!("{stem}.statuses"));
        let (repo, stage) = stem.rsplit_once('.').unwrap();
        let (repo, stage) = (dir.join(repo), stage.to_string());
        out.push(Trial::test(format!("stages/{stem}"), move || {
            let what = format!("fixtures/stages/{stem}");
            let r = report(&repo, &["--stage", &stage]);
            if r["stage"] != stage.as_str() {
                return Err(format!("{what}: the report is at stage {}", r["stage"]).into());
            }
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
            if got.len() != 40 {
                return Err(format!("{what}: {} items, expected all 40", got.len()).into());
            }
            compare(&file, &got, &what, "stages")
        }));
    }
    out
}

/// `path:line:col rule message` of each finding (of `rule` only, if given), in output order.
fn findings(report: &Value, rule: Option<&str>) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| rule.is_none_or(|r| f["rule_id"] == r))
        .map(|f| {
            format!(
                "{}:{}:{} {} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["rule_id"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn blessing() -> bool {
    std::env::var_os("TRUSTLINT_BLESS").is_some()
}

/// Compares `actual` with the lines of `file`, naming every line missing or unexpected; when
/// blessing, writes `actual` to `file` instead and prints what changed.
fn compare(file: &Path, actual: &[String], what: &str, folder: &str) -> Result<(), Failed> {
    let on_disk = fs::read_to_string(file).ok();
    let expected: Vec<String> = on_disk
        .as_deref()
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect();
    let missing = minus(&expected, actual);
    let unexpected = minus(actual, &expected);
    if blessing() {
        let text = format!("{}\n", actual.join("\n"));
        if on_disk.as_deref() != Some(text.as_str()) {
            fs::write(file, &text)?;
            let mut said = format!("blessed {}", shown(file));
            for (sign, lines) in [("-", &missing), ("+", &unexpected)] {
                for l in lines {
                    said.push_str(&format!("\n  {sign} {l}"));
                }
            }
            eprintln!("{said}");
        }
        return Ok(());
    }
    let Some(_) = on_disk else {
        return Err(format!("{what}: {} is missing; {}", shown(file), bless_hint(folder)).into());
    };
    if missing.is_empty() && unexpected.is_empty() {
        if expected == actual {
            return Ok(());
        }
        return Err(format!(
            "{what}: the lines of {} are right but out of order (the scanner's order is path, line, column, rule); {}",
            shown(file),
            bless_hint(folder)
        )
        .into());
    }
    let mut msg = format!(
        "{what}: {} missing, {} unexpected (compared with {})",
        missing.len(),
        unexpected.len(),
        shown(file)
    );
    if !missing.is_empty() {
        msg.push_str(&format!(
            "\nmissing (expected, not reported):\n{}",
            indented(&missing)
        ));
    }
    if !unexpected.is_empty() {
        msg.push_str(&format!(
            "\nunexpected (reported, not expected):\n{}",
            indented(&unexpected)
        ));
    }
    msg.push_str(&format!(
        "\nif the new output is right, {}",
        bless_hint(folder)
    ));
    Err(msg.into())
}

fn bless_hint(folder: &str) -> String {
    format!("run `TRUSTLINT_BLESS=1 cargo test --test fixtures -- {folder}` and review the diff")
}

/// The lines of `a` that `b` lacks, counting repeats.
fn minus(a: &[String], b: &[String]) -> Vec<String> {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for l in b {
        *left.entry(l).or_default() += 1;
    }
    a.iter()
        .filter(|l| match left.get_mut(l.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

/// Expect files whose case folder is gone: they would check nothing.
fn orphan_expect_files(dir: &Path, folder: &str) -> Vec<Trial> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(case) = name.strip_suffix(".expect") {
            if !dir.join(case).is_dir() {
                out.push(failing(
                    format!("{folder}/{name}"),
                    format!("{}: no folder {case}/ beside it", shown(&e.path())),
                ));
            }
        }
    }
    out
}

fn failing(name: String, message: String) -> Trial {
    Trial::test(name, move || Err(message.into()))
}

fn subfolders(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

fn shown(path: &Path) -> String {
    let p: PathBuf = path.strip_prefix(root()).unwrap_or(path).into();
    p.display().to_string()
}

fn indented(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
