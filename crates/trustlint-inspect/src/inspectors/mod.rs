//! Inspectors: the thin glue between a rule's `[inspect.<kind>]` table and the code that
//! reads the repository. One file per kind of data; each parses its parameters, decides which
//! files it wants, asks the context for the parsed file (or the model) and turns what the
//! format readers and [`checks`](crate::checks) found into [`Hit`](crate::Hit)s.
//!
//! Every kind is registered once, in the [`kinds!`] table below: its name in rule files, its
//! module and the variant of [`InspectSpec`] that holds its parameters. Whatever the engine
//! needs to know of a kind is a method of [`Inspector`], with a default.
//!
//! May use every layer below: [`crate::out`], [`crate::pattern`], [`crate::formats`],
//! [`crate::lang`], [`crate::ctx`] and [`crate::checks`].

use crate::ctx::{FileCtx, RepoCtx};
use crate::out::Output;
use crate::pattern::GlobList;
use serde::Deserialize;

mod key_rule;
mod service_rule;

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

    /// Whether the rule still runs when the scan is given a list of files instead of the tree
    /// (the pre-commit hook): by default, exactly the kinds that read files one by one.
    fn runs_on_listed_files(&self) -> bool {
        !self.file_globs().is_empty()
    }

    /// Whether what this inspector looks for is evidence that may be kept outside the
    /// repository, so that a current attestation of every item a finding bears on (or a
    /// declaration that the item does not apply) suppresses the finding.
    fn evidence_may_live_elsewhere(&self) -> bool {
        false
    }
}

/// The parameters of a kind whose rules each pick one of its checks: `check = "…"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Choice<C> {
    pub check: C,
}

/// [`Choice`] for a kind that reads files one by one: the files (globs) and the check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChoiceIn<C> {
    pub files: Vec<String>,
    pub check: C,
}

impl<C: Copy + Send + Sync + 'static> ChoiceIn<C> {
    /// An inspector that runs `run` with the chosen check on each file the globs select.
    fn inspector(
        &self,
        run: fn(C, &FileCtx<'_>, &mut Output),
    ) -> Result<Box<dyn Inspector>, String> {
        Ok(Box::new(CheckFiles {
            files: GlobList::new(&self.files, false)?,
            check: self.check,
            run,
        }))
    }
}

struct CheckFiles<C> {
    files: GlobList,
    check: C,
    run: fn(C, &FileCtx<'_>, &mut Output),
}

impl<C: Copy + Send + Sync> Inspector for CheckFiles<C> {
    fn file_globs(&self) -> Vec<String> {
        self.files.patterns().to_vec()
    }

    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        if self.files.is_match(file.path) {
            (self.run)(self.check, file, out);
        }
    }
}

/// The registry of inspector kinds: `"name" => module::Variant`, one line a kind. It declares
/// the module, the [`InspectSpec`] variant holding the module's `Params`, the kind's name and
/// how its inspector is built (the module's `build`).
macro_rules! kinds {
    ($($name:literal => $module:ident :: $variant:ident,)*) => {
        $(mod $module;)*

        /// The `[inspect]` table of a rule file: exactly one kind, with that kind's parameters.
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub enum InspectSpec {
            $(#[serde(rename = $name)] $variant($module::Params),)*
        }

        impl InspectSpec {
            /// Every kind's name as written in rule files, in registry order.
            pub const KINDS: &'static [&'static str] = &[$($name),*];

            /// The kind's name as written in rule files.
            pub fn kind(&self) -> &'static str {
                match self {
                    $(InspectSpec::$variant(_) => $name,)*
                }
            }

            /// Compiles the parameters (globs, regexes) into a ready inspector.
            pub fn build(&self) -> Result<Box<dyn Inspector>, String> {
                match self {
                    $(InspectSpec::$variant(p) => $module::build(p),)*
                }
            }
        }
    };
}

kinds! {
    "file-exists" => file_exists::FileExists,
    "text-pattern" => text_pattern::TextPattern,
    "toml-key" => toml_key::TomlKey,
    "json-key" => json_key::JsonKey,
    "yaml-key" => yaml_key::YamlKey,
    "review-date" => review_date::ReviewDate,
    "attestation" => attestation::Attestation,
    "profile-field" => profile_field::ProfileField,
    "suppression" => suppression::Suppression,
    "security-txt" => security_txt::SecurityTxt,
    "github-workflow" => github_workflow::GithubWorkflow,
    "ci-pipeline" => ci_pipeline::CiPipeline,
    "dockerfile" => dockerfile::Dockerfile,
    "third-party" => third_party::ThirdParty,
    "cargo-deps" => cargo_deps::CargoDeps,
    "rust-routes" => rust_routes::RustRoutes,
    "rust-service" => rust_service::RustService,
    "rust-code" => rust_code::RustCode,
    "credentials" => credentials::Credentials,
}

pub use security_txt::validate as validate_security_txt;
pub use suppression::{directives, Directive, Until};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_parses_under_its_registered_name() {
        for kind in InspectSpec::KINDS {
            let table = format!("[{kind}]\n");
            let err = toml::from_str::<InspectSpec>(&table).err();
            // A kind is known whether or not empty parameters suit it.
            assert!(
                err.as_ref()
                    .is_none_or(|e| !e.message().contains("unknown variant")),
                "{kind}: {err:?}"
            );
        }
        let spec: InspectSpec = toml::from_str("[suppression]\n").unwrap();
        assert_eq!(spec.kind(), "suppression");
        assert!(spec.build().unwrap().runs_on_listed_files());
    }

    #[test]
    fn an_unknown_kind_is_refused() {
        let err = toml::from_str::<InspectSpec>("[no-such-kind]\n").unwrap_err();
        assert!(err.message().contains("unknown variant"), "{err}");
    }
}
