//! Which rules run on a file. From its path, one glob set of every rule's globs picks the rules
//! that want it; then, for the text-pattern rules among them, one regex, the alternation of all
//! their patterns, reads the file once: most files match nothing, and then none of those rules
//! runs. Only when it matches do the rules run their own (more precise, capture-building)
//! matching. The alternation is compiled once per distinct combination of wanted rules, which in
//! practice means once per kind of file. (A `RegexSet` would say which rules matched, but must
//! keep searching for all of them; a plain alternation stops at the first match and gets the
//! regex engine's literal prefilters, which measured faster.)

use crate::active::Active;
use crate::error::Error;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The alternation of the wanted rules' patterns; None when they have none or it would not
/// compile (then every rule runs).
type Prefilter = Arc<Option<Regex>>;

pub struct Dispatch {
    globs: GlobSet,
    owner: Vec<usize>,
    /// Each active rule's prefilter (empty: the rule runs on every file it wants).
    patterns: Vec<Vec<String>>,
    /// Per combination of wanted rules: the set of their patterns, and the rule of each pattern.
    sets: Mutex<HashMap<Vec<usize>, Prefilter>>,
}

impl Dispatch {
    pub fn new(active: &[Active<'_>]) -> Result<Self, Error> {
        let mut builder = GlobSetBuilder::new();
        let mut owner = Vec::new();
        for (i, a) in active.iter().enumerate() {
            let inspector = &a.loaded().inspector;
            for g in inspector
                .file_globs()
                .into_iter()
                .chain(inspector.interest_globs())
            {
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
                .map(|a| a.loaded().inspector.prefilter())
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

    /// `wanted`, less its text-pattern rules when none of their patterns occurs in `text`.
    pub fn worth_running(&self, wanted: Vec<usize>, text: &str) -> Vec<usize> {
        let Some(prefilter) = self.prefilter_for(&wanted) else {
            return wanted;
        };
        let regex = prefilter
            .as_ref()
            .as_ref()
            .expect("checked by prefilter_for");
        if regex.is_match(text) {
            return wanted;
        }
        wanted
            .into_iter()
            .filter(|&r| self.patterns[r].is_empty())
            .collect()
    }

    fn prefilter_for(&self, wanted: &[usize]) -> Option<Prefilter> {
        let mut sets = self.sets.lock().expect("dispatch lock");
        // Called once per file: look up without allocating a key; build only on a miss.
        if let Some(hit) = sets.get(wanted) {
            return hit.as_ref().is_some().then(|| hit.clone());
        }
        let entry = sets.entry(wanted.to_vec()).or_insert_with(|| {
            let alternatives: Vec<String> = wanted
                .iter()
                .flat_map(|&r| self.patterns[r].iter())
                .map(|p| format!("(?:{})", trustlint_inspect::unnamed_groups(p)))
                .collect();
            // Too large to compile is no reason to fail: every rule then runs on its own.
            let regex = (!alternatives.is_empty())
                .then(|| {
                    RegexBuilder::new(&alternatives.join("|"))
                        .size_limit(64 << 20)
                        .dfa_size_limit(64 << 20)
                        .build()
                        .ok()
                })
                .flatten();
            Arc::new(regex)
        });
        entry.as_ref().is_some().then(|| entry.clone())
    }
}
