//! Property: a finding's fingerprint does not depend on where it sits in its file. Inserting or
//! removing lines around the findings, or reordering them, leaves the set of fingerprints as it
//! was, so baselines and code scanning alerts survive ordinary edits.

use proptest::prelude::*;
use std::collections::BTreeSet;
use trustlint_engine::model::{Lang, Stage};
use trustlint_engine::{scan, Catalogue, Config, ScanOptions};

const CHECKLIST: &str = r#"
[[item]]
id = "5.2.5"
stage = "alpha"
method = "inspect"
title = { en = "HTTPS", fr = "HTTPS" }
"#;

const RULE: &str = r#"
id = "plain-http-url"
checklist = ["5.2.5"]
stage = "alpha"
severity = "error"
security-severity = 7.5
title = { en = "t", fr = "t" }
message = { en = "{match}", fr = "{match}" }
help = { en = "h", fr = "h" }
docs.en = { what = "w", why = "w", fix = "f" }
docs.fr = { what = "w", why = "w", fix = "f" }
[inspect.text-pattern]
files = ["**/*.py"]
pattern = 'http://[a-z.]+'
"#;

fn fingerprints(catalogue: &Catalogue, lines: &[String]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), lines.join("\n")).unwrap();
    let opts = ScanOptions {
        min_confidence: trustlint_engine::model::Confidence::Medium,
        root: dir.path().to_path_buf(),
        stage: Stage::Alpha,
        lang: Lang::En,
        threads: 1,
        max_file_size: 1 << 20,
        today: "2026-06-30".parse().unwrap(),
        only: None,
        baseline: None,
        changes: None,
        max_total_size: None,
        caps: Default::default(),
        base_policy: None,
        base_findings: None,
        progress: None,
    };
    let result = scan(catalogue, &Config::default(), &opts).unwrap();
    result.findings.into_iter().map(|f| f.fingerprint).collect()
}

fn filler() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z_]{1,8} = [0-9]{1,4}",
        "# [a-z ]{0,20}"
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn fingerprints_survive_inserted_lines_and_reordering(
        hosts in prop::collection::vec(prop::sample::select(vec!["a.gc.ca", "b.gc.ca", "c.gc.ca"]), 1..6),
        above in prop::collection::vec(filler(), 0..8),
        between in prop::collection::vec(filler(), 0..8),
        seed in any::<u64>(),
    ) {
        let catalogue = Catalogue::load(CHECKLIST, &[("rule.toml", RULE)], &[]).unwrap();
        let urls: Vec<String> = hosts.iter().map(|h| format!("U = \"http://{h}\"")).collect();
        let before = fingerprints(&catalogue, &urls);
        prop_assert_eq!(before.len(), urls.len());
        prop_assert_eq!(before.iter().collect::<BTreeSet<_>>().len(), urls.len(), "distinct");

        // Reorder the findings and put other lines above and between them.
        let mut shuffled = urls.clone();
        for i in (1..shuffled.len()).rev() {
            let j = (seed as usize).wrapping_mul(31).wrapping_add(i * 7) % (i + 1);
            shuffled.swap(i, j);
        }
        let mut edited = above.clone();
        for (i, u) in shuffled.into_iter().enumerate() {
            edited.push(u);
            if let Some(f) = between.get(i) {
                edited.push(f.clone());
            }
        }
        let after = fingerprints(&catalogue, &edited);
        let a: BTreeSet<_> = before.into_iter().collect();
        let b: BTreeSet<_> = after.into_iter().collect();
        prop_assert_eq!(a, b);
    }
}

/// A workflow whose lines end in lone CRs (found by fuzzing): every finding's line must exist
/// in the file as the scan counts lines, in memory as on disk.
#[test]
fn in_memory_scans_count_lone_cr_line_ends_like_the_scan() {
    let catalogue = trustlint_engine::Catalogue::load(
        trustlint_rules::CHECKLIST,
        trustlint_rules::RULE_FILES,
        &[],
    )
    .unwrap();
    let scanner = trustlint_engine::FileScanner::new(&catalogue).unwrap();
    let text = "on:\n  \r\r\r\r\r\r\r\r\r\r\r\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n";
    let (findings, _) = scanner.inspect(".github/workflows/ci.yml", text);
    let pinned: Vec<(u32, Option<&str>)> = findings
        .iter()
        .filter(|f| f.rule_id == "action-not-pinned")
        .map(|f| (f.location.line, f.source_line.as_deref()))
        .collect();
    // The YAML parser counts a lone CR as a line end; so must the line index that shows it.
    assert_eq!(
        pinned,
        vec![(19, Some("      - uses: actions/checkout@v4"))]
    );
    let lines =
        text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count() + 1;
    assert!(findings.iter().all(|f| (f.location.line as usize) <= lines));
}
