//! The hostile-input suite: repositories an attacker would write, built at run time under
//! temporary folders, scanned by the real binary. Each module pins a class of attack (something
//! from the repository runs, the scan is stalled or blinded, repository text reaches the reader
//! unescaped, a secret leaks) and its tests hold for the whole class, not one input.
//!
//! `TRUSTLINT_BIN` runs the suite against another build (to show a test fails before a fix).

#[path = "hostile/support.rs"]
mod support;

#[path = "hostile/git.rs"]
mod git;

#[path = "hostile/bounds.rs"]
mod bounds;

#[path = "hostile/output.rs"]
mod output;

#[path = "hostile/files.rs"]
mod files;
