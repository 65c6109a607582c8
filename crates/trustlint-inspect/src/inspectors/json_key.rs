//! `json-key`: selects values in JSON files (and JSON with comments: `tsconfig.json`,
//! `.vscode/settings.json`) by key path, read by [`crate::formats::json`].

use super::key_rule::KeyRule;
pub use super::key_rule::Params;
use super::Inspector;
use crate::formats::keypath::Format;

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(KeyRule::new(Format::Json, p)?))
}
