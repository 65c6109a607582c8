//! Bad input yields a diagnostic and the scan goes on; the output is the same for any thread count.

use crate::util::*;
use serde_json::Value;
use std::fs;

mod hostile;
mod untrusted;

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
        ("build/gen.py", "U_URL = \"http://ignored.service.gc.ca\"\n"),
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
        b"# caf\xe9\nU_URL = \"http://latin.service.gc.ca\"\n",
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
            "{{\"url\": \"http://big.service.gc.ca\", \"pad\": \"{}\"}}",
            "x".repeat(3 << 20)
        ),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/hostname", repo.path().join("outside.py")).unwrap();
    let report = scan_json(repo.path(), &[]);
    let paths = places(&report, "plain-http-url");
    assert_eq!(
        paths,
        vec![".github/workflows/ci.yml:2:8", "latin1.py:2:10"]
    );
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
        (
            "src/api.rs",
            "pub async fn cases() -> String { std::fs::read_to_string(\"/data/cases.json\").unwrap() }\n",
        ),
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
fn size_limits_are_configurable_and_deterministic() {
    let repo = repo_with(&[
        ("a.py", "A_URL = \"http://a.service.gc.ca\"\n"),
        ("b.py", "B_URL = \"http://b.service.gc.ca\"\n"),
        ("c.py", "C_URL = \"http://c.service.gc.ca\"\n"),
        ("trustlint.toml", "[scan]\nmax-total-size = 70\n"),
    ]);
    let v = scan_json(repo.path(), &[]);
    assert_eq!(places(&v, "plain-http-url"), vec!["a.py:1:10", "b.py:1:10"]);
    let skipped: Vec<&str> = v["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["code"] == "total-size-exceeded")
        .map(|n| n["path"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, vec!["c.py", "trustlint.toml"]);
}
