//! The Rust route and service model on arbitrary source: the input is split at the first NUL
//! into two files of one axum crate, so that cross-file resolution runs too. Every rule that
//! reads the model (routes, servers, request logging) must finish and point inside a file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use trustlint_inspect::{InspectSpec, Output, RepoCtx, Shared};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (main, api) = text.split_once('\0').unwrap_or((&text, ""));
    let files = vec![
        ("Cargo.toml".to_string(), "[dependencies]\naxum = \"0.8\"\n".to_string()),
        ("src/api.rs".to_string(), api.to_string()),
        ("src/main.rs".to_string(), main.to_string()),
    ];
    let index: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    let rust: Vec<String> = index.iter().filter(|p| p.ends_with(".rs")).cloned().collect();
    let read = |p: &str| files.iter().find(|(q, _)| q == p).map(|(_, t)| t.clone());
    let profile = Default::default();
    let routes = Default::default();
    let shared = Shared::default();
    let repo = RepoCtx {
        files: &index,
        read: &read,
        anchor: "Cargo.toml",
        config_path: None,
        profile: &profile,
        attestations: &[],
        today: jiff::civil::date(2026, 6, 30),
        review_months: 12,
        routes: &routes,
        shared: &shared,
        interesting: &rust,
    };
    for spec in [
        "[rust-routes]\ncheck = \"unauthenticated\"\n",
        "[rust-routes]\ncheck = \"unresolved\"\n",
        "[rust-service]\ncheck = \"plain-http\"\n",
        "[rust-service]\ncheck = \"request-logging-missing\"\n",
    ] {
        let spec: InspectSpec = toml::from_str(spec).expect("a valid spec");
        let mut out = Output::default();
        spec.build().expect("builds").check_repo(&repo, &mut out);
        for h in out.hits {
            let (_, t) = files.iter().find(|(p, _)| *p == h.path).expect("a known file");
            assert!(h.line >= 1 && h.line as usize <= t.split('\n').count(), "{}:{}", h.path, h.line);
        }
    }
});
