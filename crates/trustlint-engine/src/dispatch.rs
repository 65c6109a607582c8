//! Which rules run on a file. From its path, one glob set of every rule's globs picks the rules
//! that want it; then, for the text-pattern rules among them, one `RegexSet` of all their
//! patterns reads the file once, and only the rules whose patterns occur run their own (more
//! precise, capture-building) matching. A `RegexSet` is compiled once per distinct combination
//! of wanted rules, which in practice means once per kind of file.

use crate::error::Error;
use crate::scan::Active;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::{RegexSet, RegexSetBuilder};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A compiled set of patterns and the rule each pattern belongs to; None when the wanted rules
/// have no patterns or the set would not compile.
type Prefilter = Arc<Option<(RegexSet, Vec<usize>)>>;

pub struct Dispatch {
    globs: GlobSet,
    owner: Vec<usize>,
    /// Each active rule's text patterns (empty: the rule reads files some other way).
    patterns: Vec<Vec<String>>,
    /// Per combination of wanted rules: the set of their patterns, and the rule of each pattern.
    sets: Mutex<HashMap<Vec<usize>, Prefilter>>,
}

impl Dispatch {
    pub fn new(active: &[Active<'_>]) -> Result<Self, Error> {
        let mut builder = GlobSetBuilder::new();
        let mut owner = Vec::new();
        for (i, a) in active.iter().enumerate() {
            for g in a.loaded().inspector.file_globs() {
                let glob = GlobBuilder::new(&g)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| {
                        Error::at(
                            &a.loaded().rule.source,
                            None,
                            format!("invalid glob `{g}`: {e}"),
                        )
                    })?;
                builder.add(glob);
                owner.push(i);
            }
        }
        Ok(Dispatch {
            globs: builder.build().map_err(|e| Error::new(e.to_string()))?,
            owner,
            patterns: active
                .iter()
                .map(|a| a.loaded().inspector.patterns())
                .collect(),
            sets: Mutex::new(HashMap::new()),
        })
    }

    /// The active rules whose globs select `rel`.
    pub fn wanted(&self, rel: &str) -> Vec<usize> {
        let mut rules: Vec<usize> = self
            .globs
            .matches(rel)
            .into_iter()
            .map(|g| self.owner[g])
            .collect();
        rules.dedup();
        rules
    }

    /// `wanted`, less the text-pattern rules none of whose patterns occur in `text`.
    pub fn worth_running(&self, wanted: Vec<usize>, text: &str) -> Vec<usize> {
        let Some(set) = self.set_for(&wanted) else {
            return wanted;
        };
        let (set, rule_of) = set.as_ref().as_ref().expect("checked by set_for");
        let mut hit = vec![false; self.patterns.len()];
        for p in set.matches(text).iter() {
            hit[rule_of[p]] = true;
        }
        wanted
            .into_iter()
            .filter(|&r| self.patterns[r].is_empty() || hit[r])
            .collect()
    }

    fn set_for(&self, wanted: &[usize]) -> Option<Prefilter> {
        let mut sets = self.sets.lock().expect("dispatch lock");
        let entry = sets.entry(wanted.to_vec()).or_insert_with(|| {
            let mut patterns = Vec::new();
            let mut rule_of = Vec::new();
            for &r in wanted {
                for p in &self.patterns[r] {
                    patterns.push(p.clone());
                    rule_of.push(r);
                }
            }
            // A set too large to compile is no reason to fail: every rule then runs on its own.
            let set = (!patterns.is_empty())
                .then(|| {
                    RegexSetBuilder::new(&patterns)
                        .size_limit(32 << 20)
                        .dfa_size_limit(32 << 20)
                        .build()
                        .ok()
                })
                .flatten();
            Arc::new(set.map(|s| (s, rule_of)))
        });
        entry.as_ref().is_some().then(|| entry.clone())
    }
}
