//! What `rust-routes` and `rust-service` share: while the tree is read, each notes the Rust
//! files that name a web framework; once per scan, the context builds the service model from
//! them (for whichever rule asks first), and the rule's check reads the model.

use super::Inspector;
use crate::ctx::{FileCtx, RepoCtx};
use crate::lang::rust::service::{self, Service};
use crate::out::Output;

/// A rule answered from the Rust service model.
pub(super) struct ServiceRule<C> {
    pub(super) check: C,
    pub(super) run: fn(C, &Service, &RepoCtx<'_>, &mut Output),
    /// See [`Inspector::watched`].
    pub(super) watched: &'static [&'static str],
}

impl<C: Copy + Send + Sync> Inspector for ServiceRule<C> {
    fn interest_globs(&self) -> Vec<String> {
        vec!["**/*.rs".into()]
    }

    fn prefilter(&self) -> Vec<String> {
        service::prefilter()
    }

    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        out.interesting = service::interesting(file.path, file.text);
    }

    fn watched(&self) -> Vec<String> {
        self.watched.iter().map(|w| w.to_string()).collect()
    }

    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        (self.run)(self.check, repo.rust_service(), repo, out);
    }
}
