//! Both official languages: [`Lang`], bilingual [`Text`], and the filling of `{name}`
//! placeholders in messages.

use serde::{Deserialize, Serialize};

/// One of Canada's two official languages; every user-facing text exists in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }
}

/// A text in English and French.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub fr: String,
}

impl Text {
    pub fn new(en: impl Into<String>, fr: impl Into<String>) -> Self {
        Text {
            en: en.into(),
            fr: fr.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }

    /// Fills `{name}` placeholders from `args`; unknown placeholders are left as written.
    pub fn render(&self, lang: Lang, args: &[(String, String)]) -> String {
        fill(self.get(lang), args)
    }
}

/// The message in parts, as its template marks them: `(true, …)` for what the template puts
/// between backticks (code), `(false, …)` for prose, each filled from `args`. Outputs that
/// render markup (Markdown) escape prose and show code as code; a value's own backticks never
/// change which is which. A template with unbalanced backticks is prose throughout.
pub fn fill_parts(template: &str, args: &[(String, String)]) -> Vec<(bool, String)> {
    if !template.matches('`').count().is_multiple_of(2) {
        return vec![(false, fill(template, args))];
    }
    template
        .split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| (i % 2 == 1, fill(part, args)))
        .collect()
}

/// Replaces each `{name}` in `template` with its value from `args`.
pub fn fill(template: &str, args: &[(String, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) if args.iter().any(|(k, _)| k == &after[..end]) => {
                let key = &after[..end];
                let value = &args.iter().find(|(k, _)| k == key).expect("checked").1;
                out.push_str(value);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_follow_the_template_not_the_values() {
        let args = vec![("url".to_string(), "a`b <i>".to_string())];
        assert_eq!(
            fill_parts("`{url}` over {url}", &args),
            vec![(true, "a`b <i>".into()), (false, " over a`b <i>".into())]
        );
        assert_eq!(
            fill_parts("odd ` {url}", &args),
            vec![(false, "odd ` a`b <i>".into())]
        );
    }

    #[test]
    fn fills_known_placeholders_and_keeps_others() {
        let args = vec![("url".to_string(), "http://a.ca".to_string())];
        assert_eq!(
            fill("`{url}` over {http}", &args),
            "`http://a.ca` over {http}"
        );
        assert_eq!(fill("{", &args), "{");
    }
}
