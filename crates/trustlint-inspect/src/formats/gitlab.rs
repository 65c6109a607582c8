//! GitLab CI (`.gitlab-ci.yml` and the files it includes): includes with their kind and
//! pin, container images (`image:`, `services:` at the top, under `default:` and in jobs),
//! jobs with their scripts (`before_script`, `script`, `after_script`), variables, `rules:`
//! conditions, `only:` refs and the secrets they ask for (`secrets:`, `id_tokens:`), and the
//! `spec: inputs:` header of a component or included file. Positions as in
//! [`super::workflow`]; the nesting guard is the workflow one.

use super::workflow::{self, Pairs, Pos, Str};
use super::yaml::{entries, get, items, position};
use crate::out::ParseError;
use saphyr::{MarkedYaml, Scalar, YamlData};

/// Keys at the top of a file that are not jobs.
const RESERVED: &[&str] = &[
    "image",
    "services",
    "stages",
    "variables",
    "include",
    "workflow",
    "default",
    "before_script",
    "after_script",
    "cache",
    "spec",
    "types",
];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct GitlabCi {
    pub includes: Vec<Include>,
    /// Every image with where it is used (`image`, `services`, or a job's name).
    pub images: Vec<(String, Str)>,
    pub jobs: Vec<GlJob>,
    /// Global `variables:`.
    pub variables: Pairs,
    /// `spec: inputs:`: each input's name and whether it is constrained (boolean, number,
    /// or a list of `options`).
    pub inputs: Vec<(Str, bool)>,
    /// `workflow: rules: - if:` conditions.
    pub workflow_rules: Vec<Str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// The include's entry (its key or its string).
    pub at: Pos,
    pub kind: IncludeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeKind {
    /// A file of this repository, from its root.
    Local(String),
    /// A file of another project, at `ref` (its default branch when None).
    Project {
        project: String,
        reference: Option<Str>,
    },
    /// A URL, with or without an `integrity:` hash.
    Remote { url: String, integrity: bool },
    /// A template GitLab ships with the instance.
    Template(String),
    /// A CI/CD component, `host/path@version`.
    Component {
        path: String,
        version: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct GlJob {
    pub name: Str,
    pub scripts: Vec<Str>,
    pub variables: Pairs,
    /// `rules: - if:` conditions.
    pub rules: Vec<Str>,
    /// `only:` refs (`merge_requests`, `main`).
    pub only: Vec<String>,
    /// The `secrets:` or `id_tokens:` key, when the job asks for secrets in its file.
    pub secrets: Option<Pos>,
}

/// Every document of a GitLab CI file, merged (a `spec:` header comes first, then the jobs).
pub fn read(text: &str) -> Result<GitlabCi, ParseError> {
    let docs = workflow::parse(text)?;
    let mut ci = GitlabCi::default();
    for doc in &docs {
        read_doc(doc, &mut ci);
    }
    Ok(ci)
}

fn read_doc(doc: &MarkedYaml<'_>, ci: &mut GitlabCi) {
    if let Some(inputs) = get(doc, "spec").and_then(|s| get(s, "inputs")) {
        for (k, v) in entries(inputs) {
            let Some(name) = string(k) else { continue };
            let kind = get(v, "type").and_then(string).map(|s| s.text);
            let constrained = get(v, "options").is_some()
                || matches!(kind.as_deref(), Some("boolean" | "number"));
            ci.inputs.push((name, constrained));
        }
    }
    if let Some(inc) = get(doc, "include") {
        read_includes(inc, &mut ci.includes);
    }
    ci.variables.extend(pairs(get(doc, "variables")));
    images(doc, "", &mut ci.images);
    if let Some(d) = get(doc, "default") {
        images(d, "default", &mut ci.images);
    }
    if let Some(rules) = get(doc, "workflow").and_then(|w| get(w, "rules")) {
        ci.workflow_rules.extend(
            items(rules)
                .into_iter()
                .filter_map(|r| get(r, "if"))
                .filter_map(string),
        );
    }
    let default_scripts: Vec<Str> = ["before_script", "after_script"]
        .iter()
        .filter_map(|k| get(doc, k))
        .chain(get(doc, "default").into_iter().flat_map(|d| {
            ["before_script", "after_script"]
                .into_iter()
                .filter_map(move |k| get(d, k))
        }))
        .flat_map(|n| scripts(n, 0))
        .collect();
    if !default_scripts.is_empty() {
        ci.jobs.push(GlJob {
            name: Str {
                text: "default".into(),
                at: default_scripts[0].at,
            },
            scripts: default_scripts,
            ..GlJob::default()
        });
    }
    for (k, v) in entries(doc) {
        let Some(name) = string(k) else { continue };
        if RESERVED.contains(&name.text.as_str()) || !matches!(v.data, YamlData::Mapping(_)) {
            continue;
        }
        images(v, &name.text, &mut ci.images);
        let job = GlJob {
            scripts: ["before_script", "script", "after_script"]
                .iter()
                .filter_map(|s| get(v, s))
                .flat_map(|n| scripts(n, 0))
                .collect(),
            variables: pairs(get(v, "variables")),
            rules: get(v, "rules")
                .map(|r| {
                    items(r)
                        .into_iter()
                        .filter_map(|i| get(i, "if"))
                        .filter_map(string)
                        .collect()
                })
                .unwrap_or_default(),
            only: get(v, "only")
                .map(|o| {
                    let refs = get(o, "refs").unwrap_or(o);
                    strings(refs).into_iter().map(|s| s.text).collect()
                })
                .unwrap_or_default(),
            secrets: key_of(v, "secrets").or_else(|| key_of(v, "id_tokens")),
            name,
        };
        ci.jobs.push(job);
    }
}

fn read_includes(node: &MarkedYaml<'_>, out: &mut Vec<Include>) {
    if let Some(s) = string(node) {
        let kind = if s.text.starts_with("https://") || s.text.starts_with("http://") {
            IncludeKind::Remote {
                url: s.text.clone(),
                integrity: false,
            }
        } else {
            IncludeKind::Local(s.text.trim_start_matches('/').to_string())
        };
        out.push(Include { at: s.at, kind });
        return;
    }
    let list = items(node);
    if !list.is_empty() {
        list.into_iter().for_each(|i| read_includes(i, out));
        return;
    }
    let at = entries(node)
        .first()
        .map(|(k, _)| at(k))
        .unwrap_or_default();
    let text = |k: &str| get(node, k).and_then(string);
    let kind = if let Some(l) = text("local") {
        IncludeKind::Local(l.text.trim_start_matches('/').to_string())
    } else if let Some(p) = text("project") {
        IncludeKind::Project {
            project: p.text,
            reference: text("ref"),
        }
    } else if let Some(r) = text("remote") {
        IncludeKind::Remote {
            url: r.text,
            integrity: get(node, "integrity").is_some(),
        }
    } else if let Some(t) = text("template") {
        IncludeKind::Template(t.text)
    } else if let Some(c) = text("component") {
        let (path, version) = match c.text.rsplit_once('@') {
            Some((p, v)) => (p.to_string(), Some(v.to_string())),
            None => (c.text.clone(), None),
        };
        IncludeKind::Component { path, version }
    } else {
        return;
    };
    out.push(Include { at, kind });
}

/// `image:` and `services:` of a mapping (the top, `default:` or a job).
fn images(node: &MarkedYaml<'_>, owner: &str, out: &mut Vec<(String, Str)>) {
    let place = |what: &str| {
        if owner.is_empty() {
            what.to_string()
        } else {
            format!("{owner}: {what}")
        }
    };
    if let Some(i) = get(node, "image") {
        if let Some(s) = string(i).or_else(|| get(i, "name").and_then(string)) {
            out.push((place("image"), s));
        }
    }
    if let Some(svcs) = get(node, "services") {
        for s in items(svcs) {
            if let Some(s) = string(s).or_else(|| get(s, "name").and_then(string)) {
                out.push((place("services"), s));
            }
        }
    }
}

/// A script: a string, or a list of strings and lists of strings.
fn scripts(node: &MarkedYaml<'_>, depth: usize) -> Vec<Str> {
    if depth > 4 {
        return Vec::new();
    }
    match string(node) {
        Some(s) => vec![s],
        None => items(node)
            .into_iter()
            .flat_map(|i| scripts(i, depth + 1))
            .collect(),
    }
}

fn at(node: &MarkedYaml<'_>) -> Pos {
    let (line, column) = position(node);
    Pos { line, column }
}

fn key_of(node: &MarkedYaml<'_>, name: &str) -> Option<Pos> {
    entries(node)
        .into_iter()
        .find(|(k, _)| string(k).is_some_and(|s| s.text == name))
        .map(|(k, _)| at(k))
}

pub(crate) fn string(node: &MarkedYaml<'_>) -> Option<Str> {
    let text = match &node.data {
        YamlData::Value(Scalar::String(s)) => s.to_string(),
        YamlData::Value(Scalar::Boolean(b)) => b.to_string(),
        YamlData::Value(Scalar::Integer(i)) => i.to_string(),
        YamlData::Value(Scalar::FloatingPoint(f)) => f.to_string(),
        YamlData::Representation(s, _, _) => s.to_string(),
        _ => return None,
    };
    Some(Str { text, at: at(node) })
}

pub(crate) fn strings(node: &MarkedYaml<'_>) -> Vec<Str> {
    match string(node) {
        Some(s) => vec![s],
        None => items(node).into_iter().filter_map(string).collect(),
    }
}

pub(crate) fn pairs(node: Option<&MarkedYaml<'_>>) -> Pairs {
    node.map(entries)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| {
            // GitLab allows `VAR: {value: x, description: y}`.
            let value = string(v)
                .or_else(|| get(v, "value").and_then(string))
                .unwrap_or(Str {
                    text: String::new(),
                    at: at(v),
                });
            Some((string(k)?, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_images_jobs_and_inputs_are_read() {
        let text = concat!(
            "spec:\n  inputs:\n    title:\n    stage:\n      options: [test, build]\n---\n",
            "include:\n  - local: /ci/build.yml\n  - project: group/templates\n    file: /x.yml\n",
            "  - project: group/other\n    ref: v1.2.0\n    file: /y.yml\n",
            "  - remote: https://example.com/ci.yml\n  - template: Security/SAST.gitlab-ci.yml\n",
            "  - component: gitlab.com/org/comp/lint@1.0.0\n",
            "image: node\n",
            "variables:\n  A: $CI_COMMIT_MESSAGE\n",
            "test:\n  image:\n    name: python:3.12\n  services: [postgres]\n",
            "  script:\n    - echo one\n    - [echo two, echo three]\n",
            "  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n",
            "  secrets:\n    TOKEN:\n      vault: a/b@c\n",
            ".hidden:\n  script: echo hidden\n",
        );
        let ci = read(text).unwrap();
        assert_eq!(
            ci.inputs
                .iter()
                .map(|(n, c)| (n.text.as_str(), *c))
                .collect::<Vec<_>>(),
            [("title", false), ("stage", true)]
        );
        assert_eq!(ci.includes.len(), 6);
        assert_eq!(
            ci.includes[0].kind,
            IncludeKind::Local("ci/build.yml".into())
        );
        assert!(matches!(
            &ci.includes[1].kind,
            IncludeKind::Project {
                reference: None,
                ..
            }
        ));
        assert!(matches!(
            &ci.includes[3].kind,
            IncludeKind::Remote {
                integrity: false,
                ..
            }
        ));
        assert!(
            matches!(&ci.includes[5].kind, IncludeKind::Component { version: Some(v), .. } if v == "1.0.0")
        );
        let imgs: Vec<(&str, &str)> = ci
            .images
            .iter()
            .map(|(p, s)| (p.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            imgs,
            [
                ("image", "node"),
                ("test: image", "python:3.12"),
                ("test: services", "postgres")
            ]
        );
        assert_eq!(ci.jobs[0].scripts.len(), 3);
        assert_eq!(ci.jobs[0].rules.len(), 1);
        assert!(ci.jobs[0].secrets.is_some());
        assert_eq!(ci.jobs[1].name.text, ".hidden");
        assert_eq!(ci.variables[0].1.text, "$CI_COMMIT_MESSAGE");
    }
}
