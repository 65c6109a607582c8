//! Following a value outwards: the key it is given under, the call it is an argument of, the
//! mappings around it, the calls that use the name it is assigned to.

use super::calls::{self, Kind};
use super::keys::{self, Key};
use super::text::{ident_byte, in_script, line_start, strip_string_prefix};
use super::{Form, Found, Source, Use};
use crate::formats::syntax;
use std::ops::Range;

impl Source<'_> {
    /// The key the value starting at `value_start` belongs to, looking past generic keys
    /// (`value:` of a `name:`/`value:` pair, `default=` of a settings call) to the name that
    /// says what it is.
    pub(super) fn key_for(&self, value_start: usize, outer: &str) -> Option<Key> {
        let text = self.text;
        let direct = keys::key_before(outer);
        let generic = direct.as_ref().is_none_or(|k| {
            matches!(
                k.name.to_ascii_lowercase().as_str(),
                "value" | "default" | "defaultvalue" | "fallback"
            )
        });
        if !generic {
            return direct;
        }
        if direct
            .as_ref()
            .is_some_and(|k| k.name.eq_ignore_ascii_case("value"))
        {
            let here = line_start(text, value_start);
            let mut lines = vec![&text[here..value_start]];
            let mut at = here;
            for _ in 0..2 {
                // A line cut short by the look-back limit has no line before it to read.
                if at == 0 || text.as_bytes()[at - 1] != b'\n' {
                    break;
                }
                let start = line_start(text, at - 1);
                lines.push(&text[start..at - 1]);
                at = start;
            }
            if let Some(name) = lines.into_iter().find_map(keys::name_on) {
                return Some(Key {
                    name: name.to_string(),
                    assign: false,
                });
            }
        }
        let Some(b) = self.layout.enclosing(value_start) else {
            return direct;
        };
        let bracket = self.layout.brackets[b];
        match bracket.kind {
            b'[' if direct.is_none() => self.key_of_bracket(bracket.open),
            b'(' => self.call_key(bracket, value_start).or(direct),
            _ => direct,
        }
    }

    /// The setting a call's argument is for, looking out through wrappers (`format!`,
    /// `Some(…)`, `Url::parse(…)`): the setting a first argument names (`getenv("API_URL",
    /// …)`), a call named after an endpoint (`.base_url(…)`), the key the call is assigned to.
    fn call_key(&self, mut bracket: syntax::Bracket, mut value: usize) -> Option<Key> {
        let text = self.text;
        let key = |name: &str| {
            Some(Key {
                name: name.to_string(),
                assign: false,
            })
        };
        for _ in 0..4 {
            let callee = calls::callee(text, bracket.open);
            let c = callee.as_ref();
            if c.is_some_and(|c| calls::classify(c) == Kind::Client) {
                return None;
            }
            if let Some(k) = keys::first_argument(&text[bracket.open + 1..value]) {
                return key(k);
            }
            let last = c.and_then(|c| c.segments.last());
            if let Some(last) = last.filter(|l| keys::setter(l) && !calls::is_wrapper(c.unwrap())) {
                return key(last);
            }
            let start = c.map_or(bracket.open, |c| c.start);
            if let Some(k) = keys::key_before(&text[line_start(text, start)..start]) {
                return Some(k);
            }
            match (c.is_some_and(calls::is_wrapper), bracket.parent) {
                (true, Some(p)) if self.layout.brackets[p].kind == b'(' => {
                    bracket = self.layout.brackets[p];
                    value = start;
                }
                _ => return None,
            }
        }
        None
    }

    /// The keys of the mappings and lists around `offset`, innermost first (a JSON-LD
    /// `@context` map, a `repository` table).
    pub(super) fn ancestors(&self, offset: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = self.layout.enclosing(offset);
        while let Some(b) = at {
            let bracket = self.layout.brackets[b];
            if bracket.kind != b'(' {
                if let Some(k) = self.key_of_bracket(bracket.open) {
                    out.push(k.name);
                }
            }
            if out.len() >= 4 {
                break;
            }
            at = bracket.parent;
        }
        out
    }

    /// Follows the brackets around a value outwards: the call it is an argument of (through
    /// wrappers such as `format!`, `new URL(…)`, `urljoin(…)`), the JSX attribute it fills.
    pub(super) fn walk(&self, from: usize, key: Option<&Key>, at_start: bool) -> Option<Found> {
        let text = self.text;
        let mut at = self.layout.enclosing(from);
        let mut nested = false;
        let address = key.is_none_or(|k| keys::address_option(&k.name));
        for _ in 0..6 {
            let b = self.layout.brackets[at?];
            match b.kind {
                b'(' => {
                    if let Some(c) = calls::callee(text, b.open) {
                        match calls::classify(&c) {
                            Kind::Client if at_start && address && (!nested || key.is_some()) => {
                                return Some(Found::Use(Use::Called { via: c.shown }))
                            }
                            Kind::Client => return None,
                            Kind::Navigate if at_start => {
                                return Some(Found::Use(Use::Link { via: c.shown }))
                            }
                            Kind::Error => return Some(Found::Use(Use::Error { via: c.shown })),
                            Kind::Translation => return Some(Found::Use(Use::Translation)),
                            Kind::Logger => return Some(Found::Logged),
                            Kind::Navigate | Kind::Other => {
                                if let Some(m) = calls::opened_after(text, b.close) {
                                    return Some(Found::Use(Use::Called {
                                        via: format!("{}(…).{m}", c.shown),
                                    }));
                                }
                            }
                        }
                    }
                }
                b'{' => {
                    if let Some(a) = calls::attribute_before(text, b.open) {
                        return keys::shown_attribute(a)
                            .then(|| Found::Use(Use::Link { via: a.to_string() }));
                    }
                    // Options handed to a client (`axios.create({…})`) hold its address; a
                    // payload (`json={…}`, `body: {…}`) only carries values to the server.
                    if nested || self.key_of_bracket(b.open).is_some() {
                        return None;
                    }
                    nested = true;
                }
                _ => {
                    if nested || self.key_of_bracket(b.open).is_some() {
                        return None;
                    }
                    nested = true;
                }
            }
            at = b.parent;
        }
        None
    }

    /// The key a mapping or list opening at `open` is the value of (`json=` in `json={`).
    fn key_of_bracket(&self, open: usize) -> Option<Key> {
        let text = self.text;
        keys::key_before(text[line_start(text, open)..open].trim_end())
    }

    /// A call elsewhere in the file that uses the name the URL is assigned to.
    pub(super) fn through(&self, name: &str, definition: Range<usize>) -> Option<Use> {
        let text = self.text;
        let name = name.rsplit('.').next().unwrap_or(name);
        if name.len() < 2 {
            return None;
        }
        let bytes = text.as_bytes();
        for (pos, _) in text.match_indices(name).take(64) {
            let end = pos + name.len();
            let bounded = (pos == 0 || !ident_byte(bytes[pos - 1]))
                && bytes.get(end).is_none_or(|&c| !ident_byte(c));
            // `name = …`, `name: …`, `f(name=…)`: the name is being given a value, not used.
            let after = text[end..].trim_start();
            let named = (after.starts_with('=') && !after.starts_with("=="))
                || (after.starts_with(':') && !after.starts_with("::"));
            if !bounded || named || definition.contains(&pos) || self.layout.in_comment(pos) {
                continue;
            }
            let (from, at_start) = match self.layout.string_at(pos) {
                // `f"{BASE}/v1"`, `${this.base}/v1`: the string starts with the name.
                Some(s) => (
                    s.start,
                    text[s.start..pos]
                        .trim_start_matches(['"', '\'', '`', '{', '$', '#'])
                        .bytes()
                        .all(|c| ident_byte(c) || c == b'.'),
                ),
                None => (pos, true),
            };
            let key = keys::key_before(strip_string_prefix(&text[line_start(text, from)..from]));
            if let Some(Found::Use(used)) = self.walk(from, key.as_ref(), at_start) {
                return Some(match used {
                    Use::Called { via } => Use::Called {
                        via: format!("{via}({name})"),
                    },
                    other => other,
                });
            }
        }
        None
    }

    /// `curl` or `wget` earlier on the same command (lines continued with `\`), or a
    /// Dockerfile `ADD` of a URL.
    pub(super) fn shell_fetch(&self, at: usize) -> Option<&'static str> {
        let text = self.text;
        let mut start = line_start(text, at);
        for _ in 0..8 {
            let continued = start >= 2
                && text.as_bytes()[start - 1] == b'\n'
                && text[..start - 1].trim_end_matches('\r').ends_with('\\');
            if !continued {
                break;
            }
            start = line_start(text, start - 1);
        }
        let command = &text[start..at];
        if self.dockerfile
            && command
                .trim_start()
                .to_ascii_uppercase()
                .starts_with("ADD ")
        {
            return Some("ADD");
        }
        for tool in ["curl", "wget"] {
            let found = command.match_indices(tool).any(|(i, _)| {
                let b = command.as_bytes();
                let word = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-');
                (i == 0 || !word(b[i - 1]))
                    && b.get(i + tool.len()).is_none_or(|&c| !word(c))
                    && !self.layout.in_comment(start + i)
            });
            if found {
                return Some(tool);
            }
        }
        None
    }

    /// Comments of page templates that the markup lexer does not know: Jinja and Nunjucks
    /// `{# #}`, Handlebars `{{!-- --}}`, ERB `<%# %>`, Pug `//`.
    pub(super) fn template_comment(&self, at: usize) -> bool {
        if self.form != Form::Markup {
            return false;
        }
        let text = self.text;
        let mut from = at.saturating_sub(4000);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let before = &text[from..at];
        let open = |o: &str, c: &str| {
            before.rfind(o).is_some_and(|i| {
                let rest = &before[i + o.len()..];
                !rest.contains(c)
                    && (o != "{#" || rest.starts_with(|ch: char| ch.is_whitespace() || ch == '-'))
            })
        };
        let line = text[line_start(text, at)..at].trim_start();
        open("{#", "#}")
            || open("{{!", "}}")
            || open("<%#", "%>")
            || line.starts_with("//")
            || (line.starts_with('*') || line.starts_with("/*")) && in_script(text, at)
    }
}
