//! The rule parser: any rule file loads or fails with a file and line, never a panic, and a
//! rule that loads can run on a file.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let files = [("rules/fuzz/rule.toml", text.as_ref())];
    if let Ok(catalogue) = trustlint_engine::Catalogue::load(trustlint_rules::CHECKLIST, &files, &[]) {
        if let Ok(scanner) = trustlint_engine::FileScanner::new(&catalogue) {
            let _ = scanner.inspect("src/app.py", "U = \"http://a.gc.ca\"\n");
        }
    }
});
