//! `trustlint explain ITEM`: a checklist item, its controls and the rules that inspect it.

use trustlint_model::ChecklistItem;

/// The item's id, stage, method and titles in both languages, its controls, and its rules
/// (`none` when no rule inspects it).
pub fn item_page(item: &ChecklistItem, rules: &[&str]) -> String {
    let mut out = format!(
        "{} ({}, {:?}): {}\n{}\n",
        item.id, item.stage, item.method, item.title.en, item.title.fr
    );
    if !item.controls.is_empty() {
        out.push_str(&format!("controls: {}\n", item.controls.join(", ")));
    }
    out.push_str(&format!(
        "rules: {}\n",
        if rules.is_empty() {
            "none".to_string()
        } else {
            rules.join(", ")
        }
    ));
    out
}
