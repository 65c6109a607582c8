//! Patterns written in rules and config: path globs ([`GlobList`]), route patterns
//! ([`PublicRoutes`]) and regexes ([`compile_regex`]), compiled under limits so that a careless
//! or hostile rule cannot exhaust memory.
//!
//! A bottom layer, like [`crate::out`]: it uses only `globset` and `regex`.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// A compiled list of path globs (`**/*.py`, `.github/workflows/*.yml`), matched against
/// `/`-separated paths relative to the scanned root. `*` never crosses a `/`.
#[derive(Debug, Clone)]
pub struct GlobList {
    set: GlobSet,
    patterns: Vec<String>,
}

impl GlobList {
    pub fn new(patterns: &[String], case_insensitive: bool) -> Result<Self, String> {
        let mut builder = GlobSetBuilder::new();
        for p in patterns {
            let glob = GlobBuilder::new(p)
                .literal_separator(true)
                .case_insensitive(case_insensitive)
                .build()
                .map_err(|e| format!("invalid glob `{p}`: {e}"))?;
            builder.add(glob);
        }
        let set = builder.build().map_err(|e| e.to_string())?;
        Ok(GlobList {
            set,
            patterns: patterns.to_vec(),
        })
    }

    pub fn is_match(&self, path: &str) -> bool {
        self.set.is_match(path)
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }
}

/// The `[routes] public` patterns of the config, matched against route paths: `*` stays
/// within one path segment, `**` crosses them, and `/a//b/` is `/a/b`.
pub struct PublicRoutes(GlobSet);

impl PublicRoutes {
    pub fn new(patterns: &[String]) -> Result<Self, String> {
        let mut b = GlobSetBuilder::new();
        for p in patterns {
            let glob = GlobBuilder::new(&normalise_route(p))
                .literal_separator(true)
                .build()
                .map_err(|e| format!("invalid route pattern `{p}`: {e}"))?;
            b.add(glob);
        }
        b.build().map(PublicRoutes).map_err(|e| e.to_string())
    }

    /// No route is declared public.
    pub fn none() -> Self {
        PublicRoutes(GlobSet::empty())
    }

    pub fn is_public(&self, route: &str) -> bool {
        self.0.is_match(normalise_route(route))
    }
}

/// A route path with one leading `/` and no empty segments.
fn normalise_route(path: &str) -> String {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    format!("/{}", segs.join("/"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_star_matches_root_and_nested_but_star_stays_in_its_folder() {
        let g = GlobList::new(&["**/*.py".into(), "docs/*.md".into()], false).unwrap();
        assert!(g.is_match("a.py") && g.is_match("x/y/a.py"));
        assert!(g.is_match("docs/a.md") && !g.is_match("docs/sub/a.md"));
    }

    #[test]
    fn public_routes_match_whole_segments_of_the_normalised_path() {
        let p =
            PublicRoutes::new(&["/health".into(), "/docs/**".into(), "/v1/*/ping".into()]).unwrap();
        assert!(p.is_public("/health") && p.is_public("health/"));
        assert!(p.is_public("/docs/a/b") && p.is_public("/v1/x/ping"));
        assert!(!p.is_public("/v1/x/y/ping") && !p.is_public("/healthz"));
        assert!(!PublicRoutes::none().is_public("/health"));
    }

    #[test]
    fn group_names_are_dropped_but_look_behinds_kept() {
        assert_eq!(unnamed_groups(r"(?P<a>x)(?<b>y)"), "(?:x)(?:y)");
        assert_eq!(unnamed_groups(r"(?<=a)b"), r"(?<=a)b");
    }
}
