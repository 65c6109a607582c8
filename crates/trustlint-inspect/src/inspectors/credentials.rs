//! `credentials`: the glue between the credential catalogue ([`crate::credentials`]) and the
//! engine. `find = "credentials"` reports every committed credential; `find = "fallbacks"`
//! reports secrets that fall back to a literal. Secrets are never shown in full: messages,
//! arguments and source lines carry their first four characters, and each hit lists the byte
//! ranges of its secrets ([`Hit::secrets`]) so that the engine can hide them in every rule.

use crate::ctx::FileCtx;
use crate::out::{Hit, Output, SHOW_LINE};
use crate::credentials::{fallbacks, find, redacted, Catalogue};
use crate::pattern::GlobList;
use super::Inspector;
use serde::Deserialize;
use std::ops::Range;
use trustlint_model::{Confidence, Text};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub files: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    pub find: Find,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Find {
    /// Credentials of every kind in the catalogue.
    Credentials,
    /// Secrets read from the environment with a literal fallback, and constant keys.
    Fallbacks,
}

pub struct Credentials {
    files: GlobList,
    exclude: GlobList,
    globs: Vec<String>,
    find: Find,
    catalogue: &'static Catalogue,
}

impl Credentials {
    pub fn new(p: &Params) -> Result<Self, String> {
        Ok(Credentials {
            files: GlobList::new(&p.files, false)?,
            exclude: GlobList::new(&p.exclude, false)?,
            globs: p.files.clone(),
            find: p.find,
            catalogue: Catalogue::embedded()?,
        })
    }
}

fn confidence_text(c: Confidence) -> (&'static str, &'static str) {
    match c {
        Confidence::High => ("high", "élevée"),
        Confidence::Medium => ("medium", "moyenne"),
    }
}

/// `text` with every secret of `secrets` that falls in `range` replaced by its redacted form.
fn shown(text: &str, range: Range<usize>, secrets: &[Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = range.start;
    for s in secrets
        .iter()
        .filter(|s| s.start < range.end && s.end > range.start)
    {
        let start = s.start.max(at);
        if start < at {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&redacted(&text[start..s.end.min(range.end)]));
        at = s.end.min(range.end);
    }
    if at < range.end {
        out.push_str(&text[at..range.end]);
    }
    out
}

impl Inspector for Credentials {
    fn file_globs(&self) -> Vec<String> {
        self.globs.clone()
    }

    fn patterns(&self) -> Vec<String> {
        match self.find {
            Find::Credentials => self
                .catalogue
                .kinds
                .iter()
                .filter_map(|k| k.regex.as_ref().map(|r| r.as_str().to_string()))
                .collect(),
            Find::Fallbacks => vec![r"getenv|environ|process\.env|import\.meta\.env|env::var|option_env!|BaseSettings|SECRET_KEY|Key::|from_secret|new_from_slice".into()],
        }
    }

    /// The catalogue prefilters itself (one Aho-Corasick pass over its literals); the engine's
    /// alternation of regexes would only add a second pass.
    fn prefilter(&self) -> Vec<String> {
        match self.find {
            Find::Credentials => Vec::new(),
            Find::Fallbacks => self.patterns(),
        }
    }

    fn check_file(&self, file: &FileCtx<'_>, out: &mut Output) {
        if self.exclude.is_match(file.path) || !self.files.is_match(file.path) {
            return;
        }
        let text = file.text;
        let mut hits: Vec<(Range<usize>, Range<usize>, Hit)> = Vec::new();
        match self.find {
            Find::Credentials => {
                for c in find(self.catalogue, file.path, text) {
                    let secret = &text[c.secret.clone()];
                    let (conf_en, conf_fr) = confidence_text(c.confidence);
                    let title = &c.kind.title;
                    let how_en = c.how.map_or(String::new(), |h| format!(", {h}"));
                    let how_fr = match c.how {
                        Some("base64 in a Kubernetes Secret") => {
                            ", base64 dans un Secret Kubernetes"
                        }
                        Some(_) => ", dans un Secret Kubernetes",
                        None => "",
                    };
                    let r = redacted(secret);
                    let hit = Hit {
                        args: vec![
                            ("kind".into(), c.kind.id.clone()),
                            ("secret".into(), r.clone()),
                            ("confidence".into(), conf_en.into()),
                        ],
                        message: Some(Text::new(
                            format!("{} `{r}` committed to the repository ({conf_en} confidence{how_en})", title.en),
                            format!("{} `{r}` versé dans le dépôt (confiance {conf_fr}{how_fr})", title.fr),
                        )),
                        matched: format!("{}:{r}", c.kind.id),
                        confidence: Some(c.confidence),
                        severity: c.kind.severity,
                        credential_live_format: c.live_format,
                        ..Hit::default()
                    };
                    hits.push((c.span, c.secret, hit));
                }
            }
            Find::Fallbacks => {
                for f in fallbacks(file.path, text) {
                    let lit = &text[f.literal.clone()];
                    let r = if lit.is_empty() && f.how == "constant key" {
                        text[f.span.clone()].to_string()
                    } else if lit.is_empty() {
                        "\"\"".to_string()
                    } else {
                        redacted(lit)
                    };
                    let hit = Hit {
                        args: vec![
                            ("variable".into(), f.variable.clone()),
                            ("literal".into(), r.clone()),
                        ],
                        message: Some(if f.how == "constant key" {
                            Text::new(
                                format!("`{}` builds its key from a constant (`{r}`); load the key from a secret store", f.variable),
                                format!("`{}` construit sa clé à partir d'une constante (`{r}`); chargez la clé d'un coffre de secrets", f.variable),
                            )
                        } else {
                            Text::new(
                                format!("`{}` falls back to the hard-coded `{r}` when it is unset ({}); fail instead", f.variable, f.how),
                                format!("`{}` se rabat sur la valeur codée en dur `{r}` en son absence ({}); échouez plutôt", f.variable, f.how),
                            )
                        }),
                        matched: format!("{}:{r}", f.variable),
                        confidence: Some(Confidence::High),
                        ..Hit::default()
                    };
                    hits.push((f.span, f.literal, hit));
                }
            }
        }
        let secrets: Vec<Range<usize>> = hits
            .iter()
            .map(|(_, s, _)| s.clone())
            .filter(|s| !s.is_empty())
            .collect();
        for (span, secret, mut hit) in hits {
            let (line, column) = file.line_col(span.start);
            let (end_line, end_column) = file.line_col(span.end);
            hit.path = file.path.to_string();
            hit.line = line;
            hit.column = column;
            hit.end_line = Some(end_line);
            hit.end_column = Some(end_column);
            // The engine shows a bounded window of the line, with every secret redacted.
            hit.source_line = SHOW_LINE;
            hit.args.push((
                "match".into(),
                shown(text, span.start..span.end.min(span.start + 200), &secrets),
            ));
            hit.secrets = if secret.is_empty() {
                vec![]
            } else {
                vec![secret]
            };
            out.hits.push(hit);
        }
    }
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(Credentials::new(p)?))
}
