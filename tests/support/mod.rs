//! What both test targets (`cli` and `fixtures`) need: the real binary with a fixed date, and
//! the scans and listings they run through it.

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary, with a fixed date so that review-date findings do not change with the calendar.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_trustlint"));
    c.env("TRUSTLINT_TODAY", TODAY);
    c
}

pub const TODAY: &str = "2026-06-30";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

/// Scans `dir` in `format` at stage live (unless `extra` names a stage) and parses the output.
pub fn scan_as(dir: &Path, format: &str, extra: &[&str]) -> Value {
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

pub fn scan_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["--fail-on", "never"];
    args.extend_from_slice(extra);
    scan_as(dir, "json", &args)
}

/// The checklist report of `dir` as JSON; it must exit 0.
pub fn report(dir: &Path, args: &[&str]) -> Value {
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

pub fn rule_ids() -> Vec<String> {
    let o = run(&["rules", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// The case folders of `fixtures/<rule>/`: (name, path), sorted.
pub fn cases(rule: &str) -> Vec<(String, PathBuf)> {
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
