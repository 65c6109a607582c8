//! `curl-pipe-shell`: `RUN` pipes a download straight into a shell. What runs is whatever the
//! server sends that day, unverified, with the build's privileges.

use super::at;
use crate::ctx::FileCtx;
use crate::formats::dockerfile::Instruction;
use crate::out::Hit;
use regex::Regex;
use std::sync::LazyLock;

static PIPE_SHELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[;&|(\s])(?:curl|wget)\s[^|;&]*\|\s*(?:sudo\s+)?(?:ba|z|a|da)?sh\b")
        .expect("valid")
});

/// A download piped into a shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipedDownload {
    pub line: u32,
    /// The pipeline, `curl -fsSL https://get.example.sh | sh`.
    pub command: String,
}

pub fn find(all: &[Instruction]) -> Vec<PipedDownload> {
    all.iter()
        .filter(|i| i.keyword == "RUN")
        .filter_map(|ins| {
            let m = PIPE_SHELL.find(&ins.args)?;
            Some(PipedDownload {
                line: ins.line,
                command: m.as_str().trim().to_string(),
            })
        })
        .collect()
}

impl PipedDownload {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        at(file, self.line)
            .arg("match", self.command.as_str())
            .matched(self.command.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::super::instructions;
    use super::*;

    #[test]
    fn a_continued_pipeline_is_found_a_download_to_a_file_is_not() {
        let df = "RUN curl -fsSL https://get.example.sh \\\n    | sh\nRUN curl -o x.tgz https://e.ca/x.tgz && tar xf x.tgz\nRUN wget -qO- https://e.ca/i | sudo bash\n";
        let found: Vec<(u32, String)> = find(&instructions(df))
            .into_iter()
            .map(|p| (p.line, p.command))
            .collect();
        assert_eq!(
            found,
            vec![
                (1, "curl -fsSL https://get.example.sh | sh".into()),
                (4, "wget -qO- https://e.ca/i | sudo bash".into())
            ]
        );
    }
}
