//! `trustlint init`: a commented starter `trustlint.toml` that parses as it is, with one
//! commented-out attestation block for every item only a person can attest at the stage.

use std::fmt::Write;
use trustlint_engine::model::{Method, Stage};
use trustlint_engine::Catalogue;

pub fn starter(catalogue: &Catalogue, stage: Stage) -> String {
    let mut out = format!(
        r#"# trustlint configuration. Reference: `trustlint explain ID`, and the README.

# Delivery stage: alpha, beta or live. Stages are cumulative.
stage = "{stage}"

# Evidence documents must say when they were last reviewed ("Last reviewed: YYYY-MM-DD");
# older than this many months, they fail item 5.1.7.
review-period-months = 12

# What you know about the service. Rules and items that depend on a fact apply only when it
# holds; when a fact is not declared, trustlint infers what it can and says so in the report.
[profile]
# category = "protected-b"          # unclassified | protected-a | protected-b | protected-c
# personal-information = true       # the service collects personal information
# website = true                    # the service serves web pages to the public
# tls-proxy = false                 # TLS is terminated by a proxy in front of the service

[scan]
exclude = []                        # gitignore-style globs to leave out, e.g. "vendor/**"
# max-file-size = 2097152           # bytes; larger files are skipped and reported
# max-findings-per-rule = 100       # per file; past it, a notification says how many more
# max-findings-per-file = 1000      # all rules together, per file
# rule-dirs = ["policy/rules"]      # folders of your own rules
# Where code runs, before the built-in conventions (tests/, examples/, vendor/, ...); rules
# report production code only unless their file says otherwise:
# test-paths = ["qa/**"]            # also test-data-paths, example-paths, dev-paths,
# production-paths = []             #   vendored-paths, generated-paths

# Turning a rule off needs a reason:
# [rules.deployment-unscripted]
# enabled = false
# reason = "a library; nothing is deployed"

# Attestations: what no repository can show. Uncomment, fill in, and keep `review-by` current;
# an expired attestation is a finding. An item that does not apply takes
# `status = "not-applicable"` and a `reason` instead of the other fields.
"#
    );
    for item in catalogue
        .checklist
        .item
        .iter()
        .filter(|i| i.method == Method::Attest && i.stage <= stage)
    {
        let _ = write!(
            out,
            "\n# {id}: {title}\n# [[attestation]]\n# item = \"{id}\"\n# by = \"Name, role\"\n# date = 2026-01-15\n# evidence = \"https://link-to-the-record\"\n# review-by = 2027-01-15\n",
            id = item.id,
            title = item.title.en,
        );
    }
    out
}
