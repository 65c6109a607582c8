//! `yaml-key`: selects values in YAML files (Kubernetes manifests, CI workflows, Ansible, Compose)
//! by key path, every document of a multi-document file included, read by
//! [`crate::formats::yaml`].

use super::key_rule::KeyRule;
pub use super::key_rule::Params;
use super::Inspector;
use crate::formats::keypath::Format;

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(KeyRule::new(Format::Yaml, p)?))
}
