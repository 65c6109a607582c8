//! The JSON output for scripts (`scan --format json`): the findings, notifications and stats
//! of one scan, with the fields the README's contract promises.

use crate::Report;
use serde_json::json as j;

/// The JSON contract of `scan --format json`: an object with `findings` (each with `rule_id`,
/// `checklist`, `severity`, `message`, `path`, `line`, `column`, `fingerprint`, `suppressed`),
/// `notifications` and `stats`.
pub fn json(r: &Report<'_>) -> String {
    let value = j!({
        "tool": { "name": "trustlint", "version": r.version },
        "stage": r.stage,
        "lang": r.lang,
        "findings": r.findings,
        "notifications": r.notifications,
        "stats": r.stats,
    });
    let mut s = serde_json::to_string_pretty(&value).expect("findings serialise");
    s.push('\n');
    s
}
