//! `file-exists`: the repository holds a document or config that proves something (a security
//! policy, a Dependabot config, a deployment script). Any of several candidates will do; each
//! can require content (a contact, a package ecosystem) and a minimum of real words, so that an
//! empty or heading-only file is not taken as evidence.
//!
//! Answered from the walk's file index: only the few files whose paths match are read.

use super::Inspector;
use crate::ctx::RepoCtx;
use crate::out::{Hit, Output};
use crate::pattern::{compile_regex, GlobList};
use regex::Regex;
use serde::Deserialize;
use trustlint_model::Text;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// What the message calls the missing thing, e.g. `SECURITY.md`.
    pub expected: String,
    /// Candidates in order of preference; the first that is satisfied ends the search.
    pub any_of: Vec<Candidate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Candidate {
    /// Globs, matched case-insensitively (`SECURITY.md` is also `security.md`).
    pub paths: Vec<String>,
    #[serde(default)]
    pub require: Vec<Requirement>,
    /// Words outside headings that the file must hold.
    #[serde(default)]
    pub min_words: usize,
    /// Whether a matching file that falls short is named in the finding ("exists but lacks").
    /// Off for broad globs, where an unrelated file would be named.
    #[serde(default = "yes")]
    pub report_incomplete: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Requirement {
    pub pattern: String,
    /// What the pattern stands for, as the message names it ("a contact e-mail or URL").
    pub what: Text,
}

struct Compiled {
    paths: GlobList,
    globs: Vec<String>,
    require: Vec<(Regex, Text)>,
    min_words: usize,
    report_incomplete: bool,
}

struct FileExists {
    expected: String,
    candidates: Vec<Compiled>,
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    FileExists::new(p).map(|i| Box::new(i) as Box<dyn Inspector>)
}

impl FileExists {
    fn new(p: &Params) -> Result<Self, String> {
        if p.any_of.is_empty() {
            return Err("`any-of` needs at least one candidate".into());
        }
        let candidates = p
            .any_of
            .iter()
            .map(|c| {
                Ok(Compiled {
                    paths: GlobList::new(&c.paths, true)?,
                    globs: c.paths.clone(),
                    require: c
                        .require
                        .iter()
                        .map(|r| Ok((compile_regex(&r.pattern)?, r.what.clone())))
                        .collect::<Result<_, String>>()?,
                    min_words: c.min_words,
                    report_incomplete: c.report_incomplete,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(FileExists {
            expected: p.expected.clone(),
            candidates,
        })
    }
}

/// Why a present file is not enough.
enum Shortfall {
    Lacks(Text),
    TooShort(usize, usize),
}

fn shortfall(c: &Compiled, text: &str) -> Option<Shortfall> {
    if let Some((_, what)) = c.require.iter().find(|(re, _)| !re.is_match(text)) {
        return Some(Shortfall::Lacks(what.clone()));
    }
    let words = real_words(text);
    (words < c.min_words).then_some(Shortfall::TooShort(words, c.min_words))
}

/// Words outside Markdown headings, HTML comments and front-matter fences.
fn real_words(text: &str) -> usize {
    let text = strip_html_comments(text);
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && *l != "---")
        .flat_map(str::split_whitespace)
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn strip_html_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out
}

impl Inspector for FileExists {
    /// The document may be kept outside the repository, and attested.
    fn evidence_may_live_elsewhere(&self) -> bool {
        true
    }

    fn watched(&self) -> Vec<String> {
        self.candidates
            .iter()
            .flat_map(|c| c.globs.iter().cloned())
            .collect()
    }

    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        let mut first_shortfall: Option<(String, Shortfall)> = None;
        for c in &self.candidates {
            for path in repo.files.iter().filter(|p| c.paths.is_match(p)) {
                let Some(text) = (repo.read)(path) else {
                    continue;
                };
                match shortfall(c, &text) {
                    None => {
                        out.evidence.push(path.clone());
                        return;
                    }
                    Some(s) if c.report_incomplete && first_shortfall.is_none() => {
                        first_shortfall = Some((path.clone(), s));
                    }
                    Some(_) => {}
                }
            }
        }
        let (path, matched, message) = match first_shortfall {
            Some((path, why)) => {
                let message = match why {
                    Shortfall::Lacks(what) => Text::new(
                        format!("`{path}` exists but lacks {}", what.en),
                        format!("`{path}` existe, mais il y manque {}", what.fr),
                    ),
                    Shortfall::TooShort(n, min) => Text::new(
                        format!(
                            "`{path}` holds only {n} words of content; at least {min} are expected"
                        ),
                        format!("`{path}` ne contient que {n} mots; au moins {min} sont attendus"),
                    ),
                };
                (path.clone(), format!("incomplete:{path}"), Some(message))
            }
            None => (repo.anchor.to_string(), "missing".to_string(), None),
        };
        let hit = Hit::at(path, 1, 1).arg("expected", self.expected.as_str());
        out.hits.push(match message {
            Some(m) => hit.message(m).matched(matched),
            None => hit.matched(matched),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_comments_are_not_content() {
        assert_eq!(real_words("# Security policy\n<!-- fill in -->\n"), 0);
        assert_eq!(real_words("# T\nWrite to us at a@b.ca\n"), 5);
    }
}
