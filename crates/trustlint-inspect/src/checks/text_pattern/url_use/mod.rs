//! Whether a plain-HTTP URL is *used*, and how: reached by a network call or an HTTP client's
//! base URL, configured under a key that names an endpoint, or shown to users as a link.
//! A URL that is only an identifier (an XML namespace, a JSON-LD `@context`, a link relation, a
//! schema or DTD), documentation (a comment, a docstring, a licence or homepage link) or a
//! string nothing reaches or shows is not a use.
//!
//! Pure functions over a file's text, its lexed [`Layout`] (strings, brackets, comments) and
//! the offset of the `http://`. What encloses the URL decides: the call whose argument list
//! holds it (read backwards from the bracket, so a call spread over lines counts), the key in
//! front of it, the attribute it fills, the kind of file (translations, e-mail templates,
//! markup). A value assigned to a name is also followed to the calls in the same file that
//! use that name. Python and JavaScript are read with the small lexer in [`crate::formats::syntax`];
//! a syntax-tree layer can replace that reading without changing the judgement.

mod calls;
mod follow;
mod keys;
#[cfg(test)]
mod tests;
mod text;

pub(crate) use text::truncate;

use crate::formats::syntax::{self, Layout, Syntax};
use keys::Key;
use std::ops::Range;
use text::{
    declares_dtd, in_script, in_tag, is_mapping_key, line_start, read_url, shown_url,
    strip_string_prefix,
};
use trustlint_model::Confidence;

/// How the URL is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Use {
    /// A call reaches it: `via` is the call (`requests.get`, `curl`, `fetch(API_URL)`).
    Called { via: String },
    /// The value of a key naming an endpoint, host or URL.
    Endpoint { key: String },
    /// A link users are shown: `via` is the attribute or form (`href`, `window.open`).
    Link { via: String },
    /// Text of a translation.
    Translation,
    /// Text of an e-mail template.
    Email,
    /// Text of a page template.
    Page,
    /// An error message returned to clients, built by `via`.
    Error { via: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub used: Use,
    /// The host is templated (`http://{host}`); only the scheme is fixed.
    pub templated: bool,
    pub confidence: Confidence,
    /// The URL as shown in messages.
    pub url: String,
}

impl Verdict {
    /// The name of the message variant that describes this use.
    pub fn variant(&self) -> &'static str {
        match (&self.used, self.templated) {
            (Use::Called { .. }, false) => "called",
            (Use::Called { .. }, true) => "called-templated",
            (Use::Endpoint { .. }, false) => "endpoint",
            (Use::Endpoint { .. }, true) => "endpoint-templated",
            (Use::Link { .. }, _) => "link",
            (Use::Translation, _) => "translation",
            (Use::Email, _) => "email",
            (Use::Page, _) => "page",
            (Use::Error { .. }, _) => "error",
        }
    }

    /// Every variant name [`Verdict::variant`] can return.
    pub const VARIANTS: [&'static str; 9] = [
        "called",
        "called-templated",
        "endpoint",
        "endpoint-templated",
        "link",
        "translation",
        "email",
        "page",
        "error",
    ];

    /// `{via}` and `{key}` for the message.
    pub fn args(&self) -> Vec<(String, String)> {
        let mut out = vec![("url".to_string(), self.url.clone())];
        match &self.used {
            Use::Called { via } | Use::Link { via } | Use::Error { via } => {
                out.push(("via".into(), via.clone()))
            }
            Use::Endpoint { key } => out.push(("key".into(), key.clone())),
            _ => {}
        }
        out
    }
}

/// How a file's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// A programming language: strings, brackets, calls.
    Code,
    /// Structured configuration, environment files, shell, Dockerfiles, CSV.
    Config,
    /// HTML and page templates: attributes and text.
    Markup,
    /// XML: attributes and elements, named like keys.
    Xml,
}

/// One file, read for the URLs in it.
pub struct Source<'a> {
    text: &'a str,
    form: Form,
    layout: Layout,
    translation: bool,
    email: bool,
    dockerfile: bool,
}

enum Found {
    Use(Use),
    /// A log line or console output: the URL is not used.
    Logged,
}

impl<'a> Source<'a> {
    pub fn new(path: &str, text: &'a str, syntax: Syntax) -> Self {
        let lower = path.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        let dirs: Vec<&str> = lower.split('/').collect();
        let dirs = &dirs[..dirs.len() - 1];
        const MARKUP: &[&str] = &[
            "html",
            "htm",
            "xhtml",
            "jinja",
            "jinja2",
            "j2",
            "njk",
            "pug",
            "jade",
            "hbs",
            "handlebars",
            "mustache",
            "erb",
            "ejs",
            "vue",
            "svelte",
            "twig",
            "liquid",
            "mjml",
            "txt",
            "text",
        ];
        const LOCALE_DIRS: &[&str] = &[
            "locales",
            "locale",
            "i18n",
            "l10n",
            "translations",
            "translation",
            "lang",
            "langs",
        ];
        let form = if ext == "xml" {
            Form::Xml
        } else if MARKUP.contains(&ext) {
            Form::Markup
        } else if matches!(syntax, Syntax::CLike | Syntax::Rust | Syntax::Python)
            || matches!(ext, "rb" | "php")
        {
            Form::Code
        } else {
            Form::Config
        };
        let layout = match form {
            Form::Markup | Form::Xml => syntax::layout(text, Syntax::Markup),
            _ => syntax::layout(text, syntax),
        };
        Source {
            text,
            form,
            layout,
            translation: matches!(ext, "po" | "pot" | "xlf" | "xliff")
                || dirs.iter().any(|d| LOCALE_DIRS.contains(d)),
            email: form == Form::Markup
                && dirs.iter().any(|d| {
                    d.contains("email") || matches!(*d, "mail" | "mails" | "mailer" | "mailers")
                }),
            dockerfile: name == "dockerfile"
                || name.starts_with("dockerfile.")
                || name == "containerfile",
        }
    }

    /// How the `http://` at `at` is used, if it is.
    pub fn judge(&self, at: usize) -> Option<Verdict> {
        let text = self.text;
        // A rule may pair this check with a pattern of its own: only `http://` is judged.
        if !text.get(at..).is_some_and(|t| t.starts_with("http://")) {
            return None;
        }
        let (end, templated) = read_url(text, at);
        let url = shown_url(text, at, end, templated);
        let verdict = |used: Use| {
            let confidence = if templated || matches!(used, Use::Endpoint { .. }) {
                Confidence::Medium
            } else {
                Confidence::High
            };
            Some(Verdict {
                used,
                templated,
                confidence,
                url: url.clone(),
            })
        };
        if self.layout.in_comment(at) || self.layout.is_docstring(at) || self.template_comment(at) {
            return None;
        }
        let line = line_start(text, at)..at;
        if declares_dtd(&text[line.clone()]) {
            return None;
        }
        let string = match self.form {
            Form::Code | Form::Config => self.layout.string_at(at),
            _ => None,
        };
        let value_start = string.as_ref().map_or(at, |s| s.start);
        let inner = &text[string
            .as_ref()
            .map_or(line.start, |s| (s.start + 1).max(line.start))..at];
        let outer = strip_string_prefix(&text[line_start(text, value_start)..value_start]);
        let mut key = self.key_for(value_start, outer);
        // `f(next="…")`: a keyword argument names a parameter, not a variable used later.
        if let Some(k) = key.as_mut().filter(|k| k.assign) {
            let bracket = self.layout.enclosing(value_start);
            k.assign = bracket.is_none_or(|b| self.layout.brackets[b].kind != b'(');
        }
        let at_start = match &string {
            Some(s) => text[s.start..at]
                .trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '#')
                .trim_start_matches(['"', '\'', '`'])
                .trim()
                .is_empty(),
            None => key.is_some() || self.form != Form::Code,
        };
        let attribute = keys::attribute(inner);
        if key.as_ref().is_some_and(|k| keys::identifier(&k.name))
            || attribute.is_some_and(keys::identifier)
            || self
                .ancestors(value_start)
                .iter()
                .any(|k| keys::identifier(k))
        {
            return None;
        }
        match self.walk(value_start, key.as_ref(), at_start) {
            Some(Found::Logged) => return None,
            Some(Found::Use(used)) => {
                return match used {
                    Use::Called { .. } => verdict(used),
                    _ if templated => None,
                    _ => verdict(used),
                }
            }
            None => {}
        }
        if let Some(tool) = self.shell_fetch(at) {
            return verdict(Use::Called { via: tool.into() });
        }
        if keys::identifier_path(&text[at..end]) {
            return None;
        }
        if !templated {
            if let Some(shown) = self.shown(at, string.as_ref(), inner, attribute, key.as_ref()) {
                return shown.and_then(verdict);
            }
        }
        let key = match (self.form, key) {
            (Form::Xml, None) if !in_tag(text, at) => {
                keys::element(&text[line.start..at]).map(|e| Key {
                    name: e.to_string(),
                    assign: false,
                })
            }
            (_, key) => key,
        }?;
        if !at_start {
            return None;
        }
        if self.form == Form::Code && key.assign {
            if let Some(via) = self.through(&key.name, line.clone()) {
                return verdict(via);
            }
        }
        let documented = || {
            self.ancestors(value_start)
                .iter()
                .any(|k| keys::documentation(k))
        };
        (keys::endpoint(&key.name) && !documented())
            .then(|| verdict(Use::Endpoint { key: key.name }))
            .flatten()
    }

    /// A link or text shown to users; `Some(None)` when the URL is in markup but in an
    /// attribute that is neither shown nor an endpoint.
    fn shown(
        &self,
        at: usize,
        string: Option<&Range<usize>>,
        inner: &str,
        attribute: Option<&str>,
        key: Option<&Key>,
    ) -> Option<Option<Use>> {
        let text = self.text;
        if let Some(a) = attribute.filter(|a| keys::shown_attribute(a)) {
            return Some(Some(Use::Link { via: a.to_string() }));
        }
        if let Some(k) = key.filter(|k| keys::shown_attribute(&k.name)) {
            return Some(Some(Use::Link {
                via: k.name.clone(),
            }));
        }
        if inner.ends_with("](") {
            return Some(Some(Use::Link {
                via: "[…](…)".into(),
            }));
        }
        if self.translation && !string.is_some_and(|s| is_mapping_key(text, s)) {
            return Some(Some(Use::Translation));
        }
        match self.form {
            // Code in a page (`<script>` of a Svelte or Vue component) is not page text; its
            // keys still say what a value is.
            Form::Markup if in_script(text, at) => None,
            Form::Markup if in_tag(text, at) => Some(None),
            Form::Markup if self.email => Some(Some(Use::Email)),
            Form::Markup => Some(Some(Use::Page)),
            Form::Xml if in_tag(text, at) && !attribute.is_some_and(keys::endpoint) => Some(None),
            _ => None,
        }
    }
}
