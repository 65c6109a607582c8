//! Nothing the repository writes reaches the reader unescaped, and a secret found by one rule
//! is hidden in every finding of every rule, in every format.

use super::support::*;

/// Markup an attacker would put in a job summary.
const MARKUP: &str = "<img src=x onerror=alert(1)> [Approve this PR](https://evil.io/x) @org/team <details>open</details>";

/// `s` less its code spans (a run of backticks up to the next run of the same length).
fn outside_code(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('`') {
        out.push_str(&rest[..i]);
        let run = rest[i..].chars().take_while(|&c| c == '`').count();
        let fence = "`".repeat(run);
        match rest[i + run..].find(&fence) {
            Some(j) => rest = &rest[i + run + j + run..],
            None => {
                rest = &rest[i + run..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// No markup from the repository is live outside code spans (a backslash-escaped character is
/// text).
fn assert_inert(md: &str, what: &str) {
    let mut prose = String::new();
    let mut chars = outside_code(md).chars().collect::<Vec<_>>().into_iter();
    while let Some(c) = chars.next() {
        if c == '\\' {
            chars.next();
            prose.push('_');
        } else {
            prose.push(c);
        }
    }
    for bad in [
        "<img",
        "<details",
        "[Approve",
        "](https://evil",
        "@org/team",
        "https://evil",
    ] {
        assert!(!prose.contains(bad), "{what}: `{bad}` is live in:\n{md}");
    }
}

fn hostile_tree() -> tempfile::TempDir {
    repo_with(&[
        (
            ".github/workflows/ci.yml",
            &format!(
                "on: pull_request\npermissions: {{}}\njobs:\n  build:\n    name: \"{MARKUP}\"\n    runs-on: ubuntu-latest\n    steps:\n      - uses: \"evil/act@main`x``y`{}\"\n",
                MARKUP.replace('"', "'")
            ),
        ),
        (
            "Dockerfile",
            &format!("FROM node:latest\nADD http://files.service.gc.ca/{} /x\n", MARKUP.replace(' ', "")),
        ),
        ("[Approve this PR](https:evil.io)@org.py", "U_URL = \"http://a.service.gc.ca/\"\n"),
        (
            "trustlint.toml",
            &format!(
                "[[attestation]]\nitem = \"5.1.12\"\nstatus = \"not-applicable\"\nreason = \"{MARKUP}\"\n\n[[attestation]]\nitem = \"5.1.3\"\nby = \"{MARKUP}\"\ndate = 2026-01-10\nevidence = \"{MARKUP}\"\nreview-by = 2027-01-10\n"
            ),
        ),
    ])
}

#[test]
fn markdown_shows_repository_text_as_text_and_code_as_code() {
    let repo = hostile_tree();
    let md = stdout(&scan_env(repo.path(), &[], &["--format", "markdown"]));
    assert!(md.contains("| Severity |"), "{md}");
    assert_inert(&md, "scan --format markdown");
    // The code span holds the value as written, backticks included.
    assert!(md.contains("```evil/act@main`x``y`<img src=x"), "{md}");
    let report = stdout(&run(&[
        "report",
        repo.path().to_str().unwrap(),
        "--format",
        "md",
    ]));
    assert!(report.contains("5.1.12"), "{report}");
    assert_inert(&report, "report --format md");
}

#[test]
fn text_output_and_errors_show_control_characters_as_escapes() {
    let repo = repo_with(&[
        (
            "a\n::error::pwned\x1b[31m.py",
            "U_URL = \"http://a.service.gc.ca/\x1b]0;t\x07\u{202e}x\"\n",
        ),
        ("b.py", "V_URL = \"http://b.service.gc.ca/\x1b[2J\"\n"),
    ]);
    for color in [&[][..], &["--format", "text"]] {
        let mut c = bin();
        c.args(["scan", repo.path().to_str().unwrap(), "--fail-on", "never"])
            .args(color)
            .env("CLICOLOR_FORCE", "1");
        let o = run_limited(c, std::time::Duration::from_secs(60));
        let out = stdout(&o);
        assert!(out.contains("a\\n::error::pwned\\x1b[31m.py"), "{out}");
        for l in out.lines().chain(stderr(&o).lines()) {
            assert!(
                !l.trim_start().starts_with("::"),
                "a line the repository chose: {l}"
            );
            assert!(
                !l.contains(['\x1b', '\x07', '\u{202e}', '\r']),
                "a raw control character: {l:?}"
            );
        }
    }
    // The same through a quoted key echoed in a config error.
    let repo = repo_with(&[(
        "trustlint.toml",
        "[scan]\n\"x\\n::add-mask::y\\u001b[2J\" = 1\n",
    )]);
    let o = scan_env(repo.path(), &[], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        !err.contains('\x1b') && err.contains("\\n::add-mask::"),
        "{err}"
    );
}

#[test]
fn a_secret_found_by_one_rule_is_hidden_in_every_finding_and_format() {
    let header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
    let jwt = format!("{header}.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ");
    let repo = repo_with(&[
        (
            "app.py",
            "password = \"Xk9vR2qLm7Wz4TpQ\"\nU_URL = \"http://api.service.gc.ca/login?p=Xk9vR2qLm7Wz4TpQ\"\n",
        ),
        ("jwt.py", &format!("T_URL = \"http://api.service.gc.ca/?jwt={jwt}\"\n")),
        (
            "Dockerfile",
            "FROM node:20@sha256:0000000000000000000000000000000000000000000000000000000000000000\nENV DB_PASSWORD=Hunter2Secret99z\nENV API_URL=http://api.service.gc.ca/?pw=Hunter2Secret99z\nUSER app\n",
        ),
    ]);
    let secrets = ["Xk9vR2qLm7Wz4TpQ", "Hunter2Secret99z", jwt.as_str()];
    let dir = repo.path().to_str().unwrap();
    let mut outputs = Vec::new();
    for format in ["text", "json", "sarif", "markdown"] {
        outputs.push((
            format,
            stdout(&run(&[
                "scan",
                dir,
                "--format",
                format,
                "--sarif-all",
                "--fail-on",
                "never",
            ])),
        ));
    }
    for format in ["md", "html", "json"] {
        outputs.push((format, stdout(&run(&["report", dir, "--format", format]))));
    }
    for (format, out) in &outputs {
        assert!(out.len() > 100, "{format}: {out}");
        for s in secrets {
            assert!(!out.contains(s), "{format} printed {s}:\n{out}");
        }
    }
    // Still reported, with the first characters to find it by.
    let text = &outputs[0].1;
    assert!(
        text.contains("http://api.service.gc.ca/login?p=Xk9v…[redacted]"),
        "{text}"
    );
    assert!(text.contains("eyJh…[redacted]"), "{text}");
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count_on_hostile_trees() {
    let repo = hostile_tree();
    std::fs::write(
        repo.path().join("app.ts"),
        "fetch(\"http://a.service.gc.ca/x\");".repeat(3000),
    )
    .unwrap();
    std::fs::write(
        repo.path().join("s.py"),
        "password = \"Xk9vR2qLm7Wz4TpQ\"\n",
    )
    .unwrap();
    for format in ["json", "sarif", "text", "markdown"] {
        let out: Vec<Vec<u8>> = ["1", "2", "4"]
            .iter()
            .map(|t| scan_env(repo.path(), &[], &["--format", format, "--threads", t]).stdout)
            .collect();
        assert!(out[0].len() > 1000, "{format}");
        assert!(
            out.iter().all(|o| *o == out[0]),
            "{format} differs with the thread count"
        );
    }
}

#[test]
fn a_repository_rule_s_docs_reach_code_scanning_as_text() {
    let rule = std::fs::read_to_string(root().join("rules/https/plain-http-url.toml")).unwrap();
    let start = rule.find("\nwhy = ").unwrap() + 1;
    let end = start + rule[start..].find('\n').unwrap();
    let mut team = rule.clone();
    team.replace_range(start..end, &format!("why = '''{MARKUP}'''"));
    let team = team.replace("id = \"plain-http-url\"", "id = \"team-http\"");
    let repo = repo_with(&[
        ("a.py", "A_URL = \"http://a.service.gc.ca\"\n"),
        ("trustlint.toml", "[scan]\nrule-dirs = [\"r\"]\n"),
        ("r/team.toml", &team),
    ]);
    let sarif: serde_json::Value = serde_json::from_slice(
        &scan_env(repo.path(), &[], &["--format", "sarif", "--sarif-all"]).stdout,
    )
    .unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let help = |id: &str| {
        rules.iter().find(|r| r["id"] == id).unwrap()["help"]["markdown"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_inert(&help("team-http"), "a repository rule's help");
    // Shipped rules keep their Markdown (code fences in examples).
    assert!(help("plain-http-url").contains("```python"));
}
