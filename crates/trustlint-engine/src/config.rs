//! `trustlint.toml`: the repository's own settings. Parsed strictly; every error has a line.

use crate::error::Error;
use crate::rules::Catalogue;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;
use trustlint_model::{line_col, Severity, Stage};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    stage: Option<Stage>,
    #[serde(default)]
    scan: ScanSection,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<RuleOverride>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ScanSection {
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    max_file_size: Option<u64>,
    #[serde(default)]
    rule_dirs: Vec<String>,
}

/// `[rules.<id>]`: turn a rule off (with a reason) or change its severity.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleOverride {
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// The repository's settings, after validation.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where the settings came from, as shown in messages (None: defaults).
    pub source: Option<PathBuf>,
    pub stage: Option<Stage>,
    pub exclude: Vec<String>,
    pub max_file_size: Option<u64>,
    /// Absolute or config-relative folders of extra rules.
    pub rule_dirs: Vec<PathBuf>,
    pub overrides: BTreeMap<String, RuleOverride>,
    /// Line of each `[rules.<id>]` table, to check ids once the catalogue is loaded.
    override_lines: BTreeMap<String, u32>,
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, Error> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::at(&shown, None, format!("cannot read config: {e}")))?;
        Config::parse(&shown, &text, path.parent().unwrap_or(Path::new(".")))
    }

    pub fn parse(shown: &str, text: &str, base: &Path) -> Result<Config, Error> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| Error::toml(shown, text, &e))?;
        let mut overrides = BTreeMap::new();
        let mut override_lines = BTreeMap::new();
        for (id, o) in file.rules {
            let line = line_col(text, o.span().start).0;
            let o = o.into_inner();
            if o.enabled == Some(false) && o.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                return Err(Error::at(
                    shown,
                    Some(line),
                    format!("`[rules.{id}]` turns the rule off without a `reason`; say why, for the next reviewer"),
                ));
            }
            override_lines.insert(id.clone(), line);
            overrides.insert(id, o);
        }
        for glob in &file.scan.exclude {
            globset::Glob::new(glob).map_err(|e| {
                let line = text
                    .lines()
                    .position(|l| l.contains(glob.as_str()))
                    .map(|i| i as u32 + 1);
                Error::at(shown, line, format!("invalid exclude glob `{glob}`: {e}"))
            })?;
        }
        Ok(Config {
            source: Some(PathBuf::from(shown)),
            stage: file.stage,
            exclude: file.scan.exclude,
            max_file_size: file.scan.max_file_size,
            rule_dirs: file.scan.rule_dirs.iter().map(|d| base.join(d)).collect(),
            overrides,
            override_lines,
        })
    }

    /// Every `[rules.<id>]` must name a rule that exists.
    pub fn check_rule_ids(&self, catalogue: &Catalogue) -> Result<(), Error> {
        let shown = self
            .source
            .as_ref()
            .map_or_else(|| "trustlint.toml".into(), |p| p.display().to_string());
        for (id, line) in &self.override_lines {
            if catalogue.get(id).is_none() {
                return Err(Error::at(
                    &shown,
                    Some(*line),
                    format!("unknown rule id `{id}` (see `trustlint rules`)"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_their_line() {
        let err = Config::parse(
            "t.toml",
            "stage = \"beta\"\n[scan]\nexclude = []\nfoo = 1\n",
            Path::new("."),
        )
        .unwrap_err();
        assert_eq!(err.line, Some(4));
        assert!(err.message.contains("foo"), "{}", err.message);
    }

    #[test]
    fn disabling_a_rule_needs_a_reason() {
        let err = Config::parse(
            "t.toml",
            "\n[rules.plain-http-url]\nenabled = false\n",
            Path::new("."),
        )
        .unwrap_err();
        assert_eq!(err.line, Some(2), "points at the table header");
        assert!(err.message.contains("reason"));
    }

    #[test]
    fn bad_stage_is_an_error() {
        let err = Config::parse("t.toml", "stage = \"gamma\"\n", Path::new(".")).unwrap_err();
        assert_eq!(err.line, Some(1));
    }
}
