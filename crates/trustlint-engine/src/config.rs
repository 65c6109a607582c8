//! `trustlint.toml`: the repository's own settings. Parsed strictly; every error has a line.

use crate::error::Error;
use crate::rules::Catalogue;
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;
use trustlint_inspect::ContextPaths;
use trustlint_inspect::PublicRoutes;
use trustlint_model::{
    line_col, Attestation, AttestationKind, CodeContext, Profile, RoutePolicy, Severity, Stage,
};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    stage: Option<Stage>,
    #[serde(default)]
    review_period_months: Option<Spanned<i128>>,
    #[serde(default)]
    max_attestation_months: Option<Spanned<i128>>,
    #[serde(default)]
    profile: Profile,
    #[serde(default)]
    attestation: Vec<Spanned<AttestationEntry>>,
    #[serde(default)]
    ignore: Vec<Spanned<IgnoreEntry>>,
    #[serde(default)]
    scan: ScanSection,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<RuleOverride>>,
    #[serde(default)]
    routes: RoutePolicy,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ScanSection {
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    max_file_size: Option<Spanned<i128>>,
    #[serde(default)]
    max_total_size: Option<Spanned<i128>>,
    #[serde(default)]
    max_findings_per_rule: Option<Spanned<i128>>,
    #[serde(default)]
    max_findings_per_file: Option<Spanned<i128>>,
    #[serde(default)]
    rule_dirs: Vec<String>,
    /// Path globs that say where code runs, before the built-in conventions.
    #[serde(default)]
    production_paths: Vec<String>,
    #[serde(default)]
    test_paths: Vec<String>,
    #[serde(default)]
    test_data_paths: Vec<String>,
    #[serde(default)]
    example_paths: Vec<String>,
    #[serde(default)]
    dev_paths: Vec<String>,
    #[serde(default)]
    vendored_paths: Vec<String>,
    #[serde(default)]
    generated_paths: Vec<String>,
}

impl ScanSection {
    fn context_lists(&self) -> Vec<(CodeContext, &'static str, Vec<String>)> {
        vec![
            (
                CodeContext::Production,
                "production-paths",
                self.production_paths.clone(),
            ),
            (CodeContext::Test, "test-paths", self.test_paths.clone()),
            (
                CodeContext::TestData,
                "test-data-paths",
                self.test_data_paths.clone(),
            ),
            (
                CodeContext::Example,
                "example-paths",
                self.example_paths.clone(),
            ),
            (CodeContext::DevOnly, "dev-paths", self.dev_paths.clone()),
            (
                CodeContext::Vendored,
                "vendored-paths",
                self.vendored_paths.clone(),
            ),
            (
                CodeContext::Generated,
                "generated-paths",
                self.generated_paths.clone(),
            ),
        ]
    }
}

/// The range each numeric setting may take, checked at load: a value out of range is an error
/// with its line, never a wrap-around (`max-file-size = 18446744073709551615` once wrapped to
/// zero and made every file read as empty).
const RANGES: [(&str, i128, i128); 6] = [
    ("review-period-months", 1, 120),
    ("max-attestation-months", 1, 120),
    ("scan.max-file-size", 1, 1 << 30),
    ("scan.max-total-size", 1, 1 << 50),
    ("scan.max-findings-per-rule", 1, 1_000_000),
    ("scan.max-findings-per-file", 1, 1_000_000),
];

fn ranged(
    shown: &str,
    text: &str,
    key: &str,
    value: Option<Spanned<i128>>,
) -> Result<Option<u64>, Error> {
    let Some(v) = value else {
        return Ok(None);
    };
    let (_, lo, hi) = RANGES
        .iter()
        .find(|(k, _, _)| *k == key)
        .expect("every numeric key has a range");
    let line = line_col(text, v.span().start).0;
    let n = *v.get_ref();
    if n < *lo || n > *hi {
        return Err(Error::at(
            shown,
            Some(line),
            format!("`{key}` = {n} is out of range: it must be between {lo} and {hi}"),
        ));
    }
    Ok(Some(n as u64))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct AttestationEntry {
    item: String,
    #[serde(default)]
    status: AttestationKind,
    #[serde(default)]
    by: Option<String>,
    #[serde(default)]
    date: Option<toml::value::Datetime>,
    #[serde(default)]
    evidence: Option<String>,
    #[serde(default)]
    review_by: Option<toml::value::Datetime>,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct IgnoreEntry {
    rules: Vec<String>,
    paths: Vec<String>,
    reason: String,
    #[serde(default)]
    until: Option<toml::value::Datetime>,
}

/// `[[ignore]]`: findings of some rules under some paths are accepted, for a reason, maybe
/// until a date.
#[derive(Debug, Clone)]
pub struct Ignore {
    pub rules: Vec<String>,
    pub paths: globset::GlobSet,
    pub patterns: Vec<String>,
    pub reason: String,
    pub until: Option<Date>,
    pub line: u32,
}

/// `[rules.<id>]`: turn a rule off (with a reason), change its severity or where it reports.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleOverride {
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub severity: Option<Severity>,
    /// The code contexts the rule reports in, replacing the rule's own list.
    #[serde(default)]
    pub contexts: Option<Vec<CodeContext>>,
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
    /// Bytes read in all before the rest of the files are skipped (and said so).
    pub max_total_size: Option<u64>,
    /// Absolute or config-relative folders of extra rules.
    pub rule_dirs: Vec<PathBuf>,
    pub overrides: BTreeMap<String, RuleOverride>,
    pub profile: Profile,
    /// `[routes]`: routes public on purpose, and extra authentication names.
    pub routes: RoutePolicy,
    pub attestations: Vec<Attestation>,
    pub ignores: Vec<Ignore>,
    /// `review-period-months`, when the config sets it; see [`Config::review_months`].
    pub review_period_months: Option<u32>,
    /// `[scan] max-findings-per-rule` and `max-findings-per-file`.
    pub max_findings_per_rule: Option<u64>,
    pub max_findings_per_file: Option<u64>,
    /// Line of each `[rules.<id>]` table, to check ids once the catalogue is loaded.
    override_lines: BTreeMap<String, u32>,
    /// `[scan] production-paths`, `test-paths`, ...: where code runs, before the conventions.
    pub contexts: ContextPaths,
    /// The same lists as written, to compare one revision's policy with another's.
    pub context_globs: Vec<(CodeContext, Vec<String>)>,
    /// `max-attestation-months`: how far ahead an attestation's `review-by` may be.
    pub max_attestation_months: Option<u32>,
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, Error> {
        let shown = path.display().to_string();
        let text = crate::read::read_input(path, crate::read::MAX_INPUT, "config")?;
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
        let lists = file.scan.context_lists();
        let context_globs: Vec<(CodeContext, Vec<String>)> =
            lists.iter().map(|(c, _, g)| (*c, g.clone())).collect();
        for (_, key, globs) in &lists {
            for glob in globs {
                if let Err(e) = ContextPaths::new(&[(CodeContext::Test, vec![glob.clone()])]) {
                    let line = text
                        .lines()
                        .position(|l| l.contains(glob.as_str()))
                        .map(|i| i as u32 + 1);
                    return Err(Error::at(shown, line, format!("`[scan] {key}`: {e}")));
                }
            }
        }
        let contexts = ContextPaths::new(
            &lists
                .into_iter()
                .map(|(c, _, g)| (c, g))
                .collect::<Vec<_>>(),
        )
        .map_err(|e| Error::at(shown, None, e))?;
        if let Err(e) = PublicRoutes::new(&file.routes.public) {
            let line = file.routes.public.iter().find_map(|p| {
                PublicRoutes::new(std::slice::from_ref(p))
                    .is_err()
                    .then(|| text.lines().position(|l| l.contains(p.as_str())))
                    .flatten()
                    .map(|i| i as u32 + 1)
            });
            return Err(Error::at(shown, line, format!("`[routes] public`: {e}")));
        }
        let mut attestations = Vec::new();
        for a in file.attestation {
            let line = line_col(text, a.span().start).0;
            attestations.push(attestation(shown, line, a.into_inner())?);
        }
        let mut ignores = Vec::new();
        for i in file.ignore {
            let line = line_col(text, i.span().start).0;
            ignores.push(ignore(shown, line, i.into_inner())?);
        }
        let months = ranged(
            shown,
            text,
            "review-period-months",
            file.review_period_months,
        )?;
        let max_attestation_months = ranged(
            shown,
            text,
            "max-attestation-months",
            file.max_attestation_months,
        )?;
        let max_file_size = ranged(shown, text, "scan.max-file-size", file.scan.max_file_size)?;
        let max_total_size = ranged(shown, text, "scan.max-total-size", file.scan.max_total_size)?;
        let per_rule = ranged(
            shown,
            text,
            "scan.max-findings-per-rule",
            file.scan.max_findings_per_rule,
        )?;
        let per_file = ranged(
            shown,
            text,
            "scan.max-findings-per-file",
            file.scan.max_findings_per_file,
        )?;
        Ok(Config {
            source: Some(PathBuf::from(shown)),
            ignores,
            profile: file.profile,
            routes: file.routes,
            attestations,
            review_period_months: months.map(|m| m as u32),
            max_findings_per_rule: per_rule,
            max_findings_per_file: per_file,
            stage: file.stage,
            exclude: file.scan.exclude,
            max_file_size,
            max_total_size,
            rule_dirs: file.scan.rule_dirs.iter().map(|d| base.join(d)).collect(),
            overrides,
            override_lines,
            contexts,
            context_globs,
            max_attestation_months: max_attestation_months.map(|m| m as u32),
        })
    }

    /// The caps on findings per file, from `[scan]` or the defaults.
    pub fn caps(&self) -> crate::shown::Caps {
        let d = crate::shown::Caps::default();
        crate::shown::Caps {
            per_rule: self
                .max_findings_per_rule
                .map_or(d.per_rule, |n| n as usize),
            per_file: self
                .max_findings_per_file
                .map_or(d.per_file, |n| n as usize),
        }
    }

    /// How old an evidence document's review date may be, in months (default 12).
    pub fn review_months(&self) -> u32 {
        self.review_period_months.unwrap_or(12)
    }

    /// How far ahead an attestation's `review-by` may be, in months (default 24).
    pub fn attestation_months(&self) -> u32 {
        self.max_attestation_months.unwrap_or(24)
    }

    /// Every `[rules.<id>]` must name a rule that exists, every attestation a checklist item;
    /// no attestation may be dated after `today`, nor be due for review more than
    /// `max-attestation-months` ahead (an attestation valid until 2999 is a rule turned off).
    pub fn validate(&self, catalogue: &Catalogue, today: Date) -> Result<(), Error> {
        let shown = self
            .source
            .as_ref()
            .map_or_else(|| "trustlint.toml".into(), |p| p.display().to_string());
        for a in &self.attestations {
            let fail = |msg: String| Err(Error::at(&shown, Some(a.line), msg));
            if catalogue.checklist.get(&a.item).is_none() {
                return fail(format!("attestation for unknown checklist item `{}` (see checklist IDs with `trustlint explain`)", a.item));
            }
            if let Some(date) = a.date.filter(|d| *d > today) {
                return fail(format!(
                    "attestation of item {} is dated {date}, in the future; an attestation records what has already been done",
                    a.item
                ));
            }
            let months = self.attestation_months();
            let latest = today
                .checked_add(jiff::Span::new().months(i64::from(months)))
                .unwrap_or(today);
            if let Some(due) = a.review_by.filter(|d| *d > latest) {
                return fail(format!(
                    "attestation of item {}: `review-by` {due} is more than {months} months ahead (after {latest}); review attestations at least that often, or raise `max-attestation-months`",
                    a.item
                ));
            }
        }
        for i in &self.ignores {
            if let Some(unknown) = i.rules.iter().find(|r| catalogue.get(r).is_none()) {
                return Err(Error::at(
                    &shown,
                    Some(i.line),
                    format!("`[[ignore]]` names unknown rule id `{unknown}`"),
                ));
            }
        }
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

fn ignore(shown: &str, line: u32, e: IgnoreEntry) -> Result<Ignore, Error> {
    let fail = |msg: String| Error::at(shown, Some(line), msg);
    if e.reason.trim().is_empty() {
        return Err(fail(
            "`[[ignore]]` needs a `reason`, for the next reviewer".into(),
        ));
    }
    if e.rules.is_empty() || e.paths.is_empty() {
        return Err(fail(
            "`[[ignore]]` needs at least one rule in `rules` and one glob in `paths`".into(),
        ));
    }
    let mut set = globset::GlobSetBuilder::new();
    for p in &e.paths {
        let glob = globset::GlobBuilder::new(p)
            .literal_separator(true)
            .build()
            .map_err(|err| fail(format!("invalid glob `{p}`: {err}")))?;
        set.add(glob);
    }
    let until = match e.until.map(|d| d.date) {
        None => None,
        Some(Some(d)) => Some(
            Date::new(d.year as i16, d.month as i8, d.day as i8)
                .map_err(|err| fail(format!("`until`: {err}")))?,
        ),
        Some(None) => return Err(fail("`until` must be a date such as 2027-01-31".into())),
    };
    Ok(Ignore {
        rules: e.rules,
        paths: set.build().map_err(|err| fail(err.to_string()))?,
        patterns: e.paths,
        reason: e.reason,
        until,
        line,
    })
}

fn attestation(shown: &str, line: u32, e: AttestationEntry) -> Result<Attestation, Error> {
    let fail = |msg: String| Err(Error::at(shown, Some(line), msg));
    let date = |d: Option<toml::value::Datetime>, key: &str| -> Result<Option<Date>, Error> {
        match d.map(|d| d.date) {
            None => Ok(None),
            Some(Some(d)) => Date::new(d.year as i16, d.month as i8, d.day as i8)
                .map(Some)
                .map_err(|e| Error::at(shown, Some(line), format!("`{key}`: {e}"))),
            Some(None) => Err(Error::at(
                shown,
                Some(line),
                format!("`{key}` must be a date such as 2026-03-01"),
            )),
        }
    };
    let (when, review_by) = (date(e.date, "date")?, date(e.review_by, "review-by")?);
    match e.status {
        AttestationKind::Attested => {
            let missing: Vec<&str> = [
                ("by", e.by.is_none()),
                ("date", when.is_none()),
                ("evidence", e.evidence.is_none()),
                ("review-by", review_by.is_none()),
            ]
            .into_iter()
            .filter_map(|(k, m)| m.then_some(k))
            .collect();
            if !missing.is_empty() {
                return fail(format!(
                    "attestation of item {} lacks {} (an attestation needs `by`, `date`, `evidence` and `review-by`, or `status = \"not-applicable\"` with a `reason`)",
                    e.item,
                    missing.join(", ")
                ));
            }
            if review_by < when {
                return fail(format!(
                    "attestation of item {}: `review-by` is before `date`",
                    e.item
                ));
            }
        }
        AttestationKind::NotApplicable => {
            if e.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                return fail(format!(
                    "item {} is declared not applicable without a `reason`",
                    e.item
                ));
            }
        }
    }
    Ok(Attestation {
        item: e.item,
        status: e.status,
        by: e.by,
        date: when,
        evidence: e.evidence,
        review_by,
        reason: e.reason,
        line,
    })
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
    fn attestations_need_who_when_evidence_and_review_date() {
        let text = "[[attestation]]\nitem = \"5.1.3\"\nby = \"J. Doe\"\ndate = 2026-01-10\n";
        let err = Config::parse("t.toml", text, Path::new(".")).unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(
            err.message.contains("lacks evidence, review-by"),
            "{}",
            err.message
        );
        let ok = "[[attestation]]\nitem = \"5.1.3\"\nby = \"J. Doe\"\ndate = 2026-01-10\nevidence = \"https://x\"\nreview-by = 2027-01-10\n\n[[attestation]]\nitem = \"5.1.12\"\nstatus = \"not-applicable\"\nreason = \"no staff\"\n";
        let c = Config::parse("t.toml", ok, Path::new(".")).unwrap();
        assert_eq!(c.attestations.len(), 2);
        assert_eq!(c.attestations[1].line, 8);
    }

    #[test]
    fn numbers_out_of_range_are_errors_with_their_line_never_wrapped() {
        for (text, line) in [
            ("[scan]\nmax-file-size = 18446744073709551615\n", 2),
            ("[scan]\n\nmax-file-size = 0\n", 3),
            ("[scan]\nmax-total-size = -1\n", 2),
            ("review-period-months = 4294967297\n", 1),
            ("[scan]\nmax-findings-per-rule = 0\n", 2),
            ("[scan]\nmax-findings-per-file = 99999999999999999999\n", 2),
        ] {
            let err = Config::parse("t.toml", text, Path::new(".")).unwrap_err();
            assert_eq!(err.line, Some(line), "{text}: {err}");
            assert!(
                err.message.contains("out of range") || err.message.contains("integer"),
                "{text}: {err}"
            );
        }
        let ok = Config::parse(
            "t.toml",
            "review-period-months = 6\n[scan]\nmax-file-size = 1048576\nmax-findings-per-rule = 5\n",
            Path::new("."),
        )
        .unwrap();
        assert_eq!(ok.max_file_size, Some(1 << 20));
        assert_eq!(ok.review_months(), 6);
        assert_eq!(ok.caps().per_rule, 5);
    }

    #[test]
    fn bad_stage_is_an_error() {
        let err = Config::parse("t.toml", "stage = \"gamma\"\n", Path::new(".")).unwrap_err();
        assert_eq!(err.line, Some(1));
    }
}
