//! The GitHub Action, run the way the runner runs a composite action: every `run:` step through
//! `bash --noprofile --norc -eo pipefail`, with the runner's variables and files, `${{ }}` and
//! `if:` evaluated for the subset action.yml uses (anything else fails the test), and each
//! `uses:` step replaced by a stub that records its inputs. The repository is a real git
//! repository with a base and a head commit; the already-built binary is given through the
//! Action's `trustlint-path` input, so nothing is built here. The `version:` tests serve a
//! release of that binary from a local HTTP server.

use saphyr::{LoadableYamlNode, Yaml};
use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

struct Step {
    id: Option<String>,
    name: String,
    cond: Option<String>,
    run: Option<String>,
    uses: Option<String>,
    with: Vec<(String, String)>,
    env: Vec<(String, String)>,
}

fn s(y: &Yaml) -> String {
    y.as_str()
        .map(String::from)
        .unwrap_or_else(|| panic!("expected a string in action.yml, got {y:?}"))
}

fn pairs(y: Option<&Yaml>) -> Vec<(String, String)> {
    y.and_then(|m| m.as_mapping())
        .map(|m| m.iter().map(|(k, v)| (s(k), s(v))).collect())
        .unwrap_or_default()
}

/// The Action's inputs with their defaults, and its steps.
fn action() -> (BTreeMap<String, String>, Vec<Step>) {
    let text = fs::read_to_string(crate::support::root().join("action.yml")).unwrap();
    let docs = Yaml::load_from_str(&text).unwrap();
    let doc = &docs[0];
    let inputs = doc
        .as_mapping_get("inputs")
        .and_then(|m| m.as_mapping())
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let d = v.as_mapping_get("default").map(s).unwrap_or_default();
            (s(k), d)
        })
        .collect();
    let runs = doc.as_mapping_get("runs").unwrap();
    assert_eq!(
        runs.as_mapping_get("using").map(s).as_deref(),
        Some("composite")
    );
    let steps = runs
        .as_mapping_get("steps")
        .and_then(|v| v.as_sequence())
        .unwrap()
        .iter()
        .map(|st| {
            let get = |k: &str| st.as_mapping_get(k).map(s);
            if get("run").is_some() {
                assert_eq!(
                    get("shell").as_deref(),
                    Some("bash"),
                    "every run step names its shell"
                );
            }
            Step {
                id: get("id"),
                name: get("name").unwrap_or_default(),
                cond: get("if"),
                run: get("run"),
                uses: get("uses"),
                with: pairs(st.as_mapping_get("with")),
                env: pairs(st.as_mapping_get("env")),
            }
        })
        .collect();
    (inputs, steps)
}

/// What a run of the Action left behind.
#[derive(Debug)]
struct Job {
    failed: bool,
    log: String,
    uploads: Vec<BTreeMap<String, String>>,
    summary: String,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
}

struct Runner<'a> {
    inputs: BTreeMap<String, String>,
    github: BTreeMap<&'static str, String>,
    temp: &'a Path,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
}

impl Runner<'_> {
    fn value(&self, r: &str) -> String {
        let r = r.trim();
        if let Some(lit) = r.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')) {
            return lit.to_string();
        }
        if let Some(name) = r.strip_prefix("inputs.") {
            return self
                .inputs
                .get(name)
                .cloned()
                .unwrap_or_else(|| panic!("action.yml reads an undeclared input `{name}`"));
        }
        if let Some(rest) = r.strip_prefix("steps.") {
            let (id, out) = rest
                .split_once(".outputs.")
                .unwrap_or_else(|| panic!("unknown expression `{r}`"));
            return self
                .outputs
                .get(id)
                .and_then(|o| o.get(out))
                .cloned()
                .unwrap_or_default();
        }
        if let Some(name) = r.strip_prefix("github.") {
            return self
                .github
                .get(name)
                .cloned()
                .unwrap_or_else(|| panic!("the harness does not know `{r}`"));
        }
        if r == "runner.temp" {
            return self.temp.display().to_string();
        }
        panic!("the harness does not know the expression `{r}`");
    }

    /// `a || b || c`: the first non-empty value, as the runner's `||` on strings.
    fn expr(&self, e: &str) -> String {
        e.split("||")
            .map(|p| self.value(p))
            .find(|v| !v.is_empty())
            .unwrap_or_default()
    }

    fn substitute(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find("${{") {
            out.push_str(&rest[..i]);
            let end = rest[i..].find("}}").expect("unclosed ${{") + i;
            out.push_str(&self.expr(&rest[i + 3..end]));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// An `if:` of `&&`-joined terms: `always()`, `X == 'lit'`, `X != 'lit'`.
    fn condition(&self, cond: Option<&str>, failed: bool) -> bool {
        let Some(cond) = cond else { return !failed };
        let mut always = false;
        let mut all = true;
        for term in cond.split("&&").map(str::trim) {
            assert!(
                !term.contains('(') || term == "always()",
                "unknown condition `{term}`"
            );
            if term == "always()" {
                always = true;
            } else if let Some((a, b)) = term.split_once("==") {
                all &= self.value(a) == self.value(b);
            } else if let Some((a, b)) = term.split_once("!=") {
                all &= self.value(a) != self.value(b);
            } else {
                panic!("unknown condition `{term}`");
            }
        }
        all && (always || !failed)
    }
}

fn read_outputs(path: &Path) -> BTreeMap<String, String> {
    let text = fs::read_to_string(path).unwrap_or_default();
    let mut out = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((k, delim)) = line.split_once("<<") {
            let mut v = Vec::new();
            for l in lines.by_ref() {
                if l == delim {
                    break;
                }
                v.push(l);
            }
            out.insert(k.to_string(), v.join("\n"));
        } else if let Some((k, v)) = line.split_once('=') {
            out.insert(k.to_string(), v.to_string());
        }
    }
    out
}

/// Runs the Action in `workspace` with these inputs (on top of the defaults and trustlint-path)
/// for a pull request whose base is `pr_base`.
fn run_action(workspace: &Path, given: &[(&str, &str)], pr_base: &str) -> Job {
    run_action_env(workspace, given, pr_base, &[])
}

/// `run_action` with these variables in the job's environment (over the runner's).
fn run_action_env(
    workspace: &Path,
    given: &[(&str, &str)],
    pr_base: &str,
    env: &[(&str, &str)],
) -> Job {
    let (mut inputs, steps) = action();
    inputs.insert(
        "trustlint-path".into(),
        env!("CARGO_BIN_EXE_trustlint").into(),
    );
    for (k, v) in given {
        assert!(inputs.contains_key(*k), "action.yml has no input `{k}`");
        inputs.insert(k.to_string(), v.to_string());
    }
    let temp = tempfile::tempdir().unwrap();
    let runner_temp = temp.path().join("runner-temp");
    fs::create_dir(&runner_temp).unwrap();
    let summary = temp.path().join("step-summary.md");
    let path_file = temp.path().join("path");
    fs::write(&summary, "").unwrap();
    fs::write(&path_file, "").unwrap();
    let mut github = BTreeMap::new();
    github.insert("token", "test-token".to_string());
    github.insert("action_repository", String::new()); // empty in composite steps, as on GitHub
    github.insert("event.pull_request.base.sha", pr_base.to_string());
    let mut r = Runner {
        inputs,
        github,
        temp: &runner_temp,
        outputs: BTreeMap::new(),
    };
    let mut job = Job {
        failed: false,
        log: String::new(),
        uploads: Vec::new(),
        summary: String::new(),
        outputs: BTreeMap::new(),
    };
    for (n, step) in steps.iter().enumerate() {
        if !r.condition(step.cond.as_deref(), job.failed) {
            job.log.push_str(&format!("-- skipped: {}\n", step.name));
            continue;
        }
        let mut outputs = BTreeMap::new();
        if let Some(uses) = &step.uses {
            let with: BTreeMap<String, String> = step
                .with
                .iter()
                .map(|(k, v)| (k.clone(), r.substitute(v)))
                .collect();
            job.log.push_str(&format!("-- stub {uses}: {with:?}\n"));
            if uses.starts_with("actions/cache@") {
                assert!(!with["key"].is_empty(), "the cache key step gave no key");
                // A cache hit: the build step must then use it instead of building.
                let bin = Path::new(&with["path"]).join("bin");
                fs::create_dir_all(&bin).unwrap();
                fs::copy(env!("CARGO_BIN_EXE_trustlint"), bin.join("trustlint")).unwrap();
            }
            if uses.starts_with("github/codeql-action/upload-sarif@") {
                let file = workspace.join(&with["sarif_file"]);
                assert!(file.is_file(), "upload-sarif given a missing file {file:?}");
                let mut with = with;
                with.insert("content".into(), fs::read_to_string(file).unwrap());
                job.uploads.push(with);
            }
        } else {
            let script = step.run.as_ref().expect("a step either runs or uses");
            assert!(
                !script.contains("${{"),
                "`{}` expands an expression inside run:",
                step.name
            );
            let file = temp.path().join(format!("step-{n}.sh"));
            fs::write(&file, script).unwrap();
            let output = temp.path().join(format!("output-{n}"));
            fs::write(&output, "").unwrap();
            let mut path: Vec<PathBuf> = fs::read_to_string(&path_file)
                .unwrap()
                .lines()
                .rev()
                .map(PathBuf::from)
                .collect();
            path.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap()));
            let mut cmd = Command::new("bash");
            cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
                .arg(&file)
                .current_dir(workspace)
                .env("PATH", std::env::join_paths(path).unwrap())
                .env("CI", "true")
                .env("GITHUB_ACTIONS", "true")
                .env("GITHUB_WORKSPACE", workspace)
                .env("GITHUB_ACTION_PATH", crate::support::root())
                .env("GITHUB_ACTION_REPOSITORY", "")
                .env("GITHUB_SERVER_URL", "https://github.com")
                .env("GITHUB_EVENT_NAME", "pull_request")
                .env("GITHUB_OUTPUT", &output)
                .env("GITHUB_STEP_SUMMARY", &summary)
                .env("GITHUB_PATH", &path_file)
                .env("GITHUB_ENV", temp.path().join("env"))
                .env("RUNNER_TEMP", &runner_temp)
                .env("RUNNER_OS", "Linux")
                .env("RUNNER_ARCH", "X64")
                .env_remove("GIT_DIR")
                .env_remove("TRUSTLINT_RELEASE_BASE_URL");
            for (k, v) in env {
                cmd.env(k, v);
            }
            for (k, v) in &step.env {
                cmd.env(k, r.substitute(v));
            }
            let o = cmd.output().unwrap();
            job.log.push_str(&format!(
                "-- {} (exit {:?})\n{}{}",
                step.name,
                o.status.code(),
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ));
            if !o.status.success() {
                job.failed = true;
            }
            outputs = read_outputs(&output);
        }
        if let Some(id) = &step.id {
            r.outputs.insert(id.clone(), outputs);
        }
    }
    assert!(
        !temp.path().join("env").exists(),
        "the Action writes GITHUB_ENV"
    );
    job.summary = fs::read_to_string(&summary).unwrap();
    job.outputs = r.outputs;
    job
}

fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

const DEPENDABOT: &str =
    "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: weekly\n";
const LEAK: &str = "SLACK = \"xoxb-494059739626-7428392080597-4IEYRYEMXL0JGiTHIWsqjDvT\"\n";

/// A repository whose base commit is clean (at fail-on error) and whose head commit adds `head`;
/// `dir` is where in the workspace the repository sits. Returns (workspace, base sha).
fn pull_request(dir: &str, head: &[(&str, &str)]) -> (tempfile::TempDir, String) {
    let ws = tempfile::tempdir().unwrap();
    let repo = ws.path().join(dir);
    fs::create_dir_all(repo.join(".github")).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    fs::write(repo.join("README.md"), "A service.\n").unwrap();
    fs::write(repo.join(".github/dependabot.yml"), DEPENDABOT).unwrap();
    fs::write(repo.join("app.py"), "print('hello')\n").unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    let base = git(&repo, &["rev-parse", "HEAD"]);
    git(&repo, &["checkout", "-q", "-b", "change"]);
    for (p, t) in head {
        fs::create_dir_all(repo.join(p).parent().unwrap()).unwrap();
        fs::write(repo.join(p), t).unwrap();
    }
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "--allow-empty", "-m", "head"]);
    (ws, base)
}

fn sarif_rules(job: &Job) -> Vec<(String, String, String)> {
    let v: serde_json::Value = serde_json::from_str(&job.uploads[0]["content"]).unwrap();
    v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["level"].as_str().unwrap_or("warning").to_string(),
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn action_fails_on_a_planted_error_and_uploads_sarif() {
    let (ws, base) = pull_request(".", &[("settings.py", LEAK)]);
    // Default inputs: the source fingerprint, a cache hit, and the cached binary.
    let job = run_action(ws.path(), &[("trustlint-path", "")], &base);
    assert!(
        job.outputs["key"]["key"].starts_with("trustlint-Linux-X64-"),
        "{}",
        job.log
    );
    assert!(job.outputs["build"]["bin"].ends_with("trustlint-install/bin/trustlint"));
    assert!(job.failed, "{}", job.log);
    assert_eq!(job.outputs["scan"]["exit-code"], "1", "{}", job.log);
    assert_eq!(job.uploads.len(), 1, "{}", job.log);
    assert_eq!(job.uploads[0]["category"], "trustlint");
    let results = sarif_rules(&job);
    assert!(results
        .iter()
        .any(|(r, l, _)| r == "secret-hardcoded" && l == "error"));
    // Every level reaches code scanning, not only what fails the job.
    assert!(
        results.iter().any(|(_, l, _)| l == "warning"),
        "{results:?}"
    );
    assert!(job.summary.contains("secret-hardcoded"), "{}", job.summary);
    assert!(job.log.contains("::error::trustlint found problems"));
}

#[test]
fn action_passes_on_a_clean_change_and_still_uploads() {
    let (ws, base) = pull_request(".", &[("app.py", "print('hello, world')\n")]);
    let job = run_action(ws.path(), &[], &base);
    assert!(!job.failed, "{}", job.log);
    assert_eq!(job.outputs["scan"]["exit-code"], "0");
    assert_eq!(job.uploads.len(), 1, "{}", job.log);
}

#[test]
fn action_gate_covers_only_the_change_unless_diff_base_is_none() {
    // The leak is in the base: the pull request did not bring it.
    let (ws, _) = pull_request(".", &[("settings.py", LEAK)]);
    let repo = ws.path();
    git(repo, &["checkout", "-q", "-b", "later"]);
    fs::write(repo.join("app.py"), "print('later')\n").unwrap();
    git(repo, &["commit", "-q", "-am", "later"]);
    let mid = git(repo, &["rev-parse", "HEAD~1"]);
    let job = run_action(repo, &[], &mid);
    assert!(!job.failed, "{}", job.log);
    assert_eq!(job.uploads.len(), 1);
    assert!(sarif_rules(&job)
        .iter()
        .any(|(r, _, _)| r == "secret-hardcoded"));
    let job = run_action(repo, &[("diff-base", "none")], &mid);
    assert!(job.failed, "{}", job.log);
    assert_eq!(job.uploads.len(), 1);
}

#[test]
fn action_scans_a_subdirectory_with_path() {
    let (ws, base) = pull_request(".", &[("svc/settings.py", LEAK)]);
    let job = run_action(
        ws.path(),
        &[("path", "svc"), ("sarif-file", "svc.sarif")],
        &base,
    );
    assert!(job.failed, "{}", job.log);
    assert_eq!(job.uploads.len(), 1, "{}", job.log);
    assert_eq!(job.uploads[0]["sarif_file"], "svc.sarif");
    assert!(sarif_rules(&job)
        .iter()
        .any(|(r, _, _)| r == "secret-hardcoded"));
}

#[test]
fn action_baseline_quiets_the_gate_but_not_code_scanning() {
    let (ws, base) = pull_request(".", &[("settings.py", LEAK)]);
    let keep = tempfile::tempdir().unwrap();
    let bl = keep.path().join("baseline.json");
    let o = Command::new(env!("CARGO_BIN_EXE_trustlint"))
        .args(["baseline", ".", "--output"])
        .arg(&bl)
        .current_dir(ws.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    let job = run_action(ws.path(), &[("baseline", bl.to_str().unwrap())], &base);
    assert!(!job.failed, "{}", job.log);
    assert_eq!(job.uploads.len(), 1);
    assert!(
        sarif_rules(&job)
            .iter()
            .any(|(r, _, _)| r == "secret-hardcoded"),
        "the baseline must not close alerts in code scanning"
    );
}

#[test]
fn action_with_an_unreachable_base_still_scans_and_uploads() {
    let (ws, _) = pull_request(".", &[("settings.py", LEAK)]);
    git(
        ws.path(),
        &[
            "remote",
            "add",
            "origin",
            "/nonexistent/trustlint-test-remote",
        ],
    );
    let job = run_action(ws.path(), &[], "0123456789abcdef0123456789abcdef01234567");
    assert!(job.failed, "{}", job.log);
    assert_eq!(job.outputs["scan"]["exit-code"], "1", "{}", job.log);
    assert_eq!(job.uploads.len(), 1, "{}", job.log);
    assert!(
        job.log.contains("cannot reach the base revision"),
        "{}",
        job.log
    );
}

#[test]
fn action_shows_a_weakened_policy_and_config_from_base_judges_by_the_base() {
    // The change hides its own leak by excluding it.
    let weaker = "[scan]\nexclude = [\"settings.py\"]\n";
    let (ws, base) = pull_request(".", &[("settings.py", LEAK), ("trustlint.toml", weaker)]);
    let job = run_action(ws.path(), &[("fail-on", "warning")], &base);
    assert!(job.failed, "{}", job.log);
    assert!(
        job.summary.contains("### Policy changes to agree with")
            && job
                .summary
                .contains("`settings.py` added to \\[scan\\] exclude"),
        "{}",
        job.summary
    );
    assert!(!job.summary.contains("secret-hardcoded"), "{}", job.summary);
    // Judged by the base's policy (none: the defaults), the leak is found.
    let job = run_action(ws.path(), &[("config-from", "base")], &base);
    assert!(job.failed, "{}", job.log);
    assert!(job.summary.contains("secret-hardcoded"), "{}", job.summary);
    assert_eq!(job.uploads.len(), 1, "{}", job.log);
    assert!(sarif_rules(&job)
        .iter()
        .any(|(r, _, _)| r == "secret-hardcoded"));
    let job = run_action(ws.path(), &[("config-from", "fork")], &base);
    assert!(job.failed && job.log.contains("config-from must be head or base"));
}

/// Serves `dir` on 127.0.0.1 until the test process ends: `GET /a/b` answers `dir/a/b`, else
/// 404. Returns the base URL and the paths asked for.
fn serve(dir: &Path) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let (dir, log) = (dir.to_path_buf(), asked.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            log.lock().unwrap().push(path.clone());
            let file = path
                .split('/')
                .filter(|c| !c.is_empty() && *c != "..")
                .fold(dir.clone(), |p, c| p.join(c));
            let (status, body) = match fs::read(&file) {
                Ok(body) => ("200 OK", body),
                Err(_) => ("404 Not Found", b"not found\n".to_vec()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (format!("http://127.0.0.1:{port}"), asked)
}

/// The asset the Action picks for the harness's runner (Linux, X64).
const ASSET: &str = "trustlint-x86_64-unknown-linux-gnu.tar.gz";

/// `dir/v0.1.0/`, laid out as the release workflow publishes it: the archive of `binary` (as
/// `trustlint` at its root) and SHA256SUMS over the archives named in `sums`.
fn release(dir: &Path, binary: &Path, sums: &[&str]) -> PathBuf {
    let rel = dir.join("v0.1.0");
    let stage = dir.join("stage");
    fs::create_dir_all(&rel).unwrap();
    fs::create_dir_all(&stage).unwrap();
    fs::copy(binary, stage.join("trustlint")).unwrap();
    let o = Command::new("tar")
        .arg("-czf")
        .arg(rel.join(ASSET))
        .arg("-C")
        .arg(&stage)
        .arg("trustlint")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = Command::new("sha256sum")
        .args(sums)
        .current_dir(&rel)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    fs::write(rel.join("SHA256SUMS"), o.stdout).unwrap();
    rel
}

const DOWNLOAD: [(&str, &str); 2] = [("version", "0.1.0"), ("trustlint-path", "")];

#[test]
fn action_version_downloads_verifies_and_runs_the_release_binary() {
    let (ws, base) = pull_request(".", &[("settings.py", LEAK)]);
    let served = tempfile::tempdir().unwrap();
    // Another target's line first: the Action must pick its own.
    fs::create_dir_all(served.path().join("v0.1.0")).unwrap();
    fs::write(served.path().join("v0.1.0/other.tar.gz"), "x").unwrap();
    release(
        served.path(),
        Path::new(env!("CARGO_BIN_EXE_trustlint")),
        &["other.tar.gz", ASSET],
    );
    let (url, asked) = serve(served.path());
    let job = run_action_env(
        ws.path(),
        &DOWNLOAD,
        &base,
        &[("TRUSTLINT_RELEASE_BASE_URL", &url)],
    );
    assert_eq!(
        *asked.lock().unwrap(),
        ["/v0.1.0/SHA256SUMS", &format!("/v0.1.0/{ASSET}")]
    );
    let bin = &job.outputs["download"]["bin"];
    assert!(
        bin.ends_with("trustlint-release/bin/trustlint"),
        "{}",
        job.log
    );
    // Nothing built: the fingerprint, cache and build steps were skipped.
    assert!(!job.outputs.contains_key("key") && !job.outputs.contains_key("build"));
    assert!(
        !job.log.contains("::warning::trustlint 0.1.0"),
        "{}",
        job.log
    );
    assert!(job.log.contains("using release v0.1.0"), "{}", job.log);
    // The scan ran with it: the planted leak fails the job and SARIF is uploaded.
    assert_eq!(job.outputs["scan"]["exit-code"], "1", "{}", job.log);
    assert!(job.failed);
    assert_eq!(job.uploads.len(), 1, "{}", job.log);
    assert!(sarif_rules(&job)
        .iter()
        .any(|(r, _, _)| r == "secret-hardcoded"));
}

/// The fallback: no binary from the release, a warning, and the build steps (a cache hit in
/// the harness) give the binary the scan runs.
fn assert_built_instead(job: &Job, why: &str) {
    assert!(!job.outputs["download"].contains_key("bin"), "{}", job.log);
    assert!(
        job.log.contains("::warning::trustlint 0.1.0: ")
            && job
                .log
                .contains("building trustlint from the action's checkout instead"),
        "{}",
        job.log
    );
    assert!(job.log.contains(why), "expected `{why}` in\n{}", job.log);
    assert!(job.outputs["build"]["bin"].ends_with("trustlint-install/bin/trustlint"));
    assert_eq!(job.outputs["scan"]["exit-code"], "0", "{}", job.log);
    assert!(!job.failed, "{}", job.log);
    assert_eq!(job.uploads.len(), 1, "{}", job.log);
}

#[test]
fn action_version_refuses_a_tampered_or_unlisted_archive_and_builds_instead() {
    let (ws, base) = pull_request(".", &[("app.py", "print('hello, world')\n")]);
    let served = tempfile::tempdir().unwrap();
    let rel = release(
        served.path(),
        Path::new(env!("CARGO_BIN_EXE_trustlint")),
        &[ASSET],
    );
    // The archive is swapped after the sums were written: its binary must never run.
    let evil = served.path().join("evil");
    let marker = served.path().join("ran");
    fs::write(
        &evil,
        format!("#!/bin/sh\ntouch '{}'\nexit 0\n", marker.display()),
    )
    .unwrap();
    let tampered = tempfile::tempdir().unwrap();
    let other = release(tampered.path(), &evil, &[ASSET]);
    fs::copy(other.join(ASSET), rel.join(ASSET)).unwrap();
    let (url, _) = serve(served.path());
    let env = [("TRUSTLINT_RELEASE_BASE_URL", url.as_str())];
    let job = run_action_env(ws.path(), &DOWNLOAD, &base, &env);
    assert!(
        job.log
            .contains(&format!("::error::trustlint 0.1.0: {ASSET} has SHA-256 ")),
        "{}",
        job.log
    );
    assert_built_instead(&job, "the release binary is not verified");
    assert!(!marker.exists(), "the tampered binary ran");

    // SHA256SUMS without a line for this runner's archive.
    fs::write(
        rel.join("SHA256SUMS"),
        format!("{}  other.tar.gz\n", "0".repeat(64)),
    )
    .unwrap();
    let job = run_action_env(ws.path(), &DOWNLOAD, &base, &env);
    assert!(
        job.log.contains(&format!(
            "::error::trustlint 0.1.0: SHA256SUMS of release v0.1.0 lists no {ASSET}"
        )),
        "{}",
        job.log
    );
    assert_built_instead(&job, "the release binary is not verified");
}

#[test]
fn action_version_without_such_a_release_builds_instead() {
    let (ws, base) = pull_request(".", &[("app.py", "print('hello, world')\n")]);
    let empty = tempfile::tempdir().unwrap();
    let (url, asked) = serve(empty.path());
    let env = [("TRUSTLINT_RELEASE_BASE_URL", url.as_str())];
    let job = run_action_env(ws.path(), &DOWNLOAD, &base, &env);
    assert_built_instead(&job, "cannot download SHA256SUMS of release v0.1.0");
    assert_eq!(*asked.lock().unwrap(), ["/v0.1.0/SHA256SUMS"]);
    // A runner with no release target, and a release URL that is not https.
    let job = run_action_env(
        ws.path(),
        &DOWNLOAD,
        &base,
        &[("TRUSTLINT_RELEASE_BASE_URL", &url), ("RUNNER_ARCH", "ARM")],
    );
    assert_built_instead(&job, "no release binary for Linux/ARM");
    let job = run_action_env(
        ws.path(),
        &DOWNLOAD,
        &base,
        &[("TRUSTLINT_RELEASE_BASE_URL", "http://example.com/releases")],
    );
    assert_built_instead(&job, "is not https");
}

#[test]
fn action_version_downloads_from_the_actions_own_repository() {
    let (ws, base) = pull_request(".", &[]);
    // A proxy that refuses every connection: the URL is logged, nothing leaves the machine.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let offline = [
        ("https_proxy", proxy.as_str()),
        ("HTTPS_PROXY", proxy.as_str()),
        ("no_proxy", ""),
        ("NO_PROXY", ""),
    ];
    let mut env = offline.to_vec();
    env.push(("GITHUB_ACTION_REPOSITORY", "example/fork"));
    let job = run_action_env(ws.path(), &DOWNLOAD, &base, &env);
    assert!(
        job.log.contains(
            "downloading https://github.com/example/fork/releases/download/v0.1.0/SHA256SUMS"
        ),
        "{}",
        job.log
    );
    assert_built_instead(&job, "cannot download SHA256SUMS");
    // Without the runner's variable: the repository URL of the manifest the action ships.
    let job = run_action_env(ws.path(), &DOWNLOAD, &base, &offline);
    let want = format!(
        "downloading {}/releases/download/v0.1.0/SHA256SUMS",
        env!("CARGO_PKG_REPOSITORY")
    );
    assert!(job.log.contains(&want), "{}", job.log);
    assert_built_instead(&job, "cannot download SHA256SUMS");
}
