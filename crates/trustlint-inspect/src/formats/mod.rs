//! The file formats inspection reads, each parsed into plain data with positions: TOML, JSON
//! (with comments) and YAML (every document) as key-path [`keypath::Leaf`]s, Dockerfile
//! instructions, GitHub workflows and actions, GitLab CI and Azure Pipelines files,
//! `security.txt` fields, Cargo manifests and lock files, and
//! the comment syntax of source files. Parsers that recurse are protected by one
//! [`nesting`] guard; none of them panics on bad input, each says where it stopped in a
//! [`ParseError`](crate::out::ParseError).
//!
//! May use: [`crate::out`], [`crate::pattern`] and parser crates. Never the language models,
//! the file context, checks or inspectors above it.

pub mod azure;
pub mod cargo;
pub mod dockerfile;
pub mod dockerfile_stages;
pub mod gitlab;
pub mod json;
pub mod keypath;
pub mod nesting;
pub mod security_txt;
pub mod syntax;
pub mod toml;
pub mod workflow;
pub mod yaml;
