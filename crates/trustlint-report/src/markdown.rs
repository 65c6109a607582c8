//! The Markdown output (`scan --format markdown`) for a pull request comment or a job
//! summary: counts, then a table of findings.

use crate::escape_markdown::{code, message, text};
use crate::Report;
use std::fmt::Write;
use trustlint_model::{Lang, Severity};

/// A summary for a pull request comment or `$GITHUB_STEP_SUMMARY`: counts, then one table row
/// per finding. Cells are escaped so a message cannot break the table.
pub fn markdown(r: &Report<'_>) -> String {
    let fr = r.lang == Lang::Fr;
    let count = |s: Severity| {
        r.findings
            .iter()
            .filter(|f| f.severity == s && !f.suppressed)
            .count()
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## trustlint — {}\n",
        if fr {
            "sécurité et protection des renseignements personnels"
        } else {
            "security and privacy"
        }
    );
    let _ = writeln!(
        out,
        "{} **{}** {} · **{}** {} · **{}** notes · {} {} · {} {}\n",
        if fr { "Résultat :" } else { "Result:" },
        count(Severity::Error),
        if fr { "erreurs" } else { "errors" },
        count(Severity::Warning),
        if fr { "avertissements" } else { "warnings" },
        count(Severity::Note),
        if fr { "étape" } else { "stage" },
        r.stage,
        r.stats.files_scanned,
        if fr { "fichiers lus" } else { "files read" },
    );
    if r.findings.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            if fr {
                "Aucune constatation."
            } else {
                "No findings."
            }
        );
        return out;
    }
    // A change to the policy the change is judged by comes first, on its own: the reviewer
    // must agree with it before the rest of the summary means anything.
    let policy: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule_id == "policy-weakened" && !f.suppressed)
        .collect();
    if !policy.is_empty() {
        let _ = writeln!(
            out,
            "### {}\n",
            if fr {
                "Changements de politique à approuver"
            } else {
                "Policy changes to agree with"
            }
        );
        for f in &policy {
            let _ = writeln!(
                out,
                "- {} {}",
                code(&format!(
                    "{}:{}",
                    crate::escape_text::path(&f.location.path),
                    f.location.line
                )),
                message(&f.message_parts, &f.message),
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | Message |\n|---|---|---|---|---|",
        if fr { "Gravité" } else { "Severity" },
        if fr { "Règle" } else { "Rule" },
        if fr { "Liste" } else { "Checklist" },
        if fr { "Emplacement" } else { "Location" },
    );
    for f in r.findings {
        let icon = match f.severity {
            Severity::Error => "🔴",
            Severity::Warning => "🟠",
            Severity::Note => "🔵",
        };
        let rule = format!("[{}]({})", code(&f.rule_id), crate::help_uri(&f.rule_id));
        let _ = writeln!(
            out,
            "| {icon} {} | {rule} | {} | {} | {}{} |",
            f.severity,
            text(&f.checklist.join(", ")),
            code(&format!(
                "{}:{}",
                crate::escape_text::path(&f.location.path),
                f.location.line
            )),
            message(&f.message_parts, &f.message),
            if f.suppressed { " *(suppressed)*" } else { "" },
        );
    }
    out
}
