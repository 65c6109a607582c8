//! Keeping the house in order: every rule has fixtures, a page, French and known checklist
//! items; the pages are up to date.

use crate::util::*;
use serde_json::Value;
use std::fs;

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
fn rules_credentials_lists_the_catalogue_without_its_examples() {
    let o = run(&["rules", "--credentials", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let kinds = v["credentials"].as_array().unwrap();
    assert!(kinds.len() >= 100, "{} kinds", kinds.len());
    let gh = kinds
        .iter()
        .find(|k| k["id"] == "github-pat-classic")
        .unwrap();
    assert_eq!(gh["category"], "source-hosting");
    assert_eq!(gh["live_format"], true);
    let fr = stdout(&run(&["rules", "--credentials", "--lang", "fr"]));
    assert!(fr.contains("Jeton d'accès personnel GitHub"), "{fr}");
    let text = stdout(&o);
    assert!(
        !text.contains("ghp_") || !text.contains("real"),
        "examples are not listed"
    );
}
