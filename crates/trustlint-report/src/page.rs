//! Rule pages: what a rule detects, why it matters and how to fix it, in English and French.
//! Shown by `trustlint explain RULE`, kept in `docs/rules/` (checked to be up to date), and
//! linked from SARIF as each rule's `helpUri`.

use trustlint_model::{Checklist, CodeContext, Lang, Rule};

/// Where a rule's page lives in the repository (SARIF `helpUri`).
pub fn help_uri(rule_id: &str) -> String {
    format!(
        "{}/blob/main/docs/rules/{rule_id}.md",
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// A rule's page, in both languages: what it detects, why it matters, how to fix it.
pub fn rule_page(rule: &Rule, checklist: &Checklist) -> String {
    let mut out = format!("# {}\n\n", rule.id);
    let names = |cs: &[CodeContext]| {
        cs.iter()
            .map(|c| format!("`{}`", c.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut contexts = if rule.contexts.len() == CodeContext::ALL.len() {
        "all".to_string()
    } else {
        names(&rule.contexts)
    };
    if !rule.live_format_contexts.is_empty() {
        contexts.push_str(&format!(
            "; live-format only / format réel seulement : {}",
            names(&rule.live_format_contexts)
        ));
    }
    out.push_str(&format!(
        "| | |\n|---|---|\n| Severity / Gravité | {} ({:.1}) |\n| Stage / Étape | {} |\n| Inspector / Inspecteur | `{}` |\n| Tags | {} |\n| Reports in / Signale dans | {contexts} |\n| Default confidence / Confiance par défaut | {} |\n\n",
        rule.severity,
        rule.security_severity,
        rule.stage,
        rule.kind,
        rule.tags.join(", "),
        rule.confidence.as_str(),
    ));
    for lang in [Lang::En, Lang::Fr] {
        let docs = rule.docs.get(lang);
        // French puts a space before a colon.
        let colon = if lang == Lang::Fr { " :" } else { ":" };
        let (what, why, fix, example, items, help) = match lang {
            Lang::En => (
                "What it finds",
                "Why it matters",
                "How to fix it",
                "Example",
                "Checklist items",
                "In short",
            ),
            Lang::Fr => (
                "Ce que la règle détecte",
                "Pourquoi c'est important",
                "Comment corriger",
                "Exemple",
                "Éléments de la liste de contrôle",
                "En bref",
            ),
        };
        out.push_str(&format!("## {}\n\n", rule.title.get(lang)));
        out.push_str(&format!("### {items}\n\n"));
        for id in &rule.checklist {
            let title = checklist.get(id).map_or("", |i| i.title.get(lang));
            out.push_str(&format!("- {id}{colon} {title}\n"));
        }
        out.push_str(&format!("\n### {what}\n\n{}\n\n", docs.what.trim()));
        out.push_str(&format!("### {why}\n\n{}\n\n", docs.why.trim()));
        out.push_str(&format!("### {fix}\n\n{}\n\n", docs.fix.trim()));
        if let Some(ex) = &docs.example {
            out.push_str(&format!("### {example}\n\n{}\n\n", ex.trim()));
        }
        out.push_str(&format!(
            "**{help}{colon}** {}\n\n",
            rule.help.get(lang).trim()
        ));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
