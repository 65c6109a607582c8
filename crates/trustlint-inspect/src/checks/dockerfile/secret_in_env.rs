//! `secret-in-env`: `ENV` or `ARG` bakes a literal password, token or key into the image,
//! where every layer and `docker history` keep it. The value is never shown in full.

use super::at;
use crate::ctx::FileCtx;
use crate::formats::dockerfile::{env_pairs, Instruction};
use crate::out::{redacted, Hit};
use regex::Regex;
use std::sync::LazyLock;

/// Names of settings that hold credentials (not the same words as a Rust identifier's: these
/// are environment variables, `DB_PASSWORD`, `ACCESS_KEY`).
static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:password|passwd|pwd|secret|token|api_?key|access_?key|private_?key|credentials?)",
    )
    .expect("valid")
});

/// A literal credential in the image's environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretInEnv {
    pub line: u32,
    pub name: String,
    /// The value as written; shown only redacted.
    pub value: String,
}

pub fn find(all: &[Instruction]) -> Vec<SecretInEnv> {
    let mut out = Vec::new();
    for ins in all
        .iter()
        .filter(|i| i.keyword == "ENV" || i.keyword == "ARG")
    {
        for (name, value) in env_pairs(&ins.args) {
            if SECRET_NAME.is_match(&name) && looks_like_secret(&name, &value) {
                out.push(SecretInEnv {
                    line: ins.line,
                    name,
                    value,
                });
            }
        }
    }
    out
}

/// A literal value that could be a credential: not a variable, a number, a boolean, a path, or
/// the setting of a secret's file, length or lifetime.
fn looks_like_secret(name: &str, value: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let about = [
        "_FILE", "_PATH", "_DIR", "_LENGTH", "_LEN", "_TTL", "_TIMEOUT", "_ENABLED",
    ];
    value.len() >= 6
        && !value.starts_with('$')
        && !value.starts_with('/')
        && value.parse::<f64>().is_err()
        && !matches!(value.to_ascii_lowercase().as_str(), "true" | "false")
        && !about.iter().any(|s| upper.ends_with(s))
}

impl SecretInEnv {
    /// The finding; the value goes to the engine's secrets (see [`Output::secrets`]), which
    /// redacts it in the shown line and in every other finding of the file.
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        at(file, self.line)
            .arg("name", self.name.as_str())
            .arg("value", format!("{}={}", self.name, redacted(&self.value)))
            .matched(self.name.as_str())
    }

    pub fn secret(&self) -> Option<String> {
        (!self.value.is_empty()).then(|| self.value.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::super::instructions;
    use super::*;

    #[test]
    fn literal_credentials_but_not_variables_flags_or_file_paths() {
        let df = "ENV API_TOKEN=abc123secret DEBUG=1\nARG DB_PASSWORD\nENV DB_PASSWORD_FILE=/run/secrets/db SECRET=$FROM_CI TOKEN_TTL=3600\nENV PASSWORD hunter2hunter2\n";
        let found: Vec<(u32, String)> = find(&instructions(df))
            .into_iter()
            .map(|s| (s.line, s.name))
            .collect();
        assert_eq!(found, vec![(1, "API_TOKEN".into()), (4, "PASSWORD".into())]);
    }

    #[test]
    fn the_value_is_redacted_in_the_message_and_handed_over_as_a_secret() {
        let df = "ENV API_TOKEN=abc123secret\n";
        let file = FileCtx::new("Dockerfile", df);
        let found = &find(&instructions(df))[0];
        let hit = found.hit(&file);
        let shown = format!("{:?}", hit.args);
        assert!(!shown.contains("abc123secret"), "{shown}");
        assert!(shown.contains("abc1…[redacted]"), "{shown}");
        assert_eq!(found.secret().as_deref(), Some("abc123secret"));
    }
}
