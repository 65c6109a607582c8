//! Azure Pipelines (`azure-pipelines.yml`, `*.azure-pipelines.yml` and the templates they
//! use): repository resources with their `ref:`, template references (`template: x.yml` or
//! `x.yml@alias`), container images (`container:`, `resources.containers`), scripts (`script:`,
//! `bash:`, `pwsh:`, `powershell:`, and the script inputs of the Bash, PowerShell, Azure CLI and
//! command-line tasks), string parameters, and the `pr:` trigger. Stages, jobs, steps and
//! templates nest freely, so the document is walked whole, to a bounded depth.

use super::gitlab::string;
use super::workflow::{self, Pos, Str};
use super::yaml::{entries, get, items};
use crate::out::ParseError;
use saphyr::{MarkedYaml, YamlData};

const DEPTH: usize = 32;

/// Task inputs that hold a script, or the arguments a script is run with.
const SCRIPT_INPUTS: &[&str] = &["script", "inlineScript", "arguments"];

/// Tasks that run a script (`Bash@3`, `PowerShell@2`, `AzureCLI@2`, ...).
const SCRIPT_TASKS: &[&str] = &[
    "bash",
    "powershell",
    "azurecli",
    "azurepowershell",
    "cmdline",
    "shellscript",
    "pythonscript",
];

fn runs_script(task: &str) -> bool {
    let name = task.split('@').next().unwrap_or(task).to_ascii_lowercase();
    SCRIPT_TASKS.contains(&name.as_str())
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AzurePipeline {
    pub repositories: Vec<Repository>,
    pub templates: Vec<Template>,
    /// Images with where they are used (`container`, `resources.containers`).
    pub images: Vec<(String, Str)>,
    pub scripts: Vec<Str>,
    /// `parameters:` whose type is `string` (or unstated) and that list no `values:`.
    pub free_parameters: Vec<String>,
    /// The `pr:` key, when the pipeline says when pull requests build it.
    pub pr: Option<PrTrigger>,
    /// Aliases of `resources.containers`, which a job's `container:` may name.
    aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    pub alias: Str,
    pub name: String,
    /// `github`, `git`, `bitbucket`, `githubenterprise`.
    pub kind: String,
    pub reference: Option<Str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub at: Pos,
    pub path: String,
    /// The repository alias after `@`, when the template is in another repository.
    pub repository: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrTrigger {
    pub at: Pos,
    /// `pr: none` (or `false`).
    pub off: bool,
}

pub fn read(text: &str) -> Result<AzurePipeline, ParseError> {
    let docs = workflow::parse(text)?;
    let mut p = AzurePipeline::default();
    for doc in &docs {
        read_doc(doc, &mut p);
    }
    Ok(p)
}

fn read_doc(doc: &MarkedYaml<'_>, p: &mut AzurePipeline) {
    if let Some(res) = get(doc, "resources") {
        for r in get(res, "repositories").map(items).unwrap_or_default() {
            let Some(alias) = get(r, "repository").and_then(string) else {
                continue;
            };
            p.repositories.push(Repository {
                alias,
                name: get(r, "name")
                    .and_then(string)
                    .map(|s| s.text)
                    .unwrap_or_default(),
                kind: get(r, "type")
                    .and_then(string)
                    .map(|s| s.text)
                    .unwrap_or_default(),
                reference: get(r, "ref").and_then(string),
            });
        }
        for c in get(res, "containers").map(items).unwrap_or_default() {
            if let Some(i) = get(c, "image").and_then(string) {
                p.images.push(("resources.containers".into(), i));
            }
            p.aliases
                .extend(get(c, "container").and_then(string).map(|s| s.text));
        }
    }
    for (k, v) in get(doc, "parameters").map(|n| named(n)).unwrap_or_default() {
        let kind = get(v, "type")
            .and_then(string)
            .map(|s| s.text.to_ascii_lowercase());
        let free = matches!(kind.as_deref(), None | Some("string")) && get(v, "values").is_none();
        if free {
            p.free_parameters.push(k);
        }
    }
    if let Some((key, v)) = entries(doc)
        .into_iter()
        .find(|(k, _)| string(k).is_some_and(|s| s.text == "pr"))
    {
        let off = string(v).is_some_and(|s| matches!(s.text.as_str(), "none" | "false"));
        p.pr = string(key).map(|s| PrTrigger { at: s.at, off });
    }
    walk(doc, p, 0);
}

/// Parameters as a list of `{name, type}` or as a mapping of name to default.
fn named<'a, 'b>(node: &'a MarkedYaml<'b>) -> Vec<(String, &'a MarkedYaml<'b>)> {
    let list: Vec<_> = items(node)
        .into_iter()
        .filter_map(|i| Some((get(i, "name").and_then(string)?.text, i)))
        .collect();
    if !list.is_empty() {
        return list;
    }
    entries(node)
        .into_iter()
        .filter_map(|(k, v)| Some((string(k)?.text, v)))
        .collect()
}

fn walk(node: &MarkedYaml<'_>, p: &mut AzurePipeline, depth: usize) {
    if depth > DEPTH {
        return;
    }
    match &node.data {
        YamlData::Sequence(_) => items(node).into_iter().for_each(|i| walk(i, p, depth + 1)),
        YamlData::Mapping(_) => {
            for (k, v) in entries(node) {
                let Some(key) = string(k) else { continue };
                match key.text.as_str() {
                    "template" => {
                        if let Some(t) = string(v) {
                            let (path, repository) = match t.text.rsplit_once('@') {
                                Some((a, b)) => (a.to_string(), Some(b.to_string())),
                                None => (t.text.clone(), None),
                            };
                            p.templates.push(Template {
                                at: t.at,
                                path,
                                repository,
                            });
                        }
                    }
                    "script" | "bash" | "pwsh" | "powershell" => {
                        if let Some(s) = string(v) {
                            p.scripts.push(s);
                        }
                    }
                    "inputs"
                        if get(node, "task")
                            .and_then(string)
                            .is_some_and(|t| runs_script(&t.text)) =>
                    {
                        for name in SCRIPT_INPUTS {
                            p.scripts.extend(get(v, name).and_then(string));
                        }
                    }
                    "container" if depth > 0 => {
                        if let Some(i) = get(v, "image").and_then(string) {
                            p.images.push(("container".into(), i));
                        } else if let Some(i) = string(v) {
                            // A name of `resources.containers` is judged there.
                            if !p.aliases.contains(&i.text) {
                                p.images.push(("container".into(), i));
                            }
                        }
                    }
                    "resources" => {}
                    _ => walk(v, p, depth + 1),
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_templates_images_scripts_and_parameters_are_read() {
        let text = concat!(
            "parameters:\n  - name: env\n    type: string\n    values: [dev, prod]\n  - name: note\n    type: string\n",
            "resources:\n  repositories:\n    - repository: templates\n      type: github\n      name: org/pipeline-templates\n      ref: refs/heads/main\n",
            "  containers:\n    - container: build\n      image: ubuntu\n",
            "pr:\n  branches:\n    include: [main]\n",
            "stages:\n  - stage: b\n    jobs:\n      - job: j\n        container: node:20\n        steps:\n",
            "          - script: echo $(Build.SourceVersionMessage)\n",
            "          - task: Bash@3\n            inputs:\n              targetType: inline\n              script: echo hi\n",
            "          - template: steps/test.yml@templates\n",
            "      - template: jobs/deploy.yml\n",
        );
        let p = read(text).unwrap();
        assert_eq!(p.free_parameters, ["note"]);
        assert_eq!(
            p.repositories[0].reference.as_ref().unwrap().text,
            "refs/heads/main"
        );
        let imgs: Vec<&str> = p.images.iter().map(|(_, s)| s.text.as_str()).collect();
        assert_eq!(imgs, ["ubuntu", "node:20"]);
        assert_eq!(p.scripts.len(), 2);
        assert_eq!(p.templates.len(), 2);
        assert_eq!(p.templates[0].repository.as_deref(), Some("templates"));
        assert!(!p.pr.unwrap().off);
    }
}
