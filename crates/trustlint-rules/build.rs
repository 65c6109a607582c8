//! Embeds the rule catalogue (`rules/**/*.toml`) in the binary, so an installed `trustlint`
//! needs no files beside it.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // The catalogue lives at the top of the repository, two levels up.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().expect("repository root");
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut files = Vec::new();
    for area in std::fs::read_dir(&rules).expect("rules/ exists").flatten() {
        // `rules/credentials/` is the credential catalogue, not rules: embedded below.
        if !area.path().is_dir() || area.file_name() == "credentials" {
            continue;
        }
        for f in std::fs::read_dir(area.path()).expect("readable").flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "toml") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut out = String::new();
    embed(
        &mut out,
        &root,
        "RULE_FILES",
        "Every rule file shipped with trustlint",
        &files,
    );
    writeln!(
        out,
        "/// The checklist catalogue.\npub static CHECKLIST: &str = include_str!({:?});",
        rules.join("checklist.toml").display().to_string()
    )
    .unwrap();
    let mut kinds: Vec<_> = std::fs::read_dir(rules.join("credentials"))
        .expect("rules/credentials/ exists")
        .flatten()
        .map(|f| f.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    kinds.sort();
    embed(
        &mut out,
        &root,
        "CREDENTIAL_FILES",
        "The credential catalogue, one file per kind of credential",
        &kinds,
    );
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(dest, out).unwrap();
}

/// Writes `pub static NAME: &[(&str, &str)]`, the (path, text) of each file.
fn embed(out: &mut String, root: &Path, name: &str, doc: &str, files: &[std::path::PathBuf]) {
    writeln!(
        out,
        "/// {doc}: (path, text).\npub static {name}: &[(&str, &str)] = &["
    )
    .unwrap();
    for p in files {
        let rel = p
            .strip_prefix(root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            p.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
}
