//! The `trustlint` command line. Exit codes: 0 nothing at or above `--fail-on`; 1 findings at
//! or above it; 2 usage, config or I/O error.

mod args;
mod cli;
mod init;
mod progress;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // One line, whatever the repository put in a path, key or value it quotes.
            eprintln!(
                "trustlint: error: {}",
                trustlint_report::escape_text::line(&err.to_string())
            );
            ExitCode::from(2)
        }
    }
}
