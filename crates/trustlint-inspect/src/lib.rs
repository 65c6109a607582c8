//! Inspectors: the code half of trustlint. Rules (the data half) choose a kind of inspection
//! and give it parameters; this crate reads the repository for them.
//!
//! An inspector never touches the file system itself. The engine hands it either one file at a
//! time ([`FileCtx`], for the files its globs select) or, once per scan, a read-only view of the
//! repository's file index ([`RepoCtx`]). That keeps every safety guarantee (no symlinks followed,
//! size limits, nothing written) in one place, the engine.
//!
//! The crate is in layers; a module uses only the layers below it, never one above:
//!
//! 1. `out` (hits, outputs, parse errors, the [`Hit`] builder), `pattern` (globs and
//!    regexes under limits) and `code_context` (where a file's code runs, by convention);
//! 2. `formats`: TOML, JSON, YAML, Dockerfiles, workflows, `security.txt`, Cargo manifests
//!    and the comment syntax of source files, each parsed into plain data;
//! 3. `lang`: language models (Rust today: parse, index, names, routes, the service model),
//!    and `credentials`: the credential catalogue, its validators and the judgement of values;
//! 4. `ctx`: the file and repository context, with caches keyed by parser;
//! 5. `checks`: one code check per file (what a `check = "…"` selector picks);
//! 6. `inspectors`: the [`Inspector`] trait, the registry of kinds, and one file of glue
//!    per kind.

mod checks;
mod code_context;
pub mod credentials;
mod ctx;
mod formats;
mod inspectors;
mod lang;
mod out;
mod pattern;

pub use code_context::ContextPaths;
pub use ctx::{FileCtx, RepoCtx, Shared};
pub use lang::rust::tests_of::TestModule;

/// What the engine needs of the Rust model beyond inspectors.
pub mod lang_rust {
    pub use crate::lang::rust::tests_of::declared_test_modules;
}
pub use formats::dockerfile::instructions as dockerfile_instructions;
pub use formats::syntax::Syntax;
pub use inspectors::{directives, validate_security_txt, Directive, InspectSpec, Inspector, Until};
pub use out::{redacted, Hit, HitBuilder, Output, ParseError, SHOW_LINE};
pub use pattern::{compile_regex, unnamed_groups, GlobList, PublicRoutes};
pub use trustlint_model::{Place, RouteOut};
