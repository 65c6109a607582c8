//! The GitHub workflow and YAML inspectors, through every shipped rule that reads YAML.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = scanner().inspect(".github/workflows/ci.yml", &text);
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
