//! The checklist report (`trustlint report`) and the route listing it draws on.

use crate::util::*;
use serde_json::Value;

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
            "GET /api/feed public with optional authentication (`Option<Claims>`)",
            "GET /api/status public (conventional: service status)",
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

/// The checklist report of one fixture in each format, whole.
fn report_snapshot(format: &str) {
    let dir = root().join("fixtures/stages/service");
    let args = [
        "report",
        dir.to_str().unwrap(),
        "--stage",
        "beta",
        "--format",
        format,
    ];
    snapshot_of_run(&format!("report-{format}"), &args, 0);
}

snapshot_tests!(report_snapshot:
    report_md_matches_its_snapshot => "md",
    report_html_matches_its_snapshot => "html",
    report_json_matches_its_snapshot => "json",
);

#[test]
fn a_not_applicable_declaration_does_not_hide_an_error_the_scan_found() {
    let leak = "SLACK = \"xoxb-494059739626-7428392080597-4IEYRYEMXL0JGiTHIWsqjDvT\"\n";
    let na = "[[attestation]]\nitem = \"5.1.13\"\nstatus = \"not-applicable\"\nreason = \"no secrets here\"\n";
    let item = |files: &[(&str, &str)]| {
        let repo = repo_with(files);
        let r = report(repo.path(), &[]);
        r["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "5.1.13")
            .unwrap()
            .clone()
    };
    let leaked = item(&[("trustlint.toml", na), ("settings.py", leak)]);
    assert_eq!(leaked["status"], "fail", "{leaked}");
    assert!(leaked["reason"]
        .as_str()
        .unwrap()
        .contains("although declared not applicable"));
    // Without an error finding, the declaration stands.
    let clean = item(&[("trustlint.toml", na), ("app.py", "print('hi')\n")]);
    assert_eq!(clean["status"], "not-applicable", "{clean}");
}
