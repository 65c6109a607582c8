//! The one error type of the engine: a problem with the tool's input (a rule file, the config,
//! the command line, an unreadable path) that stops the run. It names the file and, when
//! known, the line, and says what is wrong; the command line prints it and exits with 2.
//! Problems with the scanned repository are never errors: they are notifications, and the
//! scan goes on.

use std::fmt;

/// A problem with the tool's input (rule file, config, command line) that stops the scan.
/// Its text names the file, the line when known, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub file: Option<String>,
    pub line: Option<u32>,
    pub message: String,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            file: None,
            line: None,
            message: message.into(),
        }
    }

    pub fn at(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Error {
            file: Some(file.to_string()),
            line,
            message: message.into(),
        }
    }

    /// From a TOML error, with the line its span points at.
    pub fn toml(file: &str, text: &str, err: &toml::de::Error) -> Self {
        let line = err
            .span()
            .map(|s| trustlint_model::line_col(text, s.start).0);
        Error::at(file, line, err.message().trim_end().to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: {}", self.message),
            (Some(file), None) => write!(f, "{file}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}
