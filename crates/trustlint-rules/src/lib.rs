//! The rule catalogue shipped with trustlint: every `rules/<area>/<rule-id>.toml` and the
//! checklist, embedded at build time so an installed binary needs no files beside it.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
