//! Nothing from the repository runs: diff-aware scans read git objects in-process, and every
//! scan in a checkout reads the index in-process.

use super::support::*;
use std::fs;
use std::path::Path;

/// A repository whose git configuration names a program in every place git would run one, with
/// the same traps in the parent environment and in git's global and system configuration.
fn trapped_repo(m: &Path) -> tempfile::TempDir {
    let repo = git_repo(&[
        ("a.py", "X_URL = \"http://old.service.gc.ca\"\n"),
        ("README.md", "# trap\n"),
    ]);
    let p = repo.path();
    fs::write(
        p.join(".gitattributes"),
        "* diff=trap filter=trap merge=trap\n",
    )
    .unwrap();
    git(p, &["checkout", "-qb", "pr"]);
    fs::write(
        p.join("a.py"),
        "X_URL = \"http://old.service.gc.ca\"\n\nY_URL = \"http://new.service.gc.ca\"\n",
    )
    .unwrap();
    git(p, &["add", "-A"]);
    git(p, &["commit", "-qm", "pr"]);
    let included = m.join("included.cfg");
    fs::write(
        &included,
        format!(
            "[core]\n\tsshCommand = {}\n\tfsmonitor = {}\n[diff]\n\texternal = {}\n",
            trap(m, "include-ssh"),
            trap(m, "include-fsmonitor"),
            trap(m, "include-diff")
        ),
    )
    .unwrap();
    let included = included.display().to_string();
    for (key, value) in [
        ("core.repositoryformatversion", "1".to_string()),
        ("extensions.partialClone", "origin".into()),
        ("remote.origin.url", "ssh://git@trap.invalid/x.git".into()),
        ("remote.origin.promisor", "true".into()),
        ("remote.origin.partialclonefilter", "blob:none".into()),
        ("core.sshCommand", trap(m, "ssh-command")),
        ("core.askPass", trap(m, "askpass")),
        (
            "credential.helper",
            format!("!{}", trap(m, "credential-helper")),
        ),
        ("core.fsmonitor", trap(m, "fsmonitor")),
        ("core.pager", trap(m, "pager")),
        ("core.editor", trap(m, "editor")),
        ("core.alternateRefsCommand", trap(m, "alternate-refs")),
        ("diff.external", trap(m, "diff-external")),
        ("diff.trap.command", trap(m, "diff-driver")),
        ("diff.trap.textconv", trap(m, "textconv")),
        ("filter.trap.clean", trap(m, "filter-clean")),
        ("filter.trap.smudge", trap(m, "filter-smudge")),
        ("filter.trap.process", trap(m, "filter-process")),
        ("merge.trap.driver", trap(m, "merge-driver")),
        ("uploadpack.packObjectsHook", trap(m, "pack-objects-hook")),
        ("include.path", included.clone()),
        ("includeIf.gitdir:/.path", included),
    ] {
        git(p, &["config", key, &value]);
    }
    for hook in [
        "pre-commit",
        "post-checkout",
        "post-merge",
        "post-index-change",
        "reference-transaction",
        "pre-auto-gc",
        "fsmonitor-watchman",
        "post-rewrite",
    ] {
        fs::copy(
            trap(m, &format!("hook-{hook}")),
            p.join(".git/hooks").join(hook),
        )
        .unwrap();
    }
    repo
}

/// Every `GIT_*` (and ssh, pager, editor) variable that could name a program, plus global and
/// system configuration files full of traps and a decoy repository in `GIT_DIR`.
fn trapped_env(m: &Path) -> Vec<(String, String)> {
    let config = m.join("global.cfg");
    fs::write(
        &config,
        format!(
            "[core]\n\tsshCommand = {}\n\tfsmonitor = {}\n\tpager = {}\n[credential]\n\thelper = !{}\n",
            trap(m, "global-ssh"),
            trap(m, "global-fsmonitor"),
            trap(m, "global-pager"),
            trap(m, "global-credential")
        ),
    )
    .unwrap();
    fs::create_dir_all(m.join("home")).unwrap();
    fs::copy(&config, m.join("home/.gitconfig")).unwrap();
    let decoy = git_repo(&[("a.py", "D_URL = \"http://decoy.service.gc.ca\"\n")]);
    let decoy_git = decoy.path().join(".git").display().to_string();
    std::mem::forget(decoy);
    let c = config.display().to_string();
    let mut env: Vec<(String, String)> = [
        ("GIT_SSH_COMMAND", trap(m, "env-ssh-command")),
        ("GIT_SSH", trap(m, "env-ssh")),
        ("GIT_ASKPASS", trap(m, "env-askpass")),
        ("SSH_ASKPASS", trap(m, "env-ssh-askpass")),
        ("GIT_EXTERNAL_DIFF", trap(m, "env-external-diff")),
        ("GIT_PAGER", trap(m, "env-pager")),
        ("PAGER", trap(m, "env-plain-pager")),
        ("GIT_EDITOR", trap(m, "env-editor")),
        ("GIT_PROXY_COMMAND", trap(m, "env-proxy")),
        ("GIT_CONFIG_COUNT", "2".into()),
        ("GIT_CONFIG_KEY_0", "core.fsmonitor".into()),
        ("GIT_CONFIG_VALUE_0", trap(m, "env-config-fsmonitor")),
        ("GIT_CONFIG_KEY_1", "core.sshCommand".into()),
        ("GIT_CONFIG_VALUE_1", trap(m, "env-config-ssh")),
        (
            "GIT_CONFIG_PARAMETERS",
            format!("'diff.external'='{}'", trap(m, "env-config-parameters")),
        ),
        ("GIT_CONFIG_GLOBAL", c.clone()),
        ("GIT_CONFIG_SYSTEM", c),
        ("HOME", m.join("home").display().to_string()),
        ("XDG_CONFIG_HOME", m.join("home").display().to_string()),
        ("GIT_DIR", decoy_git),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    // Programs that a library might start by name: the git program itself (to find its
    // installation's configuration), ssh and the shell.
    let path_dir = m.join("bin");
    fs::create_dir_all(&path_dir).unwrap();
    for program in ["git", "ssh", "sh", "bash"] {
        fs::copy(trap(m, &format!("path-{program}")), path_dir.join(program)).unwrap();
    }
    let path = std::env::var("PATH").unwrap_or_default();
    env.push(("PATH".into(), format!("{}:{path}", path_dir.display())));
    env
}

#[test]
fn diff_base_runs_nothing_from_the_repository_git_config_or_environment() {
    let markers = tempfile::tempdir().unwrap();
    let m = markers.path();
    let repo = trapped_repo(m);
    let env = trapped_env(m);
    let before = tree_hash(repo.path());
    for extra in [
        &["--format", "json"][..],
        &["--format", "sarif"],
        &["--format", "text"],
    ] {
        let o = scan_env(
            repo.path(),
            &env,
            &[&["--diff-base", "main"], extra].concat(),
        );
        assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
    }
    // The change is the real one (not the decoy in GIT_DIR): only the line the branch added.
    let v = json(&scan_env(
        repo.path(),
        &env,
        &["--diff-base", "main", "--format", "json"],
    ));
    assert_eq!(places(&v, "plain-http-url"), vec!["a.py:3:10"]);
    assert_eq!(ran(m), Vec::<String>::new(), "traps that ran");
    assert!(tree_hash(repo.path()) == before, "the scanned tree changed");
}

#[test]
fn a_plain_scan_reads_the_index_and_runs_nothing() {
    let markers = tempfile::tempdir().unwrap();
    let m = markers.path();
    let repo = trapped_repo(m);
    let env = trapped_env(m);
    // Tracked, and listed by .gitignore: only the index says it is scanned.
    fs::write(repo.path().join(".gitignore"), "a.py\n").unwrap();
    let before = tree_hash(repo.path());
    let v = json(&scan_env(repo.path(), &env, &["--format", "json"]));
    assert_eq!(places(&v, "plain-http-url"), vec!["a.py:1:10", "a.py:3:10"]);
    assert_eq!(ran(m), Vec::<String>::new(), "traps that ran");
    assert!(tree_hash(repo.path()) == before, "the scanned tree changed");
}

#[test]
fn a_missing_blob_of_a_partial_clone_is_a_clear_error_never_a_fetch() {
    let markers = tempfile::tempdir().unwrap();
    let m = markers.path();
    let repo = trapped_repo(m);
    let p = repo.path();
    // The blob the branch changed is missing, as in a `--filter=blob:none` clone: git would
    // fetch it from the promisor remote, through the repository's own ssh command.
    let blob = git_out(p, &["rev-parse", "HEAD:a.py"]);
    fs::remove_file(p.join(".git/objects").join(&blob[..2]).join(&blob[2..])).unwrap();
    let mut env = trapped_env(m);
    env.retain(|(k, _)| k != "GIT_DIR");
    let o = scan_env(p, &env, &["--diff-base", "main"]);
    assert_eq!(ran(m), Vec::<String>::new(), "traps that ran");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&blob) && err.contains("never fetches"),
        "the message names the object and says why: {err}"
    );
}

#[test]
fn diff_base_counts_changes_from_the_merge_base_not_from_the_tip_of_the_base() {
    let repo = git_repo(&[("a.py", "X_URL = \"http://old.service.gc.ca\"\n")]);
    let p = repo.path();
    git(p, &["checkout", "-qb", "pr"]);
    fs::write(
        p.join("a.py"),
        "X_URL = \"http://old.service.gc.ca\"\nY_URL = \"http://new.service.gc.ca\"\n",
    )
    .unwrap();
    git(p, &["commit", "-qam", "pr"]);
    // The base branch fixes line 1 after the branch was cut: not the branch's doing.
    git(p, &["checkout", "-q", "main"]);
    fs::write(p.join("a.py"), "X = \"https://old.service.gc.ca\"\n").unwrap();
    git(p, &["commit", "-qam", "main moves on"]);
    git(p, &["checkout", "-q", "pr"]);
    let v = json(&scan_env(
        p,
        &[],
        &["--diff-base", "main", "--format", "json"],
    ));
    assert_eq!(places(&v, "plain-http-url"), vec!["a.py:2:10"]);
}
