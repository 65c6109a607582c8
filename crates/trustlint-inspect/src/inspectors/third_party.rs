//! `third-party`: scripts, trackers and fonts loaded from other companies' servers by the web
//! pages of the service (analytics, tag managers, session recorders, external fonts and CDNs).
//! Each is a disclosure of the visitor's address and behaviour to that company; item 5.1.B8
//! asks that users be told. A vendor is reported unless the privacy notice names it.

use super::Inspector;
use crate::ctx::RepoCtx;
use crate::out::{Hit, Output};
use crate::pattern::{compile_regex, GlobList};
use regex::Regex;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Web pages and templates to look in.
    pub files: Vec<String>,
    /// Where the privacy notice may be.
    pub notice: Vec<String>,
    pub vendors: Vec<Vendor>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Vendor {
    /// As the notice would name it ("Google Analytics").
    pub name: String,
    /// What a page loads from it.
    pub pattern: String,
    /// Other names that count as naming it in the notice.
    #[serde(default)]
    pub aliases: Vec<String>,
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(ThirdParty {
        files: GlobList::new(&p.files, true)?,
        notice: GlobList::new(&p.notice, true)?,
        vendors: p
            .vendors
            .iter()
            .map(|v| Ok((v.clone(), compile_regex(&v.pattern)?)))
            .collect::<Result<_, String>>()?,
    }))
}

struct ThirdParty {
    files: GlobList,
    notice: GlobList,
    vendors: Vec<(Vendor, Regex)>,
}

impl Inspector for ThirdParty {
    fn watched(&self) -> Vec<String> {
        let mut w = self.files.patterns().to_vec();
        w.extend(self.notice.patterns().iter().cloned());
        w
    }

    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        let notice: String = repo
            .files
            .iter()
            .filter(|p| self.notice.is_match(p))
            .filter_map(|p| (repo.read)(p))
            .collect::<Vec<_>>()
            .join("\n")
            .to_lowercase();
        let named = |v: &Vendor| {
            std::iter::once(&v.name)
                .chain(&v.aliases)
                .any(|n| notice.contains(&n.to_lowercase()))
        };
        for path in repo.files.iter().filter(|p| self.files.is_match(p)) {
            let Some(text) = (repo.read)(path) else {
                continue;
            };
            for (vendor, re) in &self.vendors {
                let Some(m) = re.find(&text) else { continue };
                if named(vendor) {
                    continue;
                }
                let (line, column) = trustlint_model::line_col(&text, m.start());
                out.hits.push(
                    Hit::at(path.as_str(), line, column)
                        .arg("vendor", vendor.name.as_str())
                        .arg("match", m.as_str())
                        .source_line_opt(text.lines().nth(line as usize - 1).map(str::to_string))
                        .matched(format!("{}:{}", vendor.name, m.as_str())),
                );
            }
        }
    }
}
