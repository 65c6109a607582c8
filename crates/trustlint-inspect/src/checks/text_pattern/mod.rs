//! The checks of the `text-pattern` kind (`check = "url-use"`), for judgements a regex cannot
//! make: the check reads what surrounds each match and keeps it, with the message variant and
//! confidence that say why, or drops it.
//!
//! Message variants live in the rule file (`[inspect.text-pattern.messages.<variant>]`, in
//! English and French), so that every word a user reads stays data; the check only picks one.

pub mod tls_off;
pub mod url_use;

use crate::ctx::FileCtx;
use serde::Deserialize;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ops::Range;
use trustlint_model::{Confidence, Severity, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckName {
    /// A plain-HTTP URL is kept only when something reaches it or shows it
    /// ([`crate::url_use`]).
    UrlUse,
    /// A TLS verification switch is judged by its target and its guard ([`tls_off`]).
    TlsOff,
}

impl CheckName {
    fn variants(self) -> &'static [&'static str] {
        match self {
            CheckName::UrlUse => &url_use::Verdict::VARIANTS,
            CheckName::TlsOff => &tls_off::Verdict::VARIANTS,
        }
    }
}

pub struct Check {
    name: CheckName,
    messages: BTreeMap<String, Text>,
}

/// What the check keeps of a match.
pub struct Kept {
    pub message: Text,
    pub args: Vec<(String, String)>,
    pub confidence: Confidence,
    /// A severity below the rule's, when the check judges the match a lesser form.
    pub severity: Option<Severity>,
}

impl Check {
    /// Every variant the check can choose needs its message, and no other may be given.
    pub fn new(name: CheckName, messages: &BTreeMap<String, Text>) -> Result<Self, String> {
        let variants = name.variants();
        if let Some(missing) = variants.iter().find(|v| !messages.contains_key(**v)) {
            return Err(format!("`messages.{missing}` is missing for this check"));
        }
        if let Some(unknown) = messages.keys().find(|k| !variants.contains(&k.as_str())) {
            return Err(format!(
                "unknown message variant `{unknown}`; expected one of {}",
                variants.join(", ")
            ));
        }
        Ok(Check {
            name,
            messages: messages.clone(),
        })
    }

    /// The check's view of one file, prepared on the first match it judges.
    pub fn for_file<'f>(&'f self, file: &'f FileCtx<'f>) -> FileCheck<'f> {
        FileCheck {
            check: self,
            file,
            source: OnceCell::new(),
        }
    }
}

pub struct FileCheck<'f> {
    check: &'f Check,
    file: &'f FileCtx<'f>,
    source: OnceCell<url_use::Source<'f>>,
}

impl FileCheck<'_> {
    /// Keeps or drops the match at `whole`.
    pub fn judge(&self, whole: Range<usize>) -> Option<Kept> {
        match self.check.name {
            CheckName::UrlUse => {
                let source = self.source.get_or_init(|| {
                    url_use::Source::new(self.file.path, self.file.text, self.file.syntax)
                });
                let verdict = source.judge(whole.start)?;
                let mut args = verdict.args();
                if !verdict.templated {
                    // The rule's own match, so that messages show what the fingerprint holds.
                    args[0].1 = url_use::truncate(&self.file.text[whole], 120);
                }
                Some(Kept {
                    message: self.check.messages[verdict.variant()].clone(),
                    args,
                    confidence: verdict.confidence,
                    severity: None,
                })
            }
            CheckName::TlsOff => {
                let text = &self.file.text[whole.clone()];
                let verdict = tls_off::judge(self.file.text, whole.start, text)?;
                let mut args = Vec::new();
                let gated = matches!(verdict, tls_off::Verdict::Gated(_));
                if let tls_off::Verdict::Gated(cond) = &verdict {
                    args.push(("condition".to_string(), cond.clone()));
                }
                Some(Kept {
                    message: self.check.messages[verdict.variant()].clone(),
                    args,
                    confidence: verdict.confidence().unwrap_or(Confidence::High),
                    severity: gated.then_some(Severity::Note),
                })
            }
        }
    }
}
