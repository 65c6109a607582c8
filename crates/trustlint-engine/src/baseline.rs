//! Baselines: today's findings recorded as accepted, so that a scan reports only new ones.
//! Findings are matched by fingerprint, which does not depend on line numbers.

use crate::error::Error;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;
use trustlint_model::Finding;

/// The baseline file for these findings (suppressed ones need no baseline and are left out).
/// Messages are left out too: they quote the matched text, and a baseline committed to the
/// repository must not itself be a finding (a URL, part of a secret).
pub fn write(findings: &[Finding]) -> String {
    let entries: Vec<Value> = findings
        .iter()
        .filter(|f| !f.suppressed)
        .map(|f| {
            json!({
                "fingerprint": f.fingerprint,
                "rule_id": f.rule_id,
                "path": f.location.path,
                "line": f.location.line,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&json!({
        "trustlint_baseline": 1,
        "findings": entries,
    }))
    .expect("serialises");
    s.push('\n');
    s
}

/// The fingerprints a baseline file holds.
pub fn read(path: &Path) -> Result<BTreeSet<String>, Error> {
    let shown = path.display().to_string();
    let text = crate::read::read_input(path, 256 << 20, "baseline")?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        Error::at(
            &shown,
            Some(e.line() as u32),
            format!("not a baseline: {e}"),
        )
    })?;
    if value.get("trustlint_baseline") != Some(&json!(1)) {
        return Err(Error::at(
            &shown,
            Some(1),
            "not a trustlint baseline (write one with `trustlint baseline`)",
        ));
    }
    let findings = value["findings"]
        .as_array()
        .ok_or_else(|| Error::at(&shown, None, "`findings` must be a list"))?;
    findings
        .iter()
        .map(|f| {
            f["fingerprint"]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| Error::at(&shown, None, "a finding without a `fingerprint`"))
        })
        .collect()
}
