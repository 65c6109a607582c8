//! The checklist report (`trustlint report`): every item of section 5 with its status, for an
//! assessor or a product owner. Markdown for a pull request or wiki, a self-contained HTML page
//! (no external assets: it must open offline and print), and JSON for tools.

use jiff::civil::Date;
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Write;
use trustlint_model::{Fact, FactValue, ItemReport, Lang, Profile, Stage, Status};

pub struct ChecklistReport<'a> {
    pub version: &'a str,
    pub stage: Stage,
    pub lang: Lang,
    pub today: Date,
    pub profile: &'a Profile,
    pub facts: &'a BTreeMap<Fact, FactValue>,
    pub items: &'a [ItemReport],
}

fn fr(r: &ChecklistReport<'_>) -> bool {
    r.lang == Lang::Fr
}

fn status_label(s: Status, lang: Lang) -> &'static str {
    match (s, lang) {
        (Status::Pass, Lang::En) => "pass",
        (Status::Fail, Lang::En) => "fail",
        (Status::Review, Lang::En) => "review",
        (Status::Attested, Lang::En) => "attested",
        (Status::NotApplicable, Lang::En) => "not applicable",
        (Status::NotDue, Lang::En) => "not yet due",
        (Status::Pass, Lang::Fr) => "conforme",
        (Status::Fail, Lang::Fr) => "non conforme",
        (Status::Review, Lang::Fr) => "à examiner",
        (Status::Attested, Lang::Fr) => "attesté",
        (Status::NotApplicable, Lang::Fr) => "sans objet",
        (Status::NotDue, Lang::Fr) => "pas encore exigé",
    }
}

/// The standard's groups, in order: 5.1 for all stages, then its alpha, beta and live lists,
/// then 5.2.
fn group(id: &str, lang: Lang) -> &'static str {
    let fr = lang == Lang::Fr;
    match (id.starts_with("5.2"), id.as_bytes().get(4)) {
        (true, _) => {
            if fr {
                "5.2 — Sécurité sans friction"
            } else {
                "5.2 — Frictionless security"
            }
        }
        (false, Some(b'A')) => {
            if fr {
                "5.1 — Étape alpha"
            } else {
                "5.1 — Alpha stage"
            }
        }
        (false, Some(b'B')) => {
            if fr {
                "5.1 — Étape bêta"
            } else {
                "5.1 — Beta stage"
            }
        }
        (false, Some(b'L')) => {
            if fr {
                "5.1 — Étape production"
            } else {
                "5.1 — Live stage"
            }
        }
        _ => {
            if fr {
                "5.1 — Mesures de risque, de confidentialité et de sécurité (toutes les étapes)"
            } else {
                "5.1 — Risk, privacy and security measures (all stages)"
            }
        }
    }
}

fn counts(items: &[ItemReport]) -> Vec<(Status, usize)> {
    Status::ALL
        .iter()
        .map(|s| (*s, items.iter().filter(|i| i.status == *s).count()))
        .collect()
}

/// The profile in one line; keys stay as written in trustlint.toml, values are translated.
fn fact_line(r: &ChecklistReport<'_>) -> String {
    let yes_no = |v: bool| match (v, r.lang) {
        (true, Lang::Fr) => "oui",
        (false, Lang::Fr) => "non",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    };
    let mut parts = Vec::new();
    if let Some(c) = r.profile.category {
        let c = serde_json::to_value(c).expect("serialises");
        parts.push(format!("category: {}", c.as_str().unwrap_or_default()));
    }
    for (fact, value) in r.facts {
        let v = match value {
            FactValue::Declared { value } => yes_no(*value).to_string(),
            FactValue::Inferred { value, path, line } => match r.lang {
                Lang::Fr => format!("{} (déduit de {path}:{line})", yes_no(*value)),
                Lang::En => format!("{} (inferred from {path}:{line})", yes_no(*value)),
            },
            FactValue::Unknown => (if fr(r) {
                "non déclaré"
            } else {
                "not declared"
            })
            .into(),
        };
        parts.push(format!("{}: {v}", fact.as_str()));
    }
    parts.join(" · ")
}

pub fn checklist_json(r: &ChecklistReport<'_>) -> String {
    let counts: BTreeMap<&str, usize> = counts(r.items)
        .into_iter()
        .map(|(s, n)| (s.as_str(), n))
        .collect();
    let value = json!({
        "tool": { "name": "trustlint", "version": r.version },
        "stage": r.stage,
        "lang": r.lang,
        "date": r.today.to_string(),
        "profile": r.profile,
        "facts": r.facts.iter().map(|(k, v)| (k.as_str(), v)).collect::<BTreeMap<_, _>>(),
        "counts": counts,
        "items": r.items,
    });
    let mut s = serde_json::to_string_pretty(&value).expect("serialises");
    s.push('\n');
    s
}

pub fn checklist_markdown(r: &ChecklistReport<'_>) -> String {
    let lang = r.lang;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} — {}\n",
        if fr(r) {
            "Liste de contrôle de la section 5"
        } else {
            "Section 5 checklist"
        },
        if fr(r) {
            "sécurité et protection des renseignements personnels"
        } else {
            "security and privacy"
        }
    );
    let _ = writeln!(
        out,
        "{} **{}** · {} {} · {}\n",
        if fr(r) { "Étape :" } else { "Stage:" },
        r.stage,
        if fr(r) { "date :" } else { "date:" },
        r.today,
        md_cell(&fact_line(r))
    );
    let summary: Vec<String> = counts(r.items)
        .into_iter()
        .map(|(s, n)| format!("{} {n}", status_label(s, lang)))
        .collect();
    let _ = writeln!(out, "**{}**\n", summary.join(" · "));
    let mut current = "";
    for i in r.items {
        let g = group(&i.item.id, lang);
        if g != current {
            current = g;
            let _ = writeln!(out, "\n## {g}\n");
            let _ = writeln!(
                out,
                "| ID | {} | {} | {} |\n|---|---|---|---|",
                if fr(r) { "Élément" } else { "Item" },
                if fr(r) { "Statut" } else { "Status" },
                if fr(r) { "Pourquoi" } else { "Why" }
            );
        }
        let mut why = md_spans(&i.reason);
        for f in i.findings.iter().take(5) {
            let _ = write!(
                why,
                "<br>{} {}",
                crate::escape_markdown::code(&format!(
                    "{}:{}",
                    crate::escape_text::path(&f.location.path),
                    f.location.line
                )),
                crate::escape_markdown::message(&f.message_parts, &f.message)
            );
        }
        if i.findings.len() > 5 {
            let _ = write!(why, "<br>… +{}", i.findings.len() - 5);
        }
        let _ = writeln!(
            out,
            "| {} | {}<br><sub>{}</sub> | {} {} | {why} |",
            i.item.id,
            md_cell(i.item.title.get(lang)),
            md_cell(&i.item.controls.join(", ")),
            icon(i.status),
            status_label(i.status, lang),
        );
    }
    out
}

fn icon(s: Status) -> &'static str {
    match s {
        Status::Pass => "✅",
        Status::Fail => "❌",
        Status::Review => "🔎",
        Status::Attested => "🖊️",
        Status::NotApplicable => "➖",
        Status::NotDue => "⏳",
    }
}

fn md_cell(s: &str) -> String {
    crate::escape_markdown::text(s)
}

/// Text whose backticks (when balanced) mark code: code as code spans, the rest escaped.
fn md_spans(s: &str) -> String {
    if !s.matches('`').count().is_multiple_of(2) {
        return md_cell(s);
    }
    let parts: Vec<(bool, String)> = s
        .split('`')
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .map(|(i, p)| (i % 2 == 1, p.to_string()))
        .collect();
    crate::escape_markdown::message(&parts, s)
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Turns `backticked` spans of already-escaped text into <code> elements (unbalanced
/// backticks are left as they are).
fn code_spans(escaped: &str) -> String {
    if !escaped.matches('`').count().is_multiple_of(2) {
        return escaped.to_string();
    }
    escaped
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_string()
            }
        })
        .collect()
}

const CSS: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #26374a;padding-bottom:.2rem}
.meta{color:#555;margin:.2rem 0 1rem}
.summary{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}
.count{border-radius:.4rem;padding:.5rem .9rem;min-width:7rem;color:#fff}
.count b{display:block;font-size:1.6rem}
.bar{display:flex;height:.8rem;border-radius:.4rem;overflow:hidden;margin:.5rem 0 1.5rem}
table{border-collapse:collapse;width:100%;table-layout:fixed}col.id{width:5.5rem}col.st{width:9rem}col.item{width:40%}th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid #ddd}
th{background:#f1f2f3}td.id{white-space:nowrap;font-weight:600}
.badge{display:inline-block;border-radius:1rem;padding:.1rem .6rem;color:#fff;font-size:.85rem;white-space:nowrap}
.fail{background:#b10e1e}.review{background:#8a5a00}.pass{background:#1c6b2d}.attested{background:#26374a}.not-applicable{background:#6f6f6f}.not-due{background:#9a9a9a}
ul{margin:.3rem 0 0 1rem;padding:0}code{font-size:.85em}.controls{color:#555;font-size:.85rem}
@media print{body{margin:0;max-width:none}.count{color:#000;border:1px solid #000;background:none!important}.badge{color:#000;border:1px solid #000;background:none!important}tr{page-break-inside:avoid}}
";

pub fn checklist_html(r: &ChecklistReport<'_>) -> String {
    let lang = r.lang;
    let title = if fr(r) {
        "Liste de contrôle de la section 5 — sécurité et protection des renseignements personnels"
    } else {
        "Section 5 checklist — security and privacy"
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        lang.as_str(),
        esc(title),
        esc(title)
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} <b>{}</b> · {} {} · trustlint {}<br>{}</p>",
        if fr(r) { "Étape :" } else { "Stage:" },
        r.stage,
        if fr(r) { "date :" } else { "date:" },
        r.today,
        esc(r.version),
        esc(&fact_line(r))
    );
    let counts = counts(r.items);
    let total = r.items.len().max(1);
    let _ = writeln!(out, "<div class=\"summary\" id=\"summary\">");
    for (s, n) in &counts {
        let _ = writeln!(
            out,
            "<div class=\"count {}\" data-status=\"{}\"><b>{n}</b>{}</div>",
            s.as_str(),
            s.as_str(),
            status_label(*s, lang)
        );
    }
    let _ = writeln!(out, "</div>\n<div class=\"bar\" aria-hidden=\"true\">");
    for (s, n) in &counts {
        if *n > 0 {
            let _ = writeln!(
                out,
                "<div class=\"{}\" style=\"width:{:.2}%\"></div>",
                s.as_str(),
                *n as f64 * 100.0 / total as f64
            );
        }
    }
    let _ = writeln!(out, "</div>");
    let mut current = "";
    for i in r.items {
        let g = group(&i.item.id, lang);
        if g != current {
            if !current.is_empty() {
                let _ = writeln!(out, "</tbody></table>");
            }
            current = g;
            let _ = writeln!(
                out,
                "<h2>{}</h2>\n<table><colgroup><col class=\"id\"><col class=\"item\"><col class=\"st\"><col></colgroup><thead><tr><th>ID</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                esc(g),
                if fr(r) { "Élément" } else { "Item" },
                if fr(r) { "Statut" } else { "Status" },
                if fr(r) { "Pourquoi" } else { "Why" }
            );
        }
        let _ = write!(
            out,
            "<tr id=\"item-{}\" data-status=\"{}\"><td class=\"id\">{}</td><td>{}<div class=\"controls\">{}</div></td><td><span class=\"badge {}\">{}</span></td><td>{}",
            esc(&i.item.id),
            i.status.as_str(),
            esc(&i.item.id),
            esc(i.item.title.get(lang)),
            esc(&i.item.controls.join(", ")),
            i.status.as_str(),
            status_label(i.status, lang),
            code_spans(&esc(&i.reason))
        );
        if !i.findings.is_empty() {
            let _ = write!(out, "<ul>");
            for f in &i.findings {
                let _ = write!(
                    out,
                    "<li><code>{}:{}</code> {}</li>",
                    esc(&f.location.path),
                    f.location.line,
                    code_spans(&esc(&f.message))
                );
            }
            let _ = write!(out, "</ul>");
        }
        if !i.evidence.is_empty() {
            let label = if fr(r) { "Preuves :" } else { "Evidence:" };
            let list: Vec<String> = i
                .evidence
                .iter()
                .map(|e| format!("<code>{}</code>", esc(e)))
                .collect();
            let _ = write!(out, "<div>{label} {}</div>", list.join(", "));
        }
        let _ = writeln!(out, "</td></tr>");
    }
    let _ = writeln!(out, "</tbody></table>\n</body>\n</html>");
    out
}
