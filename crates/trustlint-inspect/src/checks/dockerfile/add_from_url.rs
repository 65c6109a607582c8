//! `add-from-url`: `ADD https://...` fetches content at build time with no checksum, so the
//! image holds whatever the server sent.

use super::at;
use crate::ctx::FileCtx;
use crate::formats::dockerfile::Instruction;
use crate::out::Hit;

/// An `ADD` of a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddFromUrl {
    pub line: u32,
    pub url: String,
}

pub fn find(all: &[Instruction]) -> Vec<AddFromUrl> {
    all.iter()
        .filter(|i| i.keyword == "ADD")
        .filter_map(|ins| {
            let url = ins
                .args
                .split_whitespace()
                .find(|w| w.starts_with("http://") || w.starts_with("https://"))?;
            Some(AddFromUrl {
                line: ins.line,
                url: url.to_string(),
            })
        })
        .collect()
}

impl AddFromUrl {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        at(file, self.line)
            .arg("url", self.url.as_str())
            .matched(self.url.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::super::instructions;
    use super::*;

    #[test]
    fn urls_but_not_local_files_or_copies() {
        let df =
            "ADD https://example.com/x.tgz /x\nADD ./local /y\nCOPY https://example.com/z /z\n";
        assert_eq!(
            find(&instructions(df)),
            vec![AddFromUrl {
                line: 1,
                url: "https://example.com/x.tgz".into()
            }]
        );
    }
}
