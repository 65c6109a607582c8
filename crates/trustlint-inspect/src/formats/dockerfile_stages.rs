//! A Dockerfile as a build graph: its stages (`FROM x AS name`), what each is built on (an
//! image, `scratch`, an earlier stage, or a name that cannot be known here), and the `USER`,
//! `WORKDIR` and `ENV` each stage ends with, inherited through `FROM <stage>` chains.
//!
//! Build arguments declared before the first `FROM` are resolved in `FROM` lines with their
//! defaults (`ARG BASE=python:3.12` then `FROM ${BASE}`), as Docker does when no
//! `--build-arg` is given. A `FROM` that still holds a variable, or a template placeholder
//! (`{{ image }}`, `{% ... %}`, `<%= ... %>`), is [`Base::Unknown`], never an image.

use super::dockerfile::{env_pairs, Instruction};
use std::collections::BTreeMap;

/// What a stage is built on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// A registry image, as written after build arguments were resolved.
    Image(String),
    Scratch,
    /// An earlier stage of the same file, by index.
    Stage(usize),
    /// A templated or unresolved reference: what it names is decided outside the file.
    Unknown(String),
}

/// One stage: its `FROM`, and what its own instructions set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub line: u32,
    /// The image reference as written (`node:${TAG}`).
    pub written: String,
    pub name: Option<String>,
    pub base: Base,
    /// The stage's last `USER`, with its line.
    pub user: Option<(String, u32)>,
    pub workdir: Option<String>,
    pub env: BTreeMap<String, String>,
}

/// What a stage ends with, its own settings over those it inherits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effective {
    /// The `USER` in force and its line, `None` when no stage of the chain sets one.
    pub user: Option<(String, u32)>,
    pub workdir: Option<String>,
    pub env: BTreeMap<String, String>,
    /// The chain ends in a base that is not known here (a template placeholder).
    pub unknown_root: bool,
}

/// The stages of a file, in order.
pub fn stages(all: &[Instruction]) -> Vec<Stage> {
    let mut globals: BTreeMap<String, String> = BTreeMap::new();
    let mut out: Vec<Stage> = Vec::new();
    for ins in all {
        match ins.keyword.as_str() {
            "ARG" if out.is_empty() => {
                for (k, v) in env_pairs(&ins.args) {
                    if ins.args.contains('=') {
                        globals.insert(k, v);
                    } else {
                        globals.entry(k).or_default();
                    }
                }
            }
            "FROM" => {
                let words: Vec<&str> = ins
                    .args
                    .split_whitespace()
                    .filter(|w| !w.starts_with("--"))
                    .collect();
                let Some(written) = words.first() else {
                    continue;
                };
                let name = match (words.get(1), words.get(2)) {
                    (Some(kw), Some(alias)) if kw.eq_ignore_ascii_case("as") => {
                        Some(alias.to_ascii_lowercase())
                    }
                    _ => None,
                };
                let base = base_of(written, &globals, &out);
                out.push(Stage {
                    line: ins.line,
                    written: written.to_string(),
                    name,
                    base,
                    user: None,
                    workdir: None,
                    env: BTreeMap::new(),
                });
            }
            "USER" => {
                if let Some(s) = out.last_mut() {
                    s.user = Some((ins.args.trim().to_string(), ins.line));
                }
            }
            "WORKDIR" => {
                if let Some(s) = out.last_mut() {
                    s.workdir = Some(ins.args.trim().to_string());
                }
            }
            "ENV" => {
                if let Some(s) = out.last_mut() {
                    s.env.extend(env_pairs(&ins.args));
                }
            }
            _ => {}
        }
    }
    out
}

fn base_of(written: &str, globals: &BTreeMap<String, String>, earlier: &[Stage]) -> Base {
    if is_template(written) {
        return Base::Unknown(written.to_string());
    }
    let Some(resolved) = substitute(written, globals) else {
        return Base::Unknown(written.to_string());
    };
    let lower = resolved.to_ascii_lowercase();
    // Only an earlier stage can be named (Docker's rule), so chains cannot loop.
    if let Some(i) = earlier
        .iter()
        .rposition(|s| s.name.as_deref() == Some(lower.as_str()))
    {
        return Base::Stage(i);
    }
    if lower == "scratch" {
        return Base::Scratch;
    }
    Base::Image(resolved)
}

/// Template placeholders of Jinja, Go templates, ERB and the like.
pub fn is_template(s: &str) -> bool {
    s.contains("{{") || s.contains("{%") || s.contains("<%") || s.contains("}}")
}

/// `$A`, `${A}` and `${A:-default}` replaced by the build arguments' defaults; `None` when one
/// has no value here.
pub fn substitute(s: &str, vars: &BTreeMap<String, String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, default, used) = if let Some(inner) = after.strip_prefix('{') {
            let end = inner.find('}')?;
            let body = &inner[..end];
            match body.split_once(":-") {
                Some((n, d)) => (n, Some(d), end + 2),
                None if body.contains(':') => return None,
                None => (body, None, end + 2),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], None, end)
        };
        if name.is_empty() {
            return None;
        }
        match vars
            .get(name)
            .filter(|v| !v.is_empty())
            .map(String::as_str)
            .or(default)
        {
            Some(v) if !v.contains('$') => out.push_str(v),
            _ => return None,
        }
        rest = &after[used..];
    }
    out.push_str(rest);
    Some(out)
}

/// What stage `index` ends with, following `FROM <stage>` back to its root. Bounded by the
/// number of stages, whatever the graph holds.
pub fn effective(all: &[Stage], index: usize) -> Effective {
    let mut chain = Vec::new();
    let mut at = Some(index);
    while let Some(i) = at {
        if chain.contains(&i) || chain.len() > all.len() {
            break;
        }
        chain.push(i);
        at = match all.get(i).map(|s| &s.base) {
            Some(Base::Stage(j)) => Some(*j),
            _ => None,
        };
    }
    let mut eff = Effective::default();
    // From the root down, so that each stage's own settings win over what it inherits.
    for &i in chain.iter().rev() {
        let s = &all[i];
        if matches!(s.base, Base::Unknown(_)) {
            eff.unknown_root = true;
        }
        if s.user.is_some() {
            eff.user = s.user.clone();
        }
        if s.workdir.is_some() {
            eff.workdir = s.workdir.clone();
        }
        eff.env.extend(s.env.clone());
    }
    eff
}

#[cfg(test)]
mod tests {
    use super::super::dockerfile::instructions;
    use super::*;

    fn graph(df: &str) -> Vec<Stage> {
        stages(&instructions(df))
    }

    #[test]
    fn stages_name_earlier_stages_scratch_images_and_unknowns() {
        let s = graph(
            "ARG BASE=python:3.12\nARG TAG\nFROM ${BASE} AS base\nFROM base AS app\nFROM scratch\nFROM node:${TAG}\nFROM {{ image }}\nFROM later\nFROM alpine AS later\n",
        );
        let bases: Vec<&Base> = s.iter().map(|s| &s.base).collect();
        assert_eq!(
            bases,
            vec![
                &Base::Image("python:3.12".into()),
                &Base::Stage(0),
                &Base::Scratch,
                &Base::Unknown("node:${TAG}".into()),
                &Base::Unknown("{{".into()),
                // A stage named later is an image here, as Docker reads it.
                &Base::Image("later".into()),
                &Base::Image("alpine".into()),
            ]
        );
    }

    #[test]
    fn user_workdir_and_env_are_inherited_through_chains() {
        let s = graph("FROM a:1 AS base\nUSER app\nWORKDIR /srv\nENV A=1 B=2\nFROM base AS mid\nENV B=3\nFROM mid\nWORKDIR /app\n");
        let e = effective(&s, 2);
        assert_eq!(e.user, Some(("app".into(), 2)));
        assert_eq!(e.workdir.as_deref(), Some("/app"));
        assert_eq!(e.env.get("A").map(String::as_str), Some("1"));
        assert_eq!(e.env.get("B").map(String::as_str), Some("3"));
        assert!(!e.unknown_root);
        let root = graph("FROM a:1 AS base\nUSER app\nFROM base\nUSER root\n");
        assert_eq!(effective(&root, 1).user, Some(("root".into(), 4)));
    }

    #[test]
    fn a_self_named_stage_is_an_image_not_a_loop() {
        let s = graph("FROM app AS app\nFROM app AS app\nFROM app\n");
        assert_eq!(s[0].base, Base::Image("app".into()));
        assert_eq!(s[1].base, Base::Stage(0));
        assert_eq!(s[2].base, Base::Stage(1));
        assert_eq!(effective(&s, 2).user, None);
    }

    #[test]
    fn arguments_resolve_with_their_defaults() {
        let vars: BTreeMap<String, String> = [("V".to_string(), "3.12".to_string())].into();
        assert_eq!(
            substitute("python:$V-slim", &vars).as_deref(),
            Some("python:3.12-slim")
        );
        assert_eq!(substitute("x:${W:-1.0}", &vars).as_deref(), Some("x:1.0"));
        assert_eq!(substitute("x:${W}", &vars), None);
        assert_eq!(substitute("x:${V:+y}", &vars), None);
    }
}
