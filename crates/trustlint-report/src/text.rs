//! The text output for people (`scan --format text`, the default): rustc-style findings with
//! their source line and a caret, the tool's own notifications, and a one-line summary.

use crate::escape_text::{char_escape, line as esc, path as esc_path};
use crate::Report;
use std::fmt::Write;
use trustlint_model::{Confidence, Lang, NotificationLevel, Severity};

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const CYAN: &str = "\x1b[1;36m";
const BLUE: &str = "\x1b[1;34m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// rustc-style text: each finding with its source line and a caret under the match, then the
/// tool's warnings and a one-line summary. ANSI colour only when `color` (a terminal).
pub fn text(r: &Report<'_>, color: bool) -> String {
    let paint = |code: &'static str| if color { code } else { "" };
    let reset = paint(RESET);
    let fr = r.lang == Lang::Fr;
    let mut out = String::new();
    // Suppressed findings are decisions already made; JSON and SARIF keep them, text counts them.
    for f in r.findings.iter().filter(|f| !f.suppressed) {
        let (label, code) = match f.severity {
            Severity::Error => (if fr { "erreur" } else { "error" }, RED),
            Severity::Warning => (if fr { "avertissement" } else { "warning" }, YELLOW),
            Severity::Note => ("note", CYAN),
        };
        let _ = writeln!(
            out,
            "{}{label}[{}]{reset}{}: {}{reset}",
            paint(code),
            esc(&f.rule_id),
            paint(BOLD),
            esc(&f.message)
        );
        let loc = &f.location;
        let width = loc.line.to_string().len();
        let pad = " ".repeat(width);
        let blue = paint(BLUE);
        let _ = writeln!(
            out,
            "{pad}{blue}-->{reset} {}:{}:{}",
            esc_path(&loc.path),
            loc.line,
            loc.column
        );
        if let Some(raw) = f.source_line.as_deref().filter(|s| !s.trim().is_empty()) {
            // The window starts at `source_column`; every character is shown as `escape_text`
            // shows it, and the caret counts the characters as shown.
            let skip = loc.column.saturating_sub(f.source_column.max(1)) as usize;
            let (mut src, mut before) = (String::new(), 0usize);
            for (i, c) in raw.chars().enumerate() {
                let at = src.chars().count();
                char_escape(c, &mut src);
                if i < skip {
                    before += src.chars().count() - at;
                }
            }
            let before = " ".repeat(before);
            let shown = src.chars().count();
            let len = match (loc.end_line, loc.end_column) {
                (Some(l), Some(c)) if l == loc.line && c > loc.column => (c - loc.column) as usize,
                _ => shown.saturating_sub(before.len()),
            }
            .clamp(1, shown.saturating_sub(before.len()).max(1));
            let _ = writeln!(out, "{pad} {blue}|{reset}");
            let _ = writeln!(out, "{blue}{}{reset} {blue}|{reset} {src}", loc.line);
            let _ = writeln!(
                out,
                "{pad} {blue}|{reset} {before}{}{}{reset}",
                paint(code),
                "^".repeat(len)
            );
        }
        if let Some(rule) = r.rules.iter().find(|x| x.id == f.rule_id) {
            let help = if fr { "aide" } else { "help" };
            let _ = writeln!(
                out,
                "{pad} {blue}={reset} {help}: {}",
                esc(rule.help.get(r.lang).trim())
            );
        }
        if f.confidence == Confidence::Medium || !f.context.is_production() {
            let (c, w) = if fr {
                ("confiance", "contexte")
            } else {
                ("confidence", "context")
            };
            let mut facts = vec![format!("{c}: {}", confidence_word(f.confidence, fr))];
            if !f.context.is_production() {
                facts.push(format!("{w}: {}", f.context.as_str()));
            }
            let _ = writeln!(out, "{pad} {blue}={reset} {}", facts.join(", "));
        }
        let items = if fr {
            "liste de contrôle"
        } else {
            "checklist"
        };
        let _ = writeln!(
            out,
            "{pad} {blue}={reset} {items}: {}\n",
            esc(&f.checklist.join(", "))
        );
    }
    for n in r
        .notifications
        .iter()
        .filter(|n| n.level >= NotificationLevel::Warning)
    {
        let place = match (&n.path, n.line) {
            (Some(p), Some(l)) => format!("{}:{l}: ", esc_path(p)),
            (Some(p), None) => format!("{}: ", esc_path(p)),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "{}trustlint{reset}: {place}{}",
            paint(YELLOW),
            esc(&n.message)
        );
    }
    let count = |s: Severity| {
        r.findings
            .iter()
            .filter(|f| f.severity == s && !f.suppressed)
            .count()
    };
    let s = r.stats;
    let skipped = s.skipped_binary + s.skipped_too_large + s.skipped_unreadable;
    let suppressed = r.findings.iter().filter(|f| f.suppressed).count();
    if suppressed > 0 {
        let _ = if fr {
            writeln!(
                out,
                "{suppressed} constatation(s) supprimée(s) avec une raison (voir --format json)"
            )
        } else {
            writeln!(
                out,
                "{suppressed} suppressed finding(s), each with a reason (see --format json)"
            )
        };
    }
    if s.outside_context > 0 {
        let _ = if fr {
            writeln!(
                out,
                "{} constatation(s) dans du code hors production (tests, exemples, code tiers ou généré) non signalée(s); voir `[scan] test-paths` et `contexts` dans le README",
                s.outside_context
            )
        } else {
            writeln!(
                out,
                "{} finding(s) in code that does not run in production (tests, examples, vendored or generated) not reported; see `[scan] test-paths` and `contexts` in the README",
                s.outside_context
            )
        };
    }
    let _ = if fr {
        writeln!(
            out,
            "{}{} erreur(s), {} avertissement(s), {} note(s){reset} dans {} fichiers lus ({} ignorés : {} binaires, {} trop gros, {} illisibles; {} erreurs d'analyse), {} règles, étape {}",
            paint(BOLD), count(Severity::Error), count(Severity::Warning), count(Severity::Note),
            s.files_scanned, skipped, s.skipped_binary, s.skipped_too_large, s.skipped_unreadable, s.parse_errors, s.rules_run, r.stage
        )
    } else {
        writeln!(
            out,
            "{}{} error(s), {} warning(s), {} note(s){reset} in {} files read ({} skipped: {} binary, {} too large, {} unreadable; {} parse errors), {} rules, stage {}",
            paint(BOLD), count(Severity::Error), count(Severity::Warning), count(Severity::Note),
            s.files_scanned, skipped, s.skipped_binary, s.skipped_too_large, s.skipped_unreadable, s.parse_errors, s.rules_run, r.stage
        )
    };
    out
}

fn confidence_word(c: Confidence, fr: bool) -> &'static str {
    match (c, fr) {
        (Confidence::High, false) => "high",
        (Confidence::High, true) => "élevée",
        (Confidence::Medium, false) => "medium",
        (Confidence::Medium, true) => "moyenne",
    }
}
