//! The config parser: any text is a config or an error with a line, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(config) = trustlint_engine::Config::parse("trustlint.toml", &text, std::path::Path::new(".")) {
            let _ = config.validate(catalogue(), jiff::civil::Date::constant(2026, 6, 30));
    }
});

fn catalogue() -> &'static trustlint_engine::Catalogue {
    static C: std::sync::OnceLock<trustlint_engine::Catalogue> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        trustlint_engine::Catalogue::load(trustlint_rules::CHECKLIST, trustlint_rules::RULE_FILES, &[])
            .expect("the shipped catalogue loads")
    })
}
