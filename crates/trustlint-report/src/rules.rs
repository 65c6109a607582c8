//! `trustlint rules`: the catalogue as a table for people or JSON for scripts, and the
//! patterns of every text rule, one a line, for benchmarks (`--export-patterns`).

use trustlint_model::{Lang, Rule};

/// One line a rule: id, severity, stage, checklist items and title, in columns.
pub fn rule_list_text(rules: &[&Rule], lang: Lang) -> String {
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in rules {
        out.push_str(&format!(
            "{:width$}  {:7}  {:5}  {:14}  {}\n",
            r.id,
            r.severity.as_str(),
            r.stage.as_str(),
            r.checklist.join(","),
            r.title.get(lang),
        ));
    }
    out
}

/// An object with `rules`, each with its id, checklist items, severities, stage, inspector
/// kind, tags, title, message and help.
pub fn rule_list_json(rules: &[&Rule], lang: Lang) -> String {
    let rules: Vec<_> = rules
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "checklist": r.checklist,
                "severity": r.severity,
                "security_severity": r.security_severity,
                "stage": r.stage,
                "kind": r.kind,
                "tags": r.tags,
                "title": r.title.get(lang),
                "message": r.message.get(lang),
                "help": r.help.get(lang),
            })
        })
        .collect();
    format!(
        "{}\n",
        serde_json::to_string_pretty(&serde_json::json!({ "rules": rules })).expect("serialises")
    )
}

/// Patterns one a line, a pattern repeated on the next line given once.
pub fn pattern_list(patterns: impl IntoIterator<Item = String>) -> String {
    let mut lines: Vec<String> = patterns.into_iter().collect();
    lines.dedup();
    lines.iter().map(|p| format!("{p}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_patterns_are_listed_once() {
        let p = ["a".to_string(), "a".into(), "b".into()];
        assert_eq!(pattern_list(p), "a\nb\n");
    }
}
