//! Judging a value and the name it is assigned to: is this a credential, or a placeholder, an
//! identifier, a path, a label, an expression? Every rule here comes from a look-alike seen on
//! real repositories (see the tests): the name next to a value is a hint, the value decides.

/// Shannon entropy of the bytes of `s`, in bits per byte.
pub fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in s.bytes() {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&k| k > 0)
        .map(|&k| {
            let p = f64::from(k) / n;
            -p * p.log2()
        })
        .sum()
}

/// Words that mark a value as a stand-in, lower case. Checked as substrings of the lowered value.
const MARKERS: &[&str] = &[
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "example",
    "dummy",
    "xxx",
    "fake",
    "test",
    "sample",
    "placeholder",
    "redacted",
    "notreal",
    "not-a-real",
    "not_a_real",
    "not-real",
    "replace",
    "insert",
    "your",
    "here",
    "todo",
    "fixme",
    "lorem",
    "ipsum",
    "foobar",
    "qwerty",
    "asdf",
    "letmein",
    "hunter2",
    "abcdef",
    "abc123",
    "1234",
    "0000",
    "mock",
    "demo",
    "invalid",
    "incorrect",
    "wrong",
    "insecure",
    "unsafe",
    "default",
    "localhost",
    "...",
    "***",
    "###",
];

/// Words a value uses to name itself (`"dev-notify-secret-key"`, `"mysecretpassword"`): a real
/// credential does not spell out what it is. Not applied to provider tokens, whose prefixes may.
const SELF_NAMING: &[&str] = &[
    "password", "passwd", "passw0rd", "p4ssw0rd", "p4ssword", "pa55w0rd", "pa55word", "p@ssw0rd",
    "p@ssword", "secret", "s3cr3t", "token", "apikey", "api_key", "api-key",
];

/// Why a value is a stand-in rather than a credential, if it is one.
pub fn placeholder(value: &str) -> Option<&'static str> {
    let lower = value.to_ascii_lowercase();
    if let Some(m) = MARKERS.iter().find(|m| lower.contains(*m)) {
        return Some(m);
    }
    if templated(value) {
        return Some("template");
    }
    if repeated(value) {
        return Some("repeated characters");
    }
    if sequence(&lower) {
        return Some("a sequence");
    }
    None
}

/// `${X}`, `{{ x }}`, `%(x)s`, `<x>`, `$X`, `%X%`, `#{x}`, `__X__`, `@X@`, `{x}`.
pub fn templated(v: &str) -> bool {
    let b = v.as_bytes();
    v.contains("${")
        || v.contains("{{")
        || v.contains("}}")
        || v.contains("%(")
        || v.contains("#{")
        || v.contains("%s")
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.contains('{') && v.contains('}'))
        || (b.first() == Some(&b'$') && b.get(1).is_some_and(|c| c.is_ascii_alphabetic()))
        || (v.len() > 2 && v.starts_with('%') && v.ends_with('%'))
        || (v.len() > 4 && v.starts_with("__") && v.ends_with("__"))
        || (v.len() > 2 && v.starts_with('@') && v.ends_with('@'))
}

/// Four identical characters in a row (eight in long values, whose formats may pad), or a value
/// made of at most three distinct characters.
fn repeated(v: &str) -> bool {
    let b = v.as_bytes();
    let run = if b.len() < 40 { 4 } else { 8 };
    if b.windows(run).any(|w| w.iter().all(|&c| c == w[0])) {
        return true;
    }
    let mut seen = [false; 256];
    b.iter().for_each(|&c| seen[c as usize] = true);
    seen.iter().filter(|&&s| s).count() <= 3
}

/// Five characters in alphabetical or numerical order (`abcde`, `34567`).
fn sequence(lower: &str) -> bool {
    lower.as_bytes().windows(5).any(|w| {
        w.windows(2)
            .all(|p| p[1] == p[0] + 1 && p[0].is_ascii_alphanumeric())
    })
}

/// Why a value given to a credential-named key is not a credential, if it is not.
pub fn not_a_secret(value: &str) -> Option<&'static str> {
    if value.len() < 8 {
        return Some("too short");
    }
    if value.len() > 200 {
        return Some("too long");
    }
    if !value.is_ascii() {
        return Some("prose");
    }
    if value.bytes().any(|b| b.is_ascii_whitespace()) {
        return Some("prose");
    }
    // `"),we.push(n,"`: code between two strings, not a value.
    if value.starts_with([')', ']', '}', ',', ';', '.']) || value.contains("),") {
        return Some("code");
    }
    if let Some(why) = placeholder(value) {
        return Some(why);
    }
    let lower = value.to_ascii_lowercase();
    if SELF_NAMING.iter().any(|w| lower.contains(w)) || lower.starts_with("some") {
        return Some("names itself");
    }
    if lower.starts_with("my")
        && value[2..]
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_')
    {
        return Some("placeholder");
    }
    if let Some(why) = identifier(value) {
        return Some(why);
    }
    if path_like(value) {
        return Some("a path or URL");
    }
    if value
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b':')
    {
        return Some("a number, date or version");
    }
    if value.contains('@') && value.contains('.') && !value.contains(':') {
        return Some("an e-mail address");
    }
    None
}

/// Environment variable names, words in camelCase, kebab-case or snake_case, dotted i18n keys.
pub fn identifier(v: &str) -> Option<&'static str> {
    let b = v.as_bytes();
    let trimmed = v.trim_end_matches(['!', '?', '.']);
    if !b[0].is_ascii_alphabetic() {
        return None;
    }
    // SLACK_WEBHOOK, MANIFESTS_WORKFLOW_TOKEN
    if trimmed.bytes().all(|c| c.is_ascii_uppercase()) {
        return Some("an all-capital word");
    }
    let parts: Vec<&str> = trimmed.split(['_', '-', '.', ':', '/']).collect();
    if parts.len() >= 2
        && trimmed.bytes().all(|c| !c.is_ascii_lowercase())
        && parts
            .iter()
            .all(|p| p.is_empty() || p.bytes().all(|c| c.is_ascii_alphanumeric()))
        && parts
            .iter()
            .any(|p| p.len() >= 3 && p.bytes().all(|c| c.is_ascii_uppercase()))
    {
        return Some("an identifier in capitals");
    }
    // gc-articles-bearer-token, settings__secret-form, auth.password.required
    let wordy = |p: &str| {
        let letters = p.trim_end_matches(|c: char| c.is_ascii_digit());
        let lower_word = letters.len() >= 2
            && letters.as_bytes()[0].is_ascii_alphabetic()
            && letters[1..].bytes().all(|c| c.is_ascii_lowercase());
        p.is_empty()
            || (p.len() <= 3 && p.bytes().all(|c| c.is_ascii_digit()))
            || (lower_word && p.len() - letters.len() <= 3)
    };
    if parts.len() >= 2 && parts.iter().all(|p| wordy(p)) {
        return Some("a name made of words");
    }
    // incorrectPassword, doesNotExist!, WhatIsThis
    if camel_words(trimmed) {
        return Some("words in camelCase");
    }
    // postgres, admin2024, Summer2024!
    let word = trimmed.trim_end_matches(|c: char| c.is_ascii_digit() || "!@#$%*?".contains(c));
    if word.len() >= 3
        && trimmed.len() - word.len() <= 5
        && word[1..].bytes().all(|c| c.is_ascii_lowercase())
    {
        return Some("a dictionary-like word");
    }
    None
}

/// Letters only, each capital starting a lower-case word of two letters or more.
fn camel_words(v: &str) -> bool {
    if v.is_empty() || !v.bytes().all(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in v.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&v[start..i]);
            start = i;
        }
    }
    words.push(&v[start..]);
    words.len() >= 2
        && words
            .iter()
            .all(|w| w.len() >= 2 && w[1..].bytes().all(|c| c.is_ascii_lowercase()))
}

/// `/api/v1/secret`, `./key.pem`, `keys/server.pem`, `https://…`.
pub fn path_like(v: &str) -> bool {
    const EXT: &[&str] = &[
        ".pem", ".key", ".json", ".p12", ".pfx", ".crt", ".cer", ".txt", ".yaml", ".yml", ".env",
        ".jks", ".der", ".pub", ".html", ".js", ".py", ".rs", ".ts",
    ];
    let lower = v.to_ascii_lowercase();
    v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with("../")
        || v.starts_with("~/")
        || v.contains("://")
        || EXT.iter().any(|e| lower.ends_with(e))
        || (v.contains('/')
            && v.split('/').all(|s| {
                s.bytes()
                    .all(|c| c.is_ascii_lowercase() || c == b'-' || c == b'_' || c == b'.')
            }))
}

/// How much a key name says that its value is a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    Weak,
    Strong,
}

/// Parts of a key name that make it the *name* of something (a secret's name, a form field, a
/// cache key, a length, a URL), not the secret itself.
const NAME_PARTS: &[&str] = &[
    "name",
    "names",
    "field",
    "fields",
    "label",
    "header",
    "headers",
    "prefix",
    "suffix",
    "path",
    "paths",
    "url",
    "urls",
    "uri",
    "endpoint",
    "file",
    "filename",
    "dir",
    "env",
    "var",
    "vars",
    "variable",
    "type",
    "types",
    "length",
    "len",
    "min",
    "max",
    "count",
    "ttl",
    "expiry",
    "expires",
    "expiration",
    "expire",
    "timeout",
    "format",
    "regex",
    "pattern",
    "policy",
    "placeholder",
    "hint",
    "message",
    "msg",
    "error",
    "errors",
    "text",
    "title",
    "description",
    "desc",
    "form",
    "input",
    "selector",
    "class",
    "version",
    "algorithm",
    "alg",
    "hash",
    "hashed",
    "digest",
    "at",
    "enabled",
    "required",
    "mode",
    "kind",
    "id",
    "ids",
    "ref",
    "arn",
    "location",
    "prompt",
    "question",
    "tokenizer",
    "tokens",
    "csrf",
    "xsrf",
    "next",
    "page",
    "cursor",
    "usage",
    "limit",
    "lifetime",
    "duration",
    "rotation",
    "cache",
    "column",
    "attr",
    "attribute",
    "param",
    "params",
    "parameter",
    "option",
    "options",
    "flag",
    "help",
    "link",
    "route",
    "button",
    "icon",
    "style",
    "reset",
    "forgot",
    "strength",
    "rule",
    "rules",
    "validator",
    "valid",
    "validation",
    "policy",
    "provider",
    "store",
    "manager",
    "backend",
    "mount",
    "volume",
    "ssm",
    "vault",
    "selector",
    "secrets",
    "passwords",
    "keys",
    "reference",
    "source",
    "hint",
    "size",
    "bytes",
    "bits",
    "salt",
    "rounds",
    "iterations",
    "label",
    "schema",
    "table",
    "encoding",
    "class",
    "translation",
    "i18n",
    "locale",
    "template_id",
    "emoji",
    "confirm",
    "confirmation",
    "visible",
    "show",
    "hide",
    "toggle",
    "changed",
    "updated",
    "created",
    "last",
    "old",
    "current",
    "new",
    "user",
    "username",
    "login",
    "email",
    "public",
    "pub",
];

/// Splits `DB_PASSWORD`, `dbPassword`, `APIKey`, `api-key` into lower-case words.
pub fn words(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in key.split(|c: char| !c.is_ascii_alphanumeric()) {
        let b = part.as_bytes();
        let mut start = 0;
        for i in 1..b.len() {
            let lower_to_upper = b[i - 1].is_ascii_lowercase() && b[i].is_ascii_uppercase();
            let acronym_end = b[i - 1].is_ascii_uppercase()
                && b[i].is_ascii_uppercase()
                && b.get(i + 1).is_some_and(|c| c.is_ascii_lowercase());
            if lower_to_upper || acronym_end {
                out.push(part[start..i].to_ascii_lowercase());
                start = i;
            }
        }
        if start < b.len() {
            out.push(part[start..].to_ascii_lowercase());
        }
    }
    out
}

/// Whether a key names a credential (and how strongly), for assignments; None: it does not, or
/// it names something about one (`secret_name`, `PASSWORD_MIN_LENGTH`, `token_field`).
pub fn credential_key(key: &str) -> Option<Strength> {
    let w = words(key);
    if w.is_empty() || w.len() > 8 || w.iter().any(|p| NAME_PARTS.contains(&p.as_str())) {
        return None;
    }
    let has = |s: &str| w.iter().any(|p| p == s);
    let pair = |a: &str, b: &str| w.windows(2).any(|p| p[0] == a && p[1] == b);
    let strong = [
        "password",
        "passwd",
        "passphrase",
        "secret",
        "apikey",
        "apitoken",
        "privatekey",
    ]
    .iter()
    .any(|s| has(s))
        || w.iter()
            .any(|p| p.ends_with("password") || p.ends_with("secret"))
        || [
            ("api", "key"),
            ("api", "token"),
            ("private", "key"),
            ("access", "key"),
            ("secret", "key"),
            ("signing", "key"),
            ("encryption", "key"),
            ("master", "key"),
            ("auth", "token"),
            ("access", "token"),
            ("refresh", "token"),
            ("bearer", "token"),
            ("bot", "token"),
            ("auth", "key"),
        ]
        .iter()
        .any(|(a, b)| pair(a, b));
    if strong {
        return Some(Strength::Strong);
    }
    let weak = ["pwd", "pass", "token", "credential", "credentials", "pat"]
        .iter()
        .any(|s| has(s));
    weak.then_some(Strength::Weak)
}

/// Whether an environment variable or field holds a secret, for fallbacks: like
/// [`credential_key`], and `KEY`/`SALT`-named values too (`SIGNING_KEY`, `COOKIE_KEY`).
pub fn secret_variable(name: &str) -> bool {
    if credential_key(name).is_some() {
        return true;
    }
    let w = words(name);
    !w.is_empty()
        && w.len() <= 5
        && !w
            .iter()
            .any(|p| NAME_PARTS.contains(&p.as_str()) && p != "salt")
        && w.iter().any(|p| p == "key" || p == "salt" || p == "hmac")
        && !w.iter().any(|p| {
            [
                "primary",
                "foreign",
                "sort",
                "partition",
                "idempotency",
                "public",
                "cache",
                "map",
            ]
            .contains(&p.as_str())
        })
}

/// High enough entropy, long enough, and mixing enough classes of characters to be generated.
pub fn high_entropy(v: &str) -> bool {
    let classes = [
        v.bytes().any(|c| c.is_ascii_lowercase()),
        v.bytes().any(|c| c.is_ascii_uppercase()),
        v.bytes().any(|c| c.is_ascii_digit()),
        v.bytes().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|&&x| x)
    .count();
    v.len() >= 16 && entropy(v) >= 3.5 && classes >= 3
}

/// Hosts a developer's own machine or a compose network answers to: loopback and single labels.
pub fn local_host(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h == "localhost"
        || h.starts_with("127.")
        || h == "[::1]"
        || h == "0.0.0.0"
        || h == "host.docker.internal"
        || h.ends_with(".local")
        || h.ends_with(".localhost")
        || !h.contains('.')
}

/// Default passwords of database and broker images, and the like.
pub fn default_password(user: &str, pass: &str) -> bool {
    const DEFAULTS: &[&str] = &[
        "postgres",
        "password",
        "root",
        "admin",
        "secret",
        "guest",
        "mysql",
        "redis",
        "pass",
        "changeme",
        "example",
        "test",
        "user",
        "rabbitmq",
        "minio",
        "minioadmin",
        "sa",
        "oracle",
        "mongo",
        "mongodb",
        "elastic",
        "kibana",
        "docker",
        "local",
        "dev",
        "development",
        "app",
        "postgrespassword",
        "pgpassword",
        "keycloak",
        "mariadb",
    ];
    let p = pass.to_ascii_lowercase();
    p == user.to_ascii_lowercase() || DEFAULTS.contains(&p.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alikes_seen_on_real_repositories_are_not_secrets() {
        for v in [
            "incorrectPassword",
            "doesNotExist!",
            "whatIsMyPassword!",
            "cds-not-a-real-secret",
            "gc-articles-bearer-token",
            "dev-notify-secret-key",
            "somepassword",
            "very_SECURE_p4ssw0rd!",
            "a-new_password",
            "val1dPassw0rd!",
            "changedpassword",
            "mysuperlongandsecurepassword",
            "settings__secret-form",
            "MANIFESTS_WORKFLOW_TOKEN",
            "SLACK_WEBHOOK",
            "/api/v1/account/secret/get",
            "${DB_PASSWORD}",
            "{{ .Values.password }}",
            "%(password)s",
            "<set-in-vault>",
            "$API_KEY",
            "xxxxxxxxxxxx",
            "########",
            "abcdef123456",
            "12121212",
            "Mot de passe",
            "YourApiKeyHere",
            "my-bot-token",
            "keys/server.pem",
            "admin2024",
            "malicious_client_1_sec",
            "superdupercomplex_To_Infinity_and_Beyond",
        ] {
            assert!(not_a_secret(v).is_some(), "{v} taken for a secret");
        }
    }

    #[test]
    fn generated_values_are_secrets() {
        for v in [
            "k3J9#qLx2!vR8mZ4pW7t",
            "Zr8#kQ2m!Lp5Vx9w",
            "q7Rv2Lm9xT4pWz8K",
            "e1f9c03b7a2d48d6b5e0",
        ] {
            assert_eq!(not_a_secret(v), None, "{v}");
        }
        assert!(high_entropy("k3J9#qLx2!vR8mZ4pW7t"));
        assert!(!high_entropy("e1f9c03b"));
    }

    #[test]
    fn key_names_decide_between_a_secret_and_its_name() {
        assert_eq!(credential_key("DB_PASSWORD"), Some(Strength::Strong));
        assert_eq!(credential_key("clientSecret"), Some(Strength::Strong));
        assert_eq!(credential_key("APIKey"), Some(Strength::Strong));
        assert_eq!(credential_key("github_token"), Some(Strength::Weak));
        for k in [
            "secret_name",
            "PASSWORD_MIN_LENGTH",
            "token_field",
            "GC_ARTICLES_AUTH_TOKEN_CACHE_KEY",
            "SECRET_FORM",
            "password_hint",
            "max_tokens",
            "csrf_token",
            "username",
            "monkey",
        ] {
            assert_eq!(credential_key(k), None, "{k}");
        }
        assert!(secret_variable("JWT_SIGNING_KEY"));
        assert!(secret_variable("SESSION_SECRET"));
        assert!(!secret_variable("PRIMARY_KEY"));
        assert!(!secret_variable("JWT_ALGORITHM"));
    }

    #[test]
    fn words_split_every_naming_style() {
        assert_eq!(words("dbPassword"), ["db", "password"]);
        assert_eq!(words("APIKey"), ["api", "key"]);
        assert_eq!(words("x-api-key"), ["x", "api", "key"]);
    }
}
