//! `rust-routes`: every route of the repository's Rust web services (axum, actix-web, rocket,
//! warp) and whether something authenticates it. Checks:
//!
//! - `unauthenticated`: a route nothing authenticates and the config does not declare public;
//!   pinned on the registration, with the handler as a related location;
//! - `unresolved`: a route or router the model cannot follow, for a person to review.
//!
//! Routes declared public in `[routes] public` are listed as evidence, never reported.

use crate::context::{FileCtx, Hit, Output, RepoCtx};
use crate::rust::service::{Place, Service};
use crate::Inspector;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use trustlint_model::{Location, Related};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub check: Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    Unauthenticated,
    Unresolved,
}

pub struct RustRoutes(Check);

impl RustRoutes {
    pub fn new(p: &Params) -> Self {
        RustRoutes(p.check)
    }
}

/// `[routes] public` patterns; `*` stays within one path segment, `**` crosses them. Patterns
/// are checked when the config loads, so a bad one here is skipped.
pub fn public_set(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let glob = GlobBuilder::new(&normalise(p))
            .literal_separator(true)
            .build()
            .map_err(|e| format!("invalid route pattern `{p}`: {e}"))?;
        b.add(glob);
    }
    b.build().map_err(|e| e.to_string())
}

fn normalise(path: &str) -> String {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    format!("/{}", segs.join("/"))
}

fn place(p: &Place) -> String {
    format!("{}:{}", p.path, p.line)
}

impl Inspector for RustRoutes {
    fn interest_globs(&self) -> Vec<String> {
        vec!["**/*.rs".into()]
    }

    fn prefilter(&self) -> Vec<String> {
        crate::rust::service::prefilter()
    }

    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        out.interesting = crate::rust::service::interesting(file.path, file.text);
    }

    // No watched files: in a diff-aware scan a route finding belongs to the change when its
    // registration's file changed. Watching every `.rs` file would put every open route in
    // every pull request; the whole-tree SARIF still shows a route a change exposed elsewhere.

    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        let service = repo
            .shared
            .rust_service
            .get_or_init(|| Service::build(repo));
        if service.routes.is_empty() && service.unresolved.is_empty() {
            out.nothing_to_inspect = true;
        }
        let public = public_set(&repo.routes.public).unwrap_or_else(|_| GlobSet::empty());
        if self.0 == Check::Unresolved {
            for (path, e) in &service.parse_errors {
                out.parse_error(path, e);
            }
        }
        let mut authenticated = 0;
        for r in &service.routes {
            if public.is_match(normalise(&r.path)) {
                if self.0 == Check::Unauthenticated {
                    out.evidence.push(format!(
                        "{} {} declared public ({})",
                        r.method,
                        r.path,
                        place(&r.at)
                    ));
                }
                continue;
            }
            if r.auth.is_some() {
                authenticated += 1;
                continue;
            }
            let wanted = match self.0 {
                Check::Unauthenticated => r.unresolved.is_none(),
                Check::Unresolved => r.unresolved.is_some(),
            };
            if !wanted {
                continue;
            }
            let (what, quoi) = match &r.unresolved {
                Some(why) => (
                    format!("`{} {}` ({})", r.method, r.path, why.en),
                    format!("`{} {}` ({})", r.method, r.path, why.fr),
                ),
                None => Default::default(),
            };
            out.hits.push(Hit {
                path: r.at.path.clone(),
                line: r.at.line,
                column: r.at.column,
                args: vec![
                    ("method".into(), r.method.clone()),
                    ("route".into(), r.path.clone()),
                    ("handler".into(), r.handler.clone()),
                    ("what".into(), what),
                    ("quoi".into(), quoi),
                ],
                matched: format!("{} {}", r.method, r.path),
                related: r
                    .handler_at
                    .iter()
                    .map(|h| Related {
                        location: Location {
                            path: h.path.clone(),
                            line: h.line,
                            column: h.column,
                            end_line: None,
                            end_column: None,
                        },
                        message: format!("handler `{}`", r.handler),
                    })
                    .collect(),
                ..Hit::default()
            });
        }
        if self.0 == Check::Unresolved {
            for (at, what) in &service.unresolved {
                out.hits.push(Hit {
                    path: at.path.clone(),
                    line: at.line,
                    column: at.column,
                    args: vec![
                        ("what".into(), what.en.clone()),
                        ("quoi".into(), what.fr.clone()),
                    ],
                    matched: what.en.clone(),
                    ..Hit::default()
                });
            }
        }
        if self.0 == Check::Unauthenticated && authenticated > 0 {
            out.evidence
                .push(format!("{authenticated} route(s) authenticated"));
        }
    }
}
