//! `rust-code`: Rust source parsed with `syn` (once per file, by the context), for what a
//! line-by-line pattern cannot see. Each rule picks one check (see `checks/rust_code/`):
//!
//! - `sensitive-logged`: a secret or personal information written by a logging or printing
//!   macro;
//! - `debug-logged`: a value of a `#[derive(Debug)]` struct holding secrets or personal
//!   information, written with `{:?}`/`?x`/`dbg!` (repository-wide: the struct and the log
//!   line may be in different files);
//! - `weak-password-hash`: a password hashed with MD5, SHA-1 or a bare SHA-2;
//! - `tls-weakened`: `https_only(false)`, a minimum TLS version below 1.2, certificate
//!   verification turned off, or a rustls verifier that accepts every certificate;
//! - `auth-fails-open`: an authenticating extractor, guard, validator or middleware that lets
//!   requests through when its secret is unset or empty or a setting turns checking off.
//!
//! A file that does not parse is reported as a tool notification; the other rules on it
//! still run.

use super::{Choice, Inspector};
use crate::checks::rust_code::{
    auth_fails_open, debug_logged, sensitive_logged, tls_weakened, weak_password_hash};
use crate::ctx::{FileCtx, RepoCtx};
use crate::lang::rust::is_test_path;
use crate::out::Output;
use serde::Deserialize;

pub type Params = Choice<Check>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    SensitiveLogged,
    DebugLogged,
    WeakPasswordHash,
    TlsWeakened,
    AuthFailsOpen,
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(RustCode(p.check)))
}

struct RustCode(Check);

const RUST: &str = "**/*.rs";

impl Inspector for RustCode {
    fn file_globs(&self) -> Vec<String> {
        match self.0 {
            Check::DebugLogged => Vec::new(),
            _ => vec![RUST.into()],
        }
    }

    fn interest_globs(&self) -> Vec<String> {
        match self.0 {
            Check::DebugLogged => vec![RUST.into()],
            _ => Vec::new(),
        }
    }

    fn patterns(&self) -> Vec<String> {
        match self.0 {
            Check::DebugLogged => debug_logged::patterns(),
            Check::SensitiveLogged => vec![sensitive_logged::pattern()],
            Check::WeakPasswordHash => vec![weak_password_hash::PATTERN.into()],
            Check::TlsWeakened => vec![tls_weakened::PATTERN.into()],
            Check::AuthFailsOpen => vec![auth_fails_open::PATTERN.into()],
        }
    }

    fn watched(&self) -> Vec<String> {
        vec![RUST.into()]
    }

    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        if is_test_path(file.path) {
            return;
        }
        if self.0 == Check::DebugLogged {
            // Noted for the repository pass: structs that may print a secret, and Debug logs.
            out.interesting = debug_logged::interesting(file.text);
            return;
        }
        if self.0 == Check::WeakPasswordHash && !weak_password_hash::names_a_password(file.text) {
            return;
        }
        let parsed = match file.rust() {
            Ok(p) => &p.file,
            Err(e) => return out.parse_error(file.path, e),
        };
        let hits = &mut out.hits;
        match self.0 {
            Check::SensitiveLogged => {
                hits.extend(sensitive_logged::find(parsed).iter().map(|f| f.hit(file)))
            }
            Check::WeakPasswordHash => {
                hits.extend(weak_password_hash::find(parsed).iter().map(|f| f.hit(file)))
            }
            Check::TlsWeakened => {
                hits.extend(tls_weakened::find(parsed).iter().map(|f| f.hit(file)))
            }
            Check::AuthFailsOpen => {
                hits.extend(auth_fails_open::find(parsed).iter().map(|f| f.hit(file)))
            }
            Check::DebugLogged => {}
        }
    }

    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        if self.0 == Check::DebugLogged {
            out.hits
                .extend(debug_logged::find(repo).iter().map(|f| f.hit()));
        }
    }
}
