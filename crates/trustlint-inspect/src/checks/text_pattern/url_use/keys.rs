//! The names next to a URL: the key it is the value of (`API_URL = `, `base_url: `,
//! `"xmlns:t1": `), the attribute it fills (`href=`), and what those names say about it.

use regex::Regex;
use std::sync::LazyLock;

/// The key a value is assigned to, and whether it is an assignment (`=`, `:=`) that later code
/// can refer to by name, or an entry of a mapping (`:`, `=>`, a YAML or JSON key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub name: String,
    pub assign: bool,
}

impl Key {
    fn new(name: &str, assign: bool) -> Self {
        Key {
            name: name.to_string(),
            assign,
        }
    }
}

/// `API_URL: str = `, `const BASE: &str = `, `let apiUrl: string = `.
static TYPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(,])(?P<key>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*[&A-Za-z_'(\[][^=;{}\x22]{0,80}[^=!<>]=\s*$")
        .expect("valid regex")
});
/// `KEY = `, `key: `, `"key": `, `key=`, `--api-url=`, `$KEY := `, `'key' => `.
static PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?P<key>[A-Za-z_@$][A-Za-z0-9_.$@:-]*)["'`\]]?\s*(?P<sep>:=|=>|[=:])\s*["'`]?$"#)
        .expect("valid regex")
});
/// `ENV API_URL http://…` (the old Dockerfile form), `--api-url http://…`, `${API_URL:-http://…}`.
static SPACED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^\s*(?:ENV|ARG)\s+(?P<env>[A-Za-z_][A-Za-z0-9_]*)\s+|(?:^|\s)--(?P<flag>[A-Za-z][A-Za-z0-9-]*)\s+|\$\{(?P<dflt>[A-Za-z_][A-Za-z0-9_]*):?[-=])$")
        .expect("valid regex")
});
/// `API_URL = process.env.API_URL || `, `base = os.environ.get("X") or `.
static FALLBACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(?:export|const|let|var|static|final|pub|public|private)\s+)*(?P<key>[A-Za-z_][A-Za-z0-9_.]*)\s*(?::[^=]{1,60})?=\s*[^=].*(?:\|\||\?\?|\sor)\s*$")
        .expect("valid regex")
});
/// `name: API_URL` (a Kubernetes or ECS environment entry whose value follows).
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"["']?name["']?\s*[:=]\s*["']?(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)"#)
        .expect("valid regex")
});
/// An attribute being filled at the end of `before`: `href="`, `href=\"`, `action='`,
/// `href=#{__('`, `href='{{ _("` (a template expression that yields the value).
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^|[\s<(,;])(?P<name>[A-Za-z_:@][A-Za-z0-9_:.@-]*)\s*=\s*(?:[^\s=>]*|\\?["']?(?:\{\{|\{%|<%=?|#\{|\$\{)[^"'<>]*?\\?["']?)$"#)
        .expect("valid regex")
});
/// The element whose text the URL is: `<loc>`, `<url>`.
static ELEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<(?P<name>[A-Za-z_][A-Za-z0-9_:.-]*)(?:\s[^<>]*)?>\s*$").expect("valid regex")
});
/// A first argument that names a setting: `getenv("API_URL", `, `get('base-url', `.
static FIRST_ARG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*["'](?P<key>[A-Za-z_-][A-Za-z0-9_.-]*)["']\s*,\s*$"#).expect("valid regex")
});

/// The key `before` (the text in front of a value, on its line) ends with.
pub fn key_before(before: &str) -> Option<Key> {
    if let Some(c) = SPACED.captures(before) {
        let name = c.name("env").or(c.name("flag")).or(c.name("dflt"))?;
        return Some(Key::new(name.as_str(), c.name("flag").is_none()));
    }
    if let Some(c) = TYPED.captures(before) {
        return Some(Key::new(&c["key"], true));
    }
    if let Some(c) = PLAIN.captures(before) {
        let sep = &c["sep"];
        return Some(Key::new(&c["key"], sep == "=" || sep == ":="));
    }
    FALLBACK.captures(before).map(|c| Key::new(&c["key"], true))
}

/// `name: X` on `line`, for the `value:` that follows it.
pub fn name_on(line: &str) -> Option<&str> {
    NAME.captures(line)
        .map(|c| c.name("key").expect("group").as_str())
}

/// The attribute `before` ends in the middle of filling, if any.
pub fn attribute(before: &str) -> Option<&str> {
    ATTRIBUTE
        .captures(before)
        .map(|c| c.name("name").expect("group").as_str())
}

/// The XML element whose text follows `before`.
pub fn element(before: &str) -> Option<&str> {
    ELEMENT
        .captures(before)
        .map(|c| c.name("name").expect("group").as_str())
}

/// The setting named by a call's first argument, when the value is its second.
pub fn first_argument(args: &str) -> Option<&str> {
    FIRST_ARG
        .captures(args)
        .map(|c| c.name("key").expect("group").as_str())
}

/// Whether `word` is one of the white-space-separated words of `list`.
pub fn listed(list: &str, word: &str) -> bool {
    list.split_ascii_whitespace().any(|w| w == word)
}

/// The words of a key: `API_URL`, `apiUrl`, `base-url` and `baseURL` all give `api`/`base`
/// and `url`.
pub fn words(key: &str) -> Vec<String> {
    crate::credentials::key_words(key)
}

const ENDPOINT: &str = "\
    url urls uri uris endpoint endpoints host hosts hostname server servers origin origins \
    webhook webhooks callback callbacks redirect proxy api base upstream backend address \
    addr registry mirror dsn domain";

/// Words that make a link documentation, not an endpoint (`homepage_url`, `license`).
const DOCUMENTATION: &str = "\
    license licence licenses homepage documentation docs doc repository repo bugs issues \
    spec specified schema schemas namespace xmlns ns readme changelog author funding rel \
    vocab context ontology";

/// Whether the key names an endpoint, host or URL and not documentation.
pub fn endpoint(key: &str) -> bool {
    let words = words(key);
    let compound = |w: &str| {
        w.len() > 3
            && ["url", "uri", "endpoint", "webhook"]
                .iter()
                .any(|s| w.ends_with(s))
    };
    words
        .iter()
        .any(|w| listed(ENDPOINT, w.as_str()) || compound(w))
        && !documentation(key)
}

/// A call that sets an endpoint (`base_url(…)`, `set_endpoint(…)`, `with_proxy(…)`): every
/// word of its name is an endpoint word or `set`/`with`/`use`.
pub fn setter(name: &str) -> bool {
    let words = words(name);
    endpoint(name)
        && words
            .iter()
            .all(|w| listed(ENDPOINT, w.as_str()) || matches!(w.as_str(), "set" | "with" | "use"))
}

pub fn documentation(key: &str) -> bool {
    words(key).iter().any(|w| listed(DOCUMENTATION, w.as_str()))
}

/// The options of an HTTP client that hold the address it calls (`url`, `baseURL`,
/// `base_url`, `prefixUrl`), as opposed to a header or body value.
pub fn address_option(key: &str) -> bool {
    let w = words(key);
    w.last()
        .is_some_and(|l| ["url", "uri", "endpoint", "host"].contains(&l.as_str()))
        || key.eq_ignore_ascii_case("baseurl")
}

/// Keys and attributes whose value names something rather than locates it: XML namespaces in
/// every form, JSON-LD keywords, link relations, schema identifiers.
pub fn identifier(key: &str) -> bool {
    let k = key.trim_start_matches(['"', '\'']).to_ascii_lowercase();
    k.starts_with("xmlns")
        || k.starts_with("xsi:")
        || matches!(
            k.as_str(),
            "@context"
                | "@id"
                | "@type"
                | "@vocab"
                | "@base"
                | "$schema"
                | "$id"
                | "rel"
                | "type"
                | "targetnamespace"
                | "itemtype"
                | "itemprop"
                | "schemalocation"
                | "nonamespaceschemalocation"
                | "namespace"
                | "ns"
                | "profile"
                | "typeof"
                | "vocab"
                | "property"
                | "about"
                | "resource"
                | "datatype"
        )
}

/// Attributes that make a URL a link or resource the user's browser follows.
pub fn shown_attribute(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "href"
            | "src"
            | "action"
            | "formaction"
            | "poster"
            | "srcset"
            | "cite"
            | "background"
            | "data-href"
            | "xlink:href"
            | ":href"
            | "v-bind:href"
    )
}

/// A URL whose path marks it as an identifier: a `#`-terminated namespace, `/ns/`,
/// `/xmlns/`, `/schema/`, a DTD or an XML schema.
pub fn identifier_path(url: &str) -> bool {
    if url.ends_with('#') {
        return true;
    }
    let path = url
        .strip_prefix("http://")
        .and_then(|r| r.find('/').map(|i| &r[i..]))
        .unwrap_or("");
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    const SEGMENTS: &str = "\
    ns xmlns schema schemas ontology ontologies vocab vocabulary rdf owl namespace \
    namespaces rel dtd xsd";
    path.split('/').any(|s| listed(SEGMENTS, s))
        || [".dtd", ".xsd", ".rdf", ".owl", ".jsonld", ".ttl"]
            .iter()
            .any(|e| path.ends_with(e))
}
