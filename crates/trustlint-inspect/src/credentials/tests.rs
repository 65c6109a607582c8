//! Every kind of the catalogue against its own examples: each real one is found as that kind,
//! each look-alike is not reported at all.

use super::*;

fn catalogue() -> &'static Catalogue {
    Catalogue::embedded().expect("the shipped catalogue parses")
}

#[test]
fn every_kind_finds_its_real_examples_and_none_of_its_look_alikes() {
    let cat = catalogue();
    let mut failures = Vec::new();
    for kind in &cat.kinds {
        for real in &kind.real {
            let found = find(cat, &kind.example_path, real);
            if !found.iter().any(|c| c.kind.id == kind.id) {
                let got: Vec<&str> = found.iter().map(|c| c.kind.id.as_str()).collect();
                failures.push(format!("{}: missed {real:?} (found {got:?})", kind.id));
            }
        }
        for look in &kind.look_alike {
            let found = find(cat, &kind.example_path, look);
            if !found.is_empty() {
                let got: Vec<String> = found
                    .iter()
                    .map(|c| format!("{} {:?}", c.kind.id, &look[c.secret.clone()]))
                    .collect();
                failures.push(format!(
                    "{}: reported look-alike {look:?}: {got:?}",
                    kind.id
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_catalogue_covers_every_category_and_the_kinds_asked_for() {
    let cat = catalogue();
    assert!(cat.kinds.len() >= 100, "{} kinds", cat.kinds.len());
    for id in [
        "github-pat-classic",
        "gitlab-personal-access-token",
        "slack-incoming-webhook",
        "stripe-test-secret-key",
        "npm-access-token",
        "pypi-token",
        "aws-secret-access-key",
        "google-service-account-key",
        "azure-ad-client-secret",
        "private-key-openssh",
        "jwt",
        "generic-password",
    ] {
        assert!(cat.get(id).is_some(), "{id}");
    }
    let gitlab = cat.kinds.iter().filter(|k| k.provider == "GitLab").count();
    assert!(gitlab >= 12, "{gitlab} GitLab kinds");
    for c in [
        Category::Cloud,
        Category::SourceHosting,
        Category::Ci,
        Category::Chat,
        Category::Payment,
        Category::EmailSms,
        Category::PackageRegistry,
        Category::Observability,
        Category::Ai,
        Category::PrivateKey,
        Category::Generic,
    ] {
        assert!(cat.kinds.iter().any(|k| k.category == c), "{c:?}");
    }
}

#[test]
fn live_formats_are_high_confidence_and_reported_everywhere_generic_ones_are_not() {
    let cat = catalogue();
    let gh = &cat.get("github-pat-classic").unwrap().real[0];
    let found = find(cat, "tests/test_api.py", gh);
    assert_eq!(found.len(), 1);
    assert!(found[0].live_format);
    assert_eq!(found[0].confidence, Confidence::High);
    let found = find(
        cat,
        "app/settings.py",
        "DB_PASSWORD = \"Zr8#kQ2m!Lp5Vx9w\"\n",
    );
    assert_eq!(found.len(), 1);
    assert!(!found[0].live_format);
    assert_eq!(found[0].kind.id, "generic-password");
    assert_eq!(
        found[0].confidence,
        Confidence::High,
        "strong key, high entropy"
    );
    let found = find(cat, "app/settings.py", "api_token = \"q7Rv2Lm9xT4p\"\n");
    assert_eq!(found[0].confidence, Confidence::Medium);
}

#[test]
fn matching_quotes_only() {
    let cat = catalogue();
    // A C# `ToString` body: the quote that opens is not the one that closes.
    let src =
        "public override string ToString() => $\"Password: '{Password}\" + \"', Secret: 'x\";\n";
    assert!(find(cat, "Model.cs", src).is_empty());
    let min = "a={client_secret:\"),we.push(n,\"K9#x\"}";
    assert!(find(cat, "bundle.js", min).is_empty());
}

#[test]
fn secret_spans_cover_the_value_only() {
    let cat = catalogue();
    let src = "x = 1\nDB_PASSWORD = \"Zr8#kQ2m!Lp5Vx9w\"\n";
    let found = find(cat, "app/settings.py", src);
    assert_eq!(&src[found[0].secret.clone()], "Zr8#kQ2m!Lp5Vx9w");
    assert_eq!(&src[found[0].span.clone()][..11], "DB_PASSWORD");
}

#[test]
fn an_aws_secret_key_beside_its_key_id_is_a_confirmed_pair() {
    let cat = catalogue();
    let id = &cat.get("aws-access-key-id").unwrap().real[0];
    let src = format!("aws_access_key_id = {id}\naws_secret_access_key = q8Rv2Lm9xT4pWz8K3nB6yH1cJ5dF0gA2eR7sT9uV\n");
    let found = find(cat, "credentials.txt", &src);
    let secret = found
        .iter()
        .find(|c| c.kind.id == "aws-secret-access-key")
        .unwrap();
    assert!(secret.live_format);
    assert_eq!(secret.confidence, Confidence::High);
    let alone = find(
        cat,
        "credentials.txt",
        "aws_secret_access_key = q8Rv2Lm9xT4pWz8K3nB6yH1cJ5dF0gA2eR7sT9uV\n",
    );
    assert!(!alone[0].live_format);
}

#[test]
fn a_key_its_comment_declares_made_for_tests_is_not_reported() {
    let cat = catalogue();
    let key = &cat.get("private-key-pkcs8").unwrap().real[0];
    let src = format!("/// Generated specifically for testing - do not use in production.\nstatic K: &str = r#\"{key}\"#;\n");
    assert!(find(cat, "src/tests/sig.rs", &src).is_empty());
    let src = format!("/// The signing key.\nstatic K: &str = r#\"{key}\"#;\n");
    assert_eq!(find(cat, "src/sig.rs", &src).len(), 1);
}

#[test]
fn python_test_functions_hold_test_data() {
    let cat = catalogue();
    let src = "def test_register(client):\n    data = {\n        \"password\": \"rQ7vXk2Lm9Zt4Wp8Bn3Hs6Yd1\",\n    }\n";
    assert!(find(cat, "app/views.py", src).is_empty());
    let src = "def connect():\n    return db(password=\"rQ7vXk2Lm9Zt4Wp8Bn3Hs6Yd1\")\n";
    assert_eq!(find(cat, "app/db.py", src).len(), 1);
}

#[test]
fn a_decoded_kubernetes_value_in_a_provider_format_is_that_kind() {
    let cat = catalogue();
    let token = &cat.get("github-pat-classic").unwrap().real[0];
    let token = token.split('=').nth(1).unwrap();
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(token);
    let src = format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci\ndata:\n  GH: {b64}\n");
    let found = find(cat, "k8s/ci.yaml", &src);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind.id, "github-pat-classic");
    assert_eq!(found[0].how, Some("base64 in a Kubernetes Secret"));
    assert_eq!(&src[found[0].secret.clone()], b64);
}

#[test]
fn a_malformed_kind_file_is_an_error_naming_it() {
    let bad = "id = \"x\"\nprovider = \"p\"\ncategory = \"cloud\"\n[title]\nen = \"a\"\nfr = \"b\"\n[detect]\nprefixes = [\"x_\"]\npattern = '\\bx_(?P<secret>[a-z]+)'\n[examples]\nreal = [\"x_a\"]\nlook-alike = [\"y\"]\n";
    let err = Catalogue::parse(&[("rules/credentials/x.toml", bad)]).unwrap_err();
    assert!(
        err.contains("rules/credentials/x.toml") && err.contains("(?-u:"),
        "{err}"
    );
    let unknown = bad.replace("[detect]", "colour = 1\n[detect]");
    assert!(Catalogue::parse(&[("k.toml", &unknown)]).is_err());
}
