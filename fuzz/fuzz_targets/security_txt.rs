//! The RFC 9116 security.txt validator.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = text.lines().count().max(1) as u32;
    for (line, _) in trustlint_inspect::validate_security_txt(&text, jiff::civil::Date::constant(2026, 6, 30)) {
        assert!(line >= 1 && line <= lines, "problem reported outside the file");
    }
});
