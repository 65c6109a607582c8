//! The suppression-comment parser, under every comment syntax.
#![no_main]
use libfuzzer_sys::fuzz_target;
use trustlint_inspect::{directives, FileCtx};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for path in ["a.rs", "a.py", "a.yml", "a.html", "a.sql", "a.tf", "Dockerfile"] {
        for d in directives(&FileCtx::new(path, &text)) {
            assert!(d.line >= 1 && d.column >= 1);
        }
    }
});
