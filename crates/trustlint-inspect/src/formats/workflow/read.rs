//! Reading a parsed YAML document into the [`Workflow`] model. Shapes GitHub accepts in more
//! than one spelling (`on: push`, `on: [push]`, `on: {push: …}`; `runs-on: x` or a list or a
//! group; `container: image` or a mapping) are all read; what is not understood is left out.

use super::{
    Grant, Image, Input, Job, Kind, Pairs, Permissions, Pos, Secrets, Step, Str, Trigger, Uses,
    UsesAt, Workflow,
};
use crate::formats::yaml::{entries, get, items, position};
use saphyr::{MarkedYaml, Scalar, YamlData};

type Node<'a, 'b> = &'a MarkedYaml<'b>;

/// Deeper matrices than this are not read further.
const MATRIX_DEPTH: usize = 8;

pub(super) fn workflow(doc: Node<'_, '_>) -> Workflow {
    Workflow {
        kind: Kind::Workflow,
        name: get(doc, "name").and_then(string),
        on: key_of(doc, "on").or_else(|| key_of(doc, "true")),
        triggers: triggers(doc),
        permissions: permissions(doc),
        env: pairs(get(doc, "env")),
        jobs: entries_of(get(doc, "jobs"))
            .into_iter()
            .filter_map(|(k, v)| Some(job(string(k)?, v)))
            .collect(),
        inputs: Vec::new(),
    }
}

pub(super) fn action(doc: Node<'_, '_>) -> Workflow {
    let runs = get(doc, "runs");
    let runs_key = key_of(doc, "runs").unwrap_or_default();
    let image = runs.and_then(|r| {
        let key = key_of(r, "image")?;
        Some(Image {
            key: Str {
                text: "image".into(),
                at: key,
            },
            image: get(r, "image").and_then(string),
        })
    });
    let job = Job {
        id: Str {
            text: "runs".into(),
            at: runs_key,
        },
        env: pairs(runs.and_then(|r| get(r, "env"))),
        container: image,
        steps: items_of(runs.and_then(|r| get(r, "steps")))
            .into_iter()
            .map(step)
            .collect(),
        ..Job::default()
    };
    Workflow {
        kind: Kind::Action,
        name: get(doc, "name").and_then(string),
        on: None,
        triggers: Vec::new(),
        permissions: None,
        env: Vec::new(),
        jobs: vec![job],
        inputs: inputs(get(doc, "inputs")),
    }
}

fn triggers(doc: Node<'_, '_>) -> Vec<Trigger> {
    // `on` unquoted is a YAML 1.1 boolean to some parsers; saphyr keeps it a string, but a
    // document may spell it `true:` after a round trip through one that did not.
    let Some(on) = get(doc, "on").or_else(|| get(doc, "true")) else {
        return Vec::new();
    };
    let bare = |n: Node<'_, '_>| {
        string(n).map(|event| Trigger {
            event,
            filters: Vec::new(),
            inputs: Vec::new(),
        })
    };
    if let Some(t) = bare(on) {
        return vec![t];
    }
    if !items(on).is_empty() {
        return items(on).into_iter().filter_map(bare).collect();
    }
    entries(on)
        .into_iter()
        .filter_map(|(k, v)| {
            let event = string(k)?;
            let filters = entries(v)
                .into_iter()
                .filter_map(|(fk, fv)| {
                    let name = string(fk)?.text;
                    (name != "inputs" && name != "secrets" && name != "outputs")
                        .then(|| (name, strings(fv).into_iter().map(|s| s.text).collect()))
                })
                .collect();
            Some(Trigger {
                event,
                filters,
                inputs: inputs(get(v, "inputs")),
            })
        })
        .collect()
}

fn inputs(node: Option<Node<'_, '_>>) -> Vec<Input> {
    entries_of(node)
        .into_iter()
        .filter_map(|(k, v)| {
            Some(Input {
                name: string(k)?,
                kind: get(v, "type").and_then(string).map(|s| s.text),
                options: get(v, "options").is_some(),
            })
        })
        .collect()
}

fn permissions(node: Node<'_, '_>) -> Option<Permissions> {
    let key = key_of(node, "permissions")?;
    let p = get(node, "permissions")?;
    let value = match string(p) {
        Some(s) if s.text == "read-all" => Grant::ReadAll(s.at),
        Some(s) if s.text == "write-all" => Grant::WriteAll(s.at),
        Some(s) => Grant::Other(s),
        None if matches!(p.data, YamlData::Mapping(_)) => Grant::Scopes(pairs(Some(p))),
        None => Grant::Other(Str {
            text: String::new(),
            at: at(p),
        }),
    };
    Some(Permissions { key, value })
}

fn job(id: Str, node: Node<'_, '_>) -> Job {
    let runs_on = get(node, "runs-on");
    let environment = get(node, "environment")
        .and_then(|e| string(e).or_else(|| get(e, "name").and_then(string)));
    let container = get(node, "container").and_then(|c| {
        Some(Image {
            key: Str {
                text: "container".into(),
                at: key_of(node, "container")?,
            },
            image: string(c).or_else(|| get(c, "image").and_then(string)),
        })
    });
    let services = entries_of(get(node, "services"))
        .into_iter()
        .filter_map(|(k, v)| {
            Some(Image {
                key: string(k)?,
                image: get(v, "image").and_then(string),
            })
        })
        .collect();
    let secrets = get(node, "secrets").map(|s| match string(s) {
        Some(v) if v.text == "inherit" => Secrets::Inherit(v.at),
        _ => Secrets::Pairs(pairs(Some(s))),
    });
    let mut matrix = Vec::new();
    if let Some(m) = get(node, "strategy").and_then(|s| get(s, "matrix")) {
        flatten(m, "", &mut matrix, 0);
    }
    Job {
        name: get(node, "name").and_then(string),
        runs_on: runs_on
            .map(|r| match string(r) {
                Some(s) => vec![s],
                None => strings(get(r, "labels").unwrap_or(r)),
            })
            .unwrap_or_default(),
        runner_group: runs_on.and_then(|r| get(r, "group")).and_then(string),
        permissions: permissions(node),
        env: pairs(get(node, "env")),
        condition: get(node, "if").and_then(string),
        environment,
        uses: get(node, "uses").and_then(uses_at),
        with: pairs(get(node, "with")),
        secrets,
        container,
        services,
        matrix,
        outputs: pairs(get(node, "outputs")),
        needs: get(node, "needs")
            .map(|n| strings(n).into_iter().map(|s| s.text).collect())
            .unwrap_or_default(),
        steps: items_of(get(node, "steps")).into_iter().map(step).collect(),
        id,
    }
}

/// Every scalar of a matrix with the key it is under; `include`/`exclude` items' keys are
/// read as keys of the matrix.
fn flatten(node: Node<'_, '_>, key: &str, out: &mut Pairs, depth: usize) {
    if depth > MATRIX_DEPTH {
        return;
    }
    if let Some(s) = string(node) {
        let k = Str {
            text: key.to_string(),
            at: s.at,
        };
        out.push((k, s));
        return;
    }
    for item in items(node) {
        flatten(item, key, out, depth + 1);
    }
    for (k, v) in entries(node) {
        let Some(name) = string(k) else { continue };
        let inner = if key.is_empty() || key == "include" || key == "exclude" {
            name.text
        } else {
            key.to_string()
        };
        flatten(v, &inner, out, depth + 1);
    }
}

fn step(node: Node<'_, '_>) -> Step {
    Step {
        at: at(node),
        id: get(node, "id").and_then(string),
        name: get(node, "name").and_then(string),
        uses: get(node, "uses").and_then(uses_at),
        with: pairs(get(node, "with")),
        env: pairs(get(node, "env")),
        run: get(node, "run").and_then(string),
        shell: get(node, "shell").and_then(string),
        condition: get(node, "if").and_then(string),
    }
}

fn uses_at(node: Node<'_, '_>) -> Option<UsesAt> {
    let raw = string(node)?;
    Some(UsesAt {
        uses: Uses::parse(&raw.text),
        raw,
    })
}

fn at(node: Node<'_, '_>) -> Pos {
    let (line, column) = position(node);
    Pos { line, column }
}

/// Where the key `name` of a mapping is.
fn key_of(node: Node<'_, '_>, name: &str) -> Option<Pos> {
    entries(node)
        .into_iter()
        .find(|(k, _)| scalar(k).as_deref() == Some(name))
        .map(|(k, _)| at(k))
}

/// A scalar's text: strings as written, booleans and numbers as YAML prints them.
fn scalar(node: Node<'_, '_>) -> Option<String> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        YamlData::Representation(s, _, _) => Some(s.to_string()),
        YamlData::Tagged(_, inner) => scalar(inner),
        _ => None,
    }
}

fn string(node: Node<'_, '_>) -> Option<Str> {
    Some(Str {
        text: scalar(node)?,
        at: at(node),
    })
}

/// A scalar or a sequence of scalars.
fn strings(node: Node<'_, '_>) -> Vec<Str> {
    match string(node) {
        Some(s) => vec![s],
        None => items(node).into_iter().filter_map(string).collect(),
    }
}

fn pairs(node: Option<Node<'_, '_>>) -> Pairs {
    entries_of(node)
        .into_iter()
        .filter_map(|(k, v)| {
            let value = string(v).unwrap_or(Str {
                text: String::new(),
                at: at(v),
            });
            Some((string(k)?, value))
        })
        .collect()
}

fn entries_of<'a, 'b>(node: Option<Node<'a, 'b>>) -> Vec<(Node<'a, 'b>, Node<'a, 'b>)> {
    node.map(entries).unwrap_or_default()
}

fn items_of<'a, 'b>(node: Option<Node<'a, 'b>>) -> Vec<Node<'a, 'b>> {
    node.map(items).unwrap_or_default()
}
