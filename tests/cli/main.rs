//! Integration tests of the command line: the real `trustlint` binary on real files, one test
//! binary with a module per subject. The fixture repositories have their own target
//! (`tests/fixtures.rs`), one test per case.

#[path = "../support/mod.rs"]
mod support;

mod action;
mod config;
mod contexts;
mod diff;
mod meta;
mod outputs;
mod report;
mod robustness;
mod sarif;
mod tracked;
mod util;
