//! The GitHub workflow and YAML inspectors, through every shipped rule that reads YAML.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let catalogue = catalogue();
    let _ = trustlint_engine::inspect_text(catalogue, ".github/workflows/ci.yml", &text);
});

fn catalogue() -> &'static trustlint_engine::Catalogue {
    static C: std::sync::OnceLock<trustlint_engine::Catalogue> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        trustlint_engine::Catalogue::load(trustlint_rules::CHECKLIST, trustlint_rules::RULE_FILES, &[])
            .expect("the shipped catalogue loads")
    })
}
