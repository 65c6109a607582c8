//! `security-txt`: an RFC 9116 `security.txt` (under `.well-known/` in the web root) that a
//! reporter can rely on: `Contact` (mailto:, https: or tel:) and exactly one `Expires` are
//! required, `Expires` must be in the future and less than a year away, every line is a comment,
//! blank, or `Field: value`, and `Canonical` URIs use HTTPS. The file is read (inside its PGP
//! armour when signed) by [`crate::formats::security_txt`].

use super::Inspector;
use crate::ctx::RepoCtx;
use crate::formats::security_txt::{lines, Line};
use crate::out::{Hit, Output};
use crate::pattern::GlobList;
use jiff::civil::Date;
use jiff::ToSpan;
use serde::Deserialize;
use trustlint_model::Text;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub files: Vec<String>,
}

pub(super) fn build(p: &Params) -> Result<Box<dyn Inspector>, String> {
    Ok(Box::new(SecurityTxt {
        files: GlobList::new(&p.files, true)?,
    }))
}

struct SecurityTxt {
    files: GlobList,
}

/// A problem at a line, in both languages.
pub type Problem = (u32, Text);

/// Validates a security.txt's text as of `today`.
pub fn validate(text: &str, today: Date) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut contacts = 0;
    let mut expires: Vec<(u32, &str)> = Vec::new();
    for l in lines(text) {
        let (line_no, name, value) = match l {
            Line::Field { line, name, value } => (line, name, value),
            Line::Malformed { line: line_no } => {
                problems.push((
                    line_no,
                    Text::new(
                        format!("line {line_no} is not `Field: value`, a comment or blank"),
                        format!(
                            "la ligne {line_no} n'est ni `Champ: valeur`, ni un commentaire, ni vide"
                        ),
                    ),
                ));
                continue;
            }
        };
        match name.to_ascii_lowercase().as_str() {
            "contact" => {
                contacts += 1;
                let ok = ["mailto:", "https://", "tel:"]
                    .iter()
                    .any(|p| value.to_ascii_lowercase().starts_with(p));
                if !ok {
                    problems.push((
                        line_no,
                        Text::new(
                            format!("`Contact: {value}` must be a mailto:, https:// or tel: URI"),
                            format!(
                                "`Contact: {value}` doit être une URI mailto:, https:// ou tel:"
                            ),
                        ),
                    ));
                }
            }
            "expires" => expires.push((line_no, value)),
            "canonical" | "policy" | "acknowledgments" | "hiring" | "encryption" | "csaf"
                if value.to_ascii_lowercase().starts_with("http://") =>
            {
                problems.push((
                    line_no,
                    Text::new(
                        format!("`{name}` must use https://, not http://"),
                        format!("`{name}` doit utiliser https://, pas http://"),
                    ),
                ));
            }
            _ => {}
        }
    }
    if contacts == 0 {
        problems.push((
            1,
            Text::new(
                "security.txt has no `Contact` field",
                "security.txt n'a pas de champ `Contact`",
            ),
        ));
    }
    match expires.as_slice() {
        [] => problems.push((
            1,
            Text::new(
                "security.txt has no `Expires` field",
                "security.txt n'a pas de champ `Expires`",
            ),
        )),
        [(line, value)] => {
            // RFC 3339: the date is the first ten characters.
            match value.get(..10).and_then(|d| d.parse::<Date>().ok()) {
                None => problems.push((
                    *line,
                    Text::new(
                        format!("`Expires: {value}` is not an RFC 3339 date-time"),
                        format!("`Expires: {value}` n'est pas une date-heure RFC 3339"),
                    ),
                )),
                Some(d) if d <= today => problems.push((
                    *line,
                    Text::new(
                        format!("security.txt expired on {d}; reporters cannot trust it"),
                        format!(
                            "security.txt a expiré le {d}; les déclarants ne peuvent pas s'y fier"
                        ),
                    ),
                )),
                Some(d) if d > today.checked_add(1.year()).unwrap_or(today) => problems.push((
                    *line,
                    Text::new(
                        format!(
                            "`Expires` is more than a year away ({d}); RFC 9116 recommends less"
                        ),
                        format!(
                            "`Expires` est dans plus d'un an ({d}); la RFC 9116 recommande moins"
                        ),
                    ),
                )),
                Some(_) => {}
            }
        }
        [_, (line, _), ..] => problems.push((
            *line,
            Text::new(
                "`Expires` appears more than once",
                "`Expires` apparaît plus d'une fois",
            ),
        )),
    }
    problems
}

impl Inspector for SecurityTxt {
    fn watched(&self) -> Vec<String> {
        self.files.patterns().to_vec()
    }

    fn check_repo(&self, repo: &RepoCtx<'_>, out: &mut Output) {
        for path in repo.files.iter().filter(|p| self.files.is_match(p)) {
            let Some(text) = (repo.read)(path) else {
                continue;
            };
            let problems = validate(&text, repo.today);
            if problems.is_empty() {
                out.evidence.push(path.clone());
            }
            for (line, message) in problems {
                let matched = format!("{}:{}", path, message.en);
                out.hits.push(
                    Hit::at(path.as_str(), line, 1)
                        .message(message)
                        .source_line_opt(text.lines().nth(line as usize - 1).map(str::to_string))
                        .matched(matched),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msgs(text: &str) -> Vec<(u32, String)> {
        validate(text, "2026-06-30".parse().unwrap())
            .into_iter()
            .map(|(l, t)| (l, t.en))
            .collect()
    }

    #[test]
    fn a_valid_file_and_its_signed_form_pass() {
        let ok = "Contact: mailto:security@service.gc.ca\nExpires: 2027-03-31T23:59:59Z\nCanonical: https://service.gc.ca/.well-known/security.txt\n";
        assert!(msgs(ok).is_empty());
        let signed = format!("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n{ok}-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n");
        assert!(msgs(&signed).is_empty(), "{:?}", msgs(&signed));
    }

    #[test]
    fn each_problem_at_its_line() {
        // trustlint: ignore[plain-http-url] test data: a security.txt whose Canonical is plain HTTP
        let bad = "# comment\nContact: security@service.gc.ca\nExpires: 2026-01-01T00:00:00Z\nCanonical: http://service.gc.ca/.well-known/security.txt\nnonsense line\n";
        let m = msgs(bad);
        assert_eq!(m.iter().map(|x| x.0).collect::<Vec<_>>(), vec![2, 4, 5, 3]);
        assert!(m[3].1.contains("expired on 2026-01-01"));
        let far = msgs("Contact: https://x.gc.ca/report\nExpires: 2029-01-01T00:00:00Z\n");
        assert_eq!(far.len(), 1);
        assert!(far[0].1.contains("more than a year away"));
        assert_eq!(
            msgs("Expires: 2026-12-01T00:00:00Z\n")[0].1,
            "security.txt has no `Contact` field"
        );
    }
}
