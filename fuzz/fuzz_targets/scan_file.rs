//! The whole single-file scan: arbitrary bytes under a `.rs`, `.py`, `.yml`, `.json`, `.toml`
//! or `Dockerfile` name, through every shipped rule that wants the file. Every finding must lie
//! inside the file.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let names = ["src/main.rs", "app/main.py", ".github/workflows/ci.yml", "config/app.json", ".cargo/config.toml", "Dockerfile", "infra/main.tf", "site/index.html"];
    let path = names[selector as usize % names.len()];
    let text = String::from_utf8_lossy(rest);
    // Lines as the scan counts them: LF, CRLF, and a lone CR (an old Mac line end).
    let b = text.as_bytes();
    let lone_cr = (0..b.len()).filter(|&i| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')).count();
    let lines = (text.split('\n').count() + lone_cr) as u32;
    let (findings, _) = scanner().inspect(path, &text);
    for f in findings {
        assert!(f.location.line >= 1 && f.location.line <= lines, "{} at line {} of {lines}", f.rule_id, f.location.line);
    }
});

fn catalogue() -> &'static trustlint_engine::Catalogue {
    static C: std::sync::OnceLock<trustlint_engine::Catalogue> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        trustlint_engine::Catalogue::load(trustlint_rules::CHECKLIST, trustlint_rules::RULE_FILES, &[])
            .expect("the shipped catalogue loads")
    })
}

fn scanner() -> &'static trustlint_engine::FileScanner<'static> {
    static S: std::sync::OnceLock<trustlint_engine::FileScanner<'static>> = std::sync::OnceLock::new();
    S.get_or_init(|| trustlint_engine::FileScanner::new(catalogue()).expect("dispatch builds"))
}
