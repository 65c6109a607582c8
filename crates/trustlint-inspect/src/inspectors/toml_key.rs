//! `toml-key`: selects values in TOML files (`Cargo.toml`, `.cargo/config.toml`, `pyproject.toml`)
//! by key path. Read by [`crate::formats::toml`], so every finding has its real line.

use super::key_rule::KeyRule;
pub use super::key_rule::Params;
use super::Inspector;
use crate::formats::keypath::Format;

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(KeyRule::new(Format::Toml, p)?))
}
