//! The text escaper: whatever the input, the output is one line of printable characters, so no
//! line of a log can start with text the input chose (`::error::`), and no terminal escape,
//! bidirectional or invisible format character gets through.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustlint_report::escape_text::{line, needs_escape, path};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    for out in [line(&s).into_owned(), path(&trustlint_model_path(data))] {
        assert!(!out.chars().any(needs_escape), "{out:?}");
        assert!(!out.contains('\n') && !out.contains('\r'));
    }
    // Nothing changes in text that needs no escape.
    if !s.chars().any(needs_escape) {
        assert_eq!(line(&s), s);
    }
});

/// The lossless path form of arbitrary bytes (as the walk builds it).
fn trustlint_model_path(data: &[u8]) -> String {
    let p = trustlint_engine::model::path::from_bytes(data);
    assert_eq!(trustlint_engine::model::path::to_bytes(&p), data);
    p
}
