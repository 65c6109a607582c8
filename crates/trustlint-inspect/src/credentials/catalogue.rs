//! The credential catalogue as data: one TOML file per kind (`rules/credentials/<kind>.toml`),
//! parsed strictly, compiled once. Every literal a kind declares (`prefixes`, `keywords`) goes
//! into one Aho-Corasick automaton: one pass over a file finds the few lines worth a regex.

use super::validate::Validator;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;
use serde::Deserialize;
use std::sync::OnceLock;
use trustlint_model::{Severity, Text};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct KindFile {
    id: String,
    provider: String,
    category: Category,
    title: Text,
    /// Lower than the rule's (test-mode keys).
    #[serde(default)]
    severity: Option<Severity>,
    /// Reported in every context, tests included; default: true for kinds recognised by their
    /// own shape, false for kinds that need a keyword beside them, for private keys and for
    /// the other built-in detectors.
    #[serde(default)]
    live: Option<bool>,
    detect: Detect,
    examples: Examples,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Detect {
    /// Literals one of which every match holds; case-sensitive.
    #[serde(default)]
    prefixes: Vec<String>,
    /// Words that make a match plausible, one of which must be on the match's line or the line
    /// before (any case); for kinds with no prefix of their own.
    #[serde(default)]
    keywords: Vec<String>,
    /// A regex with a `secret` group; or `builtin` for structure a regex cannot judge.
    #[serde(default)]
    pattern: Option<String>,
    #[serde(default)]
    builtin: Option<Builtin>,
    /// For `builtin = "private-key"`: the PEM label (`RSA PRIVATE KEY`).
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    validator: Option<Validator>,
    /// Shannon bits per character the secret must reach.
    #[serde(default)]
    min_entropy: Option<f64>,
    /// Known public or documentation values of this kind.
    #[serde(default)]
    allow: Vec<String>,
    /// Another kind whose value, within five lines, makes this one a confirmed pair (an AWS
    /// secret access key beside its key id): then high confidence, live format.
    #[serde(default)]
    paired_with: Option<String>,
    /// Lines the pattern may span from its literal's line (a PuTTY key's body).
    #[serde(default)]
    lines: Option<usize>,
    /// Literals that, within three lines of the match, show the provider's public-by-design use
    /// of the value (a Firebase web config's `authDomain`).
    #[serde(default)]
    public_near: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Examples {
    /// File name the examples are read as (decides comments and unquoted values).
    #[serde(default = "default_example_path")]
    path: String,
    real: Vec<String>,
    look_alike: Vec<String>,
}

fn default_example_path() -> String {
    "example.txt".into()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Cloud,
    SourceHosting,
    Ci,
    Chat,
    Payment,
    EmailSms,
    PackageRegistry,
    Observability,
    Ai,
    Identity,
    Saas,
    PrivateKey,
    Generic,
}

/// Detectors written in code because a regex cannot judge them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Builtin {
    /// A PEM block (or PuTTY key) whose body decodes to key material.
    PrivateKey,
    /// A Google service-account JSON file's `private_key`, beside `client_email`.
    GoogleServiceAccount,
    /// `password = "..."` and the like, judged by the value.
    Assignment,
    /// `scheme://user:password@host`.
    ConnectionString,
    /// A Kubernetes `Secret`'s `data` (base64) and `stringData`.
    KubernetesSecret,
    /// Docker `config.json` `auths.*.auth` (base64 `user:password`).
    DockerAuth,
    /// `.npmrc` `_authToken`, `_auth`, `_password`.
    Npmrc,
    /// `.netrc`: `machine … login … password …`.
    Netrc,
    /// NuGet `ClearTextPassword`.
    Nuget,
    /// `curl -u user:password`.
    CurlUser,
    /// `Authorization: Basic|Bearer …` written out.
    AuthorizationHeader,
}

/// One compiled kind.
#[derive(Debug)]
pub struct Kind {
    pub id: String,
    pub provider: String,
    pub category: Category,
    pub title: Text,
    pub severity: Option<Severity>,
    pub live: bool,
    pub prefixes: Vec<String>,
    pub keywords: Vec<String>,
    pub regex: Option<Regex>,
    pub builtin: Option<Builtin>,
    pub label: Option<String>,
    pub validator: Option<Validator>,
    pub min_entropy: f64,
    pub allow: Vec<String>,
    pub public_near: Vec<String>,
    pub paired_with: Option<String>,
    pub lines: usize,
    pub source: String,
    pub example_path: String,
    pub real: Vec<String>,
    pub look_alike: Vec<String>,
}

/// Every kind, and the automaton over their literals.
pub struct Catalogue {
    pub kinds: Vec<Kind>,
    pub(crate) literals: AhoCorasick,
    /// For each literal of the automaton, the kinds it anchors.
    pub(crate) owners: Vec<Vec<usize>>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Catalogue({} kinds)", self.kinds.len())
    }
}

impl Catalogue {
    /// Parses `(path, text)` kind files; every error names its file.
    pub fn parse(files: &[(&str, &str)]) -> Result<Catalogue, String> {
        let mut kinds = Vec::new();
        for (path, text) in files {
            let f: KindFile = toml::from_str(text).map_err(|e| format!("{path}: {e}"))?;
            kinds.push(compile(path, f)?);
        }
        kinds.sort_by(|a, b| a.id.cmp(&b.id));
        for w in kinds.windows(2) {
            if w[0].id == w[1].id {
                return Err(format!(
                    "{}: kind `{}` is defined twice",
                    w[1].source, w[1].id
                ));
            }
        }
        let mut words: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut add = |w: String, k: usize| match words.iter().position(|x| *x == w) {
            Some(i) => {
                if !owners[i].contains(&k) {
                    owners[i].push(k);
                }
            }
            None => {
                words.push(w);
                owners.push(vec![k]);
            }
        };
        for (k, kind) in kinds.iter().enumerate() {
            for p in &kind.prefixes {
                add(p.clone(), k);
            }
            // Keywords in the three spellings code uses: lower, upper, capitalised.
            for w in &kind.keywords {
                let lower = w.to_ascii_lowercase();
                let mut cap = lower.clone();
                cap[..1].make_ascii_uppercase();
                for v in [lower.clone(), w.to_ascii_uppercase(), cap, w.clone()] {
                    add(v, k);
                }
            }
        }
        let literals = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .map_err(|e| format!("credential catalogue literals: {e}"))?;
        Ok(Catalogue {
            kinds,
            literals,
            owners,
        })
    }

    /// The catalogue shipped with trustlint, parsed once.
    pub fn embedded() -> Result<&'static Catalogue, String> {
        static CAT: OnceLock<Result<Catalogue, String>> = OnceLock::new();
        CAT.get_or_init(|| Catalogue::parse(trustlint_rules::CREDENTIAL_FILES))
            .as_ref()
            .map_err(Clone::clone)
    }

    pub fn get(&self, id: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.id == id)
    }
}

fn compile(path: &str, f: KindFile) -> Result<Kind, String> {
    let fail = |m: String| Err(format!("{path}: {m}"));
    if !f
        .id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return fail(format!("kind id `{}` must be kebab-case", f.id));
    }
    let d = f.detect;
    if d.pattern.is_some() == d.builtin.is_some() {
        return fail("a kind needs exactly one of `pattern` and `builtin`".into());
    }
    if d.prefixes.is_empty() && d.keywords.is_empty() {
        return fail("a kind needs `prefixes` or `keywords` (the prefilter)".into());
    }
    if d.builtin == Some(Builtin::PrivateKey) && d.label.is_none() {
        return fail("`builtin = \"private-key\"` needs a `label`".into());
    }
    let regex = match &d.pattern {
        Some(p) => {
            let r = crate::pattern::compile_regex(p)?;
            if !r.capture_names().any(|n| n == Some("secret")) {
                return fail("the pattern needs a `secret` group".into());
            }
            if p.contains(r"\b") && !p.contains(r"(?-u:\b)") {
                return fail("write word boundaries as `(?-u:\\b)` (Unicode `\\b` is slow)".into());
            }
            Some(r)
        }
        None => None,
    };
    if f.examples.real.is_empty() || f.examples.look_alike.is_empty() {
        return fail("a kind needs `real` and `look-alike` examples".into());
    }
    // A private key in test code or test data serves the tests' TLS or signs their tokens
    // (on real services, every one read was such a fixture); in production paths it is
    // reported as ever. A service account's key file works wherever it is pasted.
    let live = f.live.unwrap_or(
        d.keywords.is_empty() && d.builtin.is_none_or(|b| b == Builtin::GoogleServiceAccount),
    );
    Ok(Kind {
        id: f.id,
        provider: f.provider,
        category: f.category,
        title: f.title,
        severity: f.severity,
        live,
        prefixes: d.prefixes,
        keywords: d.keywords,
        regex,
        builtin: d.builtin,
        label: d.label,
        validator: d.validator,
        min_entropy: d.min_entropy.unwrap_or(3.0),
        allow: d.allow,
        public_near: d.public_near,
        paired_with: d.paired_with,
        lines: d.lines.unwrap_or(1),
        source: path.to_string(),
        example_path: f.examples.path,
        real: f.examples.real,
        look_alike: f.examples.look_alike,
    })
}
