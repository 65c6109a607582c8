//! The call a value is an argument of: its callee read backwards from the opening parenthesis
//! (`requests.get`, `self.client.get`, `Client::new().get`, `bad_request`), and what kind of
//! call that is.

use super::keys::listed;

/// A callee as written: its path segments (`["requests", "get"]`), whether it is a macro, and
/// the source text it spans, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callee {
    pub segments: Vec<String>,
    pub is_macro: bool,
    pub start: usize,
    pub shown: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A network call or an HTTP client given its base URL.
    Client,
    /// The browser is sent to the URL (`window.open`, `location.assign`).
    Navigate,
    /// An error returned to the client (`bad_request(…)`, `HTTPException(…)`).
    Error,
    /// A translated text (`_("…")`, `t("…")`, `gettext("…")`).
    Translation,
    /// A log line or console output: not a use.
    Logger,
    /// Anything else: a wrapper (`format!`, `new URL`, `urljoin`) the value may pass through.
    Other,
}

fn ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

/// The callee whose argument list opens at `open` (a `(`).
pub fn callee(text: &str, open: usize) -> Option<Callee> {
    let b = text.as_bytes();
    let mut i = open;
    while i > 0 && matches!(b[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    let is_macro = i > 0 && b[i - 1] == b'!';
    if is_macro {
        i -= 1;
    }
    let mut segments = Vec::new();
    for _ in 0..12 {
        let end = i;
        while i > 0 && ident_byte(b[i - 1]) {
            i -= 1;
        }
        if i < end {
            segments.push(text[i..end].to_string());
        } else if i > 0 && b[i - 1] == b')' && !segments.is_empty() {
            // `Client::new().get(`: the receiver is a call; read the callee of that call.
            i = matching_open(b, i - 1)?;
            continue;
        } else {
            break;
        }
        let mut j = i;
        if j > 0 && b[j - 1] == b'.' {
            j -= 1;
            if j > 0 && b[j - 1] == b'?' {
                j -= 1;
            }
        } else if j > 1 && &b[j - 2..j] == b"::" {
            j -= 2;
        } else {
            break;
        }
        while j > 0 && b[j - 1].is_ascii_whitespace() {
            j -= 1;
        }
        i = j;
    }
    if segments.is_empty() {
        return None;
    }
    segments.reverse();
    Some(Callee {
        segments,
        is_macro,
        start: i,
        shown: compact(&text[i..open]),
    })
}

/// `Client::new()\n    .get` as `Client::new().get`: white space out, arguments elided.
fn compact(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' => {
                if depth == 0 {
                    out.push('(');
                }
                depth += 1;
            }
            ')' => {
                depth -= 1;
                if depth == 0 {
                    out.push(')');
                }
            }
            c if depth == 0 && !c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    if out.len() > 60 {
        let mut cut = out.len() - 60;
        while !out.is_char_boundary(cut) {
            cut += 1;
        }
        out = format!("…{}", &out[cut..]);
    }
    out
}

/// The `(` that the `)` at `close` closes, skipping strings, within a short reach.
fn matching_open(b: &[u8], close: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = close + 1;
    let floor = close.saturating_sub(400);
    let mut quote: Option<u8> = None;
    while i > floor {
        i -= 1;
        let c = b[i];
        if let Some(q) = quote {
            if c == q && (i == 0 || b[i - 1] != b'\\') {
                quote = None;
            }
            continue;
        }
        match c {
            b'"' | b'\'' | b'`' => quote = Some(c),
            b')' => depth += 1,
            b'(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

const LOGGERS: &str = "\
    console logger log logging tracing slog winston pino bunyan syslog warnings _logger _log";
const LOG_CALLS: &str = "\
    print println printf eprintln eprint puts echo log debug info warn warning trace \
    critical fatal panic assert assert_eq assert_ne debug_assert unreachable todo expect \
    console_log";
const CLIENT_CALLS: &str = "\
    fetch urlopen axios got ky superagent needle ajax getjson httpget httppost httpput \
    httpdelete httppatch httphead redirect redirectresponse httpresponseredirect \
    httpresponsepermanentredirect clientsession session asyncclient urlrequest";
const CLIENT_RECEIVERS: &str = "\
    requests httpx aiohttp urllib urllib2 urllib3 request axios got ky http https reqwest \
    ureq hyper surf isahc attohttpc superagent needle api agent xhr $http $ jquery faraday \
    resttemplate webclient okhttp redirect net urlsession";
/// Receivers that hold request data or settings, not a client (`request.args.get`,
/// `session.get` on a Flask session, `os.environ.get`).
const NOT_CLIENTS: &str = "\
    args form headers query params cookies values environ meta files body data config \
    settings env os dict map cache searchparams get post";
const VERBS: &str = "\
    get post put patch delete head options request send fetch stream open getforobject \
    getforentity postforobject postforentity exchange execute newrequest \
    newrequestwithcontext postform uri url newbuilder create to temporary permanent \
    see_other found connect urlopen ws_connect get_json getjson download upload call";
const ERROR_CALLS: &str = "\
    abort flash cargo_err server_error internal_error json_error custom";
const ERROR_WORDS: &str = "\
    badrequest bad_request forbidden unauthorized notfound not_found httpexception \
    http_exception httperror http_error validationerror validation_error errorresponse \
    error_response unprocessable";
const TRANSLATIONS: &str = "\
    _ __ t $t gettext ngettext pgettext npgettext lazy_gettext gettext_lazy ugettext \
    ugettext_lazy _l trans translate formatmessage i18n";

fn clientish(segment: &str) -> bool {
    listed(CLIENT_RECEIVERS, segment)
        || segment.contains("client")
        || segment.contains("session")
        || segment.contains("http")
        || segment.starts_with("api")
        || segment.ends_with("api")
}

pub fn classify(c: &Callee) -> Kind {
    let segs: Vec<String> = c.segments.iter().map(|s| s.to_ascii_lowercase()).collect();
    let (last, receivers) = segs.split_last().expect("a callee has a segment");
    let last = last.as_str();
    if c.is_macro {
        return match last {
            "println" | "print" | "eprintln" | "eprint" | "info" | "warn" | "error" | "debug"
            | "trace" | "panic" | "assert" | "assert_eq" | "assert_ne" | "debug_assert"
            | "unreachable" | "todo" | "log" | "event" => Kind::Logger,
            _ => Kind::Other,
        };
    }
    if receivers.iter().any(|r| listed(LOGGERS, r.as_str()))
        || listed(LOG_CALLS, last)
        || (last == "error" && receivers.is_empty())
    {
        return Kind::Logger;
    }
    if listed(ERROR_CALLS, last)
        || ERROR_WORDS
            .split_ascii_whitespace()
            .any(|w| last.contains(w))
    {
        return Kind::Error;
    }
    if listed(TRANSLATIONS, last) {
        return Kind::Translation;
    }
    if receivers
        .iter()
        .any(|r| matches!(r.as_str(), "window" | "location" | "document"))
        && matches!(last, "open" | "assign" | "replace")
    {
        return Kind::Navigate;
    }
    if receivers.iter().any(|r| listed(NOT_CLIENTS, r.as_str())) {
        return Kind::Other;
    }
    if listed(CLIENT_CALLS, last)
        || (last.contains("client") && !last.starts_with("is"))
        || (receivers.iter().any(|r| clientish(r)) && listed(VERBS, last))
    {
        return Kind::Client;
    }
    Kind::Other
}

/// Calls that build a URL or a string from their argument and hand it on (`format!`,
/// `String::from`, `Some`, `Url::parse`, `URI.create`, `new URL`, `urljoin`).
pub fn is_wrapper(c: &Callee) -> bool {
    let last = c
        .segments
        .last()
        .expect("a callee has a segment")
        .to_ascii_lowercase();
    matches!(
        last.as_str(),
        "format"
            | "format_args"
            | "concat"
            | "from"
            | "some"
            | "ok"
            | "str"
            | "string"
            | "url"
            | "uri"
            | "create"
            | "parse"
            | "join"
            | "urljoin"
            | "sprintf"
            | "encodeuri"
            | "resolve"
            | "new"
            | "into"
            | "to_string"
            | "to_owned"
            | "owned"
            | "borrowed"
            | "from_static"
            | "try_from"
            | "f"
            | "template"
    )
}

/// `new URL("http://…").openConnection()`, `URL("…").readText()`: a URL object opened on the
/// spot, after the `)` at `close`.
pub fn opened_after(text: &str, close: usize) -> Option<&'static str> {
    let rest = text.get(close + 1..)?.trim_start();
    let rest = rest.strip_prefix('.')?;
    [
        "openConnection",
        "openStream",
        "readText",
        "readBytes",
        "toURL().openConnection",
    ]
    .into_iter()
    .find(|m| rest.starts_with(m))
}

/// The JSX or template attribute whose expression opens at `open` (`href={`).
pub fn attribute_before(text: &str, open: usize) -> Option<&str> {
    let before = text[..open].trim_end();
    let before = before.strip_suffix('=')?.trim_end();
    let start = before
        .bytes()
        .rposition(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b':')))
        .map_or(0, |p| p + 1);
    let name = &before[start..];
    (!name.is_empty() && before[..start].ends_with(|c: char| c.is_whitespace() || c == '<'))
        .then_some(name)
}
