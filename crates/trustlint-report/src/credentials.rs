//! `trustlint rules --credentials`: the credential catalogue, one line (or JSON object) a kind.

use serde::Serialize;
use trustlint_model::Severity;

/// What the listing shows of one kind of credential.
#[derive(Debug, Clone, Serialize)]
pub struct CredentialRow {
    pub id: String,
    pub provider: String,
    pub category: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Recognised by its provider's own format (prefix, checksum, structure), not by a name.
    pub live_format: bool,
    pub prefixes: Vec<String>,
    pub keywords: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validator: Option<String>,
}

pub fn credential_list_json(rows: &[CredentialRow]) -> String {
    let doc = serde_json::json!({ "credentials": rows });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).expect("plain data serialises")
    )
}

pub fn credential_list_text(rows: &[CredentialRow]) -> String {
    let width = rows.iter().map(|k| k.id.len()).max().unwrap_or(0);
    let category = rows.iter().map(|k| k.category.len()).max().unwrap_or(0);
    rows.iter()
        .map(|k| {
            let how = if k.live_format { "live" } else { "named" };
            format!(
                "{:width$}  {:category$}  {how:5}  {}\n",
                k.id, k.category, k.title
            )
        })
        .collect()
}
