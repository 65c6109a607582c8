//! SARIF 2.1.0 as GitHub code scanning reads it: every rule once, with descriptions, help,
//! `helpUri`, tags and a `security-severity` string; every result with a repo-relative location
//! under `%SRCROOT%`, a region, and a line-independent `primaryLocationLineHash`.

use crate::{help_uri, Report};
use serde_json::{json, Value};
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, RunAutomationDetails, Sarif, Suppression, Tool,
    ToolComponent, VersionControlDetails,
};
use std::collections::BTreeMap;
use trustlint_model::{Finding, NotificationLevel, Rule, Severity, SuppressionKind};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// GitHub code scanning rejects runs with more results than this.
pub const MAX_RESULTS: usize = 25_000;
/// GitHub code scanning rejects uploads larger than this once gzipped.
pub const MAX_GZIPPED_BYTES: usize = 10 * 1024 * 1024;

/// SARIF for GitHub: when the findings exceed what code scanning accepts, the least severe are
/// left out (most severe kept first) and a notification says how many.
pub fn sarif(r: &Report<'_>) -> String {
    let mut keep = kept_indices(r, MAX_RESULTS);
    loop {
        let text = render(r, &keep);
        if text.len() <= MAX_GZIPPED_BYTES
            || gzipped_len(&text) <= MAX_GZIPPED_BYTES
            || keep.is_empty()
        {
            return text;
        }
        let smaller = keep.len() * 4 / 5;
        keep = kept_indices(r, smaller);
    }
}

/// Indices of the `limit` most severe findings, in their original order.
fn kept_indices(r: &Report<'_>, limit: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..r.findings.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(r.findings[i].severity));
    order.truncate(limit);
    order.sort_unstable();
    order
}

fn gzipped_len(text: &str) -> usize {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).expect("writing to memory");
    gz.finish().expect("writing to memory").len()
}

fn render(r: &Report<'_>, keep: &[usize]) -> String {
    let rules: Vec<ReportingDescriptor> = r.rules.iter().map(|rule| descriptor(rule, r)).collect();
    let results: Vec<SarifResult> = keep.iter().map(|&i| result(&r.findings[i], r)).collect();
    let mut notes = r.notifications.to_vec();
    let dropped = r.findings.len() - keep.len();
    if dropped > 0 {
        notes.push(trustlint_model::Notification {
            level: NotificationLevel::Warning,
            code: "results-truncated".into(),
            message: format!(
                "{dropped} of {} results left out, least severe first, to stay within GitHub code scanning's limits ({MAX_RESULTS} results, {} MB gzipped); see the JSON output for all of them",
                r.findings.len(),
                MAX_GZIPPED_BYTES >> 20
            ),
            path: None,
            line: None,
        });
    }
    let notifications: Vec<Notification> = notes
        .iter()
        .map(|n| {
            let level = match n.level {
                NotificationLevel::Note => "note",
                NotificationLevel::Warning => "warning",
                NotificationLevel::Error => "error",
            };
            let mut message = n.message.clone();
            if let Some(p) = &n.path {
                message = format!("{p}: {message}");
            }
            let base = Notification::builder()
                .message(Message::builder().text(message).build())
                .level(json!(level))
                .properties(
                    PropertyBag::builder()
                        .additional_properties(BTreeMap::from([(
                            "code".to_string(),
                            json!(n.code),
                        )]))
                        .build(),
                );
            match &n.path {
                Some(p) => base
                    .locations(vec![location(p, n.line.unwrap_or(1), 1, None, None)])
                    .build(),
                None => base.build(),
            }
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("trustlint")
        .version(r.version)
        .semantic_version(r.version)
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(rules)
        .build();
    let invocation = Invocation::builder()
        .execution_successful(true)
        .tool_execution_notifications(notifications)
        .build();
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        .automation_details(RunAutomationDetails::builder().id(r.category).build())
        .column_kind(json!("unicodeCodePoints"))
        .build();
    if let Some(p) = r.provenance {
        let details = VersionControlDetails::builder()
            .repository_uri(p.repository_uri.as_str())
            .revision_id(p.revision.as_str());
        run.version_control_provenance = Some(vec![match &p.branch {
            Some(b) => details.branch(b.as_str()).build(),
            None => details.build(),
        }]);
    }
    let log = Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut s = serde_json::to_string_pretty(&log).expect("SARIF serialises");
    s.push('\n');
    s
}

fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Note => ResultLevel::Note,
    }
}

fn descriptor(rule: &Rule, r: &Report<'_>) -> ReportingDescriptor {
    let docs = rule.docs.get(r.lang);
    let help_text = format!("{}\n\n{}", rule.help.get(r.lang).trim(), docs.fix.trim());
    // Code scanning renders this as Markdown: a repository's own rule gets plain text.
    let md = |s: &str| {
        if rule.embedded {
            s.trim().to_string()
        } else {
            crate::escape_markdown::text(s.trim())
        }
    };
    let mut help_md = format!("{}\n\n{}", md(&docs.why), md(&docs.fix));
    if let Some(ex) = &docs.example {
        help_md.push_str(&format!("\n\n{}", md(ex)));
    }
    let mut tags: Vec<String> = rule.tags.clone();
    tags.extend(rule.checklist.iter().map(|id| format!("gc-dsp-{id}")));
    // The ITSG-33 / NIST SP 800-53 crosswalk of the rule's items.
    let mut controls: Vec<String> = rule
        .checklist
        .iter()
        .filter_map(|id| r.checklist.get(id))
        .flat_map(|i| i.controls.iter().map(|c| format!("nist-800-53/{c}")))
        .collect();
    controls.sort();
    controls.dedup();
    tags.extend(controls);
    let props = PropertyBag::builder()
        .tags(tags)
        .additional_properties(BTreeMap::from([
            (
                "security-severity".to_string(),
                Value::String(format!("{:.1}", rule.security_severity)),
            ),
            ("checklist".to_string(), json!(rule.checklist)),
            ("stage".to_string(), json!(rule.stage)),
        ]))
        .build();
    ReportingDescriptor::builder()
        .id(rule.id.clone())
        .name(pascal(&rule.id))
        .short_description(
            MultiformatMessageString::builder()
                .text(rule.title.get(r.lang))
                .build(),
        )
        .full_description(
            MultiformatMessageString::builder()
                .text(docs.what.trim())
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(help_text)
                .markdown(help_md)
                .build(),
        )
        .help_uri(help_uri(&rule.id))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(rule.severity).to_string()))
                .build(),
        )
        .properties(props)
        .build()
}

fn location(
    path: &str,
    line: u32,
    column: u32,
    end_line: Option<u32>,
    end_column: Option<u32>,
) -> Location {
    let mut region = Region::builder()
        .start_line(line as i64)
        .start_column(column as i64)
        .build();
    region.end_line = end_line.map(i64::from);
    region.end_column = end_column.map(i64::from);
    Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(
                    ArtifactLocation::builder()
                        .uri(uri(path))
                        .uri_base_id("%SRCROOT%")
                        .build(),
                )
                .region(region)
                .build(),
        )
        .build()
}

/// A relative URI reference: each byte of the file's name (see `trustlint_model::path`)
/// percent-encoded where it must be.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in trustlint_model::path::to_bytes(path) {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn result(f: &Finding, r: &Report<'_>) -> SarifResult {
    let l = &f.location;
    let mut result = SarifResult::builder()
        .rule_id(f.rule_id.clone())
        .level(level(f.severity))
        .message(Message::builder().text(f.message.clone()).build())
        .locations(vec![location(
            &l.path,
            l.line,
            l.column,
            l.end_line,
            l.end_column,
        )])
        .partial_fingerprints(BTreeMap::from([(
            "primaryLocationLineHash".to_string(),
            f.fingerprint.clone(),
        )]))
        .build();
    result.rule_index = r
        .rules
        .iter()
        .position(|x| x.id == f.rule_id)
        .map(|i| i as i64);
    let mut props = BTreeMap::from([("confidence".to_string(), json!(f.confidence.as_str()))]);
    if !f.context.is_production() {
        props.insert("context".to_string(), json!(f.context.as_str()));
    }
    result.properties = Some(PropertyBag::builder().additional_properties(props).build());
    if !f.related.is_empty() {
        result.related_locations = Some(
            f.related
                .iter()
                .enumerate()
                .map(|(i, rel)| {
                    let mut loc = location(
                        &rel.location.path,
                        rel.location.line,
                        rel.location.column,
                        None,
                        None,
                    );
                    loc.id = Some(i as i64);
                    loc.message = Some(Message::builder().text(rel.message.clone()).build());
                    loc
                })
                .collect(),
        );
    }
    if f.suppressed {
        let kind = match f.suppression_kind {
            Some(SuppressionKind::InSource) => "inSource",
            _ => "external",
        };
        let mut s = Suppression::builder().kind(json!(kind)).build();
        s.justification = f.suppression_reason.clone();
        result.suppressions = Some(vec![s]);
    }
    result
}

fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or(String::new(), |f| {
                f.to_ascii_uppercase().to_string() + c.as_str()
            })
        })
        .collect()
}
