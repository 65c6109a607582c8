//! Loading rules: one TOML file per rule, from the embedded catalogue and the user's folders.
//! Every file is validated strictly (unknown keys, id style, checklist IDs, regexes) and every
//! error names the file and line.

use crate::error::Error;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;
use trustlint_inspect::{InspectSpec, Inspector};
use trustlint_model::{
    Checklist, CodeContext, Confidence, Docs, Fact, Rule, Severity, Stage, Text,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RuleFile {
    id: String,
    checklist: Vec<String>,
    stage: Stage,
    severity: Severity,
    security_severity: f64,
    #[serde(default = "default_tags")]
    tags: Vec<String>,
    #[serde(default)]
    requires: Vec<Fact>,
    #[serde(default)]
    infers: Option<Fact>,
    /// Where the rule reports; default: production code for rules that read files one by
    /// one, every context for repository-level rules.
    #[serde(default)]
    contexts: Option<Vec<CodeContext>>,
    #[serde(default)]
    live_format_contexts: Vec<CodeContext>,
    #[serde(default)]
    confidence: Confidence,
    title: Text,
    message: Text,
    help: Text,
    docs: Docs,
    inspect: InspectSpec,
}

fn default_tags() -> Vec<String> {
    vec!["security".into()]
}

/// A rule with its compiled inspector.
pub struct LoadedRule {
    pub rule: Rule,
    pub inspector: Box<dyn Inspector>,
}

/// The checklist and every rule, sorted by id.
pub struct Catalogue {
    pub checklist: Checklist,
    pub rules: Vec<LoadedRule>,
}

impl Catalogue {
    /// Loads the embedded catalogue (`(path, text)` pairs) plus any user rule folders.
    pub fn load(
        checklist_text: &str,
        embedded: &[(&str, &str)],
        user_dirs: &[std::path::PathBuf],
    ) -> Result<Catalogue, Error> {
        let checklist = Checklist::parse(checklist_text)
            .map_err(|e| Error::at("rules/checklist.toml", None, e))?;
        let mut rules = Vec::new();
        for (path, text) in embedded {
            let mut r = parse_rule(path, text, &checklist)?;
            r.rule.embedded = true;
            rules.push(r);
        }
        for dir in user_dirs {
            for (path, text) in read_rule_dir(dir)? {
                rules.push(parse_rule(&path, &text, &checklist)?);
            }
        }
        let mut seen = BTreeSet::new();
        for r in &rules {
            if !seen.insert(r.rule.id.clone()) {
                return Err(Error::at(
                    &r.rule.source,
                    Some(1),
                    format!("rule id `{}` is already defined by another rule", r.rule.id),
                ));
            }
        }
        rules.sort_by(|a, b| a.rule.id.cmp(&b.rule.id));
        Ok(Catalogue { checklist, rules })
    }

    pub fn get(&self, id: &str) -> Option<&LoadedRule> {
        self.rules.iter().find(|r| r.rule.id == id)
    }
}

/// The `*.toml` files of a user rule folder and its sub-folders, sorted; symlinks are skipped.
fn read_rule_dir(dir: &Path) -> Result<Vec<(String, String)>, Error> {
    let shown = dir.display().to_string();
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d)
            .map_err(|e| Error::at(&shown, None, format!("cannot read rule folder: {e}")))?;
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "toml") {
                let text = crate::read::read_input(&path, crate::read::MAX_INPUT, "rule")?;
                out.push((path.display().to_string(), text));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn parse_rule(path: &str, text: &str, checklist: &Checklist) -> Result<LoadedRule, Error> {
    let file: RuleFile = toml::from_str(text).map_err(|e| Error::toml(path, text, &e))?;
    let line_of = |key: &str| {
        text.lines()
            .position(|l| l.trim_start().starts_with(key))
            .map(|i| i as u32 + 1)
    };
    let fail = |key: &str, msg: String| Error::at(path, line_of(key), msg);
    if !is_kebab(&file.id) {
        return Err(fail(
            "id",
            format!("rule id `{}` must be kebab-case", file.id),
        ));
    }
    if ["no-", "disallow-", "require-"]
        .iter()
        .any(|p| file.id.starts_with(p))
    {
        return Err(fail(
            "id",
            format!(
                "rule id `{}` must name the bad state, not a prohibition",
                file.id
            ),
        ));
    }
    if file.checklist.is_empty() {
        return Err(fail(
            "checklist",
            "a rule needs at least one checklist item".into(),
        ));
    }
    for id in &file.checklist {
        if checklist.get(id).is_none() {
            return Err(fail("checklist", format!("unknown checklist item `{id}`")));
        }
    }
    if !(0.0..=10.0).contains(&file.security_severity) {
        return Err(fail(
            "security-severity",
            "security-severity must be between 0.0 and 10.0".into(),
        ));
    }
    for tag in &file.tags {
        if tag != "security" && tag != "privacy" {
            return Err(fail(
                "tags",
                format!("unknown tag `{tag}` (use security or privacy)"),
            ));
        }
    }
    let inspector = file.inspect.build().map_err(|e| fail("[inspect", e))?;
    let contexts = file.contexts.unwrap_or_else(|| {
        if inspector.file_globs().is_empty() {
            CodeContext::ALL.to_vec()
        } else {
            vec![CodeContext::Production]
        }
    });
    if contexts.is_empty() {
        return Err(fail(
            "contexts",
            "`contexts` must name at least one context".into(),
        ));
    }
    Ok(LoadedRule {
        rule: Rule {
            id: file.id,
            checklist: file.checklist,
            stage: file.stage,
            severity: file.severity,
            security_severity: file.security_severity,
            tags: file.tags,
            title: file.title,
            message: file.message,
            help: file.help,
            docs: file.docs,
            requires: file.requires,
            infers: file.infers,
            contexts,
            live_format_contexts: file.live_format_contexts,
            confidence: file.confidence,
            kind: file.inspect.kind().to_string(),
            source: path.to_string(),
            embedded: false,
        },
        inspector,
    })
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
