//! A repository holding every kind of hostile or broken input, built at run time.

use crate::util::*;
use serde_json::Value;
use std::fs;
use std::process::Command;

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
        ("one-line.ts", ""),
        (
            "broken.rs",
            "fn main( { let url = \"http://rust.service.gc.ca\"; \n",
        ),
        ("deep.json", ""),
        ("deep.yaml", ""),
        ("bomb.yaml", ""),
        ("locked.py", "U_URL = \"http://locked.service.gc.ca\"\n"),
        (
            "dossier é/fichier ü.py",
            "U_URL = \"http://accent.service.gc.ca\"\n",
        ),
    ]);
    let p = repo.path();
    fs::write(
        p.join("crlf.py"),
        "# a\r\nU_URL = \"http://crlf.service.gc.ca\"\r\n",
    )
    .unwrap();
    fs::write(
        p.join("cr_only.py"),
        "# a\r# b\rU_URL = \"http://cr.service.gc.ca\"\r",
    )
    .unwrap();
    fs::write(
        p.join("bom.py"),
        b"\xEF\xBB\xBFU_URL = \"http://bom.service.gc.ca\"\n",
    )
    .unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "# x\nU_URL = \"http://utf16.service.gc.ca\"\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    fs::write(p.join("utf16.py"), utf16).unwrap();
    fs::write(
        p.join("latin1.py"),
        b"# caf\xe9\nU_URL = \"http://latin.service.gc.ca\"\n",
    )
    .unwrap();
    fs::write(
        p.join("blob.py"),
        b"\x00\x01\x02http://binary.service.gc.ca",
    )
    .unwrap();
    let minified = format!(
        "{}var url=\"http://min.service.gc.ca\";",
        "a=1;".repeat(250_000)
    );
    fs::write(p.join("one-line.ts"), minified).unwrap();
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
            "bom.py:1:10",
            "broken.rs:1:23",
            "cr_only.py:3:10",
            "crlf.py:2:10",
            "dossier é/fichier ü.py:1:10",
            "good.py:1:8",
            "latin1.py:2:10",
            "one-line.ts:1:1000010",
            "utf16.py:2:10",
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
