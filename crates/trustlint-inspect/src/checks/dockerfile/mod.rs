//! The checks of the `dockerfile` kind, each on a file's instructions as
//! [`crate::formats::dockerfile`] reads them. Findings sit at the instruction's first line.

pub mod add_from_url;
pub mod base_image_unpinned;
pub mod curl_pipe_shell;
pub mod root_user;
pub mod secret_in_env;

use crate::ctx::FileCtx;
use crate::out::HitBuilder;

/// A hit at an instruction's first line.
fn at(file: &FileCtx<'_>, line: u32) -> HitBuilder {
    file.hit(line, 1)
}

#[cfg(test)]
fn instructions(text: &str) -> Vec<crate::formats::dockerfile::Instruction> {
    crate::formats::dockerfile::instructions(text)
}
