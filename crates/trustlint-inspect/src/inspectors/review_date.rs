//! `review-date`: evidence documents say when they were last reviewed, and that date is recent.
//! The standard asks for a cycle of re-evaluation (item 5.1.7); a document nobody has looked at
//! for years is no longer evidence.
//!
//! A date is read from front matter (`reviewed: 2026-03-01`) or a line such as
//! `Last reviewed: 2026-03-01` (`Dernière révision : 2026-03-01` in French).

use super::Inspector;
use crate::ctx::RepoCtx;
use crate::out::{Hit, Output};
use crate::pattern::GlobList;
use jiff::civil::Date;
use jiff::ToSpan;
use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;
use trustlint_model::Text;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Evidence documents, as case-insensitive globs.
    pub files: Vec<String>,
}

static REVIEWED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^[\s>*_-]*(?:last[ -]reviewed|reviewed(?:[ -]on)?|review date|dernière révision|révisé le|date de révision)[*_]*\s*:?[*_]*\s*[*_]*(\d{4}-\d{2}-\d{2})")
        .expect("valid regex")
});

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(ReviewDate {
        files: GlobList::new(&p.files, true)?,
    }))
}

struct ReviewDate {
    files: GlobList,
}

/// The review date written in `text`, with its 1-based line.
pub fn review_date(text: &str) -> Option<(Date, u32)> {
    let caps = REVIEWED.captures(text)?;
    let m = caps.get(1)?;
    let date: Date = m.as_str().parse().ok()?;
    let line = text[..m.start()].matches('\n').count() as u32 + 1;
    Some((date, line))
}

impl Inspector for ReviewDate {
    fn watched(&self) -> Vec<String> {
        self.files.patterns().to_vec()
    }

    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        let oldest = repo
            .today
            .checked_sub((repo.review_months as i64).months())
            .unwrap_or(repo.today);
        for path in repo.files.iter().filter(|p| self.files.is_match(p)) {
            let Some(text) = (repo.read)(path) else {
                continue;
            };
            let (message, line) = match review_date(&text) {
                None => (
                    Text::new(
                        format!("`{path}` has no review date; add a line `Last reviewed: YYYY-MM-DD`"),
                        format!("`{path}` n'a pas de date de révision; ajoutez une ligne `Dernière révision : AAAA-MM-JJ`"),
                    ),
                    1,
                ),
                Some((date, line)) if date < oldest => (
                    Text::new(
                        format!("`{path}` was last reviewed on {date}, more than {} months ago", repo.review_months),
                        format!("`{path}` a été révisé pour la dernière fois le {date}, il y a plus de {} mois", repo.review_months),
                    ),
                    line,
                ),
                Some((date, line)) if date > repo.today => (
                    Text::new(
                        format!("`{path}` gives a review date in the future ({date})"),
                        format!("`{path}` indique une date de révision future ({date})"),
                    ),
                    line,
                ),
                Some(_) => {
                    out.evidence.push(path.clone());
                    continue;
                }
            };
            out.hits.push(
                Hit::at(path.as_str(), line, 1)
                    .message(message)
                    .source_line_opt(text.lines().nth(line as usize - 1).map(str::to_string))
                    .matched(format!("review:{path}")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_front_matter_lines_and_french() {
        let d = |s: &str| review_date(s).map(|(d, l)| (d.to_string(), l));
        assert_eq!(
            d("---\nreviewed: 2026-03-01\n---\n"),
            Some(("2026-03-01".into(), 2))
        );
        assert_eq!(
            d("# T\n\n**Last reviewed:** 2025-01-31\n"),
            Some(("2025-01-31".into(), 3))
        );
        assert_eq!(
            d("Dernière révision : 2024-12-01\n"),
            Some(("2024-12-01".into(), 1))
        );
        assert_eq!(d("We reviewed 2024-12-01 figures\n"), None);
    }
}
