//! Inspectors: the code half of trustlint. Each kind of inspection lives in its own file behind
//! the [`Inspector`] trait; rules (the data half) choose a kind and give it parameters.
//!
//! An inspector never touches the file system itself. The engine hands it either one file at a
//! time ([`FileCtx`], for the files its globs select) or, once per scan, a read-only view of the
//! repository's file index ([`RepoCtx`]). That keeps every safety guarantee (no symlinks followed,
//! size limits, nothing written) in one place, the engine.

mod attestation;
mod cargo_deps;
mod context;
mod dockerfile;
mod file_exists;
mod github_workflow;
mod globs;
mod json_key;
mod keypath;
mod profile_field;
mod review_date;
mod rust;
mod rust_code;
mod rust_routes;
mod rust_service;
mod security_txt;
mod suppression;
mod syntax;
mod text_pattern;
mod third_party;
mod toml_key;
mod yaml_key;

pub use context::{FileCtx, Hit, Output, RepoCtx, Shared, SHOW_LINE};
pub use dockerfile::instructions as dockerfile_instructions;
pub use globs::GlobList;
pub use rust::service::{Place, RouteOut};
pub use rust_routes::public_set as route_patterns;
pub use security_txt::validate as validate_security_txt;
pub use suppression::{directives, Directive, Until};
pub use syntax::Syntax;
pub use text_pattern::redacted;

use serde::Deserialize;

/// One kind of inspection, configured by a rule's `[inspect.<kind>]` table.
pub trait Inspector: Send + Sync {
    /// Globs of the files this inspector reads one by one; empty for repository-level kinds.
    fn file_globs(&self) -> Vec<String> {
        Vec::new()
    }

    /// The regexes matched over file text, for `trustlint rules --export-patterns`.
    fn patterns(&self) -> Vec<String> {
        Vec::new()
    }

    /// Regexes at least one of which must occur in a file for this inspector to find anything
    /// in it; the engine skips the inspector (and its parsing) otherwise. Empty: no such promise.
    fn prefilter(&self) -> Vec<String> {
        self.patterns()
    }

    /// Inspects one file selected by [`Inspector::file_globs`].
    fn check_file(&self, _file: &FileCtx<'_>, _out: &mut Output) {}

    /// Inspects the repository as a whole, once per scan.
    fn check_repo(&self, _repo: &RepoCtx<'_>, _out: &mut Output) {}

    /// For repository-level inspectors: files worth a look while the engine reads every file
    /// once. For each, `check_file` sets [`Output::interesting`] when the file matters, and
    /// [`RepoCtx::interesting`] then lists those files, so the repository-level pass reads only
    /// them instead of the whole tree again.
    fn interest_globs(&self) -> Vec<String> {
        Vec::new()
    }

    /// For repository-level inspectors: the files whose change can change the answer, so that
    /// a diff-aware scan reports the finding when one of them changed.
    fn watched(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The `[inspect]` table of a rule file: exactly one kind, with that kind's parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum InspectSpec {
    FileExists(file_exists::Params),
    TextPattern(text_pattern::Params),
    TomlKey(keypath::Params),
    JsonKey(keypath::Params),
    YamlKey(keypath::Params),
    ReviewDate(review_date::Params),
    Attestation(attestation::Params),
    ProfileField(profile_field::Params),
    Suppression(suppression::Params),
    SecurityTxt(security_txt::Params),
    GithubWorkflow(github_workflow::Params),
    Dockerfile(dockerfile::Params),
    ThirdParty(third_party::Params),
    CargoDeps(cargo_deps::Params),
    RustRoutes(rust_routes::Params),
    RustService(rust_service::Params),
    RustCode(rust_code::Params),
}

impl InspectSpec {
    /// The kind's name as written in rule files.
    pub fn kind(&self) -> &'static str {
        match self {
            InspectSpec::FileExists(_) => "file-exists",
            InspectSpec::TextPattern(_) => "text-pattern",
            InspectSpec::TomlKey(_) => "toml-key",
            InspectSpec::JsonKey(_) => "json-key",
            InspectSpec::YamlKey(_) => "yaml-key",
            InspectSpec::ReviewDate(_) => "review-date",
            InspectSpec::Attestation(_) => "attestation",
            InspectSpec::ProfileField(_) => "profile-field",
            InspectSpec::Suppression(_) => "suppression",
            InspectSpec::SecurityTxt(_) => "security-txt",
            InspectSpec::GithubWorkflow(_) => "github-workflow",
            InspectSpec::Dockerfile(_) => "dockerfile",
            InspectSpec::ThirdParty(_) => "third-party",
            InspectSpec::CargoDeps(_) => "cargo-deps",
            InspectSpec::RustRoutes(_) => "rust-routes",
            InspectSpec::RustService(_) => "rust-service",
            InspectSpec::RustCode(_) => "rust-code",
        }
    }

    /// Compiles the parameters (globs, regexes) into a ready inspector.
    pub fn build(&self) -> Result<Box<dyn Inspector>, String> {
        Ok(match self {
            InspectSpec::FileExists(p) => Box::new(file_exists::FileExists::new(p)?),
            InspectSpec::TextPattern(p) => Box::new(text_pattern::TextPattern::new(p)?),
            InspectSpec::TomlKey(p) => Box::new(toml_key::TomlKey::new(p)?),
            InspectSpec::JsonKey(p) => Box::new(json_key::JsonKey::new(p)?),
            InspectSpec::YamlKey(p) => Box::new(yaml_key::YamlKey::new(p)?),
            InspectSpec::ReviewDate(p) => Box::new(review_date::ReviewDate::new(p)?),
            InspectSpec::Attestation(p) => Box::new(attestation::Expiry::new(p)),
            InspectSpec::ProfileField(p) => Box::new(profile_field::ProfileField::new(p)),
            InspectSpec::Suppression(p) => Box::new(suppression::Suppressions::new(p)),
            InspectSpec::SecurityTxt(p) => Box::new(security_txt::SecurityTxt::new(p)?),
            InspectSpec::GithubWorkflow(p) => Box::new(github_workflow::GithubWorkflow::new(p)?),
            InspectSpec::Dockerfile(p) => Box::new(dockerfile::Dockerfile::new(p)?),
            InspectSpec::ThirdParty(p) => Box::new(third_party::ThirdParty::new(p)?),
            InspectSpec::CargoDeps(p) => Box::new(cargo_deps::CargoDeps::new(p)),
            InspectSpec::RustRoutes(p) => Box::new(rust_routes::RustRoutes::new(p)),
            InspectSpec::RustService(p) => Box::new(rust_service::RustService::new(p)),
            InspectSpec::RustCode(p) => Box::new(rust_code::RustCode::new(p)),
        })
    }
}

/// Compiles a regex written in a rule or config, with a size limit so that a hostile or careless
/// pattern cannot exhaust memory.
pub fn compile_regex(pattern: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(pattern)
        .size_limit(4 << 20)
        .dfa_size_limit(8 << 20)
        .build()
        .map_err(|e| {
            // The regex crate's message repeats the pattern over several lines; keep its last.
            let text = e.to_string();
            let why = text
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim()
                .trim_start_matches("error: ")
                .to_string();
            format!("invalid regex `{pattern}`: {why}")
        })
}

/// `(?P<name>` and `(?<name>` become `(?:`: joining patterns into one alternation (grep tools,
/// the engine's prefilter) fails when a group name appears twice; the names only serve messages.
pub fn unnamed_groups(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(i) = rest.find("(?P<").or_else(|| rest.find("(?<")) {
        let open = if rest[i..].starts_with("(?P<") { 4 } else { 3 };
        // `(?<=` and `(?<!` are look-behinds, which the regex crate does not have; keep them.
        let Some(end) = rest[i + open..].find('>') else {
            break;
        };
        out.push_str(&rest[..i]);
        out.push_str("(?:");
        rest = &rest[i + open + end + 1..];
    }
    out.push_str(rest);
    out
}
