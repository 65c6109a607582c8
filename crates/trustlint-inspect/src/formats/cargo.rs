//! Cargo manifests and lock files, read as data: never by running `cargo`, which would run the
//! repository's build scripts and wrappers. What several layers need to know of a crate: its
//! name, its dependencies in every table Cargo reads them from, and whether it is a web
//! service.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The web frameworks a crate serves HTTP with.
pub const WEB_FRAMEWORKS: [&str; 7] = [
    "axum",
    "actix-web",
    "rocket",
    "warp",
    "poem",
    "tide",
    "salvo",
];

/// Every dependency section: what the program runs, is tested and is built with.
pub const ALL_SECTIONS: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];

/// What the program runs with only.
pub const RUNTIME: [&str; 1] = ["dependencies"];

/// A dependency entry: its name as written, and its value (a version string or a table).
pub type Dependency<'a, 'i> = (&'a str, &'a Spanned<DeValue<'i>>);

/// The entries of the given dependency sections, from the top-level, workspace and
/// target-specific tables.
pub fn dependencies<'a, 'i>(doc: &'a DeTable<'i>, sections: &[&str]) -> Vec<Dependency<'a, 'i>> {
    let mut tables: Vec<&DeTable<'_>> = Vec::new();
    let table = |t: &'a DeTable<'i>, k: &str| t.get(k).and_then(|v| v.get_ref().as_table());
    for s in sections {
        tables.extend(table(doc, s));
    }
    if let Some(ws) = table(doc, "workspace") {
        tables.extend(table(ws, "dependencies"));
    }
    if let Some(targets) = table(doc, "target") {
        for (_, t) in targets.iter() {
            if let Some(t) = t.get_ref().as_table() {
                for s in sections {
                    tables.extend(table(t, s));
                }
            }
        }
    }
    tables
        .into_iter()
        .flat_map(|t| t.iter().map(|(k, v)| (k.get_ref().as_ref(), v)))
        .collect()
}

/// The `[package] name` of a manifest, as written.
pub fn package_name(manifest: &str) -> Option<String> {
    let doc = DeTable::parse(manifest).ok()?;
    let package = doc.get_ref().get("package")?.get_ref().as_table()?;
    package.get("name")?.get_ref().as_str().map(str::to_string)
}

/// Whether a manifest's runtime dependencies (not dev, not build) name a web framework, in
/// any of Cargo's spellings (`axum = ..`, `[dependencies.axum]`, `axum.workspace = true`).
pub fn serves_http(manifest: &str) -> bool {
    DeTable::parse(manifest).is_ok_and(|doc| {
        dependencies(doc.get_ref(), &RUNTIME)
            .iter()
            .any(|(n, _)| WEB_FRAMEWORKS.contains(n))
    })
}

/// The names of the packages a lock file lists; an error when it does not parse (read with
/// `cargo-lock`).
pub fn lock_packages(lock: &str) -> Result<Vec<String>, cargo_lock::Error> {
    let parsed = lock.parse::<cargo_lock::Lockfile>()?;
    Ok(parsed
        .packages
        .iter()
        .map(|p| p.name.as_str().to_string())
        .collect())
}

/// Each crate's folder (with its trailing `/`) and its name as code spells it (`my_api`).
pub fn crate_roots(
    files: &[String],
    read: &(dyn Fn(&str) -> Option<String> + Sync),
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = files
        .iter()
        .filter(|p| p.rsplit('/').next() == Some("Cargo.toml"))
        .filter_map(|p| {
            let name = package_name(&read(p)?)?.replace('-', "_");
            Some((p.strip_suffix("Cargo.toml").unwrap_or("").to_string(), name))
        })
        .collect();
    // Deepest first, so a nested crate wins over the workspace around it.
    out.sort_by_key(|(dir, _)| std::cmp::Reverse(dir.len()));
    out
}

/// The crate a path belongs to, among [`crate_roots`]: the deepest whose folder holds it.
pub fn crate_of<'c>(crates: &'c [(String, String)], path: &str) -> Option<&'c (String, String)> {
    crates
        .iter()
        .find(|(dir, _)| path.starts_with(dir.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_web_service_is_known_by_its_runtime_dependencies_in_any_spelling() {
        let pkg = "[package]\nname = \"svc\"\n";
        assert!(serves_http(&format!(
            "{pkg}[dependencies]\naxum = \"0.8\"\n"
        )));
        assert!(serves_http(&format!(
            "{pkg}[dependencies.actix-web]\nversion = \"4\"\n"
        )));
        assert!(serves_http(&format!(
            "{pkg}[dependencies]\nwarp.workspace = true\n"
        )));
        assert!(!serves_http(&format!(
            "{pkg}[dev-dependencies]\naxum = \"0.8\"\n"
        )));
        assert!(!serves_http(&format!(
            "{pkg}# axum = \"0.8\"\n[dependencies]\nserde = \"1\"\n"
        )));
        assert_eq!(package_name(pkg).as_deref(), Some("svc"));
    }

    #[test]
    fn dependencies_of_every_table() {
        let text = "[dependencies]\na = \"1\"\n[dev-dependencies]\nb = \"1\"\n[target.'cfg(unix)'.dependencies]\nc = \"1\"\n[workspace.dependencies]\nd = \"1\"\n";
        let doc = DeTable::parse(text).unwrap();
        let names = |s: &[&str]| -> Vec<String> {
            dependencies(doc.get_ref(), s)
                .into_iter()
                .map(|(n, _)| n.to_string())
                .collect()
        };
        assert_eq!(names(&ALL_SECTIONS), vec!["a", "b", "d", "c"]);
        assert_eq!(names(&RUNTIME), vec!["a", "d", "c"]);
    }

    #[test]
    fn a_path_belongs_to_the_deepest_crate_around_it() {
        let files = vec!["Cargo.toml".to_string(), "api/Cargo.toml".to_string()];
        let read = |p: &str| {
            Some(match p {
                "Cargo.toml" => "[package]\nname = \"my-ws\"\n".to_string(),
                _ => "[package]\nname = \"api\"\n".to_string(),
            })
        };
        let crates = crate_roots(&files, &read);
        assert_eq!(crate_of(&crates, "api/src/lib.rs").unwrap().1, "api");
        assert_eq!(crate_of(&crates, "src/main.rs").unwrap().1, "my_ws");
    }

    #[test]
    fn a_lock_lists_its_packages() {
        let lock = "version = 3\n\n[[package]]\nname = \"svc\"\nversion = \"0.1.0\"\n";
        assert_eq!(lock_packages(lock).unwrap(), vec!["svc"]);
        assert!(lock_packages("[[package]\n").is_err());
    }
}
