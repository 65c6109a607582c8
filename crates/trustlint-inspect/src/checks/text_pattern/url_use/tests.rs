use super::*;

/// Every `http://` in `text` that is used: (line, variant, `via` or `key`, confidence).
fn uses(path: &str, text: &str) -> Vec<(usize, &'static str, String, Confidence)> {
    let source = Source::new(path, text, Syntax::from_path(path));
    text.match_indices("http://")
        .filter_map(|(at, _)| {
            let v = source.judge(at)?;
            let line = text[..at].matches('\n').count() + 1;
            let detail = v
                .args()
                .into_iter()
                .find(|(k, _)| k != "url")
                .map_or(String::new(), |(_, d)| d);
            Some((line, v.variant(), detail, v.confidence))
        })
        .collect()
}

fn variants(path: &str, text: &str) -> Vec<(usize, &'static str)> {
    uses(path, text)
        .into_iter()
        .map(|(l, v, _, _)| (l, v))
        .collect()
}

fn nothing(path: &str, text: &str) {
    assert_eq!(uses(path, text), vec![], "{path}: {text}");
}

use Confidence::{High, Medium};

#[test]
fn calls_reach_urls_in_every_language() {
    let cases = [
        (
            "a.py",
            "r = requests.get(\"http://a.gc.ca/x\", timeout=5)\n",
            "requests.get",
        ),
        (
            "a.py",
            "async with httpx.AsyncClient() as session:\n    await session.get('http://a.gc.ca')\n",
            "session.get",
        ),
        (
            "a.py",
            "urllib.request.urlopen(\"http://a.gc.ca\")\n",
            "urllib.request.urlopen",
        ),
        (
            "a.py",
            "s = aiohttp.ClientSession(base_url=\"http://a.gc.ca\")\n",
            "aiohttp.ClientSession",
        ),
        (
            "a.js",
            "const r = await fetch('http://a.gc.ca/v1');\n",
            "fetch",
        ),
        ("a.ts", "axios.get(`http://a.gc.ca/v1`)\n", "axios.get"),
        ("a.js", "got('http://a.gc.ca')\n", "got"),
        ("a.js", "http.get('http://a.gc.ca', cb)\n", "http.get"),
        ("a.js", "fetch(new URL('http://a.gc.ca/x'))\n", "fetch"),
        (
            "a.rs",
            "let r = reqwest::get(\"http://a.gc.ca\").await?;\n",
            "reqwest::get",
        ),
        (
            "a.rs",
            "let r = Client::new().get(\"http://a.gc.ca\").send();\n",
            "Client::new().get",
        ),
        (
            "a.rs",
            "ureq::get(\"http://a.gc.ca\").call()?;\n",
            "ureq::get",
        ),
        (
            "a.go",
            "resp, err := http.Get(\"http://a.gc.ca\")\n",
            "http.Get",
        ),
        (
            "a.go",
            "req, _ := http.NewRequest(\"GET\", \"http://a.gc.ca\", nil)\n",
            "http.NewRequest",
        ),
        (
            "A.java",
            "HttpRequest.newBuilder().uri(URI.create(\"http://a.gc.ca\")).build();\n",
            "HttpRequest.newBuilder().uri",
        ),
        (
            "A.kt",
            "val t = URL(\"http://a.gc.ca\").readText()\n",
            "URL(…).readText",
        ),
    ];
    for (path, text, via) in cases {
        assert_eq!(
            uses(path, text),
            vec![(
                text[..text.find("http://").unwrap()].matches('\n').count() + 1,
                "called",
                via.to_string(),
                High
            )],
            "{path}: {text}"
        );
    }
}

#[test]
fn a_call_whose_arguments_start_on_an_earlier_line_reaches_the_url() {
    let py = "resp = requests.post(\n    \"http://a.gc.ca/v1\",\n    json=body,\n)\n";
    assert_eq!(
        uses("a.py", py),
        vec![(2, "called", "requests.post".into(), High)]
    );
    let rs = "let res = self\n    .client\n    .get(format!(\n        \"http://a.gc.ca/{}\",\n        id\n    ))\n    .send();\n";
    assert_eq!(
        uses("a.rs", rs),
        vec![(4, "called", "self.client.get".into(), High)]
    );
}

#[test]
fn a_client_base_url_is_reached() {
    let js = "const api = axios.create({\n  baseURL: 'http://a.gc.ca/api',\n  timeout: 5,\n});\n";
    assert_eq!(
        uses("a.js", js),
        vec![(2, "called", "axios.create".into(), High)]
    );
}

#[test]
fn shell_commands_reach_urls() {
    assert_eq!(
        variants("run.sh", "curl -sf \\\n  http://a.gc.ca/health\n"),
        vec![(2, "called")]
    );
    assert_eq!(
        variants(
            "Dockerfile",
            "RUN wget -q http://a.gc.ca/x.tgz\nADD http://a.gc.ca/y.tgz /y\n"
        ),
        vec![(1, "called"), (2, "called")]
    );
    assert_eq!(
        variants("ci.yml", "    - run: curl http://a.gc.ca/ping\n"),
        vec![(1, "called")]
    );
}

#[test]
fn endpoint_keys_in_code_and_configuration() {
    let cases = [
        ("a.py", "API_URL = \"http://a.gc.ca\"\n", "API_URL"),
        ("a.py", "API_URL: str = \"http://a.gc.ca\"\n", "API_URL"),
        (
            "a.py",
            "api = os.getenv(\"NOTIFY_API_URL\", \"http://a.gc.ca\")\n",
            "NOTIFY_API_URL",
        ),
        (
            "a.py",
            "Settings(redirect_uri=\"http://a.gc.ca/cb\")\n",
            "redirect_uri",
        ),
        (
            "a.ts",
            "export const apiUrl: string = 'http://a.gc.ca';\n",
            "apiUrl",
        ),
        (
            "a.rs",
            "const BASE_URL: &str = \"http://a.gc.ca\";\n",
            "BASE_URL",
        ),
        (
            "a.go",
            "const webhookURL = \"http://a.gc.ca/hook\"\n",
            "webhookURL",
        ),
        ("a.yml", "upstream:\n  url: http://a.gc.ca/ingest\n", "url"),
        ("a.yaml", "servers:\n  - url: \"http://api.gc.ca\"\n", "url"),
        (".env", "CALLBACK_URL=http://a.gc.ca/cb\n", "CALLBACK_URL"),
        (
            "app.properties",
            "service.endpoint=http://a.gc.ca\n",
            "service.endpoint",
        ),
        ("main.tf", "  endpoint = \"http://a.gc.ca\"\n", "endpoint"),
        ("a.toml", "proxy = \"http://10.0.0.1:3128\"\n", "proxy"),
        ("a.json", "{\"origin\": \"http://a.gc.ca\"}\n", "origin"),
        ("a.ini", "[x]\nhost = http://a.gc.ca\n", "host"),
        ("Dockerfile", "ENV SERVER http://a.gc.ca\n", "SERVER"),
        (
            "k8s.yaml",
            "env:\n  - name: API_URL\n    value: http://a.gc.ca\n",
            "API_URL",
        ),
        (
            "task.json",
            "[{\"name\": \"WEBHOOK\", \"value\": \"http://a.gc.ca\"}]\n",
            "WEBHOOK",
        ),
        (
            "compose.yml",
            "    environment:\n      - BACKEND_URL=http://api.gc.ca\n",
            "BACKEND_URL",
        ),
    ];
    for (path, text, key) in cases {
        let line = text[..text.find("http://").unwrap()].matches('\n').count() + 1;
        assert_eq!(
            uses(path, text),
            vec![(line, "endpoint", key.to_string(), Medium)],
            "{path}: {text}"
        );
    }
}

#[test]
fn a_constant_used_by_a_call_in_the_same_file_is_called_with_high_confidence() {
    let py =
        "BASE = \"http://a.gc.ca\"\n\ndef get(x):\n    return requests.get(f\"{BASE}/v1/{x}\")\n";
    assert_eq!(
        uses("a.py", py),
        vec![(1, "called", "requests.get(BASE)".into(), High)]
    );
    let js = "const LEGACY = 'http://a.gc.ca';\nexport const load = () => fetch(LEGACY);\n";
    assert_eq!(
        uses("a.js", js),
        vec![(1, "called", "fetch(LEGACY)".into(), High)]
    );
}

#[test]
fn links_users_are_shown() {
    assert_eq!(
        variants("a.jsx", "<a href=\"http://a.gc.ca\">x</a>\n"),
        vec![(1, "link")]
    );
    let jsx = "<A\n  href={\n    lang === 'en'\n      ? 'http://a.gc.ca/en'\n      : 'http://a.gc.ca/fr'\n  }\n/>\n";
    assert_eq!(variants("Page.js", jsx), vec![(4, "link"), (5, "link")]);
    assert_eq!(
        variants(
            "t.html",
            "<p><a href=\"http://a.gc.ca\">A</a> or http://b.gc.ca</p>\n"
        ),
        vec![(1, "link"), (1, "page")]
    );
    assert_eq!(
        variants("t.njk", "<form action=\"http://a.gc.ca/submit\">\n"),
        vec![(1, "link")]
    );
    assert_eq!(
        variants("t.pug", "a(href='http://a.gc.ca') A\n"),
        vec![(1, "link")]
    );
    assert_eq!(
        variants("t.hbs", "<img src=\"http://a.gc.ca/x.png\">\n"),
        vec![(1, "link")]
    );
    assert_eq!(
        variants("a.js", "window.open('http://a.gc.ca')\n"),
        vec![(1, "link")]
    );
    assert_eq!(
        variants(
            "a.py",
            "HELP = _(\"See [the guide](http://a.gc.ca/guide)\")\n"
        ),
        vec![(1, "translation")]
    );
    assert_eq!(
        variants("a.ts", "const m = 'Read [this](http://a.gc.ca)';\n"),
        vec![(1, "link")]
    );
}

#[test]
fn translations_e_mails_and_errors_are_shown() {
    let json = "{\n  \"http://a.gc.ca/faq\": \"http://a.gc.ca/fr/faq\",\n  \"more\": \"see http://b.gc.ca\"\n}\n";
    assert_eq!(
        variants("locales/fr.json", json),
        vec![(2, "translation"), (3, "translation")]
    );
    let po = "msgid \"Visit <a href=\\\"http://a.gc.ca\\\">\"\nmsgstr \"Voir http://a.gc.ca\"\n";
    assert_eq!(
        variants("locale/fr/LC_MESSAGES/django.po", po),
        vec![(1, "link"), (2, "translation")]
    );
    let csv = "\"Read the <a href=http://a.gc.ca>Act</a>.\",\"Lire la loi http://a.gc.ca\"\n";
    assert_eq!(
        variants("app/translations/csv/fr.csv", csv),
        vec![(1, "link"), (1, "translation")]
    );
    assert_eq!(
        variants("templates/email/welcome.txt", "Sign in at http://a.gc.ca\n"),
        vec![(1, "email")]
    );
    let rs = "return Err(bad_request(format_args!(\n    \"invalid licence; \\\n     see http://spdx.org/licenses/\"\n)));\n";
    assert_eq!(
        uses("publish.rs", rs),
        vec![(3, "error", "bad_request".into(), High)]
    );
}

#[test]
fn templated_hosts_count_only_when_reached_and_with_medium_confidence() {
    assert_eq!(
        uses("a.py", "requests.get(f\"http://{host}:{port}/v1\")\n"),
        vec![(1, "called-templated", "requests.get".into(), Medium)]
    );
    assert_eq!(
        uses("a.js", "fetch(`http://${HOST}/api`)\n"),
        vec![(1, "called-templated", "fetch".into(), Medium)]
    );
    assert_eq!(
        uses("a.java", "client.get(\"http://\" + host + \"/x\");\n"),
        vec![(1, "called-templated", "client.get".into(), Medium)]
    );
    assert_eq!(
        uses(".env", "API_URL=http://${API_HOST}:8000\n"),
        vec![(1, "endpoint-templated", "API_URL".into(), Medium)]
    );
    nothing(
        "a.py",
        "logger.info(f\"listening on http://{host}:{port}\")\n",
    );
    nothing("a.rs", "info!(\"Listening at http://{addr}\");\n");
    nothing("a.html", "<a href=\"http://{{ domain }}/x\">x</a>\n");
    nothing("a.sh", "az ad sp show --id http://$NAME\n");
}

#[test]
fn xml_namespaces_in_every_form_are_identifiers() {
    nothing(
        "a.xml",
        "<svg xmlns=\"http://custom.gc.ca/ns\" xmlns:x=\"http://x.gc.ca/x\"/>\n",
    );
    nothing("a.js", "const ns = {\n  \"xmlns:t1135\": \"http://www.cra-arc.gc.ca/xmlns/t1135/2019/1-0-0\",\n  \"xsi:schemaLocation\": \"http://www.cra-arc.gc.ca/a netfile.xsd\",\n};\n");
    nothing(
        "a.ts",
        "const svg = '<svg xmlns=\"http://svg.gc.ca/2000\">';\n",
    );
    nothing(
        "a.xsd",
        "<xs:schema targetNamespace=\"http://a.gc.ca/schema\">\n",
    );
}

#[test]
fn json_ld_contexts_ids_and_vocabularies_are_identifiers() {
    let rs = "json!({\n    \"@context\": [\n        \"https://www.w3.org/ns/activitystreams\",\n        {\n            \"toot\": \"http://joinmastodon.org/ns#\",\n            \"sec\": \"http://sec.gc.ca/v1\",\n        }\n    ],\n    \"@id\": \"http://a.gc.ca/users/1\",\n    \"type\": [\"http://schema.gc.ca/Note\", \"Note\"],\n})\n";
    nothing("ap.rs", rs);
    nothing(
        "a.json",
        "{\"@vocab\": \"http://v.gc.ca/\", \"@type\": \"http://t.gc.ca/T\"}\n",
    );
    nothing("doc.html", "<script type=\"application/ld+json\">\n{ \"@context\": \"http://schemas.gc.ca\" }\n</script>\n");
}

#[test]
fn relations_schemas_dtds_and_namespace_uris_are_identifiers() {
    nothing(
        "w.rs",
        "let l = json!({\"rel\": \"http://webfinger.net/rel/profile-page\"});\n",
    );
    nothing("s.json", "{\"$schema\": \"http://json.gc.ca/draft-07/schema#\", \"$id\": \"http://a.gc.ca/c.json\"}\n");
    nothing("a.py", "NS_URL = \"http://a.gc.ca/terms#\"\n");
    nothing("a.py", "ONTOLOGY_URI = \"http://a.gc.ca/ontology/core\"\n");
    nothing(
        "e.html",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"http://dtd.gc.ca/x.dtd\">\n",
    );
    nothing(
        "n.html",
        "<ol itemscope itemtype=\"http://schemas.gc.ca/ItemList\">\n",
    );
    nothing(
        "n.html",
        "<li\n  itemtype=\"http://schemas.gc.ca/ListItem\">\n",
    );
    nothing(
        "a.rs",
        "#[serde(rename = \"http://nodeinfo.gc.ca/ns/schema/2.1\")]\nTwoOne,\n",
    );
}

#[test]
fn comments_and_docstrings_are_documentation() {
    nothing(
        "a.py",
        "def f():\n    \"\"\"Calls http://a.gc.ca/v1 for the list.\"\"\"\n    return 1\n",
    );
    nothing(
        "a.py",
        "\"\"\"Module talking to http://a.gc.ca.\"\"\"\nimport x\n",
    );
    nothing("a.rs", "/// See http://a.gc.ca/spec\n//! Crate for http://b.gc.ca\n#[doc = \"Calls http://c.gc.ca\"]\nfn f() {}\n");
    nothing(
        "a.js",
        "/**\n * @see http://a.gc.ca/docs\n * @link http://b.gc.ca\n */\nfunction f() {}\n",
    );
    nothing("t.html", "<!-- old: <a href=\"http://a.gc.ca\"> -->\n");
    nothing("t.jinja", "{# <a href=\"http://a.gc.ca\"> #}\n");
    // A triple-quoted string that is a value is not a docstring.
    assert_eq!(
        variants("a.py", "API_URL = \"\"\"http://a.gc.ca\"\"\"\n"),
        vec![(1, "endpoint")]
    );
}

#[test]
fn licence_and_documentation_links_are_not_endpoints() {
    nothing("package.json", "{\"homepage\": \"http://a.gc.ca\", \"repository\": {\"url\": \"http://git.gc.ca/a\"}, \"bugs\": {\"url\": \"http://b.gc.ca\"}}\n");
    nothing("Cargo.toml", "[package]\nhomepage = \"http://a.gc.ca\"\ndocumentation = \"http://docs.gc.ca\"\nlicense-url = \"http://l.gc.ca\"\n");
    nothing(
        "lib.rs",
        "#[Scalar(name = \"UUID\", specified_by_url = \"http://tools.ietf.org/html/rfc4122\")]\n",
    );
    nothing("a.py", "DOCS_URL = \"http://docs.gc.ca\"\n");
}

#[test]
fn urls_nothing_reaches_or_shows_are_not_reported() {
    nothing("a.py", "LEGACY = \"http://old.gc.ca\"\n");
    nothing(
        "a.py",
        "logging.warning(\"could not reach http://a.gc.ca\")\n",
    );
    nothing("a.js", "console.log('see http://a.gc.ca');\n");
    nothing("a.rs", "assert_eq!(strip(\"http://a.gc.ca\"), None);\n");
    nothing(
        "a.rs",
        "let blocked = remove_blocked_urls(Some(String::from(\"http://a.gc.ca\")));\n",
    );
    nothing("a.py", "if url.startswith(\"http://a.gc.ca\"):\n    pass\n");
    nothing(
        "a.py",
        "requests.post(\"https://a.gc.ca\", headers={\"Referer\": \"http://b.gc.ca\"})\n",
    );
    nothing(
        "a.py",
        "next_url = request.args.get(\"next\", \"http://a.gc.ca\")\n",
    );
    nothing("a.yml", "description: served at http://a.gc.ca in 2019\n");
}

#[test]
fn the_url_shown_keeps_the_expression_that_supplies_a_templated_host() {
    let text = "client.get(\"http://\" + host + \"/x\");\n";
    let v = Source::new("a.java", text, Syntax::CLike)
        .judge(12)
        .unwrap();
    assert_eq!(v.url, "http://\" + host + \"/x\"");
    let text = "requests.get(f\"http://{host}:{port}/v1\")\n";
    let v = Source::new("a.py", text, Syntax::Python).judge(15).unwrap();
    assert_eq!(v.url, "http://{host}:{port}/v1");
}

#[test]
fn key_words_split_every_naming_style() {
    assert_eq!(keys::words("API_URL"), ["api", "url"]);
    assert_eq!(keys::words("baseURL"), ["base", "url"]);
    assert_eq!(keys::words("APIUrl"), ["api", "url"]);
    assert_eq!(keys::words("redirect-uri"), ["redirect", "uri"]);
    assert!(
        keys::endpoint("webhookurl") && keys::endpoint("NOTIFY_API") && keys::endpoint("server")
    );
    assert!(
        !keys::endpoint("homepage_url") && !keys::endpoint("LEGACY") && !keys::endpoint("database")
    );
}

#[test]
fn string_prefixes_do_not_hide_the_key() {
    assert_eq!(
        uses("a.py", "self.base_url = f\"http://{address}/v1\"\n"),
        vec![(1, "endpoint-templated", "self.base_url".into(), Medium)]
    );
    let py = "class C:\n    def __init__(self):\n        self.base = f\"http://{address}/v1\"\n\n    def register(self):\n        req = urllib.request.Request(f\"{self.base}/register\")\n";
    assert_eq!(
        uses("a.py", py),
        vec![(
            3,
            "called-templated",
            "urllib.request.Request(base)".into(),
            Medium
        )]
    );
    assert_eq!(
        variants("a.rs", "const API_URL: &str = r\"http://a.gc.ca\";\n"),
        vec![(1, "endpoint")]
    );
}

#[test]
fn code_in_a_component_is_read_by_its_keys_not_as_page_text() {
    let svelte = "<script>\n  /* Adapted from http://blog.gc.ca/images */\n  const crate = {\n    homepage: 'http://serde.gc.ca',\n    api_url: 'http://api.gc.ca',\n    note: 'http://other.gc.ca',\n  };\n</script>\n\n<p>Visit http://help.gc.ca</p>\n";
    assert_eq!(
        variants("Row.svelte", svelte),
        vec![(5, "endpoint"), (10, "page")]
    );
    // Only folders make a template an e-mail; a component named after e-mail is a page.
    assert_eq!(
        variants("lib/EmailInput.svelte", "<p>http://a.gc.ca</p>\n"),
        vec![(1, "page")]
    );
    assert_eq!(
        variants("app/email-templates/reset.html", "<p>http://a.gc.ca</p>\n"),
        vec![(1, "email")]
    );
}

#[test]
fn wrappers_and_setting_calls_carry_the_key() {
    assert_eq!(
        uses(
            "a.rs",
            "let c = Config {\n    url: Some(Url::parse(\"http://a.gc.ca/api\")?),\n};\n"
        ),
        vec![(2, "endpoint", "url".into(), Medium)]
    );
    assert_eq!(
        uses(
            "a.rs",
            "builder.base_url(format!(\"http://api.{}\", site))\n"
        ),
        vec![(1, "endpoint-templated", "base_url".into(), Medium)]
    );
    assert_eq!(
        uses(
            "main.tf",
            "  heartbeat_url = \"http://api.${var.domain}/beat\"\n"
        ),
        vec![(1, "endpoint-templated", "heartbeat_url".into(), Medium)]
    );
    nothing(
        "a.rs",
        "b.homepage(\"http://a.gc.ca\").documentation(\"http://docs.gc.ca\");\n",
    );
}

#[test]
fn svelte_blocks_are_not_template_comments_and_template_expressions_fill_attributes() {
    let svelte = "{#if crate.repo}\n  <a href=\"http://a.gc.ca/repo\">repo</a>\n{/if}\n";
    assert_eq!(variants("Side.svelte", svelte), vec![(2, "link")]);
    let jinja = "<a id=\"x\" href='{{ _(\"http://a.gc.ca/handbook\") }}'>Handbook</a>\n";
    assert_eq!(variants("a11y.html", jinja), vec![(1, "link")]);
}

#[test]
fn a_literal_host_followed_by_a_path_is_not_templated() {
    let text = "requests.get(\"http://localhost\" + path)\n";
    let v = Source::new("a.py", text, Syntax::Python).judge(14).unwrap();
    assert!(!v.templated, "{v:?}");
    let text = "requests.get(\"http://api.\" + domain)\n";
    assert!(
        Source::new("a.py", text, Syntax::Python)
            .judge(14)
            .unwrap()
            .templated
    );
}

/// Every `http://` of texts with long non-ASCII lines, in every form, is judged without panic,
/// and a key is still found next to its value.
#[test]
fn long_non_ascii_lines_are_read_safely() {
    let prose = "é".repeat(700);
    let texts = [
        format!("{prose} API_URL = \"http://a.gc.ca\"\nvalue: http://b.gc.ca\n"),
        format!("x = \"{prose}\"; fetch(\"http://a.gc.ca\")\n  - name: {prose}\n    value: http://c.gc.ca\n"),
        format!("<p>{prose}<a href=\"http://a.gc.ca\">é</a> http://b.gc.ca {prose}</p>\n"),
        format!("{prose}\\\ncurl http://a.gc.ca \\\n{prose} http://b.gc.ca\n"),
    ];
    for path in [
        "a.py",
        "a.rs",
        "a.js",
        "k.yaml",
        "t.html",
        "t.njk",
        "r.sh",
        "a.xml",
        "l/locales/f.json",
    ] {
        for text in &texts {
            let _ = uses(path, text);
        }
    }
    assert_eq!(variants("a.py", &texts[0]), vec![(1, "endpoint")]);
    assert_eq!(
        variants("t.html", &texts[2]),
        vec![(1, "link"), (1, "page")]
    );
}

#[test]
fn a_payload_sent_to_a_client_is_not_its_address() {
    assert_eq!(
        uses(
            "a.py",
            "requests.post(API, json={\"callback_url\": \"http://cb.gc.ca/hook\"})\n"
        ),
        vec![(1, "endpoint", "callback_url".into(), Medium)]
    );
    assert_eq!(
        uses(
            "a.js",
            "got({ url: 'http://a.gc.ca/v1', method: 'POST' })\n"
        ),
        vec![(1, "called", "got".into(), High)]
    );
}

/// A rule may pair the check with a pattern of its own: what is not an `http://` is dropped,
/// wherever it starts (regression: a match starting inside a multi-byte character's
/// neighbourhood sliced the text off a character boundary).
#[test]
fn a_match_that_is_not_an_http_url_is_dropped() {
    let text = "stage = \"ê\" fetch(\"http://a.gc.ca\")\n";
    let source = Source::new("a.js", text, Syntax::CLike);
    for at in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
        let v = source.judge(at);
        assert_eq!(v.is_some(), text[at..].starts_with("http://"), "{at}");
    }
}

#[test]
fn a_keyword_argument_is_not_a_name_that_calls_use() {
    let py = "r = client.post(\n    url_for(\"main.sent\", next=\"http://a.gc.ca\"),\n)\nr = client.post(url_for(\"x\", next=\"http://b.gc.ca\"))\n";
    nothing("views.py", py);
    // A name given a value again is not a use of it either.
    nothing(
        "a.py",
        "LEGACY = \"http://a.gc.ca\"\nrequests.get(url, LEGACY=True)\n",
    );
}
